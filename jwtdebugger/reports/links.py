"""Absolute links to a report and the JSON envelope that the export and the API answer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from jwtdebugger.reports.models import Report
from jwtdebugger.reports.presentation import iso_z


def report_links(request: HttpRequest, report: Report) -> dict[str, str]:
    def absolute(name: str) -> str:
        return request.build_absolute_uri(reverse(f"reports:{name}", kwargs={"report_id": report.id}))

    return {"url": absolute("detail"), "json_url": absolute("json"), "markdown_url": absolute("markdown")}


def report_envelope(request: HttpRequest, report: Report) -> dict[str, Any]:
    """GET /api/v1/reports/<id> and /r/<id>.json: the stored report with its id, links and times."""
    return {
        "id": report.id,
        **report_links(request, report),
        "created_at": iso_z(report.created_at),
        "expires_at": iso_z(report.expires_at),
        "report": report.document,
    }
