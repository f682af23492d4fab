"""What each role may see, enforced on the data below the pages (issue #6).

Roles: 管理员 (admin) and 主席会议 (chair) see everything; a 组长 (leader) has one or
more groups, each ``dimension:group`` with dimension ``activity_group`` (界别活动组),
``liaison_group`` (委员联络组) or ``sector`` (界别), and sees those groups' members,
events and scores; a 委员 (member) sees only their own 履职档案.

``scoped_result`` turns a year's whole-body ``ScoreResult`` into what a scope may see:

- admin / chair: the result itself, unchanged (the same object, so caches keyed on it
  keep working);
- member: only the member's own score row, facts and provenance;
- leader: **every score row is kept, in the whole-body order, with its rank, total,
  tier, ranked and left_midyear**, but the rows of members outside the leader's groups
  are anonymised: member_id and name become ``其他委员#<rank>`` (``-1``, ``-2`` … among
  tied hidden rows; ``其他委员#未排名-<n>`` for members not ranked); sector, party,
  activity_group, liaison_group, committee, code, title, status, sector_rank and the
  score columns (cap groups, bonus, deduction, adjustment — they would tell 常委 from
  not, or who was absent) are blanked (None / NA / NaN), warnings are empty lists, and
  is_standing and joined_midyear read False. This is the reading of "ranks shown within
  the whole body but names outside the group hidden": the leader's members keep their
  whole-body rank, and everything counted over the rows (ranked members, percentiles,
  the tier distribution, the score histogram, "第 12 名 / 共 445 人") still describes
  the whole body. Facts, provenance and warnings are the leader's members' only.

A scoped result is a ``ScopedResult`` (a ``ScoreResult`` subclass) that carries no data
of hidden members beyond the anonymous rows: its point rows (``_points``) and column
cents (``_cents``) are filtered too, so ``provenance`` / ``provenance_of`` can only
return visible members' rows. It also keeps, for its visible members, their standing in
the whole body (``standings``), which a member's own single-row result cannot count.

Group metrics and participation matrices need the whole body (an event's "held by"
majority counts every invitee), so the ``scoped_*`` functions below take the
whole-body result and the scope, compute, then keep or refuse.

How the UI uses it: ui/state.py keeps caching the whole-body result privately and hands
pages ``scoped_result(whole, current_scope)``; group pages go through
``scoped_group_metrics`` / ``scoped_participation_matrix`` and the profile through
``scoped_explain`` (or ``check_member`` first), with the whole-body result from the
cache. Counts over a scoped result's rows are not the body's for a member scope (one
row) nor per 界别 for a leader (hidden rows have no 界别): take them from
``ranked_in_body`` / ``body_standings``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Iterable

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.store import Store
from metrics.board import ranking_table
from metrics.groups import ParticipationMatrix, group_metrics, member_percentiles, participation_matrix
from metrics.rules import Rules
from metrics.scoring import Explanation, ScoreResult, explain, find_member, score_year

ROLES: dict[str, str] = {"admin": "管理员", "chair": "主席会议", "leader": "组长", "member": "委员"}
SEES_ALL = frozenset({"admin", "chair"})
SCOPE_DIMENSIONS: dict[str, str] = {"activity_group": "界别活动组", "liaison_group": "委员联络组",
                                    "sector": "界别"}
HIDDEN_PREFIX = "其他委员#"
UNRANKED_LABEL = "未排名"
# Score-row columns blanked on hidden rows (None / NA), and flags set to False.
PERSONAL_COLUMNS = ("sector", "party", "activity_group", "liaison_group", "committee", "code",
                    "title", "status", "sector_rank")
PERSONAL_FLAGS = ("is_standing", "joined_midyear")


class ScopeError(PermissionError):
    """The role may not see what was asked for (message in Chinese)."""


# -- the scope -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scope:
    """Who is looking: ``role`` (admin, chair, leader, member), a leader's ``groups``
    ((dimension, group) pairs, sorted, no repeats) and a member's ``member_id``.
    Hashable, so it can be part of a cache key (or use ``key``)."""

    role: str
    groups: tuple[tuple[str, str], ...] = ()
    member_id: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ScopeError(f"未知的角色“{self.role}”；可用：{'、'.join(ROLES.values())}。")
        groups = tuple(sorted({_group_pair(g) for g in self.groups})) if self.is_leader else ()
        member_id = (str(self.member_id).strip() if self.is_member and self.member_id is not None
                     else None)
        if self.is_leader and not groups:
            raise ScopeError("组长账号没有指定所负责的组，无法查看任何委员数据。")
        if self.is_member and not member_id:
            raise ScopeError("委员账号没有关联委员编号，无法查看履职档案。")
        object.__setattr__(self, "groups", groups)
        object.__setattr__(self, "member_id", member_id)

    @classmethod
    def everything(cls, role: str = "admin") -> "Scope":
        """The scope of 管理员 (default) or 主席会议: everything."""
        if role not in SEES_ALL:
            raise ScopeError(f"角色“{ROLES.get(role, role)}”不能查看全部数据。")
        return cls(role)

    @classmethod
    def from_user(cls, role: str, groups: Iterable = (), member_id: str | None = None) -> "Scope":
        """A scope from a user record: role in English or Chinese (管理员, 主席会议, 组长,
        委员); groups as 'dimension:group' strings (dimension in English or Chinese,
        ':' or '：') or (dimension, group) pairs."""
        return cls(_role_code(role), tuple(_group_pair(g) for g in (groups or ())), member_id)

    @property
    def sees_all(self) -> bool:
        return self.role in SEES_ALL

    @property
    def is_leader(self) -> bool:
        return self.role == "leader"

    @property
    def is_member(self) -> bool:
        return self.role == "member"

    def groups_in(self, dimension: str) -> tuple[str, ...]:
        """The leader's groups of one dimension (none for other roles)."""
        return tuple(g for d, g in self.groups if d == dimension)

    def dimensions(self) -> tuple[str, ...]:
        """The dimensions the scope may see group metrics of, in SCOPE_DIMENSIONS order
        ('committee' too for admin / chair)."""
        if self.sees_all:
            return (*SCOPE_DIMENSIONS, "committee")
        return tuple(d for d in SCOPE_DIMENSIONS if self.groups_in(d))

    def allows_group(self, dimension: str, group: str) -> bool:
        return self.sees_all or (dimension, group) in self.groups

    @property
    def label(self) -> str:
        """'管理员', '组长（委员联络组：东湖区联络组）', '委员（W0190）'."""
        if self.is_leader:
            return f"组长（{'；'.join(f'{SCOPE_DIMENSIONS[d]}：{g}' for d, g in self.groups)}）"
        if self.is_member:
            return f"委员（{self.member_id}）"
        return ROLES[self.role]

    @property
    def key(self) -> str:
        """A stable text key: 'admin', 'leader|liaison_group:东湖区联络组', 'member|W0190'."""
        if self.is_leader:
            return "leader|" + "|".join(f"{d}:{g}" for d, g in self.groups)
        if self.is_member:
            return f"member|{self.member_id}"
        return self.role


