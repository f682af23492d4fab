"""委员档案: one member's facts, points per cap group against the caps, every record behind
the total with its source, warnings with reasons, and the trend across years.

A member can be preselected with ``st.session_state["member"]`` (another page sets it
before switching here) or the query parameter ``?member=W0013``."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots
import streamlit as st

from metrics import evaluation, profile
from metrics.scope import ScopeError, check_member, visible_member_ids
from ui import auth, charts, state, tables
from ui.text import plain

auth.require_page("profile")

MEMBER_KEY = "member"
COUNTED, DEDUCTED, CUT, CAP = "#1f77b4", "#ef8a62", "#c6dbef", "#d62728"


def requested_member() -> str | None:
    """The member asked for: the selector's state, else the query parameter."""
    if MEMBER_KEY not in st.session_state and MEMBER_KEY in st.query_params:
        st.session_state[MEMBER_KEY] = st.query_params[MEMBER_KEY]
    return st.session_state.get(MEMBER_KEY)


def forget_request() -> None:
    """Drop the member asked for (address and selector), so the page starts afresh."""
    st.query_params.pop(MEMBER_KEY, None)
    st.session_state.pop(MEMBER_KEY, None)


def refuse_out_of_scope(whole, wanted: str | None) -> None:
    """For a user who does not see everyone: a member asked for outside their scope (or
    not on the year's list — the two read alike) is refused in Chinese, and the page
    stops before showing anyone else."""
    if viewer.sees_all or not wanted:
        return
    try:
        check_member(viewer, whole, wanted)
    except ScopeError as refused:
        st.error(plain(str(refused)), icon=":material/block:")
        st.button("查看本人的履职档案" if viewer.is_member else "查看本组委员的档案",
                  key="profile_back", on_click=forget_request)
        st.stop()


def pick_member(options: dict[str, str], year: int) -> str | None:
    """The text filter and the member selector; the choice is mirrored in the URL."""
    wanted = requested_member()
    if wanted and wanted not in options:
        st.info(f"编号为 {plain(wanted)} 的委员不在{year}年度的考评名单中。")
    text = st.text_input("筛选委员", key="member_filter", placeholder="输入姓名、界别或编号")
    shown = profile.filter_members(options, text)
    if not shown:
        st.warning(f"没有符合“{plain(text)}”的委员。")
        return None
    if wanted not in shown:
        st.session_state[MEMBER_KEY] = shown[0]
    chosen = st.selectbox(f"委员（{len(shown)} 位）", shown, format_func=options.get, key=MEMBER_KEY)
    st.query_params[MEMBER_KEY] = chosen
    return chosen


def show_card(result, member_id: str, year: int) -> None:
    """The card at the top: who, the year, total, ranks and tier, then the warnings and
    the notes on the tier."""
    score = result.member(member_id)
    with st.container(border=True, key="profile_card"):
        st.subheader(f"{plain(score['name'])}（{plain(score['sector'])}）· {year}年度")
        with st.container(horizontal=True, gap="medium"):
            for ind in profile.member_standing(result, member_id):
                st.metric(plain(ind.label), ind.value, ind.delta, width="content",
                          help=plain(ind.help) if ind.help else None)
        for kind, reason in score["warnings"]:
            st.error(f"**{plain(kind)}**：{plain(reason)}")
        for note in profile.member_notes(result, member_id):
            st.warning(plain(note))


def show_facts(facts: list[tuple[str, str]]) -> None:
    cols = st.columns(3)
    for i, (label, value) in enumerate(facts):
        cols[i % 3].markdown(f"**{plain(label)}**：{plain(value)}")


def show_record_list(items: list[profile.RecordItem]) -> None:
    """The records as a list under their 计分项目: content, points, source."""
    for column in dict.fromkeys(i.column for i in items):
        mine = [i for i in items if i.column == column]
        st.markdown(f"**{plain(column)}**（{len(mine)} 条，计入 {sum(i.points for i in mine):g} 分）")
        st.markdown("\n".join(f"- {plain(i.detail or i.item)} · **{i.points:g} 分**"
                              + (f"（原始 {i.before:g} 分，超出上限未计）" if i.before != i.points else "")
                              + f"  \n  :gray[{plain(i.item)} · 来源：{plain(i.source)}]" for i in mine))


def points_figure(points: pd.DataFrame, total: float) -> go.Figure:
    """Counted points per score column (horizontal bars), what the cap cut off (pale),
    and each cap (red mark)."""
    p = points.iloc[::-1]
    cut = (p["before"] - p["points"]).where(p["cap"].notna() & (p["before"] > p["points"]), 0)
    fig = go.Figure()
    fig.add_bar(y=p["label"], x=p["points"], orientation="h", name="计入分",
                marker_color=[DEDUCTED if v < 0 else COUNTED for v in p["points"]],
                text=[f"{v:g}" if v else "" for v in p["points"]], textposition="inside",
                textangle=0, insidetextanchor="end",
                hovertemplate="%{y}：计入 %{x:.2f} 分<extra></extra>")
    fig.add_bar(y=p["label"], x=cut, orientation="h", name="超出上限未计", marker_color=CUT,
                hovertemplate="%{y}：超出上限 %{x:.2f} 分<extra></extra>")
    fig.add_scatter(y=p["label"], x=p["cap"], mode="markers", name="上限",
                    marker=dict(symbol="line-ns", size=13, line=dict(width=3, color=CAP)),
                    hovertemplate="%{y}：上限 %{x:g} 分<extra></extra>")
    fig.update_layout(barmode="relative", title=f"各项得分（总分 {total:.2f}）",
                      height=max(360, 26 * len(p) + 90), margin=dict(l=10, r=10, t=50, b=10),
                      legend=dict(orientation="h", y=-0.08), xaxis_title="分", yaxis_title=None)
    return fig


