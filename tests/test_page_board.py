"""总览, 排名 and 预警名单 under AppTest on the demo city (checked against score_year and
the store, not against fixed numbers), and the functions of metrics/board.py."""
from __future__ import annotations

import base64
import json
import re
import shutil
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import streamlit

from data.store import Store
from metrics import board
from metrics.rules import default_rules, parse_rules
from metrics.scoring import WARNING_ORDER, score_year
from tests.apptest_util import WARM_RERUN_QUERIES, open_page, queries_of_rerun, rerun, shown_names
from tests.test_leader_member_pages import DEMO_SECTORS_IN_CPPCC_ORDER

PAGES = ["overview", "ranking", "warnings"]
YEAR, BEFORE = 2025, 2024


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_db_file):
    """The demo city's store and its two years' scores, for checking pages and functions."""
    path = tmp_path_factory.mktemp("board") / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    store = Store(path)
    yield SimpleNamespace(store=store, now=score_year(store, YEAR), before=score_year(store, BEFORE))
    store.close()


# -- helpers ------------------------------------------------------------------------------------
def figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def array(value) -> list:
    """A plotly array from a figure spec: a plain list or a typed array."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return list(value)


def metrics_of(at) -> dict[str, object]:
    return {m.label: m for m in at.metric}


def expected_tiers(result) -> list[int]:
    counts = result.scores["tier"].value_counts()
    return [int(counts.get(t, 0)) for t in result.rules.tier_names]


def warned_ids(result) -> set[str]:
    s = result.scores
    return set(s.loc[s["warnings"].map(len) > 0, "member_id"])


def unique_name_rows(result) -> pd.DataFrame:
    s = result.scores
    return s[~s["name"].duplicated(keep=False)]


BAND = re.compile(r"(\d+(?:\.\d+)?)–(\d+(?:\.\d+)?)分")


def band_range(label: str) -> tuple[float, float]:
    """(low, high) of a histogram bar's label '60–70分'."""
    low, high = BAND.fullmatch(label).groups()
    return float(low), float(high)


def in_band(result, low: float, high: float) -> pd.DataFrame:
    """Score rows of the ranked members with low <= total < high."""
    s = result.scores
    return s[s["ranked"] & (s["total"] >= low) & (s["total"] < high)]


def click_bar(monkeypatch, chart_key: str, label: str) -> None:
    """Click the bar ``label`` of the clickable chart ``chart_key`` (``charts.clicked_bars``):
    its first drawing returns the selection event a click in the browser sends."""
    original = streamlit.plotly_chart

    def clicked(*args, key=None, **kwargs):
        drawn = original(*args, key=key, **kwargs)
        return {"selection": {"points": [{"x": label}]}} if key == f"{chart_key}_0" else drawn

    monkeypatch.setattr(streamlit, "plotly_chart", clicked)


def in_order(block) -> list:
    """Every element under ``block`` in page order (containers before what they hold)."""
    out = []
    for child in getattr(block, "children", {}).values():
        out.append(child)
        out += in_order(child)
    return out


def ranking_frame(at) -> pd.DataFrame:
    """The ranking as shown: names as their text (each is held with its 档案 address)."""
    frame = at.dataframe[0].value
    return frame.assign(姓名=shown_names(frame["姓名"]))


# -- every page, empty and demo -----------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES)
def test_pages_offer_the_demo_on_an_empty_database(empty_app_db, page):
    at = open_page(page)
    assert any("示例" in i.value for i in at.info)
    assert not at.dataframe and not at.get("plotly_chart")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("year", [YEAR, BEFORE])
def test_pages_render_on_the_demo_city_for_both_years(demo_app_db, page, year):
    at = open_page(page, year=year)
    assert at.title and str(year) in at.title[0].value


def test_pages_rerun_from_the_cache(demo_app_db, monkeypatch):
    """Timed in scripts/bench_pages.py (the brief asks for well under 300 ms); here: a warm
    rerun sends only a few queries, none per member."""
    for page in PAGES:
        at = open_page(page)
        rerun(at)
        assert 0 < queries_of_rerun(at, monkeypatch) <= WARM_RERUN_QUERIES, page


