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


# ---- encrypt -------------------------------------------------------------------------------


def encrypted_form(**overrides: str) -> dict[str, str]:
    encrypt = {
        "encrypt": "1",
        "jwe_alg": "RSA-OAEP-256",
        "jwe_enc": "A256GCM",
        "jwe_key_source": "generate",
        "jwe_public_key": "",
        "jwe_secret": "",
        "jwe_password": "",
        "jwe_p2c": "8192",
        "jwe_rsa_size": "2048",
        "jwe_curve": "P-256",
    }
    return form(**{**encrypt, **overrides})


def decrypt_fields(page: str) -> dict[str, str]:
    names = ("token", "key_type", "key", "encoding", "decrypt_type", "decrypt_key")
    return {name: hidden(page, name) for name in names}


def opened(page: str) -> str:
    """The plaintext of the page's JWE, decrypted as the debugger will, with its hidden fields."""
    from jwtdebugger.core.jwe import DecryptKey, decrypt

    fields = decrypt_fields(page)
    assert fields["token"].count(".") == 4
    result = decrypt(fields["token"], DecryptKey(type=fields["decrypt_type"], value=fields["decrypt_key"]))
    assert result.ok and result.nested, result.message
    assert result.plaintext is not None
    return result.plaintext.decode()


def test_get_offers_the_encrypt_step_unticked_with_every_algorithm(client, frozen):
    page = client.get("/build/").content.decode()
    assert '<h2 id="encrypt-title">3. Encrypt <span class="hint">(optional)</span></h2>' in page
    assert re.search(r'<input type="checkbox" id="encrypt" name="encrypt" value="1" aria-describedby', page)
    assert "<h2>4. Your token</h2>" in page
    from jwtdebugger.builder.encryption import ALGS, ENCS

    for alg in ALGS:
        assert f'<option value="{alg}"' in page
    for enc in ENCS:
        assert f'<option value="{enc}"' in page
    assert 'value="RSA1_5"' not in page
    assert re.search(r'<option value="RSA-OAEP-256" selected>', page)
    assert re.search(r'<input type="radio" name="jwe_key_source" value="generate" checked>', page)
    assert 'value="8192"' in page  # the default PBES2 count


def test_unticked_encrypt_ignores_the_encrypt_fields(client, frozen):
    page = client.post("/build/", form(jwe_alg="nonsense", jwe_key_source="secret", jwe_secret="!!")).content.decode()
    assert hidden(page, "token").count(".") == 2
    assert 'name="decrypt_type"' not in page and "Encryption:" not in page


def test_encrypt_with_a_generated_key_pair(client, frozen):
    page = client.post("/build/", encrypted_form()).content.decode()
    assert (
        "then encrypted with <strong>RSA-OAEP-256</strong> and <strong>A256GCM</strong> for a new RSA 2048-bit key pair (kid"
        in page
    )
    fields = decrypt_fields(page)
    assert fields["decrypt_type"] == "pem" and fields["decrypt_key"].startswith("-----BEGIN PRIVATE KEY-----")
    # The inner signature is verified as before, with the signing key's public half.
    assert fields["key_type"] == "pem" and fields["key"].startswith("-----BEGIN PUBLIC KEY-----")
    inner = opened(page)
    assert re.search(r'<pre class="token-view" id="signed-token"', page)
    assert token_parts(inner)[1] == {"sub": "user-1", "iat": NOW - 60, "exp": NOW + 3600}
    assert "Signing private key: shown once" in page and "Decryption key: shown once" in page
    assert "Copy decryption PEM</button>" in page and "Copy decryption JWK</button>" in page
    assert html.escape(fields["decrypt_key"]).split("\n")[1] in page  # the private half, shown once
    assert "decrypted there with the private key, then verified there with the public key (PEM)" in page
    # The JWE's header is shown decoded, and its parts coloured header / rest as in the debugger.
    assert '<details class="jwe-built-header">' in page and "&quot;cty&quot;: &quot;JWT&quot;" in page
    assert re.search(
        r'id="built-token" tabindex="0"><span class="part-0">eyJ[^<]+</span><span class="part-dot">.</span><span class="part-1">',
        page,
    )


def test_encrypt_with_a_password_and_p2c(client, frozen):
    page = client.post(
        "/build/",
        encrypted_form(
            jwe_alg="PBES2-HS512+A256KW", jwe_key_source="password", jwe_password="pässword", jwe_p2c="20,000"
        ),
    ).content.decode()
    assert "for a password of 8 characters, 20,000 PBES2 iterations." in page
    fields = decrypt_fields(page)
    assert (fields["decrypt_type"], fields["decrypt_key"]) == ("password", "pässword")
    opened(page)
    assert "Decryption key: shown once" not in page  # the user chose it: nothing to hand out
    assert "decrypted there with the password" in page


def test_generated_password_and_symmetric_key_are_shown_once(client, frozen):
    page = client.post("/build/", encrypted_form(jwe_alg="PBES2-HS256+A128KW")).content.decode()
    password = re.search(r'<pre class="key-block" id="decrypt-password" tabindex="0">([^<]+)</pre>', page)
    assert password and hidden(page, "decrypt_key") == password.group(1)
    opened(page)
    page = client.post("/build/", encrypted_form(jwe_alg="dir", jwe_enc="A128CBC-HS256")).content.decode()
    secret = re.search(r'<pre class="key-block" id="decrypt-secret" tabindex="0">([^<]+)</pre>', page)
    assert secret and len(b64url_decode(secret.group(1))) == 32
    assert (hidden(page, "decrypt_type"), hidden(page, "decrypt_key")) == ("secret", secret.group(1))
    assert "a new 256-bit symmetric key" in page
    opened(page)


