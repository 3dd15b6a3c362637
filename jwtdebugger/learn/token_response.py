"""A whole token-endpoint response (id_token, access_token, refresh_token) judged as a set.

Each token is inspected on its own by the engine elsewhere; this module only reads the
response and checks that the tokens belong together: same user (`sub`), same sign-in
(`origin_jti`, `auth_time`), same app client and issuer, the ID token's `at_hash` matching
the access token (OpenID Connect Core 3.1.3.6), and what the refresh token is.

Pure Python (no Django import). Outcomes are `Check` values, like the engine's.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from jwtdebugger.core.results import Check, DecodedToken, Status, TokenFormat
from jwtdebugger.core.tokens import b64url_encode, decode_token

TOKEN_FIELDS = ("id_token", "access_token", "refresh_token")
MAX_RESPONSE_CHARS = 200_000

# at_hash uses the hash of the ID token's signing algorithm (OIDC Core 3.1.3.6).
AT_HASH_DIGESTS = {
    "HS256": "sha256", "RS256": "sha256", "PS256": "sha256", "ES256": "sha256",
    "HS384": "sha384", "RS384": "sha384", "PS384": "sha384", "ES384": "sha384",
    "HS512": "sha512", "RS512": "sha512", "PS512": "sha512", "ES512": "sha512",
}  # fmt: skip

TITLES = {
    "response.id_token": "id_token is an ID token",
    "response.access_token": "access_token is an access token",
    "response.sub": "Same user (sub)",
    "response.origin_jti": "Same sign-in (origin_jti)",
    "response.auth_time": "Same authentication time (auth_time)",
    "response.client": "Same app client",
    "response.iss": "Same issuer (iss)",
    "response.at_hash": "Access token hash (at_hash)",
    "response.refresh_token": "Refresh token",
}

MESSAGES = {
    "kind.ok": "The {field} field holds {kind} (token_use '{token_use}').",
    "kind.swapped": "The {field} field holds {kind} (token_use '{token_use}'), not {wanted}. The fields are swapped or the wrong token was copied: an API expecting one will refuse the other.",
    "kind.unknown": "The {field} field holds a token without token_use: not a Cognito token, so which kind it is cannot be told from the token.",
    "kind.unreadable": "The {field} field could not be decoded (see its own checks).",
    "same.ok": "Both tokens carry {claim} {value}.",
    "same.differ": "The ID token has {claim} {id_value} but the access token has {access_value}: these tokens come from different {what} and do not belong together.",
    "same.skip": "Not compared: {why}.",
    "client.ok": "The ID token's aud and the access token's client_id are both '{value}'.",
    "client.differ": "The ID token is for the app client {id_value} (aud) but the access token for {access_value} (client_id): they were issued to different app clients.",
    "at_hash.ok": "The ID token's at_hash {value} is the left half of the {digest} hash of the access token, base64url-encoded: the ID token was issued with this very access token.",
    "at_hash.differ": "The ID token's at_hash is {value}, but the access token hashes to {computed} ({digest}, left half, base64url). This ID token was not issued together with this access token.",
    "at_hash.absent": "The ID token has no at_hash, so it does not bind itself to an access token; nothing to compare.",
    "at_hash.no_digest": "The ID token is signed with {alg}; no at_hash hash is defined here for it, so it was not computed.",
    "at_hash.no_access": "There is no access token in the response to compare at_hash with.",
    "refresh.jwe": "An encrypted token (JWE, {alg} / {enc}): only the issuer can read it. That is what Amazon Cognito issues: a refresh token is not meant to be decoded by you, only sent back to the token endpoint.",
    "refresh.jws": "A signed JWT: anyone holding it can read its payload. Cognito refresh tokens are encrypted; this one is not.",
    "refresh.opaque": "An opaque string (not a JWT): only the issuer knows what it means. Many identity providers use such refresh tokens.",
    "refresh.absent": "No refresh_token in the response (none is issued, for example, for the client-credentials grant).",
}


class ResponseError(ValueError):
    """The response could not be read at all; `code` and `message` go into a 400 answer."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class TokenResponse:
    id_token: str | None
    access_token: str | None
    refresh_token: str | None


