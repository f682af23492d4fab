"""组别考评: the 界别活动组 and 委员联络组 assessed as units (issue 17), by the rule
file's ``[group_rules]``: per group each item's figure, the rule and the points, the
total, the rank (ties share it) and the groups named 先进.

The figures are ``metrics.profile.group_overview``'s (members, events held, attendance
rate, members active, 提案 and 社情民意 with those adopted) and, from the scores, the
members with a warning. An item's points are its quantity times the rule's points, held
within its cap either way, to the cent.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

import pandas as pd

from data.store import Store
from metrics import labels, profile
from metrics.groups import DIMENSIONS
from metrics.rules import GROUP_ITEMS, GroupRules
from metrics.scope import Scope
from metrics.scoring import ScoreResult

# The dimensions assessed as units, and the names the command line accepts for them.
GROUP_DIMENSIONS: tuple[str, ...] = ("activity_group", "liaison_group")
DIMENSION_NAMES: dict[str, str] = {**{d: d for d in GROUP_DIMENSIONS},
                                   **{DIMENSIONS[d]: d for d in GROUP_DIMENSIONS}}
TOTAL, RANK, ADVANCED = "总分", "排名", "先进"


def _rate(value) -> str:
    return "—" if pd.isna(value) else f"{float(value) * 100:.1f}%"


def _per_member(count: str) -> Callable[[pd.Series], float]:
    return lambda g: float(g[count]) / g["members"] if g["members"] else 0.0


@dataclass(frozen=True)
class GroupItem:
    """How one ``[group_rules]`` item reads a group's figures: the quantity its points
    multiply, the figure as shown, and the unit of the rule («每次 4 分»)."""

    quantity: Callable[[pd.Series], float]
    figure: Callable[[pd.Series], str]
    rule: str  # '{p}' is the points per unit


ITEMS: dict[str, GroupItem] = {
    "attend_rate": GroupItem(
        lambda g: 0.0 if pd.isna(g["attend_rate"]) else float(g["attend_rate"]),
        lambda g: f"{_rate(g['attend_rate'])}（出席 {g['attended']} / 受邀 {g['invited']} 人次）",
        "出席率 × {p} 分"),
    "active_share": GroupItem(
        lambda g: 0.0 if pd.isna(g["active_share"]) else float(g["active_share"]),
        lambda g: f"{g['active_members']} / {g['members']} 人（{_rate(g['active_share'])}）",
        "占比 × {p} 分"),
    "events_held": GroupItem(lambda g: float(g["events_held"]), lambda g: f"{g['events_held']} 次",
                             "每次 {p} 分"),
    "proposals_per_member": GroupItem(
        _per_member("proposals"),
        lambda g: f"人均 {_per_member('proposals')(g):.2f} 件（{g['proposals']} 件 / {g['members']} 人）",
        "人均每件 {p} 分"),
    "sqmy_per_member": GroupItem(
        _per_member("sqmy"),
        lambda g: f"人均 {_per_member('sqmy')(g):.2f} 件（{g['sqmy']} 件 / {g['members']} 人）",
        "人均每件 {p} 分"),
    "sqmy_adopted": GroupItem(lambda g: float(g["sqmy_adopted"]), lambda g: f"{g['sqmy_adopted']} 件",
                              "每件 {p} 分"),
    "warned_member": GroupItem(lambda g: float(g["warned"]), lambda g: f"{g['warned']} 人",
                               "每人 {p} 分"),
}
assert tuple(ITEMS) == GROUP_ITEMS


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def rule_text(item: str, rules: GroupRules) -> str:
    """The item's rule as shown: «每次 4 分，封顶 20 分»."""
    text = ITEMS[item].rule.format(p=_number(rules.points[item]))
    cap = rules.caps.get(item)
    return text if cap is None else f"{text}，封顶 {_number(cap)} 分"


def item_points(quantity: float, points: Decimal, cap: Decimal | None) -> float:
    """quantity × points, held within ±cap, to the cent (never «-0.0»)."""
    raw = quantity * float(points)
    if cap is not None:
        raw = max(-float(cap), min(float(cap), raw))
    return round(raw + 0.0, 2)


