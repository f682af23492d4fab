"""Benchmark of metrics.progress (履职进度 as of a date) beside the plain year score, on
the synthetic system of scripts/bench_scoring.py (same database files in bench-out/).

    .venv/bin/python scripts/bench_progress.py                       # 50,000 members, 4,000,000 rows
    .venv/bin/python scripts/bench_progress.py --members 450 --rows 36000

Prints the median time of ``compute_year`` (the whole year) and of ``progress`` as of
30 June and 31 December (the engine over the records up to the date, plus the list and
the record counts), and their ratio to the year score.
"""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from metrics.progress import progress  # noqa: E402
from scripts.bench_scoring import YEAR, timed, year_baseline  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    args, store, rules, t_year, result = year_baseline(__doc__, argv)
    for day in (date(YEAR, 6, 30), date(YEAR, 12, 31)):
        t, p = timed(lambda: progress(store, YEAR, day, rules=rules), args.repeat)
        counts = p.counts()
        print(f"progress as of {day}     {t:8.3f} s  ({t / t_year:.2f} x)  "
              f"将不称职 {counts['will_fail']:,}  将预警 {counts['warned']:,}  尚无提案 {counts['no_proposal']:,}")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
