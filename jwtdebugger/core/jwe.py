"""Decrypt an encrypted token (JWE, compact serialization) with a key the user gives.

The cryptography is joserfc's (see docs/jwe-library-choice.md); this module decides what may be
attempted, binds the key to the algorithm, caps the two denial-of-service knobs a token controls
(the PBES2 iteration count and the decompressed size) and turns every outcome into a
:class:`DecryptResult`. It never raises for any token or key: only programming errors raise.

Outcomes (``DecryptResult.status``):

- ``decrypted``: the plaintext is in ``plaintext``.
- ``failed``: the token is malformed, the key cannot be read or does not fit the algorithm
  (messages that depend only on the header and the key the user typed, so they reveal nothing),
  or the decryption itself failed. Every cryptographic failure (key unwrap, authentication tag,
  padding, lengths, bad compressed data) gets the one message :data:`WRONG_KEY_MESSAGE`:
  RFC 7516 section 11.4-11.5 asks that such errors be indistinguishable, or the answers become
  an oracle (a wrong key and a corrupted token look the same).
- ``unsupported``: the header names an ``alg``, ``enc``, ``zip`` or ``crit`` extension that is not
  supported; the message names it. This is not a verdict on the key.
- ``refused``: supported, but beyond a safety cap (PBES2 ``p2c`` above
  :data:`MAX_PBES2_ITERATIONS`, or more than :data:`MAX_PLAINTEXT_BYTES` after decompression).

RSA1_5 is decrypted, with a warning. Its danger is the Bleichenbacher padding oracle, which
needs a server that keeps a private key and answers many chosen ciphertexts. This debugger keeps
no key: the private key comes with each request, from the person who owns it. The answer for a
bad padding is the same message as for any other failure, and a failed unwrap (RSA1_5 and
RSA-OAEP alike) is replaced by a random content key (RFC 3218 section 2.3.2, as RFC 7516
section 11.5 asks), so the work done looks the same. Legacy issuers still emit RSA1_5, and a debugger that cannot open those tokens
does not help the people who have to migrate them.
"""

from __future__ import annotations

import json
import secrets
import zlib
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa, x448, x25519
from joserfc import jwe as jose_jwe
from joserfc.jwa import (
    JWE_ALG_MODELS,
    JWE_ENC_MODELS,
    AESAlgKeyWrapping,
    JWEAlgModel,
    JWEKeyEncryption,
    JWEZipModel,
    PBES2HSAlgKeyEncryption,
)
from joserfc.jwk import ECKey, OctKey, OKPKey, RSAKey
from joserfc.registry import HeaderParameter

from jwtdebugger.core.tokens import MAX_TOKEN_BYTES, SegmentError, b64url_decode, json_kind, parse_json_strict

# ---- what is supported, and the caps ---------------------------------------------------

SUPPORTED_ALGS: frozenset[str] = frozenset(
    {
        "RSA-OAEP",
        "RSA-OAEP-256",
        "RSA1_5",  # decrypted with a warning; see the module docstring
        "A128KW",
        "A192KW",
        "A256KW",
        "A128GCMKW",
        "A192GCMKW",
        "A256GCMKW",
        "dir",
        "ECDH-ES",
        "ECDH-ES+A128KW",
        "ECDH-ES+A192KW",
        "ECDH-ES+A256KW",
        "PBES2-HS256+A128KW",
        "PBES2-HS384+A192KW",
        "PBES2-HS512+A256KW",
    }
)
SUPPORTED_ENCS: frozenset[str] = frozenset(
    {"A128GCM", "A192GCM", "A256GCM", "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512"}
)
SUPPORTED_ZIPS: frozenset[str] = frozenset({"DEF"})

