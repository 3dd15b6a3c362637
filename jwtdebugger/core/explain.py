"""Words, as data: the claim dictionary, check titles and message templates, time phrases.

Nothing outside this module writes a sentence a person reads; the checks fill in templates.
"""

from __future__ import annotations

import json
import math
import time
from functools import lru_cache
from string import Formatter
from typing import Any

# What each claim or header member means, in one sentence.
CLAIMS: dict[str, str] = {
    # Registered claims (RFC 7519 section 4.1)
    "iss": "Issuer: who created and signed the token. Compare it with the issuer you trust.",
    "sub": "Subject: whom the token is about, usually a user id, unique within the issuer.",
    "aud": "Audience: who the token is meant for. An API must refuse tokens addressed to someone else.",
    "exp": "Expiration time: the token must not be accepted on or after this moment.",
    "nbf": "Not before: the token must not be accepted before this moment.",
    "iat": "Issued at: when the token was created.",
    "jti": "JWT ID: a unique id for this token, used to detect replays or to revoke it.",
    # Header members (RFC 7515, RFC 7516)
    "alg": "Algorithm used to sign (or encrypt) the token. The verifier must decide which algorithms it accepts, never the token.",
    "typ": "Type of the whole token, e.g. JWT or at+jwt (an OAuth access token).",
    "kid": "Key ID: which of the issuer's keys signed the token; used to pick the key from a JWK Set.",
    "cty": "Content type of the payload; 'JWT' means the payload is itself a token (nested).",
    "crit": "Header members the verifier must understand, or else reject the token.",
    "jku": "JWK Set URL chosen by the token itself. Never trust it: an attacker can point it at their own keys.",
    "x5u": "X.509 certificate URL chosen by the token itself. Never trust it: an attacker can point it at their own certificate.",
    "jwk": "A public key embedded in the token. Never trust it: whoever forged the token chose it.",
    "x5c": "An X.509 certificate chain embedded in the token. Only trust it after validating the chain yourself.",
    "enc": "Content encryption algorithm of an encrypted token (JWE).",
    "zip": "Compression applied before encryption (JWE).",
    "b64": "Whether the payload is base64url-encoded (RFC 7797).",
    "epk": "Encrypted tokens (ECDH-ES): the sender's ephemeral public key, combined with the recipient's private key to derive the key.",
    "apu": "Encrypted tokens (ECDH-ES): agreement PartyUInfo, information about the producer mixed into the derived key.",
    "apv": "Encrypted tokens (ECDH-ES): agreement PartyVInfo, information about the recipient mixed into the derived key.",
    "p2s": "Encrypted tokens (PBES2): the salt for deriving the key from the password.",
    "p2c": "Encrypted tokens (PBES2): the PBKDF2 iteration count. Huge counts are a denial-of-service trick, so it is capped here.",
    "iv": "Encrypted tokens (AES-GCM key wrap): the initialization vector used to wrap the content key.",
    "tag": "Encrypted tokens (AES-GCM key wrap): the authentication tag of the wrapped content key.",
    # Cognito and OpenID Connect
    "token_use": "Cognito: which kind of token this is, 'id' (who the user is) or 'access' (what the caller may do).",
    "client_id": "Cognito access tokens: the app client the token was issued to (access tokens have no 'aud').",
    "scope": "Space-separated OAuth scopes granted to the caller; API Gateway checks routes' scopes against it.",
    "username": "Cognito access tokens: the user's user name in the user pool.",
    "cognito:username": "Cognito ID tokens: the user's user name in the user pool.",
    "cognito:groups": "Cognito: the user pool groups the user belongs to, often used for authorization.",
    "auth_time": "When the user actually authenticated (signed in), as a NumericDate.",
    "origin_jti": "Cognito: id of the original authentication; ID, access and refresh tokens from one sign-in share it (used to revoke them together).",
    "event_id": "Cognito: id of the sign-in event that produced the token.",
    "email": "The user's email address. Tokens are only encoded, not encrypted: anyone holding the token can read it.",
    "email_verified": "Whether the identity provider verified the user's email address.",
    "at_hash": "Access token hash: ties this ID token to the access token issued with it (OpenID Connect).",
    "nonce": "Value from the sign-in request, echoed back to stop replay of ID tokens (OpenID Connect).",
    "azp": "Authorized party: the client the ID token was issued to (OpenID Connect).",
    "amr": "Authentication methods used, e.g. 'pwd' or 'mfa'.",
    "name": "The user's full name.",
    "phone_number": "The user's phone number.",
    "version": "Cognito: the token format version.",
    "scp": "Scopes granted to the caller, as a list or a space-separated string.",
}

