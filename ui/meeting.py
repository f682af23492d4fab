"""会议模式 (presentation for the chair meeting): a sidebar toggle kept in session state and
in the address (``?meeting=1``), larger type, a title bar with the unit, year, rule set
and data cut-off, and tables that show every row — fitted to their rows or paged with
Chinese page controls — never inside a scroll box."""
from __future__ import annotations

import math
from numbers import Number
from html import escape
from urllib.parse import quote

import pandas as pd
import streamlit as st

from data import queries, xlsx_out
from metrics.evaluation import DEFAULT_BODY
from metrics.labels import day_text, rule_version_label
from metrics.rules import Rules
from metrics.scope import HIDDEN_PREFIX, is_hidden_id
from ui import state, tables

MEETING_KEY, TOGGLE_KEY = "meeting_mode", "meeting_toggle"
BODY_KEY = "export_body"  # the unit name the export page asks for
ROW_PX, HEADER_PX, BORDER_PX = 35, 38, 3
PAGE_ROWS = 25
NORMAL_MAX_ROWS = 30
NAME_COLUMN = "姓名"
WRAP_CHARS = 16  # longer texts wrap in a meeting table; shorter ones keep to one line
BREAK_CHARS = 10  # a shorter one of more characters breaks before its bracket: 年中增补 / （2025年8月28日）
MEETING_CSS = """<style>
[data-testid="stMain"] h1 { font-size: 2.6rem; }
[data-testid="stMain"] h3 { font-size: 1.9rem; }
[data-testid="stMain"] [data-testid="stMetricLabel"] p,
[data-testid="stMain"] [data-testid="stWidgetLabel"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stExpander"] summary p { font-size: 1.35rem; }
[data-testid="stMain"] [data-testid="stCaptionContainer"],
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 1.15rem; }
[data-testid="stMain"] [data-testid="stMetricValue"],
[data-testid="stMain"] [data-testid="stMetricValue"] p { font-size: 3rem; }
div.meeting-title { background: #0d3b66; color: #fff; padding: 0.6rem 1.2rem; border-radius: 0.4rem;
  font-size: 1.5rem; display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.4rem 2.2rem; }
div.meeting-title h1 { font-size: 1.9rem; color: #fff; margin: 0; padding: 0; line-height: 1.3; }
table.meeting-table { border-collapse: collapse; width: 100%; font-size: 1.35rem; }
div.meeting-wrap { overflow-x: auto; overflow-y: hidden; }
table.meeting-table th { background: #e8eef5; white-space: normal; min-width: 3em; }
table.meeting-table th, table.meeting-table td { border: 1px solid #c9d3de; padding: 0.3rem 0.6rem;
  text-align: left; vertical-align: top; }
table.meeting-table td { white-space: nowrap; }
table.meeting-table td.num { text-align: right; }
table.meeting-table td.wrap { white-space: normal; min-width: 11em; }
table.meeting-table a { color: #0b57d0; }
</style>"""


def active() -> bool:
    """Whether the chair-meeting presentation is on (the toggle, else ``?meeting=1``)."""
    if MEETING_KEY not in st.session_state:
        st.session_state[MEETING_KEY] = st.query_params.get("meeting") == "1"
    return bool(st.session_state[MEETING_KEY])


def _remember_toggle() -> None:
    st.session_state[MEETING_KEY] = st.session_state[TOGGLE_KEY]


def sidebar_toggle() -> bool:
    """The «会议模式» toggle in the sidebar (its choice kept across pages, also those
    without it, and mirrored in the address); whether it is on."""
    st.session_state[TOGGLE_KEY] = active()
    on = st.sidebar.toggle("会议模式", key=TOGGLE_KEY, on_change=_remember_toggle,
                           help="大字号、每一行完整显示、标题栏写明单位、年度、规则和数据截至日期，供主席会议投影")
    if on:
        st.query_params["meeting"] = "1"
    else:
        st.query_params.pop("meeting", None)
    return on


def unit_name() -> str:
    return st.session_state.get(BODY_KEY) or DEFAULT_BODY


def cutoff_text(store) -> str:
    """'数据截至 2026年3月1日' (the last import), or that nothing is imported."""
    last = queries.last_import(store)
    return f"数据截至 {day_text(last)}" if last else "尚未导入数据"


def title_bar_html(unit: str, year: int | str, rules: Rules, cutoff: str, page: str) -> str:
    """The bar's lines; ``year`` a year (2025 → «2025年度») or a period as written (a term)."""
    period = f"{year}年度" if isinstance(year, int) else escape(year)
    parts = [f"<h1>{escape(unit)} {period}{escape(page)}</h1>",
             f"计分规则：{escape(rules.name)}（{escape(rule_version_label(rules.version))}）", escape(cutoff)]
    return '<div class="meeting-title">' + "".join(f"<span>{p}</span>" for p in parts) + "</div>"


def page_head(store, year: int | str, rules: Rules, page: str) -> bool:
    """The «会议模式» toggle; in meeting mode the larger type and the title bar (unit,
    year, rule set, cut-off; it is the page's heading), and True; otherwise False."""
    if not sidebar_toggle():
        return False
    st.html(MEETING_CSS + title_bar_html(unit_name(), year, rules, cutoff_text(store), page))
    return True


def fitted_height(rows: int) -> int:
    """A grid height that shows ``rows`` rows and the header without an inner scroll."""
    return HEADER_PX + max(rows, 1) * ROW_PX + BORDER_PX


def page_count(rows: int, size: int = PAGE_ROWS) -> int:
    return max(1, math.ceil(rows / size))


