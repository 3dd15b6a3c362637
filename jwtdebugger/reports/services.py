"""Shared reports: create, read, delete, purge (HackSoft style: keyword-only services).

A report is readable until it expires or its owner deletes it. After that its record stays
for PURGE_GRACE so the link answers 410 Gone ("it existed, it is gone") rather than 404; then
it is purged, lazily here or by `manage.py purge_reports`, and the id answers 404.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from jwtdebugger import ratelimit
from jwtdebugger.forms import InspectRequest
from jwtdebugger.reports.documents import build_document
from jwtdebugger.reports.forms import DEFAULT_TTL
from jwtdebugger.reports.models import Report
from jwtdebugger.services import token_inspect

RATE_SETTING = "JWTDEBUGGER_REPORTS_RATE"  # per client address, like "30/h"; "0" turns it off
DEFAULT_RATE = "30/h"
PURGE_GRACE = timedelta(days=7)
LAZY_PURGE_BATCH = 100  # per created report: bounded, so creating never waits on a big purge


class ReportNotFound(Exception):
    """No such report, or it was purged."""


class ReportGone(Exception):
    """The report expired or was deleted; its record remains until purged."""

    def __init__(self, report: Report) -> None:
        super().__init__("report gone")
        self.report = report


class WrongDeleteToken(Exception):
    pass


def hash_delete_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def report_creation_counted(*, client: str) -> ratelimit.Decision:
    """Count one report creation for `client`. Callers count only valid requests (400s don't)."""
    return ratelimit.hit("reports", client, ratelimit.configured_rate(RATE_SETTING, DEFAULT_RATE))


def report_create(
    *, request: InspectRequest, ttl: int = DEFAULT_TTL, hide_claims: Sequence[str] = (), client: str = "local"
) -> tuple[Report, str]:
    """Inspect as asked and store the report. Returns the report and its delete token, which
    exists only in this answer (the database keeps its hash). `client` (an address) is charged
    for any real key fetch, as on the debugger; over its budget this raises
    jwtdebugger.services.RateLimited and nothing is stored."""
    inspection = token_inspect(request=request, client=client)
    document = build_document(
        inspection.to_dict(), token_text=request.token, key=request.key, expect=request.expect, hide=hide_claims
    )
    delete_token = secrets.token_urlsafe(32)
    now = timezone.now()
    report = Report.objects.create(
        document=document,
        hidden_claims=document["hidden_claims"],
        key_kind=request.key.type if request.key else "",
        delete_token_hash=hash_delete_token(delete_token),
        created_at=now,
        expires_at=now + timedelta(seconds=ttl),
    )
    reports_purge(now=now - PURGE_GRACE, limit=LAZY_PURGE_BATCH)
    return report, delete_token


def report_get(*, report_id: str) -> Report:
    """The live report, or ReportNotFound / ReportGone."""
    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        raise ReportNotFound
    now = timezone.now()
    if report.is_gone(now):
        if report.expires_at <= now - PURGE_GRACE:
            report.delete()  # lazy purge: past its grace period, it answers 404 from now on
            raise ReportNotFound
        raise ReportGone(report)
    return report


def report_delete(*, report_id: str, delete_token: str) -> Report:
    """Delete early. ReportNotFound, WrongDeleteToken (checked before the state, so a wrong
    token learns nothing), or ReportGone when it had already expired or been deleted."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None:
            raise ReportNotFound
        if not hmac.compare_digest(report.delete_token_hash, hash_delete_token(delete_token)):
            raise WrongDeleteToken
        now = timezone.now()
        if report.is_gone(now):
            raise ReportGone(report)
        report.deleted_at = now
        report.expires_at = min(report.expires_at, now)  # "gone" stays one indexed comparison
        report.save(update_fields=["deleted_at", "expires_at"])
    return report


def reports_purge(*, now: datetime | None = None, limit: int | None = None) -> int:
    """Delete the records of reports gone (expired or deleted) at or before `now`; at most
    `limit` of them, oldest first. Returns how many were deleted."""
    gone = Report.objects.filter(expires_at__lte=now or timezone.now())
    if limit is not None:
        ids = list(gone.order_by("expires_at").values_list("pk", flat=True)[:limit])
        gone = Report.objects.filter(pk__in=ids)
    count, _ = gone.delete()
    return count
