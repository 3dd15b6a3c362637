"""Test settings: the real settings with a fixed secret key and fast password-free defaults."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

from jwtdebugger.settings import *  # noqa: E402,F403

# Tests run without collectstatic having to be re-run after every static change.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Most tests run without database access, so the cache is per process here; the database
# cache used without REDIS_URL is tested in tests/test_production.py, Redis in the CI run.
if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Generous limits so that tests are not throttled unless they set their own.
JWTDEBUGGER_INSPECT_RATE = "100000/m"
JWTDEBUGGER_FETCH_RATE = "100000/m"
JWTDEBUGGER_REPORTS_RATE = os.environ.get("JWTDEBUGGER_REPORTS_RATE", "30/h")
