"""组别考评 (issue 17 item 3) on the demo city: every item's points recomputed here from
figures read with SQL (attendance rows, proposals and 社情民意 with their people) and the
scores' warnings, the caps, the ranking with shared ranks, the 先进 list, another rule
file's [group_rules], Chinese errors for bad values, and the command line."""
from __future__ import annotations

import io
import re
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

import cli
from data.store import Store
from metrics import group_rank
from metrics.groups import ATTENDED, DIMENSIONS
from metrics.rules import RuleError, default_rules, parse_rules
from metrics.scoring import score_year
from tests.test_page_groups_profile import attendance_of, events_held
from tests.test_rule_messages import LATIN, outside_brackets
from tests.conftest import scored_demo_copy

YEAR = 2025
DEFAULT_TEXT = default_rules().toml
WITHOUT_GROUP_RULES = re.sub(r"(?ms)^\[group_rules\].*", "", DEFAULT_TEXT)


def with_group_rules(lines: str) -> str:
    """The default rule file with its [group_rules] replaced by ``lines``."""
    return WITHOUT_GROUP_RULES + "\n[group_rules]\n" + lines + "\n"


@pytest.fixture(scope="module")
def demo(demo_db_file, tmp_path_factory):
    """A copy of the demo city and its 2025 result, shared by the module's read-only tests."""
    store, result = scored_demo_copy(demo_db_file, tmp_path_factory.mktemp("group-rank"), YEAR)
    yield store, result
    store.close()


# -- the figures, read here with SQL -----------------------------------------------------------
def distinct_records(store: Store, result, dimension: str, table: str, people: str, flag: str) -> pd.DataFrame:
    """Per group: distinct records any of its members took part in, and those with ``flag``."""
    members = result.scores[["member_id", dimension]].rename(columns={dimension: "grp"})
    rows = store.df(f"""SELECT DISTINCT r.rec_id, x.member_id, {flag} AS flagged
                        FROM {table} r JOIN {people} x ON x.rec_id = r.rec_id WHERE r.year = {YEAR}""")
    rows = rows.merge(members, on="member_id").dropna(subset=["grp"]).drop_duplicates(["grp", "rec_id"])
    return rows.groupby("grp").agg(count=("rec_id", "size"), flagged=("flagged", "sum"))


def figures(store: Store, result, dimension: str) -> pd.DataFrame:
    """Per group: members, invited, attended, active members, events held, proposals,
    社情民意 and those adopted, members warned."""
    scores = result.scores
    members = scores[["member_id", dimension]].rename(columns={dimension: "grp"})
    rows = attendance_of(store, YEAR, result)
    att = rows.merge(members, on="member_id")
    att["came"] = att["status"].isin(ATTENDED)
    out = scores.groupby(dimension).size().rename("members").to_frame()
    out["invited"] = att.groupby("grp").size()
    out["attended"] = att.groupby("grp")["came"].sum()
    out["active"] = att[att["came"]].groupby("grp")["member_id"].nunique()
    held = events_held(rows, members, dimension)
    out["held"] = held.groupby("grp").size()
    proposals = distinct_records(store, result, dimension, "cur_proposals", "cur_proposal_people", "r.filed")
    sqmy = distinct_records(store, result, dimension, "cur_sqmy", "cur_sqmy_authors", "r.adoption IS NOT NULL")
    out["proposals"], out["sqmy"], out["adopted"] = proposals["count"], sqmy["count"], sqmy["flagged"]
    out["warned"] = scores[scores["warnings"].map(bool)].groupby(dimension).size()
    return out.fillna(0)


QUANTITIES = {
    "attend_rate": lambda f: f["attended"] / f["invited"],
    "active_share": lambda f: f["active"] / f["members"],
    "events_held": lambda f: f["held"],
    "proposals_per_member": lambda f: f["proposals"] / f["members"],
    "sqmy_per_member": lambda f: f["sqmy"] / f["members"],
    "sqmy_adopted": lambda f: f["adopted"],
    "warned_member": lambda f: f["warned"],
}


