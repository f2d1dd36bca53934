"""Scanning inline Markdown into nodes: what is prose, what is hidden, what pairs around prose.

Follows CommonMark's precedence rules: code spans, autolinks and raw HTML first, then links and
images (inline, reference, shortcut), then emphasis (see :mod:`.nodes`).
"""

from __future__ import annotations

import re
import unicodedata

from ..providers.base import Markup
from .nodes import Atom, Delim, Node, Opener, Pair, Text, emphasis
from .placeholders import TOKEN

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
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\[\]`*]*", re.IGNORECASE)
_ANGLE_DEST = re.compile(r"<(?:[^<>\n\\]|\\.)*>")
_TITLE = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)", re.DOTALL)
_LABEL = re.compile(r"\[((?:[^\[\]\\]|\\.){0,999})\]", re.DOTALL)


def scan(text: str, markup: Markup) -> list[Node]:
    """The nodes of inline Markdown ``text``; with ``opaque`` markup, token look-alikes hidden."""
    return _Scanner(text, markup).scan()


class _Scanner:
    """Splits inline Markdown into nodes, following CommonMark's precedence rules."""

    def __init__(self, text: str, markup: Markup) -> None:
        self.text = text
        self.markup = markup
        self.nodes: list[Node] = []
        self.openers: list[Opener] = []

    def scan(self) -> list[Node]:
        pos = 0
        while (found := _NEXT.search(self.text, pos)) is not None:
            self._add_text(self.text[pos : found.start()])
            pos = self._special(found.start())
        self._add_text(self.text[pos:])
        return emphasis(self.nodes)

    def _add_text(self, text: str) -> None:
        if text:
            self.nodes.append(Text(text))

    def _atom(self, match: re.Match[str] | None, what: str) -> int | None:
        if match is None:
            return None
        self.nodes.append(Atom(match.group(), what))
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
                end = self._atom(TOKEN.match(text, pos), "placeholder-like text")
        elif ch == "\\":
            end = self._atom(_ESCAPE.match(text, pos), "escape")
        elif ch == "&":
            end = self._atom(_ENTITY.match(text, pos), "entity")
        elif ch in "*_~":
            end = self._delimiter(pos)
        elif ch == "[" or text.startswith("![", pos):
            self.openers.append(Opener("![" if ch == "!" else "[", pos))
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
                self.nodes.append(Atom(self.text[pos:end], "code"))
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
        self.nodes.append(Atom(url, "URL"))
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
        self.nodes.append(Delim(char, length, length, can_open, can_close))
        return end

    def _close(self, pos: int) -> int | None:
        """A ``]``: a link or image if a destination or reference follows, else literal."""
        opener = self.openers.pop() if self.openers else None
        if opener is None or not opener.active:
            # A stray "](url)": hidden, or a "[" a provider adds would make it a link.
            end = _inline_tail(self.text, pos + 1)
            if end is None:
                return None
            self.nodes.append(Atom(self.text[pos:end], "link"))
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
        self.nodes.append(Atom(self.text[opener.start : end or pos + 1], "reference"))
        return end or pos + 1

    def _link(self, opener: Opener, at: int, pos: int, end: int) -> None:
        children = emphasis(self.nodes[at + 1 :])
        del self.nodes[at:]
        if all(isinstance(c, Text) and not c.text.strip() for c in children):
            self.nodes.append(Atom(self.text[opener.start : end], "link"))
        else:
            what = "image" if opener.raw == "![" else "link"
            self.nodes.append(Pair(opener.raw, self.text[pos:end], children, what))
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


def _index(nodes: list[Node], node: Node) -> int:
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
