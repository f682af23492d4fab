"""Rows of one sheet → records of its kind. Each parser reads cells through ``SheetCtx``,
which turns a bad value into an error naming sheet, row, column and value."""
from __future__ import annotations

import re
from functools import cached_property, lru_cache
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from reading import normalize as nz
from reading import vocab
from reading.names import Matcher, Member
from reading.reader import Layout, column_letter
from reading.values import Question, Unknown, Vocabulary, ends_with, key_of
from reading.workbook_file import CellFault

_CATEGORY_NAMES = vocab.category_names()


@dataclass
class ImportIssue:
    file: str
    sheet: str
    row: int | None
    column: str
    value: str
    expected: str

    def message(self) -> str:
        where = f"工作表「{self.sheet}」" if self.sheet else ""
        if self.row:
            where += f"第 {self.row} 行"
        if self.column:
            where += f" {self.column}"
        if not (self.row or self.column):
            return f"{where or '文件'}：{self.value + '，' if self.value else ''}应为{self.expected}"
        value = f"值「{self.value}」" if self.value != "" else "为空"
        return f"{where}：{value}，应为{self.expected}"


@dataclass
class Record:
    table: str
    row_no: int
    identity: str
    values: dict
    people: list[dict] = field(default_factory=list)
    source_file: str = ""
    sheet: str = ""


