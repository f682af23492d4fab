"""会议模式 in Chromium on the demo city, at a projector's 1920×1080 and at 1400 wide:
总览, 排名, 预警名单 and 界别与联络组 saved under ``e2e-shots/``; the ranking in no inner
scroll box (a page control instead), no table wider than a projector's page; a chair goes from 总览 to a member's 档案 in two clicks."""
from __future__ import annotations

import re

import pytest

from tests.e2e.harness import assert_no_exception, go_to, open_app, screenshot, wait_heading, wait_settled

YEAR = 2025
PAGES = (("总览", f"{YEAR}年度履职总览"), ("排名", f"{YEAR}年度排名"), ("预警名单", f"{YEAR}年度预警名单"),
         ("界别与联络组", "界别与联络组"))
WIDER_THAN_PAGE = """() => [...document.querySelectorAll('div.meeting-wrap')]
    .filter(wrap => wrap.scrollWidth > wrap.clientWidth + 2)
    .map(wrap => wrap.querySelector('th').innerText)"""
NO_INNER_SCROLL = """() => [...document.querySelectorAll('[data-testid="stMain"] *')].filter(el => {
    const style = getComputedStyle(el);
    return /(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 2
        && el.clientHeight > 0 && !el.closest('[data-testid="stSidebar"]');
}).map(el => el.getAttribute('data-testid') || el.className || el.tagName)"""


def meeting_on(page) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_text("会议模式", exact=True).click()
    page.locator("div.meeting-title").first.wait_for()
    wait_settled(page)


@pytest.mark.parametrize("width, height", [(1920, 1080), (1400, 900)])
def test_meeting_pages_show_every_row_without_inner_scroll(page, demo_local_server, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_app(page, demo_local_server)
    meeting_on(page)
    for title, heading in PAGES:
        go_to(page, title, heading)
        wait_settled(page)
        assert_no_exception(page)
        assert "计分规则" in page.locator("div.meeting-title").first.inner_text()
        screenshot(page, f"meeting-{width}-{title}")
        if title == "排名":
            assert page.get_by_label("页码（共 18 页）").count() == 1
            assert page.locator("table.meeting-table tbody tr").count() == 25
        assert page.evaluate(NO_INNER_SCROLL) == [], title
        if width == 1920:
            assert page.evaluate(WIDER_THAN_PAGE) == [], title
        assert page.locator(".modebar").count() == 0


def test_two_clicks_from_overview_to_a_members_profile(page, demo_local_server):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_app(page, demo_local_server)
    meeting_on(page)
    page.get_by_role("link", name="查看预警名单").click()
    wait_heading(page, f"{YEAR}年度预警名单")
    link = page.locator("table.meeting-table a").first
    name, href = link.inner_text(), link.get_attribute("href")
    member = href.split("member=")[1].split("&")[0]
    link.click()
    page.wait_for_url(f"**/profile?member={member}*")
    page.get_by_text(name).first.wait_for()
    wait_settled(page)
    assert_no_exception(page)
    assert member in chosen_member(page)
    screenshot(page, "meeting-1920-档案")


def chosen_member(page) -> str:
    """The text of 档案's member selector (name, 界别, 编号)."""
    box = page.get_by_role("combobox", name=re.compile("^委员（"))
    box.wait_for()
    return box.input_value()


def click_first_name(page) -> None:
    """Click the first row's name in the ranking grid (drawn on a canvas: the pointer
    turns into a hand over a link)."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.locator("tbody tr").first.wait_for(state="attached")
    box = grid.bounding_box()
    y = box["y"] + 38 + 35 / 2
    for x in range(int(box["x"]) + 30, int(box["x"]) + 240, 6):
        page.mouse.move(x, y)
        if page.evaluate("([x, y]) => getComputedStyle(document.elementFromPoint(x, y)).cursor", [x, y]) == "pointer":
            page.mouse.click(x, y)
            return
    raise AssertionError("no link under the first row's name")


def test_a_ranking_name_opens_its_profile_outside_meeting_mode(page, demo_local_server):
    open_app(page, demo_local_server)
    go_to(page, "排名", f"{YEAR}年度排名")
    wait_settled(page)
    first = page.locator('[data-testid="stDataFrame"]').first.locator("tbody tr").first.locator("td").nth(1)
    first.wait_for(state="attached")
    address = first.inner_text()
    assert address.startswith("profile?member=")
    member = address.split("member=")[1].split("#")[0].split("&")[0]
    assert f"year={YEAR}" in address
    with page.context.expect_page() as opened:
        click_first_name(page)
    profile = opened.value
    profile.wait_for_url(f"**/profile?member={member}*")
    assert member in chosen_member(profile)


def test_a_tier_bar_on_the_overview_opens_the_ranking_of_that_tier(page, demo_local_server):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_app(page, demo_local_server)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.scroll_into_view_if_needed()
    bars = chart.locator("g.trace.bars").first.locator("g.point path")
    bars.last.wait_for()
    box = bars.last.bounding_box()  # the lowest tier of this year, under plotly's drag layer
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_heading(page, f"{YEAR}年度排名")
    wait_settled(page)
    assert page.get_by_text("筛选：等次：不称职").count() >= 1
    screenshot(page, "meeting-1920-排名-不称职")
