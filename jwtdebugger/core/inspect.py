"""inspect(text, ...) -> Report: the one entry point of the engine.

Every check runs and is reported; nothing stops at the first failure.
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any

from jwtdebugger.core import claims as claim_checks
from jwtdebugger.core import cognito, explain, jwe
from jwtdebugger.core.audit import audit_checks
from jwtdebugger.core.jwe import DecryptKey
from jwtdebugger.core.keys import (
    ALGORITHMS,
    KeyLoad,
    VerificationKey,
    describe_key_set,
    key_check,
    load_key,
    match_key_to_alg,
    select_from_set,
    short_secret_problem,
)
from jwtdebugger.core.results import (
    Check,
    ClaimInfo,
    DecodedToken,
    Expectations,
    KeyInput,
    Report,
    Status,
    TokenFormat,
    Verdict,
)
from jwtdebugger.core.signature import signature_check, verify_signature
from jwtdebugger.core.tokens import b64url_encode, decode_token

MAX_LEEWAY = 300
SUPPORTED_CRIT: frozenset[str] = frozenset()  # no extensions are understood yet
FAMILY_WORDS = {"hmac": "HMAC with a shared secret", "rsa": "RSA", "ec": "ECDSA", "okp": "EdDSA"}
_NO_EXPECTATIONS = Expectations()  # frozen: one shared instance


def inspect(
    text: str,
    *,
    key: KeyInput | None = None,
    expect: Expectations | None = None,
    leeway: int = 0,
    at: float | None = None,
    audit: bool = True,
    decrypt_key: DecryptKey | None = None,
) -> Report:
    """Decode and judge `text`. `at` (Unix seconds) defaults to now; `leeway` is 0-300 s.
    `audit=False` leaves out the lint.* checks (the attack playground uses it for variants).
    `decrypt_key` opens an encrypted token (JWE); a nested token inside is then inspected with
    `key`, and both layers are reported."""
    if not 0 <= leeway <= MAX_LEEWAY:
        raise ValueError(f"leeway must be between 0 and {MAX_LEEWAY} seconds")
    expect = expect or _NO_EXPECTATIONS
    now = time.time() if at is None else float(at)
    token = decode_token(text)
    checks: list[Check] = []
    extras: dict[str, Any] = {}

    if token.cleaned:
        checks.append(
            Check(
                id="input",
                status=Status.INFO,
                title=explain.title("input"),
                message=explain.message("input.cleaned", removed=", ".join(token.cleaned)),
            )
        )
    checks.extend(_format_checks(token))

    header = token.header
    alg: str | None = None
    if header is not None:
        alg_check, alg = _check_alg(token, expect)
        checks.append(alg_check)
        checks.append(_check_typ(header, expect))
        if "crit" in header:
            checks.append(_check_crit(header))

    loaded = load_key(key) if key is not None else None
    key_used, key_and_signature, verified = _check_key_and_signature(token, key, loaded, alg)
    checks.extend(key_and_signature)
    if loaded is not None and loaded.key_set is not None:
        extras["key_set"] = describe_key_set(loaded.key_set.keys, key_used)
    if key_used is not None:
        extras["key"] = {
            "kind": key_used.kind,
            "source": key_used.source,
            "description": key_used.description,
            "kid": key_used.kid,
            "alg": key_used.alg,
            "thumbprint": key_used.thumbprint,
        }

    payload = token.payload
    # Each NumericDate claim's readable date, made once for its check and the claim list.
    dates = _dates(payload, now) if payload else {}
    if payload is not None:
        checks.extend(_claim_checks(payload, expect, now, leeway, dates))
    if audit:
        checks.extend(audit_checks(token, key_input=key, key=key_used, alg=alg, verified=verified))

    verdict: Verdict | None = None
    if token.format is TokenFormat.JWE and decrypt_key is not None:
        inner = _decrypt(token, decrypt_key, checks, extras, key=key, expect=expect, leeway=leeway, at=now, audit=audit)
        if inner is not None and not any(c.status is Status.FAIL for c in checks):
            verdict = inner.verdict
    if verdict is None:
        verdict = _verdict(checks)
    # Every field, in order: keyword arguments to a class cost a dict on each call.
    return Report(verdict, token, tuple(checks), tuple(_describe_claims(token, now, dates)), now, leeway, extras)


def _decrypt(
    token: DecodedToken,
    decrypt_key: DecryptKey,
    checks: list[Check],
    extras: dict[str, Any],
    *,
    key: KeyInput | None,
    expect: Expectations,
    leeway: int,
    at: float,
    audit: bool,
) -> Report | None:
    """Decrypt the JWE into `checks`/`extras`; return the inner token's report when nested."""
    result = jwe.decrypt(token.text, decrypt_key)
    status = {"decrypted": Status.PASS, "unsupported": Status.WARN}.get(result.status, Status.FAIL)
    checks.append(
        Check(id="decrypt", status=status, title=explain.title("decrypt"), message=result.message, actual=result.status)
    )
    for warning in result.warnings:
        checks.append(Check(id="decrypt", status=Status.WARN, title=explain.title("decrypt"), message=warning))
    if not result.ok or result.plaintext is None:
        return None
    try:
        plaintext: str | None = result.plaintext.decode("utf-8")
    except UnicodeDecodeError:
        plaintext = None
    layer: dict[str, Any] = {
        "header": result.header,
        "plaintext": plaintext,
        "plaintext_base64url": None if plaintext is not None else b64url_encode(result.plaintext),
        "nested": result.nested,
        "inner": None,
    }
    extras["jwe"] = layer
    if not result.nested or plaintext is None:
        return None
    inner = inspect(plaintext, key=key, expect=expect, leeway=leeway, at=at, audit=audit)
    layer["inner"] = inner.to_dict()
    return inner


