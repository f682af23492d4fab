"""Which page a request gets (issue 14, item 7): the pure decisions of ``ui.routes``, the
Streamlit internals they read, and under AppTest a page the role may not open. In a real
browser: addresses typed in, sign-in at a page's address (tests/e2e/test_routes.py), and
signing in after another user signed out on a page the next one may not open
(tests/e2e/test_roles_and_import.py)."""
from __future__ import annotations

import pytest
from streamlit.util import calc_hash

from data.accounts import users
from tests import test_auth
from tests.apptest_util import open_page
from tests.test_auth import errors, role_users, titles  # noqa: F401
from ui import auth, routes
from ui.routes import FORBIDDEN_PAGE, PAGE, START, UNKNOWN_PAGE, UNKNOWN_URL_PATH, Route


@pytest.fixture(autouse=True)
def signed_in_mode(monkeypatch):
    monkeypatch.delenv("LVZHI_LOCAL_MODE", raising=False)
    monkeypatch.setattr(users, "BCRYPT_ROUNDS", 4)


# -- decisions -------------------------------------------------------------------------------------
def test_the_streamlit_internals_routing_reads_are_there():
    assert routes.internals_missing() == []


def test_before_sign_in_only_the_last_runs_sign_in_pages_are_known():
    previous = {"h1": {"page_name": "登录", "url_pathname": "ranking"},
                "h2": {"page_name": "用户管理", "url_pathname": "users"}}
    assert routes.sign_in_hashes(previous) == {"h1": "ranking"}


def test_the_requested_path_is_the_name_asked_for_else_the_page_of_the_hash():
    known = {"h1": "ranking", "h2": ""}
    assert routes.requested_path("nonsense", "h1", known) == "nonsense"
    assert routes.requested_path("", "h1", known) == "ranking"
    assert routes.requested_path(None, "h2", known) == ""
    assert routes.requested_path("", "unknown-hash", known) == ""
    assert routes.requested_path(None, None, known) == ""


def test_page_hashes_know_every_page_and_the_last_runs_pages():
    previous = {"abc": {"url_pathname": "nonsense"}, "main": {"page_name": ""}}
    known = routes.page_hashes(previous, auth.page_titles())
    assert known[calc_hash("ranking")] == "ranking" and known["abc"] == "nonsense"
    assert "main" not in known


@pytest.mark.parametrize("path,ok", [
    ("ranking", True), ("中文", True), ("a b", True), ("", False), (" x", False), ("x ", False),
    ("a/b", False), ("/x", False)])
def test_what_can_be_a_url_path(path, ok):
    assert routes.can_be_url_path(path) is ok


def test_the_start_page_of_each_role():
    assert routes.start_page("admin") == ("views/overview.py", "总览")
    assert routes.start_page("chair") == ("views/overview.py", "总览")
    assert routes.start_page("leader") == ("views/groups.py", "界别与联络组")
    assert routes.start_page("member") == ("views/profile.py", "委员档案")


@pytest.mark.parametrize("role,path,expected", [
    ("admin", "", Route(PAGE)),
    ("admin", "ranking", Route(PAGE, "ranking", "ranking")),
    ("leader", "ranking", Route(PAGE, "ranking", "ranking")),
    ("member", "ranking", Route(FORBIDDEN_PAGE, "ranking", "ranking")),
    ("chair", "users", Route(FORBIDDEN_PAGE, "users", "users")),
    ("admin", "overview", Route(START, "overview")),
    ("member", "profile", Route(START, "profile")),
    ("leader", "login", Route(START, "login")),
    ("member", "overview", Route(FORBIDDEN_PAGE, "overview", "overview")),
    ("admin", "nonsense", Route(UNKNOWN_PAGE, "nonsense", "nonsense")),
    ("admin", "a/b", Route(UNKNOWN_PAGE, "a/b", UNKNOWN_URL_PATH)),
    ("member", " x", Route(UNKNOWN_PAGE, " x", UNKNOWN_URL_PATH)),
])
def test_route(role, path, expected):
    assert routes.route(role, path) == expected


def test_only_a_start_or_a_page_shown_elsewhere_rewrites_the_request():
    assert not Route(PAGE).redirect and not Route(FORBIDDEN_PAGE, "ranking", "ranking").redirect
    assert Route(START, "overview").redirect and Route(UNKNOWN_PAGE, "a/b", UNKNOWN_URL_PATH).redirect


@pytest.mark.parametrize("path,expected", [
    ("", Route(PAGE)), ("ranking", Route(PAGE, "ranking", "ranking")),
    ("nonsense", Route(PAGE, "nonsense", "nonsense")), ("login", Route(START, "login")),
    ("a/b", Route(START, "a/b"))])
def test_sign_in_route(path, expected):
    assert routes.sign_in_route(path) == expected


def test_the_messages():
    assert routes.forbidden_text("委员", "ranking") == "您的角色（委员）无权查看「排名」页面。"
    assert routes.unknown_text("nonsense") == "没有这个页面：/nonsense"
    shown = routes.unknown_text("**x**[a](http://e.com)")
    assert "**x**" not in shown and "[a](" not in shown


# -- under AppTest -----------------------------------------------------------------------------------
def as_user(username: str, page: str | None = None):
    return test_auth.as_user(username, page)


def links(at) -> list:
    return [(e.proto.page, e.proto.label) for e in at.get("page_link")]


def test_a_member_opening_the_ranking_sees_the_chinese_refusal_and_a_link_home(role_users):
    at = as_user("member1", "ranking")
    assert routes.forbidden_text("委员", "ranking") in errors(at)
    assert not any("年度排名" in t for t in titles(at))
    assert any(label == "前往「委员档案」" for _, label in links(at)), links(at)


def test_a_leader_opening_the_overview_sees_the_refusal(role_users):
    at = as_user("leader1", "overview")
    assert routes.forbidden_text("组长", "overview") in errors(at)
    assert any(label == "前往「界别与联络组」" for _, label in links(at)), links(at)
