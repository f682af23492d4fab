"""What the pages 界别与联络组 and 委员档案 show, shaped as tables with Chinese headers.

Group side: the groups of a dimension, their metrics (``metrics.groups``) as a
comparison table, one group's participation matrix, its members without activity and
their scores, and all of it as one workbook.

Member side: the member list, one member's facts, points per cap group against the
caps, every record behind the total with its source, the notes on tier and warnings,
and the member's totals and ranks across years.

Everything here derives from a ``ScoreResult``; the costly pieces (group metrics, the
matrix, a group workbook) are remembered per result object and database revision, so a
page rerun on the same cached result does not compute them again.
"""
from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass, replace
from typing import Callable, Hashable, Iterable, TypeVar

import pandas as pd

from data import xlsx_out
from data.store import Store
from metrics import group_rank, labels
from metrics.display_order import ordered_groups
from metrics.groups import (DIMENSIONS, MARK_LEGEND, MARKS, ParticipationMatrix, group_metrics,
                            member_percentiles, participation_matrix)
from metrics.points import ATTENDED
from metrics.roster import change_dates, midyear_notes, nominators
from metrics.rules import EXTRA_COLUMNS, Rules
from metrics.scope import Scope, check_group, visible_groups
from metrics.score_csv import warnings_text
from metrics.scoring import Explanation, ScoreResult, explain

T = TypeVar("T")

# -- labels ----------------------------------------------------------------------------------
column_label = labels.cap_group_label
item_label = labels.item_label
CATEGORY_LABELS = labels.CATEGORY_LABELS


# -- remembered per result -------------------------------------------------------------------
_MEMO: "weakref.WeakKeyDictionary[ScoreResult, dict]" = weakref.WeakKeyDictionary()
_MEMO_SIZE = 64
_MEMO_LOCK = threading.Lock()


