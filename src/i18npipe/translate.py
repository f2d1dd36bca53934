"""The translate stage: fill untranslated catalog entries with machine translations for review.

Only entries with an empty msgstr are filled; translated and fuzzy entries are never touched.
Identical texts are sent once per language, the cache is asked first, and the rest goes out in
batches of ``provider.max_batch`` with at most ``provider.max_concurrency`` requests in flight,
one provider object per worker thread (some clients are not thread-safe). Each batch's output is
cached as soon as it arrives. Filled entries are ``fuzzy`` and carry a provenance comment, since
GNU tools drop unknown flags but keep comments. Output that loses a placeholder, breaks the
Markdown or misses a glossary term is rejected and reported; the entry stays untranslated.

Pure apart from the cache object it is given: catalogs in, new catalogs out.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import closing
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from . import glossary, provenance
from .errors import TranslationError
from .model import Catalog, Diagnostic, Message, SegmentKind
from .protect import Protected, RestoreFailure, Style, protect, restore
from .providers.base import Glossary, Provider
from .providers.batch import PartialTranslationError, TextRejected

PRICES: Mapping[str, float] = {"deepl": 25.0, "google": 20.0, "microsoft": 10.0}
"""List price in USD per million characters sent, for ``--dry-run`` estimates."""
FREE = frozenset({"pseudo", "tm", "libretranslate", "mymemory"})
"""Providers that cost nothing (offline, self-hosted or within a free quota)."""


class Cache(Protocol):
    """Where provider outputs are kept between runs (see :class:`~i18npipe.mtcache.MTCache`)."""

    def get_many(
        self, provider: str, source: str, target: str, texts: Sequence[str]
    ) -> dict[str, str]: ...

    def put_many(
        self,
        provider: str,
        source: str,
        target: str,
        results: Sequence[tuple[str, str]],
        *,
        date: str,
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class Job:
    """One article's catalog in one language."""

    path: str
    """The catalog's path as shown in reports; its messages' ``line`` numbers refer to it."""
    language: str
    catalog: Catalog
    env: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The article's parser environment (link references), so checks resolve ``[text][ref]``."""


@dataclass(frozen=True, slots=True)
class Rejection:
    """A machine translation refused for one entry; the entry stays untranslated."""

    path: str
    line: int
    msgid: str
    reason: str

    def diagnostic(self) -> Diagnostic:
        return Diagnostic(
            self.path, self.line or None, "warning", f"machine translation rejected: {self.reason}"
        )


@dataclass(frozen=True, slots=True)
class Failure:
    """A provider error that stopped its work (for one language, or all of it)."""

    provider: str
    language: str | None
    """``None``: every language was stopped (unreachable, bad key, quota)."""
    message: str
    hint: str | None
    skipped: int
    """Distinct texts left untranslated because of it."""

    def __str__(self) -> str:
        scope = f" for {self.language}" if self.language else ""
        return f"{self.message}; {self.skipped} texts{scope} left for a later run"


@dataclass(frozen=True, slots=True)
class Estimate:
    """What a run would send (``dry_run``)."""

    segments: int
    """Distinct texts not in the cache."""
    characters: int
    """Characters sent, placeholders included (an upper bound of what is billed)."""
    requests: int
    cost: float | None
    """USD at list price; ``None`` when the provider's price is unknown."""


@dataclass(frozen=True, slots=True)
class TranslateResult:
    """What the stage did."""

    catalogs: tuple[Catalog, ...]
    """The jobs' catalogs, in job order, with machine translations filled in."""
    filled: int = 0
    """Entries given a machine translation."""
    segments: int = 0
    """Distinct texts (per language) that needed a translation."""
    cached: int = 0
    """Of those, found in the cache."""
    sent: int = 0
    """Of those, sent to the provider (and answered)."""
    requests: int = 0
    rejections: tuple[Rejection, ...] = ()
    failures: tuple[Failure, ...] = ()
    estimate: Estimate | None = None
    """Set by a dry run, which changes and sends nothing."""

    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return tuple(r.diagnostic() for r in self.rejections)


@dataclass(frozen=True, slots=True)
class _Entry:
    job: int
    index: int
    protected: Protected
    kind: SegmentKind
    style: Style


_Key = tuple[str, str]
"""(language, protected text): what is sent, once."""


