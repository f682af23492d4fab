"""Reading a workbook as the office wrote it: locate the header row among title rows,
join two-row headers, map columns through the alias table, tell the kind of each sheet,
and sort the rows below into records and rows skipped (with why)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from data import normalize as nz
from data import vocab

SKIP_REASONS = {"blank": "空行", "section": "分组标题行", "total": "合计行", "footer": "表尾说明行"}


class UnreadableFile(Exception):
    """The file is not a workbook this reader can open."""


@dataclass
class RawSheet:
    name: str
    rows: list[list]


@dataclass
class Layout:
    """Where the header of a sheet is and what its columns mean."""

    kind: str | None
    header_row: int  # 0-based index of the (first) header row
    header_height: int  # 1, or 2 for a two-row header
    labels: list[str]  # the joined header label of every column
    fields: dict[str, int]  # field → column index
    events: dict[int, tuple[str, date]] = field(default_factory=dict)  # matrix columns
    missing: tuple[str, ...] = ()  # required fields the kind lacks
    title: str = ""


def read_workbook(path: Path) -> list[RawSheet]:
    """Every sheet as a list of rows of Python values (calamine, through pandas)."""
    try:
        frames = pd.read_excel(path, sheet_name=None, header=None, engine="calamine", dtype=object)
    except Exception as exc:  # calamine raises several types for a bad file
        raise UnreadableFile(str(exc)) from exc
    return [RawSheet(str(name), _rows_of(df)) for name, df in frames.items()]


def _rows_of(df: pd.DataFrame) -> list[list]:
    """Rows as lists; empty cells stay NaN (``normalize.is_blank`` knows them)."""
    return [] if df.empty else df.to_numpy(dtype=object).tolist()


# -- aliases -----------------------------------------------------------------------
def _alias_index() -> dict[str, dict[str, str]]:
    """kind → header label → field, built once from vocab.COLUMNS."""
    index: dict[str, dict[str, str]] = {kind: {} for kind in vocab.KINDS}
    for col in vocab.COLUMNS:
        for kind in col.kinds:
            for label in (col.label, *col.aliases):
                index[kind].setdefault(nz.header_label(label), col.field)
    return index


ALIASES = _alias_index()
ALL_LABELS = frozenset(label for table in ALIASES.values() for label in table)


def _is_known(label: str) -> bool:
    return label in ALL_LABELS


# -- header ------------------------------------------------------------------------
def _header_score(row: list) -> int:
    return sum(1 for cell in row if _is_known(nz.header_label(cell)))


def find_header_row(rows: list[list]) -> int | None:
    """The row among the first ``HEADER_SCAN_ROWS`` matching the most aliases."""
    best, best_score = None, 0
    for i, row in enumerate(rows[: vocab.HEADER_SCAN_ROWS]):
        score = _header_score(row)
        if score > best_score:
            best, best_score = i, score
    return best


_MONTH_DAY_ONLY = re.compile(r"^(\d{4}\s*[-/.年]\s*)?\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?")


def _is_date_like(cell) -> bool:
    if isinstance(cell, (datetime, date)):
        return True
    return bool(_MONTH_DAY_ONLY.match(nz.text(cell)))


def _continues_header(top: list, below: list) -> bool:
    """Whether the row under the header is its second row (sub-columns or event dates)."""
    cells = [(i, c) for i, c in enumerate(below) if not nz.is_blank(c)]
    if not cells:
        return False
    for i, cell in cells:
        above_blank = i >= len(top) or nz.is_blank(top[i])
        if not (above_blank or _is_date_like(cell) or _is_known(nz.header_label(cell))):
            return False
    return True


def _joined_labels(top: list, below: list | None) -> list[list[str]]:
    """Per column, candidate labels in order of preference (joined, lower, upper)."""
    width = max(len(top), len(below or []))
    upper, last = [], ""
    for i in range(width):
        cell = top[i] if i < len(top) else None
        if not nz.is_blank(cell):
            last = nz.text(cell)
        elif below is None or i >= len(below) or nz.is_blank(below[i]):
            last = ""
        upper.append(nz.text(cell) if not nz.is_blank(cell) else last)
    if below is None:
        return [[u] for u in upper]
    lower = [nz.text(below[i]) if i < len(below) and not nz.is_blank(below[i]) else "" for i in range(width)]
    return [[f"{u} {lo}".strip(), lo, u] if lo else [u] for u, lo in zip(upper, lower)]


def _map_fields(candidates: list[list[str]], kind: str) -> dict[str, int]:
    table = ALIASES[kind]
    found: dict[str, int] = {}
    for i, labels in enumerate(candidates):
        for label in labels:
            fld = table.get(nz.header_label(label))
            if fld:
                found.setdefault(fld, i)
                break
    return found


def _missing(kind: str, fields: dict[str, int]) -> tuple[str, ...]:
    missing = [f for f in vocab.required_fields(kind) if f not in fields]
    for options in vocab.REQUIRED_ANY.get(kind, ()):
        if not any(o in fields for o in options):
            missing.append("/".join(options))
    return tuple(missing)


def _event_columns(candidates: list[list[str]], used: set[int], year: int | None) -> dict[int, tuple[str, date]]:
    events = {}
    for i, labels in enumerate(candidates):
        if i in used or not labels[0]:
            continue
        parsed = nz.split_event_header(labels[0], year)
        if parsed and parsed[0]:
            events[i] = parsed
    return events


def layout_of(rows: list[list], year: int | None, forced_kind: str | None = None) -> Layout | None:
    """The sheet's header and kind; None when no header can be found at all."""
    h = find_header_row(rows)
    if h is None:
        return None
    below = rows[h + 1] if h + 1 < len(rows) else None
    two_rows = below is not None and _continues_header(rows[h], below)
    candidates = _joined_labels(rows[h], below if two_rows else None)
    title = " ".join(nz.text(c) for row in rows[:h] for c in row if not nz.is_blank(c))
    title_year = nz.year_in_text(title)
    year = title_year or year
    kinds = [forced_kind] if forced_kind else list(vocab.KINDS)
    options = []
    for kind in kinds:
        fields = _map_fields(candidates, kind)
        events = {}
        if kind == "attendance_matrix":
            events = _event_columns(candidates, set(fields.values()), year)
        missing = _missing(kind, fields)
        if kind == "attendance_matrix" and not events:
            missing = (*missing, "活动列")
        options.append((len(fields) + len(events), not missing, -kinds.index(kind), kind, fields, events, missing))
    # the kind that explains the most columns; a complete one before an incomplete one
    _, _, _, kind, fields, events, missing = max(options, key=lambda o: o[:3])
    labels = [c[0] for c in candidates]
    return Layout(kind, h, 2 if two_rows else 1, labels, fields, events, missing, title)


