"""Published (审定) years, as stored: a year the office has published keeps its rule set,
the batches active when it was published and every score row, fact, workbook count and
provenance row exactly as published (tables of migration 6). Nothing here scores:
``metrics/publish.py`` computes what is frozen and ``metrics/scoring.py`` reads it back.

While a year is published its results do not move:
- an import with records of that year, and the undo of a batch holding records of that
  year, are refused (``refuse``) with ``PUBLISHED_MESSAGE``; a roster, a name resolution
  or a taught word is not refused (the frozen rows keep the names, groups and points
  they were published with);
- saving a rule set for that year is refused;
- 撤销审定 (``withdraw``) needs a reason; it deletes the frozen rows — the audit log keeps
  who published and who withdrew the year, when, with the note and the reason.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

import pandas as pd
import pyarrow as pa

from data import audit, backup
from data.store import Store

PUBLISHED_MESSAGE = "{year} 年度考评结果已审定，如需修改请先撤销审定"
# What each refused change says after the message (the words of the refusal).
REFUSED: dict[str, str] = {
    "import": "：文件中有该年度的记录，未导入。",
    "undo": "：该批次含有该年度的记录，不能撤销。",
    "rules": "：不能保存该年度的计分规则。",
}
FROZEN_TABLES = ("published_scores", "published_provenance")
YEAR_TABLES = ("attendance", "proposals", "sqmy", "speeches", "reports", "other_duties", "adjustments")


class PublishedError(ValueError):
    """A change refused because of a published year (or a bad publish / unpublish); the
    message is for the office (Chinese)."""


@dataclass(frozen=True)
class Publication:
    """One published year: when, by whom (user name and the name shown), the note, the
    rule file, the term, the batches active at publishing and the kinds it had records of."""

    year: int
    published_at: datetime
    published_by: str
    shown_by: str
    note: str
    rules_toml: str = field(repr=False)
    term: str | None
    batch_ids: tuple[int, ...] = ()
    imported: dict[str, bool] = field(default_factory=dict)

    @property
    def badge(self) -> str:
        return f"已审定（{self.published_at:%Y-%m-%d} {self.shown_by}）"


def refusal(years: Iterable[int], what: str) -> str:
    """The refusal of a change touching published years (what: a ``REFUSED`` key)."""
    ys = "、".join(str(int(y)) for y in sorted(set(years)))
    return PUBLISHED_MESSAGE.format(year=ys) + REFUSED[what]


def published_years(reader) -> set[int]:
    """The published years (``reader``: a Store or a write cursor)."""
    return {int(r[0]) for r in _rows(reader, "SELECT year FROM published_years")}


def published_among(reader, years: Iterable[int]) -> set[int]:
    """Those of ``years`` that are published."""
    return published_years(reader) & {int(y) for y in years if y is not None}


def refuse(reader, years: Iterable[int], what: str) -> None:
    """Raise ``PublishedError`` when any of ``years`` is published."""
    if hit := published_among(reader, years):
        raise PublishedError(refusal(hit, what))


def refuse_again(reader, year: int) -> None:
    """``PublishedError`` when ``year`` is published already (checked before scoring, and
    again inside the write that stores it)."""
    if int(year) in published_years(reader):
        raise PublishedError(f"{year} 年度考评结果已于此前审定，无需再次审定。")


def batch_years(cur, batch_id: int) -> set[int]:
    """The years of the records a batch holds."""
    sql = " UNION ".join(
        f"SELECT t.year FROM batch_records h JOIN {t} t ON t.rec_id = h.rec_id "
        f"WHERE h.batch_id = ? AND h.table_name = '{t}'" for t in YEAR_TABLES)
    return {int(r[0]) for r in cur.execute(sql, [batch_id] * len(YEAR_TABLES)).fetchall()}


def _rows(reader, sql: str, params: list | None = None) -> list[tuple]:
    if isinstance(reader, Store):
        return reader.rows(sql, params)
    return reader.execute(sql, params or []).fetchall()


def publications(store: Store) -> dict[int, Publication]:
    """Every published year's publication, by year."""
    rows = store.rows("""
        SELECT p.year, p.published_at, p.published_by, coalesce(u.display_name, p.published_by),
               p.note, p.rules_toml, p.term, p.batch_ids, p.imported
        FROM published_years p LEFT JOIN users u ON u.username = p.published_by ORDER BY p.year""")
    return {int(y): Publication(int(y), at, by, shown, note, toml, term,
                                tuple(int(b) for b in batches or ()), json.loads(imported))
            for y, at, by, shown, note, toml, term, batches, imported in rows}


