"""Production settings plus the bench's trivial view, for `make loadtest` (gunicorn)."""

from jwtdebugger.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
