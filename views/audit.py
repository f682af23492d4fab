"""操作日志 (管理员): the audit log, filtered by date, user and action."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import streamlit as st

from data import audit
from metrics.labels import actor_label
from ui import auth, state, tables

COLUMNS = {"at": "时间", "username": "用户", "action_label": "操作", "object": "对象", "detail": "说明"}


def shown_rows(rows):
    """The log rows with Chinese column names and who did it in words."""
    return rows.assign(username=rows["username"].map(actor_label))[list(COLUMNS)].rename(columns=COLUMNS)


auth.require_page("audit")

store = state.store()
st.title("操作日志")
st.caption("导入、撤销、姓名匹配、规则修改、用户管理、导出和登录失败都会记入日志。")

everything = audit.audit_rows(store)
today = date.today()
left, middle, right = st.columns([2, 1, 1])
span = left.date_input("日期范围", value=(today - timedelta(days=30), today), key="audit_dates")
who = middle.selectbox("用户", ["全部", *sorted(u for u in everything["username"].unique() if u)],
                       key="audit_user", format_func=actor_label)
action = right.selectbox("操作", ["全部", *audit.ACTIONS], key="audit_action",
                         format_func=lambda a: audit.ACTIONS.get(a, a))

since = until = None
if isinstance(span, (tuple, list)) and span:
    since = datetime.combine(span[0], time.min)
    until = datetime.combine(span[-1], time.max)
rows = audit.audit_rows(store, since=since, until=until,
                        username=None if who == "全部" else who,
                        action=None if action == "全部" else action)
st.caption(f"共 {len(rows)} 条（日志中共 {len(everything)} 条）。")
tables.table_or_note(shown_rows(rows), "没有符合筛选条件的日志。", search_key="audit_search",
                     download_name="操作日志")
