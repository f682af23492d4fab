"""Issue 15, items 3 and 4 in a real browser: the 委员 on a phone (390×844) gets their
card in the first screen, no sideways scrolling and no Plotly toolbar; the 组长 at 1400 px
lands on their own group, compared with the whole body and anonymous groups."""
from __future__ import annotations

from tests.e2e.harness import assert_no_exception, screenshot, wait_heading, wait_settled
from tests.e2e.test_roles_and_import import sign_in
from tests.e2e.test_routes import LEADER, MEMBER, open_address, roles_server  # noqa: F401 (fixture)

PHONE = {"width": 390, "height": 844}
NO_SIDEWAYS_SCROLL = """() => [document.documentElement, document.body,
    document.querySelector('[data-testid="stMain"]')].filter(Boolean)
    .every(e => e.scrollWidth <= e.clientWidth + 1)"""


def test_a_member_on_a_phone_sees_their_card_first(page, roles_server):
    page.set_viewport_size(PHONE)
    open_address(page, roles_server, "/")
    sign_in(page, MEMBER[0], MEMBER[2])
    wait_heading(page, "委员档案")
    page.locator('[data-testid="stPlotlyChart"]').last.wait_for()
    wait_settled(page)
    assert_no_exception(page)
    page.evaluate("() => window.scrollTo(0, 0)")
    screenshot(page, "phone-member-profile")
    main = page.locator('[data-testid="stMain"]')
    assert main.get_by_label("筛选委员").count() == 0            # no filter, no picker
    for label in ("总分", "全体排名", "等次"):
        metric = main.locator('[data-testid="stMetric"]', has_text=label).first
        box = metric.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (label, box)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert page.locator(".modebar-btn").count() == 0          # no Plotly toolbar
    main.get_by_text("来源：").first.wait_for()                 # the records as a list


def test_a_leader_lands_on_their_group(page, roles_server):
    page.set_viewport_size({"width": 1400, "height": 900})
    open_address(page, roles_server, "/")
    sign_in(page, LEADER[0], LEADER[2])
    wait_heading(page, "界别与联络组")
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.wait_for()
    wait_settled(page)
    assert_no_exception(page)
    screenshot(page, "leader-start-page")
    text = chart.inner_text()
    assert "其他组（匿名）A" in text and "全体委员" in text
    assert page.locator(".modebar-btn").count() == 0
