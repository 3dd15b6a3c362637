"""Live tokens for the lessons and scenarios, each with what the debugger will say about it.

A case is built when a page is made (`build(name, now)`): the token is signed with the demo
keys at that moment and the evaluation time is pinned to it, so "Open in the debugger" shows
what the page promises even when the learner comes back later. The promise (verdict and the
ids of the checks that fail) is data here, and a test walks every form to hold us to it.

Pure Python (no Django import).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jwtdebugger.core import Expectations, KeyInput, explain
from jwtdebugger.learn import demo
from jwtdebugger.learn.token_response import at_hash

VERDICT_WORDS = {"valid": "Valid", "invalid": "Invalid", "unverified": "Not verified"}


@dataclass(frozen=True)
class DebuggerCase:
    """A token, the key and expectations to inspect it with, and the promised outcome."""

    name: str
    token: str
    at: float  # evaluation time, pinned to when the page was made
    key_type: str = ""  # "" (decode only), secret, pem, jwk, jwks
    key: str = ""
    expect: Mapping[str, Any] = field(default_factory=dict)  # iss, aud, sub, token_use, client_id, scopes
    leeway: int = 0
    verdict: str = "valid"  # valid | invalid | unverified
    failing: tuple[str, ...] = ()  # ids of the checks the debugger shows as failed

    @property
    def verdict_word(self) -> str:
        return VERDICT_WORDS[self.verdict]

    @property
    def failing_titles(self) -> list[str]:
        return [explain.title(check_id) for check_id in self.failing]

    @property
    def at_text(self) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(self.at)))

    def form_data(self) -> dict[str, str]:
        """The debugger page's form fields (POST to "/"), as the page would send them."""
        data = {
            "token": self.token,
            "key_type": self.key_type,
            "key": self.key,
            "encoding": "utf8",
            "leeway": str(self.leeway),
            "at": self.at_text,
        }
        for name in ("iss", "aud", "sub", "token_use", "client_id", "scopes"):
            value = self.expect.get(name, "")
            data[name] = " ".join(value) if isinstance(value, (list, tuple)) else str(value)
        return data

    def key_input(self) -> KeyInput | None:
        return KeyInput(self.key_type, self.key) if self.key_type else None

    def expectations(self) -> Expectations:
        values = dict(self.expect)
        for name in ("aud", "scopes"):
            if isinstance(values.get(name), str):
                values[name] = (values[name],)
        return Expectations(**values)


Builder = Callable[[int], DebuggerCase]
CASES: dict[str, Builder] = {}


def case(builder: Builder) -> Builder:
    """Register a builder under its function name (underscores become dashes)."""
    CASES[builder.__name__.strip("_").replace("_", "-")] = builder
    return builder


def build(name: str, now: float | None = None) -> DebuggerCase:
    """The case `name`, signed now (or at `now`). KeyError for an unknown name."""
    return CASES[name](int(time.time() if now is None else now))


# ---- claims -----------------------------------------------------------------------------

COGNITO_ACCESS_EXPECT = {
    "iss": demo.ISSUER,
    "token_use": "access",
    "client_id": demo.CLIENT_ID,
    "scopes": ("orders/read",),
}
COGNITO_ID_EXPECT = {"iss": demo.ISSUER, "token_use": "id", "client_id": demo.CLIENT_ID}
WEB_EXPECT = {"iss": demo.WEB_ISSUER, "aud": (demo.API_AUDIENCE,)}


def cognito_common(now: int, **overrides: Any) -> dict[str, Any]:
    """What Cognito's ID and access tokens from one sign-in share (a one-hour lifetime)."""
    claims = {
        "sub": demo.USER_SUB,
        "iss": demo.ISSUER,
        "origin_jti": "0b7e4c1d-3f5a-4e2b-9c8d-1a2b3c4d5e6f",
        "event_id": "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a",
        "auth_time": now - 120,
        "iat": now - 120,
        "exp": now + 3480,
    }
    claims.update(overrides)
    return claims


def id_claims(now: int, **overrides: Any) -> dict[str, Any]:
    base = cognito_common(now, aud=demo.CLIENT_ID, token_use="id", jti="9a8b7c6d-0000-4e1f-a2b3-c4d5e6f7a8b9")
    base.update(
        {"cognito:username": "ada", "cognito:groups": ["readers"], "email": "ada@example.com", "email_verified": True}
    )
    base.update(overrides)
    return base


