"""Signing keys for the builder, and signing itself.

Reads an HMAC secret, a pasted private key (PEM or JWK) or generates a key pair, checks that
it fits the chosen algorithm, and signs through PyJWT's algorithm objects (cryptography
underneath): no hand-written cryptography. No Django import, like `core`.

Errors are :class:`SigningError` with a stable code and a sentence that says what to do. No
message ever contains the secret or the private key it is about.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm, get_default_algorithms
from jwt.exceptions import InvalidKeyError

from jwtdebugger.core.keys import (
    ALGORITHMS,
    CURVE_NAMES,
    KIND_WORDS,
    decode_secret,
    public_jwk,
    thumbprint,
    weak_key_problems,
)
from jwtdebugger.core.tokens import b64url_encode

from . import jsontext

UNSECURED_ALG = "none"
RSA_SIZES = (2048, 3072, 4096)
# The curve each algorithm signs with (RFC 7518 3.4, RFC 8037): one curve per ES* alg.
ALG_CURVES = {"ES256": "P-256", "ES384": "P-384", "ES512": "P-521", "EdDSA": "Ed25519"}
CURVES = ("P-256", "P-384", "P-521", "Ed25519")
_EC_CURVES: dict[str, type[ec.EllipticCurve]] = {"P-256": ec.SECP256R1, "P-384": ec.SECP384R1, "P-521": ec.SECP521R1}
_JWK_LOADERS = {"RSA": RSAAlgorithm.from_jwk, "EC": ECAlgorithm.from_jwk, "OKP": OKPAlgorithm.from_jwk}
_JWK_PRIVATE_MEMBERS = {"RSA": ("n", "e", "d"), "EC": ("crv", "x", "y", "d"), "OKP": ("crv", "x", "d")}
_FAMILY_ALGS = {
    "hmac": "HS256, HS384 or HS512",
    "rsa": "RS256/384/512 or PS256/384/512",
    "ec": "ES256 (P-256), ES384 (P-384) or ES512 (P-521)",
    "okp": "EdDSA",
}


class SigningError(ValueError):
    """A request that cannot be signed. `field` names the input at fault (for the page)."""

    def __init__(self, code: str, message: str, *, field: str = "key") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


@dataclass(frozen=True)
class SigningKey:
    """A key ready to sign with. `key` is bytes for HMAC, a cryptography private key otherwise."""

    kind: str  # hmac | rsa | ec | okp
    key: Any
    description: str
    kid: str | None = None  # a pasted JWK's own kid, kept for the public JWK
    generated: bool = False

    @property
    def private(self) -> Any:
        return None if self.kind == "hmac" else self.key


def family_of(alg: str) -> str:
    return str(ALGORITHMS[alg][0])


def check_alg(alg: Any, *, unsecured: bool) -> str:
    """The algorithm, if it is one we sign with; `none` only when asked for explicitly."""
    if alg == UNSECURED_ALG:
        if not unsecured:
            raise SigningError(
                "unsecured_not_requested",
                "alg 'none' makes a token without a signature, which every correct validator must reject. "
                'To make one on purpose (to test a validator), ask for it: "unsecured": true in the API, the "Unsecured" box on the page.',
                field="alg",
            )
        return UNSECURED_ALG
    if unsecured:
        raise SigningError(
            "unsecured_alg",
            f"An unsecured token has alg 'none', not {json.dumps(alg)}: leave 'alg' out or set it to 'none'.",
            field="alg",
        )
    if not isinstance(alg, str) or alg not in ALGORITHMS:
        known = ", ".join(ALGORITHMS)
        raise SigningError(
            "unknown_alg", f"Unknown algorithm {json.dumps(alg)[:40]}. Use one of: {known}.", field="alg"
        )
    return alg


# ---- reading and generating keys --------------------------------------------------------


def secret_key(*, value: str, encoding: str, alg: str) -> SigningKey:
    family = family_of(alg)
    if family != "hmac":
        raise SigningError(
            "wrong_key_type",
            f"{alg} signs with {KIND_WORDS[family]}'s private half, not a shared secret. "
            "Use HS256/384/512 with a secret, or give a private key (PEM or JWK) or generate one.",
        )
    try:
        secret = decode_secret(value, encoding)
    except (ValueError, UnicodeEncodeError) as exc:
        raise SigningError("bad_secret", f"The secret is not valid {encoding}: {exc}.") from None
    if not secret:
        raise SigningError("bad_secret", "The secret is empty.")
    need = int(ALGORITHMS[alg][1])
    if len(secret) < need:
        raise SigningError(
            "short_secret",
            f"The secret is {len(secret)} bytes; {alg} needs at least {need} bytes ({need * 8} bits), the size of its hash "
            "(RFC 7518 section 3.2). A shorter secret can be guessed offline from a single token, and careful verifiers "
            f"(this debugger included) refuse it. Use {need} random bytes, e.g. `openssl rand -base64 {need}`.",
        )
    try:
        get_default_algorithms()[alg].prepare_key(secret)
    except InvalidKeyError:
        # Using a public key's text as an HMAC secret is the key-confusion attack; PyJWT refuses it.
        raise SigningError(
            "secret_is_public_key",
            "This secret is a PEM or SSH key. Signing HS* with a public key's text is the key-confusion attack "
            "(CVE-2016-10555): to sign with a key pair choose RS*, PS*, ES* or EdDSA and give the private key.",
        ) from None
    return SigningKey(kind="hmac", key=secret, description=f"an HMAC secret of {len(secret)} bytes ({encoding})")


def pem_key(*, text: str, alg: str) -> SigningKey:
    _refuse_for_hmac(alg, "a PEM key")
    data = text.strip().encode("utf-8", errors="replace")
    if not data:
        raise SigningError("bad_pem", "The PEM text is empty.")
    if data.startswith((b"ssh-", b"ecdsa-sha2-")) or any(
        marker in data for marker in (b"PUBLIC KEY-----", b"CERTIFICATE-----")
    ):
        raise SigningError(
            "public_key",
            "This is a public key (or a certificate). Public keys only verify; signing needs the private half, "
            "a PEM that starts with -----BEGIN PRIVATE KEY----- (or RSA / EC PRIVATE KEY). Or generate a key pair here.",
        )
    try:
        if b"OPENSSH PRIVATE KEY-----" in data:
            obj: Any = serialization.load_ssh_private_key(data, password=None)
        else:
            obj = serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise SigningError(
            "encrypted_key",
            "This private key is encrypted with a password. Decrypt it first, e.g. `openssl pkey -in key.pem -out plain.pem`.",
        ) from None
    except (ValueError, UnsupportedAlgorithm):
        hint = (
            "the text between the BEGIN and END lines is not a valid private key"
            if b"-----BEGIN" in data
            else "it has no -----BEGIN PRIVATE KEY----- line"
        )
        raise SigningError("bad_pem", f"The PEM text could not be read: {hint}.") from None
    return _private_key(obj, alg=alg, source="PEM")


def jwk_key(*, value: Any, alg: str) -> SigningKey:
    jwk = _jwk_object(value)
    kty = jwk.get("kty")
    use = jwk.get("use")
    if use is not None and use != "sig":
        raise SigningError(
            "bad_jwk", f"This JWK is marked for {json.dumps(use)[:20]} (use), not for signatures ('sig')."
        )
    if jwk.get("alg") is not None and jwk.get("alg") != alg:
        raise SigningError(
            "alg_mismatch",
            f"This JWK says it is for alg {json.dumps(jwk.get('alg'))[:30]}, but you chose {alg}.",
            field="alg",
        )
    kid = jwk["kid"] if isinstance(jwk.get("kid"), str) else None
    if kty == "oct":
        if family_of(alg) != "hmac":
            raise SigningError(
                "wrong_key_type",
                f"An oct JWK is a shared secret; {alg} signs with {KIND_WORDS[family_of(alg)]}'s private half.",
            )
        if not isinstance(jwk.get("k"), str):
            raise SigningError("bad_jwk", "An oct JWK needs 'k', the secret in base64url.")
        key = secret_key(value=jwk["k"], encoding="base64url", alg=alg)
        return SigningKey(
            kind="hmac", key=key.key, description=f"an HMAC secret of {len(key.key)} bytes (oct JWK)", kid=kid
        )
    _refuse_for_hmac(alg, "a private JWK")
    if not isinstance(kty, str) or kty not in _JWK_LOADERS:
        raise SigningError(
            "bad_jwk", f"Unsupported key type (kty) {json.dumps(kty)[:30]}: use RSA, EC, OKP (or oct for HS*)."
        )
    if "d" not in jwk:
        raise SigningError(
            "public_key",
            f"This {kty} JWK is a public key (it has no 'd'). Public keys only verify; signing needs the private JWK, "
            "with 'd' (and for RSA p, q, dp, dq, qi). Or generate a key pair here.",
        )
    missing = [member for member in _JWK_PRIVATE_MEMBERS[kty] if not isinstance(jwk.get(member), str)]
    if missing:
        raise SigningError(
            "bad_jwk", f"This {kty} JWK lacks {', '.join(repr(m) for m in missing)} (base64url strings)."
        )
    try:
        obj = _JWK_LOADERS[kty](dict(jwk))
    except Exception:  # PyJWT and cryptography raise many types for bad members
        # Their messages can quote members; a fixed sentence keeps private values out of answers.
        raise SigningError(
            "bad_jwk",
            f"The members of this {kty} JWK do not make a valid private key: check that they are base64url and belong together.",
        ) from None
    return _private_key(obj, alg=alg, source="JWK", kid=kid)


def _jwk_object(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            raise SigningError("bad_jwk", "The JWK is not valid JSON.") from None
    if not isinstance(value, dict):
        raise SigningError(
            "bad_jwk", 'A JWK is a JSON object like {"kty": "EC", "crv": "P-256", "x": ..., "y": ..., "d": ...}.'
        )
    if "keys" in value and "kty" not in value:
        raise SigningError("bad_jwk", "This is a JWK Set; give the one private JWK to sign with.")
    return value


def generated_key(*, alg: str, size: int | None, curve: str | None) -> SigningKey:
    """A fresh key pair for `alg`: RSA of `size` bits (default 2048), else the alg's curve."""
    family = family_of(alg)
    if family == "hmac":
        raise SigningError(
            "wrong_key_type",
            f"{alg} signs with a shared secret, not a key pair: give a secret of at least {ALGORITHMS[alg][1]} random bytes.",
        )
    if family == "rsa":
        if curve is not None:
            raise SigningError("bad_curve", f"'curve' is for EC and Ed25519 keys; {alg} uses RSA: give 'size' instead.")
        bits = 2048 if size is None else size
        if bits not in RSA_SIZES:
            raise SigningError(
                "bad_size",
                f"RSA keys are generated with 2048, 3072 or 4096 bits, not {bits}. Under 2048 is breakable; over 4096 is slow for no gain here.",
            )
        private: Any = rsa.generate_private_key(public_exponent=65537, key_size=bits)
        return SigningKey(kind="rsa", key=private, description=f"a new RSA {bits}-bit key pair", generated=True)
    if size is not None:
        raise SigningError("bad_size", f"'size' is for RSA keys; {alg} uses the curve {ALG_CURVES[alg]}.")
    needed = ALG_CURVES[alg]
    if curve is not None and curve != needed:
        raise SigningError("curve_mismatch", f"{alg} signs with the curve {needed}, not {curve}. {_curve_hint(curve)}")
    if family == "okp":
        private = ed25519.Ed25519PrivateKey.generate()
        return SigningKey(kind="okp", key=private, description="a new Ed25519 key pair", generated=True)
    private = ec.generate_private_key(_EC_CURVES[needed]())
    return SigningKey(kind="ec", key=private, description=f"a new EC {needed} key pair", generated=True)


