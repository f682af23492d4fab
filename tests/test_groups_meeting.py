"""Issue 15 on 界别与联络组 under AppTest on the demo city: 会议模式 (title bar, large paged
tables whose names open 档案), the 组长's anonymous comparison (page, table and workbook
name no other group), the whole-body row, and a click on a group's bar picking that group
— the expected figures counted from the attendance rows and the scores."""
from __future__ import annotations

import io
import json
import math
import re

import openpyxl
import pandas as pd
import pytest

from data.store import Store
from metrics.groups import ATTENDED
from metrics.profile import ANONYMOUS_GROUP, BODY_LABEL
from metrics.scoring import score_year
from tests.apptest_util import capture_downloads, open_page, rerun
from tests.test_auth import a_session, role_users, signed_in_mode  # noqa: F401 (fixtures)
from tests.test_chinese_text import offending, visible_texts
from tests.test_page_groups_profile import attendance_of, expected_matrix, figures, matrix_shown, table_with
from ui import auth, meeting

YEAR = 2025
DIMENSION = "liaison_group"  # the 组长 of the test accounts leads a 委员联络组
RATE = "出席率(%)"


def as_role(username: str, **session):
    return open_page("groups", **{auth.SESSION_KEY: a_session(Store.open(), username), **session})


def on_liaison_groups(at):
    at.selectbox(key="groups_dimension").set_value(DIMENSION)
    return rerun(at)


def group_rates(store: Store) -> pd.DataFrame:
    """Per 委员联络组 and for the whole body: members, invitations, attended, rate (percent,
    one decimal) — counted from the attendance rows, not by the page's helpers."""
    result = score_year(store, YEAR)
    att = attendance_of(store, YEAR, result).merge(result.scores[["member_id", DIMENSION]], on="member_id")
    att["came"] = att["status"].isin(ATTENDED)
    groups = att.groupby(DIMENSION).agg(invited=("came", "size"), attended=("came", "sum"))
    groups["members"] = result.scores.groupby(DIMENSION).size()
    body = pd.DataFrame({"invited": [len(att)], "attended": [int(att["came"].sum())],
                         "members": [len(result.scores)]}, index=[BODY_LABEL])
    out = pd.concat([groups, body])
    return out.assign(rate=(100 * out["attended"] / out["invited"]).round(1))


def click_bar(at, label: str):
    """The selection a click on the group chart's bar ``label`` gives the app."""
    number = at.session_state["groups_rates_round"] if "groups_rates_round" in at.session_state else 0
    bar = figures(at)[0]["data"][0]
    i = bar["y"].index(label)
    at.session_state[f"groups_rates_{number}"] = {
        "selection": {"points": [{"x": bar["x"][i], "y": label, "curve_number": 0, "point_number": i,
                                  "point_index": i}], "point_indices": [i], "box": [], "lasso": []}}
    return rerun(at)


def bar_labels(at) -> list[str]:
    return figures(at)[0]["data"][0]["y"]


def page_texts(at) -> list[str]:
    """Every text the page shows (each table cell apart, names as shown) and its charts' specs."""
    return visible_texts(at) + [chart.proto.spec for chart in at.get("plotly_chart")]


