"""Conformance of the engine against vectors written by others (see tests/vectors/README.md).

* Project Wycheproof JWS vectors (json_web_signature_test.json) and JWK Set vectors
  (json_web_key_test.json): every vector runs; each is named by its tcId.
* RFC 7515 Appendix A.1-A.5 and RFC 7519 section 3.1.
* RFC 7520 (JOSE cookbook) section 4.1-4.5 compact serializations, the Ed25519 example of
  RFC 8037 and the RFC 7797 ``b64:false`` compact example.

The Wycheproof payloads are byte strings such as ``foo``, not JWT claim sets, so the vectors
score whether the engine *accepts the JWS* (see :func:`engine_accepts`), not the report's
overall verdict, which is "invalid" for any payload that is not a JSON object.

Vectors known to be mislabelled (listed in tests/vectors/README.md) accept either outcome but
must still produce a sane report. Nothing here is skipped or marked xfail: a failing vector is
a finding about the engine.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

from jwtdebugger.core import KeyInput, Report, Status, Verdict, inspect
from jwtdebugger.core.results import TokenFormat

pytestmark = pytest.mark.usefixtures("short_wordlist")  # see tests/core/conftest.py

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def _load(relative: str) -> Any:
    return json.loads((VECTORS / relative).read_text(encoding="utf-8"))


# ---- scoring ---------------------------------------------------------------------------

PAYLOAD_FORMAT_TITLE = "Token format: payload"  # the title the engine gives faults of the payload part


def _is_payload_not_a_claim_set(report: Report, check) -> bool:
    """A failed `format` check that only says the payload is not a JWT claim set.

    True when the check is about the payload part, the payload did decode from base64url
    (``payload_bytes`` is set) and the engine found no JSON object in it (``payload`` is None):
    the payload is not UTF-8, not JSON, or JSON that is not an object. A JWS may sign any
    bytes, so for JWS conformance that is a finding, not a refusal. A payload that *is* a JSON
    object but has a fault (duplicate members, say) keeps ``payload`` set and stays a refusal.
    """
    return (
        check.id == "format"
        and check.title == PAYLOAD_FORMAT_TITLE
        and report.token.payload is None
        and report.token.payload_bytes is not None
    )


def engine_accepts(report: Report) -> bool:
    """Whether the engine accepts the token as a valid JWS, whatever its payload bytes are.

    The engine accepts when all of these hold:

    1. the `signature` check passed (it verified with the key given);
    2. the token was read as a compact JWS (``report.token.format is TokenFormat.JWS``), not
       as malformed, unsecured (alg none) or JWE;
    3. every failing check is one that only says the payload is not a JWT claim set (see
       :func:`_is_payload_not_a_claim_set`).

    Any other failing check is a refusal: a refused key (``key``: wrong use/key_ops, JWK alg
    bound to another algorithm, weak or malformed key, ambiguous key set), a refused header
    (``header.alg``, ``header.crit``, ``header.typ``), a malformed segment, duplicate JSON
    members, or a claim check. Warnings and info (a private key given, input clean-up) are not
    refusals: the report's verdict would still be "valid" for a JWT payload.
    """
    signature = report.check("signature")
    if signature is None or signature.status is not Status.PASS:
        return False
    if report.token.format is not TokenFormat.JWS:
        return False
    return all(_is_payload_not_a_claim_set(report, c) for c in report.failing)


def _failed(report: Report, check_id: str) -> bool:
    return any(c.id == check_id and c.status is Status.FAIL for c in report.checks)


def _describe(report: Report) -> str:
    """What the engine said, for assertion messages."""
    signature = report.check("signature")
    lines = [
        f"verdict={report.verdict} format={report.token.format} "
        f"signature={signature.status if signature else None}: {signature.message if signature else ''}"
    ]
    lines += [
        f"  {c.status} {c.id}: {c.message}"
        for c in report.checks
        if c.status in (Status.FAIL, Status.WARN) or c.id == "input"
    ]
    return "\n".join(lines)


def _assert_sane(report: Report) -> None:
    """Properties every report has, whatever the input."""
    assert report.verdict in set(Verdict)
    assert report.check("signature") is not None
    assert (report.verdict is Verdict.INVALID) == bool(report.failing)
    if report.verdict is Verdict.VALID:
        assert report.check("signature").status is Status.PASS
    json.dumps(report.to_dict(), allow_nan=False)


# ---- Wycheproof JWS --------------------------------------------------------------------

WYCHEPROOF_JWS = _load("wycheproof/json_web_signature_test.json")
WYCHEPROOF_KEYS = _load("wycheproof/json_web_key_test.json")

# tests/vectors/README.md, "Vectors whose label is wrong": either outcome is accepted.
MISLABELLED_JWS = {
    346: "JWK alg PS256 but the token is PS384",
    347: "JWK alg 'ES521' is not a JWA algorithm name",
    349: "private JWK key_ops is the malformed string 'sign, verify'",
    350: "JWK alg PS256 but the token is PS384",
    351: "JWK alg 'ES521' is not a JWA algorithm name",
    367: "byte-identical to the valid tc357 but labelled invalid",
    370: "byte-identical to the valid tc357 but labelled invalid",
    372: "labelled valid but the header contains '?', not base64url",
    373: "labelled valid but the payload contains '?', not base64url",
}


def _refused_for_the_flagged_reason(report: Report, flags: list[str]) -> tuple[bool, str]:
    """For invalid vectors with a Wycheproof flag, the refusal must be the one the flag names.

    * ModifiedSignature / ModifiedPadding: the signature was verified and did not match
      (`signature` fails) - refusing for another reason would hide a verification bug;
    * WrongPrimitive: the key refused the token's algorithm (`key` fails, the algorithm is bound
      to the JWK) or the signature did not verify;
    * AlgIsNone: `header.alg` fails;
    * JsonSerialization: the token is reported malformed (compact serialization only).
    Vectors without a flag only need to be refused.
    """
    if "ModifiedSignature" in flags or "ModifiedPadding" in flags:
        return _failed(report, "signature"), "the signature check must fail"
    if "WrongPrimitive" in flags:
        return _failed(report, "key") or _failed(report, "signature"), "the key or the signature check must fail"
    if "AlgIsNone" in flags:
        return _failed(report, "header.alg"), "the header.alg check must fail"
    if "JsonSerialization" in flags:
        return report.token.format is TokenFormat.MALFORMED, "the token must be reported malformed"
    return True, ""


def _wycheproof_cases(data: dict[str, Any]) -> list[Any]:
    cases = []
    for group in data["testGroups"]:
        key = group.get("public") or group["private"]
        for test in group["tests"]:
            cases.append(pytest.param(group, key, test, id=f"tc{test['tcId']}"))
    return cases


def _jws_text(test: dict[str, Any]) -> str:
    jws = test["jws"]
    return jws if isinstance(jws, str) else json.dumps(jws)


@pytest.mark.parametrize(("group", "key", "test"), _wycheproof_cases(WYCHEPROOF_JWS))
def test_wycheproof_jws(group, key, test):
    report = inspect(_jws_text(test), key=KeyInput("jwk", key))
    _assert_sane(report)
    tc_id = test["tcId"]
    accepted = engine_accepts(report)
    context = f"tc{tc_id} ({group['comment']}: {test['comment']}, flags={test['flags']}, labelled {test['result']})\n{_describe(report)}"

    if tc_id in MISLABELLED_JWS or test["result"] == "acceptable":
        return  # either outcome; the report was checked for sanity above
    if test["result"] == "valid":
        assert accepted, f"a valid vector was not accepted: {context}"
        return
    assert test["result"] == "invalid"
    assert not accepted, f"an invalid vector was accepted: {context}"
    ok, reason = _refused_for_the_flagged_reason(report, test["flags"])
    assert ok, f"refused, but {reason}: {context}"


def test_wycheproof_jws_file_is_the_expected_one():
    tests = [t for g in WYCHEPROOF_JWS["testGroups"] for t in g["tests"]]
    ids = [t["tcId"] for t in tests]
    assert len(tests) == WYCHEPROOF_JWS["numberOfTests"] == 401
    assert len(set(ids)) == len(ids)
    assert sum(t["result"] == "valid" for t in tests) == 46
    assert set(MISLABELLED_JWS) <= set(ids)


def _wycheproof_test(data: dict[str, Any], tc_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    for group in data["testGroups"]:
        for test in group["tests"]:
            if test["tcId"] == tc_id:
                return group, test
    raise LookupError(tc_id)


def test_wycheproof_tc17_json_serialization_is_reported_malformed():
    group, test = _wycheproof_test(WYCHEPROOF_JWS, 17)
    assert test["jws"].startswith('{"payload":')  # JSON serialization text, not compact
    report = inspect(test["jws"], key=KeyInput("jwk", group["private"]))
    assert report.token.format is TokenFormat.MALFORMED
    assert report.verdict is Verdict.INVALID
    assert _failed(report, "format")
    assert report.check("signature").status is Status.SKIP


def test_wycheproof_identical_vectors_get_identical_reports():
    """tc367 and tc370 are byte-identical to tc357 (mislabelled invalid): same outcome."""
    group, reference = _wycheproof_test(WYCHEPROOF_JWS, 357)
    expected = inspect(reference["jws"], key=KeyInput("jwk", group["private"]), at=0).to_dict()
    for tc_id in (367, 370):
        group, test = _wycheproof_test(WYCHEPROOF_JWS, tc_id)
        assert test["jws"] == reference["jws"]
        assert inspect(test["jws"], key=KeyInput("jwk", group["private"]), at=0).to_dict() == expected


# ---- Wycheproof JWK Sets ---------------------------------------------------------------


@pytest.mark.parametrize(("group", "key", "test"), _wycheproof_cases(WYCHEPROOF_KEYS))
def test_wycheproof_jwk_set(group, key, test):
    """Each group's `public` (else `private`) is a JWK Set, given as KeyInput("jwks", ...).

    Invalid vectors are refused for the right reason: tc3 (a modified signature) by the
    signature check, every other one (mixed, duplicate-kid or weak key sets, a key whose
    use/alg/curve/kty forbids this token, an AES key) by the key check.
    """
    assert "keys" in key
    report = inspect(_jws_text(test), key=KeyInput("jwks", key))
    _assert_sane(report)
    accepted = engine_accepts(report)
    context = f"key set tc{test['tcId']} ({group['comment']}: {test['comment']}, flags={test['flags']}, labelled {test['result']})\n{_describe(report)}"
    if test["result"] == "acceptable":
        return
    if test["result"] == "valid":
        assert accepted, f"a valid vector was not accepted: {context}"
        return
    assert not accepted, f"an invalid vector was accepted: {context}"
    reason = "signature" if test["comment"] == "rejectsModifiedSignature" else "key"
    assert _failed(report, reason), f"refused, but not by the {reason} check: {context}"


def test_wycheproof_jwk_set_as_json_text_matches_dict():
    """The same key set given as JSON text gives the same report as the dict."""
    for group in WYCHEPROOF_KEYS["testGroups"]:
        key = group.get("public") or group["private"]
        for test in group["tests"]:
            from_dict = inspect(test["jws"], key=KeyInput("jwks", key), at=0).to_dict()
            from_text = inspect(test["jws"], key=KeyInput("jwks", json.dumps(key)), at=0).to_dict()
            assert from_text == from_dict, f"key set tc{test['tcId']}"


def test_wycheproof_jwk_set_file_is_the_expected_one():
    tests = [t for g in WYCHEPROOF_KEYS["testGroups"] for t in g["tests"]]
    assert len(tests) == WYCHEPROOF_KEYS["numberOfTests"] == 26
    assert len({t["tcId"] for t in tests}) == 26


# ---- RFC 7515 Appendix A and RFC 7519 section 3.1 --------------------------------------

RFC = _load("rfc/rfc7515_appendixA_rfc7519_3.1.json")
RFC_TESTS = {t["id"]: t for t in RFC["tests"]}
RFC_EXP = 1300819380  # exp of every claim set in these examples (2011-03-22T18:43:00Z)
RFC_SIGNED = ["rfc7519-3.1 == rfc7515-A.1", "rfc7515-A.2", "rfc7515-A.3", "rfc7515-A.4"]
RFC_JWT = RFC_SIGNED[:3]  # A.4 signs the string "Payload", not a claim set


def _public_pem_from_jwk(jwk: dict[str, Any]) -> str:
    loader = {"RSA": RSAAlgorithm, "EC": ECAlgorithm, "OKP": OKPAlgorithm}[jwk["kty"]]
    key = loader.from_jwk(json.dumps(jwk))
    public = key.public_key() if hasattr(key, "public_key") else key  # private keys have public_key()
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def _rfc_key_inputs(test: dict[str, Any]) -> list[Any]:
    """The example's key in every form the engine takes."""
    jwk = test["jwk"]
    forms = [
        pytest.param(KeyInput("jwk", jwk), id="jwk"),
        pytest.param(KeyInput("jwk", json.dumps(jwk)), id="jwk-text"),
        pytest.param(KeyInput("jwks", {"keys": [jwk]}), id="jwks"),
    ]
    if jwk["kty"] == "oct":
        raw = base64.urlsafe_b64decode(jwk["k"] + "=" * (-len(jwk["k"]) % 4))
        forms.append(pytest.param(KeyInput("secret", jwk["k"], encoding="base64url"), id="secret-base64url"))
        forms.append(
            pytest.param(KeyInput("secret", base64.b64encode(raw).decode(), encoding="base64"), id="secret-base64")
        )
    else:
        forms.append(pytest.param(KeyInput("pem", _public_pem_from_jwk(jwk)), id="pem"))
    return forms


