"""The chair meeting's and the office's flows in Chromium on the demo city: the ranking
and its 界别 filter, a member's 档案 with the sources of every point, and the year's
workbook downloaded and read back with openpyxl — each checked against the scores
computed here, in-process, from a copy of the same database."""
from __future__ import annotations

import shutil

import openpyxl
import pytest

from data.store import Store
from metrics.scoring import score_year
from tests.e2e.harness import (assert_no_exception, choose_option, go_to, grid, grid_row_count,
                               grid_rows, open_app, screenshot, wait_settled)
from tests.test_export import body_rows, header_map
from tests.apptest_util import shown_names

YEAR = 2025
SECTOR = "教育界"


@pytest.fixture(scope="module")
def demo_scores(demo_db_file, tmp_path_factory):
    """The demo city's 2025 scores, computed in this process from a copy of the database."""
    path = tmp_path_factory.mktemp("demo-scores") / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    store = Store(path)
    scores = score_year(store, YEAR).scores.copy()
    store.close()
    return scores


def amount(text: str) -> float:
    return float(text.replace(",", ""))


def test_ranking_filter_and_a_members_sources(page, demo_local_server, demo_scores):
    open_app(page, demo_local_server)
    go_to(page, "排名", f"{YEAR}年度排名")
    table = grid(page)
    ranked = demo_scores[demo_scores["rank"].notna()]
    assert grid_row_count(table) == len(demo_scores)
    top = grid_rows(table)[:3]
    assert shown_names(r["姓名"] for r in top) == list(ranked["name"][:3])  # each a link to 档案
    assert [amount(r["总分"]) for r in top] == pytest.approx(list(ranked["total"][:3]))

    in_sector = demo_scores[demo_scores["sector"] == SECTOR]
    choose_option(page, "界别", SECTOR)
    page.get_by_text(f"共 {len(in_sector)} 人（筛选：").wait_for()
    wait_settled(page)
    assert grid_row_count(table) == len(in_sector)
    shown = grid_rows(table)
    assert shown and {r["界别"] for r in shown} == {SECTOR}
    assert shown_names(r["姓名"] for r in shown) == list(in_sector["name"][:len(shown)])
    assert_no_exception(page)

    member = in_sector.iloc[0]
    go_to(page, "委员档案", "委员档案")
    page.get_by_label("筛选委员", exact=True).fill(member["member_id"])
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=f"{member['name']}（{SECTOR}）").wait_for()
    page.get_by_text(f"计入分合计 {member['total']:.2f} 分").wait_for()
    wait_settled(page)
    records = page.locator('[data-testid="stDataFrame"]').first
    rows = grid_rows(records)
    assert {"来源文件", "工作表", "行号", "计入分"} <= set(rows[0])
    sourced = [r for r in rows if r["来源文件"]]
    assert sourced and all(r["来源文件"].endswith(".xlsx") and r["工作表"] and r["行号"].isdigit()
                           for r in sourced)
    assert_no_exception(page)
    screenshot(page, "flow-profile-of-a-member")


def test_export_downloads_the_years_workbook(page, demo_local_server, demo_scores, tmp_path):
    open_app(page, demo_local_server)
    go_to(page, "年度导出", "年度导出")
    with page.expect_download() as download:
        page.get_by_role("button", name="下载年度考评工作簿").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".xlsx" and str(YEAR) in saved.name

    book = openpyxl.load_workbook(saved)
    assert book.sheetnames[:4] == ["考核结果", "考核明细", "优秀名单", "预警名单"]
    sheet = book["考核明细"]   # every column, two header rows (考核结果 is the A4 summary)
    h = header_map(sheet)
    rows = body_rows(sheet)
    assert len(rows) == len(demo_scores)
    totals = {r[h["姓名"] - 1] + r[h["界别"] - 1]: r[h["总分"] - 1] for r in rows}
    expected = {n + s: t for n, s, t in demo_scores[["name", "sector", "total"]].itertuples(index=False)}
    assert totals == pytest.approx(expected)