NUMERIC_DATE_CLAIMS = ("exp", "nbf", "iat", "auth_time")

# Check titles by id. Ids not here (required claims) get "Claim <name>".
TITLES: dict[str, str] = {
    "input": "Input clean-up",
    "format": "Token format",
    "header.alg": "Algorithm (alg)",
    "header.typ": "Token type (typ)",
    "header.crit": "Critical header members (crit)",
    "key": "Verification key",
    "signature": "Signature",
    "claim.exp": "Expiry (exp)",
    "claim.nbf": "Not before (nbf)",
    "claim.iat": "Issued at (iat)",
    "claim.iss": "Issuer (iss)",
    "claim.aud": "Audience (aud)",
    "claim.sub": "Subject (sub)",
    "claim.token_use": "Cognito token use (token_use)",
    "claim.client_id": "App client id",
    "claim.scope": "Scopes (scope)",
    "claim.jti": "Token id (jti)",
    "cognito": "Cognito issuer",
    "decrypt": "Decryption",
    "lint.alg_none": "Audit: unsecured token (alg none)",
    "lint.key_confusion": "Audit: algorithm confusion",
    "lint.header_key": "Audit: keys chosen by the token",
    "lint.kid": "Audit: dangerous kid",
    "lint.weak_secret": "Audit: weak HMAC secret",
    "lint.sensitive_data": "Audit: sensitive data in the payload",
    "lint.lifetime": "Audit: token lifetime",
    "lint.weak_key": "Audit: weak RSA key",
}


def title(check_id: str) -> str:
    if check_id in TITLES:
        return TITLES[check_id]
    if check_id.startswith("claim."):
        return f"Claim {check_id[6:]}"
    return check_id


