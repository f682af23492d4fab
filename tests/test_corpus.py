"""The office-layout corpus (tests/corpus/, see FORMAT.md): every workbook is imported as
a clerk would — its roster first, the questions it must raise answered — and the records
in the database are compared, record by record, with the ones a person wrote down by
reading the workbook."""
from __future__ import annotations

import math
import tomllib
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data import taught
from data.importer import analyse_file, import_file, write_analysis
from data.store import Store
from reading.values import key_of

CORPUS = Path(__file__).resolve().parent / "corpus"
EXPECTED = sorted(p for p in CORPUS.glob("*/*.toml"))



def layouts_not_read_yet() -> dict[str, str]:
    """Each city's NOT_YET.txt: layouts the reader does not read right yet. They are strict
    xfails, so one that starts to pass fails the run until its line is removed."""
    found = {}
    for listing in CORPUS.glob("*/NOT_YET.txt"):
        for line in listing.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                stem, _, why = line.partition(" — ")
                found[f"{listing.parent.name}/{stem.strip()}"] = why.strip()
    return found


NOT_YET = layouts_not_read_yet()

# table → SQL giving one row per current record, with the keys FORMAT.md names.
_CODE = "coalesce((SELECT m.code FROM cur_members m WHERE m.member_id = r.member_id), '')"
QUERIES = {
    "members": "SELECT code, name, sector, party, title, is_standing, activity_group, liaison_group, committee, "
               "status, gender FROM cur_members",
    "attendance": f"SELECT {_CODE} AS member, name, event_date AS date, category, status, event_name AS event "
                  "FROM cur_attendance r",
    "proposals": "SELECT number, subject, year, filed, outcome, is_key, is_excellent, is_collective, "
                 "coalesce((SELECT coalesce(m.code, '') FROM cur_proposal_people r LEFT JOIN cur_members m "
                 "USING (member_id) WHERE r.rec_id = p.rec_id AND r.role = 'lead'), '') AS lead, "
                 "coalesce((SELECT list(coalesce(m.code, '') ORDER BY r.position) FROM cur_proposal_people r "
                 "LEFT JOIN cur_members m USING (member_id) WHERE r.rec_id = p.rec_id AND r.role = 'cosign'), "
                 "[]) AS cosigners FROM cur_proposals p",
    "sqmy": "SELECT issue, title, year, coalesce(adoption, '') AS adoption, coalesce(instruction, '') AS instruction, "
            "coalesce((SELECT list(coalesce(m.code, '') ORDER BY r.position) FROM cur_sqmy_authors r "
            "LEFT JOIN cur_members m USING (member_id) WHERE r.rec_id = s.rec_id), []) AS authors FROM cur_sqmy s",
    "speeches": f"SELECT {_CODE} AS member, speech_date AS date, form, meeting, topic FROM cur_speeches r",
    "reports": f"SELECT {_CODE} AS member, year, submitted FROM cur_reports r",
    "other_duties": f"SELECT {_CODE} AS member, category, duty_group, coalesce(level, '') AS level, "
                    "duty_date AS date, year FROM cur_other_duties r",
    "adjustments": f"SELECT {_CODE} AS member, points, reason, adj_date AS date, year FROM cur_adjustments r",
}


