"""界别与联络组: one group's participation against all groups, its member × event matrix,
who took part in nothing, its members' scores — and all of it as one workbook."""
from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from data import xlsx_out
from metrics import profile
from metrics.groups import DIMENSIONS, MARK_LEGEND
from ui import auth, charts, state, tables
from ui.text import plain

auth.require_page("groups")



def pick_group(names: list[str], dimension: str) -> str:
    """The group selector of a dimension (its choice kept per dimension)."""
    key = f"groups_group_{dimension}"
    if st.session_state.get(key) not in names:
        st.session_state.pop(key, None)
    return st.selectbox(DIMENSIONS[dimension], names, key=key)


def show_indicators(indicators: list[profile.Indicator]) -> None:
    for col, ind in zip(st.columns(len(indicators)), indicators):
        col.metric(plain(ind.label), ind.value, ind.delta, help=plain(ind.help) if ind.help else None)


def scoped_workbook(overview: pd.DataFrame, group: str, held_only: bool) -> bytes:
    """The group workbook of a 组长: its comparison sheet holds only their own groups."""
    sheets = profile.group_sheets(store, result, dimension, group, held_only)
    sheets["各组对比"] = profile.group_comparison_table(overview, dimension, result.rules)
    what = "本组举办的活动" if held_only else "本组委员受邀的全部活动"
    return xlsx_out.workbook_bytes(
        sheets, title=f"{result.year}年 {DIMENSIONS[dimension]}：{group} 参与情况（{what}；{MARK_LEGEND}）")


store = state.require_data()
year = state.year()
viewer = state.scope()
if viewer.is_member:
    st.error("委员只能查看本人的履职档案，不能查看分组数据。")
    st.stop()
# Group figures need the whole body (an event's organiser counts every invitee); a 组长
# is then shown only the groups in their charge (metrics.profile checks the scope).
result = state.whole_scores(year)

st.title("界别与联络组")
st.caption(f"{year}年度 · 供界别活动组组长、委员联络组召集人查看本组委员参加活动的情况")

dimensions = [d for d in DIMENSIONS if d in viewer.dimensions()]
if st.session_state.get("groups_dimension") not in dimensions:
    st.session_state.pop("groups_dimension", None)
left, right = st.columns(2)
with left:
    dimension = st.selectbox("分组方式", dimensions, format_func=DIMENSIONS.get,
                             index=dimensions.index("activity_group") if "activity_group" in dimensions else 0,
                             key="groups_dimension")
names = profile.group_names(result, dimension, viewer)
if not names:
    st.info(f"{year}年度的考评名单中没有填写{DIMENSIONS[dimension]}的委员。")
    st.stop()
with right:
    group = pick_group(names, dimension)
overview = profile.group_overview(store, result, dimension, viewer)
every_group = profile.group_overview(store, result, dimension)
show_indicators(profile.group_indicators(every_group, result, group))
charts.show(charts.group_rate_figure(profile.attendance_comparison(every_group, dimension, viewer), group, dimension,
                                     profile.body_attend_rate(result)))
if not viewer.sees_all:
    st.caption("其他组不显示名称，按出席率从高到低排列；虚线为全体委员的出席率。")
with st.expander(f"各{DIMENSIONS[dimension]}指标对比"):
    tables.table(profile.group_comparison_table(overview, dimension, result.rules),
                 hide_index=True, width="stretch")

st.subheader("委员参加活动情况")
held_only = st.toggle("只看本组举办的活动", value=True, key="groups_held_only",
                      help="关闭后显示本组委员受邀参加的全部活动")
if held_only and not profile.group_matrix(store, result, dimension, group, True, viewer).events.shape[0]:
    st.info("本组本年度没有举办活动，下面显示本组委员受邀参加的全部活动。")
    held_only = False
matrix = profile.group_matrix(store, result, dimension, group, held_only, viewer)
st.caption(MARK_LEGEND)
tables.table(profile.matrix_table(matrix), hide_index=True, width="stretch",
             column_config={"委员编号": st.column_config.TextColumn(pinned=True),
                            "姓名": st.column_config.TextColumn(pinned=True)})
with st.expander(f"活动清单（{len(matrix.events)} 项）"):
    tables.table(profile.matrix_events_table(matrix), hide_index=True, width="stretch")

st.subheader("未参加活动的委员")
idle = profile.inactive_members(matrix, result)
scope = "本组举办的活动" if held_only else "受邀的全部活动"
if idle.empty:
    st.success(f"本组委员都参加过{scope}。")
else:
    st.caption(f"{len(idle)} 位委员没有出席{scope}中的任何一项（「受邀」为其中受邀的次数）。")
    tables.table(idle, hide_index=True, width="stretch")

departed = profile.departed_members(store, result, dimension, group)
if not departed.empty:
    st.subheader("年内离任、变动的委员")
    st.caption(f"{len(departed)} 位委员年内已离任（辞去或调出），列出得分但不参加排名，不计入上面的未参加活动名单。")
    tables.table(departed, hide_index=True, width="stretch")

st.subheader("本组委员得分")
tables.table(profile.group_scores(result, dimension, group), hide_index=True, width="stretch")

st.download_button("下载本组情况（Excel）", key="groups_download", icon=":material/download:",
                   data=state.audited_download(
                       f"{year}年度{group}参与情况",
                       partial(profile.group_workbook, store, result, dimension, group, held_only)
                       if viewer.sees_all else partial(scoped_workbook, overview, group, held_only)),
                   on_click="ignore",
                   file_name=profile.group_file_name(year, group),
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