# Message templates by key. `{…}` fields are filled by the check that uses them.
MESSAGES: dict[str, str] = {
    # format
    "format.ok": "The token is a well-formed {kind}.",
    "format.empty": "Nothing to inspect: paste a token (three base64url parts separated by dots).",
    "format.too_large": "The token is {size} bytes; the limit is {limit} bytes. Real tokens are a few KiB at most.",
    "format.segments": "A signed token has 3 parts separated by dots (header.payload.signature) and an encrypted one 5; this has {count}. Check that the whole token was copied.",
    "format.base64": "The {part} is not valid base64url: {fault}. JWTs use the URL-safe alphabet (A-Z a-z 0-9 - _) without '=' padding.",
    "format.utf8": "The {part} is not valid UTF-8 text: {fault}.",
    "format.json": "The {part} is not valid JSON: {fault}.",
    "format.not_object": "The {part} decodes to JSON {kind}, not a JSON object, so this is not a JWT. The signature is still checked: a JWS may sign any bytes.",
    "format.duplicate": "The {part} repeats the member {names}. Parsers disagree on which copy wins, so what one shows may not be what another validates. Reject such tokens.",
    "format.depth": "The {part} nests JSON deeper than {limit} levels; refused to protect the parser.",
    "format.number": "The {part} holds a number written with more than {limit} characters; refused.",
    "format.not_jwt": "So this is not a JWT (its payload must be a JSON object); the signature is still checked.",
    "format.jwe": "This is an encrypted token (JWE, 5 parts): only its header can be read without the decryption key. Give the key (private key, symmetric key or password) to decrypt it. A Cognito refresh token is one, and only Cognito can decrypt it.",
    "format.unsecured": "The token is unsecured (alg 'none'): it has no signature, so anyone could have written it.",
    # input clean-up
    "input.cleaned": "Removed before decoding: {removed}.",
    # header.alg
    "alg.ok": "{alg} ({family}) is a supported algorithm{allowed}.",
    "alg.missing": "The header has no 'alg'. Every JWS must name its algorithm.",
    "alg.not_string": "The header's 'alg' must be a string; found {actual}.",
    "alg.none": "alg 'none' means the token is not signed at all. Never accept it: anyone can forge such a token by editing the payload.",
    "alg.unsupported": "'{alg}' is not an algorithm this debugger verifies (supported: {supported}).",
    "alg.not_allowed": "The token uses {alg}, but only {allowed} are accepted. Never let the token choose its own algorithm.",
    "alg.jwe": "Encrypted with key management '{alg}'{enc}.",
    # header.typ
    "typ.ok": "typ is '{actual}', as expected.",
    "typ.mismatch": "Expected typ '{expected}', found '{actual}'. Tokens of another type (e.g. an ID token where an access token is wanted) must be refused.",
    "typ.missing": "Expected typ '{expected}', but the header has no typ.",
    "typ.info": "typ is '{actual}'. Not checked: give the expected typ to check it.",
    "typ.absent": "No typ in the header (it is optional).",
    # header.crit
    "crit.bad": "'crit' must be a non-empty list of header member names present in the header; found {actual}. RFC 7515 4.1.11 requires rejecting the token.",
    "crit.unsupported": "'crit' names {names}, an extension this debugger does not understand. RFC 7515 requires rejecting a token whose critical extensions are not understood.",
    # header key hints
    "lint.header_key": "The header carries {names}. Keys or key locations chosen by the token are never fetched or trusted here: an attacker who forges a token would point them at their own key (a well-known attack). Verify with a key you got from the issuer.",
    # key
    "key.none": "No key given, so the signature was not verified. Give the secret, public key or JWK Set to verify it.",
    "key.ok": "Using {description}.",
    "key.private": "Using {description}. This is a private key: only the public part is needed to verify, so keep the private key off pages like this one.",
    "key.bad_secret_encoding": "The secret is not valid {encoding}: {fault}.",
    "key.empty_secret": "The secret is empty. An empty HMAC secret lets anyone forge tokens.",
    "key.secret_is_public_key": "This secret looks like a public key ({what}). Public keys are never used as HMAC secrets here: that is the algorithm-confusion attack. Choose the PEM or JWK key type instead.",
    "key.short_secret": "The secret is {size} bytes; {alg} needs at least {need} bytes (the hash size, RFC 7518 3.2). Short secrets can be guessed offline from one token. The signature was still checked for you.",
    "key.bad_pem": "The PEM text could not be read: {fault}. Paste a public key (-----BEGIN PUBLIC KEY-----), a certificate, or a private key.",
    "key.encrypted_pem": "This private key is encrypted with a password. Paste the public key instead.",
    "key.bad_json": "The {what} is not valid JSON: {fault}.",
    "key.bad_jwk": "The JWK could not be used: {fault}.",
    "key.jwk_use": "The JWK's '{member}' is {actual}, which does not allow verifying signatures; refused.",
    "key.jwk_alg": "The JWK is for {key_alg}, but the token uses {alg}. A key must only be used with its own algorithm.",
    "key.bad_jwks": "A JWK Set is a JSON object with a 'keys' list; {fault}.",
    "key.jwks_empty": "The JWK Set has no keys.",
    "key.jwks_mixed": "The JWK Set mixes secret (oct) keys and public keys. That lets a token choose between an HMAC secret and a public key, so it is refused.",
    "key.jwks_no_kid": "The token has no 'kid' and the JWK Set holds {count} keys that could match. Trying them one by one is unsafe and slow, so it is refused: add a kid to the token or give one key.",
    "key.jwks_kid_unknown": "No key in the JWK Set has kid '{kid}'. The issuer may have rotated its keys (fetch a fresh JWK Set), or the token came from another issuer.",
    "key.jwks_kid_duplicate": "The JWK Set has {count} keys with kid '{kid}'. Ambiguous key sets are refused.",
    "key.jwks_too_many": "The JWK Set has {count} keys; at most {limit} are accepted.",
    "key.family": "{alg} needs {needed}, but the key is {actual}. The key decides which algorithms can be used: public keys are never used as HMAC secrets.",
    "key.curve": "{alg} needs the curve {needed}, but the key is on {actual}.",
    "key.weak_rsa_size": "The RSA key is {bits} bits; at least 2048 are required (NIST SP 800-131A).",
    "key.weak_rsa_exponent": "The RSA public exponent is {e}: an exponent of 1 or an even one makes signatures forgeable or verification meaningless.",
    "key.weak_rsa_roca": "The RSA modulus has the ROCA fingerprint (CVE-2017-15361): its private key can be computed from the public key. Replace the key.",
    # audit (lint.*): the attack in two sentences, then what to do
    "lint.alg_none": "The token says it is unsigned (alg 'none'), so anyone can write one with any claims. Libraries that honour 'none' accept forged tokens; reject it and always fix the accepted algorithms on the server.",
    "lint.key_confusion_forged": "This token was forged: it is HMAC-signed ({alg}) with {form} of the public key as the secret (CVE-2016-10555 class). A server that lets the token's alg choose how to use the key would accept it; this debugger refused it because the key, not the token, decides the algorithm. Pin the algorithms per key on your server.",
    "lint.key_confusion_tried": "An {alg} token was checked against a public key. We tried the algorithm-confusion forgery (the public key's bytes as the HMAC secret, in the usual PEM and DER forms) and it does not verify, but a public key never verifies an HMAC token: this token or this key is the wrong one.",
    "lint.kid": "The kid contains {problem}. Servers that use the kid to find a key without checking it can be attacked this way; match kids against a fixed list of known keys.",
    "lint.weak_secret_found": "Anyone can forge tokens: this token is signed with {secret}, a known weak or leaked secret (found in a list of {count:,} that attackers try first). Replace it with a random secret of at least the hash size (e.g. 32 random bytes for HS256) and revoke tokens signed with it.",
    "lint.weak_secret_none": "Not signed with any of {count:,} known weak or leaked secrets (nor the empty one).",
    "lint.short_secret": "The given secret is {size} bytes; {alg} secrets must have at least {need} (RFC 7518 3.2). Short secrets can be brute-forced offline from a single token; use random bytes of the hash size.",
    "lint.sensitive": "The payload is only encoded, not encrypted: anyone who sees the token can read it, and tokens end up in logs and browser storage. Found: {what}. Keep such data out of tokens (or encrypt the token).",
    "lint.email": "The payload holds an email address ({names}). Normal in ID tokens, but readable by anyone who sees the token: avoid it in access tokens and never log tokens.",
    "lint.no_exp": "The token has no 'exp', so it never expires: a stolen copy works forever. Issue short-lived tokens and refresh them.",
    "lint.long_lifetime": "The token lives {lifetime} (exp - iat), more than a day. A stolen token stays useful that long; prefer minutes to an hour, with refresh tokens.",
    "lint.cognito_lifetime": "The token lives {lifetime}, outside what Cognito issues (5 minutes to 1 day for ID and access tokens). It was probably not issued by Cognito as configured.",
    "lint.weak_key": "The RSA key is weak: {problems} Tokens verified with it can be forged; replace the key.",
    "playground.alg_none": "A correct server fixes the accepted algorithms itself and never accepts 'none'; old libraries that let the header decide accepted these tokens.",
    "playground.tampered": "Any change to the header or payload breaks the signature: a server that verifies it answers 401 Unauthorized.",
    "playground.key_confusion": "A correct server binds the algorithm to the key (RS256 for an RSA key) and never uses a public key as an HMAC secret; libraries that let the token's alg choose accepted this forgery (CVE-2016-10555).",
    "playground.not_verified": "No key given, so nothing could be verified: give the key to see the forgery refused.",
    "key.remote_failed": "Could not get the keys: {reason}. The signature was not verified.",
    "key_set.private": "This entry has private key members: a published key set must hold public keys only. Whoever runs it should rotate this key.",
    "key_set.encryption": "An encryption key (use 'enc'), not for verifying signatures.",
    "key.jwe": "The verification key is for the token inside: give the decryption key too, and a nested token is verified with this key.",
    "key.unsupported_type": "Unknown key type '{type}'.",
    # signature
    "signature.ok": "The signature matches: the token was signed with this key and not changed since.",
    "signature.ok_weak_key": "The signature matches, but the key was refused (see the key check), so the token is not valid.",
    "signature.bad": "The signature does not match. Either the key is wrong (another secret, or another key pair) or the token was changed after signing. An API answers 401 Unauthorized.",
    "signature.bad_encoding": "The signature is not valid for {alg}: {fault}.",
    "signature.skip_no_key": "Not verified: no key given.",
    "signature.skip_malformed": "Not verified: the token is malformed (see the format check).",
    "signature.skip_alg": "Not verified: the algorithm cannot be used (see the alg check).",
    "signature.skip_key": "Not verified: no usable key (see the key check).",
    "signature.unsecured": "The token has no signature (alg 'none'). It cannot be valid.",
    "signature.jwe": "Encrypted token: its integrity is checked when decrypting (see the decryption check); a token inside is verified on its own.",
    # time claims
    "time.type": "'{claim}' must be a NumericDate (a JSON number of seconds since 1970-01-01 UTC); found {kind} {actual}.",
    "time.range": "'{claim}' is {actual}, which is not a real date (beyond the year 9999 or before year 1).",
    "exp.ok": "Expires {display}.",
    "exp.expired": "Expired {ago} ({when}). An API answers 401 Unauthorized; get a new token (with the refresh token, for Cognito).",
    "exp.missing": "The token has no 'exp', so it never expires: a stolen copy works forever. Issue short-lived tokens.",
    "exp.required": "The token has no 'exp', which is required.",
    "nbf.ok": "Valid from {display}.",
    "nbf.early": "Not valid yet: becomes valid {in_} ({when}). Check the clock of the issuing and the checking machine, or allow a little leeway.",
    "nbf.absent": "No 'nbf' (it is optional).",
    "iat.ok": "Issued {display}.",
    "iat.future": "Issued in the future: {in_} ({when}). Usually a clock difference between the issuer and this machine.",
    "iat.absent": "No 'iat' (it is optional).",
    "leeway": " (with {leeway} s leeway)",
    # string claims
    "iss.ok": "The issuer is '{actual}', as expected.",
    "iss.mismatch": "Expected the issuer '{expected}', found '{actual}'. The token comes from another issuer (another user pool, region or environment). Issuers must match exactly, including the scheme and trailing slash.",
    "iss.missing": "Expected the issuer '{expected}', but the token has no 'iss'.",
    "iss.type": "'iss' must be a string; found {actual}.",
    "iss.info": "Issuer '{actual}'. Not checked: give the expected issuer to check it.",
    "iss.absent": "No 'iss' in the token. Not checked: give the expected issuer to require one.",
    "sub.ok": "The subject is '{actual}', as expected.",
    "sub.mismatch": "Expected the subject '{expected}', found '{actual}'.",
    "sub.missing": "Expected the subject '{expected}', but the token has no 'sub'.",
    "sub.type": "'sub' must be a string; found {actual}.",
    "sub.info": "Subject '{actual}'. Not checked: give the expected subject to check it.",
    "sub.absent": "No 'sub' in the token.",
    "aud.ok": "The audience includes '{match}', as expected.",
    "aud.mismatch": "The token is for {audience}, not for {expected}. A token for another app or API must be refused (401).",
    "aud.missing": "Expected the audience {expected}, but the token has no 'aud'.{hint}",
    "aud.type": "'aud' must be a string or a list of strings; found {actual}.",
    "aud.info": "Audience {audience}. Not checked: give the expected audience to check it.",
    "aud.absent": "No 'aud' in the token.",
    "aud.cognito_access_hint": " Cognito access tokens have no 'aud': check the app client id (client_id) instead.",
    "jti.type": "'jti' must be a string (RFC 7519 4.1.7); found {actual}.",
    "required.ok": "'{claim}' is present.",
    "required.missing": "'{claim}' is required but missing.",
    # Cognito
    "cognito.issuer": "Issued by the Cognito user pool {pool} in {region}.",
    "token_use.ok": "token_use is '{actual}' ({kind}), as expected.",
    "token_use.mismatch": "Expected a {expected_kind} (token_use '{expected}'), found a {actual_kind} (token_use '{actual}').{hint}",
    "token_use.missing": "Expected token_use '{expected}', but the token has none. Cognito tokens always carry it.",
    "token_use.info": "This is a {kind} (token_use '{actual}'). Not checked: give the expected token use to check it.",
    "token_use.hint_access": " This is an ID token; your API expects an access token: send the access_token from the token response.",
    "token_use.hint_id": " This is an access token; an ID token is expected here: send the id_token.",
    "client_id.ok": "The app client id in '{where}' is '{actual}', as expected.",
    "client_id.mismatch": "Expected the app client id '{expected}' in '{where}', found {found}. The token was issued to another app client.",
    "client_id.missing": "Expected the app client id '{expected}', but the token has no '{where}'.{hint}",
    "scope.ok": "The token's scopes include {match}.",
    "scope.mismatch": "The token's scopes ('{actual}') include none of {expected}. API Gateway answers 403 Forbidden: the caller is known but may not use this route.",
    "scope.missing": "Expected one of the scopes {expected}, but the token has no 'scope'. ID tokens carry no scopes: send an access token.",
    "scope.type": "'scope' must be a space-separated string; found {actual}.",
    "scope.info": "Scopes: {actual}. Not checked: give the expected scopes to check them.",
}