# -- 总览 ---------------------------------------------------------------------------------------
def test_overview_numbers_equal_the_scores_and_records(demo_app_db, demo):
    at = open_page("overview")
    m = metrics_of(at)
    s, facts = demo.now.scores, demo.now.facts
    ranked = s[s["ranked"]]
    assert m["考评名单"].value == f"{len(s):,}"
    assert m["平均分"].value == f"{ranked['total'].mean():.2f}"
    assert m["预警人数"].value == f"{len(warned_ids(demo.now)):,}"
    rate = facts["events_attended"].sum() / facts["events_invited"].sum()
    assert m["出席率"].value == f"{rate:.1%}"
    totals = demo.store.df("""
        SELECT (SELECT count(*) FROM cur_proposals WHERE year = 2025) AS p,
               (SELECT count(*) FROM cur_proposals WHERE year = 2025 AND filed) AS pf,
               (SELECT count(*) FROM cur_sqmy WHERE year = 2025) AS q,
               (SELECT count(*) FROM cur_sqmy WHERE year = 2025 AND adoption IS NOT NULL) AS qa""").iloc[0]
    assert [m[k].value for k in ("提案", "立案", "社情民意", "社情民意采用")] == \
        [f"{int(totals[c]):,}" for c in ("p", "pf", "q", "qa")]
    for kind in WARNING_ORDER:
        n = sum(any(k == kind for k, _ in ws) for ws in s["warnings"])
        assert m[kind].value == f"{n} 人"


def test_overview_deltas_are_against_the_previous_year(demo_app_db, demo):
    m = metrics_of(open_page("overview"))
    diff = len(demo.now.scores) - len(demo.before.scores)
    assert m["考评名单"].delta == (f"{diff:+d}" if diff else "0")
    mean = lambda r: r.scores.loc[r.scores["ranked"], "total"].mean()  # noqa: E731
    assert m["平均分"].delta == f"{mean(demo.now) - mean(demo.before):+.2f}"
    warned = len(warned_ids(demo.now)) - len(warned_ids(demo.before))
    assert m["预警人数"].delta == (f"{warned:+d}" if warned else "0")


def test_overview_without_a_previous_year_has_no_deltas(demo_app_db):
    at = open_page("overview", year=BEFORE)
    assert at.metric and all(not m.delta for m in at.metric)


def test_overview_tier_chart_holds_both_years_counts(demo_app_db, demo):
    (chart,) = figures(open_page("overview"))
    now, before = chart["data"]
    assert array(now["x"]) == list(demo.now.rules.tier_names)
    assert array(now["y"]) == expected_tiers(demo.now)
    assert array(before["y"]) == expected_tiers(demo.before)
    assert now["name"] == f"{YEAR}年度" and before["name"] == f"{BEFORE}年度"


# -- 排名 ---------------------------------------------------------------------------------------
def test_ranking_lists_every_scored_member_in_rank_order(demo_app_db, demo):
    table = ranking_frame(open_page("ranking"))
    s = demo.now.scores
    assert len(table) == len(s)
    assert list(table["姓名"]) == list(s["name"])
    assert list(table.columns[:12]) == ["名次", "姓名", "界别", "活动组", "联络组", "专委会", "常委", "总分",
                                       "等次", "预警", "名次变化", "百分位"]
    assert table["名次"].isna().sum() == (~s["ranked"]).sum()


