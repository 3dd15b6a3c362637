"""How API Gateway's authorizers would answer a token: 200, 401 or 403, and why.

Modelled on AWS's documentation (see NOTES for where it is silent or ambiguous):
- `http_api_jwt`: the HTTP API JWT authorizer's documented workflow (RSA only; kid in the
  issuer's JWKS; iss; aud, or client_id when there is no aud; exp, nbf, iat; a route's scopes
  in `scope` or `scp`, whose absence alone answers 403).
- `rest_cognito`: the REST API COGNITO_USER_POOLS authorizer (signature, expiry and issuer;
  with method scopes an access token carrying one of them).
- `lambda_cognito`: a Lambda authorizer using aws-jwt-verify's CognitoJwtVerifier, which
  throws "Unauthorized" (401) when verification fails and returns an explicit Deny (403)
  when a required group or scope is missing; the library stops at its first failure.

It reads the engine's report in its JSON form (`Report.to_dict()`) for what the engine
already knows (format, key, signature) and applies each authorizer's own claim rules, which
differ from a generic verifier's. Every rule is evaluated and reported, like the engine's
checks; the first failing rule, in the authorizer's own order, decides the answer.

Pure Python: no Django import.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

AUTHORIZER_TYPES: dict[str, str] = {
    "http_api_jwt": "HTTP API JWT authorizer",
    "rest_cognito": "REST API Cognito user pool authorizer",
    "lambda_cognito": "Lambda authorizer with aws-jwt-verify",
}
# Key inputs that stand for the issuer's published key set, where a kid can be looked up.
JWKS_KEY_TYPES = frozenset({"jwks", "jwks_url", "issuer"})
# AWS: "Currently, only RSA-based algorithms are supported" (no list given: see NOTES).
RSA_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512")
# aws-jwt-verify's supportedSignatureAlgorithms.
JWT_VERIFY_ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512")

STATUS_TEXT = {200: "200 OK", 401: "401 Unauthorized", 403: "403 Forbidden"}
PASS, FAIL, SKIP = "pass", "fail", "skip"

# Where AWS's documentation is silent or ambiguous, and what the simulator assumes.
NOTES: dict[str, tuple[str, ...]] = {
    "http_api_jwt": (
        "AWS says only RSA-based algorithms are supported but does not list them; the simulator accepts RS256, RS384, RS512 and PS256, PS384, PS512 (Cognito signs with RS256).",
        "AWS's HTTP API page says only that a request is denied when a step fails, without naming the status. For REST API JWT authorizers AWS states that a valid token without any of a method's scopes gets 403 Forbidden; the simulator answers 403 for the HTTP API's scope rule the same way, and 401 Unauthorized for every other failure.",
        "AWS's list says exp must be after the current time but not what happens to a token without exp; the simulator refuses it (401).",
        "AWS documents no clock-skew allowance for JWT authorizers; the simulator allows none.",
        "When a token carries both scope and scp, AWS does not say which is read; the simulator accepts a route scope found in either.",
        "The kid rule needs the issuer's key set: with a PEM key or a single JWK the simulator cannot see which kids are published, so it reports the rule as not applicable.",
    ),
    "rest_cognito": (
        "AWS's reference for a method's authorizationScopes says that with scopes configured the client must send an access token instead of an ID token. It does not say whether an access token is accepted on a method without scopes (some AWS answers say an ID token is required there); the simulator accepts both.",
        "For a token without the method's scopes AWS's reference says only that the invocation is not authorized, without a status code; the simulator answers 401 Unauthorized.",
        "AWS documents no app-client check (aud or client_id) for COGNITO_USER_POOLS authorizers: the simulator lets tokens from any app client of the user pool through. Check the client id in your backend if that matters.",
        "Cognito puts no nbf in its tokens and AWS does not document an nbf check for this authorizer; the simulator applies one, as any verifier would.",
    ),
    "lambda_cognito": (
        'A Lambda authorizer answers whatever its code decides. The simulator models the function in the snippet: it verifies with aws-jwt-verify\'s CognitoJwtVerifier, throws "Unauthorized" when verification fails (API Gateway answers 401) and returns an explicit Deny policy when a required scope or group is missing (API Gateway answers 403).',
        "aws-jwt-verify stops at the first failure, in this order: kid, algorithm, signature, exp, nbf, iss, scope, groups, token_use, client id. So a token with a wrong scope and a wrong client id gets the scope's 403.",
        "aws-jwt-verify checks exp only when the token has one, and does not check iat; Cognito tokens always carry exp.",
        "aws-jwt-verify verifies RS256, RS384, RS512, ES256, ES384 and ES512 (in the version read for this simulator); it never accepts an HMAC token.",
    ),
}


@dataclass(frozen=True)
class AuthorizerConfig:
    """What the authorizer (and the route or method) is configured with."""

    type: str
    issuer: str
    audience: tuple[str, ...] = ()
    scopes: tuple[str, ...] = ()
    token_use: str | None = None  # lambda_cognito: CognitoJwtVerifier's tokenUse
    client_id: str | None = None  # lambda_cognito: CognitoJwtVerifier's clientId
    groups: tuple[str, ...] = ()  # lambda_cognito: CognitoJwtVerifier's groups

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "issuer": self.issuer,
            "audience": list(self.audience),
            "scopes": list(self.scopes),
            "token_use": self.token_use,
            "client_id": self.client_id,
            "groups": list(self.groups),
        }


@dataclass(frozen=True)
class Rule:
    """One rule of the authorizer, evaluated: `deny_status` is what its failure answers."""

    id: str
    status: str  # pass | fail | skip
    title: str
    message: str
    deny_status: int = 401

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "title": self.title,
            "message": self.message,
            "deny_status": self.deny_status,
        }


@dataclass(frozen=True)
class Decision:
    decision: str  # allow | deny
    status: int  # 200 | 401 | 403
    reason: str
    rules: tuple[Rule, ...]

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]

    @property
    def deciding_rule(self) -> Rule | None:
        return next((r for r in self.rules if r.status == FAIL), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "status": self.status,
            "reason": self.reason,
            "checks": [r.to_dict() for r in self.rules],
        }


@dataclass(frozen=True)
class _Token:
    """What the rules look at: the decoded token, the engine's checks, the evaluation time."""

    format: str
    header: dict[str, Any]
    payload: dict[str, Any]
    checks: dict[str, dict[str, Any]]
    at: float
    key_type: str | None
    kids: tuple[str, ...] | None  # the key set's kids, when the key was a key set

    @classmethod
    def from_report(cls, report: Mapping[str, Any], key_type: str | None) -> _Token:
        token = report["token"]
        checks: dict[str, dict[str, Any]] = {}
        for check in report["checks"]:
            checks.setdefault(check["id"], check)
        key_set = report.get("key_set")
        kids = tuple(k["kid"] for k in key_set if isinstance(k.get("kid"), str)) if key_set is not None else None
        return cls(
            format=token["format"],
            header=token["header"] or {},
            payload=token["payload"] or {},
            checks=checks,
            at=float(report["evaluated_at"]),
            key_type=key_type,
            kids=kids,
        )