def message(key: str, **fields: Any) -> str:
    return fill(key, fields)


def fill(key: str, fields: dict[str, Any]) -> str:
    """MESSAGES[key] with `fields` filled in: what MESSAGES[key].format_map(fields) gives."""
    parts = _PARTS.get(key)
    if parts is None:  # a field with a format spec or a conversion
        return MESSAGES[key].format_map(fields)
    if len(parts) == 3:  # one field, the usual case
        return f"{parts[0]}{fields[parts[1]]}{parts[2]}"
    if len(parts) == 5:
        return f"{parts[0]}{fields[parts[1]]}{parts[2]}{fields[parts[3]]}{parts[4]}"
    text = parts[0]
    for index in range(1, len(parts), 2):
        text = f"{text}{fields[parts[index]]}{parts[index + 1]}"
    return text


def _cut(template: str) -> tuple[str, ...] | None:
    """(text, field name, text, field name, ..., text): the template cut at its fields, or None
    when a field is more than a name ("{count:,}": str.format_map fills those)."""
    parts = [""]
    for text, name, spec, conversion in Formatter().parse(template):
        parts[-1] += text
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            return None
        parts += [name, ""]
    return tuple(parts)


# Every template cut once: str.format parses its template again on every call, which costs more
# than joining the parts (a report fills a dozen messages). An f-string formats each value as
# format_map does (format(value, "")).
_PARTS = {key: _cut(template) for key, template in MESSAGES.items()}


