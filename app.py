"""履职考评看板: the Streamlit shell — pages grouped by who uses them."""
from __future__ import annotations

import streamlit as st

from ui import state

st.set_page_config(page_title="履职考评看板", page_icon=":material/assignment:", layout="wide")

state.sidebar()

PAGES = {
    "主席会议": [
        st.Page("pages/overview.py", title="总览", icon=":material/dashboard:", default=True),
        st.Page("pages/ranking.py", title="排名", icon=":material/leaderboard:"),
        st.Page("pages/warnings.py", title="预警名单", icon=":material/warning:"),
    ],
    "组长与召集人": [
        st.Page("pages/groups.py", title="界别与联络组", icon=":material/groups:"),
        st.Page("pages/profile.py", title="委员档案", icon=":material/badge:"),
    ],
    "办公室": [
        st.Page("pages/import_files.py", title="数据导入", icon=":material/upload_file:"),
        st.Page("pages/pending.py", title="待匹配姓名", icon=":material/person_search:"),
        st.Page("pages/rules.py", title="计分规则", icon=":material/rule:"),
        st.Page("pages/data_tables.py", title="已导入数据", icon=":material/table_view:"),
        st.Page("pages/export.py", title="年度导出", icon=":material/print:"),
    ],
}
st.navigation(PAGES).run()
