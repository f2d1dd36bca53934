"""The translation memory: every reviewed translation of every article, in SQLite.

The memory is derived data. The catalogs are the source of truth, so a damaged or outdated
memory is never repaired: it is rebuilt from them (``rebuild_memory``). It lives by default in
``<project>/.i18npipe/memory.sqlite``, a folder that ignores itself in git.

Several processes may write at once (parallel builds, a CAT-tool import during a build): the
database runs in WAL mode, every write is one ``BEGIN IMMEDIATE`` transaction (the write lock is
taken up front, so two writers never deadlock upgrading a read lock) and a busy timeout makes a
writer wait for the lock instead of failing. Every ``sqlite3`` error is translated here into a
``MemoryStoreError`` naming the file and the next step (see :mod:`.store`).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import groupby
from pathlib import Path

from ..match import Index
from ..model import Catalog, Suggestion
from . import write
from .store import DAMAGED_HINT, SCHEMA_VERSION, UNIT_COLUMNS, connect, connect_anew, translated
from .units import Changes, Revision, Unit, parse, reviewed, stamp, to_unit, utcnow

__all__ = [
    "DAMAGED_HINT",
    "DEFAULT_THRESHOLD",
    "SCHEMA_VERSION",
    "Changes",
    "Clock",
    "Memory",
    "Revision",
    "Unit",
    "open_memory",
    "rebuild_memory",
]

DEFAULT_THRESHOLD = 75.0
"""Lowest fuzzy score (0-100) that makes a suggestion; exact matches need no threshold.

Higher than ``catalog.FUZZY_THRESHOLD`` (an edit of the same entry) on purpose: a match from
another article is a weaker lead. A conservative default, not yet measured.
"""

Clock = Callable[[], datetime]


def open_memory(path: Path, *, timeout: float = 30.0, clock: Clock | None = None) -> Memory:
    """Open the memory at ``path``, creating the folder and the database if missing.

    ``timeout`` is how many seconds a write waits for another process's write to finish.
    Raises MemoryStoreError if the file is not a sound memory; the file is left as it was.
    """
    with translated(path):
        return Memory(connect(path, timeout), path, clock or utcnow)


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
    with translated(path):
        memory = Memory(connect_anew(path, timeout), path, utcnow)
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
        with translated(self.path):
            self._db.close()

    # --- writing

    def sync(self, article: str, language: str, catalog: Catalog, *, source_lang: str) -> Changes:
        """Record every reviewed translation of ``catalog``, the ``language`` one of ``article``.

        Reviewed means not fuzzy, not obsolete, not empty. Units are never deleted here: a
        translation whose entry left the catalog stays useful for other articles.
        """
        return self.record(reviewed(article, language, catalog, source_lang))

    def record(self, units: Iterable[Unit]) -> Changes:
        """Add or update ``units`` in one transaction; a replaced translation goes to history."""
        with self._write() as now:
            return self._put_all(list(units), now)

    def rebuild(self, catalogs: Iterable[tuple[str, str, Catalog]], *, source_lang: str) -> Changes:
        """Replace the whole memory (history and TMX imports too) with the catalogs' units."""
        units = [u for a, lang, cat in catalogs for u in reviewed(a, lang, cat, source_lang)]
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
                self._indexes.pop(row[1], None)
                write.move(self._db, row, new_article, now)
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
        with translated(self.path):
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
        with translated(self.path):
            rows = self._db.execute(
                f"SELECT {UNIT_COLUMNS} FROM unit {where} {order}", params
            ).fetchall()
        return [to_unit(row) for row in rows]

    def history(
        self, *, article: str, language: str, source: str, context: str | None = None
    ) -> list[Revision]:
        """Earlier translations of one unit, oldest first."""
        with translated(self.path):
            rows = self._db.execute(
                "SELECT h.target, h.recorded, h.replaced FROM history h JOIN unit u"
                " ON h.unit = u.id WHERE u.article = ? AND u.language = ? AND u.source = ?"
                " AND ifnull(u.context, char(0)) = ifnull(?, char(0)) ORDER BY h.id",
                (article, language, source, context),
            ).fetchall()
        return [Revision(t, parse(rec), parse(rep)) for t, rec, rep in rows]

    # --- internals

    @contextlib.contextmanager
    def _write(self) -> Iterator[str]:
        """One write transaction; yields its timestamp."""
        with translated(self.path):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield stamp(self._clock())
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _put_all(self, units: list[Unit], now: str) -> Changes:
        changes = Changes()
        units.sort(key=lambda u: (u.article, u.language))
        for (article, language), group in groupby(units, key=lambda u: (u.article, u.language)):
            self._indexes.pop(language, None)
            known = write.recorded(self._db, article, language)
            for unit in group:
                changes += write.put(self._db, unit, known, now)
        return changes

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
