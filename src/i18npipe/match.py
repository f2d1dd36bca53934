"""Fuzzy matching of source texts: the one module that imports rapidfuzz.

Used by catalog updates (an edited msgid finds its old translation) and by the translation
memory. Scores are 0-100; 100 means identical text.

Searching is not all-pairs: a query is scored only against a short list of candidates.

- Length: the normalized Indel similarity of texts of lengths ``a <= b`` is at most
  ``200 * a / (a + b)``, so a threshold bounds the candidates' length exactly.
- Words: an inverted index from lowercased words to texts. The query's rarest words are looked
  up first, at most half plus one of them (enough to find any text sharing more than half of
  the query's words) and at most ``_BUDGET`` postings: common words ("the", "of") are skipped,
  so a query's cost stays bounded as the index grows. The texts sharing most probed words go on.
- Short queries (fewer than three words) have too few words to rely on (one typo in a heading
  shares nothing), but their length band holds only short texts: all of those are scored.

rapidfuzz then scores the short list with ``score_cutoff``. ``bench/update/agreement.py``
measures the agreement with an exhaustive search.

``Index.containing`` finds the texts a query is part of (a piece of a split paragraph) through
the postings of the query's rarest word.
"""

from __future__ import annotations

import bisect
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from rapidfuzz import fuzz, process

_WORD: Final = re.compile(r"\w+")
_FEW_WORDS: Final = 3
"""Queries with fewer words are scored against their whole length band."""
_SHORTLIST: Final = 64
"""Candidates, sharing most probed words with the query, that are scored exactly."""
_RANKED: Final = 4 * _SHORTLIST
"""Candidates ranked by shared words before the length bound cuts the shortlist."""
_BUDGET: Final = 1024
"""Postings read per query at most (the rarest word is always read)."""


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate found for a query."""

    index: int
    """Position of the candidate in the sequence the index was built from."""
    score: float


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0-100 (normalized Indel similarity)."""
    return float(fuzz.ratio(a, b, processor=None))


def length_bounds(length: int, threshold: float) -> tuple[int, int]:
    """The lengths a text can have and still score at least ``threshold`` against ``length``."""
    if threshold <= 0:
        return 0, sys.maxsize
    ratio = min(threshold, 100.0) / (200.0 - min(threshold, 100.0))
    # A hair of slack so float rounding never excludes a text exactly on the bound.
    low = math.ceil(length * ratio - 1e-9)
    high = math.floor(length / ratio + 1e-9)
    return low, high


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


class Index:
    """Candidates to search for the most similar text."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = list(texts)
        self._postings: dict[str, list[int]] = {}
        for position, text in enumerate(self._texts):
            for word in _words(text):
                self._postings.setdefault(word, []).append(position)
        self._length = [len(text) for text in self._texts]
        # Positions sorted by text length, to cut a length band with two bisections.
        self._by_length = sorted(range(len(self._texts)), key=self._length.__getitem__)
        self._sorted_lengths = [self._length[i] for i in self._by_length]

    def __len__(self) -> int:
        return len(self._texts)

    def best(self, query: str, *, threshold: float) -> Match | None:
        """The most similar candidate scoring at least ``threshold``, or ``None``."""
        found = self.top(query, threshold=threshold, limit=1)
        return found[0] if found else None

    def top(self, query: str, *, threshold: float, limit: int) -> list[Match]:
        """Up to ``limit`` candidates scoring at least ``threshold``, best first.

        Equal scores come in index order.
        """
        positions = self._candidates(query, threshold)
        choices = {position: self._texts[position] for position in positions}
        hits = process.extract(
            query,
            choices,
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=threshold,
            limit=None,
        )
        ranked = sorted((Match(position, float(score)) for _, score, position in hits), key=_rank)
        return ranked[:limit]

    def containing(self, query: str) -> list[int]:
        """Positions of the texts that contain ``query`` verbatim, shortest first.

        A paragraph split in two gives texts found whole inside the old one, though a short
        half scores too low against it to be found by similarity.
        """
        words = [w for w in _words(query) if w in self._postings]
        if not words:
            return []
        # Every container has all of the query's words: the rarest one's postings suffice.
        rarest = min(words, key=self._frequency)
        found = (p for p in self._postings[rarest] if query in self._texts[p])
        return sorted(found, key=lambda p: (self._length[p], p))

    def _candidates(self, query: str, threshold: float) -> Iterable[int]:
        low, high = length_bounds(len(query), threshold)
        query_words = _words(query)
        if len(query_words) < _FEW_WORDS:
            return self._band(low, high)
        words = sorted((w for w in query_words if w in self._postings), key=self._frequency)
        shared: Counter[int] = Counter()
        cost = 0
        # Rarest words first: any text sharing over half of the query's words shares one of the
        # rarest half plus one. Common words are skipped once their postings would exceed the
        # budget: the rare words already probed are the ones a similar text shares, and the cost
        # of a query stays bounded however large the index grows.
        for word in words[: len(words) // 2 + 1]:
            postings = self._postings[word]
            if cost and cost + len(postings) > _BUDGET:
                break
            shared.update(postings)
            cost += len(postings)
        # The length bound is exact: no text outside it can reach the threshold.
        ranked = (p for p, _ in shared.most_common(_RANKED))
        return [p for p in ranked if low <= self._length[p] <= high][:_SHORTLIST]

    def _frequency(self, word: str) -> int:
        return len(self._postings[word])

    def _band(self, low: int, high: int) -> list[int]:
        start = bisect.bisect_left(self._sorted_lengths, low)
        end = bisect.bisect_right(self._sorted_lengths, high)
        return self._by_length[start:end]


def _rank(match: Match) -> tuple[float, int]:
    return (-match.score, match.index)
