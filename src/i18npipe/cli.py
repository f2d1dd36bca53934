"""The ``i18npipe`` command: argument parsing, printing, exit codes. No stage logic lives here.

Exit codes follow CLI conventions: 0 all good, 1 problems found (bad input, rejected
translations), 2 usage errors.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__, config, locales, memory, pipeline, pretranslate, report, tmx, workspace
from .errors import ConfigError, I18npipeError
from .pipeline import Outcome

DESCRIPTION = """\
Translate Markdown articles through gettext catalogs.

  extract  content/<a>.md            -> locale/templates/<a>.pot
  update   content/<a>.md            -> locale/<lang>/LC_MESSAGES/<a>.po (keeps all translations)
  build    locale/<lang>/.../<a>.po  -> public/<lang>/<a>.md + public/manifest.json
  status   a table of reviewed / needs review / untranslated per language and article
  check    report every translation the build would refuse (exit 1 if any); writes nothing
  translate  machine-pretranslate untranslated entries (fuzzy: published only once reviewed)
  run      extract, update, translate (when [translator] is configured) and build, in order
  tm       translation memory: import/export TMX 1.4, rebuild from the catalogs
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="i18npipe",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Configuration: [tool.i18npipe] in pyproject.toml or i18npipe.toml.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "-C",
        "--directory",
        type=Path,
        default=Path("."),
        help="project directory (default: the current one)",
    )
    parser.add_argument("--config", type=Path, help="configuration file to read")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="COMMAND")
    verbs.add_parser("extract", help="write a .pot template per article")
    verbs.add_parser("update", help="bring each language's .po up to date with the templates")
    for name, text in (
        ("build", "write the localized articles and the manifest"),
        ("run", "extract, update, translate (if configured) and build"),
    ):
        verb = verbs.add_parser(name, help=text)
        verb.add_argument(
            "--publish-fuzzy",
            action="store_true",
            help="also publish fuzzy (unreviewed) translations",
        )
    verbs.add_parser("check", help="report unsafe translations and bad input; write nothing")
    verb = verbs.add_parser("translate", help="machine-pretranslate untranslated entries")
    verb.add_argument("languages", nargs="*", metavar="LANG", help="only these (default: all)")
    verb.add_argument("--provider", help="provider name (default: [translator] provider)")
    verb.add_argument("--provider-url", help="service URL (e.g. a self-hosted LibreTranslate)")
    verb.add_argument(
        "--dry-run", action="store_true", help="show what would be sent and its cost; send nothing"
    )
    verb = verbs.add_parser("status", help="show how complete each language is")
    verb.add_argument("--format", choices=("table", "json"), default="table")
    _tm_parser(verbs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        cfg = config.load(args.directory, args.config)
        if getattr(args, "publish_fuzzy", False):
            cfg = dataclasses.replace(cfg, publish_fuzzy=True)
        return _dispatch(args, cfg)
    except I18npipeError as err:
        print(f"{err}" if err.path else f"i18npipe: error: {err}", file=sys.stderr)
        if err.hint:
            print(f"  hint: {err.hint}", file=sys.stderr)
        # A configuration or invocation mistake is a usage error (2); bad input is 1.
        return 2 if isinstance(err, ConfigError) else 1
    except OSError as err:
        where = f"{err.filename}: " if err.filename else ""
        print(f"i18npipe: error: {where}{err.strerror or err}", file=sys.stderr)
        print(
            "  hint: check that the path exists, is the right kind and is writable", file=sys.stderr
        )
        return 1


def _tm_parser(verbs: Any) -> None:
    tm = verbs.add_parser("tm", help="translation memory: import, export, rebuild")
    actions = tm.add_subparsers(dest="action", required=True, metavar="ACTION")
    imp = actions.add_parser("import", help="add the translations of TMX files to the memory")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE.tmx")
    exp = actions.add_parser("export", help="write the memory as TMX 1.4")
    exp.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    exp.add_argument("--language", action="append", help="only these languages (repeatable)")
    actions.add_parser("rebuild", help="recreate the memory from the catalogs")


def _tm(args: argparse.Namespace, cfg: config.Config) -> int:
    path = workspace.memory_path(cfg)
    if args.action == "rebuild":
        changes = memory.rebuild_memory(
            path, workspace.all_catalogs(cfg), source_lang=cfg.source_lang
        )
        print(
            f"recorded {changes.added} reviewed translations in {workspace.display_path(cfg, path)}"
        )
        print("note: TMX imports are not in the catalogs; import those files again if needed")
        return 0
    with memory.open_memory(path) as mem:
        if args.action == "export":
            data = tmx.export_tmx(mem, source_lang=cfg.source_lang, languages=args.language)
            if args.output is None:
                sys.stdout.write(data.decode("utf-8"))
            else:
                workspace.write_atomic(args.output, data)
                print(f"wrote {args.output}")
            return 0
        for file in args.files:
            content, changes = tmx.import_tmx(
                mem,
                _read(file),
                path=str(file),
                source_lang=cfg.source_lang,
                languages=cfg.locales,
            )
            print(
                f"{file}: read {content.read} units, added {changes.added}, "
                f"changed {changes.changed}, skipped {content.skipped}"
            )
            if content.other_languages:
                print(f"{file}: ignored languages: {', '.join(content.other_languages)}")
    return 0


def _translate(args: argparse.Namespace, cfg: config.Config) -> int:
    provider = pretranslate.settings(cfg.translator, provider=args.provider, url=args.provider_url)
    languages = [locales.normalize(lang, where="LANG") for lang in args.languages]
    unknown = [lang for lang in languages if lang not in cfg.locales]
    if unknown:
        raise ConfigError(
            f"not a configured locale: {', '.join(unknown)}",
            hint=f"configured: {', '.join(cfg.locales)}",
        )
    with report.progress_bar(f"translating with {provider.name}") as progress:
        done = pretranslate.pretranslate(
            cfg, provider, languages=languages, dry_run=args.dry_run, progress=progress
        )
    result = done.result
    if result.estimate is not None:
        est = result.estimate
        cost = "unknown" if est.cost is None else f"about {est.cost:.2f} USD"
        print(
            f"would send {est.segments} texts ({est.characters} characters) in "
            f"{est.requests} requests to {provider.name}; cost {cost}; "
            f"{result.cached} texts already cached"
        )
        return 0
    print(
        f"{result.filled} entries filled ({result.segments} distinct texts: {result.cached} "
        f"from the cache, {result.sent} sent in {result.requests} requests); "
        "machine translations are fuzzy until reviewed"
    )
    code = _finish(cfg, done.outcome)
    return 1 if result.failures else code


def _run_translate(cfg: config.Config) -> pipeline.Step:
    provider = pretranslate.settings(cfg.translator)

    def step(found: list[workspace.Article]) -> pipeline.Outcome:
        return pretranslate.pretranslate(cfg, provider, found=found).outcome

    return step


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as err:
        raise I18npipeError(f"cannot read: {err.strerror}", path=str(file)) from None


def _dispatch(args: argparse.Namespace, cfg: config.Config) -> int:
    if args.verb == "tm":
        return _tm(args, cfg)
    if args.verb == "status":
        return _status(cfg, args.format)
    if args.verb == "check":
        return _check(cfg)
    if args.verb == "translate":
        return _translate(args, cfg)
    if args.verb == "run":
        step = _run_translate(cfg) if cfg.translator else None
        with report.stages("i18npipe run") as progress:
            outcome = pipeline.run(cfg, progress=progress, translate=step)
    elif args.verb == "extract":
        outcome = pipeline.extract(cfg)
    else:
        with memory.open_memory(workspace.memory_path(cfg)) as mem:
            if args.verb == "update":
                pipeline.remember(cfg, mem, workspace.articles(cfg))
                outcome = pipeline.update(cfg, mem=mem)
            else:
                found = workspace.articles(cfg)
                outcome = pipeline.build(cfg, found)
                pipeline.remember(cfg, mem, found)
    return _finish(cfg, outcome)


def _finish(cfg: config.Config, outcome: Outcome) -> int:
    for diagnostic in outcome.diagnostics:
        print(diagnostic, file=sys.stderr)
    for path in outcome.written:
        print(f"wrote {workspace.display_path(cfg, path)}")
    for path in outcome.removed:
        print(f"removed {workspace.display_path(cfg, path)}")
    if not outcome.written and not outcome.removed:
        print("nothing changed")
    if outcome.statuses:
        report.status_table(outcome.statuses, _names(cfg))
    return 1 if any(d.severity == "error" for d in outcome.diagnostics) else 0


def _status(cfg: config.Config, fmt: str) -> int:
    outcome = pipeline.status(cfg)
    if fmt == "json":
        rows = [
            {
                "article": s.article,
                "language": s.language,
                "reviewed": s.counts.translated,
                "needs_review": s.counts.needs_review,
                "untranslated": s.counts.untranslated,
                "rejected": s.rejected,
                "percent": round(s.counts.percent, 1),
            }
            for s in outcome.statuses
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        report.status_table(outcome.statuses, _names(cfg))
    return 0


def _check(cfg: config.Config) -> int:
    outcome = pipeline.status(cfg)
    for diagnostic in outcome.diagnostics:
        print(diagnostic, file=sys.stderr)
    errors = sum(d.severity == "error" for d in outcome.diagnostics)
    print(f"{errors} error(s), {len(outcome.diagnostics) - errors} warning(s)")
    return 1 if errors else 0


def _names(cfg: config.Config) -> dict[str, str]:
    return {lang: locales.display_name(lang) for lang in cfg.locales}


if __name__ == "__main__":
    sys.exit(main())
