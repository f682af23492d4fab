"""Point rows: rules × the year's records → one row per (source row, rule item), then
the per-member column sums after the caps, and (on demand) the rows after the caps.

Rows are narrow for speed: the rule item and the score column are integer codes into
``Plan.items`` and ``Plan.columns``; ``src`` is a code into ``SOURCES``. The source file,
sheet and row number are attached only when provenance is asked for.

Routing of a row to a score column: adjustments → ``adjustment``; negative points (and
deduction-only items) → ``deduction``; items of a cap group → that group; other items
(key/excellent proposals, sqmy adoption and instruction) → ``bonus``.
Caps apply to the positive rows of a group in date order (then record order): the rows
after the cap is reached keep 0, the row that reaches it keeps the rest.
Cents: the total is the exact sum rounded half-up; the columns and, inside a column,
the rows get their cents by the largest remainder method so that they add up exactly.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from metrics.rules import (COMMENDATION_LEVELS, EVENT_STATUSES, ITEM_GROUPS,
                           SQMY_ADOPT_LEVELS, SQMY_INSTRUCT_LEVELS, Rules)
from metrics.sqlutil import floor_cents, half_up_cents, lit, values_table

SOURCES = ("attendance", "proposals", "sqmy", "speeches", "reports", "other_duties",
           "adjustments", "members")
ATTENDED = ("attend", "late")
ADJUSTMENT_ITEM = "adjustment"
ROW_ORDER = "ord_date NULLS LAST, rec_id, seq"


def src(name: str) -> int:
    return SOURCES.index(name)


@dataclass(frozen=True, eq=False)
class Plan:
    """A rule set's items and score columns, with the integer codes the SQL uses."""

    rules: Rules

    @cached_property
    def items(self) -> tuple[str, ...]:
        names = [f"events.{c}.{s}" for c in self.rules.events for s in EVENT_STATUSES]
        names += ["attendance.late_early", ADJUSTMENT_ITEM, "other.commendation",
                  "duty_report.standing_missing"]
        names += [f"proposals.{k}_{r}" for k in ("key", "excellent") for r in ("lead", "cosign")]
        names += [f"sqmy.adopt.{lv}" for lv in SQMY_ADOPT_LEVELS]
        names += [f"sqmy.instruct.{lv}" for lv in SQMY_INSTRUCT_LEVELS]
        return tuple(dict.fromkeys(names + list(ITEM_GROUPS)))

    @cached_property
    def columns(self) -> tuple[str, ...]:
        """Score columns, then any group used only with 0 points (never shown)."""
        groups = [e.group for e in self.rules.events.values() if e.group]
        groups += list(ITEM_GROUPS.values())
        return tuple(dict.fromkeys(list(self.rules.score_columns) + groups))

    def item(self, name: str) -> int:
        return self.items.index(name)

    def col(self, name: str | None) -> int | None:
        return None if name is None else self.columns.index(name)

    def points(self, item: str) -> Decimal:
        return self.rules.points(item)

    # -- rule tables ---------------------------------------------------------------------
    _ITEM_COLS = {"item": "SMALLINT", "pts": "DOUBLE", "grp": "SMALLINT", "kind": "VARCHAR",
                  "seq": "TINYINT"}

    def event_items(self) -> str:
        """(category, status) -> items; 'late' earns attend and ``late_early``."""
        rows = []
        late = self.item("attendance.late_early")
        for cat, ev in self.rules.events.items():
            grp = self.col(ev.group)
            for seq, status in enumerate(EVENT_STATUSES):
                rows.append((cat, status, ev.share and status != "absent",
                             self.item(f"events.{cat}.{status}"), ev.points.get(status, 0),
                             grp, "capped", seq))
            rows.append((cat, "late", ev.share, self.item(f"events.{cat}.attend"),
                         ev.points.get("attend", 0), grp, "capped", 0))
            rows.append((cat, "late", False, late, self.points("attendance.late_early"), None,
                         "deduct", 1))
        return values_table({"category": "VARCHAR", "status": "VARCHAR", "shared": "BOOLEAN",
                             **self._ITEM_COLS}, rows)

    def _row(self, item: str, kind: str = "capped", seq: int = 0, share: Decimal = 1) -> tuple:
        grp = self.col(ITEM_GROUPS.get(item))
        return (self.item(item), self.points(item) * share, grp, kind, seq)

    def proposal_items(self) -> str:
        conds = (("lead", "filed", "lead_filed"), ("lead", "not_filed", "lead_not_filed"),
                 ("cosign", "filed", "cosign_filed"), ("cosign", "not_filed", "cosign_not_filed"),
                 ("lead", "key", "key_lead"), ("cosign", "key", "key_cosign"),
                 ("lead", "excellent", "excellent_lead"),
                 ("cosign", "excellent", "excellent_cosign"))
        rows = [(role, cond, *self._row(f"proposals.{key}",
                                        "capped" if f"proposals.{key}" in ITEM_GROUPS else "bonus",
                                        seq))
                for seq, (role, cond, key) in enumerate(conds)]
        return values_table({"role": "VARCHAR", "cond": "VARCHAR", **self._ITEM_COLS}, rows)

    def sqmy_items(self) -> str:
        """Items per (first author?, condition, level); co-authors get ``coauthor_share``."""
        share = self.points("sqmy.coauthor_share")
        rows = []
        for first, factor in ((True, Decimal(1)), (False, share)):
            rows.append((first, "submit", None, *self._row("sqmy.submit", share=factor)))
            for seq, (cond, levels) in enumerate((("adopt", SQMY_ADOPT_LEVELS),
                                                  ("instruct", SQMY_INSTRUCT_LEVELS)), start=1):
                rows += [(first, cond, lv, *self._row(f"sqmy.{cond}.{lv}", "bonus", seq, factor))
                         for lv in levels]
        return values_table({"is_first": "BOOLEAN", "cond": "VARCHAR", "level": "VARCHAR",
                             **self._ITEM_COLS}, rows)

    def speech_items(self) -> str:
        rows = [(form, *self._row(f"speeches.{key}"))
                for form, key in (("口头", "oral"), ("书面", "written"))]
        return values_table({"form": "VARCHAR", **self._ITEM_COLS}, rows)

    def other_items(self) -> str:
        """Other duties by (duty_group, level); a commendation of unknown level earns 0."""
        rows = [("public_service", "", *self._row("other.public_service")),
                ("writing", "", *self._row("other.writing")),
                ("commendation", "?", self.item("other.commendation"), 0,
                 self.col("commendation"), "capped", 0)]
        rows += [("commendation", lv, *self._row(f"other.commendation.{lv}"))
                 for lv in COMMENDATION_LEVELS]
        return values_table({"duty_group": "VARCHAR", "level": "VARCHAR", **self._ITEM_COLS}, rows)

    def caps(self) -> str:
        return values_table({"col": "SMALLINT", "cap": "DOUBLE"},
                            [(self.col(g), v) for g, v in self.rules.caps])

    def route(self, pts: str = "pts") -> str:
        """SQL: the score column code of a row (see module doc)."""
        return (f"CASE WHEN kind = 'adjust' THEN {self.col('adjustment')} "
                f"WHEN {pts} < 0 OR kind = 'deduct' THEN {self.col('deduction')} "
                f"WHEN grp IS NOT NULL THEN grp ELSE {self.col('bonus')} END")