def _curve_hint(curve: str) -> str:
    for alg, needed in ALG_CURVES.items():
        if needed == curve:
            return f"{curve} keys go with {alg}."
    return f"Curves: {', '.join(CURVES)}."


def _refuse_for_hmac(alg: str, what: str) -> None:
    if family_of(alg) == "hmac":
        raise SigningError(
            "wrong_key_type",
            f"{alg} signs with a shared secret, not {what}. To sign with a private key choose RS*, PS*, ES* or EdDSA.",
        )


def _private_key(obj: Any, *, alg: str, source: str, kid: str | None = None) -> SigningKey:
    """Check a private key object against the algorithm and describe it."""
    if isinstance(obj, rsa.RSAPrivateKey):
        kind, description = "rsa", f"your RSA {obj.key_size}-bit private key ({source})"
    elif isinstance(obj, ec.EllipticCurvePrivateKey):
        curve = CURVE_NAMES.get(obj.curve.name, obj.curve.name)
        kind, description = "ec", f"your EC {curve} private key ({source})"
    elif isinstance(obj, ed25519.Ed25519PrivateKey):
        kind, description = "okp", f"your Ed25519 private key ({source})"
    elif isinstance(obj, ed448.Ed448PrivateKey):
        kind, description = "okp", f"your Ed448 private key ({source})"
    else:
        raise SigningError(
            "wrong_key_type",
            f"A {type(obj).__name__.removeprefix('_')} cannot sign JWTs: use an RSA, EC (P-256/384/521) or Ed25519 key.",
        )
    family = family_of(alg)
    if kind != family:
        raise SigningError(
            "wrong_key_type",
            f"{alg} signs with {KIND_WORDS[family]}, but this is {KIND_WORDS[kind]}: it signs {_FAMILY_ALGS[kind]}.",
        )
    if kind == "ec":
        curve = CURVE_NAMES.get(obj.curve.name, obj.curve.name)
        if curve != ALG_CURVES[alg]:
            raise SigningError(
                "curve_mismatch",
                f"{alg} signs with the curve {ALG_CURVES[alg]}, but this key is on {curve}. {_curve_hint(curve)}",
            )
    if kind == "rsa":
        problems = weak_key_problems("rsa", obj.public_key())
        if problems:
            raise SigningError(
                "weak_key", f"{problems[0].message} Verifiers (this debugger included) refuse tokens signed with it."
            )
    return SigningKey(kind=kind, key=obj, description=description, kid=kid)


