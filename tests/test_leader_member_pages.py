"""Issue 15, items 3, 4 and 6 under AppTest on the demo city: the 组长's start page and
ranking, an out-of-scope ?member=, the 委员's card, the office's order of 界别 and groups,
and members who left listed apart from the inactive ones."""
from __future__ import annotations

import pandas as pd
import pytest

from data.store import Store
from metrics.groups import ATTENDED
from metrics.profile import ANONYMOUS_GROUP
from metrics.rules import default_rules, save_rule_set
from metrics.scope import HIDDEN_PREFIX
from metrics.scoring import score_year
from tests.apptest_util import open_page, rerun, shown_names
from tests.test_auth import as_user, role_users, signed_in_mode  # noqa: F401 (fixtures; sign-in on)
from tests.test_page_groups_profile import attendance_of, figures, table_with

YEAR = 2025
# The demo city's 界别 in the usual CPPCC order, written out by hand.
DEMO_SECTORS_IN_CPPCC_ORDER = [
    "中共", "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "无党派人士", "共青团", "工会",
    "妇联", "工商联", "科协", "台联", "侨联", "文化艺术界", "社会科学界", "经济界", "农业界", "教育界",
    "医药卫生界", "社会福利和社会保障界", "少数民族界", "特别邀请人士"]


def own_members(store: Store, group: str) -> pd.DataFrame:
    result = score_year(store, YEAR)
    return result.scores[result.scores["liaison_group"] == group]


@pytest.fixture
def local_demo(demo_app_db, monkeypatch):
    """The demo city in local mode (signed_in_mode, imported above, switches it off)."""
    monkeypatch.setenv("LVZHI_LOCAL_MODE", "1")
    return demo_app_db


def texts(elements) -> str:
    return " ".join(str(e.value) for e in elements)


# -- the 组长 ----------------------------------------------------------------------------------------
def test_leader_starts_on_their_group_against_the_body_and_anonymous_groups(role_users):
    store, group, _ = role_users
    at = as_user("leader1")
    assert [t.value for t in at.title] == ["界别与联络组"]
    assert at.selectbox(key="groups_group_liaison_group").value == group
    bar = figures(at)[0]["data"][0]
    labels = [y.rsplit("  ", 1)[0] for y in bar["y"]]  # each bar's label is its group and its rate
    named = [x for x in labels if not x.startswith(ANONYMOUS_GROUP)]
    others = [x for x in labels if x.startswith(ANONYMOUS_GROUP)]
    assert named == [group]
    assert sorted(others) == [f"{ANONYMOUS_GROUP}{c}" for c in "ABCD"]  # the demo city has 5 联络组
    assert not set(labels) & (set(store.df("SELECT DISTINCT liaison_group g FROM cur_members")["g"]) - {group})
    rates = list(bar["x"])
    assert rates == sorted(rates)  # bottom to top: the highest rate on top
    anonymous = [x for x in labels if x.startswith(ANONYMOUS_GROUP)]
    assert anonymous == sorted(anonymous, reverse=True)  # A is the best other group: no hint of which it is
    # the dashed line is the whole body's rate, from the attendance rows
    att = attendance_of(store, YEAR, score_year(store, YEAR))
    body = 100 * att["status"].isin(ATTENDED).mean()
    line = figures(at)[0]["layout"]["shapes"][0]
    assert line["x0"] == pytest.approx(body)
    title = figures(at)[0]["layout"]["title"]["text"]
    assert f"全体委员 {body:.1f}%" in title


def test_leader_ranking_lists_only_their_members_with_body_ranks(role_users):
    store, group, _ = role_users
    mine = own_members(store, group).set_index("member_id")
    at = as_user("leader1", "ranking")
    table = at.dataframe[0].value
    assert len(table) == len(mine)
    names = shown_names(table["姓名"])
    assert not any(str(n).startswith(HIDDEN_PREFIX) for n in names)
    assert set(names) == set(mine["name"])
    ranked = mine[mine["rank"].notna()]
    shown = table.dropna(subset=["名次"]).assign(姓名=lambda f: shown_names(f["姓名"])).set_index("姓名")["名次"].astype(int)
    assert shown.to_dict() == dict(zip(ranked["name"], ranked["rank"].astype(int)))
    assert ranked["rank"].max() > len(mine)                          # ranks are the whole body's


