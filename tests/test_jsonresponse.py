"""API answers are encoded with orjson, and with the json module where orjson refuses a value:
the JSON value is always the one json.dumps would give, and nothing makes an answer fail."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from jwtdebugger import examples, services
from jwtdebugger.core import Report, inspect
from jwtdebugger.forms import parse_page_form
from jwtdebugger.jsonresponse import encode, json_response, report_response
from tests.keys import NOW, make_token

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()  # beyond 64 bits too: orjson refuses those
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),  # lone surrogates too: orjson refuses those
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=25,
)


@given(JSON)
def test_any_json_value_round_trips(value: object) -> None:
    assert json.loads(encode(value)) == json.loads(json.dumps(value))


def test_big_integers_and_lone_surrogates_fall_back_to_the_json_module() -> None:
    value = {"n": 2**70, "s": "\ud800", "ok": "é"}
    body = encode(value)
    assert body.isascii() and json.loads(body) == value


def test_every_example_report_encodes_to_the_same_value_as_json_dumps() -> None:
    reports = [inspect(make_token({"sub": "x", "big": 2**80, "name": "Zoë"}), at=NOW)]
    for slug, _ in examples.MENU:
        request = parse_page_form(examples.build(slug).form_data()).request
        assert request is not None
        reports.append(services.token_inspect(request=request))  # examples use local keys only
    assert len(reports) > 5
    for report in reports:
        data = report.to_dict()
        assert json.loads(encode(data)) == json.loads(json.dumps(data))


def _reports() -> list[Report]:
    reports = [
        inspect(make_token({"sub": "x", "big": 2**80, "name": "Zoë"}), at=NOW),  # orjson refuses: fallback
        inspect(make_token({"sub": "\ud800 lone", "aud": ["a", "b"], "n": 1.5}), at=NOW),
        inspect("not a token", at=NOW),
        inspect("Bearer " + make_token({"exp": NOW - 60}), at=NOW),
    ]
    for slug, _ in examples.MENU:
        request = parse_page_form(examples.build(slug).form_data()).request
        assert request is not None
        reports.append(services.token_inspect(request=request))
    return reports


def test_report_answer_is_byte_for_byte_the_encoded_to_dict() -> None:
    """The API writes checks and claims straight from their dataclasses: the bytes must be the
    ones encoding `to_dict()` gives (same members, same order), fallback cases included."""
    reports = _reports()
    assert len(reports) > 8
    for report in reports:
        response = report_response(report)
        assert response["Content-Type"] == "application/json"
        assert response.content == encode(report.to_dict())
    assert report_response(reports[0]).content.isascii()  # the json module's fallback: all escaped


def test_an_extras_entry_wins_in_both_forms() -> None:
    from dataclasses import replace

    report = replace(inspect("a.b.c", at=NOW), extras={"checks": "replaced", "note": [1, 2]})
    assert report.to_dict()["checks"] == "replaced" and report.to_dict()["note"] == [1, 2]
    assert report_response(report).content == encode(report.to_dict())


def test_json_response_sets_type_and_status() -> None:
    response = json_response({"error": {"code": "x"}}, status=400)
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"error": {"code": "x"}}


def test_api_answers_a_token_with_a_huge_integer_claim(client) -> None:
    token = make_token({"sub": "x", "n": 2**100})
    response = client.post("/api/v1/inspect", {"token": token, "at": NOW}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["token"]["payload"]["n"] == 2**100