def test_ranking_filter_by_sector_standing_tier_and_name(demo_app_db, demo):
    at = open_page("ranking")
    everyone = len(ranking_frame(at))
    sector = demo.now.scores["sector"].value_counts().index[0]
    at.multiselect(key="rank_sector").select(sector)
    rows = ranking_frame(rerun(at))
    assert 0 < len(rows) < everyone and set(rows["界别"]) == {sector}
    assert len(rows) == (demo.now.scores["sector"] == sector).sum()

    at.multiselect(key="rank_sector").unselect(sector)
    at.checkbox(key="rank_standing").check()
    rows = ranking_frame(rerun(at))
    assert 0 < len(rows) < everyone and set(rows["常委"]) == {"是"}
    assert len(rows) == demo.now.scores["is_standing"].sum()

    at.checkbox(key="rank_standing").uncheck()
    lowest = demo.now.rules.lowest
    at.multiselect(key="rank_tier").select(lowest)
    rows = ranking_frame(rerun(at))
    assert set(rows["等次"]) == {lowest} and len(rows) == expected_tiers(demo.now)[-1]

    at.multiselect(key="rank_tier").unselect(lowest)
    name = unique_name_rows(demo.now)["name"].iloc[3]
    at.text_input(key="rank_name").input(name)
    rows = ranking_frame(rerun(at))
    assert name in set(rows["姓名"]) and all(name in n for n in rows["姓名"]) and len(rows) < everyone


def test_ranking_filters_combine(demo_app_db, demo):
    at = open_page("ranking")
    s = demo.now.scores
    group = s["activity_group"].value_counts().index[0]
    at.multiselect(key="rank_activity_group").select(group)
    at.checkbox(key="rank_standing").check()
    rows = ranking_frame(rerun(at))
    assert len(rows) == ((s["activity_group"] == group) & s["is_standing"]).sum()
    assert set(rows["活动组"]) == {group} and set(rows["常委"]) == {"是"}


def test_rank_change_against_last_years_ranks(demo_app_db, demo):
    table = ranking_frame(open_page("ranking")).set_index("姓名")
    before = demo.before.scores.set_index("member_id")["rank"]
    now = unique_name_rows(demo.now)
    now = now[now["ranked"]]
    then = now["member_id"].map(before)
    up = now[then.notna() & (then > now["rank"])].iloc[0]
    down = now[then.notna() & (then < now["rank"])].iloc[0]
    new = now[then.isna()]
    assert table.loc[up["name"], "名次变化"] == f"↑ {int(before[up['member_id']] - up['rank'])}"
    assert table.loc[down["name"], "名次变化"] == f"↓ {int(down['rank'] - before[down['member_id']])}"
    assert len(new) and all(table.loc[n, "名次变化"] == "新" for n in new["name"])
    left = unique_name_rows(demo.now).query("not ranked")["name"]
    assert len(left) and (table.loc[left, "名次变化"] == "").all()


def test_ranking_of_the_first_year_has_no_rank_change(demo_app_db):
    at = open_page("ranking", year=BEFORE)
    assert "名次变化" not in ranking_frame(at).columns
    assert any("没有上一年度" in c.value for c in at.caption)


def test_ranking_columns_per_cap_group(demo_app_db, demo):
    at = open_page("ranking")
    labels = [board.cap_group_label(c) for c in demo.now.score_columns]
    assert not set(labels) & set(ranking_frame(at).columns)
    at.toggle(key="rank_by_group").set_value(True)
    table = ranking_frame(rerun(at))
    assert set(labels) <= set(table.columns)
    assert "全体会议" in labels and "加减分" in labels
    parts = table[labels].sum(axis=1).round(2)
    floored = parts.clip(lower=0)
    assert (floored == table["总分"].round(2)).all()


def test_ranking_charts_hold_the_tier_counts_and_the_totals(demo_app_db, demo):
    tiers, histogram = figures(open_page("ranking"))
    assert array(tiers["data"][0]["x"]) == list(demo.now.rules.tier_names)
    assert array(tiers["data"][0]["y"]) == expected_tiers(demo.now)
    ranked = demo.now.scores.loc[demo.now.scores["ranked"], "total"]
    bands = [band_range(label) for label in array(histogram["data"][0]["x"])]
    assert bands[0][0] == 0 and all(a[1] == b[0] for a, b in zip(bands, bands[1:]))  # from 0, no gaps
    assert bands[-1][1] > ranked.max()
    assert {float(t) for _, t in demo.now.rules.thresholds} <= {low for low, _ in bands}
    assert array(histogram["data"][0]["y"]) == [len(in_band(demo.now, *b)) for b in bands]
    assert sum(array(histogram["data"][0]["y"])) == len(ranked)


