"""Segment a Markdown article into translatable pieces, each with its exact span in the source.

Segmentation happens once: assembly splices translations into the recorded spans and copies every
other character, so nothing outside translated text can change.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from . import frontmatter, markdown
from .model import Document, Segment, SegmentKind, Span

DEFAULT_FRONT_MATTER_KEYS = ("title", "description", "summary")

_EOL = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    """Offset of the line's first character in the document."""
    text: str
    """The line without its end-of-line, NUL replaced as the parser does."""


@dataclass(frozen=True, slots=True)
class _Located:
    span: Span
    msgid: str
    continuation: str


def segment(
    text: str,
    path: str,
    *,
    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS,
    front_matter: bool = True,
) -> Document:
    """Split ``text`` (the decoded article at ``path``) into segments in source order."""
    bom = 1 if text.startswith("\ufeff") else 0
    lines = _split_lines(text, bom)
    block = frontmatter.find_block(text, bom) if front_matter else None
    skip = block.lines if block else 0
    parsed = markdown.parse("\n".join("" if i < skip else ln.text for i, ln in enumerate(lines)))
    segments: list[Segment] = []
    warnings: list[tuple[int, str]] = []
    if block is not None:
        segments.extend(_front_matter(text, block, front_matter_keys, lines))
        bad = frontmatter.problem(text, block)
        if bad is not None:
            warnings.append((bad[0] + 2, f"{bad[1]}; its values are not translated"))
    directives = _Directives.read(parsed)
    rows: dict[int, list[Span] | None] = {}
    for leaf in parsed.leaves:
        located = _locate(leaf, lines, rows)
        if located is None or not has_words(located.msgid) or directives.skipped(leaf.start_line):
            continue
        kind, comment = _describe(leaf)
        segments.append(
            Segment(
                located.msgid,
                located.span,
                leaf.start_line + 1,
                kind,
                comment,
                context=directives.context(leaf.start_line),
                notes=directives.notes(leaf.start_line),
                continuation=located.continuation,
            )
        )
    segments.sort(key=lambda s: s.span.start)
    return Document(path, text, tuple(segments), parsed.env, front_matter, tuple(warnings))


def markdown_body(text: str, *, front_matter: bool = True) -> str:
    """The part of ``text`` that is Markdown: without a BOM and without front matter."""
    bom = 1 if text.startswith("\ufeff") else 0
    block = frontmatter.find_block(text, bom) if front_matter else None
    return text[block.end :].split("\n", 1)[-1] if block else text[bom:]


def _split_lines(text: str, offset: int) -> list[_Line]:
    lines = []
    pos = offset
    for match in _EOL.finditer(text, offset):
        lines.append(_Line(pos, text[pos : match.start()].replace("\0", "\ufffd")))
        pos = match.end()
    lines.append(_Line(pos, text[pos:].replace("\0", "\ufffd")))
    return lines


def _front_matter(
    text: str, block: frontmatter.Block, keys: tuple[str, ...], lines: list[_Line]
) -> list[Segment]:
    starts = [ln.start for ln in lines]
    return [
        Segment(
            value.text,
            Span(value.start, value.end),
            bisect.bisect_right(starts, value.start),
            "front matter",
            f"front matter: {value.key}",
            style=block.flavor,
        )
        for value in frontmatter.find_values(text, block, keys)
    ]


# --- locating a leaf's text in the source


def _locate(
    leaf: markdown.Leaf, lines: list[_Line], rows: dict[int, list[Span] | None]
) -> _Located | None:
    if not leaf.content:
        return None
    if leaf.kind == "table cell":
        return _locate_cell(leaf, lines, rows)
    if leaf.kind == "heading" and not leaf.setext:
        return _locate_atx(leaf, lines[leaf.start_line])
    return _locate_lines(leaf, lines)


def _locate_lines(leaf: markdown.Leaf, lines: list[_Line]) -> _Located | None:
    """Paragraphs and setext headings: the content is a suffix of each of its lines."""
    content = leaf.content.split("\n")
    if len(content) != leaf.end_line - leaf.start_line:
        return None
    pieces: list[str] = []
    first = last = 0
    for i, part in enumerate(content):
        line = lines[leaf.start_line + i].text
        if i == len(content) - 1:
            line = line.rstrip()
        part = part if i == 0 else part.lstrip(" \t")
        if not line.endswith(part):
            return None
        pos = len(line) - len(part)
        pieces.append(line[pos:])
        if i == 0:
            first = pos
        last = len(line)
    head = lines[leaf.start_line]
    start = head.start + first
    end = lines[leaf.end_line - 1].start + last
    prefix = head.text[:first]
    located = _Located(Span(start, end), join_lines(pieces), re.sub(r"[^>\s]", " ", prefix))
    if "list item" in leaf.containers[-1:]:
        return _strip_task_marker(located, prefix)
    return located


