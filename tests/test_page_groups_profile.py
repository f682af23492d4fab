"""界别与联络组 and 委员档案 under AppTest on the demo city, their metrics shaping
(metrics/profile.py) and the workbook writer (data/xlsx_out.py)."""
from __future__ import annotations

import base64
import io
import json
import re
import time
from datetime import date

import numpy as np
import openpyxl
import pandas as pd
import pytest

from data import xlsx_out
from data.store import Store
from metrics import profile
from metrics.groups import ATTENDED, NAME_MATCH, OWN_CATEGORY, participation_matrix
from metrics.points import attendance_sql
from metrics.scoring import ScoreResult
from metrics.sqlutil import registered
from metrics.scoring import score_year
from tests.apptest_util import capture_downloads, open_page, rerun, shown_names

YEAR = 2025


# -- an independent pandas reference for what metrics.groups computes in SQL -------------------
def attendance_of(store: Store, year: int, result: ScoreResult) -> pd.DataFrame:
    """Reference (pandas) for the SQL in metrics.groups: the year's attendance of scored members (one row per member and event) with the
    event's date, name, category and organizer."""
    cur = store.cursor()
    with registered(cur, mem=result.scores[["member_id"]]) as t:
        return cur.execute(f"""
            WITH a AS ({attendance_sql(int(year), t['mem'])}),
            ev AS (
                SELECT event_key, min(event_date) AS event_date, min(event_name) AS event_name,
                       min(organizer) AS organizer
                FROM cur_attendance WHERE year = {int(year)} GROUP BY event_key
            )
            SELECT a.member_id, a.event_key, a.status, a.category, ev.event_date,
                   ev.event_name, ev.organizer
            FROM a JOIN ev USING (event_key)""").df()


