"""Escaping for the markup built in Python (the result partial's blocks and the share form).

`esc` escapes exactly as Django's autoescaping does (`django.utils.html.escape` is this same
`html.escape`), without its per-call lazy-string wrapper: the result partial escapes some 150
values per keystroke. tests/test_result_rows.py checks it against Django's escape.
"""

from __future__ import annotations

import re
from html import escape as _escape
from typing import Any

_SPECIAL = re.compile("[&<>\"']")


def esc(value: Any) -> str:
    """Escape like Django's autoescape: safe strings as they are, everything else as text."""
    if type(value) is str:  # the common case; most values have nothing to escape
        return _escape(value) if _SPECIAL.search(value) else value
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return _escape(str(value))
