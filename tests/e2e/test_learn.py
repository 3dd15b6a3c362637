"""Learn pages in a real browser: a quiz question answered in place, a scenario opened in the
debugger, the simulator, and the accessibility and no-inline rules on the new pages."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility_and_weight import run_axe


def test_quiz_question_is_answered_in_place_and_scored(live_server, page: Page, shot):
    page.goto(live_server.url + "/learn/quiz/")
    card = page.locator("#status-id-token-for-access")
    card.scroll_into_view_if_needed()
    card.locator("summary").click()
    expect(card.locator("pre.json").nth(1)).to_contain_text('"token_use": "id"')
    card.get_by_label("403 Forbidden").check()
    card.get_by_role("button", name="Answer").click()

    answered = page.locator("#status-id-token-for-access")
    expect(answered.locator(".feedback")).to_contain_text(
        "Right. You answered 403 Forbidden; the answer is 403 Forbidden."
    )
    expect(answered.locator(".feedback")).to_contain_text("carries no scope or scp claim (an ID token never does)")
    expect(page.locator("#quiz-score")).to_contain_text("1 right of 1 answered")
    assert page.url == live_server.url + "/learn/quiz/"  # htmx: no navigation
    answered.locator(".feedback").scroll_into_view_if_needed()
    shot(page, "learn-01-quiz-answered")

    # The score survives a reload: it is in the session.
    page.reload()
    expect(page.locator("#quiz-score")).to_contain_text("1 right of 1 answered")
    expect(page.locator("#status-id-token-for-access .feedback")).to_be_visible()


def test_quiz_works_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/learn/quiz/")
    card = page.locator("#check-expired")
    card.get_by_label("Not before (nbf)").check()
    card.get_by_role("button", name="Answer").click()
    expect(page.locator("#check-expired .feedback")).to_contain_text(
        "Not quite. You answered Not before (nbf); the answer is Expiry (exp)."
    )
    expect(page.locator("#quiz-score")).to_contain_text("0 right of 1 answered")
    assert page.url.endswith("/learn/quiz/#check-expired")
    context.close()


def test_scenario_opens_in_the_debugger_with_the_promised_verdict(live_server, page: Page, shot):
    page.goto(live_server.url + "/learn/scenarios/")
    card = page.locator("#kid-not-in-jwks")
    expect(card.locator(".promise")).to_contain_text("The debugger says Invalid, failing on Verification key (key).")
    card.scroll_into_view_if_needed()
    shot(page, "learn-02-scenario-gallery")
    card.get_by_role("button", name="Open in the debugger").click()

    page.wait_for_url(live_server.url + "/")
    expect(page.locator("#verdict .verdict-word")).to_have_text("Invalid")
    failures = page.locator(".verdict-failures")
    expect(failures).to_contain_text("Verification key:")
    expect(failures).to_contain_text("No key in the JWK Set has kid 'learn-rsa-0'")
    expect(page.locator("#key_type")).to_have_value("jwks")
    # The pasted JWK Set arrived intact through the hidden field (line breaks included).
    keys = json.loads(page.locator("#key").input_value())
    assert [k["kid"] for k in keys["keys"]] == ["learn-rsa-1", "learn-ec-1"]
    expect(page.locator("#token_use")).to_have_value("access")
    shot(page, "learn-03-scenario-in-debugger")


def test_key_confusion_scenario_pem_survives_the_form(live_server, page: Page):
    page.goto(live_server.url + "/learn/scenarios/key-confusion/")
    page.get_by_role("button", name="Open in the debugger").click()
    page.wait_for_url(live_server.url + "/")
    expect(page.locator("#verdict .verdict-word")).to_have_text("Invalid")
    expect(page.locator(".verdict-failures")).to_contain_text("HS256 needs an HMAC secret, but the key is an RSA key")


def test_simulator_preset_and_edit(live_server, page: Page, shot):
    page.goto(live_server.url + "/simulate/")
    page.locator("#preset").select_option("missing-scope")
    page.get_by_role("button", name="Load").click()
    expect(page.locator("#decision .decision-status")).to_have_text("403 Forbidden")
    shot(page, "learn-04-simulator-403")
    # Change the route's scope to one the token has: allowed, answered in place by htmx.
    page.locator("#scopes").fill("orders/read")
    page.get_by_role("button", name="Simulate").click()
    expect(page.locator("#decision .decision-status")).to_have_text("200 OK")
    expect(page.locator("#sim-result")).to_contain_text("--authorization-scopes orders/read")


def test_lesson_page_and_open_in_the_debugger(live_server, page: Page, shot):
    page.goto(live_server.url + "/learn/signature-and-tampering/")
    expect(page.locator("h1")).to_have_text("Signature and tampering")
    shot(page, "learn-05-lesson")
    page.locator(".demo").nth(1).get_by_role("button", name="Open in the debugger").click()
    page.wait_for_url(live_server.url + "/")
    expect(page.locator("#verdict .verdict-word")).to_have_text("Invalid")
    expect(page.locator(".verdict-failures")).to_contain_text("Signature:")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path",
    ["/learn/", "/learn/cognito-tokens/", "/learn/scenarios/", "/learn/quiz/", "/simulate/", "/learn/token-response/"],
)
def test_learn_pages_pass_axe_and_have_no_inline_code(live_server, browser, path, scheme, shot):
    # bypass_csp lets the test inject axe even once a strict CSP is on.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + path)
    if path == "/simulate/":
        page.locator("#preset").select_option("expired")
        page.get_by_role("button", name="Load").click()
        expect(page.locator("#decision")).to_be_visible()
    if path == "/learn/token-response/":
        page.get_by_role("button", name="A matching set from one sign-in").click()
        expect(page.locator(".token-columns")).to_be_visible()
    found = page.evaluate(
        """() => ({
            inlineScripts: [...document.scripts].filter(s => !s.src).length,
            styleTags: document.querySelectorAll('style').length,
            styleAttrs: document.querySelectorAll('[style]').length,
            h1: document.querySelectorAll('h1').length,
        })"""
    )
    assert found == {"inlineScripts": 0, "styleTags": 0, "styleAttrs": 0, "h1": 1}
    # Screenshots after the checks: taking one may add style attributes of Playwright's own.
    if path == "/learn/token-response/":
        page.locator(".token-columns").scroll_into_view_if_needed()
    if path == "/simulate/":
        page.locator(".snippet").first.scroll_into_view_if_needed()
    if path == "/learn/cognito-tokens/":
        page.locator("table.compare").scroll_into_view_if_needed()
    shot(page, f"learn-page-{scheme}" + path.replace("/", "-").rstrip("-"))
    violations = run_axe(page)
    assert violations == [], json.dumps(
        [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations], indent=1
    )
    context.close()
