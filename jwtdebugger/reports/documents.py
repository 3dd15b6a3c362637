"""An inspection -> the document a shared report stores. Pure (no Django, no database).

The document is built from an allow-list: it names every member it keeps, so a member added
to the engine's answer later is not stored until someone decides it is safe. What is never
kept: the signature segment (the report must not be replayable as a token), the raw token,
the secret, and any key material, public keys included. As a last defence every string is
also scrubbed of the token, its segments and the key's text.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from jwtdebugger.core import Expectations, KeyInput
from jwtdebugger.reports.redaction import REMOVED, Replacer, hide_claims

CHECK_MEMBERS = ("id", "status", "claim", "title", "message", "expected", "actual", "lesson")
CLAIM_MEMBERS = ("name", "value", "description", "display", "part")
KEY_MEMBERS = ("kind", "source", "description", "kid", "alg", "thumbprint")
KEY_SET_MEMBERS = ("kid", "kty", "size", "use", "alg", "thumbprint", "matched")
KEY_SOURCE_MEMBERS = ("type", "url", "discovered_from", "from_cache", "ok", "message")
# JWK members that are key material (RFC 7517/7518), public or private.
JWK_MATERIAL = ("n", "e", "x", "y", "k", "d", "p", "q", "dp", "dq", "qi", "oth", "x5c")
# Shorter texts are not scrubbed from messages: they would match ordinary words.
MIN_SCRUB_LENGTH = 8

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def build_document(
    data: dict[str, Any],
    *,
    token_text: str,
    key: KeyInput | None,
    expect: Expectations,
    hide: Sequence[str] = (),
) -> dict[str, Any]:
    """`data` is `Report.to_dict()` for `token_text` inspected with `key` and `expect`."""
    token = data["token"]
    document: dict[str, Any] = {
        "verdict": data["verdict"],
        "token": {
            "format": token["format"],
            "header": token["header"],
            "payload": token["payload"],
            "signature": None,
            "cleaned": list(token.get("cleaned") or []),
        },
        "checks": [{m: check.get(m) for m in CHECK_MEMBERS} for check in data["checks"]],
        "claims": [{m: claim.get(m) for m in CLAIM_MEMBERS} for claim in data["claims"]],
        "evaluated_at": data["evaluated_at"],
        "leeway": data["leeway"],
        "expectations": expectations_dict(expect),
        "key_input": key_input_facts(key),
    }
    if data.get("key"):
        document["key"] = used_key_facts(data["key"])
    if data.get("key_source"):
        source = {m: data["key_source"].get(m) for m in KEY_SOURCE_MEMBERS}
        source["url"], source["discovered_from"] = (
            without_userinfo(source["url"]),
            without_userinfo(source["discovered_from"]),
        )
        document["key_source"] = source
    if data.get("key_set"):
        document["key_set"] = [key_set_entry(entry) for entry in data["key_set"]]
    forms = credential_forms(token_text, key) | weak_secret_forms(document["checks"])
    scrub = Replacer(forms, REMOVED)
    document = scrub.deep(document)
    document = hide_claims(document, hide)
    return storable(document)


def expectations_dict(expect: Expectations) -> dict[str, Any]:
    """The expectations that were set (None means "not checked" and is left out)."""
    result: dict[str, Any] = {}
    for name in ("iss", "aud", "sub", "typ", "algorithms", "token_use", "client_id", "scopes", "required"):
        value = getattr(expect, name)
        if value is None or value == ():
            continue
        result[name] = list(value) if isinstance(value, tuple) else value
    return result


def key_input_facts(key: KeyInput | None) -> dict[str, Any] | None:
    """What kind of key was given; for remote keys where they came from. Never the key."""
    if key is None:
        return None
    facts: dict[str, Any] = {"type": key.type}
    if key.type == "secret":
        facts["encoding"] = key.encoding
    elif key.type == "jwks_url":
        facts["url"] = without_userinfo(str(key.value or "").strip())
    elif key.type == "issuer":
        facts["issuer"] = without_userinfo(str(key.value or "").strip()) or None  # None: the token's iss
    return facts


def used_key_facts(key: dict[str, Any]) -> dict[str, Any]:
    facts = {m: key.get(m) for m in KEY_MEMBERS}
    if facts["kind"] == "hmac":
        # A secret's thumbprint is a hash of the secret: it would let anyone test guesses offline.
        facts["thumbprint"] = None
    return facts


def key_set_entry(entry: dict[str, Any]) -> dict[str, Any]:
    kept = {m: entry.get(m) for m in KEY_SET_MEMBERS}
    if kept["kty"] == "oct":
        kept["thumbprint"] = None  # as above: an oct key's thumbprint hashes the secret
    return kept


def without_userinfo(url: Any) -> Any:
    """A URL without any user:password@ part (the fetcher refuses those, but they were typed)."""
    if not isinstance(url, str) or "@" not in url:
        return url
    try:
        parts = urlsplit(url)
        host = parts.netloc.rpartition("@")[2]
        return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    except ValueError:
        return REMOVED


def credential_forms(token_text: str, key: KeyInput | None) -> set[str]:
    """Texts that must never be stored: the token, its segments, the key's text and members."""
    forms = {token_text, token_text.strip()}
    forms |= {segment for segment in re.split(r"[.\s]+", token_text) if len(segment) >= MIN_SCRUB_LENGTH}
    if key is None:
        return {f for f in forms if len(f) >= MIN_SCRUB_LENGTH}
    if key.type in ("jwks_url", "issuer"):
        # A URL is kept, but not a user:password@ typed into it (the fetcher's message quotes it).
        return {f for f in forms if len(f) >= MIN_SCRUB_LENGTH} | _userinfo(str(key.value or "").strip())
    value = key.value
    if isinstance(value, str):
        forms |= {value, value.strip()}
        # PEM bodies: every base64 line, so no line of the key survives in any message.
        forms |= {line.strip() for line in value.splitlines() if not line.strip().startswith("-----")}
        if key.type in ("jwk", "jwks"):
            try:
                value = json.loads(value)
            except ValueError:
                value = None
    if isinstance(value, dict):
        jwks = value["keys"] if isinstance(value.get("keys"), list) else [value]
        for jwk in jwks:
            forms |= _jwk_material(jwk)
    return {f for f in forms if len(f) >= MIN_SCRUB_LENGTH}


