"""The app under streamlit's AppTest, on an empty database and on imported data."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data.importer import import_file
from data.store import Store
from tests.conftest import SAMPLE, SAMPLE_FILES


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    path = tmp_path / "app.duckdb"
    monkeypatch.setenv("LVZHI_DB", str(path))
    return path


def run_app() -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def test_empty_database_offers_the_demo(app_db):
    at = run_app()
    assert any("示例" in i.value for i in at.info)
    assert [b.label for b in at.button] == ["载入示例数据"]
    assert "尚未导入数据" in " ".join(c.value for c in at.sidebar.caption)


@pytest.mark.skipif(not SAMPLE.exists(), reason="no sample city")
def test_imported_tables_are_shown_and_switch(app_db):
    store = Store.open(app_db)
    for name in SAMPLE_FILES:
        assert import_file(store, SAMPLE / name).ok
    at = run_app()
    assert "最近导入" in " ".join(c.value for c in at.sidebar.caption)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["委员名册"] == "61" and metrics["提案"] == "57"
    assert len(at.dataframe[0].value) == 61
    at.selectbox[0].select("proposals").run()
    assert len(at.dataframe[0].value) == 57
    assert {"来源文件", "工作表", "行号"} <= set(at.dataframe[0].value.columns)


def test_demo_button_loads_the_demo_city(app_db):
    at = run_app()
    at.button[0].click().run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["委员名册"].replace(",", "")) >= 440


def test_every_shown_column_has_a_chinese_label(tmp_path):
    from data import queries

    store = Store(tmp_path / "labels.duckdb")
    for table in queries.TABLE_LABELS:
        shown = queries.current_records(store, table).columns
        assert all(not c.isascii() for c in shown), (table, [c for c in shown if c.isascii()])
    store.close()


def test_every_record_table_has_a_page_label():
    from data import queries
    from data.schema import RECORD_TABLES

    assert set(queries.TABLE_LABELS) == set(RECORD_TABLES)