def _verdict(checks: list[Check]) -> Verdict:
    verified = False
    failed, passed = Status.FAIL, Status.PASS
    for c in checks:
        status = c.status
        if status is failed:
            return Verdict.INVALID
        if status is passed and c.id == "signature":
            verified = True
    return Verdict.VALID if verified else Verdict.UNVERIFIED


def _format_checks(token: DecodedToken) -> list[Check]:
    if token.faults:
        return list(token.faults)
    if token.format is TokenFormat.JWS:
        return [_FORMAT_OK]
    title = explain.title("format")
    if token.format is TokenFormat.JWE:
        return [
            Check(id="format", status=Status.INFO, title=title, message=explain.message("format.jwe"), actual="jwe")
        ]
    if token.format is TokenFormat.UNSECURED:
        return [
            Check(
                id="format",
                status=Status.FAIL,
                title=title,
                message=explain.message("format.unsecured"),
                actual="unsecured",
            )
        ]
    return [_FORMAT_OK]


# The well-formed JWS check says the same every time (checks are frozen: one instance will do).
_FORMAT_OK = Check(
    id="format",
    status=Status.PASS,
    title=explain.title("format"),
    message=explain.message("format.ok", kind="signed JWT (JWS)"),
    actual="jws",
)


def _alg_check(status: Status, key: str, *, actual: Any = None, expected: Any = None, **fields: Any) -> Check:
    return Check(
        id="header.alg",
        status=status,
        title=explain.title("header.alg"),
        message=explain.message(key, **fields),
        actual=actual,
        expected=expected,
    )


def _check_alg(token: DecodedToken, expect: Expectations) -> tuple[Check, str | None]:
    """The header.alg check, and the algorithm when it may be used to verify."""
    header = token.header or {}
    if token.format is TokenFormat.JWE:
        enc = header.get("enc")
        enc_text = f" and content encryption '{enc}'" if isinstance(enc, str) else ""
        return _alg_check(Status.INFO, "alg.jwe", alg=header.get("alg"), enc=enc_text, actual=header.get("alg")), None
    if "alg" not in header:
        return _alg_check(Status.FAIL, "alg.missing"), None
    alg = header["alg"]
    if not isinstance(alg, str):
        return Check(
            id="header.alg",
            status=Status.FAIL,
            title=explain.title("header.alg"),
            message=explain.message("alg.not_string", actual=explain.short_json(alg)),
            actual=alg,
        ), None
    if alg not in ALGORITHMS:  # (none of which is "none" in any case)
        if alg.lower() == "none":
            return _alg_check(Status.FAIL, "alg.none", actual=alg), None
        return _alg_check(Status.FAIL, "alg.unsupported", alg=alg, supported=", ".join(ALGORITHMS), actual=alg), None
    algorithms = expect.algorithms
    if algorithms is not None and alg not in algorithms:
        allowed = ", ".join(algorithms) or "no algorithms"
        return _alg_check(
            Status.FAIL, "alg.not_allowed", alg=alg, allowed=allowed, actual=alg, expected=list(algorithms)
        ), None
    if not algorithms:
        # Nothing expected: the check depends on the algorithm alone (one of ALGORITHMS).
        known = _ALG_OK.get(alg)
        if known is None:
            known = _ALG_OK[alg] = _alg_ok(alg, expect)
        return known, alg
    return _alg_ok(alg, expect), alg


