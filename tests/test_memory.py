"""The translation memory: recording, suggestions, history, renames, rebuilds, damage, locks."""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from i18npipe import memory as memory_module
from i18npipe.errors import MemoryStoreError
from i18npipe.match import Index
from i18npipe.memory import (
    DAMAGED_HINT,
    Changes,
    Memory,
    Unit,
    open_memory,
    rebuild_memory,
)
from i18npipe.model import Catalog, Message, Suggestion


def default_path(root: Path) -> Path:
    # The pipeline's default (workspace.memory_path with the default state_dir).
    return root / ".i18npipe" / "memory.sqlite"


class Ticking:
    """A clock that moves one second per reading, so every write has its own time."""

    def __init__(self) -> None:
        self.now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def catalog(*messages: Message, language: str = "de") -> Catalog:
    return Catalog((("Language", language),), messages)


def reviewed(msgid: str, msgstr: str, ctx: str | None = None) -> Message:
    return Message(msgid, msgstr, msgctxt=ctx)


@pytest.fixture
def clock() -> Ticking:
    return Ticking()


@pytest.fixture
def mem(tmp_path: Path, clock: Ticking) -> Iterator[Memory]:
    with open_memory(default_path(tmp_path), clock=clock) as opened:
        yield opened


def state(memory: Memory) -> list[tuple[str, str, str | None, str, str]]:
    """The units without their timestamps."""
    return [(u.article, u.language, u.context, u.source, u.target) for u in memory.units()]


# --- opening


