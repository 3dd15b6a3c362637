"""JSON API for shared reports (version 1), in the style of jwtdebugger.api: the same error
shape, body cap (413) and 405s.

POST /api/v1/reports            inspect body + ttl + hide_claims -> 201 with the delete token
GET /api/v1/reports/<id>        the stored report; 404 unknown or purged, 410 expired/deleted
DELETE /api/v1/reports/<id>     with X-Delete-Token -> 204; 403 wrong or missing token
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from jwtdebugger import ratelimit, services
from jwtdebugger.api import MAX_BODY_BYTES, BodyTooLarge, error_response, read_json_body, too_many_requests
from jwtdebugger.forms import InputError, parse_inspect_body
from jwtdebugger.jsonresponse import json_response
from jwtdebugger.reports import services as reports
from jwtdebugger.reports.forms import parse_share_body
from jwtdebugger.reports.http import private_response
from jwtdebugger.reports.links import report_envelope


def method_not_allowed(allowed: str) -> HttpResponse:
    response = error_response(405, "method_not_allowed", f"Use {allowed}.")
    response["Allow"] = allowed
    return response


def not_found() -> HttpResponse:
    return private_response(
        error_response(404, "not_found", "No report has this id (it never existed, or it was purged).")
    )


def gone() -> HttpResponse:
    return private_response(error_response(410, "gone", "This report expired or was deleted."))


@csrf_exempt  # a JSON API for scripts: no cookies are used to authorise anything
def reports_view(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return method_not_allowed("POST")
    try:
        data = read_json_body(request)
        inspect_request = parse_inspect_body(data, remote_types=services.REMOTE_KEY_TYPES)
        options = parse_share_body(data)
    except BodyTooLarge:
        return error_response(413, "body_too_large", f"The body is larger than {MAX_BODY_BYTES // 1024} KiB.")
    except InputError as exc:
        return error_response(400, exc.code, exc.message)
    # Counted only now: a request refused with 400 or 413 does not use up the allowance.
    client = ratelimit.client_address(request)
    decision = reports.report_creation_counted(client=client)
    if not decision.allowed:
        return too_many_requests(decision.retry_after, "Too many reports from your address.")
    try:
        report, delete_token = reports.report_create(
            request=inspect_request, ttl=options.ttl, hide_claims=options.hide_claims, client=client
        )
    except services.RateLimited as exc:
        return too_many_requests(exc.retry_after, "Too many key fetches from your address.")
    envelope = report_envelope(request, report)
    body = {key: envelope[key] for key in ("id", "url", "json_url", "markdown_url", "created_at", "expires_at")}
    body |= {"delete_token": delete_token, "report": report.document}
    return private_response(json_response(body, status=201))


@csrf_exempt  # DELETE is authorised by the X-Delete-Token header, never by a cookie
def report_view(request: HttpRequest, report_id: str) -> HttpResponse:
    if request.method == "GET":
        try:
            report = reports.report_get(report_id=report_id)
        except reports.ReportNotFound:
            return not_found()
        except reports.ReportGone:
            return gone()
        return private_response(json_response(report_envelope(request, report)))
    if request.method == "DELETE":
        try:
            reports.report_delete(report_id=report_id, delete_token=request.headers.get("X-Delete-Token", ""))
        except reports.ReportNotFound:
            return not_found()
        except reports.WrongDeleteToken:
            return private_response(
                error_response(
                    403, "wrong_delete_token", "The X-Delete-Token header is missing or does not match this report."
                )
            )
        except reports.ReportGone:
            return gone()
        return private_response(HttpResponse(status=204))
    return method_not_allowed("GET, DELETE")
