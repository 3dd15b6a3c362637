"""Input only: the simulator's and the token-response helper's API bodies and page forms.

Problems are `InputError`s (stable code, a sentence for a person), which the API turns into
`400 {"error": {"code", "message"}}` and the pages show next to the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jwtdebugger.core import Expectations, KeyInput
from jwtdebugger.forms import (
    TOKEN_USES,
    InputError,
    InspectRequest,
    parse_at,
    parse_evaluate_at,
    parse_expect,
    parse_key,
    parse_leeway,
)
from jwtdebugger.learn.authorizers import AUTHORIZER_TYPES, AuthorizerConfig
from jwtdebugger.learn.cases import DebuggerCase
from jwtdebugger.learn.token_response import ResponseError, TokenResponse, parse_response

AUTHORIZER_FIELDS = ("type", "issuer", "audience", "scopes", "token_use", "client_id", "groups")


@dataclass(frozen=True)
class SimulateRequest:
    inspect: InspectRequest  # the token and key, inspected without expectations
    authorizer: AuthorizerConfig


@dataclass(frozen=True)
class ResponseRequest:
    response: TokenResponse
    key: KeyInput | None = None
    expect: Expectations = field(default_factory=Expectations)
    leeway: int = 0
    at: float | None = None


def _strings(value: Any, name: str) -> tuple[str, ...]:
    """A list of strings, or one string (space-separated values)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v for v in value if v)
    raise InputError("invalid_field", f"'{name}' must be a list of strings.")