def test_open_creates_folder_schema_and_wal(tmp_path: Path) -> None:
    path = default_path(tmp_path)
    open_memory(path).close()
    assert (path.parent / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert db.execute("SELECT value FROM meta").fetchone() == ("1",)
    db.close()


# --- sync


def test_sync_records_only_reviewed_translations(mem: Memory) -> None:
    po = catalog(
        reviewed("Hello", "Hallo"),
        Message("Draft", "Entwurf", flags=("fuzzy",)),
        Message("Empty"),
        Message("Gone", "Weg", obsolete=True),
        reviewed("Menu", "Speisekarte", ctx="food"),
    )
    assert mem.sync("content/a.md", "de", po, source_lang="en") == Changes(added=2)
    assert state(mem) == [
        ("content/a.md", "de", None, "Hello", "Hallo"),
        ("content/a.md", "de", "food", "Menu", "Speisekarte"),
    ]
    assert mem.units()[0].source_lang == "en"


def test_sync_twice_writes_nothing(mem: Memory) -> None:
    po = catalog(reviewed("Hello", "Hallo"), reviewed("Menu", "Menü", ctx="ui"))
    mem.sync("content/a.md", "de", po, source_lang="en")
    before = mem.units()
    assert mem.sync("content/a.md", "de", po, source_lang="en") == Changes()
    assert mem.units() == before  # timestamps included
    assert mem.history(article="content/a.md", language="de", source="Hello") == []


def test_no_context_and_empty_context_are_different_entries(mem: Memory) -> None:
    po = catalog(reviewed("Save", "Speichern"), reviewed("Save", "Sichern", ctx=""))
    assert mem.sync("content/a.md", "de", po, source_lang="en") == Changes(added=2)
    assert mem.sync("content/a.md", "de", po, source_lang="en") == Changes()


def test_changed_translation_keeps_the_old_one_in_history(mem: Memory, clock: Ticking) -> None:
    mem.sync("content/a.md", "de", catalog(reviewed("Hello", "Hallo")), source_lang="en")
    first = mem.units()[0]
    changes = mem.sync("content/a.md", "de", catalog(reviewed("Hello", "Servus")), source_lang="en")
    assert changes == Changes(changed=1)
    unit = mem.units()[0]
    assert (unit.target, unit.created) == ("Servus", first.created)
    assert first.changed is not None and unit.changed is not None
    assert unit.changed > first.changed
    [old] = mem.history(article="content/a.md", language="de", source="Hello")
    assert (old.target, old.recorded, old.replaced) == ("Hallo", first.changed, unit.changed)


# --- suggest


def test_exact_match_in_same_article_and_context_is_safe(mem: Memory) -> None:
    mem.sync("content/a.md", "de", catalog(reviewed("Back", "Zurück", "nav")), source_lang="en")
    found = mem.suggest("Back", language="de", article="content/a.md", context="nav")
    assert found == Suggestion("Zurück", 100.0, "content/a.md", "Back", exact_context=True)


@pytest.mark.parametrize(
    ("article", "context"),
    [("content/b.md", "nav"), ("content/a.md", None), ("content/b.md", None)],
)
def test_exact_match_elsewhere_needs_review(mem: Memory, article: str, context: str | None) -> None:
    mem.sync("content/a.md", "de", catalog(reviewed("Back", "Zurück", "nav")), source_lang="en")
    found = mem.suggest("Back", language="de", article=article, context=context)
    assert found == Suggestion("Zurück", 100.0, "content/a.md", "Back", exact_context=False)


def test_exact_match_prefers_same_article_then_most_used_then_most_recent(mem: Memory) -> None:
    for article, target in [("a", "Eins"), ("b", "Zwei"), ("c", "Zwei"), ("d", "Drei")]:
        mem.sync(f"content/{article}.md", "de", catalog(reviewed("One", target)), source_lang="en")
    pick = mem.suggest("One", language="de", article="content/a.md", context=None)
    assert pick is not None and (pick.msgstr, pick.exact_context) == ("Eins", True)
    pick = mem.suggest("One", language="de", article="content/new.md", context=None)
    assert pick is not None and (pick.msgstr, pick.origin) == ("Zwei", "content/c.md")
    mem.sync("content/e.md", "de", catalog(reviewed("Two", "Zwei")), source_lang="en")
    mem.sync("content/f.md", "de", catalog(reviewed("Two", "Deux")), source_lang="en")
    pick = mem.suggest("Two", language="de", article="content/new.md", context=None)
    assert pick is not None and pick.msgstr == "Deux"  # tie on use: the latest wins


def test_exact_match_prefers_same_context_from_another_article(mem: Memory) -> None:
    mem.sync("content/a.md", "de", catalog(reviewed("Tip", "Trinkgeld", "food")), source_lang="en")
    mem.sync("content/b.md", "de", catalog(reviewed("Tip", "Hinweis", "doc")), source_lang="en")
    mem.sync("content/c.md", "de", catalog(reviewed("Tip", "Hinweis")), source_lang="en")
    pick = mem.suggest("Tip", language="de", article="content/z.md", context="food")
    assert pick is not None and pick.msgstr == "Trinkgeld"


def test_fuzzy_match_gives_score_origin_and_matched_source(mem: Memory) -> None:
    po = catalog(reviewed("Book an appointment today.", "Buchen Sie heute einen Termin."))
    mem.sync("content/a.md", "de", po, source_lang="en")
    pick = mem.suggest("Book an appointment tomorrow.", language="de", article="x", context=None)
    assert pick is not None
    assert 75 <= pick.score < 100
    assert (pick.msgstr, pick.origin, pick.source) == (
        "Buchen Sie heute einen Termin.",
        "content/a.md",
        "Book an appointment today.",
    )
    assert not pick.exact_context


def test_no_suggestion_below_threshold_or_in_another_language(mem: Memory) -> None:
    mem.sync("content/a.md", "de", catalog(reviewed("Hello world", "Hallo Welt")), source_lang="en")
    assert mem.suggest("Something else", language="de", article="x", context=None) is None
    assert mem.suggest("Hello world", language="fr", article="x", context=None) is None
    near = "Hello world!"
    assert mem.suggest(near, language="de", article="x", context=None, threshold=99) is None


def test_fuzzy_index_is_built_once_per_language_and_refreshed_by_writes(
    mem: Memory, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[int] = []

    class Counting(Index):
        def __init__(self, texts: list[str]) -> None:
            built.append(len(texts))
            super().__init__(texts)

    monkeypatch.setattr(memory_module, "Index", Counting)
    mem.sync("content/a.md", "de", catalog(reviewed("Knee pain", "Knieschmerz")), source_lang="en")
    for query in ("Knee pains", "Knee pained", "The knee pain"):
        mem.suggest(query, language="de", article="x", context=None)
    assert built == [1]
    mem.sync("content/b.md", "de", catalog(reviewed("Hip pain", "Hüftschmerz")), source_lang="en")
    pick = mem.suggest("Hip pains", language="de", article="x", context=None)
    assert pick is not None and pick.msgstr == "Hüftschmerz"
    assert built == [1, 2]


# --- renames


def test_renamed_article_finds_its_translations_by_text(mem: Memory) -> None:
    mem.sync("content/old.md", "de", catalog(reviewed("Knee", "Knie")), source_lang="en")
    pick = mem.suggest("Knee", language="de", article="content/new.md", context=None)
    assert pick == Suggestion("Knie", 100.0, "content/old.md", "Knee", exact_context=False)


def test_rename_moves_units_and_their_history(mem: Memory) -> None:
    mem.sync("content/old.md", "de", catalog(reviewed("Knee", "Knie")), source_lang="en")
    mem.sync("content/old.md", "de", catalog(reviewed("Knee", "Das Knie")), source_lang="en")
    assert mem.rename("content/old.md", "content/new.md") == 1
    assert state(mem) == [("content/new.md", "de", None, "Knee", "Das Knie")]
    pick = mem.suggest("Knee", language="de", article="content/new.md", context=None)
    assert pick is not None and pick.exact_context
    history = mem.history(article="content/new.md", language="de", source="Knee")
    assert [r.target for r in history] == ["Knie"]


def test_rename_onto_existing_entries_keeps_the_new_and_the_old_in_history(mem: Memory) -> None:
    mem.sync("content/old.md", "de", catalog(reviewed("Knee", "Knie")), source_lang="en")
    mem.sync("content/new.md", "de", catalog(reviewed("Knee", "Das Knie")), source_lang="en")
    mem.rename("content/old.md", "content/new.md")
    assert state(mem) == [("content/new.md", "de", None, "Knee", "Das Knie")]
    history = mem.history(article="content/new.md", language="de", source="Knee")
    assert [r.target for r in history] == ["Knie"]


# --- rebuild


def test_rebuild_equals_the_state_after_syncs(tmp_path: Path) -> None:
    v1 = {
        ("content/a.md", "de"): catalog(reviewed("Hello", "Hallo"), reviewed("Bye", "Tschüss")),
        ("content/a.md", "fr"): catalog(reviewed("Hello", "Bonjour"), language="fr"),
        ("content/b.md", "de"): catalog(reviewed("Hello", "Hallo"), reviewed("X", "Y", "c")),
    }
    v2 = dict(v1)
    v2[("content/a.md", "de")] = catalog(reviewed("Hello", "Servus"), reviewed("Bye", "Tschüss"))
    with open_memory(tmp_path / "synced.sqlite") as synced:
        for version in (v1, v2):
            for (article, lang), po in version.items():
                synced.sync(article, lang, po, source_lang="en")
        triples = [(article, lang, po) for (article, lang), po in v2.items()]
        changes = rebuild_memory(tmp_path / "rebuilt.sqlite", triples, source_lang="en")
        assert changes == Changes(added=5)
        with open_memory(tmp_path / "rebuilt.sqlite") as rebuilt:
            expected = state(rebuilt)
        assert state(synced) == expected
        assert synced.rebuild(triples, source_lang="en") == Changes(added=5)
        assert state(synced) == expected
        # In place, the history goes too: the catalogs do not hold it.
        assert synced.history(article="content/a.md", language="de", source="Hello") == []


def test_rebuild_memory_replaces_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    path.write_bytes(b"not a database at all" * 300)
    triples = [("content/a.md", "de", catalog(reviewed("Hello", "Hallo")))]
    assert rebuild_memory(path, triples, source_lang="en") == Changes(added=1)
    with open_memory(path) as rebuilt:
        assert state(rebuilt) == [("content/a.md", "de", None, "Hello", "Hallo")]


# --- damage


def _filled(path: Path) -> None:
    """A memory big enough to span many pages."""
    with open_memory(path) as memory:
        units = [
            Unit(f"content/{n}.md", "de", f"Sentence {n} " * 20, f"Satz {n}") for n in range(400)
        ]
        memory.record(units)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _garbage(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 64)


def _truncated_half(path: Path) -> None:
    _filled(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _truncated_header(path: Path) -> None:
    _filled(path)
    path.write_bytes(path.read_bytes()[:60])


def _emptied(path: Path) -> None:
    _filled(path)
    path.write_bytes(b"")


def _foreign(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (body TEXT)")
    db.commit()
    db.close()


def _newer(path: Path) -> None:
    open_memory(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()


@pytest.mark.parametrize(
    "damage", [_garbage, _truncated_half, _truncated_header, _emptied, _foreign, _newer]
)
def test_damaged_database_is_reported_and_left_alone(tmp_path: Path, damage: object) -> None:
    project = tmp_path / "project"
    po = project / "locale" / "de" / "LC_MESSAGES" / "a.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "Hello"\nmsgstr "Hallo"\n', encoding="utf-8")
    path = default_path(project)
    path.parent.mkdir()
    assert callable(damage)
    damage(path)
    before = _snapshot(project)
    with pytest.raises(MemoryStoreError) as caught:
        open_memory(path)
    assert caught.value.path == str(path)
    assert caught.value.hint == DAMAGED_HINT
    assert str(caught.value).startswith(f"{path}: ")
    assert caught.value.__suppress_context__  # no raw sqlite3 error chained to it
    assert _snapshot(project) == before


def test_damage_found_after_opening_is_translated_too(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    _filled(path)
    with open_memory(path) as memory:
        stray = sqlite3.connect(path)  # another tool breaks it while we have it open
        stray.execute("DROP TABLE history")
        stray.close()
        with pytest.raises(MemoryStoreError) as caught:
            memory.history(article="a", language="de", source="b")
    assert caught.value.path == str(path) and caught.value.hint == DAMAGED_HINT


def test_locked_database_waits_then_says_so(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    open_memory(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with open_memory(path, timeout=0.2) as memory, pytest.raises(MemoryStoreError) as caught:
            memory.record([Unit("content/a.md", "de", "Hello", "Hallo")])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "another i18npipe process" in (caught.value.hint or "")


# --- concurrency

WORKERS = 4
ARTICLES = 15
ENTRIES = 20


def _worker_catalog(worker: int, article: int) -> Catalog:
    return catalog(
        *(
            reviewed(f"w{worker} a{article} e{n}", f"T{worker}.{article}.{n}")
            for n in range(ENTRIES)
        ),
        reviewed("Shared text", f"Geteilt {worker}"),
    )


def _sync_worker(path: str, worker: int, start: Barrier) -> None:
    start.wait()  # every process opens the new file and writes at the same moment
    with open_memory(Path(path), timeout=60) as memory:
        for article in range(ARTICLES):
            po = _worker_catalog(worker, article)
            memory.sync(f"content/w{worker}/{article}.md", "de", po, source_lang="en")


def test_concurrent_processes_write_everything_and_keep_the_database_sound(
    tmp_path: Path,
) -> None:
    path = default_path(tmp_path)  # not created yet: the schema creation races too
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(WORKERS)
    workers = [
        context.Process(target=_sync_worker, args=(str(path), n, start)) for n in range(WORKERS)
    ]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=60)
    assert [p.exitcode for p in workers] == [0] * WORKERS
    with open_memory(path) as memory:
        units = memory.units()
    assert len(units) == WORKERS * ARTICLES * (ENTRIES + 1)
    for worker in range(WORKERS):
        for article in range(ARTICLES):
            po = _worker_catalog(worker, article)
            expected = {(m.msgid, m.msgstr) for m in po.messages}
            article_path = f"content/w{worker}/{article}.md"
            found = {(u.source, u.target) for u in units if u.article == article_path}
            assert found == expected
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    db.close()
