"""Run the stages over the project's files. The only place (with the CLI) that touches the disk.

Every command reads and validates all of its inputs before it writes anything, so a bad file
stops the run with nothing changed; files are replaced atomically and only when their content
changes, so a rerun touches nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import catalog, locales, memory, pofile
from .assemble import assemble
from .catalog import Counts
from .check import check_translation
from .config import Config
from .errors import CatalogError, SegmentError
from .memory import Memory
from .model import Catalog, Diagnostic, Document, Message, Suggestion
from .segment import segment

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Article:
    """One source article and where its files live."""

    rel: str
    """Path below the content folder without ``.md``, with forward slashes (``guides/knee``)."""
    document: Document
    data: bytes
    """The source file's bytes."""


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


# --- paths


def pot_path(config: Config, rel: str) -> Path:
    return config.locale_path / "templates" / f"{rel}.pot"


def po_path(config: Config, language: str, rel: str) -> Path:
    return config.locale_path / language / "LC_MESSAGES" / f"{rel}.po"


def output_path(config: Config, language: str, rel: str) -> Path:
    return config.output_path / language / f"{rel}.md"


def memory_path(config: Config) -> Path:
    return config.root / config.state_dir / "memory.sqlite"


def article_path(config: Config, rel: str) -> str:
    """How an article is named in references and in the memory (``content/a.md``)."""
    return f"{config.content_dir}/{rel}.md"


def _shown(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


# --- reading


def articles(config: Config) -> list[Article]:
    """Every ``.md`` file below the content folder, segmented, in path order."""
    if not config.content_path.is_dir():
        raise SegmentError(
            "content folder not found",
            path=_shown(config, config.content_path),
            hint="create it or set content_dir in the configuration",
        )
    found = []
    for path in sorted(config.content_path.rglob("*.md")):
        rel = path.relative_to(config.content_path).with_suffix("").as_posix()
        data = path.read_bytes()
        shown = _shown(config, path)
        text = _decode(data, shown)
        doc = segment(text, shown, front_matter_keys=config.front_matter_keys)
        found.append(Article(rel, doc, data))
    return found


def _decode(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise SegmentError(
            f"not valid UTF-8 (byte {data[err.start]:#04x})",
            path=shown,
            line=line,
            hint="save the file as UTF-8",
        ) from None


def read_catalog(config: Config, path: Path) -> Catalog | None:
    """The catalog at ``path``, ``None`` if there is none; a CatalogError if it is malformed."""
    if not path.is_file():
        return None
    shown = _shown(config, path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogError("not valid UTF-8", path=shown, hint="catalogs must be UTF-8") from None
    return pofile.parse_po(text, shown)


# --- writing


def write_atomic(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` atomically; do nothing if it already holds exactly that."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _write_all(files: dict[Path, bytes]) -> tuple[Path, ...]:
    return tuple(path for path, data in files.items() if write_atomic(path, data))


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
    return Outcome(_write_all(files), _warnings(found))


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
    return Outcome(_write_all(files), tuple(diagnostics))


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
    old_path = _shown(config, po_path(config, lang, best))
    diagnostics.append(
        Diagnostic(
            _shown(config, po_path(config, lang, rel)),
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
    return Outcome(_write_all(files), tuple(diagnostics), tuple(statuses))


def _source_counts(art: Article) -> Counts:
    return Counts(translated=len({(s.context, s.msgid) for s in art.document.segments}))


def _manifest_language(
    config: Config, lang: str, art: Article, data: bytes, counts: Counts, rejected: int
) -> dict[str, Any]:
    return {
        "path": _shown(config, output_path(config, lang, art.rel)),
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
    shown = _shown(config, po_path(config, lang, art.rel))
    publish: dict[tuple[str | None, str], str] = {}
    translated = review = untranslated = rejected = 0
    diagnostics: list[Diagnostic] = []
    seen: set[tuple[str | None, str]] = set()
    for seg in art.document.segments:
        key = (seg.context, seg.msgid)
        if key in seen:
            continue
        seen.add(key)
        message = messages.get(key)
        if message is None or not message.msgstr:
            untranslated += 1
            continue
        if message.fuzzy and not config.publish_fuzzy:
            review += 1
            continue
        errors = [
            p
            for p in check_translation(seg, message.msgstr, art.document.env)
            if p.severity == "error"
        ]
        if errors:
            rejected += 1
            diagnostics += [_rejected(shown, message, p.message) for p in errors]
            continue
        publish[key] = message.msgstr
        translated += 1
    # Rejected translations count as untranslated: the source text is what gets published.
    counts = Counts(translated, review, untranslated + rejected)
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
        outcome = Outcome(_write_all(pot_files), _warnings(found))
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


def all_catalogs(config: Config) -> list[tuple[str, str, Catalog]]:
    """(article path, language, catalog) for every article's catalog in every language."""
    found = []
    for lang in config.locales:
        folder = config.locale_path / lang / "LC_MESSAGES"
        for path in sorted(folder.rglob("*.po")) if folder.is_dir() else []:
            po = read_catalog(config, path)
            rel = path.relative_to(folder).with_suffix("").as_posix()
            if po is not None:
                found.append((article_path(config, rel), lang, po))
    return found