_TASK = re.compile(r"\[[ xX]\][ \t]+(?=\S)")


def _strip_task_marker(located: _Located, prefix: str) -> _Located:
    # "- [ ] text": the checkbox is markup, not text (only at the start of the item's first line).
    match = _TASK.match(located.msgid)
    if match is None or not re.search(r"(?:[-+*]|\d[.)])[ \t]+$", prefix):
        return located
    span = Span(located.span.start + match.end(), located.span.end)
    return _Located(span, located.msgid[match.end() :], located.continuation)


def _locate_atx(leaf: markdown.Leaf, line: _Line) -> _Located | None:
    hashes = line.text.find("#")
    while 0 <= hashes < len(line.text) and line.text[hashes] == "#":
        hashes += 1
    pos = line.text.find(leaf.content, hashes)
    if hashes < 0 or pos < 0:
        return None
    start = line.start + pos
    return _Located(Span(start, start + len(leaf.content)), leaf.content, "")


def _locate_cell(
    leaf: markdown.Leaf, lines: list[_Line], rows: dict[int, list[Span] | None]
) -> _Located | None:
    if leaf.start_line not in rows:
        rows[leaf.start_line] = _row_cells(lines[leaf.start_line], leaf)
    cells = rows[leaf.start_line]
    if cells is None or leaf.cell >= len(cells):
        return None
    span = cells[leaf.cell]
    line = lines[leaf.start_line]
    raw = line.text[span.start - line.start : span.end - line.start]
    if _unescape_pipes(raw) != leaf.content:
        return None
    return _Located(span, raw, "")


_PREFIX_CHARS = frozenset(" \t>-+*.)0123456789")


def _row_cells(line: _Line, leaf: markdown.Leaf) -> list[Span] | None:
    """Cell spans of a table row, found after whatever container prefix the line has."""
    for k in range(len(line.text)):
        if k and line.text[k - 1] not in _PREFIX_CHARS:
            break
        cells = split_row(line.text, k)
        if cells and leaf.cell < len(cells):
            first = cells[0]
            raw = line.text[first.start : first.end]
            if leaf.cell != 0 or _unescape_pipes(raw) == leaf.content:
                return [Span(line.start + c.start, line.start + c.end) for c in cells]
    return None


def split_row(text: str, offset: int = 0) -> list[Span]:
    """Cell spans (trimmed) of a GFM table row, splitting like markdown-it's ``escapedSplit``."""
    stripped = text[offset:].strip()
    if not stripped:
        return []
    base = text.index(stripped, offset)
    bounds: list[tuple[int, int]] = []
    last = 0
    escaped = False
    for pos, ch in enumerate(stripped):
        if ch == "|" and not escaped:
            bounds.append((last, pos))
            last = pos + 1
        escaped = ch == "\\"
    bounds.append((last, len(stripped)))
    if bounds and bounds[0][0] == bounds[0][1]:
        bounds.pop(0)
    if bounds and bounds[-1][0] == bounds[-1][1]:
        bounds.pop()
    spans = []
    for start, end in bounds:
        cell = stripped[start:end]
        inner = cell.strip()
        lead = len(cell) - len(cell.lstrip())
        spans.append(Span(base + start + lead, base + start + lead + len(inner)))
    return spans


def _unescape_pipes(raw: str) -> str:
    return re.sub(r"\\\|", "|", raw).strip()


# --- msgid text


def join_lines(pieces: list[str]) -> str:
    """Join a block's content lines into one msgid.

    Soft line breaks become one space (so rewrapping the source does not change the msgid); hard
    breaks are kept as a visible backslash before ``\\n``. Inside code spans a line ending is a
    space by the CommonMark spec, so it becomes one.
    """
    text = "\n".join(pieces)
    code = code_ranges(text)
    out: list[str] = []
    pos = 0
    for match in re.finditer("\n", text):
        nl = match.start()
        before = text[pos:nl]
        if any(start < nl < end for start, end in code):
            out.append(before + " ")
        elif re.search(r"(?<!\\)(?:\\\\)*\\$", before):
            out.append(before + "\n")
        elif before.endswith("  ") and not before.rstrip(" ").endswith("\\"):
            out.append(before.rstrip(" ") + "\\\n")
        elif before.endswith("  "):
            out.append(before + "\n")  # "\  " before a break: keep the spaces form
        else:
            out.append(before.rstrip(" \t") + " ")
        pos = nl + 1
    out.append(text[pos:])
    return "".join(out)


