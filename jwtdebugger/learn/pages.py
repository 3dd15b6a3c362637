"""What the learn pages show: every display decision for lessons, scenarios, quiz, simulator
and token-response helper lives here, so templates only render values.
"""

from __future__ import annotations

import json
from typing import Any

from jwtdebugger.core import explain
from jwtdebugger.core.tokens import decode_token
from jwtdebugger.learn import cases, lessons, quiz, scenarios
from jwtdebugger.learn.authorizers import STATUS_TEXT
from jwtdebugger.learn.token_response import TokenResponse
from jwtdebugger.presentation import MARK_WORDS, MARKS, VERDICT_WORDS, token_parts

SIMULATOR_KEY_TYPES = (
    ("jwks", "JWK Set (pasted)"),
    ("jwks_url", "JWKS URL (fetched)"),
    ("issuer", "Discover from the issuer"),
    ("pem", "PEM public key"),
    ("jwk", "JWK (one key)"),
    ("secret", "HMAC secret"),
)
TOKEN_USE_CHOICES = (("", "Any (tokenUse: null)"), ("id", "ID token"), ("access", "Access token"))
KIND_LABELS = {"id": "ID token", "access": "Access token"}


def _parts(case: cases.DebuggerCase) -> list[dict[str, str]]:
    decoded = decode_token(case.token)
    text = ".".join(decoded.segments) if decoded.segments else case.token
    return token_parts(text, str(decoded.format))


def _case_view(case: cases.DebuggerCase, caption: str = "") -> dict[str, Any]:
    payload = decode_token(case.token).payload
    return {
        "case": case,
        "caption": caption,
        "parts": _parts(case),
        "payload_json": json.dumps(payload, indent=2, ensure_ascii=False) if payload is not None else None,
        "failing_titles": ", ".join(case.failing_titles),
    }


def compare_table(built: list[cases.DebuggerCase]) -> dict[str, Any]:
    """Claims of several tokens side by side: one row per claim name, one column per token."""
    payloads = [decode_token(c.token).payload for c in built]
    heads = []
    for payload in payloads:
        token_use = str((payload or {}).get("token_use"))
        heads.append(KIND_LABELS.get(token_use, "Refresh token (encrypted)" if payload is None else "Token"))
    names: list[str] = []
    for payload in payloads:
        names += [n for n in (payload or {}) if n not in names]
    rows = []
    for name in names:
        cells = []
        for case, payload in zip(built, payloads, strict=True):
            if payload is None:
                cells.append("(encrypted)")
            elif name not in payload:
                cells.append("—")
            else:
                value = payload[name]
                shown = (
                    explain.date_display(value, case.at)
                    if name in explain.NUMERIC_DATE_CLAIMS and explain.is_numeric_date(value)
                    else json.dumps(value, ensure_ascii=False)
                )
                cells.append(shown)
        rows.append({"name": name, "cells": cells})
    return {"heads": heads, "rows": rows}


def lesson_context(lesson: lessons.Lesson, now: float) -> dict[str, Any]:
    index = lessons.LESSONS.index(lesson)
    demos = [_case_view(cases.build(d.case, now), d.caption) for d in lesson.demos]
    by_name = {view["case"].name: view["case"] for view in demos}
    context: dict[str, Any] = {
        "lesson": lesson,
        "number": index + 1,
        "demos": demos,
        "simulate": [{"label": link.label, "scenario": scenarios.BY_SLUG[link.scenario]} for link in lesson.simulate],
        "related": [scenarios.BY_SLUG[slug] for slug in lesson.scenarios],
        "previous": lessons.LESSONS[index - 1] if index > 0 else None,
        "next": lessons.LESSONS[index + 1] if index + 1 < len(lessons.LESSONS) else None,
        "examples": cases.RESPONSE_EXAMPLES if lesson.token_response else None,
    }
    if lesson.compare:
        context["compare"] = compare_table([by_name.get(name) or cases.build(name, now) for name in lesson.compare])
    return context


