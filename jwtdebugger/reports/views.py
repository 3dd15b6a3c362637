"""Report pages. Thin: parse, call a service, pick the template, render.

Two forms here are CSRF-exempt, on purpose: report pages send `Referrer-Policy: no-referrer`,
and with it browsers send `Origin: null` on a form POST, which Django's CSRF check refuses.
Neither needs CSRF protection: deleting is authorised by the delete token in the body (which
another site cannot know), and "Open in the debugger" changes nothing. Creating a report is
posted from the debugger page and keeps Django's CSRF check.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from jwtdebugger import ratelimit, services, views
from jwtdebugger.core import explain
from jwtdebugger.core.tokens import decode_token
from jwtdebugger.forms import InputError, InspectRequest, parse_page_form
from jwtdebugger.reports import services as reports
from jwtdebugger.reports.forms import parse_share_form
from jwtdebugger.reports.http import private_response
from jwtdebugger.reports.links import report_envelope, report_links
from jwtdebugger.reports.models import Report
from jwtdebugger.reports.presentation import debugger_fields, iso_z, report_context, report_markdown, utc_words


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


# ---- creating, from the debugger page ------------------------------------------------------


@require_POST
def create(request: HttpRequest) -> HttpResponse:
    """The debugger's form plus the share fields -> a report; the link, expiry and delete token."""
    form = parse_page_form(request.POST, remote_types=services.REMOTE_KEY_TYPES)
    try:
        options = parse_share_form(request.POST)
    except InputError as exc:
        return _share_failed(request, form.request, 400, exc.message)
    if form.request is None:
        return _share_failed(
            request,
            None,
            400,
            "There is no result to share yet: paste a token and fix any field marked in the debugger.",
        )
    # Counted only now: a request refused with 400 does not use up the allowance.
    client = ratelimit.client_address(request)
    decision = reports.report_creation_counted(client=client)
    if not decision.allowed:
        return _too_many(request, form.request, decision.retry_after, "Too many reports from your address")
    try:
        report, delete_token = reports.report_create(
            request=form.request, ttl=options.ttl, hide_claims=options.hide_claims, client=client
        )
    except services.RateLimited as exc:
        return _too_many(request, form.request, exc.retry_after, "Too many key fetches from your address")
    context = {
        **report_links(request, report),
        "report": report,
        "delete_token": delete_token,
        "expires_text": utc_words(report.expires_at),
        "expires_iso": iso_z(report.expires_at),
        "hidden_claims": report.hidden_claims,
    }
    template = "reports/created.html#created" if _is_htmx(request) else "reports/created.html"
    return private_response(render(request, template, context))


def _too_many(request: HttpRequest, inspect_request: InspectRequest, retry_after: int, what: str) -> HttpResponse:
    response = _share_failed(
        request, inspect_request, 429, f"{what}: try again in {explain.duration_text(retry_after)}."
    )
    response["Retry-After"] = str(retry_after)
    return response


def _share_failed(
    request: HttpRequest, inspect_request: InspectRequest | None, status: int, message: str
) -> HttpResponse:
    if not _is_htmx(request):
        return private_response(render(request, "reports/share_failed.html", {"message": message}, status=status))
    # The share box again, with the message and the choices kept. base.html's htmx config swaps
    # a 429 (the one refusal a person meets here); a 400 needs a hand-edited form and is not swapped.
    payload = decode_token(inspect_request.token).payload if inspect_request else None
    context = {
        "share_error": message,
        "share_ttl": request.POST.get("share_ttl", ""),
        "share_hidden": request.POST.getlist("share_hide"),
        "payload_rows": [{"name": name} for name in (payload or {})],
    }
    return private_response(render(request, "reports/share_form.html", context, status=status))


# ---- reading --------------------------------------------------------------------------------


def _unavailable(request: HttpRequest, report: Report | None) -> HttpResponse:
    """404 for an unknown or purged id, 410 while a gone report's record remains."""
    if report is None:
        return private_response(render(request, "reports/missing.html", status=404))
    context = {
        "deleted": report.deleted_at is not None,
        "gone_text": utc_words(report.expires_at),
        "gone_iso": iso_z(report.expires_at),
    }
    return private_response(render(request, "reports/gone.html", context, status=410))


