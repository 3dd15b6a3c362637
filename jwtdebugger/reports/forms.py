"""Input only: the share options of the API body and of the page's share form.

Problems are `InputError`s, answered with 400 (and never counted by the rate limit).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from jwtdebugger.forms import InputError

MIN_TTL = 3600  # 1 hour
MAX_TTL = 30 * 86400  # 30 days
DEFAULT_TTL = 7 * 86400
TTL_CHOICES = ((3600, "1 hour"), (86400, "1 day"), (7 * 86400, "7 days"), (30 * 86400, "30 days"))
MAX_HIDDEN_CLAIMS = 100
MAX_CLAIM_NAME = 256


@dataclass(frozen=True)
class ShareOptions:
    ttl: int = DEFAULT_TTL
    hide_claims: tuple[str, ...] = ()


def parse_ttl(value: Any) -> int:
    if value is None:
        return DEFAULT_TTL
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or (isinstance(value, float) and not value.is_integer())
    ):
        raise InputError("invalid_field", "'ttl' must be a whole number of seconds.")
    if not MIN_TTL <= value <= MAX_TTL:
        raise InputError("invalid_field", f"'ttl' must be between {MIN_TTL} (1 hour) and {MAX_TTL} (30 days) seconds.")
    return int(value)


def parse_hide_claims(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError("invalid_field", "'hide_claims' must be a list of claim names (strings).")
    names = tuple(dict.fromkeys(v.strip() for v in value if v.strip()))
    if len(names) > MAX_HIDDEN_CLAIMS:
        raise InputError("invalid_field", f"'hide_claims' names at most {MAX_HIDDEN_CLAIMS} claims.")
    if any(len(name) > MAX_CLAIM_NAME for name in names):
        raise InputError("invalid_field", f"A claim name in 'hide_claims' is longer than {MAX_CLAIM_NAME} characters.")
    return names


def parse_share_body(data: dict[str, Any]) -> ShareOptions:
    """`ttl` and `hide_claims` of POST /api/v1/reports (the rest is the inspect body)."""
    return ShareOptions(ttl=parse_ttl(data.get("ttl")), hide_claims=parse_hide_claims(data.get("hide_claims")))


def parse_share_form(data: QueryDict) -> ShareOptions:
    """The share fields the page posts with the debugger's form: share_ttl and share_hide."""
    text = data.get("share_ttl", "").strip()
    if text and not text.isdigit():
        raise InputError("invalid_field", "The link lifetime must be one of the choices.")
    ttl = parse_ttl(int(text)) if text else DEFAULT_TTL
    return ShareOptions(ttl=ttl, hide_claims=parse_hide_claims(data.getlist("share_hide")))