@dataclass
class SheetCtx:
    file: str
    sheet: str
    layout: Layout
    year: int | None
    matcher: Matcher
    errors: list[ImportIssue]
    pending: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    row: list = field(default_factory=list)
    row_no: int = 0
    members_seen: dict[str, tuple[int, dict]] = field(default_factory=dict)  # roster identity → first row
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    questions: dict[tuple[str, str], Question] = field(default_factory=dict)  # (domain, key) → question
    periods_noted: set[str] = field(default_factory=set)  # month or 旬 dates told in a note
    years: frozenset[int] | None = None  # the years the file states, as the importer settled them

    # -- the sheet -----------------------------------------------------------------
    def header_ok(self) -> bool:
        """False, with an error per column, when a header label is repeated."""
        self.row_no = self.layout.header_row + 1
        for first, later in self.layout.repeated:
            self.error(later, self.layout.labels[later],
                       vocab.CHECK_MESSAGES["repeated_column"].format(first=self.column_name(first)))
        return not self.layout.repeated

    @cached_property
    def stated_years(self) -> frozenset[int]:
        """The years the file states: its title, its name, the year chosen on import, as the
        importer settled them; else those of the title and the file's name (none: any year goes)."""
        if self.years is not None:
            return self.years
        return nz.years_in_text(f"{self.layout.title} {Path(self.file).stem}")

    @cached_property
    def columns_read(self) -> frozenset[int]:
        """The columns whose cells make records: every mapped one but 序号, and the event columns."""
        numbered = {i for columns in self.layout.more.values() for i in columns}
        return frozenset(set(self.layout.fields.values()) - {self.layout.fields.get("seq")}
                         | set(self.layout.events) | numbered)

    def faults_reported(self) -> bool:
        """Whether the row has error values or unsaved formulas in the columns read, each reported."""
        faults = [(i, c) for i, c in enumerate(self.row) if isinstance(c, CellFault) and i in self.columns_read]
        for i, fault in faults:
            self.error(i, fault, fault.expected)
        return bool(faults)

    # -- cells ---------------------------------------------------------------------
    def raw(self, fld: str):
        """A field's cell in this row; a field no column holds takes what the sheet says
        of it (its name, a subtitle such as «界别：教育界»)."""
        i = self.layout.fields.get(fld)
        if i is None:
            return self.layout.context.get(fld)
        if i >= len(self.row):
            return None
        return self.row[i]

    def text(self, fld: str) -> str:
        return nz.text(self.raw(fld))

    def texts(self, fld: str) -> list[str]:
        """A field's non-blank cells in this row: its column, then its numbered ones (联名人2 …)."""
        if fld not in self.layout.more:
            return [t] if (t := self.text(fld)) else []
        cells = (self.row[i] if i < len(self.row) else None for i in self.layout.columns_of(fld))
        return [t for c in cells if (t := nz.text(c))]

    def column_name(self, fld_or_index: str | int) -> str:
        if fld_or_index == "":
            return ""
        i = fld_or_index if isinstance(fld_or_index, int) else self.layout.fields.get(fld_or_index, 0)
        label = self.layout.labels[i] if i < len(self.layout.labels) else ""
        return f"{column_letter(i)} 列（{label}）" if label else f"{column_letter(i)} 列"

    def error(self, fld_or_index: str | int, value, expected: str) -> None:
        """An error naming this row's cell and its value as the clerk typed it (not normalised)."""
        self.errors.append(ImportIssue(
            self.file, self.sheet, self.row_no, self.column_name(fld_or_index), nz.as_typed(value), expected))

    def parse(self, fld: str, parser, *args, default=None):
        """``parser(value, *args)``, or an error for this cell and ``default``."""
        value = self.raw(fld)
        try:
            return parser(value, *args)
        except ValueError as exc:
            self.error(fld, value, str(exc))
            return default

    def coded(self, fld_or_index: str | int, domain: str, default=None, value=None):
        """What a coded cell means in its column's vocabulary; a blank cell gives ``default``
        and an unknown value becomes a question (and ``default``)."""
        if value is None:
            value = self.raw(fld_or_index) if isinstance(fld_or_index, str) else (
                self.row[fld_or_index] if fld_or_index < len(self.row) else None)
        if nz.is_blank(value):
            return default
        try:
            return self.vocabulary.read(domain, value)
        except Unknown as exc:
            self.ask(exc, fld_or_index)
            return default

    def ask(self, unknown: Unknown, fld_or_index: str | int) -> None:
        question = self.questions.setdefault((unknown.domain, key_of(unknown.value)),
                                             Question(unknown.domain, unknown.value, unknown.suggestion))
        question.cells.append((self.sheet, self.row_no, self.column_name(fld_or_index)))

    def required_text(self, fld: str) -> str:
        value = self.text(fld)
        if not value:
            self.error(fld, "", f"非空的{vocab_label(fld)}")
        return value

    def date_or_none(self, fld: str) -> date | None:
        if nz.is_blank(self.raw(fld)):
            return None
        return self.date_cell(fld)

    def date_cell(self, fld: str) -> date | None:
        """A date cell; a month or a 旬 («2025年3月», «3月上旬») is its first day, with a note."""
        when = self.parse(fld, nz.parse_date, self.year)
        period = nz.date_period(self.raw(fld))
        if when and period and self.text(fld) not in self.periods_noted:
            self.periods_noted.add(self.text(fld))
            self.notes.append(vocab.CHECK_NOTES["period_date"].format(
                row=self.row_no, column=self.column_name(fld) if fld in self.layout.fields else "",
                value=self.text(fld), period=period, day=when.isoformat()))
        return when

    def date_in_year(self, fld: str, required: bool = True) -> date | None:
        """A date that counts a record in its year: within the year the sheet states, if it states one."""
        when = self.date_cell(fld) if required else self.date_or_none(fld)
        years = self.stated_years
        if when and years and when.year not in years:
            self.error(fld, self.raw(fld), vocab.CHECK_MESSAGES["outside_year"].format(
                years="、".join(str(y) for y in sorted(years))))
        elif when and when.year > date.today().year:
            self.error(fld, self.raw(fld), vocab.CHECK_MESSAGES["future_year"].format(year=date.today().year))
        return when

    def handed_in(self, fld: str, years: frozenset[int] | None = None) -> date | None:
        """A date of handing in or approval (提交日期, 报送日期, 批准日期): in the year the file
        states (or ``years``, those of the row) or within the months around it that
        ``vocab.HANDED_IN_MONTHS`` gives the sheet's kind (a report of 2025 handed in in
        January 2026 stays a record of 2025); any date when no year is stated."""
        when = self.date_or_none(fld)
        years = self.stated_years or years or frozenset()
        if when is None:
            return None
        first, last = handed_in_window(self.layout.kind, years) if years else (None, None)
        if first and not first <= when <= last:
            self.error(fld, self.raw(fld), handed_in_expected(self.layout.kind, fld, years))
        elif when.year > date.today().year:
            self.error(fld, self.raw(fld), vocab.CHECK_MESSAGES["future_year"].format(year=date.today().year))
        return when

    def year_handed_in(self, when: date | None) -> int | None:
        """The year of a record dated by its handing in: the year the file states (a date in
        the months after it does not move the record), else the date's year, else the year
        chosen on import."""
        years = self.stated_years
        if len(years) == 1:
            return next(iter(years))
        if years and when:
            return when.year if when.year in years else max(years)
        return self.record_year(when)

    def record_year(self, when: date | None) -> int | None:
        year = when.year if when else self.year
        if year is None:
            self.error("", "", "可确定的年度（标题、文件名或导入时所选年度中均未给出年份）")
        return year

    # -- people --------------------------------------------------------------------
    def person(self, name: str, sector_hint: str | None = None, code: str | None = None) -> dict:
        """One person named in a record, matched to the roster, with the keys the read-time
        views match by when the roster comes later."""
        member_id = self.matcher.match(name, sector_hint, code)
        if member_id is None:
            self.pending.append((name, sector_hint or ""))
        return {"name": name, "sector_hint": sector_hint or None, "member_id": member_id,
                "name_key": nz.name_key(name), "sector_key": nz.sector_key(sector_hint) or None,
                "code_hint": code or None}

    def people_in(self, fld: str) -> list[tuple[str, str | None]]:
        """The names in a field's cells, each with the 界别 written in brackets beside it, or None."""
        pairs = [p for cell in self.texts(fld) for p in nz.split_people(cell, self.matcher.known)]
        self.check_names(fld, [n for n, _ in pairs])
        return [(n, note if nz.is_sector_note(note) else None) for n, note in pairs]

    def row_hints(self) -> tuple[str | None, str | None]:
        """The row's 界别 and 编号 columns, which tell namesakes apart in any kind of file."""
        return self.text("sector") or None, self.text("code") or None

    def persons_in(self, fld: str) -> list[dict]:
        """The people a field names, matched: a 界别 in brackets beside a name, else the
        row's 界别 and 编号 columns, tell namesakes apart."""
        sector, code = self.row_hints()
        return [self.person(n, note or sector, code) for n, note in self.people_in(fld)]

    def sector_note(self, fld: str) -> str | None:
        """The 界别 written in brackets in a one-person cell («王磊（教育界）»), if any."""
        return next((n for n in nz.bracket_notes(self.raw(fld)) if nz.is_sector_note(n)), None)

    def name_in(self, fld: str) -> tuple[str, bool]:
        """The one person's name of a cell, cleaned, and whether it carried ★."""
        name, starred = nz.clean_name(self.raw(fld))
        self.check_names(fld, [name])
        return name, starred

    def check_names(self, fld: str, names: list[str]) -> None:
        if any(nz.has_symbols(n) for n in names):
            self.error(fld, self.raw(fld), vocab.CHECK_MESSAGES["name_symbols"])
        elif any(not nz.can_be_a_name(n) for n in names):
            self.error(fld, self.raw(fld), vocab.CHECK_MESSAGES["not_a_name"].format(longest=vocab.MAX_NAME_LENGTH))


