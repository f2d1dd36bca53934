"""DeepL through the official ``deepl`` package (the only module that imports it).

deep-translator's DeepL class authenticates in a way DeepL no longer accepts; the official client
is current, batches (a list of texts per request), handles XML tags and glossaries.

Two adjustments make it fit our retry policy:

- ``deepl.http_client.max_network_retries = 0`` (a documented setting of the package): its own
  backoff would retry 5 times with real sleeps and hide ``Retry-After``; ours does the retrying.
- each ``Translator``'s HTTP session is replaced by our ``TimeoutSession``, which applies
  ``ProviderSettings.timeout`` (the package never goes below 10 s) and remembers the last
  response so a 429's ``Retry-After`` reaches our policy.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

import deepl

from ..errors import TranslationError
from .base import Glossary, Markup, ProviderSettings
from .batch import translate_in_batches
from .http import (
    PerThread,
    RequestException,
    RetryPolicy,
    TimeoutSession,
    error_from_exception,
    error_from_status,
)

T = TypeVar("T")

deepl.http_client.max_network_retries = 0

_GLOSSARIES: dict[tuple[str, str, str, str], str | None] = {}
"""(account, source, target, digest of the entries) → glossary id, None where DeepL has no
glossaries for the pair. Shared by every provider object: the pipeline makes one per thread, and
two objects each creating the same glossary would leave duplicates on the account."""
_GLOSSARY_PAIRS: dict[str, set[tuple[str, str]]] = {}
_GLOSSARY_LOCK = threading.Lock()

_REGIONAL_TARGETS = frozenset({"EN-GB", "EN-US", "PT-PT", "PT-BR", "ZH-HANS", "ZH-HANT", "ES-419"})
_KEY_HINT = (
    "set the environment variable named by translator.api_key_env to your DeepL key "
    "(free keys end in ':fx')"
)


class _Client:
    """One thread's DeepL client and the session it sends through."""

    def __init__(self, settings: ProviderSettings, key: str) -> None:
        self.session = TimeoutSession(settings.timeout)
        self.translator = deepl.Translator(key, server_url=settings.url, send_platform_info=False)
        # The package builds its own requests.Session; ours adds the timeout and Retry-After.
        self.translator._client._session.close()
        self.translator._client._session = self.session

    def close(self) -> None:
        self.session.close()


