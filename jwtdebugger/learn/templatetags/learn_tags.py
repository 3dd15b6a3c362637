"""Template helpers for the learn pages."""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_BACKTICKS = re.compile(r"`([^`]+)`")


@register.filter
def code(text: str) -> SafeString:
    """Lesson text with `backticks` shown as <code>. The text is escaped first, so only the
    <code> elements added here are markup."""
    escaped = str(conditional_escape(text))
    return mark_safe(_BACKTICKS.sub(r"<code>\1</code>", escaped))  # noqa: S308 - escaped above