# A PBES2 token chooses its own PBKDF2 iteration count (RFC 7518 section 4.8.1.2 sets only a
# minimum), so a forged token can ask for 2^31 iterations and pin a CPU: the "billion hashes"
# attack of Black Hat 2023, CVE-2023-49290 (jwx), CVE-2023-6681 (jwcrypto), CVE-2023-51775
# (jose4j). RFC 8725 predates it and names no limit; every library now caps p2c. 310,000 is the OWASP Password Storage Cheat Sheet's PBKDF2-HMAC-SHA256 figure of
# 2021-2022 (since raised to 600,000 for SHA-256; 210,000 for SHA-512). It is far above what JOSE
# libraries write by default (joserfc and panva/jose 2,048, jwcrypto 8,192) and keeps the worst
# case cheap: PBKDF2 at the cap takes about 0.06 s (HS256) to 0.17 s (HS512) here. Counts above
# it are refused before PBKDF2 runs.
MAX_PBES2_ITERATIONS = 310_000
MIN_RECOMMENDED_PBES2_ITERATIONS = 1_000  # RFC 7518 section 4.8.1.2

# zip: DEF lets a few kilobytes of ciphertext inflate to gigabytes. 256 KiB is four times the
# largest token accepted (tokens.MAX_TOKEN_BYTES) and far more than any real claim set.
MAX_PLAINTEXT_BYTES = 256 * 1024

MAX_KEY_CHARS = 64 * 1024

KEY_TYPES = ("pem", "jwk", "secret", "password")

# ---- messages (plain English; candidates for explain.py's table) -------------------------

WRONG_KEY_MESSAGE = "Wrong key or corrupted token: the token could not be decrypted."
DECRYPTED_MESSAGE = "Decrypted with {alg} and {enc}."
PUBLIC_KEY_MESSAGE = "This is a public key, and a public key cannot decrypt; give the private key."
RSA1_5_WARNING = (
    "The token uses RSA1_5 (RSAES-PKCS1-v1_5) key encryption, which is deprecated: it is open to "
    "padding-oracle attacks (Bleichenbacher) wherever a server decrypts what it is sent. Ask the "
    "issuer to move to RSA-OAEP-256."
)
ZIP_WARNING = (
    "The content was compressed before encryption (zip: DEF); RFC 8725 section 3.6 advises against "
    "it, because the ciphertext length can then reveal something about the plaintext."
)
LOW_P2C_WARNING = (
    "The PBES2 iteration count (p2c) is {p2c}; RFC 7518 recommends at least 1000, and current guidance far more."
)
SMALL_RSA_WARNING = (
    "The RSA key has {bits} bits; keys under 2048 bits are too weak for RSA-OAEP and RSA1_5 (RFC 7518 section 4.2-4.3)."
)

# alg -> what key it needs: ("rsa" | "ecdh" | "symmetric" | "password", symmetric key bytes)
ALG_KEYS: dict[str, tuple[str, int | None]] = {
    "RSA-OAEP": ("rsa", None),
    "RSA-OAEP-256": ("rsa", None),
    "RSA1_5": ("rsa", None),
    "A128KW": ("symmetric", 16),
    "A192KW": ("symmetric", 24),
    "A256KW": ("symmetric", 32),
    "A128GCMKW": ("symmetric", 16),
    "A192GCMKW": ("symmetric", 24),
    "A256GCMKW": ("symmetric", 32),
    "dir": ("symmetric", None),  # the key is the content key: its size comes from enc
    "ECDH-ES": ("ecdh", None),
    "ECDH-ES+A128KW": ("ecdh", None),
    "ECDH-ES+A192KW": ("ecdh", None),
    "ECDH-ES+A256KW": ("ecdh", None),
    "PBES2-HS256+A128KW": ("password", None),
    "PBES2-HS384+A192KW": ("password", None),
    "PBES2-HS512+A256KW": ("password", None),
}
ENC_KEY_BYTES = {
    "A128GCM": 16,
    "A192GCM": 24,
    "A256GCM": 32,
    "A128CBC-HS256": 32,
    "A192CBC-HS384": 48,
    "A256CBC-HS512": 64,
}
_NEEDS_WORDS = {
    "rsa": "an RSA private key (PEM or JWK)",
    "ecdh": "an EC private key (P-256, P-384 or P-521; or X25519/X448), as PEM or JWK",
    "symmetric": "a symmetric key (base64url secret or an oct JWK)",
    "password": "a password",
}
_CURVE_NAMES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}
_DECRYPT_KEY_OPS = {"decrypt", "unwrapKey", "deriveKey", "deriveBits"}
_JWT_CONTENT_TYPES = {"jwt", "application/jwt"}


