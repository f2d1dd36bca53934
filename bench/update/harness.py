"""Catalogs for the update benchmark, and how to judge an updated catalog against the truth."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import corpus

from i18npipe.match import Index, similarity
from i18npipe.model import Catalog, Message

HEADER = (
    ("Project-Id-Version", "bench"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
    ("Language", "de"),
    ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
)


@dataclass(frozen=True, slots=True)
class Case:
    """A fully translated old catalog, the edited template, and the edits made."""

    old: Catalog
    pot: Catalog
    revision: corpus.Revision


def make_case(entries: int, *, seed: int = 1, edited: float = 0.05, churn: float = 0.02) -> Case:
    """``entries`` texts, every one translated, then ``edited`` of them changed and ``churn``
    added and removed."""
    writer = corpus.Writer(seed)
    revision = corpus.revise(writer, corpus.texts(writer, entries), edited=edited, churn=churn)
    old = Catalog(HEADER, tuple(_entry(i, t, corpus.pseudo(t)) for i, t in enumerate(revision.old)))
    pot = Catalog(HEADER, tuple(_entry(i, t, "") for i, t in enumerate(revision.new)))
    return Case(old, pot, revision)


def _entry(position: int, text: str, translation: str) -> Message:
    return Message(text, translation, references=(f"content/bench.md:{2 * position + 1}",))


@dataclass(frozen=True, slots=True)
class Decisions:
    """What an update did with the edited texts (the truth is in :class:`corpus.Edit`)."""

    edited: int = 0
    """New texts made by editing old ones: each should get an old translation, fuzzy."""
    kept: int = 0
    """Of those, how many came back translated and fuzzy."""
    right_previous: int = 0
    """... with a previous msgid that is the text they were edited from."""
    right_translation: int = 0
    """... with the translation of the text they were edited from."""
    lost: int = 0
    """Edited texts that came back untranslated."""
    reviewed: int = 0
    """Edited texts that came back translated and NOT fuzzy (would be published unreviewed)."""
    added: int = 0
    """Brand-new texts (no old version)."""
    added_suggested: int = 0
    """Of those, how many got some old translation as a fuzzy suggestion."""
    translations_lost: int = 0
    """Old translations found nowhere in the result (neither live nor obsolete)."""

    @property
    def precision(self) -> float:
        """Right old entries among the old entries offered (edited and added texts)."""
        offered = self.kept + self.added_suggested
        return 100.0 * self.right_translation / offered if offered else 100.0

    @property
    def recall(self) -> float:
        """Edited texts that got the translation of the text they were edited from."""
        return 100.0 * self.right_translation / self.edited if self.edited else 100.0


def judge(result: Catalog, case: Case) -> Decisions:
    """Compare ``result`` (an update of ``case.old`` to ``case.pot``) with the truth."""
    live = {m.msgid: m for m in result.messages if not m.obsolete}
    counts = dict.fromkeys(Decisions.__dataclass_fields__, 0)
    for edit in case.revision.edits:
        for text in edit.new:
            _judge_one(live[text], edit, counts)
    kept = {m.msgstr for m in result.messages}
    counts["translations_lost"] = sum(1 for m in case.old.messages if m.msgstr not in kept)
    return Decisions(**counts)


def _judge_one(entry: Message, edit: corpus.Edit, counts: dict[str, int]) -> None:
    if edit.kind == "added":
        counts["added"] += 1
        counts["added_suggested"] += bool(entry.msgstr)
        return
    counts["edited"] += 1
    if not entry.msgstr:
        counts["lost"] += 1
    elif not entry.fuzzy:
        counts["reviewed"] += 1
    else:
        counts["kept"] += 1
        counts["right_previous"] += entry.previous_msgid in edit.old
        counts["right_translation"] += entry.msgstr in {corpus.pseudo(t) for t in edit.old}


@dataclass(frozen=True, slots=True)
class Agreement:
    """The index against an exhaustive search, on the searches an update makes."""

    edited: int
    """New texts edited from old ones."""
    index_right: int
    """... for which the index finds the old text they were edited from."""
    exhaustive_right: int
    """... for which scoring every candidate finds it."""
    only_exhaustive: int
    """Right answers the exhaustive search finds and the index misses."""
    added: int
    """Brand-new texts."""
    index_offered: int
    """... for which the index finds some candidate (a wrong offer)."""
    exhaustive_offered: int


def agreement(case: Case, threshold: float) -> Agreement:
    """Index versus exhaustive search: new texts against the old texts that left the template."""
    new, old = set(case.revision.new), set(case.revision.old)
    gone = [t for t in case.revision.old if t not in new]
    index = Index(gone)
    counts: Counter[str] = Counter()
    for edit in case.revision.edits:
        for query in (t for t in edit.new if t not in old):
            found = index.best(query, threshold=threshold)
            ours = gone[found.index] if found else None
            theirs = _exhaustive(query, gone, threshold)
            if edit.kind == "added":
                counts["added"] += 1
                counts["index_offered"] += ours is not None
                counts["exhaustive_offered"] += theirs is not None
                continue
            counts["edited"] += 1
            counts["index_right"] += ours in edit.old
            counts["exhaustive_right"] += theirs in edit.old
            counts["only_exhaustive"] += theirs in edit.old and ours not in edit.old
    return Agreement(**{name: counts[name] for name in Agreement.__dataclass_fields__})


def _exhaustive(query: str, texts: list[str], threshold: float) -> str | None:
    """The first most similar text scoring at least ``threshold``, by scoring every one."""
    best, best_score = None, threshold
    for text in texts:
        score = similarity(query, text)
        if score > best_score or (best is None and score >= best_score):
            best, best_score = text, score
    return best


def rows(table: Iterable[Iterable[object]]) -> str:
    """A Markdown table from rows of cells (the first row is the heading)."""
    lines = [" | ".join(str(cell) for cell in row) for row in table]
    rule = " | ".join("---" for _ in lines[0].split(" | "))
    return "\n".join(f"| {line} |" for line in [lines[0], rule, *lines[1:]])