def handed_in_window(kind: str, years: frozenset[int]) -> tuple[date, date]:
    """The first and last day a date of handing in may have for records of ``years``."""
    before, after = vocab.HANDED_IN_MONTHS[kind]
    start, end = min(years), max(years)
    first = date(start - 1, 13 - before, 1) if before else date(start, 1, 1)
    last = (date(end + 1, after + 1, 1) - timedelta(days=1)) if after else date(end, 12, 31)
    return first, last


def handed_in_expected(kind: str, fld: str, years: frozenset[int]) -> str:
    before, after = vocab.HANDED_IN_MONTHS[kind]
    first, last = handed_in_window(kind, years)
    window = "、".join(([f"开始前 {before} 个月起"] if before else []) + ([f"结束后 {after} 个月内"] if after else []))
    return vocab.CHECK_MESSAGES["handed_in_outside"].format(
        first=first.isoformat(), last=last.isoformat(), what=vocab_label(fld),
        years="、".join(str(y) for y in sorted(years)), window=window or "之内")


def vocab_label(fld: str) -> str:
    return next((c.label for c in vocab.COLUMNS if c.field == fld), fld)


def person_key(p: dict) -> str:
    """The person in a record's identity: the member matched, else the name as written."""
    return p["member_id"] or f"?{p['name']}/{p['sector_hint'] or ''}"


