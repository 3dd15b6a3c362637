"""Audit checks (`lint.*`): how an attacker would look at this token and key.

Status: fail for a proven attack or a forgeable token, warn for a risk, info for a notice.
Each message says the attack in two sentences and what to do instead (texts in explain.py).
"""

from __future__ import annotations

import hmac
import re
import threading
from collections import OrderedDict
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from jwtdebugger.core import cognito, explain
from jwtdebugger.core.keys import ALGORITHMS, VerificationKey
from jwtdebugger.core.results import Check, DecodedToken, KeyInput, Status, TokenFormat

HASHES = {"HS256": "sha256", "HS384": "sha384", "HS512": "sha512"}
DIGEST_SIZES = {"HS256": 32, "HS384": 48, "HS512": 64}
MAX_LIFETIME = 24 * 3600
COGNITO_MIN_LIFETIME, COGNITO_MAX_LIFETIME = 5 * 60, 24 * 3600
LESSONS = {
    "lint.alg_none": "choosing-the-algorithm",
    "lint.key_confusion": "choosing-the-algorithm",
    "lint.weak_secret": "hs256-vs-rs256",
    "lint.sensitive_data": "encoded-not-encrypted",
    "lint.lifetime": "expiry-and-clock-skew",
    "lint.header_key": "signature-and-tampering",
}


def lint(check_id: str, status: Status, key: str, *, actual: Any = None, **fields: Any) -> Check:
    # Every field, in order (id, status, title, message, claim, expected, actual, lesson): keyword
    # arguments to a class cost a dict on each call.
    title, message = explain.title(check_id), explain.fill(key, fields)
    return Check(check_id, status, title, message, None, None, actual, LESSONS.get(check_id))


_HEADER_KEY_MEMBERS = ("jku", "x5u", "jwk", "x5c")


def audit_checks(
    token: DecodedToken,
    *,
    key_input: KeyInput | None,
    key: VerificationKey | None,
    alg: str | None,
    verified: bool | None = None,
) -> list[Check]:
    """Every audit finding for this token and key. `verified`: whether `key` verified the token's
    signature with the token's alg, when that was tried (so an HMAC is not computed twice)."""
    header = token.header or {}
    header_alg = header.get("alg")
    findings: list[Check] = []
    # (No supported algorithm is "none" in any case: the usual header is not lower-cased.)
    if token.format is TokenFormat.UNSECURED or (
        isinstance(header_alg, str) and header_alg not in ALGORITHMS and header_alg.lower() == "none"
    ):
        findings.append(lint("lint.alg_none", Status.FAIL, "lint.alg_none"))
    hints = [name for name in _HEADER_KEY_MEMBERS if name in header]
    if hints:
        findings.append(
            lint(
                "lint.header_key",
                Status.WARN,
                "lint.header_key",
                names=", ".join(f"'{n}'" for n in hints),
                actual=hints,
            )
        )
    if "kid" in header:
        kid_problem = kid_risk(header["kid"])
        if kid_problem:
            findings.append(lint("lint.kid", Status.WARN, "lint.kid", problem=kid_problem, actual=header["kid"]))
    hs_alg = header_alg if isinstance(header_alg, str) and header_alg in HASHES else None
    if hs_alg and token.format is TokenFormat.JWS:
        signing_input, signature = token.signing_input, token.signature
        if signing_input is not None and signature is not None:
            findings.extend(_weak_secret(signing_input, signature, hs_alg, key_input, key, verified))
            if key is not None and key.kind != "hmac":
                findings.append(_key_confusion(signing_input, signature, hs_alg, key_input, key))
    if key is not None and key.kind == "rsa" and key.problems:
        findings.append(
            lint("lint.weak_key", Status.FAIL, "lint.weak_key", problems=" ".join(p.message for p in key.problems))
        )
    payload = token.payload
    if payload is not None:
        findings.extend(_sensitive_data(payload))
        lifetime = _lifetime(payload)
        if lifetime:
            findings.append(lifetime)
    return findings


