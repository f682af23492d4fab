"""A roster sheet merged into the members already imported, at analysis time.

A roster file updates the columns it has: a column the sheet does not have (nor gives by
its name or subtitle) keeps the member's current value; a blank cell in a column it has is
a blank, and the check says so when it erases a value.

Identity: a row is matched to a current member before anything new is created —
by 编号; a row without 编号 (or with a 编号 no member has: only a member without 编号)
by name and 界别, then by name alone when only one member of the term has it and the
sheet has one row of that name. A matched row takes the member's identity,
member_id and 编号, so its record supersedes the member's current version (undo gives it
back) and the names other files use keep matching one member.

The current term: the latest-numbered term (term_ordinal) among the current members and
the terms the sheet states, as metrics.roster.term_of_year takes for a year without
attendance. A row that states no 届次 (parse_roster: «本届») belongs to it: a new member
joins it, and only members of it are matched by name. A row that states a term is matched
only within that term, so a new term's roster without 编号 never moves members of the old
term out of the old years' evaluation.

Nobody leaves the evaluation by a missing column: 状态, 变动日期 and 届次 absent from the
sheet keep their values, and a blank 届次 cell keeps the member's term.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from data.store import Store
from reading.normalize import term_ordinal
from reading.parsers import Record, vocab_label

UNSTATED_TERM = "本届"  # parse_roster's term when neither a 届次 cell nor the title gives one

# The value columns of a members record and the sheet field that gives each; a value
# column whose fields the sheet lacks keeps the member's current value.
_FROM_FIELDS: dict[str, tuple[str, ...]] = {
    "gender": ("gender",), "ethnicity": ("ethnicity",), "birth": ("birth",), "party": ("party",),
    "title": ("title",), "title_text": ("title",),
    "committee": ("committee",), "activity_group": ("activity_group",), "liaison_group": ("liaison_group",),
    "work_unit": ("work_unit",), "nominator": ("nominator",), "status": ("status",), "change_date": ("change_date",),
    "phone": ("phone",), "note": ("note",),
}
# Fields whose blank cell erases a value, told in the check: value columns shown for it.
_ERASABLE = ("gender", "ethnicity", "birth", "party", "title", "committee", "activity_group", "liaison_group",
             "work_unit", "nominator", "change_date", "phone", "note")
_SHOWN = {"title": ("title_text", "title")}
NEW_NAMES_LISTED = 30


@dataclass
class _Current:
    """The current members, looked up by 编号 and by (term, name, 界别)."""

    rows: list[dict]
    by_code: dict[str, dict] = field(default_factory=dict)

    def __post_init__(self):
        self.by_code = {r["code"]: r for r in self.rows if r["code"]}

    def by_name(self, term: str, name_key: str, sector_key: str | None, *, new_code: bool,
                name_alone: bool) -> tuple[list, str]:
        """Members of ``term`` with the name and 界别, else (``name_alone``) with the name
        alone; and which. ``new_code``: the row has a 编号 no member has, so only a member
        without 编号 can be it."""
        same_name = [r for r in self.rows if r["term"] == term and r["name_key"] == name_key
                     and not (new_code and r["code"])]
        same_sector = [r for r in same_name if r["sector_key"] == sector_key]
        if same_sector or not name_alone:
            return same_sector, "sector"
        return same_name, "name"


def current_members(store: Store) -> list[dict]:
    """The current version of every member, as dicts of its columns."""
    cur = store.cursor().execute("SELECT * FROM cur_members ORDER BY rec_id")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def members_after(members: list[dict], records: list[Record]) -> list[dict]:
    """The current members once a merged roster's records are written."""
    by_identity = {m["identity"]: m for m in members}
    by_identity.update((r.identity, {**r.values, "identity": r.identity}) for r in records if r.table == "members")
    return list(by_identity.values())


def current_term(members: list[dict], records: list[Record] = ()) -> str | None:
    """The latest-numbered term among current members and the terms the records state."""
    terms = {m["term"] for m in members} | {r.values["term"] for r in records}
    terms.discard(UNSTATED_TERM)
    return max(terms, key=lambda t: (term_ordinal(t), t)) if terms else None


def sheet_fields(layout) -> frozenset[str]:
    """The fields a roster sheet has: its mapped columns and what its name or subtitle gives."""
    return frozenset(layout.fields) | frozenset(layout.context)