# Where person_key stands among the '|'-separated parts of each one-person table's identity.
PERSON_KEY_AT = {"attendance": -1, "speeches": 0, "reports": -1, "other_duties": 0, "adjustments": 0}


def _norm_key(value: str) -> str:
    return re.sub(r"[\s“”\"'‘’「」『』]", "", value)


def _one_of(options) -> str:
    return "、".join(options)


# -- roster --------------------------------------------------------------------------
def _term_of(ctx: SheetCtx) -> str:
    raw = ctx.text("term") or ctx.layout.title
    m = re.search(r"第?([一二三四五六七八九十百]+|\d+)届", raw)
    return f"{m.group(1)}届" if m else (ctx.text("term") or "本届")


def parse_roster(ctx: SheetCtx) -> list[Record]:
    name, starred = ctx.name_in("name")
    if not name:
        ctx.error("name", "", "委员姓名")
    sector = ctx.required_text("sector")
    title, title_text = _title(ctx)
    status = ctx.coded("status", "member_status", default="在任")
    standing = ctx.coded("standing", "yes_no") == "是"
    code = ctx.text("code") or None
    term = _term_of(ctx)
    party_text = ctx.text("party")
    values = {
        "member_id": code or f"{term}-{name}-{sector}",
        "code": code, "name": name, "raw_name": str(ctx.raw("name")).strip(), "sector": sector, "term": term,
        "name_key": nz.name_key(name), "sector_key": nz.sector_key(sector),
        "gender": ctx.text("gender") or None, "ethnicity": ctx.text("ethnicity") or None,
        "birth": ctx.text("birth") or None,
        "party": ctx.coded("party", "party", default=party_text or None),
        "title": title, "title_text": title_text,
        "is_standing": bool(starred or standing or title in vocab.STANDING_TITLES),
        "committee": ctx.text("committee") or None,
        "activity_group": ctx.text("activity_group") or None,
        "liaison_group": ctx.text("liaison_group") or None,
        "work_unit": ctx.text("work_unit") or None,
        "nominator": ctx.text("nominator") or None,
        "status": status,
        "change_date": ctx.date_or_none("change_date"),
        "phone": ctx.text("phone") or None,
        "note": ctx.text("note") or None,
    }
    identity = f"code:{code}" if code else f"name:{term}:{name}:{sector}"
    if not code:
        _check_same_name(ctx, identity, values)
    return [Record("members", ctx.row_no, identity, values)]


def _title(ctx: SheetCtx) -> tuple[str | None, str | None]:
    """A 职务 cell's title and the rest of it kept as text: «常委、教科卫体委员会副主任» is
    常委 (the highest title among its parts) with «教科卫体委员会副主任» beside it."""
    written = ctx.text("title")
    if not written:
        return None, None
    try:
        return ctx.vocabulary.read("title", written), None
    except Unknown as exc:
        unknown = exc
    parts = [p for p in re.split(r"[、，,；;/\s]+", written) if p]
    found = [(p, ctx.vocabulary.read("title", p) if ctx.vocabulary.knows("title", p) else ends_with("title", p))
             for p in parts]
    titles = [t for _, t in found if t]
    if not titles:
        ctx.ask(unknown, "title")
        return None, written
    rest = "、".join(p for p, t in found if not t)
    return min(titles, key=vocab.TITLES.index), rest or None