def access_claims(now: int, scope: str = "orders/read", **overrides: Any) -> dict[str, Any]:
    base = cognito_common(now, client_id=demo.CLIENT_ID, token_use="access", jti="1f2e3d4c-0000-4b5a-9687-a5b4c3d2e1f0")
    base.update({"scope": scope, "username": "ada", "cognito:groups": ["readers"], "version": 2})
    base.update(overrides)
    return base


def web_claims(now: int, **overrides: Any) -> dict[str, Any]:
    """A token from a generic (non-Cognito) issuer for the orders API."""
    claims = {"iss": demo.WEB_ISSUER, "sub": "user-1001", "aud": demo.API_AUDIENCE, "iat": now - 60, "exp": now + 3540}
    claims.update(overrides)
    return claims


def _jwks_case(name: str, now: int, token: str, expect: Mapping[str, Any], **fields: Any) -> DebuggerCase:
    return DebuggerCase(name, token, now, "jwks", demo.jwks_text(), expect, **fields)


# ---- lesson cases -----------------------------------------------------------------------


@case
def anatomy(now: int) -> DebuggerCase:
    token = demo.hs256({"sub": "user-1001", "name": "Ada Lovelace", "iat": now - 60, "exp": now + 3540})
    return DebuggerCase("anatomy", token, now, "secret", demo.secret())


@case
def readable_payload(now: int) -> DebuggerCase:
    payload = {
        "sub": "user-1001",
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "iat": now - 60,
        "exp": now + 3540,
    }
    return DebuggerCase("readable-payload", demo.hs256(payload), now, verdict="unverified")


@case
def tamper_original(now: int) -> DebuggerCase:
    token = demo.hs256({"sub": "user-1001", "role": "reader", "iat": now - 60, "exp": now + 3540})
    return DebuggerCase("tamper-original", token, now, "secret", demo.secret())


@case
def tamper_edited(now: int) -> DebuggerCase:
    original = tamper_original(now)
    token = demo.tamper(original.token, "sub")
    return DebuggerCase("tamper-edited", token, now, "secret", demo.secret(), verdict="invalid", failing=("signature",))


@case
def hs256(now: int) -> DebuggerCase:
    return DebuggerCase("hs256", demo.hs256(web_claims(now)), now, "secret", demo.secret(), WEB_EXPECT)


@case
def rs256_pem(now: int) -> DebuggerCase:
    return DebuggerCase("rs256-pem", demo.rs256(web_claims(now)), now, "pem", demo.public_pem(), WEB_EXPECT)


@case
def rs256_jwks(now: int) -> DebuggerCase:
    return _jwks_case("rs256-jwks", now, demo.rs256(web_claims(now)), WEB_EXPECT)


@case
def es256_jwks(now: int) -> DebuggerCase:
    return _jwks_case("es256-jwks", now, demo.es256(web_claims(now)), WEB_EXPECT)


@case
def registered_claims(now: int) -> DebuggerCase:
    claims = web_claims(now, nbf=now - 60, jti="3c1d5e7f-2a4b-4c6d-8e0f-1a3b5c7d9e0f")
    expect = {**WEB_EXPECT, "sub": "user-1001"}
    return DebuggerCase("registered-claims", demo.rs256(claims), now, "pem", demo.public_pem(), expect)


@case
def expired_30s(now: int) -> DebuggerCase:
    token = demo.hs256({"sub": "user-1001", "iat": now - 930, "exp": now - 30})
    return DebuggerCase("expired-30s", token, now, "secret", demo.secret(), verdict="invalid", failing=("claim.exp",))


@case
def expired_30s_leeway(now: int) -> DebuggerCase:
    expired = expired_30s(now)
    return DebuggerCase("expired-30s-leeway", expired.token, now, "secret", demo.secret(), leeway=60)


@case
def early_45s(now: int) -> DebuggerCase:
    token = demo.hs256({"sub": "user-1001", "iat": now, "nbf": now + 45, "exp": now + 945})
    return DebuggerCase("early-45s", token, now, "secret", demo.secret(), verdict="invalid", failing=("claim.nbf",))


@case
def early_45s_leeway(now: int) -> DebuggerCase:
    early = early_45s(now)
    return DebuggerCase("early-45s-leeway", early.token, now, "secret", demo.secret(), leeway=60)


@case
def audience_ok(now: int) -> DebuggerCase:
    return DebuggerCase("audience-ok", demo.rs256(web_claims(now)), now, "pem", demo.public_pem(), WEB_EXPECT)


