"""What the chair-meeting pages show — 总览, 排名, 预警名单 — shaped from a year's
``ScoreResult`` (and the previous year's, for the change against it).

Everything here is vectorised pandas over the scored members; the only reads of the
store are the year's proposal and 社情民意 totals. Tables come out with English column
names; ``labelled`` turns them into the Chinese headers the pages show. The charts are
plotly figures built from plain lists, so their JSON spec is readable as is.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from data.store import Store
from metrics import labels
from metrics.display_order import ordered_groups
from metrics.groups import member_percentiles
from metrics.roster import midyear_notes, record_years
from metrics.rules import Rules
from metrics.scoring import WARNING_ORDER, ScoreResult

# Chinese labels of the cap groups of the default rule file and of the extra columns;
# a cap group of a custom rule file that is not here shows under its code.

# The groupings a member belongs to, as the chair-meeting pages name them.
GROUP_LABELS: dict[str, str] = {"sector": "界别", "activity_group": "活动组",
                                "liaison_group": "联络组", "committee": "专委会"}

COLUMN_LABELS: dict[str, str] = {
    "rank": "名次", "member_id": "委员编号", "name": "姓名", **GROUP_LABELS, "is_standing": "常委",
    "total": "总分", "tier": "等次", "warnings": "预警", "rank_change": "名次变化",
    "percentile": "百分位", "note": "备注", "kind": "预警类别", "reason": "预警原因",
    "term_plenary_absent": "全会缺席", "standing_absent": "常委会缺席",
    "events_attended": "出席活动", "events_invited": "受邀活动", "attendance": "活动出席",
    "proposals": "提案",
    "sqmy": "社情民意", "group": "分组", "members": "委员人数", "warned": "预警人数",
    "warned_share": "预警占比",
}

RANKING_COLUMNS = ("rank", "name", *GROUP_LABELS, "is_standing", "total", "tier", "warnings",
                   "rank_change", "percentile", "note")
WARNING_FACT_COLUMNS = ("term_plenary_absent", "standing_absent", "events_attended",
                        "events_invited", "proposals", "sqmy")
WARNING_VIEW_COLUMNS = ("member_id", "name", "sector", "is_standing", "total", "tier", "reason",
                        "term_plenary_absent", "standing_absent", "attendance", "proposals", "sqmy", "note")
NEW_IN_RANKING = "新"
UNCHANGED_RANK = "持平"
UNTIERED = "未定等次"
NO_GROUP = "（未分组）"
NOT_RANKED_NOTE = "不排名"


def cap_group_label(code: str) -> str:
    """The Chinese label of a cap group (or extra column); the code itself when unknown."""
    return labels.cap_group_label(code)


def labelled(table: pd.DataFrame) -> pd.DataFrame:
    """The table with Chinese headers (cap groups included)."""
    return table.rename(columns=lambda c: COLUMN_LABELS.get(c) or cap_group_label(c))


def previous_year(store: Store, year: int) -> int | None:
    """The year before ``year`` when it has any records, else None."""
    before = int(year) - 1
    return before if any(before in ys for ys in record_years(store).values()) else None


def ranked_scores(result: ScoreResult) -> pd.DataFrame:
    return result.scores[result.scores["ranked"]]


def tier_counts(result: ScoreResult, rows: pd.DataFrame | None = None) -> pd.Series:
    """Members per tier (only ranked members have one), best tier first, every tier of
    the rule set (0 when none); of ``rows`` (score or ranking rows) when given."""
    rows = result.scores if rows is None else rows
    return (rows["tier"].value_counts()
            .reindex(list(result.rules.tier_names), fill_value=0).astype("int64"))


def warned_members(result: ScoreResult) -> pd.DataFrame:
    """Score rows of the members with at least one warning."""
    return result.scores[result.scores["warnings"].str.len() > 0]


# -- 总览 ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Overview:
    """One year's headline numbers."""

    year: int
    members: int              # scored members
    ranked: int
    tiers: pd.Series          # ranked members per tier, best first
    warned: int               # members with at least one warning
    warnings: pd.Series       # members per warning kind, severest first
    mean_score: float | None  # of ranked members
    events_attended: int      # member-event invitations attended (出席, 迟到/早退)
    events_invited: int
    proposals: int            # the year's proposals (all, collective included)
    proposals_filed: int      # 立案 or 并案
    sqmy: int                 # the year's 社情民意 items
    sqmy_adopted: int         # adopted at any level

    @property
    def attendance_rate(self) -> float | None:
        return self.events_attended / self.events_invited if self.events_invited else None


