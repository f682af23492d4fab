"""Files uploaded together on the import page: a roster among them counts for the names
in the others, and it is written first, so the outcome is the one of importing the files
one by one, roster first (the browser test found a new database's upload marking every
name as pending)."""
from __future__ import annotations

import pytest

from data import importer
from data.store import Store
from tests.conftest import SAMPLE, SAMPLE_FILES

pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="no sample city")


def uploaded(names: list[str]) -> list[tuple]:
    return [(SAMPLE / n, n) for n in names]


def test_names_match_a_roster_uploaded_with_them(store):
    activity_first = SAMPLE_FILES[1:] + SAMPLE_FILES[:1]
    alone = importer.analyse_files(store, uploaded(activity_first[:1]))
    assert alone[0].outcome.pending  # no roster yet: every name is pending
    together = importer.analyse_files(store, uploaded(activity_first))
    assert [a.outcome.pending for a in together] == [[]] * len(SAMPLE_FILES)
    ordered = importer.in_import_order(together)
    assert ordered[0].outcome.file == "委员名册.xlsx"
    assert [a.outcome.file for a in ordered[1:]] == activity_first[:-1]


def test_writing_together_equals_importing_one_by_one(store, tmp_path):
    together = importer.analyse_files(store, uploaded(SAMPLE_FILES[::-1]))
    outcomes = [importer.write_analysis(store, a, "test") for a in importer.in_import_order(together)]
    assert all(o.status == "imported" and not o.pending for o in outcomes)

    reference = Store(tmp_path / "one-by-one.duckdb")
    importer.import_paths(reference, [SAMPLE / n for n in SAMPLE_FILES], user="test")
    assert store.record_counts() == reference.record_counts()
    for table in ("members", "attendance", "proposals", "sqmy"):
        query = f"SELECT * EXCLUDE (rec_id, batch_id, superseded_by) FROM cur_{table}"
        assert sorted(map(repr, store.rows(query))) == sorted(map(repr, reference.rows(query))), table
    reference.close()


def test_a_rejected_roster_does_not_lend_its_names(store, tmp_path):
    from tests.conftest import write_xlsx

    bad = write_xlsx(tmp_path / "名册.xlsx", {"名册": [["姓名", "界别", "职务", "变动日期"], ["张三", "经济界", "委员", "2025年2月30日"]]})
    attendance = SAMPLE / SAMPLE_FILES[1]
    analyses = importer.analyse_files(store, [(bad, bad.name), (attendance, attendance.name)])
    assert analyses[0].outcome.errors and analyses[1].outcome.pending
