"""The share form on the debugger, the report page, its exports, delete and "Open in the debugger"."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from jwtdebugger.reports import services
from jwtdebugger.reports.models import Report
from tests.keys import NOW, SECRET, make_token
from tests.reports.conftest import failing_body

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 26, 19, 0, tzinfo=UTC)


def page_form(**extra):
    body = failing_body()
    return {
        "token": body["token"],
        "key_type": "secret",
        "key": SECRET,
        "encoding": "utf8",
        "aud": "billing",
        "at": str(NOW),
        **extra,
    }


def assert_private(response):
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "no-store"


# ---- the share form under a debugger result --------------------------------------------------


def test_the_debugger_result_has_a_share_form_bound_to_the_inspect_form(client):
    html = client.post("/", page_form(), HTTP_HX_REQUEST="true").content.decode()
    share = html[html.index('<section id="share"') :]
    assert "Share this report" in share
    assert re.search(r'<select id="share-ttl" name="share_ttl" form="inspect-form">', share)
    options = re.findall(r'<option value="(\d+)"( selected)?>([^<]+)</option>', share)
    assert options == [
        ("3600", "", "1 hour"),
        ("86400", "", "1 day"),
        ("604800", " selected", "7 days"),
        ("2592000", "", "30 days"),
    ]
    assert re.findall(r'name="share_hide" value="([^"]+)" form="inspect-form"', share) == ["sub", "email", "aud", "exp"]
    button = re.search(r"<button [^>]*>Create share link</button>", share).group(0)
    assert 'form="inspect-form"' in button and 'formaction="/r/"' in button and 'hx-post="/r/"' in button
    assert 'type="submit"' not in button  # see reports/templatetags/reports.py: htmx would reuse its formaction


def test_sharing_without_javascript_shows_the_link_expiry_and_delete_token(client):
    with time_machine.travel(T0, tick=False):
        response = client.post("/r/", page_form(share_ttl="86400", share_hide=["email"]))
    assert response.status_code == 200
    assert_private(response)
    html = response.content.decode()
    report = Report.objects.get()
    url = f"http://testserver/r/{report.id}"
    assert html.count("<h1") == 1 and "<html" in html
    assert f'<input id="share-url" value="{url}" readonly autofocus>' in html
    assert f'<button type="button" class="copy" data-copy="{url}">Copy link</button>' in html
    assert '<time datetime="2026-11-27T19:00:00Z" data-local>2026-11-27 19:00:00 UTC</time>' in html
    token = re.search(r'name="delete_token" value="([^"]+)"', html).group(1)
    assert services.hash_delete_token(token) == report.delete_token_hash
    assert f'action="/r/{report.id}/delete"' in html and "Delete now" in html
    assert report.hidden_claims == ["email"]
    assert report.document["expectations"] == {"aud": ["billing"]}
    assert SECRET not in html


def test_sharing_with_htmx_answers_the_share_box_only(client):
    response = client.post("/r/", page_form(), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<section id="share" class="share share-created"')
    assert "<html" not in html
    assert response["Cache-Control"] == "no-store"


def test_sharing_keeps_django_csrf_protection(db):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/r/", page_form()).status_code == 403
    assert Report.objects.count() == 0


def test_sharing_nothing_is_a_400_and_does_not_count(client, settings):
    settings.JWTDEBUGGER_REPORTS_RATE = "1/h"
    response = client.post("/r/", {"token": "", "share_ttl": "3600"})
    assert response.status_code == 400
    assert "There is no result to share yet" in response.content.decode()
    assert client.post("/r/", page_form(share_ttl="12")).status_code == 400
    assert client.post("/r/", page_form()).status_code == 200


def test_sharing_too_often_is_429_with_retry_after(client, settings):
    settings.JWTDEBUGGER_REPORTS_RATE = "1/h"
    assert client.post("/r/", page_form()).status_code == 200
    response = client.post("/r/", page_form())
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many reports from your address" in response.content.decode()
    # With htmx the box says so in place (base.html's htmx config swaps a 429), choices kept.
    boxed = client.post("/r/", page_form(share_ttl="86400", share_hide=["sub"]), HTTP_HX_REQUEST="true")
    html = boxed.content.decode()
    assert boxed.status_code == 429 and boxed["Retry-After"]
    assert html.strip().startswith('<section id="share" class="share" ')
    assert 'role="alert">Too many reports from your address' in html
    assert '<option value="86400" selected>1 day</option>' in html
    assert 'value="sub" form="inspect-form" checked' in html


def test_get_on_the_share_endpoint_is_405(client):
    assert client.get("/r/").status_code == 405


# ---- the report page -------------------------------------------------------------------------


@pytest.fixture
def report_page(client, shared):
    with time_machine.travel(T0, tick=False):
        created = shared(hide_claims=["email"])
        response = client.get(f"/r/{created['id']}")
    return created, response, response.content.decode()


def test_the_report_page_renders_the_result_read_only_and_labelled(report_page):
    created, response, html = report_page
    assert response.status_code == 200
    assert_private(response)
    assert html.count("<h1") == 1
    assert (
        '<strong>Shared report</strong>, created <time datetime="2026-11-26T19:00:00Z" data-local>2026-11-26 19:00:00 UTC</time>, expires <time datetime="2026-12-03T19:00:00Z" data-local>2026-12-03 19:00:00 UTC</time> (in 7 days).'
        in html
    )
    # The debugger's result partial: the verdict and the failing messages.
    assert '<p class="verdict-word">Invalid</p>' in html
    assert "Failed: Expiry (exp), Audience (aud)." in html
    assert "Expired 3 h ago" in html
    assert "The token is for &#x27;orders&#x27;, not for &#x27;billing&#x27;." in html
    # Read-only: no token, no signature, no share form.
    assert 'class="token-view"' not in html and "Copy token" not in html
    assert 'id="share"' not in html and "share_ttl" not in html
    assert created["report"]["token"]["payload"]["sub"] == "alice"
    assert "Hidden by the person who shared it: <code>email</code>." in html
    assert "alice@example.com" not in html
    assert "The signature was checked with an HMAC secret; the key itself is not part of the report." in html
    assert "Checked against: Audience (aud) <code>billing</code>." in html


def test_the_report_page_previews_say_nothing_of_the_token(report_page):
    _, _, html = report_page
    assert "<title>Shared JWT report · JWT debugger</title>" in html
    description = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
    assert (
        description
        == "A read-only JWT validation report shared from the JWT debugger. It keeps no token, signature or key."
    )
    for word in ("alice", "orders", "billing", "Invalid", "exp"):
        assert word not in description


def test_the_report_page_has_open_graph_tags(report_page):
    _, _, html = report_page
    assert '<meta property="og:title" content="Shared JWT report">' in html
    assert html.index('property="og:title"') < html.index("</head>")


def test_open_in_the_debugger_posts_to_a_report_url_and_fills_in_the_claims_only(client, report_page):
    created, _, html = report_page
    assert re.search(
        rf'<form method="post" action="/r/{created["id"]}/open">\s*<button type="submit"[^>]*>Open in the debugger</button>',
        html,
    )
    response = Client(enforce_csrf_checks=True).post(f"/r/{created['id']}/open")  # Origin: null from a no-referrer page
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    token = re.search(r'<textarea id="token" name="token"[^>]*>([^<]*)</textarea>', page).group(1)
    header, payload, signature = token.split(".")
    assert signature == ""
    assert token.startswith("eyJ") and created["report"]["token"]["header"] == {"alg": "HS256", "typ": "JWT"}
    assert 'value="billing"' in page  # the expectation, so the aud check comes out the same
    assert '<p class="verdict-word">Invalid</p>' in page
    assert "Expired 3 h ago" in page and "not for &#x27;billing&#x27;" in page
    assert SECRET not in page


def test_open_in_the_debugger_counts_as_an_inspection(client, report_page, settings):
    created, _, _ = report_page
    settings.JWTDEBUGGER_INSPECT_RATE = "1/h"
    assert client.post(f"/r/{created['id']}/open").status_code == 200
    refused = client.post(f"/r/{created['id']}/open")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many requests from your address" in refused.content.decode()


def test_open_in_the_debugger_is_post_only(client, report_page):
    created, _, _ = report_page
    assert client.get(f"/r/{created['id']}/open").status_code == 405


# ---- exports ---------------------------------------------------------------------------------


def test_json_export_is_the_stored_report(client, report_page):
    created, _, _ = report_page
    response = client.get(f"/r/{created['id']}.json")
    assert response.status_code == 200
    assert_private(response)
    body = response.json()
    assert body["report"] == created["report"]
    assert body["url"] == created["url"] and body["expires_at"] == "2026-12-03T19:00:00Z"
    assert client.get(f"/api/v1/reports/{created['id']}").json() == body


def test_markdown_export_summarises_for_a_ticket(client, report_page):
    created, _, _ = report_page
    response = client.get(f"/r/{created['id']}.md")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert_private(response)
    text = response.content.decode()
    assert text.startswith("# JWT report: Invalid\n\nFailed: Expiry (exp), Audience (aud).\n")
    assert f"- Report: <{created['url']}>" in text
    assert "- Shared 2026-11-26 19:00:00 UTC; expires 2026-12-03 19:00:00 UTC" in text
    assert "- Evaluated at 2026-11-26 19:00:00 UTC (leeway 0 s)" in text
    assert "## Failing checks\n\n- **Expiry (exp):** Expired 3 h ago" in text
    assert "- **Audience (aud):** The token is for 'orders', not for 'billing'." in text
    assert '| `email` | `"[hidden]"` |' in text
    assert '| `sub` | `"alice"` |' in text
    assert "- Hidden claims: `email`" in text


def test_markdown_cannot_be_broken_by_claim_values(client, shared):
    body = failing_body()
    body["token"] = make_token({"sub": "x | y `z` [link](http://evil.invalid)", "exp": NOW + 60})
    created = shared(body)
    text = client.get(f"/r/{created['id']}.md").content.decode()
    row = next(line for line in text.splitlines() if line.startswith("| `sub`"))
    assert row.count(" | ") == 2  # still three columns
    assert '``"x \\| y `z` [link](http://evil.invalid)"``' in row


# ---- gone, deleted, missing ------------------------------------------------------------------


def test_delete_from_the_page_then_410_everywhere(client, shared):
    created = shared()
    wrong = Client().post(f"/r/{created['id']}/delete", {"delete_token": "nope"})
    assert wrong.status_code == 403
    assert "That delete token does not match" in wrong.content.decode()
    # CSRF-exempt on purpose: the no-referrer page's POST carries Origin: null.
    response = Client(enforce_csrf_checks=True).post(
        f"/r/{created['id']}/delete", {"delete_token": created["delete_token"]}
    )
    assert response.status_code == 200
    assert_private(response)
    assert "its link now answers" in response.content.decode()
    page = client.get(f"/r/{created['id']}")
    assert page.status_code == 410
    assert_private(page)
    assert "The person who shared it deleted it on" in page.content.decode()
    assert client.get(f"/r/{created['id']}.json").status_code == 410
    assert client.get(f"/r/{created['id']}.md").status_code == 410
    assert client.post(f"/r/{created['id']}/open").status_code == 410


def test_htmx_delete_answers_the_box(client, shared):
    created = shared()
    response = client.post(
        f"/r/{created['id']}/delete", {"delete_token": created["delete_token"]}, HTTP_HX_REQUEST="true"
    )
    assert response.content.decode().strip().startswith('<section id="share" class="share share-deleted"')


def test_expired_is_410_then_404_after_the_purge(client):
    from tests.reports.conftest import api_post

    with time_machine.travel(T0, tick=False):
        created = api_post(client, failing_body(ttl=3600)).json()
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        page = client.get(f"/r/{created['id']}")
        assert page.status_code == 410
        assert 'It expired on <time datetime="2026-11-26T20:00:00Z"' in page.content.decode()
        services.reports_purge()
        missing = client.get(f"/r/{created['id']}")
    assert missing.status_code == 404
    assert_private(missing)
    assert "No such report" in missing.content.decode()
    assert client.get(f"/r/{created['id']}.json").status_code == 404


def test_report_pages_use_post_forms_only(report_page):
    _, _, html = report_page
    forms = re.findall(r"<form[^>]*>", html)
    assert forms and all('method="post"' in f for f in forms)


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")  # weak on purpose
def test_markdown_lists_failing_audit_checks_too(client, shared):
    created = shared({"token": make_token({"sub": "x", "exp": NOW + 60}, key="secret"), "at": NOW})
    text = client.get(f"/r/{created['id']}.md").content.decode()
    assert "- **Audit: weak HMAC secret:** Anyone can forge tokens: this token is signed with \\[removed\\]" in text
    assert "'secret'" not in text