def _rfc_params(ids: list[str]) -> list[Any]:
    return [
        pytest.param(test_id, key.values[0], id=f"{test_id.split(' ')[-1]}-{key.id}")
        for test_id in ids
        for key in _rfc_key_inputs(RFC_TESTS[test_id])
    ]


@pytest.mark.parametrize(("test_id", "key"), _rfc_params(RFC_JWT))
def test_rfc_example_jwt_is_valid_before_its_exp(test_id, key):
    report = inspect(RFC_TESTS[test_id]["jws"], key=key, at=RFC_EXP - 1)
    _assert_sane(report)
    assert report.verdict is Verdict.VALID, _describe(report)
    assert report.check("signature").status is Status.PASS
    assert report.check("claim.exp").status is Status.PASS
    assert report.token.payload == {"iss": "joe", "exp": RFC_EXP, "http://example.com/is_root": True}


@pytest.mark.parametrize(("test_id", "key"), _rfc_params(RFC_JWT))
def test_rfc_example_jwt_is_expired_at_its_exp(test_id, key):
    """exp is the first instant the token is no longer accepted (RFC 7519 4.1.4)."""
    for at in (RFC_EXP, None):  # at its exp, and now
        report = inspect(RFC_TESTS[test_id]["jws"], key=key, at=at)
        _assert_sane(report)
        assert report.verdict is Verdict.INVALID
        assert report.check("signature").status is Status.PASS
        assert [c.id for c in report.failing] == ["claim.exp"], _describe(report)


