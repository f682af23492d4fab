"""Importing office workbooks: every sheet read and checked first, then written in one
transaction as one batch, or not at all. Re-importing the very same file (name and
content) writes nothing; any other file is its own batch, holding its unchanged records
too. A changed record supersedes its old version, which undo gives back."""
from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Sequence

import pandas as pd
import pyarrow as pa

from reading import normalize as nz
from data import audit, backup, published, taught
from reading import reader, vocab, workbook_file
from reading.knowledge import FILE_YEAR, Knowledge, file_year_written
from reading.values import Question
from data.aliases import load_matcher
from data import roster_merge
from reading.names import Member
from reading.parsers import (PARSERS, PERSON_KEY_AT, ImportIssue, Record, SheetCtx, parse_roster, person_key,
                             roster_members)
from data.schema import RECORD_TABLES
from data.store import Store

LOG = logging.getLogger(__name__)
CHILD_TABLES = {"proposals": "proposal_people", "sqmy": "sqmy_authors"}
VERSIONED_TABLES = tuple(t for t in RECORD_TABLES if t not in CHILD_TABLES.values())


@dataclass
class SheetReport:
    sheet: str
    kind: str | None
    header_row: int | None  # 1-based Excel row
    rows_read: int = 0
    skipped: Counter = field(default_factory=Counter)
    records: int = 0
    pending: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    preview: list[list] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    columns: list[tuple[str, str | None]] = field(default_factory=list)  # (label, field read as or None)
    taught: list[str] = field(default_factory=list)  # labels read through the office's own mappings
    warnings: list[str] = field(default_factory=list)  # what a missing column means for the scores
    events: list[dict] = field(default_factory=list)  # new events: key, name, date, category, how

    @property
    def rows_skipped(self) -> int:
        return sum(self.skipped.values())

    def skipped_text(self) -> str:
        return "，".join(f"{reader.SKIP_REASONS.get(k, k)} {n}" for k, n in self.skipped.items()) or "无"


@dataclass
class FileOutcome:
    file: str
    status: str  # imported | unchanged | rejected
    errors: list[ImportIssue] = field(default_factory=list)
    sheets: list[SheetReport] = field(default_factory=list)
    batch_id: int | None = None
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    same_as: list[int] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    refused: str = ""  # why a valid file was not written (a published year)

    @property
    def ok(self) -> bool:
        return self.status not in ("rejected", "questions", "refused")

    @property
    def pending(self) -> list[tuple[str, str]]:
        return sorted({p for s in self.sheets for p in s.pending})

    def summary(self) -> str:
        if self.status == "questions":
            return (f"「{self.file}」未导入：有 {len(self.questions)} 个值需要确认含义（确认一次后会记住），"
                    "数据库未做任何更改。")
        if self.status == "rejected":
            return f"「{self.file}」未导入：发现 {len(self.errors)} 处错误，数据库未做任何更改。"
        if self.status == "refused":
            return f"「{self.file}」未导入：{self.refused}"
        if self.status == "empty":
            return f"「{self.file}」中没有可导入的记录，未做任何更改。"
        if self.status == "unchanged":
            where = "、".join(f"#{b}" for b in self.same_as)
            return f"「{self.file}」的内容已导入过（批次 {where}），未做任何更改。"
        return (f"「{self.file}」已导入为批次 #{self.batch_id}：新增 {self.new} 条，更新 {self.changed} 条，"
                f"未变 {self.unchanged} 条，待匹配姓名 {len(self.pending)} 个。")


@dataclass
class Analysis:
    """A file read and checked, not yet written."""

    outcome: FileOutcome
    records: list[Record]
    sha256: str
    year: int | None


# -- reading -------------------------------------------------------------------------
def analyse_file(store: Store, path: Path, *, kind: str | None = None, year: int | None = None,
                 display_name: str | None = None, roster: Sequence[Member] = (),
                 members: list[dict] | None = None, year_chosen: bool = False) -> Analysis:
    """Read, check and parse every sheet of a file; nothing is written. ``roster``: members
    of rosters uploaded with it and not yet written, whose names it may use; ``members``:
    the members a roster in it merges into, when not the database's (rosters uploaded
    before it in the same upload). ``year``: the year of a file whose title and name state
    none; ``year_chosen``: the clerk chose it for this file (``cli.py import --year``), so
    a year the file states must agree with it, and it settles a title and a file name that
    state different years."""
    path = Path(path)
    name = display_name or path.name
    outcome = FileOutcome(name, "rejected")
    if kind is not None and kind not in vocab.KINDS:
        outcome.errors.append(ImportIssue(name, "", None, "", kind, "导入类型：" + "、".join(vocab.KINDS)))
        return Analysis(outcome, [], "", year)
    try:
        data = workbook_file.workbook_bytes(path)
        sheets = reader.read_workbook(data)
    except reader.UnreadableFile as exc:
        outcome.errors += [ImportIssue(name, p.sheet, None, "", p.value, p.expected) for p in exc.problems]
        return Analysis(outcome, [], "", year)
    sha = hashlib.sha256(data).hexdigest()
    office = taught.knowledge(store)
    file_year = nz.year_in_text(Path(name).stem) or nz.session_year(Path(name).stem, office.terms) or year
    try:
        chosen = year if year_chosen else None
        records = _read_records(store, name, sheets, kind, file_year, roster, office, outcome, members, chosen)
    except DATA_FAULTS:  # a cell nobody foresaw: this file is refused, said in Chinese; the others go on
        LOG.exception("unexpected value while reading %s", name)
        value, expected = vocab.FILE_PROBLEMS["unexpected"]
        outcome.errors.append(ImportIssue(name, "", None, "", value, expected))
        return Analysis(outcome, [], sha, file_year)
    if not outcome.errors and not any(s.kind for s in outcome.sheets):
        outcome.errors.append(_nothing_recognised(name, sheets, outcome.sheets))
    records = _one_per_identity(records, outcome)
    if not outcome.errors:
        outcome.status = "questions" if outcome.questions else "checked"
    return Analysis(outcome, records, sha, file_year)


