"""The translate stage against a fake provider: what is filled, sent, cached and reported."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from i18npipe import provenance
from i18npipe.errors import MemoryStoreError, TranslationError
from i18npipe.model import Catalog, Message
from i18npipe.mtcache import MTCache
from i18npipe.providers.base import Glossary, Markup, Provider
from i18npipe.providers.batch import PartialTranslationError, TextRejected
from i18npipe.translate import Job, TranslateResult, translate_catalogs

TODAY = "2024-05-01"
GLOSSARIES = {"es": Glossary(("Alton Pain Clinic",), {"corticosteroids": "corticosteroides"})}


class Fake:
    """A provider that prefixes the language; it counts calls and can fail, stall or mangle."""

    def __init__(
        self,
        log: FakeLog,
        *,
        name: str = "fake",
        markup: Markup = "xml",
        max_batch: int = 10,
        max_concurrency: int = 2,
    ) -> None:
        self.name = name
        self.markup = markup
        self.max_batch = max_batch
        self.max_concurrency = max_concurrency
        self.log = log

    def translate(
        self, texts: Sequence[str], *, source: str, target: str, glossary: Glossary | None = None
    ) -> list[str]:
        with self.log.lock:
            self.log.calls += 1
            call = self.log.calls
            self.log.batches.append((target, list(texts)))
            self.log.in_flight += 1
            self.log.max_in_flight = max(self.log.max_in_flight, self.log.in_flight)
        try:
            time.sleep(self.log.delay)
            if self.log.fail is not None and call > self.log.fail_after:
                raise self.log.fail
            return [self.log.mangle(f"{target.upper()} {text}") for text in texts]
        finally:
            with self.log.lock:
                self.log.in_flight -= 1

    def close(self) -> None:
        with self.log.lock:
            self.log.closed += 1


class FakeLog:
    """What every Fake made by one factory did, and how they should behave."""

    def __init__(
        self,
        *,
        delay: float = 0.0,
        fail: BaseException | None = None,
        fail_after: int = 0,
        mangle: Callable[[str], str] = lambda text: text,
    ) -> None:
        self.lock = threading.Lock()
        self.calls = self.in_flight = self.max_in_flight = self.made = self.closed = 0
        self.batches: list[tuple[str, list[str]]] = []
        self.delay, self.fail, self.fail_after, self.mangle = delay, fail, fail_after, mangle

    def factory(
        self, *, name: str = "fake", max_batch: int = 10, max_concurrency: int = 2
    ) -> Callable[[], Provider]:
        def make() -> Provider:
            with self.lock:
                self.made += 1
            return Fake(self, name=name, max_batch=max_batch, max_concurrency=max_concurrency)

        return make


def _catalog(*messages: Message) -> Catalog:
    return Catalog((("Language", "xx"),), messages)


def _untranslated(*texts: str, first_line: int = 10) -> Catalog:
    return _catalog(
        *(
            Message(text, line=first_line + 4 * i, extracted_comments=("paragraph",))
            for i, text in enumerate(texts)
        )
    )


def _run(
    jobs: Sequence[Job],
    log: FakeLog,
    cache: MTCache | None = None,
    *,
    max_batch: int = 10,
    max_concurrency: int = 2,
) -> TranslateResult:
    return translate_catalogs(
        jobs,
        log.factory(max_batch=max_batch, max_concurrency=max_concurrency),
        source_lang="en",
        cache=cache,
        glossaries=GLOSSARIES,
        today=TODAY,
    )


def test_fills_only_untranslated_entries_as_fuzzy_with_provenance() -> None:
    old = Message("Old text", "Alter Text", translator_comments=("checked by Ana",))
    fuzzy = Message("Fuzzy text", "Unscharfer Text", flags=("fuzzy",))
    obsolete = Message("Gone", "", obsolete=True)
    new = Message("Take **400 mg** daily.", translator_comments=("ask Ana",), line=7)
    result = _run([Job("de/a.po", "de", _catalog(old, fuzzy, obsolete, new))], FakeLog())
    assert result.catalogs[0].messages[:3] == (old, fuzzy, obsolete)
    filled = result.catalogs[0].messages[3]
    assert filled.msgstr == "DE Take **400 mg** daily."
    assert filled.flags == ("fuzzy",)
    assert filled.translator_comments == ("ask Ana", provenance.comment("mt", f"fake {TODAY}"))
    assert filled.translator_comments[-1] == "i18npipe: mt fake 2024-05-01"
    assert (result.filled, result.segments, result.sent, result.requests) == (1, 1, 1, 1)


def test_identical_texts_are_sent_once_per_language() -> None:
    log = FakeLog()
    jobs = [
        Job("de/a.po", "de", _untranslated("Rest the knee.", "Ice it.")),
        Job("de/b.po", "de", _untranslated("Ice it.")),
        Job("es/a.po", "es", _untranslated("Ice it.")),
    ]
    result = _run(jobs, log)
    assert sorted(log.batches) == [("de", ["Rest the knee.", "Ice it."]), ("es", ["Ice it."])]
    assert [m.msgstr for c in result.catalogs for m in c.messages] == [
        "DE Rest the knee.",
        "DE Ice it.",
        "DE Ice it.",
        "ES Ice it.",
    ]
    assert result.filled == 4


def test_texts_differing_only_in_protected_markup_share_a_request() -> None:
    log = FakeLog()
    result = _run([Job("de/a.po", "de", _untranslated("Run `make`.", "Run `test`."))], log)
    assert log.batches == [("de", ['Run <x id="1"/>.'])]
    assert [m.msgstr for m in result.catalogs[0].messages] == ["DE Run `make`.", "DE Run `test`."]


def test_batches_of_max_batch() -> None:
    log = FakeLog()
    texts = [f"Text number {n}." for n in range(7)]
    result = _run([Job("de/a.po", "de", _untranslated(*texts))], log, max_batch=3)
    assert sorted(len(texts) for _, texts in log.batches) == [1, 3, 3]
    assert result.requests == 3


def test_concurrency_limit_and_one_provider_per_thread() -> None:
    log = FakeLog(delay=0.02)
    texts = [f"Text number {n}." for n in range(24)]
    _run([Job("de/a.po", "de", _untranslated(*texts))], log, max_batch=1, max_concurrency=3)
    assert log.calls == 24
    assert 2 <= log.max_in_flight <= 3
    assert log.made <= 1 + 3  # one to read the limits, one per worker thread
    assert log.closed == log.made  # every provider made is released


def test_progress_counts_distinct_texts() -> None:
    seen: list[tuple[int, int]] = []
    translate_catalogs(
        [Job("de/a.po", "de", _untranslated("One.", "Two.", "Three."))],
        FakeLog().factory(max_batch=2),
        source_lang="en",
        cache=None,
        glossaries={},
        today=TODAY,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[0] == (0, 3)
    assert seen[-1] == (3, 3)


def test_rerun_with_the_cache_sends_nothing(tmp_path: Path) -> None:
    jobs = [Job("de/a.po", "de", _untranslated("One.", "Two.", "Three."))]
    with MTCache(tmp_path / "mt.sqlite") as cache:
        first = _run(jobs, FakeLog(), cache, max_batch=2)
    log = FakeLog()
    with MTCache(tmp_path / "mt.sqlite") as cache:
        again = _run(jobs, log, cache)
        stored = list(cache.entries("fake"))
    assert log.calls == 0
    assert again.catalogs == first.catalogs
    assert (again.cached, again.sent, again.requests) == (3, 0, 0)
    assert sorted((c.text, c.output, c.date) for c in stored) == [
        ("One.", "DE One.", TODAY),
        ("Three.", "DE Three.", TODAY),
        ("Two.", "DE Two.", TODAY),
    ]


def test_interrupted_run_keeps_what_arrived(tmp_path: Path) -> None:
    texts = [f"Text number {n}." for n in range(6)]
    jobs = [Job("de/a.po", "de", _untranslated(*texts))]
    crash = FakeLog(fail=KeyboardInterrupt(), fail_after=2)
    with MTCache(tmp_path / "mt.sqlite") as cache, pytest.raises(KeyboardInterrupt):
        _run(jobs, crash, cache, max_batch=2, max_concurrency=1)
    log = FakeLog()
    with MTCache(tmp_path / "mt.sqlite") as cache:
        result = _run(jobs, log, cache, max_batch=2)
    assert log.batches == [("de", texts[4:])]
    assert (result.cached, result.sent, result.filled) == (4, 2, 6)


def _unreachable() -> TranslationError:
    err = TranslationError("cannot connect", provider="fake", retryable=True, hint="check url")
    err.__cause__ = ConnectionRefusedError("refused")
    return err


def test_unreachable_provider_is_reported_once_and_the_rest_skipped() -> None:
    log = FakeLog(delay=0.01, fail=_unreachable())
    texts = [f"Text number {n}." for n in range(40)]
    jobs = [
        Job("de/a.po", "de", _untranslated(*texts)),
        Job("es/a.po", "es", _untranslated(*texts)),
    ]
    result = _run(jobs, log, max_batch=1, max_concurrency=2)
    assert len(result.failures) == 1
    failure = result.failures[0]
    assert (failure.language, failure.skipped, failure.hint) == (None, 80, "check url")
    assert "cannot connect" in str(failure)
    assert log.calls <= 4  # the queued batches are dropped, not tried one by one
    assert result.catalogs == tuple(job.catalog for job in jobs)
    assert result.rejections == ()


def test_stalled_provider_does_not_hold_up_the_stage() -> None:
    # The provider's own timeout fires after 0.3 s; in-flight requests are not waited for.
    stall = FakeLog(delay=0.3, fail=_unreachable())
    texts = [f"Text number {n}." for n in range(20)]
    started = time.monotonic()
    result = _run([Job("de/a.po", "de", _untranslated(*texts))], stall, max_batch=1)
    assert time.monotonic() - started < 1.0
    assert len(result.failures) == 1


def test_error_for_one_language_stops_only_that_language() -> None:
    log = FakeLog()
    jobs = [
        Job("de/a.po", "de", _untranslated("One.")),
        Job("xx/a.po", "xx", _untranslated("One.")),
    ]

    def translate(text: str) -> str:
        if text.startswith("XX"):
            raise TranslationError("language 'xx' is not supported", provider="fake", status=400)
        return text

    log.mangle = translate
    result = _run(jobs, log)
    assert [f.language for f in result.failures] == ["xx"]
    assert result.catalogs[0].messages[0].msgstr == "DE One."
    assert result.catalogs[1].messages[0].msgstr == ""


@pytest.mark.parametrize(
    ("text", "mangle", "reason"),
    [
        ("Take **400 mg**.", lambda t: t.replace('<g id="1">', ""), "has no opening"),
        ("See `a` and `b`.", lambda t: t.replace('<x id="1"/>', '<x id="2"/>'), "more than once"),
        ("Use corticosteroids.", lambda t: t, "must be translated as 'corticosteroides'"),
        ("Take 400 mg.", lambda t: t.replace("400", "40"), "numbers differ"),
    ],
)
def test_rejected_output_is_reported_and_not_written(
    text: str, mangle: Callable[[str], str], reason: str
) -> None:
    catalog = _untranslated(text, first_line=12)
    result = _run([Job("es/a.po", "es", catalog)], FakeLog(mangle=mangle))
    assert result.catalogs[0] == catalog
    assert len(result.rejections) == 1
    rejection = result.rejections[0]
    assert (rejection.path, rejection.line, rejection.msgid) == ("es/a.po", 12, text)
    assert reason in rejection.reason
    assert str(result.diagnostics()[0]).startswith("es/a.po:12: warning: machine translation")


def test_keep_terms_are_never_sent() -> None:
    log = FakeLog()
    result = _run([Job("es/a.po", "es", _untranslated("Welcome to Alton Pain Clinic."))], log)
    assert log.batches == [("es", ['Welcome to <x id="1"/>.'])]
    assert result.catalogs[0].messages[0].msgstr == "ES Welcome to Alton Pain Clinic."


def test_entry_kind_comes_from_the_extracted_comment() -> None:
    heading = Message("Knee pain", line=3, extracted_comments=("heading level 2",))
    log = FakeLog(mangle=lambda t: t.replace(" ", "\n"))
    result = _run([Job("de/a.po", "de", _catalog(heading))], log)
    assert "line break" in result.rejections[0].reason


def test_dry_run_sends_nothing_and_estimates(tmp_path: Path) -> None:
    log = FakeLog()
    jobs = [Job("de/a.po", "de", _untranslated("One.", "Two `x`.", "Three."))]
    with MTCache(tmp_path / "mt.sqlite") as cache:
        cache.put_many("deepl", "en", "de", [("One.", "Eins.")], date=TODAY)
        result = translate_catalogs(
            jobs,
            log.factory(name="deepl", max_batch=1),
            source_lang="en",
            cache=cache,
            glossaries={},
            today=TODAY,
            dry_run=True,
        )
    assert log.calls == 0
    assert result.catalogs == (jobs[0].catalog,)
    assert result.estimate is not None
    characters = len('Two <x id="1"/>.') + len("Three.")
    assert (result.estimate.segments, result.estimate.characters) == (2, characters)
    assert result.estimate.requests == 2
    assert result.estimate.cost == round(characters * 25 / 1_000_000, 2)
    assert result.cached == 1


def test_cache_reads_many_texts_and_keeps_languages_apart(tmp_path: Path) -> None:
    texts = [f"t{n}" for n in range(1200)]  # more than one IN (…) query
    with MTCache(tmp_path / "deep" / "mt.sqlite") as cache:
        cache.put_many("p", "en", "de", [(t, t.upper()) for t in texts], date=TODAY)
        assert cache.get_many("p", "en", "de", [*texts, "unknown"]) == {t: t.upper() for t in texts}
        assert cache.get_many("p", "en", "es", texts) == {}
        assert cache.get_many("q", "en", "de", texts) == {}


def test_damaged_cache_is_a_memory_store_error(tmp_path: Path) -> None:
    path = tmp_path / "mt.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(MemoryStoreError) as caught:
        MTCache(path)
    assert caught.value.path == str(path)
    assert caught.value.hint is not None and "move it aside" in caught.value.hint


def test_a_refused_text_is_reported_and_the_rest_goes_on() -> None:
    def refuse_long(text: str) -> str:
        if "long" in text:
            raise TextRejected("text refused: too long", provider="fake")
        return text

    log = FakeLog(mangle=refuse_long)
    catalog = _untranslated("A long text.", "Short.", first_line=5)
    result = _run([Job("de/a.po", "de", catalog)], log, max_batch=1)
    assert result.failures == ()
    assert [m.msgstr for m in result.catalogs[0].messages] == ["", "DE Short."]
    assert [(r.line, r.reason) for r in result.rejections] == [
        (5, "the service refused the text: fake: text refused: too long")
    ]


def test_what_a_failed_batch_translated_is_kept(tmp_path: Path) -> None:
    class Partial(Fake):
        def translate(
            self,
            texts: Sequence[str],
            *,
            source: str,
            target: str,
            glossary: Glossary | None = None,
        ) -> list[str]:
            cause = TranslationError("server error", provider="fake", status=502, retryable=True)
            raise PartialTranslationError(cause, {0: f"DE {texts[0]}"}, len(texts)) from cause

    log = FakeLog()
    jobs = [Job("de/a.po", "de", _untranslated("One.", "Two."))]
    with MTCache(tmp_path / "mt.sqlite") as cache:
        result = translate_catalogs(
            jobs,
            lambda: Partial(log),
            source_lang="en",
            cache=cache,
            glossaries={},
            today=TODAY,
        )
        assert cache.get_many("fake", "en", "de", ["One.", "Two."]) == {"One.": "DE One."}
    assert [m.msgstr for m in result.catalogs[0].messages] == ["DE One.", ""]
    assert [(f.language, f.skipped) for f in result.failures] == [(None, 1)]
