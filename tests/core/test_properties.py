"""Property-based tests: whatever it is given, the engine returns a sane report and never raises.

"Sane" (see :func:`assert_sane`): a verdict from the Verdict enum, a signature check, the verdict
consistent with the checks (invalid exactly when a check fails; valid only with a passing
signature), and ``to_dict()`` that serializes as strict JSON (no NaN/Infinity, which browsers'
JSON.parse refuses).

Inputs: arbitrary text (lone surrogates included, as a JSON API can deliver them), arbitrary
bytes as base64url segments, arbitrary JSON as header and payload (signed with real keys of
every kind, verified with and without keys of every type, under random expectations and
leeway), random dot-separated segments, and random key inputs of every type and encoding.

A fixed list of edge inputs (several broke the engine while these tests were written) runs
too, each by name, so a regression names its input without Hypothesis having to find it again.
"""

from __future__ import annotations

import base64
import json
import string
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm, get_default_algorithms

from jwtdebugger.core import Expectations, KeyInput, Report, Status, Verdict, inspect
from jwtdebugger.core.inspect import MAX_LEEWAY

pytestmark = pytest.mark.usefixtures("short_wordlist")  # see tests/core/conftest.py

NOW = 1_700_000_000
PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def assert_sane(report: Report) -> None:
    assert isinstance(report, Report)
    assert report.verdict in set(Verdict)
    signature = report.check("signature")
    assert signature is not None, "every report has a signature check"
    assert all(c.status in set(Status) for c in report.checks)
    assert (report.verdict is Verdict.INVALID) == any(c.status is Status.FAIL for c in report.checks)
    if report.verdict is Verdict.VALID:
        assert signature.status is Status.PASS
    json.dumps(report.to_dict(), allow_nan=False)  # the API's JSON, strictly


def inspect_sanely(text: str, **kwargs: Any) -> Report:
    report = inspect(text, **kwargs)
    assert_sane(report)
    return report


# ---- keys of every kind ----------------------------------------------------------------

HMAC_SECRET = bytes(range(64))
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEYS = {
    "ES256": ec.generate_private_key(ec.SECP256R1()),
    "ES384": ec.generate_private_key(ec.SECP384R1()),
    "ES512": ec.generate_private_key(ec.SECP521R1()),
}
ED_KEY = ed25519.Ed25519PrivateKey.generate()
ALGORITHMS = [
    "HS256",
    "HS384",
    "HS512",
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
]


def _signing_key(alg: str) -> Any:
    if alg.startswith("HS"):
        return HMAC_SECRET
    if alg[:2] in ("RS", "PS"):
        return RSA_KEY
    if alg in EC_KEYS:
        return EC_KEYS[alg]
    return ED_KEY


def _pem(private: Any, *, public: bool = True) -> str:
    if public:
        return (
            private.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode()
        )
    return private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _jwk(private: Any, kid: str | None = None) -> dict[str, Any]:
    public = private.public_key()
    if isinstance(private, rsa.RSAPrivateKey):
        jwk = RSAAlgorithm.to_jwk(public, as_dict=True)
    elif isinstance(private, ec.EllipticCurvePrivateKey):
        jwk = ECAlgorithm.to_jwk(public, as_dict=True)
    else:
        jwk = OKPAlgorithm.to_jwk(public, as_dict=True)
    return {**jwk, "kid": kid} if kid else jwk


OCT_JWK = {"kty": "oct", "k": b64url(HMAC_SECRET)}
KEY_INPUTS: list[KeyInput | None] = [
    None,
    KeyInput("secret", b64url(HMAC_SECRET), encoding="base64url"),
    KeyInput("secret", base64.b64encode(HMAC_SECRET).decode(), encoding="base64"),
    KeyInput("secret", "s" * 64, encoding="utf8"),
    KeyInput("pem", _pem(RSA_KEY)),
    KeyInput("pem", _pem(EC_KEYS["ES384"], public=False)),  # a private key (an RSA one loads in ~40 ms: see EDGE_CASES)
    KeyInput("pem", _pem(EC_KEYS["ES256"])),
    KeyInput("pem", _pem(ED_KEY)),
    KeyInput("jwk", _jwk(RSA_KEY)),
    KeyInput("jwk", json.dumps(_jwk(EC_KEYS["ES384"]))),
    KeyInput("jwk", _jwk(EC_KEYS["ES512"])),
    KeyInput("jwk", _jwk(ED_KEY)),
    KeyInput("jwk", OCT_JWK),
    KeyInput("jwks", {"keys": [_jwk(RSA_KEY, "rsa"), _jwk(EC_KEYS["ES256"], "ec"), _jwk(ED_KEY, "ed")]}),
    KeyInput("jwks", json.dumps({"keys": [{**OCT_JWK, "kid": "hmac"}]})),
]
# The key input that verifies tokens signed for each algorithm.
MATCHING_KEY = {
    "HS256": KEY_INPUTS[1],
    "HS384": KEY_INPUTS[2],
    "HS512": KEY_INPUTS[12],
    "RS256": KEY_INPUTS[4],
    "RS384": KEY_INPUTS[8],
    "RS512": KEY_INPUTS[13],
    "PS256": KEY_INPUTS[8],
    "PS384": KEY_INPUTS[4],
    "PS512": KEY_INPUTS[8],
    "ES256": KEY_INPUTS[6],
    "ES384": KEY_INPUTS[5],
    "ES512": KEY_INPUTS[10],
    "EdDSA": KEY_INPUTS[11],
}


