"""Sample tokens for the page's Examples menu, with keys that match.

The keys are generated when the process first needs them and never leave it except as the
example's public key or demo secret: no private key is shipped or reused anywhere else.
Tokens are signed when an example is loaded, so their times are always relative to now.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from joserfc import jwe as jose_jwe
from joserfc.jwk import OctKey
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from jwtdebugger.core.tokens import b64url_encode

COGNITO_REGION = "eu-west-1"
COGNITO_POOL = "eu-west-1_Ex4mpLe"
COGNITO_ISS = f"https://cognito-idp.{COGNITO_REGION}.amazonaws.com/{COGNITO_POOL}"
COGNITO_CLIENT = "7example0client0id0abc123"


@dataclass(frozen=True)
class Example:
    slug: str
    label: str
    verdict: str  # what the debugger says about it: valid / invalid / unverified
    token: str
    key_type: str = ""  # "" (no key), secret, pem, jwk, jwks
    key: str = ""
    expect: dict[str, Any] = field(default_factory=dict)
    decrypt_type: str = ""  # for an encrypted example: secret (base64url), ...
    decrypt_key: str = ""

    def form_data(self) -> dict[str, str]:
        data = {
            "token": self.token,
            "key_type": self.key_type,
            "key": self.key,
            "encoding": "utf8",
            "decrypt_type": self.decrypt_type,
            "decrypt_key": self.decrypt_key,
        }
        for name, value in self.expect.items():
            data[name] = " ".join(value) if isinstance(value, (list, tuple)) else str(value)
        return data


_lock = threading.Lock()


@cache
def _keys() -> dict[str, Any]:
    with _lock:
        return {
            "secret": secrets.token_urlsafe(32),
            "rsa": rsa.generate_private_key(public_exponent=65537, key_size=2048),
            "ec": ec.generate_private_key(ec.SECP256R1()),
            # A content-encryption demo key for the nested example only (A256KW: 32 bytes).
            "wrap": b64url_encode(secrets.token_bytes(32)),
        }


def _public_pem(private: Any) -> str:
    return (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def _jwk(private: Any, **extra: Any) -> dict[str, Any]:
    public = private.public_key()
    jwk = (
        RSAAlgorithm.to_jwk(public, as_dict=True)
        if isinstance(public, rsa.RSAPublicKey)
        else ECAlgorithm.to_jwk(public, as_dict=True)
    )
    jwk.update(extra)
    return jwk


# (slug, label) in menu order; the tokens are made by `build`.
MENU: tuple[tuple[str, str], ...] = (
    ("hs256", "Valid HS256 (shared secret)"),
    ("rs256-pem", "Valid RS256 with a PEM public key"),
    ("es256-jwk", "Valid ES256 with a JWK"),
    ("expired", "Expired token (exp)"),
    ("wrong-aud", "Wrong audience (aud)"),
    ("cognito-id", "Cognito ID token (JWK Set)"),
    ("cognito-access", "Cognito access token with scopes"),
    ("alg-none", "alg: none (unsigned)"),
    ("jwe", "Encrypted token (JWE), no key"),
    ("nested-jwe", "Nested JWT: JWS inside JWE, with its keys"),
)


def build(slug: str, now: float | None = None) -> Example | None:
    """The example `slug`, signed now; None for an unknown slug."""
    keys = _keys()
    t = int(time.time() if now is None else now)
    label = dict(MENU).get(slug)
    if label is None:
        return None
    rsa_key, ec_key, secret = keys["rsa"], keys["ec"], keys["secret"]
    user = {"sub": "3f1c5e2a-7b9d-4c1e-9a2f-0d6b8e4f1a77", "iat": t - 300}
    if slug == "hs256":
        token = jwt.encode({**user, "name": "Ada Lovelace", "exp": t + 3600}, secret, algorithm="HS256")
        return Example(slug, label, "valid", token, "secret", secret)
    if slug == "rs256-pem":
        token = jwt.encode(
            {**user, "iss": "https://auth.example.com", "aud": "orders-api", "exp": t + 3600},
            rsa_key,
            algorithm="RS256",
        )
        return Example(
            slug,
            label,
            "valid",
            token,
            "pem",
            _public_pem(rsa_key),
            {"iss": "https://auth.example.com", "aud": "orders-api"},
        )
    if slug == "es256-jwk":
        token = jwt.encode({**user, "exp": t + 900}, ec_key, algorithm="ES256", headers={"kid": "ec-1"})
        return Example(
            slug, label, "valid", token, "jwk", json.dumps(_jwk(ec_key, kid="ec-1", use="sig", alg="ES256"), indent=2)
        )
    if slug == "expired":
        token = jwt.encode({**user, "iat": t - 4 * 3600, "exp": t - 3 * 3600 - 12 * 60}, secret, algorithm="HS256")
        return Example(slug, label, "invalid", token, "secret", secret)
    if slug == "wrong-aud":
        token = jwt.encode(
            {**user, "iss": "https://auth.example.com", "aud": "billing-api", "exp": t + 3600},
            rsa_key,
            algorithm="RS256",
        )
        return Example(
            slug,
            label,
            "invalid",
            token,
            "pem",
            _public_pem(rsa_key),
            {"iss": "https://auth.example.com", "aud": "orders-api"},
        )
    jwks = json.dumps(
        {
            "keys": [
                _jwk(rsa_key, kid="cognito-rsa-1", use="sig", alg="RS256"),
                _jwk(ec_key, kid="other-ec", use="sig", alg="ES256"),
            ]
        },
        indent=2,
    )
    cognito = {
        "sub": user["sub"],
        "iss": COGNITO_ISS,
        "auth_time": t - 300,
        "iat": t - 300,
        "exp": t + 3300,
        "origin_jti": "b2c4d6e8-0000-4a1b-9c3d-5e7f9a1b3c5d",
        "event_id": "e1f2a3b4-1111-4c2d-8e3f-6a7b8c9d0e1f",
        "jti": "f0e1d2c3-2222-4b5a-9c8d-7e6f5a4b3c2d",
    }
    headers = {"kid": "cognito-rsa-1"}
    if slug == "cognito-id":
        payload = {
            **cognito,
            "aud": COGNITO_CLIENT,
            "token_use": "id",
            "cognito:username": "ada",
            "email": "ada@example.com",
            "email_verified": True,
        }
        token = jwt.encode(payload, rsa_key, algorithm="RS256", headers=headers)
        return Example(
            slug,
            label,
            "valid",
            token,
            "jwks",
            jwks,
            {"iss": COGNITO_ISS, "token_use": "id", "client_id": COGNITO_CLIENT},
        )
    if slug == "cognito-access":
        payload = {
            **cognito,
            "client_id": COGNITO_CLIENT,
            "token_use": "access",
            "scope": "orders/read orders/write",
            "username": "ada",
            "version": 2,
        }
        token = jwt.encode(payload, rsa_key, algorithm="RS256", headers=headers)
        return Example(
            slug,
            label,
            "valid",
            token,
            "jwks",
            jwks,
            {"iss": COGNITO_ISS, "token_use": "access", "client_id": COGNITO_CLIENT, "scopes": ["orders/read"]},
        )
    if slug == "alg-none":
        header = b64url_encode(b'{"alg":"none","typ":"JWT"}')
        body = b64url_encode(json.dumps({**user, "sub": "admin", "role": "admin", "exp": t + 3600}).encode())
        return Example(slug, label, "invalid", f"{header}.{body}.")
    if slug == "nested-jwe":
        inner = jwt.encode({**user, "iss": "https://auth.example.com", "exp": t + 3600}, rsa_key, algorithm="RS256")
        registry = jose_jwe.JWERegistry(algorithms=["A256KW", "A256GCM"])
        wrap_key = OctKey.import_key({"kty": "oct", "k": keys["wrap"]})
        token = jose_jwe.encrypt_compact(
            {"alg": "A256KW", "enc": "A256GCM", "cty": "JWT"}, inner.encode(), wrap_key, registry=registry
        )
        return Example(
            slug, label, "valid", token, "pem", _public_pem(rsa_key), decrypt_type="secret", decrypt_key=keys["wrap"]
        )
    # jwe: five segments; the content cannot be read without the key (like a Cognito refresh token).
    header = b64url_encode(json.dumps({"alg": "RSA-OAEP", "enc": "A256GCM", "cty": "JWT"}).encode())
    parts = [b64url_encode(secrets.token_bytes(n)) for n in (256, 12, 180, 16)]
    return Example(slug, label, "unverified", ".".join([header, *parts]))
