"""A whole token-endpoint response: parsing, consistency checks, the API and the page."""

from __future__ import annotations

import json
from typing import Any

import pytest

from jwtdebugger.learn import cases, demo
from jwtdebugger.learn.token_response import (
    ResponseError,
    TokenResponse,
    at_hash,
    consistency_checks,
    parse_response,
    refresh_token_info,
)
from tests.keys import NOW

API = "/api/v1/inspect-response"


def checks_by_id(response: TokenResponse) -> dict[str, Any]:
    return {c.id: c for c in consistency_checks(response)}


def example(name: str = "matching") -> dict[str, Any]:
    return json.loads(cases.token_response_example(name, NOW)["response"])


def test_at_hash_matches_the_openid_connect_core_example():
    # OpenID Connect Core 1.0, appendix A: this access token's at_hash in an RS256 ID token.
    assert at_hash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y", "RS256") == "77QmUPtjPfzWtF2AnpK9RQ"


@pytest.mark.parametrize(("alg", "length"), [("RS256", 22), ("ES384", 32), ("PS512", 43)])
def test_at_hash_length_follows_the_hash_of_the_alg(alg, length):
    assert len(at_hash("token", alg)) == length


def test_at_hash_undefined_for_eddsa():
    assert at_hash("token", "EdDSA") is None


def test_matching_response_passes_every_consistency_check():
    found = checks_by_id(parse_response(example()))
    assert {k: str(c.status) for k, c in found.items()} == {
        "response.id_token": "pass",
        "response.access_token": "pass",
        "response.sub": "pass",
        "response.origin_jti": "pass",
        "response.auth_time": "pass",
        "response.client": "pass",
        "response.iss": "pass",
        "response.at_hash": "pass",
        "response.refresh_token": "pass",
    }
    assert found["response.at_hash"].message.startswith("The ID token's at_hash ")
    assert "left half of the SHA-256 hash of the access token" in found["response.at_hash"].message


def test_mismatched_response_shows_what_does_not_belong_together():
    found = checks_by_id(parse_response(example("mismatched")))
    for check_id in ("response.sub", "response.origin_jti", "response.auth_time", "response.at_hash"):
        assert str(found[check_id].status) == "fail", check_id
    assert "these tokens come from different users" in found["response.sub"].message
    assert "was not issued together with this access token" in found["response.at_hash"].message
    assert str(found["response.client"].status) == "pass"


def test_swapped_fields_are_named():
    data = example()
    data["id_token"], data["access_token"] = data["access_token"], data["id_token"]
    found = checks_by_id(parse_response(data))
    assert str(found["response.id_token"].status) == "fail"
    assert found["response.id_token"].message.startswith(
        "The id_token field holds an access token (token_use 'access'), not an ID token."
    )
    assert "The fields are swapped or the wrong token was copied" in found["response.access_token"].message


@pytest.mark.parametrize(
    ("token", "kind"),
    [
        (None, "absent"),
        ("opaque-refresh-token-value", "opaque"),
        (demo.refresh_token(), "jwe"),
        (demo.hs256({"sub": "x"}), "jws"),
    ],
)
def test_refresh_token_kinds(token, kind):
    info = refresh_token_info(token)
    assert info["format"] == kind
    if kind == "jwe":
        assert info["header"] == {"cty": "JWT", "enc": "A256GCM", "alg": "RSA-OAEP"}
        assert info["message"].startswith("An encrypted token (JWE, RSA-OAEP / A256GCM): only the issuer can read it.")


def test_id_token_without_at_hash_is_a_note_not_a_failure():
    data = example()
    data["id_token"] = demo.rs256(cases.id_claims(NOW))
    assert str(checks_by_id(parse_response(data))["response.at_hash"].status) == "info"


def test_only_an_access_token_is_enough():
    found = checks_by_id(parse_response({"access_token": example()["access_token"]}))
    assert set(found) == {"response.access_token", "response.refresh_token"}
    assert found["response.refresh_token"].actual == "absent"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{not json", "'response' is not valid JSON"),
        ("[1, 2]", "'response' must be a JSON object"),
        ({"token_type": "Bearer"}, "'response' has neither an id_token nor an access_token."),
        ({"id_token": 42}, "'response.id_token' must be a string."),
        ("x" * 200_001, "'response' is too long"),
    ],
)
def test_unreadable_responses(value, message):
    with pytest.raises(ResponseError) as caught:
        parse_response(value)
    assert caught.value.message.startswith(message)


