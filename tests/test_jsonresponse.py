"""API answers are encoded with orjson, and with the json module where orjson refuses a value:
the JSON value is always the one json.dumps would give, and nothing makes an answer fail."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from jwtdebugger import examples, services
from jwtdebugger.core import inspect
from jwtdebugger.forms import parse_page_form
from jwtdebugger.jsonresponse import encode, json_response
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


def test_json_response_sets_type_and_status() -> None:
    response = json_response({"error": {"code": "x"}}, status=400)
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"error": {"code": "x"}}


def test_api_answers_a_token_with_a_huge_integer_claim(client) -> None:
    token = make_token({"sub": "x", "n": 2**100})
    response = client.post("/api/v1/inspect", {"token": token, "at": NOW}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["token"]["payload"]["n"] == 2**100
