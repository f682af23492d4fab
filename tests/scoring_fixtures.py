"""Hand-built scoring fixtures: rows INSERTed straight into the base tables of a real
DuckDB file through ``Store.write`` (batch ids, rec ids, identities and hashes are made
up; every row is current). Used by tests/test_scoring_*.py until the importer lands.

    db = FixtureDB(tmp_path / "t.duckdb")
    db.member("M1", standing=True)
    db.event("plenary", "2025-01-10", {"M1": "attend"})
    db.proposal(2025, lead="M1", cosigners=["M2"], filed=True)
    store = db.commit()
"""
from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date
from pathlib import Path

import pandas as pd

from data.schema import RECORD_TABLES
from data.store import Store

_COUNTER = itertools.count(1)


def _date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


class FixtureDB:
    def __init__(self, path: str | Path, year: int = 2025):
        self.store = Store(path)
        self.year = year
        self._rows: dict[str, list[dict]] = defaultdict(list)
        self._row_no: dict[str, int] = defaultdict(lambda: 1)
        self.names: dict[str, str] = {}

    # -- plumbing ----------------------------------------------------------------------
    def _record(self, table: str, batch: int = 1, source_file: str | None = None, **fields) -> int:
        rec_id = next(_COUNTER)
        self._row_no[table] += 1
        self._rows[table].append(dict(
            rec_id=rec_id, batch_id=batch, source_file=source_file or f"{table}.xlsx",
            sheet="Sheet1", row_no=self._row_no[table], identity=f"{table}:{rec_id}",
            content_hash=f"h{rec_id}", superseded_by=None, **fields))
        return rec_id

    def _person(self, member_id: str | None, name: str | None) -> dict:
        return dict(member_id=member_id, name=name or self.names.get(member_id, member_id or "某某"),
                    sector_hint=None)

    def commit(self) -> Store:
        """Write every collected row (one transaction) and return the store."""
        with self.store.write() as cur:
            for table, rows in self._rows.items():
                frame = pd.DataFrame(rows)
                cur.register("_fixture_rows", frame)
                cols = ", ".join(frame.columns)
                cur.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _fixture_rows")
                cur.unregister("_fixture_rows")
        self._rows.clear()
        return self.store

    def clear(self) -> None:
        """Delete every record and rule set (to reuse one file across examples)."""
        self._rows.clear()
        with self.store.write() as cur:
            for table in RECORD_TABLES + ("rule_sets", "name_aliases"):
                cur.execute(f"DELETE FROM {table}")

    # -- records -----------------------------------------------------------------------
    def member(self, member_id: str, name: str | None = None, *, sector: str = "科协",
               term: str = "十四届", standing: bool = False, status: str = "在任",
               change_date=None, party: str | None = "无党派人士", committee: str | None = None,
               activity_group: str | None = None, liaison_group: str | None = None,
               title: str | None = None, batch: int = 1) -> str:
        name = name or f"委员{member_id}"
        self.names[member_id] = name
        self._record("members", batch, "委员名册.xlsx", member_id=member_id, code=member_id,
                     name=name, raw_name=name, sector=sector, term=term, party=party,
                     title=title or ("常委" if standing else "委员"), is_standing=standing,
                     committee=committee, activity_group=activity_group,
                     liaison_group=liaison_group, status=status, change_date=_date(change_date))
        return member_id

    def attend(self, member_id: str | None, event_key: str, status: str, *,
               category: str = "other_meeting", date="2025-03-01", year: int | None = None,
               event_name: str | None = None, name: str | None = None, batch: int = 1,
               source_file: str | None = None, organizer: str | None = None) -> int:
        d = _date(date)
        return self._record(
            "attendance", batch, source_file, **self._person(member_id, name),
            event_key=event_key, event_date=d, event_name=event_name or event_key,
            category=category, organizer=organizer, status=status, mark=status, layout="long",
            year=year or d.year, note=None)

    def event(self, category: str, date, marks: dict[str, str], *, key: str | None = None,
              name: str | None = None, batch: int = 1, organizer: str | None = None) -> str:
        """One event: ``marks`` maps member id -> status (attend/leave/absent/late)."""
        key = key or f"{date}|{name or category}|{next(_COUNTER)}"
        for member_id, status in marks.items():
            self.attend(member_id, key, status, category=category, date=date,
                        event_name=name or category, batch=batch, organizer=organizer)
        return key

    def proposal(self, year: int | None = None, lead: str | None = None, cosigners=(), *,
                 filed: bool = True, key: bool = False, excellent: bool = False,
                 writers=(), collective: bool = False, outcome: str | None = None,
                 submit_date=None, batch: int = 1) -> int:
        """A proposal; ``writers`` (a body's proposal) are credited as leads."""
        year = year or self.year
        rec_id = self._record(
            "proposals", batch, year=year, number=None, subject=f"提案{next(_COUNTER)}",
            proposer="某界别" if collective else self.names.get(lead, lead or ""),
            cosigners="、".join(cosigners), writers="、".join(writers),
            form="集体" if collective else ("联名" if cosigners else "个人"),
            outcome=outcome or ("立案" if filed else "不予立案"), filed=filed, is_key=key,
            is_excellent=excellent, is_collective=collective, submit_date=_date(submit_date))
        people = [(m, "lead", "主笔人") for m in writers] if collective else []
        if lead is not None and not collective:
            people.append((lead, "lead", "提案人"))
        people += [(m, "cosign", "联名人") for m in cosigners]
        for pos, (member_id, role, column) in enumerate(people):
            self._rows["proposal_people"].append(dict(
                rec_id=rec_id, position=pos, role=role, source_column=column,
                **self._person(member_id, None)))
        return rec_id

    def sqmy(self, year: int | None = None, authors=(), *, adoption: str | None = None,
             instruction: str | None = None, submit_date=None, batch: int = 1) -> int:
        """A 社情民意 item; ``authors`` in order (None = a pending name)."""
        year = year or self.year
        rec_id = self._record(
            "sqmy", batch, year=year, issue=None, title=f"社情民意{next(_COUNTER)}",
            authors="、".join(a or "待认" for a in authors), submit_date=_date(submit_date),
            adoption=adoption, adoption_text=adoption, instruction=instruction,
            instruction_text=instruction, note=None)
        for pos, member_id in enumerate(authors):
            self._rows["sqmy_authors"].append(dict(
                rec_id=rec_id, position=pos, **self._person(member_id, None)))
        return rec_id

    def speech(self, member_id: str, year: int | None = None, form: str = "口头",
               date=None) -> int:
        year = year or self.year
        return self._record("speeches", **self._person(member_id, None), year=year,
                            speech_date=_date(date) or date_(year, 1, 10), meeting="全体会议",
                            topic="发言", form=form)

    def report(self, member_id: str, year: int | None = None, submitted: bool = True) -> int:
        return self._record("reports", **self._person(member_id, None), year=year or self.year,
                            submitted=submitted, submit_date=None)

    def other(self, member_id: str, duty_group: str, year: int | None = None, *,
              category: str | None = None, level: str | None = None, date=None) -> int:
        category = category or {"public_service": "为民办实事", "writing": "文史资料",
                                "commendation": "表彰"}[duty_group]
        return self._record("other_duties", **self._person(member_id, None),
                            year=year or self.year, category=category, duty_group=duty_group,
                            duty_date=_date(date), content="—", level=level)

    def adjust(self, member_id: str, points, year: int | None = None, reason: str = "主席会议决定",
               approver: str = "主席会议") -> int:
        return self._record("adjustments", **self._person(member_id, None),
                            year=year or self.year, points=points, reason=reason,
                            approver=approver, adj_date=None)


def date_(y: int, m: int, d: int) -> date:
    return date(y, m, d)
