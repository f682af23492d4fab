"""The benchmark's generator still builds a system the engine scores consistently
(a small size; the timing runs are scripts/bench_scoring.py)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from data.store import Store
from metrics.scoring import score_year

BENCH = Path(__file__).resolve().parents[1] / "scripts" / "bench_scoring.py"


def test_bench_generator_and_scoring_agree(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_scoring", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    store = Store(tmp_path / "b.duckdb")
    bench.generate(store, members=300, rows=9000)
    assert store.record_counts()["attendance"] > 8000
    result = score_year(store, bench.YEAR)
    scores = result.scores
    assert len(scores) < 300 and scores["left_midyear"].any() and scores["joined_midyear"].any()
    cols = list(result.score_columns)
    before = (scores[cols] * 100).round().sum(axis=1)
    prov = (result.provenance.groupby("member_id")["points"].sum() * 100).round()
    assert (prov.reindex(scores["member_id"], fill_value=0).to_numpy() == before.to_numpy()).all()
    assert bench.main(["--members", "60", "--rows", "3000", "--repeat", "1",
                       "--db", str(tmp_path / "m.duckdb")]) == 0
