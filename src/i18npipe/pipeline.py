"""Run the stages over the project's files (with :mod:`.workspace`, the only code touching disk).

Every command reads and validates all of its inputs before it writes anything, so a bad file
stops the run with nothing changed; files are replaced atomically and only when their content
changes, so a rerun touches nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
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
    catalogs_of,
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
    removed: tuple[Path, ...] = ()
    """Outputs withdrawn because their article left ``content/``."""

    def __add__(self, other: Outcome) -> Outcome:
        return Outcome(
            self.written + other.written,
            self.diagnostics + other.diagnostics,
            self.statuses + other.statuses,
            self.removed + other.removed,
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
    """Content → one template (``.pot``) per article; templates of removed articles go away."""
    found = articles(config)
    return Outcome(_write_templates(config, _templates(config, found)), _warnings(found))


def _write_templates(config: Config, pots: dict[str, Catalog]) -> tuple[Path, ...]:
    files = {pot_path(config, rel): pofile.dump_po(pot).encode() for rel, pot in pots.items()}
    written = write_all(files)
    folder = config.locale_path / "templates"
    for path in sorted(folder.rglob("*.pot")) if folder.is_dir() else []:
        if path not in files:  # derived data only: the catalogs keep every translation
            path.unlink()
    return written


def update(
    config: Config, pots: dict[str, Catalog] | None = None, mem: Memory | None = None
) -> Outcome:
    """Each language's catalog brought up to date with the articles, keeping every translation.

    Templates are made from ``content/`` (not read from stale ``.pot`` files). An article without
    catalogs whose text mostly matches orphaned catalogs (its article was moved or renamed)
    starts from them in every language, so its reviewed translations stay reviewed.
    """
    pots = _templates(config, articles(config)) if pots is None else pots
    # Read every catalog first: one malformed file stops the run before anything is written.
    existing = {lang: catalogs_of(config, lang) for lang in config.locales}
    diagnostics: list[Diagnostic] = []
    renames = _renames(config, pots, existing, diagnostics)
    if mem is not None:
        for old_rel, new_rel in renames.items():
            mem.rename(article_path(config, old_rel), article_path(config, new_rel))
    moved_to = {new: old for old, new in renames.items()}
    files: dict[Path, bytes] = {}
    for lang in config.locales:
        for rel, pot in pots.items():
            previous = existing[lang].get(rel) or existing[lang].get(moved_to.get(rel, ""))
            new = catalog.update(
                pot,
                previous,
                language=lang,
                plural_forms=locales.plural_forms(lang),
                team=locales.display_name(lang),
                suggest=_suggester(mem, article_path(config, rel), lang, previous) if mem else None,
            )
            files[po_path(config, lang, rel)] = pofile.dump_po(new).encode()
    return Outcome(write_all(files), tuple(diagnostics))


def _suggester(mem: Memory, article: str, lang: str, previous: Catalog | None) -> catalog.Suggest:
    # An entry the catalog already had (a translator emptied it) never takes a memory match
    # as reviewed: the memory only adds, so it would bring back what the translator removed.
    known = {m.key for m in previous.messages} if previous else set()

    def suggest(message: Message) -> Suggestion | None:
        found = mem.suggest(message.msgid, language=lang, article=article, context=message.msgctxt)
        if found is not None and message.key in known:
            return replace(found, exact_context=False)
        return found

    return suggest


def _renames(
    config: Config,
    pots: dict[str, Catalog],
    existing: dict[str, dict[str, Catalog]],
    diagnostics: list[Diagnostic],
) -> dict[str, str]:
    """Old article → new article, for new articles whose text matches an orphaned catalog.

    Decided once per article from every msgid (translated or not) of the orphan's catalogs in
    all languages, so a language with little translated moves along with the others.
    """
    orphan_keys: dict[str, set[tuple[str | None, str]]] = {}
    for by_rel in existing.values():
        for rel, po in by_rel.items():
            if rel not in pots:
                orphan_keys.setdefault(rel, set()).update(m.key for m in po.messages)
    renames: dict[str, str] = {}
    for rel, pot in pots.items():
        if any(rel in by_rel for by_rel in existing.values()) or not pot.messages:
            continue
        wanted = {m.key for m in pot.messages}
        candidates = [r for r in orphan_keys if r not in renames]
        best = max(candidates, key=lambda r: len(wanted & orphan_keys[r]), default=None)
        if best is None or len(wanted & orphan_keys[best]) < 0.5 * len(wanted):
            continue
        renames[best] = rel
        diagnostics.append(
            Diagnostic(
                article_path(config, rel),
                None,
                "warning",
                f"looks like {article_path(config, best)} renamed: its catalogs are carried over "
                f"(delete {config.locale_dir}/*/LC_MESSAGES/{best}.po once you have checked)",
            )
        )
    return renames


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
    manifest_path = config.output_path / "manifest.json"
    stale = _unpublished(config, manifest_path, set(files))
    files[manifest_path] = (
        json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    ).encode()
    written = write_all(files)
    for path in stale:  # an article removed from content/ is no longer published
        path.unlink(missing_ok=True)
    return Outcome(written, tuple(diagnostics), tuple(statuses), tuple(stale))


def _unpublished(config: Config, manifest_path: Path, produced: set[Path]) -> list[Path]:
    """Outputs the previous manifest lists that this build no longer produces."""
    try:
        previous = json.loads(manifest_path.read_text(encoding="utf-8"))
        listed = [
            config.root / lang["path"]
            for article in previous["articles"].values()
            for lang in article["languages"].values()
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []  # no (readable) manifest: nothing we published before to withdraw
    out = config.output_path.resolve()
    return [p for p in listed if p not in produced and p.resolve().is_relative_to(out)]


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
            line = messages[key].line or None
            diagnostics += [
                Diagnostic(shown, line, "warning", p.message) for p in problems.get(key, [])
            ]
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
    say("update")
    # Validate every catalog (those of removed articles too) before the first write.
    for lang in config.locales:
        catalogs_of(config, lang)
    # A damaged memory stops the run here, before any file is written.
    with memory.open_memory(memory_path(config)) as mem:
        # Record what translators reviewed since the last run first, so that this run's
        # suggestions already use it (and a second run has nothing new to suggest).
        remember(config, mem, found)
        outcome = Outcome(_write_templates(config, pots), _warnings(found))
        outcome += update(config, pots, mem)
        if translate is not None:
            say("translate")
            outcome += translate(found)
        say("build")
        outcome += build(config, found)
    return outcome


def remember(config: Config, mem: Memory, found: list[Article]) -> memory.Changes:
    """Record every reviewed translation of the catalogs in the translation memory.

    Translations the build refuses (a changed number, a broken link) are left out, so the
    memory never offers them to another article.
    """
    added = changed = 0
    for art in found:
        for lang in config.locales:
            po = read_catalog(config, po_path(config, lang, art.rel))
            if po is None:
                continue
            done = mem.sync(
                art.document.path, lang, _publishable(art, po), source_lang=config.source_lang
            )
            added, changed = added + done.added, changed + done.changed
    return memory.Changes(added, changed)


def _publishable(art: Article, po: Catalog) -> Catalog:
    reviewed = {m.key: m.msgstr for m in po.messages if m.msgstr and not m.fuzzy and not m.obsolete}
    problems = check_document(art.document, reviewed)
    refused = {key for key, found in problems.items() if any(p.severity == "error" for p in found)}
    if not refused:
        return po
    return replace(po, messages=tuple(m for m in po.messages if m.key not in refused))