def publication(store: Store, year: int) -> Publication | None:
    """The year's publication, or None when it is not published."""
    return publications(store).get(int(year))


def frozen_fact_sums(store: Store, years: Iterable[int], fact: str) -> pd.DataFrame:
    """member_id, n: one published fact summed per member over published years."""
    ys = [int(y) for y in years] or [-1]
    return store.df(f"""
        SELECT member_id, sum(CAST(json_extract(facts, '$.{fact}') AS BIGINT))::BIGINT AS n
        FROM published_scores WHERE year IN ({', '.join(map(str, ys))}) GROUP BY member_id""")


def frozen_scores(store: Store, year: int) -> pd.DataFrame:
    """The published score rows of a year in their published order (JSON columns as text)."""
    return store.df("SELECT * EXCLUDE (year, position) FROM published_scores WHERE year = ? "
                    "ORDER BY position", [int(year)])


def frozen_provenance(store: Store, year: int) -> pa.Table:
    """The published provenance rows of a year, in their published order."""
    return store.cursor().sql(
        "SELECT * EXCLUDE (year, seq) FROM published_provenance WHERE year = ? ORDER BY seq",
        params=[int(year)]).to_arrow_table()


def active_batches(store: Store) -> list[int]:
    return [int(r[0]) for r in store.rows(
        "SELECT batch_id FROM batches WHERE status = 'active' ORDER BY batch_id")]


def write(store: Store, pub: Publication, scores: pd.DataFrame, provenance: pd.DataFrame) -> None:
    """Store a publication and its frozen rows (``scores`` / ``provenance``: the columns of
    ``published_scores`` / ``published_provenance`` without year and order), audited."""
    with store.write() as cur:
        refuse_again(cur, pub.year)
        cur.execute("INSERT INTO published_years VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [pub.year, pub.published_at, pub.published_by, pub.note, pub.rules_toml, pub.term,
                     list(pub.batch_ids), json.dumps(pub.imported, ensure_ascii=False)])
        for table, frame, order in (("published_scores", scores, "position"),
                                    ("published_provenance", provenance, "seq")):
            rows = frame.assign(**{"year": pub.year, order: range(len(frame))})
            cur.register("frozen_rows", rows)
            cols = ", ".join(f'"{c}"' for c in rows.columns)
            cur.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM frozen_rows")
            cur.unregister("frozen_rows")
        detail = f"{len(scores)} 位委员；批次 {', '.join(f'#{b}' for b in pub.batch_ids) or '无'}"
        audit.record(cur, pub.published_by, "publish", f"{pub.year}年度",
                     detail + (f"；说明：{pub.note}" if pub.note else ""), at=pub.published_at)


def withdraw(store: Store, year: int, by: str, reason: str) -> None:
    """撤销审定: delete a year's frozen rows (snapshot first), with the reason in the audit log."""
    reason = (reason or "").strip()
    if not reason:
        raise PublishedError("撤销审定须填写原因。")
    year = int(year)
    with store.write() as cur:
        found = cur.execute("SELECT published_at, published_by FROM published_years WHERE year = ?",
                            [year]).fetchall()
        if not found:
            raise PublishedError(f"{year} 年度尚未审定，无需撤销。")
        backup.snapshot(store, "unpublish", f"撤销{year}年度审定之前", by)
        for table in ("published_years", *FROZEN_TABLES):
            cur.execute(f"DELETE FROM {table} WHERE year = ?", [year])
        at, published_by = found[0]
        audit.record(cur, by, "unpublish", f"{year}年度",
                     f"原因：{reason}（原审定：{at:%Y-%m-%d %H:%M} {published_by}）")
