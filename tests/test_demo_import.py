"""The demo city goes through the normal import path: no error, no pending name, two
years of one term, and the same seed gives the same database."""
from __future__ import annotations

import pytest

from data.demo import load_demo
from data.store import Store


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    outcomes = load_demo(store, seed=7, out_dir=tmp_path_factory.mktemp("files"))
    yield store, outcomes
    store.close()


def test_demo_imports_cleanly(demo_store):
    store, outcomes = demo_store
    assert all(o.status == "imported" for o in outcomes)
    assert all(o.pending == [] for o in outcomes)
    assert store.scalar("SELECT count(*) FROM batches") == len(outcomes)


def test_demo_shape(demo_store):
    store, _ = demo_store
    members, sectors, groups, liaisons, standing, terms = store.rows(
        "SELECT count(*), count(DISTINCT sector), count(DISTINCT activity_group), count(DISTINCT liaison_group), "
        "avg(is_standing::INT), count(DISTINCT term) FROM cur_members")[0]
    assert 430 <= members <= 470 and sectors == 25 and groups == 7 and liaisons == 5 and terms == 1
    assert 0.15 <= standing <= 0.25
    years = store.rows("SELECT year, count(*) FROM cur_attendance GROUP BY year ORDER BY year")
    assert [y for y, _ in years] == [2024, 2025] and all(n > 1000 for _, n in years)
    for table in ("proposals", "sqmy", "speeches", "reports", "other_duties", "adjustments"):
        assert store.rows(f"SELECT DISTINCT year FROM cur_{table} ORDER BY year") == [(2024,), (2025,)], table
    plenary = store.rows("SELECT year, count(DISTINCT event_key) FROM cur_attendance WHERE category = 'plenary' "
                         "GROUP BY year ORDER BY year")
    assert plenary == [(2024, 1), (2025, 1)]


def test_demo_is_deterministic_for_a_seed(demo_store, tmp_path):
    store, _ = demo_store
    again = Store(tmp_path / "again.duckdb")
    load_demo(again, seed=7)
    query = "SELECT identity, content_hash FROM {} ORDER BY identity"
    for table in ("members", "attendance", "proposals", "sqmy"):
        assert again.rows(query.format(table)) == store.rows(query.format(table)), table
    again.close()
