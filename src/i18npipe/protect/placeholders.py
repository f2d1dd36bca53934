"""What protection produces: the placeholder table, the protected text, a restore failure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..providers.base import Markup

Style = Literal["markdown", "yaml", "toml"]

TOKEN = re.compile(r"[{\uff5b]\s*(/?)\s*(\d+)\s*(/?)\s*[}\uff5d]")
"""An opaque placeholder as a provider may return it; also what source text must not look like."""


@dataclass(frozen=True, slots=True)
class Placeholder:
    """One protected piece of the source."""

    id: int
    """Number used in the placeholder, from 1 in text order."""
    kind: Literal["x", "g"]
    """``x``: a hidden piece; ``g``: markup around translatable text."""
    what: str
    """What it hides, for messages: ``code``, ``link``, ``emphasis``, ``keep term``, …"""
    start: str
    """The hidden text (``x``) or the opening markup (``g``, e.g. ``[`` or ``**``)."""
    end: str = ""
    """The closing markup of a ``g`` (``](https://…)`` or ``**``)."""
    trim: bool = False
    """Whitespace a provider puts just inside this ``g`` moves outside (the source has none)."""

    def __str__(self) -> str:
        return f"placeholder {self.id} ({self.what} {self.start + self.end!r})"


@dataclass(frozen=True, slots=True)
class Protected:
    """A source text ready for a provider, and what is needed to put its markup back."""

    source: str
    """The original text."""
    text: str
    """What the provider is sent: prose with placeholders, no leading/trailing whitespace."""
    markup: Markup
    placeholders: tuple[Placeholder, ...]
    """Indexed by ``id - 1``."""


@dataclass(frozen=True, slots=True)
class RestoreFailure:
    """Why a provider's output cannot be used."""

    reason: str

    def __str__(self) -> str:
        return self.reason