# ---- the API -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DecryptKey:
    """What the user gives to decrypt with.

    ``type``: ``pem`` (a private RSA/EC key), ``jwk`` (a private RSA/EC/OKP JWK, or an oct JWK),
    ``secret`` (a symmetric key as base64url text) or ``password`` (a PBES2 password, UTF-8).
    ``value``: text, or a dict for ``jwk``.
    """

    type: str
    value: Any


@dataclass(frozen=True)
class DecryptResult:
    ok: bool
    header: dict[str, Any] | None  # the protected header, also when decryption fails
    plaintext: bytes | None
    status: str  # "decrypted" | "failed" | "unsupported" | "refused"
    message: str
    warnings: tuple[str, ...] = ()
    nested: bool = False  # cty says JWT, or the plaintext is itself a compact JWT/JWE


def decrypt(token: str, key: DecryptKey) -> DecryptResult:
    """Decrypt a compact JWE with `key`. Never raises for any token or key."""
    parsed = _parse_token(token)
    if isinstance(parsed, DecryptResult):
        return parsed
    header = parsed

    refusal = _check_header(header)
    if refusal is not None:
        return refusal
    alg, enc = header["alg"], header["enc"]

    warnings: list[str] = []
    if alg == "RSA1_5":
        warnings.append(RSA1_5_WARNING)
    if alg.startswith("PBES2") and header["p2c"] < MIN_RECOMMENDED_PBES2_ITERATIONS:
        warnings.append(LOW_P2C_WARNING.format(p2c=header["p2c"]))
    if "zip" in header:
        warnings.append(ZIP_WARNING)

    loaded = _load_key(key, header)
    if isinstance(loaded, str):
        return _result("failed", header, loaded, warnings)
    jose_key, key_warnings = loaded
    warnings.extend(key_warnings)

    try:
        plaintext = jose_jwe.decrypt_compact(token.strip(), jose_key, registry=_REGISTRY).plaintext
    except _PlaintextTooLarge:
        return _result(
            "refused",
            header,
            f"The content is compressed (zip: DEF) and inflates to more than {MAX_PLAINTEXT_BYTES:,} bytes, "
            "so it was not decompressed (a guard against zip bombs).",
            warnings,
        )
    except Exception:  # joserfc and cryptography raise many types; all mean "could not decrypt"
        return _result("failed", header, WRONG_KEY_MESSAGE, warnings)
    if plaintext is None:  # pragma: no cover - joserfc sets it or raises
        return _result("failed", header, WRONG_KEY_MESSAGE, warnings)
    return DecryptResult(
        ok=True,
        header=header,
        plaintext=plaintext,
        status="decrypted",
        message=DECRYPTED_MESSAGE.format(alg=alg, enc=enc),
        warnings=tuple(warnings),
        nested=_is_nested(header, plaintext),
    )


def is_compact_jwt(data: bytes) -> bool:
    """True when `data` is a compact JWS/JWT (3 parts) or JWE (5 parts) whose header names an alg."""
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        return False
    parts = text.split(".")
    if len(parts) not in (3, 5):
        return False
    try:
        for part in parts:
            b64url_decode(part)
        header = json.loads(b64url_decode(parts[0]))
    except (SegmentError, ValueError, RecursionError):
        return False
    return isinstance(header, dict) and isinstance(header.get("alg"), str)


# ---- the token and its header ----------------------------------------------------------------


