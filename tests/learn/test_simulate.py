"""POST /api/v1/simulate and the /simulate/ page."""

from __future__ import annotations

import json
from html import unescape
from typing import Any

import pytest

from jwtdebugger.learn import cases, demo, scenarios
from tests.keys import NOW

API = "/api/v1/simulate"


def body(**overrides: Any) -> dict[str, Any]:
    case = cases.build("cognito-access", NOW)
    data: dict[str, Any] = {
        "token": case.token,
        "key": {"type": "jwks", "value": demo.jwks()},
        "authorizer": {
            "type": "http_api_jwt",
            "issuer": demo.ISSUER,
            "audience": [demo.CLIENT_ID],
            "scopes": ["orders/read"],
        },
        "at": NOW,
    }
    data.update(overrides)
    return data


def post(client, data: Any):
    return client.post(API, json.dumps(data), content_type="application/json")


def test_allowed_answer_has_the_issue_s_shape(client):
    response = post(client, body())
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    data = response.json()
    assert {"decision", "status", "reason", "checks", "config"} <= set(data)
    assert (data["decision"], data["status"]) == ("allow", 200)
    assert set(data["config"]) == {"aws_cli", "aws_jwt_verify"}
    assert (
        "aws apigatewayv2 create-authorizer" in data["config"]["aws_cli"]
        and "--authorizer-type JWT" in data["config"]["aws_cli"]
    )
    assert "--jwt-configuration" in data["config"]["aws_cli"]
    assert "CognitoJwtVerifier.create({" in data["config"]["aws_jwt_verify"]
    assert [c["id"] for c in data["checks"]] == [
        "authorizer.token", "authorizer.alg", "authorizer.kid", "authorizer.signature", "authorizer.iss",
        "authorizer.aud", "authorizer.exp", "authorizer.nbf", "authorizer.iat", "authorizer.scope",
    ]  # fmt: skip
    assert data["engine"] == {"verdict": "valid", "failing": []}
    assert data["notes"][0].startswith("AWS says only RSA-based algorithms are supported")


def test_denied_answers_401_and_403(client):
    expired = post(client, body(at=NOW + 7200)).json()
    assert (expired["decision"], expired["status"]) == ("deny", 401)
    assert expired["reason"].startswith("401 Unauthorized: The token expired")
    forbidden = post(
        client,
        body(
            authorizer={
                "type": "http_api_jwt",
                "issuer": demo.ISSUER,
                "audience": [demo.CLIENT_ID],
                "scopes": ["orders/write"],
            }
        ),
    ).json()
    assert forbidden["status"] == 403


@pytest.mark.parametrize("kind", ["rest_cognito", "lambda_cognito"])
def test_other_authorizer_types(client, kind):
    data = post(
        client,
        body(
            authorizer={
                "type": kind,
                "issuer": demo.ISSUER,
                "token_use": "access",
                "client_id": demo.CLIENT_ID,
                "scopes": ["orders/read"],
                "groups": ["readers"],
            }
        ),
    ).json()
    assert data["status"] == 200
    assert data["authorizer"]["type"] == kind


@pytest.mark.parametrize("scenario", scenarios.SCENARIOS, ids=lambda s: s.slug)
def test_api_agrees_with_every_scenario(client, scenario):
    case = cases.build(scenario.slug, NOW)
    config = scenario.authorizer
    data = post(
        client,
        {
            "token": case.token,
            "key": {"type": case.key_type, "value": case.key},
            "authorizer": {
                "type": config.type,
                "issuer": config.issuer,
                "audience": list(config.audience),
                "scopes": list(config.scopes),
            },
            "at": NOW,
        },
    ).json()
    assert data["status"] == scenario.http_status