def warning_kind_counts(result: ScoreResult) -> pd.Series:
    """Members per warning kind, severest first (0 when none)."""
    kinds = result.scores["warnings"].explode().dropna().str[0]
    return kinds.value_counts().reindex(list(WARNING_ORDER), fill_value=0).astype("int64")


def record_totals(store: Store, year: int) -> dict[str, int]:
    """The year's proposals (and filed ones) and 社情民意 items (and adopted ones)."""
    row = store.df("""
        SELECT p.proposals, p.proposals_filed, s.sqmy, s.sqmy_adopted
        FROM (SELECT count(*) AS proposals, count(*) FILTER (WHERE filed) AS proposals_filed
              FROM cur_proposals WHERE year = $1) p,
             (SELECT count(*) AS sqmy, count(*) FILTER (WHERE adoption IS NOT NULL) AS sqmy_adopted
              FROM cur_sqmy WHERE year = $1) s""", [int(year)])
    return {k: int(v) for k, v in row.iloc[0].items()}


def overview(store: Store, result: ScoreResult) -> Overview:
    """The year's headline numbers from its scores and records."""
    ranked = ranked_scores(result)
    facts = result.facts
    return Overview(
        year=result.year, members=len(result.scores), ranked=len(ranked),
        tiers=tier_counts(result), warned=len(warned_members(result)),
        warnings=warning_kind_counts(result),
        mean_score=float(ranked["total"].mean()) if len(ranked) else None,
        events_attended=int(facts["events_attended"].sum()),
        events_invited=int(facts["events_invited"].sum()),
        **record_totals(store, result.year))


@dataclass(frozen=True)
class Card:
    """One st.metric: label, value text, delta text (None: no delta), delta colour."""

    label: str
    value: str
    delta: str | None = None
    delta_color: str = "normal"
    help: str | None = None


def _signed(diff: float, fmt: str, unit: str = "") -> str:
    """'+3', '-1.25', '+0.8个百分点'; the literal '0' for no change (shown grey)."""
    text = format(diff, fmt)
    if float(text) == 0:
        return "0"
    return ("+" if diff > 0 else "") + text + unit


def count_delta(now: int, before: int) -> str:
    """The change of a count as st.metric shows it: '+3', '-2', '0'."""
    return _signed(int(now) - int(before), "d")


def _count_card(label: str, now: int, before: int | None, help: str | None = None,
                worse_when_more: bool = False) -> Card:
    return Card(label, f"{now:,}", None if before is None else count_delta(now, before),
                "inverse" if worse_when_more else "normal", help)


def _mean_card(now: Overview, before: Overview | None) -> Card:
    value = "—" if now.mean_score is None else f"{now.mean_score:.2f}"
    delta = (None if before is None or before.mean_score is None or now.mean_score is None
             else _signed(now.mean_score - before.mean_score, ".2f"))
    return Card("平均分", value, delta, help="已排名委员总分的平均值")


def _attendance_card(now: Overview, before: Overview | None) -> Card:
    rate, prior = now.attendance_rate, before.attendance_rate if before else None
    value = "—" if rate is None else f"{rate:.1%}"
    delta = None if rate is None or prior is None else _signed((rate - prior) * 100, ".1f", "个百分点")
    return Card("出席率", value, delta,
                help=f"出席（含迟到/早退）{now.events_attended:,} 人次 / 受邀 {now.events_invited:,} 人次")


def overview_cards(now: Overview, before: Overview | None = None) -> list[Card]:
    """The headline metrics, each with its change against the previous year when given."""
    def was(attr: str) -> int | None:
        return None if before is None else getattr(before, attr)

    return [
        _count_card("考评名单", now.members, was("members"),
                    help=f"其中参评（参加排名）{now.ranked:,} 人；年中离任者列出但不排名"),
        _mean_card(now, before),
        _attendance_card(now, before),
        _count_card("预警人数", now.warned, was("warned"), worse_when_more=True,
                    help="、".join(f"{k} {n} 人" for k, n in now.warnings.items())),
        _count_card("提案", now.proposals, was("proposals"), help="本年度全部提案，含集体提案"),
        _count_card("立案", now.proposals_filed, was("proposals_filed"), help="立案或并案"),
        _count_card("社情民意", now.sqmy, was("sqmy")),
        _count_card("社情民意采用", now.sqmy_adopted, was("sqmy_adopted"), help="被任一层级采用"),
    ]


