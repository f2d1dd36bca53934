"""The glossary file: loading, clear errors for a bad file, and checking translations."""

from __future__ import annotations

from pathlib import Path

import pytest

from i18npipe import glossary
from i18npipe.errors import ConfigError
from i18npipe.providers.base import Glossary

EXAMPLE = Path(__file__).parent.parent / "glossary" / "terms.csv"


def test_example_file_loads() -> None:
    found = glossary.load(EXAMPLE)
    assert found["es"].keep == ("Alton Pain Clinic",)
    assert found["es"].terms["ischial tuberosity"] == "tuberosidad isquiática"
    assert found["de"].terms["corticosteroids"] == "Kortikosteroide"
    assert found[glossary.ANY] == Glossary(("Alton Pain Clinic",))


def test_columns_in_any_order_blank_lines_comments_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text(
        "\ufeffnote,pt-br,Term,Keep\n\n# a comment\n,joelho,knee,\n,,Alton,yes\n", encoding="utf-8"
    )
    found = glossary.load(path)
    assert found == {
        "pt_BR": Glossary(("Alton",), {"knee": "joelho"}),
        glossary.ANY: Glossary(("Alton",)),
    }


def test_select_falls_back_to_the_base_language_then_keep_terms() -> None:
    found = glossary.load(EXAMPLE)
    assert glossary.select(found, "es_MX") is found["es"]
    assert glossary.select(found, "it") is found[glossary.ANY]
    assert glossary.select({}, "it") == Glossary()


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("term,de\nknee,Knie\n", 1, "needs one 'keep' column"),
        ("term,keep,English\n", 1, "not a locale code"),
        ("term,keep,de,DE\n", 1, "has two columns"),
        ("term,keep,de\nknee,maybe,Knie\n", 2, "keep must be yes or no"),
        ("term,keep,de\nknee,,Knie\n\nKnee,,Knie\n", 4, "listed twice (first on line 2)"),
        ("term,keep,de\n,,Knie\n", 2, "the term is empty"),
        ("term,keep,de\nknee,,Knie,extra\n", 2, "4 fields, the header has 3"),
        ("term,keep,de\nAlton,yes,Alton\n", 2, "keep term but has a translation for de"),
        ("term,keep,de\nknee,no,\n", 2, "neither keep=yes nor a translation"),
        ('term,keep,de\nknee,,"Knie\n', 2, "bad CSV"),
    ],
)
def test_bad_file_names_its_line(tmp_path: Path, content: str, line: int, message: str) -> None:
    path = tmp_path / "terms.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        glossary.load(path)
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert message in caught.value.message


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        glossary.load(tmp_path / "missing.csv")
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"term,keep,de\nknee,,Kn\xfcie\n")
    with pytest.raises(ConfigError, match="not valid UTF-8") as caught:
        glossary.load(path)
    assert caught.value.line == 2
    path.write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="empty"):
        glossary.load(path)


ES = Glossary(
    ("Alton Pain Clinic",),
    {"ischial tuberosity": "tuberosidad isquiática", "CAST": "yeso"},
)


@pytest.mark.parametrize(
    ("source", "translation", "expected"),
    [
        ("Pain in the ischial tuberosity.", "Dolor en la tuberosidad isquiática.", []),
        ("Pain in the Ischial  Tuberosity.", "Dolor en la TUBEROSIDAD ISQUIÁTICA.", []),
        (
            "Pain in the ischial tuberosity.",
            "Dolor en el isquion.",
            ["'ischial tuberosity' must be translated as 'tuberosidad isquiática'"],
        ),
        ("A broadcast.", "Una emisión.", []),  # CAST only as a whole word
        ("Welcome to Alton Pain Clinic.", "Bienvenido a Alton Pain Clinic.", []),
        (
            "Welcome to Alton Pain Clinic.",
            "Bienvenido a la Clínica del Dolor Alton.",
            ["'Alton Pain Clinic' must stay untranslated"],
        ),
    ],
)
def test_violations(source: str, translation: str, expected: list[str]) -> None:
    assert glossary.violations(source, translation, ES) == expected