class DeepLProvider:
    """DeepL: batches of up to 50 texts, XML tag handling, glossaries for required terms."""

    name = "deepl"
    markup: Markup = "xml"
    max_batch = 50
    """DeepL's limit of texts per request."""

    def __init__(self, settings: ProviderSettings, *, retry: RetryPolicy | None = None) -> None:
        if not settings.api_key:
            raise TranslationError("an API key is required", provider=self.name, hint=_KEY_HINT)
        key = settings.api_key
        self.max_concurrency = settings.concurrency
        self._retry = retry or RetryPolicy(retries=settings.retries)
        self._clients = PerThread(lambda: _Client(settings, key), _Client.close)
        # Glossaries belong to the account on a server, not to this object.
        self._account = hashlib.sha256(f"{settings.url}\n{key}".encode()).hexdigest()[:16]

    def translate(
        self, texts: Sequence[str], *, source: str, target: str, glossary: Glossary | None = None
    ) -> list[str]:
        """Translate in batches of 50; ``glossary.terms`` become a DeepL glossary."""
        source_code, target_code = source_language(source), target_language(target)
        glossary_id = self._glossary_id(source_code, target_code, glossary)

        def send(chunk: list[str]) -> list[str]:
            pair = (source_code, target_code)
            return self._call(
                lambda client: self._translate(client, chunk, *pair, glossary_id), languages=pair
            )

        return translate_in_batches(texts, size=self.max_batch, send=send, provider=self.name)

    def close(self) -> None:
        """Close the clients of every thread."""
        self._clients.close()

    def _translate(
        self,
        client: _Client,
        texts: list[str],
        source: str,
        target: str,
        glossary_id: str | None,
    ) -> list[str]:
        results = client.translator.translate_text(
            texts,
            source_lang=source,
            target_lang=target,
            tag_handling="xml",
            glossary=glossary_id,
        )
        outputs = results if isinstance(results, list) else [results]
        return [result.text for result in outputs]

    def _call(
        self, action: Callable[[_Client], T], *, languages: tuple[str, str] | None = None
    ) -> T:
        """Run ``action`` with this thread's client, retried, with errors made ours.

        ``languages`` (source, target) lets a "not supported" answer name the language.
        """

        def attempt() -> T:
            client = self._clients.get()
            client.session.forget()
            try:
                return action(client)
            except deepl.DeepLException as error:
                raise self._error(error, client.session, languages) from error
            except (ValueError, TypeError, KeyError) as error:
                # The package indexes the JSON without checking it: a garbage answer ends here.
                raise TranslationError(
                    f"unexpected answer from the server: {error}", provider=self.name
                ) from error

        return self._retry.call(attempt)

    def _error(
        self,
        error: deepl.DeepLException,
        session: TimeoutSession,
        languages: tuple[str, str] | None,
    ) -> TranslationError:
        """Our error for one of the package's exceptions."""
        if isinstance(error, deepl.ConnectionException):
            cause = error.__cause__
            if isinstance(cause, RequestException):
                return error_from_exception(cause, provider=self.name)
            return TranslationError(str(error), provider=self.name, retryable=error.should_retry)
        status = error.http_status_code
        message = _message(error)
        if isinstance(error, deepl.AuthorizationException):
            return TranslationError(
                "API key rejected", provider=self.name, status=status, hint=_KEY_HINT
            )
        if isinstance(error, deepl.QuotaExceededException):
            return TranslationError(
                "character quota for this billing period is used up",
                provider=self.name,
                status=status,
                hint="wait for the next billing period or raise the limit in the DeepL account",
            )
        if status is None:
            return TranslationError(message, provider=self.name, retryable=error.should_retry)
        if status == 400 and languages and "lang" in message.lower():
            return TranslationError(
                f"language not supported ({languages[0]} → {languages[1]}): {message}",
                provider=self.name,
                status=status,
                hint="check the code against DeepL's list of supported languages",
            )
        response = session.last_response
        headers = response.headers if response is not None else None
        return error_from_status(status, message, provider=self.name, headers=headers)

    def _glossary_id(self, source: str, target: str, glossary: Glossary | None) -> str | None:
        """The id of a DeepL glossary holding ``glossary.terms``, created on first use.

        Glossaries are named after a digest of their entries, so a rerun (or another process)
        reuses the one already on the account instead of creating a new one.
        """
        if glossary is None or not glossary.terms:
            return None
        entries = dict(sorted(glossary.terms.items()))
        digest = hashlib.sha256(repr(entries).encode()).hexdigest()[:16]
        pair = (_base(source), _base(target))
        key = (self._account, *pair, digest)
        with _GLOSSARY_LOCK:  # held across the requests: one creation per glossary
            if key not in _GLOSSARIES:
                _GLOSSARIES[key] = self._find_or_create(pair, entries, digest)
            return _GLOSSARIES[key]

    @staticmethod
    def forget_glossaries() -> None:
        """Forget the glossaries found or created so far, as a new process would."""
        with _GLOSSARY_LOCK:
            _GLOSSARIES.clear()
            _GLOSSARY_PAIRS.clear()

    def _find_or_create(
        self, pair: tuple[str, str], entries: dict[str, str], digest: str
    ) -> str | None:
        if pair not in self._supported_pairs():
            return None  # the caller checks required terms after translation instead
        _check_terms(entries)
        name = f"i18npipe {pair[0]}-{pair[1]} {digest}"
        found = self._call(lambda client: client.translator.list_glossaries())
        for info in found:
            if info.name == name and info.ready:
                return info.glossary_id
        made = self._call(lambda client: client.translator.create_glossary(name, *pair, entries))
        return made.glossary_id

    def _supported_pairs(self) -> set[tuple[str, str]]:
        if self._account not in _GLOSSARY_PAIRS:
            pairs = self._call(lambda client: client.translator.get_glossary_languages())
            _GLOSSARY_PAIRS[self._account] = {
                (pair.source_lang.upper(), pair.target_lang.upper()) for pair in pairs
            }
        return _GLOSSARY_PAIRS[self._account]


def source_language(locale: str) -> str:
    """DeepL's source code for a gettext locale: the language alone (``pt_BR`` → ``PT``)."""
    return _base(locale)


def target_language(locale: str) -> str:
    """DeepL's target code for a gettext locale (``pt_BR`` → ``PT-BR``, ``en`` → ``EN-US``)."""
    code = locale.replace("_", "-").upper()
    if code in _REGIONAL_TARGETS:
        return code
    language, _, region = code.partition("-")
    if language == "EN":
        return "EN-GB" if region and region != "US" else "EN-US"
    if language == "PT":
        return "PT-BR" if region == "BR" else "PT-PT"
    if language == "ZH":
        return "ZH-HANT" if region in ("TW", "HK", "MO", "HANT") else "ZH-HANS"
    return language


def _check_terms(entries: dict[str, str]) -> None:
    """Refuse terms DeepL would refuse, before any request, with the offending term named."""
    for term in (*entries, *entries.values()):
        try:
            deepl.validate_glossary_term(term.strip())
        except ValueError:
            raise TranslationError(
                f"glossary term {term!r} cannot go into a DeepL glossary",
                provider="deepl",
                hint="glossary terms must be non-empty and contain no tabs or line breaks",
            ) from None


def _base(code: str) -> str:
    return code.replace("_", "-").partition("-")[0].upper()


def _message(error: deepl.DeepLException) -> str:
    """The package's message without its status prefix noise."""
    text = str(error)
    return text if len(text) <= 300 else text[:300] + "…"