def _optional_string(value: Any, name: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError("invalid_field", f"'{name}' must be a string.")
    return value


def parse_authorizer(value: Any) -> AuthorizerConfig:
    if not isinstance(value, dict):
        raise InputError(
            "invalid_field",
            '\'authorizer\' must be an object like {"type": "http_api_jwt", "issuer": "...", "audience": ["..."]}.',
        )
    unknown = sorted(set(value) - set(AUTHORIZER_FIELDS))
    if unknown:
        raise InputError(
            "invalid_field",
            f"Unknown field in 'authorizer': {', '.join(unknown)}. Known: {', '.join(AUTHORIZER_FIELDS)}.",
        )
    kind = value.get("type")
    if kind not in AUTHORIZER_TYPES:
        raise InputError("invalid_field", f"'authorizer.type' must be one of: {', '.join(AUTHORIZER_TYPES)}.")
    issuer = value.get("issuer")
    if not isinstance(issuer, str) or not issuer.strip():
        raise InputError(
            "invalid_field",
            "'authorizer.issuer' must be the issuer URL (a string), e.g. https://cognito-idp.<region>.amazonaws.com/<userPoolId>.",
        )
    audience = _strings(value.get("audience"), "authorizer.audience")
    if kind == "http_api_jwt" and not audience:
        raise InputError(
            "invalid_field",
            "'authorizer.audience' must list at least one audience (for Cognito, the app client id): AWS requires it for JWT authorizers.",
        )
    token_use = _optional_string(value.get("token_use"), "authorizer.token_use")
    if token_use is not None and token_use not in TOKEN_USES:
        raise InputError("invalid_field", "'authorizer.token_use' must be 'id', 'access' or null.")
    return AuthorizerConfig(
        type=kind,
        issuer=issuer.strip(),
        audience=audience,
        scopes=_strings(value.get("scopes"), "authorizer.scopes"),
        token_use=token_use,
        client_id=_optional_string(value.get("client_id"), "authorizer.client_id"),
        groups=_strings(value.get("groups"), "authorizer.groups"),
    )


def parse_simulate_body(data: Any, *, remote_types: tuple[str, ...] = ()) -> SimulateRequest:
    """The JSON body of POST /api/v1/simulate -> SimulateRequest, or InputError."""
    if not isinstance(data, dict):
        raise InputError("invalid_body", "The body must be a JSON object.")
    if "token" not in data:
        raise InputError("missing_token", "The body needs a 'token' (the JWT as a string).")
    if not isinstance(data["token"], str):
        raise InputError("invalid_field", "'token' must be a string.")
    if data.get("key") is None:
        raise InputError(
            "missing_key",
            'The body needs a \'key\': an authorizer always verifies the signature, e.g. {"type": "jwks", "value": {"keys": [...]}}.',
        )
    if data.get("authorizer") is None:
        raise InputError(
            "missing_authorizer",
            'The body needs an \'authorizer\', e.g. {"type": "http_api_jwt", "issuer": "...", "audience": ["..."]}.',
        )
    key = parse_key(data["key"], remote_types=remote_types)
    authorizer = parse_authorizer(data["authorizer"])
    return SimulateRequest(
        inspect=InspectRequest(token=data["token"], key=key, at=parse_at(data.get("at"))), authorizer=authorizer
    )


def parse_inspect_response_body(data: Any, *, remote_types: tuple[str, ...] = ()) -> ResponseRequest:
    """The JSON body of POST /api/v1/inspect-response -> ResponseRequest, or InputError."""
    if not isinstance(data, dict):
        raise InputError("invalid_body", "The body must be a JSON object.")
    if data.get("response") is None:
        raise InputError(
            "missing_response",
            "The body needs a 'response': the token endpoint's answer, as an object or its JSON text.",
        )
    try:
        response = parse_response(data["response"])
    except ResponseError as exc:
        raise InputError(exc.code, exc.message) from None
    return ResponseRequest(
        response=response,
        key=parse_key(data.get("key"), remote_types=remote_types),
        expect=parse_expect(data.get("expect")),
        leeway=parse_leeway(data.get("leeway")),
        at=parse_at(data.get("at")),
    )


# ---- page forms ---------------------------------------------------------------------------

SIMULATE_FIELDS = (
    "token",
    "key_type",
    "key",
    "encoding",
    "authorizer",
    "issuer",
    "audience",
    "scopes",
    "token_use",
    "client_id",
    "groups",
    "at",
)
RESPONSE_FIELDS = ("response", "key_type", "key", "encoding", "iss", "aud", "client_id", "scopes", "at")


@dataclass(frozen=True)
class PageForm:
    values: dict[str, str]
    errors: dict[str, str]
    request: Any = None  # SimulateRequest | ResponseRequest when usable


def _page_key(values: dict[str, str], remote_types: tuple[str, ...]) -> KeyInput | None:
    key_type = values["key_type"]
    if not key_type or not (values["key"].strip() or key_type == "issuer"):
        return None
    encoding = {"encoding": values["encoding"] or "utf8"} if key_type == "secret" else {}
    return parse_key({"type": key_type, "value": values["key"], **encoding}, remote_types=remote_types)


def _page_at(values: dict[str, str], errors: dict[str, str]) -> float | None:
    try:
        return parse_evaluate_at(values["at"])
    except InputError as exc:
        errors["at"] = exc.message
        return None


def parse_simulate_form(data: Any, *, remote_types: tuple[str, ...] = ()) -> PageForm:
    values = {name: str(data.get(name, "")) for name in SIMULATE_FIELDS}
    values["authorizer"] = values["authorizer"] or "http_api_jwt"
    errors: dict[str, str] = {}
    key = None
    try:
        key = _page_key(values, remote_types)
        if key is None and values["token"].strip():
            errors["key"] = "Give the key the authorizer verifies with (for Cognito, the user pool's JWK Set)."
    except InputError as exc:
        errors["key"] = exc.message
    authorizer = None
    try:
        authorizer = parse_authorizer(
            {
                name: values[name] or None
                for name in ("issuer", "audience", "scopes", "token_use", "client_id", "groups")
            }
            | {"type": values["authorizer"]}
        )
    except InputError as exc:
        errors["authorizer"] = exc.message
    at = _page_at(values, errors)
    if not values["token"].strip() or errors or key is None or authorizer is None:
        return PageForm(values, errors)
    request = SimulateRequest(InspectRequest(token=values["token"], key=key, at=at), authorizer)
    return PageForm(values, errors, request)


def parse_response_form(data: Any, *, remote_types: tuple[str, ...] = ()) -> PageForm:
    values = {name: str(data.get(name, "")) for name in RESPONSE_FIELDS}
    errors: dict[str, str] = {}
    response = None
    if values["response"].strip():
        try:
            response = parse_response(values["response"])
        except ResponseError as exc:
            errors["response"] = exc.message
    key = None
    try:
        key = _page_key(values, remote_types)
    except InputError as exc:
        errors["key"] = exc.message
    expect: dict[str, Any] = {name: values[name].strip() for name in ("iss", "client_id") if values[name].strip()}
    for name in ("aud", "scopes"):
        if values[name].strip():
            expect[name] = values[name].split()
    at = _page_at(values, errors)
    if response is None or errors:
        return PageForm(values, errors)
    return PageForm(values, errors, ResponseRequest(response=response, key=key, expect=parse_expect(expect), at=at))


def simulate_form_data(case: DebuggerCase, config: AuthorizerConfig) -> dict[str, str]:
    """The simulator page's fields for a case sent to an authorizer (for "Simulate" buttons)."""
    return {
        "token": case.token,
        "key_type": case.key_type,
        "key": case.key,
        "encoding": "utf8",
        "authorizer": config.type,
        "issuer": config.issuer,
        "audience": " ".join(config.audience),
        "scopes": " ".join(config.scopes),
        "token_use": config.token_use or "",
        "client_id": config.client_id or "",
        "groups": " ".join(config.groups),
        "at": case.at_text,
    }