def _check_same_name(ctx: SheetCtx, identity: str, values: dict) -> None:
    """Two rows of one name in one 界别 without 编号 are one member written twice when they
    agree, and two members that cannot be told apart when they do not."""
    row, seen = ctx.members_seen.setdefault(identity, (ctx.row_no, values))
    if row != ctx.row_no and _without_raw_name(seen) != _without_raw_name(values):
        ctx.error("name", values["name"], vocab.CHECK_MESSAGES["same_name_member"].format(
            row=row, sector=values["sector"], name=values["name"]))


def _without_raw_name(values: dict) -> dict:
    return {k: v for k, v in values.items() if k != "raw_name"}


def roster_members(records: list[Record]) -> list[Member]:
    return [Member(r.values["member_id"], r.values["name"], r.values["sector"], r.values["code"]) for r in records]


# -- attendance ----------------------------------------------------------------------
_CATEGORY_PATTERNS = tuple((code, re.compile("|".join(words))) for code, _, words in vocab.EVENT_CATEGORIES if words)


@lru_cache(maxsize=4096)
def category_of(name: str) -> str:
    """An event's category by the keywords of its name (vocab.EVENT_CATEGORIES)."""
    return next((code for code, pattern in _CATEGORY_PATTERNS if pattern.search(name)), "other_meeting")


MARK_EXPECTED = "出勤标记（如 出席、√、已签到、请假、缺席、未签到、迟到）"


def _category(ctx: SheetCtx, event: str) -> str | None:
    """An event's category: its 类别 cell read through the vocabulary (names, codes, the
    office's words, then the keyword rules on that text), else the event's name."""
    written = ctx.text("category")
    if not written:
        return category_of(event)
    code = _CATEGORY_NAMES.get(written) or ctx.vocabulary.office.get("category", {}).get(key_of(written))
    if code:
        return code
    code = category_of(written)
    if code != "other_meeting":
        return code
    ctx.ask(Unknown("category", written, category_of(event)), "category")
    return None


def _attendance(ctx: SheetCtx, event: str, when: date, category: str, person: dict, status: str,
                mark: str, layout: str, organizer=None, note=None) -> Record:
    event_key = f"{when.isoformat()}|{_norm_key(event)}"
    values = {
        **person, "event_key": event_key, "event_date": when, "event_name": event, "category": category,
        "organizer": organizer, "status": status, "mark": mark, "layout": layout, "year": when.year,
        "note": note,
    }
    return Record("attendance", ctx.row_no, f"{event_key}|{person_key(person)}", values)


def parse_attendance(ctx: SheetCtx) -> list[Record]:
    if any(f in ctx.layout.fields for f in vocab.PARTICIPANT_LISTS):
        return parse_event_lists(ctx)
    event = ctx.required_text("event")
    when = ctx.date_in_year("date")
    status = ctx.coded("mark", "mark")
    if nz.is_blank(ctx.raw("mark")):
        ctx.error("mark", "", MARK_EXPECTED)
    category = _category(ctx, event)
    people = _persons(ctx)
    if not (event and when and status and category):
        return []
    return [
        _attendance(ctx, event, when, category, p, status, ctx.text("mark"),
                    "long", ctx.text("organizer") or None, ctx.text("note") or None)
        for p in people
    ]


def parse_event_lists(ctx: SheetCtx) -> list[Record]:
    """One row per event, its people in 参加人员 / 请假人员 / 缺席人员 lists: a record per name."""
    event = ctx.required_text("event")
    when = ctx.date_in_year("date")
    category = _category(ctx, event)
    listed = [(fld, status, ctx.people_in(fld)) for fld, status in vocab.PARTICIPANT_LISTS.items()
              if fld in ctx.layout.fields]
    if not (event and when and category):
        return []
    organizer, note = ctx.text("organizer") or None, ctx.text("note") or None
    return [
        _attendance(ctx, event, when, category, ctx.person(name, sector), status, vocab_label(fld), "lists",
                    organizer, note)
        for fld, status, names in listed for name, sector in names
    ]


