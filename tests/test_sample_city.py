"""The sample city (tests/samples/city-2025, a copy of the shared one): roster first, then the rest, imports
with no error and no pending name, and the database holds what the files hold (counted
here independently with openpyxl)."""
from __future__ import annotations

import openpyxl
import pytest

from data.importer import import_file
from tests.conftest import SAMPLE, SAMPLE_FILES


def sheet_rows(name: str):
    wb = openpyxl.load_workbook(SAMPLE / name, read_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def expected_counts() -> dict[str, int]:
    roster = sheet_rows("委员名册.xlsx")["委员名册"]
    members = sum(1 for r in roster[2:] if not blank(r[1]))
    plenary = sheet_rows("2025年全会常委会出勤.xlsx")["会议出勤"]
    matrix_events = len(plenary[1]) - 2
    matrix_marks = sum(1 for r in plenary[3:] for v in r[2:] if not blank(v))
    groups = sheet_rows("2025年界别活动组和联络组活动.xlsx")
    group_events = sum(len(rows[0]) - 1 for rows in groups.values())
    group_marks = sum(1 for rows in groups.values() for r in rows[1:] for v in r[1:] if not blank(v))
    long_rows = [r for r in sheet_rows("2025年协商视察调研活动出勤.xlsx")["活动出勤"][2:] if isinstance(r[0], int)]
    proposals = [r for r in sheet_rows("2025年提案目录.xlsx")["提案目录"][2:] if not blank(r[1])]
    sqmy = [r for r in sheet_rows("2025年社情民意采用情况.xlsx")["社情民意"][2:] if not blank(r[1])]
    other = sheet_rows("2025年发言报告及其他履职.xlsx")
    return {
        "members": members,
        "events": matrix_events + group_events + len({r[1] for r in long_rows}),
        "attendance": matrix_marks + group_marks + len(long_rows),
        "proposals": len(proposals),
        "sqmy": len(sqmy),
        "speeches": len(other["大会发言"]) - 1,
        "reports": len(other["履职报告"]) - 1,
        "other_duties": len(other["其他履职"]) - 1,
        "adjustments": len(other["加减分"]) - 1,
    }


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    from data.store import Store

    store = Store(tmp_path_factory.mktemp("sample") / "sample.duckdb")
    outcomes = [import_file(store, SAMPLE / name) for name in SAMPLE_FILES]
    yield store, outcomes
    store.close()


def test_sample_imports_without_errors_or_pending_names(sample_store):
    _, outcomes = sample_store
    for o in outcomes:
        assert o.status == "imported", (o.file, [e.message() for e in o.errors])
        assert o.pending == [], (o.file, o.pending)


def test_sample_counts_equal_the_files(sample_store):
    store, _ = sample_store
    counts = store.record_counts()
    got = {k: counts[k] for k in ("members", "attendance", "proposals", "sqmy", "speeches", "reports",
                                  "other_duties", "adjustments")}
    got["events"] = store.scalar("SELECT count(*) FROM cur_events")
    assert got == expected_counts()


def test_sample_two_members_of_one_name_are_told_apart(sample_store):
    store, _ = sample_store
    rows = store.rows("SELECT a.member_id, count(*) FROM cur_attendance a JOIN cur_members m USING (member_id) "
                      "WHERE m.name = '郝芳欣' GROUP BY ALL ORDER BY 1")
    assert [r[0] for r in rows] == ["W0004", "W0061"]


def test_sample_collective_proposal_credits_its_writers(sample_store):
    store, _ = sample_store
    leads = store.rows("SELECT pp.member_id FROM cur_proposal_people pp JOIN cur_proposals p USING (rec_id) "
                       "WHERE p.number = '250057' ORDER BY pp.position")
    assert leads == [("W0031",), ("W0045",)]


def test_sample_reimport_changes_nothing(sample_store):
    store, _ = sample_store
    before = store.table_contents()
    assert [import_file(store, SAMPLE / n).status for n in SAMPLE_FILES] == ["unchanged"] * len(SAMPLE_FILES)
    assert store.table_contents() == before
