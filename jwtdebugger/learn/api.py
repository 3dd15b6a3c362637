"""JSON API: POST /api/v1/simulate and POST /api/v1/inspect-response.

Same contract as /api/v1/inspect: 400 {"error": {"code", "message"}} for a bad body, 413 over
256 KiB, 405 for other methods, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from jwtdebugger import services
from jwtdebugger.api import MAX_BODY_BYTES, BodyTooLarge, error_response, read_json_body
from jwtdebugger.forms import InputError
from jwtdebugger.jsonresponse import json_response
from jwtdebugger.learn import forms
from jwtdebugger.learn import services as learn_services


def _json_endpoint(request: HttpRequest, answer: Callable[[Any], dict[str, Any]]) -> HttpResponse:
    """Read the JSON body, hand it to `answer`, and wrap the result or the error."""
    if request.method != "POST":
        response = error_response(405, "method_not_allowed", "Use POST with a JSON body.")
        response["Allow"] = "POST"
        return response
    try:
        body = answer(read_json_body(request))
    except BodyTooLarge:
        return error_response(413, "body_too_large", f"The body is larger than {MAX_BODY_BYTES // 1024} KiB.")
    except InputError as exc:
        return error_response(400, exc.code, exc.message)
    response = json_response(body)
    response["Cache-Control"] = "no-store"
    return response


def _simulate(data: Any) -> dict[str, Any]:
    request = forms.parse_simulate_body(data, remote_types=services.REMOTE_KEY_TYPES)
    return learn_services.authorizer_simulate(request=request)


def _inspect_response(data: Any) -> dict[str, Any]:
    request = forms.parse_inspect_response_body(data, remote_types=services.REMOTE_KEY_TYPES)
    return learn_services.response_inspect(request=request)


@csrf_exempt  # a JSON API for scripts: no cookies authorise anything
def simulate_view(request: HttpRequest) -> HttpResponse:
    return _json_endpoint(request, _simulate)


@csrf_exempt  # a JSON API for scripts: no cookies authorise anything
def inspect_response_view(request: HttpRequest) -> HttpResponse:
    return _json_endpoint(request, _inspect_response)
