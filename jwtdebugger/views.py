"""HTML views. Thin: parse the form, call the service, pick the template, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from jwtdebugger import examples, services
from jwtdebugger.forms import PageForm, parse_page_form
from jwtdebugger.core.playground import attack_variants
from jwtdebugger.presentation import VERDICT_WORDS, result_context

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


def _page_context(form: PageForm, example: examples.Example | None = None) -> dict[str, Any]:
    context: dict[str, Any] = {
        "values": form.values,
        "errors": form.errors,
        "key_types": KEY_TYPE_CHOICES,
        "encodings": ENCODING_CHOICES,
        "token_uses": TOKEN_USE_CHOICES,
        "examples": examples.MENU,
        "example": example,
    }
    if form.request is not None:
        report = services.token_inspect(request=form.request)
        context.update(result_context(report.to_dict(), token_text=report.token.text))
        context["shareable"] = True
        context["has_result"] = True
    return context


@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "index.html", _page_context(parse_page_form({})))
    example = examples.build(request.POST.get("example", "")) if "example" in request.POST else None
    form = parse_page_form(example.form_data() if example else request.POST, remote_types=services.REMOTE_KEY_TYPES)
    context = _page_context(form, example)
    # htmx typing updates only the result; everything else (no JavaScript, examples) gets the page.
    template = "index.html#result" if getattr(request, "htmx", False) and example is None else "index.html"
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["POST"])
def playground(request: HttpRequest) -> HttpResponse:
    """Forged versions of the posted token, each judged with the posted key (never stored)."""
    form = parse_page_form(request.POST, remote_types=services.REMOTE_KEY_TYPES)
    variants = []
    if form.request is not None and (form.request.key is None or form.request.key.type not in services.REMOTE_KEY_TYPES):
        found = attack_variants(form.request.token, key=form.request.key, expect=form.request.expect, leeway=form.request.leeway, at=form.request.at)
        variants = [{**vars(v), "verdict_word": VERDICT_WORDS[v.verdict]} for v in found]
    template = "playground.html#variants" if getattr(request, "htmx", False) else "playground.html"
    response = render(request, template, {"variants": variants})
    response["Cache-Control"] = "no-store"
    return response
