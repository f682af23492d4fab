"""Who is scored in a year: the year's term (届次) and its members, and which kinds of
records a year has.

- The term of a year is the one most of the year's attendance registers belong to (the
  only one when the roster has one term); a year without attendance takes the latest
  term on the roster.
- Of that term's members, those who left (辞去/调出) before 1 January and those who
  joined (增补) after 31 December are not scored. Left during the year, or undated =
  年中离任 (listed, not ranked); 增补 dated after 1 January of the year = 年中增补.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from data.store import Store
from metrics.labels import midyear_text
from metrics.sqlutil import lit
from reading.normalize import term_ordinal

LEFT_STATUSES = ("辞去", "调出")
JOINED_STATUS = "增补"

# kind -> base table. Existence probes read the current rows of the base tables: the
# cur_* views differ only in member_id, which a probe by year does not need.
RECORD_KINDS = {"attendance": "attendance", "proposals": "proposals", "sqmy": "sqmy",
                "speeches": "speeches", "reports": "reports", "other_duties": "other_duties",
                "adjustments": "adjustments"}

def record_years(store: Store) -> dict[str, set[int]]:
    """kind -> the years that have current records of that kind."""
    sql = " UNION ALL ".join(
        f"SELECT '{kind}' AS kind, year FROM (SELECT DISTINCT year FROM {table} "
        f"WHERE superseded_by IS NULL)" for kind, table in RECORD_KINDS.items())
    years: dict[str, set[int]] = {kind: set() for kind in RECORD_KINDS}
    for kind, year in store.rows(sql):
        years[kind].add(int(year))
    return years


def imported_kinds(store: Store, year: int, years: dict[str, set[int]] | None = None) -> dict[str, bool]:
    """kind -> whether ``year`` has records of that kind."""
    years = record_years(store) if years is None else years
    return {kind: int(year) in ys for kind, ys in years.items()}


def year_terms(store: Store) -> dict[int, str]:
    """Year (with attendance) -> the term most of that year's registers belong to."""
    terms = [r[0] for r in store.rows("SELECT DISTINCT term FROM cur_members")]
    if len(terms) <= 1:
        years = store.rows("SELECT DISTINCT year FROM attendance WHERE superseded_by IS NULL")
        return {int(y): terms[0] for (y,) in years} if terms else {}
    rows = store.rows("""
        SELECT a.year, m.term, count(DISTINCT a.member_id) AS n
        FROM cur_attendance a JOIN (SELECT DISTINCT member_id, term FROM cur_members) m
          ON m.member_id = a.member_id
        GROUP BY ALL""")
    best: dict[int, tuple] = {}
    for year, term, n in rows:
        key = (n, term_ordinal(term), term)
        best[year] = max(best.get(year, key), key)
    return {int(y): k[2] for y, k in best.items()}


def term_of_year(store: Store, year: int, terms: dict[int, str] | None = None) -> str | None:
    """The term ``year`` belongs to: by its attendance, else the latest term on the roster."""
    terms = year_terms(store) if terms is None else terms
    if year in terms:
        return terms[year]
    known = [r[0] for r in store.rows("SELECT DISTINCT term FROM cur_members")]
    return max(known, key=lambda t: (term_ordinal(t), t)) if known else None


def scored_members_sql(year: int, term: str | None) -> str:
    """The members scored in ``year`` (one row each, latest roster version) with flags."""
    return serving_members_sql(term, year, year)


def serving_members_sql(term: str | None, first: int, last: int) -> str:
    """The ``term``'s members who served in the years ``first``–``last`` (one row each,
    latest roster version): without those who left before it or joined after it; flags
    ``left_midyear`` (left by its end) and ``joined_midyear`` (增补 within it)."""
    y0, y1 = f"DATE '{int(first)}-01-01'", f"DATE '{int(last)}-12-31'"
    left = f"status IN {LEFT_STATUSES}"
    return f"""
        SELECT member_id, code, name, sector, party, title, is_standing, committee,
               activity_group, liaison_group, status, change_date, term,
               rec_id, source_file, sheet, row_no,
               {left} AND (change_date IS NULL OR change_date <= {y1}) AS left_midyear,
               coalesce(status = '{JOINED_STATUS}' AND change_date > {y0}
                        AND change_date <= {y1}, FALSE) AS joined_midyear
        FROM cur_members
        WHERE term = {lit(term, 'VARCHAR')}
          AND NOT coalesce({left} AND change_date < {y0}, FALSE)
          AND NOT coalesce(status = '{JOINED_STATUS}' AND change_date > {y1}, FALSE)
        QUALIFY row_number() OVER (PARTITION BY member_id ORDER BY batch_id DESC, rec_id DESC) = 1
    """


def nominators(store: Store) -> dict[str, str]:
    """Each member's 推荐单位 (the body that nominated them) on the latest roster version,
    for the members whose roster gives one."""
    return dict(store.rows("""
        SELECT member_id, nominator FROM cur_members
        QUALIFY row_number() OVER (PARTITION BY member_id ORDER BY batch_id DESC, rec_id DESC) = 1
              AND coalesce(trim(nominator), '') <> ''
    """))


def change_dates(store: Store, term: str | None) -> pd.Series:
    """member_id -> the 变动日期 of the member's latest roster row in ``term`` (members
    with a date only); read once per database revision, as every list of a page asks."""
    return _change_dates_at(store, store.revision(), term)


@lru_cache(maxsize=8)
def _change_dates_at(store: Store, revision: int, term: str | None) -> pd.Series:
    rows = store.df(f"""
        SELECT member_id, change_date FROM cur_members WHERE term = {lit(term, 'VARCHAR')}
        QUALIFY row_number() OVER (PARTITION BY member_id ORDER BY batch_id DESC, rec_id DESC) = 1
              AND change_date IS NOT NULL""")
    return pd.Series(pd.to_datetime(rows["change_date"]).dt.date.to_numpy(), index=rows["member_id"],
                     dtype=object)


def midyear_notes(store: Store, term: str | None, scores: pd.DataFrame) -> pd.Series:
    """Per score row (scores of ``metrics.scoring``: member_id, joined_midyear,
    left_midyear): «年中增补（2025年7月1日）» / «年中离任（…）», '' for the others."""
    flagged = scores["joined_midyear"] | scores["left_midyear"]
    dates = change_dates(store, term) if flagged.any() else pd.Series(dtype=object)
    when = scores["member_id"].map(dates)
    return pd.Series([midyear_text(j, lft, d if f else None) for j, lft, d, f in zip(
        scores["joined_midyear"], scores["left_midyear"], when, flagged)], index=scores.index, dtype=object)
