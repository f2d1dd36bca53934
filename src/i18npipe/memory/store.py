"""The SQLite file behind the translation memory: creating, opening, checking, error translation.

A new file is made aside and linked into place; an existing one is checked (our tables, our
schema version, ``PRAGMA quick_check``) before anything is written to it, so a damaged file is
left as it was. ``translated`` turns every ``sqlite3`` and file system error into a
``MemoryStoreError`` naming the file and the next step.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

from ..errors import MemoryStoreError

SCHEMA_VERSION = 1
DAMAGED_HINT = "delete it and run `i18npipe tm rebuild`: the catalogs are the source of truth"
_BUSY_HINT = "another i18npipe process is writing to it: run again when it has finished"
_ACCESS_HINT = "check that the folder exists, is writable and the disk is not full"

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
UNIT_COLUMNS = "article, language, context, source, target, source_lang, created, changed"


class _Damaged(Exception):
    """The file is not a sound memory this version can read (foreign schema, failed check)."""


def connect(path: Path, timeout: float) -> sqlite3.Connection:
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
    return db


def connect_anew(path: Path, timeout: float) -> sqlite3.Connection:
    """Like ``connect``, but a damaged file, or one of another schema, is deleted first."""
    try:
        return connect(path, timeout)
    except (sqlite3.DatabaseError, _Damaged) as err:
        if not _is_damage(err):
            raise
        _discard(path)
        return connect(path, timeout)


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
def translated(path: Path) -> Iterator[None]:
    """Turn sqlite3 (and file system) errors into MemoryStoreError at the package boundary."""
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
