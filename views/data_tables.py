"""已导入数据: what the database holds, record table by record table, with sources — in
words, for the chosen year, filtered by file and searched by text."""
from __future__ import annotations

import streamlit as st

from data import queries
from metrics import records
from ui import auth, state, tables
from ui.text import plain

auth.require_page("data_tables")

store = state.require_data()
year = state.year()

st.title("已导入数据")
st.caption(f"{year}年度的记录（委员名册不分年度）；年度在左侧栏选择。")
cols = st.columns(5)
for i, (table, label) in enumerate(queries.TABLE_LABELS.items()):
    cols[i % 5].metric(label, f"{queries.record_count(store, table, year):,}")

left, right = st.columns(2)
table = left.selectbox("查看", list(queries.TABLE_LABELS), format_func=queries.TABLE_LABELS.get,
                       key="data_table")
files = queries.source_files(store, table, year)
ALL_FILES = "（全部文件）"
chosen = right.selectbox("来源文件", [ALL_FILES, *files], key=f"data_file_{table}", disabled=not files)
source_file = None if chosen == ALL_FILES else chosen

count = queries.record_count(store, table, year, source_file)
st.caption(plain(records.scope_text(table, year, count, source_file)))
tables.table_or_note(records.shown_records(store, table, year, source_file),
                     f"{year}年度还没有导入{queries.TABLE_LABELS[table]}。",
                     search_key=f"data_search_{table}", download_name=f"{year}年度{queries.TABLE_LABELS[table]}")