def _result(
    status: str, header: dict[str, Any] | None, message: str, warnings: list[str] | tuple[str, ...] = ()
) -> DecryptResult:
    return DecryptResult(
        ok=False, header=header, plaintext=None, status=status, message=message, warnings=tuple(warnings)
    )


_PARTS = ("protected header", "encrypted key", "initialization vector", "ciphertext", "authentication tag")


def _parse_token(token: Any) -> dict[str, Any] | DecryptResult:
    """The strictly decoded protected header, or a failed result for a malformed token."""
    if not isinstance(token, str):
        return _result("failed", None, "The token must be text.")
    text = token.strip()
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_TOKEN_BYTES:
        return _result("failed", None, f"The token is {size:,} bytes; the limit is {MAX_TOKEN_BYTES:,}.")
    parts = text.split(".")
    if len(parts) != 5:
        return _result(
            "failed",
            None,
            f"An encrypted token (JWE) in compact form has 5 parts separated by dots; this one has {len(parts)}.",
        )
    header: dict[str, Any] | None = None
    try:
        raw_header = b64url_decode(parts[0])
    except SegmentError as exc:
        return _result("failed", None, f"The protected header is not valid base64url: {exc}.")
    value, faults = parse_json_strict(raw_header, "header")
    if faults:
        return _result("failed", value if isinstance(value, dict) else None, faults[0].message)
    if not isinstance(value, dict):
        return _result("failed", None, f"The protected header is {json_kind(value)}, not a JSON object.")
    header = value
    for name, part in zip(_PARTS[1:], parts[1:], strict=True):
        try:
            b64url_decode(part)
        except SegmentError as exc:
            return _result("failed", header, f"The {name} is not valid base64url: {exc}.")
    return header


def _check_header(header: dict[str, Any]) -> DecryptResult | None:
    """Unsupported or refused before any key is touched; None when decryption may be tried."""
    alg, enc = header.get("alg"), header.get("enc")
    if alg is None:
        return _result("failed", header, "The header has no 'alg', so the key management algorithm is unknown.")
    if enc is None:
        return _result("failed", header, "The header has no 'enc', so the content encryption algorithm is unknown.")
    if not isinstance(alg, str) or alg not in SUPPORTED_ALGS:
        return _result(
            "unsupported",
            header,
            f"The key management algorithm (alg) {_show(alg)} is not supported for decryption. Supported: {', '.join(sorted(SUPPORTED_ALGS))}.",
        )
    if not isinstance(enc, str) or enc not in SUPPORTED_ENCS:
        return _result(
            "unsupported",
            header,
            f"The content encryption algorithm (enc) {_show(enc)} is not supported. Supported: {', '.join(sorted(SUPPORTED_ENCS))}.",
        )
    if "zip" in header and not (isinstance(header["zip"], str) and header["zip"] in SUPPORTED_ZIPS):
        return _result(
            "unsupported", header, f"The compression (zip) {_show(header['zip'])} is not supported; only DEF is."
        )
    if "crit" in header:
        crit = header["crit"]
        if not isinstance(crit, list) or not crit or not all(isinstance(name, str) for name in crit):
            return _result("failed", header, "The header's 'crit' must be a non-empty list of header names.")
        names = ", ".join(f"'{name}'" for name in crit)
        return _result(
            "unsupported",
            header,
            f"The header marks {names} as critical (crit); this debugger does not understand those extensions, so the token must not be decrypted.",
        )
    if alg.startswith("PBES2"):
        p2c = header.get("p2c")
        if isinstance(p2c, bool) or not isinstance(p2c, int) or p2c < 1:
            return _result(
                "failed",
                header,
                f"The PBES2 iteration count (p2c) must be a positive whole number; it is {_show(p2c)}.",
            )
        if p2c > MAX_PBES2_ITERATIONS:
            return _result(
                "refused",
                header,
                f"The token asks for {p2c:,} PBES2 iterations (p2c); the limit is {MAX_PBES2_ITERATIONS:,}, "
                "so decryption was not attempted (a huge count is a way to burn the server's CPU).",
            )
        if not _is_b64url(header.get("p2s"), min_bytes=8):
            return _result(
                "failed",
                header,
                "A PBES2 token needs 'p2s', the salt input, as base64url text of at least 8 bytes (RFC 7518 section 4.8.1.1).",
            )
    if alg.startswith("ECDH-ES") and not isinstance(header.get("epk"), dict):
        return _result(
            "failed", header, "An ECDH-ES token needs 'epk', the sender's ephemeral public key, as a JWK object."
        )
    if "GCMKW" in alg and not (_is_b64url(header.get("iv")) and _is_b64url(header.get("tag"))):
        return _result(
            "failed", header, f"An {alg} token needs 'iv' and 'tag' (of the key wrapping) as base64url text."
        )
    return None