def scenario_item(scenario: scenarios.Scenario, now: float) -> dict[str, Any]:
    return {
        **_case_view(cases.build(scenario.slug, now)),
        "scenario": scenario,
        "lesson": lessons.BY_SLUG[scenario.lesson],
        "status_text": STATUS_TEXT[scenario.http_status],
    }


def quiz_card(
    question: quiz.Question, answered: dict[str, dict[str, Any]], latest: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A question as shown: with its feedback once answered (the latest answer when given,
    else the one that counted)."""
    given = latest or answered.get(question.id)
    feedback = None
    if given is not None:
        feedback = {
            "correct": bool(given["correct"]),
            "value": str(given["choice"]),
            "choice": question.label(str(given["choice"])),
            "answer": question.label(question.answer),
        }
    return {
        "question": question,
        "facts": quiz.token_facts(question.case),
        "feedback": feedback,
        "counted": question.id in answered,
    }


def simulation_result(answer: dict[str, Any]) -> dict[str, Any]:
    checks = [{**c, "mark": MARKS[c["status"]], "mark_word": MARK_WORDS[c["status"]]} for c in answer["checks"]]
    config = answer["config"]
    snippets = [("AWS CLI: HTTP API JWT authorizer", config["aws_cli"]), ("aws-jwt-verify", config["aws_jwt_verify"])]
    if "aws_cli_rest" in config:
        snippets.insert(1, ("AWS CLI: REST API Cognito user pool authorizer", config["aws_cli_rest"]))
    # The page shows the status in large type; the sentence under it need not repeat it.
    summary = answer["reason"].removeprefix(f"{answer['status_text']}: ")
    return {
        **answer,
        "checks": checks,
        "snippets": snippets,
        "summary": summary,
        "engine_verdict": VERDICT_WORDS[answer["engine"]["verdict"]],
    }


def _token_column(name: str, token: str, report: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    payload = report["token"]["payload"] or {}
    facts = []
    for claim in ("token_use", "sub", "aud", "client_id", "scope", "auth_time", "exp"):
        if claim in payload:
            value = payload[claim]
            is_date = claim in explain.NUMERIC_DATE_CLAIMS and explain.is_numeric_date(value)
            facts.append(
                (
                    claim,
                    explain.date_display(value, report["evaluated_at"])
                    if is_date
                    else json.dumps(value, ensure_ascii=False),
                )
            )
    wanted = "id" if name == "id_token" else "access"
    # "Open in the debugger" with the same key, and the expectations applied the Cognito way.
    debugger = {
        "token": token,
        "key_type": values.get("key_type", ""),
        "key": values.get("key", ""),
        "encoding": values.get("encoding", "") or "utf8",
        "iss": values.get("iss", ""),
        "aud": values.get("aud", "") if wanted == "id" else "",
        "client_id": values.get("client_id", ""),
        "scopes": values.get("scopes", "") if wanted == "access" else "",
        "token_use": wanted,
        "at": values.get("at", ""),
    }
    return {
        "field": name,
        "kind": KIND_LABELS.get(str(payload.get("token_use")), "Not a Cognito token"),
        "verdict": report["verdict"],
        "verdict_word": VERDICT_WORDS[report["verdict"]],
        "failing": [c for c in report["checks"] if c["status"] == "fail"],
        "facts": facts,
        "debugger": debugger,
    }


def response_result(answer: dict[str, Any], values: dict[str, str], response: TokenResponse) -> dict[str, Any]:
    columns = [
        _token_column(name, token, answer[name], values)
        for name, token in (("id_token", response.id_token), ("access_token", response.access_token))
        if token is not None and answer[name] is not None
    ]
    checks = [{**c, "mark": MARKS[c["status"]], "mark_word": MARK_WORDS[c["status"]]} for c in answer["checks"]]
    return {"columns": columns, "refresh": answer["refresh_token"], "checks": checks}
