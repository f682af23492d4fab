"""First start in a real browser: no page listed before sign-in, the administrator is
created, the demo city loads with its progress, the signed cookie signs the same browser
in again after a reload, and signing out forgets it."""
from __future__ import annotations

import re

from tests.e2e.harness import (assert_no_exception, fill_form, open_app, screenshot, wait_heading,
                               wait_settled)


def test_first_start_creates_admin_loads_demo_and_keeps_the_cookie(page, empty_server):
    open_app(page, empty_server)
    wait_heading(page, "履职考评看板 · 首次使用")
    screenshot(page, "00-first-start")
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0

    fill_form(page, {"用户名": "office", "姓名": "王主任", "密码": "first-pass-2025",
                     "再次输入密码": "first-pass-2025"})
    page.get_by_role("button", name="创建管理员并登录").click()
    page.get_by_role("button", name="载入示例数据").click()
    wait_heading(page, "2025年度履职总览")
    assert_no_exception(page)
    page.get_by_text("当前用户：王主任（管理员）").wait_for()
    nav = page.locator('[data-testid="stSidebarNav"]')
    for title in ("总览", "排名", "数据导入", "用户管理"):
        assert nav.get_by_role("link", name=title, exact=True).count() == 1

    page.reload()  # a new session: the signed cookie signs the user in again
    wait_heading(page, "2025年度履职总览")
    wait_settled(page)
    page.get_by_text("当前用户：王主任（管理员）").wait_for()

    page.get_by_role("button", name="退出登录").click()
    wait_heading(page, "履职考评看板 · 登录")
    wait_settled(page)
    page.reload()
    wait_heading(page, "履职考评看板 · 登录")
    wait_settled(page)
    screenshot(page, "00-sign-in")
    assert page.get_by_text(re.compile("当前用户")).count() == 0
