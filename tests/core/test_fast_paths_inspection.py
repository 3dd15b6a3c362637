"""The third round of fast paths in an inspection give exactly what the general way gives.

Each test puts a shortcut next to the way it replaced (kept here as a reference, or still in
the engine for the unusual input) and compares them on the inputs where they could part: message
templates filled without str.format, JSON prechecks skipped for the usual '{"' start, the
sensitive-data scan asking about JSON's own types first, the HMAC computed once per inspection,
and the dates of the time claims made once for their checks and the claim list.
"""

from __future__ import annotations

import hmac
import json
import math
import string
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from jwt.algorithms import get_default_algorithms

from jwtdebugger.core import KeyInput, Status, audit, claims, explain, inspect, tokens
from jwtdebugger.core.keys import VerificationKey, load_key
from jwtdebugger.core.results import Expectations
from jwtdebugger.core.signature import verify_signature
from jwtdebugger.core.tokens import OutOfRangeNumber, decode_token
from tests.keys import NOW, SECRET, raw_token

# ---- message templates ---------------------------------------------------------------------

_VALUES = [
    "plain",
    "with {braces} and }{",
    "",
    0,
    12345,
    -1.5,
    None,
    True,
    ["a", "b"],
    {"k": 1},
    OutOfRangeNumber("1e400"),
    Status.PASS,
]


def _fields_for(template: str, value: Any) -> dict[str, Any]:
    names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    # "{count:,}" needs a number; every other field takes the value under test.
    return {name: 1234 if name == "count" else value for name in names}


@pytest.mark.parametrize("value", _VALUES, ids=repr)
@pytest.mark.parametrize("key", sorted(explain.MESSAGES))
def test_fill_agrees_with_format_map(key, value):
    template = explain.MESSAGES[key]
    fields = _fields_for(template, value)
    assert explain.fill(key, fields) == template.format_map(fields)
    assert explain.message(key, **fields) == template.format(**fields)


@given(st.text(max_size=40), st.text(max_size=20), st.text(max_size=20))
@example("{a}{{b}}{c}", "x", "y")
@example("{{{a}}}", "}", "{")
@example("{a!r}", "x", "y")
@example("{a:>5}{c}", "x", "y")
@example("{0}", "x", "y")
@example("{a.b}{c[0]}", "x", "y")
def test_cut_templates_fill_like_format_map(template, a, c):
    try:
        expected: Any = template.format_map({"a": a, "c": c})
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as exc:
        expected = type(exc)
    try:
        parts = explain._cut(template)
    except ValueError:  # a template str.format cannot parse either
        assert expected is ValueError
        return
    if parts is None:
        return  # left to str.format_map
    explain.MESSAGES["test.template"] = template
    explain._PARTS["test.template"] = parts
    try:
        try:
            got: Any = explain.fill("test.template", {"a": a, "c": c})
        except (KeyError, IndexError) as exc:
            got = type(exc)
    finally:
        del explain.MESSAGES["test.template"], explain._PARTS["test.template"]
    assert got == expected


def test_unknown_message_key_still_raises():
    with pytest.raises(KeyError):
        explain.message("no.such.key", value=1)


# ---- JSON prechecks --------------------------------------------------------------------------