def merge_roster(records: list[Record], fields: frozenset[str], members: list[dict]) -> tuple[list[Record], list[str]]:
    """The roster records of one sheet merged into the current ``members`` (see the module
    docstring), and the check's notes: members new to the database, blanks that erase a
    value, changes of 状态, rows matched by name alone, names that could not be told apart."""
    current = _Current(members)
    term_now = current_term(members, records)
    rows_of_name = Counter(r.values["name_key"] for r in records)
    merged, new, erased, by_name_only, unclear, status_changes = [], [], [], [], [], []
    for r in records:
        values = dict(r.values)
        stated_term = values["term"] != UNSTATED_TERM
        term = values["term"] if stated_term else (term_now or UNSTATED_TERM)
        old, how = _match(current, values, term, by_name_alone=rows_of_name[values["name_key"]] == 1)
        if old is None:
            if how == "unclear":
                unclear.append(values["name"])
            merged.append(_as_new(r, values, term))
            new.append((r.identity, values["name"]))
            continue
        if how == "name":
            by_name_only.append(f"{values['name']}（{old['sector']} → {values['sector']}）")
        erased += _erasures(values, old, fields)
        merged.append(_as_update(r, values, old, fields, stated_term))
        if values["status"] != old["status"]:
            status_changes.append(f"{values['name']}（{old['status']} → {values['status']}）")
    new_names = list({identity: name for identity, name in new}.values())  # a row written twice: one
    return merged, _notes(new_names if members else [], erased, by_name_only, unclear, status_changes)


def _match(current: _Current, values: dict, term: str, by_name_alone: bool) -> tuple[dict | None, str]:
    """The current member a row is (None: new) and how it was found: code, sector, name,
    or unclear when several members could be it. The name alone is not enough when the
    sheet has two rows of that name (two people, one of them maybe new)."""
    code = values["code"]
    if code and code in current.by_code:
        return current.by_code[code], "code"
    found, how = current.by_name(term, values["name_key"], values["sector_key"], new_code=bool(code),
                                 name_alone=by_name_alone and not code)
    if len(found) == 1:
        return found[0], how
    return None, "unclear" if found else "new"


def _as_new(r: Record, values: dict, term: str) -> Record:
    """A new member; without 届次 it joins the current term (its id and identity say so)."""
    if term != values["term"]:
        values["term"] = term
        if not values["code"]:
            values["member_id"] = f"{term}-{values['name']}-{values['sector']}"
            r.identity = f"name:{term}:{values['name']}:{values['sector']}"
    r.values = values
    return r


def _as_update(r: Record, values: dict, old: dict, fields: frozenset[str], stated_term: bool) -> Record:
    """A matched row: the member's identity, member_id and 编号; each value from the sheet
    when it has the field, else the member's current one."""
    for column, sources in _FROM_FIELDS.items():
        if not any(f in fields for f in sources):
            values[column] = old[column]
    if "title" not in fields and "standing" not in fields:  # a ★ by the name still makes a 常委
        values["is_standing"] = bool(values["is_standing"] or old["is_standing"])
    if not stated_term:
        values["term"] = old["term"]
    values["member_id"] = old["member_id"]
    values["code"] = values["code"] or old["code"]
    r.identity = old["identity"]
    r.values = values
    return r


def _erasures(values: dict, old: dict, fields: frozenset[str]) -> list[str]:
    found = []
    for fld in _ERASABLE:
        if fld not in fields:
            continue
        shown = _SHOWN.get(fld, (fld,))
        was = next((old[c] for c in shown if old[c] not in (None, "")), None)
        if was is not None and all(values[c] in (None, "") for c in shown):
            found.append(f"{values['name']}（{vocab_label(fld)}：原为「{was}」）")
    return found


def _notes(new: list[str], erased: list[str], by_name_only: list[str], unclear: list[str],
           status_changes: list[str]) -> list[str]:
    """The check's notes; new members are not listed when the database has none (every
    member of a first roster is new)."""
    notes = []
    if new:
        shown = "、".join(new[:NEW_NAMES_LISTED]) + (" 等" if len(new) > NEW_NAMES_LISTED else "")
        notes.append(f"新委员 {len(new)} 名（数据库中没有同编号或同名同界别的委员，将新增）：{shown}")
    if unclear:
        notes.append(f"无编号且有多位同名委员、无法确定是哪一位，已按新委员导入：{'、'.join(unclear)}；"
                     "如是已有委员，请补上编号后重新导入")
    if by_name_only:
        notes.append(f"按姓名匹配到已有委员，界别将更改：{'、'.join(by_name_only)}")
    if status_changes:
        notes.append(f"状态将更改（决定是否参加当年考评，空白单元格读作「在任」）：{'、'.join(status_changes)}")
    if erased:
        notes.append(f"表中有该列但单元格为空，将清除原值：{'；'.join(erased)}")
    return notes