# -- 排名 ------------------------------------------------------------------------------------
def rank_change(result: ScoreResult, previous: ScoreResult) -> pd.Series:
    """Per score row of ``result``: '↑ n' / '↓ n' / '持平' against the member's rank in
    ``previous``, '新' for a ranked member not ranked then, '' for one not ranked now."""
    before = ranked_scores(previous).set_index("member_id")["rank"]
    now = result.scores["rank"].astype("Float64")
    then = result.scores["member_id"].map(before).astype("Float64")
    moved = (then - now).fillna(0).astype("int64")
    text = pd.Series(UNCHANGED_RANK, index=result.scores.index, dtype=object)
    text = text.mask(moved > 0, "↑ " + moved.astype(str)).mask(moved < 0, "↓ " + (-moved).astype(str))
    text = text.mask(then.isna().to_numpy(dtype=bool), NEW_IN_RANKING)
    return text.mask(now.isna().to_numpy(dtype=bool), "")


def warning_kinds_text(result: ScoreResult) -> pd.Series:
    """'劝辞、约谈' per score row ('' when none)."""
    return result.scores["warnings"].map(lambda ws: "、".join(k for k, _ in ws))


def member_notes(result: ScoreResult) -> pd.Series:
    """'年中增补（2025年7月1日）' / '年中离任（2025年3月1日），不排名' per score row
    ('' otherwise; metrics.roster.midyear_notes)."""
    s = result.scores
    note = midyear_notes(result._store, result.term, s)
    return note.mask(s["left_midyear"], note + "，" + NOT_RANKED_NOTE)


def ranking_table(result: ScoreResult, previous: ScoreResult | None = None) -> pd.DataFrame:
    """One row per scored member in rank order (not ranked last): member_id and
    RANKING_COLUMNS (rank_change only with a previous year), then the score columns."""
    s = result.scores
    table = s[["member_id", "rank", "name", *GROUP_LABELS, "is_standing", "total", "tier"]].copy()
    table["warnings"] = warning_kinds_text(result)
    if previous is not None:
        table["rank_change"] = rank_change(result, previous)
    pct = member_percentiles(result).set_index("member_id")["percentile"]
    table["percentile"] = s["member_id"].map(pct).round(1)
    table["note"] = member_notes(result)
    for col in result.score_columns:
        table[col] = s[col]
    return table


@dataclass(frozen=True)
class RankingFilter:
    """The ranking page's filters; empty selections do not filter."""

    groups: dict[str, list[str]] = field(default_factory=dict)  # GROUP_LABELS key -> groups
    standing_only: bool = False
    tiers: list[str] = field(default_factory=list)
    name: str = ""
    score_range: tuple[float, float] | None = None  # ranked members with low <= total < high

    def describe(self) -> str:
        """'界别：教育界、经济界；仅常委；总分 60–70分' — '' when nothing is filtered."""
        parts = [f"{GROUP_LABELS[d]}：{'、'.join(v)}" for d, v in self.groups.items() if v]
        parts += ["仅常委"] if self.standing_only else []
        parts += [f"等次：{'、'.join(self.tiers)}"] if self.tiers else []
        parts += [f"姓名含“{self.name.strip()}”"] if self.name.strip() else []
        parts += [f"总分 {score_bin_label(*self.score_range)}"] if self.score_range else []
        return "；".join(parts)


def filter_options(table: pd.DataFrame, rules: Rules | None = None) -> dict[str, list[str]]:
    """The groups present in the table per GROUP_LABELS dimension, in the office's order
    (``metrics.display_order``: 界别 in the usual CPPCC order unless the rule set says)."""
    return {d: ordered_groups(table[d].dropna().unique().tolist(), d, rules) for d in GROUP_LABELS}


