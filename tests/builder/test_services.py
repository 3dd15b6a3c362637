"""Builder services: claim helpers, and what a signed token carries for the page."""

from __future__ import annotations

import re

import pytest

from jwtdebugger.builder.forms import KeySpec, SignRequest
from jwtdebugger.builder.services import COGNITO_ISSUER, claims_apply, token_sign
from jwtdebugger.core import KeyInput, inspect
from jwtdebugger.core.cognito import parse_issuer
from tests.keys import NOW

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_iat_now_sets_iat_and_keeps_order():
    assert list(claims_apply(payload={"iat": 1, "sub": "a"}, action="iat_now", now=NOW + 0.9).items()) == [
        ("iat", NOW),
        ("sub", "a"),
    ]


@pytest.mark.parametrize(("action", "seconds"), [("exp_5m", 300), ("exp_1h", 3600), ("exp_1d", 86400)])
def test_exp_helpers_set_exp_from_now(action, seconds):
    assert claims_apply(payload={"sub": "a"}, action=action, now=NOW) == {"sub": "a", "exp": NOW + seconds}


def test_cognito_claims_fill_in_without_overwriting():
    payload = claims_apply(payload={"sub": "mine", "scope": "admin"}, action="cognito", now=NOW)
    assert payload["sub"] == "mine" and payload["scope"] == "admin"
    assert payload["iss"] == COGNITO_ISSUER and parse_issuer(payload["iss"]) is not None
    assert payload["token_use"] == "access"
    assert payload["client_id"] == "1example23456789"
    assert (payload["iat"], payload["auth_time"], payload["exp"]) == (NOW, NOW, NOW + 3600)
    assert all(UUID.match(payload[name]) for name in ("jti", "origin_jti", "event_id"))
    assert payload["username"] == "mine" or UUID.match(payload["username"])


def test_cognito_claims_pass_the_debuggers_cognito_checks():
    from jwtdebugger.core import Expectations

    payload = claims_apply(payload={}, action="cognito", now=NOW)
    signed = token_sign(
        request=SignRequest(header={"typ": "JWT"}, payload=payload, alg="ES256", key=KeySpec(type="generate"))
    )
    assert signed.debugger_key is not None
    report = inspect(
        signed.token,
        key=signed.debugger_key,
        at=NOW + 5,
        expect=Expectations(token_use="access", client_id="1example23456789", iss=COGNITO_ISSUER),
    )
    assert report.verdict == "valid", [(c.id, c.message) for c in report.failing]


def test_unknown_helper_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown helper 'exp_1y'"):
        claims_apply(payload={}, action="exp_1y", now=NOW)


def test_secret_goes_to_the_debugger_but_never_into_the_api_answer():
    secret = "k" * 40
    signed = token_sign(
        request=SignRequest(header={}, payload={"sub": "a"}, alg="HS256", key=KeySpec(type="secret", value=secret))
    )
    assert signed.debugger_key == KeyInput(type="secret", value=secret, encoding="utf8")
    assert signed.to_api() == {"token": signed.token, "public_jwk": None, "public_pem": None}


def test_pasted_key_goes_to_the_debugger_as_its_public_pem():
    from tests.keys import ec_key, private_pem, public_pem

    signed = token_sign(
        request=SignRequest(
            header={}, payload={}, alg="ES256", key=KeySpec(type="pem", value=private_pem(ec_key("P-256")))
        )
    )
    assert signed.debugger_key == KeyInput(type="pem", value=public_pem(ec_key("P-256")))
    assert signed.private_pem is None and signed.private_jwk is None
    assert signed.public_jwks == {"keys": [signed.public_jwk]}
    assert signed.key_description == "your EC P-256 private key (PEM)"
