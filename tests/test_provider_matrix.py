"""Every provider's wire protocol against every failure its fake service can stage (issue 4).

One parametrized test drives the real client (requests, deep-translator, the ``deepl`` package)
through each (service × mode) pair of ``EXPECTED`` and checks exactly what comes out: the
translation, or the error's class, status, ``retryable``, ``retry_after``, message and hint; the
requests the fake saw, path by path; the waits the retry policy asked for (recorded, not slept);
and, for a stall, that the short timeout fired.

Pairs a service cannot have are left out of ``EXPECTED`` on purpose, with the reason next to the
gap; nothing is skipped. The network is limited to 127.0.0.1 (``local_network``).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Literal

import pytest
from servers import (
    DeepLServer,
    FakeService,
    Faults,
    GoogleServer,
    LibreTranslateServer,
    MicrosoftServer,
    MyMemoryServer,
    local_network,
)

from i18npipe.errors import TranslationError
from i18npipe.providers import ProviderSettings, RetryPolicy, TransientError, create

__all__ = ["local_network"]  # the fixture is used by name below

pytestmark = pytest.mark.usefixtures("local_network")

XML = 'a <x id="1"/> b'
OPAQUE = "a {1/} b"

KEY_HINT = "api_key_env"
"""Every bad-key error's hint names the setting holding the key."""


@dataclass(frozen=True, slots=True)
class Service:
    """One fake service and how its provider talks to it."""

    fake: type[FakeService]
    endpoint: str
    """Path of a translation request."""
    key: str | None
    """Key the fake demands (None: the service has no API key)."""
    text: str
    """A text with one placeholder, in the provider's markup."""
    outputs: tuple[str, str, str]
    """What comes back for ``text``: intact, placeholder dropped, placeholder duplicated."""
    warm_up: bool = False
    """Translate once before arranging the faults, so they land on ``endpoint``: Microsoft's
    client first fetches ``/languages`` for each language pair."""


XML_OUTPUTS = ('[de] A <x id="1"/> B', "[de] A  B", '[de] A <x id="1"/><x id="1"/> B')
OPAQUE_OUTPUTS = ("[de] A {1/} B", "[de] A  B", "[de] A {1/}{1/} B")

SERVICES = {
    "libretranslate": Service(LibreTranslateServer, "/translate", "lt-key", XML, XML_OUTPUTS),
    "google": Service(GoogleServer, "/m", None, OPAQUE, OPAQUE_OUTPUTS),
    "mymemory": Service(MyMemoryServer, "/get", None, OPAQUE, OPAQUE_OUTPUTS),
    "microsoft": Service(
        MicrosoftServer, "/translate", "ms-key", OPAQUE, OPAQUE_OUTPUTS, warm_up=True
    ),
    "deepl": Service(DeepLServer, "/v2/translate", "deepl-key", XML, XML_OUTPUTS),
}


@dataclass(frozen=True, slots=True)
class Mode:
    """A situation to stage: faults on the fake and how the provider is set up."""

    faults: dict[str, object]
    """``Faults`` fields to set after the warm-up."""
    retries: int = 2
    timeout: float = 2.0
    target: str = "de"
    wrong_key: bool = False


MODES = {
    "success": Mode({}),
    # Two 429s, then an answer: both waits are the server's Retry-After.
    "retry_after": Mode({"too_many": 2, "retry_after": "7"}),
    # Still 429 once the retries are spent: the last one is raised, Retry-After kept on it.
    "retry_after_exhausted": Mode({"too_many": 3, "retry_after": "7"}),
    # Asked to wait longer than RetryPolicy.max_retry_after (60 s): give up at once.
    "retry_after_too_long": Mode({"too_many": 1, "retry_after": "3600"}),
    "server_errors": Mode({"server_errors": 10}),
    # Every attempt hangs for 5 s; a 0.5 s timeout with one retry must end it in about 1 s.
    "stall": Mode({"stall": 10, "stall_seconds": 5.0}, retries=1, timeout=0.5),
    "garbage": Mode({"garbage": 1}),
    "placeholders_dropped": Mode({"placeholders": "drop"}),
    "placeholders_duplicated": Mode({"placeholders": "duplicate"}),
    "bad_key": Mode({}, wrong_key=True),
    "unsupported_language": Mode({}, target="zu"),  # no fake supports Zulu
}


