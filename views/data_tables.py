"""已导入数据: what the database holds, record table by record table, with sources."""
from __future__ import annotations

import streamlit as st

from data import queries
from ui import auth, state, tables

auth.require_page("data_tables")

store = state.require_data()

st.title("已导入数据")
counts = store.record_counts()
cols = st.columns(5)
for i, (table, label) in enumerate(queries.TABLE_LABELS.items()):
    cols[i % 5].metric(label, f"{counts[table]:,}")

table = st.selectbox("查看", list(queries.TABLE_LABELS), format_func=queries.TABLE_LABELS.get)
tables.table_or_note(queries.current_records(store, table), f"还没有导入{queries.TABLE_LABELS[table]}。")