def _alg_ok(alg: str, expect: Expectations) -> Check:
    allowed_text = " and is among the accepted algorithms" if expect.algorithms else ""
    family = FAMILY_WORDS[ALGORITHMS[alg][0]]
    return _alg_check(
        Status.PASS,
        "alg.ok",
        alg=alg,
        family=family,
        allowed=allowed_text,
        actual=alg,
        expected=list(expect.algorithms) if expect.algorithms else None,
    )


_ALG_OK: dict[str, Check] = {}  # alg -> its check when no algorithms are expected


def _normalise_typ(value: str) -> str:
    value = value.lower()
    return value[len("application/") :] if value.startswith("application/") else value


def _check_typ(header: dict[str, Any], expect: Expectations) -> Check:
    typ = header.get("typ")
    if expect.typ is None:
        if typ is None:
            return _TYP_ABSENT
        if type(typ) is str and len(typ) <= _MAX_CACHED_TYP:
            return _typ_info(typ)
        return _typ_info_check(typ)
    title = explain.title("header.typ")
    if typ is None:
        return Check(
            id="header.typ",
            status=Status.FAIL,
            title=title,
            message=explain.message("typ.missing", expected=expect.typ),
            expected=expect.typ,
        )
    if not isinstance(typ, str) or _normalise_typ(typ) != _normalise_typ(expect.typ):
        actual = typ if isinstance(typ, str) else explain.short_json(typ)
        return Check(
            id="header.typ",
            status=Status.FAIL,
            title=title,
            message=explain.message("typ.mismatch", expected=expect.typ, actual=actual),
            expected=expect.typ,
            actual=typ,
        )
    return Check(
        id="header.typ",
        status=Status.PASS,
        title=title,
        message=explain.message("typ.ok", actual=typ),
        expected=expect.typ,
        actual=typ,
    )


_TYP_ABSENT = Check(
    id="header.typ", status=Status.INFO, title=explain.title("header.typ"), message=explain.message("typ.absent")
)


def _typ_info_check(typ: Any) -> Check:
    return Check(
        id="header.typ",
        status=Status.INFO,
        title=explain.title("header.typ"),
        message=explain.message("typ.info", actual=typ if isinstance(typ, str) else explain.short_json(typ)),
        actual=typ,
    )


# Tokens carry few typ values ("JWT", "at+jwt"): remember their (frozen) info checks.
_MAX_CACHED_TYP = 64
_typ_info = lru_cache(maxsize=64)(_typ_info_check)


def _check_crit(header: dict[str, Any]) -> Check:
    crit = header["crit"]
    title = explain.title("header.crit")
    well_formed = (
        isinstance(crit, list)
        and crit
        and all(isinstance(name, str) and name in header for name in crit)
        and len(set(crit)) == len(crit)
    )
    if not well_formed:
        return Check(
            id="header.crit",
            status=Status.FAIL,
            title=title,
            message=explain.message("crit.bad", actual=explain.short_json(crit)),
            actual=crit,
        )
    unknown = [name for name in crit if name not in SUPPORTED_CRIT]
    names = ", ".join(f"'{n}'" for n in unknown)
    return Check(
        id="header.crit",
        status=Status.FAIL,
        title=title,
        message=explain.message("crit.unsupported", names=names),
        actual=crit,
    )


