"""Golden folders: a source per construct, its template, a translation, the expected output.

Each folder holds ``source.md``, ``translated.po`` (German, a marker appended to every entry),
``expected.pot`` and ``expected.md``. ``pytest --regen-golden`` rewrites the expected files (and
creates a missing ``translated.po``); review the change with ``git diff``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from i18npipe import config, pipeline, pofile, workspace
from i18npipe.model import Catalog

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def _project(tmp_path: Path, case: str) -> config.Config:
    (tmp_path / "content").mkdir()
    shutil.copyfile(GOLDEN / case / "source.md", tmp_path / "content" / f"{case}.md")
    translated = GOLDEN / case / "translated.po"
    if translated.exists():
        target = tmp_path / "locale" / "de" / "LC_MESSAGES" / f"{case}.po"
        target.parent.mkdir(parents=True)
        shutil.copyfile(translated, target)
    return config.from_mapping({"locales": ["de"], "project": "golden"}, tmp_path)


def _pseudo(catalog: Catalog) -> Catalog:
    from dataclasses import replace

    return replace(
        catalog, messages=tuple(replace(m, msgstr=m.msgid + " (DE)") for m in catalog.messages)
    )


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, tmp_path: Path, regen: bool) -> None:
    folder = GOLDEN / case
    cfg = _project(tmp_path, case)
    pipeline.run(cfg)
    po = workspace.po_path(cfg, "de", case)
    if regen and not (folder / "translated.po").exists():
        catalog = pofile.parse_po(po.read_text(encoding="utf-8"), str(po))
        po.write_text(pofile.dump_po(_pseudo(catalog)), encoding="utf-8")
        shutil.copyfile(po, folder / "translated.po")
        pipeline.run(cfg)
    produced = {
        "expected.pot": workspace.pot_path(cfg, case).read_bytes(),
        "expected.md": workspace.output_path(cfg, "de", case).read_bytes(),
    }
    source = (folder / "source.md").read_bytes()
    assert workspace.output_path(cfg, "en", case).read_bytes() == source
    # The shipped translation survives the update untouched.
    assert po.read_bytes() == (folder / "translated.po").read_bytes()
    for name, data in produced.items():
        if regen:
            (folder / name).write_bytes(data)
        assert data == (folder / name).read_bytes(), f"{case}/{name} differs"
