"""A nested token (JWS inside JWE) end to end in the browser."""

from playwright.sync_api import Page, expect

from tests.keys import private_pem, public_pem, rsa_key
from tests.test_jwe_integration import nested


def test_nested_token_decrypted_and_verified_in_the_page(live_server, page: Page, shot):
    _, token = nested(claims={"sub": "alice", "aud": "orders", "exp": 4102444800})
    page.goto(live_server.url + "/")
    page.locator("#token").fill(token)
    expect(page.locator("#verdict .verdict-word")).to_have_text("Not verified")
    expect(page.locator("#verdict")).to_contain_text("only its header can be read")
    page.locator("#key_type").select_option("pem")
    page.locator("#key").fill(public_pem(rsa_key()))
    page.locator(".decrypt summary").click()
    page.locator("#decrypt_type").select_option("pem")
    page.locator("#decrypt_key").fill(private_pem(rsa_key(3072)))
    expect(page.locator("#verdict .verdict-word")).to_have_text("Valid")
    expect(page.locator(".jwe-layer")).to_contain_text("Decrypted with RSA-OAEP-256 and A256GCM.")
    expect(page.locator("pre.json").last).to_contain_text('"sub": "alice"')
    shot(page, "09-nested-jwe")
    page.locator("#decrypt_key").fill(private_pem(rsa_key()))
    expect(page.locator("#verdict .verdict-word")).to_have_text("Invalid")
    expect(page.locator(".verdict-failures")).to_contain_text("Wrong key or corrupted token")