@pytest.mark.parametrize(("test_id", "key"), _rfc_params(["rfc7515-A.4"]))
def test_rfc7515_a4_es512_signature_verifies(test_id, key):
    report = inspect(RFC_TESTS[test_id]["jws"], key=key, at=RFC_EXP - 1)
    _assert_sane(report)
    assert engine_accepts(report), _describe(report)
    assert report.token.payload_bytes == b"Payload"


@pytest.mark.parametrize("test_id", RFC_SIGNED)
def test_rfc_example_with_a_modified_payload_is_refused(test_id):
    test = RFC_TESTS[test_id]
    header, payload, signature = test["jws"].split(".")
    flipped = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1]
    report = inspect(f"{header}.{flipped}.{signature}", key=KeyInput("jwk", test["jwk"]), at=RFC_EXP - 1)
    _assert_sane(report)
    assert not engine_accepts(report)
    assert report.verdict is Verdict.INVALID


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(None, id="no-key"),
        pytest.param(KeyInput("jwk", RFC_TESTS["rfc7519-3.1 == rfc7515-A.1"]["jwk"]), id="hmac-jwk"),
        pytest.param(KeyInput("jwk", RFC_TESTS["rfc7515-A.2"]["jwk"]), id="rsa-jwk"),
        pytest.param(KeyInput("secret", "a" * 64), id="secret"),
    ],
)
def test_rfc7515_a5_unsecured_jws_is_refused(key):
    """RFC 7518 3.6: an unsecured JWS (alg none) must not be accepted, with or without a key."""
    report = inspect(RFC_TESTS["rfc7515-A.5 (Unsecured JWS)"]["jws"], key=key, at=RFC_EXP - 1)
    _assert_sane(report)
    assert report.token.format is TokenFormat.UNSECURED
    assert report.verdict is Verdict.INVALID
    assert _failed(report, "header.alg")
    assert report.check("signature").status is Status.FAIL
    assert not engine_accepts(report)


