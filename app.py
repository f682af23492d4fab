"""履职考评看板: the Streamlit shell."""
from __future__ import annotations

import streamlit as st

from data import queries
from data.store import Store, db_path

st.set_page_config(page_title="履职考评看板", page_icon="📋", layout="wide")


@st.cache_resource
def get_store(path: str) -> Store:
    """One connection per process and database file; pages take cursors from it."""
    return Store.open(path)


store = get_store(str(db_path().resolve()))
st.session_state["store"] = store

with st.sidebar:
    st.markdown("### 履职考评看板")
    last = queries.last_import(store)
    st.caption(f"最近导入：{last:%Y-%m-%d %H:%M}" if last else "尚未导入数据")

pages = {
    "数据": [
        st.Page("pages/data_tables.py", title="已导入数据", icon="🗂️", default=True),
    ],
}
st.navigation(pages).run()
