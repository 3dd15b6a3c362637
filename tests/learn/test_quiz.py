"""The quiz: questions generated from the scenarios, answered with and without htmx, scored in
the session only."""

from __future__ import annotations

from html import unescape

import pytest

from jwtdebugger.learn import quiz, scenarios
from tests.keys import NOW

pytestmark = pytest.mark.django_db  # the session lives in the database


def test_two_questions_per_scenario_with_answers_from_the_scenarios():
    questions = quiz.questions(NOW)
    assert len(questions) == 2 * len(scenarios.SCENARIOS)
    for question in questions:
        scenario = question.scenario
        if question.kind == "status":
            assert question.answer == str(scenario.http_status), question.id
            assert [v for v, _ in question.options] == ["200", "401", "403"]
        else:
            assert question.answer == (scenario.asked_check or quiz.NO_FAILURE), question.id
            values = [v for v, _ in question.options]
            assert len(values) == len(set(values)) == 4 and values[-1] == quiz.NO_FAILURE
            assert question.answer in values
            # No wrong option is a check that also fails.
            assert not (set(values) - {question.answer, quiz.NO_FAILURE}) & set(question.case.failing), question.id


def test_status_answers_come_from_the_simulator():
    decision = quiz.scenario_decision("id-token-for-access")
    assert decision.status == 403
    question = quiz.question("status-id-token-for-access", NOW)
    assert question.explanation.startswith("API Gateway answers 403 Forbidden: The token is valid but carries no scope")


def test_unknown_question_ids():
    assert quiz.question("status-nope") is None
    assert quiz.question("colour-expired") is None
    assert quiz.question("") is None


def test_first_answer_counts_and_reset_clears():
    session: dict = {}
    question = quiz.question("status-expired", NOW)
    assert quiz.record(session, question, "403") is False
    assert quiz.record(session, question, "401") is True
    assert quiz.score(session) == quiz.Score(correct=0, answered=1, total=28)
    quiz.record(session, quiz.question("status-missing-scope", NOW), "403")
    assert quiz.score(session) == quiz.Score(correct=1, answered=2, total=28)
    quiz.reset(session)
    assert quiz.score(session) == quiz.Score(correct=0, answered=0, total=28)


def test_page_lists_every_question_with_a_score(client):
    response = client.get("/learn/quiz/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert html.count("<h1") == 1
    assert html.count('class="quiz-card') == 28
    assert "<strong>0</strong> right of 0 answered" in html
    assert 'hx-post="/learn/quiz/"' in html and 'action="/learn/quiz/#status-expired"' in html


def test_answer_without_javascript_renders_the_page_with_feedback(client):
    response = client.post("/learn/quiz/", {"question": "status-expired", "choice": "401"})
    html = unescape(response.content.decode())
    assert "<html" in html
    start = html.index('<li class="quiz-card answered" id="status-expired">')
    card = html[start : html.index('<li class="quiz-card', start + 1)]
    assert "<strong>Right.</strong> You answered 401 Unauthorized; the answer is 401 Unauthorized." in card
    assert "The token expired 10 min ago" in card
    assert 'href="/learn/expiry-and-clock-skew/"' in card
    assert "<strong>1</strong> right of 1 answered" in html


def test_answer_with_htmx_returns_the_card_and_the_score_out_of_band(client):
    response = client.post(
        "/learn/quiz/", {"question": "check-wrong-issuer", "choice": "claim.exp"}, HTTP_HX_REQUEST="true"
    )
    html = unescape(response.content.decode())
    assert "<html" not in html
    assert html.strip().startswith('<li class="quiz-card answered" id="check-wrong-issuer">')
    assert "<strong>Not quite.</strong> You answered Expiry (exp); the answer is Issuer (iss)." in html
    assert 'value="claim.exp" required checked>' in html  # the chosen option stays selected
    assert '<details class="quiz-token" open>' in html
    assert '<div id="quiz-score" class="quiz-score" hx-swap-oob="true">' in html
    assert "<strong>0</strong> right of 1 answered" in html


def test_score_is_kept_in_the_session_only(client):
    client.post("/learn/quiz/", {"question": "status-missing-scope", "choice": "403"})
    client.post("/learn/quiz/", {"question": "check-sensitive-data", "choice": "none"})
    assert client.session[quiz.SESSION_KEY] == {
        "status-missing-scope": {"choice": "403", "correct": True},
        "check-sensitive-data": {"choice": "none", "correct": True},
    }
    html = client.get("/learn/quiz/").content.decode()
    assert "<strong>2</strong> right of 2 answered" in html
    other = type(client)()
    assert "<strong>0</strong> right of 0 answered" in other.get("/learn/quiz/").content.decode()


def test_reset_forgets_the_score(client):
    client.post("/learn/quiz/", {"question": "status-expired", "choice": "401"})
    response = client.post("/learn/quiz/reset/")
    assert response.status_code == 302 and response["Location"] == "/learn/quiz/"
    assert quiz.SESSION_KEY not in client.session
    assert client.get("/learn/quiz/reset/").status_code == 405


@pytest.mark.parametrize(
    "data",
    [
        {"question": "status-nope", "choice": "401"},
        {"question": "status-expired"},
        {"question": "status-expired", "choice": "418"},
        {},
    ],
)
def test_unusable_answers_just_show_the_page(client, data):
    response = client.post("/learn/quiz/", data)
    assert response.status_code == 200
    assert "<strong>0</strong> right of 0 answered" in response.content.decode()
