import base64
import os

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from jwtdebugger.core import KeyInput, Status, inspect
from jwtdebugger.core.audit import confusion_candidates, kid_risk, wordlist
from jwtdebugger.core.keys import load_key
from tests.core.test_keys import forge_hs256
from tests.keys import NOW, SECRET, make_token, public_jwk, public_pem, raw_token, rsa_key


def lints(report, lint_id):
    return [c for c in report.checks if c.id == lint_id]


def one(report, lint_id):
    found = lints(report, lint_id)
    assert len(found) == 1, [(c.id, c.status, c.message) for c in report.checks]
    return found[0]


# ---- weak secrets ----


@pytest.mark.parametrize("secret", ["your-256-bit-secret", "secret"])
def test_weak_secret_found_without_a_key(secret):
    token = forge_hs256({"sub": "admin", "exp": NOW + 60}, secret.encode())
    finding = one(inspect(token, at=NOW), "lint.weak_secret")
    assert finding.status is Status.FAIL
    assert f"signed with '{secret}'" in finding.message
    assert "Anyone can forge tokens" in finding.message
    assert finding.lesson == "hs256-vs-rs256"  # weak secrets: the HS256 vs RS256 lesson


def test_weak_secret_found_with_the_right_key_given():
    token = forge_hs256({"sub": "a"}, b"your-256-bit-secret")
    report = inspect(token, key=KeyInput("secret", "your-256-bit-secret"), at=NOW)
    weak = lints(report, "lint.weak_secret")
    assert [c.status for c in weak] == [Status.FAIL, Status.WARN]
    assert "19 bytes; HS256 secrets must have at least 32" in weak[1].message
    assert report.verdict == "invalid"


def test_empty_secret_is_found():
    token = forge_hs256({"sub": "a"}, b"")
    assert "signed with the empty string" in one(inspect(token, at=NOW), "lint.weak_secret").message


def test_random_secret_is_not_found():
    secret = os.urandom(32)
    token = forge_hs256({"sub": "a", "exp": NOW + 60}, secret)
    finding = one(inspect(token, at=NOW), "lint.weak_secret")
    assert finding.status is Status.PASS
    assert "Not signed with any of 112,335 known weak" in finding.message
    report = inspect(token, key=KeyInput("secret", base64.b64encode(secret).decode(), "base64"), at=NOW)
    assert one(report, "lint.weak_secret").status is Status.PASS
    assert report.verdict == "valid"


def test_wordlist_is_the_shipped_list():
    words = wordlist()
    assert words[0] == b"" and len(words) == 112_335
    assert b"your-256-bit-secret" in words and b"changeme" in words


# ---- key confusion ----


def test_key_confusion_forgery_is_detected_for_every_form():
    pem = public_pem(rsa_key())
    loaded = load_key(KeyInput("pem", pem)).key
    for form, secret in confusion_candidates(KeyInput("pem", pem), loaded):
        forged = forge_hs256({"sub": "admin"}, secret)
        report = inspect(forged, key=KeyInput("pem", pem), at=NOW)
        finding = one(report, "lint.key_confusion")
        assert finding.status is Status.FAIL, form
        assert "This token was forged" in finding.message and "CVE-2016-10555" in finding.message
        assert report.check("signature").status is Status.SKIP
        assert report.verdict == "invalid"
    forms = [form for form, _ in confusion_candidates(KeyInput("pem", pem), loaded)]
    assert "the PKCS#1 PEM" in forms and "the SPKI DER bytes" in forms


def test_key_confusion_with_a_jwk():
    forged = forge_hs256({"sub": "admin"}, public_pem(rsa_key()).encode())
    finding = one(inspect(forged, key=KeyInput("jwk", public_jwk(rsa_key())), at=NOW), "lint.key_confusion")
    assert finding.status is Status.FAIL


def test_hs_token_with_unrelated_public_key_is_only_a_warning():
    report = inspect(make_token(), key=KeyInput("pem", public_pem(rsa_key())), at=NOW)
    finding = one(report, "lint.key_confusion")
    assert finding.status is Status.WARN
    assert "does not verify" in finding.message


def test_no_key_confusion_lint_for_rs_tokens():
    report = inspect(make_token(alg="RS256", key=rsa_key()), key=KeyInput("pem", public_pem(rsa_key())), at=NOW)
    assert lints(report, "lint.key_confusion") == []


# ---- alg none, header keys, kid ----


def test_alg_none():
    finding = one(inspect(raw_token({"alg": "none"}, {"sub": "a"}, b""), at=NOW), "lint.alg_none")
    assert finding.status is Status.FAIL
    assert lints(inspect(make_token(), at=NOW), "lint.alg_none") == []