# ---- kid ---------------------------------------------------------------------------------

_KID_RISKS = (
    (
        re.compile(r"\.\.|^/|^\\\\"),
        "a path (.. or a leading /): a server that reads keys from files by kid can be sent to any file, e.g. /dev/null",
    ),
    (re.compile(r"[\x00-\x1f\x7f]"), "a NUL or control character"),
    (
        re.compile(r"'|--|;"),
        "SQL metacharacters (' -- ;): a server that looks the kid up in a database can be injected",
    ),
    (
        re.compile(r"\$\(|`|\|"),
        "shell metacharacters ($( ` |): a server that passes the kid to a command can be made to run one",
    ),
)


def kid_risk(kid: Any) -> str | None:
    """What is dangerous in a kid, or None. Plain base64 characters (/ + =) are normal:
    Cognito's kids contain them."""
    if not isinstance(kid, str):
        return "a kid that is not a string"
    for pattern, words in _KID_RISKS:
        if pattern.search(kid):
            return words
    return None


# ---- weak secrets --------------------------------------------------------------------------


@cache
def wordlist() -> tuple[bytes, ...]:
    """The bundled list of known weak and leaked secrets, the empty secret first."""
    text = resources.files("jwtdebugger.core").joinpath("wordlists/jwt-secrets.txt").read_bytes()
    return (b"", *(line for line in text.split(b"\n") if line))


@cache
def _wordset() -> frozenset[bytes]:
    return frozenset(wordlist())


_SCAN_CACHE: OrderedDict[tuple[str, bytes, bytes], bytes | None] = OrderedDict()
_SCAN_LOCK = threading.Lock()
_SCAN_CACHE_SIZE = 512


def find_weak_secret(signing_input: bytes, signature: bytes, alg: str) -> bytes | None:
    """The listed secret that produced `signature`, or None. Tries the whole list; the loop is
    kept as bare as a plain hmac.digest loop (make bench compares the two). Results are
    remembered per token, since the page re-inspects the same token as the user types."""
    if len(signature) != DIGEST_SIZES[alg]:
        return None
    cache_key = (alg, signing_input, signature)
    with _SCAN_LOCK:
        if cache_key in _SCAN_CACHE:
            _SCAN_CACHE.move_to_end(cache_key)
            return _SCAN_CACHE[cache_key]
    found = scan(wordlist(), signing_input, signature, HASHES[alg])
    with _SCAN_LOCK:
        _SCAN_CACHE[cache_key] = found
        while len(_SCAN_CACHE) > _SCAN_CACHE_SIZE:
            _SCAN_CACHE.popitem(last=False)
    return found


def scan(secrets: tuple[bytes, ...], message: bytes, signature: bytes, digest: str) -> bytes | None:
    compute = hmac.digest
    for secret in secrets:
        if compute(secret, message, digest) == signature:
            return secret
    return None


def _weak_secret(
    signing_input: bytes,
    signature: bytes,
    alg: str,
    key_input: KeyInput | None,
    key: VerificationKey | None,
    verified: bool | None = None,
) -> list[Check]:
    findings = []
    given = key.key if key is not None and key.kind == "hmac" else None
    if given is not None and verified is None:
        verified = hmac.compare_digest(hmac.digest(given, signing_input, HASHES[alg]), signature)
    if given is not None and verified:
        # The given secret made this token: the list can only match by being that secret.
        found = given if given in _wordset() else None
    else:
        found = find_weak_secret(signing_input, signature, alg)
    if found is not None:
        shown = "the empty string" if found == b"" else f"'{found.decode('utf-8', errors='replace')}'"
        findings.append(
            lint(
                "lint.weak_secret",
                Status.FAIL,
                "lint.weak_secret_found",
                secret=shown,
                count=len(wordlist()),
                actual=found.decode("utf-8", errors="replace"),
            )
        )
    else:
        findings.append(_no_weak_secret(len(wordlist())))
    if given is not None and len(given) < ALGORITHMS[alg][1]:
        findings.append(
            lint(
                "lint.weak_secret", Status.WARN, "lint.short_secret", size=len(given), alg=alg, need=ALGORITHMS[alg][1]
            )
        )
    return findings


