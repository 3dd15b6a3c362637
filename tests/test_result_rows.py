"""The result partial's rows rendered in Python (jwtdebugger/templatetags/result_rows.py):
every value escaped exactly as Django's autoescape would, the markup as a template would give."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

from jwtdebugger.markup import esc
from jwtdebugger.presentation import MARK_WORDS, MARKS, Marker, Row, value_json
from jwtdebugger.reports.templatetags.reports import hide_claim_boxes, options
from jwtdebugger.templatetags.result_rows import (
    check_rows,
    claims_table,
    json_section,
    timeline_figure,
    timeline_legend,
    timeline_marks,
    token_section,
    token_spans,
    verdict_box,
)

HOSTILE = "<script>alert('x')</script> & \"quoted\""
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;"


@given(st.text())
def test_esc_is_djangos_escape(text: str) -> None:
    assert esc(text) == escape(text)


@pytest.mark.parametrize("value", [None, 0, 12.5, True, ["<a>"], {"k": "<v>"}])
def test_esc_of_other_values_is_djangos_escape(value: object) -> None:
    assert esc(value) == escape(value)


def test_safe_strings_pass_as_they_are() -> None:
    assert esc(mark_safe("<b>ok</b>")) == "<b>ok</b>"


def row(**fields: str) -> dict[str, str]:
    """A check in its JSON form (Report.to_dict()), as the result partial gets it."""
    return {"id": "claim.exp", "status": "fail", "title": "T", "message": "M", **fields}


def test_check_rows_escape_every_field() -> None:
    html = check_rows([row(title=HOSTILE, message=HOSTILE, lesson=HOSTILE)], lessons=True)
    assert "<script>" not in html
    assert html.count(ESCAPED) == 3  # the title, the message and the lesson link


def test_check_rows_match_the_template_loop_they_replace() -> None:
    rows = [row(title="Expiry (exp)", message="Expired 3 min ago."), row(status="pass"), row(status="skip")]
    loop = Template(
        '{% for row in rows %}<li class="check check-{{ row.status }}"><span class="mark" aria-hidden="true">'
        '{{ row.mark }}</span><span class="visually-hidden">{{ row.mark_word }}:</span>\n  <span class="check-title">'
        '{{ row.title }}</span> <span class="check-message">{{ row.message }}</span></li>\n{% endfor %}'
    ).render(Context({"rows": [{**r, "mark": MARKS[r["status"]], "mark_word": MARK_WORDS[r["status"]]} for r in rows]}))
    assert check_rows(rows) == loop
    assert '<span class="mark" aria-hidden="true">✗</span><span class="visually-hidden">failed:</span>' in loop


def test_check_rows_refuse_an_unknown_status() -> None:
    with pytest.raises(KeyError):
        check_rows([row(status=HOSTILE)])


def test_lesson_links_only_where_asked() -> None:
    rows = [row(lesson="alg-none")]
    assert '<a href="/learn/alg-none/">Learn why</a>' in check_rows(rows, lessons=True)
    assert "Learn why" not in check_rows(rows)


def test_claims_table_escapes_names_values_descriptions_and_dates() -> None:
    rows = [
        Row(name=HOSTILE, value_json=HOSTILE, description=HOSTILE, display=HOSTILE, iso=HOSTILE),
        Row(name="sub", value_json='"a"', description="Subject", display=None, iso=None),
    ]
    html = claims_table(rows, HOSTILE)
    assert "<script>" not in html
    assert html.count(ESCAPED) == 6  # caption, name, value, display, datetime, description
    assert '<span class="display">' in html and html.count("<tr>") == 3  # head + two rows
    assert '<code class="value">&quot;a&quot;</code></td>' in html


def test_token_spans_and_timeline_escape() -> None:
    spans = token_spans(
        [{"css": "part-0", "text": HOSTILE, "name": HOSTILE}, {"css": "part-dot", "text": ".", "name": ""}]
    )
    assert "<script>" not in spans and spans.count(ESCAPED) == 2
    assert '<span class="part-dot">.</span>' in spans
    markers = [Marker(label=HOSTILE, name="exp", x="10.5", text=HOSTILE, css="mark-exp")]
    assert ESCAPED in timeline_marks(markers) and "<script>" not in timeline_marks(markers)
    assert timeline_legend(markers).count(ESCAPED) == 2


def test_options_and_hide_boxes() -> None:
    html = options(
        [{"value": 3600, "label": "1 hour", "selected": True}, {"value": 60, "label": HOSTILE, "selected": False}]
    )
    assert '<option value="3600" selected>1 hour</option>' in html
    assert f'<option value="60">{ESCAPED}</option>' in html
    boxes = hide_claim_boxes([Row("email", '"e"', "", None, None), {"name": HOSTILE}], ["email"])
    assert 'value="email" form="inspect-form" checked>' in boxes
    assert f'value="{ESCAPED}" form="inspect-form">' in boxes and "<script>" not in boxes


def test_hostile_claims_are_escaped_in_the_live_result(client) -> None:
    from tests.keys import SECRET, make_token

    token = make_token({"sub": HOSTILE, HOSTILE: HOSTILE, "exp": 4102444800}, alg="HS256", key=SECRET)
    response = client.post("/", {"token": token, "key_type": "secret", "key": SECRET}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="result"' in html
    assert "<script>" not in html
    assert f"<code>{ESCAPED}</code>" in html  # the claim's name in the claims table and the share form


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner) | st.dictionaries(st.integers(), inner),
    max_leaves=30,
)


@given(JSON_VALUES)
def test_pretty_json_is_json_dumps_indent_2(value: object) -> None:
    import json

    from jwtdebugger.presentation import pretty

    expected = None if value is None else json.dumps(value, indent=2, ensure_ascii=False)
    assert pretty(value) == expected


@given(JSON_VALUES | st.integers(min_value=-(10**60), max_value=10**60))
def test_value_json_is_json_dumps(value: object) -> None:
    import json

    assert value_json(value) == json.dumps(value, ensure_ascii=False)


def test_blocks_escape_every_value() -> None:
    failing = [{"title": HOSTILE, "message": HOSTILE}]
    box = verdict_box(HOSTILE, HOSTILE, HOSTILE, failing, HOSTILE)
    assert "<script>" not in box and box.count(ESCAPED) == 6
    assert '<ul class="verdict-failures">' not in verdict_box("valid", "Valid", "ok", [], None)
    marker = Marker(label=HOSTILE, name="exp", x="1", text=HOSTILE, css="mark-exp")
    timeline = {"state": HOSTILE, "state_text": HOSTILE, "leeway": 30, "leeway_x": HOSTILE, "leeway_width": "1"}
    figure = timeline_figure({**timeline, "window_x": "1", "window_width": "2", "markers": [marker]})
    assert "<script>" not in figure and "(leeway 30 s shaded)" in figure and 'class="leeway"' in figure
    section = token_section([{"css": "part-0", "text": HOSTILE, "name": "header"}], (("part-0", HOSTILE),), HOSTILE)
    assert "<script>" not in section and section.count(ESCAPED) == 3
    rows = [Row(name=HOSTILE, value_json=HOSTILE, description=HOSTILE, display=None, iso=None)]
    json_html = json_section("Payload", HOSTILE, rows, "Claims", "payload-json")
    assert "<script>" not in json_html and 'id="payload-json"' in json_html and "Copy payload JSON" in json_html


def test_share_box_escapes_and_keeps_choices() -> None:
    from jwtdebugger.reports.templatetags.reports import share_box

    html = share_box([{"name": HOSTILE}, Row("sub", '"a"', "", None, None)], "3600", ["sub"], HOSTILE)
    assert "<script>" not in html and html.count(ESCAPED) == 3  # the refusal, the box's value and label
    assert '<option value="3600" selected>1 hour</option>' in html
    assert 'value="sub" form="inspect-form" checked>' in html
    assert 'formaction="/r/" hx-post="/r/"' in html
    assert "share-hide" not in share_box([], None, None, None)


def test_result_body_escapes_keys_and_the_encrypted_layer() -> None:
    from django.template import Context

    from jwtdebugger.templatetags.result_rows import result_body

    context = Context(
        {
            "verdict": "valid",
            "verdict_word": "Valid",
            "verdict_summary": "ok",
            "failing": [],
            "checks": [row(status="pass")],
            "audit": [row(id="lint.x", status="warn", lesson="alg-none")],
            "layer": {"summary": HOSTILE, "checks": [], "header_rows": [], "plaintext": HOSTILE, "nested": False},
            "key_source": {"ok": False, "url": HOSTILE, "message": HOSTILE},
            "key_used": {"description": HOSTILE, "thumbprint": HOSTILE},
            "key_set": [{"kid": HOSTILE, "kty": "RSA", "matched": True, "problems": [HOSTILE]}, {"kid": ""}],
            "evaluated_iso": "2026-11-27T05:00:00Z",
            "evaluated_at": "2026-11-27 05:00:00 UTC",
        }
    )
    html = result_body(context)
    assert "<script>" not in html and html.count(ESCAPED) == 8
    assert '<a href="/learn/alg-none/">Learn why</a>' in html
    assert '<tr class="matched"><th scope="row">' in html and "✓ used" in html
    assert "<code>(none)</code>" in html and "<td>?</td>" in html  # a key without kid or kty
    assert 'id="playground"' not in html and 'id="share"' not in html  # only on the live page (shareable)
