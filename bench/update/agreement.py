"""The word index against an exhaustive search, on the searches a catalog update makes.

    .venv/bin/python bench/update/agreement.py --entries 10000 25000

The exhaustive side scores every new text against every old text that left the template.
"""

from __future__ import annotations

import argparse
import time

import harness

from i18npipe.catalog import FUZZY_THRESHOLD


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[10000, 25000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    table: list[list[object]] = [
        [
            "entries",
            "edited texts",
            "right entry: index",
            "right entry: exhaustive",
            "found only by exhaustive",
            "added texts offered a wrong entry: index",
            "added texts offered a wrong entry: exhaustive",
            "seconds",
        ]
    ]
    for entries in args.entries:
        started = time.perf_counter()
        a = harness.agreement(harness.make_case(entries, seed=args.seed), FUZZY_THRESHOLD)
        table.append(
            [
                entries,
                a.edited,
                a.index_right,
                a.exhaustive_right,
                a.only_exhaustive,
                f"{a.index_offered} / {a.added}",
                f"{a.exhaustive_offered} / {a.added}",
                f"{time.perf_counter() - started:.0f}",
            ]
        )
    print(harness.rows(table))


if __name__ == "__main__":
    main()
