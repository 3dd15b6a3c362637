"""Every page under the strict Content-Security-Policy: no violation reported by the browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

PAGES = ["/", "/learn/", "/learn/scenarios/", "/learn/quiz/", "/simulate/", "/build/"]


def watch_violations(page: Page) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return found


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_csp_violations(live_server, page: Page, path):
    violations = watch_violations(page)
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_lessons_and_interactions_without_csp_violations(live_server, page: Page):
    violations = watch_violations(page)
    page.goto(live_server.url + "/learn/")
    lesson_links = page.locator("main a[href^='/learn/']").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    for href in sorted(set(lesson_links))[:20]:
        page.goto(live_server.url + href)
        page.wait_for_load_state("networkidle")
    # The debugger's live update, examples, playground and share form all run under the policy.
    page.goto(live_server.url + "/")
    page.locator("#example").select_option("rs256-pem")
    expect(page.locator("#verdict .verdict-word")).to_have_text("Valid")
    page.get_by_role("button", name="Show the attack playground").click()
    expect(page.locator(".variant").first).to_be_visible()
    assert violations == []


def test_shared_report_and_playground_pages_without_csp_violations(live_server, page: Page):
    import json
    import urllib.request

    from tests.keys import make_token

    request = urllib.request.Request(
        live_server.url + "/api/v1/reports",
        data=json.dumps({"token": make_token({"sub": "a", "exp": 4102444800})}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 - the live server on loopback
        created = json.loads(answer.read())
    violations = watch_violations(page)
    for path in (f"/r/{created['id']}", f"/learn/{'anatomy-of-a-jwt'}/", "/learn/token-response/"):
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
    assert violations == []