def _role_code(role: str) -> str:
    text = str(role or "").strip()
    by_label = {v: k for k, v in ROLES.items()}
    return by_label.get(text, text.lower())


_DIMENSION_CODES = {**{d: d for d in SCOPE_DIMENSIONS}, **{v: k for k, v in SCOPE_DIMENSIONS.items()}}
_SEPARATOR = re.compile("[:：]")


def _group_pair(group) -> tuple[str, str]:
    """(dimension code, group name) from 'dimension:group' or a pair."""
    if isinstance(group, str):
        parts = _SEPARATOR.split(group, maxsplit=1)
        if len(parts) != 2:
            raise ScopeError(f"组“{group}”的格式应为“维度:组名”，如“委员联络组:东湖区联络组”。")
        dimension, name = parts
    else:
        dimension, name = group
    dimension, name = str(dimension).strip(), str(name).strip()
    if dimension not in _DIMENSION_CODES:
        raise ScopeError(f"未知的分组维度“{dimension}”；组长的组只能是"
                         f"{'、'.join(SCOPE_DIMENSIONS.values())}。")
    if not name:
        raise ScopeError(f"{SCOPE_DIMENSIONS[_DIMENSION_CODES[dimension]]}的组名为空。")
    return _DIMENSION_CODES[dimension], name