def _remembered(result: ScoreResult, store: Store, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per (result, database, revision, key); the oldest of a result's
    entries is dropped beyond ``_MEMO_SIZE``."""
    full = (str(store.path), store.revision(), key)
    with _MEMO_LOCK:
        memo = _MEMO.setdefault(result, {})
        if full in memo:
            return memo[full]
    value = compute()
    with _MEMO_LOCK:
        while len(memo) >= _MEMO_SIZE:
            memo.pop(next(iter(memo)))
        memo[full] = value
    return value


# -- groups ----------------------------------------------------------------------------------
def group_names(result: ScoreResult, dimension: str, scope: Scope | None = None) -> list[str]:
    """The groups of a dimension that have scored members (those the scope may see), in
    the office's order (``metrics.display_order``)."""
    names = result.scores[dimension].dropna().unique().tolist()
    if scope is not None and not scope.sees_all:
        names = [n for n in names if scope.allows_group(dimension, n)]
    return ordered_groups(names, dimension, result.rules)


def group_overview(store: Store, result: ScoreResult, dimension: str, scope: Scope | None = None) -> pd.DataFrame:
    """``metrics.groups.group_metrics`` for the result's (whole-body) year, in the office's
    group order; only the groups the scope may see when one is given."""
    def compute() -> pd.DataFrame:
        frame = group_metrics(store, result.year, dimension, result=result)
        order = ordered_groups(frame["group"], dimension, result.rules)
        return frame.set_index("group").loc[order].reset_index()
    frame = _remembered(result, store, ("overview", dimension), compute)
    return frame if scope is None else visible_groups(frame, dimension, scope)


def group_matrix(store: Store, result: ScoreResult, dimension: str, group: str,
                 held_only: bool = False, scope: Scope | None = None) -> ParticipationMatrix:
    """``metrics.groups.participation_matrix`` of one group (ScopeError for a group the
    scope may not see — checked before the cache, which every session shares)."""
    if scope is not None:
        check_group(scope, dimension, group)
    return _remembered(result, store, ("matrix", dimension, group, held_only),
                       lambda: participation_matrix(store, result.year, dimension, group,
                                                    result=result, held_only=held_only))


def _percent(values: pd.Series) -> pd.Series:
    return (values.astype("float64") * 100).round(1)


def overall_attend_rate(overview: pd.DataFrame) -> float | None:
    """Attended invitations over all invitations, across the groups (None without any)."""
    invited = overview["invited"].sum()
    return float(overview["attended"].sum() / invited) if invited else None


def body_attend_rate(result: ScoreResult) -> float | None:
    """The whole body's activity attendance rate: every scored member's attended
    invitations over their invitations (None without any). ``result``: whole-body."""
    invited = result.facts["events_invited"].sum()
    return float(result.facts["events_attended"].sum() / invited) if invited else None


ANONYMOUS_GROUP = "其他组（匿名）"


def anonymous_labels(count: int) -> list[str]:
    """'其他组（匿名）A', … 'Z', then 'AA', 'AB', …"""
    def letters(n: int) -> str:
        return (letters(n // 26 - 1) if n >= 26 else "") + chr(ord("A") + n % 26)
    return [f"{ANONYMOUS_GROUP}{letters(i)}" for i in range(count)]


def anonymised_groups(overview: pd.DataFrame, dimension: str, scope: Scope | None = None) -> pd.DataFrame:
    """The (whole) ``overview`` as the scope may see it, with a ``named`` column. The
    groups the scope may see keep their names, in the overview's order; for a 组长 the
    other groups follow anonymously, highest attendance rate first, as '其他组（匿名）A',
    'B', … (their order says nothing of which group is which)."""
    if scope is None or scope.sees_all:
        return overview.assign(named=True)
    own = overview["group"].isin(scope.groups_in(dimension))
    others = overview[~own].sort_values("attend_rate", ascending=False, na_position="last", kind="stable")
    others = others.assign(group=anonymous_labels(len(others)), named=False)
    return pd.concat([overview[own].assign(named=True), others], ignore_index=True)


def attendance_comparison(overview: pd.DataFrame, dimension: str, scope: Scope | None = None) -> pd.DataFrame:
    """group (label), rate (percent), attended, invited, named — one row per group of
    the (whole) ``overview``, named or anonymous as ``anonymised_groups`` has it."""
    shown = anonymised_groups(overview, dimension, scope)
    return attend_rate_series(shown).assign(named=shown["named"])


BODY_LABEL = "全体委员"


def body_overview(store: Store, result: ScoreResult, dimension: str) -> pd.DataFrame:
    """The whole body as one row shaped like ``group_overview``'s (group '全体委员'): every
    scored member, in a group of the dimension or not; a body holds no events of its own,
    so events_held is missing. ``result``: whole-body."""
    def compute() -> pd.DataFrame:
        everyone = replace(result, scores=result.scores.assign(**{dimension: BODY_LABEL}))
        row = group_metrics(store, result.year, dimension, result=everyone)
        return row.assign(events_held=None)
    return _remembered(result, store, ("body", dimension), compute)


def comparison_overview(store: Store, result: ScoreResult, dimension: str,
                        scope: Scope | None = None) -> pd.DataFrame:
    """Every group of the dimension as the scope may see it (``anonymised_groups``: the
    office sees all by name in its order, a 组长 only their own), then the whole body."""
    groups = anonymised_groups(group_overview(store, result, dimension), dimension, scope).drop(columns="named")
    return pd.concat([groups, body_overview(store, result, dimension)], ignore_index=True)


@dataclass(frozen=True)
class Indicator:
    label: str
    value: str
    delta: str | None = None
    help: str | None = None


def _rate_text(rate: float | None) -> str:
    return "—" if rate is None or pd.isna(rate) else f"{rate * 100:.1f}%"


def group_indicators(overview: pd.DataFrame, result: ScoreResult, group: str) -> list[Indicator]:
    """The group's headline figures, the rates and mean score against all groups."""
    row = overview[overview["group"] == group].iloc[0]
    overall = body_attend_rate(result)
    rate = None if pd.isna(row["attend_rate"]) else float(row["attend_rate"])
    rate_delta = None if rate is None or overall is None else f"{(rate - overall) * 100:+.1f} 个百分点"
    ranked = result.scores[result.scores["ranked"]]
    mean_all = float(ranked["total"].mean()) if len(ranked) else None
    mean = row["mean_score"]
    mean_delta = None if pd.isna(mean) or mean_all is None else f"{mean - mean_all:+.1f}"
    return [
        Indicator("委员人数", f"{int(row['members'])}"),
        Indicator("本组举办活动", f"{int(row['events_held'])} 次",
                  help="组织单位为本组、活动名称含本组名称，或多数受邀者属于本组的活动"),
        Indicator("活动出席率", _rate_text(rate), rate_delta,
                  f"出席人次 ÷ 受邀人次（迟到/早退计为出席）；全体 {_rate_text(overall)}"),
        Indicator("全年出席过活动", f"{int(row['active_members'])}/{int(row['members'])} 人",
                  help=f"全年至少出席一项活动的委员；占 {_rate_text(row['active_share'])}"),
        Indicator("提案/社情民意", f"{int(row['proposals'])}/{int(row['sqmy'])}",
                  help="本组委员参与（领衔、联名或作者）的提案和社情民意件数"),
        Indicator("平均分", "—" if pd.isna(mean) else f"{mean:.1f}", mean_delta,
                  None if mean_all is None else f"参加排名委员的平均总分；全体 {mean_all:.1f}"),
    ]


def group_comparison_table(overview: pd.DataFrame, dimension: str, rules: Rules) -> pd.DataFrame:
    """The overview's groups (e.g. ``comparison_overview``) side by side, Chinese headers,
    rates in percent."""
    o = overview
    return pd.DataFrame({
        DIMENSIONS[dimension]: o["group"], "委员数": o["members"], "本组举办活动": o["events_held"],
        "受邀人次": o["invited"], "出席人次": o["attended"], "出席率(%)": _percent(o["attend_rate"]),
        "请假率(%)": _percent(o["leave_rate"]), "缺席率(%)": _percent(o["absence_rate"]),
        "参加过活动的委员": o["active_members"], "参加过活动占比(%)": _percent(o["active_share"]),
        "提案": o["proposals"], "立案": o["proposals_filed"], "社情民意": o["sqmy"],
        "社情民意采用": o["sqmy_adopted"], "平均分": o["mean_score"].round(2),
        "中位分": o["median_score"].round(2),
        **{tier: o[tier] for tier in rules.tier_names},
    })


def attend_rate_series(overview: pd.DataFrame) -> pd.DataFrame:
    """group, rate (percent) and the attended / invited counts, for the bar chart."""
    return pd.DataFrame({"group": overview["group"], "rate": _percent(overview["attend_rate"]),
                         "attended": overview["attended"], "invited": overview["invited"]})


def matrix_table(matrix: ParticipationMatrix) -> pd.DataFrame:
    """The matrix as shown: 委员编号, 姓名, then one column per event."""
    marks = matrix.marks.rename(columns={"name": "姓名"})
    return marks.rename_axis("委员编号").reset_index()


def matrix_events_table(matrix: ParticipationMatrix) -> pd.DataFrame:
    """The matrix's events: date, name, category, held by the group, invited, attended."""
    e = matrix.events
    return pd.DataFrame({
        "日期": pd.to_datetime(e["event_date"]).dt.date, "活动": e["event_name"],
        "类别": e["category"].map(lambda c: CATEGORY_LABELS.get(c, c)),
        "本组举办": e["held"].map({True: "是", False: ""}),
        "本组受邀": e["invited"], "本组出席": e["attended"],
    })


def member_mark_counts(matrix: ParticipationMatrix) -> pd.DataFrame:
    """Per member of the matrix: invited, attended, leave, absent (over its events)."""
    cells = matrix.marks.drop(columns="name")
    attended_marks = [MARKS[s] for s in ATTENDED]
    return pd.DataFrame({
        "invited": cells.ne("").sum(axis=1), "attended": cells.isin(attended_marks).sum(axis=1),
        "leave": cells.eq(MARKS["leave"]).sum(axis=1), "absent": cells.eq(MARKS["absent"]).sum(axis=1),
    }, index=matrix.marks.index).astype("int64")


def inactive_members(matrix: ParticipationMatrix, result: ScoreResult) -> pd.DataFrame:
    """Members of the group who attended none of the matrix's events, with what they
    were invited to there and how many events they attended in the whole year — not
    those who left during the year (``departed_members`` lists them)."""
    counts = member_mark_counts(matrix)
    left = result.scores.loc[result.scores["left_midyear"], "member_id"]
    idle = counts[(counts["attended"] == 0) & ~counts.index.isin(left)]
    year_attended = result.facts.set_index("member_id")["events_attended"]
    return pd.DataFrame({
        "委员编号": idle.index, "姓名": matrix.marks.loc[idle.index, "name"].to_numpy(),
        "受邀": idle["invited"].to_numpy(), "请假": idle["leave"].to_numpy(),
        "缺席": idle["absent"].to_numpy(),
        "全年出席活动": year_attended.reindex(idle.index).fillna(0).astype("int64").to_numpy(),
    })


def departed_members(store: Store, result: ScoreResult, dimension: str, group: str) -> pd.DataFrame:
    """The group's members who left during the year (辞去 / 调出; listed, not ranked):
    委员编号, 姓名, 变动 and 变动日期 (None when the roster gives none), by date."""
    s = result.scores[result.scores[dimension].eq(group).fillna(False) & result.scores["left_midyear"]]
    dates = pd.to_datetime(s["member_id"].map(change_dates(store, result.term)))
    out = pd.DataFrame({"委员编号": s["member_id"], "姓名": s["name"], "变动": s["status"],
                        "变动日期": dates.dt.normalize()})
    return out.sort_values(["变动日期", "委员编号"], na_position="last").reset_index(drop=True)


def group_scores(result: ScoreResult, dimension: str, group: str) -> pd.DataFrame:
    """The group's members' scores, by rank (not ranked last)."""
    s = result.scores[result.scores[dimension] == group]
    out = pd.DataFrame({"排名": s["rank"].astype("Int64"), "委员编号": s["member_id"], "姓名": s["name"]})
    if dimension != "sector":
        out["界别"] = s["sector"]
    out["总分"] = s["total"]
    out["界别内排名"] = s["sector_rank"].astype("Int64")
    out["等次"] = s["tier"].fillna("未排名")
    out["预警"] = s["warnings"].map(warnings_text)
    out["备注"] = midyear_notes(result._store, result.term, s)
    return out.reset_index(drop=True)


_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|]')


def _file_safe(text: str) -> str:
    return _UNSAFE_IN_FILE_NAMES.sub("_", str(text))


def group_file_name(year: int, group: str) -> str:
    """'2025年-第一界别活动组-参与情况.xlsx' (characters a file name may not hold replaced)."""
    return f"{int(year)}年-{_file_safe(group)}-参与情况.xlsx"


def group_sheets(store: Store, result: ScoreResult, dimension: str, group: str,
                 held_only: bool = False, scope: Scope | None = None) -> dict[str, pd.DataFrame]:
    """Everything the group page shows to the scope, as tables by sheet name."""
    matrix = group_matrix(store, result, dimension, group, held_only, scope)
    return {
        "各组对比": group_comparison_table(comparison_overview(store, result, dimension, scope), dimension,
                                       result.rules),
        "参与矩阵": matrix_table(matrix),
        "活动清单": matrix_events_table(matrix),
        "未参加活动的委员": inactive_members(matrix, result),
        "年内离任的委员": departed_members(store, result, dimension, group),
        "委员得分": group_scores(result, dimension, group),
        **assessment_sheets(store, result, dimension, group, scope),
    }


def assessment_sheets(store: Store, result: ScoreResult, dimension: str, group: str,
                      scope: Scope | None = None) -> dict[str, pd.DataFrame]:
    """«组别考评» (the ranking, a 组长's other groups anonymous) and «本组考评明细» (the
    group's points item by item), for the dimensions assessed as units (none otherwise)."""
    if dimension not in group_rank.GROUP_DIMENSIONS:
        return {}
    assessment = group_rank.assess_groups(store, result, dimension)
    names = None if scope is None or scope.sees_all else group_rank.shown_names(assessment, store, result, scope)
    return {"组别考评": group_rank.ranking_table(assessment, names),
            "本组考评明细": group_rank.item_table(assessment, group)}


def group_workbook(store: Store, result: ScoreResult, dimension: str, group: str,
                   held_only: bool = False, scope: Scope | None = None) -> bytes:
    """The group page as one .xlsx, as the scope sees it (a 组长's names only their groups)."""
    what = "本组举办的活动" if held_only else "本组委员受邀的全部活动"
    title = f"{result.year}年 {DIMENSIONS[dimension]}：{group} 参与情况（{what}；{MARK_LEGEND}）"
    named = None if scope is None or scope.sees_all else scope.groups_in(dimension)
    return _remembered(result, store, ("workbook", dimension, group, held_only, named),
                       lambda: xlsx_out.workbook_bytes(
                           group_sheets(store, result, dimension, group, held_only, scope), title=title))


# -- members ---------------------------------------------------------------------------------
def member_label(name: str, sector: str | None, member_id: str) -> str:
    return f"{name}（{sector or '—'}，{member_id}）"


def member_options(result: ScoreResult) -> dict[str, str]:
    """member_id -> '姓名（界别，编号）' for every scored member, by member id."""
    s = result.scores.sort_values("member_id")
    return {m: member_label(n, sec, m) for m, n, sec in
            zip(s["member_id"], s["name"], s["sector"])}


def filter_members(options: dict[str, str], text: str | None) -> list[str]:
    """Member ids whose label holds every word of ``text`` (case-insensitive)."""
    words = (text or "").lower().split()
    return [m for m, label in options.items() if all(w in label.lower() for w in words)]


def _yes(value) -> str:
    return "是" if bool(value) else "否"


def midyear_mark(result: ScoreResult, member_id: str) -> str:
    """«年中增补（2025年7月1日）» / «年中离任（…）» of one member ('' for the others)."""
    rows = result.scores[result.scores["member_id"] == member_id]
    return midyear_notes(result._store, result.term, rows).iloc[0] if len(rows) else ""


def member_facts(result: ScoreResult, member_id: str) -> list[tuple[str, str]]:
    """(label, value) pairs of the member's roster facts for the year."""
    s = result.member(member_id)
    status = s["status"] or "—"
    if mark := midyear_mark(result, member_id):
        status += f"；{mark}" + ("，不参加排名" if s["left_midyear"] else "")
    text = lambda v: "—" if v is None or pd.isna(v) or v == "" else str(v)  # noqa: E731
    return [("编号", text(s["code"]) if text(s["code"]) != "—" else s["member_id"]),
            ("界别", text(s["sector"])), ("党派", text(s["party"])), ("职务", text(s["title"])),
            ("常委", _yes(s["is_standing"])), ("专委会", text(s["committee"])),
            ("界别活动组", text(s["activity_group"])), ("委员联络组", text(s["liaison_group"])),
            *_nominator_fact(result, member_id), ("状态", status)]


def _nominator_fact(result: ScoreResult, member_id: str) -> list[tuple[str, str]]:
    """The member's 推荐单位 as a fact, when the roster gives one (none: no row). Read from
    the current roster, published years too: it says where the year's letter goes."""
    store = result._store
    found = _remembered(result, store, "nominators", lambda: nominators(store)).get(member_id)
    return [("推荐单位", found)] if found else []


def member_standing(result: ScoreResult, member_id: str) -> list[Indicator]:
    """Total, rank in the body and in the 界别 (with percentiles), tier."""
    s = result.member(member_id)
    ranked = int(result.scores["ranked"].sum())
    pct = member_percentiles(result).set_index("member_id")
    if pd.isna(s["rank"]):
        rank, sector_rank = Indicator("全体排名", "未排名"), Indicator("界别内排名", "未排名")
    else:
        p = pct.loc[member_id]
        in_sector = int((result.scores["ranked"] & (result.scores["sector"] == s["sector"])).sum())
        rank = Indicator("全体排名", f"{int(s['rank'])} / {ranked}",
                         help=f"不低于 {p['percentile']:.0f}% 的委员")
        sector_rank = Indicator("界别内排名", f"{int(s['sector_rank'])} / {in_sector}",
                                help=f"不低于界别内 {p['sector_percentile']:.0f}% 的委员")
    return [Indicator("总分", f"{s['total']:.2f}"), rank, sector_rank,
            Indicator("等次", s["tier"] or "未评等次")]


def points_by_column(result: ScoreResult, lines: pd.DataFrame, member_id: str) -> pd.DataFrame:
    """One row per score column: column, label, before (sum of the records before the
    cap), points (counted), cap (None when uncapped or not a cap group)."""
    s = result.member(member_id)
    before = lines.groupby(lines["column"].astype(str))["points_before"].sum()
    cols = list(result.score_columns)
    return pd.DataFrame({
        "column": cols, "label": [column_label(c) for c in cols],
        "before": [round(float(before.get(c, 0.0)), 2) for c in cols],
        "points": [float(s[c]) for c in cols],
        "cap": [None if c in EXTRA_COLUMNS or result.rules.cap(c) is None else float(result.rules.cap(c))
                for c in cols],
    })


def member_explanation(store: Store, result: ScoreResult, member_id: str) -> Explanation:
    """``metrics.scoring.explain`` on the cached result."""
    return _remembered(result, store, ("explain", member_id),
                       lambda: explain(store, result.year, member_id, result=result))


SUM_LABEL = "合计"


def record_table(lines: pd.DataFrame) -> pd.DataFrame:
    """Every record behind the member's points — item, content, points before and after
    the cap, source — then a sum row."""
    body = pd.DataFrame({
        "计分项目": lines["column"].map(column_label), "规则项": lines["item"].map(item_label),
        "内容": lines["detail"], "原始分": lines["points_before"].round(2),
        "计入分": lines["points"].round(2), "来源文件": lines["source_file"],
        "工作表": lines["sheet"], "行号": lines["row_no"].astype("Int64"),
    })
    total = {"计分项目": SUM_LABEL, "规则项": "", "内容": f"{len(lines)} 条记录",
             "原始分": round(lines["points_before"].sum(), 2), "计入分": round(lines["points"].sum(), 2),
             "来源文件": "", "工作表": "", "行号": pd.NA}
    return pd.concat([body, pd.DataFrame([total]).astype(body.dtypes.to_dict())], ignore_index=True)


@dataclass(frozen=True)
class RecordItem:
    """One record behind a member's points, for the list of the card layout."""

    column: str        # the score column's label (计分项目)
    item: str          # the rule item's label (规则项)
    detail: str
    points: float      # counted
    before: float      # before the cap
    source: str        # '文件 · 工作表 · 第 N 行'


def _source_text(file, sheet, row) -> str:
    parts = [str(v) for v in (file, sheet) if v is not None and not pd.isna(v) and str(v)]
    if row is not None and not pd.isna(row):
        parts.append(f"第 {int(row)} 行")
    return " · ".join(parts) or "—"


def record_items(lines: pd.DataFrame) -> list[RecordItem]:
    """Every record behind the member's points (the rows of ``record_table`` without
    the sum row), in the explanation's order."""
    return [RecordItem(column_label(c), item_label(i), "" if pd.isna(d) else str(d), round(float(p), 2),
                       round(float(b), 2), _source_text(f, sh, r))
            for c, i, d, p, b, f, sh, r in zip(lines["column"], lines["item"], lines["detail"],
                                               lines["points"], lines["points_before"],
                                               lines["source_file"], lines["sheet"], lines["row_no"])]


def records_sum(table: pd.DataFrame) -> float:
    """The 计入分 of the sum row of ``record_table``."""
    return float(table.loc[table["计分项目"] == SUM_LABEL, "计入分"].iloc[-1])


def member_notes(result: ScoreResult, member_id: str) -> list[str]:
    """Why the tier is what it is beyond the thresholds, and the year's special status."""
    s, rules = result.member(member_id), result.rules
    f = result.facts.set_index("member_id").loc[member_id]
    notes = []
    if s["left_midyear"]:
        notes.append(f"{midyear_mark(result, member_id)}：列出得分，但不参加排名、等次和预警。")
    if s["joined_midyear"]:
        notes.append(f"{midyear_mark(result, member_id)}：按本年度的记录计分。")
    if s["ranked"] and rules.plenary_absent_max and f["plenary_absent"] > 0:
        notes.append(f"全体会议无故缺席 {int(f['plenary_absent'])} 次：等次最高为{rules.plenary_absent_max}。")
    if s["ranked"] and rules.require_proposal_or_sqmy and f["proposals"] == 0 and f["sqmy"] == 0:
        notes.append(f"本年度无提案、无社情民意：等次为{rules.lowest}。")
    total_before_floor = round(float(sum(s[c] for c in result.score_columns)), 2)
    if total_before_floor < 0:
        notes.append(f"各项合计 {total_before_floor:.2f} 分为负，总分按 0 分计。")
    return notes


def member_trend(results: Iterable[ScoreResult], member_id: str) -> pd.DataFrame:
    """year, total, rank, ranked (members ranked that year), tier — one row per given
    year in which the member is scored, oldest first."""
    rows = []
    for r in results:
        hit = r.scores[r.scores["member_id"] == member_id]
        if len(hit):
            s = hit.iloc[0]
            rows.append({"year": r.year, "total": float(s["total"]),
                         "rank": None if pd.isna(s["rank"]) else int(s["rank"]),
                         "ranked": int(r.scores["ranked"].sum()), "tier": s["tier"]})
    frame = pd.DataFrame(rows, columns=["year", "total", "rank", "ranked", "tier"])
    return frame.sort_values("year").reset_index(drop=True)


def trend_table(trend: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"年度": trend["year"], "总分": trend["total"],
                         "排名": trend["rank"].astype("Int64"), "参评人数": trend["ranked"],
                         "等次": trend["tier"].fillna("未排名")})
