"""The protocol every machine translation provider implements, and what it is given.

Providers translate plain batches of already-protected text (markup replaced by placeholders);
they know nothing of catalogs. Every failure is raised as ``errors.TranslationError``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

Markup = Literal["xml", "opaque"]
"""How a provider keeps placeholders: ``xml`` tags it handles natively, or ``opaque`` tokens."""


@dataclass(frozen=True, slots=True)
class ProviderSettings:
    """How to reach a provider (from ``[tool.i18npipe.translator]`` and CLI flags)."""

    name: str
    url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    """Read from the environment variable named in the config; never written anywhere."""
    timeout: float = 20.0
    """Seconds for one HTTP request (connect and read)."""
    retries: int = 3
    """Retries after the first attempt on 429, 5xx and network errors."""
    concurrency: int = 4
    """Requests in flight at once for this provider."""


@dataclass(frozen=True, slots=True)
class Glossary:
    """Terms for one language pair: never-translate terms and required translations."""

    keep: tuple[str, ...] = ()
    """Terms passed through untouched (brand names)."""
    terms: Mapping[str, str] = field(default_factory=dict)
    """Source term → required target term."""


class Provider(Protocol):
    """A machine translation service."""

    name: str
    """Short id used in config, cache keys and translator comments (``libretranslate``)."""
    markup: Markup
    max_batch: int
    """Most texts sent in one request."""
    max_concurrency: int

    def translate(
        self, texts: Sequence[str], *, source: str, target: str, glossary: Glossary | None = None
    ) -> list[str]:
        """Translate ``texts`` (same order, same length) or raise TranslationError."""
        ...

    def close(self) -> None:
        """Release connections (sessions, pools); the provider is not used afterwards."""
        ...
