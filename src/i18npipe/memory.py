"""The translation memory: every reviewed translation of every article, in SQLite.

The memory is derived data. The catalogs are the source of truth, so a damaged or outdated
memory is never repaired: it is rebuilt from them (``rebuild_memory``). It lives by default in
``<project>/.i18npipe/memory.sqlite``, a folder that ignores itself in git.

Several processes may write at once (parallel builds, a CAT-tool import during a build): the
database runs in WAL mode, every write is one ``BEGIN IMMEDIATE`` transaction (the write lock is
taken up front, so two writers never deadlock upgrading a read lock) and a busy timeout makes a
writer wait for the lock instead of failing. Every ``sqlite3`` error is translated here into a
``MemoryStoreError`` naming the file and the next step.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path

from .errors import MemoryStoreError
from .match import Index
from .model import Catalog, Message, Suggestion

SCHEMA_VERSION = 1
DEFAULT_THRESHOLD = 75.0
"""Lowest fuzzy score (0-100) that makes a suggestion; exact matches need no threshold.

Higher than ``catalog.FUZZY_THRESHOLD`` (an edit of the same entry) on purpose: a match from
another article is a weaker lead. A conservative default, not yet measured.
"""
DAMAGED_HINT = "delete it and run `i18npipe tm rebuild`: the catalogs are the source of truth"
_BUSY_HINT = "another i18npipe process is writing to it: run again when it has finished"
_ACCESS_HINT = "check that the folder exists, is writable and the disk is not full"
_STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"

Clock = Callable[[], datetime]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS unit (
    id INTEGER PRIMARY KEY,
    article TEXT NOT NULL,
    language TEXT NOT NULL,
    context TEXT,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    created TEXT NOT NULL,
    changed TEXT NOT NULL
);
-- NULL (no msgctxt) must be one key value, not distinct from itself as UNIQUE treats NULLs;
-- char(0) cannot occur in a msgctxt.
CREATE UNIQUE INDEX IF NOT EXISTS unit_key
    ON unit (article, language, source, ifnull(context, char(0)));
CREATE INDEX IF NOT EXISTS unit_source ON unit (language, source);
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY,
    unit INTEGER NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    recorded TEXT NOT NULL,
    replaced TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS history_unit ON history (unit);
"""
_TABLES = frozenset({"meta", "unit", "history"})
_UNIT_COLUMNS = "article, language, context, source, target, source_lang, created, changed"


@dataclass(frozen=True, slots=True)
class Unit:
    """One translation in the memory."""

    article: str
    """Where it comes from: an article path (``content/a.md``) or ``tmx:<file name>``."""
    language: str
    """Target language code as configured (``de``, ``pt_BR``)."""
    source: str
    target: str
    context: str | None = None
    """The msgctxt, ``None`` when there is none."""
    source_lang: str = ""
    created: datetime | None = None
    """When the unit was first recorded (UTC); ``None`` on input means now."""
    changed: datetime | None = None
    """When ``target`` was last set (UTC); ``None`` on input means now."""


@dataclass(frozen=True, slots=True)
class Revision:
    """An earlier translation of a unit, kept when it was replaced."""

    target: str
    recorded: datetime
    replaced: datetime


@dataclass(frozen=True, slots=True)
class Changes:
    """What a write did; both zero when it found everything already recorded."""

    added: int = 0
    changed: int = 0
    """Units whose translation was replaced (the old one went to the history)."""

    def __add__(self, other: Changes) -> Changes:
        return Changes(self.added + other.added, self.changed + other.changed)


class _Damaged(Exception):
    """The file is not a sound memory this version can read (foreign schema, failed check)."""


def default_path(root: Path) -> Path:
    """Where a project keeps its memory."""
    return root / ".i18npipe" / "memory.sqlite"


def open_memory(path: Path, *, timeout: float = 30.0, clock: Clock | None = None) -> Memory:
    """Open the memory at ``path``, creating the folder and the database if missing.

    ``timeout`` is how many seconds a write waits for another process's write to finish.
    Raises MemoryStoreError if the file is not a sound memory; the file is left as it was.
    """
    with _translated(path):
        return _connect(path, timeout, clock or _utcnow)


