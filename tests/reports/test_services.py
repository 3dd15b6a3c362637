"""Creating, reading, deleting and purging reports; expiry with time-machine."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from jwtdebugger.core import Expectations, KeyInput
from jwtdebugger.forms import InspectRequest
from jwtdebugger.reports import services
from jwtdebugger.reports.models import Report
from tests.keys import NOW, SECRET, make_token

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 26, 19, 0, tzinfo=UTC)


def create(ttl: int = 3600, hide=(), **payload):
    request = InspectRequest(
        token=make_token({"sub": "alice", "exp": NOW + 60, **payload}),
        key=KeyInput("secret", SECRET),
        expect=Expectations(sub="alice"),
        at=NOW,
    )
    return services.report_create(request=request, ttl=ttl, hide_claims=hide)


def test_create_stores_the_report_with_an_unguessable_id_and_only_a_hash_of_the_delete_token():
    with time_machine.travel(T0, tick=False):
        report, delete_token = create(ttl=86400, hide=["email"], email="a@example.com")
    stored = Report.objects.get()
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", stored.id)  # 24 random bytes = 192 bits
    assert stored.delete_token_hash == hashlib.sha256(delete_token.encode()).hexdigest()
    assert delete_token not in str(Report.objects.values().get())
    assert (stored.created_at, stored.expires_at) == (T0, T0 + timedelta(days=1))
    assert stored.key_kind == "secret"
    assert stored.hidden_claims == ["email"] == stored.document["hidden_claims"]
    assert stored.document["verdict"] == "valid"
    assert stored.document["token"]["signature"] is None


def test_a_report_reads_until_it_expires_then_is_gone_then_purged_lazily():
    with time_machine.travel(T0, tick=False):
        report, _ = create(ttl=3600)
    with time_machine.travel(T0 + timedelta(minutes=59), tick=False):
        assert services.report_get(report_id=report.id).id == report.id
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        with pytest.raises(services.ReportGone):
            services.report_get(report_id=report.id)
    with time_machine.travel(T0 + timedelta(hours=1) + services.PURGE_GRACE - timedelta(seconds=1), tick=False):
        with pytest.raises(services.ReportGone):
            services.report_get(report_id=report.id)
    with time_machine.travel(T0 + timedelta(hours=1) + services.PURGE_GRACE, tick=False):
        with pytest.raises(services.ReportNotFound):
            services.report_get(report_id=report.id)
    assert not Report.objects.filter(pk=report.id).exists()


def test_unknown_id_is_not_found():
    with pytest.raises(services.ReportNotFound):
        services.report_get(report_id="no-such-report")


def test_delete_needs_the_token_and_leaves_a_gone_record():
    with time_machine.travel(T0, tick=False):
        report, delete_token = create(ttl=86400)
    with time_machine.travel(T0 + timedelta(minutes=5), tick=False):
        with pytest.raises(services.WrongDeleteToken):
            services.report_delete(report_id=report.id, delete_token=delete_token + "x")
        with pytest.raises(services.WrongDeleteToken):
            services.report_delete(report_id=report.id, delete_token="")
        assert services.report_get(report_id=report.id)
        services.report_delete(report_id=report.id, delete_token=delete_token)
        stored = Report.objects.get(pk=report.id)
        assert stored.deleted_at == stored.expires_at == T0 + timedelta(minutes=5)
        with pytest.raises(services.ReportGone):
            services.report_get(report_id=report.id)
        with pytest.raises(services.ReportGone):
            services.report_delete(report_id=report.id, delete_token=delete_token)
    with pytest.raises(services.ReportNotFound):
        services.report_delete(report_id="no-such-report", delete_token=delete_token)


def test_purge_deletes_gone_records_only():
    with time_machine.travel(T0, tick=False):
        short, _ = create(ttl=3600)
        deleted, token = create(ttl=86400)
        live, _ = create(ttl=86400)
        services.report_delete(report_id=deleted.id, delete_token=token)
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        assert services.reports_purge() == 2
    assert list(Report.objects.values_list("pk", flat=True)) == [live.id]


def test_purge_with_a_limit_takes_the_oldest_first():
    with time_machine.travel(T0, tick=False):
        first, _ = create(ttl=3600)
        second, _ = create(ttl=7200)
    assert services.reports_purge(now=T0 + timedelta(days=1), limit=1) == 1
    assert list(Report.objects.values_list("pk", flat=True)) == [second.id]


def test_creating_purges_reports_gone_for_longer_than_the_grace_period():
    with time_machine.travel(T0, tick=False):
        old, _ = create(ttl=3600)
    with time_machine.travel(T0 + services.PURGE_GRACE, tick=False):
        recent, _ = create(ttl=3600)
    with time_machine.travel(T0 + services.PURGE_GRACE + timedelta(hours=2), tick=False):
        create(ttl=3600)
    remaining = set(Report.objects.values_list("pk", flat=True))
    assert old.id not in remaining and recent.id in remaining


def test_purge_reports_command_prints_how_many():
    with time_machine.travel(T0, tick=False):
        create(ttl=3600)
        create(ttl=3600)
        create(ttl=86400)
    out = StringIO()
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        call_command("purge_reports", stdout=out)
        assert out.getvalue() == "Purged 2 reports.\n"
        out = StringIO()
        call_command("purge_reports", stdout=out)
        assert out.getvalue() == "Purged 0 reports.\n"
    assert Report.objects.count() == 1