DATA_FAULTS = (ValueError, TypeError, ArithmeticError, IndexError, KeyError, AttributeError)


def _read_records(store: Store, name: str, sheets: list[reader.RawSheet], kind: str | None, file_year: int | None,
                  roster: Sequence[Member], office: Knowledge, outcome: FileOutcome,
                  members: list[dict] | None, chosen: int | None = None) -> list[Record]:
    """Every sheet's records, rosters first (their members match the names of the others)."""
    laid_out = [_laid_out(s, file_year, kind, office, Path(name).stem, chosen) for s in sheets]
    roster_first = sorted(laid_out, key=lambda sl: 0 if sl[1] and sl[1].kind == "roster" else 1)
    records: list[Record] = []
    matcher = None
    for sheet, layout, sheet_chosen in roster_first:
        if layout and layout.kind != "roster" and matcher is None:
            known = [*roster, *roster_members([r for r in records if r.table == "members"])]
            matcher = load_matcher(store, known, {m.member_id for m in known})
        parsed = _parse_sheet(name, sheet, layout, file_year, matcher or load_matcher(store), outcome, office,
                              sheet_chosen)
        if layout and layout.kind == "roster" and parsed:
            parsed = _merged_roster(store, parsed, layout, outcome.sheets[-1], members)
        records += parsed
    return records


def _laid_out(sheet: reader.RawSheet, file_year: int | None, kind: str | None, office: Knowledge, file_stem: str,
              chosen: int | None) -> tuple[reader.RawSheet, reader.Layout | None, int | None]:
    """A sheet, its layout and the year chosen for it: on import, else the clerk's answer to
    which year a file is whose title and name state two (read with it)."""
    layout = _layout(sheet, file_year, kind, office, file_stem, chosen)
    answered = chosen or (layout and office.file_years.get(file_year_written(file_stem, layout.title)))
    if answered and answered != chosen:
        layout = _layout(sheet, file_year, kind, office, file_stem, answered)
    return sheet, layout, answered or None


def _merged_roster(store: Store, records: list[Record], layout: reader.Layout, report: SheetReport,
                   members: list[dict] | None) -> list[Record]:
    """A roster sheet's records merged into the current members (data.roster_merge)."""
    merged, notes = roster_merge.merge_roster(records, roster_merge.sheet_fields(layout),
                                              roster_merge.current_members(store) if members is None else members)
    report.notes += notes
    return merged


def analyse_files(store: Store, files: Sequence[tuple[Path, str]], *, kind: str | None = None,
                  year: int | None = None) -> list[Analysis]:
    """Files uploaded together, (path, name) each, read and checked as their import will
    see them: names in the other files are matched against the rosters among them too
    (``in_import_order`` writes those rosters first)."""
    analyses = _rosters_in_turn(store, [analyse_file(store, p, kind=kind, year=year, display_name=n)
                                        for p, n in files], files, kind, year)
    uploaded = roster_members([r for a in analyses if not a.outcome.errors for r in a.records
                               if r.table == "members"])
    if not uploaded:
        return analyses
    return [a if _holds_roster(a) or not a.outcome.pending
            else analyse_file(store, p, kind=kind, year=year, display_name=n, roster=uploaded)
            for a, (p, n) in zip(analyses, files)]


def _rosters_in_turn(store: Store, analyses: list[Analysis], files: Sequence[tuple[Path, str]],
                     kind: str | None, year: int | None) -> list[Analysis]:
    """Each roster uploaded after another read against the members the ones before it
    leave, as writing them in turn will (a 职务 update sent with the full roster finds
    its member instead of making a second one)."""
    members, out = None, []
    for analysis, (p, n) in zip(analyses, files):
        if members is not None and _holds_roster(analysis):
            analysis = analyse_file(store, p, kind=kind, year=year, display_name=n, members=members)
        if _holds_roster(analysis) and analysis.outcome.status == "checked":
            members = roster_merge.members_after(
                roster_merge.current_members(store) if members is None else members, analysis.records)
        out.append(analysis)
    return out


