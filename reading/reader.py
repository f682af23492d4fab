"""Reading a workbook as the office wrote it: locate the header row among title rows,
join two-row headers, map columns through the alias table, tell the kind of each sheet,
and sort the rows below into records and rows skipped (with why)."""
from __future__ import annotations

import pickle
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable

import python_calamine

from reading import normalize as nz
from reading import vocab, workbook_file
from reading.workbook_file import UnreadableFile

ROOT = Path(__file__).resolve().parent.parent
CHILD_TIMEOUT_S = 300
SKIP_REASONS = {"blank": "空行", "section": "分组标题行", "total": "合计行", "footer": "表尾说明行",
                "header": "重复的表头行", "stats": "统计行"}


@dataclass
class RawSheet:
    name: str
    rows: list[list]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based (top, left, bottom, right)
    note: str = ""  # why the sheet was not read (hidden, a chart), when it was not
    unreadable: list[int] = field(default_factory=list)  # 0-based rows whose values could not be read
    hidden_rows: list[int] = field(default_factory=list)  # 0-based rows hidden in Excel, read all the same


EVENT_COLUMN = "<event>"  # what an event column of a matrix register is read as


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
    repeated: tuple[tuple[int, int], ...] = ()  # (mapped column, later column with the very same label)
    context: dict[str, str] = field(default_factory=dict)  # field → value the sheet gives (its name, a subtitle)
    taught: frozenset[int] = frozenset()  # columns read through a mapping the office taught
    title_year: int | None = None  # the year a session named in the title stands for (十届三次会议)
    more: dict[str, tuple[int, ...]] = field(default_factory=dict)  # field → its later numbered columns
    # matrix columns that are neither fields nor events: column → why its header is no event
    # (no date, no name, a date that cannot be read); marks in them are errors
    unread_events: dict[int, str] = field(default_factory=dict)

    def columns_of(self, fld: str) -> tuple[int, ...]:
        """Every column holding a field: its own, then its numbered ones (联名人2, 联名人3 …)."""
        first = self.fields.get(fld)
        return (() if first is None else (first,)) + self.more.get(fld, ())

    def subject_columns(self) -> frozenset[int]:
        """The columns naming who a record is about (姓名, 提案人, 报送人…): a row with any of
        them filled is a record, whatever its first cell says."""
        return frozenset(i for f, i in self.fields.items() if f in vocab.SUBJECT_FIELDS)

    def read_as(self) -> list[tuple[str, str | None]]:
        """Every column's label and the field it is read as (None: not used; an event
        column of a matrix: ``EVENT_COLUMN``)."""
        by_column = {i: f for f, i in self.fields.items()}
        by_column.update({i: f for f, columns in self.more.items() for i in columns})
        return [(label, by_column.get(i) or (EVENT_COLUMN if i in self.events else None))
                for i, label in enumerate(self.labels)]


def read_workbook(data: bytes) -> list[RawSheet]:
    """Every worksheet of a file's bytes (``workbook_file.workbook_bytes``: checked) as rows
    of Python values (calamine); a hidden sheet or a chart sheet is listed with a note, not read."""
    if data.startswith(workbook_file.OLE_MAGIC):
        return _read_in_child(data)
    return read_book(data)


def read_book(data: bytes) -> list[RawSheet]:
    book = workbook_file.open_book(data)
    parts = workbook_file.sheet_parts(data)
    notes = {meta.name: _not_read_because(meta) for meta in book.sheets_metadata}
    scans = {name: workbook_file.scan_sheet(data, parts[name]) for name, note in notes.items()
             if not note and name in parts}
    problems = [workbook_file.size_problem(name, scan.rows, scan.columns) for name, scan in scans.items()]
    if any(problems):
        raise UnreadableFile(*filter(None, problems))
    hidden = workbook_file.xls_hidden_rows(data) if data.startswith(workbook_file.OLE_MAGIC) else {}
    with workbook_file.calamine_failures_as_damage():
        return [RawSheet(name, [], note=note) if note else _read_sheet(book, name, scans.get(name), hidden.get(name))
                for name, note in notes.items()]


