"""POST /api/v1/reports, GET and DELETE /api/v1/reports/<id>: every status code."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from jwtdebugger.reports import services
from tests.keys import NOW, SECRET, make_token
from tests.reports.conftest import API, api_post, failing_body

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 26, 19, 0, tzinfo=UTC)


def assert_private(response):
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "no-store"


def test_201_answers_links_expiry_delete_token_and_the_report(client):
    with time_machine.travel(T0, tick=False):
        response = api_post(client, failing_body(ttl=86400, hide_claims=["email"]))
    assert response.status_code == 201
    assert_private(response)
    body = response.json()
    assert set(body) == {"id", "url", "json_url", "markdown_url", "created_at", "expires_at", "delete_token", "report"}
    assert body["url"] == f"http://testserver/r/{body['id']}"
    assert body["json_url"] == f"http://testserver/r/{body['id']}.json"
    assert body["markdown_url"] == f"http://testserver/r/{body['id']}.md"
    assert (body["created_at"], body["expires_at"]) == ("2026-11-26T19:00:00Z", "2026-11-27T19:00:00Z")
    assert len(body["delete_token"]) >= 43
    report = body["report"]
    assert report["verdict"] == "invalid"
    assert report["token"]["signature"] is None
    assert report["token"]["payload"]["email"] == "[hidden]"
    assert report["hidden_claims"] == ["email"]
    assert report["expectations"] == {"aud": ["billing"]}
    assert report["key_input"] == {"type": "secret", "encoding": "utf8"}
    assert [c["id"] for c in report["checks"] if c["status"] == "fail"] == ["claim.exp", "claim.aud"]


def test_ttl_defaults_to_seven_days(client):
    with time_machine.travel(T0, tick=False):
        body = api_post(client, failing_body()).json()
    assert body["expires_at"] == "2026-12-03T19:00:00Z"


def test_200_get_answers_what_was_stored(client, shared):
    created = shared()
    response = client.get(f"{API}/{created['id']}")
    assert response.status_code == 200
    assert_private(response)
    body = response.json()
    assert body["report"] == created["report"]
    assert {k: body[k] for k in ("id", "url", "json_url", "created_at", "expires_at")} == {
        k: created[k] for k in ("id", "url", "json_url", "created_at", "expires_at")
    }
    assert "delete_token" not in body


def test_204_delete_with_the_token_then_410(client, shared):
    created = shared()
    response = client.delete(f"{API}/{created['id']}", HTTP_X_DELETE_TOKEN=created["delete_token"])
    assert response.status_code == 204
    assert response.content == b""
    gone = client.get(f"{API}/{created['id']}")
    assert gone.status_code == 410
    assert gone.json() == {"error": {"code": "gone", "message": "This report expired or was deleted."}}
    assert client.delete(f"{API}/{created['id']}", HTTP_X_DELETE_TOKEN=created["delete_token"]).status_code == 410


@pytest.mark.parametrize("headers", [{}, {"HTTP_X_DELETE_TOKEN": "wrong"}])
def test_403_without_the_right_delete_token(client, shared, headers):
    created = shared()
    response = client.delete(f"{API}/{created['id']}", **headers)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "wrong_delete_token"
    assert client.get(f"{API}/{created['id']}").status_code == 200


@pytest.mark.parametrize("report_id", ["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not.an.id", "x" * 300])
def test_404_for_an_unknown_id(client, report_id):
    response = client.get(f"{API}/{report_id}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert client.delete(f"{API}/{report_id}", HTTP_X_DELETE_TOKEN="x").status_code == 404


def test_410_after_expiry_and_404_after_purge(client):
    with time_machine.travel(T0, tick=False):
        created = api_post(client, failing_body(ttl=3600)).json()
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        assert client.get(f"{API}/{created['id']}").status_code == 410
        assert services.reports_purge() == 1
        assert client.get(f"{API}/{created['id']}").status_code == 404


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ("[]", "invalid_body", "The body must be a JSON object."),
        ("{", "invalid_json", "The body is not valid JSON (UTF-8)."),
        ({}, "missing_token", "The body needs a 'token' (the JWT as a string)."),
        (failing_body(ttl=60), "invalid_field", "'ttl' must be between 3600 (1 hour) and 2592000 (30 days) seconds."),
        (
            failing_body(ttl=2592001),
            "invalid_field",
            "'ttl' must be between 3600 (1 hour) and 2592000 (30 days) seconds.",
        ),
        (failing_body(ttl="1h"), "invalid_field", "'ttl' must be a whole number of seconds."),
        (failing_body(ttl=True), "invalid_field", "'ttl' must be a whole number of seconds."),
        (failing_body(hide_claims="email"), "invalid_field", "'hide_claims' must be a list of claim names (strings)."),
        (failing_body(hide_claims=[1]), "invalid_field", "'hide_claims' must be a list of claim names (strings)."),
        (
            failing_body(hide_claims=["x" * 257]),
            "invalid_field",
            "A claim name in 'hide_claims' is longer than 256 characters.",
        ),
        (failing_body(leeway=900), "invalid_field", "'leeway' must be between 0 and 300 seconds."),
    ],
)
def test_400_with_the_error_shape(client, body, code, message):
    response = api_post(client, body)
    assert response.status_code == 400
    assert response.json() == {"error": {"code": code, "message": message}}


def test_413_over_256_kib(client):
    response = api_post(client, {"token": "a" * (257 * 1024)})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"


@pytest.mark.parametrize(("method", "allow"), [("get", "POST"), ("put", "POST"), ("delete", "POST")])
def test_405_on_the_collection(client, method, allow):
    response = getattr(client, method)(API)
    assert response.status_code == 405
    assert response["Allow"] == allow
    assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_405_on_a_report(client, shared, method):
    created = shared()
    response = getattr(client, method)(f"{API}/{created['id']}")
    assert response.status_code == 405
    assert response["Allow"] == "GET, DELETE"


def test_429_when_the_rate_is_used_up_and_400s_do_not_count(client, settings):
    settings.JWTDEBUGGER_REPORTS_RATE = "2/h"
    for _ in range(5):
        assert api_post(client, failing_body(ttl=1)).status_code == 400
    assert api_post(client, failing_body()).status_code == 201
    assert api_post(client, failing_body()).status_code == 201
    response = api_post(client, failing_body())
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    error = response.json()["error"]
    assert error["code"] == "rate_limited"
    assert re.fullmatch(r"Too many reports from your address\. Try again in \d+ s\.", error["message"])
    # Another client address has its own allowance.
    assert api_post(client, failing_body(), REMOTE_ADDR="192.0.2.7").status_code == 201


def test_rate_zero_turns_the_limit_off(client, settings):
    settings.JWTDEBUGGER_REPORTS_RATE = "0"
    assert all(api_post(client, failing_body()).status_code == 201 for _ in range(3))


def test_no_csrf_token_is_needed(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert api_post(strict, failing_body()).status_code == 201


def test_remote_key_kinds_are_accepted_and_recorded(client):
    body = {
        "token": make_token({"iss": "https://issuer.invalid"}),
        "key": {"type": "jwks_url", "value": "https://user:pw@idp.invalid/jwks.json"},
        "at": NOW,
    }
    response = api_post(client, body)
    assert response.status_code == 201
    report = response.json()["report"]
    assert report["key_input"] == {"type": "jwks_url", "url": "https://idp.invalid/jwks.json"}
    assert "user:pw" not in json.dumps(report)
    assert "from https://[removed]@idp.invalid/jwks.json could not be used" in json.dumps(report)
    assert SECRET not in json.dumps(report)


def test_tokens_secrets_and_delete_tokens_are_never_logged(client, caplog):
    caplog.set_level(logging.DEBUG)
    body = failing_body()
    created = api_post(client, body).json()
    client.delete(f"{API}/{created['id']}", HTTP_X_DELETE_TOKEN="wrong-" + created["delete_token"])
    client.delete(f"{API}/{created['id']}", HTTP_X_DELETE_TOKEN=created["delete_token"])
    client.post("/r/", {"token": body["token"], "key_type": "secret", "key": SECRET})
    logged = "\n".join(repr(record.__dict__) for record in caplog.records)
    assert "/api/v1/reports" in logged  # the request log is on, and was captured
    for name, value in {
        "token": body["token"],
        "signature": body["token"].split(".")[2],
        "secret": SECRET,
        "delete token": created["delete_token"],
    }.items():
        assert value not in logged, name


def test_nul_characters_and_lone_surrogates_are_stored_on_any_database(client):
    """PostgreSQL's jsonb refuses both; a token's strings may hold NUL, a client's expectations
    a lone surrogate. They are stored as U+FFFD (checked on SQLite and PostgreSQL)."""
    body = failing_body()
    body["token"] = make_token({"note": "a\u0000b", "exp": NOW + 60})
    del body["expect"]
    raw = json.dumps(body)[:-1] + ', "expect": {"sub": "x\\ud800"}}'
    response = api_post(client, raw)
    assert response.status_code == 201
    stored = client.get(f"{API}/{response.json()['id']}").json()["report"]
    assert stored["token"]["payload"]["note"] == "a\ufffdb"
    assert stored["expectations"]["sub"] == "x\ufffd"


def test_429_when_the_key_fetch_budget_is_used_up_and_nothing_is_stored(client, monkeypatch):
    from jwtdebugger import services as debugger_services
    from jwtdebugger.reports.models import Report

    def over_budget(*, request, client):
        raise debugger_services.RateLimited(42)

    monkeypatch.setattr("jwtdebugger.reports.services.token_inspect", over_budget)
    body = {"token": make_token(), "key": {"type": "jwks_url", "value": "https://idp.invalid/jwks.json"}}
    response = api_post(client, body)
    assert response.status_code == 429
    assert response["Retry-After"] == "42"
    assert response.json()["error"] == {
        "code": "rate_limited",
        "message": "Too many key fetches from your address. Try again in 42 s.",
    }
    assert Report.objects.count() == 0


def test_answers_match_the_openapi_description(client):
    from tests.keys import make_token
    from tests.test_api import schema

    created = client.post(
        "/api/v1/reports", data=json.dumps({"token": make_token(), "ttl": 3600}), content_type="application/json"
    )
    assert created.status_code == 201
    schema("ReportEnvelope").validate(created.json())
    fetched = client.get(f"/api/v1/reports/{created.json()['id']}")
    schema("ReportEnvelope").validate(fetched.json())
    assert "delete_token" not in fetched.json()
    schema("Error").validate(client.get("/api/v1/reports/nope").json())
