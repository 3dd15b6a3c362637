import os

# Playwright's sync API runs an event loop in the test thread; Django's live server
# tests would otherwise refuse database access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


import pytest  # noqa: E402

from tests.jwks_servers import LocalServer  # noqa: E402


@pytest.fixture
def serve():
    """serve(routes) starts a loopback HTTP(S) server; all are stopped at teardown."""
    started: list[LocalServer] = []

    def start(routes, tls=None) -> LocalServer:
        server = LocalServer(routes, tls)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def allow(settings):
    """allow(origin, ...) sets JWTDEBUGGER_FETCH_ALLOWLIST for one test."""

    def allow_origins(*origins: str) -> None:
        settings.JWTDEBUGGER_FETCH_ALLOWLIST = ",".join(origins)

    return allow_origins


@pytest.fixture
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()
