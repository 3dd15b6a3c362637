"""JSON API, version 1. A contract: see the README and /api/v1/openapi.json.

Never a 500 for any input: bad bodies get 400 with {"error": {"code", "message"}}.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from jwtdebugger import openapi, ratelimit, services
from jwtdebugger.forms import InputError, parse_inspect_body
from jwtdebugger.jsonresponse import json_response, report_response
from jwtdebugger.ratelimit import client_address

MAX_BODY_BYTES = 256 * 1024


def error_response(status: int, code: str, message: str) -> HttpResponse:
    response = json_response({"error": {"code": code, "message": message}}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def read_json_body(request: HttpRequest) -> Any:
    """The request's JSON body, or raise InputError / return an HttpResponse for 413."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        raise BodyTooLarge
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        raise BodyTooLarge
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InputError("invalid_json", "The body is not valid JSON (UTF-8).") from None


class BodyTooLarge(Exception):
    pass


@csrf_exempt  # a JSON API for scripts: no cookies are used to authorise anything
def inspect_view(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        response = error_response(405, "method_not_allowed", "Use POST with a JSON body.")
        response["Allow"] = "POST"
        return response
    try:
        data = read_json_body(request)
        inspect_request = parse_inspect_body(data, remote_types=services.REMOTE_KEY_TYPES)
    except BodyTooLarge:
        return error_response(413, "body_too_large", f"The body is larger than {MAX_BODY_BYTES // 1024} KiB.")
    except InputError as exc:
        return error_response(400, exc.code, exc.message)
    client = client_address(request)
    limited = inspect_rate_limited(client)
    if limited is not None:
        return limited
    try:
        report = services.token_inspect(request=inspect_request, client=client)
    except services.RateLimited as exc:
        return too_many_requests(exc.retry_after, "Too many key fetches from your address.")
    # Any lone surrogate a client sent (e.g. in expect) is escaped by the fallback, never a 500.
    response = report_response(report)
    response["Cache-Control"] = "no-store"
    return response


def too_many_requests(retry_after: int, message: str) -> HttpResponse:
    response = error_response(429, "rate_limited", f"{message} Try again in {retry_after} s.")
    response["Retry-After"] = str(retry_after)
    return response


def inspect_rate_limited(client: str) -> HttpResponse | None:
    """A 429 answer when `client` is over JWTDEBUGGER_INSPECT_RATE, else None (and counted)."""
    decision = ratelimit.hit("inspect", client, ratelimit.configured_rate("JWTDEBUGGER_INSPECT_RATE", "600/m"))
    if decision.allowed:
        return None
    return too_many_requests(decision.retry_after, "Too many inspections from your address.")


def openapi_view(request: HttpRequest) -> HttpResponse:
    return JsonResponse(openapi.SPEC, json_dumps_params={"indent": 2})