def expected_points(figs: pd.DataFrame, rules) -> pd.DataFrame:
    """Points per group and item: quantity × points, within ±cap, to the cent."""
    out = pd.DataFrame(index=figs.index)
    for item, points in rules.points.items():
        if points == 0:
            continue
        raw = QUANTITIES[item](figs) * float(points)
        cap = rules.caps.get(item)
        out[item] = (raw if cap is None else raw.clip(-float(cap), float(cap))).round(2)
    return out


def raw_points(figs: pd.DataFrame, rules) -> pd.DataFrame:
    return pd.DataFrame({i: QUANTITIES[i](figs) * float(p) for i, p in rules.points.items()})


# -- the points ---------------------------------------------------------------------------------
@pytest.mark.parametrize("dimension", group_rank.GROUP_DIMENSIONS)
def test_every_item_is_its_figure_times_the_rule_within_the_cap(demo, dimension):
    store, result = demo
    rules = result.rules.group_rules
    figs = figures(store, result, dimension)
    expected = expected_points(figs, rules)
    assessment = group_rank.assess_groups(store, result, dimension)
    got = assessment.ranking.set_index("group")[list(expected.columns)]
    assert sorted(got.index) == sorted(figs.index)
    pd.testing.assert_frame_equal(got.loc[expected.index], expected, check_names=False, atol=0.005)
    totals = assessment.ranking.set_index("group")["total"]
    assert totals.loc[expected.index].to_numpy() == pytest.approx(expected.sum(axis=1).to_numpy(), abs=0.011)
    # every item row of every group: its figure and its rule as shown, its points as above
    items = assessment.items.set_index(["group", "item"])
    for group, f in figs.iterrows():
        held = items.loc[(group, "events_held")]
        assert held["figure"] == f"{int(f['held'])} 次" and held["rule"] == "每次 4 分，封顶 20 分"
        rate = items.loc[(group, "attend_rate")]["figure"]
        assert f"出席 {int(f['attended'])} / 受邀 {int(f['invited'])} 人次" in rate
        assert items.loc[(group, "warned_member")]["figure"] == f"{int(f['warned'])} 人"


@pytest.mark.parametrize("dimension", group_rank.GROUP_DIMENSIONS)
def test_caps_hold_and_some_bind(demo, dimension):
    store, result = demo
    rules = result.rules.group_rules
    assessment = group_rank.assess_groups(store, result, dimension)
    raw = raw_points(figures(store, result, dimension), rules)
    binding = 0
    for item, cap in rules.caps.items():
        points = assessment.ranking[item]
        assert (points.abs() <= float(cap)).all(), item
        binding += int((raw[item].abs() > float(cap)).sum())
    assert binding > 0, "the demo city reaches some cap"


def test_default_caps_in_the_demo_city_are_reached_by_the_deduction_and_the_adoption_bonus(demo):
    store, result = demo
    raw = pd.concat([raw_points(figures(store, result, d), result.rules.group_rules)
                     for d in group_rank.GROUP_DIMENSIONS])
    assert (raw["warned_member"] <= -20).any() and (raw["sqmy_adopted"] > 10).any()


def ranks_of(totals: pd.Series) -> pd.Series:
    """1 + the number of groups with a strictly higher total."""
    return totals.map(lambda t: 1 + int((totals > t).sum()))


@pytest.mark.parametrize("dimension", group_rank.GROUP_DIMENSIONS)
def test_ranking_by_total_and_the_advanced_list_of_the_configured_size(demo, dimension):
    store, result = demo
    expected = expected_points(figures(store, result, dimension), result.rules.group_rules).sum(axis=1).round(2)
    ranking = group_rank.assess_groups(store, result, dimension).ranking
    assert list(ranking["total"]) == sorted(ranking["total"], reverse=True)
    ranks = ranks_of(expected)
    assert dict(zip(ranking["group"], ranking["rank"])) == ranks.to_dict()
    count = result.rules.group_rules.advanced_count
    assert count == 2 and (ranks <= count).sum() == count  # no tie at the last place in the demo city
    assert group_rank.assess_groups(store, result, dimension).advanced == list(ranks[ranks <= count].sort_values().index)


