"""排名's «排名范围» and «各组前 N 名» under AppTest on the demo city, per role (a 组长 sees
no cohort data of members outside their groups and no top lists), in meeting mode, and
the 年中增补 / 年中离任 marks on the pages that list members."""
from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest

from data.store import Store
from metrics.scoring import score_year
from tests.apptest_util import capture_downloads, open_page, rerun, shown_names
from tests.test_auth import as_user, role_users, signed_in_mode  # noqa: F401 (fixtures)
from tests.test_cohorts import GROUPING, change_day, expected_ranks

YEAR = 2025
TOP_FILE = f"{YEAR}年度各组前5名.xlsx"


@pytest.fixture
def demo(demo_app_db, monkeypatch):
    """The demo city in local mode (signed_in_mode, imported above, switches it off)."""
    monkeypatch.setenv("LVZHI_LOCAL_MODE", "1")
    store = Store(demo_app_db)
    yield store, score_year(store, YEAR)
    store.close()


def ranking(at) -> pd.DataFrame:
    """The ranking as shown, with the member id each name links to (column «id»)."""
    frame = at.dataframe[0].value
    return frame.assign(id=member_ids(frame["姓名"]), 姓名=shown_names(frame["姓名"]))


def member_ids(links: pd.Series) -> list[str]:
    """The member each name's 档案 link opens."""
    return [re.search(r"member=([^&#]+)", str(link)).group(1) for link in links]


def top_table(at) -> pd.DataFrame | None:
    for frame in at.dataframe:
        if "组内名次" in frame.value.columns:
            return frame.value
    return None


@pytest.mark.parametrize("by,label", [("committee", "专委会内排名"), ("standing", "常委/委员内排名"),
                                      ("sector", "界别内排名")])
def test_the_office_ranks_within_each_cohort_grouped(demo, by, label):
    store, result = demo
    at = open_page("ranking")
    radio = at.radio(key="rank_cohort")
    assert radio.options == ["全体", "常委与委员分列", "按专委会", "按界别"]
    radio.set_value(by)
    table = ranking(rerun(at))
    assert list(table.columns[:3]) == ["排名分组", label, "名次"]
    assert len(table) == len(result.scores)
    ids = table["id"]
    expected = expected_ranks(result.scores, by)
    got = table[label].set_axis(ids)
    assert got.loc[expected.index].astype(int).tolist() == expected.tolist()
    assert got.drop(expected.index).isna().all()                     # 年中离任: listed, not ranked
    cohort = table["排名分组"]
    assert cohort.tolist() == GROUPING[by](result.scores.set_index("member_id").loc[ids].reset_index()).tolist()
    assert cohort.ne(cohort.shift()).sum() == cohort.nunique()       # each cohort in one block
    for _, rows in table.groupby("排名分组", sort=False):
        ranked = rows[label].dropna().astype(int)
        assert ranked.is_monotonic_increasing
    assert any("同分同名次" in c.value for c in at.caption)


def test_the_office_gets_the_top_five_of_each_cohort_as_xlsx(demo, monkeypatch):
    store, result = demo
    downloads = capture_downloads(monkeypatch)
    at = open_page("ranking")
    assert any(s.value == "各组前 5 名" for s in at.subheader)
    shown = top_table(at)
    names = dict(zip(result.scores["member_id"], result.scores["name"]))
    want = []
    for by in ("standing", "committee", "sector"):
        expected = expected_ranks(result.scores, by)
        want += [names[m] for m in expected[expected <= 5].index]
    assert sorted(shown_names(shown["姓名"])) == sorted(want)
    assert sorted(shown["委员编号"]) == sorted(m for by in ("standing", "committee", "sector")
                                           for m, r in expected_ranks(result.scores, by).items() if r <= 5)
    data = next(d["data"] for d in downloads if d["file_name"] == TOP_FILE)
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [c for row in ws.iter_rows(values_only=True) for c in row]
    assert sorted(c for c in cells if c in set(want)) == sorted(want)
    assert "排名范围" in cells and "组内名次" in cells


def test_meeting_mode_shows_the_cohort_rank_in_large_type(demo):
    store, result = demo
    at = open_page("ranking", meeting_mode=True, rank_cohort="committee")
    html = "\n".join(h.value for h in at.get("html"))
    assert "<th>排名分组</th><th>专委会内排名</th><th>名次</th>" in html
    first = re.search(r"<tr><td[ >].*?</tr>", html).group(0)
    expected = expected_ranks(result.scores, "committee")
    top = [result.member(m)["name"] for m in expected[expected == 1].index]
    assert any(name in first for name in top) and "<td class=\"num\">1</td>" in first
    assert not any("各组前" in s.value for s in at.subheader)   # the 通报's lists: not projected


def test_the_chair_gets_the_top_lists(role_users):
    at = as_user("chair1", "ranking")
    assert top_table(at) is not None


def test_a_leader_sees_cohort_ranks_of_own_members_only(role_users, monkeypatch):
    store, group, _ = role_users
    result = score_year(store, YEAR)
    downloads = capture_downloads(monkeypatch)
    at = as_user("leader1", "ranking")
    at.radio(key="rank_cohort").set_value("committee")
    table = ranking(rerun(at))
    own = result.scores[result.scores["liaison_group"] == group]
    assert sorted(table["id"]) == sorted(own["member_id"])
    expected = expected_ranks(result.scores, "committee")            # among the whole body
    ids = table["id"]
    ranked = ids.isin(expected.index).to_numpy()
    assert table.loc[ranked, "专委会内排名"].astype(int).tolist() == expected.loc[ids[ranked]].tolist()
    assert top_table(at) is None and not any("各组前" in s.value for s in at.subheader)
    assert not any(d["file_name"] == TOP_FILE for d in downloads)
    others = set(result.scores["member_id"]) - set(own["member_id"])
    page_text = " ".join(str(v) for f in at.dataframe for v in f.value.astype(str).to_numpy().ravel())
    assert not any(f"member={m}&" in page_text for m in others)


def test_profile_card_and_warning_page_mark_a_member_who_joined(demo):
    store, result = demo
    s = result.scores
    joined = s.loc[s["joined_midyear"] & s["warnings"].str.len().gt(0), "member_id"].iloc[0]
    mark = f"年中增补（{change_day(store, joined)}）"
    at = open_page("profile", member=joined)
    assert any(w.value.startswith(mark) for w in at.warning)
    at = open_page("warnings")
    notes = [v for f in at.dataframe if "备注" in f.value.columns for v in f.value["备注"]]
    assert mark in notes


def test_a_rule_set_without_cohorts_offers_the_whole_body_only(demo):
    from metrics.rules import save_rule_set
    from tests.test_cohorts import with_rules

    store, _ = demo
    save_rule_set(store, YEAR, with_rules("[cohorts]\nby = []\n"), "test")
    at = open_page("ranking")
    assert not at.radio and top_table(at) is None
    assert list(ranking(at).columns[:2]) == ["名次", "姓名"]
