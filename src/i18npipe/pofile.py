"""Read and write gettext catalogs (.po/.pot); the only module that knows the PO syntax.

``parse_po`` is strict: anything GNU gettext would reject, and a few things it would silently
reinterpret, is a :class:`CatalogError` pointing at the exact ``path:line``.

``dump_po`` writes GNU canonical form: the bytes ``msgcat`` (GNU gettext 0.21, default options)
prints for the same catalog, so that catalogs written by this project, by ``msgmerge`` and by
translators' tools produce no spurious diffs.  It replicates ``write-po.c`` (entry layout, comment
order, escaping, ``wrap()``) and the UAX #14 line breaking of libunistring 1.0, which ``wrap()``
uses to choose where long strings are split.

The module deliberately does not use polib's parser (see ``_lex_line``): polib accepts unterminated
strings and invalid escapes, splits lines at U+2028 and other Unicode line separators, strips
trailing whitespace from comments, drops ``#~|`` previous-msgid lines and reports the line of an
entry's first comment (or 0) instead of its ``msgid`` line, all of which break the guarantees above.
"""

from __future__ import annotations

import base64
import bisect
import itertools
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Final, Literal

from .errors import CatalogError
from .model import Catalog, Message

__all__ = ["dump_po", "parse_po"]


# === Reading ======================================================================================

_LineKind = Literal[
    "blank",
    "comment",
    "extracted",
    "references",
    "flags",
    "keyword",
    "string",
    "previous",
    "previous string",
]

# Whitespace between tokens, as gettext's lexer skips it ("\r" is removed with the line end).
_BLANK: Final = " \t\f\v"
_KEYWORD = re.compile(r"([A-Za-z_$][A-Za-z0-9_$]*)[ \t\f\v]*(\[[ \t\f\v]*[0-9]+[ \t\f\v]*\])?")
_SIMPLE_ESCAPES: Final = {
    "n": "\n",
    "t": "\t",
    "b": "\b",
    "r": "\r",
    "f": "\f",
    "v": "\v",
    "a": "\a",
    "\\": "\\",
    '"': '"',
}
_PLAIN = re.compile(r'[^"\\]+')
_SIMPLE_STRING = re.compile(r'[ \t\f\v]*"((?:[^"\\]++|\\[ntbrfva\\"])*+)"[ \t\f\v]*')
"""One string literal on a line, without octal or hex escapes (which may form UTF-8 bytes)."""
_SIMPLE_ESCAPE = re.compile(r"\\(.)")


def _unescape(match: re.Match[str]) -> str:
    return _SIMPLE_ESCAPES[match.group(1)]


_OCTAL: Final = "01234567"
_HEX: Final = "0123456789abcdefABCDEF"
_ESCAPE_HINT: Final = 'valid escapes are \\n \\t \\r \\a \\b \\f \\v \\\\ \\" \\NNN (octal) \\xHH'
_FIELDS: Final = ("msgctxt", "msgid", "msgstr")
_REFERENCE_SEPARATOR = re.compile(r"[ \t]+")


@dataclass(slots=True)
class _Line:
    """One physical line of a PO file, classified and decoded."""

    number: int
    kind: _LineKind
    obsolete: bool = False
    keyword: str = ""
    """``msgctxt``, ``msgid`` or ``msgstr`` for keyword and previous lines."""
    text: str = ""
    """Decoded string, or comment text without its marker."""
    items: tuple[str, ...] = ()
    """References or flags."""


def _error(message: str, path: str, line: int, hint: str | None = None) -> CatalogError:
    return CatalogError(message, path=path, line=line, hint=hint)


def _drop_one_space(text: str) -> str:
    # gettext removes exactly one space after the comment marker ("#  x" keeps " x").
    return text[1:] if text.startswith(" ") else text


def _split_lines(text: str) -> list[str]:
    """Physical lines: split at "\\n" only (not at U+2028 etc.), CRLF tolerated, BOM dropped."""
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if "\r" not in text:
        return lines
    return [line.removesuffix("\r") for line in lines]


def _check_encodable(text: str, lines: list[str], path: str) -> None:
    # Lone surrogates (from a lossy decode) and NUL cannot be written back as a C string in UTF-8.
    if "\x00" not in text:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            pass
        else:
            return  # the lines of ``text`` are fine too (only find the first bad one)
    for number, line in enumerate(lines, 1):
        if "\x00" in line:
            raise _error("NUL character in catalog", path, number)
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:
            raise _error("not valid UTF-8", path, number, "catalogs must be UTF-8") from None


def _lex_escape(text: str, pos: int, out: bytearray, path: str, line: int) -> int:
    """Decode the escape sequence whose backslash is at ``text[pos - 1]``; return the next pos."""
    if pos == len(text):
        raise _error("invalid escape sequence: \\ at end of line", path, line, _ESCAPE_HINT)
    char = text[pos]
    if char in _SIMPLE_ESCAPES:
        out += _SIMPLE_ESCAPES[char].encode()
        return pos + 1
    end = pos
    if char in _OCTAL:
        while end < len(text) and end < pos + 3 and text[end] in _OCTAL:
            end += 1
        value = int(text[pos:end], 8)
    elif char == "x" and pos + 1 < len(text) and text[pos + 1] in _HEX:
        end = pos + 1
        while end < len(text) and text[end] in _HEX:
            end += 1
        value = int(text[pos + 1 : end], 16)
    else:
        raise _error(f"invalid escape sequence \\{char}", path, line, _ESCAPE_HINT)
    # gettext stores the value in a char: octal/hex escapes are bytes of the UTF-8 text.
    if value & 0xFF == 0:
        raise _error("NUL character in string", path, line)
    out.append(value & 0xFF)
    return end


