"""Offline pseudo-localization: shows what is translatable and how layouts cope with longer text.

``Hello`` becomes ``[Ĥéļļö~~]``: accented letters (is every string going through the catalog?),
about 30 % longer (does the layout survive German?), brackets (was anything cut off?). The output
is deterministic, needs no network, and leaves placeholders alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from .base import Glossary, Markup, ProviderSettings

_ACCENTED = str.maketrans(
    "AaBbCcDdEeFfGgHhIiJjKkLlNnOoRrSsTtUuWwYyZz",
    "ÅåƁƀĆçĐđÉéƑƒĜĝĤĥÎîĴĵĶķĻļÑñÖöŔŕŠšŢţÛûŴŵÝýŽž",
)

PROTECTED = re.compile(
    r"<[^<>]*>"  # XML-style placeholders: <x id="1"/>, <g id="2">, </g>
    r"|&(?:#\d+|#x[0-9a-fA-F]+|\w+);"  # entities (xml markup escapes the prose)
    r"|\{/?\d+/?\}"  # opaque placeholders: {1/}, {2}, {/2}
    r"|\{\{[^{}]*\}\}|\{[\w.]*\}"  # template fields
    r"|%(?:\([\w.]+\))?[sdif]"  # printf fields
)
"""Spans copied unchanged: placeholders and tokens the caller must find again."""

EXPANSION = 0.3
"""Padding added per translated letter."""


def pseudo_localize(text: str, *, protected: re.Pattern[str] = PROTECTED) -> str:
    """Accent the letters outside ``protected`` spans, pad by ~30 % and bracket the result.

    Leading and trailing whitespace stays outside the brackets; text without letters is
    returned unchanged.
    """
    core = text.strip()
    pieces: list[str] = []
    position = 0
    for match in protected.finditer(core):
        pieces += [core[position : match.start()].translate(_ACCENTED), match.group()]
        position = match.end()
    pieces.append(core[position:].translate(_ACCENTED))
    letters = sum(character.isalpha() for character in protected.sub("", core))
    if not letters:
        return text
    start = text.index(core)
    padding = "~" * math.ceil(letters * EXPANSION)
    return f"{text[:start]}[{''.join(pieces)}{padding}]{text[start + len(core) :]}"


class PseudoProvider:
    """Pseudo-localization as a provider: for demos, layout checks and tests."""

    name = "pseudo"
    markup: Markup = "xml"
    max_batch = 1000

    def __init__(
        self, settings: ProviderSettings | None = None, *, protected: re.Pattern[str] = PROTECTED
    ) -> None:
        self.max_concurrency = settings.concurrency if settings else 1
        self._protected = protected

    def translate(
        self, texts: Sequence[str], *, source: str, target: str, glossary: Glossary | None = None
    ) -> list[str]:
        """Pseudo-localize every text; languages and glossary make no difference."""
        return [pseudo_localize(text, protected=self._protected) for text in texts]

    def close(self) -> None:
        """Nothing to release (present so every provider can be closed alike)."""
