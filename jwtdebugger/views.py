"""HTML views. Thin: parse the form, call the service, pick the template, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from jwtdebugger import examples, ratelimit, services
from jwtdebugger.core.playground import attack_variants
from jwtdebugger.forms import PageForm, parse_page_form
from jwtdebugger.presentation import VERDICT_WORDS, result_context
from jwtdebugger.ratelimit import client_address
from jwtdebugger.templatetags.result_rows import result_partial

KEY_TYPE_CHOICES = (
    ("", "No key (decode only)"),
    ("secret", "HMAC secret"),
    ("pem", "PEM public key or certificate"),
    ("jwk", "JWK (one key)"),
    ("jwks", "JWK Set (pasted)"),
    ("jwks_url", "JWKS URL (fetched)"),
    ("issuer", "Discover from the issuer"),
)
ENCODING_CHOICES = (("utf8", "UTF-8 text"), ("base64", "base64"), ("base64url", "base64url"))
TOKEN_USE_CHOICES = (("", "Any"), ("id", "ID token"), ("access", "Access token"))
DECRYPT_TYPE_CHOICES = (
    ("", "None (do not decrypt)"),
    ("pem", "Private key (PEM)"),
    ("jwk", "JWK (private or oct)"),
    ("secret", "Symmetric key (base64url)"),
    ("password", "Password (PBES2)"),
)


def token_response_context(values: dict[str, str]) -> dict[str, Any] | None:
    """When the token box holds a whole token-endpoint response ({"id_token", "access_token",
    "refresh_token"}), the three tokens side by side (the learn app's inspector), else None."""
    text = values.get("token", "").strip()
    if not text.startswith("{"):
        return None
    from jwtdebugger.learn import forms as learn_forms
    from jwtdebugger.learn import pages as learn_pages
    from jwtdebugger.learn import services as learn_services

    form = learn_forms.parse_response_form({**values, "response": text}, remote_types=services.REMOTE_KEY_TYPES)
    if form.request is None:
        return None
    answer = learn_services.response_inspect(request=form.request)
    return learn_pages.response_result(answer, form.values, form.request.response)


def page_context(form: PageForm, example: examples.Example | None = None, *, client: str = "local") -> dict[str, Any]:
    context: dict[str, Any] = {
        "values": form.values,
        "errors": form.errors,
        "key_types": KEY_TYPE_CHOICES,
        "encodings": ENCODING_CHOICES,
        "token_uses": TOKEN_USE_CHOICES,
        "decrypt_types": DECRYPT_TYPE_CHOICES,
        "examples": examples.MENU,
        "example": example,
        # Names the result partial tests, present even when unset: a missing name costs the
        # template engine an exception each time (measurable on every keystroke).
        "has_token_response": False,
        "has_result": False,
        "rate_limited": None,
        "share_error": None,
        "share_ttl": None,
        "share_hidden": (),
    }
    response_result = token_response_context(form.values) if form.request is not None else None
    if response_result is not None:
        context["result"] = response_result
        context["has_token_response"] = True
    elif form.request is not None:
        report = services.token_inspect(request=form.request, client=client)
        context.update(result_context(report.to_dict(), token_text=report.token.text))
        context["shareable"] = True
        context["has_result"] = True
    return context


def from_htmx(request: HttpRequest) -> bool:
    """django-htmx's ``bool(request.htmx)`` (an HX-Request header of "true"), read from META.
    ``request.htmx`` asks ``request.headers``, which Django builds from every META entry (under
    runserver the whole process environment too): ~25-50 µs on each live keystroke. (django-htmx
    also URL-decodes the value when HX-Request-URI-AutoEncoded is "true"; htmx never encodes
    this header, so a "%74rue" is not an htmx request here.)"""
    return request.META.get("HTTP_HX_REQUEST") == "true"


@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "index.html", page_context(parse_page_form({})))
    example = examples.build(request.POST.get("example", "")) if "example" in request.POST else None
    form = parse_page_form(example.form_data() if example else request.POST, remote_types=services.REMOTE_KEY_TYPES)
    # htmx typing updates only the result; everything else (no JavaScript, examples) gets the page.
    live = from_htmx(request) and example is None
    client = client_address(request)
    status = 200
    try:
        limited = ratelimit.hit("inspect", client, ratelimit.configured_rate("JWTDEBUGGER_INSPECT_RATE", "600/m"))
        if not limited.allowed:
            raise services.RateLimited(limited.retry_after)
        context = page_context(form, example, client=client)
    except services.RateLimited as exc:
        context = page_context(parse_page_form({**form.values, "token": ""}), example)
        context["rate_limited"] = f"Too many requests from your address: try again in {exc.retry_after} s."
        status = 429
    if live:  # index.html#result, without the template engine's cost (see result_partial)
        response = HttpResponse(result_partial(context, request), status=status)
    else:
        response = render(request, "index.html", context, status=status)
    if status == 429:
        response["Retry-After"] = context["rate_limited"].split("in ")[1].split(" s")[0]
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["POST"])
def playground(request: HttpRequest) -> HttpResponse:
    """Forged versions of the posted token, each judged with the posted key (never stored)."""
    form = parse_page_form(request.POST, remote_types=services.REMOTE_KEY_TYPES)
    variants = []
    if form.request is not None and (
        form.request.key is None or form.request.key.type not in services.REMOTE_KEY_TYPES
    ):
        found = attack_variants(
            form.request.token,
            key=form.request.key,
            expect=form.request.expect,
            leeway=form.request.leeway,
            at=form.request.at,
        )
        variants = [{**vars(v), "verdict_word": VERDICT_WORDS[v.verdict]} for v in found]
    template = "playground.html#variants" if from_htmx(request) else "playground.html"
    response = render(request, template, {"variants": variants})
    response["Cache-Control"] = "no-store"
    return response
