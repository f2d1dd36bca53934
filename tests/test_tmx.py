"""TMX 1.4 export read back by translate-toolkit, and imports from other tools."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from translate.storage.tmx import tmxfile

from i18npipe.errors import MemoryStoreError
from i18npipe.memory import Changes, Memory, Unit, open_memory
from i18npipe.tmx import export_tmx, import_tmx, read_tmx, write_tmx

DATA = Path(__file__).parent / "data" / "tmx"
WHEN = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
LANGS = ("de", "fr", "pt_BR")

LINK = "[the guide](https://example.org/a?b=1&c=2)"
TRICKY = [
    # (source, context, {language: target})
    ("Plain text", None, {"de": "Einfacher Text", "fr": "Texte simple"}),
    (f"**Label:** see {LINK}", None, {"de": f"**Etikett:** siehe {LINK}"}),
    ("Use `a < b && c > \"d\"` and 'e'", "code", {"de": "Nutze `a < b && c > \"d\"` und 'e'"}),
    ("Line one\\\nline two", None, {"fr": "Ligne un\\\nligne", "pt_BR": "Linha um\\\nlinha"}),
    ("Ünïcödé — 日本語 — 🦵", 'ctx with "quotes" & <angle>', {"de": "Ünïcödé — 日本語 — 🦵"}),
    ("  Leading and trailing spaces  ", None, {"de": "  Leerzeichen vorn und hinten  "}),
    ("Carriage\r\nreturn", None, {"de": "Wagen\r\nrücklauf"}),
    ("]]> is not the end of anything", None, {"de": "]]> ist kein Ende"}),
]


@pytest.fixture
def mem(tmp_path: Path) -> Iterator[Memory]:
    with open_memory(tmp_path / "memory.sqlite") as opened:
        yield opened


def _fill(memory: Memory) -> None:
    units = [
        Unit("content/tricky.md", lang, source, target, ctx, "en")
        for source, ctx, targets in TRICKY
        for lang, target in targets.items()
    ]
    # The same text in a second article, translated the same way: one <tu>, two origins.
    units.append(Unit("content/other.md", "de", "Plain text", "Einfacher Text", None, "en"))
    memory.record(units)


def _tt_lang(code: str) -> str:
    return code.replace("_", "-")


# --- export


def test_export_is_read_back_by_translate_toolkit_without_loss(mem: Memory) -> None:
    _fill(mem)
    store = tmxfile(io.BytesIO(export_tmx(mem, source_lang="en", created=WHEN)))
    assert store.sourcelanguage == "en"
    assert len(store.units) == len(TRICKY)
    found = {
        (unit.source, unit.getcontext() or None): {
            lang: unit.gettarget(_tt_lang(lang))
            for lang in LANGS
            if unit.gettarget(_tt_lang(lang)) is not None
        }
        for unit in store.units
    }
    assert found == {(source, ctx): targets for source, ctx, targets in TRICKY}


def test_export_header_origins_and_dates(mem: Memory) -> None:
    _fill(mem)
    root = ET.fromstring(export_tmx(mem, source_lang="en", created=WHEN))
    assert root.attrib == {"version": "1.4"}
    header = root.find("header")
    assert header is not None
    assert header.attrib == {
        "creationtool": "i18npipe",
        "creationtoolversion": "0.1.0",
        "datatype": "plaintext",
        "segtype": "block",
        "adminlang": "en",
        "srclang": "en",
        "o-tmf": "i18npipe",
        "creationdate": "20240501T120000Z",
    }
    plain = next(tu for tu in root.iter("tu") if tu.findtext("tuv/seg") == "Plain text")
    origins = [p.text for p in plain.findall("prop") if p.get("type") == "x-origin"]
    assert origins == ["content/other.md", "content/tricky.md"]
    for date in ("creationdate", "changedate"):
        datetime.strptime(plain.get(date, ""), "%Y%m%dT%H%M%SZ")  # TMX date format
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in plain.iter("tuv")]
    assert langs == ["en", "de", "fr"]


def test_export_prefers_the_translation_used_most() -> None:
    units = [
        Unit("content/a.md", "de", "Tip", "Hinweis", changed=WHEN),
        Unit("content/b.md", "de", "Tip", "Hinweis", changed=WHEN),
        Unit("content/c.md", "de", "Tip", "Tipp", changed=WHEN.replace(year=2025)),
    ]
    root = ET.fromstring(write_tmx(units, source_lang="en", created=WHEN))
    assert [seg.text for seg in root.iter("seg")] == ["Tip", "Hinweis"]


def test_export_only_selected_languages(mem: Memory) -> None:
    _fill(mem)
    store = tmxfile(io.BytesIO(export_tmx(mem, source_lang="en", languages=["fr"])))
    assert {u.source for u in store.units} == {"Plain text", "Line one\\\nline two"}


def test_export_refuses_text_xml_cannot_carry(mem: Memory) -> None:
    mem.record([Unit("content/a.md", "de", "Bell", "Glocke \x07", source_lang="en")])
    with pytest.raises(MemoryStoreError, match="0x0007") as caught:
        export_tmx(mem, source_lang="en")
    assert caught.value.path == "content/a.md"


# Every character XML 1.0 can carry, line breaks and tabs included.
XML_TEXT = st.text(
    st.characters(codec="utf-8").filter(
        lambda c: (c >= " " or c in "\t\n\r") and c not in "\ufffe\uffff"
    )
)


@settings(max_examples=100, deadline=None)
@given(source=XML_TEXT.filter(bool), target=XML_TEXT.filter(bool), context=st.none() | XML_TEXT)
def test_any_text_round_trips(source: str, target: str, context: str | None) -> None:
    unit = Unit("content/a.md", "de", source, target, context, "en", WHEN, WHEN)
    data = write_tmx([unit], source_lang="en", created=WHEN)
    back = read_tmx(data, path="x.tmx", source_lang="en", languages=["de"])
    assert [(u.source, u.target, u.context) for u in back.units] == [(source, target, context)]
    [tt] = tmxfile(io.BytesIO(data)).units
    assert (tt.source, tt.gettarget("de"), tt.getcontext()) == (source, target, context or "")


# --- import


def test_translate_toolkit_tmx_imports(mem: Memory) -> None:
    store = tmxfile(sourcelanguage="en")
    store.addtranslation('Hello <b> & "q"', "en", "Hallo <b> & „q“", "de", context="ui")
    store.addtranslation("Line\nbreak", "en", "Zeile\numbruch", "de-DE")
    store.units[0].settarget("Bonjour", "fr", append=True)
    store.addtranslation("Only Spanish", "en", "Solo español", "es")
    content, changes = import_tmx(
        mem, bytes(store), path="exports/tt.tmx", source_lang="en", languages=LANGS
    )
    assert (content.read, content.skipped, content.other_languages) == (3, 1, ("es",))
    assert changes == Changes(added=3)
    assert [(u.article, u.language, u.context, u.source, u.target) for u in mem.units()] == [
        ("tmx:tt.tmx", "de", "ui", 'Hello <b> & "q"', "Hallo <b> & „q“"),
        ("tmx:tt.tmx", "de", None, "Line\nbreak", "Zeile\numbruch"),
        ("tmx:tt.tmx", "fr", "ui", 'Hello <b> & "q"', "Bonjour"),
    ]


def test_our_export_imports_into_another_project(mem: Memory, tmp_path: Path) -> None:
    _fill(mem)
    data = export_tmx(mem, source_lang="en", created=WHEN)
    with open_memory(tmp_path / "other.sqlite") as other:
        content, _ = import_tmx(other, data, path="shared.tmx", source_lang="en", languages=LANGS)
        assert content.skipped == 0
        mine = {(u.language, u.context, u.source, u.target) for u in mem.units()}
        theirs = {(u.language, u.context, u.source, u.target) for u in other.units()}
        assert theirs == mine
        pick = other.suggest("Plain text", language="de", article="content/x.md", context=None)
        assert pick is not None and pick.origin == "tmx:shared.tmx" and not pick.exact_context


def test_omegat_tmx_with_inline_tags_and_regional_codes(mem: Memory) -> None:
    data = (DATA / "omegat-level2.tmx").read_bytes()
    content, _ = import_tmx(mem, data, path="omegat-level2.tmx", source_lang="en", languages=LANGS)
    # The last two <tu>: one with only an empty translation, one with no English source.
    assert (content.read, content.skipped, content.other_languages) == (6, 2, ("es-ES", "ja-JP"))
    got = {(u.language, u.context, u.source): u.target for u in mem.units()}
    assert got == {
        ("de", None, "Press <b0>Enter</b0> to continue."): (
            "Drücken Sie <b0>Eingabe</b0>, um fortzufahren."
        ),
        ("fr", None, "Press <b0>Enter</b0> to continue."): (
            "Appuyez sur <b0>Entrée</b0> pour continuer."
        ),
        # Codes that are Markdown come back as exact Markdown.
        ("de", None, "Read the [guide](https://example.org/guide) first."): (
            "Lesen Sie zuerst die [Anleitung](https://example.org/guide)."
        ),
        ("de", None, "Click the <x1/> icon."): "Klicken Sie auf das Symbol <x1/>.",
        ("de", "menu", "Open <i>Settings"): "Öffnen Sie <i>Einstellungen",
    }
    dated = next(u for u in mem.units() if u.target.startswith("Drücken"))
    assert dated.created == datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    assert dated.changed == datetime(2024, 3, 12, 10, 15, tzinfo=UTC)


def test_tmx_1_1_lang_attribute_and_uppercase_codes(mem: Memory) -> None:
    data = (DATA / "omegat-project-1.1.tmx").read_bytes()
    import_tmx(mem, data, path="project_save.tmx", source_lang="en", languages=LANGS)
    [unit] = mem.units()
    assert (unit.language, unit.source, unit.target) == (
        "de",
        "Knee pain & swelling",
        "Knieschmerzen & Schwellung",
    )


def test_utf16_tmx_as_trados_writes_it() -> None:
    text = (DATA / "omegat-project-1.1.tmx").read_text(encoding="utf-8")
    data = text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    content = read_tmx(data, path="trados.tmx", source_lang="en", languages=LANGS)
    assert [u.target for u in content.units] == ["Knieschmerzen & Schwellung"]


def test_import_twice_changes_nothing(mem: Memory) -> None:
    data = (DATA / "omegat-level2.tmx").read_bytes()
    import_tmx(mem, data, path="a.tmx", source_lang="en", languages=LANGS)
    _, again = import_tmx(mem, data, path="a.tmx", source_lang="en", languages=LANGS)
    assert again == Changes()


def test_malformed_xml_names_file_and_line() -> None:
    data = (DATA / "malformed.tmx").read_bytes()
    with pytest.raises(MemoryStoreError) as caught:
        read_tmx(data, path="tests/data/tmx/malformed.tmx", source_lang="en", languages=LANGS)
    assert (caught.value.path, caught.value.line) == ("tests/data/tmx/malformed.tmx", 7)
    assert str(caught.value).startswith("tests/data/tmx/malformed.tmx:7: not well-formed XML")
    assert caught.value.hint


@pytest.mark.parametrize("data", [b"", b"<?xml version='1.0'?>", b"\xff\xfe\x00garbage"])
def test_not_xml_at_all(data: bytes) -> None:
    with pytest.raises(MemoryStoreError, match=r"^x\.tmx:1: not well-formed XML"):
        read_tmx(data, path="x.tmx", source_lang="en", languages=LANGS)


def test_xml_that_is_not_tmx() -> None:
    with pytest.raises(MemoryStoreError, match="root element is <xliff>"):
        read_tmx(b"<xliff version='1.2'/>", path="x.xlf", source_lang="en", languages=LANGS)
