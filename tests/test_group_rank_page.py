"""组别考评 on 界别与联络组 under AppTest on the demo city: the office sees every group
ranked by name with the 先进 marked, a 组长 their own group's points and rank and the
others as 其他组（匿名）A… with the chart's letters — on the page and in the workbook —
and 会议模式 shows the list as a large-type table. Expected figures are recomputed from
SQL (tests/test_group_rank.py), not read from the code."""
from __future__ import annotations

import io
import re

import openpyxl
import pytest

from metrics.profile import ANONYMOUS_GROUP
from metrics.scoring import score_year
from tests.apptest_util import capture_downloads, rerun
from tests.test_auth import role_users, signed_in_mode  # noqa: F401 (fixtures)
from tests.test_chinese_text import offending, visible_texts
from tests.test_group_rank import expected_points, figures, ranks_of
from tests.test_groups_meeting import (as_role, assert_names_none_of, html_of, other_groups_and_members,
                                       page_texts, workbook_texts)
from tests.test_page_groups_profile import table_with
from ui import meeting

YEAR = 2025
ADVANCED = "先进"


def reference(store, dimension: str):
    """Per group: its points per item and total, its rank — recomputed from SQL figures."""
    result = score_year(store, YEAR)
    points = expected_points(figures(store, result, dimension), result.rules.group_rules)
    totals = points.sum(axis=1).round(2)
    return points, totals, ranks_of(totals)


def test_office_sees_every_group_ranked_by_name_with_the_advanced_marked(role_users):
    store, _, _ = role_users
    at = as_role("chair1")
    assert "组别考评" in [s.value for s in at.subheader]
    table = table_with(at, ADVANCED)
    _, totals, ranks = reference(store, "activity_group")
    assert sorted(table["界别活动组"]) == sorted(totals.index)
    assert list(table["总分"]) == pytest.approx(list(totals.loc[table["界别活动组"]]), abs=0.011)
    assert list(table["排名"]) == list(ranks.loc[table["界别活动组"]])
    advanced = table.loc[table[ADVANCED] == "先进界别小组", "界别活动组"]
    assert set(advanced) == set(ranks.index[ranks <= 2]) and len(advanced) == 2
    assert any("先进界别小组" in m.value and "、".join(advanced) in m.value for m in at.markdown)
    # the chosen group's points item by item add up to its total
    group = at.selectbox(key="groups_group_activity_group").value
    items = table_with(at, "考评项目")
    assert items["得分"].iloc[-1] == pytest.approx(totals[group], abs=0.011)


def test_leader_sees_their_rank_and_the_others_with_the_charts_letters(role_users, monkeypatch):
    store, group, _ = role_users
    downloads = capture_downloads(monkeypatch)
    at = as_role("leader1")
    points, totals, ranks = reference(store, "liaison_group")
    table = table_with(at, ADVANCED).set_index("委员联络组")
    others = sorted(n for n in table.index if n != group)
    assert others == [f"{ANONYMOUS_GROUP}{c}" for c in "ABCD"]
    assert table.loc[group, "排名"] == ranks[group]
    assert table.loc[group, "总分"] == pytest.approx(totals[group], abs=0.011)
    # an anonymous row is the group the comparison table shows under that letter
    comparison = table_with(at, "出席率(%)").set_index("委员联络组")
    for label in others:
        assert table.loc[label, "活动出席率"] == pytest.approx(
            comparison.loc[label, "出席率(%)"] * 40 / 100, abs=0.03)
    assert sorted(table.loc[others, "总分"]) == pytest.approx(sorted(totals.drop(group)), abs=0.011)
    assert_names_none_of(page_texts(at), *other_groups_and_members(store, group))

    book = openpyxl.load_workbook(io.BytesIO(downloads[-1]["data"]))
    rows = list(book["组别考评"].iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "排名")
    named = {r[1]: r for r in rows[header + 1:]}
    assert set(named) == {group, *others} and named[group][0] == ranks[group]
    detail = [r for r in book["本组考评明细"].iter_rows(values_only=True) if r[0] == "总分"]
    assert detail and detail[0][-1] == pytest.approx(totals[group], abs=0.011)
    assert_names_none_of(workbook_texts(downloads[-1]["data"]), *other_groups_and_members(store, group))


def test_leader_sees_no_list_of_advanced_groups_by_name(role_users):
    store, group, _ = role_users
    at = as_role("leader1")
    assert not any("先进委员联络组：" in m.value for m in at.markdown)
    _, _, ranks = reference(store, "liaison_group")
    table = table_with(at, ADVANCED).set_index("委员联络组")
    assert (table.loc[group, ADVANCED] == "先进委员联络组") == (ranks[group] <= 2)


def test_meeting_mode_shows_the_ranking_as_a_large_table(role_users):
    store, _, _ = role_users
    at = as_role("chair1", **{meeting.MEETING_KEY: True})
    tables = re.findall(r'<table class="meeting-table">.*?</table>', html_of(at), re.S)
    ranking = next(t for t in tables if f"<th>{ADVANCED}</th>" in t)
    _, totals, _ = reference(store, "activity_group")
    assert ranking.count("<tr><td") == len(totals)
    assert all(g in ranking for g in totals.index) and "先进界别小组" in ranking


@pytest.mark.parametrize("username", ["chair1", "leader1"])
def test_the_section_is_in_chinese(role_users, username):
    at = as_role(username)
    if username == "chair1":
        at.selectbox(key="groups_dimension").set_value("liaison_group")
        rerun(at)
    texts = visible_texts(at)
    assert any("评为先进" in t for t in texts)
    found = offending(texts)
    assert not found, "\n".join(f"{w}: {t}" for w, t in found.items())
