"""The engine's fast paths give exactly what the general path gives.

Each fast path handles the usual input in fewer steps and hands anything else to the general
path; these tests compare the two on the inputs where they could part.
"""

from __future__ import annotations

import base64
import dataclasses
import pickle
import string

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from jwtdebugger.core import KeyInput, inspect, tokens
from jwtdebugger.core.results import Check, ClaimInfo, Status
from tests.keys import NOW, SECRET, make_token


def _outcome(decode, segment):
    try:
        return decode(segment)
    except tokens.SegmentError as exc:
        return f"SegmentError: {exc}"


_SEGMENT_CHARACTERS = string.ascii_letters + string.digits + "-_=+/ .\n\t\x00é\u00a0"


@given(st.text(alphabet=_SEGMENT_CHARACTERS, max_size=14))
@example("QQ==")
@example("QUI=")
@example("QQ=")
@example("a+/b")
@example("QUJD\n")
@example("QU JD")
@example("QUJé")
@example("Q")
def test_b64url_decode_agrees_with_the_checked_way(segment):
    assert _outcome(tokens.b64url_decode, segment) == _outcome(tokens._b64url_decode_checked, segment)


@given(st.binary(max_size=40), st.sampled_from(["standard", "urlsafe"]))
def test_b64url_decode_refuses_padded_and_standard_base64(data, alphabet):
    encode = base64.standard_b64encode if alphabet == "standard" else base64.urlsafe_b64encode
    segment = encode(data).decode()
    assert _outcome(tokens.b64url_decode, segment) == _outcome(tokens._b64url_decode_checked, segment)


@given(st.binary(max_size=40))
def test_b64url_decode_every_canonical_and_non_canonical_last_character(data):
    segment = base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    assert tokens.b64url_decode(segment) == data
    for last in string.ascii_letters + string.digits + "-_":
        changed = segment[:-1] + last
        assert _outcome(tokens.b64url_decode, changed) == _outcome(tokens._b64url_decode_checked, changed)


def _parsed(decode, text):
    try:
        return decode(text)
    except Exception as exc:  # the same exception, with the same message
        return (type(exc), str(exc))


@pytest.mark.parametrize(
    "text",
    [
        '{"a":1}',
        ' {"a":1}',
        '{"a":1} ',
        '{"a":1}x',
        '{"a":1}{"b":2}',
        "",
        " ",
        "x",
        "[1,2]",
        '"s"',
        "1",
        "null",
        '{"a":',
        '{"a":1,"a":2}',
        '{"n":1e400}',
        '{"n":NaN}',
        '{"n":' + "9" * 60 + "}",
    ],
)
def test_decode_json_agrees_with_the_decoder(text):
    assert _parsed(tokens._decode_json, text) == _parsed(tokens._DECODER.decode, text)


@pytest.mark.parametrize(
    ("text", "removed"),
    [
        ("eyJ.eyJ.sig", ()),
        ("\u00a0eyJ.eyJ.sig", ("surrounding whitespace",)),
        ("eyJ.eyJ.sig\u2028", ("surrounding whitespace",)),
        ("eyJ.eyJ.sig\n", ("surrounding whitespace",)),
        ("eyJ.e\r\nyJ.sig", ("line breaks inside the token",)),
        ("`eyJ.eyJ.sig`", ("quotes",)),
        ("Bearer eyJ.eyJ.sig", ("Bearer prefix",)),
        ("authorization: eyJ.eyJ.sig", ("Authorization header name",)),
        ("abc", ()),  # starts like a prefix, is not one
        ("x", ()),
        ("", ()),
    ],
)
def test_clean_input_fast_path_keeps_the_rules(text, removed):
    assert tokens.clean_input(text)[1] == removed


def test_check_dict_is_in_to_dict_order_whatever_made_it():
    check = Check("claim.exp", Status.PASS, "Expiry", "ok", "exp", None, 5)
    keys = ["id", "status", "claim", "title", "message", "expected", "actual", "lesson"]
    data = check.to_dict()
    assert list(data) == keys and data["status"] == "pass" and type(data["status"]) is str
    assert list(dataclasses.replace(check, message="other").to_dict()) == keys
    assert list(pickle.loads(pickle.dumps(check)).to_dict()) == keys
    assert repr(check).startswith("Check(id='claim.exp', status=<Status.PASS: 'pass'>, title='Expiry', message='ok'")
    info = ClaimInfo("exp", 5, "Expiration time", "soon")
    assert info.to_dict() == {
        "name": "exp",
        "value": 5,
        "description": "Expiration time",
        "display": "soon",
        "part": "payload",
    }
    assert list(info.to_dict()) == ["name", "value", "description", "display", "part"]


def test_shared_checks_are_not_changed_through_a_report():
    key = KeyInput("secret", SECRET)
    first = inspect(make_token(), key=key, at=NOW).to_dict()
    first["checks"][0]["message"] = "changed"
    first["claims"][0]["description"] = "changed"
    second = inspect(make_token(), key=key, at=NOW).to_dict()
    assert second["checks"][0]["message"] == "The token is a well-formed signed JWT (JWS)."
    assert second["claims"][0]["description"] != "changed"


def test_claim_list_shows_the_dates_the_checks_show():
    report = inspect(make_token({"iat": NOW - 60, "exp": NOW + 3600, "nbf": NOW - 60}), at=NOW + 0.25)
    displays = {c.name: c.display for c in report.claims}
    for name, words in (("exp", "Expires"), ("iat", "Issued"), ("nbf", "Valid from")):
        check = report.check(f"claim.{name}")
        assert check is not None and check.message == f"{words} {displays[name]}."