def _reference_parse_json_strict(data: bytes, part: str) -> tuple[Any, list[Any]]:
    """tokens.parse_json_strict as it was, every precheck on every text."""
    if data.startswith(b"\xef\xbb\xbf"):
        return tokens._json_fault(
            part, "format.utf8", fault="it starts with a byte order mark (BOM), which JSON text in a JWT must not"
        )
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) >= 2 and (data[0] == 0 or data[1] == 0)):
        return tokens._json_fault(part, "format.utf8", fault="it looks like UTF-16; JWTs use UTF-8")
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        return tokens._json_fault(part, "format.utf8", fault=f"invalid byte at position {exc.start}")
    if tokens._json_depth_exceeds(text, tokens.MAX_JSON_DEPTH):
        return tokens._json_fault(part, "format.depth", limit=tokens.MAX_JSON_DEPTH)
    duplicates: list[str] = []
    try:
        try:
            value = tokens._DECODER.decode(text)
        except tokens._HasDuplicates:
            value, duplicates = tokens._parse_naming_duplicates(text)
    except OverflowError:
        return tokens._json_fault(part, "format.number", limit=tokens.MAX_NUMBER_CHARS)
    except json.JSONDecodeError as exc:
        return tokens._json_fault(part, "format.json", fault=f"{exc.msg} at line {exc.lineno} column {exc.colno}")
    except ValueError as exc:
        return tokens._json_fault(part, "format.json", fault=str(exc))
    if "\\u" in text and tokens.has_lone_surrogate(value):
        return tokens._json_fault(
            part,
            "format.utf8",
            fault="a string escapes a lone UTF-16 surrogate (like \\ud800), which is not valid Unicode",
        )
    if duplicates:
        names = ", ".join(f"'{name}'" for name in duplicates)
        return value, [tokens.format_fault(explain.message("format.duplicate", part=part, names=names), part)]
    return value, []


_STARTS = [b'{"', b"{", b'{"a":{', b'{"a":[', b"[", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00", b"{\x00", b""]
_DEEP = [
    b"[" * 40,
    b'{"a":' * 40 + b"1" + b"}" * 40,
    b'{"a":"' + b"[" * 40 + b'"}',
    b'{"a":"{{{"}',
    b'{"a":[{"b":[[[1]]]}]}',
    b'{"a":1,"a":2}',
    b'{"a":{"b":1,"b":2}}',
    b'{"n":' + b"9" * 60 + b"}",
    b'{"s":"\\ud800"}',
    b'{"a":1} ',
    b' {"a":1}',
    b'{"a":1}x',
    b'{"\xc3\xa9":1}',
    b'{"a":\xff}',
]


@given(st.sampled_from(_STARTS), st.binary(max_size=24))
def test_json_prechecks_agree_with_the_reference(start, rest):
    data = start + rest
    assert tokens.parse_json_strict(data, "payload") == _reference_parse_json_strict(data, "payload")


@given(st.sampled_from(_STARTS), st.text(alphabet='{}[]":,1a \\u0', max_size=30))
def test_json_prechecks_agree_on_json_like_text(start, rest):
    data = start + rest.encode()
    assert tokens.parse_json_strict(data, "header") == _reference_parse_json_strict(data, "header")


@pytest.mark.parametrize("data", _DEEP)
def test_json_prechecks_agree_on_nesting_and_faults(data):
    assert tokens.parse_json_strict(data, "payload") == _reference_parse_json_strict(data, "payload")


# ---- the sensitive-data scan ------------------------------------------------------------------


def _reference_judge_members(value: Any, path: str, depth: int, risky: list[str], emails: list[str]) -> None:
    """audit._judge_members as it was: isinstance first, every name through the pattern."""
    if depth > 8:
        return
    if isinstance(value, list):
        for i, item in enumerate(value[:50]):
            if isinstance(item, (dict, list)):
                _reference_judge_members(item, f"{path}[{i}]", depth + 1, risky, emails)
        return
    if not isinstance(value, dict):
        return
    for key, member in value.items():
        member_path = f"{path}.{key}" if path else key
        if isinstance(member, (dict, list)):
            _reference_judge_members(member, member_path, depth + 1, risky, emails)
            continue
        name = key.rsplit(".", 1)[-1]
        text = str(member) if isinstance(member, (str, int)) and not isinstance(member, bool) else ""
        size = len(text)
        secret_name = audit._SECRET_NAMES.search(name) is not None
        if secret_name and member not in (None, "", False):
            risky.append(f"'{member_path}' looks like a password or secret")
        elif (
            13 <= size <= 24
            and audit._CARD.match(text)
            and 13 <= len(digits := audit.re.sub(r"[ -]", "", text.rstrip("\n"))) <= 19
            and audit._luhn(digits)
        ):
            risky.append(f"'{member_path}' looks like a payment card number")
        elif (size == 11 or size == 12) and audit._NATIONAL_ID.match(text):
            risky.append(f"'{member_path}' looks like a national id number")
        elif (text[:1] == "+" and audit._PHONE.match(text)) or (name == "phone_number" and text):
            risky.append(f"'{member_path}' is a phone number")
        elif "@" in text and audit._EMAIL.match(text):
            emails.append(member_path)


class _Dict(dict):  # containers that are not JSON's own types still count as containers
    pass


class _List(list):
    pass


_NAMES = st.sampled_from(
    ["sub", "iat", "exp", "email", "phone_number", "password", "api_key", "x.password", "pin", "a.b.pin", "card", "ssn"]
) | st.text(alphabet="abpswdin._:-", max_size=10)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([0, 4111111111111111, -4111111111111111, 12345678901, 1795719540]),
    st.floats(allow_nan=False),
    st.sampled_from(
        [
            "",
            "user-1",
            "4111 1111 1111 1111",
            "4111111111111111\n",
            "078-05-1120",
            "+14155552671",
            "a@example.com",
            "not an @ email",
        ]
    ),
    st.text(alphabet="0123456789 -+@.ab\n", max_size=24),
    st.builds(OutOfRangeNumber, st.sampled_from(["1e400", "4111111111111111"])),
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(_NAMES, inner, max_size=4),
        st.builds(_Dict, st.dictionaries(_NAMES, inner, max_size=3)),
        st.builds(_List, st.lists(inner, max_size=3)),
    ),
    max_leaves=12,
)


