"""履职考评看板: the Streamlit shell — sign-in first, then the pages the user's role may
see, grouped by who uses them."""
from __future__ import annotations

import streamlit as st

from ui import auth, i18n, routes, state

st.set_page_config(page_title="履职考评看板", page_icon=":material/assignment:", layout="wide")
i18n.chinese_tables()

user = auth.require_user()
if not auth.local_mode():
    st.session_state["user"] = user.username  # who the pages record in the audit log
auth.shell_banner()
state.sidebar()
auth.account_sidebar(user)
routes.navigation(user).run()
