"""The repeated rows and the busiest blocks of the debugger's result partial (verdict, timeline,
token, checks, header and payload tables), rendered in Python; the share form's tag, built on
the helpers here, is in reports/templatetags/reports.py. Tags are registered; the helpers they
share (options, spans, marks, check boxes) are plain functions.

Why not template loops: the result partial is re-rendered on every pause in typing (htmx), and
Django's template language spends several microseconds on each `{{ variable }}`. A result with
15 checks, 10 claims and a timeline has some 250 of them inside loops, well over a millisecond
per keystroke, the largest single cost of the partial. Here each row is one f-string, every
value escaped with `esc` (the same `html.escape` Django's autoescaping uses, without its
per-call lazy-string wrapper), so these rows cost a few microseconds each.

Rules kept here, as in a template: the values are decided in presentation.py (these tags only
render), every value goes through `esc` (tests/test_result_rows.py renders hostile values), and
the markup is the same as the template loops it replaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html import escape as _escape
from typing import Any

from django import template
from django.utils.safestring import SafeString

register = template.Library()


_SPECIAL = re.compile("[&<>\"']")


def esc(value: Any) -> str:
    """Escape like Django's autoescape: safe strings as they are, everything else as text."""
    if type(value) is str:  # the common case; most values have nothing to escape
        return _escape(value) if _SPECIAL.search(value) else value
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return _escape(str(value))


@register.simple_tag
def check_rows(rows: Iterable[Mapping[str, Any]], lessons: bool = False) -> SafeString:
    """<li> rows of a `ul.checks` list; with `lessons`, a "Learn why" link where a row has one."""
    out = []
    for row in rows:
        link = row.get("lesson_url") if lessons else None
        more = f' <a href="{esc(link)}">Learn why</a>' if link else ""
        out.append(
            f'<li class="check check-{esc(row["status"])}"><span class="mark" aria-hidden="true">{esc(row["mark"])}</span>'
            f'<span class="visually-hidden">{esc(row["mark_word"])}:</span>\n'
            f'  <span class="check-title">{esc(row["title"])}</span> '
            f'<span class="check-message">{esc(row["message"])}{more}</span></li>\n'
        )
    return SafeString("".join(out))


@register.simple_tag
def claims_table(rows: Iterable[Any], caption: str) -> SafeString:
    """A table of annotated claims or header members (presentation.Row)."""
    body = []
    for row in rows:
        display = row.display
        when = ""
        if display:
            iso = row.iso
            shown = f'<time datetime="{esc(iso)}" data-local>{esc(display)}</time>' if iso else esc(display)
            when = f'<br><span class="display">{shown}</span>'
        body.append(
            f'<tr><th scope="row"><code>{esc(row.name)}</code></th>\n'
            f'    <td><code class="value">{esc(row.value_json)}</code>{when}</td>\n'
            f"    <td>{esc(row.description)}</td></tr>\n"
        )
    return SafeString(
        '<table class="claims">\n'
        f'  <caption class="visually-hidden">{esc(caption)}</caption>\n'
        '  <thead><tr><th scope="col">Name</th><th scope="col">Value</th><th scope="col">Meaning</th></tr></thead>\n'
        f"  <tbody>\n{''.join(body)}  </tbody>\n</table>\n"
    )


def token_spans(parts: Iterable[Mapping[str, str]]) -> SafeString:
    """The token's parts as coloured spans (presentation.token_parts)."""
    out = []
    for part in parts:
        title = f' title="{esc(part["name"])}"' if part["name"] else ""
        out.append(f'<span class="{esc(part["css"])}"{title}>{esc(part["text"])}</span>')
    return SafeString("".join(out))


def legend_spans(legend: Iterable[tuple[str, str]]) -> SafeString:
    """The token view's legend: each part's name in its colour."""
    return SafeString("".join(f'<span class="{esc(css)}">{esc(name)}</span> ' for css, name in legend))


def timeline_marks(markers: Iterable[Any]) -> SafeString:
    """The SVG marks of the timeline (presentation.Marker)."""
    out = []
    for m in markers:
        x = esc(m.x)
        out.append(
            f'<g class="{esc(m.css)}"><line x1="{x}" y1="{esc(m.y1)}" x2="{x}" y2="{esc(m.y2)}"></line>\n'
            f'<text x="{x}" y="{esc(m.label_y)}" text-anchor="middle">{esc(m.label)}</text></g>\n'
        )
    return SafeString("".join(out))


def timeline_legend(markers: Iterable[Any]) -> SafeString:
    """The timeline's legend items: each mark's label and its date in words."""
    return SafeString(
        "".join(f'<li><span class="dot {esc(m.css)}"></span>{esc(m.label)}: {esc(m.text)}</li>' for m in markers)
    )


