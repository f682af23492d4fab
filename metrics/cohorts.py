"""分类排名: ranks within the cohorts the office chooses (rule file ``[cohorts]``,
docs/计分规则.md) — 常委 and 委员 apart, within each 专委会, within each 界别 — and the
top N of each cohort for the 通报.

Decisions:
- A cohort rank is computed the way the whole-body rank is (``scoring.competition_rank``):
  only ranked members (年中离任 members are listed, not ranked), descending total, ties
  share a rank and the next rank skips (1, 2, 2, 4). It is computed in DuckDB over the
  year's score rows (totals compared in whole cents).
- Members whose roster gives no 专委会 (no 界别) are ranked in a cohort of their own,
  «未填专委会» («未填界别»), listed after the named ones — never silently left out.
- The top N of a cohort are its members with a cohort rank of N or better, so every
  member tied at the Nth place is listed (a list may be longer than N).
- Who sees what (metrics/scope.py): ranks are always computed on the whole body — a
  cohort rank is a member's place among all of their cohort. A 组长 sees the cohort rank
  of their own members only (``visible_cohort_ranks``): a hidden member's cohort is not
  known to them, so hidden rows carry none. The top-N lists name members of every group,
  so only 管理员 and 主席会议 get them (``top_lists`` refuses a scoped result).
"""
from __future__ import annotations

import pandas as pd

from metrics.display_order import ordered_groups
from metrics.labels import (COHORT_CHOICES, COHORT_MISSING, COHORT_NAMES, COHORT_RANK_LABELS,
                            STANDING_COHORTS)
from metrics.roster import midyear_notes
from metrics.rules import Rules
from metrics.scope import Scope, ScopedResult, ScopeError, visible_member_ids
from metrics.scoring import ScoreResult
from metrics.sqlutil import registered

WHOLE_BODY = "全体"
COHORT_COLUMN = "排名分组"
RANK_COLUMNS = ("member_id", "cohort", "cohort_rank", "cohort_ranked")
TOP_COLUMNS = ("cohort", "cohort_rank", "member_id", "name", "sector", "committee", "is_standing",
               "total", "rank", "tier", "note")
TOP_HEADERS = {"cohort": "分组", "cohort_rank": "组内名次", "member_id": "委员编号", "name": "姓名",
               "sector": "界别", "committee": "专委会", "is_standing": "常委", "total": "总分",
               "rank": "全体排名", "tier": "等次", "note": "备注"}


def cohort_choices(rules: Rules) -> dict[str, str]:
    """The 排名范围 the page offers: 全体, then the rule set's cohorts (code -> choice)."""
    by = rules.cohorts.by if rules.cohorts else ()
    return {WHOLE_BODY: WHOLE_BODY, **{code: COHORT_CHOICES[code] for code in by}}


def cohort_by(text: str) -> str:
    """A cohort dimension from its code or Chinese name (常委 for standing too);
    ValueError in Chinese otherwise."""
    names = {**{c: c for c in COHORT_NAMES}, **{n: c for c, n in COHORT_NAMES.items()},
             **{v: c for c, v in COHORT_CHOICES.items()}, "常委": "standing"}
    if text not in names:
        raise ValueError(f"“{text}”不是可用的排名范围；可用：{'、'.join(COHORT_NAMES.values())}。")
    return names[text]


def cohort_names(scores: pd.DataFrame, by: str) -> pd.Series:
    """Per score row the cohort it is ranked in: 常委/委员, the 专委会 or 界别, or
    «未填专委会» / «未填界别» when the roster gives none."""
    if by == "standing":
        return scores["is_standing"].astype(bool).map(STANDING_COHORTS).astype(object)
    values = scores[by].astype(object)
    blank = values.isna() | values.astype(str).str.strip().eq("")
    return values.where(~blank, COHORT_MISSING[by])


def cohort_order(names, by: str, rules: Rules | None) -> list[str]:
    """Cohorts in the office's order: 常委 before 委员; 专委会 and 界别 as
    ``metrics.display_order`` orders them, the «未填» cohort last."""
    names = list(dict.fromkeys(names))
    if by == "standing":
        return [n for n in STANDING_COHORTS.values() if n in names]
    return ordered_groups(names, by, rules, last=COHORT_MISSING[by])


def cohort_ranks(result: ScoreResult, by: str) -> pd.DataFrame:
    """Every score row of a whole-body result: member_id, cohort, cohort_rank (Int64, NA
    when not ranked), cohort_ranked (ranked members in the cohort) — in DuckDB."""
    if isinstance(result, ScopedResult):
        raise TypeError("cohort ranks need the whole-body ScoreResult, not a scoped one")
    s = result.scores
    frame = pd.DataFrame({"member_id": s["member_id"], "cohort": cohort_names(s, by),
                          "cents": (s["total"] * 100).round().astype("int64"),
                          "ranked": s["ranked"].astype(bool)})
    cur = result._store.cursor()
    with registered(cur, rows=frame) as t:
        # the cohort sizes by GROUP BY: a filtered count over a window of a large cohort
        # (常委/委员 of 50,000 members) is many times slower in DuckDB
        ranks = cur.execute(f"""
            WITH sizes AS (SELECT cohort, count(*) FILTER (WHERE ranked) AS cohort_ranked
                           FROM {t['rows']} GROUP BY cohort)
            SELECT r.member_id, r.cohort,
                   CASE WHEN r.ranked THEN rank() OVER (PARTITION BY r.cohort, r.ranked ORDER BY r.cents DESC) END
                       AS cohort_rank,
                   s.cohort_ranked
            FROM {t['rows']} r JOIN sizes s USING (cohort)""").df()
    ranks = frame[["member_id"]].merge(ranks, on="member_id", how="left")
    ranks["cohort_rank"] = ranks["cohort_rank"].astype("Int64")
    ranks["cohort_ranked"] = ranks["cohort_ranked"].astype("int64")
    return ranks[list(RANK_COLUMNS)]


