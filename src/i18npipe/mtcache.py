"""The machine translation cache: every provider output ever received, in SQLite.

Keyed by provider, language pair and the protected source text (what the provider was sent), so
a rerun sends nothing that was already translated. It is also the record of raw machine output:
comparing it with the reviewed msgstr later measures how much reviewers changed. Results are
written batch by batch as they arrive, so an interrupted run loses nothing already received.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from .errors import MemoryStoreError

"""Relative to the project root."""

_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS mt (
    provider TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    text TEXT NOT NULL,
    output TEXT NOT NULL,
    date TEXT NOT NULL,
    PRIMARY KEY (provider, source_lang, target_lang, text)
) WITHOUT ROWID
"""
_CHUNK = 500
"""Texts per ``IN (…)`` query: well under SQLite's limit on bound parameters."""


@dataclass(frozen=True, slots=True)
class Cached:
    """One stored provider output."""

    provider: str
    source_lang: str
    target_lang: str
    text: str
    """The protected source text the provider was sent."""
    output: str
    """What the provider returned, placeholders and all."""
    date: str
    """When it was received (``YYYY-MM-DD``)."""


class MTCache:
    """A cache file, opened (and created if missing) at ``path``; use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        with self._guard("open"):
            path.parent.mkdir(parents=True, exist_ok=True)
            # busy_timeout: a second run (or a reader measuring edits) waits instead of failing.
            self._db = sqlite3.connect(path, timeout=10.0, check_same_thread=False)
            self._db.execute("PRAGMA busy_timeout = 10000")
            self._db.execute("PRAGMA journal_mode = WAL")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, _VERSION):
                self._db.close()
                raise MemoryStoreError(
                    f"cache format {version} is newer than this i18npipe understands",
                    path=str(path),
                    hint="upgrade i18npipe or use another cache file",
                )
            with self._db:
                self._db.execute(_SCHEMA)
                self._db.execute(f"PRAGMA user_version = {_VERSION}")

    def get_many(
        self, provider: str, source: str, target: str, texts: Sequence[str]
    ) -> dict[str, str]:
        """Stored outputs for those of ``texts`` that have one."""
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(texts))
        with self._guard("read"):
            for i in range(0, len(unique), _CHUNK):
                chunk = unique[i : i + _CHUNK]
                rows = self._db.execute(
                    "SELECT text, output FROM mt WHERE provider = ? AND source_lang = ?"
                    f" AND target_lang = ? AND text IN ({', '.join('?' * len(chunk))})",
                    (provider, source, target, *chunk),
                )
                found.update(rows.fetchall())
        return found

    def put_many(
        self,
        provider: str,
        source: str,
        target: str,
        results: Sequence[tuple[str, str]],
        *,
        date: str,
    ) -> None:
        """Store ``(text, output)`` pairs in one transaction (committed before returning)."""
        with self._guard("write"), self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO mt VALUES (?, ?, ?, ?, ?, ?)",
                [(provider, source, target, text, output, date) for text, output in results],
            )

    def entries(self, provider: str | None = None) -> Iterator[Cached]:
        """Every stored output (of one provider), e.g. to compare with reviewed translations."""
        query = "SELECT * FROM mt" + (" WHERE provider = ?" if provider else "")
        with self._guard("read"):
            rows = self._db.execute(query, (provider,) if provider else ()).fetchall()
        return (Cached(*row) for row in rows)

    def close(self) -> None:
        with self._guard("close"):
            self._db.close()

    def __enter__(self) -> MTCache:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _guard(self, doing: str) -> Iterator[None]:
        """One thread at a time; sqlite and file errors become a MemoryStoreError."""
        with self._lock:
            try:
                yield
            except (sqlite3.Error, OSError) as err:
                raise MemoryStoreError(
                    f"cannot {doing} the machine translation cache: {err}",
                    path=str(self.path),
                    hint=_hint(err),
                ) from None


def _hint(err: Exception) -> str:
    if "locked" in str(err) or "busy" in str(err):
        return "another i18npipe run is using the cache; wait for it to finish"
    return (
        "check the file's permissions and free disk space; if the file is damaged, move it "
        "aside (it holds only machine output, which a rerun fetches again)"
    )