def filter_ranking(table: pd.DataFrame, f: RankingFilter) -> pd.DataFrame:
    """The rows of the ranking table that pass every filter."""
    keep = pd.Series(True, index=table.index)
    for dim, chosen in f.groups.items():
        if chosen:
            keep &= table[dim].isin(chosen)
    if f.standing_only:
        keep &= table["is_standing"]
    if f.tiers:
        keep &= table["tier"].isin(f.tiers)
    if name := f.name.strip():
        keep &= table["name"].str.contains(name, regex=False).fillna(False).astype(bool)
    if f.score_range:
        low, high = f.score_range
        keep &= table["rank"].notna() & table["total"].ge(low) & table["total"].lt(high)
    return table[keep]


def ranking_view(table: pd.DataFrame, score_columns: tuple[str, ...] = (),
                 by_group: bool = False) -> pd.DataFrame:
    """The ranking as shown: Chinese headers, 常委 as 是/'' , the cap-group columns
    (and bonus, deduction, adjustment) after the total when ``by_group``."""
    cols = [c for c in RANKING_COLUMNS if c in table.columns]
    if by_group:
        at = cols.index("total") + 1
        cols = cols[:at] + [c for c in score_columns if c in table.columns] + cols[at:]
    view = table[cols].copy()
    view["is_standing"] = view["is_standing"].map({True: "是", False: ""})
    view["tier"] = view["tier"].fillna("")
    return labelled(view).reset_index(drop=True)


def amount_labels(score_columns: tuple[str, ...] = ()) -> list[str]:
    """Headers of the columns holding amounts (shown with two decimals)."""
    return [COLUMN_LABELS["total"], *(cap_group_label(c) for c in score_columns)]


