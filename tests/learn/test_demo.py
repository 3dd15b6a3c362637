"""The demo keys and token makers: generated in process, public parts only published."""

from __future__ import annotations

import json

from jwtdebugger.core import KeyInput, inspect
from jwtdebugger.core.tokens import b64url_decode
from jwtdebugger.learn import cases, demo
from tests.keys import NOW


def test_keys_are_made_once_per_process():
    assert demo.jwks() == demo.jwks()
    assert demo.secret() == demo.secret() and demo.secret() != demo.other_secret()
    assert len(demo.secret().encode()) >= 32  # long enough for HS256


def test_published_set_holds_public_keys_only():
    text = demo.jwks_text()
    assert "PRIVATE" not in text
    for key in demo.jwks()["keys"]:
        assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key)
        assert key["use"] == "sig"


def test_key_confusion_token_is_hmac_with_the_public_pem():
    token = demo.hmac_with_public_key({"sub": "admin", "exp": NOW + 60})
    assert json.loads(b64url_decode(token.split(".")[0])) == {"alg": "HS256", "typ": "JWT"}
    # Verified as an HMAC secret (PEM text as bytes), the forgery "works": that is the attack.
    report = inspect(token, key=KeyInput("secret", demo.public_pem()), at=NOW)
    assert report.check("key").message.startswith("This secret looks like a public key")
    report = inspect(token, key=KeyInput("pem", demo.public_pem()), at=NOW)
    assert report.check("key").message.startswith("HS256 needs an HMAC secret, but the key is an RSA key")


def test_unsigned_token_has_an_empty_signature():
    token = demo.unsigned({"sub": "x"})
    assert token.endswith(".") and token.count(".") == 2


def test_refresh_stand_in_is_a_five_part_jwe():
    assert len(demo.refresh_token().split(".")) == 5


def test_cases_pin_their_evaluation_time_and_carry_the_key():
    case = cases.build("short-lived-later", NOW)
    assert case.at == NOW + 600
    assert case.form_data()["at"] == "2026-11-26T19:10:00Z"
    assert cases.build("cognito-access", NOW).form_data() | {"token": ""} == {
        "token": "", "key_type": "jwks", "key": demo.jwks_text(), "encoding": "utf8", "leeway": "0", "at": "2026-11-26T19:00:00Z",
        "iss": demo.ISSUER, "aud": "", "sub": "", "token_use": "access", "client_id": demo.CLIENT_ID, "scopes": "orders/read",
    }  # fmt: skip


def test_every_case_keeps_its_promise_in_the_engine():
    for name in cases.CASES:
        case = cases.build(name, NOW)
        report = inspect(case.token, key=case.key_input(), expect=case.expectations(), leeway=case.leeway, at=case.at)
        failing = [c.id for c in report.failing]
        assert str(report.verdict) == case.verdict, name
        assert set(case.failing) <= set(failing), (name, failing)
        # Nothing else fails, apart from the audit's own findings on a forged token.
        assert [f for f in failing if f not in case.failing and not f.startswith("lint.")] == [], (name, failing)