def parse_attendance_matrix(ctx: SheetCtx) -> list[Record]:
    name, _ = ctx.name_in("name")
    _marks_outside_events(ctx)
    marks = []
    for col, (event, when) in ctx.layout.events.items():
        value = ctx.row[col] if col < len(ctx.row) else None
        status = ctx.coded(col, "mark", value=value)
        if status and status != "none":
            marks.append((event, when, status, nz.text(value)))
    if not marks:
        return []
    if not name:
        ctx.error("name", "", "委员姓名")
        return []
    sector, code = ctx.row_hints()
    person = ctx.person(name, ctx.sector_note("name") or sector, code)
    return [
        _attendance(ctx, event, when, category_of(event), person, status, mark, "matrix")
        for event, when, status, mark in marks
    ]


def _marks_outside_events(ctx: SheetCtx) -> None:
    """A mark in a matrix column that is no event (no date, no name, a date that cannot be
    read) is an error naming the column: the mark would be lost."""
    for col, why in ctx.layout.unread_events.items():
        value = ctx.row[col] if col < len(ctx.row) else None
        if not nz.is_blank(value) and ctx.vocabulary.knows("mark", value) and ctx.vocabulary.read("mark", value) != "none":
            ctx.error(col, value, vocab.CHECK_MESSAGES["event_column_unread"].format(why=why))


# -- proposals -----------------------------------------------------------------------
def _proposal_people(ctx: SheetCtx, collective: bool) -> list[dict]:
    """The lead and cosigners of a proposal, in order; units are not people. The row's
    界别/编号 columns belong to the lead (the first proposer, or a collective's 主笔人)."""
    sector, code = ctx.row_hints()
    people: list[dict] = []
    seen: set[str] = set()

    def add(name: str, note: str | None, role: str, column: str) -> None:
        if not ctx.matcher.is_person_name(name):
            return
        lead = not people
        p = ctx.person(name, note or (sector if lead else None), code if lead else None)
        key = person_key(p)
        if key in seen:
            return
        seen.add(key)
        people.append({"position": len(people), "role": role, "source_column": column, **p})

    if collective:
        writers = [(n, s) for n, s in ctx.people_in("writers") if ctx.matcher.is_person_name(n)][:3]
        if not writers:
            ctx.notes.append(f"第 {ctx.row_no} 行：集体提案「{ctx.text('subject')}」未写主笔人，不计入任何委员")
        for n, note in writers:
            add(n, note, "lead", "主笔人")
        return people
    for i, (n, note) in enumerate(ctx.people_in("proposer")):
        add(n, note, "lead" if i == 0 else "cosign", "提案人")
    for n, note in ctx.people_in("cosigners"):
        add(n, note, "cosign", "联名人")
    return people


def parse_proposal(ctx: SheetCtx) -> list[Record]:
    subject = ctx.required_text("subject")
    proposer = ctx.required_text("proposer")
    outcome = ctx.coded("outcome", "outcome")
    filed = bool(outcome and vocab.PROPOSAL_OUTCOMES[outcome])
    form = ctx.coded("form", "proposal_form")
    submit_date = ctx.handed_in("submit_date")
    year = ctx.year if ctx.year and not ctx.stated_years else ctx.year_handed_in(submit_date)
    is_key = ctx.coded("key", "yes_no") == "是"
    is_excellent = ctx.coded("excellent", "yes_no") == "是"
    if not (subject and proposer and year):
        return []
    named = nz.split_names(proposer, ctx.matcher.known)
    collective = form == "集体" or not ctx.matcher.is_person_name(named[0] if named else proposer)
    number = ctx.text("number") or None
    values = {
        "year": year, "number": number, "subject": subject, "proposer": proposer,
        "cosigners": "、".join(ctx.texts("cosigners")) or None, "writers": "、".join(ctx.texts("writers")) or None,
        "form": form, "outcome": outcome, "filed": filed, "is_key": is_key, "is_excellent": is_excellent,
        "is_collective": collective, "submit_date": submit_date, "sector": ctx.text("sector") or None,
        "handler": ctx.text("handler") or None, "result": ctx.text("result") or None,
        "note": ctx.text("note") or None,
    }
    identity = f"{year}|no:{number}" if number else f"{year}|t:{_norm_key(subject)}"
    return [Record("proposals", ctx.row_no, identity, values, _proposal_people(ctx, collective))]