def _read_in_child(data: bytes) -> list[RawSheet]:
    """An .xls read in a child process: calamine aborts the whole process on some damaged
    BIFF records (a DIMENSIONS record whose first row lies after its last), and that must
    end the child, not the app."""
    try:
        done = subprocess.run([sys.executable, "-m", "reading.reader"], input=data, capture_output=True,
                              cwd=ROOT, timeout=CHILD_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise workbook_file.damaged("timeout") from None
    if done.returncode < 0:
        raise workbook_file.damaged("aborted")
    if done.returncode:
        raise RuntimeError(done.stderr.decode("utf-8", "replace"))
    status, value = pickle.loads(done.stdout)
    if status == "refused":
        raise UnreadableFile(*value)
    return [RawSheet(*sheet) for sheet in value]


def _child_main() -> None:
    """``python -m reading.reader``: the workbook on stdin; its sheets as plain tuples (or the
    problems that refuse it) pickled on stdout."""
    try:
        result = ("read", [(s.name, s.rows, s.merged, s.note, s.unreadable, s.hidden_rows)
                           for s in read_book(sys.stdin.buffer.read())])
    except UnreadableFile as exc:
        result = ("refused", exc.problems)
    sys.stdout.buffer.write(pickle.dumps(result))


def _not_read_because(meta: python_calamine.SheetMetadata) -> str:
    if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
        return vocab.SHEET_NOTES["not_worksheet"]
    if meta.visible != python_calamine.SheetVisibleEnum.Visible:
        return vocab.SHEET_NOTES["hidden"]
    return ""


def _read_sheet(book: python_calamine.CalamineWorkbook, name: str, scan: workbook_file.SheetScan | None,
                xls_hidden: tuple[int, ...] | None = None) -> RawSheet:
    sheet = book.get_sheet_by_name(name)
    height, width = (sheet.end[0] + 1, sheet.end[1] + 1) if sheet.end else (0, 0)
    if found := workbook_file.size_problem(name, height, width):
        raise UnreadableFile(found)
    rows, unreadable = _rows_of(sheet)
    faults = dict(scan.faults) if scan else {}
    if scan:  # a row the reader could not convert: its too-large numbers, named cell by cell
        faults.update({rc: fault for rc, fault in scan.large.items() if rc[0] in unreadable})
    for (r, c), fault in faults.items():
        rows.extend([] for _ in range(r + 1 - len(rows)))
        rows[r].extend([None] * (c + 1 - len(rows[r])))
        rows[r][c] = fault
    merged = [(top, left, bottom, right) for (top, left), (bottom, right) in sheet.merged_cell_ranges or []]
    hidden = scan.hidden_rows if scan else xls_hidden or ()
    return RawSheet(name, rows, merged, unreadable=sorted(unreadable), hidden_rows=list(hidden))


def _rows_of(sheet: python_calamine.CalamineSheet) -> tuple[list[list], set[int]]:
    """The sheet's rows, and the rows calamine could not convert (a number formatted as a
    duration or date beyond Python's range raises OverflowError): those come back blank."""
    try:
        return [[_cell(v) for v in row] for row in sheet.to_python(skip_empty_area=False)], set()
    except OverflowError:
        pass
    rows, unreadable, values = [], set(), sheet.iter_rows()
    while True:
        try:
            row = next(values)
        except StopIteration:
            return rows, unreadable
        except OverflowError:
            unreadable.add(len(rows))
            row = []
        rows.append([_cell(v) for v in row])


def _cell(value):
    """A cell as the parsers take it: blank as None, whole floats as int, dates as datetime."""
    if value == "":
        return None
    if type(value) is float and value.is_integer():
        return int(value)
    if type(value) is date:
        return datetime(value.year, value.month, value.day)
    return value


def fill_merged_across(sheet: RawSheet, first_data_row: int, columns: set[int] | frozenset[int]) -> None:
    """A mark merged across several event columns of a matrix (one answer for a two-day
    event) gives its value to each of them. A merge starting outside ``columns`` (a section
    row written across the sheet) stays as it is."""
    for top, left, bottom, right in sheet.merged:
        if top < first_data_row or right == left or left not in columns or top >= len(sheet.rows):
            continue
        value = sheet.rows[top][left] if left < len(sheet.rows[top]) else None
        for row in sheet.rows[top: bottom + 1]:
            row.extend([None] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                if c in columns and nz.is_blank(row[c]):
                    row[c] = value


def fill_merged_down(sheet: RawSheet, first_data_row: int) -> None:
    """A cell merged down over several data rows (a 界别 or an event written once for a block
    of rows) gives its value to each of them. Merges in the header and merges across columns
    only (a section row) stay as they are."""
    for top, left, bottom, _ in sheet.merged:
        if top < first_data_row or bottom == top or top >= len(sheet.rows):
            continue
        value = sheet.rows[top][left] if left < len(sheet.rows[top]) else None
        for row in sheet.rows[top + 1: bottom + 1]:
            row.extend([None] * (left + 1 - len(row)))
            if nz.is_blank(row[left]):
                row[left] = value


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
def _header_score(row: list, mapped: Mapped | None = None) -> int:
    """How many different known labels a row holds: a header names each column once, while a
    data row may repeat a mark that is also a label («出席» in every event column)."""
    return len({nz.header_label(cell) for cell in row
                if _is_known(nz.header_label(cell)) or (mapped and not nz.is_blank(cell) and mapped(nz.text(cell)))})


def find_header_row(rows: list[list], mapped: Mapped | None = None) -> int | None:
    """The row among the first ``HEADER_SCAN_ROWS`` matching the most aliases (and the
    office's mapped labels)."""
    best, best_score = None, 0
    for i, row in enumerate(rows[: vocab.HEADER_SCAN_ROWS]):
        score = _header_score(row, mapped)
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


def _is_group_row(row: list) -> bool:
    """Whether a row above the header may be its upper row: labels over groups of
    sub-columns («序号», «基本信息», «政协职务»), not a title or a «标签：值» subtitle."""
    cells = [c for c in row if not nz.is_blank(c)]
    return len(cells) >= 2 and any(_is_known(nz.header_label(c)) for c in cells)


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


Mapped = Callable[[str], "str | None"]


def _map_fields(candidates: list[list[str]], kind: str, mapped: Mapped | None = None) -> dict[str, int]:
    """field → column: the office's own mappings first, then the alias table."""
    table = ALIASES[kind]
    kind_fields = {c.field for c in vocab.columns_of(kind)}
    found: dict[str, int] = {}
    for i, labels in enumerate(candidates):
        for label in labels:
            fld = mapped(label) if mapped else None
            if fld not in kind_fields:
                fld = table.get(nz.header_label(label))
            if fld:
                found.setdefault(fld, i)
                break
    return found


_NUMBERED = re.compile(r"^(.+?)[(（]?(?:\d{1,2}|[一二三四五六七八九十])[)）]?$")


def _numbered_columns(candidates: list[list[str]], kind: str, fields: dict[str, int]) -> dict[str, tuple[int, ...]]:
    """Columns of a field written several times with a number (联名人1, 联名人2, …): the
    first becomes the field's column (unless a column of the plain name holds it), the
    rest its ``more`` columns, in order."""
    table, found = ALIASES[kind], {}
    used = set(fields.values())
    for i, labels in enumerate(candidates):
        m = _NUMBERED.match(re.sub(r"\s+", "", labels[0]))
        fld = table.get(nz.header_label(m.group(1))) if m and i not in used else None
        if fld in vocab.NUMBERED_FIELDS:
            found.setdefault(fld, []).append(i)
    more = {}
    for fld, columns in found.items():
        if fld not in fields:
            fields[fld] = columns.pop(0)
        if columns:
            more[fld] = tuple(columns)
    return more


def _taught_columns(candidates: list[list[str]], fields: dict[str, int], mapped: Mapped | None) -> frozenset[int]:
    if mapped is None:
        return frozenset()
    return frozenset(i for i in fields.values() if any(mapped(label) for label in candidates[i]))


def _missing(kind: str, fields: dict[str, int]) -> tuple[str, ...]:
    replaced, stand_ins = vocab.STAND_INS.get(kind, ((), ()))
    stood_in = replaced if any(f in fields for f in stand_ins) else ()
    missing = [f for f in vocab.required_fields(kind) if f not in fields and f not in stood_in]
    for options in vocab.REQUIRED_ANY.get(kind, ()):
        if not any(o in fields for o in options):
            missing.append("/".join(options))
    return tuple(missing)


def _event_columns(candidates: list[list[str]], used: set[int],
                   year: int | None) -> tuple[dict[int, tuple[str, date]], dict[int, str]]:
    """The event columns of a matrix (column → name and date), and the other columns that
    are no field, with why their header is no event (column → why)."""
    events, unread = {}, {}
    for i, labels in enumerate(candidates):
        if i in used or _is_stats_column(labels[0]):
            continue
        if not labels[0]:
            unread[i] = vocab.CHECK_MESSAGES["event_no_header"]
            continue
        try:
            parsed = nz.split_event_header(labels[0], year)
        except ValueError as exc:
            unread[i] = vocab.CHECK_MESSAGES["event_bad_date"].format(expected=exc)
            continue
        if parsed and parsed[0]:
            events[i] = parsed
        else:
            unread[i] = vocab.CHECK_MESSAGES["event_no_name" if parsed else "event_no_date"]
    return events, unread


def _is_stats_column(label: str) -> bool:
    """A 合计 or 出勤率 column (even «1-6月合计», whose date-like part is no event date)."""
    return is_stats_label(label) or any(word in label for word in vocab.TOTAL_WORDS)


def layout_of(rows: list[list], year: int | None, forced_kind: str | None = None,
              mapped: Mapped | None = None, sheet: str = "", file: str = "", chosen: int | None = None) -> Layout | None:
    """The sheet's header and kind; None when no header can be found at all. ``mapped``:
    the field the office mapped a header label to, if any; ``sheet`` and ``file``: the
    names the sheet and its file go by (a 界别 or a 联络组, a 签到表 or a 名册); ``chosen``:
    the year chosen on import, which dates event columns before the title's year."""
    h = find_header_row(rows, mapped)
    if h is None:
        return None
    if h and _is_group_row(rows[h - 1]) and _continues_header(rows[h - 1], rows[h]):
        h -= 1  # the row of most labels is the lower row of a two-row header
    below = rows[h + 1] if h + 1 < len(rows) else None
    two_rows = below is not None and _continues_header(rows[h], below)
    candidates = _joined_labels(rows[h], below if two_rows else None)
    title_cells = [nz.text(c) for row in rows[:h] for c in row if not nz.is_blank(c)]
    title = " ".join(title_cells)
    title_year = nz.year_in_text(title)
    year = chosen or title_year or year
    kinds = [forced_kind] if forced_kind else list(vocab.KINDS)
    options = []
    for kind in kinds:
        fields = _map_fields(candidates, kind, mapped)
        more = _numbered_columns(candidates, kind, fields)
        if not forced_kind and kind == "roster" and not _may_be_roster(fields, (title, sheet, file)):
            continue
        context = _context(kind, fields, title_cells, sheet)
        events, unread = {}, {}
        if kind == "attendance_matrix":
            events, unread = _event_columns(candidates, set(fields.values()), year)
        missing = _missing(kind, {**fields, **context})
        if kind == "attendance_matrix" and not events:
            missing = (*missing, "活动列")
        options.append((len(fields) + len(events), not missing, -kinds.index(kind), kind, fields, events, missing,
                        more, context, unread))
    # the kind that explains the most columns; a complete one before an incomplete one;
    # none when no kind has a column or a name of its own
    said = (title, sheet, file)
    decided = [o for o in options if forced_kind or _has_evidence(o[3], o[4], o[5], said)]
    _, _, _, kind, fields, events, missing, more, context, unread = max(decided or options, key=lambda o: o[:3])
    if not decided:
        kind = None
    labels = [c[0] for c in candidates]
    numbered = {i for columns in more.values() for i in columns}
    repeated = tuple(pair for pair in _repeated_columns(candidates, fields) if pair[1] not in numbered)
    return Layout(kind, h, 2 if two_rows else 1, labels, fields, events, missing, title, repeated,
                  context=context, taught=_taught_columns(candidates, fields, mapped), more=more,
                  unread_events=unread)


# -- what a sheet says beside its columns ------------------------------------------------
def _has_evidence(kind: str, fields: dict[str, int], events: dict, said: tuple[str, ...]) -> bool:
    """Whether a sheet shows it is of a kind: a column only some kinds have, event columns
    (a matrix), or a word of the kind in its title, sheet or file name."""
    if events or any(f not in vocab.SHARED_FIELDS for f in fields):
        return True
    return any(word in name for word in vocab.KIND_WORDS.get(kind, ()) for name in said)


def _may_be_roster(fields: dict[str, int], names: tuple[str, ...]) -> bool:
    """A roster needs evidence: columns only a roster has (编号, 党派, 职务…) or a title or
    name saying 名册; a sheet titled or named as a register (签到, 出勤…) never is one,
    whatever columns it has (a sign-in sheet with 姓名, 界别 and 工作单位)."""
    said = " ".join(names)
    if any(word in said for word in vocab.ROSTER_WORDS):
        return True
    if any(word in said for word in vocab.REGISTER_WORDS):
        return False
    return any(f in fields for f in vocab.ROSTER_EVIDENCE)


def _context(kind: str, fields: dict[str, int], title_cells: list[str], sheet: str) -> dict[str, str]:
    """Field → value the sheet gives for every row, for the fields no column holds: the
    event a register is titled by, «标签：值» pairs of the title rows («界别：教育界（5人）»,
    «时间：2025年1月8日») and the group the sheet is named after (教育界, 第一联络组)."""
    kind_fields = {c.field for c in vocab.columns_of(kind)}
    found: dict[str, str] = {}
    if "event" in kind_fields and (event := _event_in_title(title_cells)):
        found["event"] = event
    for fld, group in _group_of_sheet(sheet):
        fld = fld if fld in kind_fields else "organizer"
        if fld in kind_fields:
            found.setdefault(fld, group)
    for label, value in _labelled_values(title_cells):
        fld = ALIASES[kind].get(nz.header_label(label))
        if fld and value:
            found[fld] = value
    return {f: v for f, v in found.items() if f not in fields}


_REGISTER_TITLE = re.compile("(?:" + "|".join(map(re.escape, vocab.REGISTER_TITLE_ENDINGS)) + ")$")


def _event_in_title(title_cells: list[str]) -> str:
    """The event a sheet for one event is titled by: «…第一次全体会议签到表» → «…第一次全体会议»."""
    for cell in title_cells:
        if _REGISTER_TITLE.search(cell):
            return _REGISTER_TITLE.sub("", cell).strip()
    return ""


def _group_of_sheet(sheet: str) -> list[tuple[str, str]]:
    """(field, group) of a sheet named after a 界别, a 联络组 or an 活动组."""
    name = nz.text(sheet)
    return [(fld, name) for fld, pattern in vocab.SHEET_GROUPS if re.search(pattern, name)][:1]


_LABELLED = re.compile(r"^\s*(?P<label>[^\s:：]{1,8})\s*[:：]\s*(?P<value>.*)$")
_COUNT = re.compile(r"\s*[(（]\s*\d+\s*[人名个]\s*[)）]\s*$")


def _labelled_values(title_cells: list[str]) -> list[tuple[str, str]]:
    """«标签：值» pairs of title cells, several to a cell («日期：2025年10月16日  地点：三楼»),
    a count after the value dropped («界别：医药卫生界（3人）» → 医药卫生界)."""
    pairs = []
    for cell in title_cells:
        for piece in re.split(r"\s+(?=[^\s:：]{1,8}[:：])", cell):
            if m := _LABELLED.match(piece):
                pairs.append((m["label"], _COUNT.sub("", m["value"]).strip()))
    return pairs


def _repeated_columns(candidates: list[list[str]], fields: dict[str, int]) -> tuple[tuple[int, int], ...]:
    """(mapped column, later column) pairs with the very same header label ("日期" twice):
    which of the two holds the data cannot be told. 序号 may repeat."""
    repeated = []
    for fld, column in fields.items():
        label = nz.header_label(candidates[column][0])
        repeated += [(column, later) for later in range(column + 1, len(candidates))
                     if fld != "seq" and nz.header_label(candidates[later][0]) == label]
    return tuple(repeated)


# -- rows --------------------------------------------------------------------------
_SECTION_PATTERN = re.compile(r"[(（]\s*\d+\s*[人件条项名]\s*[)）]|^[一二三四五六七八九十]+[、.]|[界类组]$")


def _starts_with_any(words: tuple[str, ...]) -> re.Pattern:
    spaced = ("\\s*".join(re.escape(ch) for ch in nz.text(w)) for w in words)
    return re.compile(r"^\s*(?:" + "|".join(spaced) + ")")


_TOTAL = _starts_with_any(vocab.TOTAL_WORDS)
_STATS = _starts_with_any(vocab.STATS_WORDS)
_FOOTER = _starts_with_any(vocab.FOOTER_WORDS + tuple(w.replace(":", "：") for w in vocab.FOOTER_WORDS))


def skip_reason(row: list, key_columns: set[int], header: list | None = None,
                subject_columns: frozenset[int] = frozenset()) -> str | None:
    """Why a row below the header is not a record, or None for a record row. A total or
    footer row says so in its first non-empty cell and names nobody in the columns of the
    people a record is about (a data row with «审核通过» in 备注 is data); a
    statistics row (应到, 实到, 出勤率) says so in its first cell whatever it holds."""
    cells = [(i, c) for i, c in enumerate(row) if not nz.is_blank(c)]
    if not cells:
        return "blank"
    if header is not None and len(cells) > 1 and _same_text(row, header):
        return "header"
    _, first = cells[0]
    if type(first) is str:
        if is_stats_label(first):
            return "stats"
        if not any(i in subject_columns for i, _ in cells[1:]):
            if _TOTAL.match(first):
                return "total"
            if _FOOTER.match(first):
                return "footer"
    if len(cells) == 1:
        i, value = cells[0]
        if i not in key_columns or _SECTION_PATTERN.search(nz.text(value)):
            return "section"
    return None


def is_stats_label(value) -> bool:
    """Whether a cell or header names a statistic (应到, 实到, 出勤率), not a person or an event."""
    return bool(_STATS.match(nz.header_label(value)))


def _same_text(row: list, other: list) -> bool:
    """Whether two rows read the same, cell by cell (a header repeated on every printed page)."""
    width = max(len(row), len(other))
    return all(nz.text(row[i] if i < len(row) else None) == nz.text(other[i] if i < len(other) else None)
               for i in range(width))


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


if __name__ == "__main__":
    _child_main()