def _skip_blank(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _BLANK:
        pos += 1
    return pos


def _lex_string(text: str, pos: int, out: bytearray, path: str, line: int) -> int:
    """Decode the literal whose opening quote is at ``text[pos - 1]``; return the next pos."""
    while pos < len(text):
        plain = _PLAIN.match(text, pos)
        if plain is not None:
            out += plain.group().encode("utf-8")
            pos = plain.end()
        elif text[pos] == '"':
            return pos + 1
        else:
            pos = _lex_escape(text, pos + 1, out, path, line)
    raise _error(
        "end of line within string (missing closing quote)",
        path,
        line,
        'close the string with " on the same line',
    )


def _lex_strings(text: str, path: str, line: int) -> str:
    """Decode one or more adjacent string literals filling the rest of a line."""
    simple = _SIMPLE_STRING.fullmatch(text)
    if simple is not None:  # the common case: one literal without numeric escapes
        value = simple.group(1)
        return _SIMPLE_ESCAPE.sub(_unescape, value) if "\\" in value else value
    out = bytearray()
    pos = _skip_blank(text, 0)
    if pos == len(text):
        raise _error(
            "syntax error: expected a string in double quotes",
            path,
            line,
            'strings are written "...", one or more per line',
        )
    while pos < len(text):
        if text[pos] != '"':
            raise _error(
                "syntax error: expected a string in double quotes",
                path,
                line,
                'strings are written "...", one or more per line',
            )
        pos = _skip_blank(text, _lex_string(text, pos + 1, out, path, line))
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise _error("escape sequences do not form valid UTF-8", path, line) from None


def _lex_keyword(text: str, number: int, path: str, obsolete: bool, kind: _LineKind) -> _Line:
    """A ``msgctxt``/``msgid``/``msgstr`` line (``kind`` is keyword or previous)."""
    match = _KEYWORD.match(text)
    if match is None:
        raise _error(
            "syntax error",
            path,
            number,
            "expected a comment (#...), a keyword (msgctxt, msgid, msgstr) or a string",
        )
    keyword = match.group(1)
    if keyword == "msgid_plural" or (keyword == "msgstr" and match.group(2)):
        raise _error(
            "plural entries (msgid_plural/msgstr[N]) are not supported",
            path,
            number,
            "i18npipe catalogs hold one msgstr per msgid",
        )
    if keyword not in _FIELDS or match.group(2):
        raise _error(
            f"unknown keyword {keyword!r}", path, number, "expected msgctxt, msgid or msgstr"
        )
    value = _lex_strings(text[match.end() :], path, number)
    return _Line(number, kind, obsolete, keyword, value)


def _lex_previous(text: str, number: int, path: str, obsolete: bool) -> _Line:
    """The rest of a ``#|`` or ``#~|`` line: previous msgctxt/msgid or a continuation."""
    text = text.lstrip(_BLANK)
    if text.startswith('"'):
        return _Line(number, "previous string", obsolete, text=_lex_strings(text, path, number))
    return _lex_keyword(text, number, path, obsolete, "previous")


def _lex_entry_line(text: str, number: int, path: str, obsolete: bool) -> _Line:
    """A keyword line or a continuation string (``text`` has no leading blanks)."""
    if text.startswith('"'):
        return _Line(number, "string", obsolete, text=_lex_strings(text, path, number))
    return _lex_keyword(text, number, path, obsolete, "keyword")


def _lex_comment(text: str, number: int, path: str) -> _Line:
    """A ``#`` line that is not obsolete or previous: translator, extracted, reference or flags."""
    if text.endswith("\\"):
        # gettext's lexer treats backslash-newline as a line continuation, even in comments.
        raise _error(
            "comment line ends with a backslash",
            path,
            number,
            "gettext would join it with the next line; remove the backslash",
        )
    marker = text[1:2]
    if marker == ".":
        return _Line(number, "extracted", text=_drop_one_space(text[2:]))
    if marker == ":":
        # Only spaces and tabs separate references (not NBSP or other Unicode spaces).
        references = tuple(item for item in _REFERENCE_SEPARATOR.split(text[2:]) if item)
        return _Line(number, "references", items=references)
    if marker in (",", "!"):
        flags = tuple(flag.strip() for flag in text[2:].split(","))
        return _Line(number, "flags", items=tuple(flag for flag in flags if flag))
    return _Line(number, "comment", text=_drop_one_space(text[1:]))


def _lex_line(raw: str, number: int, path: str) -> _Line:
    """Classify and decode one physical line (strict: unknown syntax is an error)."""
    text = raw.lstrip(_BLANK)
    if not text:
        return _Line(number, "blank")
    if text[0] == '"':  # the most common line: a continuation string
        return _Line(number, "string", False, text=_lex_strings(text, path, number))
    if text[0] != "#":
        return _lex_keyword(text, number, path, False, "keyword")
    if text.startswith("#~|"):
        return _lex_previous(text[3:], number, path, obsolete=True)
    if text.startswith("#~"):
        rest = text[2:].lstrip(_BLANK)
        if not rest:
            return _Line(number, "blank")
        return _lex_entry_line(rest, number, path, obsolete=True)
    if text.startswith("#|"):
        return _lex_previous(text[2:], number, path, obsolete=False)
    if text.startswith("#"):
        return _lex_comment(text, number, path)
    return _lex_entry_line(text, number, path, obsolete=False)


@dataclass(slots=True)
class _Draft:
    """An entry being assembled from consecutive lines."""

    first_line: int
    translator: list[str] = field(default_factory=list)
    extracted: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous: dict[str, str] = field(default_factory=dict)
    previous_lines: dict[str, int] = field(default_factory=dict)
    previous_obsolete: bool | None = None
    fields: dict[str, str] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)
    msgstr_pieces: list[tuple[int, int]] = field(default_factory=list)
    """(line, offset in msgstr) of each string literal line of msgstr, to locate header errors."""
    obsolete: bool = False
    open_field: str | None = None
    """The keyword (or ``"#|" + keyword``) that continuation strings extend."""

    @property
    def started(self) -> bool:
        """Whether a msgctxt/msgid/msgstr line was seen (comments must come before them)."""
        return bool(self.fields)

    @property
    def complete(self) -> bool:
        return "msgstr" in self.fields


