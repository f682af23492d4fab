"""Pages opened by their address in a real browser (issue 14, item 7): a page the role may
not open and an address that is no page give a Chinese page with a link to the user's
start page, never Streamlit's English «Page not found»; before sign-in a page's address
shows the sign-in form and, signed in, that page; and the first request after the server
starts is served by the shell (sign-in, year selector, Chinese page list)."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.e2e.conftest import ADMIN, LEADER, MEMBER, _served, demo_db_with
from tests.e2e.harness import assert_no_exception, nav_titles, wait_heading, wait_settled
from tests.e2e.test_roles_and_import import sign_in

YEAR = 2025


@pytest.fixture
def roles_server(tmp_path, demo_db_file):
    """The demo city with sign-in: an administrator, a 组长 and a 委员."""
    yield from _served(demo_db_with(tmp_path, demo_db_file, "admin", "leader", "member"), local_mode=False)


def open_address(page, server, path: str) -> None:
    """Open ``path`` by its address and wait for the script runs to have settled."""
    page.goto(server.url + path)
    page.locator('[data-testid="stApp"]').wait_for()
    wait_settled(page)


def assert_no_english_dialog(page) -> None:
    text = page.locator("body").inner_text()
    assert "Page not found" not in text and "not found" not in text, text
    assert page.get_by_role("dialog").count() == 0


def start_link(page, title: str):
    return page.get_by_role("link", name=f"前往「{title}」")


def test_a_member_opening_the_ranking_by_address_is_refused_in_chinese(page, roles_server):
    open_address(page, roles_server, "/ranking")
    sign_in(page, MEMBER[0], MEMBER[2])
    page.get_by_text("您的角色（委员）无权查看「排名」页面。").wait_for()
    start_link(page, "委员档案").wait_for()
    assert_no_english_dialog(page)
    assert page.get_by_role("heading", name=f"{YEAR}年度排名").count() == 0
    page.get_by_text("当前用户：张委员（委员）").wait_for()  # the shell, whose one page is not listed

    start_link(page, "委员档案").click()
    wait_heading(page, "委员档案")
    assert_no_exception(page)


def test_a_signed_in_leader_opening_the_overview_by_address_is_refused_in_chinese(page, roles_server):
    open_address(page, roles_server, "/")
    sign_in(page, LEADER[0], LEADER[2])
    wait_heading(page, "界别与联络组")
    open_address(page, roles_server, "/overview")  # a new session: the cookie signs in again
    page.get_by_text("您的角色（组长）无权查看「总览」页面。").wait_for()
    start_link(page, "界别与联络组").wait_for()
    assert_no_english_dialog(page)
    assert sorted(nav_titles(page)) == sorted(["界别与联络组", "委员档案", "排名", "履职进度"])


def test_an_address_that_is_no_page_is_named_in_chinese(page, roles_server):
    open_address(page, roles_server, "/nonsense")
    sign_in(page, ADMIN[0], ADMIN[2])
    page.get_by_text("没有这个页面：/nonsense").wait_for()
    start_link(page, "总览").wait_for()
    assert_no_english_dialog(page)
    assert urlparse(page.url).path.endswith("/nonsense")


@pytest.mark.parametrize("path,shown", [("/a%2Fb", "没有这个页面：/a/b"), ("/login", None), ("/overview", None)])
def test_odd_addresses_end_on_a_chinese_page(page, demo_local_server, path, shown):
    open_address(page, demo_local_server, path)
    if shown:
        page.get_by_text(shown).wait_for()
    else:
        wait_heading(page, f"{YEAR}年度履职总览")
    assert_no_english_dialog(page)


def test_sign_in_at_the_ranking_lands_on_the_ranking(page, demo_signed_server):
    open_address(page, demo_signed_server, "/ranking")  # the first request since the server started
    wait_heading(page, "履职考评看板 · 登录")
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert_no_english_dialog(page)
    sign_in(page, ADMIN[0], ADMIN[2])
    wait_heading(page, f"{YEAR}年度排名")
    assert urlparse(page.url).path.endswith("/ranking")
    assert "排名" in nav_titles(page) and "ranking" not in nav_titles(page)
    assert_no_english_dialog(page)
    assert_no_exception(page)


def test_the_first_request_after_a_start_is_served_by_the_shell(page, demo_local_server):
    open_address(page, demo_local_server, "/ranking")
    wait_heading(page, f"{YEAR}年度排名")
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("考评年度").wait_for()
    titles = nav_titles(page)
    assert {"总览", "排名", "数据导入"} <= set(titles) and "ranking" not in titles, titles
    page.get_by_text("本地单用户模式（管理员）").wait_for()
    assert_no_english_dialog(page)
    assert_no_exception(page)