# ---- RFC 7520 (JOSE cookbook) ----------------------------------------------------------

PRIVATE_MEMBERS = {"d", "p", "q", "dp", "dq", "qi", "oth"}
COOKBOOK_VALID = [
    "jose-cookbook/jws/4_1.rsa_v15_signature.json",
    "jose-cookbook/jws/4_2.rsa-pss_signature.json",
    "jose-cookbook/jws/4_3.ecdsa_signature.json",
    "jose-cookbook/jws/4_4.hmac-sha2_integrity_protection.json",
    "jose-cookbook/curve25519/jws.json",  # RFC 8037 A.4, Ed25519
]
COOKBOOK_ALL = [*COOKBOOK_VALID, "jose-cookbook/jws/4_5.signature_with_detached_content.json"]


def _example_id(path: str) -> str:
    return path.split("/")[-1].split(".")[0] if "/jws/" in path else "ed25519"


@pytest.mark.parametrize("path", COOKBOOK_VALID, ids=_example_id)
@pytest.mark.parametrize("form", ["public-jwk", "jwk-as-given"])
def test_rfc7520_compact_jws_is_accepted(path, form):
    example = _load(path)
    jwk = example["input"]["key"]
    if form == "public-jwk":
        jwk = {k: v for k, v in jwk.items() if k not in PRIVATE_MEMBERS}
    report = inspect(example["output"]["compact"], key=KeyInput("jwk", jwk))
    _assert_sane(report)
    assert engine_accepts(report), _describe(report)
    assert report.token.header == example["signing"]["protected"]
    assert report.token.payload_bytes == example["input"]["payload"].encode("utf-8")
    key_check = report.check("key")
    has_private_part = any(m in jwk for m in PRIVATE_MEMBERS)
    # A private key verifies too, with a warning to keep it off the page; an oct key is a secret.
    assert key_check.status is (Status.WARN if has_private_part else Status.PASS), _describe(report)


