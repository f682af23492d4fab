"""预警名单: 劝辞, 约谈, 通报批评 — each member with the reasons and facts that raised it —
and the counts per group. Names open 档案; the whole list downloads as .xlsx."""
from datetime import date

import streamlit as st

from metrics import board
from metrics.labels import day_text
from ui import auth, meeting, state
from ui.text import plain

auth.require_page("warnings")

WARNING_COLUMNS = {board.COLUMN_LABELS["total"]: st.column_config.NumberColumn(format="%.2f"),
                   board.COLUMN_LABELS["reason"]: st.column_config.Column(width=380)}
FORMATS = {board.COLUMN_LABELS["total"]: ".2f"}
MEMBER_ID = board.COLUMN_LABELS["member_id"]

store = state.require_data()
year = state.year()
result = state.year_scores(year)
counts = board.warning_kind_counts(result)
rows = board.warning_rows(result)
criteria = board.warning_criteria(result.rules)

if not meeting.page_head(store, year, result.rules, "预警名单"):
    st.title(f"{year}年度预警名单")
state.publication_badge(result)
for column, (label, value) in zip(st.columns(1 + len(counts)),
                                  [("预警人数", len(board.warned_members(result))), *counts.items()]):
    column.metric(plain(label), f"{value} 人", border=True)
st.markdown(plain(board.warning_count_text(board.overview(store, result))))
st.caption("表中“全会缺席”为本届累计、“常委会缺席”为本年度，均指无故缺席；"
           "“活动出席”为本年度全部活动的出席/受邀人次。点击姓名打开该委员的档案。")
meeting.download_list(
    board.warning_view(rows), "预警名单", f"{meeting.unit_name()}{year}年度委员履职预警名单",
    [f"共 {len(rows)} 项预警，{len(board.warned_members(result))} 人；"
     + "；".join(f"{k}：{criteria[k]}" for k in counts.index),
     f"{meeting.cutoff_text(store)}；{result.publication_text}；制表日期：{day_text(date.today())}"],
    f"{year}年度预警名单.xlsx", key="warn_download", number_formats={board.COLUMN_LABELS["total"]: "0.00"})

for kind, count in counts.items():
    st.subheader(f"{plain(kind)}（{count} 人）")
    st.caption(f"条件：{plain(criteria[kind])}")
    if count:
        shown = board.warnings_of_kind(rows, kind)
        meeting.table(shown, key=f"warn_{kind}", member_ids=shown[MEMBER_ID], formats=FORMATS,
                      column_config=WARNING_COLUMNS)
    else:
        st.info(f"本年度无{plain(kind)}。")

st.subheader("按分组统计")
dimension = st.selectbox("分组", list(board.GROUP_LABELS), format_func=board.GROUP_LABELS.get,
                         key="warn_dimension")
meeting.table(board.labelled(board.warning_counts_by_group(result, dimension)), key="warn_by_group",
              formats={board.COLUMN_LABELS["warned_share"]: ".1%"},
              column_config={board.COLUMN_LABELS["warned_share"]: st.column_config.NumberColumn(format="percent")})