def comparable(value):
    """A value as the expected files write it: text without spaces, '' for nothing."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""  # a blank cell: a blank date comes back from DuckDB as NaT
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, (Decimal, float)) or (isinstance(value, int) and not isinstance(value, bool)):
        return float(value)
    if isinstance(value, str):
        return "".join(value.split())
    if isinstance(value, (list, tuple, np.ndarray)):  # DuckDB lists come back as arrays
        return tuple(comparable(v) for v in value)
    return value


def actual_records(store: Store, table: str, keys: list[str]) -> Counter:
    df = store.df(f"SELECT {', '.join(keys)} FROM ({QUERIES[table]})")
    return Counter(tuple(comparable(v) for v in row) for row in df.astype(object).itertuples(index=False))


def expected_records(records: list[dict], keys: list[str]) -> Counter:
    return Counter(tuple(comparable(r.get(k)) for k in keys) for r in records)


def difference(store: Store, table: str, records: list[dict]) -> str:
    keys = list(records[0])
    want, got = expected_records(records, keys), actual_records(store, table, keys)
    if want == got:
        return ""
    missing, extra = want - got, got - want
    lines = [f"{table} ({', '.join(keys)}):"]
    lines += [f"  missing {dict(zip(keys, r))}" for r in sorted(missing.elements(), key=repr)[:12]]
    lines += [f"  extra   {dict(zip(keys, r))}" for r in sorted(extra.elements(), key=repr)[:12]]
    return "\n".join(lines)


def skipped_counts(outcome) -> Counter:
    return sum((Counter(s.skipped) for s in outcome.sheets), Counter())


def said(outcome) -> str:
    return "\n".join(n for s in outcome.sheets for n in (*s.notes, *s.warnings))


@pytest.mark.parametrize("expected_file", EXPECTED, ids=[f"{p.parent.name}/{p.stem}" for p in EXPECTED])
def test_corpus_file_reads_as_a_clerk_reads_it(request, tmp_path, expected_file):
    case = f"{expected_file.parent.name}/{expected_file.stem}"
    if case in NOT_YET:
        request.applymarker(pytest.mark.xfail(reason=NOT_YET[case], strict=True))
    spec = tomllib.loads(expected_file.read_text(encoding="utf-8"))
    workbook = next(p for p in expected_file.parent.glob(expected_file.stem + ".*") if p.suffix != ".toml")
    store = Store.open(tmp_path / "corpus.duckdb")
    if "roster" in spec:
        roster = import_file(store, expected_file.parent / spec["roster"], user="办公室")
        assert roster.status == "imported", roster.summary()
    members_before = store.rows("SELECT * FROM cur_members ORDER BY member_id")
    options = {"kind": spec.get("kind"), "year": spec.get("year"), "display_name": spec.get("file_name")}

    first = analyse_file(store, workbook, **options)
    asked = {(q.domain, key_of(q.value)) for q in first.outcome.questions}
    for answer in spec.get("ask", {}).get("values", []):
        assert (answer["domain"], key_of(answer["value"])) in asked, (answer, asked)
    unused = {label for s in first.outcome.sheets for label, fld in s.columns if fld is None}
    for answer in spec.get("ask", {}).get("columns", []):
        assert answer["column"] in unused or any(answer["column"] in e.message() for e in first.outcome.errors), \
            (answer, unused)
    answers = [(a["domain"], a["value"], a["answer"]) for a in spec.get("ask", {}).get("values", [])]
    answers += [("column", f"{a['sheet']}:{a['column']}", a["answer"]) for a in spec.get("ask", {}).get("columns", [])]
    if answers:
        taught.teach(store, answers, user="办公室")

    analysis = analyse_file(store, workbook, **options)
    outcome = analysis.outcome
    if spec.get("refused"):
        assert outcome.status == "rejected"
        for want in spec["refused"]:
            assert any(all(str(v) in str(getattr(e, k)) for k, v in want.items()) for e in outcome.errors), \
                (want, [e.message() for e in outcome.errors])
        return
    assert not outcome.errors, [e.message() for e in outcome.errors]
    assert not outcome.questions, [(q.domain, q.value, q.where()) for q in outcome.questions]
    for note in spec.get("notes", []):
        assert note in said(outcome), said(outcome)
    for reason, count in spec.get("skipped", {}).items():
        assert skipped_counts(outcome)[reason] == count, (reason, dict(skipped_counts(outcome)))
    written = write_analysis(store, analysis, "办公室")
    assert written.status in ("imported", "empty"), written.summary()

    tables = [t for t in QUERIES if spec.get(t)]
    problems = [d for t in tables if (d := difference(store, t, spec[t]))]
    if "members" not in tables and "roster" in spec:
        if store.rows("SELECT * FROM cur_members ORDER BY member_id") != members_before:
            problems.append("members: the file changed the roster, and it is not a roster")
    assert not problems, "\n".join(problems)


def test_every_corpus_layout_has_its_line_in_the_readme():
    for folder in {p.parent for p in EXPECTED}:
        readme = (folder / "README.md").read_text(encoding="utf-8")
        missing = [p.stem for p in EXPECTED if p.parent == folder and p.stem not in readme]
        assert not missing, (folder.name, missing)


def test_the_corpus_has_forty_layouts_of_every_kind_in_xlsx_and_xls():
    assert len(EXPECTED) >= 40
    suffixes = {p.suffix for f in EXPECTED for p in f.parent.glob(f.stem + ".*")}
    assert {".xlsx", ".xls"} <= suffixes
    tables = {t for f in EXPECTED for t in tomllib.loads(f.read_text(encoding="utf-8")) if t in QUERIES}
    assert tables == set(QUERIES)
