"""Benchmark of metrics.cohorts (分类排名) beside the plain year score, in the same run, on
the synthetic system of scripts/bench_scoring.py (same database files in bench-out/).

    .venv/bin/python scripts/bench_cohorts.py                       # 50,000 members, 4,000,000 rows
    .venv/bin/python scripts/bench_cohorts.py --members 450 --rows 36000

Prints the median time of ``compute_year`` (the whole year), then per cohort dimension of
the default ``[cohorts]`` the cohort ranks of every member and the top-N lists (with the
年中增补 / 年中离任 notes), and all three top lists together as the page, the workbook and
the 分类排名通报 build them — each with its ratio to the year score.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from metrics import cohorts  # noqa: E402
from scripts.bench_scoring import YEAR, timed, year_baseline  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    args, store, rules, t_year, result = year_baseline(__doc__, argv)
    n = rules.cohorts.top_n
    for by in rules.cohorts.by:
        t_rank, ranks = timed(lambda: cohorts.cohort_ranks(result, by), args.repeat)
        t_top, top = timed(lambda: cohorts.top_list(result, by, n), args.repeat)
        print(f"cohort_ranks {by:<10}            {t_rank:8.3f} s  ({t_rank / t_year:.3f} x)  "
              f"{ranks['cohort'].nunique():,} cohorts")
        print(f"top_list {by:<10} (top {n})        {t_top:8.3f} s  ({t_top / t_year:.3f} x)  {len(top):,} rows")
    t_all, lists = timed(lambda: cohorts.top_lists(result), args.repeat)
    print(f"top_lists (all, as the 通报)        {t_all:8.3f} s  ({t_all / t_year:.3f} x)  "
          f"{sum(len(t) for t in lists.values()):,} rows")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
