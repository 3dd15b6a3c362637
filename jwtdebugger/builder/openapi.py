"""OpenAPI 3.1 fragment for POST /api/v1/sign, to merge into jwtdebugger.openapi.SPEC.

Kept here so the builder's contract lives next to its code; tests/builder/test_openapi.py
validates real answers against it.
"""

from __future__ import annotations

from typing import Any

from jwtdebugger.core.keys import ALGORITHMS

from .signing import CURVES, RSA_SIZES

JWK: dict[str, Any] = {"type": "object", "required": ["kty"], "properties": {"kty": {"enum": ["RSA", "EC", "OKP"]}}}

SIGN_KEY: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["type"],
    "properties": {
        "type": {"enum": ["secret", "pem", "jwk", "generate"]},
        "value": {
            "description": "The HMAC secret (secret), private key PEM (pem), or private JWK, as an object or its JSON text (jwk). Absent for generate. Never repeated in an answer.",
            "type": ["string", "object"],
        },
        "encoding": {"enum": ["utf8", "base64", "base64url"], "description": "Secrets only. Default utf8."},
        "size": {"enum": list(RSA_SIZES), "description": "generate with RS*/PS* only. Default 2048."},
        "curve": {
            "enum": list(CURVES),
            "description": "generate with ES*/EdDSA only; must be the algorithm's curve (the default).",
        },
    },
}

SIGN_REQUEST: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["payload"],
    "properties": {
        "header": {
            "type": "object",
            "description": "Signed as given, with 'alg' set first. Default {\"typ\": \"JWT\"}. An 'alg' here must equal the request's alg.",
        },
        "payload": {"type": "object", "description": "The claims, signed in the order given."},
        "alg": {
            "enum": [*ALGORITHMS, "none"],
            "description": "Default: the header's alg. 'none' needs unsecured: true.",
        },
        "key": {"$ref": "#/components/schemas/SignKey"},
        "unsecured": {
            "type": "boolean",
            "description": "true makes an alg 'none' token without a signature (and without a key), for testing validators.",
        },
    },
}

SIGN_RESPONSE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["token", "public_jwk", "public_pem"],
    "properties": {
        "token": {"type": "string"},
        "public_jwk": {
            "description": "With kid (the header's, the pasted JWK's, or the RFC 7638 thumbprint), use 'sig' and alg. null for HMAC and alg none.",
            "oneOf": [{"type": "null"}, JWK],
        },
        "public_pem": {
            "type": ["string", "null"],
            "description": "SubjectPublicKeyInfo PEM. null for HMAC and alg none.",
        },
        "private_pem": {
            "type": "string",
            "description": "PKCS#8 PEM; only for a generated key, shown once, never kept.",
        },
        "private_jwk": {**JWK, "description": "Only for a generated key."},
    },
}

PATHS: dict[str, Any] = {
    "/api/v1/sign": {
        "post": {
            "summary": "Build and sign a token (HMAC secret, pasted private key, or a key pair generated now)",
            "operationId": "sign",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SignRequest"}}},
            },
            "responses": {
                "200": {
                    "description": "The token and the public half that verifies it.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SignResponse"}}},
                },
                "400": {
                    "description": "Bad body, unknown alg, alg none without unsecured, a key that does not fit the algorithm (secret for RS256, public key, wrong curve, weak RSA, short HMAC secret), garbage PEM/JWK, or a header naming another alg.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
                "405": {
                    "description": "Only POST is allowed.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
                "413": {
                    "description": "The body is larger than 256 KiB.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
            },
        }
    }
}

SCHEMAS: dict[str, Any] = {"SignKey": SIGN_KEY, "SignRequest": SIGN_REQUEST, "SignResponse": SIGN_RESPONSE}