TOKEN_USE_KINDS = {"id": "Cognito ID token", "access": "Cognito access token"}


def token_use_kind(value: Any) -> str:
    return TOKEN_USE_KINDS.get(value, f"token_use '{value}'") if isinstance(value, str) else "token"


# ---- time ---------------------------------------------------------------------------

MAX_NUMERIC_DATE = 253402300799  # 9999-12-31T23:59:59Z
MIN_NUMERIC_DATE = -62135596800  # 0001-01-01T00:00:00Z


def is_numeric_date(value: Any) -> bool:
    kind = type(value)
    if kind is float:  # the usual cases first; NaN and infinities fail the range test
        return MIN_NUMERIC_DATE <= value <= MAX_NUMERIC_DATE
    if kind is int and MIN_NUMERIC_DATE <= value <= MAX_NUMERIC_DATE:
        return True
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and MIN_NUMERIC_DATE <= value <= MAX_NUMERIC_DATE
    )


def utc_text(timestamp: float) -> str:
    return _utc_text_of_second(math.floor(timestamp))


# A report formats the same few moments several times (checks, claim list, audit), and the
# page re-inspects the same token as the user types: remember recent ones.
@lru_cache(maxsize=1024)
def _utc_text_of_second(second: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(second))


def duration_text(seconds: float) -> str:
    """'3 h 12 min', '14 min', '45 s', '2 days 3 h' - two units at most."""
    return _duration_words(int(round(abs(seconds))))


