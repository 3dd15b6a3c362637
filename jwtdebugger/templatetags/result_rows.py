"""The debugger's result, rendered in Python: `{% result_body %}` is the body of the result
partial (index.html#result, also the shared report page), built from the blocks here (verdict,
timeline, token, checks, keys, header and payload tables) and the share form's (in
reports/templatetags/reports.py). Only `result_body` is a tag; the blocks are plain functions.

Why not a template: the result partial is re-rendered on every pause in typing (htmx), and
Django's template language spends several microseconds on each `{{ variable }}`, `{% if %}`
and tag argument. A result with 15 checks, 10 claims and a timeline has some 250 of them, well
over a millisecond per keystroke, the largest single cost of the partial. Here each row is one
f-string, every value escaped with `esc` (the same `html.escape` Django's autoescaping uses),
so a row costs a few microseconds.

Rules kept here, as in a template: the values are decided in presentation.py (this module only
renders), every value goes through `esc` (tests/test_result_rows.py renders hostile values),
and the markup is what the template it replaces gave (checked on every recorded result).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

from django import template
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from jwtdebugger.markup import esc
from jwtdebugger.presentation import MARK_WORDS, MARKS, lesson_url
from jwtdebugger.reports.templatetags.reports import share_box

register = template.Library()


def _check_head(status: str) -> str:
    return (
        f'<li class="check check-{esc(status)}"><span class="mark" aria-hidden="true">{esc(MARKS[status])}</span>'
        f'<span class="visually-hidden">{esc(MARK_WORDS[status])}:</span>\n  <span class="check-title">'
    )


# A row's markup up to its title, per status (the mark and its word are presentation's).
CHECK_HEADS = {status: _check_head(status) for status in MARKS}


def check_rows(rows: Iterable[Mapping[str, Any]], lessons: bool = False) -> SafeString:
    """<li> rows of a `ul.checks` list from checks in their JSON form (status, title, message);
    with `lessons`, a "Learn why" link where a check names a lesson."""
    out = []
    for row in rows:
        lesson = row.get("lesson") if lessons else None
        more = f' <a href="{esc(lesson_url(lesson))}">Learn why</a>' if lesson else ""
        out.append(
            f"{CHECK_HEADS[row['status']]}{esc(row['title'])}</span> "
            f'<span class="check-message">{esc(row["message"])}{more}</span></li>\n'
        )
    return SafeString("".join(out))


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
    return SafeString("".join(f"{_span_open(part['css'], part['name'])}{esc(part['text'])}</span>" for part in parts))


@lru_cache(maxsize=64)  # (css, name) pairs come from presentation's few part names
def _span_open(css: str, name: str) -> str:
    title = f' title="{esc(name)}"' if name else ""
    return f'<span class="{esc(css)}"{title}>'


@lru_cache(maxsize=8)  # presentation's legends are constants
def legend_spans(legend: tuple[tuple[str, str], ...]) -> SafeString:
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


def token_section(parts: Iterable[Mapping[str, str]], legend: tuple[tuple[str, str], ...], cleaned: str) -> SafeString:
    """The token coloured by part, its legend and copy button, and what the clean-up removed."""
    removed = f'<p class="cleaned">Removed before decoding: {esc(cleaned)}.</p>\n' if cleaned else ""
    return SafeString(
        "<h2>Token</h2>\n"
        f'<p class="token-view" id="token-view" tabindex="0" aria-label="The token, coloured by part">{token_spans(parts)}</p>\n'
        f'<p class="legend">{legend_spans(legend)}\n'
        '  <button type="button" class="copy" data-copy-from="token-view">Copy token</button></p>\n'
        f"{removed}"
    )


def json_section(title: str, json_text: str, rows: Iterable[Any], caption: str, element_id: str) -> SafeString:
    """Header or payload: the JSON as decoded, a copy button, and the annotated table."""
    title, element_id = esc(title), esc(element_id)
    return SafeString(
        f'<h2>{title} <button type="button" class="copy" data-copy-from="{element_id}">Copy {title.lower()} JSON</button></h2>\n'
        f'<pre class="json" id="{element_id}" tabindex="0" aria-label="{title} JSON">{esc(json_text)}</pre>\n'
        f"{claims_table(rows, caption)}"
    )


@register.simple_tag(takes_context=True, name="result_partial")
def result_partial_tag(context: Any) -> SafeString:
    """The result partial (`index.html#result`: the page, a shared report) from a template."""
    return result_partial(context.flatten(), context.get("request"))


RESULT_EMPTY = (
    '<div class="empty">\n<p>Paste a token on the left, or pick one from <strong>Examples</strong>. The result'
    " appears here as you type: the verdict first, then every check with what to do about it.</p>\n</div>\n"
)


def result_partial(values: Mapping[str, Any], request: HttpRequest | None = None) -> SafeString:
    """`<div id="result">`: a token-endpoint response's tokens side by side, a token's result,
    the rate-limit notice, or the invitation to paste a token.

    The live page (htmx) asks for this on every pause in typing, and views.index calls it
    directly: through the template engine it costs a third more (a context, its processors,
    the partial's lookup), for the same markup (tests/test_views.py compares the two)."""
    if values.get("has_token_response"):
        inner = (
            '<p class="cleaned">This is a whole token-endpoint response: its tokens are shown side by side and'
            " checked together.</p>\n"
            + render_to_string("learn/token_response.html#response_result", dict(values), request)
        )
    elif values.get("has_result"):
        inner = result_body(values)
    elif values.get("rate_limited"):
        inner = (
            '<div class="verdict verdict-unverified" id="verdict"><p class="verdict-word">Slow down</p>'
            f'<p class="verdict-summary">{esc(values["rate_limited"])}</p></div>\n'
        )
    else:
        inner = RESULT_EMPTY
    return SafeString(f'<div id="result" class="result" aria-live="polite">\n{inner}</div>\n')


def result_body(values: Mapping[str, Any]) -> str:
    """A token's result, in reading order: the verdict first, then the encrypted layer, the
    timeline, the token, every check, the audit, the keys, the header and payload, the share
    form. `values`: presentation.result_context(), with the page's share fields."""
    get: Callable[[str], Any] = values.get  # what the template gave: a value, or None if unset
    token_text = get("token_text")
    shareable = get("shareable")
    out = [verdict_box(get("verdict"), get("verdict_word"), get("verdict_summary"), get("failing"), get("token_kind"))]
    layer = get("layer")
    if layer:
        out.append(_layer_section(layer))
    timeline = get("timeline")
    if timeline:
        out.append(timeline_figure(timeline))
    if token_text:
        out.append(token_section(get("token_parts"), get("legend"), get("cleaned")))
    out.append(f'<h2>Checks</h2>\n<ul class="checks">\n{check_rows(get("checks"))}</ul>\n<h2>Security audit</h2>\n')
    audit = get("audit")
    if audit:
        out.append(f'<ul class="checks audit">\n{check_rows(audit, lessons=True)}</ul>\n')
    else:
        out.append('<p class="hint">No audit findings for this token and key.</p>\n')
    if shareable and token_text:
        out.append(PLAYGROUND)
    key_source, key_set = get("key_source"), get("key_set")
    if key_source or key_set:
        out.append(_keys_section(key_source, get("key_used"), key_set))
    header_json, payload_json = get("header_json"), get("payload_json")
    if header_json:
        out.append(json_section("Header", header_json, get("header_rows"), "Header members", "header-json"))
    if payload_json:
        out.append(json_section("Payload", payload_json, get("payload_rows"), "Claims", "payload-json"))
    if shareable:
        out.append(share_box(get("payload_rows"), get("share_ttl"), get("share_hidden"), get("share_error")))
    out.append(
        f'<p class="evaluated">Evaluated at <time datetime="{esc(get("evaluated_iso"))}" data-local>'
        f"{esc(get('evaluated_at'))}</time>.</p>\n"
    )
    return "".join(out)


# No type="submit": see jwtdebugger/reports/templatetags/reports.py (htmx would reuse its
# formaction for live updates).
PLAYGROUND = (
    '<div id="playground" class="playground">\n'
    "<p>See what the classic forgeries of this token look like, and what a correct server does with them.</p>\n"
    '<button class="secondary" form="inspect-form" formaction="/playground/" hx-post="/playground/"'
    ' hx-include="#inspect-form" hx-target="#playground" hx-swap="innerHTML">Show the attack playground</button>\n'
    "</div>\n"
)


def _layer_section(layer: Mapping[str, Any]) -> str:
    """A JWE's encrypted layer: what decrypting it gave, its checks and protected header."""
    nested = layer.get("nested")
    plaintext = layer.get("plaintext")
    content = (
        '<h3>Decrypted content</h3><pre class="json" tabindex="0" aria-label="Decrypted content">'
        f"{esc(plaintext)}</pre>\n"
        if plaintext and not nested
        else ""
    )
    inner = (
        '<p class="hint">The content is itself a token: it is inspected below, with the verification key.</p>\n'
        if nested
        else ""
    )
    return (
        '<section class="jwe-layer" aria-labelledby="layer-heading">\n'
        '<h2 id="layer-heading">Encrypted layer (JWE)</h2>\n'
        f"<p>{esc(layer.get('summary', ''))}</p>\n"
        f'<ul class="checks">{check_rows(layer.get("checks") or ())}</ul>\n'
        f"{claims_table(layer.get('header_rows') or (), 'JWE protected header')}"
        f"{content}{inner}"
        "</section>\n"
    )


def _keys_section(
    source: Mapping[str, Any] | None, used: Mapping[str, Any] | None, key_set: Iterable[Mapping[str, Any]] | None
) -> str:
    """Where the keys came from (a JWKS URL or discovery), the key used, and the key set."""
    out = ["<h2>Keys</h2>\n"]
    if source:
        url = source.get("url")
        if source.get("ok"):
            found = source.get("discovered_from")
            through = f", found through <code>{esc(found)}</code>" if found else ""
            how = "from cache" if source.get("from_cache") else "fetched now"
            text = f"Key set from <code>{esc(url)}</code>{through} ({how})."
        else:
            where = f" from <code>{esc(url)}</code>" if url else ""
            text = f"Could not get the key set{where}: {esc(source.get('message', ''))}."
        out.append(f'<p class="key-source">{text}</p>\n')
    if used:
        thumbprint = used.get("thumbprint")
        print_text = f"; thumbprint <code>{esc(thumbprint)}</code>" if thumbprint else ""
        out.append(f'<p class="key-used">Key used: {esc(used.get("description", ""))}{print_text}.</p>\n')
    if key_set:
        out.append(
            '<table class="claims key-set">\n'
            '<caption class="visually-hidden">Keys in the key set</caption>\n'
            '<thead><tr><th scope="col">kid</th><th scope="col">Type</th><th scope="col">Size / curve</th>'
            '<th scope="col">use / alg</th><th scope="col">Thumbprint (RFC 7638)</th><th scope="col">Used</th></tr></thead>\n'
            "<tbody>\n"
        )
        for k in key_set:
            matched = k.get("matched")
            row_class = ' class="matched"' if matched else ""
            out.append(
                f'<tr{row_class}><th scope="row"><code>{esc(k.get("kid") or "(none)")}</code></th>'
                f"<td>{esc(k.get('kty') or '?')}</td><td>{esc(k.get('size') or '')}</td>"
                f"<td>{esc(k.get('use') or '')} {esc(k.get('alg') or '')}</td>"
                f'<td><code class="value">{esc(k.get("thumbprint") or "")}</code></td>'
                f"<td>{'✓ used' if matched else ''}</td></tr>\n"
            )
            for problem in k.get("problems") or ():
                out.append(f'<tr class="problem"><td colspan="6">{esc(problem)}</td></tr>\n')
        out.append("</tbody>\n</table>\n")
    return "".join(out)
