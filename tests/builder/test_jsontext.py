"""JSON text for the editors: errors with line and column, and the engine's limits."""

from __future__ import annotations

import pytest

from jwtdebugger.builder.jsontext import compact, parse_object, value_problem


def problem_of(text: str) -> str:
    value, problem = parse_object(text)
    assert value is None and problem is not None
    return str(problem)


def test_valid_object_keeps_member_order():
    value, problem = parse_object('{"b": 1, "a": {"z": [true, null]}}')
    assert problem is None
    assert list(value) == ["b", "a"]
    assert compact(value) == b'{"b":1,"a":{"z":[true,null]}}'


def test_trailing_comma_is_pointed_at_the_comma():
    value, problem = parse_object('{\n  "sub": "alice",\n  "admin": true,\n}')
    assert value is None
    assert (problem.line, problem.column) == (3, 16)
    assert str(problem) == "Line 3, column 16: a trailing comma: JSON allows no comma after the last member or item"
    assert problem.excerpt == '  "admin": true,'
    assert problem.caret == " " * 15 + "^"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a" 1}', "Line 1, column 6: expected ':' between a member name and its value"),
        (
            "{'a': 1}",
            "Line 1, column 2: expected a member name in double quotes (JSON has no 'single quotes' and no unquoted names)",
        ),
        ('{"a": 1 "b": 2}', "Line 1, column 9: expected a comma between two members or values"),
        (
            '{"a": tru}',
            "Line 1, column 7: expected a value (a string in double quotes, a number, true, false, null, an object or an array)",
        ),
        ('{"a": 1}\n{', "Line 2, column 1: there is more text after the end of the JSON object"),
        ('{"a": "b', "Line 1, column 7: this string has no closing double quote"),
        ('{"a": [1, 2,]}', "Line 1, column 12: a trailing comma: JSON allows no comma after the last member or item"),
    ],
)
def test_syntax_errors_have_line_column_and_a_plain_reason(text, expected):
    assert problem_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "it is empty: write a JSON object, at least {}"),
        ("[1, 2]", "it is an array; a JWT header or payload must be a JSON object, {...}"),
        ('"sub"', "it is a string; a JWT header or payload must be a JSON object, {...}"),
        ('{"a": 1, "a": 2}', "the member 'a' appears more than once; keep one"),
        ('{"a": NaN}', "NaN is not JSON (JavaScript allows it, JSON does not)"),
        ('{"a": 1e400}', "1e400 is too large for a number (it would become infinity)"),
        ('{"a": ' + "1" * 49 + "}", "a number longer than 48 characters cannot be read back by verifiers"),
        ('{"a": ' + "[" * 32 + "]" * 32 + "}", "it is nested more than 32 levels deep"),
        ('{"a": "\\udc00"}', "a string holds a lone UTF-16 surrogate (like \\ud800), which is not valid Unicode"),
    ],
)
def test_values_a_token_cannot_carry(text, expected):
    assert problem_of(text) == expected


def test_depth_32_is_allowed():
    value, problem = parse_object('{"a": ' + "[" * 31 + "]" * 31 + "}")
    assert problem is None and value is not None


def test_long_single_line_shows_a_window_around_the_fault():
    text = '{"a": "' + "x" * 500 + '" "b": 1}'
    value, problem = parse_object(text)
    assert problem.column == 510
    assert problem.excerpt == "…" + "x" * 38 + '" "b": 1}'
    assert problem.excerpt[len(problem.caret) - 1] == '"'  # the caret sits under the "b" that needs a comma before it


def test_tabs_stay_under_tabs():
    _, problem = parse_object('{\n\t"a": tru\n}')
    assert problem.column == 7
    assert problem.caret == "\t     ^"


def test_value_problem_accepts_ordinary_values():
    assert value_problem({"sub": "x", "n": 1.5, "ok": True, "list": [None, {"a": -3}]}) is None