@dataclass(frozen=True, slots=True)
class Failure:
    """The TranslationError a case must raise."""

    kind: type[TranslationError]
    """Its exact class: TransientError for what is worth retrying, else TranslationError."""
    status: int | None
    message: str
    """Regular expression searched for in ``str(error)``."""
    hint: str | None = None
    """Text the hint must contain; None: there must be no hint."""
    retry_after: float | None = None
    """``TransientError.retry_after`` (None: the server asked for nothing)."""


@dataclass(frozen=True, slots=True)
class Expected:
    output: Literal["translated", "dropped", "duplicated"] | None = None
    """Which of the service's ``outputs`` is returned (None: ``failure`` is raised)."""
    failure: Failure | None = None
    requests: int = 1
    """Translation requests the fake saw."""
    paths: tuple[str, ...] | None = None
    """Every request's path, in order, when not just ``requests`` times the endpoint."""
    sleeps: tuple[float, ...] = ()
    """Waits asked of the retry policy (jitter fixed at 0.5: backoff 0.375, 0.75...)."""


TOO_MANY = r"(?i)too many requests.*\(HTTP 429\)"
SERVER_ERROR = r"(?i)internal server error.*\(HTTP 500\)"
TIMED_OUT = r"the service did not answer in time$"
TIMEOUT_HINT = "raise translator.timeout"

COMMON = {
    "success": Expected("translated"),
    "retry_after": Expected("translated", requests=3, sleeps=(7.0, 7.0)),
    "retry_after_exhausted": Expected(
        failure=Failure(TransientError, 429, TOO_MANY, retry_after=7.0),
        requests=3,
        sleeps=(7.0, 7.0),
    ),
    "retry_after_too_long": Expected(
        failure=Failure(TransientError, 429, TOO_MANY, retry_after=3600.0)
    ),
    "server_errors": Expected(
        failure=Failure(TransientError, 500, SERVER_ERROR), requests=3, sleeps=(0.375, 0.75)
    ),
    "stall": Expected(
        failure=Failure(TransientError, None, TIMED_OUT, TIMEOUT_HINT), requests=2, sleeps=(0.375,)
    ),
    # The fakes mangle the first placeholder; providers return what came back, unchecked
    # (finding the damage is the placeholder check's job, later in the pipeline).
    "placeholders_dropped": Expected("dropped"),
    "placeholders_duplicated": Expected("duplicated"),
}
"""Modes every service goes through with the same outcome."""

SPECIFIC = {
    # -- garbage: a 200 answer the client cannot use is final, never retried ------------------
    ("libretranslate", "garbage"): Expected(
        failure=Failure(
            TranslationError,
            None,
            r"unexpected answer from http://127\.0\.0\.1:\d+/translate: .*unterminated",
            "points at a LibreTranslate server",
        )
    ),
    ("google", "garbage"): Expected(
        failure=Failure(
            TranslationError, None, r"no translation in the answer$", "points at the right service"
        )
    ),
    ("mymemory", "garbage"): Expected(
        failure=Failure(TranslationError, None, r"unexpected answer \(JSONDecodeError: ")
    ),
    ("microsoft", "garbage"): Expected(
        failure=Failure(TranslationError, None, r"unexpected answer \(JSONDecodeError: ")
    ),
    # The deepl package reads unparsable JSON as "no translations"; only the batch length
    # check notices; that fails the request like any other error (earlier batches are kept).
    ("deepl", "garbage"): Expected(
        failure=Failure(TranslationError, None, r"unexpected answer: 0 translations for 1 texts$")
    ),
    # -- bad API key: final, with a hint naming the key's setting -----------------------------
    ("libretranslate", "bad_key"): Expected(
        failure=Failure(TranslationError, 403, r"API key rejected: Invalid API key", KEY_HINT)
    ),
    ("microsoft", "bad_key"): Expected(
        # No warm-up with a key the server refuses: its /languages does not check keys.
        failure=Failure(TranslationError, 401, r"the service answered 401 Unauthorized", KEY_HINT),
        paths=("/languages", "/translate"),
    ),
    ("deepl", "bad_key"): Expected(
        failure=Failure(TranslationError, 403, r"API key rejected \(HTTP 403\)$", KEY_HINT)
    ),
    # Not in the matrix: ("google", "bad_key") and ("mymemory", "bad_key"). Google's /m page
    # takes no key at all and deep-translator's MyMemory client sends none (the fakes check
    # none either), so no wrong key can reach either server.
    #
    # -- unsupported language: final, naming the pair -----------------------------------------
    ("libretranslate", "unsupported_language"): Expected(
        failure=Failure(
            TranslationError,
            400,
            r"language not supported \(en → zu\): zu is not supported",
            "/languages for what it offers",
        )
    ),
    ("google", "unsupported_language"): Expected(
        failure=Failure(
            TranslationError,
            400,
            r"the service answered 400 Bad Request for en → zu \(is the language supported\?\)",
        )
    ),
    ("mymemory", "unsupported_language"): Expected(
        # MyMemory refuses inside a 200 answer (responseStatus 403); the language is at fault,
        # not the key, and the hint says so.
        failure=Failure(
            TranslationError,
            403,
            r"'ZU-ZA' IS AN INVALID TARGET LANGUAGE \(HTTP 403\)",
            "the service does not support this language pair; check the locale codes",
        )
    ),
    ("microsoft", "unsupported_language"): Expected(
        # deep-translator checks the pair against the /languages list of the new translator
        # (one per pair) and refuses it before any translation request.
        failure=Failure(
            TranslationError,
            None,
            r"language not supported: 'zu' \(en → zu\)",
            "check the language code",
        ),
        requests=0,
        paths=("/languages",),
    ),
    ("deepl", "unsupported_language"): Expected(
        failure=Failure(
            TranslationError,
            400,
            r"language not supported \(EN → ZU\): .*'target_lang' not supported",
            "DeepL's list of supported languages",
        )
    ),
}
"""Modes whose outcome is worded by each service."""