class _Parser:
    """Assemble lexed lines into entries, with gettext's grammar and exact error lines."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.draft: _Draft | None = None
        self.done: list[_Draft] = []

    def feed(self, line: _Line) -> None:
        kind = line.kind
        if kind == "string" or kind == "previous string":
            self._continuation(line)
        elif kind == "keyword":
            self._keyword(line)
        elif kind == "blank":
            return
        elif kind == "previous":
            self._previous(line)
        else:  # comment, extracted, references, flags
            self._comment(line)

    def finish(self) -> list[_Draft]:
        if self.draft is not None:
            self._close(self.draft, self.draft.first_line)
        return self.done

    def _fresh(self, line: _Line) -> _Draft:
        """The draft that a comment or previous line belongs to (closing a complete one)."""
        draft = self.draft
        if draft is not None and draft.complete:
            self.done.append(draft)
            draft = None
        if draft is None:
            draft = self.draft = _Draft(line.number)
        elif draft.started:
            # Most likely the msgstr (or msgid) line was deleted; gettext reports it that way.
            missing = "msgstr" if "msgid" in draft.fields else "msgid"
            after = "msgid" if missing == "msgstr" else "msgctxt"
            raise _error(
                f"missing '{missing}' section",
                self.path,
                draft.field_lines[after],
                f"{missing} must follow {after} directly (comments go before the entry)",
            )
        return draft

    def _comment(self, line: _Line) -> None:
        draft = self._fresh(line)
        draft.open_field = None
        if line.kind == "comment":
            draft.translator.append(line.text)
        elif line.kind == "extracted":
            draft.extracted.append(line.text)
        elif line.kind == "references":
            draft.references.extend(line.items)
        else:
            draft.flags.extend(line.items)

    def _previous(self, line: _Line) -> None:
        draft = self._fresh(line)
        if line.keyword == "msgstr" or line.keyword in draft.previous or "msgid" in draft.previous:
            raise _error(
                f"unexpected #| {line.keyword}",
                self.path,
                line.number,
                "an entry has an optional #| msgctxt, then one #| msgid",
            )
        if draft.previous_obsolete not in (None, line.obsolete):
            raise _error("inconsistent use of #~ in #| lines", self.path, line.number)
        draft.previous_obsolete = line.obsolete
        draft.previous[line.keyword] = line.text
        draft.previous_lines[line.keyword] = line.number
        draft.open_field = "#|" + line.keyword

    def _keyword(self, line: _Line) -> None:
        draft = self.draft
        if draft is not None and draft.complete:
            self.done.append(draft)
            draft = None
        if draft is None:
            draft = self.draft = _Draft(line.number, obsolete=line.obsolete)
        elif not draft.started:
            draft.obsolete = line.obsolete
        self._check_order(draft, line)
        if "msgctxt" in draft.previous and "msgid" not in draft.previous:
            raise _error("#| msgctxt without #| msgid", self.path, draft.previous_lines["msgctxt"])
        draft.fields[line.keyword] = line.text
        draft.field_lines[line.keyword] = line.number
        if line.keyword == "msgstr":
            draft.msgstr_pieces.append((line.number, 0))
        draft.open_field = line.keyword

    def _check_order(self, draft: _Draft, line: _Line) -> None:
        """msgctxt, then msgid, then msgstr; report a missing part where gettext does."""
        if line.obsolete != draft.obsolete or draft.previous_obsolete not in (None, line.obsolete):
            raise _error(
                "inconsistent use of #~ within an entry",
                self.path,
                line.number,
                "prefix every line of an obsolete entry with #~",
            )
        have = draft.fields
        if line.keyword == "msgstr" and "msgctxt" in have and "msgid" not in have:
            raise _error("missing 'msgid' section", self.path, draft.field_lines["msgctxt"])
        if line.keyword == "msgstr" and "msgid" not in have:
            raise _error("msgstr without msgid", self.path, line.number)
        if line.keyword != "msgstr" and "msgid" in have:
            raise _error(
                "missing 'msgstr' section",
                self.path,
                draft.field_lines["msgid"],
                'add msgstr "" (an empty translation) after the msgid',
            )
        if line.keyword == "msgctxt" and "msgctxt" in have:
            raise _error("missing 'msgid' section", self.path, draft.field_lines["msgctxt"])

    def _continuation(self, line: _Line) -> None:
        draft = self.draft
        wanted = line.kind == "previous string"
        key = draft.open_field if draft is not None else None
        if draft is None or key is None or key.startswith("#|") != wanted:
            raise _error(
                "syntax error: string without a keyword",
                self.path,
                line.number,
                "continuation strings follow a msgctxt, msgid or msgstr line",
            )
        if key.startswith("#|"):
            draft.previous[key[2:]] += line.text
        elif line.obsolete != draft.obsolete:
            raise _error("inconsistent use of #~ within an entry", self.path, line.number)
        else:
            if key == "msgstr":
                draft.msgstr_pieces.append((line.number, len(draft.fields[key])))
            draft.fields[key] += line.text

    def _close(self, draft: _Draft, number: int) -> None:
        if "msgid" in draft.fields and "msgstr" not in draft.fields:
            raise _error(
                "missing 'msgstr' section",
                self.path,
                draft.field_lines["msgid"],
                'add msgstr "" (an empty translation) after the msgid',
            )
        if "msgctxt" in draft.fields and "msgid" not in draft.fields:
            raise _error("missing 'msgid' section", self.path, draft.field_lines["msgctxt"])
        if not draft.fields:
            raise _error(
                "comment not followed by an entry",
                self.path,
                number,
                "comments belong to the entry below them; delete the stray comment",
            )
        self.done.append(draft)


def _to_message(draft: _Draft) -> Message:
    return Message(
        msgid=draft.fields["msgid"],
        msgstr=draft.fields["msgstr"],
        msgctxt=draft.fields.get("msgctxt"),
        translator_comments=tuple(draft.translator),
        extracted_comments=tuple(draft.extracted),
        references=tuple(draft.references),
        flags=tuple(draft.flags),
        previous_msgctxt=draft.previous.get("msgctxt"),
        previous_msgid=draft.previous.get("msgid"),
        obsolete=draft.obsolete,
        line=draft.field_lines["msgid"],
    )


def _is_header(draft: _Draft) -> bool:
    return draft.fields["msgid"] == "" and "msgctxt" not in draft.fields and not draft.obsolete


def _line_of(draft: _Draft, offset: int) -> int:
    """The file line holding character ``offset`` of the draft's msgstr."""
    number = draft.field_lines["msgstr"]
    for line, start in draft.msgstr_pieces:
        if start > offset:
            break
        number = line
    return number


def _header_fields(draft: _Draft, path: str) -> tuple[tuple[str, str], ...]:
    """``Key: value`` lines of the header msgstr, in file order."""
    if draft.extracted or draft.references or draft.previous or set(draft.flags) - {"fuzzy"}:
        raise _error(
            "the header entry may only carry translator comments and #, fuzzy",
            path,
            draft.field_lines["msgid"],
        )
    pairs = []
    offset = 0
    for text in draft.fields["msgstr"].split("\n"):
        key, colon, value = text.partition(":")
        if text and (not colon or not key.strip()):
            raise _error(
                f"header line without 'Key:' ({text!r})",
                path,
                _line_of(draft, offset),
                'header lines look like "Language: de\\n"',
            )
        if text:
            pairs.append((key, _drop_one_space(value)))
        offset += len(text) + 1
    return tuple(pairs)


def _check_duplicates(drafts: list[_Draft], path: str) -> None:
    # gettext rejects duplicates among all entries, obsolete ones included.
    seen: dict[tuple[str | None, str], int] = {}
    for draft in drafts:
        key = (draft.fields.get("msgctxt"), draft.fields["msgid"])
        number = draft.field_lines["msgid"]
        if key in seen:
            raise _error(
                f"duplicate message definition (first defined at line {seen[key]})",
                path,
                number,
                "delete or merge one of the two entries",
            )
        seen[key] = number


def parse_po(text: str, path: str) -> Catalog:
    """Parse the text of a PO/POT file; ``path`` is only used in error messages.

    Every entry becomes a :class:`Message` with ``line`` set to the line of its ``msgid``; the
    header entry (``msgid ""``) becomes ``Catalog.header`` / ``header_comments`` /
    ``header_fuzzy``. Raises :class:`CatalogError` (``path:line: ...``) for syntax errors,
    plural entries and duplicate messages.
    """
    lines = _split_lines(text)
    _check_encodable(text, lines, path)
    parser = _Parser(path)
    for number, raw in enumerate(lines, 1):
        parser.feed(_lex_line(raw, number, path))
    drafts = parser.finish()
    _check_duplicates(drafts, path)
    header = next((d for d in drafts if _is_header(d)), None)
    messages = tuple(_to_message(d) for d in drafts if d is not header)
    if header is None:
        return Catalog(header=(), messages=messages)
    return Catalog(
        header=_header_fields(header, path),
        messages=messages,
        header_comments=tuple(header.translator),
        header_fuzzy="fuzzy" in header.flags,
    )


# === Writing ======================================================================================

_FLAG_ORDER: Final = ("fuzzy", "no-wrap")
"""Flags ``dump_po`` writes, in msgcat's order (format flags would need gettext's format-string
parsers, because msgcat never breaks a line inside a format directive)."""
_CHARSET = re.compile(r"charset=([^ \t\n]*)")
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]")
_FILE_LINE = re.compile(r"(.+):([0-9]+)")
_UTF8_NAMES: Final = ("UTF-8", "UTF8")
_INT_MAX: Final = 2**31 - 1
_DEFAULT_WIDTH: Final = 79
_LONG_MAX: Final = 2**63 - 1


def _invalid(message: str, hint: str | None = None) -> CatalogError:
    return CatalogError(message, hint=hint)