def test_ties_share_a_rank_and_a_tie_at_the_last_place_names_all(demo):
    store, result = demo
    rules = parse_rules(with_group_rules("events_held = 10\nadvanced_count = 1"))
    other = score_year(store, YEAR, rules)
    figs = figures(store, result, "activity_group")
    assessment = group_rank.assess_groups(store, other, "activity_group")
    ranking = assessment.ranking.set_index("group")
    assert (ranking["total"].loc[figs.index] == figs["held"] * 10).all()
    assert list(ranking.columns[:1]) == ["events_held"]  # only the item in force is a column
    top = figs["held"].max()
    leaders = set(figs.index[figs["held"] == top])
    assert len(leaders) > 1, "the demo city has groups holding as many events"
    assert set(ranking.index[ranking["rank"] == 1]) == leaders
    assert set(assessment.advanced) == leaders
    next_rank = ranking.loc[~ranking.index.isin(leaders), "rank"].min()
    assert next_rank == len(leaders) + 1


def test_another_rule_file_changes_points_order_and_advanced(demo):
    store, result = demo
    rules = parse_rules(with_group_rules(
        "warned_member = -3\nsqmy_per_member = 20\nadvanced_count = 3"))
    other = score_year(store, YEAR, rules)
    figs = figures(store, result, "liaison_group")
    assessment = group_rank.assess_groups(store, other, "liaison_group")
    ranking = assessment.ranking.set_index("group")
    expected = (-3 * figs["warned"] + 20 * figs["sqmy"] / figs["members"]).round(2)
    assert ranking["total"].loc[expected.index].to_numpy() == pytest.approx(expected.to_numpy(), abs=0.011)
    assert set(ranking.columns) >= {"warned_member", "sqmy_per_member"} and "attend_rate" not in ranking
    assert len(assessment.advanced) == 3
    default = group_rank.assess_groups(store, result, "liaison_group").ranking
    assert list(default["total"]) != list(assessment.ranking["total"])
    high = parse_rules(with_group_rules("events_held = 1\nadvanced_count = 3\nadvanced_min_total = 1000"))
    assert group_rank.assess_groups(store, score_year(store, YEAR, high), "liaison_group").advanced == []


def test_a_rule_file_without_the_section_uses_the_default_one():
    assert parse_rules(WITHOUT_GROUP_RULES).group_rules == default_rules().group_rules
    off = parse_rules(with_group_rules("")).group_rules
    assert dict(off.points) == {} and off.advanced_count == 0


# (the section's lines, the key of the error, how the message starts)
BAD = [
    ("warned_member = 5", "group_rules.warned_member", "组别考评：受预警委员扣分（group_rules.warned_member）是扣分项"),
    ("attend_rate = -1", "group_rules.attend_rate", "组别考评：活动出席率（group_rules.attend_rate）是得分项"),
    ('attend_rate = "高"', "group_rules.attend_rate", "组别考评：活动出席率（group_rules.attend_rate）应为数字"),
    ("events_held_cap = -2", "group_rules.events_held_cap", "组别考评：本组举办活动封顶（group_rules.events_held_cap）"),
    ("advanced_count = 1.5", "group_rules.advanced_count", "组别考评：先进组个数（group_rules.advanced_count）"),
    ("advanced_min_total = true", "group_rules.advanced_min_total",
     "组别考评：先进组最低总分（group_rules.advanced_min_total）"),
    ("meetings = 3", "group_rules.meetings", "组别考评（group_rules）中有未知的项（group_rules.meetings）"),
]


@pytest.mark.parametrize("lines,key,start", BAD)
def test_bad_values_are_refused_in_chinese(lines, key, start):
    with pytest.raises(RuleError) as info:
        parse_rules(with_group_rules(lines))
    message = str(info.value)
    assert info.value.key == key and message.startswith(start), message
    assert not LATIN.search(outside_brackets(message)), message


def test_the_section_as_a_value_is_refused():
    with pytest.raises(RuleError) as info:
        parse_rules("group_rules = 3\n" + WITHOUT_GROUP_RULES)
    assert str(info.value).startswith("组别考评（group_rules）应为一个表")


