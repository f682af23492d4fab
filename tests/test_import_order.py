"""One name matcher: the sample city gives the same scores whatever order its files are
imported in — roster first, roster last, or any order between — because a name that
matches at import matches the same way when the roster comes after the records."""
from __future__ import annotations

import random

import pytest

from data.importer import import_file
from data.store import Store
from metrics.scoring import score_year
from tests.conftest import SAMPLE, SAMPLE_FILES

ORDERS = {
    "roster first": SAMPLE_FILES,
    "roster last": [*SAMPLE_FILES[1:], SAMPLE_FILES[0]],
    "reversed": SAMPLE_FILES[::-1],
    "shuffled": random.Random(12).sample(SAMPLE_FILES, len(SAMPLE_FILES)),
}


def scores_after(tmp_path, files: list[str]):
    store = Store.open(tmp_path / "order.duckdb")
    for name in files:
        outcome = import_file(store, SAMPLE / name, user="办公室")
        assert outcome.status == "imported", outcome.summary()
    scores = score_year(store, 2025).scores
    return scores.sort_values("member_id").reset_index(drop=True)


@pytest.fixture(scope="module")
def roster_first(tmp_path_factory):
    return scores_after(tmp_path_factory.mktemp("first"), SAMPLE_FILES)


@pytest.mark.parametrize("order", [o for o in ORDERS if o != "roster first"])
def test_scores_do_not_depend_on_the_order_of_the_files(tmp_path, roster_first, order):
    other = scores_after(tmp_path, ORDERS[order])
    assert list(other["member_id"]) == list(roster_first["member_id"])
    columns = [c for c in roster_first.columns if c in other.columns]
    assert other[columns].astype(str).equals(roster_first[columns].astype(str)), order
