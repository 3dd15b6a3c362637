"""JSON answers of the APIs, encoded with orjson.

Why not Django's JsonResponse: a report is a few kilobytes of nested JSON, and the json module
spends more time encoding it (~45 µs) than the engine spends verifying an RS256 signature.
orjson does it ~8x faster. It refuses a few values the json module accepts: integers beyond
64 bits and strings holding a lone UTF-16 surrogate, both of which a token (or a client's
expectations) can carry. Those answers are encoded by the json module instead, with every
non-ASCII character escaped, so no input ever makes an answer fail (tests/test_jsonresponse.py).

The bytes differ from json.dumps (no spaces after separators; UTF-8 rather than \\u escapes);
the JSON value is the same.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

from jwtdebugger.core import Report


def encode(data: Any) -> bytes:
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError:  # also what orjson cannot encode at all: Django's encoder may
        return _encode_with_json(data)


def _encode_with_json(data: Any) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def json_response(data: Any, *, status: int = 200) -> HttpResponse:
    """A JSON answer (any JSON value, not only an object)."""
    return HttpResponse(encode(data), status=status, content_type="application/json")


def report_response(report: Report) -> HttpResponse:
    """A report's JSON form as an answer. orjson writes the checks and claims from their
    dataclasses (`Report.json_outline()`: the same text as `to_dict()`, without a dict per
    check); what orjson refuses goes to the json module as in `encode`, from `to_dict()`."""
    try:
        body = orjson.dumps(report.json_outline())
    except orjson.JSONEncodeError:
        body = _encode_with_json(report.to_dict())
    return HttpResponse(body, content_type="application/json")