EXPECTED = {
    **{(service, mode): expected for service in SERVICES for mode, expected in COMMON.items()},
    **SPECIFIC,
}
assert {mode for _, mode in EXPECTED} == set(MODES)


@pytest.mark.parametrize(
    ("service", "mode"),
    [pytest.param(*pair, id="-".join(pair)) for pair in sorted(EXPECTED)],
)
def test_provider_against_its_fake(service: str, mode: str) -> None:
    spec, case, expected = SERVICES[service], MODES[mode], EXPECTED[service, mode]
    sleeps: list[float] = []
    with spec.fake(api_key=spec.key) as server:
        settings = ProviderSettings(
            service,
            url=server.url,
            api_key="wrong-key" if case.wrong_key else spec.key,
            timeout=case.timeout,
            retries=case.retries,
        )
        assert settings.url is not None and settings.url.startswith("http://127.0.0.1:")
        policy = RetryPolicy(retries=case.retries, sleep=sleeps.append, jitter=lambda: 0.5)
        provider = create(settings, retry=policy)
        try:
            if spec.warm_up and not case.wrong_key:
                provider.translate(["warm up"], source="en", target="de")
                server.reset()
            _arrange(server.faults, case.faults)

            started = time.monotonic()
            try:
                result = provider.translate([spec.text], source="en", target=case.target)
            except TranslationError as caught:
                elapsed = time.monotonic() - started
                assert expected.failure is not None, f"unexpected failure: {caught}"
                _check_failure(caught, expected.failure, service)
            else:
                elapsed = time.monotonic() - started
                assert expected.output is not None, f"expected a failure, got {result!r}"
                index = ("translated", "dropped", "duplicated").index(expected.output)
                assert result == [spec.outputs[index]]
        finally:
            provider.close()

        paths = expected.paths or (spec.endpoint,) * expected.requests
        assert [request.path for request in server.requests] == list(paths)
        assert server.count_path(spec.endpoint) == expected.requests
        assert sleeps == list(expected.sleeps)
        if mode == "stall":
            # Each attempt waits one read timeout, no more: the server would hang for 5 s.
            attempts = case.retries + 1
            assert 0.9 * case.timeout * attempts <= elapsed < case.timeout * attempts + 1.5


def _arrange(faults: Faults, settings: dict[str, object]) -> None:
    for name, value in settings.items():
        assert hasattr(faults, name), name
        setattr(faults, name, value)


def _check_failure(error: TranslationError, failure: Failure, service: str) -> None:
    assert type(error) is failure.kind, repr(error)
    assert error.provider == service
    assert error.status == failure.status
    assert error.retryable is (failure.kind is TransientError)
    assert re.search(failure.message, str(error)), str(error)
    assert str(error).startswith(f"{service}: ")
    if failure.hint is None:
        assert error.hint is None, error.hint
    else:
        assert error.hint is not None and failure.hint in error.hint, error.hint
    if isinstance(error, TransientError):
        assert error.retry_after == failure.retry_after
    else:
        assert failure.retry_after is None
