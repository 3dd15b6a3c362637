"""The simulator and the token-response helper, between the views and the engine.

Remote keys (a JWKS URL, issuer discovery) go through the debugger's own service, which
fetches them safely; the decisions themselves live in pure modules (authorizers,
token_response).
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from jwtdebugger import services
from jwtdebugger.core import Status
from jwtdebugger.forms import InspectRequest
from jwtdebugger.learn.authorizers import AUTHORIZER_TYPES, NOTES, decide
from jwtdebugger.learn.forms import ResponseRequest, SimulateRequest
from jwtdebugger.learn.snippets import config_snippets
from jwtdebugger.learn.token_response import consistency_checks, refresh_token_info


def authorizer_simulate(*, request: SimulateRequest) -> dict[str, Any]:
    """What the configured authorizer answers to the token: the API's answer body."""
    report = services.token_inspect(request=request.inspect).to_dict()
    key = request.inspect.key
    decision = decide(report, request.authorizer, key_type=key.type if key else None)
    return {
        **decision.to_dict(),
        "status_text": decision.status_text,
        "config": config_snippets(request.authorizer),
        "authorizer": {**request.authorizer.to_dict(), "name": AUTHORIZER_TYPES[request.authorizer.type]},
        "notes": list(NOTES[request.authorizer.type]),
        "engine": {
            "verdict": report["verdict"],
            "failing": [c["id"] for c in report["checks"] if c["status"] == Status.FAIL],
        },
        "evaluated_at": report["evaluated_at"],
    }


def response_inspect(*, request: ResponseRequest) -> dict[str, Any]:
    """Each token of a token-endpoint response inspected for its kind, and the set checked.

    The expectations are applied the Cognito way: token_use is set per token, the audience
    only to the ID token (access tokens have no aud), the scopes only to the access token.
    """
    at = request.at if request.at is not None else time.time()
    response = request.response
    answer: dict[str, Any] = {"id_token": None, "access_token": None}
    slots = (
        ("id_token", response.id_token, replace(request.expect, token_use="id", scopes=None)),
        ("access_token", response.access_token, replace(request.expect, token_use="access", aud=None)),
    )
    for name, token, expect in slots:
        if token is not None:
            inspect_request = InspectRequest(token=token, key=request.key, expect=expect, leeway=request.leeway, at=at)
            answer[name] = services.token_inspect(request=inspect_request).to_dict()
    answer["refresh_token"] = refresh_token_info(response.refresh_token)
    answer["checks"] = [c.to_dict() for c in consistency_checks(response)]
    return answer
