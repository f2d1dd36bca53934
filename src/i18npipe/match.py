"""Fuzzy matching of source texts: the one module that imports rapidfuzz.

Used by catalog updates (an edited msgid finds its old translation) and by the translation
memory. Scores are 0-100; 100 means identical text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate found for a query."""

    index: int
    """Position of the candidate in the sequence the index was built from."""
    score: float


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0-100 (normalized Indel similarity)."""
    return float(fuzz.ratio(a, b))


class Index:
    """Candidates to search for the most similar text."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = list(texts)

    def __len__(self) -> int:
        return len(self._texts)

    def best(self, query: str, *, threshold: float) -> Match | None:
        """The most similar candidate scoring at least ``threshold``, or ``None``."""
        found = self.top(query, threshold=threshold, limit=1)
        return found[0] if found else None

    def top(self, query: str, *, threshold: float, limit: int) -> list[Match]:
        """Up to ``limit`` candidates scoring at least ``threshold``, best first."""
        hits = process.extract(
            query, self._texts, scorer=fuzz.ratio, score_cutoff=threshold, limit=limit
        )
        return [Match(index, float(score)) for _, score, index in hits]
