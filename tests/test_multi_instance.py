"""Two gunicorn instances on one PostgreSQL and one Redis behave as one service.

Runs only in the PostgreSQL/Redis pass of `make test` (marker `services`; the services are
started by scripts/services.sh), never in the plain SQLite pass."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.jwks_servers import json_reply
from tests.keys import NOW, make_token, public_jwk, rsa_key

pytestmark = pytest.mark.services
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def shared_database():
    """A database of its own for the instances (not pytest's test database), dropped after."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or not os.environ.get("REDIS_URL"):
        pytest.fail("the services tests need DATABASE_URL (PostgreSQL) and REDIS_URL: run them through `make test`")
    parts = urlsplit(url)
    admin = f"host={parts.hostname} port={parts.port} user={parts.username} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS jwtdebugger_multi")
        conn.execute("CREATE DATABASE jwtdebugger_multi")
    yield f"postgres://{parts.username}@{parts.hostname}:{parts.port}/jwtdebugger_multi"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS jwtdebugger_multi WITH (FORCE)")


@pytest.fixture(scope="module")
def jwks_server():
    from tests.jwks_servers import LocalServer

    server = LocalServer({"/jwks.json": json_reply({"keys": [public_jwk(rsa_key(), kid="k1")]})})
    yield server
    server.stop()


@pytest.fixture(scope="module")
def instances(shared_database, jwks_server):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jwtdebugger.settings",
        "DJANGO_SECRET_KEY": "multi-instance-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": shared_database,
        "REDIS_URL": os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/3",
        "JWTDEBUGGER_FETCH_ALLOWLIST": jwks_server.origin,
        "JWTDEBUGGER_INSPECT_RATE": "8/h",
        "JWTDEBUGGER_REPORTS_RATE": "100/h",
    }
    env.pop("DJANGO_DEBUG", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=120
    )
    subprocess.run(
        [sys.executable, "-c", "import redis, os; redis.Redis.from_url(os.environ['REDIS_URL']).flushdb()"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=30,
    )
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "jwtdebugger.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port in ports:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.2)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=15)


def call(method: str, url: str, body: dict | None = None, headers: dict | None = None) -> tuple[int, dict, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
            raw = response.read()
            return response.status, json.loads(raw) if raw else {}, dict(response.headers)
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, json.loads(raw) if raw else {}, dict(error.headers)


def test_a_report_created_on_one_is_read_and_deleted_on_the_other(instances):
    a, b = instances
    token = make_token({"sub": "alice", "exp": NOW + 60}, alg="RS256", key=rsa_key())
    status, created, _ = call("POST", f"{a}/api/v1/reports", {"token": token, "at": NOW})
    assert status == 201, created
    status, stored, _ = call("GET", f"{b}/api/v1/reports/{created['id']}")
    assert status == 200 and stored["report"]["verdict"] == created["report"]["verdict"]
    status, _, _ = call(
        "DELETE", f"{b}/api/v1/reports/{created['id']}", headers={"X-Delete-Token": created["delete_token"]}
    )
    assert status == 204
    assert call("GET", f"{a}/api/v1/reports/{created['id']}")[0] == 410


def test_a_key_set_fetched_by_one_is_served_from_cache_to_the_other(instances, jwks_server):
    a, b = instances
    token = make_token({"sub": "alice", "exp": NOW + 60}, alg="RS256", key=rsa_key(), headers={"kid": "k1"})
    body = {"token": token, "key": {"type": "jwks_url", "value": jwks_server.url("/jwks.json")}, "at": NOW}
    status, first, _ = call("POST", f"{a}/api/v1/inspect", body)
    assert status == 200 and first["verdict"] == "valid" and first["key_source"]["from_cache"] is False
    status, second, _ = call("POST", f"{b}/api/v1/inspect", body)
    assert status == 200 and second["verdict"] == "valid" and second["key_source"]["from_cache"] is True
    assert jwks_server.count == 1


def test_concurrent_misses_on_both_instances_make_one_fetch(instances, jwks_server):
    from concurrent.futures import ThreadPoolExecutor

    from tests.jwks_servers import Reply

    jwks_server.routes["/slow.json"] = Reply(
        body=json.dumps({"keys": [public_jwk(rsa_key(), kid="k1")]}).encode(), delay=0.6
    )
    token = make_token({"sub": "alice", "exp": NOW + 60}, alg="RS256", key=rsa_key(), headers={"kid": "k1"})
    body = {"token": token, "key": {"type": "jwks_url", "value": jwks_server.url("/slow.json")}, "at": NOW}
    before = jwks_server.count
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda url: call("POST", f"{url}/api/v1/inspect", body), instances))
    assert [status for status, _, _ in answers] == [200, 200]
    assert all(answer["verdict"] == "valid" for _, answer, _ in answers)
    assert jwks_server.count - before == 1


def test_a_rate_limit_spent_on_one_applies_on_the_other(instances):
    a, b = instances
    body = {"token": make_token()}
    # The tests above used four inspections of the 8 allowed per hour.
    statuses = [call("POST", f"{url}/api/v1/inspect", body)[0] for url in (a, b, a, b)]
    assert statuses == [200, 200, 200, 200]
    status, error, headers = call("POST", f"{b}/api/v1/inspect", body)
    assert status == 429 and error["error"]["code"] == "rate_limited"
    assert int(headers["Retry-After"]) > 0
    assert call("POST", f"{a}/api/v1/inspect", body)[0] == 429
