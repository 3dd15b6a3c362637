"""A report (in its JSON form) -> what the page shows. Every display decision lives here.

It works from `Report.to_dict()`, the same data the API answers and a shared report stores,
so the debugger page and a shared report render through the same partials. Templates only
render these values; the words themselves come from core.explain.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jwtdebugger.core import explain

VERDICT_WORDS = {"valid": "Valid", "invalid": "Invalid", "unverified": "Not verified"}
VERDICT_SUMMARY = {
    "valid": "The signature matches and every check passed.",
    "unverified": "Decoded, but the signature was not verified: give a key to verify it.",
}
MARKS = {"pass": "✓", "fail": "✗", "warn": "!", "info": "i", "skip": "–"}
MARK_WORDS = {"pass": "passed", "fail": "failed", "warn": "warning", "info": "note", "skip": "skipped"}
STATUS_ORDER = {"fail": 0, "warn": 1, "pass": 2, "info": 3, "skip": 4}
PART_NAMES = ("header", "payload", "signature")
# The token view's legend: (css class, part name).
JWS_LEGEND = (("part-0", "header"), ("part-1", "payload"), ("part-2", "signature"))
JWE_LEGEND = (("part-0", "header"), ("part-1", "encrypted key, IV, ciphertext and tag"))
# Built once: json.dumps() with options makes a new encoder on every call.
_value_json = json.JSONEncoder(ensure_ascii=False).encode
_pretty_json = json.JSONEncoder(ensure_ascii=False, indent=2).encode  # only for odd member names
_json_string = json.encoder.encode_basestring  # the C function the encoder above uses for str


def value_json(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False)`, the same text (a property test checks it). A
    string or an integer, most claims, is written directly as the C encoder would write it:
    JSONEncoder.encode() builds a new C encoder for every value that is not a string."""
    kind = type(value)
    if kind is str:
        return _json_string(value)
    if kind is int:
        return int.__repr__(value)
    if kind is bool:
        return "true" if value else "false"
    if value is None:
        return "null"
    return _value_json(value)


@dataclass(slots=True)
class Row:
    """One annotated claim or header member."""

    name: str
    value_json: str
    description: str
    display: str | None
    iso: str | None  # ISO 8601 UTC for <time datetime>, when the value is a date


@dataclass(slots=True)
class Marker:
    label: str
    name: str
    x: str  # 0..1000 in the timeline's SVG viewBox, as text (no localisation in templates)
    text: str
    css: str
    y1: int = 40
    y2: int = 80
    label_y: int = 20


def _check(data: dict[str, Any], check_id: str) -> dict[str, Any] | None:
    return next((c for c in data["checks"] if c["id"] == check_id), None)


def result_context(data: dict[str, Any], *, token_text: str | None = None) -> dict[str, Any]:
    """Everything the result partial shows. `data` is `Report.to_dict()` (or a stored copy);
    `token_text` is the cleaned token when there is one to show (never for shared reports).
    A decrypted nested token shows the inner token's result, under its encrypted layer."""
    layer = data.get("jwe")
    if layer and layer.get("inner"):
        context = _single_result({**layer["inner"], "verdict": data["verdict"]}, token_text=layer.get("plaintext"))
        context["layer"] = _layer(data, layer)
        if data["verdict"] == "invalid":
            failing = [c for c in data["checks"] if c["status"] == "fail"] + [
                c for c in layer["inner"]["checks"] if c["status"] == "fail"
            ]
            context["failing"] = failing
            context["verdict_summary"] = "Failed: " + ", ".join(dict.fromkeys(c["title"] for c in failing)) + "."
        return context
    context = _single_result(data, token_text=token_text)
    if layer:
        context["layer"] = _layer(data, layer, header_rows=context["header_rows"])
    return context


def _layer(data: dict[str, Any], layer: dict[str, Any], *, header_rows: list[Row] | None = None) -> dict[str, Any]:
    """`header_rows`: rows(data, "header"), when the caller has them already."""
    # Once decrypted, the format note ("only its header can be read") no longer applies.
    decrypt_checks = [c for c in data["checks"] if c["id"] in ("decrypt", "header.alg")]
    nested = bool(layer.get("inner"))
    return {
        "summary": "Decrypted: the content is a token of its own, judged below." if nested else "Decrypted.",
        "checks": sorted(decrypt_checks, key=_order),
        "header_rows": rows(data, "header") if header_rows is None else header_rows,
        "plaintext": layer.get("plaintext") or layer.get("plaintext_base64url"),
        "nested": nested,
    }


