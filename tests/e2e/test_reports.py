"""Shared reports in a real browser: share from the debugger, read the link in a fresh
context (another person), open it in the debugger, delete it, see 410."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from jwtdebugger.reports.models import Report

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")


def failing_messages(page: Page) -> list[str]:
    return [text.strip() for text in page.locator(".verdict-failures li").all_inner_texts()]


def load_example(page: Page, slug: str) -> None:
    page.locator("#example").select_option(slug)
    expect(page.locator("#example")).to_have_value(slug)
    expect(page.locator("#share")).to_be_visible()


def serious_axe_violations(page: Page) -> list[dict]:
    page.add_script_tag(content=AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["help"]) for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_share_read_elsewhere_open_in_debugger_delete_then_410(live_server, page: Page, browser, shot):
    page.goto(live_server.url + "/")
    load_example(page, "wrong-aud")
    expect(page.locator("#verdict .verdict-word")).to_have_text("Invalid")
    messages = failing_messages(page)
    assert any("The token is for 'billing-api', not for 'orders-api'." in m for m in messages)

    share = page.locator("#share")
    share.get_by_label("Link expires after").select_option(label="1 day")
    share.get_by_role("checkbox", name="sub").check()
    shot(page, "reports-01-share-form")
    share.get_by_role("button", name="Create share link").click()
    link = page.locator("#share-url")
    expect(link).to_have_value(re.compile(re.escape(live_server.url) + r"/r/[A-Za-z0-9_-]{32}$"))
    expect(link).to_be_focused()
    # Only the share box changed: the debugger's result is still there, token and all.
    expect(page.locator("#verdict .verdict-word")).to_have_text("Invalid")
    expect(page.locator(".token-view")).to_be_visible()
    expect(page.locator("#share")).to_contain_text("Delete token, shown only now")
    url = link.input_value()
    shot(page, "reports-02-link-created")

    # Someone else opens the link: a fresh context shares no cookies or storage.
    other = browser.new_context(viewport={"width": 1280, "height": 800})
    reader = other.new_page()
    response = reader.goto(url)
    assert response is not None and response.status == 200
    assert response.headers["x-robots-tag"] == "noindex"
    assert response.headers["referrer-policy"] == "no-referrer"
    expect(reader).to_have_title("Shared JWT report · JWT debugger")
    expect(reader.locator(".report-label")).to_contain_text(
        re.compile(r"Shared report, created \d{4}-\d\d-\d\d .* UTC, expires .* UTC \(in (1 day|23 h 59 min)\)\.")
    )
    expect(reader.locator("#verdict .verdict-word")).to_have_text("Invalid")
    assert failing_messages(reader) == messages
    expect(reader.locator(".report-hidden")).to_contain_text("Hidden by the person who shared it: sub.")
    expect(reader.locator(".token-view")).to_have_count(0)
    expect(reader.locator("#share")).to_have_count(0)
    assert "3f1c5e2a-7b9d-4c1e-9a2f-0d6b8e4f1a77" not in reader.content()  # the hidden sub
    shot(reader, "reports-03-report-page")
    reader.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    shot(reader, "reports-04-report-page-bottom")

    # Open in the debugger: by POST (the report page sends Origin: null, see views.py).
    reader.get_by_role("button", name="Open in the debugger").click()
    expect(reader.locator("#verdict .verdict-word")).to_have_text("Invalid")
    token = reader.locator("#token").input_value()
    assert token.count(".") == 2 and token.endswith(".")
    assert json.loads(__import__("base64").urlsafe_b64decode(token.split(".")[1] + "==")).get("sub") == "[hidden]"
    expect(reader.locator(".verdict-failures")).to_contain_text("The token is for 'billing-api', not for 'orders-api'.")
    assert "/r/" in reader.url and "eyJ" not in reader.url
    shot(reader, "reports-05-opened-in-debugger")

    # The owner deletes it; the reader's reload answers 410 Gone.
    page.locator("#share").get_by_role("button", name="Delete now").click()
    expect(page.locator("#share")).to_contain_text("Share link deleted")
    shot(page, "reports-06-deleted")
    # The debugger's live updates still go to the debugger, not to the share button's formaction.
    page.locator("#leeway").fill("5")
    expect(page.locator("#share")).to_contain_text("Create share link")
    expect(page.locator("#verdict .verdict-word")).to_have_text("Invalid")
    assert Report.objects.count() == 1
    gone = reader.goto(url)
    assert gone is not None and gone.status == 410
    expect(reader.locator("h1")).to_have_text("This shared report is gone")
    shot(reader, "reports-07-gone")
    other.close()


def test_sharing_works_without_javascript(live_server, browser, shot):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.locator("#example").select_option("expired")
    page.get_by_role("button", name="Load").click()
    expect(page.locator("#verdict .verdict-word")).to_have_text("Invalid")
    messages = failing_messages(page)
    page.get_by_role("button", name="Create share link").click()
    expect(page.locator("h1")).to_have_text("Report shared")
    url = page.locator("#share-url").input_value()
    shot(page, "reports-08-no-js-created")
    expect(page.get_by_role("link", name="Open the report")).to_have_attribute("href", url)
    reader = context.new_page()
    reader.goto(url)
    expect(reader.locator("#verdict .verdict-word")).to_have_text("Invalid")
    assert failing_messages(reader) == messages
    # Delete works without JavaScript too (a plain POST from a no-referrer page: Origin null).
    page.get_by_role("button", name="Delete now").click()
    expect(page.locator("h1")).to_have_text("Report deleted")
    assert reader.goto(url).status == 410
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_share_box_and_report_page_pass_axe_and_have_no_inline_code(live_server, browser, scheme):
    context = browser.new_context(bypass_csp=True, color_scheme=scheme, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/")
    load_example(page, "cognito-id")
    assert serious_axe_violations(page) == []
    page.locator("#share").get_by_role("button", name="Create share link").click()
    expect(page.locator("#share-url")).to_be_visible()
    assert serious_axe_violations(page) == []
    page.goto(page.locator("#share-url").input_value())
    expect(page.locator("#verdict .verdict-word")).to_have_text("Valid")
    assert serious_axe_violations(page) == []
    page.reload()  # without axe's injected script
    found = page.evaluate(
        """() => ({
            inlineScripts: [...document.scripts].filter(s => !s.src).length,
            styleTags: document.querySelectorAll('style').length,
            styleAttrs: document.querySelectorAll('[style]').length,
            handlers: [...document.querySelectorAll('*')].filter(el => [...el.attributes].some(a => a.name.startsWith('on') || a.name.startsWith('hx-on'))).length,
        })"""
    )
    assert found == {"inlineScripts": 0, "styleTags": 0, "styleAttrs": 0, "handlers": 0}
    context.close()