def parse_response(value: Any) -> TokenResponse:
    """A token-endpoint response given as an object or as its JSON text -> TokenResponse."""
    if isinstance(value, str):
        if len(value) > MAX_RESPONSE_CHARS:
            raise ResponseError("invalid_field", "'response' is too long to be a token response.")
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            raise ResponseError(
                "invalid_field",
                "'response' is not valid JSON: paste the whole token-endpoint response, braces included.",
            ) from None
    if not isinstance(value, dict):
        raise ResponseError(
            "invalid_field",
            '\'response\' must be a JSON object like {"id_token": "...", "access_token": "...", "refresh_token": "..."}.',
        )
    tokens: dict[str, str | None] = {}
    for name in TOKEN_FIELDS:
        token = value.get(name)
        if token is not None and not isinstance(token, str):
            raise ResponseError("invalid_field", f"'response.{name}' must be a string.")
        tokens[name] = token or None
    if tokens["id_token"] is None and tokens["access_token"] is None:
        raise ResponseError("invalid_field", "'response' has neither an id_token nor an access_token.")
    return TokenResponse(**tokens)


def at_hash(access_token: str, alg: str) -> str | None:
    """OIDC at_hash of `access_token` for an ID token signed with `alg`; None when undefined."""
    digest = AT_HASH_DIGESTS.get(alg)
    if digest is None:
        return None
    full = hashlib.new(digest, access_token.encode("ascii", "replace")).digest()
    return b64url_encode(full[: len(full) // 2])


def refresh_token_info(token: str | None) -> dict[str, Any]:
    """What the refresh token is: `format` jwe | jws | opaque | absent, with a message."""
    if token is None:
        return {"format": "absent", "header": None, "message": MESSAGES["refresh.absent"]}
    decoded = decode_token(token)
    if decoded.format is TokenFormat.JWE and decoded.header is not None:
        header = decoded.header
        message = MESSAGES["refresh.jwe"].format(alg=header.get("alg"), enc=header.get("enc"))
        return {"format": "jwe", "header": header, "message": message}
    if decoded.format is TokenFormat.JWS and decoded.payload is not None:
        return {"format": "jws", "header": decoded.header, "message": MESSAGES["refresh.jws"]}
    return {"format": "opaque", "header": None, "message": MESSAGES["refresh.opaque"]}


def _check(
    check_id: str, status: Status, key: str, *, expected: Any = None, actual: Any = None, **fields: Any
) -> Check:
    return Check(
        id=check_id,
        status=status,
        title=TITLES[check_id],
        message=MESSAGES[key].format(**fields),
        expected=expected,
        actual=actual,
    )


def _kind_check(field: str, decoded: DecodedToken | None, wanted: str) -> Check | None:
    if decoded is None:
        return None
    check_id = f"response.{field}"
    kinds = {"id": "an ID token", "access": "an access token"}
    if decoded.payload is None:
        return _check(check_id, Status.SKIP, "kind.unreadable", field=field)
    token_use = decoded.payload.get("token_use")
    if token_use not in kinds:
        return _check(check_id, Status.INFO, "kind.unknown", field=field, actual=token_use)
    key = "kind.ok" if token_use == wanted else "kind.swapped"
    status = Status.PASS if token_use == wanted else Status.FAIL
    return _check(
        check_id,
        status,
        key,
        field=field,
        kind=kinds[token_use],
        token_use=token_use,
        wanted=kinds[wanted],
        expected=wanted,
        actual=token_use,
    )


def _same(check_id: str, claim: str, what: str, id_payload: dict[str, Any], access_payload: dict[str, Any]) -> Check:
    id_value, access_value = id_payload.get(claim), access_payload.get(claim)
    if id_value is None or access_value is None:
        missing = "the ID token" if id_value is None else "the access token"
        return _check(check_id, Status.SKIP, "same.skip", why=f"{missing} has no '{claim}'")
    if id_value != access_value:
        return _check(
            check_id,
            Status.FAIL,
            "same.differ",
            claim=claim,
            what=what,
            id_value=json.dumps(id_value),
            access_value=json.dumps(access_value),
            expected=id_value,
            actual=access_value,
        )
    return _check(
        check_id,
        Status.PASS,
        "same.ok",
        claim=claim,
        value=json.dumps(id_value),
        expected=id_value,
        actual=access_value,
    )


def _client_check(id_payload: dict[str, Any], access_payload: dict[str, Any]) -> Check:
    aud, client_id = id_payload.get("aud"), access_payload.get("client_id")
    if aud is None or client_id is None:
        missing = "the ID token has no 'aud'" if aud is None else "the access token has no 'client_id'"
        return _check("response.client", Status.SKIP, "same.skip", why=missing)
    audiences = aud if isinstance(aud, list) else [aud]
    if client_id not in audiences:
        return _check(
            "response.client",
            Status.FAIL,
            "client.differ",
            id_value=json.dumps(aud),
            access_value=json.dumps(client_id),
            expected=aud,
            actual=client_id,
        )
    return _check("response.client", Status.PASS, "client.ok", value=client_id, expected=aud, actual=client_id)


def _at_hash_check(id_token: DecodedToken, access_token: str | None) -> Check:
    payload, header = id_token.payload or {}, id_token.header or {}
    if "at_hash" not in payload:
        return _check("response.at_hash", Status.INFO, "at_hash.absent")
    if access_token is None:
        return _check("response.at_hash", Status.SKIP, "at_hash.no_access")
    alg = header.get("alg")
    computed = at_hash(access_token.strip(), alg) if isinstance(alg, str) else None
    if computed is None:
        return _check("response.at_hash", Status.SKIP, "at_hash.no_digest", alg=alg)
    digest = AT_HASH_DIGESTS[str(alg)].upper().replace("SHA", "SHA-")
    value = payload["at_hash"]
    if value != computed:
        return _check(
            "response.at_hash",
            Status.FAIL,
            "at_hash.differ",
            value=json.dumps(value),
            computed=computed,
            digest=digest,
            expected=computed,
            actual=value,
        )
    return _check(
        "response.at_hash", Status.PASS, "at_hash.ok", value=computed, digest=digest, expected=computed, actual=value
    )


def consistency_checks(response: TokenResponse) -> list[Check]:
    """Every check that the tokens of one response belong together."""
    id_decoded = decode_token(response.id_token) if response.id_token else None
    access_decoded = decode_token(response.access_token) if response.access_token else None
    checks = [
        c
        for c in (_kind_check("id_token", id_decoded, "id"), _kind_check("access_token", access_decoded, "access"))
        if c
    ]
    if (
        id_decoded is not None
        and id_decoded.payload is not None
        and access_decoded is not None
        and access_decoded.payload is not None
    ):
        id_payload, access_payload = id_decoded.payload, access_decoded.payload
        checks += [
            _same("response.sub", "sub", "users", id_payload, access_payload),
            _same("response.origin_jti", "origin_jti", "sign-ins", id_payload, access_payload),
            _same("response.auth_time", "auth_time", "authentications", id_payload, access_payload),
            _client_check(id_payload, access_payload),
            _same("response.iss", "iss", "issuers", id_payload, access_payload),
        ]
    if id_decoded is not None and id_decoded.payload is not None:
        checks.append(_at_hash_check(id_decoded, response.access_token))
    refresh = refresh_token_info(response.refresh_token)
    status = Status.PASS if refresh["format"] == "jwe" else Status.INFO
    checks.append(
        Check(
            id="response.refresh_token",
            status=status,
            title=TITLES["response.refresh_token"],
            message=refresh["message"],
            actual=refresh["format"],
        )
    )
    return checks