def _single_result(data: dict[str, Any], *, token_text: str | None = None) -> dict[str, Any]:
    verdict = data["verdict"]
    token = data["token"]
    failing = [c for c in data["checks"] if c["status"] == "fail"]
    is_jwe = token["format"] == "jwe"
    if verdict == "invalid":
        summary = "Failed: " + ", ".join(dict.fromkeys(c["title"] for c in failing)) + "."
    elif is_jwe and data.get("jwe"):
        summary = "Decrypted. The content is not a signed token, so nothing beyond the decryption was verified."
    elif is_jwe:
        summary = "Encrypted token (JWE): only its header can be read without the decryption key."
    else:
        summary = VERDICT_SUMMARY[verdict]
    # The checks as they are in the report (the row markup takes its mark from the status),
    # failing first, stable within a status; the audit's findings (lint.*) apart.
    checks: list[dict[str, Any]] = []
    audit: list[dict[str, Any]] = []
    for check in sorted(data["checks"], key=_order):
        (audit if check["id"].startswith("lint.") else checks).append(check)
    claims = claim_rows(data)
    return {
        "verdict": verdict,
        "verdict_word": VERDICT_WORDS[verdict],
        "verdict_summary": summary,
        "failing": failing,
        "token_text": token_text,
        "token_parts": token_parts(token_text, token["format"]) if token_text else [],
        "cleaned": ", ".join(token.get("cleaned") or []),
        "checks": checks,
        "audit": audit,
        "header_rows": claims["header"],
        "payload_rows": claims["payload"],
        "header_json": pretty(token["header"]),
        "payload_json": pretty(token["payload"]),
        "token_kind": token_kind(data),
        "timeline": timeline(data, failing),
        "evaluated_at": explain.utc_text(data["evaluated_at"]),
        "evaluated_iso": iso(data["evaluated_at"]),
        "is_jwe": is_jwe,
        "legend": JWE_LEGEND if is_jwe else JWS_LEGEND,
        "key_used": data.get("key"),
        "key_source": data.get("key_source"),
        "key_set": data.get("key_set"),
        "layer": None,
    }


def _order(check: dict[str, Any]) -> int:
    return STATUS_ORDER[check["status"]]


def lesson_url(lesson: str) -> str:
    """Where a check's "Learn why" link goes."""
    return f"/learn/{lesson}/"


def pretty(value: Any) -> str | None:
    """`json.dumps(value, indent=2, ensure_ascii=False)`, the same text (a property test checks
    it) at C-encoder speed: the standard library indents in pure Python, a hot spot here."""
    return None if value is None else _pretty(value, "\n")


def _pretty(value: Any, newline: str) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        if not all(type(name) is str for name in value):  # never from a token's JSON
            return _pretty_json(value).replace("\n", newline)  # JSON text has no raw newline
        inner = newline + "  "
        return (
            "{" + ",".join(f"{inner}{_json_string(k)}: {_pretty(v, inner)}" for k, v in value.items()) + newline + "}"
        )
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = newline + "  "
        return "[" + ",".join(inner + _pretty(v, inner) for v in value) + newline + "]"
    return value_json(value)


def iso(timestamp: float) -> str:
    return _iso(int(timestamp))


@lru_cache(maxsize=1024)
def _iso(second: int) -> str:  # a pure function of the second; a page shows the same few
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(second))


def token_parts(text: str, token_format: str) -> list[dict[str, str]]:
    """The cleaned token split into its coloured parts, with the dots between them."""
    segments = text.split(".")
    if len(segments) not in (3, 5):
        return [{"css": "part-other", "text": text, "name": "input"}]
    names = PART_NAMES if len(segments) == 3 else ("header", "encrypted key", "iv", "ciphertext", "tag")
    parts: list[dict[str, str]] = []
    for index, segment in enumerate(segments):
        css = ("part-0" if index == 0 else "part-1") if len(segments) == 5 else f"part-{index}"
        if index:
            parts.append({"css": "part-dot", "text": ".", "name": ""})
        parts.append({"css": css, "text": segment, "name": names[index]})
    return parts


