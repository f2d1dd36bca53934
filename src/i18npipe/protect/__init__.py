"""Markup protection: hide what a machine translator must not touch behind placeholders.

Before a text goes to a provider, everything that is not prose (inline code, URLs, link and image
destinations, raw HTML, template tags, emphasis markers, escapes, entities, line breaks,
never-translate terms) is replaced by a placeholder; the prose inside links and emphasis stays
translatable between a pair of placeholders. :func:`restore` puts the markup back and refuses
output whose placeholders or Markdown structure did not survive.

Two placeholder styles, chosen by the provider's ``markup``:

- ``xml``: ``<x id="1"/>`` for a hidden piece, ``<g id="2">…</g>`` around translatable text (the
  XLIFF inline tags). DeepL (``tag_handling=xml``) and LibreTranslate (``format=html``) parse and
  keep them; the prose around them is XML-escaped so it is well-formed.
- ``opaque``: ``{1/}`` and ``{2}…{/2}``, the placeholder shapes Google's own translation tools put
  in text for its engine (Google Translator Toolkit), kept by Google and MyMemory (whose machine
  fallback is Google's or Microsoft's engine). Digits in braces survive where ``⟦1⟧`` or ``__X1__``
  get respaced, transliterated or translated; source text that already looks like one is itself
  protected, so a token in the output is always ours.

:func:`restore` reads both leniently (spaces, quote styles, ``<x …></x>``, full-width braces),
then demands every placeholder exactly once and properly nested, and checks the result with
:func:`i18npipe.check.check_translation`.
"""

from __future__ import annotations

from ..providers.base import Markup
from .placeholders import Placeholder, Protected, RestoreFailure, Style
from .restore import restore
from .write import protect

__all__ = [
    "Markup",
    "Placeholder",
    "Protected",
    "RestoreFailure",
    "Style",
    "protect",
    "restore",
]
