"""The project glossary: never-translate terms and required translations, from a CSV file.

``glossary/terms.csv`` has a header ``term,keep,<lang>,…[,note]``: a row with ``keep=yes`` is a
term passed through untouched in every language (a brand name); any other row gives the required
translation per language column (an empty cell: no requirement for that language). Providers
with glossary support are given the terms; after translation :func:`violations` checks them.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from . import locales
from .errors import ConfigError
from .providers.base import Glossary

ANY = "*"
"""Key of the glossary for languages without a column: the keep terms only."""

_KEEP = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False, "": False}
_IGNORED = {"note", "notes", "comment"}


@dataclass(frozen=True, slots=True)
class _Header:
    """Where the columns of the file are."""

    line: int
    width: int
    term: int
    keep: int
    languages: Mapping[int, str]
    """Column index → normalized language code."""


def load(path: Path) -> dict[str, Glossary]:
    """One :class:`Glossary` per language column of the CSV file at ``path`` (plus :data:`ANY`).

    A malformed file raises a ConfigError naming ``path:line``.
    """
    shown = str(path)
    rows = _rows(_read(path, shown), shown)
    if not rows:
        raise ConfigError("the glossary is empty", path=shown, hint="add a header: term,keep,de,…")
    header = _header(*rows[0], shown)
    keep: list[str] = []
    terms: dict[str, dict[str, str]] = {lang: {} for lang in header.languages.values()}
    seen: dict[str, int] = {}
    for line, row in rows[1:]:
        term, translations = _row(row, line, shown, header, seen)
        if translations:
            for lang, wanted in translations.items():
                terms[lang][term] = wanted
        else:
            keep.append(term)
    glossaries = {lang: Glossary(tuple(keep), found) for lang, found in terms.items()}
    glossaries[ANY] = Glossary(tuple(keep))
    return glossaries


def _read(path: Path, shown: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ConfigError(
            f"cannot read the glossary: {err.strerror}",
            path=shown,
            hint="create it or fix the glossary path",
        ) from None
    try:
        return data.decode("utf-8-sig")  # spreadsheets write a BOM
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise ConfigError(
            "not valid UTF-8", path=shown, line=line, hint="save it as UTF-8"
        ) from None


def _rows(text: str, shown: str) -> list[tuple[int, list[str]]]:
    """Non-blank, non-comment rows with the line each ends on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    try:
        for row in reader:
            cells = [c.strip() for c in row]
            if any(cells) and not cells[0].startswith("#"):
                rows.append((reader.line_num, cells))
    except csv.Error as err:
        raise ConfigError(f"bad CSV: {err}", path=shown, line=reader.line_num) from None
    return rows


def _header(line: int, cells: list[str], shown: str) -> _Header:
    names = [c.lower() for c in cells]
    for required in ("term", "keep"):
        if names.count(required) != 1:
            raise ConfigError(
                f"the header needs one {required!r} column",
                path=shown,
                line=line,
                hint="start the file with: term,keep,de,es,fr,note",
            )
    languages: dict[int, str] = {}
    for index, name in enumerate(cells):
        if name.lower() in ("term", "keep", *_IGNORED):
            continue
        try:
            lang = locales.normalize(name, where=f"column {name!r}")
        except ConfigError as err:
            raise ConfigError(err.message, path=shown, line=line, hint=err.hint) from None
        if lang in languages.values():
            raise ConfigError(f"language {lang!r} has two columns", path=shown, line=line)
        languages[index] = lang
    return _Header(line, len(cells), names.index("term"), names.index("keep"), languages)


def _row(
    row: list[str], line: int, shown: str, header: _Header, seen: dict[str, int]
) -> tuple[str, dict[str, str]]:
    """The term of one row and its required translations (none for a keep term)."""
    if len(row) > header.width:
        raise ConfigError(
            f"{len(row)} fields, the header has {header.width}",
            path=shown,
            line=line,
            hint='quote fields that contain commas: "a, b"',
        )
    row = row + [""] * (header.width - len(row))
    term, flag = row[header.term], row[header.keep].lower()
    if not term:
        raise ConfigError("the term is empty", path=shown, line=line)
    first = seen.setdefault(term.casefold(), line)
    if first != line:
        raise ConfigError(
            f"{term!r} is listed twice (first on line {first})", path=shown, line=line
        )
    if flag not in _KEEP:
        raise ConfigError(
            f"keep must be yes or no, not {row[header.keep]!r}", path=shown, line=line
        )
    translations = {lang: row[i] for i, lang in header.languages.items() if row[i]}
    if _KEEP[flag] and translations:
        raise ConfigError(
            f"{term!r} is a keep term but has a translation for {', '.join(translations)}",
            path=shown,
            line=line,
            hint="clear keep or the translations",
        )
    if not _KEEP[flag] and not translations:
        raise ConfigError(f"{term!r} has neither keep=yes nor a translation", path=shown, line=line)
    return term, translations


def select(glossaries: Mapping[str, Glossary], language: str) -> Glossary:
    """The glossary for ``language``: its own column, its base language's (``pt`` for ``pt_BR``),
    or the keep terms only."""
    for key in (language, language.split("_")[0], ANY):
        if key in glossaries:
            return glossaries[key]
    return Glossary()


def violations(source: str, translation: str, glossary: Glossary) -> list[str]:
    """What ``translation`` gets wrong about the terms of ``source`` (empty list: nothing).

    Matching ignores case and needs word boundaries, so ``CAST`` does not match ``broadcast``.
    """
    problems = []
    for term in glossary.keep:
        if _find(term, source) and not _find(term, translation):
            problems.append(f"{term!r} must stay untranslated")
    for term, wanted in glossary.terms.items():
        if _find(term, source) and not _find(wanted, translation):
            problems.append(f"{term!r} must be translated as {wanted!r}")
    return problems


def _find(term: str, text: str) -> bool:
    return _pattern(term).search(text) is not None


@functools.lru_cache(maxsize=1024)
def _pattern(term: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(w) for w in term.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)
