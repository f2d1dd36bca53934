"""Run the stages over the project's files (with :mod:`.workspace`, the only code touching disk).

Every command reads and validates all of its inputs before it writes anything, so a bad file
stops the run with nothing changed; files are replaced atomically and only when their content
changes, so a rerun touches nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import catalog, locales, memory, pofile
from .assemble import assemble
from .catalog import Counts
from .check import check_document
from .config import Config
from .memory import Memory
from .model import Catalog, Diagnostic, Message, Suggestion
from .workspace import (
    Article,
    article_path,
    articles,
    display_path,
    memory_path,
    output_path,
    po_path,
    pot_path,
    read_catalog,
    write_all,
)

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class LanguageStatus:
    """The state of one article in one language."""

    article: str
    language: str
    counts: Counts
    rejected: int = 0
    """Translations that fail checks and are not published."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a command did: files written and problems found."""

    written: tuple[Path, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    statuses: tuple[LanguageStatus, ...] = ()

    def __add__(self, other: Outcome) -> Outcome:
        return Outcome(
            self.written + other.written,
            self.diagnostics + other.diagnostics,
            self.statuses + other.statuses,
        )


# --- stages


def _warnings(found: list[Article]) -> tuple[Diagnostic, ...]:
    return tuple(
        Diagnostic(a.document.path, line, "warning", message)
        for a in found
        for line, message in a.document.warnings
    )


def _templates(config: Config, found: list[Article]) -> dict[str, Catalog]:
    return {a.rel: catalog.template(a.document, project=config.project) for a in found}


def extract(config: Config) -> Outcome:
    """Content → one template (``.pot``) per article."""
    found = articles(config)
    pots = _templates(config, found)
    files = {pot_path(config, rel): pofile.dump_po(pot).encode() for rel, pot in pots.items()}
    return Outcome(write_all(files), _warnings(found))


def _read_templates(config: Config) -> dict[str, Catalog]:
    folder = config.locale_path / "templates"
    pots = {}
    for path in sorted(folder.rglob("*.pot")) if folder.is_dir() else []:
        rel = path.relative_to(folder).with_suffix("").as_posix()
        pot = read_catalog(config, path)
        if pot is not None:
            pots[rel] = pot
    return pots


def update(
    config: Config, pots: dict[str, Catalog] | None = None, mem: Memory | None = None
) -> Outcome:
    """Templates → each language's catalog, keeping every existing translation.

    An article without a catalog whose text mostly matches an orphaned catalog (its article was
    moved or renamed) starts from that catalog, so its reviewed translations stay reviewed.
    """
    pots = _read_templates(config) if pots is None else pots
    # Read every catalog first: one malformed file stops the run before anything is written.
    old = {
        (lang, rel): read_catalog(config, po_path(config, lang, rel))
        for lang in config.locales
        for rel in pots
    }
    files: dict[Path, bytes] = {}
    diagnostics: list[Diagnostic] = []
    for lang in config.locales:
        orphans = _orphans(config, lang, set(pots))
        for rel, pot in pots.items():
            previous = old[(lang, rel)]
            if previous is None and orphans:
                previous = _renamed_from(config, lang, rel, pot, orphans, diagnostics, mem)
            new = catalog.update(
                pot,
                previous,
                language=lang,
                plural_forms=locales.plural_forms(lang),
                team=locales.display_name(lang),
                suggest=_suggester(mem, article_path(config, rel), lang) if mem else None,
            )
            files[po_path(config, lang, rel)] = pofile.dump_po(new).encode()
    return Outcome(write_all(files), tuple(diagnostics))


def _suggester(mem: Memory, article: str, lang: str) -> catalog.Suggest:
    def suggest(message: Message) -> Suggestion | None:
        return mem.suggest(message.msgid, language=lang, article=article, context=message.msgctxt)

    return suggest


def _orphans(config: Config, lang: str, live: set[str]) -> dict[str, Catalog]:
    """Catalogs of ``lang`` whose article no longer exists."""
    folder = config.locale_path / lang / "LC_MESSAGES"
    found = {}
    for path in sorted(folder.rglob("*.po")) if folder.is_dir() else []:
        rel = path.relative_to(folder).with_suffix("").as_posix()
        if rel not in live:
            orphan = read_catalog(config, path)
            if orphan is not None:
                found[rel] = orphan
    return found


def _renamed_from(
    config: Config,
    lang: str,
    rel: str,
    pot: Catalog,
    orphans: dict[str, Catalog],
    diagnostics: list[Diagnostic],
    mem: Memory | None,
) -> Catalog | None:
    wanted = {m.key for m in pot.messages}
    if not wanted:
        return None

    def overlap(candidate: Catalog) -> float:
        have = {m.key for m in candidate.messages if m.msgstr}
        return len(wanted & have) / len(wanted)

    best = max(orphans, key=lambda r: overlap(orphans[r]))
    if overlap(orphans[best]) < 0.5:
        return None
    source = orphans.pop(best)
    if mem is not None:
        mem.rename(article_path(config, best), article_path(config, rel))
    old_path = display_path(config, po_path(config, lang, best))
    diagnostics.append(
        Diagnostic(
            display_path(config, po_path(config, lang, rel)),
            None,
            "warning",
            f"{config.content_dir}/{best}.md seems renamed to {config.content_dir}/{rel}.md: "
            "translations carried over "
            f"from {old_path} (delete it once you have checked)",
        )
    )
    return source


def build(config: Config, found: list[Article] | None = None) -> Outcome:
    """Catalogs → localized articles for every language, plus ``manifest.json``."""
    found = articles(config) if found is None else found
    catalogs = {
        (lang, a.rel): read_catalog(config, po_path(config, lang, a.rel))
        for lang in config.locales
        for a in found
    }
    files: dict[Path, bytes] = {}
    diagnostics: list[Diagnostic] = []
    statuses: list[LanguageStatus] = []
    entries: dict[str, dict[str, Any]] = {}
    for art in found:
        files[output_path(config, config.source_lang, art.rel)] = art.data
        langs = {
            config.source_lang: _manifest_language(
                config, config.source_lang, art, art.data, _source_counts(art), 0
            )
        }
        for lang in config.locales:
            text, status, problems = _localize(config, art, lang, catalogs[(lang, art.rel)])
            data = text.encode("utf-8")
            files[output_path(config, lang, art.rel)] = data
            diagnostics += problems
            statuses.append(status)
            langs[lang] = _manifest_language(
                config, lang, art, data, status.counts, status.rejected
            )
        entries[art.rel] = {
            "source": art.document.path,
            "source_sha256": hashlib.sha256(art.data).hexdigest(),
            "languages": langs,
        }
    manifest = {
        "version": 1,
        "source_lang": config.source_lang,
        "locales": list(config.locales),
        "articles": entries,
    }
    files[config.output_path / "manifest.json"] = (
        json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    ).encode()
    return Outcome(write_all(files), tuple(diagnostics), tuple(statuses))


def _source_counts(art: Article) -> Counts:
    return Counts(translated=len({(s.context, s.msgid) for s in art.document.segments}))


def _manifest_language(
    config: Config, lang: str, art: Article, data: bytes, counts: Counts, rejected: int
) -> dict[str, Any]:
    return {
        "path": display_path(config, output_path(config, lang, art.rel)),
        "sha256": hashlib.sha256(data).hexdigest(),
        "complete": counts.translated == counts.total,
        "translated": counts.translated,
        "needs_review": counts.needs_review,
        "untranslated": counts.untranslated,
        "rejected": rejected,
        "segments": counts.total,
    }


def _localize(
    config: Config, art: Article, lang: str, po: Catalog | None
) -> tuple[str, LanguageStatus, list[Diagnostic]]:
    """The article in ``lang``: reviewed, valid translations spliced in; the source elsewhere."""
    messages = {m.key: m for m in po.messages if not m.obsolete} if po else {}
    keys = list(dict.fromkeys((s.context, s.msgid) for s in art.document.segments))
    wanted = {
        key: messages[key].msgstr
        for key in keys
        if key in messages
        and messages[key].msgstr
        and (config.publish_fuzzy or not messages[key].fuzzy)
    }
    problems = check_document(art.document, wanted)
    shown = display_path(config, po_path(config, lang, art.rel))
    diagnostics: list[Diagnostic] = []
    publish: dict[tuple[str | None, str], str] = {}
    for key, text in wanted.items():
        errors = [p for p in problems.get(key, []) if p.severity == "error"]
        diagnostics += [_rejected(shown, messages[key], p.message) for p in errors]
        if not errors:
            publish[key] = text
    rejected = len(wanted) - len(publish)
    review = sum(1 for k in keys if k in messages and messages[k].msgstr and k not in wanted)
    # Rejected translations count as untranslated: the source text is what gets published.
    counts = Counts(len(publish), review, len(keys) - len(publish) - review)
    return (
        assemble(art.document, publish),
        LanguageStatus(art.rel, lang, counts, rejected),
        diagnostics,
    )


def _rejected(shown: str, message: Message, problem: str) -> Diagnostic:
    return Diagnostic(
        shown, message.line or None, "error", f"{problem}; the source text is published instead"
    )


def status(config: Config) -> Outcome:
    """Each article and language, counted from the catalogs as they are on disk, with the
    problems a build would report (nothing is written)."""
    found = articles(config)
    statuses: list[LanguageStatus] = []
    diagnostics = list(_warnings(found))
    for art in found:
        for lang in config.locales:
            po = read_catalog(config, po_path(config, lang, art.rel))
            _, state, problems = _localize(config, art, lang, po)
            statuses.append(state)
            diagnostics += problems
    return Outcome(statuses=tuple(statuses), diagnostics=tuple(diagnostics))


Step = Callable[[list[Article]], Outcome]


def run(
    config: Config, *, progress: Progress | None = None, translate: Step | None = None
) -> Outcome:
    """All stages in order: extract, update, ``translate`` (when given), build."""
    say = progress or (lambda _: None)
    say("extract")
    found = articles(config)
    pots = _templates(config, found)
    pot_files = {pot_path(config, r): pofile.dump_po(p).encode() for r, p in pots.items()}
    say("update")
    # Validate every catalog before the first write (update re-reads them; they are small).
    for lang in config.locales:
        for rel in pots:
            read_catalog(config, po_path(config, lang, rel))
    # A damaged memory stops the run here, before any file is written.
    with memory.open_memory(memory_path(config)) as mem:
        # Record what translators reviewed since the last run first, so that this run's
        # suggestions already use it (and a second run has nothing new to suggest).
        remember(config, mem, found)
        outcome = Outcome(write_all(pot_files), _warnings(found))
        outcome += update(config, pots, mem)
        if translate is not None:
            say("translate")
            outcome += translate(found)
        say("build")
        outcome += build(config, found)
    return outcome


def remember(config: Config, mem: Memory, found: list[Article]) -> memory.Changes:
    """Record every reviewed translation of the catalogs in the translation memory."""
    added = changed = 0
    for art in found:
        for lang in config.locales:
            po = read_catalog(config, po_path(config, lang, art.rel))
            if po is not None:
                done = mem.sync(art.document.path, lang, po, source_lang=config.source_lang)
                added, changed = added + done.added, changed + done.changed
    return memory.Changes(added, changed)
