"""Local mode (no sign-in, everyone 管理员) in a real browser: with the server listening on
every interface, a visit from this machine's network address is refused in Chinese and
shows nothing of the app; the same server from 127.0.0.1 works (issue 14, item 4)."""
from __future__ import annotations

import pytest

from tests.e2e.harness import AppServer, network_address, wait_settled


@pytest.fixture(params=["0.0.0.0", "::"], ids=["ipv4", "dual-stack"])
def open_local_server(tmp_path, request):
    """Listening on every interface; on "::" a visit to 127.0.0.1 arrives as ::ffff:127.0.0.1."""
    server = AppServer(tmp_path / "lvzhi.duckdb", local_mode=True, address=request.param).start()
    try:
        yield server
    finally:
        server.stop()


def test_local_mode_serves_only_this_machine(page, open_local_server):
    address = network_address()
    if address is None:
        pytest.skip("this machine has no network address other than loopback to visit from")
    page.goto(f"http://{address}:{open_local_server.port}/")
    page.get_by_text(f"来自 {address} 的访问已拒绝").wait_for()
    wait_settled(page)
    assert page.get_by_text("本地单用户模式（管理员）").count() == 0
    page.goto(f"http://{address}:{open_local_server.port}/ranking")  # a page by its address
    page.get_by_text("已拒绝").or_(page.get_by_text("无权查看此页面")).first.wait_for()
    wait_settled(page)
    assert page.get_by_role("heading", name="2025年度排名").count() == 0
    assert page.locator('[data-testid="stDataFrame"]').count() == 0

    page.goto(open_local_server.url)
    page.get_by_text("只接受本机（127.0.0.1）的访问").wait_for()
    assert page.get_by_text("已拒绝").count() == 0
