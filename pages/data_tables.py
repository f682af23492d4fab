"""已导入数据: what the database holds, as tables; the demo city on an empty database."""
from __future__ import annotations

import streamlit as st

from data import queries
from data.demo import load_demo

store = st.session_state["store"]

st.title("已导入数据")

if queries.is_empty(store):
    st.info("数据库中还没有委员名册。可以先载入示例城市（约 450 位委员、两个年度）体验全部功能。")
    if st.button("载入示例数据", type="primary"):
        bar = st.progress(0.0, text="正在生成示例文件…")

        def progress(i: int, n: int, name: str) -> None:
            bar.progress(i / n, text=f"已导入 {i}/{n}：{name}")

        load_demo(store, progress=progress)
        st.success("示例数据已导入。")
        st.rerun()
    st.stop()

counts = store.record_counts()
cols = st.columns(5)
for i, (table, label) in enumerate(queries.TABLE_LABELS.items()):
    cols[i % 5].metric(label, f"{counts[table]:,}")

table = st.selectbox("查看", list(queries.TABLE_LABELS), format_func=queries.TABLE_LABELS.get)
st.dataframe(queries.current_records(store, table), hide_index=True, width="stretch")