def sign(alg: str, header_b64: str, payload_b64: str) -> str:
    algorithm = get_default_algorithms()[alg]
    key = algorithm.prepare_key(_signing_key(alg))
    return b64url(algorithm.sign(f"{header_b64}.{payload_b64}".encode("ascii"), key))


# ---- strategies ------------------------------------------------------------------------

any_text = st.text(st.characters(exclude_categories=()), max_size=200)  # surrogates included
B64URL = string.ascii_letters + string.digits + "-_"
HEADER_NAMES = ["alg", "typ", "kid", "crit", "jku", "x5u", "jwk", "x5c", "enc", "b64", "cty", "zip"]
CLAIM_NAMES = [
    "exp",
    "nbf",
    "iat",
    "iss",
    "aud",
    "sub",
    "jti",
    "token_use",
    "client_id",
    "scope",
    "username",
    "cognito:groups",
    "auth_time",
]

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["\ud800", "a\udfffb", "\u2028", "\x00"])  # lone surrogates, separators, NUL
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=10,
)
# Numbers the way a token can write them: NaN/Infinity are not JSON, but "1e400" is and
# Python reads it as infinity.
number_literals = st.from_regex(r"-?(0|[1-9][0-9]{0,20})(\.[0-9]{1,6})?([eE][+-]?[0-9]{1,4})?", fullmatch=True)
time_values = (
    st.integers(min_value=-(10**13), max_value=10**13)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(
        [NOW, NOW - 1, NOW + 1, 0, -1, 253402300799, 253402300800, -62135596800, -62135596801, 10**30, 1e30]
    )
    | json_values
)


@st.composite
def headers(draw: st.DrawFn) -> dict[str, Any]:
    header = draw(st.dictionaries(st.sampled_from(HEADER_NAMES) | st.text(max_size=6), json_values, max_size=5))
    if draw(st.booleans()):
        header["alg"] = draw(st.sampled_from([*ALGORITHMS, "none", "NONE", "HS1", ""]))
    return header


@st.composite
def payloads(draw: st.DrawFn) -> dict[str, Any]:
    payload = draw(st.dictionaries(st.sampled_from(CLAIM_NAMES) | st.text(max_size=6), json_values, max_size=6))
    for claim in ("exp", "nbf", "iat", "auth_time"):
        if draw(st.booleans()):
            payload[claim] = draw(time_values)
    return payload


expectations = st.builds(
    Expectations,
    iss=st.none() | st.text(max_size=10),
    aud=st.none() | st.lists(st.text(max_size=10), max_size=3).map(tuple),
    sub=st.none() | st.text(max_size=10),
    typ=st.none() | st.sampled_from(["JWT", "at+jwt", "application/jwt"]) | st.text(max_size=6),
    algorithms=st.none() | st.lists(st.sampled_from(ALGORITHMS), max_size=3).map(tuple),
    token_use=st.none() | st.sampled_from(["id", "access"]) | st.text(max_size=6),
    client_id=st.none() | st.text(max_size=10),
    scopes=st.none() | st.lists(st.text(max_size=10), max_size=3).map(tuple),
    required=st.lists(st.sampled_from(CLAIM_NAMES) | st.text(max_size=6), max_size=4).map(tuple),
)
key_inputs = st.sampled_from(KEY_INPUTS)
leeways = st.integers(min_value=0, max_value=MAX_LEEWAY)
instants = st.integers(min_value=0, max_value=4_102_444_800) | st.floats(min_value=0, max_value=4_102_444_800)


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", errors="surrogatepass")