# ---- API ------------------------------------------------------------------------------------


def post(client, body: Any):
    return client.post(API, json.dumps(body), content_type="application/json")


def test_api_inspects_each_token_as_what_it_should_be(client):
    fields = cases.token_response_example("matching", NOW)
    body = {
        "response": fields["response"],
        "key": {"type": "jwks", "value": fields["key"]},
        "expect": {"iss": demo.ISSUER, "client_id": demo.CLIENT_ID},
        "at": NOW,
    }
    response = post(client, body)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    data = response.json()
    assert set(data) == {"id_token", "access_token", "refresh_token", "checks"}
    assert data["id_token"]["verdict"] == "valid" and data["access_token"]["verdict"] == "valid"
    id_checks = {c["id"]: c for c in data["id_token"]["checks"]}
    assert id_checks["claim.token_use"]["expected"] == "id"
    assert {c["id"]: c for c in data["access_token"]["checks"]}["claim.token_use"]["expected"] == "access"
    assert data["refresh_token"]["format"] == "jwe"
    assert [c["id"] for c in data["checks"] if c["status"] != "pass"] == []


def test_api_accepts_the_response_as_an_object(client):
    data = post(client, {"response": example(), "at": NOW}).json()
    assert data["id_token"]["verdict"] == "unverified"  # no key: decoded only
    assert {c["id"]: c["status"] for c in data["checks"]}["response.at_hash"] == "pass"


def test_api_audience_applies_to_the_id_token_and_scopes_to_the_access_token(client):
    fields = cases.token_response_example("matching", NOW)
    body = {
        "response": fields["response"],
        "key": {"type": "jwks", "value": fields["key"]},
        "expect": {"aud": demo.CLIENT_ID, "scopes": ["orders/read"]},
        "at": NOW,
    }
    data = post(client, body).json()
    assert data["id_token"]["verdict"] == "valid"
    assert data["access_token"]["verdict"] == "valid"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ([], "invalid_body"),
        ({}, "missing_response"),
        ({"response": "nope"}, "invalid_field"),
        ({"response": {"id_token": 1}}, "invalid_field"),
        ({"response": {"access_token": "x"}, "key": "secret"}, "invalid_field"),
        ({"response": {"access_token": "x"}, "expect": {"colour": "red"}}, "invalid_field"),
        ({"response": {"access_token": "x"}, "at": "soon"}, "invalid_field"),
    ],
)
def test_api_bad_bodies_are_400(client, body, code):
    response = post(client, body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_api_other_methods_and_big_bodies(client):
    assert client.get(API).status_code == 405
    response = client.post(API, "x" * (257 * 1024), content_type="application/json")
    assert response.status_code == 413


# ---- page -----------------------------------------------------------------------------------


def test_page_example_shows_the_three_tokens_side_by_side(client):
    response = client.post("/learn/token-response/", {"example": "matching"})
    html = response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert html.count("<h1") == 1
    assert "<span><code>id_token</code>: ID token</span>" in html
    assert "<span><code>access_token</code>: Access token</span>" in html
    assert "<span><code>refresh_token</code>: JWE</span>" in html
    assert html.count('<p class="verdict-word">Valid</p>') == 2
    assert "Access token hash (at_hash)" in html


def test_page_mismatched_example_shows_failures(client):
    html = client.post("/learn/token-response/", {"example": "mismatched"}).content.decode()
    assert "these tokens come from different users" in html
    assert "check-fail" in html


def test_page_open_in_debugger_forms_verify_each_token(client):
    from tests.learn.forms_html import forms

    html = client.post("/learn/token-response/", {"example": "matching"}).content.decode()
    opened = [f for f in forms(html) if f.action == "/"]
    assert [f.fields["token_use"] for f in opened] == ["id", "access"]
    for form in opened:
        result = client.post("/", form.fields).content.decode()
        assert '<p class="verdict-word">Valid</p>' in result


def test_page_bad_json_is_a_field_error(client):
    html = client.post("/learn/token-response/", {"response": "{oops"}).content.decode()
    assert 'aria-invalid="true"' in html and "is not valid JSON" in html
