"""What-if for rule changes, and the rule set as tables people can read and edit.

``compare(before, after)`` sets two ``ScoreResult`` of one year side by side: who moves
tier, the largest rank shifts, and Kendall's tau-b between the two rankings.

``rule_tables(rules)`` turns a rule set into Chinese tables (events, proposals, 社情民意,
speeches/report/other, caps, tiers, warnings); ``tables_to_toml(tables)`` turns the
tables, edited or not, back into rule-file text for ``parse_rules``. The round trip keeps
the meaning (``Rules`` compares by meaning), not the comments of the original text.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from metrics import labels
from metrics.rules import (COMMENDATION_LEVELS, EVENT_CATEGORIES, ITEM_GROUPS, PROPOSAL_KEYS,
                           SQMY_ADOPT_LEVELS, SQMY_INSTRUCT_LEVELS, WARNING_KEYS, RuleError,
                           CohortRules, GroupRules, Rules, TermRules, cohorts_toml, group_rules_toml, named,
                           term_rules_toml)
from metrics.scoring import ScoreResult

# -- Kendall's tau-b ---------------------------------------------------------------------------


def _dense(values: np.ndarray) -> np.ndarray:
    """0-based dense ranks (equal values share one)."""
    return np.unique(values, return_inverse=True)[1].astype(np.int64).ravel()


def _tied_pairs(codes: np.ndarray) -> int:
    """Pairs of positions holding the same (non-negative integer) code."""
    counts = np.unique(codes, return_counts=True)[1].astype(np.int64)
    return int((counts * (counts - 1) // 2).sum())


def strict_inversions(values: Iterable) -> int:
    """Pairs i < j with values[i] > values[j], in O(n log² n) vectorised merge levels:
    at each level the blocks of width w are sorted, and every element of a right block
    counts the larger elements of its left neighbour by binary search."""
    y = _dense(np.asarray(list(values) if not isinstance(values, np.ndarray) else values))
    n = len(y)
    if n < 2:
        return 0
    span = int(y.max()) + 1
    pos = np.arange(n, dtype=np.int64)
    keys = y.copy()  # y values, sorted within blocks of width w
    total, width = 0, 1
    while width < n:
        pair = pos // (2 * width)
        right = (pos // width) % 2 == 1
        offset = pair * span
        tagged = offset + keys  # blocks of different pairs never mix
        left = tagged[~right]   # sorted: each left half sorted, pairs in order
        pair_end = np.searchsorted(left, offset[right] + span, side="left")
        total += int((pair_end - np.searchsorted(left, tagged[right], side="right")).sum())
        keys = np.sort(tagged) - offset  # merge: each pair block now sorted
        width *= 2
    return total


def kendall_tau_b(x: Iterable, y: Iterable) -> float:
    """Kendall's tau-b of two paired rankings (ties allowed); NaN when either side is
    constant or there are fewer than two pairs."""
    xs, ys = np.asarray(list(x)), np.asarray(list(y))
    if len(xs) != len(ys):
        raise ValueError("x and y must have the same length")
    n = len(xs)
    if n < 2:
        return math.nan
    xr, yr = _dense(xs), _dense(ys)
    order = np.lexsort((yr, xr))  # by x, then y: ties in x never count as inversions
    xr, yr = xr[order], yr[order]
    pairs = n * (n - 1) // 2
    x_ties, y_ties = _tied_pairs(xr), _tied_pairs(yr)
    joint_ties = _tied_pairs(xr * (int(yr.max()) + 1) + yr)
    discordant = strict_inversions(yr)
    denominator = math.sqrt(pairs - x_ties) * math.sqrt(pairs - y_ties)
    if denominator == 0:
        return math.nan
    return (pairs - x_ties - y_ties + joint_ties - 2 * discordant) / denominator


# -- comparing two score results -----------------------------------------------------------------

COMPARISON_LABELS: dict[str, str] = {
    "member_id": "委员编号", "name": "姓名", "sector": "界别",
    "total_before": "现行规则得分", "total_after": "试算得分", "total_change": "得分变化",
    "rank_before": "现行排名", "rank_after": "试算排名", "rank_shift": "名次变化",
    "tier_before": "现行等次", "tier_after": "试算等次", "direction": "等次变化",
}


@dataclass(frozen=True)
class Comparison:
    """Members scored under both rule sets, side by side (``members``), and tau-b."""

    members: pd.DataFrame
    tau: float

    @property
    def tier_moves(self) -> pd.DataFrame:
        """Members whose tier changes, those moving down first, then by new rank."""
        moved = self.members[self.members["direction"] != ""]
        return moved.sort_values(["direction", "rank_after", "member_id"],
                                 ascending=[False, True, True], na_position="last")

    @property
    def rank_changes(self) -> int:
        return int((self.members["rank_shift"].fillna(0) != 0).sum())

    @property
    def total_changes(self) -> int:
        return int((self.members["total_change"] != 0).sum())

    @property
    def max_shift(self) -> int:
        shifts = self.members["rank_shift"].dropna().abs()
        return int(shifts.max()) if len(shifts) else 0

    def largest_shifts(self, n: int = 20) -> pd.DataFrame:
        """The n largest rank shifts (either way), ties by new rank."""
        moved = self.members[self.members["rank_shift"].fillna(0) != 0]
        order = moved.assign(_abs=moved["rank_shift"].abs())
        order = order.sort_values(["_abs", "rank_after", "member_id"], ascending=[False, True, True])
        return order.drop(columns="_abs").head(n)


def _tier_direction(before: pd.Series, after: pd.Series, rules_before: Rules,
                    rules_after: Rules) -> pd.Series:
    """'上升' / '下降' / '' by each tier's place in its own rule set (0 = best)."""
    i_before = before.map({t: i for i, t in enumerate(rules_before.tier_names)})
    i_after = after.map({t: i for i, t in enumerate(rules_after.tier_names)})
    direction = pd.Series("", index=before.index, dtype=object)
    direction[i_after < i_before] = "上升"
    direction[i_after > i_before] = "下降"
    changed_name = before.fillna("").astype(str) != after.fillna("").astype(str)
    direction[(direction == "") & changed_name] = "改变"
    return direction