def _holds_roster(analysis: Analysis) -> bool:
    return any(r.table == "members" for r in analysis.records)


def in_import_order(analyses: Sequence[Analysis]) -> list[Analysis]:
    """Rosters first, then the rest in the order given."""
    return sorted(analyses, key=lambda a: not _holds_roster(a))


def _layout(sheet: reader.RawSheet, year: int | None, kind: str | None, office: Knowledge,
            file_stem: str, chosen: int | None = None) -> reader.Layout | None:
    """A sheet's layout; a title naming a session («十届三次会议») and no year gives the
    year through the terms the office set (dates without a year then take that one)."""
    mapped = partial(office.mapped, sheet.name)
    layout = reader.layout_of(sheet.rows, year, kind, mapped, sheet.name, file_stem, chosen=chosen)
    if layout is None or nz.year_in_text(layout.title):
        return layout
    session = nz.session_year(layout.title, office.terms)
    if session and session != year:
        layout = reader.layout_of(sheet.rows, session, kind, mapped, sheet.name, file_stem, chosen=chosen)
        layout.title_year = session
    return layout


def _parse_sheet(file: str, sheet: reader.RawSheet, layout: reader.Layout | None, year: int | None,
                 matcher, outcome: FileOutcome, known: Knowledge, chosen: int | None = None) -> list[Record]:
    if layout is None:
        outcome.sheets.append(SheetReport(sheet.name, None, None, notes=[sheet.note or "未找到表头，已跳过此工作表"]))
        return []
    if not layout.kind:
        outcome.sheets.append(SheetReport(
            sheet.name, None, layout.header_row + 1, labels=layout.labels, columns=layout.read_as(),
            notes=[f"无法确定这是哪类表格（只认出 {_known_columns(layout)}），已跳过。{_found_columns(layout)}"]))
        return []
    report = SheetReport(sheet.name, layout.kind, layout.header_row + 1, labels=layout.labels,
                         columns=layout.read_as(), taught=[layout.labels[i] for i in sorted(layout.taught)])
    outcome.sheets.append(report)
    if layout.missing:
        if len(layout.fields) < 2:
            report.kind = None
            report.notes.append(f"未识别的工作表，已跳过。{_found_columns(layout)}")
            return []
        labels = "、".join(_label(f) for f in layout.missing)
        outcome.errors.append(ImportIssue(file, sheet.name, layout.header_row + 1, "", labels,
                                          f"{vocab.KINDS[layout.kind]}的必需列：{labels}（表头中未找到。"
                                          f"{_found_columns(layout)}）"))
        return []
    stated = _stated_years(file, sheet.name, layout, chosen, known, outcome, year)
    if stated is None:
        return []
    sheet_year = chosen or nz.year_in_text(layout.title) or layout.title_year or year
    ctx = SheetCtx(file, sheet.name, layout, sheet_year, matcher, outcome.errors, vocabulary=known.vocabulary,
                   years=stated)
    report.warnings = [note for (k, fld), note in vocab.ABSENT_COLUMN_NOTES.items()
                       if k == layout.kind and fld not in layout.fields and fld not in layout.context]
    if not ctx.header_ok():
        return []
    parse = PARSERS[layout.kind]
    key_columns = set(layout.fields.values()) - {layout.fields.get("seq"), layout.fields.get("note")}
    subjects = layout.subject_columns()
    records: list[Record] = []
    start = layout.header_row + layout.header_height
    reader.fill_merged_down(sheet, start)
    if layout.kind == "attendance_matrix":
        reader.fill_merged_across(sheet, start, frozenset(layout.events))
    unreadable = set(sheet.unreadable)
    for i in range(start, len(sheet.rows)):
        row = sheet.rows[i]
        report.rows_read += 1
        if i in unreadable:  # never skipped as blank: the clerk must see it
            ctx.row, ctx.row_no = row, i + 1
            if not ctx.faults_reported():
                ctx.error("", "（无法读取）", vocab.UNREADABLE_ROW)
            continue
        reason = reader.skip_reason(row, key_columns, sheet.rows[layout.header_row], subjects)
        if reason:
            report.skipped[reason] += 1
            continue
        ctx.row, ctx.row_no = row, i + 1
        if ctx.faults_reported():
            continue
        for record in parse(ctx):
            record.source_file, record.sheet = file, sheet.name
            records.append(record)
        if len(report.preview) < 5:
            report.preview.append([nz.text(c) for c in row])
    report.records = len(records)
    report.pending = sorted(set(ctx.pending))
    report.notes += ctx.notes + _hidden_rows_note(sheet, start)
    _merge_questions(outcome, ctx.questions.values())
    report.events = _events_of(records, layout, known)
    return records