# -- the scoped result -----------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class ScopedResult(ScoreResult):
    """A ``ScoreResult`` as one scope sees it (see the module doc). ``visible``: the ids
    of the members shown in full; ``standings``: their standing in the whole body —
    member_id, rank, ranked_in_body, percentile, sector_rank, ranked_in_sector,
    sector_percentile (ranked members only); ``body_ranked``: members ranked in the whole
    body."""

    scope: Scope = field(default=None)
    visible: frozenset = field(default=frozenset())
    standings: pd.DataFrame = field(default=None, repr=False)
    body_ranked: int = 0


def is_hidden_id(member_ids: pd.Series) -> pd.Series:
    """True where a member id is an anonymous label of a hidden row."""
    return member_ids.astype("string").str.startswith(HIDDEN_PREFIX).fillna(False).astype(bool)


def visible_member_ids(result: ScoreResult, scope: Scope) -> frozenset[str]:
    """The ids of the result's members the scope sees in full: all for admin / chair;
    for a leader those whose activity_group, liaison_group or sector is one of the
    leader's groups; for a member themself (when scored that year)."""
    scores = result.scores
    ids = scores["member_id"]
    if isinstance(result, ScopedResult):
        known = ids.isin(result.visible)
    else:
        known = pd.Series(True, index=scores.index)
    if scope.sees_all:
        keep = known
    elif scope.is_member:
        keep = known & ids.eq(scope.member_id)
    else:
        keep = pd.Series(False, index=scores.index)
        for dimension, group in scope.groups:
            keep |= scores[dimension].eq(group).fillna(False).astype(bool)
        keep &= known
    return frozenset(ids[keep.to_numpy(dtype=bool)].tolist())


def hidden_labels(scores: pd.DataFrame, hidden: pd.Series) -> pd.Series:
    """'其他委员#<rank>' per hidden row ('-1', '-2' … among tied hidden rows;
    '其他委员#未排名-<n>' when not ranked), in the rows' order."""
    rows = scores[hidden.to_numpy(dtype=bool)]
    rank = rows["rank"].astype("string").fillna(UNRANKED_LABEL)
    nth = rank.groupby(rank, sort=False).cumcount() + 1
    tied = rank.map(rank.value_counts()) > 1
    unranked = rank.eq(UNRANKED_LABEL)
    suffix = ("-" + nth.astype(str)).where(tied | unranked, "")
    return HIDDEN_PREFIX + rank + suffix


def anonymised_scores(scores: pd.DataFrame, visible: frozenset[str],
                      amount_columns: Iterable[str] = ()) -> pd.DataFrame:
    """Every score row, the rows of members not in ``visible`` anonymised (module doc);
    ``amount_columns`` (the score columns) are blanked there too (NaN)."""
    out = scores.copy()
    hidden = ~out["member_id"].isin(visible)
    if not hidden.any():
        return out
    labels = hidden_labels(out, hidden)
    out.loc[hidden, "member_id"] = labels
    out.loc[hidden, "name"] = labels
    for col in PERSONAL_COLUMNS:
        if col in out.columns:
            out.loc[hidden, col] = pd.NA if col == "sector_rank" else None
    for col in PERSONAL_FLAGS:
        if col in out.columns:
            out.loc[hidden, col] = False
    for col in amount_columns:
        out.loc[hidden, col] = float("nan")
    out["warnings"] = pd.Series([[] if h else w for h, w in zip(hidden, out["warnings"])],
                                index=out.index, dtype=object)
    return out


def ranked_in_body(result: ScoreResult) -> int:
    """Members ranked in the whole body (also from a scoped result, whose rows may not
    all be there)."""
    if isinstance(result, ScopedResult):
        return result.body_ranked
    return int(result.scores["ranked"].sum())