def options(choices: Iterable[Mapping[str, Any]]) -> SafeString:
    """<option> elements from {"value", "label", "selected"} items."""
    return SafeString(
        "".join(
            f'<option value="{esc(c["value"])}"{" selected" if c["selected"] else ""}>{esc(c["label"])}</option>'
            for c in choices
        )
    )


def hide_claim_boxes(rows: Iterable[Any], hidden: Iterable[str] | None) -> SafeString:
    """The share form's "hide this claim's value" checkboxes, one per payload claim."""
    chosen = set(hidden or ())
    out = []
    for row in rows:
        raw = row["name"] if isinstance(row, dict) else row.name  # a Row, or {"name"} after a failed share
        name = esc(raw)
        checked = " checked" if raw in chosen else ""
        out.append(
            f'<label class="share-claim"><input type="checkbox" name="share_hide" value="{name}" '
            f'form="inspect-form"{checked}> <code>{name}</code></label>\n'
        )
    return SafeString("".join(out))


@register.simple_tag
def verdict_box(
    verdict: str, word: str, summary: str, failing: Iterable[Mapping[str, Any]], kind: str | None
) -> SafeString:
    """The verdict, first thing in the result: the word, the summary, each failed check."""
    failures = "".join(f"<li><strong>{esc(c['title'])}:</strong> {esc(c['message'])}</li>" for c in failing)
    return SafeString(
        f'<div class="verdict verdict-{esc(verdict)}" id="verdict">\n'
        f'  <p class="verdict-word">{esc(word)}</p>\n'
        f'  <p class="verdict-summary">{esc(summary)}</p>\n'
        + (f'  <ul class="verdict-failures">{failures}</ul>\n' if failures else "")
        + (f'  <p class="token-kind">{esc(kind)}</p>\n' if kind else "")
        + "</div>\n"
    )


@register.simple_tag
def timeline_figure(t: Mapping[str, Any]) -> SafeString:
    """The validity window on an SVG axis (presentation.timeline), with a legend in words."""
    state_text = esc(t["state_text"])
    leeway = t["leeway"]
    hint = f' <span class="hint">(leeway {esc(leeway)} s shaded)</span>' if leeway else ""
    shade = (
        f'<rect x="{esc(t["leeway_x"])}" y="44" width="{esc(t["leeway_width"])}" height="32" class="leeway"></rect>\n'
        if leeway
        else ""
    )
    return SafeString(
        f'<figure class="timeline timeline-{esc(t["state"])}">\n'
        f"  <figcaption><strong>{state_text}</strong>{hint}</figcaption>\n"
        f'  <svg viewBox="0 0 1000 120" role="img" aria-label="Timeline: {state_text}">\n'
        '    <line x1="20" y1="60" x2="980" y2="60" class="axis"></line>\n'
        f"    {shade}"
        f'    <rect x="{esc(t["window_x"])}" y="48" width="{esc(t["window_width"])}" height="24" class="window"></rect>\n'
        f"    {timeline_marks(t['markers'])}"
        "  </svg>\n"
        f'  <ul class="timeline-legend">{timeline_legend(t["markers"])}</ul>\n'
        "</figure>\n"
    )


@register.simple_tag
def token_section(parts: Iterable[Mapping[str, str]], legend: Iterable[tuple[str, str]], cleaned: str) -> SafeString:
    """The token coloured by part, its legend and copy button, and what the clean-up removed."""
    removed = f'<p class="cleaned">Removed before decoding: {esc(cleaned)}.</p>\n' if cleaned else ""
    return SafeString(
        "<h2>Token</h2>\n"
        f'<p class="token-view" id="token-view" tabindex="0" aria-label="The token, coloured by part">{token_spans(parts)}</p>\n'
        f'<p class="legend">{legend_spans(legend)}\n'
        '  <button type="button" class="copy" data-copy-from="token-view">Copy token</button></p>\n'
        f"{removed}"
    )


@register.simple_tag
def json_section(title: str, json_text: str, rows: Iterable[Any], caption: str, element_id: str) -> SafeString:
    """Header or payload: the JSON as decoded, a copy button, and the annotated table."""
    title, element_id = esc(title), esc(element_id)
    return SafeString(
        f'<h2>{title} <button type="button" class="copy" data-copy-from="{element_id}">Copy {title.lower()} JSON</button></h2>\n'
        f'<pre class="json" id="{element_id}" tabindex="0" aria-label="{title} JSON">{esc(json_text)}</pre>\n'
        f"{claims_table(rows, caption)}"
    )