def _rule(rule_id: str, status: str, title: str, message: str, deny_status: int = 401) -> Rule:
    return Rule(id=f"authorizer.{rule_id}", status=status, title=title, message=message, deny_status=deny_status)


def _words(values: Sequence[str]) -> str:
    return ", ".join(f"'{v}'" for v in values) or "none"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


# ---- rules shared by the three authorizers ----------------------------------------------------


def _token_rule(token: _Token) -> Rule:
    title = "Token decodes"
    if token.format in ("jws", "unsecured") and token.payload:
        return _rule("token", PASS, title, "The token decodes into a header, a payload and a signature.")
    if token.format == "jwe":
        return _rule(
            "token",
            FAIL,
            title,
            "This is an encrypted token (JWE, five parts). Authorizers accept signed tokens (JWS) whose claims they can read: send the ID or access token, never the refresh token.",
        )
    return _rule(
        "token",
        FAIL,
        title,
        "The token could not be decoded (see the debugger's format check). A missing or empty Authorization header is refused the same way.",
    )


def _alg_rule(token: _Token, allowed: Sequence[str], who: str) -> Rule:
    alg = token.header.get("alg")
    title = "Signing algorithm"
    if isinstance(alg, str) and alg in allowed:
        return _rule("alg", PASS, title, f"{alg} is an algorithm {who} verifies.")
    shown = f"'{alg}'" if isinstance(alg, str) else "missing"
    return _rule(
        "alg",
        FAIL,
        title,
        f"The token's algorithm is {shown}; {who} only verifies {', '.join(allowed)}. An HMAC or unsigned token is never accepted.",
    )