def test_a_score_bar_filters_the_list_to_its_band(demo_app_db, demo, monkeypatch):
    low, high = 60.0, 70.0
    expected = in_band(demo.now, low, high)
    assert 0 < len(expected) < demo.now.scores["ranked"].sum()
    click_bar(monkeypatch, "rank_scores", "60–70分")
    at = open_page("ranking")
    rows = ranking_frame(at)
    assert sorted(rows["总分"]) == sorted(expected["total"])
    assert set(shown_names(rows["姓名"])) == set(expected["name"])
    assert ((rows["总分"] >= low) & (rows["总分"] < high)).all()
    assert any("筛选：总分 60–70分" in c.value for c in at.caption)
    at.button(key="rank_clear_score_range").click()
    assert len(ranking_frame(rerun(at))) == len(demo.now.scores)
    assert "rank_clear_score_range" not in [b.key for b in at.button]


def test_a_score_bar_keeps_the_group_filter(demo_app_db, demo, monkeypatch):
    sector = demo.now.scores["sector"].value_counts().index[0]
    click_bar(monkeypatch, "rank_scores", "60–70分")
    at = open_page("ranking", rank_sector=[sector])
    expected = in_band(demo.now, 60, 70)
    expected = expected[expected["sector"] == sector]
    assert sorted(ranking_frame(at)["总分"]) == sorted(expected["total"])


def test_a_tier_bar_filters_the_list_and_keeps_the_score_band(demo_app_db, demo, monkeypatch):
    lowest = demo.now.rules.lowest
    click_bar(monkeypatch, "rank_tiers", lowest)
    at = open_page("ranking", rank_score_range=(0.0, 60.0))
    expected = in_band(demo.now, 0, 60)
    expected = expected[expected["tier"] == lowest]
    rows = ranking_frame(at)
    assert len(expected) and sorted(rows["总分"]) == sorted(expected["total"])
    assert at.multiselect(key="rank_tier").value == [lowest]


# -- 会议模式 ------------------------------------------------------------------------------------
def test_meeting_ranking_folds_the_filters_and_shows_the_table_before_the_charts(demo_app_db, demo):
    at = open_page("ranking", meeting_mode=True)
    (fold,) = [e for e in at.expander if e.label.startswith("筛选")]
    assert fold.label == "筛选（当前：全部委员）" and not fold.proto.expanded
    assert {m.key for m in fold.multiselect} == {"rank_sector", "rank_activity_group", "rank_liaison_group",
                                                "rank_committee", "rank_tier"}
    assert [t.key for t in fold.toggle] == ["rank_by_group"] and len(fold.text_input) == 1
    assert {m.key for m in at.main.multiselect} == {m.key for m in fold.multiselect}
    order = in_order(at.main)
    kinds = [getattr(e, "type", "") for e in order]
    table_at = next(i for i, e in enumerate(order)
                    if kinds[i] == "html" and 'class="meeting-table"' in e.proto.body)
    count_at = next(i for i, e in enumerate(order) if kinds[i] == "caption" and e.value.startswith("共 "))
    assert order.index(fold) < count_at < table_at < kinds.index("plotly_chart")

    sector = DEMO_SECTORS_IN_CPPCC_ORDER[0]
    fold.multiselect(key="rank_sector").select(sector)
    (fold,) = [e for e in rerun(at).expander if e.label.startswith("筛选")]
    assert fold.label == f"筛选（当前：界别：{sector}）"
    fold.radio(key="rank_cohort").set_value("committee")
    (fold,) = [e for e in rerun(at).expander if e.label.startswith("筛选")]
    assert fold.label == f"筛选（当前：排名范围：按专委会；界别：{sector}）"


