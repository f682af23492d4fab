"""Benchmark: importing the demo city end to end against a bare pandas + calamine read
of the same files, and the import's peak memory.

    .venv/bin/python scripts/bench_import.py [--seed 2025] [--repeat 3]
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data.demo import write_demo_files  # noqa: E402
from data.importer import import_paths  # noqa: E402
from data.store import Store  # noqa: E402


def bare_read(paths: list[Path]) -> None:
    for p in paths:
        pd.read_excel(p, sheet_name=None, header=None, engine="calamine", dtype=object)


def full_import(paths: list[Path], db: Path) -> None:
    store = Store(db)
    outcomes = import_paths(store, paths, user="bench")
    assert all(o.status == "imported" for o in outcomes), [o.summary() for o in outcomes]
    store.close()


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        paths = write_demo_files(tmp / "files", seed=args.seed)
        rows = sum(len(df) for p in paths for df in pd.read_excel(p, sheet_name=None, header=None,
                                                                  engine="calamine").values())
        bare_read(paths)  # warm caches and imports
        full_import(paths, tmp / "warm.duckdb")
        bare = [timed(bare_read, paths) for _ in range(args.repeat)]
        full = [timed(full_import, paths, tmp / f"run{i}.duckdb") for i in range(args.repeat)]
        tracemalloc.start()
        full_import(paths, tmp / "mem.duckdb")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    b, f = statistics.median(bare), statistics.median(full)
    print(f"demo city: {len(paths)} files, {rows} sheet rows")
    print(f"bare pandas+calamine read: {b:.3f} s (median of {args.repeat})")
    print(f"full import:               {f:.3f} s (median of {args.repeat})")
    print(f"ratio import / bare read:  {f / b:.2f}x (target <= 2x)")
    print(f"peak Python memory during import: {peak / 2**20:.1f} MiB (tracemalloc)")
    print(f"peak RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
