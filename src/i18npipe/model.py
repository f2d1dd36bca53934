"""The data every stage passes around: frozen dataclasses, no behaviour beyond small helpers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

SegmentKind = Literal[
    "heading",
    "paragraph",
    "list item",
    "block quote",
    "table cell",
    "footnote",
    "front matter",
]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of character offsets into the decoded source text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable piece of an article, and where it sits in the source."""

    msgid: str
    """The text translators see: inline Markdown with soft line breaks joined by one space."""
    span: Span
    """The characters of the source replaced by the translation on assembly."""
    line: int
    """1-based line number of the segment's first line (for ``#:`` references and errors)."""
    kind: SegmentKind
    """What kind of block the text comes from."""
    comment: str
    """Extracted comment naming the kind precisely, e.g. ``heading level 2``."""
    context: str | None = None
    """A msgctxt set by an author directive."""
    notes: tuple[str, ...] = ()
    """Notes for translators set by author directives (``#.`` lines)."""
    continuation: str = ""
    """Prefix to put before each line after the first when the translation has line breaks."""
    style: Literal["markdown", "yaml", "toml"] = "markdown"
    """How a translation is written back: Markdown inline text or a front matter scalar."""


@dataclass(frozen=True, slots=True)
class Document:
    """A segmented source article."""

    path: str
    """Path relative to the project root, with forward slashes (``content/a/b.md``)."""
    text: str
    """The decoded source (BOM and line endings as in the file)."""
    segments: tuple[Segment, ...]
    """Segments in source order."""
    env: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """Parser environment (link reference definitions) for reading segments in context."""
    front_matter: bool = True
    """Whether a leading ``---``/``+++`` block was read as front matter (not Markdown)."""
    warnings: tuple[tuple[int, str], ...] = ()
    """(1-based line, message) for things left untranslated on purpose, e.g. bad front matter."""


@dataclass(frozen=True, slots=True)
class Message:
    """One catalog entry (PO ``msgid``/``msgstr`` pair and its comments)."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    translator_comments: tuple[str, ...] = ()
    """``# `` lines, without the leading ``# `` (an empty string is a bare ``#`` line)."""
    extracted_comments: tuple[str, ...] = ()
    """``#.`` lines, without the leading ``#. ``."""
    references: tuple[str, ...] = ()
    """``#:`` items such as ``content/a.md:12``."""
    flags: tuple[str, ...] = ()
    """``#,`` flags such as ``fuzzy``, in file order."""
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    """``#| msgid`` text: the source a fuzzy translation was made for."""
    obsolete: bool = False
    """True for ``#~`` entries kept after their source text disappeared."""
    line: int = 0
    """1-based line of the ``msgid`` keyword in the file read, 0 when not read from a file."""

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


@dataclass(frozen=True, slots=True)
class Catalog:
    """A parsed PO/POT file: the header fields and the messages in file order."""

    header: tuple[tuple[str, str], ...]
    """Header fields in order, e.g. ``(("Language", "de"), ...)``."""
    messages: tuple[Message, ...] = ()
    header_comments: tuple[str, ...] = field(default=())
    """Translator comments above the header entry, without ``# ``."""
    header_fuzzy: bool = False
    """Whether the header entry carries ``#, fuzzy`` (as ``msginit`` leaves it)."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found while running a stage, reported as ``path:line: severity: message``."""

    path: str
    line: int | None
    severity: Literal["error", "warning"]
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A translation proposed for an entry that has none: from the memory or a fuzzy match."""

    msgstr: str
    score: float
    """Similarity of the matched source to the entry's msgid, 0-100 (100: identical text)."""
    origin: str
    """Where it comes from, for the translator comment, e.g. ``tm content/a.md`` or ``deepl``."""
    source: str
    """The source text the suggestion translates (becomes ``#| msgid`` when it differs)."""
    exact_context: bool = False
    """Identical text in the same article and msgctxt: safe to take without review."""
