"""Business logic between the views and the engine (HackSoft style: keyword-only services).

The engine never does I/O: remote keys (a JWKS URL, or discovery from the issuer) are
fetched here and handed to it as a JWK Set.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from jwtdebugger import jwks, ratelimit
from jwtdebugger.core import KeyInput, Report, inspect
from jwtdebugger.core.tokens import decode_token
from jwtdebugger.forms import InspectRequest

REMOTE_KEY_TYPES = ("jwks_url", "issuer")


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


def token_inspect(*, request: InspectRequest, client: str = "local") -> Report:
    """Inspect one token as asked, fetching remote keys when the key names them.
    Raises RateLimited when `client` is over its budget of real outgoing key fetches."""
    key = request.key
    if key is None or key.type not in REMOTE_KEY_TYPES:
        return _inspect(request, key)
    refused: list[int] = []

    def allow_fetch() -> bool:
        decision = ratelimit.hit("fetch", client, ratelimit.configured_rate("JWTDEBUGGER_FETCH_RATE", "30/m"))
        if not decision.allowed:
            refused.append(decision.retry_after)
        return decision.allowed

    with jwks.fetch_gate(allow_fetch):
        report = _inspect_remote(request, key)
    if refused:
        raise RateLimited(refused[0])
    return report


def _inspect_remote(request: InspectRequest, key: KeyInput) -> Report:
    fetched = _fetch(key, request.token)
    report = _inspect(request, _as_key_input(fetched))
    if fetched.ok and _kid_unknown(report):
        # Keys rotate: refetch once (the fetcher rate-limits this per URL) and try again.
        refetched = jwks.refetch_for_unknown_kid(fetched.url)
        if refetched.ok and not refetched.from_cache:
            fetched = replace(refetched, discovered_from=fetched.discovered_from)
            report = _inspect(request, _as_key_input(fetched))
    report.extras["key_source"] = key_source(key, fetched)
    return report


def _inspect(request: InspectRequest, key: KeyInput | None) -> Report:
    return inspect(
        request.token,
        key=key,
        expect=request.expect,
        leeway=request.leeway,
        at=request.at,
        decrypt_key=request.decrypt_key,
    )


def _fetch(key: KeyInput, token: str) -> jwks.FetchResult:
    if key.type == "jwks_url":
        return jwks.fetch_jwks(str(key.value or "").strip())
    issuer = str(key.value or "").strip() or _token_issuer(token)
    if not issuer:
        return jwks.FetchResult(
            False, "", None, False, "the token has no 'iss' to discover keys from; give the issuer URL"
        )
    return jwks.discover_jwks(issuer)


def _token_issuer(token: str) -> str:
    payload = decode_token(token).payload or {}
    iss = payload.get("iss")
    return iss if isinstance(iss, str) else ""


def _as_key_input(fetched: jwks.FetchResult) -> KeyInput:
    if fetched.ok and fetched.jwks is not None:
        return KeyInput("jwks", fetched.jwks)
    where = f" from {fetched.url}" if fetched.url else ""
    return KeyInput("unavailable", f"the key set{where} could not be used: {fetched.message}")


def _kid_unknown(report: Report) -> bool:
    check = report.check("key")
    return check is not None and isinstance(check.actual, dict) and "unknown_kid" in check.actual


def key_source(key: KeyInput, fetched: jwks.FetchResult) -> dict[str, Any]:
    return {
        "type": key.type,
        "url": fetched.url or None,
        "discovered_from": fetched.discovered_from,
        "from_cache": fetched.from_cache,
        "ok": fetched.ok,
        "message": fetched.message or None,
    }
