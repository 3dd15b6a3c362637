import pytest

from jwtdebugger.core import Expectations, KeyInput, Status, inspect
from jwtdebugger.core.explain import duration_text, relative_text
from tests.keys import NOW, SECRET, make_token, raw_token

KEY = KeyInput("secret", SECRET)


def check(payload, expect=None, *, leeway=0, check_id):
    report = inspect(make_token(payload), key=KEY, expect=expect, leeway=leeway, at=NOW)
    return report, report.check(check_id)


def test_expired_names_exp_and_how_long_ago():
    exp = NOW - (3 * 3600 + 12 * 60)
    report, exp_check = check({"exp": exp}, check_id="claim.exp")
    assert exp_check.status is Status.FAIL
    assert exp_check.message.startswith("Expired 3 h 12 min ago (2026-11-26 15:48:00 UTC).")
    assert "401 Unauthorized" in exp_check.message
    assert exp_check.actual == exp
    assert report.verdict == "invalid"


def test_exp_boundary_and_leeway():
    assert check({"exp": NOW}, check_id="claim.exp")[1].status is Status.FAIL  # on exp: expired
    assert check({"exp": NOW + 1}, check_id="claim.exp")[1].status is Status.PASS
    _, with_leeway = check({"exp": NOW - 30}, leeway=60, check_id="claim.exp")
    assert with_leeway.status is Status.PASS
    _, beyond = check({"exp": NOW - 90}, leeway=60, check_id="claim.exp")
    assert beyond.status is Status.FAIL
    assert "(with 60 s leeway)" in beyond.message


def test_missing_exp_is_a_warning_unless_required():
    report, exp_check = check({"sub": "a"}, check_id="claim.exp")
    assert exp_check.status is Status.WARN
    assert report.verdict == "valid"
    _, required = check({"sub": "a"}, Expectations(required=("exp",)), check_id="claim.exp")
    assert required.status is Status.FAIL


def test_exp_in_future_passes_with_relative_phrase():
    _, exp_check = check({"exp": NOW + 14 * 60}, check_id="claim.exp")
    assert exp_check.message == "Expires 2026-11-26 19:14:00 UTC (in 14 min)."


def test_nbf_in_future_fails():
    _, nbf = check({"nbf": NOW + 600}, check_id="claim.nbf")
    assert nbf.status is Status.FAIL
    assert "becomes valid in 10 min" in nbf.message
    assert check({"nbf": NOW + 600}, leeway=300, check_id="claim.nbf")[1].status is Status.FAIL
    assert check({"nbf": NOW + 200}, leeway=300, check_id="claim.nbf")[1].status is Status.PASS


def test_future_iat_is_a_warning():
    report, iat = check({"iat": NOW + 3600}, check_id="claim.iat")
    assert iat.status is Status.WARN
    assert report.verdict == "valid"


@pytest.mark.parametrize(
    ("raw", "fault"),
    [
        (b'"1795719600"', "found a string"),
        (b"true", "found a boolean"),
        (b"null", "found null"),
        (b"1e400", "not a real date"),
        (b"253402300800", "not a real date"),
        (b"[1]", "found an array"),
    ],
)
def test_numeric_date_type_errors_are_reported_on_the_claim(raw, fault):
    token = raw_token({"alg": "none"}, b'{"exp":' + raw + b"}", b"")
    exp = inspect(token, at=NOW).check("claim.exp")
    assert exp.status is Status.FAIL
    assert fault in exp.message


def test_fractional_numeric_date_is_fine():
    assert check({"exp": NOW + 0.5}, check_id="claim.exp")[1].status is Status.PASS


def test_iss_exact_match():
    iss = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc"
    assert check({"iss": iss}, Expectations(iss=iss), check_id="claim.iss")[1].status is Status.PASS
    _, bad = check({"iss": iss + "/"}, Expectations(iss=iss), check_id="claim.iss")
    assert bad.status is Status.FAIL
    assert "Expected the issuer" in bad.message
    _, info = check({"iss": iss}, check_id="claim.iss")
    assert info.status is Status.INFO
    assert "Not checked: give the expected issuer" in info.message
    typ = inspect(raw_token({"alg": "none"}, {"iss": 5}, b""), expect=Expectations(iss=iss), at=NOW).check("claim.iss")
    assert typ.status is Status.FAIL
    assert typ.message == "'iss' must be a string; found 5."


