"""届期考评 (issue 17): a term (届次) at a glance — every member's years side by side (the
scoring engine's score, rank, tier and warnings of each year), the term's totals of 提案,
社情民意 and 全体会议 attendance, and the 换届参考 verdict under the rule file's
``[term_rules]``: meets the term's requirements, or not and why.

- The term's years are the years whose attendance belongs to it (``roster.year_terms``);
  a term still running has only its years so far, and the page says which.
- The members are the roster's members of the term (latest roster row each), without
  those who left before its first year or joined after its last. 届中增补 (a 增补 dated
  after 1 January of the first year) are judged like everyone; 届中离任 (辞去/调出) are
  listed and not judged.
- Each year's score, rank, tier and warnings are the year's ``score_year`` result (the
  published one for a published year): no second engine.
- The term totals are counted in DuckDB from the current records with the engine's own
  per-year SQL (``metrics.points``): a proposal or 社情民意 once per member named on it, an
  event once per member (the latest import wins). ``term_sources`` returns the rows
  behind them (file, sheet, row), so every figure can be followed to its records.
- ``[term_rules]`` of the rule set in force for the term's last year apply.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Mapping, Sequence

import pandas as pd

from data import export, xlsx_out
from data.store import Store
from metrics import points as P
from metrics.evaluation import UNRANKED
from metrics.labels import STATUS_LABELS, TERM_RULE_LABELS, day_text
from metrics.roster import LEFT_STATUSES, serving_members_sql, year_terms
from metrics.rules import TermRules, default_rules, rules_for_year
from metrics.score_csv import warnings_text
from metrics.scoring import ScoreResult, score_year
from metrics.sqlutil import lit, temp_tables
from reading.normalize import term_ordinal

MEETS, FAILS, LEFT = "符合", "不符合", "届中离任"
VERDICTS = (MEETS, FAILS, LEFT)
NOT_JUDGED = "届中离任，不作判断"
NOT_SCORED = "未参评"
NO_WARNING = "无"
# The term's counts: column -> (label, unit).
TOTALS: dict[str, tuple[str, str]] = {
    "proposals": ("本届提案", "件"), "sqmy": ("本届社情民意", "篇"),
    "plenary_attended": ("全会出席", "次"), "plenary_leave": ("全会请假", "次"),
    "plenary_absent": ("全会无故缺席", "次"), "fail_years": ("考评为最低等次", "年"),
}
# Each year's figures from the engine: column -> label (shown as '2025年总分').
YEAR_FIGURES: dict[str, str] = {"total": "总分", "rank": "排名", "tier": "等次", "warnings": "预警"}
MEMBER_LABELS: dict[str, str] = {
    "member_id": "委员编号", "name": "姓名", "sector": "界别", "activity_group": "界别活动组",
    "liaison_group": "委员联络组", "standing": "在任情况",
}
VERDICT_LABELS: dict[str, str] = {"verdict": "换届参考", "reasons": "不符合的原因"}
# The kinds of source rows behind the totals: source -> what.
SOURCE_KINDS: dict[str, str] = {"attendance": "全体会议", "proposals": "提案", "sqmy": "社情民意"}
SOURCE_LABELS: dict[str, str] = {"year": "年度", "kind": "类别", "day": "日期", "content": "内容",
                                 "source_file": "来源文件", "sheet": "工作表", "row_no": "行号"}


# -- the term and its members -----------------------------------------------------------------
def terms(store: Store) -> list[str]:
    """The roster's terms, latest first."""
    found = [r[0] for r in store.rows("SELECT DISTINCT term FROM cur_members WHERE term IS NOT NULL")]
    return sorted(found, key=lambda t: (term_ordinal(t), t), reverse=True)


def years_of_term(store: Store, term: str) -> list[int]:
    """The years (with attendance) that belong to ``term``, oldest first."""
    return sorted(y for y, t in year_terms(store).items() if t == term)


