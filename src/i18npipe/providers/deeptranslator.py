"""deep-translator's services made fit for a pipeline (the only module that imports it).

deep-translator knows many services (Google, MyMemory, Microsoft, Yandex, Papago, Baidu) but is
not built for batch work. What this wrapper does about it:

- **Timeouts.** Its modules call ``requests.get``/``requests.post`` with no timeout, so a stalled
  server blocks forever. Inside each wrapped service module we rebind the name ``requests`` to a
  small router: while one of our calls runs, ``get``/``post`` go through that thread's
  ``TimeoutSession`` (our timeout, pooled connections, and the last response kept for error
  reports); at any other time they go to the real ``requests`` unchanged, and every other
  attribute (``requests.exceptions``...) is the real one. Rejected alternatives: patching
  ``requests.get`` itself (changes every library in the process); ``socket.setdefaulttimeout``
  (requests passes an explicit ``None``, which overrides it); running calls in a worker thread
  and abandoning it on timeout (leaks a thread and a socket per stall); subclassing every
  translator to rewrite its ``translate`` (copies the parsing we want to reuse).
- **Batches.** ``translate_batch`` stops at the first error and loses the earlier results; we
  loop ourselves, one text per request, each retried, and keep what succeeded.
- **Threads.** Translators keep request state on the instance (``_url_params``): each thread
  gets its own instances and its own session.
- **Errors.** deep-translator raises its own classes, bare ``Exception``, ``KeyError`` on odd
  JSON, and lets ``requests`` errors through; status codes and ``Retry-After`` are lost. All
  of it becomes ``TranslationError``, using the status the session saw.
- **URLs.** Each instance's ``_base_url`` is set from ``ProviderSettings.url`` (the service
  root; the path of the endpoint is added here), so tests and proxies can point it anywhere.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from deep_translator import (
    BaiduTranslator,
    GoogleTranslator,
    MicrosoftTranslator,
    MyMemoryTranslator,
    PapagoTranslator,
    YandexTranslator,
    baidu,
    google,
    microsoft,
    mymemory,
    papago,
    yandex,
)
from deep_translator import exceptions as dt
from deep_translator.constants import (
    BAIDU_LANGUAGE_TO_CODE,
    GOOGLE_LANGUAGES_TO_CODES,
    MY_MEMORY_LANGUAGES_TO_CODES,
    PAPAGO_LANGUAGE_TO_CODE,
)

from ..errors import TranslationError
from .base import Glossary, Markup, ProviderSettings
from .batch import TextRejected, translate_in_batches
from .http import (
    REQUESTS,
    PerThread,
    Response,
    RetryPolicy,
    TimeoutSession,
    error_from_exception,
    error_from_status,
)

_active = threading.local()


class _Router:
    """Stands in for the ``requests`` module inside deep-translator's service modules."""

    def __getattr__(self, name: str) -> Any:
        return getattr(REQUESTS, name)

    def get(self, url: str, params: Any = None, **kwargs: Any) -> Response:
        session: TimeoutSession | None = getattr(_active, "session", None)
        if session is None:
            return REQUESTS.get(url, params=params, **kwargs)
        return session.get(url, params=params, **kwargs)

    def post(self, url: str, data: Any = None, json: Any = None, **kwargs: Any) -> Response:
        session: TimeoutSession | None = getattr(_active, "session", None)
        if session is None:
            return REQUESTS.post(url, data=data, json=json, **kwargs)
        return session.post(url, data=data, json=json, **kwargs)


_ROUTER = _Router()
for _module in (baidu, google, microsoft, mymemory, papago, yandex):
    _module.requests = _ROUTER


@contextmanager
def _through(session: TimeoutSession) -> Iterator[None]:
    """Route this thread's deep-translator requests through ``session`` meanwhile."""
    _active.session = session
    try:
        yield
    finally:
        _active.session = None


class _MicrosoftTranslator(MicrosoftTranslator):  # type: ignore[misc]
    """Fetches the language list from our URL: the original hard-codes Azure's, untimed."""

    def __init__(self, *, languages_url: str, **kwargs: Any) -> None:
        self._languages_url = languages_url
        super().__init__(**kwargs)

    def _get_supported_languages(self) -> dict[str, str]:
        table = _ROUTER.get(self._languages_url).json()["translation"]
        return {entry["name"].lower(): code.lower() for code, entry in table.items()}


Build = Callable[[str, str, str, str], Any]
"""(source code, target code, API key or "", service root URL) → a deep-translator instance."""


@dataclass(frozen=True, slots=True)
class Engine:
    """How to build and drive one deep-translator service."""

    url: str
    """Default service root."""
    path: str
    """Endpoint added to the root; becomes the translator's ``_base_url``."""
    build: Build
    languages: Mapping[str, str] | None
    """deep-translator's language name → code table, to map our locales (None: base code)."""
    concurrency: int
    """Most requests in flight we allow, whatever the settings say (free tiers are strict)."""
    key: str | None = None
    """What the API key is, if one is needed (shown in the error when it is missing)."""
    key_pair: bool = False
    """The key is two values joined by a colon (``client_id:client_secret``)."""
    refusal: Callable[[Response], tuple[int, str] | None] | None = None
    """Finds an error reported inside a 200 answer, which deep-translator takes as the text."""


