"""The share form ("Share this report"), under every debugger result and in its own answer when
sharing fails; rendered in Python like the result's other blocks (see
jwtdebugger/templatetags/result_rows.py for why), from the debugger's own context.

Its fields belong to #inspect-form through form="inspect-form", so one submission carries the
inspected token, key and expectations together with the share options:
- without JavaScript the button submits #inspect-form to /r/ (its formaction);
- with htmx the button's own hx-post sends the same form (htmx includes a button's form) and
  the answer replaces this box.
The button has no type="submit" attribute on purpose: htmx 2 remembers a type="submit" button
with a form="" attribute as that form's last-clicked submitter and would then send the
debugger's live updates to its formaction as well. A <button> submits by default anyway."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString

from jwtdebugger.markup import esc
from jwtdebugger.reports.forms import DEFAULT_TTL, TTL_CHOICES

register = template.Library()


def share_ttl_options(selected: Any = None) -> SafeString:
    """<option>s of the link lifetimes, with `selected` (seconds, as posted) or the default chosen."""
    try:
        chosen = int(selected) if selected not in (None, "") else DEFAULT_TTL
    except (TypeError, ValueError):
        chosen = DEFAULT_TTL
    return _ttl_options(chosen if chosen in _TTL_VALUES else None)


_TTL_VALUES = frozenset(value for value, _ in TTL_CHOICES)


@lru_cache(maxsize=len(TTL_CHOICES) + 1)  # one per choice, and none chosen
def _ttl_options(chosen: int | None) -> SafeString:
    return options([{"value": value, "label": label, "selected": value == chosen} for value, label in TTL_CHOICES])


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


def share_create_url() -> str:
    """The share button's target, /r/ (reversed once per script prefix: the share form is
    rendered under every live result, and `{% url %}` costs more than the rest of the form)."""
    return _create_url(get_script_prefix())


@lru_cache(maxsize=16)  # bounded: the prefix comes from the server's environ (SCRIPT_NAME)
def _create_url(prefix: str) -> str:
    return reverse("reports:create")


@register.simple_tag
def share_box(payload_rows: Any, ttl: Any = None, hidden: Any = None, error: Any = None) -> SafeString:
    """The whole share form: lifetime, claims to hide, the button, and any refusal."""
    refusal = f'  <p class="field-error" role="alert">{esc(error)}</p>\n' if error else ""
    hide = (
        '  <fieldset class="share-hide">\n'
        '    <legend>Hide claim values <span class="hint">(shown as [hidden] everywhere, messages included)</span></legend>\n'
        f"    {hide_claim_boxes(payload_rows, hidden)}"
        "  </fieldset>\n"
        if payload_rows
        else ""
    )
    url = esc(share_create_url())
    return SafeString(
        '<section id="share" class="share" aria-labelledby="share-heading">\n'
        '  <h2 id="share-heading">Share this report</h2>\n'
        '  <p class="hint">Creates a read-only link to this result for a teammate or a ticket. The link keeps the'
        " decoded header and payload and every check, never the signature, the token or the key.</p>\n"
        f"{refusal}"
        '  <div class="share-options">\n'
        '    <label for="share-ttl">Link expires after</label>\n'
        f'    <select id="share-ttl" name="share_ttl" form="inspect-form">{share_ttl_options(ttl)}</select>\n'
        "  </div>\n"
        f"{hide}"
        f'  <button form="inspect-form" formaction="{url}" hx-post="{url}" hx-target="#share" hx-swap="outerHTML"'
        ' class="share-button">Create share link</button>\n'
        "</section>\n"
    )