def workbook_texts(data: bytes) -> list[str]:
    """The sheet names and every cell of a workbook."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [*book.sheetnames, *(str(v) for sheet in book for row in sheet.iter_rows(values_only=True)
                                for v in row if v is not None)]


def assert_names_none_of(texts: list[str], groups: set[str], members: set[str]) -> None:
    """No group's name anywhere in ``texts``, no member's name as a text (a cell) of its own."""
    joined = "\n".join(texts)
    assert [g for g in groups if g in joined] == []
    assert set(texts) & members == set()


def comparison_rows(book_sheet) -> list[tuple]:
    rows = list(book_sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "委员联络组")
    return [dict(zip(rows[header], r)) for r in rows[header + 1:]]


def assert_matches_reference(table: pd.DataFrame, expected: pd.DataFrame, names: list[str]) -> None:
    """The comparison rows ``names`` have the members, invitations, attended and rate counted."""
    shown = table.set_index("委员联络组").loc[names]
    assert list(shown["委员数"]) == list(expected.loc[names, "members"])
    assert list(shown["受邀人次"]) == list(expected.loc[names, "invited"])
    assert list(shown["出席人次"]) == list(expected.loc[names, "attended"])
    assert list(shown[RATE]) == pytest.approx(list(expected.loc[names, "rate"]), abs=0.051)


# -- the office ------------------------------------------------------------------------------------
def test_chair_compares_every_group_by_name_in_the_office_order_and_the_whole_body(role_users):
    store, _, _ = role_users
    at = on_liaison_groups(as_role("chair1"))
    order = list(at.selectbox(key=f"groups_group_{DIMENSION}").options)
    table = table_with(at, "委员联络组")
    assert list(table["委员联络组"]) == [*order, BODY_LABEL]
    expected = group_rates(store)
    assert_matches_reference(table, expected, [*order, BODY_LABEL])
    result = score_year(store, YEAR)
    ranked = result.scores[result.scores["ranked"]]
    body = table.set_index("委员联络组").loc[BODY_LABEL]
    for tier, count in ranked["tier"].value_counts().items():
        assert body[tier] == count
    assert pd.isna(body["本组举办活动"])  # the body holds no events of its own


def test_chair_clicking_a_group_bar_picks_that_group(role_users):
    store, _, _ = role_users
    at = on_liaison_groups(as_role("chair1"))
    picker = at.selectbox(key=f"groups_group_{DIMENSION}")
    first = picker.value
    label = next(y for y in bar_labels(at) if not y.startswith(first + "  "))
    wanted = label.rsplit("  ", 1)[0]
    click_bar(at, label)
    assert at.selectbox(key=f"groups_group_{DIMENSION}").value == wanted != first
    result = score_year(store, YEAR)
    pd.testing.assert_frame_equal(matrix_shown(at).astype(object),
                                  expected_matrix(store, result, DIMENSION, wanted, True).astype(object))
    bar = figures(at)[0]["data"][0]
    colors = bar["marker"]["color"]
    assert [y for y, c in zip(bar["y"], colors) if colors.count(c) == 1] == [label]  # highlighted
    rerun(at)  # the click is taken once: the choice stays, the chart has no selection
    assert at.selectbox(key=f"groups_group_{DIMENSION}").value == wanted


# -- the 组长 --------------------------------------------------------------------------------------
def test_leader_comparison_names_only_their_group_and_matches_the_chart(role_users):
    store, group, _ = role_users
    at = as_role("leader1")
    table = table_with(at, "委员联络组")
    others = [f"{ANONYMOUS_GROUP}{c}" for c in "ABCD"]  # the demo city has 5 联络组
    assert list(table["委员联络组"]) == [group, *others, BODY_LABEL]
    expected = group_rates(store)
    assert_matches_reference(table, expected, [group, BODY_LABEL])
    # the anonymous rows are the other groups, highest rate first, as the chart labels them
    hidden = expected.drop(index=[group, BODY_LABEL]).sort_values("rate", ascending=False)
    shown = table.set_index("委员联络组").loc[others]
    assert list(shown[RATE]) == pytest.approx(list(hidden["rate"]), abs=0.051)
    assert sorted(zip(shown["委员数"], shown["受邀人次"])) == sorted(zip(hidden["members"], hidden["invited"]))
    chart = {y.rsplit("  ", 1)[0]: y.rsplit("  ", 1)[1] for y in bar_labels(at)}
    assert all(chart[name] == f"{rate:.1f}%" for name, rate in shown[RATE].items())


def other_groups_and_members(store: Store, group: str) -> tuple[set[str], set[str]]:
    groups = set(store.df(f"SELECT DISTINCT {DIMENSION} g FROM cur_members WHERE {DIMENSION} IS NOT NULL")["g"])
    own = set(store.df(f"SELECT name FROM cur_members WHERE {DIMENSION} = ?", [group])["name"])
    others = set(store.df(f"SELECT name FROM cur_members WHERE {DIMENSION} IS DISTINCT FROM ?", [group])["name"])
    return groups - {group}, others - own


def test_leader_page_and_workbook_name_no_other_group_or_member(role_users, monkeypatch):
    store, group, _ = role_users
    downloads = capture_downloads(monkeypatch)
    at = as_role("leader1")
    other_groups, other_members = other_groups_and_members(store, group)
    assert len(other_groups) == 4 and other_members
    shown = page_texts(at)
    mine = set(score_year(store, YEAR).scores.query(f"{DIMENSION} == @group")["name"])
    assert group in "\n".join(shown) and mine <= set(shown)  # the check would see a name
    assert_names_none_of(shown, other_groups, other_members)

    book = downloads[-1]["data"]
    written = workbook_texts(book)
    assert group in "\n".join(written) and mine <= set(written)
    assert_names_none_of(written, other_groups, other_members)
    rows = comparison_rows(openpyxl.load_workbook(io.BytesIO(book))["各组对比"])
    assert [r["委员联络组"] for r in rows] == [group, *(f"{ANONYMOUS_GROUP}{c}" for c in "ABCD"), BODY_LABEL]
    assert rows[-1]["委员数"] == len(score_year(store, YEAR).scores)


def test_leader_clicking_an_anonymous_bar_opens_nothing(role_users):
    store, group, _ = role_users
    at = as_role("leader1")
    anonymous = next(y for y in bar_labels(at) if y.startswith(ANONYMOUS_GROUP))
    click_bar(at, anonymous)
    assert at.selectbox(key=f"groups_group_{DIMENSION}").value == group
    assert any("不显示名称" in t.value for t in at.toast)
    assert_names_none_of(page_texts(at), *other_groups_and_members(store, group))
    own = next(y for y in bar_labels(at) if y.startswith(group + "  "))
    click_bar(at, own)
    assert at.selectbox(key=f"groups_group_{DIMENSION}").value == group and not at.toast


# -- 会议模式 ----------------------------------------------------------------------------------------
def html_of(at) -> str:
    return "\n".join(h.value for h in at.get("html"))


def meeting_tables(at) -> list[str]:
    return re.findall(r'<table class="meeting-table">.*?</table>', html_of(at), re.S)


def matrix_table(at) -> str:
    """The member × event table: 委员编号 and 姓名 first, no score or idle columns."""
    return next(t for t in meeting_tables(at) if "<th>委员编号</th><th>姓名</th>" in t
                and "<th>等次</th>" not in t and "<th>全年出席活动</th>" not in t)


def test_meeting_mode_title_bar_and_every_member_linked_page_by_page(role_users):
    store, _, _ = role_users
    at = as_role("chair1", **{meeting.MEETING_KEY: True})
    last = store.scalar("SELECT max(imported_at) FROM batches WHERE status = 'active'")
    bar = re.search(r'<div class="meeting-title">.*?</div>', html_of(at), re.S).group(0)
    assert f"市政协 {YEAR}年度界别与联络组" in bar and f"数据截至 {last.year}年{last.month}月{last.day}日" in bar
    assert not at.dataframe  # every table is a large-type HTML table, none scrolls inside
    group = at.selectbox(key="groups_group_activity_group").value
    result = score_year(store, YEAR)
    members = sorted(result.scores.loc[result.scores["activity_group"] == group, "member_id"])
    pages = math.ceil(len(members) / meeting.PAGE_ROWS)
    assert pages > 1, "the demo city's groups are longer than a page"
    assert at.number_input(key="groups_matrix_page").label == f"页码（共 {pages} 页）"
    seen: list[str] = []
    for number in range(1, pages + 1):
        at.number_input(key="groups_matrix_page").set_value(number)
        seen += re.findall(r'<a href="profile\?member=([^&"]+)&amp;year=\d+&amp;meeting=1" target="_self">',
                           matrix_table(rerun(at)))
    assert seen == members
    comparison = next(t for t in meeting_tables(at) if "<th>界别活动组</th>" in t)
    assert comparison.count("<tr><td") == len(at.selectbox(key="groups_group_activity_group").options) + 1


@pytest.mark.parametrize("username", ["chair1", "leader1"])
def test_meeting_mode_of_the_group_page_is_in_chinese(role_users, username):
    texts = visible_texts(as_role(username, **{meeting.MEETING_KEY: True}))
    assert any("数据截至" in t for t in texts)
    found = offending(texts)
    assert not found, "\n".join(f"{w}: {t}" for w, t in found.items())
