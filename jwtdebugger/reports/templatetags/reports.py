"""Template helpers for the share form, which the debugger's result partial includes with the
debugger's own context (so the form cannot rely on a view of ours to pass its choices)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString

from jwtdebugger.reports.forms import DEFAULT_TTL, TTL_CHOICES
from jwtdebugger.templatetags.result_rows import options

register = template.Library()


@register.simple_tag
def share_ttl_options(selected: Any = None) -> SafeString:
    """<option>s of the link lifetimes, with `selected` (seconds, as posted) or the default chosen."""
    try:
        chosen = int(selected) if selected not in (None, "") else DEFAULT_TTL
    except (TypeError, ValueError):
        chosen = DEFAULT_TTL
    return options([{"value": value, "label": label, "selected": value == chosen} for value, label in TTL_CHOICES])


@register.simple_tag
def share_create_url() -> str:
    """The share button's target, /r/ (reversed once per script prefix: the share form is
    rendered under every live result, and `{% url %}` costs more than the rest of the form)."""
    return _create_url(get_script_prefix())


@cache
def _create_url(prefix: str) -> str:
    return reverse("reports:create")
