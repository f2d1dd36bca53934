"""Assemble a localized article: splice translations into their spans, copy every other byte."""

from __future__ import annotations

import re
from collections.abc import Mapping

from . import frontmatter
from .model import Document, Segment

Key = tuple[str | None, str]


def assemble(document: Document, translations: Mapping[Key, str]) -> str:
    """The document with each segment whose key is in ``translations`` replaced by its translation.

    A translation equal to its msgid copies the source characters, so an identity catalog gives
    back the source byte for byte.
    """
    eol = _line_ending(document.text)
    out: list[str] = []
    pos = 0
    for seg in document.segments:
        text = translations.get((seg.context, seg.msgid))
        if text is None or text == seg.msgid:
            continue
        out.append(document.text[pos : seg.span.start])
        out.append(render(seg, text, eol))
        pos = seg.span.end
    out.append(document.text[pos:])
    return "".join(out)


def render(segment: Segment, text: str, eol: str = "\n") -> str:
    """How a translation is written into the source in place of ``segment``."""
    if segment.style != "markdown":
        return frontmatter.quote(text, segment.style)
    return text.replace("\n", eol + segment.continuation)


def _line_ending(text: str) -> str:
    match = re.search(r"\r\n|\r|\n", text)
    return match.group(0) if match else "\n"
