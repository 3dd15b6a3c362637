"""Input only: turn an API body, a page form or CLI options into engine arguments.

Every problem is an InputError with a stable code and a sentence for a person; the API turns it
into `400 {"error": {"code", "message"}}`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from jwtdebugger.core import Expectations, KeyInput
from jwtdebugger.core.explain import MAX_NUMERIC_DATE, MIN_NUMERIC_DATE
from jwtdebugger.core.inspect import MAX_LEEWAY
from jwtdebugger.core.jwe import KEY_TYPES as DECRYPT_KEY_TYPES
from jwtdebugger.core.jwe import DecryptKey
from jwtdebugger.core.results import fast_init

KEY_TYPES = ("secret", "pem", "jwk", "jwks")
REMOTE_KEY_TYPES = ("jwks_url", "issuer")
SECRET_ENCODINGS = ("utf8", "base64", "base64url")
TOKEN_USES = ("id", "access")


class InputError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@fast_init  # built on every request: see core/results.py
@dataclass(frozen=True)
class InspectRequest:
    token: str
    key: KeyInput | None = None
    expect: Expectations = field(default_factory=Expectations)
    leeway: int = 0
    at: float | None = None
    decrypt_key: DecryptKey | None = None


def _string(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise InputError("invalid_field", f"'{name}' must be a string.")
    return value


def _string_list(value: Any, name: str, *, allow_single: bool = False) -> tuple[str, ...]:
    if allow_single and isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        kind = "a string or a list of strings" if allow_single else "a list of strings"
        raise InputError("invalid_field", f"'{name}' must be {kind}.")
    return tuple(value)


def parse_key(value: Any, *, remote_types: tuple[str, ...] = ()) -> KeyInput | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InputError("invalid_field", '\'key\' must be an object like {"type": "secret", "value": "..."}.')
    allowed = KEY_TYPES + remote_types
    key_type = value.get("type")
    if key_type not in allowed:
        raise InputError("invalid_field", f"'key.type' must be one of: {', '.join(allowed)}.")
    key_value = value.get("value")
    if key_type == "issuer":
        if key_value is not None and not isinstance(key_value, str):
            raise InputError("invalid_field", "'key.value' must be the issuer URL (a string) or left out.")
    elif key_type in ("jwk", "jwks"):
        if not isinstance(key_value, (str, dict)):
            raise InputError(
                "invalid_field", f"'key.value' must be a JSON object or its text for key type '{key_type}'."
            )
    elif not isinstance(key_value, str):
        raise InputError("invalid_field", f"'key.value' must be a string for key type '{key_type}'.")
    if key_type == "jwks_url" and not (isinstance(key_value, str) and key_value.strip()):
        raise InputError("invalid_field", "'key.value' must be the JWKS URL for key type 'jwks_url'.")
    encoding = value.get("encoding", "utf8")
    if "encoding" in value and key_type != "secret":
        raise InputError("invalid_field", "'key.encoding' applies to secrets only.")
    if encoding not in SECRET_ENCODINGS:
        raise InputError("invalid_field", f"'key.encoding' must be one of: {', '.join(SECRET_ENCODINGS)}.")
    return KeyInput(type=key_type, value=key_value, encoding=encoding)


def parse_decrypt_key(value: Any) -> DecryptKey | None:
    """`decrypt_key`: {"type": "pem"|"jwk"|"secret"|"password", "value": ...} to open a JWE."""
    if value is None:
        return None
    if not isinstance(value, dict) or value.get("type") not in DECRYPT_KEY_TYPES:
        raise InputError(
            "invalid_field", f"'decrypt_key' must be an object with 'type' one of: {', '.join(DECRYPT_KEY_TYPES)}."
        )
    key_value = value.get("value")
    if not isinstance(key_value, str) and not (value["type"] == "jwk" and isinstance(key_value, dict)):
        raise InputError("invalid_field", "'decrypt_key.value' must be a string (or a JSON object for a JWK).")
    return DecryptKey(type=value["type"], value=key_value)


EXPECT_FIELDS = ("iss", "aud", "sub", "typ", "algorithms", "token_use", "client_id", "scopes", "required")


def parse_expect(value: Any) -> Expectations:
    if value is None:
        return Expectations()
    if not isinstance(value, dict):
        raise InputError("invalid_field", "'expect' must be an object.")
    unknown = sorted(set(value) - set(EXPECT_FIELDS))
    if unknown:
        raise InputError(
            "invalid_field", f"Unknown field in 'expect': {', '.join(unknown)}. Known: {', '.join(EXPECT_FIELDS)}."
        )
    args: dict[str, Any] = {}
    for name in ("iss", "sub", "typ", "client_id"):
        if value.get(name) is not None:
            args[name] = _string(value[name], f"expect.{name}")
    if value.get("aud") is not None:
        args["aud"] = _string_list(value["aud"], "expect.aud", allow_single=True)
    for name in ("algorithms", "scopes", "required"):
        if value.get(name) is not None:
            args[name] = _string_list(value[name], f"expect.{name}")
    if value.get("token_use") is not None:
        if value["token_use"] not in TOKEN_USES:
            raise InputError("invalid_field", "'expect.token_use' must be 'id' or 'access'.")
        args["token_use"] = value["token_use"]
    return Expectations(**args)


def parse_leeway(value: Any) -> int:
    if value is None:
        return 0
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or (isinstance(value, float) and not value.is_integer())
    ):
        raise InputError("invalid_field", "'leeway' must be a whole number of seconds.")
    if not 0 <= value <= MAX_LEEWAY:
        raise InputError("invalid_field", f"'leeway' must be between 0 and {MAX_LEEWAY} seconds.")
    return int(value)


def parse_at(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError("invalid_field", "'at' must be a number of seconds since 1970-01-01 UTC.")
    if not MIN_NUMERIC_DATE <= value <= MAX_NUMERIC_DATE:
        raise InputError("invalid_field", "'at' must be a date between the years 1 and 9999.")
    return float(value)


def parse_inspect_body(data: Any, *, remote_types: tuple[str, ...] = ()) -> InspectRequest:
    """The JSON body of POST /api/v1/inspect -> InspectRequest, or InputError."""
    if not isinstance(data, dict):
        raise InputError("invalid_body", "The body must be a JSON object.")
    if "token" not in data:
        raise InputError("missing_token", "The body needs a 'token' (the JWT as a string).")
    return InspectRequest(
        token=_string(data["token"], "token"),
        key=parse_key(data.get("key"), remote_types=remote_types),
        expect=parse_expect(data.get("expect")),
        leeway=parse_leeway(data.get("leeway")),
        at=parse_at(data.get("at")),
        decrypt_key=parse_decrypt_key(data.get("decrypt_key")),
    )


# ---- the debugger page's form ----------------------------------------------------------

PAGE_KEY_TYPES = ("", *KEY_TYPES)
PAGE_FIELDS = (
    "token",
    "key_type",
    "key",
    "encoding",
    "iss",
    "aud",
    "sub",
    "token_use",
    "client_id",
    "scopes",
    "leeway",
    "at",
    "decrypt_type",
    "decrypt_key",
)


@fast_init
@dataclass(frozen=True)
class PageForm:
    """The page's form: the values as typed (to fill the form back), the request when it is
    usable, and a message per field that could not be used."""

    values: dict[str, str]
    request: InspectRequest | None
    errors: dict[str, str]


def parse_evaluate_at(text: str) -> float | None:
    """'' (now), Unix seconds, or an ISO 8601 date-time (UTC unless it names an offset)."""
    from datetime import UTC, datetime

    text = text.strip()
    if not text:
        return None
    try:
        return parse_at(float(text))
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InputError("invalid_field", "Use Unix seconds or a date like 2026-11-26T19:00:00Z.") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def parse_page_form(data: Any, *, remote_types: tuple[str, ...] = ()) -> PageForm:
    # `in` before reading: QueryDict.get() raises and catches a KeyError for each absent field.
    values = {name: str(data[name]) if name in data else "" for name in PAGE_FIELDS}
    errors: dict[str, str] = {}
    key: KeyInput | None = None
    if values["key_type"] and (values["key"].strip() or values["key_type"] == "issuer"):
        try:
            key = parse_key(
                {
                    "type": values["key_type"],
                    "value": values["key"],
                    **({"encoding": values["encoding"] or "utf8"} if values["key_type"] == "secret" else {}),
                },
                remote_types=remote_types,
            )
        except InputError as exc:
            errors["key"] = exc.message
    expect_data: dict[str, Any] = {}
    for name in ("iss", "sub", "client_id"):
        if values[name].strip():
            expect_data[name] = values[name].strip()
    if values["aud"].strip():
        expect_data["aud"] = values["aud"].replace(",", " ").split()
    if values["scopes"].strip():
        expect_data["scopes"] = values["scopes"].replace(",", " ").split()
    if values["token_use"] in TOKEN_USES:
        expect_data["token_use"] = values["token_use"]
    expect = parse_expect(expect_data)
    leeway = 0
    try:
        leeway = parse_leeway(int(values["leeway"]) if values["leeway"].strip() else 0)
    except (ValueError, InputError) as exc:
        errors["leeway"] = (
            exc.message if isinstance(exc, InputError) else "Leeway is a whole number of seconds, 0 to 300."
        )
    at = None
    try:
        at = parse_evaluate_at(values["at"])
    except InputError as exc:
        errors["at"] = exc.message
    decrypt_key = None
    if values["decrypt_type"] and values["decrypt_key"].strip():
        try:
            decrypt_key = parse_decrypt_key({"type": values["decrypt_type"], "value": values["decrypt_key"]})
        except InputError as exc:
            errors["decrypt_key"] = exc.message
    if not values["token"].strip() or errors:
        return PageForm(values=values, request=None, errors=errors)
    request = InspectRequest(
        token=values["token"], key=key, expect=expect, leeway=leeway, at=at, decrypt_key=decrypt_key
    )
    return PageForm(values=values, request=request, errors=errors)
