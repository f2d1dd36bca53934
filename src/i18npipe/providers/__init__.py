"""Machine translation providers behind one protocol (see :mod:`.base`).

``create(settings)`` builds the provider named in the settings. Provider modules are imported
only when asked for, so the third-party clients (deepl, deep-translator) load only if used.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

from ..errors import TranslationError
from .base import Glossary, Markup, Provider, ProviderSettings
from .batch import PartialTranslationError, TextRejected
from .http import RetryPolicy, TransientError

__all__ = [
    "PROVIDERS",
    "Glossary",
    "Markup",
    "PartialTranslationError",
    "Provider",
    "ProviderSettings",
    "RetryPolicy",
    "TextRejected",
    "TransientError",
    "create",
]

Factory = Callable[[ProviderSettings, RetryPolicy], Provider]


def _pseudo(settings: ProviderSettings, retry: RetryPolicy) -> Provider:
    from .pseudo import PseudoProvider

    return PseudoProvider(settings)


def _libretranslate(settings: ProviderSettings, retry: RetryPolicy) -> Provider:
    from .libretranslate import LibreTranslateProvider

    return LibreTranslateProvider(settings, retry=retry)


def _deepl(settings: ProviderSettings, retry: RetryPolicy) -> Provider:
    from .deepl import DeepLProvider

    return DeepLProvider(settings, retry=retry)


def _deep_translator(settings: ProviderSettings, retry: RetryPolicy) -> Provider:
    from .deeptranslator import DeepTranslatorProvider

    return DeepTranslatorProvider(settings.name, settings, retry=retry)


_FACTORIES: dict[str, Factory] = {
    "pseudo": _pseudo,
    "libretranslate": _libretranslate,
    "deepl": _deepl,
    "google": _deep_translator,
    "mymemory": _deep_translator,
    "microsoft": _deep_translator,
    "yandex": _deep_translator,
    "papago": _deep_translator,
    "baidu": _deep_translator,
}

PROVIDERS: tuple[str, ...] = tuple(_FACTORIES)
"""Provider names accepted in ``[tool.i18npipe.translator] provider``."""


def create(settings: ProviderSettings, *, retry: RetryPolicy | None = None) -> Provider:
    """The provider named by ``settings.name``; ``retry`` defaults to ``settings.retries``.

    Raises TranslationError (not retryable) for an unknown name, a missing API key or a URL
    that is not http(s).
    """
    factory = _FACTORIES.get(settings.name)
    if factory is None:
        raise _unknown(settings.name)
    if settings.url is not None and not settings.url.startswith(("http://", "https://")):
        raise TranslationError(
            f"translator.url must start with http:// or https://, not {settings.url!r}",
            provider=settings.name,
        )
    return factory(settings, retry or RetryPolicy(retries=settings.retries))


def _unknown(name: str) -> TranslationError:
    close = difflib.get_close_matches(name.lower(), PROVIDERS, n=1)
    guess = f"; did you mean {close[0]!r}?" if close else ""
    return TranslationError(
        f"unknown provider{guess}",
        provider=name,
        hint=f"translator.provider must be one of: {', '.join(PROVIDERS)}",
    )