def resolve_dimension(name: str) -> str:
    """'activity_group' / '界别活动组' → 'activity_group' (ValueError in Chinese otherwise)."""
    if name not in DIMENSION_NAMES:
        raise ValueError(f"组别考评只针对{'、'.join(DIMENSIONS[d] for d in GROUP_DIMENSIONS)}；"
                         f"“{name}”不是其中之一。")
    return DIMENSION_NAMES[name]


@dataclass(frozen=True)
class GroupAssessment:
    """``ranking``: one row per group by rank — group, one column of points per item in
    force (its key), total, rank, advanced; ``items``: group, item, figure, rule,
    points — one row per group and item, groups in ranking order."""

    dimension: str
    rules: GroupRules
    ranking: pd.DataFrame
    items: pd.DataFrame

    @property
    def advanced_title(self) -> str:
        return labels.ADVANCED_GROUP_TITLES[self.dimension]

    @property
    def advanced(self) -> list[str]:
        """The groups named 先进, by rank."""
        return self.ranking.loc[self.ranking["advanced"], "group"].tolist()


def _warned_counts(result: ScoreResult, dimension: str) -> pd.Series:
    """group -> members with at least one warning."""
    s = result.scores
    return s[s["warnings"].map(len) > 0].groupby(dimension).size()


def _figures(store: Store, result: ScoreResult, dimension: str) -> pd.DataFrame:
    overview = profile.group_overview(store, result, dimension)
    warned = _warned_counts(result, dimension)
    return overview.assign(warned=overview["group"].map(warned).fillna(0).astype("int64"))


def in_force(rules: GroupRules) -> list[str]:
    """The items the rule file gives points to, in their order."""
    return [i for i in GROUP_ITEMS if rules.points.get(i, Decimal(0)) != 0]


