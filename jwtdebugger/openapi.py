"""The OpenAPI 3.1 description of the JSON API, served at /api/v1/openapi.json.

A test validates real answers against these schemas, so keep it in step with api.py.
"""

from __future__ import annotations

from typing import Any

STATUSES = ["pass", "fail", "warn", "skip", "info"]

KEY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type"],
    "properties": {
        "type": {"enum": ["secret", "pem", "jwk", "jwks", "jwks_url", "issuer"]},
        "value": {
            "description": "Secret text, PEM text, a JWK or JWK Set (object or its JSON text), a JWKS URL, or the issuer URL (optional for 'issuer': default the token's iss).",
            "type": ["string", "object"],
        },
        "encoding": {"enum": ["utf8", "base64", "base64url"], "description": "Secrets only. Default utf8."},
    },
}

EXPECT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "iss": {"type": "string"},
        "aud": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "sub": {"type": "string"},
        "typ": {"type": "string"},
        "algorithms": {"type": "array", "items": {"type": "string"}},
        "token_use": {"enum": ["id", "access"]},
        "client_id": {"type": "string"},
        "scopes": {"type": "array", "items": {"type": "string"}},
        "required": {"type": "array", "items": {"type": "string"}},
    },
}

INSPECT_REQUEST: dict[str, Any] = {
    "type": "object",
    "required": ["token"],
    "properties": {
        "token": {
            "type": "string",
            "description": "The token; whitespace, quotes and 'Authorization: Bearer ' are removed.",
        },
        "key": {"$ref": "#/components/schemas/Key"},
        "expect": {"$ref": "#/components/schemas/Expect"},
        "leeway": {"type": "integer", "minimum": 0, "maximum": 300, "description": "Seconds of clock skew allowed."},
        "at": {"type": "number", "description": "Evaluation time, Unix seconds. Default: now."},
        "decrypt_key": {
            "type": "object",
            "description": "Opens an encrypted token (JWE). A nested token inside is verified with `key`.",
            "required": ["type", "value"],
            "properties": {
                "type": {"enum": ["pem", "jwk", "secret", "password"]},
                "value": {
                    "type": ["string", "object"],
                    "description": "Private PEM, a JWK (private or oct), a base64url symmetric key, or a PBES2 password.",
                },
            },
        },
    },
}

CHECK: dict[str, Any] = {
    "type": "object",
    "required": ["id", "status", "claim", "title", "message", "expected", "actual"],
    "properties": {
        "id": {"type": "string", "examples": ["signature", "claim.exp", "format"]},
        "status": {"enum": STATUSES},
        "claim": {"type": ["string", "null"]},
        "title": {"type": "string"},
        "message": {"type": "string"},
        "expected": {},
        "actual": {},
        "lesson": {
            "type": ["string", "null"],
            "description": "Slug of the lesson at /learn/<slug>/ that explains this check.",
        },
    },
}

CLAIM: dict[str, Any] = {
    "type": "object",
    "required": ["name", "value", "description", "display", "part"],
    "properties": {
        "name": {"type": "string"},
        "value": {},
        "description": {"type": "string"},
        "display": {"type": ["string", "null"]},
        "part": {"enum": ["header", "payload"]},
    },
}