def compare(before: ScoreResult, after: ScoreResult) -> Comparison:
    """The same year under two rule sets: totals, ranks and tiers side by side."""
    keep = ["member_id", "name", "sector", "total", "rank", "tier"]
    merged = before.scores[keep].merge(after.scores[["member_id", "total", "rank", "tier"]],
                                       on="member_id", suffixes=("_before", "_after"))
    merged["total_change"] = (merged["total_after"] - merged["total_before"]).round(2)
    merged["rank_shift"] = (merged["rank_before"] - merged["rank_after"]).astype("Int64")
    merged["direction"] = _tier_direction(merged["tier_before"], merged["tier_after"],
                                          before.rules, after.rules)
    both = merged.dropna(subset=["rank_before", "rank_after"])
    tau = kendall_tau_b(both["rank_before"].to_numpy("int64"), both["rank_after"].to_numpy("int64"))
    columns = ["member_id", "name", "sector", "total_before", "total_after", "total_change",
               "rank_before", "rank_after", "rank_shift", "tier_before", "tier_after", "direction"]
    return Comparison(merged[columns], tau)


def comparison_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A comparison frame with the Chinese column names the pages show."""
    return frame.rename(columns=COMPARISON_LABELS)


# -- the rule set as tables ------------------------------------------------------------------------

CAP_GROUP_LABELS = labels.CAP_GROUP_LABELS
ITEM_LABELS = labels.ITEM_LABELS

ITEM_SECTIONS: dict[str, tuple[str, ...]] = {
    "proposals": tuple(f"proposals.{k}" for k in PROPOSAL_KEYS),
    "sqmy": ("sqmy.submit", "sqmy.coauthor_share",
             *(f"sqmy.adopt.{lv}" for lv in SQMY_ADOPT_LEVELS),
             *(f"sqmy.instruct.{lv}" for lv in SQMY_INSTRUCT_LEVELS)),
    "other": ("speeches.oral", "speeches.written", "duty_report.submitted",
              "duty_report.standing_missing", "other.writing", "other.public_service",
              *(f"other.commendation.{lv}" for lv in COMMENDATION_LEVELS), "attendance.late_early"),
}
SECTION_TITLES: dict[str, str] = {"proposals": "提案", "sqmy": "社情民意", "other": "发言、报告及其他"}
_ITEM_TABLE_ORDER = ("attendance", "proposals", "sqmy", "sqmy.adopt", "sqmy.instruct", "speeches",
                     "duty_report", "other", "other.commendation")
_DEDUCTIONS = ("attendance.late_early", "duty_report.standing_missing")

WARNING_LABELS = labels.WARNING_LABELS

# Column names of the tables (also what the pages' editors show).
EVENT_COLUMNS = ("代码", "活动类别", "出席", "请假", "缺席", "封顶分组", "全会按场次分摊")
ITEM_COLUMNS = ("计分项", "分值", "说明", "规则键")
CAP_COLUMNS = ("封顶分组", "名称", "上限")
THRESHOLD_COLUMNS = ("等次", "分数线")
WARNING_COLUMNS = ("预警条件", "处理", "阈值", "规则键")
EXPECTED_COLUMNS = ("代码", "活动类别", "应有场次")


@dataclass
class RuleTables:
    """A rule set as tables and a few single values; edit the frames, then
    ``tables_to_toml``. Blank cells mean "key absent" (0 points, no cap)."""

    name: str
    version: str
    events: pd.DataFrame
    items: dict[str, pd.DataFrame]
    caps: pd.DataFrame
    thresholds: pd.DataFrame
    lowest: str
    plenary_absent_max: str | None
    require_proposal_or_sqmy: bool
    excellent_quota: float
    warnings: pd.DataFrame
    event_labels: Mapping[str, str] = field(default_factory=dict)
    display: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # [display], kept as is
    expected: pd.DataFrame | None = None  # [expected]: EXPECTED_COLUMNS, blank = not set
    group_rules: GroupRules | None = None  # [group_rules] (组别考评), kept as is
    term_rules: TermRules | None = None  # [term_rules] (届期考评), kept as is
    cohorts: CohortRules | None = None  # [cohorts] (分类排名), kept as is


def cap_group_label(group: str) -> str:
    return CAP_GROUP_LABELS.get(group, group)


def _item_note(key: str) -> str:
    if key in ITEM_GROUPS:
        return f"计入「{cap_group_label(ITEM_GROUPS[key])}」封顶"
    if key == "sqmy.coauthor_share":
        return "合作者按此比例得分（报送、采用、批示）"
    if key in _DEDUCTIONS:
        return "扣分，不封顶"
    return "加分，只计最高层级，不封顶" if key.startswith(("sqmy.adopt.", "sqmy.instruct.")) else "加分，不封顶"


def events_table(rules: Rules, event_labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per attendance category (all of them; 0 = no points, as a missing key)."""
    labels = event_labels or {}
    rows = []
    for category in EVENT_CATEGORIES:
        rule = rules.events.get(category)
        points = rule.points if rule else {}
        rows.append([category, labels.get(category, category),
                     *(float(points.get(s, 0)) for s in ("attend", "leave", "absent")),
                     rule.group if rule and rule.group else None, bool(rule and rule.share)])
    return pd.DataFrame(rows, columns=list(EVENT_COLUMNS))


