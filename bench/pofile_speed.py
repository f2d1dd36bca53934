"""Benchmark: ``parse_po`` and ``dump_po`` on a realistic catalog (best of several runs).

    .venv/bin/python bench/pofile_speed.py --entries 25000

The catalog is the old, fully translated catalog of the update benchmark
(``bench/update/harness.py``, ``make_case``); ``parse_po`` reads what ``dump_po`` writes.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "update"))

import harness

from i18npipe import pofile


def best(function: Callable[[], object], repeat: int) -> float:
    """The shortest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, nargs="+", default=[25000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| entries | bytes | parse_po (s) | dump_po (s) |")
    print("|---:|---:|---:|---:|")
    for entries in args.entries:
        catalog = harness.make_case(entries).old
        text = pofile.dump_po(catalog)
        parse = best(functools.partial(pofile.parse_po, text, "bench.po"), args.repeat)
        dump = best(functools.partial(pofile.dump_po, catalog), args.repeat)
        print(f"| {entries} | {len(text.encode())} | {parse:.3f} | {dump:.3f} |")


if __name__ == "__main__":
    main()
