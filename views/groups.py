"""界别与联络组: one group's participation against all groups (a 组长 sees the others
anonymously; a click on a named group's bar picks that group), its member × event
matrix, who took part in nothing, its members' scores — in 会议模式 with the title bar and
large paged tables whose names open 档案 — and all of it as one workbook."""
from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from metrics import group_rank, profile
from metrics.groups import DIMENSIONS, MARK_LEGEND
from ui import auth, charts, meeting, state
from ui.text import plain

auth.require_page("groups")

PENDING_GROUP = "groups_pending_group"  # the group of a clicked bar, picked on the next run
MEMBER_ID = "委员编号"
PINNED = {column: st.column_config.TextColumn(pinned=True) for column in (MEMBER_ID, meeting.NAME_COLUMN)}


def pick_group(names: list[str], dimension: str) -> str:
    """The group selector of a dimension (its choice kept per dimension; a group whose
    bar was clicked chosen)."""
    key = f"groups_group_{dimension}"
    if st.session_state.get(PENDING_GROUP) in names:
        st.session_state[key] = st.session_state[PENDING_GROUP]
    st.session_state.pop(PENDING_GROUP, None)
    if st.session_state.get(key) not in names:
        st.session_state.pop(key, None)
    return st.selectbox(DIMENSIONS[dimension], names, key=key)


def show_indicators(indicators: list[profile.Indicator]) -> None:
    for col, ind in zip(st.columns(len(indicators)), indicators):
        col.metric(plain(ind.label), ind.value, ind.delta, help=plain(ind.help) if ind.help else None)


def named_bars(bars: pd.DataFrame) -> dict[str, str]:
    """Bar label -> group, for the groups shown by name (an anonymous bar is none)."""
    return {charts.group_bar_label(g, r): g for g, r, named in zip(bars["group"], bars["rate"], bars["named"])
            if named}


def open_group(label: str, bars: pd.DataFrame, group: str) -> None:
    """Pick the group of a clicked bar in the selector above (on a rerun: it is drawn
    already); an anonymous group's bar opens nothing."""
    clicked = named_bars(bars).get(label)
    if clicked is None:
        st.toast("其他组不显示名称，不能查看。")
    elif clicked != group:
        st.session_state[PENDING_GROUP] = clicked
        st.rerun()


def show_assessment(dimension: str, group: str) -> None:
    """组别考评: the groups ranked by the rule file's [group_rules] (a 组长 sees the others
    anonymously, as in the chart), the 先进 named, the chosen group's points item by item."""
    st.subheader("组别考评")
    assessment = group_rank.assess_groups(store, result, dimension)
    st.caption(group_rank.rules_note(assessment))
    names = None
    if not viewer.sees_all:
        names = group_rank.shown_names(assessment, store, result, viewer)
        st.caption("其他组不显示名称，名称与上图一致。")
    points_table(group_rank.ranking_table(assessment, names), "groups_assessment")
    if viewer.sees_all:
        winners = "、".join(assessment.advanced) or "无（没有达到条件的组）"
        st.markdown(f"**{plain(assessment.advanced_title)}**：{plain(winners)}")
    with st.expander(f"{plain(group)}考评得分明细", expanded=meeting.active()):
        points_table(group_rank.item_table(assessment, group), "groups_assessment_items")


def points_table(frame: pd.DataFrame, key: str) -> None:
    """A table whose points (its decimal columns) show two decimals."""
    points = frame.select_dtypes("float").columns
    meeting.table(frame, key=key, formats=dict.fromkeys(points, ".2f"),
                  column_config={c: st.column_config.NumberColumn(format="%.2f") for c in points})


def member_table(frame: pd.DataFrame, key: str, column_config: dict | None = None) -> None:
    """A table of members; their names open 档案."""
    meeting.table(frame, key=key, member_ids=frame[MEMBER_ID], column_config=column_config)


store = state.require_data()
year = state.year()
viewer = state.scope()
if viewer.is_member:
    st.error("委员只能查看本人的履职档案，不能查看分组数据。")
    st.stop()
# Group figures need the whole body (an event's organiser counts every invitee); a 组长
# is then shown only the groups in their charge by name (metrics.profile checks the scope).
result = state.whole_scores(year)

if not meeting.page_head(store, year, result.rules, "界别与联络组"):
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
every_group = profile.group_overview(store, result, dimension)
show_indicators(profile.group_indicators(every_group, result, group))
bars = profile.attendance_comparison(every_group, dimension, viewer)
picked = charts.clicked_bars(charts.group_rate_figure(bars, group, dimension, profile.body_attend_rate(result)),
                             "groups_rates", axis="y")
if viewer.sees_all:
    st.caption("点击某一组的柱子，查看该组。")
else:
    st.caption("其他组不显示名称，按出席率从高到低排列；虚线为全体委员的出席率。")
if picked:
    open_group(picked[0], bars, group)
with st.expander(f"各{DIMENSIONS[dimension]}指标对比", expanded=meeting.active()):
    if not viewer.sees_all:
        st.caption("其他组不显示名称，名称与上图一致。")
    meeting.table(profile.group_comparison_table(profile.comparison_overview(store, result, dimension, viewer),
                                                 dimension, result.rules), key="groups_comparison")
if dimension in group_rank.GROUP_DIMENSIONS:
    show_assessment(dimension, group)

st.subheader("委员参加活动情况")
held_only = st.toggle("只看本组举办的活动", value=True, key="groups_held_only",
                      help="关闭后显示本组委员受邀参加的全部活动")
if held_only and not profile.group_matrix(store, result, dimension, group, True, viewer).events.shape[0]:
    st.info("本组本年度没有举办活动，下面显示本组委员受邀参加的全部活动。")
    held_only = False
matrix = profile.group_matrix(store, result, dimension, group, held_only, viewer)
st.caption(MARK_LEGEND)
member_table(profile.matrix_table(matrix), "groups_matrix", PINNED)
with st.expander(f"活动清单（{len(matrix.events)} 项）"):
    meeting.table(profile.matrix_events_table(matrix), key="groups_events")

st.subheader("未参加活动的委员")
idle = profile.inactive_members(matrix, result)
scope = "本组举办的活动" if held_only else "受邀的全部活动"
if idle.empty:
    st.success(f"本组委员都参加过{scope}。")
else:
    st.caption(f"{len(idle)} 位委员没有出席{scope}中的任何一项（「受邀」为其中受邀的次数）。")
    member_table(idle, "groups_idle")

departed = profile.departed_members(store, result, dimension, group)
if not departed.empty:
    st.subheader("年内离任、变动的委员")
    st.caption(f"{len(departed)} 位委员年内已离任（辞去或调出），列出得分但不参加排名，不计入上面的未参加活动名单。")
    member_table(departed, "groups_departed")

st.subheader("本组委员得分")
member_table(profile.group_scores(result, dimension, group), "groups_scores")

st.download_button("下载本组情况（Excel）", key="groups_download", icon=":material/download:",
                   data=state.audited_download(
                       f"{year}年度{group}参与情况",
                       partial(profile.group_workbook, store, result, dimension, group, held_only, viewer)),
                   on_click="ignore",
                   file_name=profile.group_file_name(year, group),
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