def trend_figure(trend: pd.DataFrame) -> go.Figure:
    """Total per year (left) and rank per year (right, 1 at the top)."""
    years = [str(y) for y in trend["year"]]
    fig = make_subplots(rows=1, cols=2, subplot_titles=("总分", "全体排名"), horizontal_spacing=0.12)
    fig.add_scatter(x=years, y=trend["total"], mode="lines+markers+text", name="总分",
                    text=[f"{v:.2f}" for v in trend["total"]], textposition="top center",
                    hovertemplate="%{x}年：%{y:.2f} 分<extra></extra>", row=1, col=1)
    fig.add_scatter(x=years, y=trend["rank"], mode="lines+markers+text", name="排名",
                    text=[f"第{r:.0f}名" if pd.notna(r) else "" for r in trend["rank"]],
                    textposition="top center", customdata=trend[["ranked"]].to_numpy(),
                    hovertemplate="%{x}年：第 %{y} 名 / %{customdata[0]} 人<extra></extra>",
                    row=1, col=2)
    fig.update_xaxes(type="category", title_text="年度")
    top = max([*trend["total"], 1.0])
    fig.update_yaxes(title_text="分", range=[0, top * 1.25], row=1, col=1)
    ranks = trend["rank"].dropna()
    worst = float(ranks.max()) if len(ranks) else 1.0
    fig.update_yaxes(title_text="名次", range=[worst * 1.25 + 1, 0], tickformat="d", row=1, col=2)
    fig.update_layout(title="历年总分与排名", height=340, showlegend=False,
                      margin=dict(l=10, r=10, t=70, b=10))
    return fig


# Widths (px) that keep the source columns in view beside the content at a 1400 px window.
RECORD_COLUMNS = {label: st.column_config.Column(width=px) for label, px in (
    ("计分项目", 96), ("规则项", 120), ("内容", 290), ("原始分", 56), ("计入分", 56),
    ("来源文件", 180), ("工作表", 90), ("行号", 48))}


def table_height(rows: int, limit: int = 40) -> int:
    """Pixel height showing every row of a table up to ``limit`` rows (then scrolling)."""
    return 38 + 35 * min(rows, limit)


store = state.require_data()
year = state.year()
viewer = state.scope()
whole = state.whole_scores(year)

st.title("委员档案")
st.caption(f"{year}年度 · 每一分都能追溯到来源文件、工作表和行号")

# A 委员 sees only themself (no picker); others pick among the members they may see. Once
# the member is checked, their own details come from the whole-body result (true body ranks).
refuse_out_of_scope(whole, requested_member())
visible = visible_member_ids(whole, viewer)
options = {m: label for m, label in profile.member_options(whole).items() if m in visible}
if not options:
    st.info(f"您（{plain(viewer.label)}）在{year}年度的考评名单中没有可查看的委员档案。")
    st.stop()
member_id = viewer.member_id if viewer.is_member else pick_member(options, year)
if member_id is None:
    st.stop()
check_member(viewer, whole, member_id)
result = whole

score = result.member(member_id)
show_card(result, member_id, year)
with st.expander("基本信息", expanded=not viewer.is_member):
    show_facts(profile.member_facts(result, member_id))

lines = profile.member_explanation(store, result, member_id).lines

st.subheader("计分明细")
records = profile.record_table(lines)
st.caption(f"共 {len(lines)} 条记录，计入分合计 {profile.records_sum(records):.2f} 分；"
           "「原始分」为封顶前的分值，超过该项上限的部分不计入。")
if viewer.is_member:
    show_record_list(profile.record_items(lines))
else:
    tables.table(records, hide_index=True, width="stretch", height=table_height(len(records)),
                 column_config=RECORD_COLUMNS)
points = profile.points_by_column(result, lines, member_id)
charts.show(points_figure(points, float(score["total"])), "本年度没有计分记录。")

st.subheader("历年情况")
trend = profile.member_trend([state.whole_scores(y) for y in sorted(state.available_years(store))], member_id)
charts.show(trend_figure(trend), "历年总分均为 0，不画趋势图。")
tables.table(profile.trend_table(trend), hide_index=True, width="stretch")

term_results = [state.whole_scores(y) for y in evaluation.term_results_needed(store, result)]
body = st.session_state.get("export_body") or evaluation.DEFAULT_BODY
st.download_button("下载履职档案（Excel，可打印）", key="profile_download", icon=":material/download:", on_click="ignore",
                   data=state.audited_download(
                       f"{year}年度履职档案（{score['name']}，{member_id}）",
                       lambda: evaluation.archive_workbook(store, result, [member_id], term_results, body)),
                   file_name=evaluation.member_archive_file_name(year, score["name"], member_id),
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
