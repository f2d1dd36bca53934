"""Cutting a list of texts into requests, and keeping what succeeded when one request fails."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NoReturn

from ..errors import I18npipeError, TranslationError


class TextRejected(TranslationError):
    """The service refused one text (too long, no translation found); others may still pass."""


class PartialTranslationError(TranslationError):
    """A batch failed part-way; ``done`` keeps the texts translated before the failure.

    It carries the provider, status, retryable flag and hint of the failure that stopped it
    (also its ``__cause__``), so code that only knows ``TranslationError`` still works.
    """

    def __init__(self, error: TranslationError, done: dict[int, str], total: int) -> None:
        # TranslationError.__init__ would prefix the provider a second time: error.message
        # already reads "provider: what failed (HTTP n)".
        I18npipeError.__init__(
            self,
            f"{error.message} ({len(done)} of {total} texts were translated)",
            hint=error.hint,
        )
        self.provider = error.provider
        self.status = error.status
        self.retryable = error.retryable
        self.done = done
        """Index in the input → translation, for every text that was translated."""


Send = Callable[[list[str]], list[str]]
"""Translates one request's worth of texts (at most the batch size), same order and length."""


def translate_in_batches(
    texts: Sequence[str], *, size: int, send: Send, provider: str
) -> list[str]:
    """Translate ``texts`` through ``send`` in requests of at most ``size`` texts.

    Blank texts are returned as they are and identical texts are sent once. A ``TextRejected``
    skips that request and goes on; any other error stops, and if some texts were already
    translated it is re-raised as ``PartialTranslationError`` so they are not lost.
    """
    results: list[str | None] = [text if not text.strip() else None for text in texts]
    positions: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        if results[index] is None:
            positions.setdefault(text, []).append(index)
    unique = list(positions)
    failure: TranslationError | None = None
    for start in range(0, len(unique), size):
        chunk = unique[start : start + size]
        try:
            translated = send(chunk)
            # A short answer (e.g. an unparsable body read as no translations) fails this
            # request like any other error, so earlier batches are kept.
            _check_length(chunk, translated, provider)
        except TextRejected as error:
            failure = failure or error
            continue
        except TranslationError as error:
            failure = failure or error
            break
        for text, output in zip(chunk, translated, strict=True):
            for index in positions[text]:
                results[index] = output
    if failure is not None:
        _raise(failure, results)
    return [text for text in results if text is not None]


def _check_length(chunk: list[str], translated: list[str], provider: str) -> None:
    if len(translated) != len(chunk):
        raise TranslationError(
            f"unexpected answer: {len(translated)} translations for {len(chunk)} texts",
            provider=provider,
        )


def _raise(failure: TranslationError, results: list[str | None]) -> NoReturn:
    """Raise ``failure`` itself when nothing is lost, else a partial error keeping successes."""
    done = {
        index: text
        for index, text in enumerate(results)
        if text is not None and text.strip()  # blanks were never sent: nothing to keep
    }
    if not done:
        raise failure
    raise PartialTranslationError(failure, done, len(results)) from failure
