"""Providers: the real clients (requests, deep-translator, deepl) against local fake services.

Every test runs under ``local_network``: any connection off 127.0.0.1 is refused, so nothing
reaches the internet even by mistake. Retry sleeps are recorded, not slept.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from servers import (  # fixtures are used by name below
    DeepLServer,
    FakeService,
    GoogleServer,
    LibreTranslateServer,
    MicrosoftServer,
    MyMemoryServer,
    deepl_server,
    google_server,
    libretranslate_server,
    local_network,
    microsoft_server,
    mymemory_server,
)

from i18npipe.errors import TranslationError
from i18npipe.providers import (
    PROVIDERS,
    Glossary,
    PartialTranslationError,
    Provider,
    ProviderSettings,
    RetryPolicy,
    TextRejected,
    TransientError,
    create,
)
from i18npipe.providers.deepl import DeepLProvider
from i18npipe.providers.http import parse_retry_after
from i18npipe.providers.pseudo import pseudo_localize

__all__ = [  # re-exported fixtures: keeps linters from calling the imports unused
    "deepl_server",
    "google_server",
    "libretranslate_server",
    "local_network",
    "microsoft_server",
    "mymemory_server",
]

Make = Callable[..., Provider]

KEYS = {"deepl": "deepl-key", "microsoft": "ms-key", "libretranslate": None}


@pytest.fixture(autouse=True)
def _offline(local_network: None) -> None:
    """Every test here runs with the network limited to loopback."""


@pytest.fixture
def sleeps() -> list[float]:
    """The waits the retry policy asked for, in order."""
    return []


@pytest.fixture
def make(sleeps: list[float]) -> Iterator[Make]:
    """Build a provider for a fake server; closed after the test."""
    made: list[Any] = []

    def build(name: str, server: FakeService, *, retries: int = 3, **options: Any) -> Provider:
        settings = ProviderSettings(
            name,
            url=server.url,
            api_key=options.pop("api_key", KEYS.get(name)),
            timeout=options.pop("timeout", 2.0),
            retries=retries,
        )
        assert settings.url is not None and settings.url.startswith("http://127.0.0.1:")
        policy = RetryPolicy(retries=retries, sleep=sleeps.append, jitter=lambda: 0.5)
        provider = create(settings, retry=policy)
        made.append(provider)
        return provider

    yield build
    for provider in made:
        provider.close()


def texts(count: int) -> list[str]:
    return [f'Sentence {i} with <x id="{i}"/> a tag' for i in range(count)]


def expected(items: list[str], target: str = "de") -> list[str]:
    """What the fakes answer (see servers.fake_translate)."""
    return [f"[{target}] {text.upper().replace('<X ID=', '<x id=')}" for text in items]


def on_threads(work: Callable[[int], None], count: int = 8) -> None:
    """Run ``work(i)`` on ``count`` threads at once; re-raise the first failure."""
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def run(index: int) -> None:
        try:
            start.wait()
            work(index)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


# -- registry -------------------------------------------------------------------------------

TRAITS = {
    "pseudo": ("xml", 1000, 4),
    "libretranslate": ("xml", 50, 4),
    "deepl": ("xml", 50, 4),
    "google": ("opaque", 1, 4),
    "mymemory": ("opaque", 1, 2),
    "microsoft": ("opaque", 1, 4),
    "yandex": ("opaque", 1, 4),
    "papago": ("opaque", 1, 4),
    "baidu": ("opaque", 1, 1),
}


@pytest.mark.parametrize("name", PROVIDERS)
def test_every_provider_declares_markup_batch_and_concurrency(name: str) -> None:
    settings = ProviderSettings(name, url="http://127.0.0.1:9", api_key="id:secret")
    provider = create(settings)
    try:
        assert provider.name == name
        assert (provider.markup, provider.max_batch, provider.max_concurrency) == TRAITS[name]
    finally:
        provider.close()


def test_unknown_provider_suggests_the_closest_name() -> None:
    with pytest.raises(TranslationError, match="did you mean 'deepl'") as caught:
        create(ProviderSettings("deepel"))
    assert caught.value.hint is not None and "libretranslate" in caught.value.hint
    assert not caught.value.retryable


@pytest.mark.parametrize(("name", "key"), [("deepl", None), ("microsoft", ""), ("papago", "id")])
def test_missing_api_key_is_a_clear_error(name: str, key: str | None) -> None:
    with pytest.raises(TranslationError, match="API key is required") as caught:
        create(ProviderSettings(name, api_key=key))
    assert caught.value.hint is not None and "api_key_env" in caught.value.hint


def test_url_without_scheme_is_refused() -> None:
    with pytest.raises(TranslationError, match="must start with http"):
        create(ProviderSettings("libretranslate", url="localhost:5000"))


def test_default_urls_are_never_reached_from_tests(make: Make, sleeps: list[float]) -> None:
    provider = create(ProviderSettings("google", retries=0))  # translate.google.com
    try:
        with pytest.raises(TransientError, match=r"tests may only reach 127\.0\.0\.1"):
            provider.translate(["Hello"], source="en", target="de")
    finally:
        provider.close()


# -- retry policy ---------------------------------------------------------------------------


def test_retry_after_in_seconds_and_as_http_date() -> None:
    now = time.time()
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(email.utils.formatdate(now + 30, usegmt=True), now=now) == (
        pytest.approx(30, abs=1)
    )
    assert parse_retry_after(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_backoff_doubles_with_jitter_and_stops_at_the_limit() -> None:
    policy = RetryPolicy(retries=3, base_delay=1.0, max_delay=3.0, jitter=lambda: 1.0)
    error = TransientError("busy", provider="p", status=503)
    assert [policy.delay(attempt, error) for attempt in range(4)] == [1.0, 2.0, 3.0, None]
    assert RetryPolicy(jitter=lambda: 0.0).delay(0, error) == 0.25  # never below half


def test_retry_after_longer_than_the_cap_gives_up_at_once() -> None:
    policy = RetryPolicy(max_retry_after=60)
    assert policy.delay(0, TransientError("x", provider="p", retry_after=5)) == 5
    assert policy.delay(0, TransientError("x", provider="p", retry_after=3600)) is None
    assert policy.delay(0, TranslationError("x", provider="p", status=400)) is None


# -- pseudo ---------------------------------------------------------------------------------


def test_pseudo_accents_expands_and_brackets() -> None:
    assert pseudo_localize("Hello") == "[Ĥéļļö~~]"


def test_pseudo_keeps_tags_tokens_and_outer_whitespace() -> None:
    source = ' Click <g id="1">here</g> or <x id="2"/> {3} &amp; {name}\n'
    result = pseudo_localize(source)
    assert result.startswith(' [Ćļîçķ <g id="1">ĥéŕé</g> öŕ <x id="2"/> {3} &amp; {name}~')
    assert result.endswith("]\n")
    assert pseudo_localize('<x id="1"/>') == '<x id="1"/>'


def test_pseudo_provider_is_deterministic() -> None:
    provider = create(ProviderSettings("pseudo"))
    first = provider.translate(["Hello", "", "World"], source="en", target="de")
    assert first == provider.translate(["Hello", "", "World"], source="en", target="fr")
    assert first == ["[Ĥéļļö~~]", "", "[Ŵöŕļđ~~]"]


# -- LibreTranslate -------------------------------------------------------------------------


def test_libretranslate_batches_texts_into_few_requests(
    make: Make, libretranslate_server: LibreTranslateServer
) -> None:
    provider = make("libretranslate", libretranslate_server)
    batch = texts(50)
    assert provider.translate(batch, source="en", target="de") == expected(batch)
    assert libretranslate_server.count == 1
    body = libretranslate_server.requests[0].json()
    assert body == {"q": batch, "source": "en", "target": "de", "format": "html"}

    more = texts(120)
    assert provider.translate(more, source="en", target="de") == expected(more)
    assert libretranslate_server.count == 1 + 3


def test_libretranslate_sends_duplicates_once_and_skips_blanks(
    make: Make, libretranslate_server: LibreTranslateServer
) -> None:
    provider = make("libretranslate", libretranslate_server)
    result = provider.translate(["a", "b", "a", "", "  "], source="en", target="pt_BR")
    assert result == ["[pt] A", "[pt] B", "[pt] A", "", "  "]
    assert libretranslate_server.requests[0].json()["q"] == ["a", "b"]


def test_libretranslate_sends_the_api_key_when_set(make: Make) -> None:
    with LibreTranslateServer(api_key="secret") as server:
        provider = make("libretranslate", server, api_key="secret")
        assert provider.translate(["hi"], source="en", target="de") == ["[de] HI"]
        assert server.requests[0].json()["api_key"] == "secret"


def test_libretranslate_honours_retry_after_then_succeeds(
    make: Make, libretranslate_server: LibreTranslateServer, sleeps: list[float]
) -> None:
    libretranslate_server.faults.too_many = 2
    libretranslate_server.faults.retry_after = "3"
    provider = make("libretranslate", libretranslate_server)
    assert provider.translate(["hi"], source="en", target="de") == ["[de] HI"]
    assert sleeps == [3.0, 3.0]
    assert libretranslate_server.count == 3


def test_libretranslate_honours_retry_after_as_a_date(
    make: Make, libretranslate_server: LibreTranslateServer, sleeps: list[float]
) -> None:
    libretranslate_server.faults.too_many = 1
    libretranslate_server.faults.retry_after = email.utils.formatdate(time.time() + 10, usegmt=True)
    make("libretranslate", libretranslate_server).translate(["hi"], source="en", target="de")
    assert len(sleeps) == 1 and 8 <= sleeps[0] <= 10


def test_libretranslate_gives_up_when_asked_to_wait_too_long(
    make: Make, libretranslate_server: LibreTranslateServer, sleeps: list[float]
) -> None:
    libretranslate_server.faults.too_many = 5
    libretranslate_server.faults.retry_after = "3600"
    provider = make("libretranslate", libretranslate_server)
    with pytest.raises(TransientError) as caught:
        provider.translate(["hi"], source="en", target="de")
    assert (caught.value.status, caught.value.retryable, caught.value.retry_after) == (
        429,
        True,
        3600,
    )
    assert sleeps == [] and libretranslate_server.count == 1


def test_libretranslate_retries_500s_with_backoff_then_gives_up(
    make: Make, libretranslate_server: LibreTranslateServer, sleeps: list[float]
) -> None:
    libretranslate_server.faults.server_errors = 10
    provider = make("libretranslate", libretranslate_server, retries=3)
    with pytest.raises(TranslationError) as caught:
        provider.translate(["hi"], source="en", target="de")
    assert caught.value.status == 500 and caught.value.retryable
    assert libretranslate_server.count == 4
    assert sleeps == [0.375, 0.75, 1.5]  # 0.5 · 2ⁿ, with jitter fixed at half


def test_libretranslate_recovers_after_one_500(
    make: Make, libretranslate_server: LibreTranslateServer
) -> None:
    libretranslate_server.faults.server_errors = 1
    provider = make("libretranslate", libretranslate_server)
    assert provider.translate(["hi"], source="en", target="de") == ["[de] HI"]


def test_libretranslate_stall_hits_the_timeout(
    make: Make, libretranslate_server: LibreTranslateServer
) -> None:
    libretranslate_server.faults.stall = 5
    provider = make("libretranslate", libretranslate_server, timeout=0.3, retries=1)
    started = time.monotonic()
    with pytest.raises(TransientError, match="did not answer in time"):
        provider.translate(["hi"], source="en", target="de")
    assert time.monotonic() - started < 3
    assert libretranslate_server.count == 2


def test_libretranslate_garbage_is_an_error(
    make: Make, libretranslate_server: LibreTranslateServer
) -> None:
    libretranslate_server.faults.garbage = 1
    provider = make("libretranslate", libretranslate_server)
    with pytest.raises(TranslationError, match="unexpected answer") as caught:
        provider.translate(["hi"], source="en", target="de")
    assert not caught.value.retryable and libretranslate_server.count == 1


@pytest.mark.parametrize(("key", "hint"), [("wrong", "valid key"), (None, "needs an API key")])
def test_libretranslate_bad_key_is_final_with_a_hint(
    make: Make, key: str | None, hint: str
) -> None:
    with LibreTranslateServer(api_key="secret") as server:
        provider = make("libretranslate", server, api_key=key)
        with pytest.raises(TranslationError, match="API key rejected") as caught:
            provider.translate(["hi"], source="en", target="de")
        assert (caught.value.status, caught.value.retryable) == (403, False)
        assert caught.value.hint is not None and hint in caught.value.hint
        assert "api_key_env" in caught.value.hint and server.count == 1


def test_libretranslate_unsupported_language_names_it(
    make: Make, libretranslate_server: LibreTranslateServer
) -> None:
    provider = make("libretranslate", libretranslate_server)
    with pytest.raises(TranslationError, match=r"language not supported \(en → zu\)") as caught:
        provider.translate(["hi"], source="en", target="zu")
    assert (caught.value.status, caught.value.retryable) == (400, False)
    assert caught.value.hint is not None and "/languages" in caught.value.hint


@pytest.mark.parametrize(
    ("mode", "output"),
    [("drop", "[de] A  B"), ("duplicate", '[de] A <x id="1"/><x id="1"/> B')],
)
def test_libretranslate_returns_mangled_placeholders_as_they_are(
    make: Make, libretranslate_server: LibreTranslateServer, mode: Any, output: str
) -> None:
    libretranslate_server.faults.placeholders = mode
    provider = make("libretranslate", libretranslate_server)
    assert provider.translate(['a <x id="1"/> b'], source="en", target="de") == [output]


def test_libretranslate_keeps_earlier_batches_when_a_later_one_fails(
    make: Make, libretranslate_server: LibreTranslateServer
) -> None:
    libretranslate_server.faults.skip = 1
    libretranslate_server.faults.server_errors = 10
    provider = make("libretranslate", libretranslate_server, retries=0)
    batch = texts(120)
    with pytest.raises(PartialTranslationError, match="50 of 120 texts") as caught:
        provider.translate(batch, source="en", target="de")
    assert caught.value.status == 500 and caught.value.retryable
    assert caught.value.done == dict(enumerate(expected(batch[:50])))


def test_libretranslate_connection_refused_is_retryable(make: Make, sleeps: list[float]) -> None:
    with LibreTranslateServer() as server:
        pass  # closed: its port now refuses connections
    provider = make("libretranslate", server, retries=1)
    with pytest.raises(TransientError, match="cannot connect"):
        provider.translate(["hi"], source="en", target="de")
    assert len(sleeps) == 1


def test_libretranslate_is_safe_across_threads(
    make: Make, libretranslate_server: LibreTranslateServer
) -> None:
    provider = make("libretranslate", libretranslate_server)
    targets = ["de", "fr", "es", "it", "nl", "pt", "ja", "zh"]

    def work(index: int) -> None:
        batch = [f"{text} {index}" for text in texts(120)]
        result = provider.translate(batch, source="en", target=targets[index])
        assert result == expected(batch, targets[index])

    on_threads(work)
    assert libretranslate_server.count == 8 * 3


# -- Google (deep-translator) ---------------------------------------------------------------


def test_google_translates_one_text_per_request(make: Make, google_server: GoogleServer) -> None:
    provider = make("google", google_server)
    result = provider.translate(["Hello {1/}", "World", "Hello {1/}"], source="en", target="de")
    assert result == ["[de] HELLO {1/}", "[de] WORLD", "[de] HELLO {1/}"]
    assert google_server.count == 2
    assert google_server.requests[0].query == {"tl": ["de"], "sl": ["en"], "q": ["Hello {1/}"]}


def test_google_maps_gettext_locales_to_its_codes(make: Make, google_server: GoogleServer) -> None:
    provider = make("google", google_server)
    provider.translate(["a"], source="en_US", target="zh_TW")
    provider.translate(["b"], source="en", target="pt_BR")
    assert [r.query["tl"] for r in google_server.requests] == [["zh-TW"], ["pt"]]
    assert google_server.requests[0].query["sl"] == ["en"]


def test_google_honours_retry_after(
    make: Make, google_server: GoogleServer, sleeps: list[float]
) -> None:
    google_server.faults.too_many = 1
    google_server.faults.retry_after = "2"
    provider = make("google", google_server)
    assert provider.translate(["hi"], source="en", target="de") == ["[de] HI"]
    assert sleeps == [2.0] and google_server.count == 2


def test_google_gives_up_after_500s(
    make: Make, google_server: GoogleServer, sleeps: list[float]
) -> None:
    google_server.faults.server_errors = 10
    provider = make("google", google_server, retries=2)
    with pytest.raises(TranslationError) as caught:
        provider.translate(["hi"], source="en", target="de")
    assert (caught.value.status, caught.value.retryable) == (500, True)
    assert google_server.count == 3 and len(sleeps) == 2


def test_google_stall_hits_the_timeout(make: Make, google_server: GoogleServer) -> None:
    google_server.faults.stall = 5
    provider = make("google", google_server, timeout=0.3, retries=1)
    started = time.monotonic()
    with pytest.raises(TransientError, match="did not answer in time"):
        provider.translate(["hi"], source="en", target="de")
    assert time.monotonic() - started < 3


def test_google_page_without_a_translation_is_an_error(
    make: Make, google_server: GoogleServer
) -> None:
    google_server.faults.garbage = 1
    provider = make("google", google_server)
    with pytest.raises(TranslationError, match="no translation in the answer") as caught:
        provider.translate(["hi"], source="en", target="de")
    assert not caught.value.retryable and google_server.count == 1


def test_google_language_unknown_to_deep_translator_sends_nothing(
    make: Make, google_server: GoogleServer
) -> None:
    provider = make("google", google_server)
    with pytest.raises(TranslationError, match="language not supported: 'xx'") as caught:
        provider.translate(["hi"], source="en", target="xx")
    assert not caught.value.retryable and google_server.count == 0


def test_google_language_refused_by_the_server(make: Make, google_server: GoogleServer) -> None:
    provider = make("google", google_server)
    with pytest.raises(TranslationError, match="en → zu") as caught:
        provider.translate(["hi"], source="en", target="zu")
    assert (caught.value.status, caught.value.retryable) == (400, False)


def test_google_too_long_text_does_not_lose_the_others(
    make: Make, google_server: GoogleServer
) -> None:
    provider = make("google", google_server)
    with pytest.raises(PartialTranslationError) as caught:
        provider.translate(["one", "x" * 6000, "two"], source="en", target="de")
    assert caught.value.done == {0: "[de] ONE", 2: "[de] TWO"}
    assert isinstance(caught.value.__cause__, TextRejected)


@pytest.mark.parametrize(
    ("mode", "output"), [("drop", "[de] A  B"), ("duplicate", "[de] A {1/}{1/} B")]
)
def test_google_returns_mangled_tokens_as_they_are(
    make: Make, google_server: GoogleServer, mode: Any, output: str
) -> None:
    google_server.faults.placeholders = mode
    provider = make("google", google_server)
    assert provider.translate(["a {1/} b"], source="en", target="de") == [output]


def test_google_is_safe_across_threads(make: Make, google_server: GoogleServer) -> None:
    provider = make("google", google_server)
    targets = ["de", "fr", "es", "it", "nl", "pt", "ja", "zh"]

    def work(index: int) -> None:
        batch = [f"text {index} {n}" for n in range(10)]
        result = provider.translate(batch, source="en", target=targets[index])
        assert result == expected(batch, targets[index].replace("zh", "zh-cn"))

    on_threads(work)
    assert google_server.count == 80


# -- MyMemory (deep-translator) -------------------------------------------------------------


def test_mymemory_translates_with_its_language_pairs(
    make: Make, mymemory_server: MyMemoryServer
) -> None:
    provider = make("mymemory", mymemory_server)
    assert provider.translate(["Hello {1/}"], source="en", target="de") == ["[de] HELLO {1/}"]
    assert mymemory_server.requests[0].query["langpair"] == ["en-GB|de-DE"]


def test_mymemory_error_inside_a_200_answer_is_caught(
    make: Make, mymemory_server: MyMemoryServer
) -> None:
    provider = make("mymemory", mymemory_server)
    with pytest.raises(TranslationError, match="'ZU-ZA' IS AN INVALID TARGET") as caught:
        provider.translate(["hi"], source="en", target="zu")
    assert (caught.value.status, caught.value.retryable) == (403, False)


def test_mymemory_garbage_and_429(
    make: Make, mymemory_server: MyMemoryServer, sleeps: list[float]
) -> None:
    provider = make("mymemory", mymemory_server)
    mymemory_server.faults.too_many = 1
    assert provider.translate(["hi"], source="en", target="de") == ["[de] HI"]
    assert sleeps == [1.0]
    mymemory_server.faults.garbage = 1
    with pytest.raises(TranslationError, match="unexpected answer"):
        provider.translate(["again"], source="en", target="de")


# -- Microsoft (deep-translator) ------------------------------------------------------------


def test_microsoft_fetches_languages_from_our_url(
    make: Make, microsoft_server: MicrosoftServer
) -> None:
    provider = make("microsoft", microsoft_server)
    assert provider.translate(["a", "b"], source="en", target="de") == ["[de] A", "[de] B"]
    assert microsoft_server.count_path("/languages") == 1
    assert microsoft_server.count_path("/translate") == 2


def test_microsoft_bad_key_is_final_with_a_hint(
    make: Make, microsoft_server: MicrosoftServer
) -> None:
    provider = make("microsoft", microsoft_server, api_key="wrong")
    with pytest.raises(TranslationError) as caught:
        provider.translate(["a"], source="en", target="de")
    assert (caught.value.status, caught.value.retryable) == (401, False)
    assert caught.value.hint is not None and "api_key_env" in caught.value.hint


# -- DeepL (deepl package) ------------------------------------------------------------------


def test_deepl_batches_with_xml_tag_handling(make: Make, deepl_server: DeepLServer) -> None:
    provider = make("deepl", deepl_server)
    batch = texts(120)
    assert provider.translate(batch, source="en", target="de") == expected(batch)
    assert deepl_server.count_path("/v2/translate") == 3
    body = deepl_server.requests[0].json()
    assert (body["source_lang"], body["target_lang"], body["tag_handling"]) == ("EN", "DE", "xml")
    assert body["text"] == batch[:50]


@pytest.mark.parametrize(
    ("locale", "code"),
    [
        ("en", "EN-US"),
        ("en_GB", "EN-GB"),
        ("pt_BR", "PT-BR"),
        ("pt", "PT-PT"),
        ("zh_TW", "ZH-HANT"),
    ],
)
def test_deepl_target_codes(make: Make, deepl_server: DeepLServer, locale: str, code: str) -> None:
    make("deepl", deepl_server).translate(["a"], source="de_DE", target=locale)
    body = deepl_server.requests[0].json()
    assert (body["source_lang"], body["target_lang"]) == ("DE", code)


def test_deepl_glossary_is_created_once_and_reused(make: Make, deepl_server: DeepLServer) -> None:
    glossary = Glossary(terms={"clinic": "Klinik"})
    provider = make("deepl", deepl_server)
    for _ in range(2):
        result = provider.translate(
            ["the clinic opens"], source="en", target="de", glossary=glossary
        )
        assert result == ["[de] THE Klinik OPENS"]
    assert deepl_server.count_path("/v2/glossaries") == 2  # one lookup, one creation
    (made,) = deepl_server.glossaries.values()
    assert made["entries"] == {"clinic": "Klinik"}

    make("deepl", deepl_server).translate(["clinic"], source="en", target="de", glossary=glossary)
    assert deepl_server.count_path("/v2/glossaries") == 2  # known in this process: no request

    DeepLProvider.forget_glossaries()
    again = make("deepl", deepl_server)  # a new run finds the glossary by name
    again.translate(["clinic"], source="en", target="de", glossary=glossary)
    assert len(deepl_server.glossaries) == 1
    posts = [r for r in deepl_server.requests if r.method == "POST" and "gloss" in r.path]
    assert len(posts) == 1


def test_deepl_refuses_a_glossary_term_with_a_tab(make: Make, deepl_server: DeepLServer) -> None:
    provider = make("deepl", deepl_server)
    with pytest.raises(TranslationError, match="cannot go into a DeepL glossary"):
        provider.translate(["a"], source="en", target="de", glossary=Glossary(terms={"a\tb": "c"}))


def test_deepl_honours_retry_after(
    make: Make, deepl_server: DeepLServer, sleeps: list[float]
) -> None:
    deepl_server.faults.too_many = 1
    deepl_server.faults.retry_after = "2"
    provider = make("deepl", deepl_server)
    assert provider.translate(["hi"], source="en", target="de") == ["[de] HI"]
    assert sleeps == [2.0] and deepl_server.count == 2


def test_deepl_500s_are_retried_by_us_only(
    make: Make, deepl_server: DeepLServer, sleeps: list[float]
) -> None:
    deepl_server.faults.server_errors = 10
    provider = make("deepl", deepl_server, retries=2)
    with pytest.raises(TranslationError) as caught:
        provider.translate(["hi"], source="en", target="de")
    assert (caught.value.status, caught.value.retryable) == (500, True)
    assert deepl_server.count == 3  # the package's own 5 retries are off


def test_deepl_stall_hits_the_timeout(make: Make, deepl_server: DeepLServer) -> None:
    deepl_server.faults.stall = 5
    provider = make("deepl", deepl_server, timeout=0.3, retries=1)
    started = time.monotonic()
    with pytest.raises(TransientError, match="did not answer in time"):
        provider.translate(["hi"], source="en", target="de")
    assert time.monotonic() - started < 3


def test_deepl_garbage_is_an_error(make: Make, deepl_server: DeepLServer) -> None:
    deepl_server.faults.garbage = 1
    provider = make("deepl", deepl_server)
    with pytest.raises(TranslationError, match="0 translations for 1 texts"):
        provider.translate(["hi"], source="en", target="de")


def test_deepl_bad_key_is_final_with_a_hint(make: Make, deepl_server: DeepLServer) -> None:
    provider = make("deepl", deepl_server, api_key="wrong")
    with pytest.raises(TranslationError, match="API key rejected") as caught:
        provider.translate(["hi"], source="en", target="de")
    assert (caught.value.status, caught.value.retryable) == (403, False)
    assert caught.value.hint is not None and "api_key_env" in caught.value.hint
    assert deepl_server.count == 1


def test_deepl_quota_exceeded_is_final(make: Make) -> None:
    with DeepLServer(api_key="deepl-key", character_limit=3) as server:
        provider = make("deepl", server)
        with pytest.raises(TranslationError, match="quota") as caught:
            provider.translate(["long text"], source="en", target="de")
        assert (caught.value.status, caught.value.retryable) == (456, False)


def test_deepl_unsupported_language_names_it(make: Make, deepl_server: DeepLServer) -> None:
    provider = make("deepl", deepl_server)
    with pytest.raises(TranslationError, match=r"language not supported \(EN → ZU\)") as caught:
        provider.translate(["hi"], source="en", target="zu")
    assert (caught.value.status, caught.value.retryable) == (400, False)


@pytest.mark.parametrize(
    ("mode", "output"), [("drop", "[de] A  B"), ("duplicate", '[de] A <x id="1"/><x id="1"/> B')]
)
def test_deepl_returns_mangled_placeholders_as_they_are(
    make: Make, deepl_server: DeepLServer, mode: Any, output: str
) -> None:
    deepl_server.faults.placeholders = mode
    provider = make("deepl", deepl_server)
    assert provider.translate(['a <x id="1"/> b'], source="en", target="de") == [output]


def test_deepl_is_safe_across_threads(make: Make, deepl_server: DeepLServer) -> None:
    provider = make("deepl", deepl_server)
    targets = ["de", "fr", "es", "it", "nl", "pt", "ja", "zh"]
    codes = ["de", "fr", "es", "it", "nl", "pt", "ja", "zh"]

    def work(index: int) -> None:
        batch = [f"{text} {index}" for text in texts(60)]
        result = provider.translate(batch, source="en", target=targets[index])
        assert result == expected(batch, codes[index])

    on_threads(work)
    assert deepl_server.count == 8 * 2


def test_deepl_threads_with_their_own_providers_share_one_glossary(
    make: Make, deepl_server: DeepLServer
) -> None:
    glossary = Glossary(terms={"clinic": "Klinik"})

    def work(index: int) -> None:
        provider = make("deepl", deepl_server)  # the pipeline builds one per worker thread
        result = provider.translate(
            [f"clinic {index}"], source="en", target="de", glossary=glossary
        )
        assert result == [f"[de] Klinik {index}"]

    on_threads(work)
    assert len(deepl_server.glossaries) == 1


def test_an_unusable_answer_keeps_the_batches_done_before(local_network: None) -> None:
    """DeepL's client reads an unparsable body as no translations: earlier batches survive."""
    from i18npipe.providers.batch import PartialTranslationError

    with DeepLServer(api_key="k") as server:
        server.faults.skip = 1
        server.faults.garbage = 1
        settings = ProviderSettings("deepl", url=server.url, api_key="k", retries=0)
        provider = create(settings)
        try:
            with pytest.raises(PartialTranslationError) as err:
                provider.translate([f"text {n}" for n in range(120)], source="en", target="de")
        finally:
            provider.close()
    assert len(err.value.done) == 50