@given(st.dictionaries(_NAMES, _JSON, max_size=6))
@example({"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": {"password": "x"}}}}}}}}}})
@example({"password": 0, "pin": False, "secret": None, "api_key": ""})
def test_sensitive_data_scan_agrees_with_the_reference(payload):
    risky: list[str] = []
    emails: list[str] = []
    audit._judge_members(payload, "", 0, risky, emails)
    expected_risky: list[str] = []
    expected_emails: list[str] = []
    _reference_judge_members(payload, "", 0, expected_risky, expected_emails)
    assert (risky, emails) == (expected_risky, expected_emails)


def test_names_known_not_to_be_secret_do_not_match_the_pattern():
    assert audit._NOT_SECRET_NAMES
    assert not [name for name in audit._NOT_SECRET_NAMES if audit._SECRET_NAMES.search(name)]


# ---- HMAC: verified once -----------------------------------------------------------------------


@given(st.binary(max_size=80), st.binary(max_size=80), st.sampled_from(["HS256", "HS384", "HS512"]))
def test_hmac_verification_agrees_with_pyjwt(key_bytes, message, alg):
    algorithm = get_default_algorithms()[alg]
    key = VerificationKey(kind="hmac", key=key_bytes, description="a secret", source="secret")
    right = algorithm.sign(message, key_bytes)
    for signature in (right, right[:-1], right[:-1] + bytes([right[-1] ^ 1]), b"", b"x" * len(right)):
        assert verify_signature(message, signature, key, alg) is algorithm.verify(message, key_bytes, signature)