def _is_b64url(value: Any, min_bytes: int = 0) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return len(b64url_decode(value)) >= min_bytes
    except SegmentError:
        return False


def _show(value: Any) -> str:
    """A short, printable rendering of a value from a header or a key, for a message."""
    if isinstance(value, str):
        text = "'" + value.encode("ascii", errors="backslashreplace").decode("ascii") + "'"
    else:
        try:
            text = json.dumps(value, ensure_ascii=True)
        except (TypeError, ValueError, RecursionError):
            text = f"a {type(value).__name__}"
    return text if len(text) <= 60 else text[:57] + "..."


def _is_nested(header: dict[str, Any], plaintext: bytes) -> bool:
    cty = header.get("cty")
    if isinstance(cty, str) and cty.lower() in _JWT_CONTENT_TYPES:
        return True
    return is_compact_jwt(plaintext)


# ---- the key -----------------------------------------------------------------------------


def _load_key(key: Any, header: dict[str, Any]) -> tuple[Any, list[str]] | str:
    """A joserfc key fit for this header's alg, or a message saying why not."""
    alg: str = header["alg"]
    needs = ALG_KEYS[alg][0]
    if not isinstance(key, DecryptKey):
        return "No decryption key was given."
    if key.type not in KEY_TYPES:
        return f"Unknown key type {_show(key.type)}; use pem, jwk, secret or password."
    if isinstance(key.value, str) and len(key.value) > MAX_KEY_CHARS:
        return f"The key is {len(key.value):,} characters; the limit is {MAX_KEY_CHARS:,}."

    if key.type == "password":
        if needs != "password":
            return _mismatch(alg, needs, "a password")
        if not isinstance(key.value, str) or not key.value:
            return "The password is empty."
        try:
            return OctKey(key.value.encode("utf-8"), None), []
        except UnicodeEncodeError:
            return "The password is not valid Unicode text."
    if key.type == "secret":
        if needs != "symmetric":
            return _mismatch(alg, needs, "a symmetric secret")
        secret = _decode_secret(key.value)
        if isinstance(secret, str):
            return secret
        return _symmetric(secret, alg, header)
    if key.type == "pem":
        obj = _load_pem(key.value)
    else:
        obj = _load_jwk(key.value, alg, header)
    if isinstance(obj, str):
        return obj
    if isinstance(obj, bytes):  # an oct JWK
        if needs != "symmetric":
            return _mismatch(alg, needs, "a symmetric key (oct JWK)")
        return _symmetric(obj, alg, header)
    return _asymmetric(obj, alg, needs, header)


def _mismatch(alg: str, needs: str, actual: str) -> str:
    return f"'{alg}' needs {_NEEDS_WORDS[needs]}; you gave {actual}."


def _decode_secret(value: Any) -> bytes | str:
    if not isinstance(value, str):
        return "The secret must be text: the key bytes in base64url."
    compact = "".join(value.split()).rstrip("=")
    try:
        secret = b64url_decode(compact)
    except SegmentError as exc:
        return f"The secret must be the key bytes in base64url, but {exc}."
    if not secret:
        return "The secret is empty."
    return secret


