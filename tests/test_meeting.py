"""会议模式 and the chair-meeting additions of 总览, 排名 and 预警名单 under AppTest on the
demo city: the title bar, every row shown (paged, no inner scroll), names linking to 档案,
the shown list as .xlsx, the explanations of neighbouring numbers and 数据完整性 — the
expected numbers read from the database directly."""
from __future__ import annotations

import io
import json
import math
import re

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from data.store import Store
from metrics.labels import rule_version_label
from metrics.rules import default_rules
from tests.apptest_util import TIMEOUT, capture_downloads, open_page, rerun, shown_names

YEAR = 2025
MEETING = {"meeting_mode": True}


@pytest.fixture
def demo(demo_app_db):
    store = Store(demo_app_db)
    yield store
    store.close()


def html_of(at) -> str:
    return "\n".join(h.value for h in at.get("html"))


def body_rows(at) -> list[str]:
    """The rows of the meeting tables on the page (their HTML)."""
    return re.findall(r"<tr><td[ >].*?</tr>", html_of(at))


# -- meeting mode ---------------------------------------------------------------------------------
@pytest.mark.parametrize("page, heading", [("overview", "履职总览"), ("ranking", "排名"), ("warnings", "预警名单")])
def test_meeting_title_bar_names_unit_year_rules_and_cut_off(demo, page, heading):
    at = open_page(page, **MEETING)
    bar = re.search(r'<div class="meeting-title">.*?</div>', html_of(at), re.S).group(0)
    last = demo.scalar("SELECT max(imported_at) FROM batches WHERE status = 'active'")
    rules = default_rules()
    assert f"<h1>市政协 {YEAR}年度{heading}</h1>" in bar and not at.title  # the bar is the heading
    assert rules.name in bar and rule_version_label(rules.version) in bar and rules.version not in bar
    assert f"数据截至 {last.year}年{last.month}月{last.day}日" in bar
    assert at.sidebar.toggle(key="meeting_toggle").value is True


def test_meeting_ranking_pages_every_row_with_links_to_each_profile(demo):
    at = open_page("ranking", **MEETING)
    assert not at.dataframe  # no grid with its own scroll box
    everyone = demo.scalar("SELECT count(DISTINCT member_id) FROM cur_members")
    assert everyone > 25
    assert at.number_input(key="rank_table_page").label == f"页码（共 {math.ceil(everyone / 25)} 页）"
    seen: list[str] = []
    for number in range(1, math.ceil(everyone / 25) + 1):
        at.number_input(key="rank_table_page").set_value(number)
        rows = body_rows(rerun(at))
        assert len(rows) == min(25, everyone - (number - 1) * 25)
        seen += re.findall(rf'<a href="profile\?member=([^&"]+)&amp;year={YEAR}&amp;meeting=1" target="_self">', "".join(rows))
    assert len(seen) == everyone
    assert set(seen) == set(demo.df("SELECT DISTINCT member_id FROM cur_members")["member_id"])


def test_meeting_mode_is_kept_in_the_address_and_across_pages(demo):
    at = open_page("overview", **MEETING)
    assert at.query_params.get("meeting") in ("1", ["1"])
    at.switch_page("views/ranking.py")
    assert "meeting-title" in html_of(rerun(at))


def test_normal_ranking_links_each_name_to_its_profile(demo):
    table = open_page("ranking").dataframe[0].value
    ids = demo.df("SELECT DISTINCT member_id, name FROM cur_members")
    expected = {f"profile?member={i}&year={YEAR}#{n}" for i, n in zip(ids["member_id"], ids["name"])}
    assert set(table["姓名"]) <= expected and len(table) == len(set(table["姓名"]))


