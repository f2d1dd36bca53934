"""The CLI end to end, in-process, on projects in tmp_path."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from i18npipe import pofile, workspace
from i18npipe.cli import main

ROOT = Path(__file__).parent.parent
ARTICLE = "proximal-hamstring-tendinopathy"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of this repository's content, catalogs and configuration."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_run_builds_every_language_and_a_manifest(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-C", str(project), "run"]) == 0
    for lang in ("en", "es", "de", "fr"):
        assert (project / "public" / lang / f"{ARTICLE}.md").is_file()
    source = (project / "content" / f"{ARTICLE}.md").read_bytes()
    assert (project / "public" / "en" / f"{ARTICLE}.md").read_bytes() == source
    german = (project / "public" / "de" / f"{ARTICLE}.md").read_text(encoding="utf-8")
    assert "Sitzbeinhöcker" in german or "Tuber ischiadicum" in german
    assert "author: Alton Pain Clinic" in german  # untranslated front matter copied
    manifest = json.loads((project / "public" / "manifest.json").read_text())
    article = manifest["articles"][ARTICLE]
    assert article["source"] == f"content/{ARTICLE}.md"
    assert article["languages"]["es"]["complete"] is True
    assert article["languages"]["de"]["complete"] is True
    french = article["languages"]["fr"]
    assert french["complete"] is False
    assert 0 < french["translated"] < french["segments"]
    assert french["needs_review"] >= 1  # a fuzzy suggestion from the translation memory
    assert (
        french["translated"] + french["needs_review"] + french["untranslated"]
        == (french["segments"])
    )
    out = capsys.readouterr().out
    assert "wrote public/manifest.json" in out


def test_second_run_changes_no_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-C", str(project), "run"]) == 0
    before = _snapshot(project)
    capsys.readouterr()
    assert main(["-C", str(project), "run"]) == 0
    assert _snapshot(project) == before
    assert "nothing changed" in capsys.readouterr().out


def test_shipped_catalogs_are_up_to_date(project: Path) -> None:
    before = _snapshot(project / "locale")
    assert main(["-C", str(project), "run"]) == 0
    assert _snapshot(project / "locale") == before


def test_po_syntax_error_names_file_and_line_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = project / "locale" / "de" / "LC_MESSAGES" / f"{ARTICLE}.po"
    lines = po.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = next(i for i, line in enumerate(lines) if line.startswith("msgstr") and i > 20)
    lines[bad] = 'msgstr "unterminated\n'
    po.write_text("".join(lines), encoding="utf-8")
    before = _snapshot(project)
    assert main(["-C", str(project), "run"]) == 1
    err = capsys.readouterr().err
    assert f"locale/de/LC_MESSAGES/{ARTICLE}.po:{bad + 1}:" in err
    assert _snapshot(project) == before


def test_fuzzy_is_not_published_unless_asked(project: Path) -> None:
    po = project / "locale" / "de" / "LC_MESSAGES" / f"{ARTICLE}.po"
    catalog = pofile.parse_po(po.read_text(encoding="utf-8"), str(po))
    messages = tuple(
        replace(m, msgstr="Semitendinosus (GEPRÜFT?)", flags=("fuzzy",))
        if m.msgid == "Semitendinosus"
        else m
        for m in catalog.messages
    )
    po.write_text(pofile.dump_po(replace(catalog, messages=messages)), encoding="utf-8")
    assert main(["-C", str(project), "run"]) == 0
    german = (project / "public" / "de" / f"{ARTICLE}.md").read_text(encoding="utf-8")
    assert "GEPRÜFT" not in german
    assert "\n2. Semitendinosus\n" in german
    manifest = json.loads((project / "public" / "manifest.json").read_text())
    assert manifest["articles"][ARTICLE]["languages"]["de"]["needs_review"] == 1
    assert manifest["articles"][ARTICLE]["languages"]["de"]["complete"] is False
    assert main(["-C", str(project), "build", "--publish-fuzzy"]) == 0
    german = (project / "public" / "de" / f"{ARTICLE}.md").read_text(encoding="utf-8")
    assert "\n2. Semitendinosus (GEPRÜFT?)\n" in german


def test_unsafe_translation_is_rejected_with_its_catalog_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "content").mkdir()
    source = "Take 400 mg, see [the leaflet](https://example.org/l.pdf).\n"
    (tmp_path / "content" / "dose.md").write_text(source)
    (tmp_path / "i18npipe.toml").write_text('locales = ["de"]\n')
    assert main(["-C", str(tmp_path), "run"]) == 0
    po = tmp_path / "locale" / "de" / "LC_MESSAGES" / "dose.po"
    text = po.read_text(encoding="utf-8")
    assert text.endswith('msgstr ""\n')
    broken = 'msgstr "Nehmen Sie 40 mg, siehe [Beipackzettel](https://example.org/x.pdf)."\n'
    po.write_text(text.removesuffix('msgstr ""\n') + broken, encoding="utf-8")
    capsys.readouterr()
    assert main(["-C", str(tmp_path), "build"]) == 1
    err = capsys.readouterr().err
    line = next(
        i for i, ln in enumerate(po.read_text().splitlines(), 1) if ln.startswith('msgid "Take')
    )
    assert f"locale/de/LC_MESSAGES/dose.po:{line}: error: numbers differ" in err
    assert "link destinations differ" in err
    assert (tmp_path / "public" / "de" / "dose.md").read_text() == source
    manifest = json.loads((tmp_path / "public" / "manifest.json").read_text())
    assert manifest["articles"]["dose"]["languages"]["de"]["rejected"] == 1


def test_source_change_keeps_the_old_translation(project: Path) -> None:
    source = project / "content" / f"{ARTICLE}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("2. Semitendinosus\n", ""), encoding="utf-8")
    assert main(["-C", str(project), "run"]) == 0
    po = (project / "locale" / "de" / "LC_MESSAGES" / f"{ARTICLE}.po").read_text()
    assert '#~ msgid "Semitendinosus"\n#~ msgstr "Semitendinosus"' in po
    source.write_text(text, encoding="utf-8")
    assert main(["-C", str(project), "run"]) == 0
    po = (project / "locale" / "de" / "LC_MESSAGES" / f"{ARTICLE}.po").read_text()
    assert '\nmsgid "Semitendinosus"\nmsgstr "Semitendinosus"' in po
    assert "#~" not in po


def test_nested_articles_and_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "content" / "guides" / "knee").mkdir(parents=True)
    (tmp_path / "content" / "guides" / "knee" / "pain.md").write_text("# Knee pain\n\nRest.\n")
    (tmp_path / "i18npipe.toml").write_text('locales = ["de", "pt-br"]\n')
    assert main(["-C", str(tmp_path), "run"]) == 0
    assert (tmp_path / "locale/templates/guides/knee/pain.pot").is_file()
    assert (tmp_path / "locale/pt_BR/LC_MESSAGES/guides/knee/pain.po").is_file()
    assert (tmp_path / "public/pt_BR/guides/knee/pain.md").read_text() == "# Knee pain\n\nRest.\n"
    capsys.readouterr()
    assert main(["-C", str(tmp_path), "status", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {(r["language"], r["untranslated"], r["reviewed"]) for r in rows} == {
        ("de", 2, 0),
        ("pt_BR", 2, 0),
    }
    assert main(["-C", str(tmp_path), "status"]) == 0
    assert "guides/knee/pain" in capsys.readouterr().out


def test_usage_and_config_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["frobnicate"])
    assert exit_.value.code == 2
    (tmp_path / "i18npipe.toml").write_text('locales = ["de"]\nsource_language = "en"\n')
    assert main(["-C", str(tmp_path), "run"]) == 2
    err = capsys.readouterr().err
    assert "unknown configuration key 'source_language'" in err
    assert "did you mean 'source_lang'?" in err


def test_invalid_utf8_source_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_bytes(b"# Title\n\nCaf\xe9\n")
    assert main(["-C", str(tmp_path), "run"]) == 1
    assert "content/a.md:3: not valid UTF-8" in capsys.readouterr().err
    assert not (tmp_path / "public").exists()


def test_atomic_write_leaves_the_old_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.po"
    target.write_bytes(b"old")

    def fail(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        workspace.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.po"]


def test_generated_catalogs_are_in_gnu_canonical_form(project: Path) -> None:
    assert shutil.which("msgcat"), "GNU gettext is missing: apt-get install gettext"
    assert main(["-C", str(project), "run"]) == 0
    files = sorted((project / "locale").rglob("*.po")) + sorted((project / "locale").rglob("*.pot"))
    assert len(files) == 4
    for path in files:
        out = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
        assert out == path.read_bytes(), f"msgcat rewrites {path}"
        subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], check=True)


def test_check_reports_without_writing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("Use `--dry-run` first.\n")
    (tmp_path / "i18npipe.toml").write_text('locales = ["fr"]\n')
    assert main(["-C", str(tmp_path), "run"]) == 0
    assert main(["-C", str(tmp_path), "check"]) == 0
    po = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "a.po"
    po.write_text(
        po.read_text().removesuffix('msgstr ""\n') + 'msgstr "Utilisez `--essai` d’abord."\n'
    )
    before = _snapshot(tmp_path)
    capsys.readouterr()
    assert main(["-C", str(tmp_path), "check"]) == 1
    captured = capsys.readouterr()
    assert "locale/fr/LC_MESSAGES/a.po:" in captured.err
    assert "inline code differ" in captured.err
    assert "1 error(s)" in captured.out
    assert _snapshot(tmp_path) == before


def test_renamed_article_keeps_its_reviewed_translations(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = project / "content" / f"{ARTICLE}.md"
    new = project / "content" / "treatments" / "hamstring.md"
    new.parent.mkdir()
    old.rename(new)
    assert main(["-C", str(project), "run"]) == 0
    assert (
        "looks like content/proximal-hamstring-tendinopathy.md renamed" in capsys.readouterr().err
    )
    manifest = json.loads((project / "public" / "manifest.json").read_text())
    assert manifest["articles"]["treatments/hamstring"]["languages"]["de"]["complete"] is True
    moved = (project / "locale/de/LC_MESSAGES/treatments/hamstring.po").read_text()
    assert "#: content/treatments/hamstring.md:" in moved
    assert "fuzzy" not in moved
    # French, barely half translated, moves along with the others
    french = manifest["articles"]["treatments/hamstring"]["languages"]["fr"]
    assert french["translated"] == 35


def test_rename_then_extract_and_update_keeps_translations(project: Path) -> None:
    """The step-by-step verbs see a rename as run does (templates come from content/)."""
    old = project / "content" / f"{ARTICLE}.md"
    old.rename(project / "content" / "pht.md")
    for verb in ("extract", "update", "build"):
        assert main(["-C", str(project), verb]) == 0
    assert not (project / "locale/templates" / f"{ARTICLE}.pot").exists()
    manifest = json.loads((project / "public" / "manifest.json").read_text())
    assert manifest["articles"]["pht"]["languages"]["es"]["complete"] is True


def test_emptied_translation_is_not_restored_as_reviewed(project: Path) -> None:
    assert main(["-C", str(project), "run"]) == 0  # the memory now knows every translation
    po = project / "locale" / "de" / "LC_MESSAGES" / f"{ARTICLE}.po"
    catalog = pofile.parse_po(po.read_text(encoding="utf-8"), str(po))
    target = "Semimembranosus"
    messages = tuple(replace(m, msgstr="") if m.msgid == target else m for m in catalog.messages)
    po.write_text(pofile.dump_po(replace(catalog, messages=messages)), encoding="utf-8")
    assert main(["-C", str(project), "run"]) == 0
    again = pofile.parse_po(po.read_text(encoding="utf-8"), str(po))
    entry = next(m for m in again.messages if m.msgid == target)
    assert entry.fuzzy  # offered back from the memory, but only as a suggestion
    manifest = json.loads((project / "public" / "manifest.json").read_text())
    assert manifest["articles"][ARTICLE]["languages"]["de"]["needs_review"] == 1


def test_written_files_are_readable_by_others(project: Path) -> None:
    assert main(["-C", str(project), "run"]) == 0
    for path in (project / "public").rglob("*"):
        if path.is_file():
            assert path.stat().st_mode & 0o044 == 0o044, path


def test_removed_article_is_withdrawn_from_the_output(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("# A\n")
    (tmp_path / "content" / "b.md").write_text("# B\n")
    (tmp_path / "i18npipe.toml").write_text('locales = ["de"]\n')
    assert main(["-C", str(tmp_path), "run"]) == 0
    (tmp_path / "content" / "b.md").unlink()
    (tmp_path / "public" / "notes.txt").write_text("not ours")
    assert main(["-C", str(tmp_path), "run"]) == 0
    assert sorted(
        p.relative_to(tmp_path / "public").as_posix()
        for p in (tmp_path / "public").rglob("*")
        if p.is_file()
    ) == ["de/a.md", "en/a.md", "manifest.json", "notes.txt"]
    # the translators' catalog of the removed article stays
    assert (tmp_path / "locale" / "de" / "LC_MESSAGES" / "b.po").is_file()
