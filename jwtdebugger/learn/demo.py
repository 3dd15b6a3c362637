"""Demo keys and token makers for the lessons, scenarios, quiz and simulator.

The keys are generated in this process the first time they are needed and are used for
nothing else: only their public parts leave the process (at /learn/jwks.json and in the
"Open in the debugger" forms), and the HMAC secrets are demo secrets made for the lessons.
Tokens are signed when a page is made, so their times are relative to that moment.

Pure Python (no Django import), like the engine.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
from functools import cache
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from jwtdebugger.core.tokens import b64url_decode, b64url_encode

# A Cognito-shaped issuer for a user pool that does not exist: the lessons talk about
# Cognito, but the keys are ours (published at /learn/jwks.json, not at Cognito).
REGION = "eu-west-1"
POOL_ID = "eu-west-1_LearnDemo"
ISSUER = f"https://cognito-idp.{REGION}.amazonaws.com/{POOL_ID}"
STAGING_ISSUER = f"https://cognito-idp.{REGION}.amazonaws.com/{REGION}_StagingPool"
CLIENT_ID = "5learn0demo0app0client0id"
OTHER_CLIENT_ID = "7another0app0client0id00"
USER_SUB = "8f3c2a1e-5b7d-4e9f-a1c3-2d4e6f8a0b1c"
OTHER_SUB = "1a2b3c4d-0000-4e5f-8a9b-0c1d2e3f4a5b"
WEB_ISSUER = "https://auth.example.com"
API_AUDIENCE = "orders-api"

RSA_KID = "learn-rsa-1"
EC_KID = "learn-ec-1"
RETIRED_KID = "learn-rsa-0"  # a kid the published set no longer holds (rotated away)

_lock = threading.Lock()


@cache
def _keys() -> dict[str, Any]:
    with _lock:
        return {
            "rsa": rsa.generate_private_key(public_exponent=65537, key_size=2048),
            "ec": ec.generate_private_key(ec.SECP256R1()),
            # 32 random bytes as base64url text: as long as HS256's hash, never in a wordlist.
            "secret": secrets.token_urlsafe(32),
            "other_secret": secrets.token_urlsafe(32),
        }


def secret() -> str:
    """The demo HMAC secret (UTF-8 text)."""
    return str(_keys()["secret"])


def other_secret() -> str:
    """A second demo secret: the "wrong secret" a server might be configured with."""
    return str(_keys()["other_secret"])


def public_pem() -> str:
    """The demo RSA public key as PEM (SubjectPublicKeyInfo)."""
    key = _keys()["rsa"].public_key()
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def rsa_jwk() -> dict[str, Any]:
    jwk = RSAAlgorithm.to_jwk(_keys()["rsa"].public_key(), as_dict=True)
    return {**jwk, "kid": RSA_KID, "use": "sig", "alg": "RS256"}


def ec_jwk() -> dict[str, Any]:
    jwk = ECAlgorithm.to_jwk(_keys()["ec"].public_key(), as_dict=True)
    return {**jwk, "kid": EC_KID, "use": "sig", "alg": "ES256"}


def jwks() -> dict[str, Any]:
    """The published JWK Set: public keys only."""
    return {"keys": [rsa_jwk(), ec_jwk()]}


def jwks_text() -> str:
    return json.dumps(jwks(), indent=2)


def rsa_jwk_text() -> str:
    return json.dumps(rsa_jwk(), indent=2)


# ---- signing ----------------------------------------------------------------------------


def rs256(payload: dict[str, Any], *, kid: str | None = RSA_KID) -> str:
    headers = {"kid": kid} if kid else None
    return jwt.encode(payload, _keys()["rsa"], algorithm="RS256", headers=headers)


def es256(payload: dict[str, Any], *, kid: str = EC_KID) -> str:
    return jwt.encode(payload, _keys()["ec"], algorithm="ES256", headers={"kid": kid})


def hs256(payload: dict[str, Any], *, key: str | None = None) -> str:
    return jwt.encode(payload, key if key is not None else secret(), algorithm="HS256")


def _segment(value: dict[str, Any]) -> str:
    return b64url_encode(json.dumps(value, separators=(",", ":")).encode())


def unsigned(payload: dict[str, Any]) -> str:
    """An `alg: none` token: header and payload, an empty signature."""
    return f"{_segment({'alg': 'none', 'typ': 'JWT'})}.{_segment(payload)}."


def hmac_with_public_key(payload: dict[str, Any]) -> str:
    """The key-confusion forgery: HS256 with the RSA public key's PEM text as the HMAC secret.

    PyJWT refuses to do this (rightly), so the HMAC is computed here by hand.
    """
    signing_input = f"{_segment({'alg': 'HS256', 'typ': 'JWT'})}.{_segment(payload)}"
    mac = hmac.new(public_pem().encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url_encode(mac)}"


def tamper(token: str, claim: str) -> str:
    """The same token with one character of the string claim `claim` changed and the
    original signature kept: what an attacker who edits a payload gets."""
    header, payload_segment, signature = token.split(".")
    payload = json.loads(b64url_decode(payload_segment))
    value = str(payload[claim])
    last = value[-1]
    payload[claim] = value[:-1] + ("2" if last != "2" else "3")
    return f"{header}.{_segment(payload)}.{signature}"


def refresh_token() -> str:
    """A stand-in for a Cognito refresh token: an encrypted JWE (five parts) whose content
    cannot be read. Random bytes: there is nothing behind it to decrypt."""
    header = _segment({"cty": "JWT", "enc": "A256GCM", "alg": "RSA-OAEP"})
    parts = [b64url_encode(secrets.token_bytes(n)) for n in (256, 12, 420, 16)]
    return ".".join([header, *parts])