def test_pasted_symmetric_key_and_oct_jwk(client, frozen):
    secret = "AAECAwQFBgcICQoLDA0ODw"  # 16 bytes
    page = client.post(
        "/build/", encrypted_form(jwe_alg="A128GCMKW", jwe_key_source="secret", jwe_secret=secret)
    ).content.decode()
    assert "for a 128-bit symmetric key (base64url)" in page
    assert (hidden(page, "decrypt_type"), hidden(page, "decrypt_key")) == ("secret", secret)
    opened(page)
    jwk = json.dumps({"kty": "oct", "k": secret})
    page = client.post(
        "/build/", encrypted_form(jwe_alg="A128KW", jwe_key_source="secret", jwe_secret=jwk)
    ).content.decode()
    assert (hidden(page, "decrypt_type"), hidden(page, "decrypt_key")) == ("jwk", jwk)
    opened(page)


def test_pasted_public_key_leaves_decryption_to_the_recipient(client, frozen):
    key = ec_key("P-256")
    page = client.post(
        "/build/", encrypted_form(jwe_alg="ECDH-ES", jwe_key_source="public", jwe_public_key=public_pem(key))
    ).content.decode()
    assert "for your EC P-256 public key (PEM)" in page
    assert hidden(page, "token").count(".") == 4
    assert 'name="decrypt_type"' not in page and 'name="decrypt_key"' not in page
    assert "give the debugger the recipient's private key: you gave only the public one" in page
    assert "Decryption key: shown once" not in page


def test_pasted_private_key_goes_to_the_debugger_to_decrypt(client, frozen):
    key = ec_key("P-384")
    pem = private_pem(key)
    page = client.post(
        "/build/", encrypted_form(jwe_alg="ECDH-ES+A192KW", jwe_key_source="public", jwe_public_key=pem)
    ).content.decode()
    assert "for your EC P-384 private key, its public half (PEM)" in page
    assert (hidden(page, "decrypt_type"), hidden(page, "decrypt_key")) == ("pem", pem)
    opened(page)


def test_generate_uses_only_the_options_that_fit_the_algorithm(client, frozen):
    page = client.post(
        "/build/", encrypted_form(jwe_alg="ECDH-ES", jwe_rsa_size="4096", jwe_curve="X25519")
    ).content.decode()
    assert "for a new X25519 key pair" in page
    page = client.post("/build/", encrypted_form(jwe_alg="RSA-OAEP", jwe_rsa_size="3072")).content.decode()
    assert "for a new RSA 3072-bit key pair" in page
    # The p2c field is always sent; it counts for PBES2 only.
    page = client.post("/build/", encrypted_form(jwe_alg="A256KW", jwe_p2c="oops")).content.decode()
    assert "for a new 256-bit symmetric key" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"jwe_alg": "A256KW", "jwe_key_source": "secret", "jwe_secret": "AAECAwQFBgcICQoLDA0ODw"},
            "A256KW needs a 256-bit (32-byte) key; this one is 16 bytes.",
        ),
        (
            {"jwe_alg": "RSA-OAEP", "jwe_key_source": "password", "jwe_password": "pw"},
            "RSA-OAEP encrypts with the recipient&#x27;s RSA public key",
        ),
        (
            {"jwe_alg": "PBES2-HS256+A128KW", "jwe_key_source": "generate", "jwe_p2c": "999"},
            "The PBES2 iteration count (p2c) must be a whole number from 1,000",
        ),
        (
            {"jwe_alg": "PBES2-HS256+A128KW", "jwe_key_source": "generate", "jwe_p2c": "a lot"},
            "The PBES2 iteration count (p2c) must be a whole number from 1,000",
        ),
        ({"jwe_alg": "RSA1_5"}, "RSA1_5 (RSAES-PKCS1-v1_5) is deprecated"),
        (
            {"jwe_key_source": ""},
            "RSA-OAEP-256 needs the recipient&#x27;s RSA public key (PEM or JWK), or a key generated now.",
        ),
    ],
    ids=["short-key", "password-for-rsa", "p2c-low", "p2c-text", "rsa1_5", "no-source"],
)
def test_encrypt_errors_are_listed_and_marked_on_the_step(client, frozen, overrides, message):
    page = client.post("/build/", encrypted_form(**overrides)).content.decode()
    assert "Not signed yet" in page
    assert "<strong>Encryption:</strong> " + message in page
    assert re.search(r'<p class="field-error" id="encrypt-error">' + re.escape(message), page)
    assert re.search(r'<select id="jwe_alg" name="jwe_alg" aria-invalid="true" aria-describedby="encrypt-error">', page)
    assert 'class="open-debugger"' not in page
    assert re.search(r'<input type="checkbox" id="encrypt" name="encrypt" value="1" checked', page)


def test_the_form_comes_back_as_sent(client, frozen):
    page = client.post(
        "/build/", encrypted_form(jwe_alg="A192KW", jwe_key_source="secret", jwe_secret="short", jwe_enc="A192GCM")
    ).content.decode()
    assert re.search(r'<option value="A192KW" selected>', page)
    assert re.search(r'<option value="A192GCM" selected>', page)
    assert re.search(r'<input type="radio" name="jwe_key_source" value="secret" checked>', page)
    assert 'id="jwe_secret" name="jwe_secret" value="short"' in page


def test_htmx_encrypt_gets_only_the_result(client, frozen):
    response = client.post("/build/", encrypted_form(jwe_alg="A128KW"), **HTMX)
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="result"')
    assert "Decryption key: shown once" in page
    opened(page)
