"""One exception hierarchy for every stage; the CLI maps these to exit codes."""

from __future__ import annotations


class I18npipeError(Exception):
    """Base of every error i18npipe raises on purpose.

    ``str(err)`` is a complete user-facing message, in ``path:line: message`` form where a
    location is known; ``hint`` says what to do next.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"


class ConfigError(I18npipeError):
    """The project configuration is invalid (unknown key, bad locale code, bad value)."""


class SegmentError(I18npipeError):
    """A source article cannot be segmented (e.g. undecodable bytes)."""


class CatalogError(I18npipeError):
    """A catalog (.po/.pot) cannot be read or is inconsistent."""


class TranslationError(I18npipeError):
    """A machine translation provider failed (network, HTTP status, bad response, bad key)."""

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        status: int | None = None,
        retryable: bool = False,
        hint: str | None = None,
    ) -> None:
        self.provider = provider
        self.status = status
        self.retryable = retryable
        super().__init__(
            f"{provider}: {message}" + (f" (HTTP {status})" if status else ""), hint=hint
        )


class MemoryStoreError(I18npipeError):
    """The translation memory database cannot be opened, read or written."""
