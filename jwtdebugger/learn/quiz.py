"""Quiz questions generated from the scenarios, their grading, and the score kept in a session.

Two questions per scenario: what an HTTP API JWT authorizer answers (computed by the
simulator, never typed in by hand) and which check the debugger fails. The score lives only
in the session mapping it is given (the Django session in practice): no database, no user.

Pure Python (no Django import).
"""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from jwtdebugger.core import explain, inspect
from jwtdebugger.core.tokens import decode_token
from jwtdebugger.learn import cases, lessons
from jwtdebugger.learn.authorizers import Decision, decide
from jwtdebugger.learn.scenarios import SCENARIOS, Scenario

SESSION_KEY = "learn_quiz"
NO_FAILURE = "none"
STATUS_OPTIONS = (
    ("200", "200 OK: the request reaches the API"),
    ("401", "401 Unauthorized"),
    ("403", "403 Forbidden"),
)
# Checks the "which check fails?" questions choose wrong answers from.
CHECK_POOL = (
    "claim.exp",
    "claim.nbf",
    "claim.aud",
    "claim.iss",
    "signature",
    "header.alg",
    "claim.token_use",
    "claim.scope",
    "claim.client_id",
    "key",
)
KEY_WORDS = {
    "": "no key",
    "secret": "the API's shared secret",
    "pem": "the demo RSA public key (PEM)",
    "jwk": "one JWK",
    "jwks": "the demo JWK Set (/learn/jwks.json)",
}


@dataclass(frozen=True)
class Question:
    id: str
    kind: str  # status | check
    scenario: Scenario
    case: cases.DebuggerCase
    prompt: str
    setup: tuple[str, ...]  # what the reader is told about the route or the verifier
    options: tuple[tuple[str, str], ...]  # (value, label)
    answer: str
    explanation: str

    @property
    def lesson(self) -> lessons.Lesson:
        return lessons.BY_SLUG[self.scenario.lesson]

    def offers(self, choice: str) -> bool:
        return choice in dict(self.options)

    def label(self, value: str) -> str:
        return dict(self.options).get(value, value)


@cache
def scenario_decision(slug: str) -> Decision:
    """What the scenario's HTTP API authorizer answers. Cached: the answer does not depend on
    when the token is signed (every time in a case is relative to its own evaluation time)."""
    scenario = next(s for s in SCENARIOS if s.slug == slug)
    built = cases.build(slug)
    report = inspect(built.token, key=built.key_input(), at=built.at)
    return decide(report.to_dict(), scenario.authorizer, key_type=built.key_type)


def _route_words(scenario: Scenario) -> tuple[str, ...]:
    config = scenario.authorizer
    lines = [f"Issuer: {config.issuer}", f"Audience: {', '.join(config.audience)}"]
    lines.append(f"Route scopes: {', '.join(config.scopes)}" if config.scopes else "Route scopes: none")
    return tuple(lines)


def _verifier_words(case: cases.DebuggerCase) -> tuple[str, ...]:
    lines = [f"Key: {KEY_WORDS.get(case.key_type, case.key_type)}"]
    for name, label in (
        ("iss", "Expected issuer"),
        ("aud", "Expected audience"),
        ("token_use", "Expected token use"),
        ("client_id", "Expected app client"),
        ("scopes", "Expected scopes (any one of)"),
    ):
        value = case.expect.get(name)
        if value:
            lines.append(f"{label}: {' '.join(value) if isinstance(value, (list, tuple)) else value}")
    return tuple(lines)


def _distractors(case: cases.DebuggerCase, index: int, count: int) -> list[str]:
    failing = set(case.failing)
    pool = [c for c in CHECK_POOL if c not in failing]
    start = (index * 3) % len(pool)
    rotated = pool[start:] + pool[:start]
    return rotated[:count]


