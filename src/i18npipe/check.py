"""Check a translation against its source segment: what it must keep so it is safe to publish.

A translator (or a machine) must not be able to break a URL, drop a code span, change a number or
turn a paragraph into a list unnoticed. Problems are returned as data, never raised.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from . import markdown
from .assemble import assemble
from .model import Document, Segment
from .segment import markdown_body

Severity = Literal["error", "warning"]

_TEMPLATE = re.compile(r"\{\{[<%].*?[%>]\}\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one translation; errors keep it from being published."""

    severity: Severity
    message: str


def check_translation(
    segment: Segment, msgstr: str, env: Mapping[str, Any] | None = None
) -> list[Problem]:
    """Problems with ``msgstr`` as a translation of ``segment`` (empty list: safe to publish)."""
    if not msgstr.strip():
        return [Problem("error", "translation is empty or only whitespace")]
    problems = _shape(segment, msgstr)
    problems += _numbers(segment.msgid, msgstr)
    if segment.style == "markdown":
        problems += _markup(segment.msgid, msgstr, env or {})
    return problems


def _shape(segment: Segment, msgstr: str) -> list[Problem]:
    problems = []
    if msgstr != msgstr.strip():
        problems.append(Problem("error", "translation starts or ends with whitespace"))
    if "\n" in msgstr and (
        segment.kind in ("heading", "table cell") or segment.style != "markdown"
    ):
        problems.append(Problem("error", f"a {segment.kind} cannot contain a line break"))
    if segment.kind == "table cell" and re.search(r"(?<!\\)\|", msgstr):
        problems.append(Problem("error", "unescaped '|' would split the table cell; write '\\|'"))
    return problems


def _numbers(msgid: str, msgstr: str) -> list[Problem]:
    # Digit runs, not formatted numbers: "1.5" and "1,5" both read as 1 and 5.
    want, got = Counter(_DIGITS.findall(msgid)), Counter(_DIGITS.findall(msgstr))
    if want == got:
        return []
    return [Problem("error", f"numbers differ from the source: {_diff(want, got)}")]


def _markup(msgid: str, msgstr: str, env: Mapping[str, Any]) -> list[Problem]:
    source = markdown.inline_features(msgid, env)
    target = markdown.inline_features(msgstr, env)
    problems = []
    for what, want, got in (
        ("link destinations", source.destinations, target.destinations),
        ("inline code", source.code, target.code),
        ("HTML tags", source.html, target.html),
        ("template tags", Counter(_TEMPLATE.findall(msgid)), Counter(_TEMPLATE.findall(msgstr))),
    ):
        if want != got:
            problems.append(Problem("error", f"{what} differ from the source: {_diff(want, got)}"))
    if source.blocks != target.blocks:
        problems.append(
            Problem(
                "error",
                f"translation changes the block structure ({', '.join(source.blocks)} "
                f"becomes {', '.join(target.blocks) or 'nothing'}); escape the markup",
            )
        )
    if source.elements != target.elements:
        problems.append(
            Problem(
                "warning",
                f"inline markup differs from the source: {_diff(source.elements, target.elements)}",
            )
        )
    return problems


def _diff(want: Counter[str], got: Counter[str]) -> str:
    missing = ", ".join(repr(k) for k in sorted((want - got).elements()))
    extra = ", ".join(repr(k) for k in sorted((got - want).elements()))
    parts = ([f"missing {missing}"] if missing else []) + ([f"unexpected {extra}"] if extra else [])
    return "; ".join(parts)


Key = tuple[str | None, str]
# Tags compared in context: blocks, and the inline elements a translation must keep anyway
# (links, images, code). Emphasis and line breaks may change with the language.
_STRUCTURE_TAG = re.compile(
    r"<(/?(?:p|h[1-6]|ul|ol|li|blockquote|pre|table|thead|tbody|tr|th|td|hr|a|img|code|section|"
    r"sup|input|div|details|summary))\b"
)
IN_CONTEXT = (
    "in its place in the article, the translation changes the document's structure "
    "(it runs into the text around it); rephrase or escape the markup"
)


def check_document(document: Document, translations: Mapping[Key, str]) -> dict[Key, list[Problem]]:
    """Problems of each translation of ``document``, errors and warnings.

    Beyond :func:`check_translation` on each text alone, the translations are put in place and
    the article's structure (its HTML tags) compared with the source's: a translation that only
    breaks the document in context (a setext heading line becoming a table header, say) is an
    error too. Translations equal to their msgid are not checked (they copy the source).
    """
    problems: dict[Key, list[Problem]] = {}
    accepted: dict[Key, str] = {}
    for seg in document.segments:
        key = (seg.context, seg.msgid)
        text = translations.get(key)
        if text is None or text == seg.msgid or key in problems or key in accepted:
            continue
        found = check_translation(seg, text, document.env)
        problems[key] = found
        if not any(p.severity == "error" for p in found):
            accepted[key] = text
    for key in _breaking_in_context(document, accepted):
        problems[key] = [*problems[key], Problem("error", IN_CONTEXT)]
    return {key: found for key, found in problems.items() if found}


def _breaking_in_context(document: Document, accepted: dict[Key, str]) -> list[Key]:
    source = _structure(document, document.text)
    if not accepted or _structure(document, assemble(document, accepted)) == source:
        return []
    culprits = [
        key
        for key, text in accepted.items()
        if _structure(document, assemble(document, {key: text})) != source
    ]
    rest = {k: v for k, v in accepted.items() if k not in culprits}
    if rest and _structure(document, assemble(document, rest)) != source:
        return list(accepted)  # only some combination breaks it: publish none of them
    return culprits


def _structure(document: Document, text: str) -> list[str]:
    body = markdown_body(text, front_matter=document.front_matter)
    return _STRUCTURE_TAG.findall(markdown.render_html(body))
