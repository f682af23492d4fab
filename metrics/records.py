"""已导入数据 as the office reads it: coded values in words (from the one label table),
dates as 2025年3月5日, yes/no as 是/否, Chinese column names."""
from __future__ import annotations

from datetime import date

import pandas as pd

from data import queries
from data.store import Store
from metrics.labels import CATEGORY_LABELS, ITEM_LABELS, STATUS_LABELS, day_text

# Coded columns of the record tables: code -> words.
VALUE_LABELS: dict[str, dict[str, str]] = {
    "category": CATEGORY_LABELS,
    "status": STATUS_LABELS,
    "layout": {"long": "名单（一人一行）", "matrix": "矩阵（一人一行、一活动一列）"},
    "role": {"lead": "第一提案人", "cosign": "联名/附议"},
    "duty_group": {"writing": ITEM_LABELS["other.writing"], "public_service": ITEM_LABELS["other.public_service"],
                   "commendation": "表彰"},
}
YES_NO = {True: "是", False: "否"}
SHOWN_LIMIT = 5000


def date_text(value) -> str | None:
    """2025年3月5日 (a time of day is never stored on a record date)."""
    if value is None or pd.isna(value):
        return None
    return day_text(value) if isinstance(value, date) else str(value)


def _shown_column(column: pd.Series, name: str) -> pd.Series:
    if name in VALUE_LABELS:
        labels = VALUE_LABELS[name]
        return column.map(lambda v: labels.get(v, v) if isinstance(v, str) else v)
    if pd.api.types.is_bool_dtype(column):
        return column.map(YES_NO.get)
    if pd.api.types.is_datetime64_any_dtype(column):
        return column.map(date_text)
    return column


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """Records in words, with the pages' column names."""
    out = pd.DataFrame({name: _shown_column(frame[name], name) for name in frame.columns}, index=frame.index)
    return out.rename(columns=queries.COLUMN_LABELS)


def shown_records(store: Store, table: str, year: int | None, source_file: str | None = None) -> pd.DataFrame:
    """The records of ``table`` of ``year`` (all for the roster), of one file when given,
    as the page shows them (the first ``SHOWN_LIMIT`` in import order)."""
    return readable(queries.current_records(store, table, year, SHOWN_LIMIT, source_file))


def scope_text(table: str, year: int | None, count: int, source_file: str | None = None) -> str:
    """What the table shows: which year, which file, how many, and whether it is cut short."""
    label = queries.TABLE_LABELS[table]
    where = f"{year}年度的{label}" if year is not None and queries.has_year(table) else f"{label}（名册不分年度）"
    if source_file is not None:
        where += f"（来自 {source_file}）"
    text = f"{where}，共 {count:,} 条"
    if count > SHOWN_LIMIT:
        text += f"；表中按导入顺序显示前 {SHOWN_LIMIT:,} 条，请选择来源文件缩小范围"
    return text + "。"