def _stated_years(file: str, sheet: str, layout: reader.Layout, chosen: int | None, known: Knowledge,
                  outcome: FileOutcome, fallback: int | None = None) -> frozenset[int] | None:
    """The years the file states for a sheet: its title (or the session it names), its
    name, the year chosen on import. A title and a file name naming different years, a year
    chosen that neither states, a year that has not come: an error (None), never a guess.
    A year chosen that one of two disagreeing years states settles them. A roster's records
    have no year: its title may name the year its term began («（2023年1月）»)."""
    stem = Path(file).stem
    title = nz.years_in_text(layout.title) or frozenset(y for y in [layout.title_year] if y)
    named = nz.years_in_text(stem) or frozenset(y for y in [nz.session_year(stem, known.terms)] if y)

    def refuse(key: str, **values) -> None:
        value, expected = vocab.YEAR_CONFLICTS[key]
        values |= {"title": layout.title, "file": file, "this_year": date.today().year,
                   "title_years": _years(title), "file_years": _years(named)}
        outcome.errors.append(ImportIssue(file, sheet, None, "", value.format(**values), expected.format(**values)))

    if layout.kind == "roster":
        return title | named
    if chosen and (title or named) and chosen not in title | named:
        refuse("chosen", chosen=chosen)
        return None
    if title and named and not title & named and not chosen:
        _ask_file_year(outcome, sheet, layout, stem, title | named)
        return None
    stated = frozenset({chosen}) if chosen else title | named
    if stated and max(stated) > date.today().year:
        refuse("future", years=_years(stated))
        return None
    if not stated and fallback and fallback > date.today().year:
        refuse("future_fallback", chosen=fallback)
        return None
    return stated


def _ask_file_year(outcome: FileOutcome, sheet: str, layout: reader.Layout, file_stem: str,
                   years: frozenset[int]) -> None:
    """A title and a file name that state two years: which one is the file's is asked, never
    guessed (answered once, remembered for this name and title)."""
    _merge_questions(outcome, [Question(FILE_YEAR, file_year_written(file_stem, layout.title), None,
                                        [(sheet, 1, "标题与文件名")],
                                        tuple((str(y), f"{y} 年度") for y in sorted(years)))])


def _years(years: frozenset[int]) -> str:
    return "、".join(str(y) for y in sorted(years))


EVENT_SOURCES = {"category": "类别列", "name": "活动名称中的关键词", "taught": "办公室指定"}


def _events_of(records: list[Record], layout: reader.Layout, known: Knowledge) -> list[dict]:
    """The sheet's events with the category each got and how; a category the office gave an
    event before is applied here (its records carry it)."""
    events: dict[str, dict] = {}
    source = "category" if "category" in layout.fields else "name"
    for r in records:
        if r.table != "attendance":
            continue
        key = r.values["event_key"]
        if key in known.events:
            r.values["category"] = known.events[key]
        events.setdefault(key, {"key": key, "name": r.values["event_name"], "date": r.values["event_date"],
                                "category": r.values["category"],
                                "how": EVENT_SOURCES["taught" if key in known.events else source]})
    return list(events.values())


def _hidden_rows_note(sheet: reader.RawSheet, start: int) -> list[str]:
    """Rows hidden in Excel are read like the others, and the check says which."""
    hidden = [r + 1 for r in sheet.hidden_rows if r >= start]
    return [f"第 {'、'.join(map(str, hidden))} 行在 Excel 中是隐藏行，已照常读取"] if hidden else []


def _merge_questions(outcome: FileOutcome, questions) -> None:
    """One question per distinct value in a file, with the cells of every sheet."""
    by_key = {(q.domain, q.value): q for q in outcome.questions}
    for q in questions:
        if (q.domain, q.value) in by_key:
            by_key[(q.domain, q.value)].cells += q.cells
        else:
            outcome.questions.append(q)
            by_key[(q.domain, q.value)] = q


def _known_columns(layout: reader.Layout) -> str:
    return "、".join(label for label, fld in layout.read_as() if fld) or "无"


def _found_columns(layout: reader.Layout) -> str:
    """The sheet's columns no field was read from, and how to map one."""
    unused = [label for label, fld in layout.read_as() if fld is None and label]
    if not unused:
        return "表头中没有其他列"
    return (f"未使用的列：{'、'.join(unused)}；如其中一列就是所需的列，可在检查结果中把它映射到字段，"
            f"或在命令行用 --map '*:列名=字段'")


