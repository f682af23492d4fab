"""Print-ready workbooks: sheets described as blocks (tables, label–value grids, text,
signature boxes) → one .xlsx written with XlsxWriter, laid out for A4.

What every sheet gets:
- a title row and a subtitle row; A4, landscape or portrait, fitted to one page wide;
  page numbers, the 制表日期 and the issuing body in the footer;
- column widths fitted to the text (a CJK character counts as two, ``xlsx_out.text_width``),
  long text wrapped, and every row's height set from its wrapped lines;
- when the sheet starts with a table: its header frozen and repeated on every page;
- page breaks placed here, not left to the spreadsheet: rows fill pages of the printable
  height at the fit-to-width scale (with a margin for fonts that differ between
  viewers); a caption or a table header never ends a page; a table that goes on over a
  break shows its header again; ``SheetLayout.pages`` is how many pages a sheet prints on;
- numbers as numbers (amounts with two decimals), dates as dates, and every text
  written with ``write_string`` — a value starting with = + - @ stays text — in a
  workbook opened with strings_to_formulas / strings_to_urls / strings_to_numbers off;
- emphasis styles that differ in greyscale too (``STYLES``): fills of different
  lightness plus bold, italic or a dotted pattern.

Tables come as DataFrames whose column names are the headers; a two-level
``pd.MultiIndex`` gives a grouped two-row header (an empty second level spans both
rows). This module knows nothing of scoring: the caller says which columns are
amounts, how cells are styled and which rows are totals.
"""
from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Hashable, Iterable, Mapping, Sequence, Union

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.worksheet import Worksheet

from data.xlsx_out import cell_text, sheet_names, text_width

# -- page geometry (points; A4 is 595.28 x 841.89) ----------------------------------------
PAPER_A4 = 9
A4_SHORT, A4_LONG = 595.28, 841.89
PAPERS = {"A4": (PAPER_A4, A4_SHORT, A4_LONG), "A3": (8, A4_LONG, 1190.55)}  # code, short, long
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.6, "bottom": 0.75}  # inches
HEADER_MARGIN, FOOTER_MARGIN = 0.3, 0.3
FOOTER_BODY_MAX = 60    # characters of the body's name in the footer (Excel allows 255 in all)
PAGE_FILL = 0.95        # share of a page's height rows may fill (fonts differ by viewer)
KEEP_TAIL = 3           # a table's last rows (its total) never start a page with fewer rows than this

# -- rows and columns -----------------------------------------------------------------------
LINE_HEIGHT = 15.0      # points per line of 11-point text
DEFAULT_FONT_SIZE = 11.0
TITLE_HEIGHT = 26.0
SUBTITLE_HEIGHT = 18.0
CAPTION_HEIGHT = 20.0
GAP_HEIGHT = 8.0
MONO_LINE_HEIGHT = 12.0
MIN_WIDTH, MAX_WIDTH = 3.5, 40.0
PADDING = 1.5           # characters added to the widest value of a column
AMOUNT_FORMAT = "0.00"
INTEGER_FORMAT = "0"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'

# Emphasis that survives black-and-white printing: lightness, weight and pattern differ.
STYLES: dict[str, dict] = {
    "best": {"bold": True, "bg_color": "#C6E0B4"},                      # light green, bold
    "good": {"bg_color": "#DDEBF7"},                                     # pale blue
    "plain": {},
    "worst": {"bold": True, "italic": True, "pattern": 4,               # dotted grey over pink,
              "fg_color": "#BFBFBF", "bg_color": "#F8CBAD"},             # bold italic
    "alert": {"bold": True, "font_color": "#9C0006"},                  # dark red, bold
}
_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


