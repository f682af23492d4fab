"""Benchmark: server time of each page's full run under streamlit's AppTest, on the demo
city and on the 50,000-member synthetic system, cold (first run, empty caches) and warm
(median of later runs).

    .venv/bin/python scripts/bench_pages.py [--big] [--repeat 5]

Targets: ≤ 300 ms median per page on the demo city with a warm cache, ≤ 2 s on the
50,000-member system.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from data.store import Store  # noqa: E402

PAGES = ("overview", "ranking", "warnings", "groups", "profile", "import_files", "pending", "rules", "export",
         "data_tables")


def page_run(page: str) -> float:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.switch_page(f"views/{page}.py")
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"{page}: {[e.value for e in at.exception]}")
    return elapsed


def bench(label: str, db: Path, repeat: int) -> None:
    os.environ["LVZHI_DB"] = str(db)
    print(f"\n{label}")
    print(f"{'page':<14}{'cold (ms)':>12}{'warm median (ms)':>20}")
    for page in PAGES:
        st.cache_resource.clear()
        st.cache_data.clear()
        cold = page_run(page)
        warm = statistics.median(page_run(page) for _ in range(repeat))
        print(f"{page:<14}{cold * 1000:>12.0f}{warm * 1000:>20.0f}")


def demo_db(tmp: Path) -> Path:
    from data.demo import load_demo

    path = tmp / "demo.duckdb"
    store = Store(path)
    load_demo(store)
    store.close()
    return path


def big_db(tmp: Path) -> Path:
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_scoring import generate

    path = tmp / "big.duckdb"
    store = Store(path)
    generate(store, 50_000, 4_000_000)
    store.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", action="store_true", help="also the 50,000-member system")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench("demo city (450 members, 2024-2025)", demo_db(Path(tmp)), args.repeat)
        if args.big:
            bench("synthetic system (50,000 members, ~4,000,000 attendance rows)", big_db(Path(tmp)),
                  max(1, args.repeat // 2))


if __name__ == "__main__":
    main()
