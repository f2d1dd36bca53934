"""The one module that talks to markdown-it-py: block structure and inline features as our types.

Everything else in i18npipe sees :class:`Leaf` and :class:`Parsed`, never markdown-it tokens.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

Container = Literal["block quote", "list item", "footnote"]


@dataclass(frozen=True, slots=True)
class Leaf:
    """A block whose inline content is translatable text (paragraph, heading, table cell)."""

    kind: Literal["heading", "paragraph", "table cell"]
    content: str
    """The inline content as markdown-it sees it (table cells: pipes unescaped)."""
    start_line: int
    """0-based first line of the content."""
    end_line: int
    """0-based line after the content (setext underlines excluded)."""
    containers: tuple[Container, ...]
    """Enclosing containers, outermost first."""
    heading_level: int = 0
    setext: bool = False
    cell: int = -1
    """Column index for table cells."""
    header: bool = False
    """True for table header cells."""


@dataclass(frozen=True, slots=True)
class Block:
    """Any block-level element: its nesting depth and line range (for author directives)."""

    depth: int
    start_line: int
    end_line: int
    html: str | None = None
    """The raw text of an HTML block, ``None`` for other blocks."""


@dataclass(frozen=True, slots=True)
class Parsed:
    """The structure of one Markdown document."""

    leaves: tuple[Leaf, ...]
    blocks: tuple[Block, ...]
    env: Mapping[str, Any]
    """Parser environment (link reference definitions), needed to read inline text in context."""


@dataclass(frozen=True, slots=True)
class InlineFeatures:
    """What a piece of inline Markdown contains that a translation must keep."""

    destinations: Counter[str]
    """Link and image destinations, autolink targets."""
    code: Counter[str]
    """Inline code span contents."""
    html: Counter[str]
    """Raw inline HTML tags."""
    elements: Counter[str]
    """Counts of inline element kinds (``strong``, ``em``, ``link``, ``hardbreak``, …)."""
    blocks: tuple[str, ...]
    """Block token types the text parses into on its own (one paragraph is ``("paragraph",)``)."""


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    return md


_MD = _parser()
_CONTAINERS: dict[str, Container] = {
    "blockquote_open": "block quote",
    "list_item_open": "list item",
    "footnote_open": "footnote",
}


def parse(text: str) -> Parsed:
    """Parse ``text`` (line endings already normalized to ``\\n``) into leaves and blocks."""
    env: dict[str, Any] = {}
    tokens = _MD.parse(text, env)
    leaves: list[Leaf] = []
    blocks: list[Block] = []
    stack: list[Container] = []
    cell = -1
    header = False
    heading: Token | None = None
    for i, tok in enumerate(tokens):
        if tok.type in _CONTAINERS:
            stack.append(_CONTAINERS[tok.type])
        elif tok.type in ("blockquote_close", "list_item_close", "footnote_close"):
            stack.pop()
        if tok.map is not None and tok.nesting >= 0 and tok.type != "inline":
            html = tok.content if tok.type == "html_block" else None
            blocks.append(Block(tok.level, tok.map[0], tok.map[1], html))
        if tok.type == "tr_open":
            cell = -1
        elif tok.type in ("th_open", "td_open"):
            cell += 1
            header = tok.type == "th_open"
        elif tok.type == "heading_open":
            heading = tok
        elif tok.type == "inline" and tok.map is not None:
            leaves.append(_leaf(tok, tokens[i - 1], heading, tuple(stack), cell, header))
    return Parsed(tuple(leaves), tuple(blocks), env)


def _leaf(
    tok: Token,
    opener: Token,
    heading: Token | None,
    containers: tuple[Container, ...],
    cell: int,
    header: bool,
) -> Leaf:
    assert tok.map is not None
    start, end = tok.map
    if opener.type == "heading_open" and heading is not None:
        setext = heading.markup in ("=", "-")
        return Leaf(
            "heading",
            tok.content,
            start,
            end,
            containers,
            heading_level=int(heading.tag[1]),
            setext=setext,
        )
    if opener.type in ("th_open", "td_open"):
        return Leaf("table cell", tok.content, start, end, containers, cell=cell, header=header)
    return Leaf("paragraph", tok.content, start, end, containers)


def inline_features(text: str, env: Mapping[str, Any]) -> InlineFeatures:
    """Read the protected features of one segment's text, resolving references from ``env``."""
    features = InlineFeatures(Counter(), Counter(), Counter(), Counter(), ())
    block_types: list[str] = []
    for tok in _MD.parse(text, dict(env)):
        if tok.nesting == 1 or (tok.nesting == 0 and tok.type != "inline"):
            block_types.append(tok.type.removesuffix("_open"))
        for child in tok.children or ():
            _collect(child, features)
    return InlineFeatures(
        features.destinations, features.code, features.html, features.elements, tuple(block_types)
    )


def _collect(tok: Token, into: InlineFeatures) -> None:
    kind = tok.type.removesuffix("_open")
    if tok.nesting == -1 or kind in ("text", "softbreak"):
        return
    into.elements[kind] += 1
    if kind == "link":
        into.destinations[str(tok.attrGet("href"))] += 1
    elif kind == "image":
        into.destinations[str(tok.attrGet("src"))] += 1
    elif kind == "code_inline":
        into.code[tok.content] += 1
    elif kind == "html_inline":
        into.html[tok.content] += 1


def render_html(text: str) -> str:
    """Render Markdown to HTML with the parser i18npipe segments with."""
    return str(_MD.render(text))