@case
def audience_wrong(now: int) -> DebuggerCase:
    token = demo.rs256(web_claims(now, aud="billing-api"))
    return DebuggerCase(
        "audience-wrong", token, now, "pem", demo.public_pem(), WEB_EXPECT, verdict="invalid", failing=("claim.aud",)
    )


@case
def issuer_wrong(now: int) -> DebuggerCase:
    token = demo.rs256(web_claims(now, iss="https://auth.staging.example.com"))
    return DebuggerCase(
        "issuer-wrong", token, now, "pem", demo.public_pem(), WEB_EXPECT, verdict="invalid", failing=("claim.iss",)
    )


@case
def cognito_id(now: int) -> DebuggerCase:
    return _jwks_case("cognito-id", now, demo.rs256(id_claims(now)), COGNITO_ID_EXPECT)


@case
def cognito_access(now: int) -> DebuggerCase:
    return _jwks_case("cognito-access", now, demo.rs256(access_claims(now)), COGNITO_ACCESS_EXPECT)


@case
def cognito_refresh(now: int) -> DebuggerCase:
    return DebuggerCase("cognito-refresh", demo.refresh_token(), now, verdict="unverified")


@case
def bearer_header(now: int) -> DebuggerCase:
    token = "Authorization: Bearer " + demo.rs256(access_claims(now))
    return _jwks_case("bearer-header", now, token, COGNITO_ACCESS_EXPECT)


@case
def signed_out_still_valid(now: int) -> DebuggerCase:
    # Issued 20 minutes ago; the user signed out 10 minutes ago. Nothing in the token changed.
    token = demo.rs256(access_claims(now, auth_time=now - 1200, iat=now - 1200, exp=now + 2400))
    return _jwks_case("signed-out-still-valid", now, token, COGNITO_ACCESS_EXPECT)


@case
def short_lived_now(now: int) -> DebuggerCase:
    token = demo.rs256(access_claims(now, iat=now - 60, auth_time=now - 60, exp=now + 240))
    return _jwks_case("short-lived-now", now, token, COGNITO_ACCESS_EXPECT)


@case
def short_lived_later(now: int) -> DebuggerCase:
    # The same token, judged ten minutes later: the moment the client should have refreshed.
    same = short_lived_now(now)
    return _jwks_case(
        "short-lived-later", now + 600, same.token, COGNITO_ACCESS_EXPECT, verdict="invalid", failing=("claim.exp",)
    )


# ---- scenario cases ---------------------------------------------------------------------


@case
def expired(now: int) -> DebuggerCase:
    token = demo.rs256(access_claims(now, auth_time=now - 4200, iat=now - 4200, exp=now - 600))
    return _jwks_case("expired", now, token, COGNITO_ACCESS_EXPECT, verdict="invalid", failing=("claim.exp",))


@case
def not_yet_valid(now: int) -> DebuggerCase:
    # Issued by a machine whose clock runs ten minutes fast: nbf and iat are in the future.
    token = demo.rs256(web_claims(now, iat=now + 600, nbf=now + 600, exp=now + 4200))
    return _jwks_case("not-yet-valid", now, token, WEB_EXPECT, verdict="invalid", failing=("claim.nbf",))


@case
def wrong_audience(now: int) -> DebuggerCase:
    token = demo.rs256(id_claims(now, aud=demo.OTHER_CLIENT_ID))
    expect = {"iss": demo.ISSUER, "aud": (demo.CLIENT_ID,)}
    return _jwks_case("wrong-audience", now, token, expect, verdict="invalid", failing=("claim.aud",))


@case
def wrong_issuer(now: int) -> DebuggerCase:
    token = demo.rs256(access_claims(now, iss=demo.STAGING_ISSUER))
    return _jwks_case("wrong-issuer", now, token, COGNITO_ACCESS_EXPECT, verdict="invalid", failing=("claim.iss",))


@case
def tampered_payload(now: int) -> DebuggerCase:
    token = demo.tamper(demo.rs256(access_claims(now)), "sub")
    return _jwks_case("tampered-payload", now, token, COGNITO_ACCESS_EXPECT, verdict="invalid", failing=("signature",))


@case
def wrong_secret(now: int) -> DebuggerCase:
    # Signed with the demo secret; the API was configured with another one.
    token = demo.hs256(web_claims(now))
    return DebuggerCase(
        "wrong-secret", token, now, "secret", demo.other_secret(), WEB_EXPECT, verdict="invalid", failing=("signature",)
    )