# -- 社情民意 ----------------------------------------------------------------------------
def _highest_level(ctx: SheetCtx, fld: str, domain: str, order: tuple[str, ...]) -> tuple[str | None, str | None]:
    """The highest level among the parts of a cell («市政协采用、省政协采用» → 省), and the text.
    A negation anywhere rules the whole cell: «拟报送，未采用» is not adopted."""
    written = ctx.text(fld)
    if written and (negated := ctx.vocabulary.negation(domain, written)) is not None:
        return negated or None, written
    parts = [p for p in re.split(r"[、，,；;/]", written) if p.strip()]
    levels = [ctx.coded(fld, domain, value=p) for p in parts]
    found = [lv for lv in levels if lv]
    return (max(found, key=order.index) if found else None), written or None


def parse_sqmy(ctx: SheetCtx) -> list[Record]:
    title = ctx.required_text("title_text")
    authors_text = ctx.required_text("authors")
    submit_date = ctx.handed_in("sqmy_date")
    year = ctx.year if ctx.year and not ctx.stated_years else ctx.year_handed_in(submit_date)
    adoption, adoption_text = _highest_level(ctx, "adoption", "adoption", vocab.SQMY_ADOPTION_ORDER)
    instruction, instruction_text = _highest_level(ctx, "instruction", "instruction", vocab.INSTRUCTION_ORDER)
    if not (title and authors_text and year):
        return []
    authors, seen = [], set()
    for name, note in ctx.people_in("authors"):
        if not ctx.matcher.is_person_name(name):
            continue
        p = ctx.person(name, note)
        if person_key(p) not in seen:
            seen.add(person_key(p))
            authors.append({"position": len(authors), **p})
    issue = ctx.text("issue") or None
    values = {
        "year": year, "issue": issue, "title": title, "authors": authors_text, "submit_date": submit_date,
        "adoption": adoption, "adoption_text": adoption_text, "instruction": instruction,
        "instruction_text": instruction_text, "note": ctx.text("note") or None,
    }
    identity = f"{year}|no:{issue}" if issue else f"{year}|t:{_norm_key(title)}"
    return [Record("sqmy", ctx.row_no, identity, values, authors)]


# -- one person per row kinds ----------------------------------------------------------
def _persons(ctx: SheetCtx) -> list[dict]:
    people = ctx.persons_in("name")
    if not people:
        ctx.error("name", "", "委员姓名")
    return people


def parse_speech(ctx: SheetCtx) -> list[Record]:
    when = ctx.date_in_year("date")
    form = ctx.coded("speech_form", "speech_form", default="书面")
    people = _persons(ctx)
    if not (when and form):
        return []
    meeting, topic = ctx.text("meeting") or None, ctx.text("topic") or None
    return [
        Record("speeches", ctx.row_no, f"{person_key(p)}|{when}|{_norm_key(topic or '')}|{_norm_key(meeting or '')}",
               {**p, "year": when.year, "speech_date": when, "meeting": meeting, "topic": topic, "form": form})
        for p in people
    ]


def _report_year(value) -> int:
    m = re.fullmatch(r"((?:19|20)\d{2})(年度?)?", nz.text(value))
    if not m:
        raise ValueError("四位年份，如 2025")
    return int(m.group(1))


def _report_year_cell(ctx: SheetCtx) -> int | None:
    """A 年度 cell: one of the years the file states, and a year that has come."""
    year = ctx.parse("report_year", _report_year)
    if year is None:
        return None
    if ctx.stated_years and year not in ctx.stated_years:
        ctx.error("report_year", ctx.raw("report_year"), vocab.CHECK_MESSAGES["year_cell_outside"].format(
            years="、".join(str(y) for y in sorted(ctx.stated_years))))
    elif year > date.today().year:
        ctx.error("report_year", ctx.raw("report_year"), vocab.CHECK_MESSAGES["future_year"].format(
            year=date.today().year))
    return year