def events_held(att: pd.DataFrame, members: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """event_key, grp: the events each group held (see module doc)."""
    rows = att.merge(members, on="member_id", how="left")
    events = att.drop_duplicates("event_key")[["event_key", "event_name", "organizer", "category"]]
    groups = members["grp"].dropna().unique()
    pairs = events.merge(pd.DataFrame({"grp": groups}), how="cross")
    held = pairs["organizer"].eq(pairs["grp"]).fillna(False).to_numpy(dtype=bool, copy=True)
    if dimension in NAME_MATCH:
        held |= np.array([g in n for g, n in zip(pairs["grp"], pairs["event_name"].fillna(""))],
                         dtype=bool)
    if dimension in OWN_CATEGORY:
        sizes = rows.groupby(["event_key", "grp"]).size().rename("n").reset_index()
        sizes = sizes.join(rows.groupby("event_key").size().rename("total"), on="event_key")
        majority = sizes.loc[sizes["n"] * 2 > sizes["total"], ["event_key", "grp"]].assign(_m=True)
        flag = pairs.merge(majority, on=["event_key", "grp"], how="left")["_m"].eq(True).to_numpy()
        held |= flag & (pairs["category"] == OWN_CATEGORY[dimension]).to_numpy()
    return pairs.loc[held, ["event_key", "grp"]].reset_index(drop=True)


# -- helpers -------------------------------------------------------------------------------
@pytest.fixture
def demo(demo_app_db):
    """The demo store (the same one the app opens in this process) and its 2025 result."""
    store = Store.open(demo_app_db)
    return store, score_year(store, YEAR)


def table_with(at, column: str) -> pd.DataFrame:
    """The first shown table that has ``column``."""
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no table with column {column}")


def plain(value):
    """A plotly JSON value with its base64 typed arrays decoded into lists."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if not isinstance(value, dict):
        return value
    if isinstance(value.get("bdata"), str) and set(value) <= {"bdata", "dtype", "shape"}:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = [int(n) for n in str(value.get("shape", len(array))).split(",")]
        return array.reshape(shape).tolist()
    return {k: plain(v) for k, v in value.items()}


def figures(at) -> list[dict]:
    """The specs of the page's plotly charts, in page order."""
    return [plain(json.loads(chart.proto.spec)) for chart in at.get("plotly_chart")]


def unlinked(table: pd.DataFrame) -> pd.DataFrame:
    """A table of members with its names as shown, each checked to link to its own 档案."""
    names = shown_names(table["姓名"])
    assert all(re.fullmatch(rf"profile\?member={re.escape(i)}&year=\d{{4}}#{re.escape(n)}", link)
               for link, i, n in zip(table["姓名"], table["委员编号"], names)), list(table["姓名"])[:3]
    return table.assign(姓名=names)


def matrix_shown(at) -> pd.DataFrame:
    for df in at.dataframe:
        cols = list(df.value.columns)
        if cols[:2] == ["委员编号", "姓名"] and "等次" not in cols and "全年出席活动" not in cols:
            return unlinked(df.value)
    raise AssertionError("no matrix")


def assert_same_table(shown: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(shown.reset_index(drop=True).astype(object),
                                  expected.reset_index(drop=True).astype(object), check_dtype=False)


def expected_matrix(store, result, dimension, group, held_only) -> pd.DataFrame:
    """metrics.groups.participation_matrix of the group, as the page labels its columns."""
    marks = participation_matrix(store, result.year, dimension, group, result=result,
                                 held_only=held_only).marks
    return marks.rename(columns={"name": "姓名"}).rename_axis("委员编号").reset_index()


def idle_by_attendance(store, result, dimension: str, group: str, held_only: bool) -> set[str]:
    """Members of the group who attended none of the group's events (held_only) or none at
    all, leaving out those who left during the year (listed apart) — computed from the
    attendance rows, not from the page's helpers."""
    att = attendance_of(store, YEAR, result)
    members = result.scores[["member_id", dimension]].rename(columns={dimension: "grp"})
    in_group = set(members.loc[(members["grp"] == group) & ~result.scores["left_midyear"], "member_id"])
    if held_only:
        held = events_held(att, members, dimension)
        att = att[att["event_key"].isin(held.loc[held["grp"] == group, "event_key"])]
    return in_group - set(att.loc[att["status"].isin(ATTENDED), "member_id"])


def test_choosing_another_grouping_and_group_changes_the_tables(demo):
    store, result = demo
    at = open_page("groups")
    first = matrix_shown(at)
    at.selectbox(key="groups_dimension").set_value("liaison_group")
    rerun(at)
    liaison = profile.group_names(result, "liaison_group")
    picker = at.selectbox(key="groups_group_liaison_group")
    assert picker.label == "委员联络组" and picker.options == liaison
    shown = matrix_shown(at)
    assert not shown.equals(first)
    assert_same_table(shown, expected_matrix(store, result, "liaison_group", liaison[0], True))

    picker.set_value(liaison[-1])
    rerun(at)
    assert_same_table(matrix_shown(at), expected_matrix(store, result, "liaison_group", liaison[-1], True))
    mine = result.scores.loc[result.scores["liaison_group"] == liaison[-1], "member_id"]
    assert set(table_with(at, "等次")["委员编号"]) == set(mine)

    at.toggle(key="groups_held_only").set_value(False)
    rerun(at)
    assert_same_table(matrix_shown(at), expected_matrix(store, result, "liaison_group", liaison[-1], False))


def test_sectors_hold_no_events_so_all_their_events_are_shown(demo):
    store, result = demo
    at = open_page("groups")
    at.selectbox(key="groups_dimension").set_value("sector")
    rerun(at)
    group = at.selectbox(key="groups_group_sector").value
    assert any("没有举办活动" in i.value for i in at.info)
    assert_same_table(matrix_shown(at), expected_matrix(store, result, "sector", group, False))


def test_members_without_activity_are_listed(demo):
    store, result = demo
    groups = profile.group_names(result, "activity_group")
    with_idle = [g for g in groups if idle_by_attendance(store, result, "activity_group", g, True)]
    assert with_idle, "the demo city has members who skipped their group's events"
    at = open_page("groups")
    at.selectbox(key="groups_group_activity_group").set_value(with_idle[0])
    rerun(at)
    idle = table_with(at, "全年出席活动")
    assert set(idle["委员编号"]) == idle_by_attendance(store, result, "activity_group", with_idle[0], True)
    attended = result.facts.set_index("member_id")["events_attended"]
    assert list(idle["全年出席活动"]) == [attended[m] for m in idle["委员编号"]]

    at.toggle(key="groups_held_only").set_value(False)
    rerun(at)
    expected = idle_by_attendance(store, result, "activity_group", with_idle[0], False)
    shown = {m for df in at.dataframe if "全年出席活动" in df.value.columns for m in df.value["委员编号"]}
    assert shown == expected
    if not expected:
        assert any("都参加过" in s.value for s in at.success)


def test_the_bar_chart_highlights_the_chosen_group(demo):
    store, result = demo
    at = open_page("groups")
    group = at.selectbox(key="groups_group_activity_group").value
    bar = figures(at)[0]["data"][0]
    overview = profile.group_overview(store, result, "activity_group")
    rates = overview.set_index("group")["attend_rate"] * 100
    groups = [label.split("  ")[0] for label in bar["y"]]
    assert bar["type"] == "bar" and bar["orientation"] == "h" and sorted(groups) == sorted(rates.index)
    assert bar["x"] == pytest.approx(list(rates[groups]), abs=0.05)
    assert bar["x"] == sorted(bar["x"])  # drawn bottom up: the highest rate on top
    colors = bar["marker"]["color"]
    assert [label.split("  ")[0] for label, c in zip(bar["y"], colors) if colors.count(c) == 1] == [group]


def test_the_group_download_is_the_page_as_a_workbook(demo, monkeypatch):
    store, result = demo
    downloads = capture_downloads(monkeypatch)
    at = open_page("groups")
    group = at.selectbox(key="groups_group_activity_group").value
    book = openpyxl.load_workbook(io.BytesIO(downloads[-1]["data"]))
    assert book.sheetnames == ["各组对比", "参与矩阵", "活动清单", "未参加活动的委员", "年内离任的委员", "委员得分",
                               "组别考评", "本组考评明细"]
    matrix = book["参与矩阵"]
    rows = list(matrix.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r[0] == "委员编号")
    assert matrix.freeze_panes == f"A{header_at + 2}"
    expected = expected_matrix(store, result, "activity_group", group, True)
    assert list(rows[header_at]) == list(expected.columns)
    body = [[v or "" for v in r] for r in rows[header_at + 1:]]
    assert body == expected.astype(object).values.tolist()
    idle = [r[0] for r in book["未参加活动的委员"].iter_rows(min_row=header_at + 2, values_only=True)]
    assert set(idle) == idle_by_attendance(store, result, "activity_group", group, True)


# -- 委员档案 ----------------------------------------------------------------------------------
def capped_member(result) -> str:
    lines = result.provenance
    cut = lines[lines["cap_group"].notna() & (lines["points_before"] > lines["points"])]
    return str(cut["member_id"].iloc[0])


def shown_total(at) -> float:
    return float(next(m.value for m in at.metric if m.label == "总分"))


def records_sum_shown(at) -> float:
    records = table_with(at, "计入分")
    assert records["计分项目"].iloc[-1] == profile.SUM_LABEL
    body = records.iloc[:-1]
    assert records["计入分"].iloc[-1] == pytest.approx(round(body["计入分"].sum(), 2), abs=0.005)
    return float(records["计入分"].iloc[-1])


def test_profile_records_add_up_to_the_total(demo):
    store, result = demo
    s = result.scores
    members = {"capped": capped_member(result),
               "deduction": s.loc[s["deduction"] < 0, "member_id"].iloc[0],
               "adjustment": s.loc[s["adjustment"] != 0, "member_id"].iloc[0],
               "left midyear": s.loc[s["left_midyear"], "member_id"].iloc[0],
               "top": s["member_id"].iloc[0]}
    at = open_page("profile", member=members["capped"])
    for why, member in members.items():
        at.selectbox(key="member").set_value(member)
        rerun(at)
        total = float(result.member(member)["total"])
        assert shown_total(at) == pytest.approx(total), why
        assert records_sum_shown(at) == pytest.approx(total, abs=0.005), why
        records = table_with(at, "计入分").iloc[:-1]
        assert len(records) == len(result.provenance_of([member])), why
        assert records["来源文件"].notna().all() and records["行号"].notna().all(), why
        if why == "capped":
            assert (records["原始分"] > records["计入分"]).any()
        if why == "deduction":
            assert (records["计入分"] < 0).any()
        if why == "left midyear":
            assert any("年中离任" in w.value for w in at.warning)


def test_profile_chart_shows_points_per_group_and_caps(demo):
    store, result = demo
    member = capped_member(result)
    at = open_page("profile", member=member)
    counted, cut, caps = figures(at)[0]["data"][:3]
    labels = [profile.column_label(c) for c in result.score_columns]
    assert counted["y"] == labels[::-1]
    row = result.member(member)
    assert counted["x"] == pytest.approx([float(row[c]) for c in result.score_columns][::-1])
    cap_of = dict(zip(caps["y"], caps["x"]))
    for col, cap in result.rules.caps:
        assert cap_of[profile.column_label(col)] == pytest.approx(float(cap))
    assert any(v > 0 for v in cut["x"])


def test_profile_warnings_are_shown_with_reasons(demo):
    store, result = demo
    warned = result.scores[result.scores["warnings"].map(len) > 0].iloc[0]
    at = open_page("profile", member=warned["member_id"])
    errors = " ".join(e.value for e in at.error)
    for kind, reason in warned["warnings"]:
        assert kind in errors and reason in errors


def test_profile_trend_has_one_point_per_year_with_records(demo):
    store, result = demo
    before = score_year(store, YEAR - 1)
    both = result.scores["member_id"].iloc[3]
    joined = result.scores.loc[result.scores["joined_midyear"], "member_id"].iloc[0]
    at = open_page("profile", member=both)
    for member in (both, joined):
        at.selectbox(key="member").set_value(member)
        rerun(at)
        years = [r.year for r in (before, result) if (r.scores["member_id"] == member).any()]
        totals, ranks = figures(at)[1]["data"][:2]
        assert totals["x"] == [str(y) for y in years] == ranks["x"]
        by_year = {r.year: r for r in (before, result)}
        assert totals["y"] == [float(by_year[y].member(member)["total"]) for y in years]
        assert ranks["y"] == [int(by_year[y].member(member)["rank"]) for y in years]
        assert list(table_with(at, "参评人数")["年度"]) == years
    assert len(years) == 1  # the member who joined in 2025


def test_profile_member_preselected_filtered_and_in_the_url(demo):
    store, result = demo
    at = open_page("profile", member="W0013")
    picker = at.selectbox(key="member")
    assert picker.value == "W0013" and len(picker.options) == len(result.scores)
    assert at.query_params["member"] == "W0013"

    name = result.member("W0100")["name"]
    at.text_input(key="member_filter").input(name)
    rerun(at)
    picker = at.selectbox(key="member")
    matches = result.scores.loc[result.scores["name"].str.contains(name), "member_id"]
    assert len(picker.options) == len(matches)
    assert picker.value in set(matches)
    assert at.subheader[0].value.startswith(result.member(picker.value)["name"])


def test_member_filter_matches_every_word():
    options = {"W1": "王刚（中共，W1）", "W2": "李春（民盟，W2）", "W3": "王春（民盟，W3）"}
    assert profile.filter_members(options, "王") == ["W1", "W3"]
    assert profile.filter_members(options, "民盟 王") == ["W3"]
    assert profile.filter_members(options, "w2") == ["W2"]
    assert profile.filter_members(options, "") == ["W1", "W2", "W3"]


def test_item_labels_are_chinese():
    from metrics.rules import default_rules

    assert profile.item_label("events.plenary.attend") == "全体会议出席"
    assert profile.item_label("sqmy.adopt.省") == "采用：省政协"
    assert profile.item_label("other.commendation.市") == "表彰：市级"
    assert profile.item_label("proposals.lead_filed") == "第一提案人，立案或并案"
    items = [k for k in default_rules().values if not k.startswith(("caps.", "tiers.", "warnings."))]
    assert all(not profile.item_label(k).isascii() for k in items), [k for k in items if profile.item_label(k).isascii()]


def test_file_names_drop_characters_files_cannot_hold():
    assert profile.group_file_name(2025, "第一界别活动组") == "2025年-第一界别活动组-参与情况.xlsx"
    assert profile.group_file_name(2025, "a/b:c") == "2025年-a_b_c-参与情况.xlsx"


# -- data/xlsx_out.py ------------------------------------------------------------------------
def test_workbook_writes_formula_like_text_as_text(tmp_path):
    table = pd.DataFrame({
        "姓名": pd.Series(["=SUM(A1:A2)", "+86 123", "-减分", "@张三", "普通"], dtype="str"),
        "分值": [1, 2.5, None, -3, 4],
        "排名": pd.Series([1, None, 3, 4, 5], dtype="Int64"),
        "日期": [date(2025, 1, 10), None, pd.Timestamp("2025-03-01"), None, None],
        "常委": [True, False, True, False, True],
    })
    data = xlsx_out.workbook_bytes({"名单": table, "空表": table.iloc[:0]})
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["名单", "空表"]
    ws = book["名单"]
    assert [c.value for c in ws[1]] == ["姓名", "分值", "排名", "日期", "常委"]
    assert ws.freeze_panes == "A2"
    names = [ws.cell(row=r, column=1) for r in range(2, 7)]
    assert [c.value for c in names] == ["=SUM(A1:A2)", "+86 123", "-减分", "@张三", "普通"]
    assert all(c.data_type == "s" for c in names)
    assert [ws.cell(row=r, column=2).value for r in range(2, 7)] == [1, 2.5, None, -3, 4]
    assert ws.cell(row=3, column=3).value is None and ws.cell(row=4, column=3).value == 3
    assert ws.cell(row=2, column=4).value.date() == date(2025, 1, 10)
    assert ws.cell(row=2, column=5).value == "是"
    assert ws.column_dimensions["A"].width >= xlsx_out.text_width("=SUM(A1:A2)")
    assert [c.value for c in book["空表"][1]] == list(table.columns)


def test_workbook_title_row_and_sheet_names():
    table = pd.DataFrame({"委员联络组名称": ["城关区联络组"]})
    data = xlsx_out.workbook_bytes({"a/b": table, "x" * 40: table, "A/B": table}, title="2025年 标题")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["a_b", "x" * 31, "A_B(2)"]
    ws = book["a_b"]
    assert ws["A1"].value == "2025年 标题" and ws["A3"].value == "委员联络组名称"
    assert ws["A4"].value == "城关区联络组" and ws.freeze_panes == "A4"
    assert ws.column_dimensions["A"].width >= 14


def test_pages_follow_the_year_in_the_sidebar(demo):
    store, result = demo
    joined = result.scores.loc[result.scores["joined_midyear"], "member_id"].iloc[0]
    at = open_page("profile", member=joined, year=YEAR - 1)
    assert any(joined in i.value and f"{YEAR - 1}年度" in i.value for i in at.info)
    before = score_year(store, YEAR - 1)
    assert at.selectbox(key="member").value == min(before.scores["member_id"])
    at = open_page("groups", year=YEAR - 1)
    group = at.selectbox(key="groups_group_activity_group").value
    assert_same_table(matrix_shown(at), expected_matrix(store, before, "activity_group", group, True))
