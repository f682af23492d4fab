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

    # an unknown 职务 is a question now, not an error: a row without its 界别 is an error
    bad = write_xlsx(tmp_path / "名册.xlsx", {"名册": [["姓名", "界别", "职务"], ["张三", "经济界", "委员"],
                                                      ["李四", None, "委员"]]})
    attendance = SAMPLE / SAMPLE_FILES[1]
    analyses = importer.analyse_files(store, [(bad, bad.name), (attendance, attendance.name)])
    assert analyses[0].outcome.errors and analyses[1].outcome.pending


def test_a_roster_update_uploaded_with_the_full_roster_finds_its_members(store, tmp_path):
    """Two rosters in one upload: the 职务 update without 编号 is read against the members
    the full roster brings, so it updates 王刚 instead of making a second one."""
    from tests.conftest import ROSTER_HEADER, ROSTER_ROWS, write_xlsx

    full = write_xlsx(tmp_path / "委员名册.xlsx", {"名册": [["政协××市第十四届委员会委员名册"], ROSTER_HEADER,
                                                            *ROSTER_ROWS]})
    update = write_xlsx(tmp_path / "职务调整名单.xlsx", {"名单": [["姓名", "界别", "政协职务"], ["王刚", "中共", "常委"]]})
    analyses = importer.analyse_files(store, [(full, full.name), (update, update.name)])
    assert [a.outcome.status for a in analyses] == ["checked", "checked"]
    notes = [n for s in analyses[1].outcome.sheets for n in s.notes]
    assert not any(n.startswith("新委员") for n in notes), notes
    for analysis in importer.in_import_order(analyses):
        assert importer.write_analysis(store, analysis, "test").status == "imported"
    assert store.rows("SELECT member_id, title, party, committee FROM cur_members WHERE name = '王刚'") == \
        [("A01", "常委", "中共", "经济委员会")]
    assert store.scalar("SELECT count(*) FROM cur_members") == len(ROSTER_ROWS)
