"""Test keys and token makers, generated per test session (never shipped, never reused)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

NOW = 1_795_719_600  # 2026-11-26 19:00:00 UTC
SECRET = "a-very-long-test-secret-of-at-least-64-bytes-for-every-hs-algorithm!!"


@cache
def rsa_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


@cache
def ec_key(curve_name: str = "P-256") -> ec.EllipticCurvePrivateKey:
    curve = {"P-256": ec.SECP256R1(), "P-384": ec.SECP384R1(), "P-521": ec.SECP521R1()}[curve_name]
    return ec.generate_private_key(curve)


@cache
def ed_key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


def public_pem(private: Any, fmt: serialization.PublicFormat = serialization.PublicFormat.SubjectPublicKeyInfo) -> str:
    return private.public_key().public_bytes(serialization.Encoding.PEM, fmt).decode()


def private_pem(private: Any) -> str:
    return private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def public_jwk(private: Any, **extra: Any) -> dict[str, Any]:
    public = private.public_key()
    if isinstance(public, rsa.RSAPublicKey):
        jwk = RSAAlgorithm.to_jwk(public, as_dict=True)
    elif isinstance(public, ec.EllipticCurvePublicKey):
        jwk = ECAlgorithm.to_jwk(public, as_dict=True)
    else:
        jwk = OKPAlgorithm.to_jwk(public, as_dict=True)
    jwk.update(extra)
    return jwk


def make_token(
    payload: dict[str, Any] | None = None,
    *,
    alg: str = "HS256",
    key: Any = SECRET,
    headers: dict[str, Any] | None = None,
) -> str:
    claims = {"sub": "user-1", "iat": NOW - 60, "exp": NOW + 3600} if payload is None else payload
    return jwt.encode(claims, key, algorithm=alg, headers=headers)


def raw_token(header: dict[str, Any] | bytes, payload: dict[str, Any] | bytes, signature: bytes = b"sig") -> str:
    from jwtdebugger.core.tokens import b64url_encode

    h = header if isinstance(header, bytes) else json.dumps(header).encode()
    p = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return f"{b64url_encode(h)}.{b64url_encode(p)}.{b64url_encode(signature)}"