@lru_cache(maxsize=1024)
def _duration_words(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min" + (f" {secs} s" if secs and minutes < 10 else "")
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    days, hours = divmod(hours, 24)
    if days < 365:
        unit = "day" if days == 1 else "days"
        return f"{days} {unit}" + (f" {hours} h" if hours else "")
    years, days = divmod(days, 365)
    unit = "year" if years == 1 else "years"
    return f"{years} {unit}" + (f" {days} days" if days and years < 10 else "")


def relative_text(timestamp: float, at: float) -> str:
    """'in 14 min' or '3 h 12 min ago' or 'now', seen from `at`."""
    delta = timestamp - at
    distance = delta if delta >= 0 else -delta  # abs(delta), without a call
    if distance < 1:
        return "now"
    words = _duration_words(round(distance))  # duration_text(delta), one call less (round gives an int)
    return f"in {words}" if delta > 0 else f"{words} ago"


def date_display(timestamp: float, at: float) -> str:
    # utc_text(timestamp), one call less: a report shows several dates
    return f"{_utc_text_of_second(math.floor(timestamp))} ({relative_text(timestamp, at)})"


def date_words(timestamp: float, at: float) -> tuple[str, str, str]:
    """(date_display, utc_text, relative_text) of `timestamp` seen from `at`, made together: a
    claim's check shows its display, or its two parts in other words ("Expired 3 h ago (...)")."""
    utc = _utc_text_of_second(math.floor(timestamp))
    relative = relative_text(timestamp, at)
    return f"{utc} ({relative})", utc, relative


def short_json(value: Any, limit: int = 80) -> str:
    """A value as compact text for a message, cut to `limit` characters."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