def _nothing_recognised(file: str, sheets: list[reader.RawSheet], reports: list[SheetReport]) -> ImportIssue:
    """The error of a file none of whose sheets could be recognised: empty, no known header,
    or known columns that do not tell what the sheet is."""
    holds_something = any(s.note or any(not nz.is_blank(c) for row in s.rows for c in row) for s in sheets)
    problem = ("undecided_sheets" if any(r.columns for r in reports) else "no_known_sheet") if holds_something \
        else "empty_workbook"
    value, expected = vocab.FILE_PROBLEMS[problem]
    return ImportIssue(file, "", None, "", value, expected.format(rows=vocab.HEADER_SCAN_ROWS))


def _label(fld: str) -> str:
    return "/".join(next((c.label for c in vocab.COLUMNS if c.field == f), f) for f in fld.split("/"))


def _one_per_identity(records: list[Record], outcome: FileOutcome) -> list[Record]:
    """Rows of one identity inside one file, read as a clerk reads them: in a table where
    two rows are two records (two awards, two duties) each is its own record; rows that say
    the same thing twice are one record, said with their rows; rows that contradict each
    other are an error naming both."""
    first: dict[tuple[str, str], Record] = {}
    kept: list[Record] = []
    repeats: dict[tuple[str, str], int] = {}
    for r in records:
        key = (r.table, r.identity)
        if key not in first:
            first[key] = r
            kept.append(r)
        elif r.table in vocab.COUNTED_TABLES:
            repeats[key] = repeats.get(key, 1) + 1
            r.identity = f"{r.identity}#{repeats[key]}"
            kept.append(r)
            _say_counted_twice(outcome, first[key], r)
        elif _same_record(first[key], r):
            _say_repeated(outcome, first[key], r)
        else:
            outcome.errors.append(_contradiction(outcome.file, first[key], r))
    return kept


def _same_record(a: Record, b: Record) -> bool:
    def meaning(r: Record) -> str:
        return repr(({k: v for k, v in r.values.items() if k not in vocab.SPELLING_FIELDS}, r.people))
    return meaning(a) == meaning(b)


def _say_repeated(outcome: FileOutcome, first: Record, again: Record) -> None:
    _note_on_sheet(outcome, again, vocab.CHECK_NOTES["row_repeated"].format(
        row=again.row_no, sheet=first.sheet, first=first.row_no))


def _say_counted_twice(outcome: FileOutcome, first: Record, again: Record) -> None:
    _note_on_sheet(outcome, again, vocab.CHECK_NOTES["row_counted_twice"].format(
        row=again.row_no, sheet=first.sheet, first=first.row_no))


def _note_on_sheet(outcome: FileOutcome, record: Record, note: str) -> None:
    report = next((s for s in outcome.sheets if s.sheet == record.sheet), outcome.sheets[-1])
    report.notes.append(note)


def _contradiction(file: str, first: Record, again: Record) -> ImportIssue:
    what = vocab.CONTRADICTIONS[again.table]
    if (first.sheet, first.row_no) == (again.sheet, again.row_no):
        expected = f"一行中只有一个这样的值：{what}出现在同一行的两列且不一致（如同一活动的两列）"
    else:
        expected = f"与工作表「{first.sheet}」第 {first.row_no} 行一致：两行是{what}却不一致，请删去或改正其中一行"
    return ImportIssue(file, again.sheet, again.row_no, "", "", expected)


# -- writing -------------------------------------------------------------------------
class _NothingChanged(Exception):
    pass


def content_hash(record: Record) -> str:
    """What makes two versions of a record equal: its values and people as written, not its
    place, nor the member a name was matched to (the identity holds that, and undoing a
    roster must leave the versions a replay without it would make). A roster row's own
    编号 is its content."""
    if record.table == "members":
        return _hash((_without_blank_later_fields(record.values), record.people))
    return _hash((_unmatched(record.values), [_unmatched(p) for p in record.people]))


# Roster fields added after databases were written: left blank, they keep a version's hash
# as it was, so an unchanged roster imported again stays unchanged.
LATER_MEMBER_FIELDS: tuple[str, ...] = ("nominator",)


def _without_blank_later_fields(values: dict) -> dict:
    return {k: v for k, v in values.items() if not (k in LATER_MEMBER_FIELDS and v is None)}


def _legacy_hash(record: Record) -> str:
    """The hash databases written before the member left it keep for their versions."""
    return _hash((record.values, record.people))


def _unmatched(values: dict) -> dict:
    return {k: v for k, v in values.items() if k != "member_id"}


def _hash(content) -> str:
    return hashlib.blake2b(repr(content).encode(), digest_size=16).hexdigest()


def import_file(store: Store, path: Path, *, kind: str | None = None, year: int | None = None,
                user: str = "cli", display_name: str | None = None, year_chosen: bool = False) -> FileOutcome:
    """Import one file as one batch: all of it, or nothing when it has any error."""
    analysis = analyse_file(store, path, kind=kind, year=year, display_name=display_name, year_chosen=year_chosen)
    return write_analysis(store, analysis, user)


def import_paths(store: Store, paths, *, kind: str | None = None, year: int | None = None,
                 user: str = "cli") -> list[FileOutcome]:
    return [import_file(store, Path(p), kind=kind, year=year, user=user) for p in paths]


