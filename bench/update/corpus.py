"""Real-looking catalog entries and edits of them, with the truth about which old text became what.

Texts are medical and documentation prose built from sentence patterns, a few hundred common
words and thousands of rare terms (drug-like names) picked with a Zipf law, so word frequencies
look like a real corpus: headings, list items, table cells and paragraphs of one to six sentences.
Everything is deterministic for a seed.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

EditKind = Literal[
    "typo",
    "word",
    "number",
    "not",
    "sentence added",
    "sentence removed",
    "split",
    "merge",
    "added",
    "removed",
]
EDITS: tuple[EditKind, ...] = (
    "typo",
    "word",
    "number",
    "not",
    "sentence added",
    "sentence removed",
    "split",
    "merge",
)
"""Edits of an existing text, whose new text should find the old translation."""

_SUBJECTS = (
    "the patient", "your doctor", "the nurse", "the clinic", "the physiotherapist", "our team",
    "the pharmacist", "the surgeon", "each visit", "this treatment", "the test", "the report",
    "your child", "the dose", "the injection", "the procedure", "the appointment", "the form",
    "the app", "the portal", "the referral", "the scan", "the therapy", "the medicine",
)  # fmt: skip
_VERBS = (
    "reviews", "explains", "reduces", "requires", "includes", "starts", "takes", "needs",
    "checks", "records", "changes", "supports", "improves", "follows", "describes", "covers",
    "lists", "confirms", "measures", "protects", "affects", "replaces", "helps with", "treats",
)  # fmt: skip
_OBJECTS = (
    "the pain in your knee", "inflammation of the joint", "your medical history", "the results",
    "the recovery plan", "the side effects", "your blood pressure", "the dosage", "the symptoms",
    "your lower back", "the shoulder", "the exercises", "the follow-up visit", "your insurance",
    "the waiting time", "the consent form", "the wound", "your sleep", "the muscles", "the nerves",
    "the risk of infection", "the next steps", "the treatment options", "the prescription",
)  # fmt: skip
_TAILS = (
    "before the first session", "after surgery", "every morning", "within two weeks",
    "during the night", "at home", "with food", "on weekdays", "in most cases", "if needed",
    "as soon as possible", "for adults", "for children over twelve", "without a referral",
    "at the front desk", "in the patient portal", "before you leave", "after each meal",
)  # fmt: skip
_AUX = ("should", "can", "will", "must", "may", "does")
_UNITS = ("mg", "ml", "minutes", "hours", "days", "weeks", "percent", "times a day")
_ADJECTIVES = (
    "chronic", "acute", "mild", "severe", "common", "rare", "short", "long", "daily", "weekly",
    "new", "usual", "gentle", "strong", "safe", "simple", "important", "optional", "free", "local",
)  # fmt: skip
_HEADING_WORDS = (
    "Overview", "Dosage", "Side effects", "Before your visit", "Recovery", "Exercises",
    "Contact us", "Opening hours", "Insurance", "Frequently asked questions", "Risks",
    "Treatment", "Diagnosis", "Aftercare", "Preparing for surgery", "Pain relief", "Children",
)  # fmt: skip
_PATTERNS = (
    "take {number} {unit} of {term} {tail}",
    "{subject} {aux} {base} {object} {tail}",
    "{term} is a {adjective} treatment for {object} and {object2}",
    "{subject} {verb} {object}, so {subject2} {verb} {object2}",
    "see [{term}](https://example.org/{slug}) for {object} {tail}",
    "about {number} {unit} {tail}, {subject} {verb} `{slug}`",
    "if {object} gets worse {tail}, call us and ask for {subject}",
    "most people with {adjective} pain feel better {tail}",
    "do not use {term} together with {term2} unless {subject} {verb} it",
    "{subject} {aux} not {base} {object} without talking to {subject2} first",
    "we recommend {term} for {object}; ask {subject} about the {adjective} dose",
    "the {adjective} form of {term} works differently from {term2}",
    "you {aux} {base} {object} online, by phone or {tail}",
    "in {number} out of 100 cases {object} improves {tail}",
    "write down {object} and bring the list to {subject}",
    "{term} ({number} {unit}) is covered by {object} {tail}",
)
_SYLLABLES = (
    "ze", "pra", "lo", "vin", "mi", "tex", "dor", "ca", "nol", "ri", "fen", "sta", "bu", "xo",
    "lin", "tra", "mol", "cy", "ben", "zo", "quin", "pro", "ta", "vel",
)  # fmt: skip


def _base(verb: str) -> str:
    """The infinitive of a verb of :data:`_VERBS` (``helps with`` -> ``help with``)."""
    first, _, rest = verb.partition(" ")
    return f"{first.removesuffix('s')} {rest}".rstrip()


def _rare_terms(rng: random.Random, count: int) -> list[str]:
    terms: dict[str, None] = {}
    while len(terms) < count:
        name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        terms[name.capitalize() if rng.random() < 0.6 else name] = None
    return list(terms)


@dataclass(frozen=True, slots=True)
class Edit:
    """One change between the old and the new template, with the truth about it."""

    kind: EditKind
    old: tuple[str, ...]
    """Old texts involved (the right previous msgids); empty for an added text."""
    new: tuple[str, ...]
    """New texts (empty for a removed text)."""


@dataclass(frozen=True, slots=True)
class Revision:
    """An old template, the new one after edits, and the edits."""

    old: tuple[str, ...]
    new: tuple[str, ...]
    edits: tuple[Edit, ...]


class Writer:
    """Deterministic generator of texts."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._terms = _rare_terms(self.rng, 6000)
        # Zipf weights: a few terms are frequent, most are rare, as in real documentation.
        self._cumulative = list(
            itertools.accumulate(1.0 / (rank + 1) for rank in range(len(self._terms)))
        )

    def term(self) -> str:
        return self.rng.choices(self._terms, cum_weights=self._cumulative)[0]

    def number(self) -> str:
        return str(self.rng.choice((1, 2, 3, 5, 10, 12, 15, 20, 30, 50, 100, 200, 250, 400, 500)))

    def sentence(self) -> str:
        """One sentence from one of a dozen patterns, filled with random words."""
        rng = self.rng
        text = rng.choice(_PATTERNS).format(
            subject=rng.choice(_SUBJECTS),
            subject2=rng.choice(_SUBJECTS),
            verb=rng.choice(_VERBS),
            base=_base(rng.choice(_VERBS)),
            aux=rng.choice(_AUX),
            object=rng.choice(_OBJECTS),
            object2=rng.choice(_OBJECTS),
            tail=rng.choice(_TAILS),
            adjective=rng.choice(_ADJECTIVES),
            term=self.term(),
            term2=self.term(),
            slug=self.term().lower(),
            number=self.number(),
            unit=rng.choice(_UNITS),
        )
        return text[0].upper() + text[1:] + "."

    def text(self) -> str:
        """One catalog entry: heading, table cell, list item or paragraph."""
        roll = self.rng.random()
        if roll < 0.15:
            joint = self.rng.choice(("of", "for", "with"))
            return f"{self.rng.choice(_HEADING_WORDS)} {joint} {self.term()}"
        if roll < 0.22:
            return f"{self.term()} {self.number()} {self.rng.choice(_UNITS)}"
        if roll < 0.5:
            return self.sentence()
        count = min(6, 1 + int(self.rng.expovariate(0.6)))
        return " ".join(self.sentence() for _ in range(count))