def items_table(rules: Rules, section: str) -> pd.DataFrame:
    keys = ITEM_SECTIONS[section]
    return pd.DataFrame({"计分项": [ITEM_LABELS[k] for k in keys],
                         "分值": [float(rules.points(k)) for k in keys],
                         "说明": [_item_note(k) for k in keys],
                         "规则键": list(keys)})


def caps_table(rules: Rules) -> pd.DataFrame:
    return pd.DataFrame({"封顶分组": [g for g, _ in rules.caps],
                         "名称": [cap_group_label(g) for g, _ in rules.caps],
                         "上限": [float(v) for _, v in rules.caps]}, columns=list(CAP_COLUMNS))


def thresholds_table(rules: Rules) -> pd.DataFrame:
    return pd.DataFrame({"等次": [t for t, _ in rules.thresholds],
                         "分数线": [float(v) for _, v in rules.thresholds]})


def warnings_table(rules: Rules) -> pd.DataFrame:
    return pd.DataFrame({"预警条件": [WARNING_LABELS[k][0] for k in WARNING_KEYS],
                         "处理": [WARNING_LABELS[k][1] for k in WARNING_KEYS],
                         "阈值": [int(rules.warnings.get(k, 0)) for k in WARNING_KEYS],
                         "规则键": list(WARNING_KEYS)})