def _kid_rule(token: _Token) -> Rule:
    title = "Key id (kid) in the issuer's JWKS"
    if token.key_type not in JWKS_KEY_TYPES:
        return _rule(
            "kid",
            SKIP,
            title,
            "Not applicable: the key was given as a PEM key or a single JWK, not as the issuer's JWK Set, so which kids are published is unknown.",
        )
    kid = token.header.get("kid")
    if not isinstance(kid, str):
        return _rule(
            "kid",
            FAIL,
            title,
            "The token has no kid in its header, so no key of the issuer's JWK Set can be chosen for it.",
        )
    if token.kids is None:
        return _rule(
            "kid",
            FAIL,
            title,
            "The issuer's JWK Set could not be read (see the signature rule), so the kid cannot be found.",
        )
    if kid not in token.kids:
        return _rule(
            "kid",
            FAIL,
            title,
            f"No key in the JWK Set has kid '{kid}' (it holds {_words(token.kids)}). The issuer may have rotated its keys, or the token comes from another issuer.",
        )
    return _rule("kid", PASS, title, f"The JWK Set holds a key with kid '{kid}'.")


def _signature_rule(token: _Token) -> Rule:
    title = "Signature"
    key, signature = token.checks.get("key"), token.checks.get("signature")
    if signature is not None and signature["status"] == PASS:
        return _rule("signature", PASS, title, "The signature verifies with the issuer's public key.")
    if key is not None and key["status"] == FAIL:
        return _rule("signature", FAIL, title, f"Not verified: {key['message']}")
    message = signature["message"] if signature is not None else "The signature could not be checked."
    return _rule("signature", FAIL, title, message)


def _iss_rule(token: _Token, issuer: str) -> Rule:
    title = "Issuer (iss)"
    iss = token.payload.get("iss")
    if iss == issuer:
        return _rule("iss", PASS, title, f"iss is '{issuer}', the configured issuer.")
    if iss is None:
        return _rule("iss", FAIL, title, f"The token has no iss; the authorizer expects '{issuer}'.")
    return _rule(
        "iss",
        FAIL,
        title,
        f"iss is {json.dumps(iss)}, not the configured issuer '{issuer}' (another user pool, region or environment). Issuers must match exactly.",
    )


def _exp_rule(token: _Token, *, required: bool) -> Rule:
    title = "Expiry (exp)"
    if "exp" not in token.payload:
        if required:
            return _rule(
                "exp",
                FAIL,
                title,
                "The token has no exp; the simulator refuses a token that never expires (see the notes).",
            )
        return _rule("exp", PASS, title, "The token has no exp; aws-jwt-verify checks exp only when it is present.")
    exp = _number(token.payload["exp"])
    if exp is None:
        return _rule("exp", FAIL, title, "exp is not a number of seconds.")
    if exp <= token.at:
        return _rule(
            "exp",
            FAIL,
            title,
            f"The token expired {_ago(token.at - exp)} ago. Get a new one (with the refresh token, for Cognito).",
        )
    return _rule("exp", PASS, title, f"The token expires in {_ago(exp - token.at)}.")