def weak_secret_forms(checks: list[dict[str, Any]]) -> set[str]:
    """The audit may find the secret that signed the token in its list of weak secrets, even
    with no key given, and quote it: that is the secret too. Its quoted form is scrubbed from
    messages (the bare word may be as common as "secret") and its value from `actual`."""
    forms: set[str] = set()
    for check in checks:
        found = check.get("actual")
        if check["id"] == "lint.weak_secret" and check["status"] == "fail" and isinstance(found, str):
            check["actual"] = REMOVED
            forms |= {f"'{found}'", json.dumps(found)} | ({found} if len(found) >= MIN_SCRUB_LENGTH else set())
    return {f for f in forms if f not in ("''", '""')}


def _userinfo(url: str) -> set[str]:
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        return set()
    return {netloc.rpartition("@")[0]} if "@" in netloc else set()


def _jwk_material(jwk: Any) -> set[str]:
    if not isinstance(jwk, dict):
        return set()
    found: set[str] = set()
    for member in JWK_MATERIAL:
        value = jwk.get(member)
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                found.add(text)
                number = _b64url_integer(text)
                if number is not None:
                    found |= {str(number), format(number, "x")}
    return found


def _b64url_integer(text: str) -> int | None:
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    return int.from_bytes(data, "big") if data else None


def storable(value: Any) -> Any:
    """`value` as any JSON column takes it: PostgreSQL's jsonb refuses NUL characters and lone
    surrogates (a token's strings may hold NUL; an API client's expectations may hold
    surrogates), so those become U+FFFD; non-finite numbers become text."""
    if isinstance(value, str):
        return UNSTORABLE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {storable(str(k)): storable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [storable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value
