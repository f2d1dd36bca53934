"""TMX 1.4 import and export, so CAT tools (OmegaT, Trados, memoQ) share the memory.

Export writes one ``<tu>`` per source text and context, with a ``<tuv>`` for the source and one
per language (the translation used most, then the most recent, when articles differ), the
context as ``<prop type="x-context">`` (translate-toolkit's convention) and every article the
text comes from as ``<prop type="x-origin">``. Text is plain: inline Markdown stays as text.

Import is lenient about what other tools write: language codes in any case and with either
separator, mapped to the project's languages (``de-DE`` → ``de``); ``xml:lang`` or TMX 1.1's
``lang``; any ``srclang`` including ``*all*`` or none, since the source ``<tuv>`` is found by
the project's source language. Inline elements (``<bpt>``, ``<ept>``, ``<ph>``, ``<it>``,
``<ut>``, ``<hi>``, ``<sub>``) are unwrapped: their text is kept in reading order. That text is
the original document's own markup, so a TMX made from Markdown gives back exact Markdown (and
exact matches); codes of other formats stay visible to the reviewer instead of vanishing
silently, and every imported translation is reviewed before it is published anyway.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePath

from . import __version__
from .errors import MemoryStoreError
from .memory import Changes, Memory, Unit

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TMX_DATE = "%Y%m%dT%H%M%SZ"
# Characters XML 1.0 cannot carry, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A raw carriage return would be read back as a line feed (XML end-of-line handling).
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
# In attributes, parsers turn a raw line break or tab into a space: write them as references.
_ATTR_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\r": "&#13;",
        "\n": "&#10;",
        "\t": "&#9;",
    }
)


@dataclass(frozen=True, slots=True)
class TmxContent:
    """What a TMX file holds for this project."""

    units: tuple[Unit, ...]
    """One per ``<tu>`` and project language with a non-empty translation."""
    read: int
    """``<tu>`` elements in the file."""
    skipped: int
    """``<tu>`` elements with no source text, or no translation into a project language."""
    other_languages: tuple[str, ...]
    """Language codes in the file that match no project language (as written, sorted)."""


# --- export


def export_tmx(
    memory: Memory,
    *,
    source_lang: str,
    languages: Sequence[str] | None = None,
    created: datetime | None = None,
) -> bytes:
    """The memory (or its ``languages``) as a TMX 1.4 document in UTF-8."""
    units = [
        u
        for u in memory.units()
        if u.source_lang == source_lang and (languages is None or u.language in languages)
    ]
    return write_tmx(units, source_lang=source_lang, created=created or datetime.now(UTC))


def write_tmx(units: Iterable[Unit], *, source_lang: str, created: datetime) -> bytes:
    """``units`` as a TMX 1.4 document: one ``<tu>`` per (source, context)."""
    groups: dict[tuple[str, str | None], list[Unit]] = {}
    for unit in units:
        groups.setdefault((unit.source, unit.context), []).append(unit)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tmx version="1.4">',
        _header(source_lang, created),
        "  <body>",
    ]
    for (source, context), group in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1] or "")):
        lines += _tu(source, context, group, source_lang)
    lines += ["  </body>", "</tmx>", ""]
    return "\n".join(lines).encode("utf-8")


def _header(source_lang: str, created: datetime) -> str:
    attributes = {
        "creationtool": "i18npipe",
        "creationtoolversion": __version__,
        "datatype": "plaintext",
        "segtype": "block",
        "adminlang": "en",
        "srclang": _tmx_lang(source_lang),
        "o-tmf": "i18npipe",
        "creationdate": _tmx_date(created),
    }
    return f"  <header{_attributes(attributes)}/>"


def _tu(source: str, context: str | None, units: list[Unit], source_lang: str) -> list[str]:
    dates = {
        "creationdate": _tmx_date(min(_created(u) for u in units)),
        "changedate": _tmx_date(max(_changed(u) for u in units)),
    }
    lines = [f"    <tu{_attributes(dates)}>"]
    if context is not None:
        lines.append(f'      <prop type="x-context">{_text(context, units[0])}</prop>')
    for article in sorted({u.article for u in units}):
        lines.append(f'      <prop type="x-origin">{_text(article, units[0])}</prop>')
    lines.append(_tuv(source_lang, source, units[0], {}))
    for language in sorted({u.language for u in units}):
        chosen = _preferred([u for u in units if u.language == language])
        lines.append(_tuv(language, chosen.target, chosen, {"changedate": _changed(chosen)}))
    lines.append("    </tu>")
    return lines


def _tuv(language: str, text: str, unit: Unit, dates: dict[str, datetime]) -> str:
    attributes = {"xml:lang": _tmx_lang(language)} | {k: _tmx_date(v) for k, v in dates.items()}
    return f"      <tuv{_attributes(attributes)}><seg>{_text(text, unit)}</seg></tuv>"


def _preferred(units: list[Unit]) -> Unit:
    """The translation used most, then the most recently changed."""
    uses = Counter(u.target for u in units)
    return max(units, key=lambda u: (uses[u.target], _changed(u)))


def _text(text: str, unit: Unit) -> str:
    bad = _NOT_XML.search(text)
    if bad:
        raise MemoryStoreError(
            f"cannot export to TMX: character {ord(bad.group()):#06x} in {unit.source[:60]!r}"
            f" ({unit.language})",
            path=unit.article,
            hint="XML cannot carry control characters: fix the translation in its catalog",
        )
    return text.translate(_TEXT_ESCAPES)


def _attributes(attributes: dict[str, str]) -> str:
    return "".join(f' {k}="{v.translate(_ATTR_ESCAPES)}"' for k, v in attributes.items())


def _tmx_lang(code: str) -> str:
    # TMX wants RFC 4646 tags (pt-BR); gettext spells them pt_BR.
    return code.replace("_", "-")


def _tmx_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_TMX_DATE)


def _created(unit: Unit) -> datetime:
    return unit.created or unit.changed or datetime.now(UTC)


def _changed(unit: Unit) -> datetime:
    return unit.changed or unit.created or datetime.now(UTC)


# --- import


def import_tmx(
    memory: Memory, data: bytes, *, path: str, source_lang: str, languages: Sequence[str]
) -> tuple[TmxContent, Changes]:
    """Record the translations of a TMX file, with origin ``tmx:<file name>``.

    TMX from CAT tools holds reviewed work by convention, so its units count as reviewed (they
    still never pre-fill an entry as reviewed: their origin is not the entry's article).
    """
    content = read_tmx(data, path=path, source_lang=source_lang, languages=languages)
    return content, memory.record(content.units)


def read_tmx(data: bytes, *, path: str, source_lang: str, languages: Sequence[str]) -> TmxContent:
    """The units of a TMX document whose source is ``source_lang``, for ``languages``.

    ``path`` names the file in errors and, as its last part, in the units' origin.
    """
    reader = _Reader(f"tmx:{PurePath(path).name}", source_lang, languages)
    root = body = None
    try:
        for event, element in ET.iterparse(io.BytesIO(data), events=("start", "end")):
            if root is None:
                root = _check_root(element, path)
            elif event == "start" and element.tag == "body":
                body = element
            elif event == "end" and element.tag == "tu":
                reader.read_tu(element)
                if body is not None:
                    body.clear()  # a large memory is read in constant space
            elif event == "end" and element.tag == "header":
                reader.read_dates(element)
    except ET.ParseError as err:
        line, column = err.position
        raise MemoryStoreError(
            f"not well-formed XML at column {column + 1}: {_reason(err)}",
            path=path,
            line=line,
            hint="export the memory again from its tool; a TMX file must be well-formed XML",
        ) from None
    if root is None:  # pragma: no cover - iterparse raises on an empty document
        raise MemoryStoreError("empty document", path=path)
    return reader.content()


def _check_root(element: ET.Element, path: str) -> ET.Element:
    if element.tag != "tmx":
        raise MemoryStoreError(
            f"not a TMX document: the root element is <{element.tag}>, not <tmx>",
            path=path,
            hint="import a .tmx file exported by a CAT tool or `i18npipe tm export`",
        )
    return element


def _reason(err: ET.ParseError) -> str:
    # "mismatched tag: line 3, column 4" -> "mismatched tag": the location is given apart.
    return str(err).split(":")[0]


class _Reader:
    """Collects units from ``<tu>`` elements as the parser finishes them."""

    def __init__(self, origin: str, source_lang: str, languages: Sequence[str]) -> None:
        self._origin = origin
        self._source_lang = source_lang
        self._languages = list(languages)
        self._units: list[Unit] = []
        self._read = self._skipped = 0
        self._other: set[str] = set()
        self._default_date: datetime | None = None

    def read_dates(self, header: ET.Element) -> None:
        self._default_date = _parse_date(header.get("creationdate"))

    def read_tu(self, tu: ET.Element) -> None:
        self._read += 1
        tuvs = [(lang, tuv) for tuv in tu.findall("tuv") if (lang := _lang(tuv))]
        known = [*self._languages, self._source_lang]
        self._other.update(code for code, _ in tuvs if _resolve(code, known) is None)
        source = self._source(tuvs)
        found = self._targets(tu, tuvs, source) if source is not None else []
        if not found:
            self._skipped += 1
        self._units += found

    def content(self) -> TmxContent:
        return TmxContent(tuple(self._units), self._read, self._skipped, tuple(sorted(self._other)))

    def _source(self, tuvs: list[tuple[str, ET.Element]]) -> ET.Element | None:
        """The ``<tuv>`` in the project's source language (exact code first), if it has text."""
        matches = [(lang, tuv) for lang, tuv in tuvs if _resolve(lang, [self._source_lang])]
        matches.sort(key=lambda m: _norm(m[0]) != _norm(self._source_lang))
        return matches[0][1] if matches and _seg_text(matches[0][1]) else None

    def _targets(
        self, tu: ET.Element, tuvs: list[tuple[str, ET.Element]], source: ET.Element
    ) -> list[Unit]:
        text = _seg_text(source)
        context = _context(tu)
        tu_created = _parse_date(tu.get("creationdate")) or self._default_date
        tu_changed = _parse_date(tu.get("changedate")) or tu_created
        units: dict[str, Unit] = {}
        for code, tuv in tuvs:
            language = _resolve(code, self._languages)
            target = _seg_text(tuv)
            # The first translation per language wins.
            if tuv is source or language is None or language in units or not target:
                continue
            created = _parse_date(tuv.get("creationdate")) or tu_created
            changed = _parse_date(tuv.get("changedate")) or tu_changed or created
            units[language] = Unit(
                self._origin, language, text, target, context, self._source_lang, created, changed
            )
        return list(units.values())


def _lang(tuv: ET.Element) -> str:
    # TMX 1.4 uses xml:lang; TMX 1.1 (still written by some tools) uses lang.
    return (tuv.get(_XML_LANG) or tuv.get("lang") or "").strip()


def _seg_text(tuv: ET.Element) -> str:
    seg = tuv.find("seg")
    return "" if seg is None else "".join(seg.itertext())


def _context(tu: ET.Element) -> str | None:
    for prop in tu.findall("prop"):
        if prop.get("type") == "x-context":
            return prop.text or ""
    return None


def _norm(code: str) -> str:
    return code.replace("_", "-").lower()


def _resolve(code: str, languages: Sequence[str]) -> str | None:
    """The project language ``code`` stands for: same tag, or a regional variant of it."""
    wanted = _norm(code)
    primary = wanted.split("-")[0]
    exact = [lang for lang in languages if _norm(lang) == wanted]
    general = [lang for lang in languages if _norm(lang) == primary]
    found = exact or general
    return found[0] if found else None


def _parse_date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.strptime(text.strip(), _TMX_DATE).replace(tzinfo=UTC)
    except ValueError:
        return None  # tools write odd dates; a missing date only affects ranking
