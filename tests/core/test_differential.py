"""Differential test: the engine's verdict against PyJWT's ``jwt.decode`` on the same tokens.

Tokens are made here with PyJWT (HS256/384/512 with a 64-byte secret, RS256 and PS256 with a
2048-bit key, ES256/384/512, EdDSA with Ed25519) and judged at one fixed instant: PyJWT's clock
is frozen with time_machine, the engine gets the same instant as ``at=``. Both are given the same
expectations (algorithm, audience, issuer, leeway, required claims), and every key form the
engine takes (secret, PEM, JWK, JWK Set) is used.

The rule: PyJWT returns the claims <=> the engine's verdict is "valid" (with the same payload);
PyJWT raises <=> the verdict is "invalid" and the engine fails the check that corresponds to
PyJWT's exception (signature, claim.exp, claim.aud, ...).

Known, intentional differences are not part of that rule; each has its own test below that
asserts both sides, so a change on either side shows:

* a future ``iat`` is only a warning in the engine (RFC 7519 gives ``iat`` no validation rule);
  PyJWT raises ImmatureSignatureError;
* a token with ``aud`` checked without an expected audience: PyJWT raises InvalidAudienceError,
  the engine reports the audience as information (it is a debugger: nothing to compare with).
  The differential cases therefore always pass the audience to both;
* the engine is stricter than PyJWT where tests/vectors/README.md says PyJWT is wrong: ``exp``
  as a numeric string or 10^30, duplicate JSON members, ``=`` padding;
* PyJWT truncates a fractional NumericDate with int(); the engine compares the real number.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jwt
import pytest
import time_machine
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt import exceptions as jwt_errors
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

from jwtdebugger.core import Expectations, KeyInput, Report, Status, Verdict, inspect

pytestmark = pytest.mark.usefixtures("short_wordlist")  # see tests/core/conftest.py

NOW = 1_700_000_000  # 2023-11-14T22:13:20Z
ISS = "https://issuer.example.com/"
AUD = "api://orders"
BASE_CLAIMS: dict[str, Any] = {
    "iss": ISS,
    "aud": AUD,
    "sub": "user-123",
    "iat": NOW - 60,
    "nbf": NOW - 60,
    "exp": NOW + 3600,
    "jti": "token-1",
}

ALGORITHMS = ["HS256", "HS384", "HS512", "RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA"]
# A different algorithm of the same family, for "the token's algorithm is not allowed".
OTHER_ALGORITHM = {
    "HS256": "HS512",
    "HS384": "HS256",
    "HS512": "HS384",
    "RS256": "PS256",
    "PS256": "RS256",
    "ES256": "ES384",
    "ES384": "ES256",
    "ES512": "ES256",
    "EdDSA": "ES256",
}
EC_CURVES = {"ES256": ec.SECP256R1(), "ES384": ec.SECP384R1(), "ES512": ec.SECP521R1()}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


# ---- keys ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyPair:
    signing: Any  # what jwt.encode signs with
    verifying: Any  # what jwt.decode verifies with
    engine: dict[str, KeyInput]  # the same verification key in each form the engine takes


def _hmac_pair(seed: int) -> KeyPair:
    secret = bytes((seed * 7 + i * 13) % 256 for i in range(64))  # 64 bytes: enough for HS512
    jwk = {"kty": "oct", "k": b64url(secret)}
    return KeyPair(
        signing=secret,
        verifying=secret,
        engine={
            "secret-base64url": KeyInput("secret", b64url(secret), encoding="base64url"),
            "secret-base64": KeyInput("secret", base64.b64encode(secret).decode(), encoding="base64"),
            "jwk": KeyInput("jwk", jwk),
        },
    )


def _public_pair(private: Any) -> KeyPair:
    public = private.public_key()
    pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    if isinstance(private, rsa.RSAPrivateKey):
        jwk = RSAAlgorithm.to_jwk(public, as_dict=True)
    elif isinstance(private, ec.EllipticCurvePrivateKey):
        jwk = ECAlgorithm.to_jwk(public, as_dict=True)
    else:
        jwk = OKPAlgorithm.to_jwk(public, as_dict=True)
    return KeyPair(
        signing=private,
        verifying=public,
        engine={
            "pem": KeyInput("pem", pem),
            "jwk": KeyInput("jwk", jwk),
            "jwks": KeyInput("jwks", json.dumps({"keys": [jwk]})),
        },
    )


@cache
def _rsa_private(seed: int) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def key_pair(alg: str, seed: int = 0) -> KeyPair:
    """The key for `alg`; seed 1 is another key of the same kind (the "wrong key")."""
    return _key_pair(alg, seed)  # one cache entry per (alg, seed), however it is called


@cache
def _key_pair(alg: str, seed: int) -> KeyPair:
    if alg.startswith("HS"):
        return _hmac_pair(seed)
    if alg in ("RS256", "PS256"):
        return _public_pair(_rsa_private(seed))
    if alg in EC_CURVES:
        return _public_pair(ec.generate_private_key(EC_CURVES[alg]))
    return _public_pair(ed25519.Ed25519PrivateKey.generate())


def key_forms(alg: str) -> list[str]:
    return ["secret-base64url", "secret-base64", "jwk"] if alg.startswith("HS") else ["pem", "jwk", "jwks"]


def sign(alg: str, payload: bytes, *, seed: int = 0, headers: dict[str, Any] | None = None) -> str:
    """A compact JWS over exactly these payload bytes (PyJWS does no claim checking)."""
    return jwt.api_jws.encode(payload, key_pair(alg, seed).signing, algorithm=alg, headers=headers)


# ---- the two verifiers -----------------------------------------------------------------


def pyjwt_decode(
    token: str,
    alg: str,
    *,
    audience: Any = AUD,
    issuer: Any = ISS,
    leeway: int = 0,
    require: tuple[str, ...] = (),
    allowed: str | None = None,
) -> dict[str, Any] | jwt_errors.PyJWTError:
    """jwt.decode at NOW; the claims, or the exception it raised."""
    with time_machine.travel(NOW, tick=False):
        try:
            return jwt.decode(
                token,
                key_pair(alg).verifying,
                algorithms=[allowed or alg],
                audience=audience,
                issuer=issuer,
                leeway=leeway,
                options={"require": list(require)},
            )
        except jwt_errors.PyJWTError as exc:
            return exc


def engine_inspect(
    token: str,
    alg: str,
    form: str,
    *,
    audience: Any = AUD,
    issuer: Any = ISS,
    leeway: int = 0,
    require: tuple[str, ...] = (),
    allowed: str | None = None,
) -> Report:
    expect = Expectations(
        iss=issuer,
        aud=None if audience is None else ((audience,) if isinstance(audience, str) else tuple(audience)),
        algorithms=(allowed or alg,),
        required=require,
    )
    return inspect(token, key=key_pair(alg).engine[form], expect=expect, leeway=leeway, at=NOW)


def engine_check_for(exc: jwt_errors.PyJWTError) -> str:
    """The engine check that must fail when PyJWT raises `exc`."""
    message = str(exc)
    if isinstance(exc, jwt_errors.InvalidSignatureError):
        return "signature"
    if isinstance(exc, jwt_errors.ExpiredSignatureError):
        return "claim.exp"
    if isinstance(exc, jwt_errors.ImmatureSignatureError):
        return "claim.iat" if "(iat)" in message else "claim.nbf"
    if isinstance(exc, jwt_errors.InvalidAudienceError):
        return "claim.aud"
    if isinstance(exc, jwt_errors.InvalidIssuerError):
        return "claim.iss"
    if isinstance(exc, jwt_errors.InvalidSubjectError):
        return "claim.sub"
    if isinstance(exc, jwt_errors.InvalidJTIError):
        return "claim.jti"
    if isinstance(exc, jwt_errors.InvalidIssuedAtError):
        return "claim.iat"
    if isinstance(exc, jwt_errors.MissingRequiredClaimError):
        return f"claim.{exc.claim}"
    if isinstance(exc, jwt_errors.InvalidAlgorithmError):
        return "header.alg"
    if isinstance(exc, jwt_errors.DecodeError):
        for claim in ("exp", "nbf", "iat"):
            if f"({claim})" in message:
                return f"claim.{claim}"
        return "format"
    raise AssertionError(f"no mapping for {exc!r}")


def _describe(report: Report) -> str:
    return f"engine verdict={report.verdict}; " + "; ".join(
        f"{c.status} {c.id}: {c.message}" for c in report.checks if c.status in (Status.FAIL, Status.WARN)
    )


# ---- cases -----------------------------------------------------------------------------


def claims(**changes: Any) -> Callable[[], dict[str, Any]]:
    """BASE_CLAIMS with `changes`; a value of ... removes the claim."""

    def build() -> dict[str, Any]:
        result = dict(BASE_CLAIMS)
        for name, value in changes.items():
            if value is ...:
                result.pop(name, None)
            else:
                result[name] = value
        return result

    return build


@dataclass(frozen=True)
class Case:
    name: str
    valid: bool  # what both verifiers must conclude (used by the differential cases only)
    payload: Callable[[], dict[str, Any]] = field(default=claims())
    leeway: int = 0
    require: tuple[str, ...] = ()
    allowed_other: bool = False  # only OTHER_ALGORITHM[alg] is accepted
    tamper: str | None = None  # "payload" or "signature"
    wrong_key: bool = False


CASES = [
    Case("valid", True),
    Case("no-exp", True, claims(exp=...)),
    Case("no-iat-no-nbf", True, claims(iat=..., nbf=...)),
    Case("exp-fractional-future", True, claims(exp=NOW + 100.25)),
    Case("expired", False, claims(exp=NOW - 1)),
    Case("expired-at-exactly-now", False, claims(exp=NOW)),
    Case("expired-long-ago", False, claims(exp=NOW - 86_400 * 400, iat=NOW - 86_400 * 401, nbf=NOW - 86_400 * 401)),
    Case("expired-within-leeway", True, claims(exp=NOW - 10), leeway=30),
    Case("expired-beyond-leeway", False, claims(exp=NOW - 31), leeway=30),
    Case("expired-at-leeway-edge", False, claims(exp=NOW - 30), leeway=30),
    Case("not-yet-valid", False, claims(nbf=NOW + 60)),
    Case("nbf-exactly-now", True, claims(nbf=NOW)),
    Case("not-yet-valid-within-leeway", True, claims(nbf=NOW + 20), leeway=30),
    Case("not-yet-valid-beyond-leeway", False, claims(nbf=NOW + 31), leeway=30),
    Case("nbf-not-a-number", False, claims(nbf="soon")),
    Case("wrong-audience", False, claims(aud="api://someone-else")),
    Case("audience-in-list", True, claims(aud=["api://someone-else", AUD])),
    Case("audience-list-without-ours", False, claims(aud=["api://a", "api://b"])),
    Case("audience-missing", False, claims(aud=...)),
    Case("audience-empty-list", False, claims(aud=[])),
    Case("audience-not-strings", False, claims(aud=[1, 2])),
    Case("wrong-issuer", False, claims(iss="https://evil.example.com/")),
    Case("issuer-trailing-slash-differs", False, claims(iss=ISS.rstrip("/"))),
    Case("issuer-missing", False, claims(iss=...)),
    Case("issuer-not-a-string", False, claims(iss=42)),
    Case("subject-not-a-string", False, claims(sub=42)),
    Case("jti-not-a-string", False, claims(jti=42)),
    Case("required-exp-missing", False, claims(exp=...), require=("exp",)),
    Case("required-jti-present", True, require=("jti",)),
    Case("required-jti-missing", False, claims(jti=...), require=("jti",)),
    Case("required-nbf-missing", False, claims(nbf=...), require=("nbf",)),
    Case("algorithm-not-allowed", False, allowed_other=True),
    Case("tampered-payload", False, tamper="payload"),
    Case("tampered-signature", False, tamper="signature"),
    Case("wrong-key", False, wrong_key=True),
    Case("expired-and-wrong-key", False, claims(exp=NOW - 1), wrong_key=True),
]


def make_token(alg: str, case: Case) -> str:
    payload = json.dumps(case.payload(), separators=(",", ":")).encode()
    token = sign(alg, payload, seed=1 if case.wrong_key else 0)
    header, body, signature = token.split(".")
    if case.tamper == "payload":
        forged = dict(case.payload(), sub="admin")
        body = b64url(json.dumps(forged, separators=(",", ":")).encode())
    elif case.tamper == "signature":
        raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
        raw[len(raw) // 2] ^= 0x01
        signature = b64url(bytes(raw))
    return f"{header}.{body}.{signature}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize(
    ("alg", "form"), [(alg, form) for alg in ALGORITHMS for form in key_forms(alg)], ids=lambda v: v
)
def test_engine_agrees_with_pyjwt(alg, form, case):
    token = make_token(alg, case)
    allowed = OTHER_ALGORITHM[alg] if case.allowed_other else None
    options = {"leeway": case.leeway, "require": case.require, "allowed": allowed}
    expected = pyjwt_decode(token, alg, **options)
    report = engine_inspect(token, alg, form, **options)

    assert isinstance(expected, dict) is case.valid, f"test set-up: PyJWT gives {expected!r}"
    if isinstance(expected, dict):
        assert report.verdict is Verdict.VALID, f"PyJWT accepts the token; {_describe(report)}"
        assert report.token.payload == expected
        assert report.token.header == jwt.get_unverified_header(token)
    else:
        check_id = engine_check_for(expected)
        failing = {c.id for c in report.failing}
        assert report.verdict is Verdict.INVALID, f"PyJWT raises {expected!r}; {_describe(report)}"
        assert check_id in failing, f"PyJWT raises {expected!r}, so {check_id} should fail; {_describe(report)}"


def test_the_cases_cover_both_outcomes():
    """Guard against a differential that only ever compares one outcome."""
    assert {case.valid for case in CASES} == {True, False}


@pytest.mark.parametrize("alg", ALGORITHMS)
def test_tokens_verify_with_their_own_key_only(alg):
    """Guard against a set-up where signing and verifying keys differ (both would say invalid)."""
    token = make_token(alg, CASES[0])
    assert isinstance(pyjwt_decode(token, alg), dict)
    assert isinstance(
        pyjwt_decode(make_token(alg, Case("wrong-key", False, wrong_key=True)), alg), jwt_errors.InvalidSignatureError
    )
    assert key_pair(alg, 0) is key_pair(alg) and key_pair(alg, 1) is not key_pair(alg)


def test_pyjwt_clock_is_frozen_for_the_comparison():
    """The tokens expired long before today: PyJWT only accepts them because its clock is NOW."""
    token = make_token("HS256", Case("valid", True))
    with pytest.raises(jwt_errors.ExpiredSignatureError):
        jwt.decode(token, key_pair("HS256").verifying, algorithms=["HS256"], audience=AUD, issuer=ISS)
    assert isinstance(pyjwt_decode(token, "HS256"), dict)


# ---- known, intentional differences ----------------------------------------------------


@pytest.mark.parametrize("alg", ["HS256", "ES256"])
def test_difference_future_iat_is_only_a_warning(alg):
    """PyJWT: ImmatureSignatureError for iat in the future. Engine: a warning (clock skew
    between issuer and checker is the usual cause; RFC 7519 4.1.6 sets no rule for iat)."""
    token = make_token(alg, Case("future-iat", True, claims(iat=NOW + 600)))
    expected = pyjwt_decode(token, alg)
    assert isinstance(expected, jwt_errors.ImmatureSignatureError) and "(iat)" in str(expected)
    report = engine_inspect(token, alg, key_forms(alg)[0])
    assert report.verdict is Verdict.VALID, _describe(report)
    assert report.check("claim.iat").status is Status.WARN


def test_difference_audience_not_expected():
    """PyJWT: InvalidAudienceError when the token has aud and no audience is given. Engine:
    the audience is shown as information, not checked."""
    token = make_token("HS256", Case("valid", True))
    expected = pyjwt_decode(token, "HS256", audience=None)
    assert isinstance(expected, jwt_errors.InvalidAudienceError)
    report = engine_inspect(token, "HS256", "jwk", audience=None)
    assert report.verdict is Verdict.VALID, _describe(report)
    assert report.check("claim.aud").status is Status.INFO


@pytest.mark.parametrize(
    "exp",
    [
        pytest.param(str(NOW + 3600), id="numeric-string"),
        pytest.param(10**30, id="1e30-int"),
        pytest.param(1e30, id="1e30-float"),
    ],
)
def test_difference_exp_that_is_not_a_real_numeric_date(exp):
    """PyJWT runs int() on exp, so a numeric string and 10^30 pass. The engine refuses both:
    a NumericDate is a JSON number (RFC 7519 2), and 10^30 is no date."""
    token = make_token("HS256", Case("odd-exp", False, claims(exp=exp)))
    assert isinstance(pyjwt_decode(token, "HS256"), dict)
    report = engine_inspect(token, "HS256", "jwk")
    assert report.verdict is Verdict.INVALID, _describe(report)
    assert report.check("claim.exp").status is Status.FAIL


def test_difference_fractional_exp_is_not_truncated():
    """exp = NOW + 0.5 has not passed at NOW. PyJWT truncates it to NOW with int() and calls
    the token expired; the engine compares the real number."""
    token = make_token("HS256", Case("fractional-exp", True, claims(exp=NOW + 0.5)))
    assert isinstance(pyjwt_decode(token, "HS256"), jwt_errors.ExpiredSignatureError)
    report = engine_inspect(token, "HS256", "jwk")
    assert report.verdict is Verdict.VALID, _describe(report)
    assert report.check("claim.exp").status is Status.PASS


def test_difference_duplicate_members_are_refused():
    """PyJWT's json.loads keeps the last of two `sub` members; the engine refuses the token,
    since parsers disagree on which copy wins."""
    body = json.dumps(BASE_CLAIMS, separators=(",", ":"))[:-1] + ',"sub":"admin"}'
    token = sign("HS256", body.encode())
    decoded = pyjwt_decode(token, "HS256")
    assert isinstance(decoded, dict) and decoded["sub"] == "admin"
    report = engine_inspect(token, "HS256", "jwk")
    assert report.verdict is Verdict.INVALID
    assert any(c.id == "format" for c in report.failing), _describe(report)


def test_difference_padding_is_refused():
    """PyJWT tolerates '=' padding on the signature segment; base64url in a JWS has none
    (RFC 7515 2), so the engine reports the token malformed."""
    token = sign("HS256", json.dumps(BASE_CLAIMS).encode())
    header, body, signature = token.split(".")
    padded = f"{header}.{body}.{signature}="  # 43 characters + 1 pad = a plausible padded form
    assert isinstance(pyjwt_decode(padded, "HS256"), dict)
    report = engine_inspect(padded, "HS256", "jwk")
    assert report.verdict is Verdict.INVALID
    assert any(c.id == "format" for c in report.failing), _describe(report)
