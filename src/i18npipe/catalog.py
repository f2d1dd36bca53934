"""Catalog operations as pure functions: template from segments, update a language, count states."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from .model import Catalog, Document, Message

Key = tuple[str | None, str]

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
    pot: Catalog, old: Catalog | None, *, language: str, plural_forms: str, team: str = ""
) -> Catalog:
    """A language's catalog for ``pot``, keeping every translation ``old`` had.

    Entries still in the template keep msgstr, flags, translator comments and previous text;
    source-side data (references, extracted comments) comes from the template. Translated entries
    whose text left the template stay as obsolete ``#~`` entries, so no work is ever dropped.
    """
    previous = {m.key: m for m in old.messages} if old else {}
    messages = [_carry(m, previous.pop(m.key, None)) for m in pot.messages]
    messages += [replace(m, obsolete=True) for m in previous.values() if m.msgstr]
    return Catalog(
        _header(pot, old, language, plural_forms, team),
        tuple(messages),
        old.header_comments if old else (),
        old.header_fuzzy if old else False,
    )


def _carry(new: Message, old: Message | None) -> Message:
    if old is None:
        return new
    return replace(
        new,
        msgstr=old.msgstr,
        flags=old.flags,
        translator_comments=old.translator_comments,
        previous_msgid=old.previous_msgid,
        previous_msgctxt=old.previous_msgctxt,
    )


def _header(
    pot: Catalog, old: Catalog | None, language: str, plural_forms: str, team: str
) -> tuple[tuple[str, str], ...]:
    # The translator's header (Last-Translator, Language-Team, ...) stays in its order.
    fields = dict(old.header) if old else {}
    for key, value in pot.header:
        fields.setdefault(key, value)
    fields["Project-Id-Version"] = dict(pot.header)["Project-Id-Version"]
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