def test_header_keys():
    finding = one(
        inspect(make_token(headers={"jwk": {"kty": "oct", "k": "AA"}, "x5u": "https://x"}), at=NOW), "lint.header_key"
    )
    assert finding.status is Status.WARN
    assert "'jwk'" in finding.message and "'x5u'" in finding.message and "never fetched or trusted" in finding.message
    assert lints(inspect(make_token(), at=NOW), "lint.header_key") == []


@pytest.mark.parametrize(
    ("kid", "risky"),
    [
        ("../../../../dev/null", True),
        ("/etc/passwd", True),
        ("key\x00", True),
        ("x' UNION SELECT 'secret", True),
        ("k1; DROP TABLE keys", True),
        ("$(curl evil)", True),
        ("`id`", True),
        ("a|b", True),
        ("abcd1234", False),
        ("dGVzdA+/ab=", False),  # base64 characters are normal (Cognito kids)
        ("2011-04-29", False),
    ],
)
def test_kid_risks(kid, risky):
    assert (kid_risk(kid) is not None) is risky
    report = inspect(make_token(headers={"kid": kid}), at=NOW)
    assert bool(lints(report, "lint.kid")) is risky


# ---- sensitive data ----


@pytest.mark.parametrize(
    ("payload", "status", "words"),
    [
        ({"password": "hunter2"}, Status.WARN, "password or secret"),
        ({"user": {"api_key": "k-123"}}, Status.WARN, "'user.api_key'"),
        ({"card": "4111 1111 1111 1111"}, Status.WARN, "payment card"),
        ({"ssn": "078-05-1120"}, Status.WARN, "national id"),
        ({"phone_number": "+14155552671"}, Status.WARN, "phone number"),
        ({"email": "ada@example.com"}, Status.INFO, "'email'"),
    ],
)
def test_sensitive_data(payload, status, words):
    finding = one(inspect(make_token(payload), at=NOW), "lint.sensitive_data")
    assert finding.status is status
    assert words in finding.message


def test_no_sensitive_data_in_plain_claims():
    assert (
        lints(inspect(make_token({"sub": "1234567890123", "n": 4111111111111112}), at=NOW), "lint.sensitive_data") == []
    )


# ---- lifetime and weak keys ----


def test_lifetime():
    assert one(inspect(make_token({"sub": "a"}), at=NOW), "lint.lifetime").status is Status.WARN
    long = one(inspect(make_token({"iat": NOW, "exp": NOW + 2 * 86400}), at=NOW), "lint.lifetime")
    assert "2 days" in long.message
    assert lints(inspect(make_token({"iat": NOW, "exp": NOW + 3600}), at=NOW), "lint.lifetime") == []
    iss = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc"
    short = one(
        inspect(make_token({"iss": iss, "token_use": "access", "iat": NOW, "exp": NOW + 60}), at=NOW), "lint.lifetime"
    )
    assert "5 minutes to 1 day" in short.message
    assert (
        lints(
            inspect(make_token({"iss": iss, "token_use": "id", "iat": NOW, "exp": NOW + 3600}), at=NOW), "lint.lifetime"
        )
        == []
    )


def test_weak_rsa_key_lint():
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    finding = one(
        inspect(make_token(alg="RS256", key=weak), key=KeyInput("pem", public_pem(weak)), at=NOW), "lint.weak_key"
    )
    assert finding.status is Status.FAIL and "1024 bits" in finding.message
    assert (
        lints(
            inspect(make_token(alg="RS256", key=rsa_key()), key=KeyInput("pem", public_pem(rsa_key())), at=NOW),
            "lint.weak_key",
        )
        == []
    )


def test_audit_can_be_left_out():
    assert not [
        c
        for c in inspect(make_token({"sub": "a"}), key=KeyInput("secret", SECRET), audit=False, at=NOW).checks
        if c.id.startswith("lint.")
    ]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("4111111111111111\n", "payment card"),
        ("4111 1111 1111 1111\n", "payment card"),
        ("123-45-6789\n", "national id"),
        ("+14155550100\n", "phone number"),
    ],
)
def test_sensitive_data_with_a_trailing_newline_is_still_found(value, words):
    # `$` matches before a final newline: the card check once passed "...1111\n" to the Luhn
    # sum, which raised (a 500 from the API). The value is the same data with or without it.
    report = inspect(make_token({"sub": "x", "value": value}), at=NOW)
    (finding,) = [c for c in report.checks if c.id == "lint.sensitive_data"]
    assert words in finding.message


def test_sensitive_data_still_found_without_the_newline():
    report = inspect(make_token({"sub": "x", "card": "4111111111111111", "ssn": "123-45-6789"}), at=NOW)
    (finding,) = [c for c in report.checks if c.id == "lint.sensitive_data"]
    assert "payment card" in finding.message and "national id" in finding.message