def test_a_name_link_keeps_the_chosen_year_and_the_profile_opens_on_it(demo):
    earlier = YEAR - 1
    table = open_page("ranking", year=earlier).dataframe[0].value
    address = str(table["姓名"].iloc[0]).split("#")[0]
    assert address.endswith(f"&year={earlier}")
    member = address.split("member=")[1].split("&")[0]
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.query_params.update({"member": member, "year": str(earlier)})
    at.switch_page("views/profile.py")
    rerun(at)
    assert at.sidebar.selectbox(key="year").value == earlier
    assert at.query_params.get("year") in (str(earlier), [str(earlier)])
    assert any(str(earlier) in m.value for m in at.markdown) or any(str(earlier) in c.value for c in at.caption)


def test_an_address_with_a_year_that_has_no_records_falls_back_to_the_newest(demo):
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.query_params["year"] = "1999"
    rerun(at)
    assert at.sidebar.selectbox(key="year").value == YEAR


# -- the shown list as .xlsx ----------------------------------------------------------------------
def test_ranking_download_is_the_filtered_list_with_its_filters_and_formats(demo, monkeypatch):
    downloads = capture_downloads(monkeypatch)
    sector = demo.scalar("SELECT min(sector) FROM cur_members")
    open_page("ranking", rank_sector=[sector], rank_standing=False)
    got = next(d for d in downloads if d["file_name"] == f"{YEAR}年度排名.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(got["data"])).active
    assert sheet.title == "排名"
    assert sheet["A1"].value.startswith("市政协") and str(YEAR) in sheet["A1"].value
    assert sheet["A1"].font.b and sheet["A1"].font.sz == 14
    assert f"界别：{sector}" in sheet["A2"].value
    header = [c.value for c in sheet[5]]
    assert header[:3] == ["名次", "姓名", "界别"] and sheet["A5"].font.b
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=6)]
    in_sector = set(demo.df("SELECT DISTINCT name FROM cur_members WHERE sector = ?", [sector])["name"])
    assert {r[1] for r in rows} == in_sector and len(rows) == len(in_sector)
    assert f"共 {len(in_sector)} 人" in sheet["A2"].value
    total = header.index("总分")
    assert all(isinstance(r[total], (int, float)) for r in rows)
    assert sheet.cell(6, total + 1).number_format == "0.00"
    assert sheet.freeze_panes == "A6" and sheet.auto_filter.ref.startswith("A5")


def test_warning_download_lists_every_warning_with_its_kind(demo, monkeypatch):
    downloads = capture_downloads(monkeypatch)
    at = open_page("warnings")
    got = next(d for d in downloads if d["file_name"] == f"{YEAR}年度预警名单.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(got["data"])).active
    header = [c.value for c in sheet[5]]
    assert header[:3] == ["预警类别", "委员编号", "姓名"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=6)]
    shown = sum(len(df.value) for df in at.dataframe[:-1])
    assert len(rows) == shown and "预警" in sheet["A1"].value
    assert {r[0] for r in rows} <= {"劝辞", "约谈", "通报批评"}


# -- 总览: explanations and 数据完整性 --------------------------------------------------------------
def test_overview_says_why_listed_scored_and_warned_differ(demo):
    from metrics.scoring import score_year

    result = score_year(demo, YEAR)
    s = result.scores
    listed, ranked = len(s), int(s["ranked"].sum())
    kinds = s["warnings"].explode().dropna().str[0].value_counts()
    warned = int((s["warnings"].map(len) > 0).sum())
    text = " ".join(m.value for m in open_page("overview").markdown)
    assert f"考评名单 {listed:,} 人，参评（参加排名）{ranked:,} 人" in text
    assert f"{listed - ranked} 人年中离任" in text
    assert f"预警人数 {warned:,} 人" in text
    assert all(f"{k} {n:,} 人" in text for k, n in kinds.items())
    if kinds.sum() > warned:
        assert f"各项相加为 {int(kinds.sum()):,} 人次" in text