def term_members_sql(term: str, years: Sequence[int]) -> str:
    """The term's members (latest roster row each) with ``joined`` (届中增补) and ``left``
    (届中离任, whatever the date); without those who left before the first year or joined
    after the last."""
    return f"""
        SELECT member_id, name, sector, activity_group, liaison_group, status, change_date,
               status IN {LEFT_STATUSES} AS "left", joined_midyear AS joined
        FROM ({serving_members_sql(term, min(years), max(years))})"""


def _each_year(years: Sequence[int], sql_of_year, mem: str) -> str:
    """One of ``metrics.points``' per-year queries over every year, with a year column."""
    return " UNION ALL ".join(f"SELECT {int(y)} AS year, * FROM ({sql_of_year(y, mem)})" for y in years)


def _plenary_sql(year: int, mem: str) -> str:
    """The engine's attendance rows of the year's 全体会议 sittings."""
    return f"SELECT * FROM ({P.attendance_sql(year, mem, categories=('plenary',))}) WHERE category = 'plenary'"


def _term_rows(cur, temp, term: str, years: Sequence[int], member_ids: Sequence[str] | None = None):
    """Temp tables of the term: members, and their attendance / proposal / 社情民意 rows per
    year as the engine reads them (of ``member_ids`` only when given)."""
    mem, att, pp, sa = (temp(n) for n in ("tmem", "tatt", "tpp", "tsa"))
    only = "" if member_ids is None else (
        f"WHERE member_id IN ({', '.join(lit(m, 'VARCHAR') for m in member_ids) or 'NULL'})")
    cur.execute(f"CREATE TEMP TABLE {mem} AS SELECT * FROM ({term_members_sql(term, years)}) {only}")
    cur.execute(f"CREATE TEMP TABLE {att} AS {_each_year(years, _plenary_sql, mem)}")
    cur.execute(f"CREATE TEMP TABLE {pp} AS {_each_year(years, P.proposal_people_sql, mem)}")
    cur.execute(f"CREATE TEMP TABLE {sa} AS {_each_year(years, P.sqmy_authors_sql, mem)}")
    return mem, att, pp, sa


def _yearly_counts_sql(mem: str, att: str, pp: str, sa: str, years: Sequence[int]) -> str:
    attended = ", ".join(f"'{s}'" for s in P.ATTENDED)
    return f"""
        WITH a AS (
            SELECT member_id, year,
                   count(*) FILTER (WHERE status IN ({attended})) AS plenary_attended,
                   count(*) FILTER (WHERE status = 'leave') AS plenary_leave,
                   count(*) FILTER (WHERE status = 'absent') AS plenary_absent
            FROM {att} GROUP BY ALL
        ), p AS (SELECT member_id, year, count(*) AS proposals FROM {pp} GROUP BY ALL),
        s AS (SELECT member_id, year, count(*) AS sqmy FROM {sa} GROUP BY ALL),
        y AS (SELECT unnest([{', '.join(str(int(y)) for y in years)}]) AS year)
        SELECT m.member_id, y.year,
               coalesce(p.proposals, 0) AS proposals, coalesce(s.sqmy, 0) AS sqmy,
               coalesce(a.plenary_attended, 0) AS plenary_attended,
               coalesce(a.plenary_leave, 0) AS plenary_leave,
               coalesce(a.plenary_absent, 0) AS plenary_absent
        FROM {mem} m CROSS JOIN y
        LEFT JOIN a ON a.member_id = m.member_id AND a.year = y.year
        LEFT JOIN p ON p.member_id = m.member_id AND p.year = y.year
        LEFT JOIN s ON s.member_id = m.member_id AND s.year = y.year
        ORDER BY m.member_id, y.year
    """


