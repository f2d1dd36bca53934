"""Benchmark: i18npipe's catalog update against GNU ``msgmerge --previous`` and Babel.

    .venv/bin/python bench/update/run.py --entries 10000 25000 50000

For each size: a fully (pseudo-)translated catalog of that many entries; a template with 5% of
the texts edited and 2% added and removed (``corpus.py``). Each tool updates the same files:

- ours: read and parse the old .po and the .pot, ``catalog.update``, dump, write (whole path);
- ``msgmerge --previous`` (GNU gettext), as a subprocess, with a timeout;
- Babel's ``Catalog.update`` with fuzzy matching (read_po, update, write_po), only up to
  ``--babel-max`` entries: it compares every new text with every old one through difflib.

Then each result is judged against the truth (``harness.judge``). Prints Markdown.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import TypeVar

import babel
import harness
from babel.messages import pofile as babel_pofile
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.catalog import Message as BabelMessage

from i18npipe import catalog, pofile
from i18npipe.model import Catalog, Message

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Run:
    """One tool on one size: seconds taken and decisions made (``None``: not run or timed out)."""

    tool: str
    entries: int
    seconds: float | None
    decisions: harness.Decisions | None
    note: str = ""


def ours(old: Path, pot: Path, out: Path) -> None:
    """The whole path of ``i18npipe update`` for one catalog: read, update, write."""
    previous = pofile.parse_po(old.read_text(encoding="utf-8"), str(old))
    template = pofile.parse_po(pot.read_text(encoding="utf-8"), str(pot))
    new = catalog.update(template, previous, language="de", plural_forms="")
    out.write_bytes(pofile.dump_po(new).encode())


def msgmerge(old: Path, pot: Path, out: Path, timeout: float) -> None:
    subprocess.run(
        ["msgmerge", "--previous", "--quiet", "-o", str(out), str(old), str(pot)],
        check=True,
        timeout=timeout,
    )


def babel_update(old: Path, pot: Path, out: Path) -> Catalog:
    """Babel's read, update, write; its result as our model (its ``#|`` output does not parse)."""
    with old.open("rb") as handle:
        previous = babel_pofile.read_po(handle)
    with pot.open("rb") as handle:
        template = babel_pofile.read_po(handle)
    previous.update(template, no_fuzzy_matching=False, update_header_comment=False)
    buffer = io.BytesIO()
    babel_pofile.write_po(buffer, previous, include_previous=True, width=79)
    out.write_bytes(buffer.getvalue())
    return _from_babel(previous)


def _from_babel(result: BabelCatalog) -> Catalog:
    def message(m: BabelMessage, obsolete: bool) -> Message:
        before = m.previous_id[0] if m.previous_id else None
        flags = ("fuzzy",) if m.fuzzy else ()
        return Message(
            str(m.id), str(m.string), flags=flags, previous_msgid=before, obsolete=obsolete
        )

    live = [message(m, False) for m in result if m.id]
    return Catalog((), (*live, *(message(m, True) for m in result.obsolete.values())))


def _timed(action: Callable[[], None]) -> float:
    return _timed_result(action)[0]


