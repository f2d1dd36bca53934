"""Precision and recall of fuzzy matching at thresholds 50..95, per kind of edit.

    .venv/bin/python bench/update/threshold.py --entries 20000

Runs ``catalog.update`` on a fully translated catalog whose template had 5% of its texts edited
(typo, word changed, number changed, "not" inserted, sentence added or removed, paragraph split
or merged) and 2% added and removed (new texts built from the same vocabulary and sentence
patterns as the removed ones: unrelated texts that share words). Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

import corpus
import harness

from i18npipe import catalog
from i18npipe.model import Catalog

THRESHOLDS = tuple(range(50, 100, 5))


def sweep(case: harness.Case) -> list[tuple[int, harness.Decisions, Counter[str]]]:
    """The decisions at each threshold, and per kind of edit how many got the right entry."""
    results = []
    for threshold in THRESHOLDS:
        result = catalog.update(
            case.pot, case.old, language="de", plural_forms="", threshold=threshold
        )
        results.append((threshold, harness.judge(result, case), _right_by_kind(result, case)))
    return results


def _right_by_kind(result: Catalog, case: harness.Case) -> Counter[str]:
    live = {m.msgid: m for m in result.messages if not m.obsolete}
    right: Counter[str] = Counter()
    for edit in case.revision.edits:
        wanted = {corpus.pseudo(t) for t in edit.old}
        right[edit.kind] += sum(live[t].msgstr in wanted for t in edit.new)
    return right


def report(case: harness.Case) -> str:
    """Both tables: overall precision/recall, and recall per kind of edit."""
    results = sweep(case)
    totals: Counter[str] = Counter()
    for edit in case.revision.edits:
        totals[edit.kind] += len(edit.new)
    overall: list[list[object]] = [
        ["threshold", "recall %", "precision %", "wrong entry offered", "added texts offered"],
        *(
            [
                t,
                f"{d.recall:.1f}",
                f"{d.precision:.1f}",
                d.kept - d.right_translation,
                f"{d.added_suggested} / {d.added}",
            ]
            for t, d, _ in results
        ),
    ]
    kinds: list[list[object]] = [
        ["threshold", *(f"{k} ({totals[k]})" for k in corpus.EDITS)],
        *(
            [t, *(f"{100 * right[k] / totals[k]:.0f}" for k in corpus.EDITS)]
            for t, _, right in results
        ),
    ]
    return harness.rows(overall) + "\n\nRecall (%) per kind of edit:\n\n" + harness.rows(kinds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    case = harness.make_case(args.entries, seed=args.seed)
    print(f"{args.entries} entries, seed {args.seed}\n")
    print(report(case))
    print(f"\n({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