def _check_key_and_signature(
    token: DecodedToken, key_input: KeyInput | None, loaded: KeyLoad | None, alg: str | None
) -> tuple[VerificationKey | None, list[Check], bool | None]:
    """The key used, the key and signature checks, and whether the signature verified (None when
    it was not tried). `loaded` is `key_input` already read (once per inspection: the key-set view
    reuses it)."""
    token_format = token.format
    if token_format is TokenFormat.JWE:
        key_checks = [key_check(Status.INFO, "key.jwe")] if key_input is not None else []
        return None, [*key_checks, signature_check(Status.SKIP, "signature.jwe")], None
    if token_format is TokenFormat.UNSECURED:
        return None, [signature_check(Status.FAIL, "signature.unsecured")], None
    if key_input is None or loaded is None:
        return None, [key_check(Status.SKIP, "key.none"), signature_check(Status.SKIP, "signature.skip_no_key")], None

    if loaded.failure is not None:
        return None, [loaded.failure, _skip_signature(token, alg, "signature.skip_key")], None
    if alg is None or token_format is TokenFormat.MALFORMED:
        return None, [_describe_loaded(loaded), _skip_signature(token, alg, "signature.skip_key")], None

    if loaded.key_set is not None:
        loaded = select_from_set(loaded.key_set, token.header or {}, alg)
        if loaded.failure is not None:
            return None, [loaded.failure, signature_check(Status.SKIP, "signature.skip_key")], None
    vkey = loaded.key
    assert vkey is not None
    mismatch = match_key_to_alg(vkey, alg)
    if mismatch is not None:
        return vkey, [mismatch, signature_check(Status.SKIP, "signature.skip_key")], None

    problems = list(vkey.problems)
    short = short_secret_problem(vkey, alg)
    if short is not None:
        problems.append(short)
    description = vkey.description
    if problems:
        checks = problems
    elif vkey.private:
        checks = [key_check(Status.WARN, "key.private", description=description)]
    elif len(description) <= _MAX_CACHED_DESCRIPTION:
        checks = [_key_ok(description)]
    else:
        checks = [key_check(Status.PASS, "key.ok", description=description)]

    signing_input, signature = token.signing_input, token.signature
    assert signing_input is not None and signature is not None
    verified = verify_signature(signing_input, signature, vkey, alg)
    if not verified:
        checks.append(_SIGNATURE_BAD)
    elif problems:
        checks.append(_SIGNATURE_OK_WEAK_KEY)
    else:
        checks.append(_SIGNATURE_OK)
    return vkey, checks, verified


# The outcomes of a verification say the same every time (checks are frozen: one instance each).
_SIGNATURE_OK = signature_check(Status.PASS, "signature.ok")
_SIGNATURE_OK_WEAK_KEY = signature_check(Status.FAIL, "signature.ok_weak_key")
_SIGNATURE_BAD = signature_check(Status.FAIL, "signature.bad")


# A service verifies with few keys: remember the (frozen) check for each key description
# (short ones: a JWK's kid is part of it).
_MAX_CACHED_DESCRIPTION = 200


@lru_cache(maxsize=128)
def _key_ok(description: str) -> Check:
    return key_check(Status.PASS, "key.ok", description=description)


def _describe_loaded(loaded: KeyLoad) -> Check:
    if loaded.key is not None:
        return key_check(Status.INFO, "key.ok", description=loaded.key.description)
    count = len(loaded.key_set.keys) if loaded.key_set else 0
    return key_check(Status.INFO, "key.ok", description=f"a JWK Set with {count} key{'s' if count != 1 else ''}")


def _skip_signature(token: DecodedToken, alg: str | None, reason: str) -> Check:
    if token.format is TokenFormat.MALFORMED:
        return signature_check(Status.SKIP, "signature.skip_malformed")
    if alg is None:
        return signature_check(Status.SKIP, "signature.skip_alg")
    return signature_check(Status.SKIP, reason)


