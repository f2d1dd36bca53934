"""LibreTranslate over its HTTP API, done properly.

deep-translator sends one text per request, in the query string, as ``format=text``. Here: one
POST per batch with a JSON body, ``q`` as a list, and ``format=html`` so the XML-style
placeholders come back as tags rather than translated text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import TranslationError
from .base import Glossary, Markup, ProviderSettings
from .batch import translate_in_batches
from .http import (
    RequestException,
    Response,
    RetryPolicy,
    error_from_exception,
    error_from_status,
    thread_sessions,
)

DEFAULT_URL = "https://libretranslate.com"

_KEY_HINT = "set the environment variable named by translator.api_key_env to a valid key"


class LibreTranslateProvider:
    """LibreTranslate (public or self-hosted): real batching, thread-safe, retried."""

    name = "libretranslate"
    markup: Markup = "xml"

    def __init__(
        self, settings: ProviderSettings, *, retry: RetryPolicy | None = None, max_batch: int = 50
    ) -> None:
        self.max_batch = max_batch
        self.max_concurrency = settings.concurrency
        self._url = (settings.url or DEFAULT_URL).rstrip("/") + "/translate"
        self._api_key = settings.api_key
        self._retry = retry or RetryPolicy(retries=settings.retries)
        self._sessions = thread_sessions(settings.timeout)

    def translate(
        self, texts: Sequence[str], *, source: str, target: str, glossary: Glossary | None = None
    ) -> list[str]:
        """Translate in batches of ``max_batch``; LibreTranslate has no glossaries."""
        pair = (_language(source), _language(target))
        return translate_in_batches(
            texts,
            size=self.max_batch,
            send=lambda chunk: self._retry.call(lambda: self._post(chunk, *pair)),
            provider=self.name,
        )

    def close(self) -> None:
        """Close the HTTP sessions of every thread."""
        self._sessions.close()

    def _post(self, texts: list[str], source: str, target: str) -> list[str]:
        """One request for ``texts``; raises TranslationError on any failure."""
        body: dict[str, Any] = {"q": texts, "source": source, "target": target, "format": "html"}
        if self._api_key:
            body["api_key"] = self._api_key
        try:
            response = self._sessions.get().post(self._url, json=body)
        except RequestException as error:
            raise error_from_exception(error, provider=self.name) from error
        with response:
            if response.status_code != 200:
                raise self._failure(response, source, target)
            return self._translations(response, len(texts))

    def _translations(self, response: Response, count: int) -> list[str]:
        """The ``translatedText`` list of a successful answer, checked."""
        try:
            translated = response.json()["translatedText"]
        except (ValueError, KeyError, TypeError) as error:
            raise self._garbage(response) from error
        if isinstance(translated, str) and count == 1:
            translated = [translated]  # older servers answer a one-item list with a string
        if not isinstance(translated, list) or not all(isinstance(t, str) for t in translated):
            raise self._garbage(response)
        if len(translated) != count:
            raise TranslationError(
                f"the server returned {len(translated)} translations for {count} texts",
                provider=self.name,
            )
        return translated

    def _failure(self, response: Response, source: str, target: str) -> TranslationError:
        """Our error for a failure status, using LibreTranslate's ``{"error": ...}`` body."""
        status = response.status_code
        message = _error_message(response)
        if status == 403:
            hint = _KEY_HINT if self._api_key else "this server needs an API key: " + _KEY_HINT
            return TranslationError(
                f"API key rejected: {message}", provider=self.name, status=status, hint=hint
            )
        if status == 400 and _about_language(message, source, target):
            return TranslationError(
                f"language not supported ({source} → {target}): {message}",
                provider=self.name,
                status=status,
                hint=f"see {self._url.removesuffix('/translate')}/languages for what it offers",
            )
        return error_from_status(status, message, provider=self.name, headers=response.headers)

    def _garbage(self, response: Response) -> TranslationError:
        excerpt = response.text[:80].replace("\n", " ")
        return TranslationError(
            f"unexpected answer from {self._url}: {excerpt!r}",
            provider=self.name,
            hint="check that translator.url points at a LibreTranslate server",
        )


def _language(locale: str) -> str:
    """LibreTranslate's code for a gettext locale: the language alone (``pt_BR`` → ``pt``).

    Traditional Chinese is the exception, with its own code ``zt``.
    """
    language, _, region = locale.replace("-", "_").partition("_")
    if language.lower() == "zh" and region.lower() in ("tw", "hk", "mo", "hant"):
        return "zt"
    return language.lower()


def _error_message(response: Response) -> str:
    """The ``error`` field of a LibreTranslate error body, else the start of the body."""
    try:
        data = response.json()
    except ValueError:
        return response.text[:200].strip() or response.reason
    if isinstance(data, dict) and isinstance(data.get("error"), str):
        return str(data["error"])
    return str(data)[:200]


def _about_language(message: str, source: str, target: str) -> bool:
    """Whether a 400 message complains about one of the languages we sent."""
    words = message.lower().replace("'", " ").replace('"', " ").split()
    return "language" in message.lower() or source in words or target in words
