"""The token builder in a real browser: build, sign, and check the result in the debugger."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect


@pytest.fixture
def builder_page(live_server, settings, page: Page) -> Iterator[Page]:
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.goto(live_server.url + "/build/")
    yield page
    # A strict CSP is on: anything inline (script, style, handler, eval) would show up here.
    assert [m for m in console if "Content Security Policy" in m or "Refused to" in m] == []


def test_generate_es256_sign_and_open_in_the_debugger_is_valid(builder_page: Page, shot):
    page = builder_page
    expect(page.locator("h1")).to_have_text("Build and sign a JWT")
    shot(page, "builder-01-empty")
    page.locator("#alg").select_option("ES256")
    page.get_by_label("A new key pair, made now").check()
    expect(page.locator("#curve")).to_have_value("P-256")
    # The secret and paste panels are hidden once a key pair is chosen.
    expect(page.locator("#secret")).to_be_hidden()
    page.get_by_role("button", name="Sign the token").click()
    expect(page.locator("#built-token")).to_contain_text("eyJhbGciOiJFUzI1NiIs")
    expect(page.locator(".build-summary")).to_contain_text("a new EC P-256 key pair")
    expect(page.locator("#private-half")).to_contain_text("shown once")
    expect(page.get_by_role("button", name="Copy public JWK Set")).to_be_visible()
    shot(page, "builder-02-signed")
    page.get_by_role("button", name="Open in the debugger").click()
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))  # the debugger, no token in the URL
    expect(page.locator("#verdict .verdict-word")).to_have_text("Valid")
    expect(page.locator("#key_type")).to_have_value("pem")
    shot(page, "builder-03-debugger-valid")


def test_encrypt_the_signed_token_into_a_nested_jwt(builder_page: Page, shot):
    page = builder_page
    options = page.locator("#encrypt-options")
    expect(options).to_be_hidden()  # the step is optional: closed until its box is ticked
    page.get_by_label("Encrypt the signed token for a recipient (JWE)").check()
    expect(options).to_be_visible()
    # The default: RSA-OAEP-256 with a key pair made now; a symmetric or password source does not fit RSA.
    expect(page.locator("#jwe_alg")).to_have_value("RSA-OAEP-256")
    expect(page.get_by_label("A new key, made now")).to_be_checked()
    expect(page.get_by_label("A password")).to_be_hidden()
    expect(page.locator("#jwe_rsa_size")).to_be_visible()
    expect(page.locator("#jwe_p2c")).to_be_hidden()
    # A password algorithm shows the password source and the iteration count.
    page.locator("#jwe_alg").select_option("PBES2-HS256+A128KW")
    expect(page.get_by_label("The recipient's public key, pasted")).to_be_hidden()
    page.get_by_label("A password").check()
    page.locator("#jwe_password").fill("correct horse battery staple")
    expect(page.locator("#jwe_p2c")).to_have_value("8192")
    page.locator("#jwe_enc").select_option("A128CBC-HS256")
    shot(page, "builder-09-encrypt-options")
    page.get_by_role("button", name="Sign the token").click()
    token = page.locator("#built-token")
    expect(token).to_contain_text("eyJhbGciOiJQQkVTMi1IUzI1NitBMTI4S1ciLCJlbmMiOiJBMTI4Q0JDLUhTMjU2Ii")
    assert len(token.inner_text().strip().split(".")) == 5
    expect(page.locator(".build-summary")).to_contain_text(
        "then encrypted with PBES2-HS256+A128KW and A128CBC-HS256 for a password of 28 characters, 8,192 PBES2 iterations"
    )
    assert len(page.locator("#signed-token").inner_text().strip().split(".")) == 3
    form = page.locator("form.open-debugger")
    expect(form.locator("input[name=decrypt_type]")).to_have_value("password")
    expect(form.locator("input[name=decrypt_key]")).to_have_value("correct horse battery staple")
    shot(page, "builder-10-encrypted-password")
    # A key pair made now: its private half is shown once, and goes to the debugger.
    page.locator("#jwe_alg").select_option("ECDH-ES+A256KW")
    expect(page.get_by_label("A new key, made now")).to_be_checked()
    page.locator("#jwe_curve").select_option("X25519")
    page.get_by_role("button", name="Sign the token").click()
    expect(page.locator(".build-summary")).to_contain_text("for a new X25519 key pair")
    assert len(page.locator("#built-token").inner_text().strip().split(".")) == 5
    expect(page.locator("#decrypt-half")).to_contain_text("Decryption key: shown once")
    expect(form.locator("input[name=decrypt_type]")).to_have_value("pem")
    page.locator("#decrypt-half").scroll_into_view_if_needed()
    shot(page, "builder-11-encrypted-generated-key")


def test_typing_bad_json_points_at_the_line(builder_page: Page, shot):
    page = builder_page
    page.locator("#payload").fill('{\n  "sub": "alice",\n  "admin": true,\n}')
    status = page.locator("#payload-status")
    expect(status).to_contain_text("Line 3, column 16: a trailing comma")
    expect(page.locator("#payload-status .json-excerpt")).to_contain_text('"admin": true,')
    shot(page, "builder-04-json-error")
    page.locator("#payload").fill('{"sub": "alice"}')
    expect(status).to_have_text("Valid JSON object.")


def test_helpers_and_hmac_secret_without_reloading(builder_page: Page, shot):
    page = builder_page
    page.get_by_role("button", name="Add Cognito-style claims").click()
    expect(page.locator("#payload")).to_contain_text('"token_use": "access"')
    page.locator("#alg").select_option("HS256")
    expect(page.get_by_label("A shared secret")).to_be_checked()
    page.locator("#secret").fill("c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0zMi1ieXRlcyE")
    page.locator("#encoding").select_option("base64url")
    page.get_by_role("button", name="Sign the token").click()
    expect(page.locator(".build-summary")).to_contain_text("an HMAC secret of 35 bytes (base64url)")
    shot(page, "builder-05-hmac")
    page.get_by_role("button", name="Open in the debugger").click()
    expect(page.locator("#verdict .verdict-word")).to_have_text("Valid")


def test_without_javascript_the_page_still_signs(live_server, settings, browser, shot):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/build/")
    # Without the script every key panel shows; the radio choice decides.
    expect(page.locator("#secret")).to_be_visible()
    expect(page.locator("#private_key")).to_be_visible()
    expect(page.locator("#jwe_password")).to_be_visible()  # and every encryption panel
    shot(page, "builder-06-no-javascript-form")
    page.get_by_role("button", name="exp in 5 min").click()
    expect(page.locator("#payload")).to_contain_text('"exp"')
    page.locator("#alg").select_option("EdDSA")
    page.get_by_label("A new key pair, made now").check()
    page.get_by_role("button", name="Sign the token").click()
    expect(page.locator(".build-summary")).to_contain_text("a new Ed25519 key pair")
    shot(page, "builder-07-no-javascript-signed")
    page.get_by_role("button", name="Open in the debugger").click()
    expect(page.locator("#verdict .verdict-word")).to_have_text("Valid")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violations_before_and_after_signing(live_server, settings, browser, scheme, shot):
    from tests.e2e.test_accessibility_and_weight import run_axe

    # bypass_csp lets the test inject axe even once a strict CSP is on.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/build/")
    assert run_axe(page) == []
    page.locator("#payload").fill('{\n  "sub": 1,\n}')
    expect(page.locator("#payload-status")).to_contain_text("trailing comma")
    assert run_axe(page) == []
    page.locator("#payload").fill('{"sub": "a"}')
    page.get_by_role("button", name="Sign the token").click()
    expect(page.locator("#private-half")).to_be_visible()
    violations = run_axe(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    shot(page, f"builder-08-{scheme}-signed")
    # Encrypted, with a symmetric key made now: the encrypt step, the JWE and the key shown once.
    page.locator("#encrypt").check()
    page.locator("#jwe_alg").select_option("A256KW")
    page.get_by_role("button", name="Sign the token").click()
    expect(page.locator("#decrypt-half")).to_contain_text("symmetric key")
    violations = run_axe(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    page.locator("#encrypt-title").scroll_into_view_if_needed()
    shot(page, f"builder-12-{scheme}-encrypted")
    context.close()
