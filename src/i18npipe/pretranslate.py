"""Run machine pretranslation over the project's catalogs (the I/O around :mod:`.translate`)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import glossary, pofile, providers
from .config import Config, TranslatorConfig
from .errors import ConfigError
from .model import Diagnostic
from .mtcache import MTCache
from .pipeline import Outcome
from .providers.base import Glossary, ProviderSettings
from .translate import Failure, Job, TranslateResult, translate_catalogs
from .workspace import (
    Article,
    articles,
    display_path,
    mt_cache_path,
    po_path,
    read_catalog,
    write_atomic,
)

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Pretranslated:
    """Files written and what the stage reported."""

    outcome: Outcome
    result: TranslateResult


def settings(
    translator: TranslatorConfig | None, *, provider: str | None = None, url: str | None = None
) -> ProviderSettings:
    """Provider settings from the config and CLI overrides; the API key from the environment."""
    if translator is None and provider is None:
        raise ConfigError(
            "no machine translation provider configured",
            hint="add [tool.i18npipe.translator] with provider = ... or pass --provider",
        )
    name = provider or (translator.provider if translator else "")
    # The configured URL and key belong to the configured provider: never send them elsewhere.
    own = translator if translator and translator.provider == name else None
    key_env = own.api_key_env if own else None
    return ProviderSettings(
        name,
        url=url or (own.url if own else None),
        api_key=os.environ.get(key_env) if key_env else None,
        timeout=translator.timeout if translator else 20.0,
        retries=translator.retries if translator else 3,
        concurrency=translator.concurrency if translator else 4,
    )


def pretranslate(
    config: Config,
    provider: ProviderSettings,
    *,
    languages: Sequence[str] = (),
    dry_run: bool = False,
    progress: Progress | None = None,
    found: list[Article] | None = None,
) -> Pretranslated:
    """Fill untranslated entries of the chosen languages' catalogs (all languages by default)."""
    found = articles(config) if found is None else found
    chosen = [lang for lang in config.locales if not languages or lang in languages]
    jobs = _jobs(config, found, chosen)
    with MTCache(mt_cache_path(config)) as cache:
        result = translate_catalogs(
            [job for _, job in jobs],
            lambda: providers.create(provider),
            source_lang=config.source_lang,
            cache=cache,
            glossaries=_glossaries(config),
            today=date.today().isoformat(),
            dry_run=dry_run,
            progress=progress,
        )
    written: list[Path] = []
    if not dry_run:
        for (path, job), new in zip(jobs, result.catalogs, strict=True):
            if new != job.catalog and write_atomic(path, pofile.dump_po(new).encode()):
                written.append(path)
    diagnostics = result.diagnostics() + tuple(_failure(f) for f in result.failures)
    return Pretranslated(Outcome(tuple(written), diagnostics), result)


def _jobs(config: Config, found: list[Article], languages: list[str]) -> list[tuple[Path, Job]]:
    jobs = []
    for lang in languages:
        for art in found:
            path = po_path(config, lang, art.rel)
            po = read_catalog(config, path)
            if po is not None:
                shown = display_path(config, path)
                jobs.append((path, Job(shown, lang, po, art.document.env)))
    return jobs


def _glossaries(config: Config) -> dict[str, Glossary]:
    path = config.root / config.glossary
    return glossary.load(path) if path.is_file() else {}


def _failure(failure: Failure) -> Diagnostic:
    hint = f" ({failure.hint})" if failure.hint else ""
    return Diagnostic("i18npipe", None, "warning", f"{failure}{hint}")