@lru_cache(maxsize=4)
def _no_weak_secret(count: int) -> Check:
    """The usual finding says the same for every token (the list's size aside): made once."""
    return lint("lint.weak_secret", Status.PASS, "lint.weak_secret_none", count=count)


# ---- key confusion -------------------------------------------------------------------------


def confusion_candidates(key_input: KeyInput | None, key: VerificationKey) -> list[tuple[str, bytes]]:
    """The bytes of a public key in the forms attackers use as an HMAC secret."""
    forms: list[tuple[str, bytes]] = []
    if key_input is not None and key_input.type == "pem" and isinstance(key_input.value, str):
        pasted = key_input.value.encode("utf-8", errors="replace")
        forms += [
            ("the PEM as pasted", pasted),
            ("the PEM without its final newline", pasted.rstrip(b"\n")),
            ("the PEM with a final newline", pasted.rstrip(b"\n") + b"\n"),
        ]
    public = key.key
    spki = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    forms += [("the SPKI PEM", spki), ("the SPKI PEM without its final newline", spki.rstrip(b"\n"))]
    if isinstance(public, rsa.RSAPublicKey):
        pkcs1 = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.PKCS1)
        forms += [("the PKCS#1 PEM", pkcs1), ("the PKCS#1 PEM without its final newline", pkcs1.rstrip(b"\n"))]
    forms.append(
        (
            "the SPKI DER bytes",
            public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo),
        )
    )
    seen: set[bytes] = set()
    unique = []
    for name, data in forms:
        if data not in seen:
            seen.add(data)
            unique.append((name, data))
    return unique


def _key_confusion(
    signing_input: bytes, signature: bytes, alg: str, key_input: KeyInput | None, key: VerificationKey
) -> Check:
    for form, secret in confusion_candidates(key_input, key):
        if hmac.compare_digest(hmac.digest(secret, signing_input, HASHES[alg]), signature):
            return lint("lint.key_confusion", Status.FAIL, "lint.key_confusion_forged", alg=alg, form=form, actual=form)
    return lint("lint.key_confusion", Status.WARN, "lint.key_confusion_tried", alg=alg)


# ---- sensitive data -------------------------------------------------------------------------

_SECRET_NAMES = re.compile(
    r"pass(word)?|passwd|pwd|secret|api[_-]?key|private[_-]?key|access[_-]?key|credential|cvv|pin$", re.IGNORECASE
)


@lru_cache(maxsize=1024)
def _is_secret_name(name: str) -> bool:
    """Whether a member name says it holds a secret; payloads repeat the same few names."""
    return _SECRET_NAMES.search(name) is not None


# The claims and header members this debugger describes whose names do not look like secrets.
_NOT_SECRET_NAMES = frozenset(name for name in explain.CLAIMS if not _SECRET_NAMES.search(name))

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+[1-9]\d{7,14}$")
_NATIONAL_ID = re.compile(r"^\d{3}-\d{2}-\d{4}$")  # US SSN shape
_CARD = re.compile(r"^[\d -]{13,23}$")


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _sensitive_data(payload: dict[str, Any]) -> list[Check]:
    risky: list[str] = []
    emails: list[str] = []
    _judge_members(payload, "", 0, risky, emails)
    findings = []
    if risky:
        findings.append(lint("lint.sensitive_data", Status.WARN, "lint.sensitive", what="; ".join(risky), actual=risky))
    if emails:
        findings.append(
            lint(
                "lint.sensitive_data",
                Status.INFO,
                "lint.email",
                names=", ".join(f"'{e}'" for e in emails),
                actual=emails,
            )
        )
    return findings