def _check_text(text: str, what: str) -> None:
    """Strings must be representable in a UTF-8 PO file (a C string: no NUL)."""
    if "\x00" in text:
        raise _invalid(f"NUL character in {what}: {text!r}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise _invalid(f"{what} is not valid Unicode (lone surrogate): {text!r}") from None


def _check_comment(text: str, what: str) -> None:
    """A comment is written as one line that gettext must read back unchanged."""
    _check_text(text, what)
    if "\n" in text or "\r" in text:
        raise _invalid(f"line break in {what}: {text!r}", "split it into several lines")
    if text.endswith("\\"):
        # gettext reads backslash-newline as a line continuation, even in comments.
        raise _invalid(f"{what} ends with a backslash: {text!r}")


def _canonical_reference(reference: str) -> str:
    """A ``#:`` item as msgcat re-prints it: ``./`` removed, line number normalised.

    References that msgcat would split or merge with their neighbours are rejected.
    """
    if (
        not reference
        or _WHITESPACE.search(reference)
        or reference[0] == ":"
        or reference[-1] in ":\\"
    ):
        raise _invalid(
            f"reference cannot be written to a #: line: {reference!r}",
            "references are 'file:line' or 'file', without whitespace",
        )
    name, line = reference, ""
    match = _FILE_LINE.fullmatch(reference)
    if match is not None:
        name, line = match.group(1), str(int(match.group(2)))
        if int(line) > _LONG_MAX:
            raise _invalid(f"reference line number out of range: {reference!r}")
    while name.startswith("./"):
        name = name[2:]
    if not name:
        raise _invalid(f"reference cannot be written to a #: line: {reference!r}")
    return f"{name}:{line}" if line else name


def _charset(header: tuple[tuple[str, str], ...]) -> str:
    """The charset msgcat infers: the first ``charset=`` anywhere in the header text."""
    match = _CHARSET.search("".join(f"{k}: {v}\n" for k, v in header))
    charset = match.group(1) if match else "ASCII"
    return "ASCII" if charset == "CHARSET" else charset


def _check_catalog(catalog: Catalog) -> None:
    for key, value in catalog.header:
        _check_text(key + value, "header field")
        if not key.strip() or ":" in key or "\n" in key + value:
            raise _invalid(f"header field cannot be written as one 'Key: value' line: {key!r}")
    for comment in catalog.header_comments:
        _check_comment(comment, "header comment")
    for message in catalog.messages:
        _check_message(message)
    _check_charset(catalog)
    _check_unique(catalog)


def _check_message(message: Message) -> None:
    for text in (
        message.msgid,
        message.msgstr,
        message.msgctxt,
        message.previous_msgctxt,
        message.previous_msgid,
    ):
        if text is not None:
            _check_text(text, "string")
    for comment in (*message.translator_comments, *message.extracted_comments):
        _check_comment(comment, "comment")
    unknown = [flag for flag in message.flags if flag not in _FLAG_ORDER]
    if unknown:
        raise _invalid(
            f"unsupported flag {unknown[0]!r} on msgid {message.msgid!r}",
            "dump_po writes the fuzzy and no-wrap flags only",
        )
    if message.previous_msgctxt is not None and message.previous_msgid is None:
        raise _invalid(
            f"previous_msgctxt without previous_msgid on msgid {message.msgid!r}",
            "gettext cannot read #| msgctxt without #| msgid",
        )
    if message.msgid == "" and message.msgctxt is None:
        raise _invalid('a message with msgid "" and no msgctxt would be read as the header')


def _check_charset(catalog: Catalog) -> None:
    charset = _charset(catalog.header)
    if charset.upper() in _UTF8_NAMES:
        return
    everything = [*(k + v for k, v in catalog.header), *catalog.header_comments]
    for m in catalog.messages:
        everything += [
            m.msgid,
            m.msgstr,
            m.msgctxt or "",
            m.previous_msgctxt or "",
            m.previous_msgid or "",
            *m.translator_comments,
            *m.extracted_comments,
            *m.references,
        ]
    if not all(text.isascii() for text in everything):
        raise _invalid(
            f"non-ASCII text in a catalog whose header declares charset {charset}",
            "set Content-Type: text/plain; charset=UTF-8",
        )


def _check_unique(catalog: Catalog) -> None:
    seen: set[tuple[str | None, str]] = set()
    for message in _written_messages(catalog):
        if message.key in seen:
            raise _invalid(
                f"duplicate message: msgctxt {message.msgctxt!r}, msgid {message.msgid!r}"
            )
        seen.add(message.key)


def _written_messages(catalog: Catalog) -> Iterator[Message]:
    """Messages in msgcat's output order: live ones, then obsolete ones with a translation."""
    yield from (m for m in catalog.messages if not m.obsolete)
    # msgcat drops obsolete entries without msgstr: they carry nothing worth keeping.
    yield from (m for m in catalog.messages if m.obsolete and m.msgstr)


def _comment_lines(marker: str, comments: Iterable[str]) -> list[str]:
    return [f"{marker} {c}" if c else marker for c in comments]


def _reference_lines(references: Iterable[str], page_width: int) -> list[str]:
    """``#:`` lines filled up to ``page_width`` like write-po.c (counting bytes, not columns)."""
    unique = list(dict.fromkeys(_canonical_reference(r) for r in references))
    lines: list[str] = []
    current, column = "#:", 2
    for reference in unique:
        size = len(reference.encode("utf-8")) + 1
        if column > 2 and column + size > page_width:
            lines.append(current)
            current, column = "#:", 2
        current += " " + reference
        column += size
    return [*lines, current] if unique else []


def _flag_line(message: Message) -> list[str]:
    flags = [f for f in _FLAG_ORDER if f in message.flags]
    if "fuzzy" in flags and not message.msgstr:
        # msgcat never writes fuzzy on an untranslated entry.
        flags.remove("fuzzy")
    return ["#, " + ", ".join(flags)] if flags else []


def _message_lines(message: Message, page_width: int, wrap_strings: bool) -> list[str]:
    do_wrap = wrap_strings and "no-wrap" not in message.flags
    prefix = "#~ " if message.obsolete else ""
    previous = "#~| " if message.obsolete else "#| "
    lines = [
        *_comment_lines("#", message.translator_comments),
        *_comment_lines("#.", message.extracted_comments),
        *_reference_lines(message.references, page_width),
        *_flag_line(message),
    ]
    if message.previous_msgctxt is not None:
        lines += _wrap(previous, "msgctxt", message.previous_msgctxt, page_width, do_wrap)
    if message.previous_msgid is not None:
        lines += _wrap(previous, "msgid", message.previous_msgid, page_width, do_wrap)
    if message.msgctxt is not None:
        lines += _wrap(prefix, "msgctxt", message.msgctxt, page_width, do_wrap)
    lines += _wrap(prefix, "msgid", message.msgid, page_width, do_wrap)
    lines += _wrap(prefix, "msgstr", message.msgstr, page_width, do_wrap)
    return lines


def _header_lines(catalog: Catalog, page_width: int, wrap_strings: bool) -> list[str]:
    if not (catalog.header or catalog.header_comments or catalog.header_fuzzy):
        return []
    msgstr = "".join(f"{key}: {value}\n" for key, value in catalog.header)
    fuzzy = ["#, fuzzy"] if catalog.header_fuzzy and msgstr else []
    return [
        *_comment_lines("#", catalog.header_comments),
        *fuzzy,
        *_wrap("", "msgid", "", page_width, wrap_strings),
        *_wrap("", "msgstr", msgstr, page_width, wrap_strings),
    ]


def dump_po(catalog: Catalog, *, width: int = _DEFAULT_WIDTH) -> str:
    """Serialize ``catalog`` exactly as ``msgcat --width=WIDTH`` (GNU gettext 0.21) prints it.

    ``width`` is msgcat's page width: 79 by default, at least 20, 0 for no wrapping of strings.
    The header entry comes first, then live messages in catalog order, then obsolete messages
    (``#~``) that have a translation. Like msgcat, it omits ``fuzzy`` on untranslated entries,
    orders flags canonically, drops duplicate references and strips a leading ``./`` from them.
    Raises :class:`CatalogError` for what a PO file cannot represent faithfully (line breaks in
    comments, references with whitespace, flags other than fuzzy/no-wrap, duplicate messages,
    non-ASCII text without ``charset=UTF-8``).
    """
    if width < 0:
        raise ValueError(f"width must not be negative, not {width}")
    _check_catalog(catalog)
    # msgcat's --width: 0 turns off the wrapping of strings (references still wrap at the
    # default width), and smaller widths than 20 are raised to 20.
    page_width = max(width, 20) if width else _DEFAULT_WIDTH
    wrap_strings = width != 0
    entries = [_header_lines(catalog, page_width, wrap_strings)]
    entries += [_message_lines(m, page_width, wrap_strings) for m in _written_messages(catalog)]
    return "\n".join("".join(line + "\n" for line in entry) for entry in entries if entry)


# === write-po.c wrap() ============================================================================

_UNDEFINED, _PROHIBITED, _POSSIBLE, _MANDATORY, _CR_BEFORE_LF = 0, 1, 2, 3, 5
"""libunistring's UC_BREAK_* values."""
_ESCAPES: Final = {
    "\a": "a",
    "\b": "b",
    "\f": "f",
    "\n": "n",
    "\r": "r",
    "\t": "t",
    "\v": "v",
    "\\": "\\",
    '"': '"',
}


_NEEDS_ESCAPE = re.compile('[\a\b\f\n\r\t\v\\\\"]')


def _portions(value: str) -> list[str]:
    """``value`` cut after each newline, as wrap() processes it ("" is one empty portion)."""
    parts = value.split("\n")
    portions = [part + "\n" for part in parts[:-1]]
    return [*portions, parts[-1]] if parts[-1] or not portions else portions


def _escape(portion: str) -> tuple[str, list[int]]:
    """The escaped text of a portion and its break overrides (never inside an escape)."""
    if _NEEDS_ESCAPE.search(portion) is None:
        return portion, [_UNDEFINED] * len(portion)
    chars: list[str] = []
    overrides: list[int] = []
    for char in portion:
        escaped = _ESCAPES.get(char)
        if escaped is None:
            chars.append(char)
            overrides.append(_UNDEFINED)
        else:
            chars.append("\\" + escaped)
            overrides += (_UNDEFINED, _PROHIBITED)
    if portion.endswith("\n"):
        overrides[-2] = _PROHIBITED  # no break just before the final "\n"
    return "".join(chars), overrides


def _wrap(prefix: str, keyword: str, value: str, page_width: int, do_wrap: bool) -> list[str]:
    """The lines write-po.c's wrap() prints for ``keyword "value"`` (non-indented style)."""
    after_break = len(prefix.encode("utf-8")) + 1  # column after prefix and opening quote
    width = (page_width if do_wrap else _INT_MAX) - 1 - after_break
    # The common case: printable ASCII (one column per character) without escapes that fits.
    if (
        len(keyword) + 1 + len(value) <= width
        and value.isascii()
        and value.isprintable()
        and _NEEDS_ESCAPE.search(value) is None
    ):
        return [f'{prefix}{keyword} "{value}"']
    lines: list[str] = []
    first_line = True
    portions = _portions(value)
    for index, portion in enumerate(portions):
        layout = _Layout(portion)
        start = len(keyword) + 1 if first_line else 0
        cuts: list[int] | None = None
        # A string with several portions, or one that wraps, starts with an empty line.
        if first_line and layout.text:
            more = index + 1 < len(portions)
            if more or start > width:
                lines.append(f'{prefix}{keyword} ""')
                first_line, start = False, 0
            else:
                cuts = layout.cuts(width, start)
                if cuts:
                    lines.append(f'{prefix}{keyword} ""')
                    first_line, start, cuts = False, 0, None
        if cuts is None:
            cuts = layout.cuts(width, start)
        head = f"{prefix}{keyword} " if first_line else prefix
        text = layout.text
        if not cuts:
            lines.append(f'{head}"{text}"')
        else:
            lines.append(f'{head}"{text[: cuts[0]]}"')
            ends = [*cuts[1:], len(text)]
            lines += [f'{prefix}"{text[a:b]}"' for a, b in zip(cuts, ends, strict=True)]
        first_line = False
    return lines


_ESCAPE_TABLE: Final = str.maketrans({char: "\\" + code for char, code in _ESCAPES.items()})
_ESCAPE_PAIR = re.compile(r"\\.", re.DOTALL)
_UNUSUAL = re.compile(r"[^ -~]")
"""A character that is not printable ASCII (whose width may not be 1)."""


class _Layout:
    """The escaped text of one portion and where u8_width_linebreaks breaks it.

    The fast path handles text whose characters all have ordinary line breaking classes (no
    mandatory breaks, combining marks, ZW, ZWJ, regional indicators or Hebrew letters): there a
    break opportunity depends only on the class of the last character that is not a space, on
    whether spaces follow it, and on the class of the next character, which regular expressions
    over a string of class letters find in C. Anything else goes through :class:`_Fitter`, the
    character by character replica of libunistring.
    """

    __slots__ = ("_columns", "_fitter", "_opportunities", "_unit", "portion", "text", "total")

    def __init__(self, portion: str) -> None:
        self.portion = portion
        escaped = _NEEDS_ESCAPE.search(portion) is not None
        self.text = text = portion.translate(_ESCAPE_TABLE) if escaped else portion
        self._unit = True
        """Whether every character counts one column."""
        self.total = len(text)
        if not (text.isascii() and text.isprintable()):
            widths = _WIDTH_CODES
            unusual = [widths[ord(char)] for char in _UNUSUAL.findall(text)]
            wide, zero = unusual.count(2), unusual.count(0)
            self.total += wide - zero
            self._unit = not (wide or zero)
        self._fitter: _Fitter | None = None
        self._opportunities: list[int] = []
        self._columns: list[int] | None = None
        """The width of the text before each opportunity (None: not analysed yet)."""

    def cuts(self, width: int, start: int) -> list[int]:
        """Positions in ``text`` before which a line break goes, to fit ``width`` columns."""
        if start + self.total <= width:
            return []  # fits: libunistring inserts no break at all
        if self._columns is None and self._fitter is None:
            self._analyse()
        if self._fitter is not None:
            breaks = self._fitter.breaks(width, start)
            return [i for i, brk in enumerate(breaks) if brk]
        assert self._columns is not None
        return _greedy(self._opportunities, self._columns, self.total, width, start)

    def _analyse(self) -> None:
        text = self.text
        classes = text.translate(_CLASS_CODES)
        if _SPECIAL_CLASSES.search(classes) is not None:
            self._fitter = _Fitter(*_escape(self.portion))
            return
        direct, after = _opportunity_patterns()
        found = sorted(
            [m.start() for m in direct.finditer(classes)]
            + [m.end() for m in after.finditer(classes)]
        )
        if "\\" in text:
            # No break inside an escape sequence, nor before the escape of a final newline.
            banned = {m.start() + 1 for m in _ESCAPE_PAIR.finditer(text)}
            if self.portion.endswith("\n"):
                banned.add(len(text) - 2)
            found = [i for i in found if i not in banned]
        self._opportunities = found
        if self._unit:
            self._columns = found  # one column per character
        else:
            widths = text.translate(_WIDTH_CODES).encode("latin-1")
            columns = list(itertools.accumulate(widths, initial=0))
            self._columns = [columns[i] for i in found]


def _greedy(
    opportunities: list[int], columns: list[int], total: int, width: int, start: int
) -> list[int]:
    """The greedy filling of u8_width_linebreaks, one line at a time (see :func:`_fit`).

    ``columns[k]`` is the width of the text before ``opportunities[k]``, ``total`` its whole
    width. Each line breaks at its last opportunity that fits, or at its first one when none fits.
    """
    cuts: list[int] = []
    base = -start  # the width of the text before the current line
    first, count = 0, len(opportunities)  # first: the first opportunity on the current line
    while total - base > width and first < count:
        beyond = bisect.bisect_right(columns, base + width, first)
        chosen = beyond - 1 if beyond > first else first
        cuts.append(opportunities[chosen])
        base = columns[chosen]
        first = chosen + 1
    return cuts


class _Codes(dict[int, int]):
    """A ``str.translate`` table from code points to one property, filled on demand."""

    def __init__(self, which: int) -> None:
        super().__init__()
        self.which = which

    def __missing__(self, code: int) -> int:
        props = _CHAR_PROPS.get(chr(code)) or _lookup(chr(code))
        value = ord(_LETTERS[props[0]]) if self.which == 0 else props[1]
        self[code] = value
        return value


_CLASS_CODES: Final = _Codes(0)
"""Code point to its line breaking class, as a letter of _LETTERS."""
_WIDTH_CODES: Final = _Codes(1)
"""Code point to its counted width (0, 1 or 2)."""


# === libunistring 1.0 line breaking (u8_width_linebreaks_v2) ======================================

# Line breaking classes (values of libunistring 1.0's lbrktables.h). AI, CB, SA and XX are
# resolved in the data table already (to AL, ID1, AL, AL: UTF-8 is not a CJK encoding).
_LB_BA, _LB_HY, _LB_AL, _LB_HL, _LB_RI, _LB_ZWJ = 3, 5, 20, 28, 29, 30
_LB_BK, _LB_CR, _LB_LF, _LB_CM, _LB_ZW, _LB_SP = 33, 34, 35, 36, 37, 38
_LB_HL_BA: Final = 100
"""Run-time class: Hebrew letter followed by hyphen or break-after (UAX #14 LB21a)."""
_LETTERS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


class _Fitter:
    """u8_width_linebreaks for one escaped portion, for several start columns.

    Character by character; :class:`_Layout` uses it for text its fast path does not handle.
    """

    def __init__(self, text: str, overrides: list[int]) -> None:
        self.text = text
        self.overrides = overrides
        self.classes, self.widths = _char_props(text)
        self.total = sum(self.widths)
        self._possible: list[int] | None = None

    def breaks(self, width: int, start: int) -> list[bool]:
        """Per character: whether the line is broken before it to fit ``width`` columns."""
        if start + self.total <= width:
            return [False] * len(self.text)  # fits: libunistring inserts no break at all
        return _fit(self.possible(), self.widths, width, start)

    def possible(self) -> list[int]:
        """Break opportunities with the overrides applied (computed once)."""
        if self._possible is None:
            possible = _possible_linebreaks(self.classes)
            # An override (never _UNDEFINED, which is 0) replaces the computed value.
            self._possible = [o or p for o, p in zip(self.overrides, possible, strict=True)]
        return self._possible


def _fit(possible: list[int], widths: list[int], width: int, start: int) -> list[bool]:
    """The greedy filling of u8_width_linebreaks: break at the last opportunity that fits."""
    result = [False] * len(possible)
    last_break: int | None = None
    last_column, piece = start, 0
    for i, brk in enumerate(possible):
        if brk != _PROHIBITED and last_break is not None and last_column + piece > width:
            result[last_break] = True
            last_column = 0
        if brk in (_MANDATORY, _CR_BEFORE_LF):
            # A raw line separator (U+2028, NEL...): a new line for the algorithm, not for wrap().
            last_break, last_column, piece = None, 0, 0
            continue
        if brk == _POSSIBLE:
            last_break, last_column, piece = i, last_column + piece, 0
        piece += widths[i]
    if last_break is not None and last_column + piece > width:
        result[last_break] = True
    return result


def _possible_linebreaks(classes: list[int]) -> list[int]:
    """UAX #14 break opportunities before each character, as libunistring 1.0 computes them.

    One loop with local state (u8_possible_linebreaks_loop): this is the hot path of dump_po.
    """
    breaks = [_PROHIBITED] * len(classes)
    prev = last = _LB_BK  # previous class; last class that is not a space (or CM)
    space = False  # a space was seen after ``last``
    ri_count = 0  # consecutive regional indicators before this character
    for i, prop in enumerate(classes):
        if prop < _LB_BK and prop != _LB_ZWJ:  # an ordinary class: the pair table decides
            if last in _SPECIAL_LAST or prev in _SPECIAL_PREV:
                breaks[i] = _pair_break(last, prev, prop, space, ri_count)
            else:  # the common case, inlined: UAX #14 table 7.3
                breaks[i] = (_AFTER_SPACES if space else _DIRECT)[last][prop]
            last, space = prop, False
        elif prop == _LB_SP:
            space = True  # LB7: no break before a space
        elif prop in (_LB_CM, _LB_ZWJ):
            if last in (_LB_BK, _LB_ZW) or space:
                # LB10: treat as AL; a break after a space or ZW (LB8, LB18), none at the start.
                breaks[i] = _PROHIBITED if last == _LB_BK else _POSSIBLE
                last, space = _LB_AL, False
            # else LB9: X CM behaves like X
        elif prop == _LB_ZW:
            last, space = _LB_ZW, False
        else:  # BK, LF, CR (LB4, LB5, LB6)
            breaks[i] = _MANDATORY
            if prev == _LB_CR and prop == _LB_LF:
                breaks[i - 1] = _CR_BEFORE_LF
            last, space = _LB_BK, False
        prev = _LB_HL_BA if prev == _LB_HL and prop in (_LB_HY, _LB_BA) else prop
        ri_count = ri_count + 1 if prop == _LB_RI else 0
    return breaks


_SPECIAL_LAST: Final = (_LB_BK, _LB_ZW, _LB_RI)
"""Classes before a break that need more than the pair table (see _pair_break)."""
_SPECIAL_PREV: Final = (_LB_ZWJ, _LB_HL_BA)


def _pair_break(last: int, prev: int, prop: int, space: bool, ri_count: int) -> int:
    """The break before class ``prop`` after ``last`` (UAX #14 table 7.3 and its exceptions)."""
    if last == _LB_BK:
        return _PROHIBITED
    if last == _LB_ZW:
        return _POSSIBLE
    if prev in (_LB_ZWJ, _LB_HL_BA):
        return _PROHIBITED  # LB8a, LB21a
    if last == _LB_RI and prop == _LB_RI:
        return _POSSIBLE if space or ri_count % 2 == 0 else _PROHIBITED  # LB30a
    rule = _PAIR_TABLE[last][prop]
    return _POSSIBLE if rule == "D" or (rule == "I" and space) else _PROHIBITED


_ORDINARY: Final = tuple(c for c in range(_LB_BK) if c not in (_LB_HL, _LB_RI, _LB_ZWJ))
"""Classes whose breaks the pair table alone decides (see _possible_linebreaks)."""
_SPECIAL_CLASSES: Final = re.compile(
    "[^" + "".join(_LETTERS[c] for c in (*_ORDINARY, _LB_SP)) + "]"
)
"""A class letter that _Layout leaves to _possible_linebreaks."""


@cache
def _opportunity_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regular expressions over class letters that find the break opportunities.

    ``direct`` matches the character after a break between two non-space characters, except
    an AL after the break; ``after`` matches the character before a break between it and AL, or
    a run of spaces between two characters where the pair table allows a break after spaces.
    Each starts with a set of characters, so that the search skips letters (AL) quickly.
    """
    letter = _LETTERS
    space = letter[_LB_SP]

    def chars(classes: Iterable[int]) -> str:
        return "".join(letter[c] for c in classes)

    def grouped(pairs: Iterable[tuple[int, int]]) -> dict[str, str]:
        """Pairs (key class, other class) as {letters of the key classes: letters of others}."""
        others: dict[int, list[int]] = {}
        for key, other in pairs:
            others.setdefault(key, []).append(other)
        groups: dict[str, str] = {}
        for key in others:
            common = chars(others[key])
            groups[common] = groups.get(common, "") + letter[key]
        return {keys: common for common, keys in groups.items()}

    ordinary = _ORDINARY
    # Between two non-space characters: by the class after the break (AL apart).
    direct_pairs = grouped(
        (after, before)
        for after in ordinary
        if after != _LB_AL
        for before in ordinary
        if _DIRECT[before][after] == _POSSIBLE
    )
    direct = "[{}](?:{})".format(
        "".join(direct_pairs),
        "|".join(f"(?<=[{before}][{after}])" for after, before in direct_pairs.items()),
    )
    # Before AL, and after spaces: by the class before the break.
    before_letter = chars(c for c in ordinary if _DIRECT[c][_LB_AL] == _POSSIBLE)
    space_pairs = grouped(
        (before, after)
        for before in ordinary
        for after in ordinary
        if _AFTER_SPACES[before][after] == _POSSIBLE
    )
    alternatives = [f"(?<=[{before_letter}])(?={letter[_LB_AL]})"] + [
        f"(?<=[{before}]{space}){space}*(?=[{after}])" for before, after in space_pairs.items()
    ]
    after_pattern = f"[{before_letter}{space}](?:{'|'.join(alternatives)})"
    return re.compile(direct), re.compile(after_pattern)


def _char_props(text: str) -> tuple[list[int], list[int]]:
    """Line breaking classes and counted widths of the characters of ``text``."""
    known = _CHAR_PROPS
    props = [known.get(char) or _lookup(char) for char in text]
    return [p[0] for p in props], [p[1] for p in props]


_CHAR_PROPS: dict[str, tuple[int, int]] = {}
"""Cache of _lookup: a dict is the fastest per-character lookup."""


def _lookup(char: str) -> tuple[int, int]:
    """(line breaking class, counted width) of a character, as libunistring 1.0 has them."""
    starts, classes, widths = _char_tables()
    index = bisect.bisect_right(starts, ord(char)) - 1
    # uc_width is -1 for control characters, which u8_width_linebreaks does not count.
    props = _CHAR_PROPS[char] = (classes[index], max(widths[index], 0))
    return props


@cache
def _char_tables() -> tuple[list[int], list[int], list[int]]:
    """Range starts, line breaking classes and display widths decoded from ``_CHAR_DATA``."""
    data = zlib.decompress(base64.b85decode(_CHAR_DATA)).decode("ascii")
    starts: list[int] = []
    classes: list[int] = []
    widths: list[int] = []
    start = 0
    for item in data.split():
        start += int(item[:-2], 36)
        starts.append(start)
        classes.append(_LETTERS.index(item[-2]))
        widths.append(-1 if item[-1] == "x" else int(item[-1]))
    return starts, classes, widths


# === Data =========================================================================================

# libunistring 1.0's unilbrk_table (UAX #14 table 7.3 with its tailorings), indexed by the class
# before and the class after a potential break: D direct break, I break only after spaces,
# P prohibited. Read from the library's data; classes 0..32 as in lbrktables.h.
_PAIR_TABLE: Final = (
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",
    "PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",
    "PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
    "PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII",
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII",
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",
    "PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",
)

# Per code point: libunistring 1.0's line breaking class (its unilbrkprop table, Unicode 14.0) and
# uc_width(c, "UTF-8"), both read from the library itself (ctypes on libunistring.so.2: the
# exported libunistring_unilbrkprop 3-level table, lbrkprop_header 16/15/7/511/127, and uc_width).
# zlib-compressed, base85-encoded ASCII: space-separated ranges "<start minus previous start,
# base 36><class letter><width>", where the class letter indexes _LETTERS and the width is 0, 1, 2
# or x (-1, a control character).
_CHAR_DATA: Final = (
    "c-rk++ji@?4gD2=f=S&Un{j$(`6Q>Aq-yQH$+Bc8%Khr(>r0S(OR#2gChcn9{9uD3K@tQ35Ck~wrW4ccCi!ePF<0"
    ")l-A(M}&evVun2DLY-{0J?biWJtJ4adSPTlWU)pq87e+B%z`~7Anl`C7<9?b*Z<0){_?^(WQ?)MGjxOvlUnE&Ajb"
    "DW1hk!w##%WUeQMVl`l2bcmUIt{SdpdkXh1blOgx7m?!U^=NC%p6=xkF$V~<*p)=LUaZ?-A8;uT3yd#h5{-q;e4p"
    "iYqxOe=wR&Nx|~i@p~n#)fkD>cuGnWD7Hfo_YvJN~;HKv!2DOj#fsCviC`d6HDUlhi4C3Im!V~!7pipM7WO`R<fw"
    "*(ug^+v(8Q{zpfr=XpY=9>)0!&D{uh^7<l+;z^QXz%AGBEwE!x}EV9BNjE`EmziwAp^Kjz(GFY*^TK4`(!p=Rik3"
    "2kuCFf!Ql?i-U<!$#-(Dgu5L2dG3<(@nq65=73-V_pJMEn2dF+pAD8!ntFtRif%+Tsmvh*<};QU#p};llc`C^?78"
    "Gvx9reSG$FU$usrg(LFWQgrszjJbET9>28u^g6_YCROi`3Up$ig&Z#Ag#Vq+AA)R7F-j|bg=1(pNZkw}@JEO*Sa0"
    "-}`ZO?gMB7z0G*z5<B4q?Ac^x`zteGH3#=k(dClU(#WQ9bGGAQPUMHPcJiK68%~nv`2tq(vE`OCr99<vH@0+RgKJ"
    "F4^Ls!2}%CiH8$v!%m$m8zySHq(=u3F+6~WHQii=1%KRFu65D~b85kT3s2NhDE-nMNH|VSR<R|4fmKpK;;a_%Q?<"
    "$8iUAe!F5O&Y4<N45_uzf_~;dD6RY&wJ3Od;t~`$T;Mp^sq83+3*KtHHMCisF@YI^n^nAP=h1YVPKNmA#tG2jd#y"
    "I5d>I4^Tj1jVdZANRA-Ev;-;Gk<S(XIttu9wTi-W!y^d`GwPcQ%&{dEjW9-|6v}DzO6iJeD_6?SCCct4N(Wa;ID}"
    ";}bXSz6m<?>9EqtNf?9?%U1@}sotBEa*LpPW<KWN<rQ=KbQ6uB9b(b~+E%A6|`vF?VmFa|5r{&-Sq<&E`|7~llEE"
    "jynbh2=)q*zG33UiD?pU!d~NowBFF<%>=ScQF1Q2sYcW0B<VJgVhoozseIR@tHCOCqZUvC8;rB^p~mMcp86Uz*;F"
    "!qsm(+-5K1!1~3Nf-9o_DjkS}b3uc%nd(G461Aa{!eGfHvV*@6$FRVve|FEvkhLNh$dU7MzXclgiMQCWYWx$q7LD"
    "-<TU0~e~Ms0vnf4=}<T)$e*ci`P%z^gLAHDHeMw=%B7O#r<<`o4jn2y+>X6Jb8m!9F?KQ{Y<F$J5vj-xiC_O52ZN"
    "TkCOT><83;02;v9!AO0JY^Ah73+1+J&VLoUzONYn4&yg~iN^U4##?3oEiqph+&un4<(n#JJBm=N_~+?b!xm(7C=S"
    "nPC{+}r(9kH{iM#FCEr(Oi1LAb(VWF~?>i#q8MP=uM`dS5(UxJC@iD)rLK02IuEBwk_(&ycYoEIw*P0_8|6_R&Xc"
    "vx7kH1RB`r3j}z0VY-T&)`>ZPlmG0QTcNql#?!uk(^+DDj?|iGk6d9`bm4LpcSbQW9`Z@aP0qj4hLh7@8%QZVluM"
    "-h6Qh{9Gcj+S5%r9#w2OI8GmxcP1aBTC@LywV$b~5k>_u=o$U+phDYG8+dmTC=w0V@kL2K#At>%q?^*|V+wEW5Si"
    "j;G?^fJP_(3_(=%&LpKq}R3Q%>4T@f42L#Sm@c$>mtltvIz9tahH`GboG3E{Yww6rw!z6X^)7;1E^higZp@CwdVz"
    "!wz&iv?Gf_pXg<^%H4{T2b?H>)3+zep|P{!!e@H#L*E7oXJ+qO-!t$ZP5}OCCyxhsfCqSh2Y7%7cz_3ZfCqSh|1T"
    ")lqiQ<2l`G)N-AN?dn_kKlwUGeDbB()7jXPFtd_q`Y0%!p32>Mv%10xr5h04!|q{-$CfddEaTm>7xhYPk`DdiTOd"
    "^KS4l|Y6oXMiDIiD1DT0fV26k@Gfx;eO{RGt~Lv!?dnqjtLc#p4{rm9b6%@5TW1WkNx)N(RWXfaP>!s2l+(DB7~7"
    "EfyGIP9lj#AnIaxJhCUH{jui<J7a_PN5%LJJ$1LNeo9T|UVk9A9K6c6|79-fnBd)a%32UxUNDCFTXP(Q4GGa6^60"
    "t#yEZPB6(hn)3(dK0q5}4}^`sYl*6%5<USUIz3YoJAqPWVcTWXfCI-=C3>HtNYhrQ;I?)14~3AQ1u|07S<M5rTIW"
    "9O?60j2h_7By*>>&y|!zTCdXC?i$k<z>Za{(Woq}PFQguMn!F(T~%=j<~nrXvX4=`&lIcrhX|!g&3u*_=J4aJdbF"
    "1r9v*yT<&fr2YW3v7auX<gWSdUzl3s37s<t{-xhWqL0_n+a^d@2t@fh4d987{mt$xl>jYu4`a!m#u!)!k2XC3I2s"
    "&!F{?Mj88n9LQf#6+N8UMrE{;^J%W{d<Ref?~2AJuBIJ27zG<hR0TW?3wl~(jsb9&Nfww;Z-{AhF3YU62-pUKNJ`"
    "`du^#yR<DnrABRownaZh3`5E?Bu}{VYZ;pp_y#z{c)Os@&#3T2j1`kG}KX}HJmA~ICua?Ok;=VX&<RVeZl1iRVSo"
    ";DMd+k8HeUM~G^o^<UZ=d9XWRP2Ycyl_HXIrOk&Tk0(ZZ&R}PeDiAXHmHd%NGbf3oUB}*DF-6fO*@eHmnw-D?I1$"
    "q9Sqs_=qoh!oecx!uVl>X!y0n%GaJ<=^{kF)3*#KsvM>nV8|J|6WDX2I0+f8?Mc9tp;rEV#M_pZpSJ$Szw%*{Tzs"
    "6?cKQ`kFkKsEeO}Nv=5b^qQDV~w{oXcT@r-I1Qr1}|*rknnt0We~m?tGXTQ#8;E+4Tk&_ER|-pFKmDnR{D_>>{3X"
    "*VgJw94@*g6<o-U4XY&l7U6W(nQOU9<@)dP`g6A4E}*Y!H{h;C>tqw#|{pJy++}MnNJ7(qbR|aUftUGj8wFA+bu)"
    "o%aBGX9L&Tia!}?-rM_~7-NN`}R>6epI|^AFJe6h<Tmy^r@^y)%6MVF!4Jj21d=J|JKfwgs#gL{J7;TW)dF0FjTV"
    "${tT*+h(UI{V=k1?46B$0;1mV>jXVZ#2Z-p^zEq<P@arVRX9BM)AKxESzGR)f{WZ6Nv@dGxpqskb#3v+^n<31OAk"
    "wjf=W<fT?}p3w<Y=XUY|S~ox}@GXo?Tg5<-E;5zid*!z{xT0a(;d<sGZ~jr1w73shY`uhNF2hmlzrA`a!=6`5oM<"
    "sBULdYAhn1FE@4DCx2gORH_!i<TwYh%NxZ&(<?y>DgL21~k?G~=S%L;0!PP2r7EdxIYGY1Rt=kdKFf7-w+A;&LF$"
    "dz@q=p(yyM<>EnJT-i5&~yz1hD9+$=5DKAvf4Xu<>WYXrGEo1?OdG"
)

_DIRECT: Final = tuple(
    tuple(_POSSIBLE if rule == "D" else _PROHIBITED for rule in row) for row in _PAIR_TABLE
)
"""_PAIR_TABLE resolved for a break directly after a character."""
_AFTER_SPACES: Final = tuple(
    tuple(_PROHIBITED if rule == "P" else _POSSIBLE for rule in row) for row in _PAIR_TABLE
)
"""_PAIR_TABLE resolved for a break after spaces."""