def _hs_token(payload: dict[str, Any], secret: str, alg: str) -> str:
    """Signed here rather than by PyJWT, which warns about the short secrets on purpose below."""
    header = tokens.b64url_encode(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    signing_input = f"{header}.{tokens.b64url_encode(json.dumps(payload).encode())}"
    mac = hmac.digest(secret.encode(), signing_input.encode(), audit.HASHES[alg])
    return f"{signing_input}.{tokens.b64url_encode(mac)}"


@pytest.mark.usefixtures("short_wordlist")
@pytest.mark.parametrize(
    ("signed_with", "given"),
    [
        (SECRET, SECRET),  # the right key
        (SECRET, SECRET + "x"),  # another key
        ("secret", "secret"),  # a listed weak secret, given
        ("short", "short"),  # too short, given
        ("short", "other"),
    ],
)
@pytest.mark.parametrize("alg", ["HS256", "HS512"])
def test_audit_given_the_verification_says_what_it_finds_itself(signed_with, given, alg):
    token = decode_token(_hs_token({"sub": "a", "exp": NOW + 60}, signed_with, alg))
    key_input = KeyInput("secret", given)
    key = load_key(key_input).key
    assert key is not None and token.signing_input is not None and token.signature is not None
    verified = verify_signature(token.signing_input, token.signature, key, alg)
    reused = audit.audit_checks(token, key_input=key_input, key=key, alg=alg, verified=verified)
    computed = audit.audit_checks(token, key_input=key_input, key=key, alg=alg)
    assert reused == computed
    # and through inspect(), which passes it on
    report = inspect(token.text, key=key_input, at=NOW)
    assert [c for c in report.checks if c.id.startswith("lint.")] == computed


# ---- dates made once --------------------------------------------------------------------------


@given(
    st.one_of(st.integers(min_value=-(10**10), max_value=10**10), st.floats(min_value=-1e10, max_value=1e10)),
    st.sampled_from([0.0, 0.25, 0.5, 0.75, 0.4999999, 0.5000001]),
    st.integers(min_value=0, max_value=300),
    st.sampled_from(["exp", "nbf", "iat"]),
)
@example(NOW, 0.5, 0, "exp")
@example(NOW + 1, 0.5, 0, "nbf")
@example(NOW - 60, 0.0, 60, "exp")
@example(NOW + 60, 0.0, 60, "iat")
def test_time_checks_given_their_dates_agree_without(offset, fraction, leeway, claim):
    at = NOW + fraction
    value = NOW + offset
    payload = {claim: value}
    check = {"exp": claims.check_exp, "nbf": claims.check_nbf, "iat": claims.check_iat}[claim]
    date = explain.date_words(value, at)
    assert check(payload, at, leeway, False, date=date) == check(payload, at, leeway, False)
    assert date == (explain.date_display(value, at), explain.utc_text(value), explain.relative_text(value, at))


def _reference_relative_text(timestamp: float, at: float) -> str:
    delta = timestamp - at
    distance = abs(delta)
    if distance < 1:
        return "now"
    words = explain._duration_words(int(round(distance)))
    return f"in {words}" if delta > 0 else f"{words} ago"


@given(st.one_of(st.integers(min_value=-(10**11), max_value=10**11), st.floats(allow_nan=False, width=64)))
@example(0.5)
@example(-0.5)
@example(1.5)
@example(2.5)
@example(-2.5)
@example(-0.0)
@example(0.9999999)
def test_relative_text_agrees_with_the_reference(delta):
    if isinstance(delta, float) and not math.isfinite(delta + NOW):
        return
    at = NOW + 0.5
    assert explain.relative_text(at + delta, at) == _reference_relative_text(at + delta, at)
    assert explain.relative_text(NOW + delta, NOW) == _reference_relative_text(NOW + delta, NOW)


def test_claim_dates_skip_null_and_non_dates():
    payload = {"exp": None, "iat": True, "nbf": 1.5, "auth_time": "1", "other": 5}
    from jwtdebugger.core.inspect import _dates

    assert _dates(payload, NOW) == {"nbf": explain.date_words(1.5, NOW)}


# ---- the alg is lower-cased only when it is not supported ------------------------------------


@pytest.mark.parametrize("alg", ["none", "NONE", "None", "nOnE", "RS256", "rs256", "HS999", "", "ES256"])
def test_alg_none_in_any_case_is_refused_and_audited(alg):
    report = inspect(raw_token({"alg": alg, "typ": "JWT"}, {"sub": "a"}), at=NOW)
    alg_check = report.check("header.alg")
    assert alg_check is not None
    is_none = alg.lower() == "none"
    assert (alg_check.message == explain.message("alg.none")) is is_none
    assert any(c.id == "lint.alg_none" for c in report.checks) is is_none
    if alg in ("RS256", "ES256"):
        assert alg_check.status is Status.PASS
    elif not is_none:
        assert "is not an algorithm this debugger verifies" in alg_check.message
    expected = inspect(raw_token({"alg": alg}, {"sub": "a"}), at=NOW, expect=Expectations(algorithms=("RS256",)))
    assert expected.check("header.alg") is not None
