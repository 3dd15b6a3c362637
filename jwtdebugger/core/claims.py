"""Every claim check, each independent of the others, with the time and leeway injected.

Each function returns one Check; none stops at a failure, so a report names every problem.
"""

from __future__ import annotations

from typing import Any

from jwtdebugger.core import cognito, explain
from jwtdebugger.core.results import Check, Expectations, Status
from jwtdebugger.core.tokens import OutOfRangeNumber

TIME_CLAIMS = ("exp", "nbf", "iat")


def words(value: Any) -> str:
    """A value as it reads in a sentence: strings bare, lists as 'a' or 'b'."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value) and value:
        return " or ".join(f"'{v}'" for v in value)
    return explain.short_json(value)


def claim_check(
    claim: str, status: Status, key: str, /, *, expected: Any = None, actual: Any = None, **fields: Any
) -> Check:
    """A check on `claim`; the message template gets `expected`/`actual` as words unless the
    caller gives its own."""
    fixed = not fields and expected is None and actual is None
    if fixed:
        # Nothing varies ("No 'nbf' (it is optional)."): one shared (frozen) Check will do.
        known = _FIXED_CHECKS.get((claim, status, key))
        if known is not None:
            return known
    template, needs_expected, needs_actual, plain = _TEMPLATES.get(key) or _template(key)
    if needs_expected and "expected" not in fields:
        fields["expected"] = words(expected)
    if needs_actual and "actual" not in fields:
        fields["actual"] = actual if type(actual) is str else words(actual)  # words() of a str is the str
    check_id, title = _CLAIM_TITLES.get(claim) or _claim_title(claim)
    message = template if plain else explain.fill(key, fields)
    check = Check(check_id, status, title, message, claim, expected, actual)
    if fixed and len(_FIXED_CHECKS) < _MAX_FIXED_CHECKS:
        _FIXED_CHECKS[(claim, status, key)] = check
    return check


# message key -> (template, uses {expected}, uses {actual}, has no field at all); fixed data
_TEMPLATES: dict[str, tuple[str, bool, bool, bool]] = {}


def _template(key: str) -> tuple[str, bool, bool, bool]:
    template = explain.MESSAGES[key]
    spec = ("{expected}" in template, "{actual}" in template, "{" not in template and "}" not in template)
    _TEMPLATES[key] = (template, *spec)
    return _TEMPLATES[key]


# claim -> (check id, title) for the claims with their own title; others are built each time
_CLAIM_TITLES: dict[str, tuple[str, str]] = {
    check_id[len("claim.") :]: (check_id, title)
    for check_id, title in explain.TITLES.items()
    if check_id.startswith("claim.")
}


def _claim_title(claim: str) -> tuple[str, str]:
    check_id = f"claim.{claim}"
    return check_id, explain.title(check_id)


# (claim, status, message key) -> the check, for checks without any value in them. The keys
# come from the code (a check with a claim name from the caller always has fields), so this
# stays small; the bound is a safety net.
_FIXED_CHECKS: dict[tuple[str, Status, str], Check] = {}
_MAX_FIXED_CHECKS = 256


# An optional claim's check when it is absent says the same every time: one shared (frozen)
# Check each, made here rather than looked up on every call.
_ABSENT = {claim: claim_check(claim, Status.INFO, f"{claim}.absent") for claim in ("nbf", "iat", "iss", "sub", "aud")}


def _time_type_problem(claim: str, value: Any) -> Check | None:
    value_type = type(value)
    if (value_type is int or value_type is float) and explain.is_numeric_date(value):
        return None  # the usual case, first
    if isinstance(value, OutOfRangeNumber):
        return claim_check(claim, Status.FAIL, "time.range", claim=claim, expected="NumericDate", actual=value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        kind = {str: "a string", bool: "a boolean", type(None): "null", list: "an array", dict: "an object"}.get(
            type(value), "a value"
        )
        return claim_check(
            claim, Status.FAIL, "time.type", claim=claim, kind=kind, expected="NumericDate", actual=value
        )
    if not explain.is_numeric_date(value):
        return claim_check(claim, Status.FAIL, "time.range", claim=claim, expected="NumericDate", actual=value)
    return None


def _date_words(date: tuple[str, str, str] | None, claim: str, value: Any, at: float) -> tuple[str, str, str] | Check:
    """`date` when the caller made it, else the value's explain.date_words, or the check that
    refuses a value that is no NumericDate."""
    if date is not None:
        return date
    return _time_type_problem(claim, value) or explain.date_words(value, at)


def _leeway_text(leeway: int) -> str:
    return explain.message("leeway", leeway=leeway) if leeway else ""


def check_exp(
    payload: dict[str, Any], at: float, leeway: int, required: bool, *, date: tuple[str, str, str] | None = None
) -> Check:
    """`date`: explain.date_words(payload["exp"], at), when the caller found a NumericDate there
    and already made them."""
    if "exp" not in payload:
        if required:
            return claim_check("exp", Status.FAIL, "exp.required", expected="present")
        return claim_check("exp", Status.WARN, "exp.missing")
    value = payload["exp"]
    words = _date_words(date, "exp", value, at)
    if isinstance(words, Check):
        return words
    display, utc, relative = words
    if value <= at - leeway:
        return claim_check(
            "exp",
            Status.FAIL,
            "exp.expired",
            ago=relative,
            when=utc + _leeway_text(leeway),
            expected=f"after {explain.utc_text(at - leeway)}",
            actual=value,
        )
    return claim_check("exp", Status.PASS, "exp.ok", display=display, actual=value)


def check_nbf(
    payload: dict[str, Any], at: float, leeway: int, required: bool, *, date: tuple[str, str, str] | None = None
) -> Check:
    """`date`: explain.date_words(payload["nbf"], at), when the caller found a NumericDate there
    and already made them."""
    if "nbf" not in payload:
        if required:
            return claim_check("nbf", Status.FAIL, "required.missing", claim="nbf", expected="present")
        return _ABSENT["nbf"]
    value = payload["nbf"]
    words = _date_words(date, "nbf", value, at)
    if isinstance(words, Check):
        return words
    display, utc, relative = words
    if value > at + leeway:
        return claim_check(
            "nbf",
            Status.FAIL,
            "nbf.early",
            in_=relative,
            when=utc + _leeway_text(leeway),
            expected=f"at or before {explain.utc_text(at + leeway)}",
            actual=value,
        )
    return claim_check("nbf", Status.PASS, "nbf.ok", display=display, actual=value)


def check_iat(
    payload: dict[str, Any], at: float, leeway: int, required: bool, *, date: tuple[str, str, str] | None = None
) -> Check:
    """`date`: explain.date_words(payload["iat"], at), when the caller found a NumericDate there
    and already made them."""
    if "iat" not in payload:
        if required:
            return claim_check("iat", Status.FAIL, "required.missing", claim="iat", expected="present")
        return _ABSENT["iat"]
    value = payload["iat"]
    words = _date_words(date, "iat", value, at)
    if isinstance(words, Check):
        return words
    display, utc, relative = words
    if value > at + leeway:
        return claim_check(
            "iat",
            Status.WARN,
            "iat.future",
            in_=relative,
            when=utc + _leeway_text(leeway),
            expected=f"at or before {explain.utc_text(at + leeway)}",
            actual=value,
        )
    return claim_check("iat", Status.PASS, "iat.ok", display=display, actual=value)


def _check_exact_string(claim: str, payload: dict[str, Any], expected: str | None, required: bool) -> Check:
    present = claim in payload
    value = payload.get(claim)
    if present and not isinstance(value, str):
        return claim_check(claim, Status.FAIL, f"{claim}.type", actual=value, expected=expected)
    if expected is None:
        if not present:
            if required:
                return claim_check(claim, Status.FAIL, "required.missing", claim=claim, expected="present")
            return _ABSENT[claim]
        return claim_check(claim, Status.INFO, f"{claim}.info", actual=value)
    if not present:
        return claim_check(claim, Status.FAIL, f"{claim}.missing", expected=expected)
    if value != expected:
        return claim_check(claim, Status.FAIL, f"{claim}.mismatch", expected=expected, actual=value)
    return claim_check(claim, Status.PASS, f"{claim}.ok", actual=value, expected=expected)


def check_iss(payload: dict[str, Any], expect: Expectations) -> Check:
    return _check_exact_string("iss", payload, expect.iss, "iss" in expect.required)


def check_sub(payload: dict[str, Any], expect: Expectations) -> Check:
    return _check_exact_string("sub", payload, expect.sub, "sub" in expect.required)


def check_aud(payload: dict[str, Any], expect: Expectations) -> Check:
    present = "aud" in payload
    value = payload.get("aud")
    if present:
        valid_type = isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
        if not valid_type:
            return claim_check(
                "aud", Status.FAIL, "aud.type", actual=value, expected=list(expect.aud) if expect.aud else None
            )
    if expect.aud is None:
        if not present:
            if "aud" in expect.required:
                return claim_check("aud", Status.FAIL, "required.missing", claim="aud", expected="present")
            return _ABSENT["aud"]
        return claim_check("aud", Status.INFO, "aud.info", actual=value, audience=_audience_words(value))
    expected = list(expect.aud)
    if not present:
        hint = explain.message("aud.cognito_access_hint") if payload.get("token_use") == "access" else ""
        return claim_check("aud", Status.FAIL, "aud.missing", expected=expected, hint=hint)
    audiences = [value] if isinstance(value, str) else list(value or [])
    match = next((a for a in audiences if a in expected), None)
    if match is None:
        return claim_check(
            "aud", Status.FAIL, "aud.mismatch", expected=expected, actual=value, audience=_audience_words(value)
        )
    return claim_check("aud", Status.PASS, "aud.ok", match=match, expected=expected, actual=value)


def _audience_words(value: Any) -> str:
    values = [value] if isinstance(value, str) else list(value)
    return " and ".join(f"'{v}'" for v in values) or "nobody (an empty list)"


def check_jti(payload: dict[str, Any]) -> Check | None:
    """`jti` is a case-sensitive string (RFC 7519 4.1.7); a token whose jti is anything else is
    malformed. No check when it is absent or a string (nothing to verify without a replay store)."""
    if "jti" in payload and not isinstance(payload["jti"], str):
        return claim_check("jti", Status.FAIL, "jti.type", actual=payload["jti"])
    return None


def check_required(payload: dict[str, Any], name: str) -> Check:
    if name in payload:
        return claim_check(name, Status.PASS, "required.ok", claim=name, expected="present", actual=payload[name])
    return claim_check(name, Status.FAIL, "required.missing", claim=name, expected="present")


def check_token_use(payload: dict[str, Any], expect: Expectations) -> Check | None:
    value = payload.get("token_use")
    if expect.token_use is None:
        if value is None:
            return None
        return claim_check("token_use", Status.INFO, "token_use.info", kind=explain.token_use_kind(value), actual=value)
    if value is None:
        return claim_check("token_use", Status.FAIL, "token_use.missing", expected=expect.token_use)
    if value != expect.token_use:
        hint = (
            explain.message("token_use.hint_access")
            if value == "id" and expect.token_use == "access"
            else (explain.message("token_use.hint_id") if value == "access" and expect.token_use == "id" else "")
        )
        return claim_check(
            "token_use",
            Status.FAIL,
            "token_use.mismatch",
            expected=expect.token_use,
            actual=value,
            expected_kind=explain.token_use_kind(expect.token_use),
            actual_kind=explain.token_use_kind(value),
            hint=hint,
        )
    return claim_check(
        "token_use",
        Status.PASS,
        "token_use.ok",
        kind=explain.token_use_kind(value),
        actual=value,
        expected=expect.token_use,
    )


def check_client_id(payload: dict[str, Any], expect: Expectations) -> Check | None:
    if expect.client_id is None:
        return None
    where = cognito.client_id_claim(payload)
    if where not in payload:
        hint = (
            explain.message("aud.cognito_access_hint")
            if where == "aud" and "client_id" not in payload and payload.get("token_use") == "access"
            else ""
        )
        return claim_check(
            "client_id", Status.FAIL, "client_id.missing", expected=expect.client_id, where=where, hint=hint
        )
    value = payload[where]
    values = value if isinstance(value, list) else [value]
    if expect.client_id in values and all(isinstance(v, str) for v in values):
        return claim_check(
            "client_id", Status.PASS, "client_id.ok", expected=expect.client_id, actual=value, where=where
        )
    return claim_check(
        "client_id",
        Status.FAIL,
        "client_id.mismatch",
        expected=expect.client_id,
        actual=value,
        where=where,
        found=_audience_words(value) if isinstance(value, (str, list)) else explain.short_json(value),
    )


def check_scope(payload: dict[str, Any], expect: Expectations) -> Check | None:
    present = "scope" in payload
    value = payload.get("scope")
    if expect.scopes is None:
        if not present:
            return None
        scopes = cognito.scopes_of(value)
        if scopes is None:
            return claim_check("scope", Status.WARN, "scope.type", actual=value)
        return claim_check("scope", Status.INFO, "scope.info", actual=value)
    expected = list(expect.scopes)
    if not present:
        return claim_check("scope", Status.FAIL, "scope.missing", expected=expected)
    scopes = cognito.scopes_of(value)
    if scopes is None:
        return claim_check("scope", Status.FAIL, "scope.type", actual=value, expected=expected)
    match = [s for s in expected if s in scopes]
    if not match:
        return claim_check("scope", Status.FAIL, "scope.mismatch", expected=expected, actual=value)
    return claim_check("scope", Status.PASS, "scope.ok", match=", ".join(match), expected=expected, actual=value)