def _get(report_id: str) -> tuple[Report | None, bool]:
    """(report, live): (report, True) when readable, (record, False) when gone, (None, False)."""
    try:
        return reports.report_get(report_id=report_id), True
    except reports.ReportGone as gone:
        return gone.report, False
    except reports.ReportNotFound:
        return None, False


@require_safe
def detail(request: HttpRequest, report_id: str) -> HttpResponse:
    report, live = _get(report_id)
    if report is None or not live:
        return _unavailable(request, report)
    context: dict[str, Any] = {**report_context(report, now=timezone.now()), **report_links(request, report)}
    return private_response(render(request, "reports/report.html", context))


@require_safe
def export_json(request: HttpRequest, report_id: str) -> HttpResponse:
    report, live = _get(report_id)
    if report is None:
        return private_response(
            JsonResponse({"error": {"code": "not_found", "message": "No report has this id."}}, status=404)
        )
    if not live:
        return private_response(
            JsonResponse({"error": {"code": "gone", "message": "This report expired or was deleted."}}, status=410)
        )
    return private_response(JsonResponse(report_envelope(request, report), json_dumps_params={"indent": 2}))


@require_safe
def export_markdown(request: HttpRequest, report_id: str) -> HttpResponse:
    report, live = _get(report_id)
    if report is None:
        return private_response(
            HttpResponse("No report has this id.\n", status=404, content_type="text/plain; charset=utf-8")
        )
    if not live:
        return private_response(
            HttpResponse("This report expired or was deleted.\n", status=410, content_type="text/plain; charset=utf-8")
        )
    text = report_markdown(report, url=report_links(request, report)["url"])
    return private_response(HttpResponse(text, content_type="text/markdown; charset=utf-8"))


# ---- acting on a report ---------------------------------------------------------------------


@csrf_exempt  # authorised by the delete token in the body; see the module docstring
@require_POST
def delete(request: HttpRequest, report_id: str) -> HttpResponse:
    htmx = _is_htmx(request)
    try:
        reports.report_delete(report_id=report_id, delete_token=request.POST.get("delete_token", "").strip())
    except reports.ReportNotFound:
        return _unavailable(request, None)
    except reports.ReportGone as gone:
        return _unavailable(request, gone.report)
    except reports.WrongDeleteToken:
        return private_response(
            render(
                request,
                "reports/share_failed.html",
                {
                    "heading": "The report was not deleted",
                    "message": "That delete token does not match this report, so it was not deleted.",
                },
                status=403,
            )
        )
    template = "reports/deleted.html#deleted" if htmx else "reports/deleted.html"
    return private_response(render(request, template))


@csrf_exempt  # changes nothing: it renders the debugger with a report's public claims
@require_POST
def open_in_debugger(request: HttpRequest, report_id: str) -> HttpResponse:
    """The debugger page filled with the report's claims as an unsigned token (the signature
    was never stored), its expectations and its evaluation time. By POST: no claims in a URL."""
    report, live = _get(report_id)
    if report is None or not live:
        return _unavailable(request, report)
    fields = debugger_fields(report.document)
    if fields is None:  # nothing decodable to open (an encrypted or malformed token)
        return _unavailable(request, None)
    # Opening inspects (the audit's weak-secret scan included): the debugger's own budget applies.
    client = ratelimit.client_address(request)
    decision = ratelimit.hit("inspect", client, ratelimit.configured_rate("JWTDEBUGGER_INSPECT_RATE", "600/m"))
    if not decision.allowed:
        response = render(
            request,
            "reports/share_failed.html",
            {
                "heading": "Not opened",
                "message": f"Too many requests from your address: try again in {explain.duration_text(decision.retry_after)}.",
            },
            status=429,
        )
        response["Retry-After"] = str(decision.retry_after)
        return private_response(response)
    form = parse_page_form(fields, remote_types=services.REMOTE_KEY_TYPES)
    # The debugger's own page context, so the page is the debugger exactly (views owns it).
    response = render(request, "index.html", views.page_context(form, client=client))
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