def assess_groups(store: Store, result: ScoreResult, dimension: str) -> GroupAssessment:
    """The groups of ``dimension`` (whole-body ``result``) assessed by its rule set's
    ``[group_rules]``: ties share a rank; the first ``advanced_count`` ranks with at least
    ``advanced_min_total`` are named 先进 (a tie at the last place names all of it; none
    when no item is in force)."""
    dimension = resolve_dimension(dimension)
    rules = result.rules.group_rules
    figures = _figures(store, result, dimension)
    items = in_force(rules)
    rows = []
    for _, g in figures.iterrows():
        for item in items:
            rows.append({"group": g["group"], "item": item, "figure": ITEMS[item].figure(g),
                         "rule": rule_text(item, rules),
                         "points": item_points(ITEMS[item].quantity(g), rules.points[item],
                                               rules.caps.get(item))})
    long = pd.DataFrame(rows, columns=["group", "item", "figure", "rule", "points"])
    wide = long.pivot(index="group", columns="item", values="points").reindex(
        index=figures["group"], columns=items).fillna(0.0)
    ranking = wide.rename_axis(columns=None).reset_index()
    ranking["total"] = wide.sum(axis=1).round(2).to_numpy()
    ranking["rank"] = ranking["total"].rank(method="min", ascending=False).astype("int64")
    ranking = ranking.sort_values("rank", kind="stable").reset_index(drop=True)
    minimum = rules.advanced_min_total
    ranking["advanced"] = (bool(items) & (ranking["rank"] <= rules.advanced_count)
                           & (True if minimum is None else ranking["total"] >= float(minimum)))
    order = {g: i for i, g in enumerate(ranking["group"])}
    long = long.sort_values("group", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    return GroupAssessment(dimension, rules, ranking, long)


# -- as shown -------------------------------------------------------------------------------------
def shown_names(assessment: GroupAssessment, store: Store, result: ScoreResult,
                scope: Scope | None = None) -> dict[str, str]:
    """group -> its name as the scope may see it: a 组长's other groups as
    '其他组（匿名）A', … — the same letters as the page's chart and comparison table."""
    overview = profile.group_overview(store, result, assessment.dimension)
    shown = profile.anonymised_groups(overview.assign(real=overview["group"]), assessment.dimension, scope)
    return dict(zip(shown["real"], shown["group"]))


def ranking_table(assessment: GroupAssessment, names: dict[str, str] | None = None) -> pd.DataFrame:
    """排名, the group, points per item, 总分, 先进 — Chinese headers; ``names`` (from
    ``shown_names``) renames the groups."""
    r = assessment.ranking
    table = pd.DataFrame({RANK: r["rank"],
                          DIMENSIONS[assessment.dimension]: r["group"].map(names) if names else r["group"]})
    for item in in_force(assessment.rules):
        table[labels.GROUP_ITEM_LABELS[item]] = r[item]
    table[TOTAL] = r["total"]
    table[ADVANCED] = r["advanced"].map({True: assessment.advanced_title, False: ""})
    return table


def item_table(assessment: GroupAssessment, group: str) -> pd.DataFrame:
    """One group's points item by item — 考评项目, 数据, 规则, 得分 — then its total."""
    rows = assessment.items[assessment.items["group"] == group]
    body = pd.DataFrame({"考评项目": rows["item"].map(labels.GROUP_ITEM_LABELS), "数据": rows["figure"],
                         "规则": rows["rule"], "得分": rows["points"]})
    total = round(float(rows["points"].sum()), 2)
    return pd.concat([body, pd.DataFrame([{"考评项目": TOTAL, "数据": "", "规则": "", "得分": total}])],
                     ignore_index=True)


def items_table(assessment: GroupAssessment, groups: list[str] | None = None) -> pd.DataFrame:
    """The groups' points item by item (all groups, or ``groups``), by rank: the group,
    排名, 考评项目, 数据, 规则, 得分."""
    rank = assessment.ranking.set_index("group")["rank"]
    rows = assessment.items if groups is None else assessment.items[assessment.items["group"].isin(groups)]
    return pd.DataFrame({DIMENSIONS[assessment.dimension]: rows["group"], RANK: rows["group"].map(rank),
                         "考评项目": rows["item"].map(labels.GROUP_ITEM_LABELS), "数据": rows["figure"],
                         "规则": rows["rule"], "得分": rows["points"]}).reset_index(drop=True)


def advanced_table(assessment: GroupAssessment) -> pd.DataFrame:
    """The 先进 list: 排名, the group, 总分."""
    r = assessment.ranking[assessment.ranking["advanced"]]
    return pd.DataFrame({RANK: r["rank"], assessment.advanced_title: r["group"], TOTAL: r["total"]})


def rules_note(assessment: GroupAssessment) -> str:
    """How the groups are scored and 先进 named, in one line."""
    rules = assessment.rules
    if not in_force(rules):
        return f"规则文件的组别考评部分没有计分项：各组均为 0 分，不评{assessment.advanced_title}。"
    parts = [f"{labels.GROUP_ITEM_LABELS[i]}：{rule_text(i, rules)}" for i in in_force(rules)]
    minimum = "" if rules.advanced_min_total is None else f"且总分不低于 {_number(rules.advanced_min_total)} 分"
    return (f"{'；'.join(parts)}。按总分排名（同分同名次），前 {rules.advanced_count} 名{minimum}"
            f"评为{assessment.advanced_title}。")


def year_end_sheet(store: Store, result: ScoreResult) -> pd.DataFrame:
    """«组别考评» for the year-end workbook: both dimensions' rankings one under the other,
    with 分组方式 first (whole-body ``result``; the office sees every name)."""
    tables = []
    for dimension in GROUP_DIMENSIONS:
        table = ranking_table(assess_groups(store, result, dimension)).rename(
            columns={DIMENSIONS[dimension]: "组名"})
        tables.append(table.assign(分组方式=DIMENSIONS[dimension]))
    out = pd.concat(tables, ignore_index=True)
    return out[["分组方式", *[c for c in out.columns if c != "分组方式"]]]
