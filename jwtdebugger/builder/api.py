"""POST /api/v1/sign: the builder as JSON, with the API's error shape (see jwtdebugger.api)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_variables

from jwtdebugger.api import MAX_BODY_BYTES, BodyTooLarge, error_response, read_json_body
from jwtdebugger.forms import InputError
from jwtdebugger.jsonresponse import json_response

from . import services
from .forms import parse_sign_body
from .signing import SigningError


@csrf_exempt  # a JSON API for scripts: no cookies are used to authorise anything
@sensitive_variables()  # should anything ever fail here, a debug page shows no key material
def sign_view(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        response = error_response(405, "method_not_allowed", "Use POST with a JSON body.")
        response["Allow"] = "POST"
        return response
    try:
        sign_request = parse_sign_body(read_json_body(request))
        signed = services.token_sign(request=sign_request)
    except BodyTooLarge:
        return error_response(413, "body_too_large", f"The body is larger than {MAX_BODY_BYTES // 1024} KiB.")
    except (InputError, SigningError) as exc:
        return error_response(400, exc.code, exc.message)
    response = json_response(signed.to_api())
    response["Cache-Control"] = "no-store"
    return response
