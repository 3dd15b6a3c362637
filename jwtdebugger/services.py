"""Business logic between the views and the engine (HackSoft style: keyword-only services)."""

from __future__ import annotations

from jwtdebugger.core import Report, inspect
from jwtdebugger.forms import InspectRequest


def token_inspect(*, request: InspectRequest) -> Report:
    """Inspect one token as asked. Remote keys (JWKS URL, issuer) are resolved here, not in core."""
    return inspect(
        request.token,
        key=request.key,
        expect=request.expect,
        leeway=request.leeway,
        at=request.at,
    )