def _timed_result(action: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def measure(entries: int, *, seed: int, timeout: float, babel_max: int, folder: Path) -> list[Run]:
    """Every tool on one generated case of ``entries`` entries."""
    case = harness.make_case(entries, seed=seed)
    old, pot = folder / f"old-{entries}.po", folder / f"new-{entries}.pot"
    old.write_bytes(pofile.dump_po(case.old).encode())
    pot.write_bytes(pofile.dump_po(case.pot).encode())
    runs = [_run("i18npipe", case, lambda out: ours(old, pot, out), folder)]
    try:
        runs.append(
            _run("msgmerge --previous", case, lambda out: msgmerge(old, pot, out, timeout), folder)
        )
    except subprocess.TimeoutExpired:
        runs.append(Run("msgmerge --previous", entries, None, None, f"> {timeout:.0f} s"))
    if entries <= babel_max:
        out = folder / f"babel-{entries}.po"
        seconds, result = _timed_result(lambda: babel_update(old, pot, out))
        runs.append(Run("Babel", entries, seconds, harness.judge(result, case)))
    else:
        runs.append(Run("Babel", entries, None, None, f"not run (> {babel_max} entries)"))
    return runs


def _run(tool: str, case: harness.Case, action: Callable[[Path], None], folder: Path) -> Run:
    out = folder / f"{tool.split()[0]}-{len(case.old.messages)}.po"
    seconds = _timed(lambda: action(out))
    result = pofile.parse_po(out.read_text(encoding="utf-8"), str(out))
    return Run(tool, len(case.old.messages), seconds, harness.judge(result, case))


def update_only(entries: int, *, seed: int) -> tuple[float, float]:
    """Seconds of ``catalog.update`` alone (in memory), and of parse + dump around it."""
    case = harness.make_case(entries, seed=seed)
    old_text, pot_text = pofile.dump_po(case.old), pofile.dump_po(case.pot)
    started = time.perf_counter()
    old, pot = pofile.parse_po(old_text, "old"), pofile.parse_po(pot_text, "pot")
    parsed = time.perf_counter()
    new = catalog.update(pot, old, language="de", plural_forms="")
    updated = time.perf_counter()
    pofile.dump_po(new)
    dumped = time.perf_counter()
    return updated - parsed, (parsed - started) + (dumped - updated)


def machine() -> str:
    """CPU, cores and tool versions."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    gettext = subprocess.run(["msgmerge", "--version"], capture_output=True, text=True).stdout

    return (
        f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}; "
        f"{gettext.splitlines()[0]}; Babel {babel.__version__}; rapidfuzz {version('rapidfuzz')}"
    )


def table(runs: list[Run]) -> str:
    head = [
        "entries",
        "tool",
        "seconds",
        "edited texts",
        "kept fuzzy",
        "right previous msgid",
        "right translation",
        "came back empty",
        "unreviewed published",
        "added texts offered an old translation",
        "precision %",
        "translations lost",
    ]
    body = [_row(run) for run in runs]
    return harness.rows([head, *body])


def _row(run: Run) -> list[object]:
    seconds = f"{run.seconds:.2f}" if run.seconds is not None else run.note
    d = run.decisions
    if d is None:
        return [run.entries, run.tool, seconds, *(["–"] * 9)]
    return [
        run.entries,
        run.tool,
        seconds,
        d.edited,
        d.kept,
        d.right_previous,
        d.right_translation,
        d.lost,
        d.reviewed,
        f"{d.added_suggested} / {d.added}",
        f"{d.precision:.1f}",
        d.translations_lost,
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[10000, 25000, 50000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=900, help="msgmerge time limit (s)")
    parser.add_argument("--babel-max", type=int, default=2000, help="largest size Babel runs at")
    parser.add_argument("--babel-only", type=int, nargs="*", default=[1000, 2000])
    args = parser.parse_args()
    print(f"Machine: {machine()}\n")
    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as tmp:
        for entries in sorted(set(args.entries) | set(args.babel_only)):
            runs += measure(
                entries,
                seed=args.seed,
                timeout=args.timeout,
                babel_max=args.babel_max,
                folder=Path(tmp),
            )
            print(table([r for r in runs if r.entries == entries]).split("\n", 2)[-1], flush=True)
    print("\n" + table(runs))
    growth = [["entries", "catalog.update (s)", "parse + dump (s)"]]
    for entries in sorted(args.entries):
        seconds, io_seconds = update_only(entries, seed=args.seed)
        growth.append([entries, f"{seconds:.2f}", f"{io_seconds:.2f}"])
    print("\n" + harness.rows(growth))


if __name__ == "__main__":
    main()
