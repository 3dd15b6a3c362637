"""Replace values inside a report document: hidden claims, and credentials as a last defence.

Pure functions on the JSON form of a report (no Django). A value is replaced wherever it
appears as text: whole strings, and inside messages in its plain, quoted and JSON spellings,
and for dates in the spellings the messages use ("2026-11-26 19:00:00 UTC", "3 h ago").
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
from typing import Any

from jwtdebugger.core import cognito, explain

HIDDEN = "[hidden]"
REMOVED = "[removed]"

# Expectations that are compared with a claim: hiding the claim hides what it was compared with
# (a passing check's expected value is the hidden value itself).
EXPECTATION_CLAIMS: dict[str, tuple[str, ...]] = {
    "iss": ("iss",),
    "aud": ("aud",),
    "sub": ("sub",),
    "typ": ("typ",),
    "algorithms": ("alg",),
    "token_use": ("token_use",),
    "client_id": ("client_id",),
    "scopes": ("scope", "scp"),
}


class Replacer:
    """Replaces each of a set of texts wherever it occurs, never inside a longer word."""

    def __init__(self, forms: Iterable[str], replacement: str) -> None:
        self.replacement = replacement
        unique = sorted({f for f in forms if f}, key=len, reverse=True)
        # Longest first, so "'alice'" is replaced whole before "alice" could be.
        self.pattern = re.compile("|".join(_bounded(f) for f in unique)) if unique else None

    def text(self, value: str) -> str:
        return self.pattern.sub(self.replacement, value) if self.pattern else value

    def deep(self, value: Any) -> Any:
        """Every string inside `value` (not dict keys), replaced; other values untouched."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {k: self.deep(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.deep(v) for v in value]
        return value


def _bounded(form: str) -> str:
    # A word boundary only where the form starts or ends with a word character: hiding "a"
    # must not eat the "a" in "signature", but "'a'" may sit next to anything.
    start = r"(?<!\w)" if re.match(r"\w", form[0]) else ""
    end = r"(?!\w)" if re.match(r"\w", form[-1]) else ""
    return start + re.escape(form) + end


def value_forms(value: Any, *, at: float) -> set[str]:
    """The spellings of `value` that a message, a display or another value may contain."""
    if value is None or isinstance(value, bool):
        return set()  # true/false/null say nothing about a person and are everywhere in messages
    forms: set[str] = {explain.short_json(value)}
    if isinstance(value, str):
        forms |= {value, f"'{value}'", json.dumps(value), json.dumps(value, ensure_ascii=False)}
        issuer = cognito.parse_issuer(value)
        if issuer is not None:
            forms.add(issuer.user_pool_id)
    elif isinstance(value, (int, float)):
        forms |= {str(value), json.dumps(value)}
        if explain.is_numeric_date(value):
            forms |= {explain.utc_text(value), explain.relative_text(value, at), explain.date_display(value, at)}
    elif isinstance(value, (list, dict)):
        forms |= {json.dumps(value), json.dumps(value, ensure_ascii=False), json.dumps(value, separators=(",", ":"))}
        for item in value.values() if isinstance(value, dict) else value:
            forms |= value_forms(item, at=at)
    return forms


def blank(value: Any, replacement: str = HIDDEN) -> Any:
    """`value` with its content replaced but its shape kept where readers rely on it (an object
    keeps its members, so code reading `actual["region"]` still works)."""
    if value is None:
        return None
    if isinstance(value, dict):
        return {k: blank(v, replacement) for k, v in value.items()}
    return replacement


def check_subjects(check: dict[str, Any]) -> set[str]:
    """The claim or header member names a check is about."""
    names = {check["claim"]} if check.get("claim") else set()
    check_id = str(check.get("id", ""))
    if check_id.startswith(("header.", "claim.")):
        names.add(check_id.split(".", 1)[1])
    if check_id == "cognito":
        names.add("iss")  # the user pool and region are read from iss
    return names


def hide_claims(document: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """A copy of `document` with the values of the claims (and header members) `names` replaced
    by "[hidden]" everywhere, and `hidden_claims` saying which names were hidden."""
    hidden = sorted(set(names))
    result = copy.deepcopy(document)
    result["hidden_claims"] = hidden
    if not hidden:
        return result
    wanted = set(hidden)
    token = result["token"]
    at = float(result.get("evaluated_at") or 0)

    values: list[Any] = []
    for part in ("header", "payload"):
        members = token.get(part) or {}
        values += [members[n] for n in wanted if n in members]
    expectations = result.get("expectations") or {}
    hidden_expectations = {e for e, claims in EXPECTATION_CLAIMS.items() if wanted & set(claims) and e in expectations}
    values += [expectations[e] for e in hidden_expectations]
    for check in result["checks"]:
        if check_subjects(check) & wanted:
            values += [check.get("expected"), check.get("actual")]

    forms: set[str] = set()
    for value in values:
        forms |= value_forms(value, at=at)
    replace = Replacer(forms, HIDDEN)

    for part in ("header", "payload"):
        members = token.get(part)
        if members is not None:
            token[part] = {k: HIDDEN if k in wanted else replace.deep(v) for k, v in members.items()}
    for claim in result["claims"]:
        if claim["name"] in wanted:
            claim["value"], claim["display"] = HIDDEN, None
        else:
            claim["value"] = replace.deep(claim["value"])
            claim["display"] = replace.deep(claim["display"])
    for check in result["checks"]:
        if check_subjects(check) & wanted:
            check["expected"], check["actual"] = blank(check.get("expected")), blank(check.get("actual"))
        else:
            check["expected"], check["actual"] = replace.deep(check.get("expected")), replace.deep(check.get("actual"))
        check["message"] = replace.text(check["message"])
    result["expectations"] = {
        k: HIDDEN if k in hidden_expectations else replace.deep(v) for k, v in expectations.items()
    }
    for section in ("key", "key_source", "key_set", "key_input"):
        if section in result:
            result[section] = replace.deep(result[section])
    return result
