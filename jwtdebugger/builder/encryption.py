"""Encrypting a signed token for a recipient: a nested JWT (the JWS inside a JWE, ``cty: JWT``).

Reads the recipient's key (a public RSA or EC/X25519 key as PEM or JWK, a private one whose
public half is used, a base64url symmetric key, or a password for PBES2) or generates one,
checks that it fits the key management algorithm, and encrypts through joserfc, the library the
debugger decrypts with (docs/jwe-library-choice.md): no hand-written cryptography. No Django
import, like `signing`.

Errors are :class:`signing.SigningError` with ``field="encrypt"`` and a stable code; no message
contains the secret, password or private key it is about.

The PBES2 iteration count (``p2c``) defaults to :data:`DEFAULT_P2C` = 8,192 and may be set from
:data:`MIN_P2C` (1,000, RFC 7518 section 4.8.1.2's recommended minimum, below which the debugger
warns) to the debugger's own cap, ``jwe.MAX_PBES2_ITERATIONS`` (310,000), so every token made
here opens there. Why 8,192:

- It is what JOSE libraries write (jwcrypto's default; joserfc and panva/jose write 2,048), eight
  times the RFC minimum, so the token looks like the ones people receive.
- PBKDF2 runs on every decryption, and the debugger decrypts again on every edit of the page:
  8,192 costs about 6 ms (PBES2-HS256) to 10 ms (PBES2-HS512) here, against 0.13-0.28 s at the
  cap, so the page stays instant.
- The count protects one test token's password against offline guessing; it is not a
  password-storage setting (OWASP's 600,000 is for stored hashes), and a random password (the
  "generate" choice) or a real key protects a token far better than any count. Whoever wants a
  realistic count asks for it, up to the cap.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, replace
from typing import Any

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa, x448, x25519
from joserfc import jwe as jose_jwe
from joserfc.jwa import JWE_ALG_MODELS, JWE_ENC_MODELS, AESAlgKeyWrapping, PBES2HSAlgKeyEncryption
from joserfc.jwk import ECKey, OctKey, OKPKey, RSAKey
from joserfc.registry import HeaderParameter

from jwtdebugger.core import jwe
from jwtdebugger.core.keys import CURVE_NAMES, weak_key_problems
from jwtdebugger.core.tokens import MAX_TOKEN_BYTES, SegmentError, b64url_decode, b64url_encode

from .signing import RSA_SIZES, SigningError

# ---- what can be made ----------------------------------------------------------------------

# What each algorithm needs comes from the decryption side (core/jwe.py), so the two cannot
# drift apart; here only the order the page lists them in. RSA1_5 is decrypted, never made.
ALGS: dict[str, tuple[str, int | None]] = {
    alg: jwe.ALG_KEYS[alg]
    for alg in (
        "RSA-OAEP-256",
        "RSA-OAEP",
        "ECDH-ES",
        "ECDH-ES+A128KW",
        "ECDH-ES+A192KW",
        "ECDH-ES+A256KW",
        "A128KW",
        "A192KW",
        "A256KW",
        "A128GCMKW",
        "A192GCMKW",
        "A256GCMKW",
        "dir",
        "PBES2-HS256+A128KW",
        "PBES2-HS384+A192KW",
        "PBES2-HS512+A256KW",
    )
}
# enc -> content key bytes (RFC 7518 section 5), in the page's order.
ENCS: dict[str, int] = {
    enc: jwe.ENC_KEY_BYTES[enc]
    for enc in ("A256GCM", "A192GCM", "A128GCM", "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512")
}
DEFAULT_ENC = "A256GCM"
REFUSED_ALGS = {
    "RSA1_5": (
        "RSA1_5 (RSAES-PKCS1-v1_5) is deprecated: it is open to padding-oracle attacks (Bleichenbacher) wherever a "
        "server decrypts what it is sent, so this builder does not make it. Use RSA-OAEP-256."
    ),
}
DEFAULT_P2C = 8_192
MIN_P2C = 1_000  # RFC 7518 section 4.8.1.2
MAX_P2C = jwe.MAX_PBES2_ITERATIONS
ECDH_CURVES = ("P-256", "P-384", "P-521", "X25519")  # what "generate" makes; X448 keys are accepted
KEY_TYPES = ("pem", "jwk", "secret", "password", "generate")
GENERATED_PASSWORD_BYTES = 18  # 144 random bits, 24 base64url characters

_EC_CURVES: dict[str, type[ec.EllipticCurve]] = {"P-256": ec.SECP256R1, "P-384": ec.SECP384R1, "P-521": ec.SECP521R1}
_NEEDS = {
    "rsa": "the recipient's RSA public key (PEM or JWK)",
    "ecdh": "the recipient's EC public key (P-256, P-384, P-521, or X25519/X448), as PEM or JWK",
    "symmetric": "a symmetric key shared with the recipient (base64url, or an oct JWK)",
    "password": "a password",
}
_FAMILY_ALGS = {
    "rsa": "RSA-OAEP-256 or RSA-OAEP",
    "ecdh": "ECDH-ES or ECDH-ES+A128KW/A192KW/A256KW",
    "symmetric": "A128KW/A192KW/A256KW, A128GCMKW/A192GCMKW/A256GCMKW or dir",
    "password": "PBES2-HS256+A128KW, PBES2-HS384+A192KW or PBES2-HS512+A256KW",
}
# JWK key_ops that allow a key to be used for encryption, on either side of it.
_ENCRYPTION_KEY_OPS = {"encrypt", "decrypt", "wrapKey", "unwrapKey", "deriveKey", "deriveBits"}


def _error(code: str, message: str) -> SigningError:
    return SigningError(code, message, field="encrypt")


def family_of(alg: str) -> str:
    return ALGS[alg][0]


def check_algorithms(alg: Any, enc: Any) -> tuple[str, str]:
    """The key management and content encryption algorithms, if this builder makes them."""
    if isinstance(alg, str) and alg in REFUSED_ALGS:
        raise _error("deprecated_alg", REFUSED_ALGS[alg])
    if not isinstance(alg, str) or alg not in ALGS:
        raise _error(
            "unknown_encryption_alg",
            f"Unknown key management algorithm (encrypt.alg) {json.dumps(alg)[:40]}. Use one of: {', '.join(ALGS)}.",
        )
    if not isinstance(enc, str) or enc not in ENCS:
        raise _error(
            "unknown_enc",
            f"Unknown content encryption algorithm (encrypt.enc) {json.dumps(enc)[:40]}. Use one of: {', '.join(ENCS)}.",
        )
    return alg, enc


def check_p2c(p2c: Any, alg: str) -> int | None:
    """The PBES2 iteration count to write, or None for algorithms that have none."""
    if family_of(alg) != "password":
        if p2c is not None:
            raise _error("bad_p2c", f"'encrypt.p2c' is the PBES2 iteration count; {alg} has none: leave it out.")
        return None
    if p2c is None:
        return DEFAULT_P2C
    if isinstance(p2c, bool) or not isinstance(p2c, int) or not MIN_P2C <= p2c <= MAX_P2C:
        raise _error(
            "bad_p2c",
            f"The PBES2 iteration count (p2c) must be a whole number from {MIN_P2C:,} (RFC 7518's minimum) to "
            f"{MAX_P2C:,} (the most the debugger will run, against CPU-burning tokens); the default is {DEFAULT_P2C:,}.",
        )
    return p2c


# ---- the recipient's key -------------------------------------------------------------------


@dataclass(frozen=True)
class RecipientKey:
    """A key to encrypt to, and what the user needs to decrypt.

    `key` is the joserfc key holding only what encryption needs (the public half, or the
    symmetric key or password). `decrypt_type`/`decrypt_value` is the key that opens the token
    (for "Open in the debugger"): a pasted private key, secret or password as given, or the
    generated one; None when only a public key was given. It can be secret: page only.
    """

    family: str
    key: Any
    description: str
    kid: str | None = None
    decrypt_type: str | None = None
    decrypt_value: str | None = None
    generated: bool = False
    private_pem: str | None = None  # a generated key pair's private half
    private_jwk: dict[str, Any] | None = None
    secret: str | None = None  # a generated symmetric key, base64url
    password: str | None = None  # a generated password


def recipient_key(
    *, key_type: str, value: Any, alg: str, enc: str, size: int | None = None, curve: str | None = None
) -> RecipientKey:
    family = family_of(alg)
    if key_type == "generate":
        return generated_key(alg=alg, enc=enc, size=size, curve=curve)
    if key_type == "password":
        return password_key(value=value, alg=alg)
    if key_type == "secret":
        return secret_key(value=value, alg=alg, enc=enc)
    if key_type == "pem":
        if family not in ("rsa", "ecdh"):
            raise _wrong_kind(alg, "a PEM key")
        return _asymmetric(_load_pem(value), alg=alg, source="PEM", given=("pem", value))
    if key_type == "jwk":
        return jwk_key(value=value, alg=alg, enc=enc)
    raise _error("missing_key", f"{alg} needs {_NEEDS[family]}, or a key generated now.")


def _wrong_kind(alg: str, what: str) -> SigningError:
    family = family_of(alg)
    return _error("wrong_key_type", f"{alg} encrypts with {_NEEDS[family]}, not {what}.")


def password_key(*, value: Any, alg: str) -> RecipientKey:
    if family_of(alg) != "password":
        raise _wrong_kind(
            alg, "a password (passwords go with PBES2-HS256+A128KW, PBES2-HS384+A192KW, PBES2-HS512+A256KW)"
        )
    if not isinstance(value, str) or not value:
        raise _error("bad_password", "The password is empty.")
    if len(value) > jwe.MAX_KEY_CHARS:
        raise _error("bad_password", f"The password is longer than {jwe.MAX_KEY_CHARS:,} characters.")
    try:
        data = value.encode("utf-8")
    except UnicodeEncodeError:
        raise _error("bad_password", "The password is not valid Unicode text.") from None
    return RecipientKey(
        family="password",
        key=OctKey(data, None),
        description=f"a password of {len(value)} characters",
        decrypt_type="password",
        decrypt_value=value,
    )


def secret_key(*, value: Any, alg: str, enc: str) -> RecipientKey:
    if family_of(alg) != "symmetric":
        raise _wrong_kind(alg, "a symmetric secret")
    if not isinstance(value, str):
        raise _error("bad_secret", "The symmetric key must be text: the key bytes in base64url.")
    compact = "".join(value.split()).rstrip("=")
    try:
        data = b64url_decode(compact)
    except SegmentError:
        raise _error(
            "bad_secret", "The symmetric key must be the key bytes in base64url (letters, digits, '-' and '_')."
        ) from None
    return _symmetric(data, alg=alg, enc=enc, source="base64url", given=("secret", value))


def _symmetric(data: bytes, *, alg: str, enc: str, source: str, given: tuple[str, str] | None) -> RecipientKey:
    if not data:
        raise _error("bad_secret", "The symmetric key is empty.")
    need = key_bytes(alg, enc)
    if len(data) != need:
        what = f"dir with {enc}" if alg == "dir" else alg
        raise _error(
            "bad_key_size",
            f"{what} needs a {need * 8}-bit ({need}-byte) key; this one is {len(data)} bytes. "
            f"Make one with `openssl rand {need} | basenc --base64url`, or let the builder generate it.",
        )
    return RecipientKey(
        family="symmetric",
        key=OctKey(data, None),
        description=f"a {need * 8}-bit symmetric key ({source})",
        decrypt_type=given[0] if given else None,
        decrypt_value=given[1] if given else None,
    )


def key_bytes(alg: str, enc: str) -> int:
    """The symmetric key size `alg` needs (for dir, the content key size of `enc`)."""
    return ALGS[alg][1] or ENCS[enc]


def _load_pem(value: Any) -> Any:
    """A cryptography key object (public or private) from PEM text."""
    if not isinstance(value, str) or not value.strip():
        raise _error("bad_pem", "The PEM text is empty.")
    data = value.strip().encode("utf-8", errors="replace")
    if data.startswith(b"{"):
        raise _error("bad_pem", "This looks like a JWK, not PEM text: send it with type 'jwk'.")
    if b"-----BEGIN" not in data:
        raise _error("bad_pem", "The PEM text has no -----BEGIN PUBLIC KEY----- (or PRIVATE KEY) line.")
    if b"ENCRYPTED" in data:
        raise _error(
            "encrypted_key",
            "This private key is encrypted with a password. Give the public key instead (`openssl pkey -in key.pem -pubout`).",
        )
    try:
        if b"CERTIFICATE-----" in data:
            return x509.load_pem_x509_certificate(data).public_key()
        if b"PUBLIC KEY-----" in data:
            return serialization.load_pem_public_key(data)
        return serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise _error(
            "encrypted_key",
            "This private key is encrypted with a password. Give the public key instead (`openssl pkey -in key.pem -pubout`).",
        ) from None
    except (ValueError, UnsupportedAlgorithm):
        raise _error(
            "bad_pem", "The PEM text could not be read: the text between the BEGIN and END lines is not a valid key."
        ) from None


def jwk_key(*, value: Any, alg: str, enc: str) -> RecipientKey:
    jwk = value
    if isinstance(value, str):
        try:
            jwk = json.loads(value)
        except (ValueError, RecursionError):
            raise _error("bad_jwk", "The JWK is not valid JSON.") from None
    if not isinstance(jwk, dict):
        raise _error("bad_jwk", 'A JWK is a JSON object like {"kty": "RSA", "n": ..., "e": "AQAB"}.')
    if "keys" in jwk and "kty" not in jwk:
        raise _error("bad_jwk", "This is a JWK Set; give the one JWK to encrypt to.")
    use = jwk.get("use")
    if use is not None and use != "enc":
        raise _error("bad_jwk", f"This JWK is marked for {json.dumps(use)[:20]} (use), not for encryption ('enc').")
    key_alg = jwk.get("alg")
    if key_alg is not None and key_alg != alg and not (alg == "dir" and key_alg == enc):
        raise _error("alg_mismatch", f"This JWK says it is for alg {json.dumps(key_alg)[:40]}, but you chose {alg}.")
    key_ops = jwk.get("key_ops")
    if key_ops is not None and (
        not isinstance(key_ops, list)
        or not _ENCRYPTION_KEY_OPS.intersection(op for op in key_ops if isinstance(op, str))
    ):
        raise _error(
            "bad_jwk", "This JWK's 'key_ops' do not allow encryption (e.g. 'encrypt', 'wrapKey', 'deriveKey')."
        )
    kid = jwk["kid"] if isinstance(jwk.get("kid"), str) else None
    kty = jwk.get("kty")
    text = value if isinstance(value, str) else json.dumps(value)
    if kty == "oct":
        if family_of(alg) != "symmetric":
            raise _wrong_kind(alg, "a symmetric key (oct JWK)")
        k = jwk.get("k")
        if not isinstance(k, str):
            raise _error("bad_jwk", "An oct JWK needs 'k', the key bytes in base64url.")
        try:
            data = b64url_decode(k)
        except SegmentError:
            raise _error("bad_jwk", "The oct JWK's 'k' is not valid base64url.") from None
        key = _symmetric(data, alg=alg, enc=enc, source="oct JWK", given=("jwk", text))
        return replace(key, kid=kid)
    bindings: dict[Any, Any] = {"RSA": RSAKey, "EC": ECKey, "OKP": OKPKey}
    if not isinstance(kty, str) or kty not in bindings:
        raise _error("bad_jwk", f"Unsupported key type (kty) {json.dumps(kty)[:30]}: use RSA, EC, OKP (or oct).")
    if family_of(alg) not in ("rsa", "ecdh"):
        raise _wrong_kind(alg, f"an {kty} key")
    try:
        obj = bindings[kty].binding.import_from_dict(dict(jwk))
    except Exception:  # joserfc and cryptography raise many types for bad members
        # Their messages can quote members; a fixed sentence keeps private values out of answers.
        raise _error(
            "bad_jwk",
            f"The members of this {kty} JWK do not make a valid key: check that they are base64url and belong together.",
        ) from None
    return _asymmetric(obj, alg=alg, source="JWK", given=("jwk", text), kid=kid)


_PRIVATE_TYPES = (
    rsa.RSAPrivateKey,
    ec.EllipticCurvePrivateKey,
    x25519.X25519PrivateKey,
    x448.X448PrivateKey,
    ed25519.Ed25519PrivateKey,
    ed448.Ed448PrivateKey,
)


def _asymmetric(obj: Any, *, alg: str, source: str, given: tuple[str, str], kid: str | None = None) -> RecipientKey:
    """The public half of `obj`, checked against `alg`. A private key opens the token later."""
    private = isinstance(obj, _PRIVATE_TYPES)
    public = obj.public_key() if private else obj
    half = "private key, its public half" if private else "public key"
    family = family_of(alg)
    if isinstance(public, rsa.RSAPublicKey):
        kind = "rsa"
        description = f"your RSA {public.key_size}-bit {half} ({source})"
        problems = weak_key_problems("rsa", public)
        if problems:
            raise _error("weak_key", f"{problems[0].message} Encrypt to a key of at least 2048 bits.")
        jose_key: Any = RSAKey(public, None)
    elif isinstance(public, ec.EllipticCurvePublicKey):
        kind = "ecdh"
        curve = CURVE_NAMES.get(public.curve.name)
        if curve is None:
            raise _error(
                "unsupported_curve",
                f"ECDH-ES works with P-256, P-384, P-521, X25519 and X448 keys; this one is on {public.curve.name}.",
            )
        description = f"your EC {curve} {half} ({source})"
        jose_key = ECKey(public, None)
    elif isinstance(public, (x25519.X25519PublicKey, x448.X448PublicKey)):
        kind = "ecdh"
        curve = "X25519" if isinstance(public, x25519.X25519PublicKey) else "X448"
        description = f"your {curve} {half} ({source})"
        jose_key = OKPKey(public, None)
    elif isinstance(public, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)):
        raise _error(
            "wrong_key_type",
            "Ed25519 and Ed448 keys only sign. ECDH-ES needs an EC key (P-256, P-384, P-521) or an X25519/X448 key; "
            "RSA-OAEP an RSA key.",
        )
    else:
        raise _error(
            "wrong_key_type", f"A {type(public).__name__.removeprefix('_')} cannot encrypt: use an RSA or EC key."
        )
    if kind != family:
        what = "an RSA key" if kind == "rsa" else "an elliptic-curve key"
        raise _error(
            "wrong_key_type",
            f"{alg} encrypts with {_NEEDS[family]}, but this is {what}: it goes with {_FAMILY_ALGS[kind]}.",
        )
    return RecipientKey(
        family=family,
        key=jose_key,
        description=description,
        kid=kid,
        decrypt_type=given[0] if private else None,
        decrypt_value=given[1] if private else None,
    )


def generated_key(*, alg: str, enc: str, size: int | None, curve: str | None) -> RecipientKey:
    """A fresh recipient key for `alg`: RSA of `size` bits, an ECDH key on `curve`, a random
    symmetric key or password. Its secret half is handed out once and not kept."""
    family = family_of(alg)
    if family != "rsa" and size is not None:
        raise _error("bad_size", f"'encrypt.key.size' is for RSA keys (RSA-OAEP, RSA-OAEP-256), not {alg}.")
    if family != "ecdh" and curve is not None:
        raise _error("bad_curve", f"'encrypt.key.curve' is for ECDH-ES keys, not {alg}.")
    if family == "symmetric":
        data = secrets.token_bytes(key_bytes(alg, enc))
        secret = b64url_encode(data)
        return RecipientKey(
            family=family,
            key=OctKey(data, None),
            description=f"a new {len(data) * 8}-bit symmetric key",
            generated=True,
            decrypt_type="secret",
            decrypt_value=secret,
            secret=secret,
        )
    if family == "password":
        password = secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)
        return RecipientKey(
            family=family,
            key=OctKey(password.encode("ascii"), None),
            description="a new random password",
            generated=True,
            decrypt_type="password",
            decrypt_value=password,
            password=password,
        )
    private: Any
    if family == "rsa":
        bits = 2048 if size is None else size
        if bits not in RSA_SIZES:
            raise _error(
                "bad_size",
                f"RSA keys are generated with 2048, 3072 or 4096 bits, not {bits}. Under 2048 is breakable; over 4096 is slow for no gain here.",
            )
        private = rsa.generate_private_key(public_exponent=65537, key_size=bits)
        pair: Any = RSAKey(private, None)
        jose_key: Any = RSAKey(private.public_key(), None)
        description = f"a new RSA {bits}-bit key pair"
    else:
        chosen = "P-256" if curve is None else curve
        if chosen not in ECDH_CURVES:
            raise _error(
                "bad_curve", f"ECDH-ES keys are generated on {', '.join(ECDH_CURVES)}, not {json.dumps(chosen)[:20]}."
            )
        if chosen == "X25519":
            private = x25519.X25519PrivateKey.generate()
            pair, jose_key = OKPKey(private, None), OKPKey(private.public_key(), None)
            description = "a new X25519 key pair"
        else:
            private = ec.generate_private_key(_EC_CURVES[chosen]())
            pair, jose_key = ECKey(private, None), ECKey(private.public_key(), None)
            description = f"a new EC {chosen} key pair"
    kid = pair.thumbprint()  # RFC 7638, as the signing keys get
    members = pair.as_dict(private=True)
    private_jwk = {"kty": members["kty"], **members, "kid": kid, "use": "enc", "alg": alg}
    private_pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")
    return RecipientKey(
        family=family,
        key=jose_key,
        description=description,
        kid=kid,
        generated=True,
        decrypt_type="pem",
        decrypt_value=private_pem,
        private_pem=private_pem,
        private_jwk=private_jwk,
    )


# ---- encrypting ------------------------------------------------------------------------------


def _validate_p2c(value: Any) -> None:
    # Our own bounds (MIN_P2C..MAX_P2C, checked before this runs) instead of joserfc's, whose
    # ceiling (300,000) is below the debugger's cap and whose floor only warns into the log.
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_P2C <= value <= MAX_P2C:
        raise ValueError("p2c out of range")


class _PBES2(PBES2HSAlgKeyEncryption):
    more_header_registry = {
        "p2s": HeaderParameter("PBES2 Salt Input", "str", True),
        "p2c": HeaderParameter("PBES2 Count", _validate_p2c, True),
    }


def _algorithms() -> dict[str, dict[str, Any]]:
    alg_models: dict[str, Any] = {model.name: model for model in JWE_ALG_MODELS if model.name in ALGS}
    for model in (
        _PBES2(256, AESAlgKeyWrapping(128)),
        _PBES2(384, AESAlgKeyWrapping(192)),
        _PBES2(512, AESAlgKeyWrapping(256)),
    ):
        alg_models[model.name] = model
    return {"alg": alg_models, "enc": {m.name: m for m in JWE_ENC_MODELS if m.name in ENCS}, "zip": {}}


class _Registry(jose_jwe.JWERegistry):
    # Our own table: joserfc's class-level one is shared and is never modified here.
    algorithms = _algorithms()  # type: ignore[assignment]
    # The inner token is at most MAX_TOKEN_BYTES; the finished JWE is checked against it too.
    max_ciphertext_length = 2 * MAX_TOKEN_BYTES


_REGISTRY = _Registry(algorithms=[*ALGS, *ENCS])
_MISSING = (set(ALGS) - set(_Registry.algorithms["alg"])) | (set(ENCS) - set(_Registry.algorithms["enc"]))
assert not _MISSING, f"joserfc lacks {sorted(_MISSING)}"
# Everything made here must be something the debugger opens.
assert set(ALGS) <= jwe.SUPPORTED_ALGS and set(ENCS) <= jwe.SUPPORTED_ENCS


def encrypt(*, token: str, alg: str, enc: str, key: RecipientKey, p2c: int | None) -> str:
    """The compact JWE of `token` (a signed JWT), marked as a nested JWT with cty "JWT"."""
    header: dict[str, Any] = {"alg": alg, "enc": enc, "cty": "JWT"}
    if key.kid is not None:
        header["kid"] = key.kid
    if p2c is not None:
        header["p2c"] = p2c  # joserfc adds p2s, 16 random bytes
    return jose_jwe.encrypt_compact(header, token.encode("ascii"), key.key, registry=_REGISTRY)