def body_standings(result: ScoreResult, member_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """member_id, rank, ranked_in_body, percentile, sector_rank, ranked_in_sector,
    sector_percentile — of the ranked members among ``member_ids`` (all when None), in
    the whole body of the result (a ``ScopedResult`` answers from what it kept)."""
    if isinstance(result, ScopedResult):
        table = result.standings
    else:
        ranked = result.scores[result.scores["ranked"]]
        pct = member_percentiles(result)
        table = pct[["member_id", "rank", "percentile", "sector_rank", "sector_percentile"]].copy()
        table.insert(2, "ranked_in_body", ranked_in_body(result))
        table.insert(5, "ranked_in_sector",
                     pct["sector"].map(ranked["sector"].value_counts()).astype("int64").to_numpy())
    if member_ids is not None:
        table = table[table["member_id"].isin(list(member_ids))]
    return table.reset_index(drop=True)


def body_standing(result: ScoreResult, member_id: str) -> pd.Series | None:
    """One member's row of ``body_standings`` (None when not ranked or not visible)."""
    rows = body_standings(result, [member_id])
    return rows.iloc[0] if len(rows) else None


def _points_of(points: pa.Table, member_ids: frozenset[str]) -> pa.Table:
    return points.filter(pc.is_in(points["member_id"], value_set=pa.array(sorted(member_ids),
                                                                           type=pa.string())))


def scoped_result(result: ScoreResult, scope: Scope) -> ScoreResult:
    """The result as the scope may see it: itself for admin / chair; a ``ScopedResult``
    otherwise (member: own row only; leader: every row, those outside the groups
    anonymised; facts and provenance of visible members only)."""
    if scope.sees_all:
        return result
    if isinstance(result, ScopedResult):
        if result.scope == scope:
            return result
        raise TypeError("scoped_result needs the whole-body ScoreResult, not a scoped one")
    visible = visible_member_ids(result, scope)
    scores = result.scores
    if scope.is_member:
        scores = scores[scores["member_id"].isin(visible)].reset_index(drop=True)
    else:
        scores = anonymised_scores(scores, visible, result.score_columns)
    base = {f.name: getattr(result, f.name) for f in fields(ScoreResult)}
    base.update(scores=scores,
                facts=result.facts[result.facts["member_id"].isin(visible)].reset_index(drop=True),
                _points=_points_of(result._points, visible),
                _cents=result._cents[result._cents["member_id"].isin(visible)].reset_index(drop=True),
                frozen_counts=(None if result.frozen_counts is None else result.frozen_counts[
                    result.frozen_counts["member_id"].isin(visible)].reset_index(drop=True)))
    return ScopedResult(**base, scope=scope, visible=visible,
                        standings=body_standings(result, visible), body_ranked=ranked_in_body(result))


def scoped_member_percentiles(result: ScoreResult) -> pd.DataFrame:
    """``metrics.groups.member_percentiles`` of the members a (scoped) result shows in
    full, against the whole body."""
    if not isinstance(result, ScopedResult):
        return member_percentiles(result)
    pct = body_standings(result)
    names = result.scores.set_index("member_id")
    pct["name"] = pct["member_id"].map(names["name"])
    pct["sector"] = pct["member_id"].map(names["sector"])
    pct["total"] = pct["member_id"].map(names["total"])
    return pct[["member_id", "name", "sector", "total", "rank", "sector_rank", "percentile",
                "sector_percentile"]]


def scoped_ranking_table(result: ScoreResult, previous: ScoreResult | None = None) -> pd.DataFrame:
    """``metrics.board.ranking_table`` of a (scoped) result: only the members it shows in
    full — a 组长's own members, with their whole-body rank and percentile, and no
    anonymous filler rows."""
    table = ranking_table(result, previous)
    if isinstance(result, ScopedResult):
        shown = body_standings(result).set_index("member_id")["percentile"].round(1)
        table["percentile"] = table["member_id"].map(shown).fillna(table["percentile"])
        table = table[~is_hidden_id(table["member_id"]).to_numpy()].reset_index(drop=True)
    return table


# -- checks --------------------------------------------------------------------------------------
def check_member(scope: Scope, result: ScoreResult, member_id: str) -> str:
    """``member_id`` when the scope sees the member in ``result`` (whole-body or scoped);
    ScopeError otherwise (an anonymous label is never seen)."""
    if member_id in visible_member_ids(result, scope):
        return member_id
    raise ScopeError(f"委员“{member_id}”不在您（{scope.label}）的查看范围内，不能查看其履职档案。")


def check_group(scope: Scope, dimension: str, group: str) -> None:
    """ScopeError unless the scope may see the group of the dimension."""
    if scope.is_member:
        raise ScopeError("委员只能查看本人的履职档案，不能查看分组数据。")
    if not scope.allows_group(dimension, group):
        what = SCOPE_DIMENSIONS.get(dimension, dimension)
        raise ScopeError(f"{what}“{group}”不在您（{scope.label}）负责的组内，不能查看其参与情况。")


def _whole_body(store: Store, year: int, result: ScoreResult | None, rules: Rules | None) -> ScoreResult:
    if isinstance(result, ScopedResult):
        raise TypeError("the scoped_* functions need the whole-body ScoreResult, not a scoped one")
    if result is not None and result.year == int(year):
        return result
    return score_year(store, year, rules)


# -- scoped queries --------------------------------------------------------------------------------
def scoped_group_metrics(store: Store, year: int, dimension: str, scope: Scope,
                         result: ScoreResult | None = None, rules: Rules | None = None) -> pd.DataFrame:
    """``metrics.groups.group_metrics`` rows the scope may see: every group for admin /
    chair, the leader's own groups of the dimension (none when the leader has none of
    it); ScopeError for a member. ``result``: the whole-body result."""
    return visible_groups(group_metrics(store, year, dimension, result=_whole_body(store, year, result, rules)),
                          dimension, scope)


def visible_groups(frame: pd.DataFrame, dimension: str, scope: Scope) -> pd.DataFrame:
    """The rows of a per-group frame (column ``group``) the scope may see; ScopeError for
    a member."""
    if scope.is_member:
        raise ScopeError("委员只能查看本人的履职档案，不能查看分组数据。")
    if scope.sees_all:
        return frame
    return frame[frame["group"].isin(scope.groups_in(dimension))].reset_index(drop=True)


def scoped_participation_matrix(store: Store, year: int, dimension: str, group: str, scope: Scope,
                                result: ScoreResult | None = None, rules: Rules | None = None,
                                held_only: bool = False) -> ParticipationMatrix:
    """``metrics.groups.participation_matrix`` of a group the scope may see; ScopeError
    for another group (and for a member). ``result``: the whole-body result."""
    check_group(scope, dimension, group)
    return participation_matrix(store, year, dimension, group,
                                result=_whole_body(store, year, result, rules), held_only=held_only)


def scoped_explain(store: Store, year: int, member: str, scope: Scope,
                   result: ScoreResult | None = None, rules: Rules | None = None) -> Explanation:
    """``metrics.scoring.explain`` of a member (id or name) the scope sees; ScopeError
    for anyone else (a name is looked up among the visible members only, so a hidden
    member's name is refused like their id). ``result``: whole-body or already scoped."""
    if scope.sees_all:
        return explain(store, year, member, rules, result=_whole_body(store, year, result, rules))
    if not (isinstance(result, ScopedResult) and result.scope == scope and result.year == int(year)):
        result = scoped_result(_whole_body(store, year, result, rules), scope)
    scores = result.scores
    if not (scores["member_id"].isin(result.visible) & (scores["member_id"].eq(member)
                                                        | scores["name"].eq(member))).any():
        raise ScopeError(f"委员“{member}”不在您（{scope.label}）的查看范围内，不能查看其履职档案。")
    member_id = check_member(scope, result, find_member(result, member))
    return explain(store, year, member_id, result=result)