def write_analysis(store: Store, analysis: Analysis, user: str) -> FileOutcome:
    outcome = analysis.outcome
    if outcome.errors:
        outcome.status = "rejected"
        return outcome
    if outcome.questions:
        outcome.status = "questions"
        return outcome
    if not analysis.records:
        outcome.status = "empty"
        return outcome
    try:
        with store.write() as cur:
            _write_batch(cur, analysis, user, store.columns,
                         lambda: backup.snapshot(store, "import", f"导入「{outcome.file}」之前", user))
        outcome.status = "imported"
    except _NothingChanged:
        outcome.status = "unchanged"
    except published.PublishedError as exc:
        outcome.status, outcome.refused = "refused", str(exc)
    return outcome


def _write_batch(cur, analysis: Analysis, user: str, columns, before_change) -> None:
    outcome = analysis.outcome
    by_table: dict[str, list[Record]] = {}
    for r in analysis.records:
        by_table.setdefault(r.table, []).append(r)
    plans = {t: _plan_table(cur, t, recs) for t, recs in by_table.items()}
    outcome.new = sum(len(p["new"]) for p in plans.values())
    outcome.changed = sum(len(p["changed"]) for p in plans.values())
    outcome.unchanged = sum(p["unchanged"] for p in plans.values())
    if outcome.new + outcome.changed == 0 and _same_file_active(cur, outcome.file, analysis.sha256):
        outcome.same_as = sorted({b for p in plans.values() for b in p["batches"]})
        raise _NothingChanged
    published.refuse(cur, {r.values.get("year") for r in analysis.records}, "import")
    before_change()
    batch_id = int(cur.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM batches").fetchall()[0][0])
    outcome.batch_id = batch_id
    held = []
    for table, plan in plans.items():
        _supersede(cur, table, [old for _, _, old in plan["changed"]], batch_id)
        written = plan["new"] + [(r, h) for r, h, _ in plan["changed"]]
        ids = _insert(cur, table, written, batch_id, columns)
        held += [_held(batch_id, r, rec_id) for (r, _), rec_id in zip(written, ids)]
        held += [_held(batch_id, r, rec_id) for r, rec_id in plan["kept"]]
    _insert_rows(cur, "batch_records", held, columns("batch_records"))
    cur.execute(
        "INSERT INTO batches (batch_id, file_name, sha256, year, imported_at, imported_by, records_new, "
        "records_changed, records_unchanged, pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [batch_id, outcome.file, analysis.sha256, analysis.year, datetime.now(), user, outcome.new,
         outcome.changed, outcome.unchanged, len(outcome.pending)],
    )
    _insert_rows(cur, "batch_sheets", [
        {"batch_id": batch_id, "sheet": s.sheet, "kind": s.kind or "", "header_row": s.header_row,
         "rows_read": s.rows_read, "rows_skipped": s.rows_skipped,
         "skipped_detail": json.dumps(dict(s.skipped), ensure_ascii=False), "records": s.records,
         "pending": len(s.pending), "notes": "\n".join(s.notes)}
        for s in outcome.sheets], columns("batch_sheets"))
    _audit_batch(cur, user, batch_id, outcome, plans.get("adjustments"))


def _same_file_active(cur, file_name: str, sha256: str) -> bool:
    """Whether this very file (its name and content) is an active batch already."""
    return bool(cur.execute("SELECT count(*) FROM batches WHERE status = 'active' AND file_name = ? "
                            "AND sha256 = ?", [file_name, sha256]).fetchall()[0][0])


def _held(batch_id: int, r: Record, rec_id: int) -> dict:
    return {"batch_id": batch_id, "table_name": r.table, "identity": r.identity, "rec_id": rec_id,
            "source_file": r.source_file, "sheet": r.sheet, "row_no": r.row_no}


def _batch_label(batch_id: int, file_name: str) -> str:
    return f"批次 #{batch_id}「{file_name}」"


def _audit_batch(cur, user: str, batch_id: int, outcome: FileOutcome, adjustments: dict | None) -> None:
    """The import's audit row, and one more when it adds or changes approved adjustments."""
    audit.record(cur, user, "import", _batch_label(batch_id, outcome.file),
                 f"新增 {outcome.new} 条，更新 {outcome.changed} 条，未变 {outcome.unchanged} 条，"
                 f"待匹配姓名 {len(outcome.pending)} 个")
    if adjustments and (adjustments["new"] or adjustments["changed"]):
        audit.record(cur, user, "adjustment", _batch_label(batch_id, outcome.file),
                     f"加减分：新增 {len(adjustments['new'])} 条，更新 {len(adjustments['changed'])} 条")


