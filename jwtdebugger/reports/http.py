"""Response helpers shared by the report pages, exports and API."""

from __future__ import annotations

from django.http import HttpResponseBase


def private_response[R: HttpResponseBase](response: R) -> R:
    """Every report response: kept out of search engines, caches and Referer headers (the
    link is the only permission to read a report, so it must not leak to other sites)."""
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response