def texts(writer: Writer, count: int) -> list[str]:
    """``count`` distinct texts."""
    found: dict[str, None] = {}
    while len(found) < count:
        found[writer.text()] = None
    return list(found)


# --- edits


def _sentences(text: str) -> list[str]:
    parts = text.split(". ")
    return [p if p.endswith(".") else p + "." for p in parts]


def _typo(w: Writer, text: str) -> str | None:
    words = [i for i, word in enumerate(text.split(" ")) if len(word) > 4 and word.isalpha()]
    if not words:
        return None
    tokens = text.split(" ")
    i = w.rng.choice(words)
    word, at = tokens[i], w.rng.randrange(1, len(tokens[i]) - 1)
    tokens[i] = word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]
    return " ".join(tokens)


def _word(w: Writer, text: str) -> str | None:
    tokens = text.split(" ")
    words = [i for i, word in enumerate(tokens) if word.isalpha() and len(word) > 3]
    if not words:
        return None
    i = w.rng.choice(words)
    tokens[i] = w.rng.choice(_ADJECTIVES) if w.rng.random() < 0.5 else w.term().lower()
    return " ".join(tokens)


def _number(w: Writer, text: str) -> str | None:
    tokens = text.split(" ")
    numbers = [i for i, word in enumerate(tokens) if word.isdigit()]
    if not numbers:
        return None
    i = w.rng.choice(numbers)
    tokens[i] = str(int(tokens[i]) * 2 if w.rng.random() < 0.5 else max(1, int(tokens[i]) // 2))
    return " ".join(tokens)


def _not(w: Writer, text: str) -> str | None:
    for aux in (" should ", " can ", " will ", " must ", " may ", " does ", " is "):
        if aux in text:
            return text.replace(aux, f"{aux}not ", 1)
    return None


def _sentence_added(w: Writer, text: str) -> str | None:
    return f"{text} {w.sentence()}" if text.endswith(".") else None


def _sentence_removed(w: Writer, text: str) -> str | None:
    parts = _sentences(text)
    if len(parts) < 3:
        return None
    del parts[w.rng.randrange(len(parts))]
    return " ".join(parts)


_CHANGES: dict[EditKind, Callable[[Writer, str], str | None]] = {
    "typo": _typo,
    "word": _word,
    "number": _number,
    "not": _not,
    "sentence added": _sentence_added,
    "sentence removed": _sentence_removed,
}


def _split(text: str) -> tuple[str, str] | None:
    parts = _sentences(text)
    if len(parts) < 2:
        return None
    middle = len(parts) // 2
    return " ".join(parts[:middle]), " ".join(parts[middle:])


def _edit(w: Writer, kind: EditKind, old: list[str], at: int) -> Edit | None:
    text = old[at]
    if kind == "split":
        halves = _split(text)
        return Edit(kind, (text,), halves) if halves else None
    if kind == "merge":
        if at + 1 >= len(old) or len(_sentences(text)) < 2:
            return None
        return Edit(kind, (text, old[at + 1]), (f"{text} {old[at + 1]}",))
    if kind == "added":
        return Edit(kind, (), (w.text(),))
    if kind == "removed":
        return Edit(kind, (text,), ())
    changed = _CHANGES[kind](w, text)
    return Edit(kind, (text,), (changed,)) if changed and changed != text else None


def revise(w: Writer, old: list[str], *, edited: float = 0.05, churn: float = 0.02) -> Revision:
    """A new template from ``old``: ``edited`` of the texts changed, ``churn`` added and removed.

    The edits are spread evenly over the kinds of :data:`EDITS`; each is made on a random text it
    applies to (a split needs two sentences, a changed number needs a number).
    """
    order = w.rng.sample(range(len(old)), len(old))
    plan: dict[int, Edit] = {}
    busy: set[int] = set()
    wanted = [*EDITS] * round(len(old) * edited / len(EDITS))
    wanted += ["added", "removed"] * round(len(old) * churn)
    taken = set(old)
    for kind in wanted:
        _place(w, kind, old, order, plan, busy, taken)
    return _apply(old, plan)


def _place(
    w: Writer,
    kind: EditKind,
    old: list[str],
    order: list[int],
    plan: dict[int, Edit],
    busy: set[int],
    taken: set[str],
) -> None:
    for _ in range(200):
        at = order[w.rng.randrange(len(order))]
        if at in busy or at + 1 in busy:
            continue
        edit = _edit(w, kind, old, at)
        if edit is None or any(t in taken and t not in edit.old for t in edit.new):
            continue
        plan[at] = edit
        busy.update((at, at + 1) if kind == "merge" else (at,))
        taken.update(edit.new)
        return


def _apply(old: list[str], plan: dict[int, Edit]) -> Revision:
    new: list[str] = []
    skip = -1
    for at, text in enumerate(old):
        if at == skip:
            continue
        edit = plan.get(at)
        if edit is None or edit.kind == "added":
            new.append(text)
        if edit is not None:
            new.extend(edit.new)
            skip = at + 1 if edit.kind == "merge" else skip
    edits = tuple(plan[at] for at in sorted(plan))
    return Revision(tuple(old), tuple(dict.fromkeys(new)), edits)


def pseudo(text: str) -> str:
    """A pseudo-translation, distinct for every text, that tells which source it was made for."""
    return "⟦" + text[::-1] + "⟧"