def _plan_table(cur, table: str, records: list[Record]) -> dict:
    """Which records are new, which replace a current version, how many are unchanged."""
    hashes = [content_hash(r) for r in records]
    cur.register("incoming", pa.table({"identity": [r.identity for r in records]}))
    current = {
        identity: (h, rec_id, batch)
        for identity, h, rec_id, batch in cur.execute(
            f"SELECT t.identity, t.content_hash, t.rec_id, t.batch_id FROM {table} t "
            "JOIN incoming i ON i.identity = t.identity WHERE t.superseded_by IS NULL"
        ).fetchall()
    }
    cur.unregister("incoming")
    plan = {"new": [], "changed": [], "unchanged": 0, "kept": [], "batches": set()}
    for r, h in zip(records, hashes):
        old = current.get(r.identity)
        if old is None:
            plan["new"].append((r, h))
        elif old[0] == h or old[0] == _legacy_hash(r):
            plan["unchanged"] += 1
            plan["kept"].append((r, old[1]))
            plan["batches"].add(old[2])
        else:
            plan["changed"].append((r, h, old[1]))
    return plan


def _supersede(cur, table: str, old_rec_ids: list[int], batch_id: int) -> None:
    if not old_rec_ids:
        return
    cur.register("old_versions", pa.table({"rec_id": old_rec_ids}))
    cur.execute(f"UPDATE {table} SET superseded_by = ? WHERE rec_id IN (SELECT rec_id FROM old_versions)",
                [batch_id])
    cur.unregister("old_versions")


def _insert(cur, table: str, records: list[tuple[Record, str]], batch_id: int, columns) -> list[int]:
    if not records:
        return []
    ids = [r[0] for r in cur.execute("SELECT nextval('rec_seq') FROM range(?)", [len(records)]).fetchall()]
    rows = []
    children = []
    for rec_id, (r, h) in zip(ids, records):
        rows.append({"rec_id": rec_id, "batch_id": batch_id, "source_file": r.source_file,
                     "sheet": r.sheet, "row_no": r.row_no, "identity": r.identity,
                     "content_hash": h, "superseded_by": None, **r.values})
        children += [{"rec_id": rec_id, **p} for p in r.people]
    _insert_rows(cur, table, rows, columns(table))
    if table in CHILD_TABLES and children:
        _insert_rows(cur, CHILD_TABLES[table], children, columns(CHILD_TABLES[table]))
    return ids


def _insert_rows(cur, table: str, rows: list[dict], columns: list[str]) -> None:
    if not rows:
        return
    frame = pa.table({c: pa.array([r.get(c) for r in rows]) for c in columns})
    cur.register("new_rows", frame)
    cur.execute(f"INSERT INTO {table} SELECT * FROM new_rows")
    cur.unregister("new_rows")


# -- batches and undo ------------------------------------------------------------------
class UndoError(ValueError):
    pass


def list_batches(store: Store) -> pd.DataFrame:
    df = store.df("SELECT * FROM batches ORDER BY batch_id").astype(object)
    return df.where(df.notna(), None)


def undo_batch(store: Store, batch_id: int, user: str = "cli") -> None:
    """Undo a batch: the state becomes the one importing the still-active batches' files in
    their order would give. A record another active batch also holds stays; the current
    version of each identity is the one of the last active batch holding it."""
    with store.write() as cur:  # checked inside the write: two undos of one batch can't both run
        found = cur.execute("SELECT status, file_name FROM batches WHERE batch_id = ?", [batch_id]).fetchall()
        if not found:
            raise UndoError(f"批次 #{batch_id} 不存在")
        status, file_name = found[0]
        if status != "active":
            raise UndoError(f"批次 #{batch_id} 已撤销过")
        if frozen := published.published_among(cur, published.batch_years(cur, batch_id)):
            raise UndoError(published.refusal(frozen, "undo"))
        backup.snapshot(store, "undo", f"撤销批次 #{batch_id}「{file_name}」之前", user)
        members_before = _member_ids(cur)
        for table in VERSIONED_TABLES:
            _rebuild_versions(cur, table, _release(cur, table, batch_id))
        _unmatch(cur, members_before - _member_ids(cur))
        cur.execute("UPDATE batches SET status = 'undone', undone_at = ?, undone_by = ? WHERE batch_id = ?",
                    [datetime.now(), user, batch_id])
        audit.record(cur, user, "undo", _batch_label(batch_id, file_name), "撤销导入，恢复到导入该批次之前的状态")


def _release(cur, table: str, undone: int) -> list[str]:
    """The identities of ``table`` an undone batch held; it holds them no more."""
    held = [r[0] for r in cur.execute(
        "SELECT DISTINCT identity FROM batch_records WHERE batch_id = ? AND table_name = ?",
        [undone, table]).fetchall()]
    cur.execute("DELETE FROM batch_records WHERE batch_id = ? AND table_name = ?", [undone, table])
    return held


def _member_ids(cur) -> set[str]:
    return {r[0] for r in cur.execute("SELECT DISTINCT member_id FROM cur_members").fetchall()}


