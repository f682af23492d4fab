"""Text from a file is text in the real browser too (issue 14, item 1): AppTest sees only
the Markdown source, and the browser's Markdown also autolinks bare addresses. A roster
whose 界别 is an image of a stranger's address and whose 活动组 is bold text with a
phishing link: the member's profile shows them as typed, with no link, image or bold."""
from __future__ import annotations

import pytest

from data.importer import import_file
from data.store import Store
from tests.conftest import ROSTER_HEADER, ROSTER_ROWS, write_xlsx
from tests.e2e.harness import AppServer, wait_heading, wait_settled

IMAGE = "![t](http://evil.example/x.png)"
PHISHING = "**粗体** [点此重新登录](http://evil.example/login) www.evil.example a@evil.example"


@pytest.fixture
def hostile_server(tmp_path):
    rows = [list(r) for r in ROSTER_ROWS]
    rows[0][ROSTER_HEADER.index("所属界别")] = IMAGE
    rows[0][ROSTER_HEADER.index("界别活动组")] = PHISHING
    db = tmp_path / "lvzhi.duckdb"
    store = Store(db)
    assert import_file(store, write_xlsx(tmp_path / "委员名册.xlsx", {"名册": [ROSTER_HEADER, *rows]})).ok
    visit = [["活动名称", "日期", "姓名", "出勤"], ["视察", "2025-05-01", "王刚", "出席"]]
    assert import_file(store, write_xlsx(tmp_path / "2025年出勤.xlsx", {"出勤": visit})).ok
    store.close()
    server = AppServer(db, local_mode=True).start()
    try:
        yield server
    finally:
        server.stop()


def test_a_profile_shows_hostile_roster_text_as_typed(page, hostile_server):
    page.goto(hostile_server.url + "/")
    wait_settled(page)
    page.goto(hostile_server.url + "/profile?member=A01")
    wait_heading(page, "委员档案")
    wait_settled(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("[点此重新登录]", exact=False).first.wait_for()
    assert page.locator('a[href*="evil.example"]').count() == 0
    assert page.locator('img[src*="evil.example"]').count() == 0
    assert main.locator("strong", has_text="粗体").count() == 0
    shown = main.inner_text().replace("\u2060", "")
    assert IMAGE in shown and "**粗体** [点此重新登录](http://evil.example/login)" in shown
