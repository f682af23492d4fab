"""Dates and times in Chinese (issue 15): signed in as each role, no page shows an ISO
timestamp (2026-12-01T18:03:11, 2026-12-01 18:03) or seconds with microseconds; the
sidebar, the audit log, the users and the import batches say «2026年12月1日 18:03». The
moments are read from the database, not from the pages' code."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from data.store import Store
from tests.test_auth import as_user, role_users  # noqa: F401 (fixture)
from tests.test_chinese_text import ROLE_PAGES, visible_texts

ISO_MOMENT = re.compile(r"\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}")
MICROSECONDS = re.compile(r"\d{1,2}:\d{2}:\d{2}\.\d+")
IN_WORDS = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日 (\d{2}):(\d{2})$")


def machine_moments(texts: list[str]) -> dict[str, str]:
    """Each ISO timestamp or microsecond time found, with the text it is in."""
    found: dict[str, str] = {}
    for text in texts:
        for pattern in (ISO_MOMENT, MICROSECONDS):
            for hit in pattern.findall(text):
                found.setdefault(hit, text[:120])
    return found


def in_words(moment) -> str:
    """How the office writes a moment, built here from its parts."""
    m = pd.Timestamp(moment)
    return f"{m.year}年{m.month}月{m.day}日 {m.hour:02d}:{m.minute:02d}"


def shown_table(at, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_the_check_finds_machine_moments():
    assert machine_moments(["2026-12-01T18:03:11", "导入 2026-12-01 18:03", "18:03:11.123456"]).keys() == \
        {"2026-12-01T18:03", "2026-12-01 18:03", "18:03:11.123456"}
    assert not machine_moments(["2026年12月1日 18:03", "14:30", "W0001"])


@pytest.mark.parametrize("username,page", ROLE_PAGES)
def test_no_page_shows_a_machine_timestamp(role_users, username, page):
    found = machine_moments(visible_texts(as_user(username, page)))
    assert not found, (username, page, found)


def test_sidebar_says_the_last_import_in_words(role_users):
    store = Store.open()
    last = store.scalar("SELECT max(imported_at) FROM batches WHERE status = 'active'")
    at = as_user("admin", "overview")
    assert f"最近导入：{in_words(last)}" in [c.value for c in at.sidebar.caption]


def test_audit_log_times_are_in_words(role_users):
    store = Store.open()
    logged = store.df('SELECT "at" FROM audit_log')["at"]
    table = shown_table(as_user("admin", "audit"), "时间")
    assert len(table) and all(IN_WORDS.match(t) for t in table["时间"]), table["时间"].head()
    assert set(table["时间"]) <= {in_words(m) for m in logged}


def test_users_and_import_batches_show_their_times_in_words(role_users):
    store = Store.open()
    users = shown_table(as_user("admin", "users"), "创建时间")
    created = store.df("SELECT created_at FROM users")["created_at"]
    assert sorted(users["创建时间"]) == sorted(in_words(m) for m in created)
    batches = shown_table(as_user("admin", "import_files"), "导入时间")
    imported = store.df("SELECT imported_at FROM batches")["imported_at"]
    assert sorted(batches["导入时间"]) == sorted(in_words(m) for m in imported)
