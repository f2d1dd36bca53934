"""What every HTTP provider shares: timeouts, retries with backoff, per-thread clients, errors.

Providers never let a ``requests`` exception escape: everything below the provider boundary is
turned into ``TranslationError`` here, with ``retryable`` telling the retry loop (and later the
pipeline) whether trying again can help.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

import requests

from ..errors import TranslationError

T = TypeVar("T")

# The other provider modules reach requests through these names: this module is the one that
# imports it (deep-translator's module-level calls are routed through ``REQUESTS``).
REQUESTS = requests
Response = requests.Response
RequestException = requests.RequestException

RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
"""Statuses where the same request may succeed later (rate limits, overloaded or restarting)."""


class TransientError(TranslationError):
    """A failure worth retrying (rate limit, 5xx, timeout, connection refused)."""

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        status: int | None = None,
        retry_after: float | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, provider=provider, status=status, retryable=True, hint=hint)
        self.retry_after = retry_after
        """Seconds the server asked us to wait (``Retry-After``), if it said."""


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None  # unparsable: fall back to our own backoff rather than fail the request
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounded retries with exponential backoff and jitter, honouring ``Retry-After``."""

    retries: int = 3
    """Retries after the first attempt."""
    base_delay: float = 0.5
    """Backoff before the first retry; doubles with each further retry."""
    max_delay: float = 20.0
    """Longest backoff we compute ourselves."""
    max_retry_after: float = 60.0
    """Longest wait a server may ask for; a longer ``Retry-After`` ends the retries at once
    (the service is out for longer than a run should block, so the entries wait for a rerun)."""
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    """Injected so tests record the waits instead of sleeping."""
    jitter: Callable[[], float] = field(default=random.random, repr=False)
    """Uniform number in [0, 1); spreads out threads that failed at the same moment."""

    def delay(self, attempt: int, error: TranslationError) -> float | None:
        """Seconds to wait before retry number ``attempt + 1``, or None to give up."""
        if not error.retryable or attempt >= self.retries:
            return None
        asked = error.retry_after if isinstance(error, TransientError) else None
        if asked is not None:
            return asked if asked <= self.max_retry_after else None
        ceiling = min(self.max_delay, self.base_delay * 2.0**attempt)
        # "Equal jitter": at least half the backoff, so retries never hammer the server.
        return ceiling / 2 + ceiling / 2 * self.jitter()

    def call(self, attempt: Callable[[], T]) -> T:
        """Run ``attempt`` until it succeeds, a failure is final, or the retries are spent."""
        tries = 0
        while True:
            try:
                return attempt()
            except TranslationError as error:
                wait = self.delay(tries, error)
                if wait is None:
                    raise
            self.sleep(wait)
            tries += 1


class TimeoutSession(requests.Session):
    """A ``requests.Session`` whose every request carries our timeout.

    It also remembers the last response or transport error, so a wrapper around a library that
    loses them (deep-translator drops status codes and ``Retry-After``) can still report them.
    """

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout
        """Seconds for connecting and for each read; replaces whatever the caller passed."""
        self.last_response: requests.Response | None = None
        self.last_error: requests.RequestException | None = None

    def forget(self) -> None:
        """Clear the remembered outcome before a new call."""
        self.last_response = None
        self.last_error = None

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        # Ours wins over the caller's: deep-translator passes none, the deepl package >= 10 s.
        kwargs["timeout"] = (self.timeout, self.timeout)
        try:
            response = super().send(request, **kwargs)
        except requests.RequestException as error:
            self.last_error = error
            raise
        self.last_response = response
        return response


class PerThread(Generic[T]):
    """One lazily built object per thread, for clients that must not be shared across threads.

    ``close()`` closes the objects of every thread (call it once the work is done).
    """

    def __init__(self, factory: Callable[[], T], close: Callable[[T], None]) -> None:
        self._factory = factory
        self._close = close
        self._local = threading.local()
        self._lock = threading.Lock()
        self._made: list[T] = []

    def get(self) -> T:
        """This thread's object, built on first use."""
        made: T | None = getattr(self._local, "value", None)
        if made is None:
            made = self._factory()
            self._local.value = made
            with self._lock:
                self._made.append(made)
        return made

    def close(self) -> None:
        """Close every object built so far, in any thread."""
        with self._lock:
            made, self._made = self._made, []
        self._local = threading.local()
        for value in made:
            self._close(value)


def thread_sessions(timeout: float) -> PerThread[TimeoutSession]:
    """One ``TimeoutSession`` per thread (``requests.Session`` is not documented thread-safe)."""
    return PerThread(lambda: TimeoutSession(timeout), lambda session: session.close())


def error_from_exception(error: requests.RequestException, *, provider: str) -> TranslationError:
    """Our error for a transport failure: timeouts and lost connections are retryable."""
    if isinstance(error, requests.Timeout):
        return TransientError(
            "the service did not answer in time",
            provider=provider,
            hint="raise translator.timeout if the service is slow, or check that it is up",
        )
    if isinstance(error, requests.ConnectionError):
        return TransientError(
            f"cannot connect to {_reason(error)}",
            provider=provider,
            hint="check translator.url and the network; the entries stay untranslated for now",
        )
    return TranslationError(
        f"request failed: {_reason(error)}",
        provider=provider,
        hint="check translator.url (it must be an http:// or https:// address)",
    )


def error_from_status(
    status: int,
    message: str,
    *,
    provider: str,
    headers: Mapping[str, str] | None = None,
    hint: str | None = None,
) -> TranslationError:
    """Our error for an HTTP failure status; 429 and 5xx are retryable, with ``Retry-After``."""
    if status in RETRYABLE_STATUSES or status >= 500:
        retry_after = parse_retry_after((headers or {}).get("Retry-After"))
        return TransientError(
            message, provider=provider, status=status, retry_after=retry_after, hint=hint
        )
    if status in (401, 403) and hint is None:
        hint = "check the API key: set the environment variable named by translator.api_key_env"
    return TranslationError(message, provider=provider, status=status, hint=hint)


def _reason(error: requests.RequestException) -> str:
    """The root cause of a requests error, without urllib3's wrappers and object reprs."""
    cause: BaseException = error
    if error.args and isinstance(error.args[0], BaseException):
        cause = error.args[0]  # urllib3's MaxRetryError
    reason = getattr(cause, "reason", None)
    if isinstance(reason, BaseException):
        cause = reason  # e.g. NewConnectionError
    while cause.__cause__ is not None:
        cause = cause.__cause__
    text = str(cause) or type(cause).__name__
    host = urlsplit(error.request.url or "").netloc if error.request is not None else ""
    text = f"{host}: {text}" if host else text
    return text if len(text) <= 200 else text[:200] + "…"
