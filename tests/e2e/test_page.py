"""The debugger page in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from jwtdebugger import examples
from tests.keys import SECRET, make_token


@pytest.fixture
def page_at(live_server, page: Page) -> Page:
    page.goto(live_server.url + "/")
    return page


def verdict(page: Page):
    return page.locator("#verdict .verdict-word")


def test_paste_shows_decoded_payload_and_verdict_without_click(page_at: Page, shot):
    page = page_at
    expect(page.locator("#token")).to_be_focused()
    page.locator("#token").fill(make_token({"sub": "alice", "exp": 4102444800}))
    expect(verdict(page)).to_have_text("Not verified")
    expect(page.locator("pre.json").nth(1)).to_contain_text('"sub": "alice"')
    shot(page, "01-pasted-unverified")


def test_wrong_secret_then_right_secret(page_at: Page, shot):
    page = page_at
    page.locator("#token").fill(make_token({"sub": "alice", "exp": 4102444800}))
    page.locator("#key_type").select_option("secret")
    page.locator("#key").fill(SECRET + "-wrong")
    expect(verdict(page)).to_have_text("Invalid")
    failures = page.locator(".verdict-failures")
    expect(failures).to_contain_text("Signature:")
    expect(failures).to_contain_text("The signature does not match")
    box = page.locator("#verdict").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 800, "verdict must be visible without scrolling"
    shot(page, "02-wrong-secret")
    page.locator("#key").fill(SECRET)
    expect(verdict(page)).to_have_text("Valid")
    shot(page, "03-valid")


def test_expired_names_exp_and_how_long_ago(page_at: Page, shot):
    page = page_at
    page.locator("#example").select_option("expired")
    expect(verdict(page)).to_have_text("Invalid")
    expect(page.locator(".verdict-failures")).to_contain_text(re.compile(r"Expiry \(exp\):\s*Expired 3 h 12 min ago"))
    expect(page.locator(".timeline figcaption")).to_contain_text("Expired 3 h 12 min ago")
    shot(page, "04-expired")


@pytest.mark.parametrize(("slug", "label"), examples.MENU)
def test_each_example_loads_with_its_verdict(page_at: Page, slug, label):
    page = page_at
    page.locator("#example").select_option(slug)
    expected = {"valid": "Valid", "invalid": "Invalid", "unverified": "Not verified"}[examples.build(slug).verdict]
    expect(verdict(page)).to_have_text(expected)
    expect(page.locator("#example")).to_have_value(slug)


def test_without_javascript_the_form_post_gives_the_same_result(live_server, browser, shot):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.locator("#token").fill(make_token({"sub": "alice", "exp": 4102444800}))
    page.locator("#key_type").select_option("secret")
    page.locator("#key").fill(SECRET + "-wrong")
    page.get_by_role("button", name="Inspect").click()
    expect(verdict(page)).to_have_text("Invalid")
    expect(page.locator(".verdict-failures")).to_contain_text("The signature does not match")
    # Times in UTC only, without the local-time script.
    expect(page.locator(".local-time")).to_have_count(0)
    shot(page, "05-no-javascript")
    context.close()


def test_dates_are_also_shown_in_the_browsers_time_zone(live_server, browser):
    context = browser.new_context(timezone_id="Asia/Tokyo", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.locator("#example").select_option("hs256")
    expect(verdict(page)).to_have_text("Valid")
    local = page.locator(".claims .local-time").first
    expect(local).to_contain_text("your time:")
    expect(local).to_contain_text("GMT+9")
    context.close()


def test_playground_then_live_updates_still_go_to_the_debugger(page_at: Page, shot):
    page = page_at
    page.locator("#example").select_option("rs256-pem")
    expect(verdict(page)).to_have_text("Valid")
    page.get_by_role("button", name="Show the attack playground").click()
    expect(page.locator(".variant")).to_have_count(3)
    expect(page.locator(".variant").nth(2)).to_contain_text("HS256 needs an HMAC secret")
    shot(page, "08-playground")
    page.locator("#aud").fill("another-api")
    expect(verdict(page)).to_have_text("Invalid")
    expect(page.locator(".verdict-failures")).to_contain_text("Audience (aud)")


def test_copy_buttons_copy_the_cleaned_token_and_the_json(live_server, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(live_server.url + "/")
    token = make_token({"sub": "alice", "name": "<Zoë & co>", "exp": 4102444800})
    page.locator("#token").fill(f"Bearer {token}")
    expect(verdict(page)).to_have_text("Not verified")
    copied = {}
    for label in ("Copy token", "Copy header JSON", "Copy payload JSON"):
        page.get_by_role("button", name=label).click()
        expect(page.get_by_role("button", name="Copied")).to_have_count(1)
        copied[label] = page.evaluate("navigator.clipboard.readText()")
        expect(page.get_by_role("button", name="Copied")).to_have_count(0)
    assert copied["Copy token"] == token  # without the Bearer prefix
    assert '"alg": "HS256"' in copied["Copy header JSON"]
    assert copied["Copy payload JSON"].startswith("{\n") and '"name": "<Zoë & co>"' in copied["Copy payload JSON"]
    context.close()
