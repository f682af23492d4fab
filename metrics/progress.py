"""履职进度 (issue 17): the year so far, as of a date — each member's points from the
year's records dated on or before it, what the rules still require of them, and who
would end 不称职 or warned if nothing changed.

It is the scoring engine itself (``compute_year(…, as_of=…)``): the same points, caps,
tiers and warnings over the records dated on or before the date. A record without a date
(a proposal, 社情民意, report, other duty or adjustment may lack one) is in the books
already, so it counts; ``record_counts`` says how many there are, and the page says so.
As of 31 December (or later) the progress is the year's score.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from data import xlsx_out
from data.store import Store
from metrics import notices
from metrics.board import COLUMN_LABELS as BOARD_LABELS
from metrics.labels import day_text
from metrics.roster import midyear_notes
from metrics.rules import Rules
from metrics.scope import Scope, visible_member_ids
from metrics.scoring import ScoreResult, compute_year

# kind -> (table, date column, what, unit): the dated record kinds of a year.
RECORD_KINDS: dict[str, tuple[str, str, str, str]] = {
    "attendance": ("cur_attendance", "event_date", "出勤登记", "条"),
    "proposals": ("cur_proposals", "submit_date", "提案", "件"),
    "sqmy": ("cur_sqmy", "submit_date", "社情民意", "篇"),
    "speeches": ("cur_speeches", "speech_date", "大会发言", "次"),
    "reports": ("cur_reports", "submit_date", "履职报告", "份"),
    "other_duties": ("cur_other_duties", "duty_date", "其他履职", "条"),
    "adjustments": ("cur_adjustments", "adj_date", "加减分", "条"),
}
# The counts at the top of the page: flag column -> label.
COUNT_LABELS: dict[str, str] = {
    "will_fail": "将不称职", "warned": "将预警", "below_line": "低于称职线",
    "no_proposal": "尚无提案", "no_sqmy": "尚无社情民意", "silent": "提案和社情民意均无",
    "plenary_absent_any": "全会有缺席",
}
COLUMN_LABELS: dict[str, str] = {
    **{k: BOARD_LABELS[k] for k in ("member_id", "name", "sector", "activity_group", "liaison_group",
                                    "total", "tier", "proposals", "sqmy")},
    "points_needed": "距称职线还差", "plenary_absent": "本年全会缺席", "term_plenary_absent": "本届全会缺席",
    "events": "活动出席", "required": "尚需完成", "warning_text": "将预警", "note": BOARD_LABELS["note"],
}
TABLE_COLUMNS = ("member_id", "name", "sector", "activity_group", "liaison_group", "total", "tier",
                 "points_needed", "proposals", "sqmy", "plenary_absent", "term_plenary_absent",
                 "events", "required", "warning_text", "note")
NOTHING_REQUIRED = "无"
NOT_RANKED = "年中离任，不定等次"


@dataclass(frozen=True)
class Progress:
    """The year so far: ``result`` is the engine's score of the records up to ``as_of``;
    ``members`` one row per member in scope (``TABLE_COLUMNS`` plus the ``COUNT_LABELS``
    flags), in score order; ``records`` the counted / undated / later records per kind."""

    year: int
    as_of: date
    result: ScoreResult
    members: pd.DataFrame
    records: pd.DataFrame

    def counts(self) -> dict[str, int]:
        """Members per ``COUNT_LABELS`` flag."""
        return {flag: int(self.members[flag].sum()) for flag in COUNT_LABELS}

    def undated_text(self) -> str:
        """How many undated records were counted, in words ('' when none)."""
        rows = self.records[self.records["undated"] > 0]
        if rows.empty:
            return ""
        parts = "、".join(f"{r.what} {int(r.undated)} {r.unit}" for r in rows.itertuples())
        return f"无日期的记录视为已发生，已计入：{parts}。"

    def later_text(self) -> str:
        """How many records are dated after the date (not counted), in words."""
        later = int(self.records["later"].sum())
        day = day_text(self.as_of)
        return f"{day}之后的记录 {later} 条未计入。" if later else f"本年度没有{day}之后的记录。"


def clip_to_year(day: date, year: int) -> date:
    """``day`` moved into ``year`` (1 January or 31 December when outside it)."""
    return min(max(day, date(year, 1, 1)), date(year, 12, 31))


def pass_line(rules: Rules) -> tuple[str, float]:
    """The lowest tier above the lowest one and the points it takes (称职, 60)."""
    name, points = rules.thresholds[-1]
    return name, float(points)


def record_counts(store: Store, year: int, as_of: date) -> pd.DataFrame:
    """Per record kind: what, unit, counted (dated on or before ``as_of``, or undated),
    undated, later (dated after it)."""
    day = f"DATE '{as_of.isoformat()}'"
    sql = " UNION ALL ".join(
        f"SELECT '{kind}' AS kind, count(*) FILTER (WHERE {col} IS NULL OR {col} <= {day}) AS counted, "
        f"count(*) FILTER (WHERE {col} IS NULL) AS undated, count(*) FILTER (WHERE {col} > {day}) AS later "
        f"FROM {table} WHERE year = {int(year)}"
        for kind, (table, col, _, _) in RECORD_KINDS.items())
    frame = store.df(sql).set_index("kind").reindex(list(RECORD_KINDS))
    frame.insert(0, "what", [w for _, _, w, _ in RECORD_KINDS.values()])
    frame.insert(1, "unit", [u for _, _, _, u in RECORD_KINDS.values()])
    return frame.astype({c: "int64" for c in ("counted", "undated", "later")})


def _required(frame: pd.DataFrame, rules: Rules) -> pd.Series:
    """What the rules still require of each member, in words (``NOTHING_REQUIRED`` when nothing)."""
    line_name, _ = pass_line(rules)
    parts = []
    if rules.require_proposal_or_sqmy:
        parts.append(pd.Series("提交提案或社情民意", index=frame.index).where(frame["silent"]))
    parts.append(("再得 " + frame["points_needed"].map("{:.2f}".format) + f" 分达到{line_name}")
                 .where(frame["below_line"]))
    if rules.plenary_absent_max is not None:
        parts.append(pd.Series(f"全会已有缺席，等次至多{rules.plenary_absent_max}", index=frame.index)
                     .where(frame["plenary_absent_any"]))
    joined = pd.Series("", index=frame.index)
    for part in parts:
        joined = joined + ("；" + part).where(joined.ne("") & part.notna(), part).fillna("")
    return joined.where(joined != "", NOTHING_REQUIRED)


def member_progress(result: ScoreResult, member_ids: frozenset[str] | None = None) -> pd.DataFrame:
    """One row per member of ``result`` (of ``member_ids`` only when given): points so far,
    what the rules still require, and the flags counted at the top of the page."""
    scores = result.scores
    if member_ids is not None:
        scores = scores[scores["member_id"].isin(member_ids)]
    facts = result.facts.set_index("member_id").reindex(scores["member_id"])
    _, line = pass_line(result.rules)
    frame = scores[["member_id", "name", "sector", "activity_group", "liaison_group", "total",
                    "tier", "ranked", "warnings"]].reset_index(drop=True)
    for col in ("proposals", "sqmy", "plenary_absent", "term_plenary_absent", "events_attended",
                "events_invited"):
        frame[col] = facts[col].fillna(0).astype("int64").to_numpy()
    frame["tier"] = frame["tier"].where(frame["ranked"], NOT_RANKED)
    frame["points_needed"] = (line - frame["total"]).clip(lower=0).round(2)
    frame["events"] = frame["events_attended"].astype(str) + "/" + frame["events_invited"].astype(str)
    frame["will_fail"] = frame["tier"].eq(result.rules.lowest)
    frame["warned"] = frame["warnings"].map(bool)
    frame["below_line"] = frame["ranked"] & (frame["points_needed"] > 0)
    frame["no_proposal"] = frame["proposals"].eq(0)
    frame["no_sqmy"] = frame["sqmy"].eq(0)
    frame["silent"] = frame["no_proposal"] & frame["no_sqmy"]
    frame["plenary_absent_any"] = frame["plenary_absent"].gt(0)
    frame["required"] = _required(frame, result.rules)
    frame["warning_text"] = frame["warnings"].map(
        lambda ws: "；".join(f"{k}（{r}）" for k, r in ws) or NOTHING_REQUIRED)
    frame["note"] = midyear_notes(result._store, result.term, scores).to_numpy()
    return frame


def progress(store: Store, year: int, as_of: date, scope: Scope | None = None,
             rules: Rules | None = None) -> Progress:
    """The year so far as of ``as_of``, for the members ``scope`` sees in full (all when None)."""
    result = compute_year(store, year, rules, as_of=as_of)
    visible = None if scope is None or scope.sees_all else visible_member_ids(result, scope)
    return Progress(year=int(year), as_of=as_of, result=result,
                    members=member_progress(result, visible), records=record_counts(store, year, as_of))


def progress_view(members: pd.DataFrame) -> pd.DataFrame:
    """The table as the page and the list show it: Chinese headers, ``TABLE_COLUMNS``."""
    return members[list(TABLE_COLUMNS)].rename(columns=COLUMN_LABELS)


def list_title(unit: str, p: Progress) -> str:
    return f"{unit}{p.year}年度委员履职进度提醒名单（截至{day_text(p.as_of)}）"


def list_notes(p: Progress) -> list[str]:
    """The notes above the downloaded list: the counts, and what was counted."""
    counts = p.counts()
    return ["；".join(f"{COUNT_LABELS[k]} {n} 人" for k, n in counts.items()),
            f"按截至该日的记录试算，等次和预警为“若此后情况不变”的结果。{p.undated_text()}{p.later_text()}"]


LIST_SHEET = "提醒名单"
LIST_NUMBER_FORMATS = {COLUMN_LABELS[c]: "0.00" for c in ("total", "points_needed")}


def list_file_name(p: Progress) -> str:
    return f"{p.year}年度履职进度提醒名单（截至{day_text(p.as_of)}）.xlsx"


def list_bytes(p: Progress, unit: str) -> bytes:
    """The 提醒名单 workbook of every member in ``p`` (the page writes the filtered rows)."""
    return xlsx_out.listing_bytes(LIST_SHEET, progress_view(p.members), list_title(unit, p),
                                  tuple(list_notes(p)), LIST_NUMBER_FORMATS)


def provisional_note(p: Progress) -> str:
    return f"（按截至{day_text(p.as_of)}的记录，若此后情况不变）"


def reminder_letters(p: Progress, member_ids: list[str], body: str) -> list[dict]:
    """The year-end 提醒函 (``metrics.notices``) of the chosen members who would be warned,
    from the records so far: the template states a year's result («等次为…»), so the tier
    says it is the one the records up to the date give if nothing changes."""
    chosen = set(member_ids)
    return [{**c, "tier": c["tier"] + provisional_note(p)}
            for c in notices.reminder_letters(p.result, body) if c["member_id"] in chosen]


def reminder_bytes(store: Store, p: Progress, member_ids: list[str], body: str) -> bytes:
    """A zip of the chosen members' 提醒函, written with the template in use."""
    letters = reminder_letters(p, member_ids, body)
    files = notices.stored.write_documents(store, "提醒函", letters,
                                           [notices.file_stem("提醒函", c) for c in letters])
    return notices.zip_of(files)
