"""Fixtures of the browser tests: one Chromium per module, a fresh app server (and
database) per test. Without Chromium the tests skip, unless ``LVZHI_REQUIRE_BROWSER=1``
(set by ``.ci/run``) makes that a failure."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.e2e.harness import (CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, TRACK_SCRIPT_STATE, VIEWPORT,
                               AppServer)


def _browser_missing() -> str | None:
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


@pytest.fixture(scope="session", autouse=True)
def no_old_failure_shots():
    """Screenshots of failures are of this run only."""
    from tests.e2e.harness import SHOTS

    for old in SHOTS.glob("FAILED-*.png"):
        old.unlink()


@pytest.fixture(scope="module")
def browser():
    missing = _browser_missing()
    if missing:
        if os.environ.get("LVZHI_REQUIRE_BROWSER") == "1":
            pytest.fail(missing)
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(TRACK_SCRIPT_STATE)
    tab = context.new_page()
    yield tab
    context.close()


def _served(db, local_mode: bool):
    server = AppServer(db, local_mode=local_mode).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def empty_server(tmp_path):
    """The app with sign-in on an empty database (first start)."""
    yield from _served(tmp_path / "lvzhi.duckdb", local_mode=False)


@pytest.fixture
def empty_local_server(tmp_path):
    yield from _served(tmp_path / "lvzhi.duckdb", local_mode=True)


@pytest.fixture
def demo_local_server(tmp_path, demo_db_file):
    """The demo city in local single-user mode."""
    yield from _served(Path(shutil.copy(demo_db_file, tmp_path / "lvzhi.duckdb")), local_mode=True)


ADMIN = ("admin", "办公室管理员", "admin-pass-2025")
CHAIR = ("chair1", "王主席", "chair-pass-2025")
LEADER = ("leader1", "李组长", "leader-pass-2025")
MEMBER = ("member1", "张委员", "member-pass-2025")
ACCOUNTS = {"admin": ADMIN, "chair": CHAIR, "leader": LEADER, "member": MEMBER}  # role -> (username, name, password)


def demo_db_with(folder: Path, demo_db_file: Path, *roles: str) -> Path:
    """A copy of the demo database in ``folder`` with the ``ACCOUNTS`` user of each role: the
    组长 leads the first 委员联络组, the 委员 is the first member of the roster."""
    from data.accounts import users
    from data.store import Store

    db = Path(shutil.copy(demo_db_file, folder / "lvzhi.duckdb"))
    store = Store(db)
    try:
        group = store.scalar("SELECT liaison_group FROM cur_members WHERE liaison_group IS NOT NULL "
                             "ORDER BY liaison_group LIMIT 1")
        member_id = store.scalar("SELECT member_id FROM cur_members ORDER BY member_id LIMIT 1")
        scope = {"leader": {"groups": [f"liaison_group:{group}"]}, "member": {"member_id": member_id}}
        for role in roles:
            username, name, password = ACCOUNTS[role]
            users.create_user(store, username, name, password, role=role, by="test", **scope.get(role, {}))
    finally:
        store.close()
    return db


@pytest.fixture
def demo_signed_server(tmp_path, demo_db_file):
    """The demo city with sign-in and one administrator (``ADMIN``)."""
    yield from _served(demo_db_with(tmp_path, demo_db_file, "admin"), local_mode=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failed browser test, keep a screenshot of where the page was."""
    outcome = yield
    report = outcome.get_result()
    tab = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and tab is not None:
        from tests.e2e.harness import screenshot

        screenshot(tab, f"FAILED-{item.name}")