def _claim_checks(
    payload: dict[str, Any], expect: Expectations, at: float, leeway: int, dates: dict[str, tuple[str, str, str]]
) -> list[Check]:
    required = expect.required
    checks = [
        claim_checks.check_exp(payload, at, leeway, "exp" in required, date=dates.get("exp")),
        claim_checks.check_nbf(payload, at, leeway, "nbf" in required, date=dates.get("nbf")),
        claim_checks.check_iat(payload, at, leeway, "iat" in required, date=dates.get("iat")),
        claim_checks.check_iss(payload, expect),
        claim_checks.check_aud(payload, expect),
        claim_checks.check_sub(payload, expect),
    ]
    for optional in (
        claim_checks.check_token_use(payload, expect),
        claim_checks.check_client_id(payload, expect),
        claim_checks.check_scope(payload, expect),
        claim_checks.check_jti(payload),
    ):
        if optional is not None:
            checks.append(optional)
    if required:
        covered = {c.claim for c in checks}
        for name in required:
            if name not in covered or name not in payload:
                if any(c.claim == name and c.status is Status.FAIL for c in checks):
                    continue
                checks.append(claim_checks.check_required(payload, name))
    issuer = cognito.parse_issuer(payload["iss"]) if "iss" in payload else None
    if issuer is not None:
        checks.append(
            Check(
                id="cognito",
                status=Status.INFO,
                title=explain.title("cognito"),
                message=explain.message("cognito.issuer", pool=issuer.user_pool_id, region=issuer.region),
                actual={"region": issuer.region, "user_pool_id": issuer.user_pool_id},
            )
        )
    return checks


CUSTOM_CLAIM = "A custom claim (not registered by the JWT standards)."
CUSTOM_HEADER_MEMBER = "A custom header member."


def _describe_claims(
    token: DecodedToken, at: float, dates: dict[str, tuple[str, str, str]] | None = None
) -> list[ClaimInfo]:
    """`dates`: _dates of the payload, when the caller already made them."""
    meanings = explain.CLAIMS
    header, payload = token.header, token.payload
    described = [_header_member(name, value) for name, value in header.items()] if header else []
    if payload:
        if dates is None:
            dates = _dates(payload, at)
        for name, value in payload.items():
            if name in dates:
                display: str | None = dates[name][0]
            else:
                display = _display(name, value, at, "payload") if name in _DISPLAYED else None
            described.append(ClaimInfo(name, value, meanings.get(name, CUSTOM_CLAIM), display, "payload"))
    return described


def _header_member(name: str, value: Any) -> ClaimInfo:
    if type(value) is str and len(value) <= _MAX_CACHED_MEMBER and len(name) <= _MAX_CACHED_MEMBER:
        return _header_member_cached(name, value)
    return ClaimInfo(name, value, explain.CLAIMS.get(name, CUSTOM_HEADER_MEMBER), None, "header")


# Headers repeat the same few members ("alg": "RS256", "typ": "JWT", an issuer's kids):
# remember their (frozen) rows. Only short strings, never objects or lists.
_MAX_CACHED_MEMBER = 100


@lru_cache(maxsize=256)
def _header_member_cached(name: str, value: str) -> ClaimInfo:
    return ClaimInfo(name, value, explain.CLAIMS.get(name, CUSTOM_HEADER_MEMBER), None, "header")


def _dates(payload: dict[str, Any], at: float) -> dict[str, tuple[str, str, str]]:
    """explain.date_words of each NumericDate claim: its display (what `_display` says for it)
    and the parts its check may say in other words."""
    dates = {}
    for name in explain.NUMERIC_DATE_CLAIMS:
        value = payload.get(name)
        if value is not None and explain.is_numeric_date(value):  # None: absent (or null)
            dates[name] = explain.date_words(value, at)
    return dates


# The only members `_display` has words for (a cheap test before calling it).
_DISPLAYED = frozenset((*explain.NUMERIC_DATE_CLAIMS, "token_use", "iss"))


def _display(name: str, value: Any, at: float, part: str) -> str | None:
    if part == "payload" and name in explain.NUMERIC_DATE_CLAIMS and explain.is_numeric_date(value):
        return explain.date_display(value, at)
    if part == "payload" and name == "token_use":
        return explain.token_use_kind(value)
    if part == "payload" and name == "iss":
        issuer = cognito.parse_issuer(value)
        if issuer:
            return f"Cognito user pool {issuer.user_pool_id} in {issuer.region}"
    return None
