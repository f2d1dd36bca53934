"""The translation memory through the CLI: filled by runs, TMX in and out, rebuild, damage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from translate.storage.tmx import tmxfile

from i18npipe.cli import main

ROOT = Path(__file__).parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".i18npipe" not in p.parts
    }


def test_run_fills_the_memory_and_export_is_read_by_translate_toolkit(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-C", str(project), "run"]) == 0
    out = project / "memory.tmx"
    assert main(["-C", str(project), "tm", "export", "-o", str(out)]) == 0
    store = tmxfile(out.read_bytes(), "en", "de")
    units = {u.source: u.target for u in store.units}
    assert units["Semitendinosus"] == "Semitendinosus"
    assert units["Anatomy of the Hamstring Tendons"].startswith("Anatomie")
    assert len(units) == 64


def test_memory_suggests_for_a_new_article(project: Path) -> None:
    assert main(["-C", str(project), "run"]) == 0
    (project / "content" / "knee.md").write_text(
        "# Knee pain\n\nThe hamstring muscles consist of three main muscles:\n"
    )
    assert main(["-C", str(project), "run"]) == 0
    po = (project / "locale/de/LC_MESSAGES/knee.po").read_text()
    entry = po.split('msgid "The hamstring muscles consist of three main muscles:"')[0]
    assert "# i18npipe: tm 100% content/proximal-hamstring-tendinopathy.md" in entry
    assert "#, fuzzy" in entry.split("\n\n")[-1]  # another article: still needs review


def test_tmx_import_then_suggestions(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tmx = project / "vendor.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="x" '
        'creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" '
        'srclang="en-GB" o-tmf="x"/><body><tu><tuv xml:lang="en-GB"><seg>Knee pain</seg></tuv>'
        '<tuv xml:lang="de-DE"><seg>Knieschmerzen</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8",
    )
    assert main(["-C", str(project), "tm", "import", str(tmx)]) == 0
    assert "read 1 units, added 1" in capsys.readouterr().out
    (project / "content" / "knee.md").write_text("# Knee pain\n")
    assert main(["-C", str(project), "run"]) == 0
    po = (project / "locale/de/LC_MESSAGES/knee.po").read_text()
    assert 'msgid "Knee pain"\nmsgstr "Knieschmerzen"' in po
    assert "i18npipe: tm 100% tmx:" in po


def test_damaged_memory_stops_the_run_and_rebuild_recovers(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-C", str(project), "run"]) == 0
    db = project / ".i18npipe" / "memory.sqlite"
    db.write_bytes(b"this is not a database" * 100)
    (project / "content" / "new.md").write_text("# New\n")
    before = _snapshot(project)
    capsys.readouterr()
    assert main(["-C", str(project), "run"]) == 1
    err = capsys.readouterr().err
    assert ".i18npipe/memory.sqlite" in err
    assert "tm rebuild" in err
    assert _snapshot(project) == before
    assert main(["-C", str(project), "tm", "rebuild"]) == 0
    assert "recorded" in capsys.readouterr().out
    assert main(["-C", str(project), "run"]) == 0


def test_refused_translations_stay_out_of_the_memory(project: Path) -> None:
    from dataclasses import replace

    from i18npipe import pofile

    po = project / "locale" / "de" / "LC_MESSAGES" / "proximal-hamstring-tendinopathy.po"
    catalog = pofile.parse_po(po.read_text(encoding="utf-8"), str(po))
    wrong = "Biceps Femoris (2 Köpfe)"  # a number the source does not have
    messages = tuple(
        replace(m, msgstr=wrong) if m.msgid.startswith("Biceps Femoris") else m
        for m in catalog.messages
    )
    po.write_text(pofile.dump_po(replace(catalog, messages=messages)), encoding="utf-8")
    assert main(["-C", str(project), "run"]) == 1  # the build refuses it
    out = project / "memory.tmx"
    assert main(["-C", str(project), "tm", "export", "-o", str(out)]) == 0
    assert wrong not in out.read_text(encoding="utf-8")
