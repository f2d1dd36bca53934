"""What the translation memory holds (units, their history, what a write did) and its rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from ..model import Catalog, Message

_STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"


@dataclass(frozen=True, slots=True)
class Unit:
    """One translation in the memory."""

    article: str
    """Where it comes from: an article path (``content/a.md``) or ``tmx:<file name>``."""
    language: str
    """Target language code as configured (``de``, ``pt_BR``)."""
    source: str
    target: str
    context: str | None = None
    """The msgctxt, ``None`` when there is none."""
    source_lang: str = ""
    created: datetime | None = None
    """When the unit was first recorded (UTC); ``None`` on input means now."""
    changed: datetime | None = None
    """When ``target`` was last set (UTC); ``None`` on input means now."""


@dataclass(frozen=True, slots=True)
class Revision:
    """An earlier translation of a unit, kept when it was replaced."""

    target: str
    recorded: datetime
    replaced: datetime


@dataclass(frozen=True, slots=True)
class Changes:
    """What a write did; both zero when it found everything already recorded."""

    added: int = 0
    changed: int = 0
    """Units whose translation was replaced (the old one went to the history)."""

    def __add__(self, other: Changes) -> Changes:
        return Changes(self.added + other.added, self.changed + other.changed)


def reviewed(article: str, language: str, catalog: Catalog, source_lang: str) -> Iterator[Unit]:
    for message in catalog.messages:
        if _is_reviewed(message):
            yield Unit(
                article, language, message.msgid, message.msgstr, message.msgctxt, source_lang
            )


def _is_reviewed(message: Message) -> bool:
    return bool(message.msgid and message.msgstr) and not (message.fuzzy or message.obsolete)


def to_unit(row: tuple[str, str, str | None, str, str, str, str, str]) -> Unit:
    article, language, context, source, target, source_lang, created, changed = row
    return Unit(
        article, language, source, target, context, source_lang, parse(created), parse(changed)
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    # Fixed width, so text order is time order in SQL.
    return moment.astimezone(UTC).strftime(_STAMP)


def parse(stamp: str) -> datetime:
    return datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
