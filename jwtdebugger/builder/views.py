"""The /build/ page. Thin: parse the form, call the services, pick the template or partial.

Works without JavaScript: every button is a plain form submit and gets the whole page; with
htmx the same POST answers with just the part that changed (result, editors or a JSON status).
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from jwtdebugger.core.keys import ALGORITHMS
from jwtdebugger.core.tokens import SegmentError, b64url_decode

from . import encryption, jsontext, services
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
FIELD_LABELS = {"header": "Header", "payload": "Payload", "alg": "Algorithm", "key": "Key", "encrypt": "Encryption"}

# The encrypt step: key management algorithms grouped by the key they need.
JWE_ALG_GROUPS = (
    ("rsa", "The recipient's RSA key pair"),
    ("ecdh", "The recipient's elliptic-curve key pair"),
    ("symmetric", "A symmetric key shared with the recipient"),
    ("password", "A password"),
)
JWE_ALG_LABELS = {
    "RSA-OAEP-256": "RSA-OAEP with SHA-256 wraps the content key",
    "RSA-OAEP": "RSA-OAEP with SHA-1 wraps the content key",
    "ECDH-ES": "key agreement gives the content key directly",
    "ECDH-ES+A128KW": "key agreement, AES-128 Key Wrap",
    "ECDH-ES+A192KW": "key agreement, AES-192 Key Wrap",
    "ECDH-ES+A256KW": "key agreement, AES-256 Key Wrap",
    "A128KW": "AES Key Wrap with a 128-bit key",
    "A192KW": "AES Key Wrap with a 192-bit key",
    "A256KW": "AES Key Wrap with a 256-bit key",
    "A128GCMKW": "AES-GCM key wrapping with a 128-bit key",
    "A192GCMKW": "AES-GCM key wrapping with a 192-bit key",
    "A256GCMKW": "AES-GCM key wrapping with a 256-bit key",
    "dir": "the shared key is the content key",
    "PBES2-HS256+A128KW": "PBKDF2-SHA-256, AES-128 Key Wrap",
    "PBES2-HS384+A192KW": "PBKDF2-SHA-384, AES-192 Key Wrap",
    "PBES2-HS512+A256KW": "PBKDF2-SHA-512, AES-256 Key Wrap",
}
JWE_ENC_LABELS = {
    "A256GCM": "AES-256-GCM",
    "A192GCM": "AES-192-GCM",
    "A128GCM": "AES-128-GCM",
    "A128CBC-HS256": "AES-128-CBC, HMAC-SHA-256",
    "A192CBC-HS384": "AES-192-CBC, HMAC-SHA-384",
    "A256CBC-HS512": "AES-256-CBC, HMAC-SHA-512",
}
JWE_KEY_SOURCES = (
    ("public", "The recipient's public key, pasted", "PEM or JWK: RSA-OAEP*, ECDH-ES*"),
    ("secret", "A symmetric key, pasted", "base64url or oct JWK: A*KW, A*GCMKW, dir"),
    ("password", "A password", "PBES2-*"),
    ("generate", "A new key, made now", "key pair, symmetric key or password; shown once"),
)
JWE_CURVE_CHOICES = tuple((curve, curve) for curve in encryption.ECDH_CURVES)


def _jwe_alg_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (
            title,
            [(alg, f"{alg}: {JWE_ALG_LABELS[alg]}") for alg, (kind, _) in encryption.ALGS.items() if kind == family],
        )
        for family, title in JWE_ALG_GROUPS
    ]


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
        "encrypt": "",
        "jwe_alg": "RSA-OAEP-256",
        "jwe_enc": encryption.DEFAULT_ENC,
        "jwe_key_source": "generate",
        "jwe_public_key": "",
        "jwe_secret": "",
        "jwe_password": "",
        "jwe_p2c": str(encryption.DEFAULT_P2C),
        "jwe_rsa_size": "2048",
        "jwe_curve": "P-256",
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
        "jwe_alg_groups": _jwe_alg_groups(),
        "jwe_encs": [(enc, f"{enc}: {JWE_ENC_LABELS[enc]}") for enc in encryption.ENCS],
        "jwe_key_sources": JWE_KEY_SOURCES,
        "jwe_curves": JWE_CURVE_CHOICES,
        "p2c_range": (f"{encryption.MIN_P2C:,}", f"{encryption.MAX_P2C:,}"),
        "signed": signed,
        **extra,
    }
    if signed is not None:
        context["token_parts"] = signed.token.split(".")
        context["debugger_key"] = signed.debugger_key
        if signed.encryption is not None and signed.signed_token is not None:
            context["encrypted"] = signed.encryption
            context["decrypt_key"] = signed.encryption.debugger_key
            context["signed_parts"] = signed.signed_token.split(".")
            context["jwe_header"] = _jwe_header(signed.token)
            if signed.encryption.p2c is not None:
                context["p2c_text"] = f"{signed.encryption.p2c:,}"
            if signed.encryption.private_jwk is not None:
                context["decrypt_blocks"] = [
                    ("PEM", signed.encryption.private_pem),
                    ("JWK", jsontext.pretty(signed.encryption.private_jwk)),
                ]
        if signed.public_jwk is not None:
            context["public_blocks"] = [
                ("PEM", signed.public_pem),
                ("JWK", jsontext.pretty(signed.public_jwk)),
                ("JWK Set", jsontext.pretty(signed.public_jwks or {})),
            ]
        if signed.private_jwk is not None:
            context["private_blocks"] = [("PEM", signed.private_pem), ("JWK", jsontext.pretty(signed.private_jwk))]
    return context


def _jwe_header(token: str) -> str:
    try:
        return jsontext.pretty(json.loads(b64url_decode(token.split(".")[0])))
    except (SegmentError, ValueError):  # pragma: no cover - the builder wrote it
        return ""


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, template, context)
    # The page can show secrets and private keys: no cache, no back-button copy on disk.
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("secret", "private_key", "jwe_public_key", "jwe_secret", "jwe_password")
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
