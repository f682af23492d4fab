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


@pytest.mark.parametrize("username", ["leader1", "member1"])
def test_leader_and_member_may_not_open_it(role_users, username):
    at = as_role(username)
    assert any("无权查看" in e.value for e in at.error)
    assert not at.dataframe
