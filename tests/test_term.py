"""届期考评 (issue 17 item 2) on the demo city (two years of 十四届) and the sample city:
term totals equal counts taken here straight from the records, each year's figures are
the engine's, the 换届参考 verdicts and their reasons follow [term_rules], bad rule files
are refused in Chinese, the 档案 workbook holds one sheet per member, and the CLI."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from data.importer import import_file
from data.store import Store
from metrics import term as tm
from metrics import whatif
from metrics.rules import DEFAULT_RULES_PATH, RuleError, TermRules, default_rules, parse_rules, save_rule_set
from metrics.score_csv import warnings_text
from tests.conftest import ROOT, SAMPLE, SAMPLE_FILES, scored_demo_copy

TERM, YEARS = "十四届", (2024, 2025)
DEFAULT_TEXT = DEFAULT_RULES_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def demo(demo_db_file, tmp_path_factory):
    store, _ = scored_demo_copy(demo_db_file, tmp_path_factory.mktemp("term"), 2025)
    yield store
    store.close()


@pytest.fixture(scope="module")
def view(demo) -> tm.TermView:
    return tm.term_view(demo, TERM)


def with_term_rules(lines: str) -> str:
    """The default rule file with its [term_rules] body replaced by ``lines``."""
    text, n = re.subn(r"(?ms)^\[term_rules\]\n.*?(?=\n\n)", "[term_rules]\n" + lines, DEFAULT_TEXT)
    assert n == 1
    return text


def in_list(values) -> str:
    return ", ".join(str(int(v)) for v in values)


def record_counts(store: Store, years=YEARS) -> pd.DataFrame:
    """Per member, straight from the records: proposals and 社情民意 named on, and 全体会议
    attended / on leave / absent (a member listed twice for a sitting: the latest import)."""
    ys = in_list(years)
    proposals = store.df(f"""
        SELECT x.member_id, count(DISTINCT p.rec_id) AS proposals
        FROM cur_proposals p JOIN cur_proposal_people x ON x.rec_id = p.rec_id
        WHERE p.year IN ({ys}) AND x.member_id IS NOT NULL GROUP BY 1""").set_index("member_id")
    sqmy = store.df(f"""
        SELECT x.member_id, count(DISTINCT s.rec_id) AS sqmy
        FROM cur_sqmy s JOIN cur_sqmy_authors x ON x.rec_id = s.rec_id
        WHERE s.year IN ({ys}) AND x.member_id IS NOT NULL GROUP BY 1""").set_index("member_id")
    rows = store.df(f"""
        SELECT member_id, event_key, status, batch_id, rec_id FROM cur_attendance
        WHERE year IN ({ys}) AND category = 'plenary' AND member_id IS NOT NULL""")
    last = rows.sort_values(["batch_id", "rec_id"]).drop_duplicates(["member_id", "event_key"], keep="last")
    status = pd.crosstab(last["member_id"], last["status"])
    plenary = pd.DataFrame({
        "plenary_attended": status.get("attend", 0) + status.get("late", 0),
        "plenary_leave": status.get("leave", 0), "plenary_absent": status.get("absent", 0)})
    return pd.concat([proposals, sqmy, plenary], axis=1).fillna(0).astype("int64")


def roster(store: Store) -> pd.DataFrame:
    """Each member's latest roster row of the term."""
    return store.df(f"""
        SELECT member_id, status, change_date FROM cur_members WHERE term = '{TERM}'
        QUALIFY row_number() OVER (PARTITION BY member_id ORDER BY batch_id DESC, rec_id DESC) = 1
    """).set_index("member_id")


# -- the term and its members ---------------------------------------------------------------
def test_the_demo_term_has_its_two_years_and_every_member_of_the_roster(demo, view):
    assert tm.terms(demo) == [TERM]
    assert view.term == TERM and view.years == YEARS
    assert sorted(view.members["member_id"]) == sorted(roster(demo).index)
    counts = view.counts()
    assert sum(counts.values()) == len(view.members)