# ---- edge inputs, each by name ---------------------------------------------------------

_H = b64url(b'{"alg":"HS256"}')
_SIG = b64url(b"x" * 32)


def _token(payload: bytes, header: str = _H) -> str:
    return f"{header}.{b64url(payload)}.{_SIG}"


EDGE_CASES = [
    pytest.param(_token(b'{"exp":"1700000000"}'), None, Expectations(), id="exp-numeric-string"),
    pytest.param(_token(b'{"exp":1e30}'), None, Expectations(), id="exp-1e30"),
    pytest.param(_token(b'{"exp":1e400}'), None, Expectations(), id="exp-literal-1e400-is-infinity"),
    pytest.param(_token(b'{"nbf":-1e400}'), None, Expectations(), id="nbf-literal-minus-1e400"),
    pytest.param(_token(b'{"iat":1e308,"auth_time":1e308}'), None, Expectations(), id="iat-and-auth-time-1e308"),
    pytest.param(_token(b'{"sub":"\\ud800"}'), None, Expectations(sub="x"), id="payload-lone-surrogate-escape"),
    pytest.param(
        _token(b"{}", header=b64url(b'{"alg":"HS256","kid":"\\udc00"}')),
        KeyInput("jwks", {"keys": [{**OCT_JWK, "kid": "a"}]}),
        Expectations(),
        id="kid-lone-surrogate-escape",
    ),
    pytest.param(_token(b"{}"), None, Expectations(required=("nbf",)), id="required-nbf-missing"),
    pytest.param(_token(b"{}"), None, Expectations(required=("iat",)), id="required-iat-missing"),
    pytest.param(_token(b"{}"), None, Expectations(required=("exp",)), id="required-exp-missing"),
    pytest.param(_token(b"{}"), None, Expectations(required=("sub", "aud", "iss")), id="required-sub-aud-iss-missing"),
    pytest.param(_token(b"{}"), None, Expectations(required=("jti", "custom")), id="required-custom-missing"),
    pytest.param(_token(b"{}"), KeyInput("jwks", {"keys": [{"kty": []}]}), Expectations(), id="jwks-kty-is-a-list"),
    pytest.param(_token(b"{}"), KeyInput("jwk", {"kty": "EC", "crv": []}), Expectations(), id="jwk-crv-is-a-list"),
    pytest.param(
        _token(b"{}"),
        KeyInput("jwks", {"keys": [{"kty": "EC", "crv": {}}]}),
        Expectations(),
        id="jwks-crv-is-an-object",
    ),
    pytest.param(
        _token(b"{}"),
        KeyInput("jwks", {"keys": [{"kty": "oct", "k": "AAAA", "kid": ["a"]}]}),
        Expectations(),
        id="jwks-kid-is-a-list",
    ),
    pytest.param(
        _token(b"{}"),
        KeyInput("jwk", {"kty": "oct", "k": b64url(HMAC_SECRET), "use": ["sig"]}),
        Expectations(),
        id="jwk-use-is-a-list",
    ),
    pytest.param(_token(b"{}"), KeyInput("jwk", "[" * 100_000), Expectations(), id="jwk-deeply-nested-text"),
    pytest.param(_token(b"{}"), KeyInput("secret", "\ud800" * 40), Expectations(), id="secret-lone-surrogates"),
    pytest.param(
        _token(b"{}"),
        KeyInput("pem", "-----BEGIN PUBLIC KEY-----\n\ud800\n-----END PUBLIC KEY-----"),
        Expectations(),
        id="pem-lone-surrogate",
    ),
    pytest.param("\ud800.\udfff.x", None, Expectations(), id="token-lone-surrogates"),
    pytest.param(
        f"{_H}.{b64url(b'{}')}.{_SIG}",
        KeyInput("pem", _pem(RSA_KEY, public=False)),
        Expectations(),
        id="rsa-private-pem-for-hs256",
    ),
    pytest.param(".".join(["a"] * 5), KeyInput("secret", "s" * 64), Expectations(), id="five-segments-not-base64-json"),
]


@pytest.mark.parametrize(("text", "key", "expect"), EDGE_CASES)
def test_edge_inputs_give_a_sane_report(text, key, expect):
    inspect_sanely(text, key=key, expect=expect, at=NOW)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(_token(b'{"sub":"\\ud800"}'), id="payload-value"),
        pytest.param(_token(b'{"\\udfff":1}'), id="payload-member-name"),
        pytest.param(_token(b"{}", header=b64url(b'{"alg":"HS256","kid":"\\ud800"}')), id="header-value"),
    ],
)
def test_report_with_lone_surrogate_escapes_serialises_as_utf8_json(text):
    """A JSON string may escape a lone surrogate ("\\ud800"); Python decodes it to a str that
    UTF-8 cannot encode. The API serialises to_dict() with ensure_ascii=False and sends UTF-8,
    so such a report must still encode (today: a 500 from /api/v1/inspect)."""
    report = inspect_sanely(text, at=NOW)
    json.dumps(report.to_dict(), ensure_ascii=False, allow_nan=False).encode("utf-8")