def _google(source: str, target: str, key: str, url: str) -> Any:
    return GoogleTranslator(source=source, target=target)


def _mymemory(source: str, target: str, key: str, url: str) -> Any:
    return MyMemoryTranslator(source=source, target=target)


def _microsoft(source: str, target: str, key: str, url: str) -> Any:
    subscription, _, region = key.partition(":")
    return _MicrosoftTranslator(
        languages_url=f"{url}/languages?api-version=3.0&scope=translation",
        source=source,
        target=target,
        api_key=subscription,
        region=region or None,
    )


def _yandex(source: str, target: str, key: str, url: str) -> Any:
    return YandexTranslator(source=source, target=target, api_key=key)


def _papago(source: str, target: str, key: str, url: str) -> Any:
    client_id, _, secret = key.partition(":")
    return PapagoTranslator(client_id=client_id, secret_key=secret, source=source, target=target)


def _mymemory_refusal(response: Response) -> tuple[int, str] | None:
    """MyMemory's ``responseStatus`` (403 for a bad language pair) and its message."""
    try:
        data = response.json()
        status = int(data.get("responseStatus", 200))
    except (ValueError, TypeError, AttributeError):
        return None  # deep-translator already made sense of it
    if status == 200:
        return None
    details = data.get("responseDetails") or data.get("responseData", {}).get("translatedText")
    return status, str(details or "refused")[:200]


def _baidu(source: str, target: str, key: str, url: str) -> Any:
    appid, _, appkey = key.partition(":")
    return BaiduTranslator(source=source, target=target, appid=appid, appkey=appkey)


ENGINES: dict[str, Engine] = {
    "google": Engine("https://translate.google.com", "/m", _google, GOOGLE_LANGUAGES_TO_CODES, 4),
    "mymemory": Engine(
        "https://api.mymemory.translated.net",
        "/get",
        _mymemory,
        MY_MEMORY_LANGUAGES_TO_CODES,
        2,
        refusal=_mymemory_refusal,
    ),
    "microsoft": Engine(
        "https://api.cognitive.microsofttranslator.com",
        "/translate?api-version=3.0",
        _microsoft,
        None,
        8,
        key="subscription key, or key:region",
    ),
    "yandex": Engine(
        "https://translate.yandex.net",
        "/api/{version}/tr.json/{endpoint}",
        _yandex,
        GOOGLE_LANGUAGES_TO_CODES,  # what deep-translator checks Yandex codes against
        4,
        key="API key",
    ),
    "papago": Engine(
        "https://openapi.naver.com",
        "/v1/papago/n2mt",
        _papago,
        PAPAGO_LANGUAGE_TO_CODE,
        4,
        key="client_id:client_secret",
        key_pair=True,
    ),
    "baidu": Engine(
        "https://fanyi-api.baidu.com",
        "/api/trans/vip/translate",
        _baidu,
        BAIDU_LANGUAGE_TO_CODE,
        1,
        key="appid:appkey",
        key_pair=True,
    ),
}
"""The deep-translator services we offer, by provider name."""


class _Worker:
    """One thread's session and translators (one per language pair)."""

    def __init__(self, timeout: float) -> None:
        self.session = TimeoutSession(timeout)
        self.translators: dict[tuple[str, str], Any] = {}

    def close(self) -> None:
        self.session.close()