def test_ranking_charts_follow_the_filters(demo_app_db, demo):
    at = open_page("ranking")
    at.checkbox(key="rank_standing").check()
    tiers, _ = figures(rerun(at))
    standing = demo.now.scores[demo.now.scores["is_standing"]]
    counts = standing["tier"].value_counts()
    assert array(tiers["data"][0]["y"]) == [int(counts.get(t, 0)) for t in demo.now.rules.tier_names]


def test_print_view_has_the_title_and_a_clean_table(demo_app_db, demo):
    at = open_page("ranking")
    sector = demo.now.scores["sector"].value_counts().index[0]
    at.multiselect(key="rank_sector").select(sector)
    at.toggle(key="rank_print").set_value(True)
    rerun(at)
    title = at.title[0].value
    assert title == f"{YEAR}年度委员履职考评排名（规则：{demo.now.rules.name}）"
    assert not at.multiselect and not at.text_input and not at.dataframe and not at.get("plotly_chart")
    (body,) = [h.proto.body for h in at.get("html") if "<tbody>" in h.proto.body]  # besides the shell's CSS
    rows = re.findall(r"<tr>", body.split("<tbody>")[1])
    assert len(rows) == (demo.now.scores["sector"] == sector).sum()
    assert "名次" in body and "总分" in body
    # the filters survive the print view
    at.toggle(key="rank_print").set_value(False)
    rerun(at)
    assert at.multiselect(key="rank_sector").value == [sector]
    assert set(ranking_frame(at)["界别"]) == {sector}


# -- 预警名单 --------------------------------------------------------------------------------------
def test_warnings_page_lists_exactly_the_members_with_warnings(demo_app_db, demo):
    at = open_page("warnings")
    headers = [h.value for h in at.subheader][: len(WARNING_ORDER)]
    assert [h.split("（")[0] for h in headers] == list(WARNING_ORDER)  # severest first
    listed: set[str] = set()
    tables = iter(at.dataframe)
    for kind in WARNING_ORDER:
        expected = {m for m, ws in zip(demo.now.scores["member_id"], demo.now.scores["warnings"])
                    if any(k == kind for k, _ in ws)}
        if not expected:
            continue
        table = next(tables).value
        assert set(table["委员编号"]) == expected, kind
        assert table["预警原因"].str.len().gt(0).all()
        listed |= set(table["委员编号"])
    assert listed == warned_ids(demo.now)


def test_warning_reasons_and_facts_match_the_scores(demo_app_db, demo):
    table = open_page("warnings").dataframe[0].value  # the severest kind
    kind = WARNING_ORDER[0]
    reasons = {m: dict(ws)[kind] for m, ws in zip(demo.now.scores["member_id"], demo.now.scores["warnings"])
               if kind in dict(ws)}
    assert dict(zip(table["委员编号"], table["预警原因"])) == reasons
    facts = demo.now.facts.set_index("member_id")
    first = table.iloc[0]
    assert first["全会缺席"] == facts.loc[first["委员编号"], "term_plenary_absent"]
    assert first["活动出席"] == (f"{facts.loc[first['委员编号'], 'events_attended']}/"
                                  f"{facts.loc[first['委员编号'], 'events_invited']}")


def test_warning_counts_by_group_switch_grouping(demo_app_db, demo):
    at = open_page("warnings")
    counts = at.dataframe[-1].value
    assert set(counts["分组"]) == set(demo.now.scores["sector"])
    assert counts["预警人数"].sum() == len(warned_ids(demo.now))
    at.selectbox(key="warn_dimension").select("liaison_group")
    counts = rerun(at).dataframe[-1].value
    assert set(counts["分组"]) == set(demo.now.scores["liaison_group"])
    assert counts["委员人数"].sum() == len(demo.now.scores)