@pytest.mark.parametrize(
    ("aud", "expected", "status"),
    [
        ("api", ("api",), Status.PASS),
        (["web", "api"], ("api",), Status.PASS),
        ("web", ("api", "web"), Status.PASS),
        ("web", ("api",), Status.FAIL),
        ([], ("api",), Status.FAIL),
        ([1, "api"], ("api",), Status.FAIL),
        (None, ("api",), Status.FAIL),
    ],
)
def test_aud_any_match(aud, expected, status):
    payload = {"sub": "a"} if aud is None else {"aud": aud}
    report = inspect(raw_token({"alg": "none"}, payload, b""), expect=Expectations(aud=expected), at=NOW)
    assert report.check("claim.aud").status is status


def test_wrong_audience_message():
    _, aud = check({"aud": "web"}, Expectations(aud=("api",)), check_id="claim.aud")
    assert aud.message.startswith("The token is for 'web', not for 'api'.")


def test_sub_and_required_claims():
    assert check({"sub": "a"}, Expectations(sub="a"), check_id="claim.sub")[1].status is Status.PASS
    assert check({"sub": "b"}, Expectations(sub="a"), check_id="claim.sub")[1].status is Status.FAIL
    report, jti = check({"sub": "a"}, Expectations(required=("jti",)), check_id="claim.jti")
    assert jti.status is Status.FAIL
    assert jti.message == "'jti' is required but missing."
    assert check({"jti": "1"}, Expectations(required=("jti",)), check_id="claim.jti")[1].status is Status.PASS


def test_typ_check():
    report = inspect(make_token({"a": 1}), key=KEY, expect=Expectations(typ="at+jwt"), at=NOW)
    assert report.check("header.typ").status is Status.FAIL
    report = inspect(make_token({"a": 1}), key=KEY, expect=Expectations(typ="application/jwt"), at=NOW)
    assert report.check("header.typ").status is Status.PASS


def test_every_claim_failure_reported_at_once():
    report = inspect(
        make_token({"exp": NOW - 10, "nbf": NOW + 100, "iss": "x", "aud": "y", "sub": "z"}),
        key=KeyInput("secret", SECRET + "wrong"),
        expect=Expectations(iss="i", aud=("a",), sub="s"),
        at=NOW,
    )
    failing = {c.id for c in report.failing}
    assert failing == {"signature", "claim.exp", "claim.nbf", "claim.iss", "claim.aud", "claim.sub"}


def test_crit_rules():
    unknown = inspect(raw_token({"alg": "HS256", "crit": ["exp"], "exp": 1}, {"a": 1}), at=NOW).check("header.crit")
    assert unknown.status is Status.FAIL and "does not understand" in unknown.message
    for crit in ([], "exp", ["missing"], [1]):
        bad = inspect(raw_token({"alg": "HS256", "crit": crit}, {"a": 1}), at=NOW).check("header.crit")
        assert bad.status is Status.FAIL and "must be a non-empty list" in bad.message


def test_algorithms_expectation():
    report = inspect(make_token(), key=KEY, expect=Expectations(algorithms=("RS256",)), at=NOW)
    assert report.check("header.alg").status is Status.FAIL
    assert "only RS256 are accepted" in report.check("header.alg").message
    assert report.check("signature").status is Status.SKIP


def test_header_key_hints_are_warned_and_never_used():
    report = inspect(make_token(headers={"jku": "https://evil.example/jwks.json"}), key=KEY, at=NOW)
    hint = report.check("lint.header_key")
    assert hint.status is Status.WARN
    assert "never fetched or trusted" in hint.message


def test_duration_and_relative_text():
    assert duration_text(45) == "45 s"
    assert duration_text(14 * 60) == "14 min"
    assert duration_text(3 * 3600 + 12 * 60 + 5) == "3 h 12 min"
    assert duration_text(2 * 86400 + 3600) == "2 days 1 h"
    assert relative_text(NOW + 60, NOW) == "in 1 min"
    assert relative_text(NOW - 7200, NOW) == "2 h ago"
