import pytest

from jwtdebugger.core import Status, inspect
from jwtdebugger.core.results import TokenFormat
from jwtdebugger.core.tokens import SegmentError, b64url_decode, clean_input, decode_token
from tests.keys import NOW, SECRET, make_token, raw_token


@pytest.mark.parametrize(
    ("text", "removed"),
    [
        ("  abc.def.ghi\n", ("surrounding whitespace",)),
        ('"abc.def.ghi"', ("quotes",)),
        ("Bearer abc.def.ghi", ("Bearer prefix",)),
        ("Authorization: Bearer abc.def.ghi", ("Authorization header name", "Bearer prefix")),
        (
            "'Authorization: bearer   abc.def.ghi'\n",
            ("surrounding whitespace", "quotes", "Authorization header name", "Bearer prefix"),
        ),
        ("abc.\ndef.\r\nghi", ("line breaks inside the token",)),
        ("abc.def.ghi", ()),
    ],
)
def test_clean_input_removes_and_reports(text, removed):
    cleaned, what = clean_input(text)
    assert cleaned == "abc.def.ghi"
    assert what == removed


@pytest.mark.parametrize(
    ("segment", "fault"),
    [
        ("YQ==", "padding"),
        ("a+b/", "standard base64"),
        ("ab!c", "'!'"),
        ("a", "length"),
        ("YR", "non-zero unused bits"),
    ],
)
def test_b64url_decode_is_strict(segment, fault):
    with pytest.raises(SegmentError, match=fault):
        b64url_decode(segment)


def test_spaces_inside_a_token_are_a_fault_not_cleaned():
    report = inspect("abc.  def.ghi")
    assert report.token.format is TokenFormat.MALFORMED
    assert any("' '" in c.message and "payload" in c.message for c in report.failing)


def test_b64url_decode_accepts_canonical():
    assert b64url_decode("YQ") == b"a"
    assert b64url_decode("_-8") == b"\xff\xef"


def test_decode_valid_jws():
    token = decode_token(make_token({"sub": "x"}))
    assert token.format is TokenFormat.JWS
    assert token.header == {"alg": "HS256", "typ": "JWT"}
    assert token.payload == {"sub": "x"}
    assert token.faults == ()


def _format_messages(report):
    return [c.message for c in report.checks if c.id == "format" and c.status is Status.FAIL]


def test_wrong_segment_count_is_malformed():
    report = inspect("abc.def")
    assert report.token.format is TokenFormat.MALFORMED
    assert "this has 2" in _format_messages(report)[0]
    assert report.check("signature").status is Status.SKIP


def test_bad_base64_in_signature_blocks_verification():
    good = make_token({"sub": "x"})
    report = inspect(good + "=", key=__import__("jwtdebugger.core", fromlist=["KeyInput"]).KeyInput("secret", SECRET))
    assert report.token.format is TokenFormat.MALFORMED
    assert any("signature is not valid base64url" in m for m in _format_messages(report))
    assert report.check("signature").status is Status.SKIP
    assert report.verdict == "invalid"


def test_duplicate_members_are_reported():
    token = raw_token(b'{"alg":"HS256","alg":"none"}', {"sub": "a"})
    report = inspect(token)
    assert any("repeats the member 'alg'" in m for m in _format_messages(report))
    assert report.verdict == "invalid"


@pytest.mark.parametrize(
    ("payload", "fault"),
    [
        (b'\xef\xbb\xbf{"a":1}', "byte order mark"),
        ('{"a":1}'.encode("utf-16-le"), "UTF-16"),
        (b'{"a":"\xff"}', "not valid UTF-8"),
        (b'{"a":1', "not valid JSON"),
        (b'{"a":NaN}', "not valid JSON"),
        (b"[" * 40 + b"]" * 40, "deeper than 32"),
        (b'{"a":' + b"1" * 60 + b"}", "more than 48 characters"),
    ],
)
def test_payload_faults_name_the_part(payload, fault):
    report = inspect(raw_token({"alg": "HS256"}, payload))
    messages = _format_messages(report)
    assert messages and all("payload" in m for m in messages)
    assert any(fault in m for m in messages), messages


def test_non_object_payload_is_not_a_jwt_but_signature_is_verified():
    import jwt

    from jwtdebugger.core import KeyInput

    for body, fault in ((b"foo", "not valid JSON"), (b"[1, 2]", "JSON an array, not a JSON object")):
        token = jwt.api_jws.encode(body, SECRET, algorithm="HS256")
        report = inspect(token, key=KeyInput("secret", SECRET))
        messages = _format_messages(report)
        assert any(fault in m and "not a JWT" in m for m in messages), messages
        assert report.check("signature").status is Status.PASS
        assert report.verdict == "invalid"
    token = jwt.api_jws.encode(b"foo", SECRET + "x", algorithm="HS256")
    report = inspect(token, key=KeyInput("secret", SECRET))
    assert report.check("signature").status is Status.FAIL


def test_header_not_object():
    report = inspect(raw_token(b"[1]", {"a": 1}))
    assert any("header" in m and "not a JSON object" in m for m in _format_messages(report))
    assert report.token.format is TokenFormat.MALFORMED


def test_five_segments_is_jwe_with_header_shown():
    from jwtdebugger.core.tokens import b64url_encode

    header = b64url_encode(b'{"alg":"RSA-OAEP","enc":"A256GCM","cty":"JWT"}')
    report = inspect(f"{header}.AAAA.BBBB.CCCC.DDDD")
    assert report.token.format is TokenFormat.JWE
    assert report.token.header == {"alg": "RSA-OAEP", "enc": "A256GCM", "cty": "JWT"}
    assert "encrypted token" in report.check("format").message
    assert report.check("signature").status is Status.SKIP
    assert report.verdict == "unverified"


def test_enc_header_in_three_parts_is_malformed():
    report = inspect(raw_token({"alg": "dir", "enc": "A128GCM"}, {"a": 1}))
    assert report.token.format is TokenFormat.MALFORMED
    assert "meant to be an encrypted token" in _format_messages(report)[0]


def test_token_size_cap():
    report = inspect("a" * (64 * 1024 + 1))
    assert "the limit is 65536 bytes" in _format_messages(report)[0]


def test_empty_input():
    report = inspect("   ")
    assert report.verdict == "invalid"
    assert "Nothing to inspect" in _format_messages(report)[0]


def test_unsecured_token_is_never_valid():
    token = raw_token({"alg": "none"}, {"sub": "a", "exp": NOW + 60}, b"")
    report = inspect(token, at=NOW)
    assert report.token.format is TokenFormat.UNSECURED
    assert report.check("header.alg").status is Status.FAIL
    assert report.check("signature").status is Status.FAIL
    assert report.verdict == "invalid"