# -- records of the year -------------------------------------------------------------------
def dated_until(column: str, as_of: date | None) -> str:
    """``AND …`` keeping the rows dated on or before ``as_of`` and the undated ones (an
    undated record is in the books already: it counts, and ``metrics.progress`` says how
    many there are); nothing when ``as_of`` is None (the whole year)."""
    if as_of is None:
        return ""
    return f"AND ({column} IS NULL OR {column} <= DATE '{as_of.isoformat()}')"


def attendance_sql(year: int, mem: str, as_of: date | None = None,
                   categories: tuple[str, ...] | None = None) -> str:
    """The year's attendance of scored members, one row per (member, event): the row of
    the latest batch (then record) wins; an event's category is the one its latest
    import gives it. With ``categories``, only the events any import puts in one of them
    (filter the result by category: a later import may have moved an event)."""
    among = "" if categories is None else (
        f"AND event_key IN (SELECT event_key FROM attendance WHERE year = {int(year)} "
        f"AND superseded_by IS NULL AND category IN ({', '.join(lit(c, 'VARCHAR') for c in categories)}))")
    return f"""
        WITH raw AS MATERIALIZED (
            SELECT member_id, event_key, status, category, event_date, batch_id, rec_id
            FROM cur_attendance WHERE year = {int(year)} {dated_until('event_date', as_of)} {among}
        ), ev AS (
            SELECT event_key, arg_max(category, (batch_id, rec_id)) AS category
            FROM raw GROUP BY event_key
        ), d AS (
            SELECT member_id, event_key,
                   arg_max({{'status': status, 'event_date': event_date, 'rec_id': rec_id}},
                           (batch_id, rec_id)) AS w
            FROM raw WHERE member_id IN (SELECT member_id FROM {mem})
            GROUP BY member_id, event_key
        )
        SELECT d.member_id, d.event_key, ev.category, d.w.status AS status,
               d.w.event_date AS event_date, d.w.rec_id AS rec_id
        FROM d JOIN ev USING (event_key)
    """