def test_overview_data_completeness_lists_imported_and_missing(demo):
    at = open_page("overview")
    panel = next(e for e in at.expander if e.label.startswith("数据完整性"))
    table = panel.dataframe[0].value.set_index("项目")
    proposals = demo.scalar(f"SELECT count(*) FROM proposals WHERE year = {YEAR} AND superseded_by IS NULL")
    assert table.loc["提案", "状态"] == "已导入" and table.loc["提案", "已导入"] == f"{proposals:,} 条"
    plenary = demo.df(f"""SELECT DISTINCT event_key, event_name FROM attendance
                          WHERE year = {YEAR} AND category = 'plenary' AND superseded_by IS NULL""")
    row = table.loc["会议/活动：全体会议"]
    expected = default_rules().expected
    assert row["已导入"] == f"{len(plenary)} 场 / 应有 {expected['plenary']} 场"
    assert all(n in row["说明"] for n in plenary["event_name"])
    standing = demo.scalar(f"""SELECT count(DISTINCT event_key) FROM attendance
                               WHERE year = {YEAR} AND category = 'standing' AND superseded_by IS NULL""")
    assert table.loc["会议/活动：常委会议", "已导入"] == f"{standing} 场 / 应有 {expected['standing']} 场"


def test_overview_data_completeness_names_what_is_missing(demo):
    with demo.write() as cur:
        cur.execute(f"DELETE FROM attendance WHERE year = {YEAR} AND category = 'standing'")
    at = open_page("overview")
    panel = next(e for e in at.expander if e.label.startswith("数据完整性"))
    assert panel.label == "数据完整性：缺少 1 项"
    table = panel.dataframe[0].value.set_index("项目")
    assert table.loc["会议/活动：常委会议", "状态"] == f"缺少 {default_rules().expected['standing']} 场"


# -- charts ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("page", ["overview", "ranking", "groups", "profile"])
def test_every_chart_hides_the_mode_bar(demo, page):
    charts = open_page(page, member="W0013").get("plotly_chart")
    assert charts
    for chart in charts:
        assert json.loads(chart.proto.config)["displayModeBar"] is False


def test_group_rates_are_sorted_on_a_zero_based_axis_with_labels_beside_the_names(demo):
    from metrics import profile
    from metrics.scoring import score_year
    from ui import charts

    result = score_year(demo, YEAR)
    overview = profile.group_overview(demo, result, "sector")
    fig = charts.group_rate_figure(profile.attendance_comparison(overview, "sector"), overview["group"].iloc[0],
                                   "sector", profile.body_attend_rate(result))
    bar = fig.data[0]
    rates = [r for r in bar.x if r == r]
    assert rates == sorted(rates)  # bottom to top: the highest rate on top
    assert list(fig.layout.xaxis.range) == [0, 100]
    assert bar.text is None and all(label.endswith("%") or label.endswith("无活动") for label in bar.y)


def test_a_chart_of_nothing_but_zeros_is_a_note():
    import plotly.graph_objects as go

    from ui import charts

    assert not charts.has_data(go.Figure(go.Scatter(x=["2024", "2025"], y=[0, 0])))
    assert charts.has_data(go.Figure(go.Bar(x=["优秀"], y=[3])))


def test_meeting_cells_keep_short_texts_on_a_line_and_break_a_bracketed_mark():
    """A mark such as 年中增补（2025年8月28日） breaks before its bracket, so that a table
    with a 备注 column still fits a 1920-pixel projector (tests/e2e/test_meeting.py)."""
    import pandas as pd

    from ui.meeting import table_html

    frame = pd.DataFrame({"备注": ["年中增补（2025年8月28日）", "在任", "约谈（缺席）",
                                 "本届全会无故缺席2次，连续2年考评为不称职"]})
    cells = re.findall(r"<td[^>]*>.*?</td>", table_html(frame))
    assert cells == ["<td>年中增补<br>（2025年8月28日）</td>", "<td>在任</td>", "<td>约谈（缺席）</td>",
                     '<td class="wrap">本届全会无故缺席2次，连续2年考评为不称职</td>']
