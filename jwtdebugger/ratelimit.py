"""Fixed-window rate limits per client address, counted in Django's cache so that every
process (and, with a shared cache, every instance) counts together.

A rate is written like "30/h", "120/m", "10/s" or "500/d"; "0" or "" turns the limit off.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int  # seconds until the window resets (0 when allowed)


ALLOWED = Decision(True, 0)


@lru_cache(maxsize=32)  # a pure function of a setting's text: a few distinct values per process
def parse_rate(text: str) -> Rate | None:
    """'30/h' -> Rate(30, 3600); '0' or '' -> None (off). Raises ValueError for nonsense."""
    text = (text or "").strip()
    if text in ("", "0"):
        return None
    count_text, _, unit = text.partition("/")
    if unit not in UNITS or not count_text.isdigit():
        raise ValueError(f"a rate looks like 30/h or 120/m (units s, m, h, d), not {text!r}")
    count = int(count_text)
    return None if count == 0 else Rate(count, UNITS[unit])


def configured_rate(name: str, default: str) -> Rate | None:
    """The rate set by setting `name`, else the environment variable `name`, else `default`."""
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return parse_rate(str(value))


def client_address(request: HttpRequest) -> str:
    """The socket's peer address, or the first forwarded-for hop when the peer is a trusted
    proxy (JWTDEBUGGER_TRUSTED_PROXIES). A client cannot choose its own address otherwise."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = set(getattr(settings, "JWTDEBUGGER_TRUSTED_PROXIES", []) or [])
    if remote in trusted:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        # The last hop not itself a trusted proxy is the client as our proxies saw it.
        for hop in reversed(hops):
            if hop not in trusted:
                return hop
    return remote


def hit(scope: str, key: str, rate: Rate | None) -> Decision:
    """Count one event for (scope, key) and say whether it is within `rate`."""
    if rate is None:
        return ALLOWED
    now = time.time()
    window = int(now // rate.seconds)
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    # The window's counter usually exists already: count first, create it only when missing
    # (one cache operation per request instead of two). If another process creates it between
    # our miss and our add, the add fails and we count on theirs.
    try:
        count = cache.incr(cache_key)
    except ValueError:
        if cache.add(cache_key, 1, rate.seconds + 5):
            count = 1
        else:
            try:
                count = cache.incr(cache_key)
            except ValueError:  # evicted in between: start again
                cache.set(cache_key, 1, rate.seconds + 5)
                count = 1
    if count > rate.count:
        return Decision(False, max(1, math.ceil((window + 1) * rate.seconds - now)))
    return ALLOWED
