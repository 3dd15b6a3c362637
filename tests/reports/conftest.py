"""Fixtures for shared reports: the API as a function, and a clean cache (rate limits)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.keys import NOW, SECRET, make_token

API = "/api/v1/reports"


@pytest.fixture(autouse=True)
def _clean_rate_limits(request):
    """Rate-limit counters live in the cache: every test that uses the database starts with a
    full allowance. (The cache may itself be in the database, so only those tests touch it.)"""
    uses = set(request.fixturenames)
    if "live_server" in uses or "transactional_db" in uses:
        request.getfixturevalue("transactional_db")
    elif "db" in uses or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        yield
        return
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def api_post(client, body: Any, **extra: Any):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(API, data=data, content_type="application/json", **extra)


def failing_body(**extra: Any) -> dict[str, Any]:
    """An HS256 token that fails exp and aud, verified with its secret."""
    token = make_token({"sub": "alice", "email": "alice@example.com", "aud": "orders", "exp": NOW - 3 * 3600})
    return {
        "token": token,
        "key": {"type": "secret", "value": SECRET},
        "expect": {"aud": "billing"},
        "at": NOW,
        **extra,
    }


@pytest.fixture
def shared(client, db):
    """share(**extra) creates a report through the API and returns the 201 body."""

    def share(body: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
        response = api_post(client, body if body is not None else failing_body(**extra))
        assert response.status_code == 201, response.content
        return response.json()

    return share
