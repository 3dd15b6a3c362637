"""HTML views for lessons, scenarios, quiz, simulator and token-response helper. Thin: parse,
call a module that decides, pick the template, render.

Pages that show tokens send `Cache-Control: no-store` (demo tokens, but the habit holds); the
simulator and token-response pages show what the user pasted.
"""

from __future__ import annotations

import time
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jwtdebugger import services
from jwtdebugger.learn import authorizers, cases, demo, forms, lessons, pages, quiz, scenarios
from jwtdebugger.learn import services as learn_services


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "learn/index.html", {"lessons": lessons.LESSONS, "scenarios": scenarios.SCENARIOS})


@require_GET
def lesson(request: HttpRequest, slug: str) -> HttpResponse:
    found = lessons.get(slug)
    if found is None:
        raise Http404("No such lesson.")
    return _no_store(render(request, "learn/lesson.html", pages.lesson_context(found, time.time())))


@require_GET
def scenario_list(request: HttpRequest) -> HttpResponse:
    now = time.time()
    items = [pages.scenario_item(s, now) for s in scenarios.SCENARIOS]
    return _no_store(render(request, "learn/scenarios.html", {"items": items}))


@require_GET
def scenario_detail(request: HttpRequest, slug: str) -> HttpResponse:
    found = scenarios.get(slug)
    if found is None:
        raise Http404("No such scenario.")
    return _no_store(render(request, "learn/scenario.html", {"item": pages.scenario_item(found, time.time())}))


@require_GET
def jwks_json(request: HttpRequest) -> HttpResponse:
    """The demo keys' public parts: they change when the server restarts, so no caching."""
    response = JsonResponse(demo.jwks(), json_dumps_params={"indent": 2})
    response["Cache-Control"] = "no-cache"
    return response


# ---- quiz ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def quiz_page(request: HttpRequest) -> HttpResponse:
    now = time.time()
    answered = quiz.answers(request.session)
    if request.method == "POST":
        question = quiz.question(request.POST.get("question", ""), now)
        choice = request.POST.get("choice", "")
        if question is not None and question.offers(choice):
            correct = quiz.record(request.session, question, choice)
            answered = quiz.answers(request.session)
            if getattr(request, "htmx", False):
                # The answered card, and the score elsewhere on the page (out-of-band swap).
                card = pages.quiz_card(question, answered, latest={"choice": choice, "correct": correct})
                html = render_to_string("learn/quiz.html#card", {"card": card}, request=request)
                html += render_to_string(
                    "learn/quiz.html#score", {"score": quiz.score(request.session), "oob": True}, request=request
                )
                return _no_store(HttpResponse(html))
    cards = [pages.quiz_card(q, answered) for q in quiz.questions(now)]
    context = {
        "status_cards": [c for c in cards if c["question"].kind == "status"],
        "check_cards": [c for c in cards if c["question"].kind == "check"],
        "score": quiz.score(request.session),
    }
    return _no_store(render(request, "learn/quiz.html", context))


@require_POST
def quiz_reset(request: HttpRequest) -> HttpResponse:
    quiz.reset(request.session)
    return redirect("learn-quiz")


# ---- simulator ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def simulate(request: HttpRequest) -> HttpResponse:
    data: Any = request.POST
    preset = scenarios.get(request.POST.get("preset", "")) if request.method == "POST" else None
    if preset is not None:
        data = forms.simulate_form_data(cases.build(preset.slug), preset.authorizer)
    form = forms.parse_simulate_form(data if request.method == "POST" else {}, remote_types=services.REMOTE_KEY_TYPES)
    context: dict[str, Any] = {
        "values": form.values,
        "errors": form.errors,
        "preset": preset,
        "presets": scenarios.SCENARIOS,
        "types": authorizers.AUTHORIZER_TYPES,
        "all_notes": [(authorizers.AUTHORIZER_TYPES[t], notes) for t, notes in authorizers.NOTES.items()],
        "key_types": pages.SIMULATOR_KEY_TYPES,
        "token_uses": pages.TOKEN_USE_CHOICES,
    }
    if form.request is not None:
        context["result"] = pages.simulation_result(learn_services.authorizer_simulate(request=form.request))
    template = (
        "learn/simulate.html#result" if getattr(request, "htmx", False) and preset is None else "learn/simulate.html"
    )
    return _no_store(render(request, template, context))


# ---- token response -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def token_response(request: HttpRequest) -> HttpResponse:
    example = request.POST.get("example", "") if request.method == "POST" else ""
    data: Any = request.POST if request.method == "POST" else {}
    if example in cases.RESPONSE_EXAMPLES:
        data = cases.token_response_example(example)
    form = forms.parse_response_form(data, remote_types=services.REMOTE_KEY_TYPES)
    context: dict[str, Any] = {
        "values": form.values,
        "errors": form.errors,
        "examples": cases.RESPONSE_EXAMPLES,
        "key_types": pages.SIMULATOR_KEY_TYPES,
    }
    if form.request is not None:
        context["result"] = pages.response_result(
            learn_services.response_inspect(request=form.request), form.values, form.request.response
        )
    return _no_store(render(request, "learn/token_response.html", context))