def test_term_totals_equal_the_records(demo, view):
    expected = record_counts(demo)
    got = view.members.set_index("member_id")
    for column in ("proposals", "sqmy", "plenary_attended", "plenary_leave", "plenary_absent"):
        want = expected[column].reindex(got.index).fillna(0).astype("int64")
        assert (got[column] == want).all(), column
    assert got["plenary_absent"].sum() > 0 and got["plenary_leave"].sum() > 0


def test_each_year_is_the_engines_result(demo, view):
    rows = view.members.set_index("member_id")
    for year in YEARS:
        scores = view.results[year].scores.set_index("member_id")
        assert view.results[year].year == year
        scored = rows.loc[scores.index]
        assert (scored[f"{year}_total"] == scores["total"]).all()
        assert scored[f"{year}_rank"].astype("Int64").equals(scores["rank"].astype("Int64"))
        ranked = scores["tier"].notna()
        assert (scored.loc[ranked, f"{year}_tier"] == scores.loc[ranked, "tier"]).all()
        assert list(scored[f"{year}_warnings"]) == [warnings_text(w) or tm.NO_WARNING for w in scores["warnings"]]
        unscored = rows.index.difference(scores.index)
        assert (rows.loc[unscored, f"{year}_tier"] == tm.NOT_SCORED).all()
    lowest = sum((view.results[y].scores.set_index("member_id")["tier"] == view.results[y].rules.lowest)
                 .reindex(rows.index, fill_value=False).astype(int) for y in YEARS)
    assert (rows["fail_years"] == lowest).all()


def test_members_who_left_are_listed_not_judged_and_joiners_are_marked(demo, view):
    r = roster(demo)
    rows = view.members.set_index("member_id")
    left = r.index[r["status"].isin(["辞去", "调出"])]
    joined = r.index[(r["status"] == "增补") & (r["change_date"] > pd.Timestamp("2024-01-01"))]
    assert len(left) and len(joined)
    assert (rows.loc[left, "verdict"] == tm.LEFT).all()
    for member in joined:
        d = pd.Timestamp(r.loc[member, "change_date"])
        assert rows.loc[member, "standing"] == f"届中增补（{d.year}年{d.month}月{d.day}日）"
    for member in left:
        d = pd.Timestamp(r.loc[member, "change_date"])
        assert rows.loc[member, "standing"] == f"届中离任（{r.loc[member, 'status']}，{d.year}年{d.month}月{d.day}日）"
    assert (rows.loc[joined, "verdict"] != tm.LEFT).all()
    assert view.counts()[tm.LEFT] == len(left)


# -- verdicts -------------------------------------------------------------------------------
def test_default_verdicts_follow_the_default_term_rules(demo, view):
    assert view.rules == TermRules(min_proposals=3, max_plenary_absent=1, fail_years_max=1)
    counts = record_counts(demo)
    rows = view.members.set_index("member_id")
    judged = rows[rows["verdict"] != tm.LEFT]
    proposals = counts["proposals"].reindex(judged.index, fill_value=0)
    absent = counts["plenary_absent"].reindex(judged.index, fill_value=0)
    fails = (proposals < 3) | (absent > 1) | (judged["fail_years"] > 1)
    assert fails.any() and (~fails).any()
    assert (judged["verdict"] == fails.map({True: tm.FAILS, False: tm.MEETS})).all()
    few = judged.index[proposals < 3]
    for m in few:
        assert f"本届提案 {proposals[m]} 件，少于 3 件" in rows.loc[m, "reasons"]
    assert (judged.loc[~fails, "reasons"] == "").all()