def translate_catalogs(
    jobs: Sequence[Job],
    provider_factory: Callable[[], Provider],
    *,
    source_lang: str,
    cache: Cache | None,
    glossaries: Mapping[str, Glossary],
    today: str,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    price_per_million: float | None = None,
) -> TranslateResult:
    """Fill the untranslated entries of ``jobs`` from ``source_lang`` by machine translation.

    ``provider_factory`` is called once here (for the provider's name and limits; creating a
    provider must not send anything) and once per worker thread. ``today`` (``YYYY-MM-DD``) goes
    into the provenance comments and the cache.
    """
    # The provider made here reads the name and limits; workers make their own.
    with closing(provider_factory()) as provider:
        units = _collect(jobs, provider, glossaries)
        outputs = _cached(cache, provider.name, source_lang, units)
        cached = len(outputs)
        batches = _batches([key for key in units if key not in outputs], provider.max_batch)
        if dry_run:
            estimate = _estimate(batches, provider.name, price_per_million)
            catalogs = tuple(j.catalog for j in jobs)
            return TranslateResult(catalogs, 0, len(units), cached, estimate=estimate)
        run = _Run(provider, provider_factory, source_lang, glossaries, cache, today, progress)
        run.report(cached, len(units))
        run.send(batches, outputs)
    line = provenance.comment("mt", f"{provider.name} {today}")
    catalogs, filled, rejections = _apply(jobs, units, outputs, run.refused, glossaries, line)
    return TranslateResult(
        catalogs,
        filled,
        len(units),
        cached,
        len(outputs) - cached,
        run.requests,
        rejections,
        _failures(run, batches, outputs),
    )


# --- what to send


def _collect(
    jobs: Sequence[Job], provider: Provider, glossaries: Mapping[str, Glossary]
) -> dict[_Key, list[_Entry]]:
    """The entries to fill, grouped by what the provider would be sent."""
    units: dict[_Key, list[_Entry]] = {}
    memo: dict[tuple[str, str], Protected] = {}
    for j, job in enumerate(jobs):
        keep = glossary.select(glossaries, job.language).keep
        for i, message in enumerate(job.catalog.messages):
            if not _wanted(message):
                continue
            protected = memo.get((job.language, message.msgid))
            if protected is None:
                protected = protect(message.msgid, markup=provider.markup, keep=keep)
                memo[(job.language, message.msgid)] = protected
            kind, style = _kind(message)
            entry = _Entry(j, i, protected, kind, style)
            units.setdefault((job.language, protected.text), []).append(entry)
    return units


def _wanted(message: Message) -> bool:
    """Untranslated and current: the only entries a machine may fill."""
    return bool(message.msgid.strip()) and not (message.msgstr or message.fuzzy or message.obsolete)


_KINDS: tuple[tuple[str, SegmentKind], ...] = (
    ("table", "table cell"),
    ("heading", "heading"),
    ("front matter", "front matter"),
    ("footnote", "footnote"),
    ("list item", "list item"),
    ("block quote", "block quote"),
)
"""Extracted-comment prefixes, strictest first: a text used as a heading must fit a heading."""


def _kind(message: Message) -> tuple[SegmentKind, Style]:
    """The segment kind named by the entry's extracted comments (``heading level 2``, …)."""
    for prefix, kind in _KINDS:
        if any(c.startswith(prefix) for c in message.extracted_comments):
            return kind, "yaml" if kind == "front matter" else "markdown"
    return "paragraph", "markdown"


def _cached(
    cache: Cache | None, provider: str, source: str, units: Mapping[_Key, object]
) -> dict[_Key, str]:
    if cache is None:
        return {}
    by_language: dict[str, list[str]] = {}
    for language, text in units:
        by_language.setdefault(language, []).append(text)
    found: dict[_Key, str] = {}
    for language, texts in by_language.items():
        hits = cache.get_many(provider, source, language, texts)
        found.update(((language, text), output) for text, output in hits.items())
    return found


def _batches(keys: list[_Key], size: int) -> list[tuple[str, list[str]]]:
    """``(language, texts)`` requests of at most ``size`` texts."""
    by_language: dict[str, list[str]] = {}
    for language, text in keys:
        by_language.setdefault(language, []).append(text)
    size = max(1, size)
    return [
        (language, texts[i : i + size])
        for language, texts in by_language.items()
        for i in range(0, len(texts), size)
    ]


