"""Excel export: tables (already with Chinese headers) → one formatted .xlsx in memory.

Each table is a sheet: an optional title row, a bold frozen header row with a filter,
column widths fitted to the content (a CJK character counts as two), dates as dates,
numbers as numbers, and every text written as text — a cell starting with = + - @ is
never taken for a formula (nor any text for a URL).
"""
from __future__ import annotations

import io
import math
import re
import unicodedata
from datetime import date, datetime

import numpy as np
import pandas as pd
import xlsxwriter

MIN_WIDTH = 4
MAX_WIDTH = 60
SHEET_NAME_MAX = 31
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def text_width(value: object) -> int:
    """Display width of a value's text: East Asian wide/full-width characters count 2."""
    text = str(value)
    longest = max(text.split("\n"), key=len) if text else ""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def sheet_names(names: list[str]) -> list[str]:
    """Valid, unique worksheet names: no []:*?/\\, at most 31 characters, never blank."""
    out: list[str] = []
    for i, name in enumerate(names, start=1):
        base = _BAD_SHEET_CHARS.sub("_", str(name)).strip("'").strip() or f"Sheet{i}"
        base, candidate, n = base[:SHEET_NAME_MAX], base[:SHEET_NAME_MAX], 2
        while candidate.lower() in {o.lower() for o in out}:
            suffix = f"({n})"
            candidate, n = base[:SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
        out.append(candidate)
    return out


def _is_blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def cell_text(value: object) -> str:
    """What a cell shows (amounts with two decimals), for widths and wrapping."""
    if _is_blank(value):
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (datetime, date)):
        return "0000-00-00"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


class _Writer:
    """One workbook's formats and the cell writer."""

    def __init__(self, book: xlsxwriter.Workbook):
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                                       "text_wrap": True, "valign": "vcenter"})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.number = book.add_format({"num_format": "0.##"})
        self.note = book.add_format({"font_color": "#444444"})
        self.book = book
        self._formats: dict[str, object] = {}

    def number_format(self, pattern: str):
        """A cell format of one number pattern ('0.00'), made once per workbook."""
        if pattern not in self._formats:
            self._formats[pattern] = self.book.add_format({"num_format": pattern})
        return self._formats[pattern]

    def cell(self, ws, row: int, col: int, value: object, number_format=None) -> None:
        if isinstance(value, np.generic):
            value = pd.Timestamp(value) if isinstance(value, np.datetime64) else value.item()
        if _is_blank(value):
            return
        if isinstance(value, bool):
            ws.write_string(row, col, "是" if value else "否")
        elif isinstance(value, (int, float)):
            if math.isfinite(value):
                ws.write_number(row, col, value, number_format or
                                (self.number if isinstance(value, float) else None))
        elif isinstance(value, (datetime, date)):
            moment = value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
            if isinstance(moment, datetime) and moment.tzinfo is not None:
                moment = moment.replace(tzinfo=None)
            ws.write_datetime(row, col, moment, self.date)
        else:
            ws.write_string(row, col, str(value))


def _write_sheet(book: xlsxwriter.Workbook, w: _Writer, name: str, frame: pd.DataFrame,
                 title: str | None, notes: tuple[str, ...] = (),
                 number_formats: dict[str, str] | None = None) -> None:
    ws = book.add_worksheet(name)
    top = 0
    if title:
        ws.write_string(0, 0, title, w.title)
        for i, note in enumerate(notes, start=1):
            ws.write_string(i, 0, note, w.note)
        top = 2 + len(notes)
    columns = [str(c) for c in frame.columns]
    formats = [w.number_format(p) if p else None for p in map((number_formats or {}).get, columns)]
    for j, col in enumerate(columns):
        ws.write_string(top, j, col, w.header)
    values = frame.to_numpy(dtype=object)
    for i, row in enumerate(values, start=top + 1):
        for j, value in enumerate(row):
            w.cell(ws, i, j, value, formats[j])
    for j, col in enumerate(columns):
        widest = max([text_width(col)] + [text_width(cell_text(v)) for v in values[:, j]])
        ws.set_column(j, j, min(MAX_WIDTH, max(MIN_WIDTH, widest + 2)))
    ws.freeze_panes(top + 1, 0)
    if columns:
        ws.autofilter(top, 0, top + len(values), len(columns) - 1)


def _text_safe_book(buffer: io.BytesIO) -> xlsxwriter.Workbook:
    """A workbook in memory that writes every text as text (no formulas, URLs, numbers)."""
    return xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})


def workbook_bytes(sheets: dict[str, pd.DataFrame], title: str | None = None) -> bytes:
    """An .xlsx holding one sheet per table (in the given order), each under ``title``
    when given; the tables' column names are the headers, their index is not written."""
    buffer = io.BytesIO()
    book = _text_safe_book(buffer)
    writer = _Writer(book)
    names = sheet_names(list(sheets))
    for name, frame in zip(names, sheets.values()):
        _write_sheet(book, writer, name, frame, title)
    if not sheets:
        book.add_worksheet("Sheet1")
    book.close()
    return buffer.getvalue()


def listing_bytes(name: str, frame: pd.DataFrame, title: str, notes: tuple[str, ...] = (),
                  number_formats: dict[str, str] | None = None) -> bytes:
    """An .xlsx of one list as a page shows it: the title in row 1, each note (the filters,
    the count, the data cut-off) in a row under it, then the table with its header;
    ``number_formats`` gives Excel number patterns by column header ('0.00')."""
    buffer = io.BytesIO()
    book = _text_safe_book(buffer)
    _write_sheet(book, _Writer(book), sheet_names([name])[0], frame, title, tuple(notes), number_formats)
    book.close()
    return buffer.getvalue()