def _judge_members(value: Any, path: str, depth: int, risky: list[str], emails: list[str]) -> None:
    """Judge every object member that is not itself an object or a list, down to depth 8, in
    document order (depth first); list items are entered (at most 50) but not judged."""
    if depth > 8:
        return
    # isinstance is slow when it fails (it then looks up __class__), so the usual answers come
    # first: objects before lists here, and JSON's scalar types below before asking about
    # containers or subclasses.
    if isinstance(value, dict):
        for key, member in value.items():
            member_path = f"{path}.{key}" if path else key
            kind = type(member)
            if kind not in _JSON_SCALARS and isinstance(member, (dict, list)):
                _judge_members(member, member_path, depth + 1, risky, emails)
                continue
            name = key.rpartition(".")[2] if "." in key else key  # the last part of the path
            if kind is str:
                text = member
            elif kind is int:
                text = str(member)
            else:
                text = str(member) if isinstance(member, (str, int)) and not isinstance(member, bool) else ""
            if name in _NOT_SECRET_NAMES:  # the usual claims (sub, iat, exp...), known not to match
                secret_name = False
            elif len(name) <= 64:
                secret_name = _is_secret_name(name)
            else:
                secret_name = _SECRET_NAMES.search(name) is not None
            # Each pattern is tried only on text that could match it (length, '+', '@'): a payload
            # is mostly short ids and timestamps. `$` also matches before a final newline, so a
            # value with one still counts (it is the same data); the Luhn sum is taken without it.
            size = len(text)
            if secret_name and member not in (None, "", False):
                risky.append(f"'{member_path}' looks like a password or secret")
            elif (
                13 <= size <= 24
                and _CARD.match(text)
                and 13 <= len(digits := re.sub(r"[ -]", "", text.rstrip("\n"))) <= 19
                and _luhn(digits)
            ):
                risky.append(f"'{member_path}' looks like a payment card number")
            elif (size == 11 or size == 12) and _NATIONAL_ID.match(text):
                risky.append(f"'{member_path}' looks like a national id number")
            elif (text[:1] == "+" and _PHONE.match(text)) or (name == "phone_number" and text):
                risky.append(f"'{member_path}' is a phone number")
            elif "@" in text and _EMAIL.match(text):
                emails.append(member_path)
    elif isinstance(value, list):
        for i, item in enumerate(value[:50]):
            if isinstance(item, (dict, list)):
                _judge_members(item, f"{path}[{i}]", depth + 1, risky, emails)


# The scalar types JSON gives (a number too large for a float is an OutOfRangeNumber, a str).
_JSON_SCALARS = frozenset((str, int, float, bool, type(None)))


# ---- lifetime -------------------------------------------------------------------------------


def _lifetime(payload: dict[str, Any]) -> Check | None:
    exp, iat = payload.get("exp"), payload.get("iat")
    if "exp" not in payload:
        return lint("lint.lifetime", Status.WARN, "lint.no_exp")
    if not (explain.is_numeric_date(exp) and explain.is_numeric_date(iat)):
        return None
    lifetime = float(exp) - float(iat)  # type: ignore[arg-type]  # numbers: checked just above
    if payload.get("token_use") in ("id", "access") and cognito.parse_issuer(payload.get("iss")) is not None:
        if not COGNITO_MIN_LIFETIME <= lifetime <= COGNITO_MAX_LIFETIME:
            text = explain.duration_text(lifetime)
            return lint("lint.lifetime", Status.WARN, "lint.cognito_lifetime", lifetime=text, actual=lifetime)
        return None
    if lifetime > MAX_LIFETIME:
        text = explain.duration_text(lifetime)
        return lint("lint.lifetime", Status.WARN, "lint.long_lifetime", lifetime=text, actual=lifetime)
    return None