# -- what a sheet is made of ----------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Table:
    """A table under a header. ``amounts``: columns shown with two decimals; ``formats``:
    other number formats by column; ``wrap``: columns whose text wraps, with their width
    limit (characters); ``styles``: per column, one ``STYLES`` key (or None) per row;
    ``bold_rows``: row positions written bold over a thick line (totals); ``spans``: grid
    columns each column covers (merged), when another block sets the sheet's grid;
    ``header_lines``: lines a header label may wrap to when fitting widths; ``empty``:
    the line shown when there are no rows; ``font_size``: the body's type size when not
    the default 11 points (smaller type holds more per line and per page)."""

    frame: pd.DataFrame
    caption: str | None = None
    amounts: Sequence[Hashable] = ()
    formats: Mapping[Hashable, str] = field(default_factory=dict)
    wrap: Mapping[Hashable, float] = field(default_factory=dict)
    styles: Mapping[Hashable, Sequence[str | None]] = field(default_factory=dict)
    bold_rows: Sequence[int] = ()
    spans: Sequence[int] | None = None
    header_lines: int = 1
    empty: str = "（无）"
    font_size: float | None = None


@dataclass(frozen=True)
class Pairs:
    """Label–value pairs, ``per_row`` side by side, each "label：value" (label bold)."""

    pairs: Sequence[tuple[str, str]]
    caption: str | None = None
    per_row: int = 3


@dataclass(frozen=True)
class Text:
    """Lines of text, one row each across the sheet (``mono``: a fixed-width font)."""

    lines: Sequence[str]
    caption: str | None = None
    mono: bool = False


@dataclass(frozen=True)
class Signatures:
    """Boxes side by side, each for a remark, a signature and a date (本人确认, 联络组意见…)."""

    labels: Sequence[str]
    caption: str | None = None
    lines: int = 5


Block = Union[Table, Pairs, Text, Signatures]


@dataclass(frozen=True)
class Sheet:
    """One printed sheet: title, subtitle, blocks top to bottom. ``widths`` fixes the
    column widths (characters) instead of fitting them to the text; ``freeze_columns``:
    columns kept in view beside the frozen header of a leading table; ``paper``: a
    ``PAPERS`` key; ``one_page``: printed fitted onto one page when its rows fill at most
    this many pages (0: never; else page by page as planned); ``footer_name``: text before the page number (whose
    sheet the page is)."""

    name: str
    title: str
    blocks: Sequence[Block]
    subtitle: str | None = None
    landscape: bool = True
    widths: Sequence[float] | None = None
    freeze_columns: int = 0
    paper: str = "A4"
    one_page: float = 0.0
    footer_name: str = ""


@dataclass(frozen=True)
class SheetLayout:
    """A written sheet: its (valid, unique) name, the header rows repeated on every page
    (first, last; None without a leading table), the rows that start a page, the page
    count, the print scale the page breaks were planned for, and whether the sheet is
    fitted onto one page (``Sheet.one_page``)."""

    name: str
    header_rows: tuple[int, int] | None
    breaks: tuple[int, ...]
    pages: int
    scale: float
    fitted: bool = False


# -- measuring -------------------------------------------------------------------------------------
def column_points(width: float) -> float:
    """Printed width in points of a column ``width`` characters wide (Excel: 7 pixels a
    character plus 5 pixels of padding, at 96 dpi)."""
    if width <= 0:
        return 0.0
    pixels = int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)
    return pixels * 0.75


def printable_area(landscape: bool, paper: str = "A4") -> tuple[float, float]:
    """(width, height) in points inside the margins of a page (``PAPERS``)."""
    _, short, long = PAPERS[paper]
    width, height = (long, short) if landscape else (short, long)
    return (width - 72 * (MARGINS["left"] + MARGINS["right"]),
            height - 72 * (MARGINS["top"] + MARGINS["bottom"]))


def fit_scale(widths: Sequence[float], landscape: bool, paper: str = "A4") -> float:
    """The scale fit-to-width prints at: at most 1, in whole percent as spreadsheets do."""
    total = sum(column_points(w) for w in widths)
    if total <= 0:
        return 1.0
    return max(10, min(100, math.floor(100 * printable_area(landscape, paper)[0] / total))) / 100


