"""履职进度 (issue 17 item 1) on the demo city: the year so far as of a date is the scoring
engine over the records dated up to it; the page for 管理员, 主席会议 and 组长; the CLI."""
from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date

import openpyxl
import pandas as pd
import pytest

from data.importer import import_file
from data.store import Store
from metrics import progress as pg
from metrics.scoring import compute_year
from tests.apptest_util import open_page, shown_names
from tests.conftest import ROOT, ROSTER_HEADER, ROSTER_ROWS, write_xlsx
from tests.test_auth import as_user, role_users, signed_in_mode  # noqa: F401 (fixtures; sign-in on)

YEAR = 2025
MID_YEAR = date(YEAR, 6, 30)


@pytest.fixture
def demo(tmp_path, demo_db_file) -> Store:
    path = tmp_path / "progress.duckdb"
    shutil.copy(demo_db_file, path)
    return Store(path)


def by_member(facts: pd.DataFrame) -> pd.DataFrame:
    """Facts in member order (the engine leaves their row order to the database)."""
    return facts.sort_values("member_id").reset_index(drop=True)


@pytest.mark.parametrize("year", [2024, 2025])
def test_as_of_year_end_the_progress_is_the_year_score(demo, year):
    whole = compute_year(demo, year)
    p = pg.progress(demo, year, date(year, 12, 31))
    pd.testing.assert_frame_equal(p.result.scores, whole.scores)
    pd.testing.assert_frame_equal(by_member(p.result.facts), by_member(whole.facts))
    assert p.records["later"].sum() == 0
    assert p.counts()["will_fail"] == int((whole.scores["tier"] == whole.rules.lowest).sum())
    assert p.counts()["warned"] == int(whole.scores["warnings"].map(bool).sum())


def counts_up_to(store: Store, sql: str, day: date) -> pd.Series:
    """member_id -> count, from a query with a ``$day`` placeholder."""
    frame = store.df(sql.replace("$day", f"DATE '{day.isoformat()}'"))
    return frame.set_index("member_id")["n"]


def test_mid_year_counts_exactly_the_records_dated_up_to_the_date(demo):
    p = pg.progress(demo, YEAR, MID_YEAR)
    facts = p.result.facts.set_index("member_id")
    proposals = counts_up_to(demo, f"""
        SELECT x.member_id, count(DISTINCT p.rec_id) AS n
        FROM cur_proposals p JOIN cur_proposal_people x ON x.rec_id = p.rec_id
        WHERE p.year = {YEAR} AND (p.submit_date IS NULL OR p.submit_date <= $day) GROUP BY 1""", MID_YEAR)
    sqmy = counts_up_to(demo, f"""
        SELECT x.member_id, count(DISTINCT s.rec_id) AS n
        FROM cur_sqmy s JOIN cur_sqmy_authors x ON x.rec_id = s.rec_id
        WHERE s.year = {YEAR} AND (s.submit_date IS NULL OR s.submit_date <= $day) GROUP BY 1""", MID_YEAR)
    events = counts_up_to(demo, f"""
        SELECT member_id, count(DISTINCT event_key) AS n FROM cur_attendance
        WHERE year = {YEAR} AND event_date <= $day GROUP BY 1""", MID_YEAR)
    for column, expected in (("proposals", proposals), ("sqmy", sqmy), ("events_invited", events)):
        got = facts[column]
        assert (got == expected.reindex(got.index).fillna(0).astype("int64")).all(), column
    whole = compute_year(demo, YEAR).facts.set_index("member_id")
    assert (facts["proposals"] < whole["proposals"].reindex(facts.index)).any()  # later ones left out
    later = demo.scalar(f"SELECT count(*) FROM cur_attendance WHERE year = {YEAR} AND event_date > DATE '{MID_YEAR}'")
    assert p.records.loc["attendance", "later"] == later > 0
    dates = p.result.provenance["date"].dropna()
    assert (pd.to_datetime(dates) <= pd.Timestamp(MID_YEAR)).all()


def test_undated_records_count_and_the_page_text_says_so(demo):
    undated = demo.scalar(f"SELECT count(*) FROM cur_reports WHERE year = {YEAR} AND submit_date IS NULL")
    assert undated > 0  # the demo city's report list has no dates
    with demo.write() as cur:
        cur.execute(f"UPDATE proposals SET submit_date = NULL WHERE rec_id = (SELECT min(rec_id) "
                    f"FROM cur_proposals WHERE year = {YEAR} AND submit_date > DATE '{MID_YEAR}')")
    p = pg.progress(demo, YEAR, MID_YEAR)
    assert p.records.loc["reports", "undated"] == undated
    assert p.records.loc["proposals", "undated"] == 1
    assert f"履职报告 {undated} 份" in p.undated_text() and "提案 1 件" in p.undated_text()
    submitted = demo.scalar(f"SELECT count(DISTINCT member_id) FROM cur_reports WHERE year = {YEAR} AND submitted")
    counted = p.result.provenance
    assert counted[counted["item"] == "duty_report.submitted"]["member_id"].nunique() == submitted


