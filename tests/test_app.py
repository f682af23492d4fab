"""The shell and the data page under AppTest, on an empty database and on imported data."""
from __future__ import annotations

import pytest

from data.importer import import_file
from data.store import Store
from tests.apptest_util import open_page, rerun
from tests.conftest import SAMPLE, SAMPLE_FILES

PAGES = ["overview", "ranking", "warnings", "groups", "profile", "import_files", "pending", "taught", "rules",
         "data_tables", "export", "users", "audit"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_an_empty_database(empty_app_db, page):
    open_page(page)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_demo_city(demo_app_db, page):
    at = open_page(page)
    assert at.title, page


def test_shell_sidebar_year_rules_and_freshness(demo_app_db):
    at = open_page()
    year = at.sidebar.selectbox[0]
    assert year.label == "考评年度" and year.options == ["2025年度", "2024年度"]
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "计分规则：市政协委员年度履职考评（默认规则）" in captions and "最近导入：" in captions


def test_empty_database_offers_the_demo_and_loads_it(empty_app_db):
    at = open_page("data_tables")
    assert any("示例" in i.value for i in at.info)
    at.button(key="load_demo").click()
    rerun(at)
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["委员名册"].replace(",", "")) == 450


@pytest.mark.skipif(not SAMPLE.exists(), reason="no sample city")
def test_imported_tables_are_shown_and_switch(empty_app_db):
    store = Store.open(empty_app_db)
    for name in SAMPLE_FILES:
        assert import_file(store, SAMPLE / name).ok
    at = open_page("data_tables")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["委员名册"] == "61" and metrics["提案"] == "57"
    assert len(at.dataframe[0].value) == 61
    at.main.selectbox[0].select("proposals")
    rerun(at)
    assert len(at.dataframe[0].value) == 57
    assert {"来源文件", "工作表", "行号"} <= set(at.dataframe[0].value.columns)


def test_every_shown_column_has_a_chinese_label(tmp_path):
    from data import queries
    from metrics import records

    store = Store(tmp_path / "labels.duckdb")
    for table in queries.TABLE_LABELS:
        shown = records.shown_records(store, table, 2025).columns
        assert all(not c.isascii() for c in shown), (table, [c for c in shown if c.isascii()])
    store.close()


def test_every_record_table_has_a_page_label():
    from data import queries
    from data.schema import RECORD_TABLES

    assert set(queries.TABLE_LABELS) == set(RECORD_TABLES)