# -- rows --------------------------------------------------------------------------
_SECTION_PATTERN = re.compile(r"[(（]\s*\d+\s*[人件条项名]\s*[)）]|^[一二三四五六七八九十]+[、.]|[界类组]$")


def _starts_with_any(words: tuple[str, ...]) -> re.Pattern:
    spaced = ("\\s*".join(re.escape(ch) for ch in nz.text(w)) for w in words)
    return re.compile(r"^\s*(?:" + "|".join(spaced) + ")")


_TOTAL = _starts_with_any(vocab.TOTAL_WORDS)
_FOOTER = _starts_with_any(vocab.FOOTER_WORDS + tuple(w.replace(":", "：") for w in vocab.FOOTER_WORDS))


def skip_reason(row: list, key_columns: set[int]) -> str | None:
    """Why a row below the header is not a record, or None for a record row."""
    cells = [(i, c) for i, c in enumerate(row) if not nz.is_blank(c)]
    if not cells:
        return "blank"
    for _, value in cells:
        if type(value) is str:
            if _TOTAL.match(value):
                return "total"
            if _FOOTER.match(value):
                return "footer"
    if len(cells) == 1:
        i, value = cells[0]
        if i not in key_columns or _SECTION_PATTERN.search(nz.text(value)):
            return "section"
    return None


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
