"""Read the forms of a rendered page (stdlib html.parser): action, data-* attributes, fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    attrs: dict[str, str]
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def action(self) -> str:
        return self.attrs.get("action", "")


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._current: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._current = Form(values)
            self.forms.append(self._current)
        elif tag == "input" and self._current is not None and values.get("type") == "hidden" and "name" in values:
            self._current.fields[values["name"]] = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def debugger_forms(html: str) -> list[Form]:
    """The "Open in the debugger" forms that state a promise."""
    return [f for f in forms(html) if f.action == "/" and "data-expect-verdict" in f.attrs]


def simulator_forms(html: str) -> list[Form]:
    return [f for f in forms(html) if f.action == "/simulate/" and "data-expect-status" in f.attrs]
