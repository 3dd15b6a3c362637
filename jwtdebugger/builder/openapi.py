"""OpenAPI 3.1 fragment for POST /api/v1/sign, to merge into jwtdebugger.openapi.SPEC.

Kept here so the builder's contract lives next to its code; tests/builder/test_openapi.py
validates real answers against it.
"""

from __future__ import annotations

from typing import Any

from jwtdebugger.core.keys import ALGORITHMS

from . import encryption
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

ENCRYPT_KEY: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["type"],
    "properties": {
        "type": {
            "enum": list(encryption.KEY_TYPES),
            "description": "pem or jwk: the recipient's public key (RSA for RSA-OAEP*; EC P-256/P-384/P-521 or X25519/X448 "
            "for ECDH-ES*); a private key is accepted and only its public half used. jwk also takes an oct JWK for the "
            "symmetric algorithms. secret: the symmetric key as base64url, exactly the size the alg needs (for dir, enc's "
            "key size). password: for PBES2-*. generate: a key made now, handed out once in the answer.",
        },
        "value": {
            "description": "The key, secret or password. Absent for generate. Never repeated in an answer.",
            "type": ["string", "object"],
        },
        "size": {"enum": list(RSA_SIZES), "description": "generate with RSA-OAEP* only. Default 2048."},
        "curve": {"enum": list(encryption.ECDH_CURVES), "description": "generate with ECDH-ES* only. Default P-256."},
    },
}

SIGN_ENCRYPT: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["alg", "key"],
    "description": "Encrypt the signed token for a recipient: the answer's token becomes a nested JWT, the JWS inside a "
    "compact JWE whose protected header has cty 'JWT' (and kid, when the key has one). RSA1_5 is refused (deprecated).",
    "properties": {
        "alg": {"enum": list(encryption.ALGS), "description": "Key management algorithm."},
        "enc": {
            "enum": list(encryption.ENCS),
            "description": f"Content encryption algorithm. Default {encryption.DEFAULT_ENC}.",
        },
        "key": {"$ref": "#/components/schemas/SignEncryptKey"},
        "p2c": {
            "type": "integer",
            "minimum": encryption.MIN_P2C,
            "maximum": encryption.MAX_P2C,
            "description": f"PBES2-* only: the PBKDF2 iteration count. Default {encryption.DEFAULT_P2C}; at most the "
            "debugger's cap, so every token made here can be decrypted there.",
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
        "encrypt": {"$ref": "#/components/schemas/SignEncrypt"},
    },
}

SIGN_RESPONSE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["token", "public_jwk", "public_pem"],
    "properties": {
        "token": {"type": "string", "description": "The signed token (JWS), or with encrypt the JWE that holds it."},
        "signed_token": {"type": "string", "description": "With encrypt only: the signed token inside the JWE."},
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
        "decrypt_private_pem": {
            "type": "string",
            "description": "With encrypt and a generated RSA or ECDH key pair: the PKCS#8 PEM private key that decrypts the "
            "token. Shown once, never kept.",
        },
        "decrypt_private_jwk": {
            **JWK,
            "description": "The same private key as a JWK, with kid (RFC 7638 thumbprint, also the JWE header's kid), "
            "use 'enc' and the alg.",
        },
        "decrypt_secret": {
            "type": "string",
            "description": "With encrypt and a generated symmetric key: the key, base64url. Shown once, never kept.",
        },
        "decrypt_password": {
            "type": "string",
            "description": "With encrypt and a generated PBES2 password. Shown once, never kept.",
        },
    },
}

PATHS: dict[str, Any] = {
    "/api/v1/sign": {
        "post": {
            "summary": "Build and sign a token (HMAC secret, pasted private key, or a key pair generated now), and optionally encrypt it (nested JWT)",
            "operationId": "sign",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SignRequest"}}},
            },
            "responses": {
                "200": {
                    "description": "The token and the public half that verifies it; with encrypt, the JWE, the signed token inside it, and any decryption key made now.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SignResponse"}}},
                },
                "400": {
                    "description": "Bad body, unknown alg, alg none without unsecured, a key that does not fit the algorithm (secret for RS256, public key, wrong curve, weak RSA, short HMAC secret), garbage PEM/JWK, or a header naming another alg. With encrypt: unknown or refused alg/enc, a key of the wrong kind for the alg (a password for RSA-OAEP, an RSA key for ECDH-ES, a signing-only Ed25519 key), a symmetric key of the wrong size, RSA under 2048 bits, p2c out of range or given for a non-PBES2 alg.",
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

SCHEMAS: dict[str, Any] = {
    "SignKey": SIGN_KEY,
    "SignEncryptKey": ENCRYPT_KEY,
    "SignEncrypt": SIGN_ENCRYPT,
    "SignRequest": SIGN_REQUEST,
    "SignResponse": SIGN_RESPONSE,
}