def test_leader_asking_for_a_member_outside_their_group_is_told_so(role_users):
    from tests.test_auth import a_session
    from ui import auth

    store, group, _ = role_users
    outsider = store.df("SELECT member_id, name FROM cur_members WHERE liaison_group <> ? ORDER BY member_id "
                        "LIMIT 1", [group]).iloc[0]
    at = open_page("profile", member=outsider["member_id"], **{auth.SESSION_KEY: a_session(store, "leader1")})
    assert "不在您" in texts(at.error) and "查看范围" in texts(at.error)
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")
    assert outsider["name"] not in " ".join(texts(x) for x in (at.subheader, at.markdown, at.error))
    at.button(key="profile_back").click()
    rerun(at)
    assert not at.error
    assert at.selectbox(key="member").value in set(own_members(store, group)["member_id"])


# -- the 委员 ----------------------------------------------------------------------------------------
def test_member_gets_a_card_and_their_records_as_a_list(role_users):
    store, _, member_id = role_users
    result = score_year(store, YEAR)
    me = result.member(member_id)
    at = as_user("member1", "profile")
    assert not at.main.selectbox and not at.main.text_input          # no picker, no filter
    assert at.subheader[0].value.startswith(me["name"]) and f"{YEAR}年度" in at.subheader[0].value
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["总分"] == f"{me['total']:.2f}"
    assert metrics["全体排名"].startswith(f"{int(me['rank'])} / ")
    assert metrics["等次"] == me["tier"]
    records = "\n".join(m.value for m in at.markdown if "来源：" in m.value)
    assert records.count("来源：") == len(result.provenance_of([member_id]))
    first = result.provenance_of([member_id]).iloc[0]
    assert str(first["source_file"]) in records and f"第 {int(first['row_no'])} 行" in records
    assert not any("计入分" in df.value.columns for df in at.dataframe)  # a list, not the wide table


def test_member_asking_for_someone_else_sees_only_the_refusal(role_users):
    from tests.test_auth import a_session
    from ui import auth

    store, _, member_id = role_users
    other = store.df("SELECT member_id, name FROM cur_members WHERE member_id <> ? ORDER BY member_id LIMIT 1",
                     [member_id]).iloc[0]
    at = open_page("profile", member=other["member_id"], **{auth.SESSION_KEY: a_session(store, "member1")})
    assert "不在您" in texts(at.error)
    assert not at.metric and not at.dataframe
    at.button(key="profile_back").click()
    rerun(at)
    assert {m.label for m in at.metric} >= {"总分", "全体排名", "等次"}


# -- the office's order of 界别 and groups --------------------------------------------------------
def sector_options(at) -> list[str]:
    at.selectbox(key="groups_dimension").set_value("sector")
    rerun(at)
    return list(at.selectbox(key="groups_group_sector").options)


def test_sectors_follow_the_cppcc_order_by_default(local_demo):
    assert sector_options(open_page("groups")) == DEMO_SECTORS_IN_CPPCC_ORDER


def test_the_office_sets_its_own_order_in_the_rule_file(local_demo):
    text = default_rules().toml + ('\n[display]\nsector_order = ["经济界", "教育界", "中共"]\n'
                                   'group_order = ["西山县联络组", "城关区联络组"]\n')
    save_rule_set(Store.open(local_demo), YEAR, text, "test")
    at = open_page("groups")
    rest = sorted(set(DEMO_SECTORS_IN_CPPCC_ORDER) - {"经济界", "教育界", "中共"})   # code order
    assert sector_options(at) == ["经济界", "教育界", "中共", *rest]
    at.selectbox(key="groups_dimension").set_value("liaison_group")
    rerun(at)
    assert at.selectbox(key="groups_group_liaison_group").options == [
        "西山县联络组", "城关区联络组", "东湖区联络组", "北岭市联络组", "南溪县联络组"]


# -- members who left ------------------------------------------------------------------------------
def test_departed_members_are_listed_apart_with_their_date(local_demo):
    at = open_page("groups")
    at.selectbox(key="groups_dimension").set_value("liaison_group")
    rerun(at)
    at.selectbox(key="groups_group_liaison_group").set_value("北岭市联络组")
    at.toggle(key="groups_held_only").set_value(False)
    rerun(at)
    departed = table_with(at, "变动日期")
    assert list(zip(departed["委员编号"], departed["变动"], departed["变动日期"].astype(str))) == [
        ("W0193", "调出", "2025年4月10日"), ("W0069", "调出", "2025年5月1日")]
    idle = {m for df in at.dataframe if "全年出席活动" in df.value.columns for m in df.value["委员编号"]}
    assert not idle & {"W0193", "W0069"}
    assert "年内离任、变动的委员" in texts(at.subheader)
