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

from . import __version__, config, locales, pipeline, report
from .errors import I18npipeError
from .pipeline import Outcome

DESCRIPTION = """\
Translate Markdown articles through gettext catalogs.

  extract  content/<a>.md            -> locale/templates/<a>.pot
  update   locale/templates/<a>.pot  -> locale/<lang>/LC_MESSAGES/<a>.po (keeps all translations)
  build    locale/<lang>/.../<a>.po  -> public/<lang>/<a>.md + public/manifest.json
  status   a table of reviewed / needs review / untranslated per language and article
  check    report every translation the build would refuse (exit 1 if any); writes nothing
  run      extract, update and build in order
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
        ("run", "extract, update and build"),
    ):
        verb = verbs.add_parser(name, help=text)
        verb.add_argument(
            "--publish-fuzzy",
            action="store_true",
            help="also publish fuzzy (unreviewed) translations",
        )
    verbs.add_parser("check", help="report unsafe translations and bad input; write nothing")
    verb = verbs.add_parser("status", help="show how complete each language is")
    verb.add_argument("--format", choices=("table", "json"), default="table")
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
        return 1


def _dispatch(args: argparse.Namespace, cfg: config.Config) -> int:
    if args.verb == "status":
        return _status(cfg, args.format)
    if args.verb == "check":
        return _check(cfg)
    if args.verb == "run":
        with report.stages("i18npipe run") as progress:
            outcome = pipeline.run(cfg, progress=progress)
    else:
        outcome = {"extract": pipeline.extract, "update": pipeline.update, "build": pipeline.build}[
            args.verb
        ](cfg)
    return _finish(cfg, outcome)


def _finish(cfg: config.Config, outcome: Outcome) -> int:
    for diagnostic in outcome.diagnostics:
        print(diagnostic, file=sys.stderr)
    for path in outcome.written:
        print(f"wrote {path.relative_to(cfg.root).as_posix()}")
    if not outcome.written:
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