def parse_report(ctx: SheetCtx) -> list[Record]:
    written = _report_year_cell(ctx) if ctx.text("report_year") else None
    submit_date = ctx.handed_in("submit_date", frozenset({written}) if written else None)
    if "submitted" in ctx.layout.fields:
        submitted = ctx.coded("submitted", "yes_no") == "是"
    else:
        submitted = submit_date is not None
    year = written if ctx.text("report_year") else ctx.year_handed_in(submit_date)
    people = _persons(ctx)
    if not year:
        return []
    return [
        Record("reports", ctx.row_no, f"{year}|{person_key(p)}",
               {**p, "year": year, "submitted": bool(submitted), "submit_date": submit_date})
        for p in people
    ]


def parse_other(ctx: SheetCtx) -> list[Record]:
    category = ctx.coded("category", "other_category")
    if category is None and nz.is_blank(ctx.raw("category")):
        ctx.error("category", "", "其他履职类别：" + _one_of(vocab.OTHER_CATEGORIES))
    group = vocab.OTHER_CATEGORIES.get(category) if category else None
    level = ctx.coded("level", "level")
    if group == "commendation" and "level" in ctx.layout.fields and nz.is_blank(ctx.raw("level")):
        ctx.error("level", "", "表彰级别：" + _one_of(vocab.COMMENDATION_LEVELS))
    when = ctx.date_in_year("date", required=False)
    year = ctx.record_year(when)
    people = _persons(ctx)
    if not (group and year):
        return []
    content = ctx.text("content") or None
    return [
        Record("other_duties", ctx.row_no, f"{person_key(p)}|{category}|{when}|{_norm_key(content or '')}",
               {**p, "year": year, "category": category, "duty_group": group, "duty_date": when,
                "content": content, "level": level})
        for p in people
    ]


_POINT_SIGNS = {"加": "", "奖励": "", "减": "-", "扣": "-", "扣除": "-"}


def _points(value) -> Decimal:
    """A signed number of points as written: 5, -3, +3, «−5» (a Unicode minus), «加5分»,
    «减2分», «扣2分»; at most two decimals (a third is refused, never rounded away)."""
    written = f"{value:.12g}" if isinstance(value, float) else nz.text(value)  # 0.1+0.2 is 0.3 in the cell
    raw = re.sub(r"\s+", "", written).removesuffix("分").replace("\u2212", "-")
    for word, sign in sorted(_POINT_SIGNS.items(), key=lambda ws: -len(ws[0])):
        if raw.startswith(word) and raw[len(word):][:1].isdigit():
            raw = sign + raw[len(word):]
            break
    try:
        points = Decimal(raw)
    except InvalidOperation:
        raise ValueError("数值分值，如 5 或 -3") from None
    if not points.is_finite():
        raise ValueError("数值分值，如 5 或 -3")
    if abs(points) > vocab.MAX_ADJUSTMENT_POINTS:
        raise ValueError(vocab.CHECK_MESSAGES["points_range"].format(limit=vocab.MAX_ADJUSTMENT_POINTS))
    if points.as_tuple().exponent < -2:
        raise ValueError(vocab.CHECK_MESSAGES["points_decimals"])
    return points


def parse_adjustment(ctx: SheetCtx) -> list[Record]:
    points = ctx.parse("points", _points)
    reason = ctx.required_text("reason")
    when = ctx.date_in_year("date", required=False)
    approved = ctx.handed_in("approve_date")
    year = ctx.record_year(when) if when or not approved else ctx.year_handed_in(approved)
    when = when or approved
    people = _persons(ctx)
    if points is None or not reason or not year:
        return []
    return [
        Record("adjustments", ctx.row_no, f"{person_key(p)}|{year}|{when}|{_norm_key(reason)}",
               {**p, "year": year, "points": points, "reason": reason,
                "approver": ctx.text("approver") or None, "adj_date": when})
        for p in people
    ]


PARSERS = {
    "roster": parse_roster,
    "attendance": parse_attendance,
    "attendance_matrix": parse_attendance_matrix,
    "proposals": parse_proposal,
    "sqmy": parse_sqmy,
    "speeches": parse_speech,
    "reports": parse_report,
    "other": parse_other,
    "adjustments": parse_adjustment,
}