_char_width = lru_cache(maxsize=8192)(text_width)
_text_width = lru_cache(maxsize=65536)(text_width)


@lru_cache(maxsize=65536)
def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` characters wide (a CJK
    character counts 2; breaks anywhere, as CJK text does)."""
    room = max(1.0, width - 1.0)
    lines = 0
    for paragraph in str(text).split("\n"):
        used, count = 0, 1
        for ch in paragraph:
            w = _char_width(ch)
            if used + w > room and used > 0:
                count, used = count + 1, 0
            used += w
        lines += count
    return lines


def width_for_lines(texts: Iterable[object], lines: int, limit: float = MAX_WIDTH) -> float:
    """The narrowest width (characters, at most ``limit``) at which every text wraps
    into at most ``lines`` lines."""
    shown = [str(t) for t in texts if not _is_blank(t) and str(t)]
    if not shown:
        return MIN_WIDTH
    longest = max(shown, key=_text_width)
    width = max(MIN_WIDTH, math.ceil(_text_width(longest) / lines) + 1.0)
    while width < limit and any(wrapped_lines(t, width) > lines for t in shown):
        width += 0.5
    return min(width, limit)


def safe_file_name(text: str) -> str:
    """``text`` with the characters a file name may not hold (/ \\ : * ? " < > | and
    control characters) replaced by '_'; never empty, never starting with a dot."""
    cleaned = _UNSAFE_IN_FILE_NAMES.sub("_", str(text)).strip().lstrip(".")
    return cleaned or "_"


# -- values ------------------------------------------------------------------------------------------
def _is_blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _plain(value: object) -> object:
    """numpy scalars as Python values; blanks as None."""
    if isinstance(value, np.generic):
        value = pd.Timestamp(value) if isinstance(value, np.datetime64) else value.item()
    return None if _is_blank(value) else value


def _shown(value: object, num_format: str | None) -> str:
    """The text a cell shows, for widths and wrapping."""
    value = _plain(value)
    if isinstance(value, float) and not isinstance(value, bool) and num_format != AMOUNT_FORMAT:
        return f"{value:g}"
    if isinstance(value, (datetime, date)):
        return "0000年00月00日" if num_format is None or "y" in num_format else "00月00日"
    return cell_text(value)


def _num_format(table: Table, key: Hashable, value: object) -> str | None:
    if key in table.amounts:
        return AMOUNT_FORMAT
    if key in table.formats:
        return table.formats[key]
    value = _plain(value)
    if isinstance(value, (datetime, date)):
        return DATE_FORMAT
    return INTEGER_FORMAT if isinstance(value, int) and not isinstance(value, bool) else None


# -- formats ------------------------------------------------------------------------------------------
class _Formats:
    """The workbook's cell formats, one per combination, made on first use."""

    def __init__(self, book: xlsxwriter.Workbook):
        self.book = book
        self._made: dict[tuple, object] = {}

    def get(self, kind: str = "cell", *, num_format: str | None = None, wrap: bool = False,
            bold: bool = False, style: str | None = None, size: float | None = None):
        key = (kind, num_format, wrap, bold, style, size)
        if key not in self._made:
            self._made[key] = self.book.add_format(_format_properties(*key))
        return self._made[key]


_KIND_PROPERTIES: dict[str, dict] = {
    "cell": {"border": 1, "valign": "vcenter"},
    "header": {"border": 1, "valign": "vcenter", "bold": True, "bg_color": "#D9D9D9",
               "align": "center", "text_wrap": True},
    "label": {"border": 1, "valign": "vcenter", "text_wrap": True},
    "box": {"border": 1, "valign": "top", "text_wrap": True},
    "empty": {"border": 1, "valign": "vcenter", "align": "center", "italic": True},
    "title": {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"},
    "subtitle": {"font_size": 10, "align": "center", "valign": "vcenter", "font_color": "#404040",
                 "text_wrap": True},
    "caption": {"bold": True, "font_size": 12, "valign": "bottom"},
    "note": {"valign": "top", "text_wrap": True},
    "mono": {"font_name": "Courier New", "font_size": 9, "valign": "top", "text_wrap": True},
    "fragment_bold": {"bold": True},
}


def _format_properties(kind: str, num_format: str | None, wrap: bool, bold: bool,
                       style: str | None, size: float | None) -> dict:
    props = {"border_color": "#808080"} if "border" in _KIND_PROPERTIES[kind] else {}
    props.update(_KIND_PROPERTIES[kind])
    if num_format:
        props["num_format"] = num_format
    if wrap:
        props["text_wrap"] = True
    if bold:
        props.update(bold=True, top=2)
    props.update(STYLES.get(style or "", {}))
    if size:
        props["font_size"] = size
    return props


# -- the grid ------------------------------------------------------------------------------------------
def header_labels(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """(top, bottom) header text per column; bottom is '' for a one-level header or a
    column that spans both header rows."""
    if isinstance(frame.columns, pd.MultiIndex):
        return [(str(top), "" if _is_blank(bottom) else str(bottom))
                for top, bottom, *_ in frame.columns]
    return [(str(c), "") for c in frame.columns]


def _spans(table: Table) -> list[int]:
    return list(table.spans) if table.spans is not None else [1] * len(table.frame.columns)


def _wrapping(table: Table) -> dict[Hashable, float]:
    """Columns that wrap and their width limit: those named, and any with a value wider
    than ``MAX_WIDTH``."""
    out = dict(table.wrap)
    values = table.frame.to_numpy(dtype=object)
    for j, key in enumerate(table.frame.columns):
        if key not in out and any(_text_width(_shown(v, None)) > MAX_WIDTH for v in values[:, j]):
            out[key] = MAX_WIDTH
    return out


def _table_demands(table: Table) -> dict[int, float]:
    """Grid column -> the width (characters) a table asks for there (from its columns
    covering one grid column)."""
    demands: dict[int, float] = {}
    values = table.frame.to_numpy(dtype=object)
    wrapping = _wrapping(table)
    col = 0
    for j, ((top, bottom), key, span) in enumerate(zip(header_labels(table.frame), table.frame.columns,
                                                       _spans(table))):
        if span == 1:
            header = width_for_lines([bottom or top], table.header_lines)
            data = max((_text_width(_shown(v, _num_format(table, key, v))) for v in values[:, j]),
                       default=0) + PADDING
            demands[col] = max(MIN_WIDTH, header, min(data, wrapping.get(key, MAX_WIDTH)))
        col += span
    return demands


def _grid_size(sheet: Sheet) -> int:
    counts = [sum(_spans(b)) for b in sheet.blocks if isinstance(b, Table)]
    if sheet.widths is not None:
        counts.append(len(sheet.widths))
    return max(counts, default=1)


def grid_widths(sheet: Sheet) -> list[float]:
    """The sheet's column widths (characters): ``sheet.widths``, else per column the widest
    any table asks for."""
    n = _grid_size(sheet)
    if sheet.widths is not None:
        return [float(w) for w in sheet.widths] + [2 * MIN_WIDTH] * (n - len(sheet.widths))
    widths = [MIN_WIDTH] * n
    for table in (b for b in sheet.blocks if isinstance(b, Table)):
        for col, want in _table_demands(table).items():
            widths[col] = max(widths[col], want)
    return widths


def split_columns(widths: Sequence[float], parts: int) -> list[tuple[int, int]]:
    """The grid cut into ``parts`` runs of adjacent columns (first, last), each cut at the
    column edge nearest to an equal share of the total width."""
    parts = max(1, min(parts, len(widths)))
    edges = list(np.cumsum(widths))
    total, cuts = edges[-1], []
    for k in range(1, parts):
        low = cuts[-1] + 1 if cuts else 0
        high = len(widths) - 1 - (parts - k)   # leave a column for each run still to come
        cuts.append(min(range(low, high + 1), key=lambda i: abs(edges[i] - total * k / parts)))
    firsts = [0] + [c + 1 for c in cuts]
    lasts = cuts + [len(widths) - 1]
    return list(zip(firsts, lasts))


# -- pages ---------------------------------------------------------------------------------------------
class _Pages:
    """Rows placed on pages as they are written: ``fits`` asks whether rows of some
    height still fit on the current page, ``new_page`` breaks before a row."""

    def __init__(self, page_height: float):
        self.page_height = page_height
        self.repeated = 0.0          # the leading table's header, repeated on later pages
        self.used = 0.0
        self.breaks: list[int] = []

    @property
    def room(self) -> float:
        return self.page_height - (self.repeated if self.breaks else 0.0) - self.used

    def fits(self, height: float) -> bool:
        return height <= self.room or self.used == 0

    def new_page(self, row: int) -> None:
        self.breaks.append(row)
        self.used = 0.0

    def take(self, height: float) -> None:
        self.used += height


# -- writing one sheet -------------------------------------------------------------------------------------
class _SheetWriter:
    """Writes one sheet; ``stretch`` > 1 plans one page that tall (shrunk when printed)."""

    def __init__(self, book: xlsxwriter.Workbook, fmt: _Formats, sheet: Sheet, name: str,
                 stretch: float = 1.0):
        self.sheet, self.fmt = sheet, fmt
        self.ws: Worksheet = book.add_worksheet(name)
        self.widths = grid_widths(sheet)
        self.scale = fit_scale(self.widths, sheet.landscape, sheet.paper)
        self.fitted = stretch > 1
        self.pages = _Pages(printable_area(sheet.landscape, sheet.paper)[1] / self.scale * PAGE_FILL * stretch)
        self.row = 0
        self.header_rows: tuple[int, int] | None = None

    # rows and cells
    def _add_row(self, height: float) -> int:
        self.ws.set_row(self.row, height)
        self.pages.take(height)
        self.row += 1
        return self.row - 1

    def _keep(self, height: float) -> bool:
        """Break the page unless ``height`` more fits; True when it broke."""
        if self.pages.fits(height):
            return False
        self.pages.new_page(self.row)
        return True

    def _put(self, row: int, first: int, last: int, text: str, cell_format) -> None:
        if last > first:
            self.ws.merge_range(row, first, row, last, "", cell_format)
        self.ws.write_string(row, first, text, cell_format)

    def _span_width(self, first: int, last: int) -> float:
        return sum(self.widths[first:last + 1]) + 0.7 * (last - first)

    @property
    def _last_col(self) -> int:
        return len(self.widths) - 1

    def _line(self, text: str, kind: str, height: float) -> None:
        self._put(self._add_row(height), 0, self._last_col, text, self.fmt.get(kind))

    # the sheet
    def write(self) -> SheetLayout:
        self._line(self.sheet.title, "title", TITLE_HEIGHT)
        if self.sheet.subtitle:
            # 10-point text: about 0.9 of a column character
            lines = wrapped_lines(self.sheet.subtitle, self._span_width(0, self._last_col) / 0.9)
            self._line(self.sheet.subtitle, "subtitle", SUBTITLE_HEIGHT + (lines - 1) * 13)
        for i, block in enumerate(self.sheet.blocks):
            if i and self.pages.used:
                self._add_row(GAP_HEIGHT)
            if isinstance(block, Table):
                self._table(block, leading=i == 0)
            elif isinstance(block, Pairs):
                self._pairs(block)
            elif isinstance(block, Text):
                self._text(block)
            else:
                self._signatures(block)
        for j, w in enumerate(self.widths):
            self.ws.set_column(j, j, w)
        return SheetLayout(self.ws.name, self.header_rows, tuple(self.pages.breaks),
                           len(self.pages.breaks) + 1, self.scale, self.fitted)

    def _caption(self, block: Block, first_rows: float) -> None:
        """The caption (if any), on the page where the block's first rows fit too."""
        height = (CAPTION_HEIGHT if block.caption else 0.0) + first_rows
        self._keep(height)
        if block.caption:
            self._line(block.caption, "caption", CAPTION_HEIGHT)

    # tables
    def _table(self, table: Table, leading: bool) -> None:
        spans = _spans(table)
        starts = [int(s) for s in np.cumsum([0] + spans[:-1])]
        widths = [self._span_width(s, s + n - 1) for s, n in zip(starts, spans)]
        header = self._header_heights(table, starts, spans, widths)
        wrapping = _wrapping(table)
        wraps = [key in wrapping for key in table.frame.columns]
        rows = self._body_rows(table, widths, wraps)
        self._caption(table, sum(header) + (rows[0][1] if rows else LINE_HEIGHT + 2))
        first = self._header(table, starts, spans, header)
        if leading and not self.pages.breaks:
            self.header_rows = (first, self.row - 1)
            self.pages.repeated = sum(header)
        if not rows:
            self._put(self._add_row(LINE_HEIGHT + 2), 0, sum(spans) - 1, table.empty,
                      self.fmt.get("empty"))
            return
        heights = [height for _, height, _ in rows]
        for i, (values, height, formats) in enumerate(rows):
            # the last rows (a total) go over a break together, never one alone
            need = sum(heights[i:]) if len(rows) - i <= KEEP_TAIL else height
            if self._keep(need) and not (leading and self.header_rows):
                self._header(table, starts, spans, header)  # the header again on the new page
            self._body_row(table, i, starts, spans, values, formats, wraps, height)

    def _header_heights(self, table, starts, spans, widths) -> list[float]:
        """Heights of the header rows: one row, or a group row over a label row (a label
        without a group spans both rows and may need their combined height)."""
        labels = header_labels(table.frame)
        if not isinstance(table.frame.columns, pd.MultiIndex):
            return [LINE_HEIGHT * max((wrapped_lines(top, w) for (top, _), w in zip(labels, widths)),
                                      default=1) + 3]
        groups = max((wrapped_lines(top, self._span_width(a, b))
                      for top, a, b in self._groups(labels, starts, spans)), default=1)
        bottoms = max((wrapped_lines(bottom, w) for (_, bottom), w in zip(labels, widths) if bottom),
                      default=1)
        spanning = max((wrapped_lines(top, w) for (top, bottom), w in zip(labels, widths) if not bottom),
                       default=1)
        heights = [LINE_HEIGHT * groups + 3, LINE_HEIGHT * bottoms + 3]
        heights[1] = max(heights[1], LINE_HEIGHT * spanning + 6 - heights[0])
        return heights

    @staticmethod
    def _groups(labels, starts, spans):
        """(top label, first, last grid column) of each run of grouped columns."""
        j = 0
        while j < len(labels):
            top, bottom = labels[j]
            k = j
            while bottom and k + 1 < len(labels) and labels[k + 1][0] == top and labels[k + 1][1]:
                k += 1
            if bottom:
                yield top, starts[j], starts[k] + spans[k] - 1
            j = k + 1

    def _header(self, table: Table, starts, spans, heights) -> int:
        first = self.row
        for h in heights:
            self._add_row(h)
        head = self.fmt.get("header")
        labels = header_labels(table.frame)
        if len(heights) == 1:
            for (top, _), s, n in zip(labels, starts, spans):
                self._put(first, s, s + n - 1, top, head)
            return first
        for (top, bottom), s, n in zip(labels, starts, spans):
            if bottom:
                self._put(first + 1, s, s + n - 1, bottom, head)
            else:
                self.ws.merge_range(first, s, first + 1, s + n - 1, "", head)
                self.ws.write_string(first, s, top, head)
        for top, a, b in self._groups(labels, starts, spans):
            self._put(first, a, b, top, head)
        return first

    @staticmethod
    def _body_rows(table: Table, widths: list[float], wraps: list[bool]) -> list[tuple[list, float, list]]:
        """Per row: the values, the height (from wrapped lines) and the number formats."""
        keys = list(table.frame.columns)
        size = (table.font_size or DEFAULT_FONT_SIZE) / DEFAULT_FONT_SIZE
        rows = []
        for values in table.frame.to_numpy(dtype=object):
            formats = [_num_format(table, k, v) for k, v in zip(keys, values)]
            lines = max((wrapped_lines(_shown(v, f), w / size) for v, f, w, wrap
                         in zip(values, formats, widths, wraps) if wrap), default=1)
            rows.append((list(values), LINE_HEIGHT * size * lines + (2 if lines > 1 else 0), formats))
        return rows

    def _body_row(self, table: Table, i: int, starts, spans, values, formats, wraps, height) -> None:
        row = self._add_row(height)
        bold = i in table.bold_rows
        for j, (key, value) in enumerate(zip(table.frame.columns, values)):
            styles = table.styles.get(key)
            cell_format = self.fmt.get(num_format=formats[j], wrap=wraps[j], bold=bold,
                                       style=styles[i] if styles is not None else None,
                                       size=table.font_size)
            self._cell(row, starts[j], starts[j] + spans[j] - 1, value, cell_format)

    def _cell(self, row: int, first: int, last: int, value: object, cell_format) -> None:
        value = _plain(value)
        if last > first:
            self.ws.merge_range(row, first, row, last, "", cell_format)
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            self.ws.write_blank(row, first, None, cell_format)
        elif isinstance(value, bool):
            self.ws.write_string(row, first, "是" if value else "否", cell_format)
        elif isinstance(value, (int, float)):
            self.ws.write_number(row, first, value, cell_format)
        elif isinstance(value, (datetime, date)):
            moment = value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
            if isinstance(moment, datetime) and moment.tzinfo is not None:
                moment = moment.replace(tzinfo=None)
            self.ws.write_datetime(row, first, moment, cell_format)
        else:
            self.ws.write_string(row, first, str(value), cell_format)

    # other blocks
    def _pairs(self, block: Pairs) -> None:
        runs = split_columns(self.widths, block.per_row)
        cell, bold = self.fmt.get("label"), self.fmt.get("fragment_bold")
        chunks = [list(block.pairs[i:i + len(runs)]) for i in range(0, len(block.pairs), len(runs))]
        heights = [LINE_HEIGHT * max(wrapped_lines(f"{k}：{v}", self._span_width(a, b))
                                     for (k, v), (a, b) in zip(chunk, runs)) + 4
                   for chunk in chunks]
        self._caption(block, heights[0] if heights else 0.0)
        for chunk, height in zip(chunks, heights):
            self._keep(height)
            row = self._add_row(height)
            for n, (a, b) in enumerate(runs):
                if b > a:
                    self.ws.merge_range(row, a, row, b, "", cell)
                if n < len(chunk):
                    label, value = chunk[n]
                    self.ws.write_rich_string(row, a, bold, f"{label}：", str(value) or "—", cell)
                else:
                    self.ws.write_blank(row, a, None, cell)

    def _text(self, block: Text) -> None:
        kind = "mono" if block.mono else "note"
        line_height = MONO_LINE_HEIGHT if block.mono else LINE_HEIGHT
        # a 9-point fixed-width character is about 0.8 of a column character
        width = self._span_width(0, self._last_col) / (0.8 if block.mono else 1.0)
        heights = [line_height * wrapped_lines(line, width) + 1 for line in block.lines]
        self._caption(block, heights[0] if heights else 0.0)
        for line, height in zip(block.lines, heights):
            self._keep(height)
            self._put(self._add_row(height), 0, self._last_col, line, self.fmt.get(kind))

    def _signatures(self, block: Signatures) -> None:
        height = LINE_HEIGHT * (block.lines + 3)
        self._caption(block, height)
        row = self._add_row(height)
        blank = "\n" * block.lines
        for label, (a, b) in zip(block.labels, split_columns(self.widths, len(block.labels))):
            self._put(row, a, b, f"{label}：{blank}签字：\n日期：　　　　年　　月　　日", self.fmt.get("box"))

    # print settings
    def print_setup(self, footer: str, layout: SheetLayout) -> None:
        """Paper, fit, margins, the footer (pages numbered from 1 on each sheet, the
        sheet's own page count written out: '共 &N 页' would count the whole workbook)."""
        ws = self.ws
        ws.set_paper(PAPERS[self.sheet.paper][0])
        if self.sheet.landscape:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.fit_to_pages(1, 1 if layout.fitted else 0)
        ws.set_margins(**MARGINS)
        ws.center_horizontally()
        ws.set_start_page(1)
        ws.set_header("", {"margin": HEADER_MARGIN})
        ws.set_footer(footer.replace(PAGES_FIELD, str(layout.pages)), {"margin": FOOTER_MARGIN})

        ws.print_area(0, 0, max(self.row - 1, 0), self._last_col)
        if layout.header_rows:
            first, last = layout.header_rows
            ws.repeat_rows(first, last)
            ws.freeze_panes(last + 1, self.sheet.freeze_columns)
        if layout.breaks:
            ws.set_h_pagebreaks(list(layout.breaks))


# -- workbooks -------------------------------------------------------------------------------------------
PAGES_FIELD = "{pages}"


def chinese_date(day: date) -> str:
    """'2025年12月1日'."""
    return f"{day.year}年{day.month}月{day.day}日"


def _footer_safe(text: str) -> str:
    return str(text).replace("&", "&&")


def footer_text(body: str, made_on: date, name: str = "") -> str:
    """Footer: 制表日期 left, '[name] 第 n 页 / 共 {pages} 页' centre (``PAGES_FIELD``
    is the sheet's page count, filled in per sheet), the issuing body right."""
    whose = f"{_footer_safe(name)[:FOOTER_BODY_MAX]}　" if name else ""
    return (f"&L&9制表日期：{chinese_date(made_on)}&C&9{whose}第 &P 页 / 共 {PAGES_FIELD} 页"
            f"&R&9{_footer_safe(str(body)[:FOOTER_BODY_MAX])}")


def _stretch(sheet: Sheet, name: str) -> float:
    """``sheet.one_page`` when the sheet's rows fit a page that much taller (tried on a
    scratch workbook), else 1."""
    if sheet.one_page <= 1:
        return 1.0
    scratch = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    trial = _SheetWriter(scratch, _Formats(scratch), sheet, name, sheet.one_page).write()
    return sheet.one_page if trial.pages == 1 else 1.0


def write_workbook(sheets: Sequence[Sheet], target: str | Path | BinaryIO, *, body: str = "",
                   made_on: date | None = None) -> list[SheetLayout]:
    """Write the sheets as one .xlsx to a path or a binary stream; their layouts."""
    in_memory = not isinstance(target, (str, Path))
    book = xlsxwriter.Workbook(str(target) if not in_memory else target,
                               {"in_memory": in_memory, "strings_to_formulas": False,
                                "strings_to_urls": False, "strings_to_numbers": False})
    fmt = _Formats(book)
    layouts = []
    for sheet, name in zip(sheets, sheet_names([s.name for s in sheets])):
        writer = _SheetWriter(book, fmt, sheet, name, _stretch(sheet, name))
        layout = writer.write()
        writer.print_setup(footer_text(body, made_on or date.today(), sheet.footer_name), layout)
        layouts.append(layout)
    if not sheets:
        book.add_worksheet("Sheet1")
    try:
        book.close()
    except FileCreateError as exc:  # the OSError behind it, e.g. a missing directory
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))
        raise cause from None
    return layouts


def workbook_bytes(sheets: Sequence[Sheet], *, body: str = "", made_on: date | None = None) -> bytes:
    """The sheets as one .xlsx in memory."""
    buffer = io.BytesIO()
    write_workbook(sheets, buffer, body=body, made_on=made_on)
    return buffer.getvalue()
