import pytest

from jwtdebugger.core import Expectations, KeyInput, Status, inspect
from jwtdebugger.core.cognito import client_id_claim, parse_issuer
from tests.keys import NOW, SECRET, make_token

KEY = KeyInput("secret", SECRET)
ISS = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example1"
ID_TOKEN = {"iss": ISS, "token_use": "id", "aud": "client-1", "sub": "u", "exp": NOW + 600, "email": "a@example.com"}
ACCESS_TOKEN = {
    "iss": ISS,
    "token_use": "access",
    "client_id": "client-1",
    "scope": "orders/read openid",
    "sub": "u",
    "exp": NOW + 600,
}


def run(payload, expect):
    return inspect(make_token(payload), key=KEY, expect=expect, at=NOW)


def test_parse_issuer():
    issuer = parse_issuer(ISS)
    assert issuer.region == "us-east-1"
    assert issuer.user_pool_id == "us-east-1_Example1"
    assert issuer.jwks_url == ISS + "/.well-known/jwks.json"
    assert parse_issuer("https://example.com/us-east-1_x") is None
    assert parse_issuer("https://cognito-idp.us-east-1.amazonaws.com/eu-west-1_x") is None


def test_cognito_issuer_recognised_and_token_use_reported():
    report = run(ID_TOKEN, None)
    assert "us-east-1_Example1 in us-east-1" in report.check("cognito").message
    assert report.check("claim.token_use").status is Status.INFO
    assert "Cognito ID token" in report.check("claim.token_use").message


def test_id_token_where_access_token_expected():
    use = run(ID_TOKEN, Expectations(token_use="access")).check("claim.token_use")
    assert use.status is Status.FAIL
    assert "your API expects an access token" in use.message


@pytest.mark.parametrize(
    ("payload", "client_id", "where", "status"),
    [
        (ID_TOKEN, "client-1", "aud", Status.PASS),
        (ID_TOKEN, "client-2", "aud", Status.FAIL),
        (ACCESS_TOKEN, "client-1", "client_id", Status.PASS),
        (ACCESS_TOKEN, "client-2", "client_id", Status.FAIL),
        ({"client_id": "c"}, "c", "client_id", Status.PASS),
        ({"aud": "c"}, "c", "aud", Status.PASS),
    ],
)
def test_client_id_location(payload, client_id, where, status):
    assert client_id_claim(payload) == where
    result = run(payload, Expectations(client_id=client_id)).check("claim.client_id")
    assert result.status is status


def test_scopes_need_one_match():
    assert (
        run(ACCESS_TOKEN, Expectations(scopes=("orders/write", "orders/read"))).check("claim.scope").status
        is Status.PASS
    )
    bad = run(ACCESS_TOKEN, Expectations(scopes=("orders/write",))).check("claim.scope")
    assert bad.status is Status.FAIL
    assert "403 Forbidden" in bad.message
    missing = run(ID_TOKEN, Expectations(scopes=("orders/read",))).check("claim.scope")
    assert missing.status is Status.FAIL
    assert "ID tokens carry no scopes" in missing.message


def test_access_token_has_no_aud_hint():
    aud = run(ACCESS_TOKEN, Expectations(aud=("client-1",))).check("claim.aud")
    assert aud.status is Status.FAIL
    assert "Cognito access tokens have no 'aud'" in aud.message