def test_a_stricter_rule_fails_members_with_the_figures_named(demo):
    rules = parse_rules(with_term_rules("min_sqmy = 3\nmax_plenary_absent = 0")).term_rules
    assert rules == TermRules(min_sqmy=3, max_plenary_absent=0)
    view = tm.term_view(demo, TERM, rules=rules)
    counts = record_counts(demo)
    rows = view.members.set_index("member_id")
    judged = rows[rows["verdict"] != tm.LEFT]
    sqmy = counts["sqmy"].reindex(judged.index, fill_value=0)
    absent = counts["plenary_absent"].reindex(judged.index, fill_value=0)
    assert (absent > 0).any() and (sqmy < 3).any()
    for m in judged.index:
        expected = ([f"本届社情民意 {sqmy[m]} 篇，少于 3 篇"] if sqmy[m] < 3 else []) + (
            [f"全会无故缺席 {absent[m]} 次，不允许"] if absent[m] > 0 else [])
        assert judged.loc[m, "reasons"] == "；".join(expected), m
        assert judged.loc[m, "verdict"] == (tm.FAILS if expected else tm.MEETS)


def test_nothing_checked_means_everyone_judged_meets(demo):
    view = tm.term_view(demo, TERM, rules=parse_rules(with_term_rules("min_proposals = 0")).term_rules)
    assert view.counts()[tm.FAILS] == 0
    assert tm.rules_text(view.rules).startswith("不检查任何一项")


def test_a_member_given_a_second_absence_fails(demo_db_file, tmp_path):
    """A member with no plenary absence is marked absent at both of the term's sittings in
    a re-imported register: the term's rule (at most 1) fails them, naming 2."""
    path = tmp_path / "absent.duckdb"
    shutil.copy(demo_db_file, path)
    store = Store.open(path)
    member = store.scalar(f"""
        SELECT member_id FROM cur_attendance WHERE category = 'plenary' GROUP BY member_id
        HAVING count(*) FILTER (WHERE status = 'absent') = 0 AND count(DISTINCT year) = 2 ORDER BY 1 LIMIT 1""")
    with store.write() as cur:
        cur.execute(f"UPDATE attendance SET status = 'absent' WHERE member_id = '{member}' AND category = 'plenary'")
    row = tm.term_view(store, TERM).members.set_index("member_id").loc[member]
    assert row["plenary_absent"] == 2 and row["verdict"] == tm.FAILS
    assert "全会无故缺席 2 次，超过 1 次" in row["reasons"]
    store.close()


# -- the rule file ----------------------------------------------------------------------------
@pytest.mark.parametrize("lines,key,words", [
    ("min_proposals = -1", "term_rules.min_proposals", "应为不小于 0 的整数"),
    ("min_sqmy = 1.5", "term_rules.min_sqmy", "应为不小于 0 的整数"),
    ('max_plenary_absent = "一次"', "term_rules.max_plenary_absent", "应为数字"),
    ("min_proposal = 3", "term_rules.min_proposal", "中有未知的项"),
])
def test_bad_term_rules_are_refused_in_chinese(lines, key, words):
    with pytest.raises(RuleError) as caught:
        parse_rules(with_term_rules(lines))
    assert caught.value.key == key and words in str(caught.value)
    assert "届期考评" in str(caught.value)


def test_a_file_without_the_section_uses_the_default_and_tables_keep_it():
    without = re.sub(r"(?ms)^\[term_rules\]\n.*?\n\n", "", DEFAULT_TEXT)
    assert "[term_rules]" not in without
    assert parse_rules(without).term_rules == default_rules().term_rules
    custom = parse_rules(with_term_rules("min_proposals = 5\nfail_years_max = 0"))
    kept = parse_rules(whatif.tables_to_toml(whatif.rule_tables(custom)))
    assert kept.term_rules == TermRules(min_proposals=5, fail_years_max=0)


# -- sources and files ------------------------------------------------------------------------
def test_sources_explain_a_members_totals_to_the_file_row(demo, view):
    member = view.failing()["member_id"].iloc[0]
    sources = tm.term_sources(demo, TERM, [member])
    row = view.members.set_index("member_id").loc[member]
    kinds = sources["kind"].value_counts()
    assert kinds.get("提案", 0) == row["proposals"] and kinds.get("社情民意", 0) == row["sqmy"]
    plenary = row["plenary_attended"] + row["plenary_leave"] + row["plenary_absent"]
    assert kinds.get("全体会议", 0) == plenary
    for r in sources.itertuples():
        table = {"attendance": "cur_attendance", "proposals": "cur_proposals", "sqmy": "cur_sqmy"}[r.source]
        assert demo.scalar(f"SELECT count(*) FROM {table} WHERE source_file = ? AND sheet = ? AND row_no = ?",
                           [r.source_file, r.sheet, r.row_no]) >= 1