INSPECT_RESPONSE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["verdict", "token", "checks", "claims", "evaluated_at", "leeway"],
    "properties": {
        "verdict": {"enum": ["valid", "invalid", "unverified"]},
        "token": {
            "type": "object",
            "required": ["format", "header", "payload", "signature", "cleaned"],
            "properties": {
                "format": {"enum": ["jws", "jwe", "unsecured", "malformed"]},
                "header": {"type": ["object", "null"]},
                "payload": {"type": ["object", "null"]},
                "signature": {"type": ["string", "null"]},
                "cleaned": {"type": "array", "items": {"type": "string"}},
            },
        },
        "checks": {"type": "array", "items": {"$ref": "#/components/schemas/Check"}},
        "claims": {"type": "array", "items": {"$ref": "#/components/schemas/Claim"}},
        "evaluated_at": {"type": "number"},
        "leeway": {"type": "integer"},
        "jwe": {
            "type": "object",
            "description": "The decrypted layer of an encrypted token, when decrypt_key opened it.",
            "required": ["header", "plaintext", "plaintext_base64url", "nested", "inner"],
            "properties": {
                "header": {"type": "object"},
                "plaintext": {
                    "type": ["string", "null"],
                    "description": "The decrypted content as UTF-8 text (null when it is not text).",
                },
                "plaintext_base64url": {"type": ["string", "null"]},
                "nested": {"type": "boolean"},
                "inner": {
                    "oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/InspectResponse"}],
                    "description": "The inner token's full inspect answer, when nested.",
                },
            },
        },
        "key_source": {
            "type": "object",
            "description": "Where remote keys came from (key types jwks_url and issuer).",
            "required": ["type", "url", "discovered_from", "from_cache", "ok", "message"],
            "properties": {
                "type": {"enum": ["jwks_url", "issuer"]},
                "url": {"type": ["string", "null"], "description": "The JWKS URL fetched."},
                "discovered_from": {
                    "type": ["string", "null"],
                    "description": "The OpenID configuration URL, when discovery was used.",
                },
                "from_cache": {"type": "boolean"},
                "ok": {"type": "boolean"},
                "message": {"type": ["string", "null"]},
            },
        },
        "key_set": {
            "type": "array",
            "description": "Every key of the JWK Set used (pasted or fetched), never its material.",
            "items": {
                "type": "object",
                "required": ["kid", "kty", "size", "use", "alg", "thumbprint", "matched", "problems"],
                "properties": {
                    "kid": {"type": ["string", "null"]},
                    "kty": {"type": ["string", "null"]},
                    "size": {"type": ["string", "null"], "description": "RSA/oct size in bits, or the EC/OKP curve."},
                    "use": {"type": ["string", "null"]},
                    "alg": {"type": ["string", "null"]},
                    "thumbprint": {
                        "type": ["string", "null"],
                        "description": "RFC 7638 JWK thumbprint, SHA-256, base64url.",
                    },
                    "matched": {"type": "boolean"},
                    "problems": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
        "key": {
            "type": "object",
            "description": "The key used, when one was chosen (never its material).",
            "properties": {
                "kind": {"enum": ["hmac", "rsa", "ec", "okp"]},
                "source": {"type": "string"},
                "description": {"type": "string"},
                "kid": {"type": ["string", "null"]},
                "alg": {"type": ["string", "null"]},
                "thumbprint": {"type": ["string", "null"]},
            },
        },
    },
}

ERROR: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "JWT debugger API",
        "version": "1",
        "description": "Decode, validate and explain JSON Web Tokens. Tokens and keys travel in POST bodies only and are never stored or logged.",
    },
    "paths": {
        "/api/v1/inspect": {
            "post": {
                "summary": "Inspect a token: decode, verify and explain every check",
                "operationId": "inspect",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InspectRequest"}}},
                },
                "responses": {
                    "200": {
                        "description": "The report (also for malformed tokens: see token.format and the format check).",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InspectResponse"}}},
                    },
                    "400": _error("The body is not a JSON object, lacks 'token', or has fields of the wrong type."),
                    "405": _error("Only POST is allowed."),
                    "413": _error("The body is larger than 256 KiB."),
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Key": KEY_SCHEMA,
            "Expect": EXPECT_SCHEMA,
            "InspectRequest": INSPECT_REQUEST,
            "Check": CHECK,
            "Claim": CLAIM,
            "InspectResponse": INSPECT_RESPONSE,
            "Error": ERROR,
        }
    },
}


REPORT_ENVELOPE: dict[str, Any] = {
    "type": "object",
    "required": ["id", "url", "json_url", "expires_at", "report"],
    "properties": {
        "id": {"type": "string", "description": "At least 128 random bits, URL-safe."},
        "url": {"type": "string", "format": "uri"},
        "json_url": {"type": "string", "format": "uri"},
        "markdown_url": {"type": "string", "format": "uri"},
        "created_at": {"type": "string", "format": "date-time"},
        "expires_at": {"type": "string", "format": "date-time", "description": "ISO 8601, UTC."},
        "delete_token": {
            "type": "string",
            "description": "Only in the 201 answer: send it as X-Delete-Token to delete early.",
        },
        "report": {
            "type": "object",
            "description": 'The stored report: the inspect answer without signature or key material, hidden claims replaced by "[hidden]".',
        },
    },
}

REPORT_PATHS: dict[str, Any] = {
    "/api/v1/reports": {
        "post": {
            "summary": "Create a shareable report of an inspection (never stores the token, signature or key)",
            "operationId": "createReport",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "allOf": [
                                {"$ref": "#/components/schemas/InspectRequest"},
                                {
                                    "properties": {
                                        "ttl": {
                                            "type": "integer",
                                            "minimum": 3600,
                                            "maximum": 2592000,
                                            "default": 604800,
                                        },
                                        "hide_claims": {"type": "array", "items": {"type": "string"}},
                                    }
                                },
                            ]
                        }
                    }
                },
            },
            "responses": {
                "201": {
                    "description": "Created.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReportEnvelope"}}},
                },
                "400": _error("Bad body (as for inspect), or ttl / hide_claims of the wrong type or range."),
                "405": _error("Only POST is allowed."),
                "413": _error("The body is larger than 256 KiB."),
                "429": _error("Too many reports from this address (JWTDEBUGGER_REPORTS_RATE); see Retry-After."),
            },
        }
    },
    "/api/v1/reports/{id}": {
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
        "get": {
            "summary": "The stored report",
            "operationId": "getReport",
            "responses": {
                "200": {
                    "description": "The report.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReportEnvelope"}}},
                },
                "404": _error("Unknown (or purged) id."),
                "410": _error("Expired or deleted."),
            },
        },
        "delete": {
            "summary": "Delete a report early",
            "operationId": "deleteReport",
            "parameters": [{"name": "X-Delete-Token", "in": "header", "required": True, "schema": {"type": "string"}}],
            "responses": {
                "204": {"description": "Deleted."},
                "403": _error("Wrong or missing delete token."),
                "404": _error("Unknown id."),
                "410": _error("Already expired or deleted."),
            },
        },
    },
}


