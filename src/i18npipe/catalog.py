"""Catalog operations as pure functions: template from segments, update a language, count states."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Final

from . import provenance
from .match import Index
from .model import Catalog, Document, Message, Suggestion

Key = tuple[str | None, str]

Suggest = Callable[[Message], Suggestion | None]
"""Proposes a translation for an entry the catalog has nothing for (the translation memory)."""

FUZZY_THRESHOLD: Final = 60.0
"""Minimum similarity (0-100) for an old entry's translation to be offered for an edited text.

Chosen by measurement on realistic edits (``bench/update/threshold.py``,
``docs/benchmarks-update.md``); msgmerge uses 60 too.
"""
_PIECE_WORDS: Final = 4
"""Words a text needs for being found inside an old text to count as a split."""
_TIES: Final = 4
"""Best candidates compared when choosing between equal scores."""

POT_HEADER: tuple[tuple[str, str], ...] = (
    ("Project-Id-Version", ""),
    ("Report-Msgid-Bugs-To", ""),
    # Present but empty: msgfmt --check wants them; a date here would churn on every run.
    ("PO-Revision-Date", ""),
    ("Last-Translator", ""),
    ("Language-Team", ""),
    ("Language", ""),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
)


@dataclass(frozen=True, slots=True)
class Counts:
    """How many entries of a catalog are in each state."""

    translated: int = 0
    """Translated and reviewed (not fuzzy)."""
    needs_review: int = 0
    """Translated but fuzzy: a suggestion that a reviewer must confirm."""
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.needs_review + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.translated + other.translated,
            self.needs_review + other.needs_review,
            self.untranslated + other.untranslated,
        )


def template(document: Document, *, project: str) -> Catalog:
    """The ``.pot`` for one article: one entry per distinct (context, text), in source order."""
    merged: dict[Key, Message] = {}
    for seg in document.segments:
        key = (seg.context, seg.msgid)
        ref = f"{document.path}:{seg.line}"
        comments = (*seg.notes, seg.comment)
        old = merged.get(key)
        if old is None:
            merged[key] = Message(
                seg.msgid, msgctxt=seg.context, extracted_comments=comments, references=(ref,)
            )
        else:
            merged[key] = replace(
                old,
                references=_unique((*old.references, ref)),
                extracted_comments=_unique((*old.extracted_comments, *comments)),
            )
    header = tuple((k, project if k == "Project-Id-Version" else v) for k, v in POT_HEADER)
    return Catalog(header, tuple(merged.values()))


def update(
    pot: Catalog,
    old: Catalog | None,
    *,
    language: str,
    plural_forms: str,
    team: str = "",
    suggest: Suggest | None = None,
    threshold: float = FUZZY_THRESHOLD,
) -> Catalog:
    """A language's catalog for ``pot`` keeping every translation ``old`` had, as msgmerge does.

    - An entry whose (msgctxt, msgid) is in ``old`` (live or obsolete) keeps its msgstr, flags and
      translator comments; source-side data (references, extracted comments) comes from ``pot``.
      Its previous text (``#|``) is kept only while it is fuzzy: a reviewed entry drops it.
    - An entry with no translation yet gets the translation of an old entry whose text left the
      template (live or obsolete): one that contains its text verbatim (a piece of a split
      paragraph, at least four words), else the most similar one if the similarity is at least
      ``threshold``. It is marked fuzzy, with the old text as previous text. Several entries may
      share one old entry (both halves of a split paragraph).
    - Otherwise ``suggest`` (the translation memory) may propose one, recorded in a translator
      comment and marked fuzzy unless it is an exact match in the same context.
    - Translated old entries that are neither in the template nor used for a match become obsolete
      (``#~``); untranslated ones are dropped, as they carry nothing.
    """
    previous = {m.key: m for m in old.messages} if old else {}
    wanted = {m.key for m in pot.messages}
    gone = [m for m in previous.values() if m.msgstr and m.key not in wanted]
    finder = _Finder(gone, threshold)
    messages = [_merge(m, previous.get(m.key), finder, suggest) for m in pot.messages]
    messages += [replace(m, obsolete=True) for m in gone if m.key not in finder.used]
    return Catalog(
        _header(pot, old, language, plural_forms, team),
        tuple(messages),
        old.header_comments if old else (),
        old.header_fuzzy if old else False,
    )


class _Finder:
    """The old entries whose text left the template, searched for the one most like a new text."""

    def __init__(self, gone: list[Message], threshold: float) -> None:
        self._gone = gone
        self._threshold = threshold
        self._index: Index | None = None
        self.used: set[Key] = set()
        """Keys of old entries given to a new entry: they live on there, not as obsolete."""

    def closest(self, new: Message) -> Message | None:
        """The old entry to offer for ``new`` (remembered as used), or ``None``."""
        if not self._gone:
            return None
        if self._index is None:
            # Built on first use: most updates change nothing and never search.
            self._index = Index([m.msgid for m in self._gone])
        position = self._container(self._index, new.msgid)
        if position is None:
            position = self._most_similar(self._index, new)
        if position is None:
            return None
        found = self._gone[position]
        self.used.add(found.key)
        return found

    def _container(self, index: Index, text: str) -> int | None:
        # A text found whole inside an old one is a piece of a split paragraph (msgmerge misses
        # most of these: a short piece scores low against the whole). Short texts are excluded:
        # "Call us." inside a removed paragraph says nothing.
        if len(text.split()) < _PIECE_WORDS:
            return None
        found = index.containing(text)
        return found[0] if found else None

    def _most_similar(self, index: Index, new: Message) -> int | None:
        hits = index.top(new.msgid, threshold=self._threshold, limit=_TIES)
        if not hits:
            return None
        # Like msgmerge, among equal scores prefer an entry valid in the new entry's context.
        best = max(hits, key=lambda h: (h.score, _context_fits(self._gone[h.index], new)))
        return best.index


def _merge(new: Message, old: Message | None, finder: _Finder, suggest: Suggest | None) -> Message:
    merged = _carry(new, old)
    if merged.msgstr:
        return merged
    # Still untranslated (new text, or an old entry nobody translated): look for a starting point.
    similar = finder.closest(new)
    if similar is not None:
        return _fuzzy(merged, similar)
    proposal = suggest(new) if suggest is not None else None
    if proposal is not None and proposal.msgstr:
        return _suggested(merged, proposal)
    return merged


def _carry(new: Message, old: Message | None) -> Message:
    if old is None:
        return new
    # msgmerge drops the previous text of an entry a translator has reviewed (no longer fuzzy):
    # it described a change that has been dealt with.
    keep_previous = old.fuzzy
    return replace(
        new,
        msgstr=old.msgstr,
        flags=old.flags,
        translator_comments=old.translator_comments,
        previous_msgid=old.previous_msgid if keep_previous else None,
        previous_msgctxt=old.previous_msgctxt if keep_previous else None,
    )


def _fuzzy(new: Message, old: Message) -> Message:
    """``new`` with the translation of the similar ``old`` entry, for review."""
    # The previous text is what the translation was made for: for an old entry that was itself
    # fuzzy, that is its own previous text (possibly unknown), as msgmerge keeps it.
    if old.fuzzy:
        before_ctxt, before_id = old.previous_msgctxt, old.previous_msgid
    else:
        before_ctxt, before_id = old.msgctxt, old.msgid
    return replace(
        new,
        msgstr=old.msgstr,
        flags=_unique(("fuzzy", *new.flags, *old.flags)),
        translator_comments=_unique((*new.translator_comments, *old.translator_comments)),
        previous_msgctxt=before_ctxt,
        previous_msgid=before_id,
    )


def _suggested(new: Message, proposal: Suggestion) -> Message:
    """``new`` with a translation proposed by ``suggest``, and where it came from."""
    same_text = proposal.source == new.msgid
    # Only identical text in the same context may skip review; anything else is a suggestion.
    reviewed = proposal.exact_context and same_text
    note = provenance.comment("tm", f"{proposal.score:.0f}% {proposal.origin}")
    return replace(
        new,
        msgstr=proposal.msgstr,
        flags=new.flags if reviewed else _unique(("fuzzy", *new.flags)),
        translator_comments=provenance.with_provenance(new.translator_comments, note),
        previous_msgctxt=None,
        previous_msgid=None if same_text else proposal.source,
    )


def _context_fits(old: Message, new: Message) -> bool:
    return old.msgctxt is None or old.msgctxt == new.msgctxt


def _header(
    pot: Catalog, old: Catalog | None, language: str, plural_forms: str, team: str
) -> tuple[tuple[str, str], ...]:
    # The translator's header (Last-Translator, Language-Team, ...) stays in its order.
    fields = dict(old.header) if old else {}
    for key, value in pot.header:
        fields.setdefault(key, value)
    project = dict(pot.header).get("Project-Id-Version")
    if project is not None:
        fields["Project-Id-Version"] = project
    fields["Language"] = language
    if not fields.get("Language-Team"):
        fields["Language-Team"] = team
    if not fields.get("Plural-Forms"):
        fields["Plural-Forms"] = plural_forms
    return tuple(fields.items())


def counts(catalog: Catalog) -> Counts:
    """Entry states of the live (non-obsolete) entries."""
    translated = fuzzy = untranslated = 0
    for m in catalog.messages:
        if m.obsolete:
            continue
        if not m.msgstr:
            untranslated += 1
        elif m.fuzzy:
            fuzzy += 1
        else:
            translated += 1
    return Counts(translated, fuzzy, untranslated)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
