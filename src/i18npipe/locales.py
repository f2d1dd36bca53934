"""Locale codes and plural rules: the one module that imports Babel."""

from __future__ import annotations

import re

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from .errors import ConfigError

_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")


def normalize(code: str, *, where: str = "locales") -> str:
    """The canonical gettext form of a locale code (``pt-br`` → ``pt_BR``), or a ConfigError."""
    if not isinstance(code, str) or not _CODE.match(code):
        raise ConfigError(
            f"{where}: {code!r} is not a locale code",
            hint="use codes such as 'de', 'pt_BR' or 'zh_Hant'",
        )
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise ConfigError(
            f"{where}: unknown locale {code!r}",
            hint="use a language known to the Unicode CLDR, e.g. 'de' or 'es_MX'",
        ) from None
    return str(locale)


def plural_forms(code: str) -> str:
    """The ``Plural-Forms`` header value for a locale."""
    plural = get_plural(code)
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def display_name(code: str) -> str:
    """The English name of a locale (for status tables and catalog headers)."""
    return str(Locale.parse(code).get_display_name("en"))
