"""Report -> what the page shows. Every decision a template would otherwise make lives here.

Templates only render these values; the words themselves come from core.explain.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, replace
from typing import Any

from jwtdebugger.core import Report, Status, Verdict
from jwtdebugger.core import explain
from jwtdebugger.core.results import TokenFormat

VERDICT_WORDS = {Verdict.VALID: "Valid", Verdict.INVALID: "Invalid", Verdict.UNVERIFIED: "Not verified"}
VERDICT_SUMMARY = {
    Verdict.VALID: "The signature matches and every check passed.",
    Verdict.UNVERIFIED: "Decoded, but the signature was not verified: give a key to verify it.",
}
MARKS = {Status.PASS: "✓", Status.FAIL: "✗", Status.WARN: "!", Status.INFO: "i", Status.SKIP: "–"}
MARK_WORDS = {Status.PASS: "passed", Status.FAIL: "failed", Status.WARN: "warning", Status.INFO: "note", Status.SKIP: "skipped"}
PART_NAMES = ("header", "payload", "signature")


@dataclass(frozen=True)
class Row:
    """One annotated claim or header member."""

    name: str
    value_json: str
    description: str
    display: str | None
    iso: str | None  # ISO 8601 UTC for <time datetime>, when the value is a date


@dataclass(frozen=True)
class Marker:
    label: str
    name: str
    x: float  # 0..1000 in the timeline's SVG viewBox
    text: str
    css: str
    y1: int = 40
    y2: int = 80
    label_y: int = 20


def result_context(report: Report) -> dict[str, Any]:
    failing = report.failing
    verdict = report.verdict
    if verdict is Verdict.INVALID:
        summary = "Failed: " + ", ".join(dict.fromkeys(c.title for c in failing)) + "."
    elif report.token.format is TokenFormat.JWE:
        summary = "Encrypted token (JWE): only its header can be read without the decryption key."
    else:
        summary = VERDICT_SUMMARY[verdict]
    return {
        "report": report,
        "verdict": str(verdict),
        "verdict_word": VERDICT_WORDS[verdict],
        "verdict_summary": summary,
        "failing": failing,
        "token_parts": token_parts(report),
        "cleaned": ", ".join(report.token.cleaned),
        "checks": [
            {"check": c, "mark": MARKS[c.status], "mark_word": MARK_WORDS[c.status], "status": str(c.status)}
            for c in report.sorted_checks()
        ],
        "header_rows": rows(report, "header"),
        "payload_rows": rows(report, "payload"),
        "header_json": pretty(report.token.header),
        "payload_json": pretty(report.token.payload),
        "token_kind": token_kind(report),
        "timeline": timeline(report),
        "evaluated_at": explain.utc_text(report.at),
        "evaluated_iso": iso(report.at),
        "is_jwe": report.token.format is TokenFormat.JWE,
        "key_used": report.extras.get("key"),
        "key_source": report.extras.get("key_source"),
        "key_set": report.extras.get("key_set"),
        "legend": (
            [("part-0", "header"), ("part-1", "encrypted key, IV, ciphertext and tag")]
            if report.token.format is TokenFormat.JWE
            else [("part-0", "header"), ("part-1", "payload"), ("part-2", "signature")]
        ),
    }


def pretty(value: Any) -> str | None:
    return None if value is None else json.dumps(value, indent=2, ensure_ascii=False)


def iso(timestamp: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(timestamp)))


def token_parts(report: Report) -> list[dict[str, str]]:
    """The cleaned token split into its coloured parts, with the dots between them."""
    segments = report.token.segments
    if not segments:
        return [{"css": "part-other", "text": report.token.text, "name": "input"}] if report.token.text else []
    names = PART_NAMES if len(segments) == 3 else ("header", "encrypted key", "iv", "ciphertext", "tag")
    parts: list[dict[str, str]] = []
    for index, segment in enumerate(segments):
        name = names[index] if index < len(names) else "extra"
        css = ("part-0" if index == 0 else "part-1") if len(segments) == 5 else (f"part-{index}" if len(segments) == 3 else "part-other")
        if index:
            parts.append({"css": "part-dot", "text": ".", "name": ""})
        parts.append({"css": css, "text": segment, "name": name})
    return parts


def rows(report: Report, part: str) -> list[Row]:
    result = []
    for claim in report.claims:
        if claim.part != part:
            continue
        is_date = part == "payload" and claim.name in explain.NUMERIC_DATE_CLAIMS and explain.is_numeric_date(claim.value)
        result.append(
            Row(
                name=claim.name,
                value_json=json.dumps(claim.value, ensure_ascii=False),
                description=claim.description,
                display=claim.display,
                iso=iso(claim.value) if is_date else None,
            )
        )
    return result


def token_kind(report: Report) -> str | None:
    """'Cognito ID token, user pool eu-west-1_x in eu-west-1' and the like."""
    payload = report.token.payload or {}
    cognito = report.check("cognito")
    kind = explain.TOKEN_USE_KINDS.get(payload.get("token_use", ""))
    if cognito is None:
        return kind
    details = cognito.actual or {}
    pool = f"user pool {details.get('user_pool_id')} in {details.get('region')}"
    return f"{kind or 'Cognito token'}, {pool}"


def timeline(report: Report) -> dict[str, Any] | None:
    """Positions of iat, nbf, exp and the evaluation time on a 0..1000 axis, with the state."""
    payload = report.token.payload or {}
    times = {name: payload[name] for name in ("iat", "nbf", "exp") if explain.is_numeric_date(payload.get(name))}
    if "exp" not in times and "nbf" not in times:
        return None
    at = report.at
    leeway = report.leeway
    points = [*times.values(), at]
    low, high = min(points) - leeway, max(points) + leeway
    span = max(high - low, 60.0)
    pad = span * 0.08
    low, high = low - pad, high + pad

    def x(value: float) -> float:
        return round(40 + 920 * (value - low) / (high - low), 1)

    start = times.get("nbf", times.get("iat", low + pad))
    end = times.get("exp", high - pad)
    exp_check, nbf_check = report.check("claim.exp"), report.check("claim.nbf")
    if exp_check is not None and exp_check.status is Status.FAIL and "exp" in times:
        state, state_text = "expired", f"Expired {explain.relative_text(times['exp'], at)}"
    elif nbf_check is not None and nbf_check.status is Status.FAIL:
        state, state_text = "early", f"Not valid yet: valid {explain.relative_text(times['nbf'], at)}"
    else:
        remaining = f", expires {explain.relative_text(times['exp'], at)}" if "exp" in times else ", never expires"
        state, state_text = "live", "Live" + remaining
    markers = [Marker(label=name, name=name, x=x(value), text=explain.date_display(value, at), css=f"mark-{name}") for name, value in times.items()]
    markers.append(Marker(label="evaluated", name="at", x=x(at), text=explain.utc_text(at), css="mark-at", y1=30, y2=90))
    markers.sort(key=lambda m: m.x)
    # Labels alternate above and below the axis so close markers stay readable.
    markers = [replace(m, label_y=20 if i % 2 == 0 else 110) for i, m in enumerate(markers)]
    return {
        "state": state,
        "state_text": state_text,
        "window_x": x(start),
        "window_width": max(round(x(end) - x(start), 1), 1.0),
        "leeway_x": x(start - leeway),
        "leeway_width": round(x(end + leeway) - x(start - leeway), 1),
        "leeway": leeway,
        "markers": markers,
    }
