"""Input only: the API body and the page form -> a :class:`SignRequest`.

Shape and types are checked here (InputError, the API's 400); what the values mean (which
algorithm, which key fits it) is decided in `services` and `signing`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from jwtdebugger.core.tokens import json_kind
from jwtdebugger.forms import SECRET_ENCODINGS, InputError

from . import encryption, jsontext
from .signing import ALG_CURVES, RSA_SIZES, UNSECURED_ALG

BODY_FIELDS = ("header", "payload", "alg", "key", "unsecured", "encrypt")
KEY_TYPES = ("secret", "pem", "jwk", "generate")
KEY_FIELDS = ("type", "value", "encoding", "size", "curve")
ENCRYPT_FIELDS = ("alg", "enc", "key", "p2c")
ENCRYPT_KEY_FIELDS = ("type", "value", "size", "curve")
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
class EncryptSpec:
    """How to encrypt the signed token: algorithms, the recipient's key (`key.type` pem | jwk |
    secret | password | generate; `encoding` unused) and the PBES2 count (None: the default)."""

    alg: Any
    enc: Any
    key: KeySpec
    p2c: Any = None


@dataclass(frozen=True)
class SignRequest:
    header: dict[str, Any]
    payload: dict[str, Any]
    alg: Any  # None: take it from the header
    key: KeySpec | None
    unsecured: bool = False
    encrypt: EncryptSpec | None = None


def parse_sign_body(data: Any) -> SignRequest:
    """The JSON body of POST /api/v1/sign -> SignRequest, or InputError."""
    if not isinstance(data, dict):
        raise InputError("invalid_body", "The body must be a JSON object.")
    _no_unknown(data, BODY_FIELDS, "")
    if "payload" not in data:
        raise InputError("missing_payload", "The body needs a 'payload': the claims, as a JSON object.")
    payload = data["payload"]
    if not isinstance(payload, dict):
        raise InputError("invalid_payload", f"'payload' must be a JSON object (the claims), not {json_kind(payload)}.")
    header = data.get("header", DEFAULT_HEADER)
    if not isinstance(header, dict):
        raise InputError("invalid_header", f"'header' must be a JSON object, not {json_kind(header)}.")
    unsecured = data.get("unsecured", False)
    if not isinstance(unsecured, bool):
        raise InputError("invalid_field", "'unsecured' must be true or false.")
    return SignRequest(
        header=header,
        payload=payload,
        alg=data.get("alg"),
        key=parse_key_spec(data.get("key")),
        unsecured=unsecured,
        encrypt=parse_encrypt_spec(data.get("encrypt")),
    )


def parse_encrypt_spec(value: Any) -> EncryptSpec | None:
    """`encrypt`: {"alg", "enc" (default A256GCM), "key": {"type", "value" | "size" | "curve"}, "p2c"}."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InputError(
            "invalid_field",
            '\'encrypt\' must be an object like {"alg": "RSA-OAEP-256", "enc": "A256GCM", "key": {"type": "generate"}}.',
        )
    _no_unknown(value, ENCRYPT_FIELDS, "encrypt.")
    if "alg" not in value:
        raise InputError(
            "invalid_field",
            f"'encrypt.alg' is missing: the key management algorithm, one of {', '.join(encryption.ALGS)}.",
        )
    key = value.get("key")
    if not isinstance(key, dict):
        raise InputError(
            "invalid_field",
            '\'encrypt.key\' must be an object: the recipient\'s key, like {"type": "pem", "value": "-----BEGIN PUBLIC KEY-----..."}, '
            '{"type": "secret", "value": "<base64url>"}, {"type": "password", "value": "..."} or {"type": "generate"}.',
        )
    _no_unknown(key, ENCRYPT_KEY_FIELDS, "encrypt.key.")
    key_type = key.get("type")
    if key_type not in encryption.KEY_TYPES:
        raise InputError("invalid_field", f"'encrypt.key.type' must be one of: {', '.join(encryption.KEY_TYPES)}.")
    key_value = key.get("value")
    if key_type == "generate":
        if key_value is not None:
            raise InputError(
                "invalid_field", "'encrypt.key.value' is not used with type 'generate': a new key is made for you."
            )
    elif key_type == "jwk":
        if not isinstance(key_value, (str, dict)):
            raise InputError("invalid_field", "'encrypt.key.value' must be the JWK, as a JSON object or its text.")
    elif not isinstance(key_value, str):
        raise InputError("invalid_field", f"'encrypt.key.value' must be a string for key type '{key_type}'.")
    size = key.get("size")
    curve = key.get("curve")
    if key_type != "generate" and ("size" in key or "curve" in key):
        raise InputError(
            "invalid_field",
            "'encrypt.key.size' and 'encrypt.key.curve' apply to generated keys only (type 'generate').",
        )
    if size is not None and (isinstance(size, bool) or not isinstance(size, int)):
        raise InputError(
            "invalid_field", f"'encrypt.key.size' must be a number of bits: {', '.join(map(str, RSA_SIZES))}."
        )
    if curve is not None and not isinstance(curve, str):
        raise InputError("invalid_field", f"'encrypt.key.curve' must be a string: {', '.join(encryption.ECDH_CURVES)}.")
    return EncryptSpec(
        alg=value["alg"],
        enc=value.get("enc", encryption.DEFAULT_ENC),
        key=KeySpec(type=key_type, value=key_value, size=size, curve=curve),
        p2c=value.get("p2c"),
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
    "encrypt",
    "jwe_alg",
    "jwe_enc",
    "jwe_key_source",
    "jwe_public_key",
    "jwe_secret",
    "jwe_password",
    "jwe_p2c",
    "jwe_rsa_size",
    "jwe_curve",
)
KEY_SOURCES = ("secret", "paste", "generate")
JWE_KEY_SOURCES = ("public", "secret", "password", "generate")


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
        encrypt = self._encrypt_spec()
        if values["unsecured"]:
            return SignRequest(
                header=self.header, payload=self.payload, alg=UNSECURED_ALG, key=None, unsecured=True, encrypt=encrypt
            )
        alg = values["alg"]
        return SignRequest(header=self.header, payload=self.payload, alg=alg, key=self._key_spec(alg), encrypt=encrypt)

    def _encrypt_spec(self) -> EncryptSpec | None:
        """The "Encrypt" step, when its box is ticked. Every panel is always sent (the page works
        without JavaScript); only the chosen source, and what fits the algorithm, counts."""
        values = self.values
        if not values["encrypt"]:
            return None
        alg = values["jwe_alg"]
        family = encryption.ALGS[alg][0] if alg in encryption.ALGS else ""
        source = values["jwe_key_source"]
        if source == "public":
            text = values["jwe_public_key"]
            key = KeySpec(type="jwk" if text.lstrip().startswith("{") else "pem", value=text)
        elif source == "secret":
            text = values["jwe_secret"]
            key = KeySpec(type="jwk" if text.lstrip().startswith("{") else "secret", value=text)
        elif source == "password":
            key = KeySpec(type="password", value=values["jwe_password"])
        elif source == "generate":
            size = values["jwe_rsa_size"]
            key = KeySpec(
                type="generate",
                size=int(size) if family == "rsa" and size.isdigit() else None,
                curve=(values["jwe_curve"] or None) if family == "ecdh" else None,
            )
        else:
            key = KeySpec(type="")
        p2c: Any = None
        if family == "password":
            text = values["jwe_p2c"].strip().replace(",", "").replace("_", "")
            p2c = int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else (text or None)
        return EncryptSpec(alg=alg, enc=values["jwe_enc"], key=key, p2c=p2c)

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