def visible_cohort_ranks(result: ScoreResult, by: str, scope: Scope) -> pd.DataFrame:
    """``cohort_ranks`` of the whole body, only of the members the scope sees in full
    (every member for 管理员 / 主席会议; a 组长's own members)."""
    ranks = cohort_ranks(result, by)
    if scope.sees_all:
        return ranks
    return ranks[ranks["member_id"].isin(visible_member_ids(result, scope))].reset_index(drop=True)


def top_list(result: ScoreResult, by: str, n: int) -> pd.DataFrame:
    """The top ``n`` ranked members of each cohort of ``by`` (all tied at the nth place),
    cohorts in the office's order, each by cohort rank then member id: TOP_COLUMNS."""
    if isinstance(result, ScopedResult):
        raise ScopeError("各组前几名的名单含全体委员的姓名，只有管理员和主席会议可以查看。")
    s = result.scores
    ranks = cohort_ranks(result, by).set_axis(s.index)
    rows = s.assign(cohort=ranks["cohort"], cohort_rank=ranks["cohort_rank"],
                    note=midyear_notes(result._store, result.term, s))
    rows = rows[rows["cohort_rank"].le(n).fillna(False).astype(bool)]
    order = {name: i for i, name in enumerate(cohort_order(rows["cohort"], by, result.rules))}
    rows = rows.assign(_o=rows["cohort"].map(order)).sort_values(["_o", "cohort_rank", "member_id"])
    return rows[list(TOP_COLUMNS)].reset_index(drop=True)


def top_lists(result: ScoreResult, rules: Rules | None = None, n: int | None = None) -> dict[str, pd.DataFrame]:
    """``top_list`` of every cohort dimension of the rule set's ``[cohorts]`` (code -> list),
    ``n`` defaulting to its ``top_n``."""
    cohorts = (rules or result.rules).cohorts
    if cohorts is None:
        return {}
    return {by: top_list(result, by, n or cohorts.top_n) for by in cohorts.by}


def top_view(top: pd.DataFrame) -> pd.DataFrame:
    """A top list as shown and exported: Chinese headers, 常委 as 是/''."""
    view = top.copy()
    view["is_standing"] = view["is_standing"].map({True: "是", False: ""})
    view["tier"] = view["tier"].fillna("")
    for col in ("sector", "committee"):
        view[col] = view[col].fillna("")
    return view.rename(columns=TOP_HEADERS)


def top_lists_view(lists: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every top list in one table, a column naming the 排名范围 first."""
    frames = [top_view(top).assign(**{"排名范围": COHORT_NAMES[by]}) for by, top in lists.items()]
    if not frames:
        return pd.DataFrame(columns=["排名范围", *TOP_HEADERS.values()])
    out = pd.concat(frames, ignore_index=True)
    return out[["排名范围", *TOP_HEADERS.values()]]


def rank_label(by: str) -> str:
    """The header of a cohort's rank column, e.g. «专委会内排名»."""
    return COHORT_RANK_LABELS[by]


def grouped_ranking(table: pd.DataFrame, ranks: pd.DataFrame, by: str, rules: Rules | None) -> pd.DataFrame:
    """Rows of a ranking table (``board.ranking_table``) with their cohort and cohort
    rank, grouped: cohorts in the office's order, each by cohort rank (not ranked last),
    then member id. Rows without a cohort rank row (hidden from the scope) are left out."""
    rows = table.merge(ranks[["member_id", "cohort", "cohort_rank"]], on="member_id", how="inner")
    order = {name: i for i, name in enumerate(cohort_order(rows["cohort"], by, rules))}
    rows = rows.assign(_o=rows["cohort"].map(order), _u=rows["cohort_rank"].isna())
    return rows.sort_values(["_o", "_u", "cohort_rank", "member_id"]).drop(columns=["_o", "_u"]).reset_index(drop=True)


def with_cohort_columns(view: pd.DataFrame, grouped: pd.DataFrame, by: str) -> pd.DataFrame:
    """A shown ranking (rows as in ``grouped``) with «排名分组» and the cohort's rank
    column (e.g. «专委会内排名») first."""
    out = view.reset_index(drop=True).copy()
    out.insert(0, rank_label(by), grouped["cohort_rank"].array)
    out.insert(0, COHORT_COLUMN, grouped["cohort"].array)
    return out