# ---- properties ------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(text=any_text, key=key_inputs)
@example(text="", key=None)
@example(text="Bearer  ", key=None)
@example(text="'\"`Authorization: Bearer a.b.c`\"'", key=None)
def test_arbitrary_text_never_raises(text, key):
    inspect_sanely(text, key=key, at=NOW)


@PROPERTY_SETTINGS
@given(
    header=st.binary(max_size=200), payload=st.binary(max_size=200), signature=st.binary(max_size=300), key=key_inputs
)
def test_arbitrary_bytes_as_segments_never_raise(header, payload, signature, key):
    inspect_sanely(f"{b64url(header)}.{b64url(payload)}.{b64url(signature)}", key=key, at=NOW)


@PROPERTY_SETTINGS
@given(
    header=headers(),
    payload=payloads(),
    signer=st.sampled_from(ALGORITHMS),
    key=key_inputs,
    use_matching_key=st.booleans(),
    expect=st.none() | expectations,
    leeway=leeways,
    at=instants,
)
def test_arbitrary_json_header_and_payload_never_raise(
    header, payload, signer, key, use_matching_key, expect, leeway, at
):
    """Header and payload are any JSON objects; the token is really signed (with `signer`'s key,
    for the header's alg or not), and verified with the matching key half of the time."""
    header_b64 = b64url(_json_bytes(header))
    payload_b64 = b64url(_json_bytes(payload))
    token = f"{header_b64}.{payload_b64}.{sign(signer, header_b64, payload_b64)}"
    alg = header.get("alg")
    if use_matching_key and isinstance(alg, str) and alg in MATCHING_KEY:
        key = MATCHING_KEY[alg]
    inspect_sanely(token, key=key, expect=expect, leeway=leeway, at=at)


@PROPERTY_SETTINGS
@given(alg=st.sampled_from(ALGORITHMS), payload=payloads(), leeway=leeways)
def test_correctly_signed_tokens_verify(alg, payload, leeway):
    """Any JSON object payload, signed for its alg and verified with its key: the signature
    passes, and the verdict is valid unless a claim check (or the payload) fails."""
    header_b64 = b64url(json.dumps({"alg": alg}).encode())
    payload_b64 = b64url(_json_bytes(payload))
    token = f"{header_b64}.{payload_b64}.{sign(alg, header_b64, payload_b64)}"
    report = inspect_sanely(token, key=MATCHING_KEY[alg], leeway=leeway, at=NOW)
    assert report.check("signature").status is Status.PASS, report.check("signature").message
    assert {c.id for c in report.failing} <= {"format"} | {f"claim.{name}" for name in payload}


@PROPERTY_SETTINGS
@given(
    header=json_values,
    payload=json_values,
    key=key_inputs,
    expect=st.none() | expectations,
)
def test_arbitrary_json_values_as_segments_never_raise(header, payload, key, expect):
    """Any JSON value (not only objects) as header and payload, with a random signature."""
    token = f"{b64url(_json_bytes(header))}.{b64url(_json_bytes(payload))}.{b64url(b'sig')}"
    inspect_sanely(token, key=key, expect=expect, at=NOW)


@PROPERTY_SETTINGS
@given(
    claim=st.sampled_from(["exp", "nbf", "iat", "auth_time", "aud", "sub"]),
    literal=number_literals,
    key=key_inputs,
    leeway=leeways,
)
def test_number_literals_in_claims_never_raise(claim, literal, key, leeway):
    """Claims written as any JSON number literal, including ones Python reads as inf."""
    token = _token(f'{{"{claim}":{literal}}}'.encode())
    inspect_sanely(token, key=key, leeway=leeway, at=NOW)


segment_text = st.text(alphabet=B64URL + "=+/ .\t\n?#%\u00e9\u2028", max_size=60)


@PROPERTY_SETTINGS
@given(first=segment_text, second=segment_text, third=segment_text, key=key_inputs)
def test_three_random_segments_never_raise(first, second, third, key):
    inspect_sanely(f"{first}.{second}.{third}", key=key, at=NOW)