# -- metrics/board.py ---------------------------------------------------------------------------
def test_cap_group_labels_cover_the_default_rules_and_fall_back_to_the_code():
    assert all(board.cap_group_label(c) != c for c in default_rules().score_columns)
    assert board.cap_group_label("volunteer") == "volunteer"
    table = pd.DataFrame({"name": ["甲"], "total": [1.0], "plenary": [1.0], "volunteer": [2.0]})
    assert list(board.labelled(table).columns) == ["姓名", "总分", "全体会议", "volunteer"]


def test_ranking_view_of_a_custom_rule_file_shows_unknown_groups_by_code(demo):
    text = default_rules().toml.replace('group = "service"', 'group = "volunteer"').replace(
        "service = 10", "service = 10\nvolunteer = 8")
    rules = parse_rules(text)
    result = score_year(demo.store, YEAR, rules)
    view = board.ranking_view(board.ranking_table(result), result.score_columns, by_group=True)
    assert "volunteer" in view.columns and "为民服务" in view.columns


def test_previous_year_only_when_it_has_records(demo):
    assert board.previous_year(demo.store, YEAR) == BEFORE
    assert board.previous_year(demo.store, BEFORE) is None


def test_overview_numbers(demo):
    o = board.overview(demo.store, demo.now)
    s = demo.now.scores
    assert o.members == len(s) and o.ranked == s["ranked"].sum()
    assert list(o.tiers) == expected_tiers(demo.now) and o.tiers.sum() == o.ranked
    assert o.warned == len(warned_ids(demo.now))
    assert o.mean_score == pytest.approx(s.loc[s["ranked"], "total"].mean())
    assert o.events_invited == demo.now.facts["events_invited"].sum()
    assert 0 < o.attendance_rate < 1
    assert list(o.warnings.index) == list(WARNING_ORDER)


def test_overview_cards_deltas(demo):
    now, before = board.overview(demo.store, demo.now), board.overview(demo.store, demo.before)
    cards = {c.label: c for c in board.overview_cards(now, before)}
    assert cards["提案"].delta == board.count_delta(now.proposals, before.proposals)
    assert cards["预警人数"].delta_color == "inverse"
    assert cards["出席率"].delta.endswith("个百分点") or cards["出席率"].delta == "0"
    assert all(c.delta is None for c in board.overview_cards(now))
    assert board.count_delta(5, 5) == "0" and board.count_delta(7, 5) == "+2" and board.count_delta(3, 5) == "-2"


def test_rank_change_for_every_member(demo):
    change = board.rank_change(demo.now, demo.before)
    before = dict(zip(demo.before.scores.loc[demo.before.scores["ranked"], "member_id"],
                      demo.before.scores.loc[demo.before.scores["ranked"], "rank"]))
    for member, rank, text in zip(demo.now.scores["member_id"], demo.now.scores["rank"], change):
        if pd.isna(rank):
            expected = ""
        elif member not in before:
            expected = "新"
        elif before[member] == rank:
            expected = "持平"
        else:
            d = int(before[member] - rank)
            expected = f"↑ {d}" if d > 0 else f"↓ {-d}"
        assert text == expected, member


def test_ranking_table_and_filters(demo):
    table = board.ranking_table(demo.now, demo.before)
    assert list(table["member_id"]) == list(demo.now.scores["member_id"])
    assert table["percentile"].max() == 100.0
    options = board.filter_options(table, demo.now.rules)
    assert options["sector"] == DEMO_SECTORS_IN_CPPCC_ORDER
    f = board.RankingFilter(groups={"sector": options["sector"][:2]}, standing_only=True,
                            tiers=[demo.now.rules.tier_names[0]])
    rows = board.filter_ranking(table, f)
    s = demo.now.scores
    expected = s["sector"].isin(options["sector"][:2]) & s["is_standing"] & (s["tier"] == f.tiers[0])
    assert list(rows["member_id"]) == list(s.loc[expected, "member_id"])
    assert f.describe() == (f"界别：{'、'.join(options['sector'][:2])}；仅常委；等次：{f.tiers[0]}")
    assert len(board.filter_ranking(table, board.RankingFilter())) == len(table)
    assert board.filter_ranking(table, board.RankingFilter(name="不存在的名字")).empty