@pytest.mark.parametrize(
    ("data", "code", "message"),
    [
        ([], "invalid_body", "The body must be a JSON object."),
        ({"key": {"type": "jwks", "value": "{}"}}, "missing_token", "The body needs a 'token'"),
        (body(token=42), "invalid_field", "'token' must be a string."),
        (body(key=None), "missing_key", "The body needs a 'key'"),
        (body(key={"type": "rsa"}), "invalid_field", "'key.type' must be one of"),
        (body(authorizer=None), "missing_authorizer", "The body needs an 'authorizer'"),
        (body(authorizer="http_api_jwt"), "invalid_field", "'authorizer' must be an object"),
        (
            body(authorizer={"type": "cloudfront", "issuer": "x", "audience": ["a"]}),
            "invalid_field",
            "'authorizer.type' must be one of: http_api_jwt, rest_cognito, lambda_cognito.",
        ),
        (
            body(authorizer={"type": "http_api_jwt", "audience": ["a"]}),
            "invalid_field",
            "'authorizer.issuer' must be the issuer URL",
        ),
        (
            body(authorizer={"type": "http_api_jwt", "issuer": "x"}),
            "invalid_field",
            "'authorizer.audience' must list at least one audience",
        ),
        (
            body(authorizer={"type": "http_api_jwt", "issuer": "x", "audience": [1]}),
            "invalid_field",
            "'authorizer.audience' must be a list of strings.",
        ),
        (
            body(authorizer={"type": "http_api_jwt", "issuer": "x", "audience": ["a"], "scopes": {"a": 1}}),
            "invalid_field",
            "'authorizer.scopes' must be a list of strings.",
        ),
        (
            body(authorizer={"type": "lambda_cognito", "issuer": "x", "token_use": "refresh"}),
            "invalid_field",
            "'authorizer.token_use' must be 'id', 'access' or null.",
        ),
        (
            body(authorizer={"type": "lambda_cognito", "issuer": "x", "client_id": 7}),
            "invalid_field",
            "'authorizer.client_id' must be a string.",
        ),
        (
            body(authorizer={"type": "lambda_cognito", "issuer": "x", "colour": "red"}),
            "invalid_field",
            "Unknown field in 'authorizer': colour.",
        ),
        (body(at="now"), "invalid_field", "'at' must be a number"),
    ],
)
def test_bad_requests_are_400_with_the_api_error_shape(client, data, code, message):
    response = post(client, data)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"].startswith(message)


def test_invalid_json_other_methods_and_big_bodies(client):
    response = client.post(API, "{", content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_json"
    response = client.get(API)
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert client.post(API, "x" * (257 * 1024), content_type="application/json").status_code == 413


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "e30.e30.", "\ud800"])
def test_odd_tokens_are_a_401_never_a_500(client, token):
    response = client.post(API, json.dumps(body(token=token)), content_type="application/json")
    assert response.status_code == 200
    assert response.json()["status"] == 401


def test_unreachable_remote_keys_are_a_401_not_a_500(client):
    data = post(client, body(key={"type": "jwks_url", "value": "http://127.0.0.1:9/jwks.json"})).json()
    assert data["status"] == 401
    assert data["checks"][3]["id"] == "authorizer.signature" and data["checks"][3]["status"] == "fail"


# ---- page -----------------------------------------------------------------------------------


def test_page_renders_the_ambiguities_and_an_empty_result(client):
    response = client.get("/simulate/")
    html = unescape(response.content.decode())
    assert html.count("<h1") == 1
    assert "Where AWS's documentation is silent or ambiguous" in html
    for name in (
        "HTTP API JWT authorizer",
        "REST API Cognito user pool authorizer",
        "Lambda authorizer with aws-jwt-verify",
    ):
        assert f"<h3>{name}</h3>" in html
    assert 'id="sim-result"' in html and "Choose a <strong>Scenario</strong>" in html


def test_preset_fills_the_form_and_answers(client):
    html = unescape(client.post("/simulate/", {"preset": "missing-scope"}).content.decode())
    assert '<p class="verdict-word decision-status">403 Forbidden</p>' in html
    # The sentence under the status says why, without repeating the status.
    assert (
        "<p class=\"verdict-summary\">The token is valid but carries 'orders/read', and the route requires one of 'orders/write'"
        in html
    )
    assert 'value="orders/write"' in html
    assert "aws apigatewayv2 update-route" in html and "--authorization-scopes orders/write" in html
    assert '<option value="missing-scope" selected>' in html


def test_form_post_and_htmx_partial(client):
    case = cases.build("cognito-id", NOW)
    form = {
        "token": case.token,
        "key_type": "jwks",
        "key": case.key,
        "authorizer": "rest_cognito",
        "issuer": demo.ISSUER,
        "scopes": "orders/read",
        "at": case.at_text,
    }
    page = client.post("/simulate/", form).content.decode()
    assert "<html" in page and '<p class="verdict-word decision-status">401 Unauthorized</p>' in page
    partial = unescape(client.post("/simulate/", form, HTTP_HX_REQUEST="true").content.decode())
    assert "<html" not in partial and partial.strip().startswith('<div id="sim-result"')
    assert "an access token is required; this is an ID token" in partial
    assert "AWS CLI: REST API Cognito user pool authorizer" in partial


def test_form_errors_are_shown_next_to_fields(client):
    html = client.post(
        "/simulate/", {"token": "x", "authorizer": "http_api_jwt", "issuer": "https://i"}
    ).content.decode()
    assert "Give the key the authorizer verifies with" in html
    assert "must list at least one audience" in html
    assert 'aria-invalid="true"' in html
