"""The office's order of 界别 and groups (metrics.display_order) on 排名 (filter options),
预警名单 («按分组统计»), the year-end workbook (界别汇总) and the 计分规则 page: the usual
CPPCC order by default, the rule file's ``[display]`` order when it has one."""
from __future__ import annotations

import io

import openpyxl
import pytest

from data.store import Store
from metrics import board, evaluation
from metrics.rules import default_rules, parse_rules, save_rule_set
from metrics.scoring import score_year
from tests.apptest_util import open_page
from tests.test_leader_member_pages import DEMO_SECTORS_IN_CPPCC_ORDER

YEAR = 2025
OFFICE_FIRST = ["经济界", "教育界", "中共"]
OFFICE_GROUPS = ["西山县联络组", "城关区联络组"]
OFFICE_RULES = default_rules().toml + (
    f'\n[display]\nsector_order = {OFFICE_FIRST!r}\ngroup_order = {OFFICE_GROUPS!r}\n').replace("'", '"')


def office_order() -> list[str]:
    """The demo's 界别 with the office's three first, the rest in character-code order."""
    return OFFICE_FIRST + sorted(set(DEMO_SECTORS_IN_CPPCC_ORDER) - set(OFFICE_FIRST))


@pytest.fixture
def office_rules(demo_app_db):
    """The demo with a rule file for the year that names its own order of 界别."""
    store = Store.open(demo_app_db)
    save_rule_set(store, YEAR, OFFICE_RULES, "test")
    return demo_app_db


def sheet_groups(store: Store, sheet: str = "界别汇总", rules=None) -> list[str]:
    """The first column of a group summary sheet of the workbook, read back (the 合计 row
    left out)."""
    result = score_year(store, YEAR, rules)
    book = openpyxl.load_workbook(io.BytesIO(evaluation.evaluation_workbook(store, result)))
    ws = book[sheet]
    names = [ws.cell(r, 1).value for r in range(4, ws.max_row + 1)]
    return [n for n in names if n and n != evaluation.SUM_LABEL]


def test_the_demo_sectors_are_all_in_the_cppcc_table(demo_db_file):
    store = Store.open(demo_db_file)
    sectors = set(score_year(store, YEAR).scores["sector"].dropna())
    assert sectors == set(DEMO_SECTORS_IN_CPPCC_ORDER)


def test_ranking_filter_offers_sectors_in_cppcc_order(demo_app_db):
    at = open_page("ranking")
    assert at.multiselect(key="rank_sector").options == DEMO_SECTORS_IN_CPPCC_ORDER
    liaison = at.multiselect(key="rank_liaison_group").options
    assert liaison == sorted(liaison)  # no office order: natural order (no 第N组 in the demo)


def test_warnings_by_group_in_cppcc_order(demo_app_db):
    counts = open_page("warnings").dataframe[-1].value
    assert list(counts["分组"]) == DEMO_SECTORS_IN_CPPCC_ORDER


def test_workbook_sector_sheet_in_cppcc_order(demo_db_file):
    assert sheet_groups(Store.open(demo_db_file)) == DEMO_SECTORS_IN_CPPCC_ORDER


def test_archives_by_sector_in_cppcc_order(demo_db_file):
    result = score_year(Store.open(demo_db_file), YEAR)
    assert list(evaluation.archive_groups(result, "sector")) == DEMO_SECTORS_IN_CPPCC_ORDER


def test_the_rule_files_order_changes_every_list(office_rules):
    at = open_page("ranking")
    assert at.multiselect(key="rank_sector").options == office_order()
    assert at.multiselect(key="rank_liaison_group").options[:2] == OFFICE_GROUPS
    counts = open_page("warnings").dataframe[-1].value
    assert list(counts["分组"]) == office_order()
    store, rules = Store.open(office_rules), parse_rules(OFFICE_RULES)
    assert sheet_groups(store, "界别汇总", rules) == office_order()
    liaison = sheet_groups(store, "联络组汇总", rules)
    assert liaison[:2] == OFFICE_GROUPS and liaison[2:] == sorted(liaison[2:]) and len(liaison) > 2
    assert list(evaluation.archive_groups(score_year(store, YEAR, rules)))[:2] == OFFICE_GROUPS


def test_ungrouped_members_come_last_in_the_warning_counts(demo_db_file):
    result = score_year(Store.open(demo_db_file), YEAR)
    first = result.scores.index[0]
    result.scores.loc[first, "sector"] = None
    counts = board.warning_counts_by_group(result, "sector")
    assert list(counts["group"]) == [*DEMO_SECTORS_IN_CPPCC_ORDER, board.NO_GROUP]
    assert counts["members"].iloc[-1] == 1


def test_rules_page_says_the_order_in_force(demo_app_db):
    captions = " ".join(c.value for c in open_page("rules").caption)
    assert "界别顺序：按政协界别的通常顺序" in captions


def test_rules_page_names_the_offices_order(office_rules):
    captions = " ".join(c.value for c in open_page("rules").caption)
    assert f"界别顺序：{'、'.join(OFFICE_FIRST)}，其余界别在后" in captions
