"""履职考评看板: the Streamlit shell — sign-in first, then the pages the user's role may
see, grouped by who uses them."""
from __future__ import annotations

import sys

import streamlit as st

from start import python_problem

st.set_page_config(page_title="履职考评看板", page_icon=":material/assignment:", layout="wide")
if problem := python_problem(sys.version_info):  # before the modules that need Python 3.11
    st.error(problem)
    st.stop()

from ui import auth, i18n, routes, state  # noqa: E402  (after the version check)

i18n.chinese_tables()

user = auth.require_user()
if not auth.local_mode():
    st.session_state["user"] = user.username  # who the pages record in the audit log
auth.shell_banner()
state.sidebar()
auth.account_sidebar(user)
routes.navigation(user).run()