def _nbf_rule(token: _Token) -> Rule:
    title = "Not before (nbf)"
    if "nbf" not in token.payload:
        return _rule("nbf", PASS, title, "No nbf in the token (it is optional).")
    nbf = _number(token.payload["nbf"])
    if nbf is None:
        return _rule("nbf", FAIL, title, "nbf is not a number of seconds.")
    if nbf > token.at:
        return _rule(
            "nbf",
            FAIL,
            title,
            f"The token is not valid for another {_ago(nbf - token.at)} (nbf is in the future). Usually a clock difference.",
        )
    return _rule("nbf", PASS, title, "nbf is in the past.")


def _iat_rule(token: _Token) -> Rule:
    title = "Issued at (iat)"
    if "iat" not in token.payload:
        return _rule("iat", PASS, title, "No iat in the token.")
    iat = _number(token.payload["iat"])
    if iat is None:
        return _rule("iat", FAIL, title, "iat is not a number of seconds.")
    if iat > token.at:
        return _rule(
            "iat",
            FAIL,
            title,
            f"The token says it was issued {_ago(iat - token.at)} in the future; iat must be before the current time.",
        )
    return _rule("iat", PASS, title, "iat is in the past.")


def _ago(seconds: float) -> str:
    seconds = int(round(abs(seconds)))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


def _token_scopes(payload: Mapping[str, Any]) -> set[str]:
    """`scope` is space-separated; `scp` is a space-separated string or a list of strings."""
    found: set[str] = set()
    scope = payload.get("scope")
    if isinstance(scope, str):
        found.update(scope.split())
    scp = payload.get("scp")
    if isinstance(scp, str):
        found.update(scp.split())
    elif isinstance(scp, list):
        found.update(s for s in scp if isinstance(s, str))
    return found


# ---- http_api_jwt ---------------------------------------------------------------------------


def _http_aud_rule(token: _Token, audience: Sequence[str]) -> Rule:
    title = "Audience (aud, or client_id)"
    payload = token.payload
    if "aud" in payload:
        aud = payload["aud"]
        values = (
            [aud] if isinstance(aud, str) else [a for a in aud if isinstance(a, str)] if isinstance(aud, list) else []
        )
        match = next((a for a in values if a in audience), None)
        if match is not None:
            return _rule("aud", PASS, title, f"aud includes '{match}', a configured audience.")
        return _rule(
            "aud",
            FAIL,
            title,
            f"aud is {json.dumps(aud)}, none of the configured audiences ({_words(audience)}). When a token has aud, API Gateway checks aud and ignores client_id.",
        )
    client_id = payload.get("client_id")
    if client_id in audience:
        return _rule(
            "aud",
            PASS,
            title,
            f"No aud, so API Gateway checks client_id: '{client_id}' is a configured audience. This is how Cognito access tokens pass.",
        )
    if client_id is None:
        return _rule(
            "aud",
            FAIL,
            title,
            f"The token has neither aud nor client_id; the authorizer expects one of {_words(audience)}.",
        )
    return _rule(
        "aud",
        FAIL,
        title,
        f"No aud, and client_id {json.dumps(client_id)} is none of the configured audiences ({_words(audience)}).",
    )


def _http_scope_rule(token: _Token, scopes: Sequence[str]) -> Rule:
    title = "Route scopes (scope or scp)"
    if not scopes:
        return _rule(
            "scope",
            SKIP,
            title,
            "The route requires no scopes, so any valid token passes: an ID token too, since API Gateway cannot tell token kinds apart.",
            403,
        )
    found = _token_scopes(token.payload)
    match = [s for s in scopes if s in found]
    if match:
        return _rule("scope", PASS, title, f"The token carries {_words(match)}, one of the route's scopes.", 403)
    carried = f"carries {_words(sorted(found))}" if found else "carries no scope or scp claim (an ID token never does)"
    return _rule(
        "scope",
        FAIL,
        title,
        f"The token is valid but {carried}, and the route requires one of {_words(scopes)}: the caller is known but not allowed here.",
        403,
    )