def page_of(frame: pd.DataFrame, number: int, size: int = PAGE_ROWS) -> pd.DataFrame:
    """Rows of page ``number`` (1-based, clipped to the pages there are)."""
    number = min(max(1, number), page_count(len(frame), size))
    return frame.iloc[(number - 1) * size: number * size]


def profile_query() -> str:
    """What a 档案 link carries besides the member: the year and meeting mode (worked out
    once per table: the year needs the database)."""
    return f"&{state.YEAR_PARAM}={state.year()}" + ("&meeting=1" if active() else "")


def profile_url(member_id: str, query: str) -> str:
    """The address of a member's 档案, relative to the page, with ``profile_query()``."""
    return f"profile?member={quote(str(member_id), safe='')}{query}"


def _page_number(rows: int, key: str) -> int:
    """Chinese page controls above a paged table; the chosen page number."""
    pages = page_count(rows)
    if st.session_state.get(key, 1) > pages:
        st.session_state[key] = 1
    left, right = st.columns([1, 4], vertical_alignment="bottom")
    number = int(left.number_input(f"页码（共 {pages} 页）", min_value=1, max_value=pages, step=1, key=key))
    right.markdown(f"第 {number} / {pages} 页：第 {(number - 1) * PAGE_ROWS + 1}–"
                   f"{min(rows, number * PAGE_ROWS)} 行，共 {rows} 行")
    return number


def _cell_html(value: object, fmt: str | None) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "<td>—</td>"
    if isinstance(value, Number) and not isinstance(value, bool):
        return f'<td class="num">{format(value, fmt) if fmt else value}</td>'
    text = str(value)
    if len(text) > WRAP_CHARS:
        return f'<td class="wrap">{escape(text)}</td>'
    head, bracket, rest = text.partition("（")
    if len(text) > BREAK_CHARS and head and bracket:
        return f"<td>{escape(head)}<br>{escape(bracket + rest)}</td>"
    return f"<td>{escape(text)}</td>"


def table_html(frame: pd.DataFrame, member_ids: pd.Series | None = None,
               formats: dict[str, str] | None = None) -> str:
    """An HTML table of every row of ``frame``: text escaped, missing values «—», the
    names linking to the members' 档案 when ``member_ids`` (aligned by position) is given."""
    formats = formats or {}
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    ids = list(member_ids) if member_ids is not None else [None] * len(frame)
    query = profile_query() if member_ids is not None else ""
    rows = []
    for member_id, record in zip(ids, frame.itertuples(index=False)):
        cells = []
        for column, value in zip(frame.columns, record):
            if column == NAME_COLUMN and member_id is not None and not str(member_id).startswith(HIDDEN_PREFIX):
                cells.append(f'<td><a href="{escape(profile_url(member_id, query))}" target="_self">'
                             f"{escape(str(value))}</a></td>")
            else:
                cells.append(_cell_html(value, formats.get(column)))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="meeting-wrap"><table class="meeting-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def name_link(member_id: str, name: str, hidden: bool, query: str) -> str:
    """A name as ``NAME_LINK`` shows it: the 档案 address, '#', the name; a hidden row
    (another group's member, for a 组长) links nowhere but its own page."""
    return f"#{name}" if hidden else f"{profile_url(member_id, query)}#{name}"


def linked_names(frame: pd.DataFrame, member_ids: pd.Series) -> pd.DataFrame:
    """The frame with each name replaced by its ``name_link``."""
    out = frame.copy()
    hidden = is_hidden_id(pd.Series(list(member_ids)))
    query = profile_query()
    out[NAME_COLUMN] = [name_link(i, n, h, query) for i, n, h in zip(member_ids, frame[NAME_COLUMN], hidden)]
    return out


NAME_LINK = st.column_config.LinkColumn(NAME_COLUMN, display_text=r"#(.*)$", help="点击打开该委员的档案")


def table(frame: pd.DataFrame, key: str, member_ids: pd.Series | None = None,
          formats: dict[str, str] | None = None, column_config: dict | None = None) -> None:
    """A table without an inner scroll box, names linking to 档案 when ``member_ids`` is
    given (a name column pinned in ``column_config`` stays pinned). In meeting mode a
    large-type HTML table, paged by ``PAGE_ROWS`` rows with Chinese page controls;
    otherwise ``st.dataframe`` fitted to its rows (a long one to ``NORMAL_MAX_ROWS`` rows,
    scrolled inside)."""
    if active():
        shown, ids = frame, member_ids
        if len(frame) > PAGE_ROWS:
            number = _page_number(len(frame), f"{key}_page")
            shown = page_of(frame, number)
            ids = None if member_ids is None else page_of(member_ids.to_frame(), number).iloc[:, 0]
        st.html(table_html(shown, ids, formats))
        return
    config = dict(column_config or {})
    if member_ids is not None and NAME_COLUMN in frame.columns:
        pinned = (config.get(NAME_COLUMN) or {}).get("pinned")
        frame = linked_names(frame, member_ids)
        config[NAME_COLUMN] = {**NAME_LINK, "pinned": True} if pinned else NAME_LINK
    tables.table(frame, hide_index=True, width="stretch", key=key, column_config=config,
                 height=fitted_height(min(len(frame), NORMAL_MAX_ROWS)))


def download_list(frame: pd.DataFrame, sheet: str, title: str, notes: list[str], file_name: str,
                  key: str, number_formats: dict[str, str] | None = None) -> None:
    """«下载当前名单（Excel）»: the list as shown (every filtered row), its title and notes
    (filters, count, cut-off) above it; the export is recorded in the audit log."""
    st.download_button(
        "下载当前名单（Excel）", key=key, file_name=file_name, icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        data=state.audited_download(file_name, lambda: xlsx_out.listing_bytes(
            sheet, frame, title, tuple(notes), number_formats)))