def _symmetric(secret: bytes, alg: str, header: dict[str, Any]) -> tuple[Any, list[str]] | str:
    need = ALG_KEYS[alg][1] or ENC_KEY_BYTES[header["enc"]]  # dir: the key is the content key
    if len(secret) != need:
        what = f"'dir' with '{header['enc']}'" if alg == "dir" else f"'{alg}'"
        return f"{what} needs a {need * 8}-bit ({need}-byte) key; this one is {len(secret)} bytes."
    return OctKey(secret, None), []


def _describe(obj: Any) -> str:
    if isinstance(obj, (rsa.RSAPrivateKey, rsa.RSAPublicKey)):
        return "an RSA key"
    if isinstance(obj, (ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey)):
        return f"an EC {_CURVE_NAMES.get(obj.curve.name, obj.curve.name)} key"
    if isinstance(obj, (x25519.X25519PrivateKey, x25519.X25519PublicKey)):
        return "an X25519 key"
    if isinstance(obj, (x448.X448PrivateKey, x448.X448PublicKey)):
        return "an X448 key"
    if isinstance(
        obj, (ed25519.Ed25519PrivateKey, ed25519.Ed25519PublicKey, ed448.Ed448PrivateKey, ed448.Ed448PublicKey)
    ):
        return "an Ed25519/Ed448 signing key"
    return f"a {type(obj).__name__}"


_PUBLIC_TYPES = (
    rsa.RSAPublicKey,
    ec.EllipticCurvePublicKey,
    x25519.X25519PublicKey,
    x448.X448PublicKey,
    ed25519.Ed25519PublicKey,
    ed448.Ed448PublicKey,
)


def _asymmetric(obj: Any, alg: str, needs: str, header: dict[str, Any]) -> tuple[Any, list[str]] | str:
    if isinstance(obj, _PUBLIC_TYPES):
        return PUBLIC_KEY_MESSAGE
    warnings: list[str] = []
    if needs == "rsa":
        if not isinstance(obj, rsa.RSAPrivateKey):
            return _mismatch(alg, needs, _describe(obj))
        if obj.key_size < 2048:
            warnings.append(SMALL_RSA_WARNING.format(bits=obj.key_size))
        return RSAKey(obj, None), warnings
    if needs == "ecdh":
        epk = header.get("epk")
        epk_crv = epk.get("crv") if isinstance(epk, dict) else None
        if isinstance(obj, ec.EllipticCurvePrivateKey):
            curve = _CURVE_NAMES.get(obj.curve.name)
            if curve is None:
                return f"'{alg}' needs a P-256, P-384 or P-521 key; this one is on {obj.curve.name}."
            if isinstance(epk_crv, str) and epk_crv != curve:
                return f"The token's ephemeral key (epk) is on {epk_crv}, but your key is on {curve}: they must match."
            return ECKey(obj, None), warnings
        if isinstance(obj, (x25519.X25519PrivateKey, x448.X448PrivateKey)):
            curve = "X25519" if isinstance(obj, x25519.X25519PrivateKey) else "X448"
            if isinstance(epk_crv, str) and epk_crv != curve:
                return f"The token's ephemeral key (epk) is on {epk_crv}, but your key is {curve}: they must match."
            return OKPKey(obj, None), warnings
        return _mismatch(alg, needs, _describe(obj))
    return _mismatch(alg, needs, _describe(obj))


