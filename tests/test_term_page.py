"""届期考评 page under AppTest on the demo city: 管理员 and 主席会议 see the counts, every
member's years side by side and the verdicts; «只看不符合» keeps the failing ones; the
档案 workbook downloads one sheet per member shown; a member's records are listed; meeting
mode draws the large table; a 组长 and a 委员 may not open it; all of it in Chinese."""
from __future__ import annotations

import io
import re

import openpyxl
import pytest

from data.store import Store
from metrics import term as tm
from tests.apptest_util import capture_downloads, open_page, rerun, shown_names
from tests.test_auth import a_session, role_users, signed_in_mode  # noqa: F401 (fixtures; sign-in on)
from tests.test_chinese_text import offending, visible_texts
from tests.test_groups_meeting import meeting_tables
from ui import auth, meeting

TERM = "十四届"


def as_role(username: str, **session):
    return open_page("term", **{auth.SESSION_KEY: a_session(Store.open(), username), **session})


def reference(store) -> tm.TermView:
    return tm.term_view(store, TERM)


def main_table(at):
    return next(t for t in at.dataframe if "换届参考" in t.value.columns)


@pytest.mark.parametrize("username", ["admin", "chair1"])
def test_page_shows_counts_years_and_verdicts(role_users, username):
    store, _, _ = role_users
    expected = reference(store)
    at = as_role(username)
    assert any(TERM in t.value and "届期考评" in t.value for t in at.title)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {v: f"{n} 人" for v, n in expected.counts().items()}
    table = main_table(at).value
    assert {"2024年总分", "2024年等次", "2025年排名", "2025年预警", "本届提案", "全会无故缺席"} <= set(table.columns)
    assert len(table) == len(expected.members)
    assert sorted(shown_names(table["姓名"])) == sorted(expected.members["name"])
    assert str(table["姓名"].iloc[0]).startswith("profile?member=")
    texts = visible_texts(at)
    assert any("本届要求：本届提案至少 3 件" in t for t in texts)
    assert offending(texts) == {}


def test_only_failing_and_the_archive_of_those_shown(role_users, monkeypatch):
    store, _, _ = role_users
    expected = reference(store)
    downloads = capture_downloads(monkeypatch)
    at = as_role("chair1")
    at.toggle(key="term_only_failing").set_value(True)
    rerun(at)
    table = main_table(at).value
    failing = expected.failing()
    assert list(table["委员编号"]) == list(failing["member_id"])
    assert set(table["换届参考"]) == {tm.FAILS}
    archive = next(d for d in downloads if d["label"].startswith("下载届期考评档案")
                   and f"共 {len(failing)} 人" in d["label"])
    book = openpyxl.load_workbook(io.BytesIO(archive["data"]))
    assert book.sheetnames == tm.archive_sheet_names(expected, list(failing["member_id"]))


def test_a_members_records_are_listed(role_users):
    store, _, _ = role_users
    expected = reference(store)
    member = expected.failing().iloc[0]
    at = as_role("admin")
    at.selectbox(key="term_member").set_value(member["member_id"])
    rerun(at)
    sources = next(t for t in at.dataframe if "来源文件" in t.value.columns).value
    assert (sources["类别"] == "提案").sum() == member["proposals"]
    assert (sources["类别"] == "全体会议").sum() == (member["plenary_attended"] + member["plenary_leave"]
                                                 + member["plenary_absent"])
    assert any(member["reasons"] in m.value for m in at.markdown)


def test_meeting_mode_shows_the_large_table(role_users):
    store, _, _ = role_users
    expected = reference(store)
    at = as_role("chair1", **{meeting.MEETING_KEY: True})
    table = next(t for t in meeting_tables(at) if "<th>换届参考</th>" in t)
    assert table.count("<tr><td") == min(len(expected.members), meeting.PAGE_ROWS)
    assert re.search(r'href="profile\?member=W\d+', table)
    heads = re.findall(r"<th>([^<]+)</th>", table)
    assert heads[:3] == ["委员编号", "姓名", "界别"] and heads[-2:] == ["换届参考", "不符合的原因"]
    assert {"2025年总分", "2025年等次", "本届提案", "本届社情民意", "全会无故缺席"} <= set(heads)
    assert not {"界别活动组", "委员联络组", "2025年排名", "2025年预警", "全会请假"} & set(heads)
    title = next(m.value for m in at.get("html") if "meeting-title" in m.value)
    assert f"{expected.term}届期考评（2024年、2025年）" in title and "年度届期" not in title


@pytest.mark.parametrize("username", ["leader1", "member1"])
def test_leader_and_member_may_not_open_it(role_users, username):
    at = as_role(username)
    assert any("无权查看" in e.value for e in at.error)
    assert not at.dataframe


# -- the rule page keeps [term_rules] ----------------------------------------------------------
def as_admin_on_rules():
    return open_page("rules", **{auth.SESSION_KEY: a_session(Store.open(), "admin")})


def test_rules_page_shows_saves_and_keeps_the_term_rules(role_users):
    from metrics.rules import rules_for_year
    from tests.test_term import with_term_rules

    store, _, _ = role_users
    year = 2025
    at = as_admin_on_rules()
    assert any("届期考评的本届要求" in c.value and "本届提案至少 3 件" in c.value for c in at.caption)
    at.radio(key="rules_mode").set_value("text")
    rerun(at)
    at.text_area[0].set_value(with_term_rules("min_proposals = 5\nmax_plenary_absent = 0"))
    next(b for b in at.button if "检查并试算" in b.label).click()
    rerun(at)
    at.button(key="save_rules").click()  # no score changes, only the term's requirements: it saves
    rerun(at)
    assert not at.error, [e.value for e in at.error]
    saved = tm.TermRules(min_proposals=5, max_plenary_absent=0)
    assert rules_for_year(store, year).term_rules == saved

    at = as_admin_on_rules()  # edited as tables (another item), the section stays
    editor = next(d for d in at.data_editor if d.key and d.key.startswith("rules_expected_"))
    row = list(editor.value["代码"]).index("training")
    at.session_state[editor.key] = {"edited_rows": {row: {"应有场次": 2}}, "added_rows": [], "deleted_rows": []}
    next(b for b in at.button if "检查并试算" in b.label).click()
    rerun(at)
    at.button(key="save_rules").click()
    rerun(at)
    assert rules_for_year(store, year).expected["training"] == 2
    assert rules_for_year(store, year).term_rules == saved
    assert tm.term_view(store, TERM).rules == saved
