"""Writing units to the memory's tables: insert or update, history, moving between articles.

Functions of an open connection, called inside one write transaction of ``Memory``; ``Memory``
itself drops the fuzzy indexes a write makes stale.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .store import UNIT_COLUMNS
from .units import Changes, Unit, stamp


@dataclass(frozen=True, slots=True)
class Row:
    """A stored unit, as much of it as writes need."""

    id: int
    target: str
    changed: str


Known = dict[tuple[str, str | None], Row]
"""The units recorded for one article and language, by (source, context)."""


def recorded(db: sqlite3.Connection, article: str, language: str) -> Known:
    """The units already recorded for one article and language, by (source, context)."""
    rows = db.execute(
        "SELECT id, source, context, target, changed FROM unit WHERE article = ? AND language = ?",
        (article, language),
    )
    return {(src, ctx): Row(ident, tgt, changed) for ident, src, ctx, tgt, changed in rows}


def put(db: sqlite3.Connection, unit: Unit, known: Known, now: str) -> Changes:
    key = (unit.source, unit.context)
    changed = stamp(unit.changed) if unit.changed else now
    old = known.get(key)
    if old is not None and old.target == unit.target:
        return Changes()
    if old is None:
        created = stamp(unit.created) if unit.created else changed
        cursor = db.execute(
            f"INSERT INTO unit ({UNIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (*_key_columns(unit), unit.source_lang, created, changed),
        )
        known[key] = Row(_rowid(cursor), unit.target, changed)
        return Changes(added=1)
    _retire(db, old, now)
    db.execute(
        "UPDATE unit SET target = ?, changed = ? WHERE id = ?", (unit.target, changed, old.id)
    )
    known[key] = Row(old.id, unit.target, changed)
    return Changes(changed=1)


def move(
    db: sqlite3.Connection, row: tuple[int, str, str | None, str, str, str], new: str, now: str
) -> None:
    """Move one unit to article ``new``; where ``new`` has the same entry, merge into it."""
    ident, language, context, source, target, changed = row
    there = db.execute(
        "SELECT id, target FROM unit WHERE article = ? AND language = ? AND source = ?"
        " AND ifnull(context, char(0)) = ifnull(?, char(0))",
        (new, language, source, context),
    ).fetchone()
    if there is None:
        db.execute("UPDATE unit SET article = ? WHERE id = ?", (new, ident))
        return
    if there[1] != target:
        _retire(db, Row(ident, target, changed), now, into=there[0])
    db.execute("UPDATE history SET unit = ? WHERE unit = ?", (there[0], ident))
    db.execute("DELETE FROM unit WHERE id = ?", (ident,))


def _retire(db: sqlite3.Connection, old: Row, now: str, into: int | None = None) -> None:
    """Keep ``old``'s translation in the history of unit ``into`` (default: its own)."""
    db.execute(
        "INSERT INTO history (unit, target, recorded, replaced) VALUES (?, ?, ?, ?)",
        (old.id if into is None else into, old.target, old.changed, now),
    )


def _key_columns(unit: Unit) -> tuple[str, str, str | None, str, str]:
    return (unit.article, unit.language, unit.context, unit.source, unit.target)


def _rowid(cursor: sqlite3.Cursor) -> int:
    assert cursor.lastrowid is not None  # always set after an INSERT
    return cursor.lastrowid