@case
def alg_none(now: int) -> DebuggerCase:
    token = demo.unsigned(access_claims(now, username="admin", scope="orders/read orders/write"))
    return _jwks_case(
        "alg-none", now, token, COGNITO_ACCESS_EXPECT, verdict="invalid", failing=("format", "header.alg", "signature")
    )


@case
def id_token_for_access(now: int) -> DebuggerCase:
    expect = {"iss": demo.ISSUER, "token_use": "access", "client_id": demo.CLIENT_ID}
    return _jwks_case(
        "id-token-for-access", now, demo.rs256(id_claims(now)), expect, verdict="invalid", failing=("claim.token_use",)
    )


@case
def missing_scope(now: int) -> DebuggerCase:
    expect = {**COGNITO_ACCESS_EXPECT, "scopes": ("orders/write",)}
    return _jwks_case(
        "missing-scope", now, demo.rs256(access_claims(now)), expect, verdict="invalid", failing=("claim.scope",)
    )


@case
def wrong_client(now: int) -> DebuggerCase:
    token = demo.rs256(access_claims(now, client_id=demo.OTHER_CLIENT_ID))
    return _jwks_case(
        "wrong-client", now, token, COGNITO_ACCESS_EXPECT, verdict="invalid", failing=("claim.client_id",)
    )


@case
def kid_not_in_jwks(now: int) -> DebuggerCase:
    token = demo.rs256(access_claims(now), kid=demo.RETIRED_KID)
    return _jwks_case("kid-not-in-jwks", now, token, COGNITO_ACCESS_EXPECT, verdict="invalid", failing=("key",))


@case
def key_confusion(now: int) -> DebuggerCase:
    token = demo.hmac_with_public_key(web_claims(now, sub="admin"))
    return DebuggerCase(
        "key-confusion", token, now, "pem", demo.public_pem(), WEB_EXPECT, verdict="invalid", failing=("key",)
    )


@case
def sensitive_data(now: int) -> DebuggerCase:
    # What a careless pre-token-generation trigger might add to an ID token.
    claims = id_claims(
        now,
        phone_number="+44 20 7946 0958",
        **{"custom:password": "Tr0ub4dor&3", "custom:card_number": "4111 1111 1111 1111"},
    )
    return _jwks_case("sensitive-data", now, demo.rs256(claims), COGNITO_ID_EXPECT)


@case
def id_token_no_scopes(now: int) -> DebuggerCase:
    expect = {"iss": demo.ISSUER, "client_id": demo.CLIENT_ID}
    return _jwks_case("id-token-no-scopes", now, demo.rs256(id_claims(now)), expect)


# ---- token-endpoint responses (the token-response helper's examples) ----------------------

RESPONSE_EXAMPLES = {
    "matching": "A matching set from one sign-in",
    "mismatched": "Tokens from two different sign-ins",
}


def token_response_example(name: str, now: float | None = None) -> dict[str, str]:
    """The token-response page's fields for an example: the response JSON, key, expectations."""
    t = int(time.time() if now is None else now)
    access = demo.rs256(access_claims(t))
    if name == "mismatched":
        # The ID token comes from an earlier sign-in of another user: nothing lines up.
        other = access_claims(
            t - 900,
            sub=demo.OTHER_SUB,
            origin_jti="7c6b5a49-0000-4d3e-8f2a-1b0c9d8e7f6a",
            auth_time=t - 1000,
            iat=t - 1000,
            exp=t + 2600,
        )
        id_token = demo.rs256(
            id_claims(
                t,
                sub=demo.OTHER_SUB,
                origin_jti=other["origin_jti"],
                auth_time=t - 1000,
                iat=t - 1000,
                exp=t + 2600,
                at_hash=at_hash(demo.rs256(other), "RS256"),
            )
        )
    else:
        id_token = demo.rs256(id_claims(t, at_hash=at_hash(access, "RS256")))
    response = {
        "id_token": id_token,
        "access_token": access,
        "refresh_token": demo.refresh_token(),
        "expires_in": 3600,
        "token_type": "Bearer",
    }
    return {
        "response": json.dumps(response, indent=2),
        "key_type": "jwks",
        "key": demo.jwks_text(),
        "iss": demo.ISSUER,
        "client_id": demo.CLIENT_ID,
        "aud": "",
        "scopes": "",
        "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t)),
    }