def _http_api(token: _Token, config: AuthorizerConfig) -> list[Rule]:
    rules = [
        _token_rule(token),
        _alg_rule(token, RSA_ALGORITHMS, "an HTTP API JWT authorizer"),
        _kid_rule(token),
        _signature_rule(token),
        _iss_rule(token, config.issuer),
        _http_aud_rule(token, config.audience),
        _exp_rule(token, required=True),
        _nbf_rule(token),
        _iat_rule(token),
        _http_scope_rule(token, config.scopes),
    ]
    ignored = [
        name
        for name, value in (("token_use", config.token_use), ("client_id", config.client_id), ("groups", config.groups))
        if value
    ]
    if ignored:
        rules.append(
            _rule(
                "settings",
                SKIP,
                "Other settings",
                f"{_words(ignored)} are not settings of an HTTP API JWT authorizer: ignored. Put the app client id in the audience.",
            )
        )
    return rules


# ---- rest_cognito ---------------------------------------------------------------------------


def _rest_token_use_rule(token: _Token, scopes: Sequence[str]) -> Rule:
    title = "Token kind (token_use)"
    token_use = token.payload.get("token_use")
    if token_use not in ("id", "access"):
        return _rule(
            "token_use",
            FAIL,
            title,
            "The token has no Cognito token_use ('id' or 'access'): it was not issued by a Cognito user pool.",
        )
    if scopes and token_use != "access":
        return _rule(
            "token_use",
            FAIL,
            title,
            "The method has OAuth scopes, so an access token is required; this is an ID token (token_use 'id'). Send the access_token.",
        )
    if scopes:
        return _rule("token_use", PASS, title, "An access token, as a method with OAuth scopes requires.")
    kind = "an ID token" if token_use == "id" else "an access token"
    return _rule(
        "token_use",
        PASS,
        title,
        f"The method has no OAuth scopes: {kind} is accepted (see the notes about access tokens).",
    )


def _rest_scope_rule(token: _Token, scopes: Sequence[str]) -> Rule:
    title = "Method scopes (scope)"
    if not scopes:
        return _rule("scope", SKIP, title, "The method has no OAuth scopes.")
    found = _token_scopes({"scope": token.payload.get("scope")})
    match = [s for s in scopes if s in found]
    if match:
        return _rule("scope", PASS, title, f"The access token carries {_words(match)}, one of the method's scopes.")
    return _rule(
        "scope", FAIL, title, f"The token carries {_words(sorted(found))}; the method requires one of {_words(scopes)}."
    )


def _rest_cognito(token: _Token, config: AuthorizerConfig) -> list[Rule]:
    rules = [
        _token_rule(token),
        _alg_rule(token, ("RS256",), "a Cognito user pool authorizer (user pools sign with RS256)"),
        _kid_rule(token),
        _signature_rule(token),
        _iss_rule(token, config.issuer),
        _exp_rule(token, required=True),
        _nbf_rule(token),
        _rest_token_use_rule(token, config.scopes),
        _rest_scope_rule(token, config.scopes),
        _rule(
            "client",
            SKIP,
            "App client",
            "Not checked: a Cognito user pool authorizer is configured with user pools, not app clients, so tokens from any app client of the pool pass (see the notes).",
        ),
    ]
    return rules


# ---- lambda_cognito (aws-jwt-verify) --------------------------------------------------------


def _verify_scope_rule(token: _Token, scopes: Sequence[str]) -> Rule:
    title = "scope (explicit Deny)"
    if not scopes:
        return _rule("scope", SKIP, title, "No scope option: not checked.", 403)
    scope = token.payload.get("scope")
    found = scope.split(" ") if isinstance(scope, str) else []
    match = [s for s in scopes if s in found]
    if match:
        return _rule("scope", PASS, title, f"scope includes {_words(match)}.", 403)
    return _rule(
        "scope",
        FAIL,
        title,
        f"scope is {json.dumps(scope)}, without any of {_words(scopes)}: the function returns an explicit Deny policy, so API Gateway answers 403.",
        403,
    )


