"""A stored report -> what its page, its Markdown export and "Open in the debugger" show.

The result itself renders through the debugger's own presentation (`result_context`) and
partial, so a shared report looks exactly like the result it was made from.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from jwtdebugger.core import explain
from jwtdebugger.core.tokens import b64url_encode
from jwtdebugger.presentation import result_context
from jwtdebugger.reports.models import Report
from jwtdebugger.reports.redaction import HIDDEN

KEY_INPUT_WORDS = {
    "secret": "an HMAC secret",
    "pem": "a PEM public key or certificate",
    "jwk": "a JWK",
    "jwks": "a pasted JWK Set",
    "jwks_url": "a JWK Set fetched from a URL",
    "issuer": "keys discovered from the issuer",
}
EXPECTATION_LABELS = {
    "iss": "Issuer (iss)",
    "aud": "Audience (aud)",
    "sub": "Subject (sub)",
    "typ": "Token type (typ)",
    "algorithms": "Algorithms",
    "token_use": "Cognito token use",
    "client_id": "App client id",
    "scopes": "Scopes",
    "required": "Required claims",
}


def iso_z(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, to the second: 2026-12-03T19:00:00Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_words(moment: datetime) -> str:
    return explain.utc_text(moment.timestamp())


def key_input_text(document: dict[str, Any]) -> str:
    """'The signature was checked with an HMAC secret; ...' and the like."""
    key_input = document.get("key_input")
    if not key_input:
        return "No key was given, so the signature was not verified."
    words = KEY_INPUT_WORDS.get(key_input.get("type"), "a key")
    if key_input.get("type") == "jwks_url" and key_input.get("url"):
        return f"The signature was checked with the JWK Set at {key_input['url']}."
    if key_input.get("type") == "issuer":
        issuer = f" {key_input['issuer']}." if key_input.get("issuer") else " (the token's iss)."
        return f"The signature was checked with {words}{issuer}"
    return f"The signature was checked with {words}; the key itself is not part of the report."


def expectation_rows(document: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for name, value in (document.get("expectations") or {}).items():
        text = " ".join(value) if isinstance(value, list) else str(value)
        rows.append((EXPECTATION_LABELS.get(name, name), text))
    return rows


def report_context(report: Report, *, now: datetime) -> dict[str, Any]:
    """The report page: the debugger's result context (read-only, no token shown) plus the
    report's own facts."""
    document = report.document
    context = result_context(document)
    context.update(
        {
            "has_result": True,
            "report": report,
            "created_text": utc_words(report.created_at),
            "created_iso": iso_z(report.created_at),
            "expires_text": utc_words(report.expires_at),
            "expires_iso": iso_z(report.expires_at),
            "expires_relative": explain.relative_text(report.expires_at.timestamp(), now.timestamp()),
            "hidden_claims": document.get("hidden_claims") or [],
            "key_input_text": key_input_text(document),
            "expectation_rows": expectation_rows(document),
            "can_open": debugger_fields(document) is not None,
        }
    )
    return context


def unsigned_token(document: dict[str, Any]) -> str | None:
    """header.payload. with an empty signature: the claims, never a usable token."""
    token = document["token"]
    if token.get("header") is None or token.get("payload") is None:
        return None

    def segment(value: dict[str, Any]) -> str:
        return b64url_encode(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    return f"{segment(token['header'])}.{segment(token['payload'])}."


def debugger_fields(document: dict[str, Any]) -> dict[str, str] | None:
    """The debugger form's fields for "Open in the debugger": the claims as an unsigned token,
    the expectations and the evaluation time, so the claim checks come out the same."""
    token = unsigned_token(document)
    if token is None:
        return None
    fields = {"token": token, "leeway": str(document.get("leeway", 0)), "at": str(document["evaluated_at"])}
    for name in ("iss", "aud", "sub", "token_use", "client_id", "scopes"):
        value = (document.get("expectations") or {}).get(name)
        if value is None or value == HIDDEN:
            continue
        fields[name] = " ".join(value) if isinstance(value, list) else str(value)
    return fields


# ---- Markdown ---------------------------------------------------------------------------

MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>|#])")


def md_text(text: Any) -> str:
    """Plain text safe in a Markdown paragraph or table cell: token values cannot add links,
    emphasis or columns."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(str(text).split()))


def md_code(text: str, *, in_table: bool = False) -> str:
    """An inline code span that holds any text, backticks included (and pipes in a table cell,
    where GitHub-flavoured Markdown needs them escaped even inside code)."""
    text = " ".join(text.split())
    if in_table:
        text = text.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _claims_table(rows: list[Any]) -> list[str]:
    lines = ["| Name | Value | Meaning |", "| --- | --- | --- |"]
    for row in rows:
        value = md_code(explain.short_json(json.loads(row.value_json), 200), in_table=True)
        if row.display:
            value += f" ({md_text(row.display)})"
        lines.append(f"| {md_code(row.name, in_table=True)} | {value} | {md_text(row.description)} |")
    return lines


def report_markdown(report: Report, *, url: str) -> str:
    """A summary to paste into a ticket: verdict, failing checks, claims, times, link."""
    document = report.document
    context = result_context(document)
    lines = [
        f"# JWT report: {context['verdict_word']}",
        "",
        md_text(context["verdict_summary"]),
        "",
        f"- Report: <{url}>",
        f"- Shared {utc_words(report.created_at)}; expires {utc_words(report.expires_at)}",
        f"- Evaluated at {context['evaluated_at']} (leeway {document.get('leeway', 0)} s)",
        f"- Key: {md_text(key_input_text(document))}",
    ]
    if context.get("key_used"):
        lines.append(f"- Key used: {md_text(context['key_used']['description'])}")
    for label, value in expectation_rows(document):
        lines.append(f"- Expected {md_text(label)}: {md_code(value)}")
    if document.get("hidden_claims"):
        names = ", ".join(md_code(n) for n in document["hidden_claims"])
        lines.append(f"- Hidden claims: {names} (their values show as {HIDDEN})")
    for status, heading in (("fail", "Failing checks"), ("warn", "Warnings")):
        checks = [c for c in context["checks"] + context.get("audit", []) if c["status"] == status]
        if checks:
            lines += ["", f"## {heading}", ""]
            lines += [f"- **{md_text(c['title'])}:** {md_text(c['message'])}" for c in checks]
    for title, rows in (("Header", context["header_rows"]), ("Claims", context["payload_rows"])):
        if rows:
            lines += ["", f"## {title}", "", *_claims_table(rows)]
    lines += ["", "_The report keeps no signature, token or key: it cannot be used as a credential._", ""]
    return "\n".join(lines)
