"""Accessibility (axe-core) in light and dark, the page-weight budget, and the CSP-readiness
rules (no inline script or style) checked in the browser."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
BUDGET = 100 * 1024


def run_axe(page) -> list[dict]:
    page.add_script_tag(content=AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violations(live_server, browser, scheme, shot):
    # bypass_csp lets the test inject axe even once a strict CSP is on.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert run_axe(page) == []
    for slug in ("expired", "cognito-access", "jwe"):
        page.locator("#example").select_option(slug)
        expect(page.locator("#example")).to_have_value(slug)
        expect(page.locator("#verdict")).to_be_visible()
        violations = run_axe(page)
        assert violations == [], json.dumps(
            [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations], indent=1
        )
    shot(page, f"06-{scheme}-cognito-jwe")
    context.close()


def test_first_load_is_within_100_kib(live_server, browser):
    context = browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}

    def on_response(response):
        headers = response.all_headers()
        body = response.body()
        encoded = headers.get("content-encoding", "")
        # Count what travels: a compressed answer as sent, an uncompressed one at its gzip size.
        wire = len(body) if encoded else len(gzip.compress(body, compresslevel=6))
        head = sum(len(k) + len(v) + 4 for k, v in headers.items())
        sizes[response.url] = wire + head

    page.on("response", on_response)
    page.goto(live_server.url + "/", wait_until="networkidle")
    total = sum(sizes.values())
    assert len(sizes) >= 4  # page, css, htmx, app.js
    assert total <= BUDGET, sizes
    context.close()


def test_no_inline_script_or_style(live_server, page):
    page.goto(live_server.url + "/")
    page.locator("#example").select_option("cognito-id")
    expect(page.locator("#verdict")).to_be_visible()
    found = page.evaluate(
        """() => ({
            inlineScripts: [...document.scripts].filter(s => !s.src).length,
            styleTags: document.querySelectorAll('style').length,
            styleAttrs: document.querySelectorAll('[style]').length,
            handlers: [...document.querySelectorAll('*')].filter(el => [...el.attributes].some(a => a.name.startsWith('on') || a.name.startsWith('hx-on'))).length,
        })"""
    )
    assert found == {"inlineScripts": 0, "styleTags": 0, "styleAttrs": 0, "handlers": 0}