def rebuild_memory(
    path: Path,
    catalogs: Iterable[tuple[str, str, Catalog]],
    *,
    source_lang: str,
    timeout: float = 30.0,
) -> Changes:
    """Recreate the memory at ``path`` from ``(article, language, catalog)`` triples.

    A damaged file, or one of another schema, is deleted first: the memory is derived data.
    """
    with _translated(path):
        try:
            memory = _connect(path, timeout, _utcnow)
        except (sqlite3.DatabaseError, _Damaged) as err:
            if not _is_damage(err):
                raise
            _discard(path)
            memory = _connect(path, timeout, _utcnow)
    with memory:
        return memory.rebuild(catalogs, source_lang=source_lang)


class Memory:
    """An open translation memory. Use as a context manager, or call ``close``."""

    def __init__(self, connection: sqlite3.Connection, path: Path, clock: Clock) -> None:
        self._db = connection
        self.path = path
        self._clock = clock
        # Fuzzy indexes are built on first use per language; a write here drops the language's.
        self._indexes: dict[str, tuple[list[str], Index]] = {}

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with _translated(self.path):
            self._db.close()

    # --- writing

    def sync(self, article: str, language: str, catalog: Catalog, *, source_lang: str) -> Changes:
        """Record every reviewed translation of ``catalog``, the ``language`` one of ``article``.

        Reviewed means not fuzzy, not obsolete, not empty. Units are never deleted here: a
        translation whose entry left the catalog stays useful for other articles.
        """
        return self.record(_reviewed(article, language, catalog, source_lang))

    def record(self, units: Iterable[Unit]) -> Changes:
        """Add or update ``units`` in one transaction; a replaced translation goes to history."""
        with self._write() as now:
            return self._put_all(list(units), now)

    def rebuild(self, catalogs: Iterable[tuple[str, str, Catalog]], *, source_lang: str) -> Changes:
        """Replace the whole memory (history and TMX imports too) with the catalogs' units."""
        units = [u for a, lang, cat in catalogs for u in _reviewed(a, lang, cat, source_lang)]
        with self._write() as now:
            self._db.execute("DELETE FROM history")
            self._db.execute("DELETE FROM unit")
            self._indexes.clear()
            return self._put_all(units, now)

    def rename(self, old_article: str, new_article: str) -> int:
        """Move the units of ``old_article`` to ``new_article``; how many moved.

        Where ``new_article`` already has the same entry, its translation is kept and the old
        one, if different, joins its history.
        """
        with self._write() as now:
            rows = self._db.execute(
                "SELECT id, language, context, source, target, changed FROM unit WHERE article = ?",
                (old_article,),
            ).fetchall()
            for row in rows:
                self._move(row, new_article, now)
            return len(rows)

    # --- reading

    def suggest(
        self,
        source: str,
        *,
        language: str,
        article: str,
        context: str | None,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> Suggestion | None:
        """The best translation for ``source``: identical text first, else the closest text.

        Among several translations of the same text, one from the same article and context
        wins, then one with the same context, then the one used most, then the most recent.
        """
        with _translated(self.path):
            found = self._best(source, language, article, context)
            if found is not None:
                origin, found_context, target = found
                same = origin == article and found_context == context
                return Suggestion(target, 100.0, origin, source, exact_context=same)
            return self._fuzzy(source, language, article, context, threshold)

    def units(self, *, language: str | None = None) -> list[Unit]:
        """Every unit (of one target language if given), sorted by article, language, text."""
        where, params = ("WHERE language = ?", (language,)) if language else ("", ())
        order = "ORDER BY article, language, source, context"
        with _translated(self.path):
            rows = self._db.execute(
                f"SELECT {_UNIT_COLUMNS} FROM unit {where} {order}", params
            ).fetchall()
        return [_unit(row) for row in rows]

    def history(
        self, *, article: str, language: str, source: str, context: str | None = None
    ) -> list[Revision]:
        """Earlier translations of one unit, oldest first."""
        with _translated(self.path):
            rows = self._db.execute(
                "SELECT h.target, h.recorded, h.replaced FROM history h JOIN unit u"
                " ON h.unit = u.id WHERE u.article = ? AND u.language = ? AND u.source = ?"
                " AND ifnull(u.context, char(0)) = ifnull(?, char(0)) ORDER BY h.id",
                (article, language, source, context),
            ).fetchall()
        return [Revision(t, _parse(rec), _parse(rep)) for t, rec, rep in rows]

    # --- internals

    @contextlib.contextmanager
    def _write(self) -> Iterator[str]:
        """One write transaction; yields its timestamp."""
        with _translated(self.path):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield _stamp(self._clock())
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _put_all(self, units: list[Unit], now: str) -> Changes:
        changes = Changes()
        units.sort(key=lambda u: (u.article, u.language))
        for (article, language), group in groupby(units, key=lambda u: (u.article, u.language)):
            self._indexes.pop(language, None)
            known = self._known(article, language)
            for unit in group:
                changes += self._put(unit, known, now)
        return changes

    def _known(self, article: str, language: str) -> dict[tuple[str, str | None], _Row]:
        """The units already recorded for one article and language, by (source, context)."""
        rows = self._db.execute(
            "SELECT id, source, context, target, changed FROM unit"
            " WHERE article = ? AND language = ?",
            (article, language),
        )
        return {(src, ctx): _Row(ident, tgt, changed) for ident, src, ctx, tgt, changed in rows}

    def _put(self, unit: Unit, known: dict[tuple[str, str | None], _Row], now: str) -> Changes:
        key = (unit.source, unit.context)
        changed = _stamp(unit.changed) if unit.changed else now
        old = known.get(key)
        if old is not None and old.target == unit.target:
            return Changes()
        if old is None:
            created = _stamp(unit.created) if unit.created else changed
            cursor = self._db.execute(
                f"INSERT INTO unit ({_UNIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (*_key_columns(unit), unit.source_lang, created, changed),
            )
            known[key] = _Row(_rowid(cursor), unit.target, changed)
            return Changes(added=1)
        self._retire(old, now)
        self._db.execute(
            "UPDATE unit SET target = ?, changed = ? WHERE id = ?", (unit.target, changed, old.id)
        )
        known[key] = _Row(old.id, unit.target, changed)
        return Changes(changed=1)

    def _retire(self, old: _Row, now: str, into: int | None = None) -> None:
        """Keep ``old``'s translation in the history of unit ``into`` (default: its own)."""
        self._db.execute(
            "INSERT INTO history (unit, target, recorded, replaced) VALUES (?, ?, ?, ?)",
            (old.id if into is None else into, old.target, old.changed, now),
        )

    def _move(self, row: tuple[int, str, str | None, str, str, str], new: str, now: str) -> None:
        ident, language, context, source, target, changed = row
        self._indexes.pop(language, None)
        there = self._db.execute(
            "SELECT id, target FROM unit WHERE article = ? AND language = ? AND source = ?"
            " AND ifnull(context, char(0)) = ifnull(?, char(0))",
            (new, language, source, context),
        ).fetchone()
        if there is None:
            self._db.execute("UPDATE unit SET article = ? WHERE id = ?", (new, ident))
            return
        if there[1] != target:
            self._retire(_Row(ident, target, changed), now, into=there[0])
        self._db.execute("UPDATE history SET unit = ? WHERE unit = ?", (there[0], ident))
        self._db.execute("DELETE FROM unit WHERE id = ?", (ident,))

    def _best(
        self, source: str, language: str, article: str, context: str | None
    ) -> tuple[str, str | None, str] | None:
        """(article, context, target) of the preferred translation of exactly ``source``."""
        row = self._db.execute(
            "SELECT article, context, target FROM ("
            "  SELECT article, context, target, changed, id,"
            "   count(*) OVER (PARTITION BY target) AS uses,"
            "   max(changed) OVER (PARTITION BY target) AS latest"
            "  FROM unit WHERE language = ? AND source = ?)"
            " ORDER BY (article = ? AND context IS ?) DESC, (context IS ?) DESC,"
            " uses DESC, latest DESC, changed DESC, id DESC LIMIT 1",
            (language, source, article, context, context),
        ).fetchone()
        return None if row is None else (row[0], row[1], row[2])

    def _fuzzy(
        self, source: str, language: str, article: str, context: str | None, threshold: float
    ) -> Suggestion | None:
        sources, index = self._index(language)
        match = index.best(source, threshold=threshold)
        if match is None:
            return None
        matched = sources[match.index]
        found = self._best(matched, language, article, context)
        if found is None:  # another process rebuilt the memory since the index was made
            return None
        return Suggestion(found[2], match.score, found[0], matched)

    def _index(self, language: str) -> tuple[list[str], Index]:
        if language not in self._indexes:
            rows = self._db.execute(
                "SELECT DISTINCT source FROM unit WHERE language = ? ORDER BY source", (language,)
            )
            sources = [source for (source,) in rows]
            self._indexes[language] = (sources, Index(sources))
        return self._indexes[language]


@dataclass(frozen=True, slots=True)
class _Row:
    """A stored unit, as much of it as writes need."""

    id: int
    target: str
    changed: str


def _connect(path: Path, timeout: float, clock: Clock) -> Memory:
    """Open and check the database; raises raw sqlite3 errors or _Damaged."""
    if not path.exists():
        _create(path)
    db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        # Nothing is written before the file is known to be ours: a damaged file stays as is.
        _check(db)
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":  # changed by another tool
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA foreign_keys = ON")
        # Safe in WAL mode: a power cut may lose the last commits, never consistency.
        db.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        db.close()
        raise
    return Memory(db, path, clock)


def _create(path: Path) -> None:
    """Make a new empty memory at ``path``, unless another process makes it first.

    The file is built aside and linked into place, so nobody sees it half made, and it is
    already in WAL mode: switching a shared file to WAL fails at once (SQLITE_BUSY, no wait)
    while another process has it open.
    """
    _make_folder(path.parent)
    aside = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    try:
        db = sqlite3.connect(aside, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode = WAL")
            db.executescript(
                f"BEGIN; {_SCHEMA};"
                f" INSERT INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}'); COMMIT;"
            )
        finally:
            db.close()
        _publish(aside, path)
    finally:
        _discard(aside)


def _publish(aside: Path, path: Path) -> None:
    try:
        os.link(aside, path)
    except FileExistsError:
        pass  # another process made it first: everyone uses that one
    except OSError:
        # No hard links on this file system: a rename could replace a twin made at the same
        # instant, losing the first writes to it; rare, and the catalogs rebuild them.
        if not path.exists():
            os.replace(aside, path)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True)
    except FileExistsError:  # also when another process has just made it
        return
    # The memory is derived data: keep it out of git wherever the project lives.
    (folder / ".gitignore").write_text("# created by i18npipe\n*\n", encoding="utf-8")


def _check(db: sqlite3.Connection) -> None:
    """Raise _Damaged unless ``db`` holds a sound memory of our schema version."""
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not tables:
        raise _Damaged("translation memory is empty (no tables): the file was cut short")
    if not _TABLES.issubset(tables):
        raise _Damaged("not an i18npipe translation memory")
    version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if version is None or version[0] != str(SCHEMA_VERSION):
        found = "no" if version is None else version[0]
        raise _Damaged(f"translation memory schema version {found}, expected {SCHEMA_VERSION}")
    problems = [row[0] for row in db.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise _Damaged(f"translation memory damaged: {problems[0]}")


def _discard(path: Path) -> None:
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        (path.parent / name).unlink(missing_ok=True)


def _is_damage(err: Exception) -> bool:
    if isinstance(err, _Damaged):
        return True
    # Primary codes live in the low byte of extended ones.
    code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


@contextlib.contextmanager
def _translated(path: Path) -> Iterator[None]:
    """Turn sqlite3 (and file system) errors into MemoryStoreError at the module boundary."""
    try:
        yield
    except _Damaged as err:
        raise MemoryStoreError(str(err), path=str(path), hint=DAMAGED_HINT) from None
    except sqlite3.Error as err:
        raise MemoryStoreError(
            f"translation memory: {err}", path=str(path), hint=_hint(err)
        ) from None
    except OSError as err:
        raise MemoryStoreError(
            f"translation memory: {err.strerror or err}", path=str(path), hint=_ACCESS_HINT
        ) from None


def _hint(err: sqlite3.Error) -> str:
    code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return _BUSY_HINT
    access = (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_READONLY)
    if code in (*access, sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR):
        return _ACCESS_HINT
    return DAMAGED_HINT


def _reviewed(article: str, language: str, catalog: Catalog, source_lang: str) -> Iterator[Unit]:
    for message in catalog.messages:
        if _is_reviewed(message):
            yield Unit(
                article, language, message.msgid, message.msgstr, message.msgctxt, source_lang
            )


def _is_reviewed(message: Message) -> bool:
    return bool(message.msgid and message.msgstr) and not (message.fuzzy or message.obsolete)


def _key_columns(unit: Unit) -> tuple[str, str, str | None, str, str]:
    return (unit.article, unit.language, unit.context, unit.source, unit.target)


def _unit(row: tuple[str, str, str | None, str, str, str, str, str]) -> Unit:
    article, language, context, source, target, source_lang, created, changed = row
    return Unit(
        article, language, source, target, context, source_lang, _parse(created), _parse(changed)
    )


def _rowid(cursor: sqlite3.Cursor) -> int:
    assert cursor.lastrowid is not None  # always set after an INSERT
    return cursor.lastrowid


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    # Fixed width, so text order is time order in SQL.
    return moment.astimezone(UTC).strftime(_STAMP)


def _parse(stamp: str) -> datetime:
    return datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
