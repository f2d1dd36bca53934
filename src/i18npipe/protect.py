"""Markup protection: hide what a machine translator must not touch behind placeholders.

Before a text goes to a provider, everything that is not prose (inline code, URLs, link and image
destinations, raw HTML, template tags, emphasis markers, escapes, entities, line breaks,
never-translate terms) is replaced by a placeholder; the prose inside links and emphasis stays
translatable between a pair of placeholders. :func:`restore` puts the markup back and refuses
output whose placeholders or Markdown structure did not survive.

Two placeholder styles, chosen by the provider's ``markup``:

- ``xml``: ``<x id="1"/>`` for a hidden piece, ``<g id="2">…</g>`` around translatable text (the
  XLIFF inline tags). DeepL (``tag_handling=xml``) and LibreTranslate (``format=html``) parse and
  keep them; the prose around them is XML-escaped so it is well-formed.
- ``opaque``: ``{1/}`` and ``{2}…{/2}``, the placeholder shapes Google's own translation tools put
  in text for its engine (Google Translator Toolkit), kept by Google and MyMemory (whose machine
  fallback is Google's or Microsoft's engine). Digits in braces survive where ``⟦1⟧`` or ``__X1__``
  get respaced, transliterated or translated; source text that already looks like one is itself
  protected, so a token in the output is always ours.

:func:`restore` reads both leniently (spaces, quote styles, ``<x …></x>``, full-width braces),
then demands every placeholder exactly once and properly nested, and checks the result with
:func:`i18npipe.check.check_translation`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .check import check_translation
from .model import Segment, SegmentKind, Span
from .providers.base import Markup

Style = Literal["markdown", "yaml", "toml"]


@dataclass(frozen=True, slots=True)
class Placeholder:
    """One protected piece of the source."""

    id: int
    """Number used in the placeholder, from 1 in text order."""
    kind: Literal["x", "g"]
    """``x``: a hidden piece; ``g``: markup around translatable text."""
    what: str
    """What it hides, for messages: ``code``, ``link``, ``emphasis``, ``keep term``, …"""
    start: str
    """The hidden text (``x``) or the opening markup (``g``, e.g. ``[`` or ``**``)."""
    end: str = ""
    """The closing markup of a ``g`` (``](https://…)`` or ``**``)."""
    trim: bool = False
    """Whitespace a provider puts just inside this ``g`` moves outside (the source has none)."""

    def __str__(self) -> str:
        return f"placeholder {self.id} ({self.what} {self.start + self.end!r})"


@dataclass(frozen=True, slots=True)
class Protected:
    """A source text ready for a provider, and what is needed to put its markup back."""

    source: str
    """The original text."""
    text: str
    """What the provider is sent: prose with placeholders, no leading/trailing whitespace."""
    markup: Markup
    placeholders: tuple[Placeholder, ...]
    """Indexed by ``id - 1``."""


@dataclass(frozen=True, slots=True)
class RestoreFailure:
    """Why a provider's output cannot be used."""

    reason: str

    def __str__(self) -> str:
        return self.reason


# --- scanning the source into nodes


@dataclass(slots=True)
class _Text:
    text: str


@dataclass(slots=True)
class _Atom:
    raw: str
    what: str


@dataclass(slots=True)
class _Pair:
    start: str
    end: str
    children: list[_Node]
    what: str


@dataclass(slots=True, eq=False)
class _Delim:
    """A run of ``*``, ``_`` or ``~~`` that may open or close emphasis."""

    char: str
    count: int
    length: int
    can_open: bool
    can_close: bool


@dataclass(slots=True, eq=False)
class _Opener:
    raw: str
    start: int
    active: bool = True


_Node = _Text | _Atom | _Pair | _Delim | _Opener

_NEXT = re.compile(
    r"[ \t]*\\?\n|[`<{\\&*_~\[\]!\uff5b]|(?<![\w/.@-])(?:https?://|ftp://|www\.)", re.IGNORECASE
)
_BREAK = re.compile(r"[ \t]*\\?\n[ \t]*")
_ATTR = (
    r"(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*"
    r"(?:\s*=\s*(?:[^\"'=<>`\x00-\x20]+|'[^']*'|\"[^\"]*\"))?)"
)
_ANGLE = re.compile(
    r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\x00-\x20]*>"  # autolink
    r"|<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>"  # email autolink
    rf"|<[A-Za-z][A-Za-z0-9-]*{_ATTR}*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>"
    r"|<!-->|<!--->|<!--.*?-->|<\?.*?\?>|<![A-Za-z][^>]*>|<!\[CDATA\[.*?\]\]>",
    re.DOTALL,
)
_TEMPLATE = re.compile(r"\{\{[<%].*?[%>]\}\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_TOKEN = re.compile(r"[{\uff5b]\s*(/?)\s*(\d+)\s*(/?)\s*[}\uff5d]")
"""An opaque placeholder as a provider may return it; also what source text must not look like."""
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\[\]`*]*", re.IGNORECASE)
_ANGLE_DEST = re.compile(r"<(?:[^<>\n\\]|\\.)*>")
_TITLE = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)", re.DOTALL)
_LABEL = re.compile(r"\[((?:[^\[\]\\]|\\.){0,999})\]", re.DOTALL)


class _Scanner:
    """Splits inline Markdown into nodes, following CommonMark's precedence rules."""

    def __init__(self, text: str, markup: Markup) -> None:
        self.text = text
        self.markup = markup
        self.nodes: list[_Node] = []
        self.openers: list[_Opener] = []

    def scan(self) -> list[_Node]:
        pos = 0
        while (found := _NEXT.search(self.text, pos)) is not None:
            self._add_text(self.text[pos : found.start()])
            pos = self._special(found.start())
        self._add_text(self.text[pos:])
        return _emphasis(self.nodes)

    def _add_text(self, text: str) -> None:
        if text:
            self.nodes.append(_Text(text))

    def _atom(self, match: re.Match[str] | None, what: str) -> int | None:
        if match is None:
            return None
        self.nodes.append(_Atom(match.group(), what))
        return match.end()

    def _special(self, pos: int) -> int:
        """Handle the construct that may start at ``pos``; the offset to continue from."""
        text, ch = self.text, self.text[pos]
        end: int | None = None
        if ch in " \t\n" or text.startswith("\\\n", pos):
            end = self._atom(_BREAK.match(text, pos), "line break")
        elif ch == "`":
            end = self._code(pos)
        elif ch == "<":
            end = self._atom(_ANGLE.match(text, pos), "HTML or autolink")
        elif ch in "{\uff5b":  # full-width too: providers may return it for CJK
            end = self._atom(_TEMPLATE.match(text, pos), "template tag")
            if end is None and self.markup == "opaque":
                end = self._atom(_TOKEN.match(text, pos), "placeholder-like text")
        elif ch == "\\":
            end = self._atom(_ESCAPE.match(text, pos), "escape")
        elif ch == "&":
            end = self._atom(_ENTITY.match(text, pos), "entity")
        elif ch in "*_~":
            end = self._delimiter(pos)
        elif ch == "[" or text.startswith("![", pos):
            self.openers.append(_Opener("![" if ch == "!" else "[", pos))
            self.nodes.append(self.openers[-1])
            end = pos + len(self.openers[-1].raw)
        elif ch == "]":
            end = self._close(pos)
        elif ch != "!":  # what is left: the start of a bare URL
            end = self._url(pos)
        if end is None:
            self._add_text(ch)
            return pos + 1
        return end

    def _code(self, pos: int) -> int:
        run = _run(self.text, pos, "`")
        for closing in re.finditer(r"`+", self.text[pos + run :]):
            if len(closing.group()) == run:
                end = pos + run + closing.end()
                self.nodes.append(_Atom(self.text[pos:end], "code"))
                return end
        self._add_text("`" * run)  # no closing run: the backticks are literal
        return pos + run

    def _url(self, pos: int) -> int | None:
        match = _URL.match(self.text, pos)
        if match is None:
            return None
        url = match.group()
        while url and (
            url[-1] in ".,:;!?'\"*_~" or (url[-1] == ")" and url.count("(") < url.count(")"))
        ):
            url = url[:-1]
        if len(url) <= len(match.group().split("/")[0]) + 2:
            return None
        self.nodes.append(_Atom(url, "URL"))
        return pos + len(url)

    def _delimiter(self, pos: int) -> int:
        char = self.text[pos]
        length = _run(self.text, pos, char)
        end = pos + length
        if char == "~" and length < 2:
            self._add_text("~")
            return end
        if char == "~" and length % 2:
            self._add_text("~")  # as markdown-it: an odd run's first tilde is text
            length -= 1
        before = self.text[pos - 1] if pos else " "
        after = self.text[end] if end < len(self.text) else " "
        left = not after.isspace() and (not _punct(after) or before.isspace() or _punct(before))
        right = not before.isspace() and (not _punct(before) or after.isspace() or _punct(after))
        if char == "_":
            can_open = left and (not right or _punct(before))
            can_close = right and (not left or _punct(after))
        else:
            can_open, can_close = left, right
        self.nodes.append(_Delim(char, length, length, can_open, can_close))
        return end

    def _close(self, pos: int) -> int | None:
        """A ``]``: a link or image if a destination or reference follows, else literal."""
        opener = self.openers.pop() if self.openers else None
        if opener is None or not opener.active:
            # A stray "](url)": hidden, or a "[" a provider adds would make it a link.
            end = _inline_tail(self.text, pos + 1)
            if end is None:
                return None
            self.nodes.append(_Atom(self.text[pos:end], "link"))
            return end
        at = _index(self.nodes, opener)
        end = _inline_tail(self.text, pos + 1)
        label = _LABEL.match(self.text, pos + 1) if end is None else None
        if end is None and label is not None and label.group(1).strip():
            end = label.end()  # full reference: the label is kept, the text translated
        if end is not None:
            self._link(opener, at, pos, end)
            return end
        inner = self.text[opener.start + len(opener.raw) : pos]
        if label is not None and not label.group(1):
            end = label.end()  # collapsed reference: the text is the label, keep it all
        elif not inner.strip() or re.search(r"(?<!\\)[\[\]]", inner):
            return None
        # A shortcut reference (or footnote, or bracketed text): its text is its label.
        del self.nodes[at:]
        self.nodes.append(_Atom(self.text[opener.start : end or pos + 1], "reference"))
        return end or pos + 1

    def _link(self, opener: _Opener, at: int, pos: int, end: int) -> None:
        children = _emphasis(self.nodes[at + 1 :])
        del self.nodes[at:]
        if all(isinstance(c, _Text) and not c.text.strip() for c in children):
            self.nodes.append(_Atom(self.text[opener.start : end], "link"))
        else:
            what = "image" if opener.raw == "![" else "link"
            self.nodes.append(_Pair(opener.raw, self.text[pos:end], children, what))
        if opener.raw == "[":
            for earlier in self.openers:  # links cannot contain links
                if earlier.raw == "[":
                    earlier.active = False


def _run(text: str, pos: int, char: str) -> int:
    end = pos
    while end < len(text) and text[end] == char:
        end += 1
    return end - pos


def _punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def _index(nodes: list[_Node], node: _Node) -> int:
    return next(i for i, n in enumerate(nodes) if n is node)


def _inline_tail(text: str, pos: int) -> int | None:
    """The end of ``(destination "title")`` starting at ``pos``, or ``None``."""
    if not text.startswith("(", pos):
        return None
    i = _skip_space(text, pos + 1)
    angle = _ANGLE_DEST.match(text, i)
    after = angle.end() if angle else None if text.startswith("<", i) else _raw_destination(text, i)
    if after is None:
        return None
    j = _skip_space(text, after)
    if j > after and j < len(text) and text[j] in "\"'(":
        title = _TITLE.match(text, j)
        if title is None:
            return None
        j = _skip_space(text, title.end())
    return j + 1 if text.startswith(")", j) else None


def _raw_destination(text: str, i: int) -> int | None:
    depth = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and _ESCAPE.match(text, i):
            i += 2
            continue
        # Only ASCII space and controls end a destination (a no-break space does not).
        if ch == " " or ord(ch) < 0x20 or ch == "\x7f" or (ch == ")" and depth == 0):
            break
        depth += {"(": 1, ")": -1}.get(ch, 0)
        i += 1
    return i if depth == 0 else None


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\n":
        i += 1
    return i


def _emphasis(nodes: list[_Node]) -> list[_Node]:
    """CommonMark's "process emphasis": pair delimiter runs into emphasis nodes."""
    j = 0
    while j < len(nodes):
        closer = nodes[j]
        if not isinstance(closer, _Delim) or not closer.can_close or not closer.count:
            j += 1
            continue
        k = _opener_for(nodes, j, closer)
        if k is None:
            j += 1
            continue
        opener = nodes[k]
        assert isinstance(opener, _Delim)
        use = 2 if opener.count >= 2 and closer.count >= 2 else 1
        opener.count -= use
        closer.count -= use
        marks = closer.char * use
        what = {"~": "strikethrough", "*": "emphasis", "_": "emphasis"}[closer.char]
        pair = _Pair(marks, marks, _plain(nodes[k + 1 : j]), what)
        nodes[k + 1 : j] = [pair]
        j = k + 2
        if not opener.count:
            del nodes[k]
            j -= 1
        if not closer.count:
            del nodes[j]
    return _plain(nodes)


def _opener_for(nodes: list[_Node], j: int, closer: _Delim) -> int | None:
    for k in range(j - 1, -1, -1):
        opener = nodes[k]
        if not (isinstance(opener, _Delim) and opener.char == closer.char and opener.can_open):
            continue
        if not opener.count:
            continue
        if closer.char == "~":
            if opener.count >= 2 and closer.count >= 2:
                return k
            continue
        both = opener.can_close or closer.can_open
        total = opener.length + closer.length
        if both and total % 3 == 0 and (opener.length % 3 or closer.length % 3):
            continue  # CommonMark's "rule of 3"
        return k
    return None


def _plain(nodes: list[_Node]) -> list[_Node]:
    """Unmatched delimiters and brackets become text; neighbouring texts merge."""
    out: list[_Node] = []
    for node in nodes:
        if isinstance(node, _Delim):
            node = _Text(node.char * node.count)
        elif isinstance(node, _Opener):
            node = _Text(node.raw)
        if isinstance(node, _Text) and out and isinstance(out[-1], _Text):
            out[-1] = _Text(out[-1].text + node.text)
        elif not isinstance(node, _Text) or node.text:
            out.append(node)
    return out


# --- writing the protected text


class _Writer:
    def __init__(self, markup: Markup, keep: tuple[str, ...]) -> None:
        self.markup = markup
        self.keep = _keep_pattern(keep)
        self.out: list[str] = []
        self.table: list[Placeholder] = []

    def write(self, nodes: list[_Node]) -> None:
        for node in nodes:
            if isinstance(node, _Text):
                self._text(node.text)
            elif isinstance(node, _Atom):
                self._hide(node.raw, node.what)
            elif isinstance(node, _Pair):
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


def _source_of(nodes: list[_Node]) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, _Text):
            parts.append(node.text)
        elif isinstance(node, _Atom):
            parts.append(node.raw)
        elif isinstance(node, _Pair):
            parts.append(node.start + _source_of(node.children) + node.end)
    return "".join(parts)


def protect(text: str, *, markup: Markup, keep: tuple[str, ...] = ()) -> Protected:
    """``text`` with its markup and ``keep`` terms replaced by placeholders of style ``markup``."""
    writer = _Writer(markup, keep)
    writer.write(_Scanner(text.strip(), markup).scan())
    return Protected(text, "".join(writer.out), markup, tuple(writer.table))


# --- restoring a provider's output

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
    pattern = _XML_TAG if xml else _TOKEN
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
