"""Tables on the pages, all through one helper: Streamlit's English toolbar and column
menu are hidden (``ui.i18n.chinese_tables``), a missing value shows as «—», an empty table
is a short Chinese note, date-time columns read «2026年12月1日 18:03», and a table worth it
gets a Chinese search box and «下载 Excel» / «下载 CSV» buttons of the rows shown."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from data.xlsx_out import workbook_bytes
from metrics.labels import day_text, time_text
from metrics.score_csv import csv_text

MISSING = "—"
SEARCH_LABEL = "搜索"
SEARCH_HINT = "输入文字，只显示含有它的行"


def table(frame: pd.DataFrame, note: str | None = None, *, search_key: str | None = None,
          download_name: str | None = None, **dataframe_args) -> None:
    """``frame`` as a table (``note`` instead when it has no rows and a note is given):
    with a search box when ``search_key`` is given and download buttons of the rows shown
    when ``download_name`` (a file name without extension) is given."""
    if frame.empty and note is not None:
        st.caption(note)
        return
    frame = with_moments_in_words(frame)
    shown = rows_matching(frame, search_box(search_key)) if search_key else frame
    dataframe_args.setdefault("hide_index", True)
    dataframe_args.setdefault("width", "stretch")
    st.dataframe(shown, placeholder=MISSING, **dataframe_args)
    if download_name and not shown.empty:
        download_buttons(shown, download_name, search_key or download_name)


def moments_in_words(column: pd.Series) -> pd.Series:
    """A date-time column as the office writes it: «2026年12月1日 18:03», or «2026年12月1日»
    when every value falls at midnight (a column of days); None where there is none."""
    days = column.dropna()
    words = day_text if (days == days.dt.normalize()).all() else time_text
    return column.map(lambda moment: words(moment) or None).astype(object)


def with_moments_in_words(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each date-time column in words (``moments_in_words``)."""
    moments = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    if not moments:
        return frame
    out = frame.copy()
    for column in moments:
        out[column] = moments_in_words(frame[column])
    return out


def table_or_note(frame: pd.DataFrame, note: str, **table_args) -> None:
    """``table`` of ``frame``, or ``note`` when it has no rows."""
    table(frame, note, **table_args)


def editor(frame: pd.DataFrame, **editor_args) -> pd.DataFrame:
    """``st.data_editor`` of ``frame`` with missing values shown as «—»; the edited frame."""
    editor_args.setdefault("hide_index", True)
    editor_args.setdefault("width", "stretch")
    return st.data_editor(frame, placeholder=MISSING, **editor_args)


def search_box(key: str) -> str:
    """The words typed in the table's search box, stripped."""
    return st.text_input(SEARCH_LABEL, key=key, placeholder=SEARCH_HINT).strip()


def rows_matching(frame: pd.DataFrame, words: str) -> pd.DataFrame:
    """The rows of ``frame`` one of whose cells contains ``words`` (any case); all rows
    when ``words`` is empty."""
    if not words or frame.empty:
        return frame
    cells = frame.astype("string").fillna("")
    found = cells.apply(lambda column: column.str.contains(words, case=False, regex=False)).any(axis=1)
    return frame[found]


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as a CSV that Excel and WPS open in Chinese (UTF-8 with a byte-order
    mark); text that would start a formula gets a leading apostrophe."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(csv_text)
    return safe.to_csv(index=False).encode("utf-8-sig")


def download_buttons(frame: pd.DataFrame, name: str, key: str) -> None:
    """«下载 Excel» and «下载 CSV» of ``frame`` as ``name``.xlsx / ``name``.csv."""
    left, right, _ = st.columns([1, 1, 4])
    left.download_button("下载 Excel", workbook_bytes({name: frame}), f"{name}.xlsx", key=f"{key}_xlsx",
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    right.download_button("下载 CSV", csv_bytes(frame), f"{name}.csv", key=f"{key}_csv", mime="text/csv")