def test_printable_is_text_with_two_decimals(demo):
    table = board.ranking_table(demo.now)
    view = board.ranking_view(table, demo.now.score_columns, by_group=True)
    text = board.printable(view, demo.now.score_columns)
    assert (text.map(type) == str).all().all()
    assert text["总分"].str.fullmatch(r"\d+\.\d\d").all()
    assert text["全体会议"].str.fullmatch(r"-?\d+\.\d\d").all()
    assert text["名次"].iloc[-1] == "" and text["名次"].iloc[0] == "1"


def test_print_title_names_year_and_rule_set():
    assert board.print_title(2025, default_rules()) == \
        "2025年度委员履职考评排名（规则：市政协委员年度履职考评（默认规则））"


def test_warning_rows_and_counts(demo):
    rows = board.warning_rows(demo.now)
    assert len(rows) == demo.now.scores["warnings"].map(len).sum()
    order = rows["kind"].map(list(WARNING_ORDER).index)
    assert order.is_monotonic_increasing
    counts = board.warning_counts_by_group(demo.now, "committee")
    kinds = board.warning_kind_counts(demo.now)
    assert [counts[k].sum() for k in WARNING_ORDER] == list(kinds)
    assert counts["members"].sum() == len(demo.now.scores)
    assert set(board.warnings_of_kind(rows, "劝辞")["委员编号"]) == set(rows.loc[rows["kind"] == "劝辞", "member_id"])
    with pytest.raises(ValueError):
        board.warning_counts_by_group(demo.now, "party")


def test_warning_criteria_follow_the_rule_set():
    said = board.warning_criteria(default_rules())
    assert list(said) == list(WARNING_ORDER)
    assert "≥ 2 次" in said["劝辞"] and "≥ 1 次" in said["通报批评"]
    off = parse_rules(default_rules().toml.replace("term_plenary_absent_notice = 1",
                                                   "term_plenary_absent_notice = 0"))
    assert board.warning_criteria(off)["通报批评"] == "本规则未启用"


def test_charts_are_built_from_plain_lists(demo):
    counts = board.tier_counts(demo.now)
    fig = board.tier_chart(counts, YEAR).to_plotly_json()
    assert list(fig["data"][0]["y"]) == expected_tiers(demo.now)
    hist = board.score_histogram(demo.now.scores["total"], demo.now.rules).to_plotly_json()
    assert all(isinstance(x, str) for x in hist["data"][0]["x"])
    assert sum(hist["data"][0]["y"]) == len(demo.now.scores)
    assert len(hist["layout"]["shapes"]) == len(demo.now.rules.thresholds)


@pytest.mark.parametrize("page", PAGES)
def test_pages_render_with_only_a_roster(tmp_path, monkeypatch, roster_file, page):
    from data.importer import import_file

    path = tmp_path / "roster.duckdb"
    store = Store(path)
    assert import_file(store, roster_file).status == "imported"
    store.close()
    monkeypatch.setenv("LVZHI_DB", str(path))
    at = open_page(page)
    # a page that scores shows a notice for a year without records (tests/test_empty_year_page.py)
    assert at.title or "暂不计分" in " ".join(str(i.value) for i in at.info)


def test_filters_survive_switching_meeting_mode_on(demo_app_db, demo):
    at = open_page("ranking")
    sector = DEMO_SECTORS_IN_CPPCC_ORDER[1]
    at.multiselect(key="rank_sector").select(sector)
    rerun(at)
    at.session_state["meeting_mode"] = True
    (fold,) = [e for e in rerun(at).expander if e.label.startswith("筛选")]
    assert fold.multiselect(key="rank_sector").value == [sector]
    assert fold.label == f"筛选（当前：界别：{sector}）"
    assert len(re.findall(r"<tr><td[ >]", "".join(h.value for h in at.get("html")))) == \
        min(25, (demo.now.scores["sector"] == sector).sum())