def test_a_member_without_a_proposal_so_far_is_listed_as_lacking_one(demo):
    p = pg.progress(demo, YEAR, MID_YEAR)
    with_one = set(demo.df(f"""
        SELECT DISTINCT x.member_id FROM cur_proposals p JOIN cur_proposal_people x ON x.rec_id = p.rec_id
        WHERE p.year = {YEAR} AND p.submit_date <= DATE '{MID_YEAR}'""")["member_id"])
    rows = p.members.set_index("member_id")
    lacking = rows.index[~rows.index.isin(with_one)]
    assert len(lacking) > 0
    assert rows.loc[lacking, "no_proposal"].all()
    assert not rows.loc[rows.index.isin(with_one), "no_proposal"].any()
    silent = rows[rows["silent"]]
    assert len(silent) and silent["required"].str.contains("提交提案或社情民意").all()
    assert p.counts()["no_proposal"] == len(lacking)


def test_points_needed_reach_the_pass_line(demo):
    p = pg.progress(demo, YEAR, date(YEAR, 3, 31))
    name, line = pg.pass_line(p.result.rules)
    below = p.members[p.members["below_line"]]
    assert len(below) > 0
    assert ((below["total"] + below["points_needed"]).round(2) == line).all()
    assert below["required"].str.contains(f"分达到{name}").all()


def test_reminder_letters_for_chosen_warned_members(demo):
    p = pg.progress(demo, YEAR, MID_YEAR)
    warned = p.members[p.members["warned"]]["member_id"].tolist()
    quiet = p.members[~p.members["warned"]]["member_id"].iloc[0]
    letters = pg.reminder_letters(p, [*warned[:2], quiet], "市政协")
    assert [c["member_id"] for c in letters] == warned[:2]
    assert all(c["tier"].endswith("（按截至2025年6月30日的记录，若此后情况不变）") for c in letters)
    assert pg.reminder_bytes(demo, p, warned[:2], "市政协")[:2] == b"PK"


# -- the page ------------------------------------------------------------------------------
def page_text(at) -> str:
    return " ".join(str(e.value) for kind in ("title", "caption", "markdown") for e in getattr(at, kind))


@pytest.mark.parametrize("username", ["admin", "chair1"])
def test_page_shows_counts_and_every_member(role_users, username):
    store, _, _ = role_users
    at = as_user(username, "progress")
    assert "履职进度" in page_text(at)
    labels = [m.label for m in at.metric]
    assert "将不称职" in labels and "尚无提案" in labels
    table = at.dataframe[0].value
    assert len(table) == len(compute_year(store, YEAR).scores)
    assert any(m.key == "prog_letters" for m in at.multiselect)


def test_leader_sees_only_the_members_of_the_group(role_users):
    store, group, _ = role_users
    own = set(store.df("SELECT name FROM cur_members WHERE liaison_group = ?", [group])["name"])
    at = as_user("leader1", "progress")
    names = set(shown_names(at.dataframe[0].value["姓名"]))
    assert names and names <= own
    assert not any(m.key == "prog_letters" for m in at.multiselect)


def test_page_date_and_filter_change_the_list(role_users):
    at = as_user("admin", "progress")
    key = f"prog_as_of_{YEAR}"
    at.date_input(key=key).set_value(date(YEAR, 12, 31)).run()
    year_end = {m.label: m.value for m in at.metric}
    at.date_input(key=key).set_value(date(YEAR, 2, 1)).run()
    early = {m.label: m.value for m in at.metric}
    assert int(early["将不称职"].split()[0]) > int(year_end["将不称职"].split()[0])
    at.selectbox(key="prog_flag").set_value("no_proposal").run()
    assert len(at.dataframe[0].value) == int(early["尚无提案"].split()[0])


def test_a_year_without_records_shows_a_notice_not_a_list(empty_app_db, tmp_path, monkeypatch):
    monkeypatch.setenv("LVZHI_LOCAL_MODE", "1")
    store = Store.open(empty_app_db)
    roster = write_xlsx(tmp_path / "委员名册.xlsx", {"名册": [ROSTER_HEADER, *ROSTER_ROWS]})
    assert import_file(store, roster, user="办公室").status == "imported"
    at = open_page("progress")
    assert "暂不计分" in " ".join(str(i.value) for i in at.info)
    assert not at.dataframe and not at.metric


# -- the command ---------------------------------------------------------------------------
def test_cli_prints_the_counts_and_writes_the_list(demo_db_file, tmp_path):
    db = tmp_path / "cli.duckdb"
    shutil.copy(demo_db_file, db)
    out = tmp_path / "提醒名单.xlsx"
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "--db", str(db), "progress",
                           "--as-of", MID_YEAR.isoformat(), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    expected = pg.progress(Store(db), YEAR, MID_YEAR)
    assert f"将不称职：{expected.counts()['will_fail']} 人" in proc.stdout
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "截至2025年6月30日" in rows[0][0]
    header = next(i for i, r in enumerate(rows) if r and r[0] == pg.COLUMN_LABELS["member_id"])
    assert len(rows) - header - 1 == len(expected.members)


def test_cli_rejects_a_date_it_cannot_read(demo_db_file, tmp_path):
    db = tmp_path / "cli.duckdb"
    shutil.copy(demo_db_file, db)
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "--db", str(db), "progress", "--as-of", "六月"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2 and "无法识别" in proc.stderr
