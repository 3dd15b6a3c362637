"""The builder's OpenAPI fragment describes what the API really accepts and answers."""

from __future__ import annotations

import json

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from jwtdebugger.builder import openapi
from jwtdebugger.openapi import SPEC


def schema(name: str) -> jsonschema.Draft202012Validator:
    schemas = {**SPEC["components"]["schemas"], **openapi.SCHEMAS}
    resource = Resource.from_contents({"components": {"schemas": schemas}}, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:spec", resource)
    return jsonschema.Draft202012Validator({"$ref": f"urn:spec#/components/schemas/{name}"}, registry=registry)


@pytest.mark.parametrize(
    "body",
    [
        {"payload": {"sub": "a"}, "alg": "ES256", "key": {"type": "generate", "curve": "P-256"}},
        {"header": {"kid": "k"}, "payload": {}, "alg": "RS256", "key": {"type": "generate", "size": 2048}},
        {"payload": {}, "alg": "HS256", "key": {"type": "secret", "value": "x" * 32, "encoding": "utf8"}},
        {"payload": {}, "alg": "none", "unsecured": True},
        {
            "payload": {"sub": "a"},
            "alg": "ES256",
            "key": {"type": "generate"},
            "encrypt": {"alg": "RSA-OAEP-256", "enc": "A256GCM", "key": {"type": "generate", "size": 2048}},
        },
        {
            "payload": {},
            "alg": "EdDSA",
            "key": {"type": "generate"},
            "encrypt": {"alg": "ECDH-ES+A128KW", "key": {"type": "generate", "curve": "X25519"}},
        },
        {
            "payload": {},
            "alg": "HS256",
            "key": {"type": "secret", "value": "x" * 32},
            "encrypt": {"alg": "dir", "enc": "A128CBC-HS256", "key": {"type": "generate"}},
        },
        {
            "payload": {},
            "alg": "HS256",
            "key": {"type": "secret", "value": "x" * 32},
            "encrypt": {"alg": "PBES2-HS256+A128KW", "key": {"type": "password", "value": "pw"}, "p2c": 4096},
        },
        {
            "payload": {},
            "alg": "HS256",
            "key": {"type": "secret", "value": "x" * 32},
            "encrypt": {"alg": "PBES2-HS384+A192KW", "key": {"type": "generate"}},
        },
    ],
)
def test_requests_and_answers_match_the_schemas(client, body):
    schema("SignRequest").validate(body)
    response = client.post("/api/v1/sign", json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    schema("SignResponse").validate(response.json())


def test_errors_match_the_error_schema(client):
    response = client.post("/api/v1/sign", json.dumps({"payload": []}), content_type="application/json")
    assert response.status_code == 400
    schema("Error").validate(response.json())


def test_the_fragment_names_only_known_schemas():
    text = json.dumps(openapi.PATHS) + json.dumps(openapi.SCHEMAS)
    refs = {part.split('"')[0] for part in text.split("#/components/schemas/")[1:]}
    assert refs <= set(openapi.SCHEMAS) | set(SPEC["components"]["schemas"])


@pytest.mark.parametrize(
    "encrypt",
    [
        {"alg": "RSA1_5", "key": {"type": "generate"}},
        {"alg": "A128KW", "key": {"type": "generate"}, "zip": "DEF"},
        {"alg": "PBES2-HS256+A128KW", "key": {"type": "generate"}, "p2c": 999},
        {"alg": "A128KW"},
    ],
)
def test_the_schema_refuses_what_the_api_refuses(client, encrypt):
    body = {"payload": {}, "alg": "EdDSA", "key": {"type": "generate"}, "encrypt": encrypt}
    assert not schema("SignRequest").is_valid(body)
    response = client.post("/api/v1/sign", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    schema("Error").validate(response.json())