class DeepTranslatorProvider:
    """A deep-translator service with timeouts, retries, per-thread clients and our errors."""

    markup: Markup = "opaque"
    max_batch = 1
    """deep-translator sends one text per request."""

    def __init__(
        self, name: str, settings: ProviderSettings, *, retry: RetryPolicy | None = None
    ) -> None:
        self.name = name
        self._engine = ENGINES[name]
        if self._engine.key and not _key_ok(settings.api_key, pair=self._engine.key_pair):
            raise TranslationError(
                f"an API key is required ({self._engine.key})",
                provider=name,
                hint="set the environment variable named by translator.api_key_env",
            )
        self._key = settings.api_key or ""
        self._url = (settings.url or self._engine.url).rstrip("/")
        self.max_concurrency = min(settings.concurrency, self._engine.concurrency)
        self._retry = retry or RetryPolicy(retries=settings.retries)
        self._workers = PerThread(lambda: _Worker(settings.timeout), _Worker.close)

    def translate(
        self, texts: Sequence[str], *, source: str, target: str, glossary: Glossary | None = None
    ) -> list[str]:
        """Translate one text per request; texts the service refuses do not stop the others."""
        pair = (self._language(source), self._language(target))

        def send(chunk: list[str]) -> list[str]:
            return [self._translate_retried(text, *pair) for text in chunk]

        return translate_in_batches(texts, size=1, send=send, provider=self.name)

    def close(self) -> None:
        """Close the HTTP sessions of every thread."""
        self._workers.close()

    def _translate_retried(self, text: str, source: str, target: str) -> str:
        return self._retry.call(lambda: self._translate_one(text, source, target))

    def _translate_one(self, text: str, source: str, target: str) -> str:
        """One request through this thread's translator; raises only TranslationError."""
        worker = self._workers.get()
        worker.session.forget()
        with _through(worker.session):
            try:
                result = self._translator(worker, source, target).translate(text)
            except Exception as error:  # its zoo: own classes, bare Exception, KeyError...
                raise self._error(error, worker.session, source, target) from error
        self._check(worker.session.last_response)
        return self._output(result, text)

    def _translator(self, worker: _Worker, source: str, target: str) -> Any:
        translator = worker.translators.get((source, target))
        if translator is None:
            translator = self._engine.build(source, target, self._key, self._url)
            translator._base_url = self._url + self._engine.path
            worker.translators[(source, target)] = translator
        return translator

    def _language(self, locale: str) -> str:
        table = self._engine.languages
        return resolve_language(locale, table) if table else _base(locale)

    def _output(self, result: object, text: str) -> str:
        if isinstance(result, str):
            return result
        if isinstance(result, list) and all(isinstance(item, str) for item in result):
            return "\n".join(result)  # Yandex answers a list of lines
        if result is None:
            return text  # Google's answer when the translation equals the text
        raise TranslationError(f"unexpected answer: {result!r}"[:200], provider=self.name)

    def _check(self, response: Response | None) -> None:
        """Raise for an error the service reported inside a 200 answer."""
        refusal = self._engine.refusal
        found = refusal(response) if refusal is not None and response is not None else None
        if found is not None:
            status, message = found
            # MyMemory answers 403 for a language pair it lacks: that is not a key problem.
            hint = (
                "the service does not support this language pair; check the locale codes"
                if "language" in message.lower()
                else None
            )
            raise error_from_status(status, message, provider=self.name, hint=hint)

    def _error(
        self, error: Exception, session: TimeoutSession, source: str, target: str
    ) -> TranslationError:
        """Our error for whatever deep-translator raised, using what the session saw."""
        if session.last_error is not None:
            return error_from_exception(session.last_error, provider=self.name)
        if isinstance(error, dt.LanguageNotSupportedException | dt.InvalidSourceOrTargetLanguage):
            return TranslationError(
                f"language not supported: {error.val!r} ({source} → {target})",
                provider=self.name,
                hint=self._codes_hint(),
            )
        if isinstance(error, dt.NotValidLength | dt.NotValidPayload):
            return TextRejected(f"text refused: {error.message}", provider=self.name)
        response = session.last_response
        if response is not None and not response.ok:
            return self._status_error(response, source, target)
        if isinstance(error, dt.TranslationNotFound | dt.ElementNotFoundInGetRequest):
            return TranslationError(
                "no translation in the answer",
                provider=self.name,
                hint="check that translator.url points at the right service",
            )
        return TranslationError(
            f"unexpected answer ({type(error).__name__}: {error})"[:300], provider=self.name
        )

    def _status_error(self, response: Response, source: str, target: str) -> TranslationError:
        status = response.status_code
        message = f"the service answered {status} {response.reason}"
        if status == 400:
            message += f" for {source} → {target} (is the language supported?)"
        return error_from_status(status, message, provider=self.name, headers=response.headers)

    def _codes_hint(self) -> str:
        codes = sorted((self._engine.languages or {}).values())
        listed = ", ".join(codes[:15]) + (f" and {len(codes) - 15} more" if len(codes) > 15 else "")
        return f"{self.name} knows {listed}" if codes else "check the language code"


def resolve_language(locale: str, table: Mapping[str, str]) -> str:
    """The code in ``table`` (deep-translator's name → code map) for a gettext locale.

    Tries the full code, then the language alone, then the language's English name (MyMemory
    wants ``de-DE`` for ``de``, Baidu ``fra`` for ``fr``). Unknown: returned as given, and
    deep-translator refuses it by name.
    """
    wanted = locale.replace("_", "-").lower()
    base = wanted.partition("-")[0]
    codes = {code.lower(): code for code in table.values()}
    for candidate in (wanted, _ALIASES.get(wanted), base, _ALIASES.get(base)):
        if candidate in codes:
            return codes[candidate]
    name = _GOOGLE_NAMES.get(base)
    if name is not None and name in table:
        return table[name]
    for code in table.values():
        if code.lower().partition("-")[0] == base:
            return code
    return locale


_ALIASES = {"he": "iw", "jv": "jw", "zh": "zh-cn", "zh-hans": "zh-cn", "zh-hant": "zh-tw"}
"""Our codes → older ones some services still use."""

_GOOGLE_NAMES = {code.lower(): name for name, code in GOOGLE_LANGUAGES_TO_CODES.items()}


def _base(locale: str) -> str:
    language, _, region = locale.replace("_", "-").partition("-")
    if language.lower() == "zh":
        return "zh-hant" if region.lower() in ("tw", "hk", "mo", "hant") else "zh-hans"
    return language.lower()


def _key_ok(key: str | None, *, pair: bool) -> bool:
    """Whether ``key`` is there, with both halves when it is a ``first:second`` pair."""
    first, _, second = (key or "").partition(":")
    return bool(first and second) if pair else bool(key)
