"""Writing the protected text: prose with placeholders of the provider's style, and their table."""

from __future__ import annotations

import re

from ..providers.base import Markup
from .nodes import Atom, Node, Pair, Text
from .placeholders import Placeholder, Protected
from .scan import scan


class _Writer:
    def __init__(self, markup: Markup, keep: tuple[str, ...]) -> None:
        self.markup = markup
        self.keep = _keep_pattern(keep)
        self.out: list[str] = []
        self.table: list[Placeholder] = []

    def write(self, nodes: list[Node]) -> None:
        for node in nodes:
            if isinstance(node, Text):
                self._text(node.text)
            elif isinstance(node, Atom):
                self._hide(node.raw, node.what)
            elif isinstance(node, Pair):
                number = len(self.table) + 1
                inner = _source_of(node.children)
                trim = inner == inner.strip()
                self.table.append(Placeholder(number, "g", node.what, node.start, node.end, trim))
                self.out.append(f'<g id="{number}">' if self.markup == "xml" else f"{{{number}}}")
                self.write(node.children)
                self.out.append("</g>" if self.markup == "xml" else f"{{/{number}}}")

    def _hide(self, raw: str, what: str) -> None:
        number = len(self.table) + 1
        self.table.append(Placeholder(number, "x", what, raw))
        self.out.append(f'<x id="{number}"/>' if self.markup == "xml" else f"{{{number}/}}")

    def _text(self, text: str) -> None:
        pos = 0
        for term in self.keep.finditer(text) if self.keep else ():
            self._prose(text[pos : term.start()])
            self._hide(term.group(), "keep term")
            pos = term.end()
        self._prose(text[pos:])

    def _prose(self, text: str) -> None:
        if self.markup == "xml":
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        self.out.append(text)


def _keep_pattern(keep: tuple[str, ...]) -> re.Pattern[str] | None:
    terms = sorted({t.strip() for t in keep if t.strip()}, key=len, reverse=True)
    if not terms:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, t.split())) for t in terms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _source_of(nodes: list[Node]) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, Atom):
            parts.append(node.raw)
        elif isinstance(node, Pair):
            parts.append(node.start + _source_of(node.children) + node.end)
    return "".join(parts)


def protect(text: str, *, markup: Markup, keep: tuple[str, ...] = ()) -> Protected:
    """``text`` with its markup and ``keep`` terms replaced by placeholders of style ``markup``."""
    writer = _Writer(markup, keep)
    writer.write(scan(text.strip(), markup))
    return Protected(text, "".join(writer.out), markup, tuple(writer.table))