def _check_question(scenario: Scenario, case: cases.DebuggerCase, index: int) -> Question:
    asked = scenario.asked_check
    wrong = _distractors(case, index, 2 if asked else 3)
    ids = sorted([*([asked] if asked else []), *wrong], key=explain.title)
    options = tuple((c, explain.title(c)) for c in ids) + ((NO_FAILURE, "None: the debugger says Valid"),)
    if asked:
        titles = ", ".join(case.failing_titles)
        explanation = f"The debugger says {case.verdict_word}, failing on {titles}. {scenario.why}"
    else:
        explanation = f"The debugger says {case.verdict_word}: no check fails. {scenario.why}"
    return Question(
        id=f"check-{scenario.slug}",
        kind="check",
        scenario=scenario,
        case=case,
        prompt="The debugger inspects this token as set up below. Which check fails?",
        setup=_verifier_words(case),
        options=options,
        answer=asked or NO_FAILURE,
        explanation=" ".join(filter(None, [explanation, scenario.note])),
    )


def _status_question(scenario: Scenario, case: cases.DebuggerCase) -> Question:
    decision = scenario_decision(scenario.slug)
    explanation = f"API Gateway answers {decision.reason}"
    return Question(
        id=f"status-{scenario.slug}",
        kind="status",
        scenario=scenario,
        case=case,
        prompt="An HTTP API route with a JWT authorizer, set up as below, receives this token. What happens?",
        setup=_route_words(scenario),
        options=STATUS_OPTIONS,
        answer=str(decision.status),
        explanation=" ".join(filter(None, [explanation, scenario.note])),
    )


def questions(now: float | None = None) -> list[Question]:
    """Every question, status questions first, with tokens signed now (or at `now`)."""
    built = [(s, cases.build(s.slug, now)) for s in SCENARIOS]
    status = [_status_question(s, c) for s, c in built]
    checks = [_check_question(s, c, i) for i, (s, c) in enumerate(built)]
    return status + checks


def question(question_id: str, now: float | None = None) -> Question | None:
    kind, _, slug = question_id.partition("-")
    scenario = next((s for s in SCENARIOS if s.slug == slug), None)
    if scenario is None or kind not in ("status", "check"):
        return None
    case = cases.build(slug, now)
    if kind == "status":
        return _status_question(scenario, case)
    return _check_question(scenario, case, SCENARIOS.index(scenario))


def token_facts(case: cases.DebuggerCase) -> dict[str, Any]:
    """The token as a quiz reader sees it: header and payload JSON, times in words."""
    decoded = decode_token(case.token)
    times = [
        (name, explain.date_display(value, case.at))
        for name, value in (decoded.payload or {}).items()
        if name in explain.NUMERIC_DATE_CLAIMS and explain.is_numeric_date(value)
    ]
    return {
        "header": json.dumps(decoded.header, indent=2) if decoded.header is not None else None,
        "payload": json.dumps(decoded.payload, indent=2, ensure_ascii=False) if decoded.payload is not None else None,
        "times": times,
        "now": explain.utc_text(case.at),
    }


# ---- the session's score -----------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    correct: int
    answered: int
    total: int


def answers(session: MutableMapping[str, Any]) -> dict[str, dict[str, Any]]:
    stored = session.get(SESSION_KEY)
    return dict(stored) if isinstance(stored, dict) else {}


def record(session: MutableMapping[str, Any], question: Question, choice: str) -> bool:
    """Grade `choice`; the first answer to a question is the one that counts for the score."""
    correct = choice == question.answer
    stored = answers(session)
    if question.id not in stored:
        stored[question.id] = {"choice": choice, "correct": correct}
        session[SESSION_KEY] = stored  # reassigned so the session knows it changed
    return correct


def score(session: MutableMapping[str, Any]) -> Score:
    stored = answers(session)
    return Score(
        correct=sum(1 for a in stored.values() if a.get("correct") is True),
        answered=len(stored),
        total=2 * len(SCENARIOS),
    )


def reset(session: MutableMapping[str, Any]) -> None:
    session.pop(SESSION_KEY, None)