@pytest.mark.parametrize("path", COOKBOOK_ALL, ids=_example_id)
@pytest.mark.parametrize("serialization_name", ["json", "json_flat"])
def test_rfc7520_json_serializations_are_reported_malformed(path, serialization_name):
    """The engine reads compact serializations only: a JSON serialization is malformed, not a crash."""
    example = _load(path)
    report = inspect(json.dumps(example["output"][serialization_name]), key=KeyInput("jwk", example["input"]["key"]))
    _assert_sane(report)
    assert report.token.format is TokenFormat.MALFORMED
    assert not engine_accepts(report)


def test_rfc7520_4_5_detached_content_is_not_accepted_without_the_content():
    """The compact form of 4.5 has an empty payload: the content was detached, and the engine
    has no way to be given it, so the signature over the empty payload does not verify."""
    example = _load("jose-cookbook/jws/4_5.signature_with_detached_content.json")
    compact = example["output"]["compact"]
    assert compact.split(".")[1] == ""
    report = inspect(compact, key=KeyInput("jwk", example["input"]["key"]))
    _assert_sane(report)
    assert not engine_accepts(report)
    assert report.check("signature").status is Status.FAIL


def test_rfc7797_b64_false_is_refused():
    """RFC 7797: `b64:false` is listed in `crit`; an engine that does not implement it must
    reject the token (RFC 7515 4.1.11), whatever the payload looks like."""
    example = _load("jose-cookbook/rfc7797/hmac-sha2_b64_false.json")
    report = inspect(example["output"]["compact"], key=KeyInput("jwk", example["input"]["key"]))
    _assert_sane(report)
    assert not engine_accepts(report)
    assert _failed(report, "header.crit"), _describe(report)
