"""Lessons under /learn/, the simulator at /simulate/, and their two JSON endpoints.

Fixed paths come before /learn/<slug>/ so no lesson slug can shadow them.
"""

from django.urls import URLPattern, path

from jwtdebugger.learn import api, views

urlpatterns: list[URLPattern] = [
    path("learn/", views.index, name="learn-index"),
    path("learn/jwks.json", views.jwks_json, name="learn-jwks"),
    path("learn/scenarios/", views.scenario_list, name="learn-scenarios"),
    path("learn/scenarios/<slug:slug>/", views.scenario_detail, name="learn-scenario"),
    path("learn/quiz/", views.quiz_page, name="learn-quiz"),
    path("learn/quiz/reset/", views.quiz_reset, name="learn-quiz-reset"),
    path("learn/token-response/", views.token_response, name="learn-token-response"),
    path("learn/<slug:slug>/", views.lesson, name="learn-lesson"),
    path("simulate/", views.simulate, name="simulate"),
    path("api/v1/simulate", api.simulate_view, name="api-simulate"),
    path("api/v1/inspect-response", api.inspect_response_view, name="api-inspect-response"),
]
