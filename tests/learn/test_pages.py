"""Every lesson and scenario page renders, and every "Open in the debugger" and "Simulate" form
on them yields what the page promises (the debugger page and the simulator are really asked)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from jwtdebugger.core import explain
from jwtdebugger.learn import cases, demo, lessons, scenarios
from tests.learn.forms_html import debugger_forms, simulator_forms

LESSON_URLS = [f"/learn/{lesson.slug}/" for lesson in lessons.LESSONS]
SCENARIO_URLS = ["/learn/scenarios/"] + [f"/learn/scenarios/{s.slug}/" for s in scenarios.SCENARIOS]
VERDICT_WORDS = {"valid": "Valid", "invalid": "Invalid", "unverified": "Not verified"}
ISSUE_TOPICS = (
    "anatomy-of-a-jwt",
    "encoded-not-encrypted",
    "signature-and-tampering",
    "hs256-vs-rs256",
    "registered-claims",
    "expiry-and-clock-skew",
    "issuer-and-audience",
    "cognito-tokens",
    "api-gateway-authorizers",
    "bearer-and-https",
    "statelessness-and-revocation",
    "refresh-strategy",
)
ISSUE_SCENARIOS = (
    "expired",
    "not-yet-valid",
    "wrong-audience",
    "wrong-issuer",
    "tampered-payload",
    "wrong-secret",
    "alg-none",
    "id-token-for-access",
    "missing-scope",
    "kid-not-in-jwks",
    "key-confusion",
    "sensitive-data",
)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def failures_html(html: str) -> str:
    match = re.search(r'<ul class="verdict-failures">(.*?)</ul>', html, re.S)
    return unescape(match.group(1)) if match else ""


def test_every_topic_and_scenario_of_the_issue_exists():
    assert set(ISSUE_TOPICS) <= set(lessons.BY_SLUG)
    assert len(lessons.LESSONS) >= 13
    assert set(ISSUE_SCENARIOS) <= set(scenarios.BY_SLUG)


def test_index_lists_every_lesson_and_the_practice_pages(client):
    html = page(client, "/learn/")
    assert html.count("<h1") == 1
    for lesson in lessons.LESSONS:
        assert f'href="/learn/{lesson.slug}/"' in html
    for url in ("/learn/scenarios/", "/learn/quiz/", "/simulate/", "/learn/token-response/", "/learn/jwks.json"):
        assert f'href="{url}"' in html


@pytest.mark.parametrize("url", LESSON_URLS + SCENARIO_URLS)
def test_page_renders_with_one_h1_forms_posting_and_no_store(client, url):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert html.count("<h1") == 1
    assert all('method="post"' in f for f in re.findall(r"<form[^>]*>", html))
    assert " style=" not in html and "<style" not in html and "hx-on" not in html
    assert len(re.findall(r"<script(?![^>]*\bsrc=)", html)) == 0  # no inline script


@pytest.mark.parametrize("lesson", lessons.LESSONS, ids=lambda lesson: lesson.slug)
def test_lesson_shows_its_text_demos_and_exam_tip(client, lesson):
    html = unescape(page(client, f"/learn/{lesson.slug}/"))
    assert f"<h1>{lesson.title}</h1>" in html
    assert '<h2 id="exam-tip">Exam tip</h2>' in html
    assert re.sub(r"`([^`]+)`", r"<code>\1</code>", lesson.exam_tip) in html
    assert len(debugger_forms(page(client, f"/learn/{lesson.slug}/"))) == len(lesson.demos)


def test_demos_show_their_decoded_payload(client):
    html = unescape(page(client, "/learn/signature-and-tampering/"))
    assert '"sub": "user-1001"' in html and '"sub": "user-1002"' in html


def test_backticks_become_code_and_text_is_escaped(client):
    html = page(client, "/learn/anatomy-of-a-jwt/")
    assert "<code>header.payload.signature</code>" in html
    assert "&lt;region&gt;" in page(client, "/learn/hs256-vs-rs256/")


def walk_debugger_forms(client, url: str) -> int:
    """POST every promising form of the page to "/" and compare with the promise."""
    html = page(client, url)
    walked = 0
    for form in debugger_forms(html):
        verdict = form.attrs["data-expect-verdict"]
        failing = form.attrs["data-expect-failing"].split()
        result = client.post("/", form.fields).content.decode()
        where = f"{url} {form.fields['token'][:30]}"
        assert f'<p class="verdict-word">{VERDICT_WORDS[verdict]}</p>' in result, where
        listed = failures_html(result)
        for check_id in failing:
            assert f"<strong>{explain.title(check_id)}:</strong>" in listed, (where, check_id)
        if not failing:
            assert "verdict-failures" not in result, where
        # The page says it in words too.
        promise = f'The debugger says <strong class="promise-word promise-{verdict}">{VERDICT_WORDS[verdict]}</strong>'
        assert promise in html, where
        walked += 1
    return walked


@pytest.mark.parametrize("url", LESSON_URLS)
def test_every_lesson_form_opens_what_it_promises(client, url):
    assert walk_debugger_forms(client, url) >= 1


def test_every_scenario_form_in_the_gallery_opens_what_it_promises(client):
    assert walk_debugger_forms(client, "/learn/scenarios/") == len(scenarios.SCENARIOS)


@pytest.mark.parametrize("slug", [s.slug for s in scenarios.SCENARIOS])
def test_scenario_page_states_its_promise_and_simulation(client, slug):
    scenario = scenarios.BY_SLUG[slug]
    case = cases.build(slug)
    html = unescape(page(client, f"/learn/scenarios/{slug}/"))
    assert walk_debugger_forms(client, f"/learn/scenarios/{slug}/") == 1
    for check_id in case.failing:
        assert f"<code>{check_id}</code>" in html  # the failing check id is named on the page
    status = {200: "200 OK", 401: "401 Unauthorized", 403: "403 Forbidden"}[scenario.http_status]
    assert f"answers <strong>{status}</strong>" in html
    assert f'href="/learn/{scenario.lesson}/"' in html


def test_key_confusion_promises_the_engine_s_own_words(client):
    form = debugger_forms(page(client, "/learn/scenarios/key-confusion/"))[0]
    assert form.fields["key_type"] == "pem"
    result = unescape(client.post("/", form.fields).content.decode())
    assert "HS256 needs an HMAC secret, but the key is an RSA key" in failures_html(result)


def test_kid_scenario_uses_a_pasted_jwks_without_the_token_s_kid(client):
    form = debugger_forms(page(client, "/learn/scenarios/kid-not-in-jwks/"))[0]
    assert form.fields["key_type"] == "jwks"
    assert demo.RETIRED_KID not in form.fields["key"] and demo.RSA_KID in form.fields["key"]
    result = unescape(client.post("/", form.fields).content.decode())
    assert f"No key in the JWK Set has kid '{demo.RETIRED_KID}'" in result


def test_sensitive_data_is_honest_about_what_the_engine_checks(client):
    html = unescape(page(client, "/learn/scenarios/sensitive-data/"))
    assert "lint.sensitive_data, issue 7" in html
    assert '<strong class="promise-valid">Valid</strong>' in html


def test_tampered_token_differs_from_the_original_in_one_payload_character(client):
    forms = debugger_forms(page(client, "/learn/signature-and-tampering/"))
    original, edited = (f.fields["token"] for f in forms)
    assert original.split(".")[0] == edited.split(".")[0] and original.split(".")[2] == edited.split(".")[2]
    from jwtdebugger.core.tokens import b64url_decode

    before, after = (b64url_decode(t.split(".")[1]) for t in (original, edited))
    assert len(before) == len(after) and sum(a != b for a, b in zip(before, after, strict=True)) == 1


@pytest.mark.parametrize("url", LESSON_URLS + SCENARIO_URLS[1:])
def test_every_simulate_form_answers_what_it_promises(client, url):
    for form in simulator_forms(page(client, url)):
        result = client.post("/simulate/", form.fields).content.decode()
        status = {"200": "200 OK", "401": "401 Unauthorized", "403": "403 Forbidden"}[form.attrs["data-expect-status"]]
        assert f'<p class="verdict-word decision-status">{status}</p>' in result, (url, form.fields)


def test_lesson_with_simulator_links_has_one_per_outcome(client):
    statuses = sorted(
        f.attrs["data-expect-status"] for f in simulator_forms(page(client, "/learn/api-gateway-authorizers/"))
    )
    assert statuses == ["200", "401", "403"]


def test_cognito_lesson_compares_claims_side_by_side(client):
    html = unescape(page(client, "/learn/cognito-tokens/"))
    assert (
        '<th scope="col">ID token</th><th scope="col">Access token</th><th scope="col">Refresh token (encrypted)</th>'
        in html
    )
    assert (
        '<th scope="row"><code>token_use</code></th><td><code class="value">"id"</code></td><td><code class="value">"access"</code></td><td><code class="value">(encrypted)</code></td>'
        in html
    )
    assert 'name="example" value="matching"' in html


def test_unknown_lesson_and_scenario_are_404(client):
    assert client.get("/learn/no-such-lesson/").status_code == 404
    assert client.get("/learn/scenarios/no-such-scenario/").status_code == 404


def test_jwks_json_publishes_public_keys_only(client):
    response = client.get("/learn/jwks.json")
    keys = response.json()["keys"]
    assert [(k["kid"], k["kty"], k["alg"]) for k in keys] == [
        (demo.RSA_KID, "RSA", "RS256"),
        (demo.EC_KID, "EC", "ES256"),
    ]
    assert all(not ({"d", "p", "q", "dp", "dq", "qi"} & set(k)) for k in keys)


def test_pages_never_ship_a_private_key(client):
    for url in LESSON_URLS + SCENARIO_URLS:
        html = page(client, url)
        assert "PRIVATE KEY" not in html and "&quot;d&quot;:" not in html, url


def test_lesson_pages_refuse_post(client):
    assert client.post("/learn/anatomy-of-a-jwt/").status_code == 405