def _unmatch(cur, gone: set[str]) -> None:
    """Names matched at import to members an undone roster brought are unmatched again, as
    a replay without that roster reads them: their record's identity names the person as
    written (``?姓名/界别``), and the versions of those identities are rebuilt."""
    if not gone:
        return
    cur.register("gone", pa.table({"member_id": sorted(gone)}))
    for child in CHILD_TABLES.values():
        cur.execute(f"UPDATE {child} SET member_id = NULL WHERE member_id IN (SELECT member_id FROM gone)")
    for table, at in PERSON_KEY_AT.items():
        rows = cur.execute(f"SELECT rec_id, identity, member_id, name, sector_hint FROM {table} "
                           "WHERE member_id IN (SELECT member_id FROM gone)").fetchall()
        if not rows:
            continue
        keyed = pa.table({"rec_id": [r[0] for r in rows],
                          "identity": [_unmatched_identity(i, at, m, n, s) for _, i, m, n, s in rows]})
        cur.register("rekeyed", keyed)
        cur.execute(f"UPDATE {table} SET member_id = NULL, identity = k.identity FROM rekeyed k "
                    f"WHERE {table}.rec_id = k.rec_id")
        cur.execute("UPDATE batch_records SET identity = k.identity FROM rekeyed k "
                    "WHERE batch_records.table_name = ? AND batch_records.rec_id = k.rec_id", [table])
        cur.unregister("rekeyed")
        _rebuild_versions(cur, table, sorted(set(keyed["identity"].to_pylist())))
    cur.unregister("gone")


def _unmatched_identity(identity: str, at: int, member_id: str, name: str, sector_hint: str | None) -> str:
    parts = identity.split("|")
    if parts[at] == member_id:
        parts[at] = person_key({"member_id": None, "name": name, "sector_hint": sector_hint})
    return "|".join(parts)


def _rebuild_versions(cur, table: str, affected: list[str]) -> None:
    """The versions of the ``affected`` identities, rebuilt from the active batches holding
    them, in batch order: consecutive holders of equal content share one version, owned
    by the first of them (with its file, sheet and row) and superseded by the next holder
    of other content; a version no one holds is deleted."""
    if not affected:
        return
    cur.register("affected", pa.table({"identity": affected}))
    holders = cur.execute(
        f"SELECT h.identity, h.batch_id, h.rec_id, t.content_hash, h.source_file, h.sheet, h.row_no "
        f"FROM batch_records h JOIN affected a ON a.identity = h.identity JOIN {table} t ON t.rec_id = h.rec_id "
        f"WHERE h.table_name = ? ORDER BY h.identity, h.batch_id", [table]).fetchall()
    kept: dict[int, dict] = {}
    moved: list[dict] = []  # a holder whose equal version is another row: it holds that one
    for _, group in groupby(holders, key=itemgetter(0)):
        runs: list[dict] = []
        for _, batch, rec_id, content, source_file, sheet, row_no in group:
            if runs and runs[-1]["content"] == content:
                if rec_id != runs[-1]["rec_id"]:
                    moved.append({"batch_id": batch, "old": rec_id, "new": runs[-1]["rec_id"]})
                continue
            runs.append({"rec_id": rec_id, "batch_id": batch, "content": content, "superseded_by": None,
                         "source_file": source_file, "sheet": sheet, "row_no": row_no})
        for run, after in zip(runs, runs[1:]):
            run["superseded_by"] = after["batch_id"]
        kept.update((run["rec_id"], run) for run in runs)
    cur.register("kept", pa.table({c: [k[c] for k in kept.values()] for c in
                                   ("rec_id", "batch_id", "superseded_by", "source_file", "sheet", "row_no")}
                                  if kept else {"rec_id": pa.array([], pa.int64())}))
    dropped = f"SELECT rec_id FROM {table} WHERE identity IN (SELECT identity FROM affected) " \
              "AND rec_id NOT IN (SELECT rec_id FROM kept)"
    if table in CHILD_TABLES:
        cur.execute(f"DELETE FROM {CHILD_TABLES[table]} WHERE rec_id IN ({dropped})")
    cur.execute(f"DELETE FROM {table} WHERE rec_id IN ({dropped})")
    if kept:
        cur.execute(f"UPDATE {table} SET batch_id = k.batch_id, superseded_by = k.superseded_by, "
                    f"source_file = k.source_file, sheet = k.sheet, row_no = k.row_no "
                    f"FROM kept k WHERE {table}.rec_id = k.rec_id")
    if moved:
        cur.register("moved", pa.table({c: [m[c] for m in moved] for c in ("batch_id", "old", "new")}))
        cur.execute("UPDATE batch_records SET rec_id = m.new FROM moved m "
                    "WHERE batch_records.batch_id = m.batch_id AND batch_records.rec_id = m.old")
        cur.unregister("moved")
    cur.unregister("kept")
    cur.unregister("affected")