def proposal_people_sql(year: int, mem: str, as_of: date | None = None) -> str:
    """One row per (proposal, scored member): lead if named as lead anywhere."""
    return f"""
        SELECT p.rec_id, x.member_id, bool_or(x.role = 'lead') AS is_lead,
               any_value(p.filed) AS filed, any_value(p.is_key) AS is_key,
               any_value(p.is_excellent) AS is_excellent, any_value(p.submit_date) AS submit_date
        FROM cur_proposals p JOIN cur_proposal_people x ON x.rec_id = p.rec_id
        WHERE p.year = {int(year)} AND x.member_id IN (SELECT member_id FROM {mem})
          {dated_until('p.submit_date', as_of)}
        GROUP BY p.rec_id, x.member_id
    """


def sqmy_authors_sql(year: int, mem: str, as_of: date | None = None) -> str:
    """One row per (item, scored member); first author = the first name of the item
    (non-members already dropped by the importer; a pending name still counts)."""
    return f"""
        WITH items AS (SELECT * FROM cur_sqmy
                       WHERE year = {int(year)} {dated_until('submit_date', as_of)}),
        first AS (
            SELECT x.rec_id, min(x.position) AS p0
            FROM cur_sqmy_authors x JOIN items USING (rec_id) GROUP BY x.rec_id
        )
        SELECT s.rec_id, x.member_id, min(x.position) = any_value(f.p0) AS is_first,
               any_value(s.adoption) AS adoption, any_value(s.instruction) AS instruction,
               any_value(s.submit_date) AS submit_date
        FROM items s JOIN cur_sqmy_authors x ON x.rec_id = s.rec_id
        JOIN first f ON f.rec_id = s.rec_id
        WHERE x.member_id IN (SELECT member_id FROM {mem})
        GROUP BY s.rec_id, x.member_id
    """