def term_members_and_counts(store: Store, term: str, years: Sequence[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the term's members, their counts per member and year: proposals, sqmy,
    plenary_attended, plenary_leave, plenary_absent)."""
    with temp_tables(store) as (cur, temp):
        mem, att, pp, sa = _term_rows(cur, temp, term, years)
        members = cur.execute(f"SELECT * FROM {mem} ORDER BY member_id").df()
        counts = cur.execute(_yearly_counts_sql(mem, att, pp, sa, years)).df()
    return members, counts


def term_sources(store: Store, term: str, member_ids: Sequence[str], years: Sequence[int] | None = None) -> pd.DataFrame:
    """The records behind some members' term totals, one row per record and member:
    member_id, year, source, kind, day, content, status (of an attendance row),
    source_file, sheet, row_no — ordered by member, kind, date."""
    years = list(years) if years is not None else years_of_term(store, term)
    if not years:
        return pd.DataFrame(columns=["member_id", "year", "source", *SOURCE_LABELS])
    with temp_tables(store) as (cur, temp):
        mem, att, pp, sa = _term_rows(cur, temp, term, years, member_ids)
        frame = cur.execute(f"""
            SELECT x.member_id, x.year, 'attendance' AS source, r.event_date AS day,
                   r.event_name AS content, x.status, r.source_file, r.sheet, r.row_no, 0 AS o
            FROM {att} x JOIN cur_attendance r ON r.rec_id = x.rec_id
            UNION ALL
            SELECT x.member_id, x.year, 'proposals', r.submit_date,
                   coalesce(r.number || ' ', '') || '《' || r.subject || '》'
                   || CASE WHEN x.is_lead THEN '（领衔）' ELSE '（联名）' END,
                   NULL, r.source_file, r.sheet, r.row_no, 1
            FROM {pp} x JOIN cur_proposals r ON r.rec_id = x.rec_id
            UNION ALL
            SELECT x.member_id, x.year, 'sqmy', r.submit_date, '《' || r.title || '》', NULL,
                   r.source_file, r.sheet, r.row_no, 2
            FROM {sa} x JOIN cur_sqmy r ON r.rec_id = x.rec_id
            ORDER BY member_id, o, year, day NULLS LAST, source_file, sheet, row_no""").df()
    frame["kind"] = frame["source"].map(SOURCE_KINDS)
    status = frame["status"].map(STATUS_LABELS)
    frame["content"] = frame["content"].where(status.isna(), frame["content"] + "（" + status + "）")
    return frame.drop(columns="o")


# -- the verdict ------------------------------------------------------------------------------
# [term_rules] key -> (the total it bounds, whether it is a minimum).
CHECKS: dict[str, tuple[str, bool]] = {
    "min_proposals": ("proposals", True), "min_sqmy": ("sqmy", True),
    "max_plenary_absent": ("plenary_absent", False), "fail_years_max": ("fail_years", False),
}


def requirement_reasons(frame: pd.DataFrame, rules: TermRules) -> pd.Series:
    """Why each member's term totals (``TOTALS`` columns) do not meet ``rules``, in words
    naming the figures («本届提案 2 件，少于 3 件», joined by '；'); '' where they meet them."""
    parts = []
    for key, (column, minimum) in CHECKS.items():
        limit = getattr(rules, key)
        if limit is None:
            continue
        label, unit = TOTALS[column]
        failing = frame[column] < limit if minimum else frame[column] > limit
        bound = f"少于 {limit} {unit}" if minimum else (f"超过 {limit} {unit}" if limit else "不允许")
        parts.append((f"{label} " + frame[column].astype("int64").astype(str) + f" {unit}，{bound}").where(failing))
    return pd.Series(["；".join(p for p in row if isinstance(p, str)) for row in zip(*parts)]
                     if parts else "", index=frame.index, dtype=object)


def rules_text(rules: TermRules) -> str:
    """The term's requirements in words, the unchecked ones named as such."""
    checked, unchecked = [], []
    for key, label in TERM_RULE_LABELS.items():
        value = getattr(rules, key)
        name, unit = label.split("（")
        if value is None:
            unchecked.append(name.replace("至少", "").replace("至多", ""))
        else:
            checked.append(f"{name} {value} {unit.rstrip('）')}")
    text = "；".join(checked) or "不检查任何一项"
    return text + (f"（不检查：{'、'.join(unchecked)}）" if unchecked else "")


# -- the view ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class TermView:
    """One term: ``members`` one row per member (``MEMBER_LABELS`` columns, the per-year
    figures as '<year>_<figure>', the ``TOTALS`` columns, verdict and reasons), sorted
    by verdict then member id; ``yearly`` the counts per member and year; ``results``
    the engine's result of each year."""

    term: str
    years: tuple[int, ...]
    rules: TermRules
    members: pd.DataFrame
    yearly: pd.DataFrame
    results: Mapping[int, ScoreResult]

    def counts(self) -> dict[str, int]:
        """Members per verdict."""
        return {v: int(self.members["verdict"].eq(v).sum()) for v in VERDICTS}

    def years_text(self) -> str:
        return "、".join(f"{y}年" for y in self.years) or "无"

    def failing(self) -> pd.DataFrame:
        return self.members[self.members["verdict"].eq(FAILS)]


def _standing(members: pd.DataFrame) -> pd.Series:
    """在任 / 届中增补（2025年6月7日） / 届中离任（辞去，2025年3月1日）: dates written as
    every list writes them (``labels.day_text``)."""
    day = members["change_date"].map(lambda d: "" if pd.isna(d) else day_text(d))
    out = pd.Series("在任", index=members.index, dtype=object)
    out = out.mask(members["joined"], ("届中增补（" + day + "）").str.replace("（）", "", regex=False))
    left = "届中离任（" + members["status"].astype(str) + ("，" + day).where(day != "", "") + "）"
    return out.mask(members["left"], left)


def _year_figures(members: pd.DataFrame, result: ScoreResult) -> pd.DataFrame:
    """A year's figures for ``members`` (NaN / ``NOT_SCORED`` where not scored that year)."""
    s = result.scores.set_index("member_id").reindex(members["member_id"]).set_axis(members.index)
    y = result.year
    scored = s["name"].notna()
    return pd.DataFrame({
        f"{y}_total": s["total"].astype(float),
        f"{y}_rank": s["rank"].astype("Int64"),
        f"{y}_tier": s["tier"].astype(object).fillna(UNRANKED).where(scored, NOT_SCORED),
        f"{y}_warnings": [warnings_text(w) or NO_WARNING if isinstance(w, list) else NOT_SCORED
                          for w in s["warnings"]],
        f"{y}_lowest": (s["tier"] == result.rules.lowest).fillna(False).to_numpy(dtype=bool),
    }, index=members.index)


def year_results(store: Store, years: Sequence[int]) -> dict[int, ScoreResult]:
    return {y: score_year(store, y) for y in years}


def term_view(store: Store, term: str | None = None, results: Mapping[int, ScoreResult] | None = None,
              rules: TermRules | None = None) -> TermView:
    """The term (default the latest on the roster): members, years, totals, verdicts under
    ``rules`` (default: ``[term_rules]`` in force for the term's last year); ``results``
    may hand in the years' results (e.g. cached by the page)."""
    term = term or (terms(store) or [None])[0]
    years = tuple(years_of_term(store, term)) if term else ()
    if rules is None:
        rules = (rules_for_year(store, years[-1]) if years else default_rules()).term_rules
    if not years:
        empty = pd.DataFrame(columns=[*MEMBER_LABELS, *TOTALS, *VERDICT_LABELS])
        return TermView(term or "", (), rules, empty, pd.DataFrame(), {})
    results = dict(results) if results is not None else year_results(store, years)
    members, yearly = term_members_and_counts(store, term, years)
    totals = yearly.groupby("member_id")[[c for c in TOTALS if c != "fail_years"]].sum()
    frame = members.join(totals, on="member_id")
    figures = [_year_figures(frame, results[y]) for y in years]
    frame = pd.concat([frame, *figures], axis=1)
    frame["fail_years"] = frame[[f"{y}_lowest" for y in years]].sum(axis=1).astype("int64")
    frame["standing"] = _standing(frame)
    reasons = requirement_reasons(frame, rules)
    left = frame["left"].astype(bool)
    frame["verdict"] = reasons.ne("").map({True: FAILS, False: MEETS}).where(~left, LEFT)
    frame["reasons"] = reasons.where(~left, NOT_JUDGED)
    order = frame["verdict"].map({v: i for i, v in enumerate((FAILS, MEETS, LEFT))})
    frame = frame.assign(_o=order).sort_values(["_o", "member_id"]).drop(columns="_o").reset_index(drop=True)
    return TermView(term, years, rules, frame, yearly, results)


# -- tables with Chinese headers --------------------------------------------------------------
def year_label(year: int, figure: str) -> str:
    return f"{year}年{YEAR_FIGURES[figure]}"


def reference_table(view: TermView, rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """The side-by-side table (the page, the 换届参考 list) of ``rows`` of ``view.members``
    (default all): member, each year's figures, the term totals, the verdict and its
    reasons, under Chinese headers."""
    m = view.members if rows is None else rows
    out = m[list(MEMBER_LABELS)].rename(columns=MEMBER_LABELS)
    for y in view.years:
        for figure in YEAR_FIGURES:
            out[year_label(y, figure)] = m[f"{y}_{figure}"]
    for column, (label, _) in TOTALS.items():
        out[label] = m[column].astype("int64")
    out[VERDICT_LABELS["verdict"]] = m["verdict"]
    out[VERDICT_LABELS["reasons"]] = m["reasons"].where(m["reasons"] != "", "—")
    return out


# What the meeting room's table leaves out of the side-by-side table (the downloads keep
# all): the groups, each year's rank and warnings, and the plenary sittings attended or
# excused — the verdict's reasons name what fails.
MEETING_LEFT_OUT = ("activity_group", "liaison_group", "rank", "warnings", "plenary_attended", "plenary_leave")


def meeting_table(view: TermView, table: pd.DataFrame) -> pd.DataFrame:
    """``reference_table``'s rows with the columns the meeting room needs."""
    labels = {MEMBER_LABELS.get(k) or TOTALS.get(k, ("",))[0] for k in MEETING_LEFT_OUT}
    labels |= {year_label(y, f) for y in view.years for f in MEETING_LEFT_OUT if f in YEAR_FIGURES}
    return table.drop(columns=[c for c in table.columns if c in labels])


def amount_columns(view: TermView) -> list[str]:
    return [year_label(y, "total") for y in view.years]


def sources_table(sources: pd.DataFrame) -> pd.DataFrame:
    """Source rows under Chinese headers."""
    out = sources[list(SOURCE_LABELS)].copy()
    out["year"] = out["year"].map(lambda y: f"{int(y)}年")
    out["day"] = out["day"].map(lambda d: None if pd.isna(d) else pd.Timestamp(d).date())
    return out.rename(columns=SOURCE_LABELS)


# -- files ------------------------------------------------------------------------------------
LIST_SHEET = "换届参考"


def list_title(unit: str, view: TermView) -> str:
    return f"{unit}{view.term}委员届期考评换届参考名单"


def list_notes(view: TermView) -> list[str]:
    counts = view.counts()
    return [f"本届已导入年度：{view.years_text()}；本届要求：{rules_text(view.rules)}。",
            "；".join(f"{v} {n} 人" for v, n in counts.items())]


def list_file_name(view: TermView) -> str:
    return export.safe_file_name(f"{view.term}-换届参考名单.xlsx")


def list_bytes(view: TermView, unit: str, table: pd.DataFrame | None = None) -> bytes:
    """The 换届参考 list (.xlsx): ``table`` (default every member's row) under its title."""
    table = reference_table(view) if table is None else table
    return xlsx_out.listing_bytes(LIST_SHEET, table, list_title(unit, view), tuple(list_notes(view)),
                                  {c: "0.00" for c in amount_columns(view)})


ARCHIVE_WIDTHS = (10, 10, 12, 40, 22, 10, 8)


def archive_year_frame(view: TermView, member_id: str) -> pd.DataFrame:
    """One member's years: 年度, 总分, 排名, 等次, 预警, and the year's counts."""
    row = view.members.set_index("member_id").loc[member_id]
    counts = view.yearly[view.yearly["member_id"] == member_id].set_index("year")
    return pd.DataFrame({
        "年度": [f"{y}年" for y in view.years],
        "总分": [row[f"{y}_total"] for y in view.years],
        "排名": [row[f"{y}_rank"] for y in view.years],
        "等次": [row[f"{y}_tier"] for y in view.years],
        "预警": [row[f"{y}_warnings"] for y in view.years],
        "提案": [int(counts.loc[y, "proposals"]) for y in view.years],
        "社情民意": [int(counts.loc[y, "sqmy"]) for y in view.years],
    })


def archive_sheet(view: TermView, member_id: str, sources: pd.DataFrame, body: str,
                  sheet_name: str) -> export.Sheet:
    """One member's term 档案: facts, years, term totals, verdict, the source rows."""
    row = view.members.set_index("member_id").loc[member_id]
    facts = [("姓名", row["name"]), ("委员编号", member_id), ("界别", row["sector"] or "—"),
             ("届次", view.term), ("在任情况", row["standing"]), ("已导入年度", view.years_text())]
    totals = [(label, f"{int(row[c])} {unit}") for c, (label, unit) in TOTALS.items()]
    verdict = [("换届参考", row["verdict"]), ("不符合的原因", row["reasons"] or "—"),
               ("本届要求", rules_text(view.rules))]
    blocks = [export.Pairs(facts, caption="基本情况", per_row=3),
              export.Table(archive_year_frame(view, member_id), caption="本届历年考评", amounts=("总分",),
                           wrap={"预警": 40}),
              export.Pairs(totals, caption="本届合计", per_row=3),
              export.Pairs(verdict, caption="换届参考", per_row=1),
              export.Table(sources_table(sources), caption="合计所依据的记录", formats={"日期": "yyyy-mm-dd"},
                           wrap={"内容": 40, "来源文件": 22}, font_size=9, empty="本届无提案、社情民意和全会记录")]
    return export.Sheet(sheet_name, f"{body}委员届期考评档案（{view.term}）", blocks,
                        subtitle=f"{row['name']}　{row['sector'] or ''}　{view.term}　换届参考：{row['verdict']}",
                        landscape=False, widths=ARCHIVE_WIDTHS, footer_name=f"{row['name']}届期考评档案")


def archive_sheet_names(view: TermView, member_ids: Sequence[str]) -> list[str]:
    """The member's name; '姓名-编号' where two members share a name."""
    names = view.members.set_index("member_id")["name"].reindex(list(member_ids)).astype(str)
    twice = names.duplicated(keep=False)
    return [f"{n}-{m}" if dup else n for m, n, dup in zip(member_ids, names, twice)]


def archive_bytes(store: Store, view: TermView, member_ids: Sequence[str], body: str,
                  made_on: date | None = None) -> bytes:
    """The term 档案 workbook: one printable sheet per member of ``member_ids``."""
    member_ids = list(member_ids)
    sources = term_sources(store, view.term, member_ids, view.years)
    by_member = sources.groupby("member_id", sort=False).indices
    sheets = [archive_sheet(view, m, sources.iloc[by_member.get(m, [])], body, name)
              for m, name in zip(member_ids, archive_sheet_names(view, member_ids))]
    return export.workbook_bytes(sheets, body=body, made_on=made_on)


def archive_file_name(view: TermView) -> str:
    return export.safe_file_name(f"{view.term}-届期考评档案.xlsx")
