"""Production concerns: settings from the environment, check --deploy, security headers,
rate limits shared through the cache, the client address, and logs that never carry secrets."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

from jwtdebugger.ratelimit import Rate, client_address, hit, parse_rate
from tests.jwks_servers import json_reply
from tests.keys import NOW, make_token, public_jwk, rsa_key

ROOT = Path(__file__).resolve().parents[1]

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-production-secret-key-that-is-long-and-random-enough-for-check-deploy-0123456789",
    "DJANGO_ALLOWED_HOSTS": "jwt.example.com",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://jwt.example.com",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "1",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_HSTS_PRELOAD": "1",
}


def manage(*args, env=None):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "JWTDEBUGGER_", "DATABASE_URL", "REDIS_URL"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "jwtdebugger.settings", **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_silent_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_start_up_fails_clearly_without_a_secret_key():
    result = manage("check", env={"DJANGO_ALLOWED_HOSTS": "x"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_cache_is_shared_database_cache_without_redis():
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "jwtdebugger.settings", "DJANGO_SECRET_KEY": "x"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "jwtdebugger.settings",
            "DJANGO_SECRET_KEY": "x",
            "REDIS_URL": "redis://127.0.0.1:6399/0",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


@pytest.mark.django_db
def test_database_cache_counts_across_connections(settings):
    from django.core.cache import caches
    from django.core.management import call_command

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "jwtdebugger_cache"}
    }
    call_command("createcachetable", verbosity=0)
    db_cache = caches.create_connection("default")
    rate = Rate(2, 60)
    from jwtdebugger import ratelimit

    original = ratelimit.cache
    ratelimit.cache = db_cache
    try:
        assert [hit("t", "1.2.3.4", rate).allowed for _ in range(3)] == [True, True, False]
    finally:
        ratelimit.cache = original


def test_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "script-src 'self' 'nonce-" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_parse_rate():
    assert parse_rate("120/m") == Rate(120, 60)
    assert parse_rate("30/h") == Rate(30, 3600)
    assert parse_rate("0") is None and parse_rate("") is None
    with pytest.raises(ValueError):
        parse_rate("fast")


def test_inspect_rate_limit_answers_429_with_retry_after(client, settings):
    cache.clear()
    settings.JWTDEBUGGER_INSPECT_RATE = "3/h"  # hourly windows: a boundary mid-test is unlikely
    body = json.dumps({"token": make_token()})
    codes = [client.post("/api/v1/inspect", data=body, content_type="application/json").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.post("/api/v1/inspect", data=body, content_type="application/json")
    assert limited.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= 3600
    # The page shares the same budget.
    page = client.post("/", {"token": make_token()})
    assert page.status_code == 429 and "Too many requests" in page.content.decode()
    cache.clear()


def test_fetch_rate_counts_real_fetches_only(client, settings, serve, allow, monkeypatch):
    import ipaddress

    import urllib3

    real = urllib3.util.connection.create_connection

    def loopback_only(address, *args, **kwargs):
        assert ipaddress.ip_address(address[0]).is_loopback
        return real(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", loopback_only)
    cache.clear()
    settings.JWTDEBUGGER_FETCH_RATE = "2/h"
    routes = {f"/k{i}.json": json_reply({"keys": [public_jwk(rsa_key(), kid="k1")]}) for i in range(4)}
    server = serve(routes)
    allow(server.origin)
    token = make_token({"exp": NOW + 60}, alg="RS256", key=rsa_key(), headers={"kid": "k1"})

    def inspect_with(path):
        return client.post(
            "/api/v1/inspect",
            data=json.dumps({"token": token, "key": {"type": "jwks_url", "value": server.url(path)}, "at": NOW}),
            content_type="application/json",
        )

    assert inspect_with("/k0.json").status_code == 200
    assert inspect_with("/k0.json").status_code == 200  # cached: not a fetch
    assert inspect_with("/k1.json").status_code == 200
    refused = inspect_with("/k2.json")
    assert refused.status_code == 429 and "Retry-After" in refused
    assert server.count == 2  # the refused inspection fetched nothing
    cache.clear()


def test_client_address_trusts_only_listed_proxies(rf, settings):
    settings.JWTDEBUGGER_TRUSTED_PROXIES = ["10.0.0.5"]
    direct = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.1.1.1")
    assert client_address(direct) == "203.0.113.9"
    proxied = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7")
    assert client_address(proxied) == "198.51.100.7"
    settings.JWTDEBUGGER_TRUSTED_PROXIES = []
    assert client_address(proxied) == "10.0.0.5"


def test_request_logs_are_json_lines_without_credentials(client, caplog):
    canary_secret = "CANARY-SECRET-5f3c9d1e-do-not-log-0123456789abcdef"
    token = make_token({"sub": "CANARY-SUBJECT-1d2e3f", "exp": NOW + 60}, key=canary_secret)
    handler_records = []

    class Collect(logging.Handler):
        def emit(self, record):
            handler_records.append(self.format(record))

    from jwtdebugger.logging import JsonFormatter

    collector = Collect()
    collector.setFormatter(JsonFormatter())
    logging.getLogger().addHandler(collector)
    logging.getLogger("jwtdebugger.requests").addHandler(collector)
    try:
        with caplog.at_level(logging.DEBUG):
            body = {"token": token, "key": {"type": "secret", "value": canary_secret}, "at": NOW}
            client.post("/api/v1/inspect", data=json.dumps(body), content_type="application/json")
            client.post("/api/v1/inspect", data=json.dumps({**body, "leeway": 9999}), content_type="application/json")
            client.post("/", {"token": token, "key_type": "secret", "key": canary_secret})
            client.post("/playground/", {"token": token, "key_type": "secret", "key": canary_secret})
            client.get("/api/v1/inspect")
    finally:
        logging.getLogger().removeHandler(collector)
        logging.getLogger("jwtdebugger.requests").removeHandler(collector)
    lines = handler_records + [r.getMessage() for r in caplog.records]
    joined = "\n".join(lines)
    request_lines = [json.loads(line) for line in handler_records if '"logger": "jwtdebugger.requests"' in line]
    assert {(r["method"], r["path"], r["status"]) for r in request_lines} >= {
        ("POST", "/api/v1/inspect", 200),
        ("POST", "/api/v1/inspect", 400),
        ("GET", "/api/v1/inspect", 405),
    }
    assert all({"time", "method", "path", "status", "duration_ms", "client"} <= set(r) for r in request_lines)
    for secret in (canary_secret, token, token.split(".")[2], "CANARY-SUBJECT"):
        assert secret not in joined