def points_sql(plan: Plan, year: int, mem: str, att: str, pp: str, sa: str,
               as_of: date | None = None) -> str:
    """Every point row before the cap: member_id, src, rec_id, item, col, pts, ord_date, seq
    (``att``, ``pp``, ``sa`` already cut at ``as_of``; the other kinds are cut here)."""
    year = int(year)
    shared = [c for c, e in plan.rules.events.items() if e.share] or ["-"]
    rows = f"""
        WITH shares AS (
            SELECT member_id, category, count(*) AS n FROM {att}
            WHERE category IN ({", ".join(lit(c, "VARCHAR") for c in shared)}) GROUP BY ALL
        )
        SELECT a.member_id, {src('attendance')} AS src, a.rec_id, e.item, e.grp, e.kind,
               CASE WHEN e.shared THEN e.pts / s.n ELSE e.pts END AS pts,
               a.event_date AS ord_date, e.seq
        FROM {att} a JOIN {plan.event_items()} e ON e.category = a.category AND e.status = a.status
        LEFT JOIN shares s ON s.member_id = a.member_id AND s.category = a.category
        UNION ALL
        SELECT p.member_id, {src('proposals')}, p.rec_id, r.item, r.grp, r.kind, r.pts,
               p.submit_date, r.seq
        FROM {pp} p JOIN {plan.proposal_items()} r
          ON r.role = CASE WHEN p.is_lead THEN 'lead' ELSE 'cosign' END
         AND CASE r.cond WHEN 'filed' THEN p.filed WHEN 'not_filed' THEN NOT p.filed
                         WHEN 'key' THEN p.is_key ELSE p.is_excellent END
        UNION ALL
        SELECT a.member_id, {src('sqmy')}, a.rec_id, r.item, r.grp, r.kind, r.pts,
               a.submit_date, r.seq
        FROM {sa} a JOIN {plan.sqmy_items()} r ON r.is_first = a.is_first
         AND (r.cond = 'submit' OR (r.cond = 'adopt' AND r.level = a.adoption)
              OR (r.cond = 'instruct' AND r.level = a.instruction))
        UNION ALL
        SELECT s.member_id, {src('speeches')}, s.rec_id, r.item, r.grp, r.kind, r.pts,
               s.speech_date, r.seq
        FROM cur_speeches s JOIN {plan.speech_items()} r ON r.form = coalesce(s.form, '书面')
        WHERE s.year = {year} AND s.member_id IN (SELECT member_id FROM {mem})
          {dated_until('s.speech_date', as_of)}
        UNION ALL
        SELECT o.member_id, {src('other_duties')}, o.rec_id, r.item, r.grp, r.kind, r.pts,
               o.duty_date, r.seq
        FROM cur_other_duties o JOIN {plan.other_items()} r ON r.duty_group = o.duty_group
         AND r.level = CASE WHEN o.duty_group <> 'commendation' THEN ''
                            WHEN o.level IN {tuple(COMMENDATION_LEVELS)} THEN o.level ELSE '?' END
        WHERE o.year = {year} AND o.member_id IN (SELECT member_id FROM {mem})
          {dated_until('o.duty_date', as_of)}
        UNION ALL
        SELECT member_id, {src('adjustments')}, rec_id, {plan.item(ADJUSTMENT_ITEM)}, NULL,
               'adjust', points::DOUBLE, adj_date, 0
        FROM cur_adjustments
        WHERE year = {year} AND member_id IN (SELECT member_id FROM {mem})
          {dated_until('adj_date', as_of)}
        UNION ALL
        {_report_points_sql(plan, year, mem, as_of)}
    """
    return f"""
        SELECT member_id, src::TINYINT AS src, rec_id, item::SMALLINT AS item,
               ({plan.route()})::SMALLINT AS col, pts, ord_date, seq::TINYINT AS seq
        FROM ({rows})
    """


def _report_points_sql(plan: Plan, year: int, mem: str, as_of: date | None = None) -> str:
    """Report points, and the 常委 deduction, only when the year's report list exists.
    A 常委 without a report row is traced to the roster row. Cut at ``as_of``, a report
    dated later is not in yet: a 常委 without one so far carries the deduction."""
    submitted, grp, _, _ = plan._row("duty_report.submitted")[1:]
    return f"""
        SELECT * FROM (
            WITH rep AS (
                SELECT member_id,
                       arg_max({{'rec_id': rec_id, 'submitted': submitted,
                                 'submit_date': submit_date}},
                               (submitted, batch_id, rec_id)) AS w
                FROM cur_reports
                WHERE year = {year} AND member_id IN (SELECT member_id FROM {mem})
                  {dated_until('submit_date', as_of)}
                GROUP BY member_id
            )
            SELECT member_id, {src('reports')} AS src, w.rec_id AS rec_id,
                   {plan.item('duty_report.submitted')} AS item, {lit(grp, 'SMALLINT')} AS grp,
                   'capped' AS kind, {submitted}::DOUBLE AS pts, w.submit_date AS ord_date,
                   0 AS seq
            FROM rep WHERE w.submitted
            UNION ALL
            SELECT m.member_id,
                   CASE WHEN r.w IS NULL THEN {src('members')} ELSE {src('reports')} END,
                   coalesce(r.w.rec_id, m.rec_id), {plan.item('duty_report.standing_missing')},
                   NULL, 'deduct', {plan.points('duty_report.standing_missing')}::DOUBLE,
                   NULL::DATE, 1
            FROM {mem} m LEFT JOIN rep r ON r.member_id = m.member_id
            WHERE m.is_standing AND NOT coalesce(r.w.submitted, FALSE)
              AND EXISTS (SELECT 1 FROM cur_reports WHERE year = {year})
        )
    """


