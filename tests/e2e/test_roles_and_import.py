"""Signing in with roles, and importing the sample city, in Chromium: the administrator
adds a 组长 on the users page; the 组长, signed in, sees three pages and only their
group's members by name. In a new database, the sample city's files uploaded on the
import page are checked, imported and counted exactly as the importer counts them."""
from __future__ import annotations

import shutil

import pytest

from data.importer import import_paths
from data.store import Store
from metrics.scoring import score_year
from tests.conftest import SAMPLE, SAMPLE_FILES
from tests.e2e.conftest import ADMIN
from tests.apptest_util import shown_names
from tests.e2e.harness import (assert_no_exception, choose_option, fill_form, go_to, grid,
                               grid_row_count, grid_rows, nav_titles, open_app, wait_heading,
                               wait_settled)

YEAR = 2025
GROUP = "第一界别活动组"
LEADER = ("leader1", "李组长", "leader-pass-2025")


def sign_in(page, username: str, password: str) -> None:
    wait_heading(page, "履职考评看板 · 登录")
    wait_settled(page)
    fill_form(page, {"用户名": username, "密码": password})
    page.get_by_role("button", name="登录", exact=True).click()
    page.get_by_text("当前用户：").wait_for()
    page.wait_for_function("document.cookie.includes('lvzhi=')")  # a new tab or a reload stays signed in
    wait_settled(page)


def sign_out(page) -> None:
    page.get_by_role("button", name="退出登录").click()
    wait_heading(page, "履职考评看板 · 登录")


def options_of(page, label: str) -> list[str]:
    """The options a selectbox offers (opened, read, closed)."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text(label, exact=True)).first
    box.locator("input").click()
    page.get_by_role("option").first.wait_for()
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return [o.strip() for o in options]


def test_a_leader_sees_only_their_group(page, demo_signed_server, demo_db_file, tmp_path):
    copy = shutil.copy(demo_db_file, tmp_path / "scores.duckdb")
    store = Store(copy)
    scores = score_year(store, YEAR).scores
    store.close()
    in_group = scores[scores["activity_group"] == GROUP]

    open_app(page, demo_signed_server)
    sign_in(page, ADMIN[0], ADMIN[2])
    go_to(page, "用户管理", "用户管理")
    page.get_by_text("新增用户", exact=True).click()
    choose_option(page, "角色", "组长")
    page.get_by_text("负责的组（组长）").wait_for()
    fill_form(page, {"用户名": LEADER[0], "姓名": LEADER[1], "初始密码": LEADER[2]})
    choose_option(page, "负责的组（组长）", f"界别活动组：{GROUP}")
    page.get_by_role("button", name="新增", exact=True).click()
    page.get_by_text(f"已新增用户“{LEADER[0]}”。").wait_for()
    sign_out(page)

    sign_in(page, LEADER[0], LEADER[2])
    wait_heading(page, "界别与联络组")
    assert sorted(nav_titles(page)) == sorted(["界别与联络组", "委员档案", "排名", "履职进度"])
    assert options_of(page, "界别活动组") == [GROUP]
    assert_no_exception(page)

    go_to(page, "排名", f"{YEAR}年度排名")
    table = grid(page)
    assert grid_row_count(table) == len(in_group)  # their members only, no filler rows
    drawn = shown_names(r["姓名"] for r in grid_rows(table))
    assert drawn and set(drawn) <= set(in_group["name"])
    ranks = {int(r["名次"]) for r in grid_rows(table)}
    assert ranks <= set(in_group["rank"].dropna().astype(int))  # whole-body ranks

    go_to(page, "委员档案", "委员档案")
    page.get_by_text(f"委员（{len(in_group)} 位）").wait_for()
    assert_no_exception(page)


@pytest.mark.skipif(not SAMPLE.exists(), reason="no sample city")
def test_sample_files_upload_import_and_count(page, empty_local_server, tmp_path):
    reference = Store(tmp_path / "reference.duckdb")
    expected = [o.summary() for o in import_paths(reference, [SAMPLE / f for f in SAMPLE_FILES])]
    members = len(score_year(reference, YEAR).scores)
    reference.close()

    open_app(page, empty_local_server)
    page.get_by_role("button", name="载入示例数据").wait_for()
    go_to(page, "数据导入", "数据导入")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [str(SAMPLE / f) for f in SAMPLE_FILES])
    page.get_by_role("button", name=f"导入 {len(SAMPLE_FILES)} 个文件").click()
    for summary in expected:
        page.get_by_text(summary, exact=True).wait_for()
    wait_settled(page)
    assert_no_exception(page)
    assert grid_row_count(grid(page)) == len(SAMPLE_FILES)

    go_to(page, "排名", f"{YEAR}年度排名")
    assert grid_row_count(grid(page)) == members
