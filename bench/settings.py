"""Bench settings: the test settings plus a trivial view to compare requests against."""

from tests.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