# -- sums, caps and cents ------------------------------------------------------------------
def column_cents_sql(plan: Plan, pts: str) -> str:
    """member_id, col, cents: each column after its cap, in cents that add up to the
    half-up total (largest remainder across a member's columns)."""
    return f"""
        WITH sums AS (
            SELECT p.member_id, p.col,
                   CASE WHEN k.cap IS NULL THEN sum(p.pts) ELSE least(k.cap, sum(p.pts)) END AS exact
            FROM {pts} p LEFT JOIN {plan.caps()} k ON k.col = p.col
            GROUP BY p.member_id, p.col, k.cap
        ), cols AS (
            SELECT *, {floor_cents('exact')} AS cf, exact * 100 - {floor_cents('exact')} AS rem
            FROM sums
        ), tot AS (
            SELECT member_id, {half_up_cents('sum(exact)')} - sum(cf) AS extra
            FROM cols GROUP BY member_id
        )
        SELECT member_id, col, cf::BIGINT AS cents FROM cols JOIN tot USING (member_id)
        WHERE extra = 0
        UNION ALL
        SELECT member_id, col, (cf + {_largest_remainder('member_id', 'rem', 'col')})::BIGINT
        FROM cols JOIN tot USING (member_id) WHERE extra <> 0
    """


def _largest_remainder(partition: str, rem: str, order: str) -> str:
    """SQL: +1 / -1 cent for the rows with the largest / smallest remainders, ``extra`` of them."""
    return f"""CASE
        WHEN extra > 0 AND row_number() OVER (PARTITION BY {partition}
             ORDER BY {rem} DESC, {order}) <= extra THEN 1
        WHEN extra < 0 AND row_number() OVER (PARTITION BY {partition}
             ORDER BY {rem}, {order}) <= -extra THEN -1
        ELSE 0 END"""


def rows_after_cap_sql(plan: Plan, pts: str, cents: str) -> str:
    """Point rows with ``after`` (capped in date order) and ``cents`` (adding up to the
    member's column cents in ``cents``)."""
    return f"""
        WITH c AS (
            SELECT p.*, k.cap FROM {pts} p LEFT JOIN {plan.caps()} k ON k.col = p.col
        ), part AS (
            SELECT member_id, col, sum(pts) AS s FROM c WHERE cap IS NOT NULL GROUP BY ALL
        ), capped AS (
            SELECT c.*, c.pts AS after
            FROM c LEFT JOIN part p ON p.member_id = c.member_id AND p.col = c.col
            WHERE c.cap IS NULL OR p.s <= c.cap
            UNION ALL
            SELECT c.*, greatest(0, least(c.pts, c.cap - (sum(c.pts) OVER (
                       PARTITION BY c.member_id, c.col ORDER BY {ROW_ORDER}
                       ROWS UNBOUNDED PRECEDING) - c.pts)))
            FROM c JOIN part p ON p.member_id = c.member_id AND p.col = c.col
            WHERE p.s > c.cap
        ), fl AS (
            SELECT *, {floor_cents('after')} AS f, after * 100 - {floor_cents('after')} AS rem
            FROM capped
        ), need AS (
            SELECT s.member_id, s.col, coalesce(t.cents, 0) - s.sf AS extra
            FROM (SELECT member_id, col, sum(f) AS sf FROM fl GROUP BY ALL) s
            LEFT JOIN {cents} t ON t.member_id = s.member_id AND t.col = s.col
        )
        SELECT fl.*, fl.f::BIGINT AS cents FROM fl JOIN need USING (member_id, col)
        WHERE need.extra = 0
        UNION ALL
        SELECT fl.*, (fl.f + {_largest_remainder('member_id, col', 'rem', ROW_ORDER)})::BIGINT
        FROM fl JOIN need USING (member_id, col) WHERE need.extra <> 0
    """


