"""Restoring a provider's output: reading its placeholders back, validating, putting markup back."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..check import check_translation
from ..model import Segment, SegmentKind, Span
from .placeholders import TOKEN, Placeholder, Protected, RestoreFailure, Style

_XML_TAG = re.compile(
    r"<\s*x\s+id\s*=\s*[\"']?(?P<x>\d+)[\"']?\s*/?\s*>(?:\s*<\s*/\s*x\s*>)?"
    r"|<\s*g\s+id\s*=\s*[\"']?(?P<g>\d+)[\"']?\s*>"
    r"|(?P<close><\s*/\s*g\s*>)",
    re.IGNORECASE,
)
_XML_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")

_Kind = Literal["text", "x", "open", "close"]


@dataclass(frozen=True, slots=True)
class _Token:
    kind: _Kind
    text: str = ""
    id: int = 0
    """Placeholder number (0: an XML ``</g>``, which closes whatever is open)."""


def restore(
    protected: Protected,
    translated: str,
    *,
    kind: SegmentKind = "paragraph",
    style: Style = "markdown",
    env: Mapping[str, Any] | None = None,
) -> str | RestoreFailure:
    """The provider's ``translated`` text with the markup of ``protected`` put back.

    A failure if a placeholder is missing, duplicated, invented or misnested, or if the result
    has problems :func:`~i18npipe.check.check_translation` finds (for a segment of ``kind`` and
    ``style``, references resolved from ``env``) that the source itself does not have.
    """
    tokens = _tokenize(protected, translated)
    if isinstance(tokens, RestoreFailure):
        return tokens
    failure = _validate(protected, tokens)
    if failure is not None:
        return failure
    source = protected.source
    core = _assemble(protected, tokens).strip()
    lead = source[: len(source) - len(source.lstrip())]
    restored = lead + core + source[len(source.rstrip()) :] if source.strip() else source
    problems = _new_problems(protected.source, restored, kind, style, env or {})
    return RestoreFailure("; ".join(problems)) if problems else restored


def _tokenize(protected: Protected, translated: str) -> list[_Token] | RestoreFailure:
    xml = protected.markup == "xml"
    pattern = _XML_TAG if xml else TOKEN
    tokens: list[_Token] = []
    pos = 0
    for match in pattern.finditer(translated):
        text = translated[pos : match.start()]
        tokens.append(_Token("text", _XML_ENTITY.sub(_unescape, text) if xml else text))
        token = _xml_token(match) if xml else _opaque_token(match, protected)
        if isinstance(token, RestoreFailure):
            return token
        tokens.append(token)
        pos = match.end()
    rest = translated[pos:]
    tokens.append(_Token("text", _XML_ENTITY.sub(_unescape, rest) if xml else rest))
    return tokens


def _unescape(match: re.Match[str]) -> str:
    return html.unescape(match.group())


def _xml_token(match: re.Match[str]) -> _Token:
    if match.group("close"):
        return _Token("close")
    if match.group("x"):
        return _Token("x", id=int(match.group("x")))
    return _Token("open", id=int(match.group("g")))


def _opaque_token(match: re.Match[str], protected: Protected) -> _Token | RestoreFailure:
    before, number, after = match.group(1), int(match.group(2)), match.group(3)
    if before and after:
        return RestoreFailure(f"malformed placeholder {match.group()!r}")
    if before:
        return _Token("close", id=number)
    if after:
        return _Token("x", id=number)
    # ``{3}`` for a hidden piece: the provider dropped the slash, the number says what it is.
    table = protected.placeholders
    hidden = 0 < number <= len(table) and table[number - 1].kind == "x"
    return _Token("x" if hidden else "open", id=number)


def _validate(protected: Protected, tokens: list[_Token]) -> RestoreFailure | None:
    table = protected.placeholders
    seen: Counter[int] = Counter()
    open_ids: list[int] = []
    for token in tokens:
        if token.kind == "text":
            continue
        if token.kind == "close":
            if not open_ids:
                return RestoreFailure("a closing placeholder has no opening one")
            top = open_ids.pop()
            if token.id and token.id != top:
                return RestoreFailure(f"placeholders {top} and {token.id} overlap")
            continue
        if not 0 < token.id <= len(table):
            return RestoreFailure(f"placeholder {token.id} is not in the source")
        placeholder = table[token.id - 1]
        if (token.kind == "open") != (placeholder.kind == "g"):
            return RestoreFailure(f"{placeholder} changed from paired to single or back")
        seen[token.id] += 1
        if seen[token.id] > 1:
            return RestoreFailure(f"{placeholder} appears more than once")
        if token.kind == "open":
            open_ids.append(token.id)
    if open_ids:
        return RestoreFailure(f"{table[open_ids[-1] - 1]} is not closed")
    missing = [str(p) for p in table if not seen[p.id]]
    return RestoreFailure(f"missing {', '.join(missing)}") if missing else None


def _assemble(protected: Protected, tokens: list[_Token]) -> str:
    """Put the markup back, tidying whitespace a provider moved to where markup breaks."""
    table = protected.placeholders
    chunks: list[str] = []
    open_ids: list[int] = []
    for token in tokens:
        if token.kind == "text":
            chunks.append(token.text)
        elif token.kind == "x":
            chunks.append(table[token.id - 1].start)
        elif token.kind == "open":
            open_ids.append(token.id)
            chunks.append(table[token.id - 1].start)
        else:
            chunks.append(table[open_ids.pop() - 1].end)
    _tidy(tokens, chunks, table)
    return "".join(chunks)


def _tidy(tokens: list[_Token], chunks: list[str], table: tuple[Placeholder, ...]) -> None:
    open_ids: list[int] = []
    for i, token in enumerate(tokens):
        before = i > 0 and tokens[i - 1].kind == "text"
        after = i + 1 < len(tokens) and tokens[i + 1].kind == "text"
        if token.kind == "open":
            open_ids.append(token.id)
            if table[token.id - 1].trim and after:
                # "** word**" is not emphasis: the space goes before the opening marker.
                rest = chunks[i + 1].lstrip()
                chunks[i] = chunks[i + 1][: len(chunks[i + 1]) - len(rest)] + chunks[i]
                chunks[i + 1] = rest
        elif token.kind == "close":
            if table[open_ids.pop() - 1].trim and before:
                rest = chunks[i - 1].rstrip()
                chunks[i] += chunks[i - 1][len(rest) :]
                chunks[i - 1] = rest
        elif token.kind == "x" and table[token.id - 1].what == "line break":
            # The break keeps its own spacing; spaces around it would indent the next line.
            if before:
                chunks[i - 1] = chunks[i - 1].rstrip(" \t")
            if after:
                chunks[i + 1] = chunks[i + 1].lstrip(" \t")


def _new_problems(
    source: str, restored: str, kind: SegmentKind, style: Style, env: Mapping[str, Any]
) -> list[str]:
    """What the check finds wrong with ``restored`` and not with the source itself.

    Warnings count too: a changed inline structure in machine output is a broken output.
    """
    segment = Segment(source, Span(0, len(source)), 1, kind, kind, style=style)
    known = {p.message for p in check_translation(segment, source, env)}
    return [p.message for p in check_translation(segment, restored, env) if p.message not in known]