def test_the_archive_has_one_sheet_per_member_with_their_figures(demo, view):
    members = list(view.members["member_id"][:6])
    book = openpyxl.load_workbook(pd.io.common.BytesIO(tm.archive_bytes(demo, view, members, "市政协")))
    rows = view.members.set_index("member_id")
    assert book.sheetnames == tm.archive_sheet_names(view, members)
    for member, ws in zip(members, book.worksheets):
        cells = {str(c) for r in ws.iter_rows(values_only=True) for c in r if c is not None}
        r = rows.loc[member]
        assert {f"姓名：{r['name']}", f"委员编号：{member}", f"换届参考：{r['verdict']}"} <= cells
        assert {f"本届提案：{r['proposals']} 件", f"本届社情民意：{r['sqmy']} 篇",
                f"全会无故缺席：{r['plenary_absent']} 次", f"考评为最低等次：{r['fail_years']} 年"} <= cells
        assert {f"{y}年" for y in view.years} <= cells


def test_the_list_holds_every_member(view):
    book = openpyxl.load_workbook(pd.io.common.BytesIO(tm.list_bytes(view, "市政协")))
    ws = book[tm.LIST_SHEET]
    values = [r for r in ws.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(values) if r[0] == "委员编号")
    ids = [r[0] for r in values[header + 1:]]
    assert sorted(ids) == sorted(view.members["member_id"])
    verdicts = [r[values[header].index("换届参考")] for r in values[header + 1:]]
    assert verdicts.count(tm.FAILS) == view.counts()[tm.FAILS]


# -- the sample city and the command line -----------------------------------------------------
def test_the_sample_city_has_its_term_of_one_year(tmp_path):
    store = Store(tmp_path / "sample.duckdb")
    for name in SAMPLE_FILES:
        import_file(store, SAMPLE / name)
    (term,) = tm.terms(store)
    view = tm.term_view(store, term)
    assert view.years == (2025,)
    counts = record_counts(store, view.years)
    rows = view.members.set_index("member_id")
    want = counts["proposals"].reindex(rows.index, fill_value=0)
    assert (rows["proposals"] == want).all()
    judged = rows["verdict"] != tm.LEFT
    assert (rows.loc[judged & (want < 3), "verdict"] == tm.FAILS).all()
    store.close()


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_cli_prints_the_reference_and_writes_the_files(demo_db_file, tmp_path):
    db = tmp_path / "cli.duckdb"
    shutil.copy(demo_db_file, db)
    store = Store.open(db)
    save_rule_set(store, 2025, with_term_rules("min_proposals = 4"), "测试")
    expected = tm.term_view(store, TERM)
    store.close()
    out, archives = tmp_path / "名单.xlsx", tmp_path / "档案.xlsx"
    proc = run_cli("--db", str(db), "term", "--term", TERM, "--out", str(out), "--archives", str(archives))
    assert proc.returncode == 0, proc.stderr
    counts = expected.counts()
    assert f"不符合 {counts[tm.FAILS]} 人" in proc.stdout and "本届提案至少 4 件" in proc.stdout
    assert all(name in proc.stdout for name in expected.failing()["name"])
    assert len(openpyxl.load_workbook(archives).sheetnames) == len(expected.members)
    assert openpyxl.load_workbook(out)[tm.LIST_SHEET].max_row > len(expected.members)


def test_cli_refuses_an_unknown_term_in_chinese(demo_db_file, tmp_path):
    db = tmp_path / "cli.duckdb"
    shutil.copy(demo_db_file, db)
    proc = run_cli("--db", str(db), "term", "--term", "九届")
    assert proc.returncode == 1
    assert "名册中没有届次“九届”" in proc.stderr and TERM in proc.stderr
