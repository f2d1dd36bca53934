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
from .model import Segment

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