SIMULATE_REQUEST: dict[str, Any] = {
    "type": "object",
    "required": ["token", "authorizer"],
    "properties": {
        "token": {"type": "string"},
        "key": {"$ref": "#/components/schemas/Key"},
        "authorizer": {
            "type": "object",
            "required": ["type"],
            "properties": {
                "type": {"enum": ["http_api_jwt", "rest_cognito", "lambda_cognito"]},
                "issuer": {"type": "string"},
                "audience": {"type": "array", "items": {"type": "string"}},
                "scopes": {"type": "array", "items": {"type": "string"}},
                "token_use": {"enum": ["id", "access"]},
                "client_id": {"type": "string"},
            },
        },
        "at": {"type": "number"},
    },
}

SIMULATE_RESPONSE: dict[str, Any] = {
    "type": "object",
    "required": ["decision", "status", "reason", "checks", "config"],
    "properties": {
        "decision": {"enum": ["allow", "deny"]},
        "status": {"enum": [200, 401, 403]},
        "reason": {"type": "string"},
        "checks": {"type": "array", "items": {"type": "object", "required": ["id", "status", "title", "message"]}},
        "config": {
            "type": "object",
            "required": ["aws_cli", "aws_jwt_verify"],
            "properties": {"aws_cli": {"type": "string"}, "aws_jwt_verify": {"type": "string"}},
        },
    },
}

INSPECT_RESPONSE_REQUEST: dict[str, Any] = {
    "type": "object",
    "required": ["response"],
    "properties": {
        "response": {"type": ["object", "string"], "description": "A token-endpoint response, or its JSON text."},
        "key": {"$ref": "#/components/schemas/Key"},
        "expect": {"$ref": "#/components/schemas/Expect"},
        "leeway": {"type": "integer", "minimum": 0, "maximum": 300},
        "at": {"type": "number"},
    },
}

INSPECT_RESPONSE_ANSWER: dict[str, Any] = {
    "type": "object",
    "required": ["id_token", "access_token", "refresh_token", "checks"],
    "properties": {
        "id_token": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/InspectResponse"}]},
        "access_token": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/InspectResponse"}]},
        "refresh_token": {"type": ["object", "null"], "properties": {"format": {"type": "string"}}},
        "checks": {"type": "array", "items": {"$ref": "#/components/schemas/Check"}},
    },
}


def _json_post(summary: str, operation: str, request: str, answer: str) -> dict[str, Any]:
    return {
        "post": {
            "summary": summary,
            "operationId": operation,
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{request}"}}},
            },
            "responses": {
                "200": {
                    "description": "The answer.",
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{answer}"}}},
                },
                "400": _error("Not a JSON object, or fields missing or of the wrong type."),
                "405": _error("Only POST is allowed."),
                "413": _error("The body is larger than 256 KiB."),
            },
        }
    }


def _extend() -> None:
    """Other modules' endpoints join the one description."""
    from jwtdebugger.builder import openapi as builder_openapi

    SPEC["paths"].update(builder_openapi.PATHS)
    SPEC["components"]["schemas"].update(builder_openapi.SCHEMAS)
    SPEC["paths"].update(REPORT_PATHS)
    SPEC["components"]["schemas"]["ReportEnvelope"] = REPORT_ENVELOPE
    SPEC["paths"]["/api/v1/simulate"] = _json_post(
        "Simulate an API Gateway authorizer on a token", "simulate", "SimulateRequest", "SimulateResponse"
    )
    SPEC["paths"]["/api/v1/inspect-response"] = _json_post(
        "Inspect a whole Cognito token-endpoint response (ID, access and refresh tokens together)",
        "inspectResponse",
        "InspectTokenResponseRequest",
        "InspectTokenResponseAnswer",
    )
    SPEC["components"]["schemas"].update(
        {
            "SimulateRequest": SIMULATE_REQUEST,
            "SimulateResponse": SIMULATE_RESPONSE,
            "InspectTokenResponseRequest": INSPECT_RESPONSE_REQUEST,
            "InspectTokenResponseAnswer": INSPECT_RESPONSE_ANSWER,
        }
    )


_extend()