def sources_sql() -> str:
    """(src, rec_id) -> source_file, sheet, row_no over every record table (by rec_id a
    version never changes, so the base tables serve)."""
    return " UNION ALL ".join(
        f"SELECT {i}::TINYINT AS src, rec_id, source_file, sheet, row_no FROM {table}"
        for i, table in enumerate(SOURCES))


def facts_sql(mem: str, att: str, pp: str, sa: str) -> str:
    """Per member the counts that tiers and warnings rest on."""
    return f"""
        WITH a AS (
            SELECT member_id,
                   count(*) FILTER (WHERE category = 'plenary') AS plenary_sittings,
                   count(*) FILTER (WHERE category = 'plenary' AND status = 'absent') AS plenary_absent,
                   count(*) FILTER (WHERE category = 'standing' AND status = 'absent') AS standing_absent,
                   count(*) FILTER (WHERE status IN {ATTENDED}) AS events_attended,
                   count(*) AS events_invited
            FROM {att} GROUP BY member_id
        ), p AS (
            SELECT member_id, count(*) AS proposals,
                   count(*) FILTER (WHERE is_lead AND filed) AS proposals_filed_lead
            FROM {pp} GROUP BY member_id
        ), s AS (
            SELECT member_id, count(*) AS sqmy,
                   count(*) FILTER (WHERE adoption IS NOT NULL) AS sqmy_adopted
            FROM {sa} GROUP BY member_id
        )
        SELECT m.member_id,
               coalesce(a.plenary_sittings, 0) AS plenary_sittings,
               coalesce(a.plenary_absent, 0) AS plenary_absent,
               coalesce(a.standing_absent, 0) AS standing_absent,
               coalesce(a.events_attended, 0) AS events_attended,
               coalesce(a.events_invited, 0) AS events_invited,
               coalesce(p.proposals, 0) AS proposals,
               coalesce(p.proposals_filed_lead, 0) AS proposals_filed_lead,
               coalesce(s.sqmy, 0) AS sqmy, coalesce(s.sqmy_adopted, 0) AS sqmy_adopted
        FROM {mem} m LEFT JOIN a USING (member_id) LEFT JOIN p USING (member_id)
        LEFT JOIN s USING (member_id)
    """


def prior_plenary_absences_sql(years: list[int], mem: str) -> str:
    """Plenary 无故缺席 per member over earlier years (deduplicated like the year's)."""
    ys = ", ".join(str(int(y)) for y in years)
    return f"""
        WITH rows AS MATERIALIZED (
            SELECT member_id, event_key, status, category, batch_id, rec_id
            FROM cur_attendance WHERE year IN ({ys}) AND event_key IN (
                SELECT event_key FROM attendance
                WHERE year IN ({ys}) AND category = 'plenary' AND superseded_by IS NULL)
        ), ev AS (
            SELECT event_key, arg_max(category, (batch_id, rec_id)) AS category
            FROM rows GROUP BY event_key
        ), d AS (
            SELECT member_id, event_key, arg_max(status, (batch_id, rec_id)) AS status
            FROM rows WHERE member_id IN (SELECT member_id FROM {mem})
            GROUP BY member_id, event_key
        )
        SELECT member_id, count(*) AS n FROM d JOIN ev USING (event_key)
        WHERE ev.category = 'plenary' AND d.status = 'absent' GROUP BY member_id
    """
