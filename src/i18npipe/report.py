"""Terminal output for people: status tables and stage progress. The one module importing rich."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from .catalog import Counts
from .pipeline import LanguageStatus


def _console(stderr: bool = False) -> Console:
    # Re-created per call so tests capturing sys.stdout/sys.stderr see the output.
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 120  # logs and pipes: wide enough for a full row
    return Console(file=stream, highlight=False, width=width)


def status_table(statuses: Iterable[LanguageStatus], names: dict[str, str]) -> None:
    """Print one table: a row per article and language, and a total per language."""
    rows = sorted(statuses, key=lambda s: (s.language, s.article))
    table = Table(title="Translation status", title_justify="left")
    for column, justify in (
        ("language", "left"),
        ("article", "left"),
        ("reviewed", "right"),
        ("needs review", "right"),
        ("untranslated", "right"),
        ("rejected", "right"),
        ("done", "right"),
    ):
        table.add_column(column, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    totals: dict[str, Counts] = {}
    for st in rows:
        totals[st.language] = totals.get(st.language, Counts()) + st.counts
        table.add_row(
            f"{st.language} ({names.get(st.language, '')})",
            st.article,
            str(st.counts.translated),
            str(st.counts.needs_review),
            str(st.counts.untranslated),
            str(st.rejected),
            _percent(st.counts),
        )
    if len({s.article for s in rows}) > 1:
        for lang, total in totals.items():
            table.add_row(
                f"[bold]{lang}[/bold]",
                "[bold]all articles[/bold]",
                str(total.translated),
                str(total.needs_review),
                str(total.untranslated),
                "",
                _percent(total),
            )
    _console().print(table)


def _percent(counts: Counts) -> str:
    pct = counts.percent
    colour = "green" if pct == 100 else "yellow" if pct >= 50 else "red"
    return f"[{colour}]{pct:5.1f}%[/{colour}]"


@contextmanager
def progress_bar(title: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar for long work; yields ``update(done, total)``. Quiet when not a terminal."""
    console = _console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, disable=not console.is_terminal) as bar:
        task = bar.add_task(title, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@contextmanager
def stages(title: str) -> Iterator[StageReporter]:
    """A live status line for a multi-stage run (plain lines when not on a terminal)."""
    console = _console(stderr=True)
    with console.status(title) as live:
        yield StageReporter(console, live)


class StageReporter:
    """Shows which stage is running."""

    def __init__(self, console: Console, live: object) -> None:
        self._console = console
        self._live = live

    def __call__(self, stage: str) -> None:
        update = getattr(self._live, "update", None)
        if callable(update):
            update(f"i18npipe: {stage} …")
        if not self._console.is_terminal:
            self._console.print(f"i18npipe: {stage}")