def _load_pem(value: Any) -> Any:
    """A cryptography key object, or a message."""
    if not isinstance(value, str) or not value.strip():
        return "The PEM key is empty."
    text = value.strip()
    if text.startswith("{"):
        return "This looks like a JWK, not PEM text: choose JWK as the key type."
    data = text.encode("utf-8", errors="replace")
    if data.startswith((b"ssh-", b"ecdsa-sha2-")):
        return PUBLIC_KEY_MESSAGE
    if b"-----BEGIN" not in data:
        return "The PEM key has no -----BEGIN ...----- line."
    if b"ENCRYPTED" in data:
        return "The PEM private key is encrypted with a passphrase; give it unencrypted (for example with `openssl pkey -in key.pem`)."
    if b"PUBLIC KEY-----" in data or b"CERTIFICATE-----" in data:
        return PUBLIC_KEY_MESSAGE
    try:
        return serialization.load_pem_private_key(data, password=None)
    except TypeError:
        return "The PEM private key is encrypted with a passphrase; give it unencrypted (for example with `openssl pkey -in key.pem`)."
    except Exception:  # cryptography raises ValueError and others for odd input
        return "The text between the BEGIN and END lines is not a valid private key."


def _load_jwk(value: Any, alg: str, header: dict[str, Any]) -> Any:
    """A cryptography key object, the bytes of an oct JWK, or a message."""
    jwk = value
    if isinstance(value, str):
        try:
            jwk = json.loads(value)
        except (ValueError, RecursionError):
            return "The JWK is not valid JSON."
    if not isinstance(jwk, dict):
        return "The JWK must be a JSON object."
    if "keys" in jwk and "kty" not in jwk:
        return "This is a JWK Set; give the one private JWK to decrypt with."
    kty = jwk.get("kty")
    key_alg = jwk.get("alg")
    if key_alg is not None and key_alg != alg and not (alg == "dir" and key_alg == header.get("enc")):
        return f"The JWK is for {_show(key_alg)} (its 'alg'), but the token uses '{alg}'."
    use = jwk.get("use")
    if use is not None and use != "enc":
        return f"The JWK's 'use' is {_show(use)}, not 'enc', so it is not an encryption key."
    key_ops = jwk.get("key_ops")
    if key_ops is not None and (
        not isinstance(key_ops, list) or not _DECRYPT_KEY_OPS.intersection(op for op in key_ops if isinstance(op, str))
    ):
        return "The JWK's 'key_ops' does not allow decryption (it needs 'decrypt', 'unwrapKey' or 'deriveKey')."
    if kty == "oct":
        k = jwk.get("k")
        if not isinstance(k, str):
            return "An oct JWK needs 'k', the key bytes in base64url."
        try:
            secret = b64url_decode(k)
        except SegmentError as exc:
            return f"The oct JWK's 'k' is not valid base64url: {exc}."
        if not secret:
            return "The oct JWK's 'k' is empty."
        return secret
    classes: dict[Any, Any] = {"RSA": RSAKey, "EC": ECKey, "OKP": OKPKey}
    if not isinstance(kty, str) or kty not in classes:
        return f"Unsupported key type (kty) {_show(kty)}; use RSA, EC, OKP or oct."
    if "d" not in jwk:
        return PUBLIC_KEY_MESSAGE
    try:
        return classes[kty].binding.import_from_dict(dict(jwk))
    except Exception:  # joserfc and cryptography raise many types on bad members
        return f"The {kty} JWK is not a valid private key (check its members)."


# ---- joserfc, configured: our caps, no global state touched --------------------------------


class _PlaintextTooLarge(Exception):
    pass


class _CappedDeflate(JWEZipModel):
    """Raw DEFLATE (RFC 1951, as RFC 7518 section 7.3 says) with a hard output cap."""

    name = "DEF"
    description = "DEFLATE, capped"

    def compress(self, s: bytes) -> bytes:  # pragma: no cover - decryption only
        compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        return compressor.compress(s) + compressor.flush()

    def decompress(self, s: bytes) -> bytes:
        inflater = zlib.decompressobj(wbits=-zlib.MAX_WBITS)
        out = inflater.decompress(s, MAX_PLAINTEXT_BYTES + 1)
        if len(out) > MAX_PLAINTEXT_BYTES or inflater.unconsumed_tail:
            raise _PlaintextTooLarge
        if not inflater.eof or inflater.unused_data:
            raise ValueError("truncated DEFLATE data, or data after its end")
        return out