# ---- signing and the halves to hand out -------------------------------------------------


def sign(*, header: dict[str, Any], payload: dict[str, Any], alg: str, key: SigningKey | None) -> str:
    """header.payload.signature, the header and payload serialised exactly once, compactly.

    `alg` goes first in the header (where people look for it); the caller has already refused
    a header that names a different one.
    """
    full_header = {"alg": alg, **{name: value for name, value in header.items() if name != "alg"}}
    signing_input = f"{b64url_encode(jsontext.compact(full_header))}.{b64url_encode(jsontext.compact(payload))}"
    if alg == UNSECURED_ALG:
        return signing_input + "."
    assert key is not None
    algorithm = get_default_algorithms()[alg]
    signature = algorithm.sign(signing_input.encode("ascii"), algorithm.prepare_key(key.key))
    return f"{signing_input}.{b64url_encode(signature)}"


def public_pem(key: SigningKey) -> str:
    return str(
        key.private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def private_pem(key: SigningKey) -> str:
    return str(
        key.private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode("ascii")
    )


def public_jwk_for(key: SigningKey, *, alg: str, kid: str | None) -> dict[str, Any]:
    """The public JWK, with kid, use and alg so that a JWK Set of it verifies this token.

    PyJWT adds `key_ops`; RFC 7517 4.3 says not to send it with `use`, so it goes."""
    jwk = {k: v for k, v in public_jwk(key.kind, key.private.public_key()).items() if k != "key_ops"}
    return {**jwk, "kid": kid or thumbprint(jwk), "use": "sig", "alg": alg}


def private_jwk_for(key: SigningKey, *, alg: str, kid: str) -> dict[str, Any]:
    algorithm: Any = {"rsa": RSAAlgorithm, "ec": ECAlgorithm, "okp": OKPAlgorithm}[key.kind]
    jwk = {k: v for k, v in algorithm.to_jwk(key.private, as_dict=True).items() if k != "key_ops"}
    return {**jwk, "kid": kid, "use": "sig", "alg": alg}
