"""JSON for token headers and payloads: typed text with errors a person can find, and the
exact bytes that go into a token.

The limits are the engine's (`jwtdebugger.core.tokens`): whatever the builder makes, the
debugger must be able to read back, so depth, number length and Unicode rules are the same.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from jwtdebugger.core.tokens import MAX_JSON_DEPTH, MAX_NUMBER_CHARS, MAX_TOKEN_BYTES, has_lone_surrogate, json_kind

# Python's json messages, said the way a person fixing the text thinks about it.
_FRIENDLY = {
    "Expecting property name enclosed in double quotes": "expected a member name in double quotes (JSON has no 'single quotes' and no unquoted names)",
    "Expecting ',' delimiter": "expected a comma between two members or values",
    "Expecting ':' delimiter": "expected ':' between a member name and its value",
    "Expecting value": "expected a value (a string in double quotes, a number, true, false, null, an object or an array)",
    "Extra data": "there is more text after the end of the JSON object",
    "Unterminated string starting at": "this string has no closing double quote",
    "Invalid control character at": "a line break or tab inside a string must be written as \\n or \\t",
    "Invalid \\escape": "unknown escape after a backslash (use \\\\ for a backslash)",
    "Invalid \\uXXXX escape": "a \\u escape needs four hexadecimal digits",
}


@dataclass(frozen=True)
class JsonProblem:
    """Why a text is not a usable JSON object, and where (1-based), when there is a place."""

    message: str
    line: int | None = None
    column: int | None = None
    excerpt: str = ""  # the offending line (a window of it when long)
    caret: str = ""  # spaces (tabs where the line has tabs) and a ^ under `column`

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return f"Line {self.line}, column {self.column}: {self.message}"


class _Refused(ValueError):
    """Raised from the json hooks; json itself has no position for these."""


def _reject_constant(name: str) -> Any:
    raise _Refused(f"{name} is not JSON (JavaScript allows it, JSON does not)")


def _number(kind: type) -> Any:
    def parse(text: str) -> Any:
        if len(text) > MAX_NUMBER_CHARS:
            raise _Refused(f"a number longer than {MAX_NUMBER_CHARS} characters cannot be read back by verifiers")
        value = kind(text)
        if kind is float and not math.isfinite(value):
            raise _Refused(f"{text} is too large for a number (it would become infinity)")
        return value

    return parse


def parse_object(text: str) -> tuple[dict[str, Any] | None, JsonProblem | None]:
    """Typed text -> (object, None) or (None, problem). Never raises for any text."""
    if not text.strip():
        return None, JsonProblem("it is empty: write a JSON object, at least {}")
    if len(text.encode("utf-8", errors="surrogatepass")) > MAX_TOKEN_BYTES:
        return None, JsonProblem(
            f"it is longer than {MAX_TOKEN_BYTES // 1024} KiB, more than any verifier reads in one token"
        )
    duplicates: list[str] = []

    def pairs(members: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name, value in members:
            if name in result and name not in duplicates:
                duplicates.append(name)
            result[name] = value
        return result

    try:
        value = json.loads(
            text,
            object_pairs_hook=pairs,
            parse_constant=_reject_constant,
            parse_int=_number(int),
            parse_float=_number(float),
        )
    except json.JSONDecodeError as exc:
        return None, _located(text, exc)
    except _Refused as exc:
        return None, JsonProblem(str(exc))
    except RecursionError:
        return None, JsonProblem(f"it is nested more than {MAX_JSON_DEPTH} levels deep")
    except ValueError as exc:  # pragma: no cover - the hooks above catch what json lets through
        return None, JsonProblem(str(exc))
    if not isinstance(value, dict):
        return None, JsonProblem(f"it is {json_kind(value)}; a JWT header or payload must be a JSON object, {{...}}")
    if duplicates:
        # json keeps the last one silently, other parsers the first: the token would mean
        # different things to different verifiers.
        names = ", ".join(f"'{name}'" for name in duplicates)
        return None, JsonProblem(f"the member {names} appears more than once; keep one")
    problem = value_problem(value)
    if problem:
        return None, JsonProblem(problem)
    return value, None


_EXCERPT_BEFORE = 40
_EXCERPT_WIDTH = 80


def _located(text: str, exc: json.JSONDecodeError) -> JsonProblem:
    message = next((friendly for prefix, friendly in _FRIENDLY.items() if exc.msg.startswith(prefix)), exc.msg)
    lineno, colno = exc.lineno, exc.colno
    before = text[: exc.pos].rstrip()
    if before.endswith(",") and text[exc.pos : exc.pos + 1] in ("}", "]"):
        # json points at the closing bracket; the mistake people make (and must delete) is the comma.
        message = "a trailing comma: JSON allows no comma after the last member or item"
        comma = len(before) - 1
        lineno = text.count("\n", 0, comma) + 1
        colno = comma - (text.rfind("\n", 0, comma) + 1) + 1
    lines = text.splitlines() or [""]
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    # A payload pasted on one line can be thousands of characters: show a window around the fault.
    start = max(0, colno - 1 - _EXCERPT_BEFORE)
    window = line[start : start + _EXCERPT_WIDTH]
    lead = "…" if start else ""
    # Tabs stay tabs under tabs, so the caret lines up however wide the browser draws a tab.
    caret = " " * len(lead) + "".join("\t" if ch == "\t" else " " for ch in window[: colno - 1 - start]) + "^"
    return JsonProblem(message, line=lineno, column=colno, excerpt=lead + window, caret=caret)


def value_problem(value: Any) -> str | None:
    """Why an already-parsed value (from the API body) cannot go into a token, or None."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                return f"it is nested more than {MAX_JSON_DEPTH} levels deep"
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(item, float) and not math.isfinite(item):
            return "it holds NaN or an infinite number, which JSON cannot express"
        elif isinstance(item, int) and not isinstance(item, bool) and abs(item) >= 10**MAX_NUMBER_CHARS:
            return f"it holds a number longer than {MAX_NUMBER_CHARS} digits, which verifiers cannot read back"
    if has_lone_surrogate(value):
        return "a string holds a lone UTF-16 surrogate (like \\ud800), which is not valid Unicode"
    return None


def compact(value: dict[str, Any]) -> bytes:
    """The bytes that are base64url-encoded into the token: UTF-8, no spaces, members in the
    order written (a header or payload is signed exactly as it is sent)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def pretty(value: dict[str, Any]) -> str:
    """The text shown in the editors."""
    return json.dumps(value, indent=2, ensure_ascii=False)