def rows(data: dict[str, Any], part: str) -> list[Row]:
    """The annotated claims (part "payload") or header members (part "header")."""
    return claim_rows(data)[part]


def claim_rows(data: dict[str, Any]) -> dict[str, list[Row]]:
    """Both parts' rows in one pass over the report's claims."""
    result: dict[str, list[Row]] = {"header": [], "payload": []}
    for claim in data["claims"]:
        part, name, value = claim["part"], claim["name"], claim["value"]
        shown = result.get(part)
        if shown is None:  # no other part exists; a stored report is not trusted to say so
            continue
        is_date = part == "payload" and name in explain.NUMERIC_DATE_CLAIMS and explain.is_numeric_date(value)
        shown.append(
            Row(name, value_json(value), claim["description"], claim["display"], iso(value) if is_date else None)
        )
    return result


def token_kind(data: dict[str, Any]) -> str | None:
    """'Cognito ID token, user pool eu-west-1_x in eu-west-1' and the like."""
    payload = data["token"]["payload"] or {}
    token_use = payload.get("token_use")
    kind = explain.TOKEN_USE_KINDS.get(token_use) if isinstance(token_use, str) else None
    cognito = _check(data, "cognito")
    if cognito is None:
        return kind
    details = cognito.get("actual") or {}
    pool = f"user pool {details.get('user_pool_id')} in {details.get('region')}"
    return f"{kind or 'Cognito token'}, {pool}"


def timeline(data: dict[str, Any], failing: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Positions of iat, nbf, exp and the evaluation time on a 0..1000 axis, with the state.
    `failing`: the report's failed checks."""
    payload = data["token"]["payload"] or {}
    times = {}
    for name in ("iat", "nbf", "exp"):
        value = payload.get(name)
        if value is not None and explain.is_numeric_date(value):
            times[name] = value
    if "exp" not in times and "nbf" not in times:
        return None
    at = data["evaluated_at"]
    leeway = data["leeway"]
    points = [*times.values(), at]
    low, high = min(points) - leeway, max(points) + leeway
    span = max(high - low, 60.0)
    pad = span * 0.08
    low, high = low - pad, high + pad
    width = high - low

    def x(value: float) -> float:
        return round(40 + 920 * (value - low) / width, 1)

    start = times.get("nbf", times.get("iat", low + pad))
    end = times.get("exp", high - pad)
    failed = {c["id"] for c in failing}
    if "claim.exp" in failed and "exp" in times:
        state, state_text = "expired", f"Expired {explain.relative_text(times['exp'], at)}"
    elif "claim.nbf" in failed and "nbf" in times:
        state, state_text = "early", f"Not valid yet: valid {explain.relative_text(times['nbf'], at)}"
    else:
        remaining = f", expires {explain.relative_text(times['exp'], at)}" if "exp" in times else ", never expires"
        state, state_text = "live", "Live" + remaining
    # (position, index, name, value): sorted by position; equal positions keep the claims' order,
    # the evaluation time last, as before.
    placed = sorted(
        [(x(value), i, name, value) for i, (name, value) in enumerate(times.items())] + [(x(at), len(times), "at", at)]
    )
    markers = []
    for index, (position, _, name, value) in enumerate(placed):
        # Labels alternate above and below the axis so close markers stay readable.
        label_y = 20 if index % 2 == 0 else 110
        if name == "at":
            marker = Marker("evaluated", "at", str(position), explain.utc_text(at), "mark-at", 30, 90, label_y)
        else:
            marker = Marker(name, name, str(position), explain.date_display(value, at), f"mark-{name}", 40, 80, label_y)
        markers.append(marker)
    # Each position once (round() to a tenth is slow); without leeway the shaded band is the window.
    window_start, window_end = x(start), x(end)
    window = round(window_end - window_start, 1)
    if leeway:
        leeway_start = x(start - leeway)
        leeway_width = round(x(end + leeway) - leeway_start, 1)
    else:
        leeway_start, leeway_width = window_start, window
    return {
        "state": state,
        "state_text": state_text,
        "window_x": str(window_start),
        "window_width": str(max(window, 1.0)),
        "leeway_x": str(leeway_start),
        "leeway_width": str(leeway_width),
        "leeway": leeway,
        "markers": markers,
    }
