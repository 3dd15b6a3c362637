"""The /build/ page. Thin: parse the form, call the services, pick the template or partial.

Works without JavaScript: every button is a plain form submit and gets the whole page; with
htmx the same POST answers with just the part that changed (result, editors or a JSON status).
"""

from __future__ import annotations

import time
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from jwtdebugger.core.keys import ALGORITHMS

from . import jsontext, services
from .forms import DEFAULT_HEADER, BuildForm, parse_build_form
from .services import SignedToken
from .signing import CURVES, RSA_SIZES, SigningError

TEMPLATE = "builder/build.html"
ALGORITHM_LABELS = {
    "HS": "HMAC with SHA-{bits}: a shared secret",
    "RS": "RSA PKCS#1 v1.5 with SHA-{bits}",
    "PS": "RSA-PSS with SHA-{bits}",
    "ES": "ECDSA on {curve} with SHA-{bits}",
}
ES_CURVES = {"ES256": "P-256", "ES384": "P-384", "ES512": "P-521"}
KEY_SOURCES = (
    ("secret", "A shared secret", "HMAC: HS256, HS384, HS512"),
    ("paste", "A private key I paste", "PEM or JWK: RS*, PS*, ES*, EdDSA"),
    ("generate", "A new key pair, made now", "RSA or EC or Ed25519, shown once"),
)
ENCODING_CHOICES = (("utf8", "UTF-8 text"), ("base64", "base64"), ("base64url", "base64url"))
CURVE_CHOICES = (("", "The algorithm's curve"), *((curve, curve) for curve in CURVES))
FIELD_LABELS = {"header": "Header", "payload": "Payload", "alg": "Algorithm", "key": "Key"}


def _algorithm_choices() -> list[tuple[str, str]]:
    choices = []
    for alg in ALGORITHMS:
        if alg == "EdDSA":
            choices.append((alg, "EdDSA: Ed25519"))
            continue
        label = ALGORITHM_LABELS[alg[:2]].format(bits=alg[2:], curve=ES_CURVES.get(alg, ""))
        choices.append((alg, f"{alg}: {label}"))
    return choices


def initial_values(*, now: float) -> dict[str, str]:
    """A form that signs as it stands: ES256 with a new key pair, a token valid for an hour."""
    seconds = int(now)
    payload = {"sub": "user-123", "name": "Ada Lovelace", "iat": seconds, "exp": seconds + 3600}
    return {
        "header": jsontext.pretty(DEFAULT_HEADER),
        "payload": jsontext.pretty(payload),
        "alg": "ES256",
        "key_source": "generate",
        "secret": "",
        "encoding": "utf8",
        "private_key": "",
        "rsa_size": "2048",
        "curve": "",
        "unsecured": "",
    }


def _context(
    values: dict[str, str],
    *,
    problems: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    signed: SignedToken | None = None,
    **extra: Any,
) -> dict[str, Any]:
    errors = errors or {}
    context: dict[str, Any] = {
        "values": values,
        "problems": problems or {},
        "errors": errors,
        "error_list": [(FIELD_LABELS.get(field, field), message) for field, message in errors.items()],
        "algorithms": _algorithm_choices(),
        "key_sources": KEY_SOURCES,
        "encodings": ENCODING_CHOICES,
        "rsa_sizes": RSA_SIZES,
        "curves": CURVE_CHOICES,
        "helpers": services.HELPERS.items(),
        "signed": signed,
        **extra,
    }
    if signed is not None:
        context["token_parts"] = signed.token.split(".")
        context["debugger_key"] = signed.debugger_key
        if signed.public_jwk is not None:
            context["public_blocks"] = [
                ("PEM", signed.public_pem),
                ("JWK", jsontext.pretty(signed.public_jwk)),
                ("JWK Set", jsontext.pretty(signed.public_jwks or {})),
            ]
        if signed.private_jwk is not None:
            context["private_blocks"] = [("PEM", signed.private_pem), ("JWK", jsontext.pretty(signed.private_jwk))]
    return context


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, template, context)
    # The page can show secrets and private keys: no cache, no back-button copy on disk.
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("secret", "private_key")
@sensitive_variables()
def build(request: HttpRequest) -> HttpResponse:
    now = time.time()
    if request.method == "GET":
        return _render(request, TEMPLATE, _context(initial_values(now=now)))
    form = parse_build_form(request.POST)
    htmx = bool(getattr(request, "htmx", False))
    action = request.POST.get("action", "sign")
    if action in services.HELPERS:
        return _render(
            request, f"{TEMPLATE}#editors" if htmx else TEMPLATE, _helper_context(form, action=action, now=now)
        )
    errors = {name: str(problem) for name, problem in form.problems.items()}
    signed = None
    sign_request = form.sign_request()
    if sign_request is not None:
        try:
            signed = services.token_sign(request=sign_request)
        except SigningError as exc:
            errors[exc.field] = exc.message
    context = _context(form.values, problems=form.problems, errors=errors, signed=signed)
    return _render(request, f"{TEMPLATE}#result" if htmx else TEMPLATE, context)


def _helper_context(form: BuildForm, *, action: str, now: float) -> dict[str, Any]:
    if form.payload is None:
        return _context(form.values, problems=form.problems, helper_blocked=True)
    payload = services.claims_apply(payload=form.payload, action=action, now=now)
    return _context({**form.values, "payload": jsontext.pretty(payload)}, problems=form.problems)


@require_POST
def validate(request: HttpRequest) -> HttpResponse:
    """The status line under an editor, for htmx as the user types."""
    field = request.POST.get("field", "")
    if field not in ("header", "payload"):
        return HttpResponseBadRequest("field must be header or payload")
    _, problem = jsontext.parse_object(request.POST.get(field, ""))
    return _render(request, f"{TEMPLATE}#json_status", {"field": field, "problem": problem})
