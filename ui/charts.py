"""Every chart goes through ``show``: one style (type readable on a projector, larger in
会议模式), no Plotly mode bar (its tips are English), and a Chinese note instead of a
chart with nothing to show. The group comparison chart is built here too."""
from __future__ import annotations

from numbers import Number

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from metrics import profile
from metrics.groups import DIMENSIONS
from ui import meeting
from ui.text import chart_text

CONFIG = {"displayModeBar": False, "displaylogo": False, "locale": "zh-CN"}
FONT_PX, MEETING_FONT_PX = 15, 20
HIGHLIGHT, OTHERS, REFERENCE = "#d62728", "#9ecae1", "#555555"


def _values(trace) -> list:
    values = []
    for axis in ("x", "y"):
        data = getattr(trace, axis, None)
        values += [] if data is None else list(data)
    return values


def has_data(fig: go.Figure) -> bool:
    """Whether any trace has a number other than 0 (a chart of nothing but zeros, or of
    no points, says nothing)."""
    return any(isinstance(v, Number) and not isinstance(v, bool) and not pd.isna(v) and v != 0
               for trace in fig.data for v in _values(trace))


def styled(fig: go.Figure, large: bool = False) -> go.Figure:
    """The figure with the shared style: font sizes, Chinese-friendly font, room for labels."""
    size = MEETING_FONT_PX if large else FONT_PX
    fig.update_layout(font=dict(size=size, family="Microsoft YaHei, PingFang SC, WenQuanYi Micro Hei, sans-serif"),
                      title_font_size=size + 3, hoverlabel=dict(font_size=size),
                      uniformtext=dict(minsize=size - 2, mode="hide"))
    fig.update_xaxes(automargin=True, title_font_size=size, tickfont_size=size - 1)
    fig.update_yaxes(automargin=True, title_font_size=size, tickfont_size=size - 1)
    fig.update_annotations(font_size=size - 1)
    fig.update_layout(legend_font_size=size - 1)
    if large and fig.layout.height:
        fig.update_layout(height=int(fig.layout.height * 1.3))
    return fig


def show(fig: go.Figure, empty_note: str = "没有可显示的数据。", key: str | None = None,
         on_select: str = "ignore"):
    """The chart in the shared style, or ``empty_note`` when it has no data; the
    selection event when ``on_select`` is "rerun" (None when there is no chart)."""
    if not has_data(fig):
        st.caption(empty_note)
        return None
    return st.plotly_chart(styled(fig, meeting.active()), width="stretch", config=CONFIG, key=key,
                           on_select=on_select, selection_mode="points")


def selected_labels(event, axis: str = "x") -> list[str]:
    """The category labels of the bars chosen in a chart's selection event."""
    if not event:
        return []
    points = event.get("selection", {}).get("points", []) if isinstance(event, dict) else event.selection.points
    return [str(p[axis]) for p in points if axis in p]


def group_bar_label(group: str, rate: float) -> str:
    """A group's bar label on the y axis: its name, its rate beside it (what a click on
    the bar gives back, see ``clicked_bars``)."""
    return f"{chart_text(group)}  {f'{rate:.1f}%' if pd.notna(rate) else '无活动'}"


def group_rate_figure(bars: pd.DataFrame, group: str, dimension: str, overall: float | None) -> go.Figure:
    """Attendance rate per group (``profile.attendance_comparison``: a 组长 sees the other
    groups anonymously) as horizontal bars, highest first, on a 0–100 % axis, each rate
    beside its group's name (never on the bars or the line); the chosen group highlighted
    and the whole body's rate (``overall``, a share) as a dashed line named in the title."""
    bars = bars.sort_values(["rate", "group"], ascending=[True, False], na_position="first", kind="stable")
    fig = go.Figure(go.Bar(
        y=[group_bar_label(g, r) for g, r in zip(bars["group"], bars["rate"])], x=bars["rate"], orientation="h",
        marker_color=[HIGHLIGHT if g == group else OTHERS for g in bars["group"]],
        customdata=bars[["attended", "invited"]].to_numpy(),
        hovertemplate="%{y}<br>出席 %{customdata[0]} / 受邀 %{customdata[1]} 人次<extra></extra>"))
    title = f"各{DIMENSIONS[dimension]}活动出席率（从高到低）"
    if overall is not None:
        fig.add_vline(x=overall * 100, line_dash="dash", line_color=REFERENCE)
        title += f"；虚线：全体委员 {overall * 100:.1f}%"
    fig.update_layout(title=title, height=max(320, 90 + 30 * len(bars)), showlegend=False,
                      margin=dict(l=10, r=40, t=60, b=10),
                      xaxis=dict(title="出席率（%，从 0 起）", range=[0, 100], dtick=20),
                      yaxis=dict(title=None))
    return fig


def clicked_bars(fig: go.Figure, key: str, axis: str = "x") -> list[str]:
    """The chart with clickable bars; the labels of the bars clicked in this run. A click
    is taken once: the chart is then drawn afresh (a new key), without the selection."""
    round_key = f"{key}_round"
    number = st.session_state.get(round_key, 0)
    picked = selected_labels(show(fig, key=f"{key}_{number}", on_select="rerun"), axis)
    if picked:
        st.session_state[round_key] = number + 1
    return picked