def _validate_p2c(value: Any) -> None:
    # decrypt() has already refused counts above the cap; this replaces joserfc's own, lower
    # limit (300,000), which would turn an allowed count into a "wrong key" failure.
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_PBES2_ITERATIONS:
        raise ValueError("p2c out of range")


class _CappedPBES2(PBES2HSAlgKeyEncryption):
    more_header_registry = {
        "p2s": HeaderParameter("PBES2 Salt Input", "str", True),
        "p2c": HeaderParameter("PBES2 Count", _validate_p2c, True),
    }


class _RandomFillingRSA(JWEKeyEncryption):
    """joserfc's RSA1_5 / RSA-OAEP / RSA-OAEP-256, except that a failed unwrap continues with a
    random content key (RFC 7516 section 11.5, RFC 3218 section 2.3.2), so a padding error and a
    tag error take the same path (Bleichenbacher's attack on RSA1_5 and Manger's on OAEP both
    feed on telling them apart); and without the library's SecurityWarning for RSA1_5 (our
    warning goes in the result instead)."""

    key_size = 2048
    key_types = ["RSA"]

    def __init__(self, shipped: Any) -> None:
        self._shipped = shipped
        self.name = shipped.name
        self.description = f"{shipped.description}, random filling on failure"

    def encrypt_cek(self, cek: bytes, recipient: Any) -> bytes:  # pragma: no cover - decryption only
        raise NotImplementedError("this module only decrypts")

    def decrypt_cek(self, recipient: Any) -> bytes:
        fallback = secrets.token_bytes(64)  # random; joserfc swaps in a random key of the size enc needs
        try:
            cek: bytes = self._shipped.decrypt_cek(recipient)
        except Exception:
            return fallback
        return cek


def _algorithms() -> dict[str, dict[str, Any]]:
    shipped: dict[str, JWEAlgModel] = {model.name: model for model in JWE_ALG_MODELS}
    alg_models: dict[str, Any] = {name: model for name, model in shipped.items() if name in SUPPORTED_ALGS}
    for model in (
        _CappedPBES2(256, AESAlgKeyWrapping(128)),
        _CappedPBES2(384, AESAlgKeyWrapping(192)),
        _CappedPBES2(512, AESAlgKeyWrapping(256)),
        _RandomFillingRSA(shipped["RSA1_5"]),
        _RandomFillingRSA(shipped["RSA-OAEP"]),
        _RandomFillingRSA(shipped["RSA-OAEP-256"]),
    ):
        alg_models[model.name] = model
    return {
        "alg": alg_models,
        "enc": {model.name: model for model in JWE_ENC_MODELS if model.name in SUPPORTED_ENCS},
        "zip": {"DEF": _CappedDeflate()},
    }


class _Registry(jose_jwe.JWERegistry):
    # Our own algorithm table: joserfc's class-level one is shared and is never modified here.
    algorithms = _algorithms()  # type: ignore[assignment]
    # Size limits: tokens.MAX_TOKEN_BYTES already bounds the whole token.
    max_protected_header_length = MAX_TOKEN_BYTES
    max_encrypted_key_length = MAX_TOKEN_BYTES
    max_initialization_vector_length = MAX_TOKEN_BYTES
    max_ciphertext_length = MAX_TOKEN_BYTES
    max_auth_tag_length = MAX_TOKEN_BYTES


_REGISTRY = _Registry(
    algorithms=sorted(SUPPORTED_ALGS | SUPPORTED_ENCS | SUPPORTED_ZIPS),
    strict_check_header=False,  # private header members are legal (RFC 7516 section 4.3)
)
_MISSING = (SUPPORTED_ALGS - set(_Registry.algorithms["alg"])) | (SUPPORTED_ENCS - set(_Registry.algorithms["enc"]))
assert not _MISSING, f"joserfc lacks {sorted(_MISSING)}"