def code_ranges(text: str) -> list[tuple[int, int]]:
    """Spans of inline code (backtick strings closed by one of equal length)."""
    ranges = []
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] != "`":
            i += 1
            continue
        run = _run_end(text, i)
        close = _closing_run(text, run, run - i)
        if close is None:
            i = run
        else:
            ranges.append((i, close))
            i = close
    return ranges


def _run_end(text: str, i: int) -> int:
    while i < len(text) and text[i] == "`":
        i += 1
    return i


def _closing_run(text: str, pos: int, length: int) -> int | None:
    while (pos := text.find("`", pos)) >= 0:
        end = _run_end(text, pos)
        if end - pos == length:
            return end
        pos = end
    return None


_NON_TEXT = re.compile(
    r"\{\{[<%].*?[%>]\}\}|\{%.*?%\}|\{\{.*?\}\}"  # template tags
    r"|`+[^`]*`+"  # code
    r"|<[^<>\s]+:[^<>\s]*>|<[^<>]*>"  # autolinks, HTML tags
    r"|\]\([^)]*\)|https?://\S+",  # link destinations, bare URLs
    re.DOTALL,
)


def has_words(text: str) -> bool:
    """Whether ``text`` has letters outside code, URLs, tags and template tags."""
    rest = _NON_TEXT.sub(" ", text)
    return any(unicodedata.category(ch).startswith("L") for ch in rest)


# --- kinds and comments


def _describe(leaf: markdown.Leaf) -> tuple[SegmentKind, str]:
    outer = "".join(f" in {c}" for c in reversed(leaf.containers))
    if leaf.kind == "heading":
        return "heading", f"heading level {leaf.heading_level}{outer}"
    if leaf.kind == "table cell":
        return "table cell", ("table header cell" if leaf.header else "table cell") + outer
    if not leaf.containers:
        return "paragraph", "paragraph"
    inner = leaf.containers[-1]
    rest = "".join(f" in {c}" for c in reversed(leaf.containers[:-1]))
    return inner, inner + rest


# --- author directives

_DIRECTIVE = re.compile(
    r"<!--\s*i18n:?\s+(skip|off|on|note|context)\b[ \t:]*(.*?)\s*-->", re.DOTALL
)


@dataclass(frozen=True, slots=True)
class _Directives:
    """What HTML-comment directives say about lines: skipped, context, notes."""

    skip: frozenset[int]
    contexts: dict[int, str]
    notes_at: dict[int, tuple[str, ...]]

    @classmethod
    def read(cls, parsed: markdown.Parsed) -> _Directives:
        skip: set[int] = set()
        contexts: dict[int, str] = {}
        notes: dict[int, tuple[str, ...]] = {}
        off_from: int | None = None
        for index, block in enumerate(parsed.blocks):
            for verb, arg in _DIRECTIVE.findall(block.html or ""):
                if verb == "off":
                    off_from = block.end_line
                elif verb == "on" and off_from is not None:
                    skip.update(range(off_from, block.start_line))
                    off_from = None
                else:
                    target = _next_block(parsed.blocks, index)
                    if target is None:
                        continue
                    lines = range(target.start_line, target.end_line)
                    if verb == "skip":
                        skip.update(lines)
                    for line in lines:
                        if verb == "context":
                            contexts[line] = arg
                        elif verb == "note":
                            notes[line] = (*notes.get(line, ()), arg)
        if off_from is not None:
            skip.update(range(off_from, max((b.end_line for b in parsed.blocks), default=0)))
        return cls(frozenset(skip), contexts, notes)

    def skipped(self, line: int) -> bool:
        return line in self.skip

    def context(self, line: int) -> str | None:
        return self.contexts.get(line)

    def notes(self, line: int) -> tuple[str, ...]:
        return self.notes_at.get(line, ())


def _next_block(blocks: tuple[markdown.Block, ...], index: int) -> markdown.Block | None:
    current = blocks[index]
    for block in blocks[index + 1 :]:
        if block.depth == current.depth and block.start_line >= current.end_line:
            return block if block.html is None else None
        if block.depth < current.depth:
            return None
    return None
