"""Benchmark of the year-end export on the demo city (seed 2025, 2024–2025; built into a
temporary database unless --db is given).

    .venv/bin/python scripts/bench_export.py
    .venv/bin/python scripts/bench_export.py --db var/lvzhi.duckdb --year 2025 --repeat 3

Prints (median of --repeat runs, the year already scored): the evaluation workbook
(``evaluation.evaluation_workbook``), every member's 履职档案 as one workbook per 委员联络组
(``evaluation.write_archives``, the term's other years already scored), and one member's
archive as the profile page makes it. Targets (2 cores): workbook ≤ 2 s, all archives ≤ 10 s.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data.store import Store  # noqa: E402
from metrics import evaluation  # noqa: E402
from metrics.scoring import score_year  # noqa: E402

TARGETS = {"考评工作簿": 2.0, "全部履职档案": 10.0}


def median_time(job: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def demo_store(directory: Path) -> Store:
    from data.demo import load_demo

    store = Store(directory / "demo.duckdb")
    load_demo(store)
    return store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing database (default: the demo city, built now)")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        store = Store(args.db) if args.db else demo_store(tmp)
        result = score_year(store, args.year)
        term = [score_year(store, y) for y in evaluation.term_results_needed(store, result)]
        members = len(result.scores)
        workbook = evaluation.evaluation_workbook(store, result)
        timings = {
            "考评工作簿": median_time(lambda: evaluation.evaluation_workbook(store, result), args.repeat),
            "全部履职档案": median_time(lambda: evaluation.write_archives(store, result, tmp / "archives", term),
                                   args.repeat),
            "单人履职档案": median_time(lambda: evaluation.archive_workbook(
                store, result, [result.scores["member_id"].iloc[0]], term), args.repeat),
        }
        files = sorted((tmp / "archives").glob("*.xlsx"))
        size = sum(f.stat().st_size for f in files)
        store.close()
    print(f"{args.year}年度，{members} 位委员，本届其他年度 {[r.year for r in term]}；每项取 {args.repeat} 次的中位数")
    for name, seconds in timings.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else f"（目标 ≤ {target:g} s，{'达标' if seconds <= target else '未达标'}）"
        print(f"{name:<8} {seconds:6.2f} s{verdict}")
    print(f"考评工作簿 {len(workbook) / 1024:.0f} KB；履职档案 {len(files)} 个工作簿，共 {size / 1024:.0f} KB")
    return 0 if all(timings[k] <= v for k, v in TARGETS.items()) else 1


if __name__ == "__main__":
    sys.exit(main())
