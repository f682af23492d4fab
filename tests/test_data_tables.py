"""已导入数据 (issue 15, item 6): the chosen year's records, in words and 年月日 dates,
filtered by source file and searched — on the demo city's database under AppTest. The
expected counts and files are read from the record tables with pandas, not through the
functions under test."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from data import queries
from data.store import Store
from metrics import records
from tests.apptest_util import open_page, rerun

DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


def everything(store: Store, table: str) -> pd.DataFrame:
    return store.df(f"SELECT * FROM cur_{table}")


def metrics_of(at) -> dict[str, int]:
    return {m.label: int(m.value.replace(",", "")) for m in at.metric}


def test_the_page_counts_the_chosen_year(demo_app_db):
    store = Store.open(demo_app_db)
    attendance, proposals = everything(store, "attendance"), everything(store, "proposals")
    people = everything(store, "proposal_people")
    assert metrics_of(open_page("data_tables"))["出勤记录"] == int((attendance["year"] == 2025).sum())
    shown = metrics_of(open_page("data_tables", year=2024))
    assert shown["出勤记录"] == int((attendance["year"] == 2024).sum()) > 0
    assert shown["委员名册"] == len(everything(store, "members"))  # the roster has no year
    in_2024 = set(proposals.loc[proposals["year"] == 2024, "rec_id"])
    assert shown["提案人"] == int(people["rec_id"].isin(in_2024).sum()) > 0


def test_codes_are_words_and_dates_are_written_in_chinese(demo_app_db):
    store = Store.open(demo_app_db)
    attendance = records.shown_records(store, "attendance", 2025)
    for column in ("类别", "状态", "表格样式"):
        values = set(attendance[column].dropna())
        assert values and not any(v.isascii() for v in values), (column, values)
    assert set(attendance["状态"]) <= {"出席", "缺席", "请假", "迟到/早退"}
    assert all(DATE.match(d) for d in attendance["活动日期"].dropna())
    roles = set(records.shown_records(store, "proposal_people", 2025)["角色"])
    assert roles == {"第一提案人", "联名/附议"}
    proposals = records.shown_records(store, "proposals", 2025)
    assert set(proposals["立案"].dropna()) <= {"是", "否"}
    groups = set(records.shown_records(store, "other_duties", 2025)["计分组"].dropna())
    assert groups and not any(g.isascii() for g in groups)


def test_a_source_file_narrows_the_table_to_its_rows(demo_app_db):
    store = Store.open(demo_app_db)
    attendance = everything(store, "attendance")
    this_year = attendance[attendance["year"] == 2025]
    files = sorted(this_year["source_file"].unique())
    assert queries.source_files(store, "attendance", 2025) == files
    at = open_page("data_tables")
    at.selectbox(key="data_table").select("attendance")
    rerun(at)
    at.selectbox(key="data_file_attendance").select(files[0])
    rerun(at)
    shown = at.dataframe[0].value
    assert len(shown) == int((this_year["source_file"] == files[0]).sum())
    assert set(shown["来源文件"]) == {files[0]}


def test_search_keeps_the_rows_holding_the_words(demo_app_db):
    store = Store.open(demo_app_db)
    members = everything(store, "members")
    name = members["name"].iloc[3]
    at = open_page("data_tables")
    at.text_input(key="data_search_members").input(name)
    rerun(at)
    shown = at.dataframe[0].value
    assert name in set(shown["姓名"])
    assert len(shown) == int(members.astype(str).apply(lambda r: r.str.contains(name, regex=False).any(), axis=1).sum())


@pytest.mark.parametrize("count,cut", [(12, False), (records.SHOWN_LIMIT + 1, True)])
def test_the_caption_says_what_is_shown(count, cut):
    text = records.scope_text("attendance", 2025, count)
    assert text.startswith("2025年度的出勤记录，共") and ("请选择来源文件" in text) is cut
    assert "名册不分年度" in records.scope_text("members", 2025, count)