def expected_table(rules: Rules, event_labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per attendance category: the events a year should have (blank: not set)."""
    labels_ = event_labels or {}
    return pd.DataFrame({"代码": list(EVENT_CATEGORIES),
                         "活动类别": [labels_.get(c, c) for c in EVENT_CATEGORIES],
                         "应有场次": [float(rules.expected[c]) if c in rules.expected else math.nan
                                     for c in EVENT_CATEGORIES]},
                        columns=list(EXPECTED_COLUMNS))


def expected_summary(rules: Rules) -> str:
    """The expected events in words: «全体会议 1 场、常委会议 4 场；其他类别未设定应有场次»."""
    said = [f"{labels.CATEGORY_LABELS.get(c, c)} {n} 场" for c, n in rules.expected.items()]
    if not said:
        return "各类会议/活动均未设定应有场次"
    rest = "；其他类别未设定应有场次" if len(said) < len(EVENT_CATEGORIES) else ""
    return "、".join(said) + rest


def tiers_summary(rules: Rules) -> pd.DataFrame:
    """The tiers and their conditions as one readable table."""
    rows = [[name, f"总分 ≥ {_number_text(v)}"] for name, v in rules.thresholds]
    rows.append([rules.lowest, f"总分低于 {_number_text(rules.thresholds[-1][1])}"])
    if rules.plenary_absent_max:
        rows.append(["条件", f"全体会议有无故缺席的，最高评为「{rules.plenary_absent_max}」"])
    if rules.require_proposal_or_sqmy:
        rows.append(["条件", f"全年既无提案也无社情民意的，评为「{rules.lowest}」"])
    if rules.excellent_quota > 0:
        rows.append(["条件", f"「{rules.thresholds[0][0]}」名额不超过参评人数的 "
                             f"{_number_text(rules.excellent_quota * 100)}%"])
    return pd.DataFrame(rows, columns=["等次", "条件"])


def rule_tables(rules: Rules, event_labels: Mapping[str, str] | None = None) -> RuleTables:
    """The rule set as tables (event category names from ``event_labels``)."""
    return RuleTables(
        name=rules.name, version=rules.version,
        events=events_table(rules, event_labels),
        items={section: items_table(rules, section) for section in ITEM_SECTIONS},
        caps=caps_table(rules), thresholds=thresholds_table(rules), lowest=rules.lowest,
        plenary_absent_max=rules.plenary_absent_max,
        require_proposal_or_sqmy=rules.require_proposal_or_sqmy,
        excellent_quota=float(rules.excellent_quota), warnings=warnings_table(rules),
        event_labels=dict(event_labels or {}),
        display={"sector_order": rules.sector_order, "group_order": rules.group_order},
        expected=expected_table(rules, event_labels), group_rules=rules.group_rules,
        term_rules=rules.term_rules, cohorts=rules.cohorts)


# -- tables back to rule-file text -------------------------------------------------------------------

def _blank(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _number_text(value: Any) -> str:
    """A number as TOML writes it: integers without a point, decimals as typed."""
    number = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def _string(value: str) -> str:
    return json.dumps(str(value).strip(), ensure_ascii=False)


def _key(name: str) -> str:
    return name if name.isascii() and name.replace("_", "").isalnum() else _string(name)


def _number_cell(value: Any, where: str, key: str) -> str:
    try:
        return _number_text(value)
    except (ValueError, ArithmeticError, TypeError):
        raise RuleError(f"{where}应为数字，实际为“{value}”。", key) from None


def _events_toml(events: pd.DataFrame) -> list[str]:
    lines = []
    statuses = {"出席": "attend", "请假": "leave", "缺席": "absent"}
    for row in events.to_dict("records"):
        category, label, group, share = row["代码"], row["活动类别"], row["封顶分组"], row["全会按场次分摊"]
        body = [f"{key} = {_number_cell(row[col], f'{label}的{col}分值', f'events.{category}.{key}')}"
                for col, key in statuses.items() if not _blank(row[col]) and row[col] != 0]
        if not _blank(group):
            body.append(f"group = {_string(group)}")
        if not _blank(share) and bool(share):
            body.append("share = true")
        if body:
            lines += [f"[events.{category}]  # {label}", *body]
    return lines


def _items_toml(items: Mapping[str, pd.DataFrame]) -> list[str]:
    """[attendance], [proposals], [sqmy] (+ adopt/instruct), [speeches], [duty_report],
    [other] (+ commendation) from the item tables, plain keys before sub-tables."""
    values = {}
    for table in items.values():
        for row in table.to_dict("records"):
            key, label = row["规则键"], row["计分项"]
            if not _blank(row["分值"]):
                values[key] = _number_cell(row["分值"], f"「{label}」", key)
    tables: dict[str, list[str]] = {t: [] for t in _ITEM_TABLE_ORDER}
    for key, text in values.items():
        parts = key.split(".")
        table = ".".join(parts[:-1])
        tables.setdefault(table, []).append(f"{_key(parts[-1])} = {text}")
    lines = []
    for table, body in tables.items():
        lines += [f"[{table}]", *body, ""]
    return lines


def _caps_toml(caps: pd.DataFrame) -> list[str]:
    lines, seen = ["[caps]"], set()
    for row in caps.to_dict("records"):
        group = "" if _blank(row["封顶分组"]) else str(row["封顶分组"]).strip()
        if not group or _blank(row["上限"]):
            continue
        if group in seen:
            raise RuleError(f"{named(f'caps.{group}')}出现了两次。", f"caps.{group}")
        seen.add(group)
        limit = _number_cell(row["上限"], named(f"caps.{group}"), f"caps.{group}")
        lines.append(f"{_key(group)} = {limit}")
    return lines


def _tiers_toml(t: RuleTables) -> list[str]:
    pairs = [f"[{_string(name)}, {_number_cell(score, f'等次「{name}」的分数线', 'tiers.thresholds')}]"
             for name, score in zip(t.thresholds["等次"], t.thresholds["分数线"])
             if not _blank(name) and not _blank(score)]
    lines = ["[tiers]", f"thresholds = [{', '.join(pairs)}]", f"lowest = {_string(t.lowest or '')}"]
    if not _blank(t.plenary_absent_max):
        lines.append(f"plenary_absent_max = {_string(t.plenary_absent_max)}")
    lines.append(f"require_proposal_or_sqmy = {'true' if t.require_proposal_or_sqmy else 'false'}")
    lines.append(f"excellent_quota = {_number_cell(t.excellent_quota or 0, '优秀名额比例', 'tiers.excellent_quota')}")
    return lines


def _warnings_toml(warnings: pd.DataFrame) -> list[str]:
    lines = ["[warnings]"]
    for key, label, value in zip(warnings["规则键"], warnings["预警条件"], warnings["阈值"]):
        lines.append(f"{key} = {_number_cell(0 if _blank(value) else value, label, key)}")
    return lines


def _display_toml(display: Mapping[str, tuple[str, ...]]) -> list[str]:
    """``[display]`` lines for the orders that are set (none when no order is)."""
    kept = {k: v for k, v in display.items() if v}
    if not kept:
        return []
    return ["", "[display]"] + [f"{k} = [{', '.join(_string(v) for v in names)}]" for k, names in kept.items()]


def _expected_toml(expected: pd.DataFrame | None) -> list[str]:
    """``[expected]`` lines for the categories whose count is set (none when none is)."""
    if expected is None:
        return []
    lines = [f"{code} = {_number_cell(n, named(f'expected.{code}'), f'expected.{code}')}"
             for code, n in zip(expected["代码"], expected["应有场次"]) if not _blank(n)]
    return ["", "[expected]", *lines] if lines else []


def tables_to_toml(t: RuleTables) -> str:
    """Rule-file text from the tables; validate it with ``parse_rules``. Raises
    ``RuleError`` for a cell that is not a number or a cap group given twice."""
    lines = ["[meta]", f"name = {_string(t.name or '未命名规则')}",
             f"version = {_string(t.version or '-')}", ""]
    lines += _events_toml(t.events) + [""]
    lines += _items_toml(t.items)
    lines += _caps_toml(t.caps) + [""]
    lines += _tiers_toml(t) + [""]
    lines += _warnings_toml(t.warnings)
    lines += _display_toml(t.display)
    lines += _expected_toml(t.expected)
    lines += group_rules_toml(t.group_rules) if t.group_rules is not None else []
    lines += term_rules_toml(t.term_rules) if t.term_rules is not None else []
    lines += cohorts_toml(t.cohorts) if t.cohorts is not None else []
    return "\n".join(lines) + "\n"