@PROPERTY_SETTINGS
@given(header=headers(), rest=st.lists(st.text(alphabet=B64URL, max_size=40), min_size=4, max_size=4), key=key_inputs)
def test_five_segment_tokens_never_raise(header, rest, key):
    """Five parts is the JWE shape; the header may or may not name an 'enc'."""
    inspect_sanely(".".join([b64url(_json_bytes(header)), *rest]), key=key, at=NOW)


# Key inputs: random text, random JSON and JWK-shaped objects as every key type and encoding.
b64url_text = st.text(alphabet=B64URL, max_size=90)
jwk_like = st.fixed_dictionaries(
    {"kty": st.sampled_from(["RSA", "EC", "OKP", "oct"]) | json_values},
    optional={
        "crv": st.sampled_from(["P-256", "P-384", "P-521", "Ed25519", "Ed448", "X25519", "secp256k1"]) | json_values,
        "x": b64url_text | json_values,
        "y": b64url_text | json_values,
        "n": b64url_text | json_values,
        "e": st.sampled_from(["AQAB", "AQ", "Aw", ""]) | json_values,
        "k": b64url_text | json_values,
        "d": b64url_text | json_values,
        "kid": st.sampled_from(["a", "b"]) | json_values,
        "use": st.sampled_from(["sig", "enc"]) | json_values,
        "key_ops": st.sampled_from([["verify"], ["sign"], "verify", []]) | json_values,
        "alg": st.sampled_from(ALGORITHMS) | json_values,
    },
)
jwks_like = st.fixed_dictionaries({"keys": st.lists(jwk_like | json_values, max_size=4) | json_values})
pem_like = st.builds(
    lambda label, body: f"-----BEGIN {label}-----\n{body}\n-----END {label}-----\n",
    st.sampled_from(
        [
            "PUBLIC KEY",
            "RSA PUBLIC KEY",
            "PRIVATE KEY",
            "EC PRIVATE KEY",
            "ENCRYPTED PRIVATE KEY",
            "CERTIFICATE",
            "OPENSSH PRIVATE KEY",
        ]
    ),
    st.text(alphabet=string.ascii_letters + string.digits + "+/=\n", max_size=200),
) | st.builds(
    lambda prefix, body: f"{prefix} {body}",
    st.sampled_from(["ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256"]),
    st.text(alphabet=string.ascii_letters + string.digits + "+/=", max_size=100),
)
key_values = (
    any_text
    | pem_like
    | jwk_like
    | jwks_like
    | jwk_like.map(json.dumps)
    | jwks_like.map(json.dumps)
    | json_values
    | st.binary(max_size=20)
)
TOKENS = [
    f"{h}.{p}.{sign(alg, h, p)}"
    for alg, kid in [
        ("HS256", None),
        ("HS256", "a"),
        ("RS256", "a"),
        ("PS384", None),
        ("ES256", "b"),
        ("ES512", None),
        ("EdDSA", "a"),
    ]
    for h, p in [
        (
            b64url(json.dumps({"alg": alg, **({"kid": kid} if kid else {})}).encode()),
            b64url(json.dumps({"sub": "x", "exp": NOW + 60}).encode()),
        )
    ]
]


@PROPERTY_SETTINGS
@given(
    token=st.sampled_from(TOKENS),
    key_type=st.sampled_from(["secret", "pem", "jwk", "jwks"]) | st.text(max_size=8),
    value=key_values,
    encoding=st.sampled_from(["utf8", "base64", "base64url"]) | st.text(max_size=8),
)
def test_random_key_inputs_never_raise(token, key_type, value, encoding):
    report = inspect_sanely(token, key=KeyInput(key_type, value, encoding=encoding), at=NOW)
    assert report.check("key") is not None


@PROPERTY_SETTINGS
@given(
    value=any_text | b64url_text,
    encoding=st.sampled_from(["utf8", "base64", "base64url"]),
    token=st.sampled_from(TOKENS),
)
def test_random_secrets_in_every_encoding_never_raise(value, encoding, token):
    inspect_sanely(token, key=KeyInput("secret", value, encoding=encoding), at=NOW)


@given(leeway=st.integers().filter(lambda n: not 0 <= n <= MAX_LEEWAY))
@settings(max_examples=50, deadline=None)
def test_leeway_outside_the_range_is_refused_with_value_error(leeway):
    """The one documented exception: a leeway outside 0-300 s is a caller error."""
    with pytest.raises(ValueError):
        inspect(TOKENS[0], leeway=leeway)
