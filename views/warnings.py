"""预警名单: 劝辞, 约谈, 通报批评 — each member with the reasons and facts that raised it —
and the counts per group."""
import streamlit as st

from metrics import board
from ui import auth, state, tables
from ui.text import plain

auth.require_page("warnings")

# Widths (px) that fit every column, the reasons included, in a 1400 px window.
WARNING_COLUMNS = {board.COLUMN_LABELS[code]: st.column_config.Column(width=px) for code, px in (
    ("member_id", 60), ("name", 58), ("sector", 92), ("is_standing", 40), ("tier", 52), ("reason", 250),
    ("term_plenary_absent", 70), ("standing_absent", 80), ("attendance", 70), ("proposals", 44),
    ("sqmy", 66))} | {board.COLUMN_LABELS["total"]: st.column_config.NumberColumn(format="%.2f", width=56)}

state.require_data()
year = state.year()
result = state.year_scores(year)
counts = board.warning_kind_counts(result)
rows = board.warning_rows(result)
criteria = board.warning_criteria(result.rules)

st.title(f"{year}年度预警名单")
state.publication_badge(result)
for column, (label, value) in zip(st.columns(1 + len(counts)),
                                  [("预警人数", len(board.warned_members(result))), *counts.items()]):
    column.metric(plain(label), f"{value} 人", border=True)
st.caption("一位委员可有多项预警。表中“全会缺席”为本届累计、“常委会缺席”为本年度，均指无故缺席；"
           "“活动出席”为本年度全部活动的出席/受邀人次。")

for kind, count in counts.items():
    st.subheader(f"{plain(kind)}（{count} 人）")
    st.caption(f"条件：{plain(criteria[kind])}")
    if count:
        tables.table(board.warnings_of_kind(rows, kind), hide_index=True, width="stretch",
                     column_config=WARNING_COLUMNS)
    else:
        st.info(f"本年度无{plain(kind)}。")

st.subheader("按分组统计")
dimension = st.selectbox("分组", list(board.GROUP_LABELS), format_func=board.GROUP_LABELS.get,
                         key="warn_dimension")
tables.table(board.labelled(board.warning_counts_by_group(result, dimension)), hide_index=True,
             width="stretch",
             column_config={board.COLUMN_LABELS["warned_share"]: st.column_config.NumberColumn(format="percent")})
