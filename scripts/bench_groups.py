"""Benchmark of 组别考评 (metrics.group_rank.assess_groups, both dimensions) beside the
plain year score, on the synthetic system of scripts/bench_scoring.py (the same sizes and
the same database file, generated when missing) or on the demo city.

    .venv/bin/python scripts/bench_groups.py                       # 50,000 members, 4,000,000 rows
    .venv/bin/python scripts/bench_groups.py --members 450 --rows 36000
    .venv/bin/python scripts/bench_groups.py --demo

Prints the median of --repeat runs of ``score_year``, of the group assessment on a fresh
result (the group overview computed, not remembered) and on the same result again (as a
page rerun), and the ratio of the fresh assessment to the year score.
"""
from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scoring import YEAR, bench_arguments, bench_store, timed  # noqa: E402
from data.store import Store  # noqa: E402
from metrics import group_rank  # noqa: E402
from metrics.rules import default_rules  # noqa: E402
from metrics.scoring import score_year  # noqa: E402


def assess_both(store: Store, result) -> list:
    return [group_rank.assess_groups(store, result, d) for d in group_rank.GROUP_DIMENSIONS]


def report(store: Store, year: int, repeat: int) -> None:
    rules = default_rules()
    t_score, result = timed(lambda: score_year(store, year, rules), repeat)
    # a copy of the result is a new key for the remembered group overview: computed afresh
    t_fresh, assessed = timed(lambda: assess_both(store, replace(result)), repeat)
    assess_both(store, result)
    t_again, _ = timed(lambda: assess_both(store, result), repeat)
    groups = sum(len(a.ranking) for a in assessed)
    print(f"scored members {len(result.scores):,}  groups assessed {groups}")
    print(f"score_year                      {t_score:8.3f} s")
    print(f"group assessment (fresh)        {t_fresh:8.3f} s")
    print(f"group assessment (page rerun)   {t_again:8.3f} s")
    print(f"ratio fresh / score_year        {t_fresh / t_score:8.2f} x")


def main(argv: list[str] | None = None) -> int:
    args = bench_arguments(__doc__, "the demo city's 2025 instead").parse_args(argv)
    if args.demo:
        from data.demo import load_demo

        with tempfile.TemporaryDirectory() as tmp:
            store = Store(Path(tmp) / "demo.duckdb")
            load_demo(store)
            print("demo city 2025")
            report(store, 2025, args.repeat)
            store.close()
        return 0
    store = bench_store(args)
    counts = store.record_counts()
    print(f"members {counts['members']:,}  attendance rows {counts['attendance']:,}  threads {args.threads}")
    report(store, YEAR, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
