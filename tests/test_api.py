import json

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from jwtdebugger.openapi import SPEC
from tests.keys import NOW, SECRET, ec_key, make_token, public_jwk, public_pem, rsa_key

URL = "/api/v1/inspect"


def post(client, body, **extra):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **extra)


def schema(name):
    """A validator for one of the spec's component schemas, with its $refs resolved."""
    resource = Resource.from_contents({"components": SPEC["components"]}, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:spec", resource)
    ref_schema = {"$ref": f"urn:spec#/components/schemas/{name}"}
    return jsonschema.Draft202012Validator(ref_schema, registry=registry)


def test_valid_hs256(client):
    response = post(client, {"token": make_token(), "key": {"type": "secret", "value": SECRET}, "at": NOW})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["verdict"] == "valid"
    assert body["token"]["header"] == {"alg": "HS256", "typ": "JWT"}
    assert body["token"]["format"] == "jws"
    ids = [c["id"] for c in body["checks"]]
    for expected in (
        "format",
        "header.alg",
        "header.typ",
        "key",
        "signature",
        "claim.exp",
        "claim.nbf",
        "claim.iat",
        "claim.iss",
        "claim.aud",
        "claim.sub",
    ):
        assert expected in ids
    exp = next(c for c in body["claims"] if c["name"] == "exp")
    assert exp["display"] == "2026-11-26 20:00:00 UTC (in 1 h)"
    schema("InspectResponse").validate(body)


def test_every_key_type_and_expectation(client):
    token = make_token(
        {
            "iss": "https://issuer",
            "aud": ["a", "b"],
            "sub": "s",
            "exp": NOW + 60,
            "scope": "x y",
            "client_id": "c",
            "token_use": "access",
        },
        alg="ES256",
        key=ec_key(),
        headers={"kid": "k1"},
    )
    expect = {
        "iss": "https://issuer",
        "aud": "b",
        "sub": "s",
        "algorithms": ["ES256"],
        "token_use": "access",
        "client_id": "c",
        "scopes": ["y"],
        "required": ["scope"],
    }
    for key in (
        {"type": "jwk", "value": public_jwk(ec_key())},
        {"type": "jwk", "value": json.dumps(public_jwk(ec_key()))},
        {"type": "jwks", "value": {"keys": [public_jwk(ec_key(), kid="k1")]}},
        {"type": "pem", "value": public_pem(ec_key())},
    ):
        body = post(client, {"token": token, "key": key, "expect": expect, "leeway": 5, "at": NOW}).json()
        assert body["verdict"] == "valid", [c for c in body["checks"] if c["status"] == "fail"]
        assert body["key"]["kind"] == "ec"
        schema("InspectResponse").validate(body)


def test_garbage_token_is_200_malformed(client):
    response = post(client, {"token": "not-a-token"})
    assert response.status_code == 200
    body = response.json()
    assert body["token"]["format"] == "malformed"
    assert body["verdict"] == "invalid"
    assert body["checks"][0]["id"] == "format" and body["checks"][0]["status"] == "fail"
    schema("InspectResponse").validate(body)


def test_rsa_wrong_key_is_invalid(client):
    token = make_token(alg="RS256", key=rsa_key())
    body = post(client, {"token": token, "key": {"type": "pem", "value": public_pem(ec_key())}}).json()
    assert body["verdict"] == "invalid"
    key_check = next(c for c in body["checks"] if c["id"] == "key")
    assert key_check["status"] == "fail"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("[]", "invalid_body"),
        ("not json", "invalid_json"),
        (b"\xff\xfe", "invalid_json"),
        ({}, "missing_token"),
        ({"token": 5}, "invalid_field"),
        ({"token": "x", "key": "secret"}, "invalid_field"),
        ({"token": "x", "key": {"type": "ssh", "value": "x"}}, "invalid_field"),
        ({"token": "x", "key": {"type": "secret", "value": 5}}, "invalid_field"),
        ({"token": "x", "key": {"type": "secret", "value": "s", "encoding": "hex"}}, "invalid_field"),
        ({"token": "x", "key": {"type": "pem", "value": "s", "encoding": "utf8"}}, "invalid_field"),
        ({"token": "x", "expect": {"aud": 5}}, "invalid_field"),
        ({"token": "x", "expect": {"colour": "red"}}, "invalid_field"),
        ({"token": "x", "expect": {"token_use": "refresh"}}, "invalid_field"),
        ({"token": "x", "leeway": 301}, "invalid_field"),
        ({"token": "x", "leeway": -1}, "invalid_field"),
        ({"token": "x", "leeway": "5"}, "invalid_field"),
        ({"token": "x", "at": "now"}, "invalid_field"),
        ({"token": "x", "at": 1e300}, "invalid_field"),
    ],
)
def test_bad_bodies_are_400_with_error_shape(client, body, code):
    response = post(client, body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    schema("Error").validate(response.json())


def test_body_over_256_kib_is_413(client):
    response = post(client, {"token": "a" * (256 * 1024)})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"


@pytest.mark.parametrize("method", ["get", "put", "delete", "patch"])
def test_other_methods_are_405(client, method):
    response = getattr(client, method)(URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_openapi_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"] == "3.1.0"
    assert set(spec["paths"]["/api/v1/inspect"]["post"]["responses"]) == {"200", "400", "405", "413"}
    # The request schema accepts what the API accepts.
    schema("InspectRequest").validate(
        {"token": "x", "key": {"type": "secret", "value": "s", "encoding": "base64"}, "leeway": 3}
    )


def test_learn_apis_match_the_openapi_description(client):
    from jwtdebugger.learn import cases

    token = make_token({"iss": "https://i", "aud": "a", "exp": NOW + 60, "scope": "x"}, alg="RS256", key=rsa_key())
    body = {
        "token": token,
        "key": {"type": "pem", "value": public_pem(rsa_key())},
        "authorizer": {"type": "http_api_jwt", "issuer": "https://i", "audience": ["a"], "scopes": ["y"]},
        "at": NOW,
    }
    simulated = client.post("/api/v1/simulate", data=json.dumps(body), content_type="application/json")
    schema("SimulateRequest").validate(body)
    schema("SimulateResponse").validate(simulated.json())
    assert simulated.json()["status"] == 403
    fields = cases.token_response_example("matching")
    answer = client.post(
        "/api/v1/inspect-response", data=json.dumps({"response": fields["response"]}), content_type="application/json"
    )
    schema("InspectTokenResponseAnswer").validate(answer.json())
    spec = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/inspect",
        "/api/v1/reports",
        "/api/v1/reports/{id}",
        "/api/v1/sign",
        "/api/v1/simulate",
        "/api/v1/inspect-response",
    } <= set(spec["paths"])
