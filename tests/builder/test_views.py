"""The /build/ page with Django's test client: the no-JavaScript path and the htmx partials."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest

from jwtdebugger.builder.jsontext import compact
from jwtdebugger.core.tokens import b64url_decode
from tests.keys import NOW, ec_key, private_pem, public_pem

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def form(**overrides: str) -> dict[str, str]:
    data = {
        "header": '{"typ": "JWT"}',
        "payload": json.dumps({"sub": "user-1", "iat": NOW - 60, "exp": NOW + 3600}),
        "alg": "ES256",
        "key_source": "generate",
        "secret": "",
        "encoding": "utf8",
        "private_key": "",
        "rsa_size": "2048",
        "curve": "",
        "action": "sign",
    }
    data.update(overrides)
    return data


def hidden(page: str, name: str) -> str:
    match = re.search(
        rf'<form method="post" action="/" class="open-debugger">.*?name="{name}" value="([^"]*)"', page, re.S
    )
    assert match, f"no hidden {name} in the open-in-debugger form"
    return html.unescape(match.group(1))


def textarea(page: str, name: str) -> str:
    match = re.search(rf'<textarea id="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert match
    return html.unescape(match.group(1))


def token_parts(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    header, payload, _ = token.split(".")
    return json.loads(b64url_decode(header)), json.loads(b64url_decode(payload))


# ---- the page ------------------------------------------------------------------------------


def test_get_has_one_h1_labelled_inputs_and_no_inline_code(client, frozen):
    response = client.get("/build/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1
    for control in re.findall(r'<(?:textarea|select|input)\s[^>]*\bid="([^"]+)"', page):
        assert f'<label for="{control}"' in page, control
    for radio in re.findall(r'<input type="radio" name="key_source" value="(\w+)"', page):
        assert re.search(rf'<label class="choice"><input type="radio" name="key_source" value="{radio}"', page)
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "inline script"
    assert not re.search(r"\sstyle=|<style|\shx-on|js:", page)
    assert 'src="/static/js/builder.js"' in page
    # The form as served signs without edits: ES256 with a new key, a token good for an hour.
    assert json.loads(textarea(page, "payload")) == {
        "sub": "user-123",
        "name": "Ada Lovelace",
        "iat": NOW,
        "exp": NOW + 3600,
    }


def test_every_form_posts_and_nothing_goes_in_a_url(client):
    page = client.get("/build/").content.decode()
    assert re.findall(r"<form[^>]*>", page) and all('method="post"' in tag for tag in re.findall(r"<form[^>]*>", page))
    assert "hx-get" not in page


def test_sign_without_javascript_renders_the_page_with_token_and_keys(client, frozen):
    response = client.post("/build/", form())
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert page.count("<h1") == 1
    assert "Signed with <strong>ES256</strong> using a new EC P-256 key pair" in page
    token = hidden(page, "token")
    assert token_parts(token) == ({"alg": "ES256", "typ": "JWT"}, {"sub": "user-1", "iat": NOW - 60, "exp": NOW + 3600})
    assert hidden(page, "key_type") == "pem" and hidden(page, "key").startswith("-----BEGIN PUBLIC KEY-----")
    assert "Private key: shown once" in page and "-----BEGIN PRIVATE KEY-----" in page
    for title in ("PEM", "JWK", "JWK Set"):
        assert f"Copy public {title}</button>" in page
    assert 'class="copy" data-copy="eyJ' in page


def test_open_in_the_debugger_posts_what_the_debugger_needs_and_it_is_valid(client, frozen):
    page = client.post("/build/", form()).content.decode()
    fields = {name: hidden(page, name) for name in ("token", "key_type", "key", "encoding")}
    debugger = client.post("/", fields).content.decode()
    assert '<p class="verdict-word">Valid</p>' in debugger


def test_secret_goes_to_the_debugger_with_its_encoding(client, frozen):
    secret = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY"  # 32 bytes, base64url
    page = client.post(
        "/build/", form(alg="HS256", key_source="secret", secret=secret, encoding="base64url")
    ).content.decode()
    assert "an HMAC secret of 32 bytes (base64url)" in page
    fields = {name: hidden(page, name) for name in ("token", "key_type", "key", "encoding")}
    assert fields["key_type"] == "secret" and fields["key"] == secret and fields["encoding"] == "base64url"
    assert "HMAC has no public half" in page
    assert '<p class="verdict-word">Valid</p>' in client.post("/", fields).content.decode()


def test_pasted_private_key_opens_the_debugger_with_the_public_half(client, frozen):
    key = ec_key("P-384")
    page = client.post("/build/", form(alg="ES384", key_source="paste", private_key=private_pem(key))).content.decode()
    assert "your EC P-384 private key (PEM)" in page
    assert hidden(page, "key") == public_pem(key)
    assert "Private key: shown once" not in page


def test_pasted_private_jwk_is_recognised(client, frozen):
    from jwt.algorithms import ECAlgorithm

    jwk = ECAlgorithm.to_jwk(ec_key("P-256"))
    page = client.post("/build/", form(key_source="paste", private_key=jwk)).content.decode()
    assert "your EC P-256 private key (JWK)" in page


def test_rsa_size_and_curve_apply_only_to_their_algorithms(client, frozen):
    page = client.post("/build/", form(alg="PS256", rsa_size="3072", curve="P-521")).content.decode()
    assert "a new RSA 3072-bit key pair" in page
    page = client.post("/build/", form(alg="ES512", rsa_size="4096", curve="")).content.decode()
    assert "a new EC P-521 key pair" in page
    page = client.post("/build/", form(alg="ES512", curve="P-256")).content.decode()
    assert "ES512 signs with the curve P-521, not P-256. P-256 keys go with ES256." in page


def test_sign_errors_are_listed_and_marked_on_their_field(client, frozen):
    page = client.post("/build/", form(alg="HS256", key_source="secret", secret="your-256-bit-secret")).content.decode()
    assert "Not signed yet" in page
    assert re.search(
        r'<p class="field-error" id="key-error">The secret is 19 bytes; HS256 needs at least 32 bytes', page
    )
    assert 'class="open-debugger"' not in page
    # The form comes back as it was sent, so nothing has to be typed again.
    assert textarea(page, "secret") == "your-256-bit-secret"


def test_header_alg_conflict_is_a_header_error(client):
    page = client.post("/build/", form(header='{"alg": "HS256"}')).content.decode()
    assert (
        "<strong>Header:</strong> The header sets alg &quot;HS256&quot; but the token is to be signed with &quot;ES256&quot;"
        in page
    )


def test_bad_json_is_reported_with_line_and_column_on_sign(client):
    page = client.post("/build/", form(payload='{\n  "sub": 1\n  "iat": 2\n}')).content.decode()
    assert "<strong>Payload:</strong> Line 3, column 3: expected a comma between two members or values" in page
    assert 'id="payload-status" class="json-status json-bad"' in page
    assert re.search(r'<textarea id="payload"[^>]*aria-invalid="true"', page)


def test_htmx_sign_gets_only_the_result(client, frozen):
    response = client.post("/build/", form(alg="EdDSA"), **HTMX)
    page = response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert page.lstrip().startswith('<div id="result"')
    assert "<h1" not in page and 'id="build-form"' not in page
    assert "a new Ed25519 key pair" in page


# ---- unsecured -----------------------------------------------------------------------------


def test_alg_none_without_the_checkbox_is_refused(client):
    page = client.post("/build/", form(alg="none")).content.decode()
    assert "Not signed yet" in page
    assert "alg &#x27;none&#x27; makes a token without a signature" in page
    assert 'class="open-debugger"' not in page


def test_unsecured_checkbox_makes_an_alg_none_token_and_ignores_the_key(client, frozen):
    page = client.post(
        "/build/", form(unsecured="1", alg="HS256", key_source="secret", secret="short")
    ).content.decode()
    token = hidden(page, "token")
    assert token.endswith(".")
    assert token_parts(token)[0] == {"alg": "none", "typ": "JWT"}
    assert "Unsecured token" in page
    assert hidden(page, "key_type") == "" and hidden(page, "key") == ""
    assert re.search(r'<input type="checkbox" id="unsecured" name="unsecured" value="1" checked>', page)


# ---- validation as you type ----------------------------------------------------------------


def test_validate_points_at_line_and_column(client):
    response = client.post("/build/validate/", {"field": "payload", "payload": '{\n  "sub": "a",\n}'}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="payload-status" class="json-status json-bad">')
    assert "Line 2, column 13: a trailing comma" in page
    assert '<pre class="json-excerpt">  &quot;sub&quot;: &quot;a&quot;,\n            ^</pre>' in page


def test_validate_accepts_an_object_and_names_the_field(client):
    page = client.post("/build/validate/", {"field": "header", "header": '{"kid": "k1"}'}).content.decode()
    assert 'id="header-status" class="json-status json-ok"' in page
    assert "Valid JSON object." in page


def test_validate_refuses_objects_that_are_not_objects(client):
    page = client.post("/build/validate/", {"field": "header", "header": "[]"}).content.decode()
    assert "it is an array; a JWT header or payload must be a JSON object" in page


def test_validate_needs_post_and_a_known_field(client):
    assert client.get("/build/validate/").status_code == 405
    assert client.post("/build/validate/", {"field": "key"}).status_code == 400


# ---- helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "claim", "value"),
    [
        ("iat_now", "iat", NOW),
        ("exp_5m", "exp", NOW + 300),
        ("exp_1h", "exp", NOW + 3600),
        ("exp_1d", "exp", NOW + 86400),
    ],
)
def test_time_helpers_without_javascript(client, frozen, action, claim, value):
    response = client.post("/build/", form(action=action, payload='{"sub": "a", "iat": 1, "exp": 2}', secret="kept"))
    page = response.content.decode()
    payload = json.loads(textarea(page, "payload"))
    assert payload[claim] == value and payload["sub"] == "a"
    assert textarea(page, "secret") == "kept"  # the rest of the form survives the round trip
    assert "Your token appears here" in page  # a helper does not sign


def test_cognito_helper_over_htmx_returns_just_the_editors(client, frozen):
    response = client.post(
        "/build/", {"action": "cognito", "header": '{"typ": "JWT"}', "payload": '{"sub": "me"}'}, **HTMX
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="editors"')
    payload = json.loads(textarea(page, "payload"))
    assert payload["sub"] == "me" and payload["token_use"] == "access" and payload["iat"] == NOW
    assert textarea(page, "header") == '{"typ": "JWT"}'


def test_helper_on_broken_json_explains_instead_of_editing(client):
    page = client.post("/build/", form(action="exp_1h", payload="{oops")).content.decode()
    assert textarea(page, "payload") == "{oops"
    assert "Fix the payload's JSON first" in page


def test_page_tokens_are_the_compact_json_of_the_editors(client, frozen):
    payload = '{\n  "b": "é",\n  "a": 1\n}'
    page = client.post("/build/", form(payload=payload)).content.decode()
    encoded = hidden(page, "token").split(".")[1]
    assert b64url_decode(encoded) == compact({"b": "é", "a": 1})


def test_other_methods_refused(client):
    assert client.put("/build/").status_code == 405
