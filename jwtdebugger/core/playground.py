"""The attack playground: what the classic forgeries of *this* token look like, and what the
engine (and any correct server) says about each. Pure: builds tokens and inspects them."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization

from jwtdebugger.core import explain
from jwtdebugger.core.inspect import inspect
from jwtdebugger.core.keys import load_key
from jwtdebugger.core.results import Expectations, KeyInput, TokenFormat
from jwtdebugger.core.tokens import b64url_encode, decode_token


@dataclass(frozen=True)
class Variant:
    name: str  # alg_none | tampered | key_confusion
    title: str
    attack: str  # what the attacker does, in a sentence
    token: str
    verdict: str
    outcome: str  # the engine's first failing check, as "Title: message"
    defence: str  # what a correct server does


def _segment(value: dict[str, Any]) -> str:
    return b64url_encode(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def _tampered_payload(payload: dict[str, Any]) -> tuple[dict[str, Any], str]:
    if payload.get("sub") != "admin":
        return {**payload, "sub": "admin"}, "changes 'sub' to 'admin'"
    return {**payload, "admin": True}, 'adds "admin": true'


def attack_variants(
    text: str, *, key: KeyInput | None, expect: Expectations | None = None, leeway: int = 0, at: float | None = None
) -> list[Variant]:
    """Forged versions of the token in `text`, each inspected with the same key and expectations."""
    token = decode_token(text)
    if token.format is not TokenFormat.JWS or token.header is None or token.payload is None:
        return []
    header, payload = token.header, token.payload
    signature = token.segments[2]
    candidates: list[tuple[str, str, str, str, str]] = []

    none_header = {**header, "alg": "none"}
    candidates.append(
        (
            "alg_none",
            "alg: none",
            "Rewrites the header to alg 'none', drops the signature, and hopes the server skips verification.",
            f"{_segment(none_header)}.{token.segments[1]}.",
            explain.message("playground.alg_none"),
        )
    )
    tampered, change = _tampered_payload(payload)
    candidates.append(
        (
            "tampered",
            "Tampered payload",
            f"Keeps the original signature but {change}.",
            f"{token.segments[0]}.{_segment(tampered)}.{signature}",
            explain.message("playground.tampered"),
        )
    )
    public = load_key(key).key if key is not None and key.type in ("pem", "jwk") else None
    if public is not None and public.kind != "hmac":
        pem = public.key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        forged_header = {**header, "alg": "HS256"}
        signing_input = f"{_segment(forged_header)}.{_segment(tampered)}"
        mac = hmac.new(pem, signing_input.encode("ascii"), hashlib.sha256).digest()
        candidates.append(
            (
                "key_confusion",
                "Key confusion (RS256 → HS256)",
                f"Switches alg to HS256, {change}, and signs with the public key's PEM bytes as the HMAC secret.",
                f"{signing_input}.{b64url_encode(mac)}",
                explain.message("playground.key_confusion"),
            )
        )

    variants = []
    for name, title, attack, forged, defence in candidates:
        report = inspect(forged, key=key, expect=expect, leeway=leeway, at=at, audit=False)
        # Name the check that stops this attack: the signature, then the alg, then the key.
        failing = next(
            (c for check_id in ("signature", "header.alg", "key") for c in report.failing if c.id == check_id), None
        ) or next(iter(report.failing), None)
        outcome = f"{failing.title}: {failing.message}" if failing else explain.message("playground.not_verified")
        variants.append(Variant(name, title, attack, forged, str(report.verdict), outcome, defence))
    return variants
