"""Input only: the API body and the page form -> a :class:`SignRequest`.

Shape and types are checked here (InputError, the API's 400); what the values mean (which
algorithm, which key fits it) is decided in `services` and `signing`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from jwtdebugger.forms import SECRET_ENCODINGS, InputError

from . import jsontext
from .signing import ALG_CURVES, RSA_SIZES, UNSECURED_ALG

BODY_FIELDS = ("header", "payload", "alg", "key", "unsecured")
KEY_TYPES = ("secret", "pem", "jwk", "generate")
KEY_FIELDS = ("type", "value", "encoding", "size", "curve")
DEFAULT_HEADER: dict[str, Any] = {"typ": "JWT"}


@dataclass(frozen=True)
class KeySpec:
    """How to get the signing key: `type` secret | pem | jwk | generate."""

    type: str
    value: Any = None
    encoding: str = "utf8"
    size: int | None = None
    curve: str | None = None


@dataclass(frozen=True)
class SignRequest:
    header: dict[str, Any]
    payload: dict[str, Any]
    alg: Any  # None: take it from the header
    key: KeySpec | None
    unsecured: bool = False


def parse_sign_body(data: Any) -> SignRequest:
    """The JSON body of POST /api/v1/sign -> SignRequest, or InputError."""
    if not isinstance(data, dict):
        raise InputError("invalid_body", "The body must be a JSON object.")
    _no_unknown(data, BODY_FIELDS, "")
    if "payload" not in data:
        raise InputError("missing_payload", "The body needs a 'payload': the claims, as a JSON object.")
    payload = data["payload"]
    if not isinstance(payload, dict):
        raise InputError("invalid_payload", f"'payload' must be a JSON object (the claims), not {_kind(payload)}.")
    header = data.get("header", DEFAULT_HEADER)
    if not isinstance(header, dict):
        raise InputError("invalid_header", f"'header' must be a JSON object, not {_kind(header)}.")
    unsecured = data.get("unsecured", False)
    if not isinstance(unsecured, bool):
        raise InputError("invalid_field", "'unsecured' must be true or false.")
    return SignRequest(
        header=header, payload=payload, alg=data.get("alg"), key=parse_key_spec(data.get("key")), unsecured=unsecured
    )


def parse_key_spec(value: Any) -> KeySpec | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InputError(
            "invalid_field",
            '\'key\' must be an object like {"type": "generate"} or {"type": "secret", "value": "..."}.',
        )
    _no_unknown(value, KEY_FIELDS, "key.")
    key_type = value.get("type")
    if key_type not in KEY_TYPES:
        raise InputError("invalid_field", f"'key.type' must be one of: {', '.join(KEY_TYPES)}.")
    key_value = value.get("value")
    if key_type == "generate":
        if key_value is not None:
            raise InputError(
                "invalid_field", "'key.value' is not used with type 'generate': a new key pair is made for you."
            )
    elif key_type == "jwk":
        if not isinstance(key_value, (str, dict)):
            raise InputError("invalid_field", "'key.value' must be the private JWK, as a JSON object or its text.")
    elif not isinstance(key_value, str):
        raise InputError("invalid_field", f"'key.value' must be a string for key type '{key_type}'.")
    if "encoding" in value and key_type != "secret":
        raise InputError("invalid_field", "'key.encoding' applies to secrets only.")
    encoding = value.get("encoding", "utf8")
    if encoding not in SECRET_ENCODINGS:
        raise InputError("invalid_field", f"'key.encoding' must be one of: {', '.join(SECRET_ENCODINGS)}.")
    size = value.get("size")
    curve = value.get("curve")
    if key_type != "generate" and ("size" in value or "curve" in value):
        raise InputError("invalid_field", "'key.size' and 'key.curve' apply to generated keys only (type 'generate').")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int)):
        raise InputError("invalid_field", f"'key.size' must be a number of bits: {', '.join(map(str, RSA_SIZES))}.")
    if curve is not None and not isinstance(curve, str):
        raise InputError("invalid_field", "'key.curve' must be a string: P-256, P-384, P-521 or Ed25519.")
    return KeySpec(type=key_type, value=key_value, encoding=encoding, size=size, curve=curve)


def _no_unknown(data: dict[str, Any], known: tuple[str, ...], prefix: str) -> None:
    unknown = sorted(str(name) for name in set(data) - set(known))
    if unknown:
        names = ", ".join(f"'{prefix}{name}'" for name in unknown)
        raise InputError("invalid_field", f"Unknown field {names}. Known: {', '.join(prefix + k for k in known)}.")


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    return "a boolean" if isinstance(value, bool) else "a number"


# ---- the /build/ page ---------------------------------------------------------------------

PAGE_FIELDS = (
    "header",
    "payload",
    "alg",
    "key_source",
    "secret",
    "encoding",
    "private_key",
    "rsa_size",
    "curve",
    "unsecured",
)
KEY_SOURCES = ("secret", "paste", "generate")


@dataclass(frozen=True)
class BuildForm:
    """The page's form: the values as typed (to fill the form back), what the header and
    payload parsed to, and a JSON problem per editor."""

    values: dict[str, str]
    header: dict[str, Any] | None
    payload: dict[str, Any] | None
    problems: dict[str, jsontext.JsonProblem]

    def sign_request(self) -> SignRequest | None:
        """The request to sign, or None while the header or payload is not a JSON object."""
        if self.header is None or self.payload is None:
            return None
        values = self.values
        if values["unsecured"]:
            return SignRequest(header=self.header, payload=self.payload, alg=UNSECURED_ALG, key=None, unsecured=True)
        alg = values["alg"]
        return SignRequest(header=self.header, payload=self.payload, alg=alg, key=self._key_spec(alg))

    def _key_spec(self, alg: str) -> KeySpec | None:
        values = self.values
        source = values["key_source"]
        if source == "secret":
            return KeySpec(
                type="secret",
                value=values["secret"],
                encoding=values["encoding"] if values["encoding"] in SECRET_ENCODINGS else "utf8",
            )
        if source == "paste":
            text = values["private_key"]
            return KeySpec(type="jwk" if text.lstrip().startswith("{") else "pem", value=text)
        if source == "generate":
            # Both selects are always sent; only the one that fits the algorithm counts.
            if alg.startswith(("RS", "PS")):
                return KeySpec(type="generate", size=int(values["rsa_size"]) if values["rsa_size"].isdigit() else None)
            if alg in ALG_CURVES:
                return KeySpec(type="generate", curve=values["curve"] or None)
            return KeySpec(type="generate")
        return None


def parse_build_form(data: QueryDict | dict[str, Any]) -> BuildForm:
    values = {name: str(data.get(name, "")) for name in PAGE_FIELDS}
    problems: dict[str, jsontext.JsonProblem] = {}
    parsed: dict[str, dict[str, Any] | None] = {}
    for name in ("header", "payload"):
        parsed[name], problem = jsontext.parse_object(values[name])
        if problem:
            problems[name] = problem
    return BuildForm(values=values, header=parsed["header"], payload=parsed["payload"], problems=problems)
