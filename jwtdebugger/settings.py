"""Settings, read from the environment (see the README's settings table).

Fail fast in production: without DJANGO_DEBUG, DJANGO_SECRET_KEY must be set.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development. `make run` does this for you."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "django_htmx",
    "jwtdebugger",
    "jwtdebugger.reports",
    "jwtdebugger.learn",
]

MIDDLEWARE = [
    "jwtdebugger.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "jwtdebugger.urls"
WSGI_APPLICATION = "jwtdebugger.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Origins (scheme://host:port) exempt from the JWKS fetcher's https and public-address rules:
# for identity providers on an internal network, and for tests. Empty by default.
JWTDEBUGGER_FETCH_ALLOWLIST = env_list("JWTDEBUGGER_FETCH_ALLOWLIST")

# Addresses of proxies whose X-Forwarded-For is believed for the client address (rate limits).
JWTDEBUGGER_TRUSTED_PROXIES = env_list("JWTDEBUGGER_TRUSTED_PROXIES")
# Share-report creation per client address, like "30/h"; "0" turns the limit off.
JWTDEBUGGER_REPORTS_RATE = os.environ.get("JWTDEBUGGER_REPORTS_RATE", "30/h")

# Request bodies: the API caps its own at 256 KiB and answers 413 itself.
DATA_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024

# ---- security headers -------------------------------------------------------------------
# A strict Content-Security-Policy everywhere (tests included): no inline script or style,
# scripts from this origin or by nonce, nothing framed.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Behind a TLS-terminating proxy: trust its X-Forwarded-Proto, redirect http to https, send HSTS.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0") or 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD")
# Secure cookies whenever the site is served over https (`make run` serves plain http locally).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool(
    "DJANGO_SECURE_COOKIES", SECURE_SSL_REDIRECT or env_bool("DJANGO_SECURE_PROXY_SSL_HEADER")
)

# ---- cache: the JWKS cache and rate limits live here ----------------------------------------
# With REDIS_URL every instance shares one cache. Without it, the database cache is still
# shared by all workers of one machine (a per-process cache would multiply limits per worker).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "jwtdebugger_cache"}}

# Rate limits per client address, like "120/m"; "0" turns one off.
JWTDEBUGGER_INSPECT_RATE = os.environ.get("JWTDEBUGGER_INSPECT_RATE", "600/m")
JWTDEBUGGER_FETCH_RATE = os.environ.get("JWTDEBUGGER_FETCH_RATE", "30/m")

# Tokens and keys are credentials: nothing here logs request bodies, and Django's
# own request logging only names paths. Errors go to stderr without request data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "jwtdebugger.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # One JSON line per request (time, method, path, status, duration, client).
        "jwtdebugger.requests": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Django's own 4xx/5xx lines repeat ours; errors keep their traceback (no request data).
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
    },
}
