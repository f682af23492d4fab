"""Sessions live on the server (issue 14), in Chromium: a copy of the sign-in cookie
works only while its session is open. Signing out, changing one's own password and an
administrator disabling the account each end it — a replayed cookie then shows the
sign-in form, and a page left open asks to sign in at its next click."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import ADMIN, CHAIR, _served, demo_db_with
from tests.e2e.harness import (TIMEOUT_MS, TRACK_SCRIPT_STATE, VIEWPORT, assert_no_exception, choose_option,
                               go_to, open_app, wait_heading, wait_settled)
from tests.e2e.test_roles_and_import import sign_in, sign_out

SIGN_IN = "履职考评看板 · 登录"
OVERVIEW = "2025年度履职总览"


@pytest.fixture
def two_user_server(tmp_path, demo_db_file):
    """The demo city with sign-in, an administrator and a 主席会议 user."""
    yield from _served(demo_db_with(tmp_path, demo_db_file, "admin", "chair"), local_mode=False)


@pytest.fixture
def new_tab(browser):
    """Tabs in browsers of their own (their own cookie jars), closed after the test."""
    contexts = []

    def open_tab(cookies: list[dict] | None = None):
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(TRACK_SCRIPT_STATE)
        if cookies:
            context.add_cookies(cookies)
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


def session_cookie(page) -> list[dict]:
    """The app's session cookie as the browser keeps it (waiting for the component to set it)."""
    page.wait_for_function("document.cookie.includes('lvzhi=')")
    cookies = [c for c in page.context.cookies() if c["name"] == "lvzhi"]
    assert len(cookies) == 1 and len(cookies[0]["value"]) >= 40
    return cookies


def opens_signed_in(tab, server, who: str) -> None:
    open_app(tab, server)
    wait_heading(tab, OVERVIEW)
    tab.get_by_text(f"当前用户：{who}").wait_for()
    assert_no_exception(tab)


def opens_at_sign_in(tab, server) -> None:
    open_app(tab, server)
    wait_heading(tab, SIGN_IN)
    assert tab.get_by_text("当前用户：").count() == 0


def test_a_copied_cookie_works_only_until_sign_out(page, two_user_server, new_tab):
    open_app(page, two_user_server)
    sign_in(page, ADMIN[0], ADMIN[2])
    cookie = session_cookie(page)
    assert cookie[0]["sameSite"] == "Strict"
    copy = new_tab(cookie)
    opens_signed_in(copy, two_user_server, ADMIN[1])  # the copy is the session while it lives

    sign_out(page)
    opens_at_sign_in(new_tab(cookie), two_user_server)  # replayed after sign-out: refused
    go_to_sign_in_on_next_click(copy)  # the tab that held a copy asks to sign in too


def test_changing_ones_password_ends_the_other_browsers(page, two_user_server, new_tab):
    open_app(page, two_user_server)
    sign_in(page, CHAIR[0], CHAIR[2])
    old_cookie = session_cookie(page)
    other = new_tab(old_cookie)
    opens_signed_in(other, two_user_server, CHAIR[1])

    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("修改密码", exact=True).first.click()
    sidebar.get_by_label("当前密码", exact=True).fill(CHAIR[2])
    sidebar.get_by_label("新密码", exact=True).fill("Xin-Zhuxi-2026!")
    sidebar.get_by_label("再次输入新密码", exact=True).fill("Xin-Zhuxi-2026!")
    sidebar.get_by_role("button", name="修改密码").click()
    sidebar.get_by_text("密码已修改").wait_for()
    wait_settled(page)

    opens_at_sign_in(new_tab(old_cookie), two_user_server)
    go_to_sign_in_on_next_click(other)
    page.reload()  # this browser got a new session and keeps it
    wait_heading(page, OVERVIEW)
    page.get_by_text(f"当前用户：{CHAIR[1]}").wait_for()


def test_disabling_a_user_ends_their_open_page(page, two_user_server, new_tab):
    chair = new_tab()
    open_app(chair, two_user_server)
    sign_in(chair, CHAIR[0], CHAIR[2])
    cookie = session_cookie(chair)

    open_app(page, two_user_server)
    sign_in(page, ADMIN[0], ADMIN[2])
    go_to(page, "用户管理", "用户管理")
    choose_option(page, "选择用户", f"{CHAIR[0]}（{CHAIR[1]}）")
    wait_settled(page)
    page.get_by_role("tab", name="停用 / 启用").click()
    page.get_by_role("button", name="停用账号").click()
    page.get_by_text(f"已停用“{CHAIR[0]}”").wait_for()

    go_to_sign_in_on_next_click(chair)
    opens_at_sign_in(new_tab(cookie), two_user_server)


def go_to_sign_in_on_next_click(tab) -> None:
    """A page left open: its next click finds the session ended and shows the sign-in form."""
    tab.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="排名", exact=True).click()
    wait_heading(tab, SIGN_IN)
    wait_settled(tab)
    assert tab.get_by_text("当前用户：").count() == 0
