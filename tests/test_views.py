import re

import pytest

from jwtdebugger import examples
from tests.keys import SECRET, make_token


def test_get_page_has_one_h1_and_an_empty_result(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'id="result"' in html and 'aria-live="polite"' in html
    assert "Paste a token" in html


def test_forms_post_and_never_put_tokens_in_urls(client):
    html = client.get("/").content.decode()
    forms = re.findall(r"<form[^>]*>", html)
    assert forms and all('method="post"' in f for f in forms)


def test_post_renders_page_with_result_and_no_store(client):
    response = client.post(
        "/", {"token": make_token({"sub": "a"}), "key_type": "secret", "key": SECRET, "encoding": "utf8"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "<html" in html
    assert '<p class="verdict-word">Valid</p>' in html


def test_htmx_post_gets_only_the_result_partial(client):
    response = client.post(
        "/", {"token": make_token({"sub": "a"}), "key_type": "secret", "key": SECRET + "x"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<div id="result"')
    assert "Failed: Signature." in html
    assert response["Cache-Control"] == "no-store"


def test_bad_leeway_and_time_show_field_errors(client):
    response = client.post("/", {"token": make_token(), "leeway": "900", "at": "yesterday"})
    html = response.content.decode()
    assert "between 0 and 300 seconds" in html
    assert "Use Unix seconds or a date" in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize(("slug", "label"), examples.MENU)
def test_examples_give_their_verdicts(client, slug, label):
    response = client.post("/", {"example": slug})
    word = {"valid": "Valid", "invalid": "Invalid", "unverified": "Not verified"}[examples.build(slug).verdict]
    assert f'<p class="verdict-word">{word}</p>' in response.content.decode()


def test_unknown_example_is_not_an_error(client):
    response = client.post("/", {"example": "nope"})
    assert response.status_code == 200


def test_examples_ship_no_private_key(client):
    for slug, _ in examples.MENU:
        example = examples.build(slug)
        assert "PRIVATE" not in example.key
        assert '"d"' not in example.key


def test_evaluate_at_accepts_iso_and_unix(client):
    token = make_token({"exp": 1_795_719_600})
    before = client.post("/", {"token": token, "at": "2026-11-26T18:00:00Z"}).content.decode()
    after = client.post("/", {"token": token, "at": "1795723200"}).content.decode()
    assert "Expires 2026-11-26 19:00:00 UTC (in 1 h)" in before
    assert "Expired 1 h ago" in after


def test_other_methods_refused(client):
    assert client.put("/").status_code == 405


def test_security_audit_section_and_playground(client):
    from tests.core.test_keys import forge_hs256

    token = forge_hs256({"sub": "alice", "exp": 4102444800}, b"secret")
    html = client.post("/", {"token": token}).content.decode()
    assert "<h2>Security audit</h2>" in html
    assert "signed with &#x27;secret&#x27;" in html
    assert 'href="/learn/hs256-vs-rs256/"' in html
    assert "Show the attack playground" in html
    partial = client.post(
        "/playground/", {"token": token, "key_type": "secret", "key": "secret"}, HTTP_HX_REQUEST="true"
    )
    body = partial.content.decode()
    assert partial["Cache-Control"] == "no-store"
    assert "<html" not in body
    assert body.count('class="variant ') == 2
    assert "alg: none" in body and "Tampered payload" in body
    assert "The signature does not match" in body


def test_playground_key_confusion_variant_without_javascript(client):
    from tests.keys import make_token, public_pem, rsa_key

    token = make_token({"sub": "alice", "exp": 4102444800}, alg="RS256", key=rsa_key())
    page = client.post(
        "/playground/", {"token": token, "key_type": "pem", "key": public_pem(rsa_key())}
    ).content.decode()
    assert "<h1>Attack playground</h1>" in page
    assert page.count('class="variant variant-invalid"') == 3
    assert "HS256 needs an HMAC secret, but the key is an RSA key" in page


def test_a_whole_token_response_in_the_token_box_shows_three_tokens(client):
    from jwtdebugger.learn import cases

    fields = cases.token_response_example("matching")
    html = client.post(
        "/",
        {"token": fields["response"], "key_type": fields.get("key_type", ""), "key": fields.get("key", "")},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "whole token-endpoint response" in html
    assert (
        "<code>id_token</code>" in html and "<code>access_token</code>" in html and "<code>refresh_token</code>" in html
    )
    assert "Do they belong together?" in html


AT = "1795720000"  # fixed: both renders must say the same "evaluated at"
LIVE_CASES = {
    "result": {"token": make_token({"sub": "<b>", "exp": 4102444800}), "key_type": "secret", "key": SECRET, "at": AT},
    "decode only": {"token": make_token({"sub": "a"}), "at": AT},
    "not a token": {"token": "not a token", "at": AT},
    "token response": {"token": '{"id_token": "a.b.c", "access_token": "d.e.f", "refresh_token": "r"}', "at": AT},
    "nothing yet": {"token": ""},
}


@pytest.mark.parametrize("case", LIVE_CASES)
def test_live_answer_is_the_pages_result_partial(rf, case):
    """The htmx answer is built without the template engine (views.index): it must be exactly
    what index.html#result renders from the same context."""
    from django.template.loader import render_to_string

    from jwtdebugger import services
    from jwtdebugger.forms import parse_page_form
    from jwtdebugger.views import index, page_context

    request = rf.post("/", LIVE_CASES[case], HTTP_HX_REQUEST="true")
    request.htmx = True
    live = index(request).content.decode()
    form = parse_page_form(LIVE_CASES[case], remote_types=services.REMOTE_KEY_TYPES)
    context = page_context(form, client="127.0.0.1")
    masked = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')  # a fresh mask per render
    assert masked.sub("", live) == masked.sub("", render_to_string("index.html#result", context, request))
    assert live.startswith('<div id="result" class="result" aria-live="polite">') and "<html" not in live


@pytest.mark.parametrize("header", [None, "true", "false", "", "True", "1"])
def test_from_htmx_agrees_with_django_htmx(rf, header):
    from django_htmx.middleware import HtmxDetails

    from jwtdebugger.views import from_htmx

    request = rf.post("/", {"token": "a.b.c"}, **({} if header is None else {"HTTP_HX_REQUEST": header}))
    assert from_htmx(request) is bool(HtmxDetails(request))
    assert from_htmx(request) is (header == "true")


def test_from_htmx_does_not_decode_what_htmx_never_encodes(rf):
    from django_htmx.middleware import HtmxDetails

    from jwtdebugger.views import from_htmx

    request = rf.post("/", HTTP_HX_REQUEST="%74rue", HTTP_HX_REQUEST_URI_AUTOENCODED="true")
    assert bool(HtmxDetails(request)) and not from_htmx(request)  # the one difference, on purpose


def test_live_rate_limit_notice_is_the_pages_result_partial(client, settings):
    settings.JWTDEBUGGER_INSPECT_RATE = "1/m"
    client.post("/", {"token": "a.b.c"}, HTTP_HX_REQUEST="true")
    limited = client.post("/", {"token": "<b>.b.c"}, HTTP_HX_REQUEST="true")
    html = limited.content.decode()
    assert limited.status_code == 429 and '<p class="verdict-word">Slow down</p>' in html
    assert "Too many requests from your address" in html and "<html" not in html