# -- tables ------------------------------------------------------------------------------------
def test_item_table_explains_the_total_and_the_year_end_sheet_has_both_dimensions(demo):
    store, result = demo
    assessment = group_rank.assess_groups(store, result, "activity_group")
    first = assessment.ranking.iloc[0]
    table = group_rank.item_table(assessment, first["group"])
    assert list(table.columns) == ["考评项目", "数据", "规则", "得分"]
    assert table["得分"].iloc[-1] == pytest.approx(first["total"]) and table["考评项目"].iloc[-1] == "总分"
    assert table["得分"].iloc[:-1].sum() == pytest.approx(first["total"], abs=0.011)
    sheet = group_rank.year_end_sheet(store, result)
    counts = sheet["分组方式"].value_counts()
    for dimension in group_rank.GROUP_DIMENSIONS:
        assert counts[DIMENSIONS[dimension]] == result.scores[dimension].nunique()
    assert set(sheet["先进"]) == {"先进界别小组", "先进委员联络组", ""}


# -- command line ------------------------------------------------------------------------------
def test_cli_groups_prints_and_writes_the_ranking_with_chinese_dimension_names(demo_app_db, tmp_path, capsys):
    store = Store.open(demo_app_db)
    result = score_year(store, YEAR)
    out = tmp_path / "组别考评.xlsx"
    assert cli.main(["--db", str(demo_app_db), "groups", "--year", str(YEAR), "--dimension", "委员联络组",
                     "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    ranking = group_rank.assess_groups(store, result, "liaison_group").ranking
    assert "委员联络组考评" in printed and "先进委员联络组：" + "、".join(ranking["group"][:2]) in printed
    assert "界别活动组考评" not in printed
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    assert book.sheetnames == ["委员联络组考评", "委员联络组得分明细", "先进委员联络组"]
    assert cli.main(["--db", str(demo_app_db), "groups", "--year", str(YEAR), "--dimension", "activity_group"]) == 0
    assert "界别活动组考评" in capsys.readouterr().out


def test_cli_groups_refuses_a_dimension_that_is_not_assessed(demo_app_db, capsys):
    assert cli.main(["--db", str(demo_app_db), "groups", "--year", str(YEAR), "--dimension", "界别"]) == 1
    assert "组别考评只针对界别活动组、委员联络组" in capsys.readouterr().err


def test_points_are_decimal_rules_read_exactly():
    rules = parse_rules(with_group_rules("sqmy_adopted = 0.1\nsqmy_adopted_cap = 0.3")).group_rules
    assert rules.points["sqmy_adopted"] == Decimal("0.1")
    assert group_rank.item_points(3, rules.points["sqmy_adopted"], rules.caps["sqmy_adopted"]) == 0.3
    assert group_rank.item_points(7, rules.points["sqmy_adopted"], rules.caps["sqmy_adopted"]) == 0.3
    assert group_rank.rule_text("sqmy_adopted", rules) == "每件 0.1 分，封顶 0.3 分"


def test_the_rule_pages_tables_keep_the_section_when_saved_back():
    """计分规则 edits the rule set as tables and writes the file anew: [group_rules] stays."""
    from metrics.whatif import rule_tables, tables_to_toml

    rules = parse_rules(with_group_rules(
        "events_held = 2.5\nwarned_member = -3\nwarned_member_cap = 9\nadvanced_count = 4\nadvanced_min_total = 50"))
    again = parse_rules(tables_to_toml(rule_tables(rules))).group_rules
    assert again == rules.group_rules != default_rules().group_rules
    assert again.points["events_held"] == Decimal("2.5") and again.advanced_min_total == 50


def test_a_section_without_items_names_no_advanced_group(demo):
    store, result = demo
    rules = parse_rules(with_group_rules("advanced_count = 2"))
    assessment = group_rank.assess_groups(store, score_year(store, YEAR, rules), "activity_group")
    assert (assessment.ranking["total"] == 0).all() and (assessment.ranking["rank"] == 1).all()
    assert assessment.advanced == [] and "不评先进界别小组" in group_rank.rules_note(assessment)