def _estimate(batches: list[tuple[str, list[str]]], name: str, price: float | None) -> Estimate:
    characters = sum(len(text) for _, texts in batches for text in texts)
    if price is None:
        price = 0.0 if name in FREE else PRICES.get(name)
    cost = None if price is None else round(characters * price / 1_000_000, 2)
    return Estimate(sum(len(texts) for _, texts in batches), characters, len(batches), cost)


# --- sending


class _Skipped(Exception):
    """A queued batch not sent because its provider (or language) was stopped."""


class _Run:
    """Sends batches concurrently and caches each answer as it arrives."""

    def __init__(
        self,
        provider: Provider,
        factory: Callable[[], Provider],
        source: str,
        glossaries: Mapping[str, Glossary],
        cache: Cache | None,
        today: str,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.name = provider.name
        self.limit = max(1, provider.max_concurrency)
        self.factory = factory
        self.source = source
        self.glossaries = glossaries
        self.cache = cache
        self.today = today
        self.progress = progress
        self.done = self.total = self.requests = 0
        self.local = threading.local()
        self.stopped: dict[str | None, TranslationError] = {}
        """Language (``None``: all) → the error that stopped it."""
        self.refused: dict[_Key, str] = {}
        """Texts the service refused (too long, …): reported per entry, nothing else stops."""
        self.made: list[Provider] = []
        self.lock = threading.Lock()

    def report(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if self.progress is not None:
            self.progress(done, total)

    def send(self, batches: list[tuple[str, list[str]]], outputs: dict[_Key, str]) -> None:
        if not batches:
            return
        pool = ThreadPoolExecutor(min(self.limit, len(batches)), "i18npipe-translate")
        pending = {pool.submit(self._translate, *batch): batch for batch in batches}
        try:
            while pending and None not in self.stopped:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                self._receive_all(finished, pending, outputs)
            # A stop ends the waiting, not the taking of answers (or partial ones) already here.
            self._receive_all({f for f in pending if f.done()}, pending, outputs)
        except BaseException:
            # Interrupted (Ctrl-C, a bug in a provider): keep every answer already here.
            self._receive_all({f for f in pending if f.done()}, pending, outputs, quiet=True)
            raise
        finally:
            # Never wait for requests still in flight once the provider is down: no hang.
            pool.shutdown(wait=False, cancel_futures=True)
        if not any(f.running() for f in pending):
            self._close()

    def _receive_all(
        self,
        finished: set[Future[list[str]]],
        pending: dict[Future[list[str]], tuple[str, list[str]]],
        outputs: dict[_Key, str],
        *,
        quiet: bool = False,
    ) -> None:
        """Store the answers among ``finished`` before acting on any error among them."""
        answers = [f for f in finished if not f.cancelled() and f.exception() is None]
        for future in answers + ([] if quiet else [f for f in finished if f not in answers]):
            self._receive(future, pending.pop(future), outputs)

    def _translate(self, language: str, texts: list[str]) -> list[str]:
        if None in self.stopped or language in self.stopped:
            raise _Skipped
        provider: Provider | None = getattr(self.local, "provider", None)
        if provider is None:
            provider = self.local.provider = self.factory()
            with self.lock:
                self.made.append(provider)
        chosen = glossary.select(self.glossaries, language)
        try:
            result = provider.translate(texts, source=self.source, target=language, glossary=chosen)
        except TranslationError as err:
            if not _refused(err):
                # Recorded here, not when the main thread gets to it: no other worker starts
                # a request to a provider known to be down.
                with self.lock:
                    self.stopped.setdefault(None if _stops_provider(err) else language, err)
            raise
        if len(result) != len(texts):
            raise TranslationError(
                f"returned {len(result)} texts for {len(texts)}", provider=self.name
            )
        return result

    def _receive(
        self, future: Future[list[str]], batch: tuple[str, list[str]], outputs: dict[_Key, str]
    ) -> None:
        language, texts = batch
        try:
            result = future.result()
        except _Skipped:
            return
        except TranslationError as err:
            self._failed(err, language, texts, outputs)
            return
        self._store(language, list(zip(texts, result, strict=True)), outputs)

    def _failed(
        self, err: TranslationError, language: str, texts: list[str], outputs: dict[_Key, str]
    ) -> None:
        done = err.done if isinstance(err, PartialTranslationError) else {}
        if done:  # what the provider translated before it failed is kept
            self._store(language, [(texts[i], out) for i, out in sorted(done.items())], outputs)
        if _refused(err):
            for i, text in enumerate(texts):
                if i not in done:
                    self.refused[(language, text)] = f"the service refused the text: {err}"
        else:  # a garbled answer (checked in this thread) or a stop the worker recorded
            with self.lock:
                self.stopped.setdefault(None if _stops_provider(err) else language, err)

    def _store(self, language: str, pairs: list[tuple[str, str]], outputs: dict[_Key, str]) -> None:
        """Cache one answer at once (an interrupted run keeps it) and take it."""
        self.requests += 1
        if self.cache is not None:
            self.cache.put_many(self.name, self.source, language, pairs, date=self.today)
        outputs.update(((language, text), out) for text, out in pairs)
        self.report(self.done + len(pairs), self.total)

    def _close(self) -> None:
        """Release the workers' providers (once none is in use)."""
        for provider in self.made:
            provider.close()


def _refused(err: TranslationError) -> bool:
    """Whether the service refused this batch's text itself (too long, …): nothing to stop."""
    return isinstance(err, TextRejected) or isinstance(err.__cause__, TextRejected)


def _stops_provider(err: TranslationError) -> bool:
    """Whether no further request to the provider can succeed in this run.

    Unreachable (network error, timeout, retries exhausted on 429/5xx) or refused (bad key,
    quota): reported once, the rest skipped. Other errors (an unsupported language, a garbled
    answer) stop only the batch's language.
    """
    status = err.status or 0
    network = isinstance(err.__cause__, OSError)  # requests' errors and TimeoutError are OSErrors
    return err.retryable or network or status in (401, 403, 429, 456) or status >= 500


def _failures(
    run: _Run, batches: list[tuple[str, list[str]]], outputs: Mapping[_Key, str]
) -> tuple[Failure, ...]:
    """Each stop with the texts it left untranslated (each text counted once)."""
    failures = []
    for scope, err in run.stopped.items():
        skipped = sum(
            1
            for language, texts in batches
            if scope == language or (scope is None and language not in run.stopped)
            for text in texts
            if (language, text) not in outputs and (language, text) not in run.refused
        )
        failures.append(Failure(run.name, scope, str(err), err.hint, skipped))
    return tuple(failures)


# --- filling the catalogs


def _apply(
    jobs: Sequence[Job],
    units: Mapping[_Key, list[_Entry]],
    outputs: Mapping[_Key, str],
    refused: Mapping[_Key, str],
    glossaries: Mapping[str, Glossary],
    line: str,
) -> tuple[tuple[Catalog, ...], int, tuple[Rejection, ...]]:
    """New catalogs with every accepted output filled in, how many, and the rejections.

    ``line`` is the provenance comment of filled entries.
    """
    messages = [list(job.catalog.messages) for job in jobs]
    rejections: list[Rejection] = []
    filled = 0
    for key, entries in units.items():
        output = outputs.get(key)
        if output is None and key not in refused:
            continue  # not sent: the provider failed; the entries wait for a later run
        for entry in entries:
            job = jobs[entry.job]
            message = messages[entry.job][entry.index]
            text = (
                RestoreFailure(refused[key])
                if output is None
                else _accept(entry, message, output, job, glossaries)
            )
            if isinstance(text, RestoreFailure):
                rejections.append(Rejection(job.path, message.line, message.msgid, text.reason))
                continue
            filled += 1
            messages[entry.job][entry.index] = replace(
                message,
                msgstr=text,
                flags=(*message.flags, "fuzzy"),
                translator_comments=provenance.with_provenance(message.translator_comments, line),
            )
    catalogs = tuple(
        replace(j.catalog, messages=tuple(m)) for j, m in zip(jobs, messages, strict=True)
    )
    return catalogs, filled, tuple(sorted(rejections, key=lambda r: (r.path, r.line)))


def _accept(
    entry: _Entry, message: Message, output: str, job: Job, glossaries: Mapping[str, Glossary]
) -> str | RestoreFailure:
    """The msgstr to fill in, or why the output cannot be used."""
    text = restore(entry.protected, output, kind=entry.kind, style=entry.style, env=job.env)
    if isinstance(text, RestoreFailure):
        return text
    problems = glossary.violations(message.msgid, text, glossary.select(glossaries, job.language))
    return RestoreFailure("; ".join(problems)) if problems else text