def _verify_groups_rule(token: _Token, groups: Sequence[str]) -> Rule:
    title = "cognito:groups (explicit Deny)"
    if not groups:
        return _rule("groups", SKIP, title, "No groups option: not checked.", 403)
    value = token.payload.get("cognito:groups")
    found = (
        [g for g in value if isinstance(g, str)]
        if isinstance(value, list)
        else [value]
        if isinstance(value, str)
        else []
    )
    match = [g for g in groups if g in found]
    if match:
        return _rule("groups", PASS, title, f"The user is in {_words(match)}.", 403)
    return _rule(
        "groups",
        FAIL,
        title,
        f"The user's groups are {_words(found)}, none of {_words(groups)}: the function returns an explicit Deny policy, so API Gateway answers 403.",
        403,
    )


def _verify_token_use_rule(token: _Token, token_use: str | None) -> Rule:
    title = "token_use"
    value = token.payload.get("token_use")
    if value not in ("id", "access"):
        return _rule(
            "token_use", FAIL, title, f"token_use is {json.dumps(value)}; a Cognito token says 'id' or 'access'."
        )
    if token_use is None:
        return _rule("token_use", PASS, title, f"token_use is '{value}' (tokenUse: null accepts both kinds).")
    if value != token_use:
        hint = (
            " This is an ID token; the API expects an access token."
            if value == "id"
            else " This is an access token; an ID token is expected."
        )
        return _rule("token_use", FAIL, title, f"token_use is '{value}', not '{token_use}'.{hint}")
    return _rule("token_use", PASS, title, f"token_use is '{value}', as configured.")


def _verify_client_rule(token: _Token, client_id: str | None) -> Rule:
    title = "Client id (aud or client_id)"
    if client_id is None:
        return _rule("client_id", SKIP, title, "clientId: null, so the app client is not checked.")
    where = "aud" if token.payload.get("token_use") == "id" else "client_id"
    value = token.payload.get(where)
    if value == client_id:
        return _rule("client_id", PASS, title, f"{where} is '{client_id}'.")
    hint = (
        " Cognito access tokens have no aud: the client id is in client_id."
        if where == "client_id" and value is None and "aud" in token.payload
        else ""
    )
    return _rule("client_id", FAIL, title, f"{where} is {json.dumps(value)}, not the app client '{client_id}'.{hint}")


def _lambda_cognito(token: _Token, config: AuthorizerConfig) -> list[Rule]:
    return [
        _token_rule(token),
        _kid_rule(token),
        _alg_rule(token, JWT_VERIFY_ALGORITHMS, "aws-jwt-verify"),
        _signature_rule(token),
        _exp_rule(token, required=False),
        _nbf_rule(token),
        _iss_rule(token, config.issuer),
        _verify_scope_rule(token, config.scopes),
        _verify_groups_rule(token, config.groups),
        _verify_token_use_rule(token, config.token_use),
        _verify_client_rule(token, config.client_id),
    ]


RULE_SETS: dict[str, Callable[[_Token, AuthorizerConfig], list[Rule]]] = {
    "http_api_jwt": _http_api,
    "rest_cognito": _rest_cognito,
    "lambda_cognito": _lambda_cognito,
}


def decide(report: Mapping[str, Any], config: AuthorizerConfig, *, key_type: str | None) -> Decision:
    """The authorizer's answer to the token the engine inspected in `report` (its dict form).

    `key_type` is the kind of key the report was made with (a key set makes the kid rule apply).
    """
    rules = tuple(RULE_SETS[config.type](_Token.from_report(report, key_type), config))
    failing = next((r for r in rules if r.status == FAIL), None)
    if failing is None:
        return Decision(
            "allow",
            200,
            "200 OK: every rule passed, so the request reaches the integration with the token's claims.",
            rules,
        )
    return Decision("deny", failing.deny_status, f"{STATUS_TEXT[failing.deny_status]}: {failing.message}", rules)