def printable(view: pd.DataFrame, score_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """A shown ranking as text for print: amounts with two decimals, the percentile with
    one, blanks for missing values."""
    out = view.astype(object).where(view.notna(), "")
    for col in amount_labels(score_columns):
        if col in out.columns:
            out[col] = view[col].map("{:.2f}".format)
    for col, fmt in ((COLUMN_LABELS["rank"], "{:.0f}"), (COLUMN_LABELS["percentile"], "{:.1f}")):
        if col in out.columns:
            out[col] = view[col].map(lambda v: "" if pd.isna(v) else fmt.format(v))
    return out.astype(str)


def print_title(year: int, rules: Rules) -> str:
    return f"{year}年度委员履职考评排名（规则：{rules.name}）"


# -- charts ------------------------------------------------------------------------------------
TIER_COLORS = ("#2e7d32", "#1565c0", "#f9a825", "#c62828", "#6a1b9a", "#37474f")


def tier_chart(counts: pd.Series, year: int, previous: pd.Series | None = None,
               previous_year: int | None = None) -> go.Figure:
    """Bars of members per tier (best first); a second series for the previous year."""
    tiers = [str(t) for t in counts.index]
    fig = go.Figure(go.Bar(x=tiers, y=[int(v) for v in counts], name=f"{year}年度",
                           text=[int(v) for v in counts], textposition="outside",
                           marker_color=list(TIER_COLORS[: len(tiers)])))
    if previous is not None:
        before = previous.reindex(counts.index, fill_value=0)
        fig.add_trace(go.Bar(x=tiers, y=[int(v) for v in before], name=f"{previous_year}年度",
                             text=[int(v) for v in before], textposition="outside",
                             marker_color="#b0bec5"))
    fig.update_layout(title="等次分布", barmode="group", xaxis_title="等次", yaxis_title="人数",
                      showlegend=previous is not None, margin=dict(t=50, b=40, l=40, r=10),
                      height=340)
    return fig


def _number(value: float) -> str:
    return f"{float(value):g}"


def score_bin_label(low: float, high: float) -> str:
    """'60–70分': a score band, its lower bound in, its upper bound out."""
    return f"{_number(low)}–{_number(high)}分"


def score_bins(totals: pd.Series, rules: Rules, size: float = 10) -> list[tuple[float, float]]:
    """Score bands from 0 up past the highest of ``totals`` and every tier threshold:
    ``size`` points wide, also split at each threshold so that no band straddles one."""
    highest = max([0.0, *totals.astype(float).nlargest(1), *(float(t) for _, t in rules.thresholds)])
    steps = int(highest // size) + 1
    edges = sorted({float(size * i) for i in range(steps + 1)}
                   | {float(t) for _, t in rules.thresholds if 0 < float(t) < size * steps})
    return list(zip(edges, edges[1:]))


def score_bands(totals: pd.Series, rules: Rules, size: float = 10) -> dict[str, tuple[float, float]]:
    """Band label ('60–70分') -> (low, high) of ``score_bins``, lowest band first."""
    return {score_bin_label(low, high): (low, high) for low, high in score_bins(totals, rules, size)}


def score_histogram(totals: pd.Series, rules: Rules, bands: dict[str, tuple[float, float]] | None = None
                    ) -> go.Figure:
    """Members per score band (bars with the band's label, so that a clicked bar names its
    band; ``score_bands`` of the totals when not given), tier thresholds as dashed lines."""
    totals = totals.astype(float)
    bands = bands or score_bands(totals, rules)
    counts = [int((totals.ge(low) & totals.lt(high)).sum()) for low, high in bands.values()]
    lows = [low for low, _ in bands.values()]
    fig = go.Figure(go.Bar(x=list(bands), y=counts, text=counts, textposition="outside",
                           marker_color="#1565c0", name="人数",
                           hovertemplate="总分 %{x}：%{y} 人<extra></extra>"))
    for step, (name, threshold) in enumerate(rules.thresholds):
        if float(threshold) in lows:
            fig.add_vline(x=lows.index(float(threshold)) - 0.5, line_dash="dash", line_color="#c62828",
                          annotation_text=f"{name} ≥ {threshold}", annotation_position="top right",
                          annotation_yshift=-22 * step, annotation_bgcolor="rgba(255,255,255,0.85)",
                          annotation_font_color="#c62828")
    fig.update_layout(title="总分分布（每段含下限、不含上限）", xaxis_title="总分", yaxis_title="人数",
                      xaxis=dict(type="category", categoryorder="array", categoryarray=list(bands)),
                      yaxis=dict(rangemode="tozero"), bargap=0.05,
                      margin=dict(t=50, b=40, l=40, r=10), height=340)
    return fig


# -- 预警名单 ------------------------------------------------------------------------------------
def warning_rows(result: ScoreResult) -> pd.DataFrame:
    """One row per (member, warning kind): kind, reason, the member, total, tier, the
    facts warnings rest on and the 年中增补 note — severest kind first, then lowest
    total, then member id."""
    s = warned_members(result)
    cols = ["member_id", "name", *GROUP_LABELS, "is_standing", "total", "tier", "warnings"]
    rows = s[cols].assign(note=member_notes(result).loc[s.index]).explode("warnings")
    rows["kind"] = rows["warnings"].str[0]
    rows["reason"] = rows.pop("warnings").str[1]
    rows = rows.merge(result.facts[["member_id", *WARNING_FACT_COLUMNS]], on="member_id", how="left")
    rows["_order"] = rows["kind"].map({k: i for i, k in enumerate(WARNING_ORDER)})
    rows = rows.sort_values(["_order", "total", "member_id"]).drop(columns="_order")
    return rows[["kind", "member_id", "name", *GROUP_LABELS, "is_standing", "total", "tier",
                 "reason", *WARNING_FACT_COLUMNS, "note"]].reset_index(drop=True)


def warning_view(rows: pd.DataFrame, with_kind: bool = True) -> pd.DataFrame:
    """Warning rows as shown: (the kind,) who, total, tier, reasons and facts (attendance
    as '出席/受邀'), Chinese headers."""
    view = rows.copy()
    view["is_standing"] = view["is_standing"].map({True: "是", False: ""})
    view["attendance"] = view["events_attended"].astype(str) + "/" + view["events_invited"].astype(str)
    columns = ["kind"] * with_kind + list(WARNING_VIEW_COLUMNS)
    return labelled(view[columns]).reset_index(drop=True)


def warnings_of_kind(rows: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The members of one warning kind as shown (``warning_view`` without the kind)."""
    return warning_view(rows[rows["kind"] == kind], with_kind=False)


def warning_criteria(rules: Rules) -> dict[str, str]:
    """What raises each warning kind under the rule set, in words (severest first)."""
    w, low = rules.warnings, rules.lowest
    said: dict[str, list[str]] = {k: [] for k in WARNING_ORDER}
    if n := w["term_plenary_absent_dismiss"]:
        said["劝辞"].append(f"本届全会无故缺席 ≥ {n} 次")
    if n := w["standing_absent_dismiss"]:
        said["劝辞"].append(f"常委本年常委会议无故缺席 ≥ {n} 次")
    if n := w["fail_years_dismiss"]:
        said["劝辞"].append(f"连续 {n} 年考评为{low}（往年以审定结果为准；未审定且没有出勤记录的年度不计）")
    said["约谈"].append(f"本年考评为{low}")
    if n := w["silent_years_talk"]:
        said["约谈"].append(f"连续 {n} 年无提案和社情民意")
    said["约谈"].append("全年未参加任何活动")
    if n := w["term_plenary_absent_notice"]:
        d = w["term_plenary_absent_dismiss"]
        said["通报批评"].append(f"本届全会无故缺席 ≥ {n} 次" + (f"且少于 {d} 次（达到 {d} 次为劝辞）" if d else ""))
    return {k: "；".join(v) if v else "本规则未启用" for k, v in said.items()}


def warning_counts_by_group(result: ScoreResult, dimension: str) -> pd.DataFrame:
    """Per group of ``dimension``: members, members per warning kind, members with any
    warning and their share — groups in the office's order (``metrics.display_order``),
    members without a group last."""
    if dimension not in GROUP_LABELS:
        raise ValueError(f"未知的分组“{dimension}”；可用：{'、'.join(GROUP_LABELS)}。")
    s = result.scores
    grp = s[dimension].fillna(NO_GROUP)
    kinds = s[["warnings"]].assign(group=grp).explode("warnings").dropna(subset=["warnings"])
    kinds["kind"] = kinds["warnings"].str[0]
    per_kind = (pd.crosstab(kinds["group"], kinds["kind"])
                .reindex(columns=list(WARNING_ORDER), fill_value=0))
    out = pd.DataFrame({"members": grp.value_counts()})
    out = out.join(per_kind).fillna(0).astype("int64")
    out["warned"] = (s["warnings"].str.len() > 0).groupby(grp).sum().reindex(out.index).astype("int64")
    out["warned_share"] = (out["warned"] / out["members"]).round(3)
    out = out.reindex(ordered_groups(out.index, dimension, result.rules, last=NO_GROUP))
    return out.rename_axis("group").reset_index()


# -- 总览: what the numbers differ by, and what is imported -------------------------------
def member_count_text(now: Overview) -> str:
    """Why 考评名单 and 参评 differ, in words."""
    text = f"考评名单 {now.members:,} 人，参评（参加排名）{now.ranked:,} 人"
    left = now.members - now.ranked
    return text + (f"：{left:,} 人年中离任，列出但不排名。" if left else "，全部参评。")


def warning_count_text(now: Overview) -> str:
    """Why 预警人数 is not the sum of the kinds, in words."""
    kinds = "、".join(f"{k} {n:,} 人" for k, n in now.warnings.items())
    total = int(now.warnings.sum())
    text = f"预警人数 {now.warned:,} 人（{kinds}）"
    if total > now.warned:
        return text + f"：一位委员可同时有几项预警，各项相加为 {total:,} 人次，多于预警人数。"
    return text + "。"


# (kind, table, label, the rule items that score it: a prefix of the rule keys)
RECORD_FILES: tuple[tuple[str, str, str], ...] = (
    ("attendance", "出勤登记（会议与活动）", "events"), ("proposals", "提案", "proposals."),
    ("sqmy", "社情民意", "sqmy."), ("speeches", "大会发言", "speeches."),
    ("reports", "履职报告", "duty_report."), ("other_duties", "其他履职", "other."),
    ("adjustments", "加减分", ""))
MEETINGS_NAMED = ("plenary", "standing")
IMPORTED, MISSING, NOT_SCORED, OPTIONAL = "已导入", "缺少", "规则不计分", "可选"
NONE_EXPECTED, EXPECTED_UNSET = "本年度不应有", "未设定应有场次"
NO_REGISTER = "本年度没有导入这类活动的出勤登记"


def _scores_kind(rules: Rules, prefix: str) -> bool:
    if prefix == "events":
        return any(v for e in rules.events.values() for v in e.points.values())
    return any(v for k, v in rules.values.items() if k.startswith(prefix))


def _state(count: int, expected: bool, optional: bool = False) -> str:
    if count:
        return IMPORTED
    return OPTIONAL if optional else MISSING if expected else NOT_SCORED


def record_counts(store: Store, year: int) -> dict[str, int]:
    """Current records of ``year`` per record table of RECORD_FILES."""
    sql = " UNION ALL ".join(f"SELECT '{kind}', count(*) FROM cur_{kind} WHERE year = $1"
                             for kind, _, _ in RECORD_FILES)
    return {kind: int(n) for kind, n in store.rows(sql, [int(year)])}


def event_counts(store: Store, year: int) -> pd.DataFrame:
    """Per event category of the year: its events and their names with dates (3月5日)."""
    return store.df("""
        SELECT category, count(*) AS events,
               string_agg(event_name || '（' || month(event_date) || '月' || day(event_date) || '日）', '、'
                          ORDER BY event_date) AS names
        FROM cur_events WHERE year = $1 GROUP BY category""", [int(year)])


def _meeting_state(count: int, expected: int | None, scored: bool) -> str:
    """已导入 / 缺少 / 规则不计分 without an expected count; with one, 缺少 N 场 when
    fewer were imported and 已导入，多 N 场 when more (not an error)."""
    if expected is None:
        return _state(count, scored)
    if count < expected:
        return f"{MISSING} {expected - count} 场"
    if count > expected:
        return f"{IMPORTED}，多 {count - expected} 场"
    return IMPORTED if count else NONE_EXPECTED


def _meeting_note(count: int, expected: int | None, scored: bool, names: str | None) -> str:
    """The imported events by name and date (when their count is expected or they are the
    plenary or standing meetings), or why there are none; 未设定应有场次 when unset."""
    parts = [names] if names and count else []
    if not count and (scored or expected):
        parts.append(NO_REGISTER)
    if expected is None:
        parts.append(EXPECTED_UNSET)
    return "；".join(parts)


def _meeting_rows(store: Store, year: int, rules: Rules) -> list[dict]:
    """One row per event category the rules score or expect: imported events against the
    ``[expected]`` count of the rule file."""
    events = event_counts(store, year).set_index("category")
    rows = []
    for category in dict.fromkeys([*rules.events, *rules.expected]):
        n = int(events["events"].get(category, 0))
        expected = rules.expected.get(category)
        rule = rules.events.get(category)
        scored = rule is not None and any(rule.points.values())
        named = expected is not None or category in MEETINGS_NAMED
        rows.append({"item": f"会议/活动：{labels.CATEGORY_LABELS.get(category, category)}",
                     "state": _meeting_state(n, expected, scored),
                     "count": f"{n} 场" + (f" / 应有 {expected} 场" if expected is not None else ""),
                     "note": _meeting_note(n, expected, scored, events["names"].get(category) if named else None)})
    return rows


def missing_rows(completeness: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``data_completeness`` whose state says something is missing."""
    return completeness[completeness["状态"].str.startswith(MISSING)]


def data_completeness(store: Store, result: ScoreResult) -> pd.DataFrame:
    """What the year has imported against what its rule set scores and expects: the
    roster, each kind of record file, and each kind of meeting or activity against the
    events the rule file's ``[expected]`` says a year should have (those named with their
    dates) — item, state (已导入 / 缺少 / 缺少 N 场 / 已导入，多 N 场 / 规则不计分 / 可选),
    count and a note; Chinese headers."""
    counts = record_counts(store, result.year)
    rows = [{"item": "委员名册", "state": _state(len(result.scores), True),
             "count": f"{len(result.scores):,} 人", "note": "本年度考评名单"}]
    for kind, label, prefix in RECORD_FILES:
        n = counts[kind]
        rows.append({"item": label, "state": _state(n, bool(prefix) and _scores_kind(result.rules, prefix),
                                                         optional=not prefix),
                     "count": f"{n:,} 条", "note": ""})
    rows += _meeting_rows(store, result.year, result.rules)
    return pd.DataFrame(rows).rename(columns={"item": "项目", "state": "状态", "count": "已导入", "note": "说明"})
