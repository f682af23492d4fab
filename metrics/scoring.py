"""The scoring engine: rules × the year's records → one score row per member, with the
source rows of every point (docs/计分规则.md, to the letter).

The year is computed at once in DuckDB (metrics/points.py: point rows, caps, cents;
metrics/roster.py: who is scored); ranks, tiers and warnings are vectorised pandas.
Decisions where the spec leaves room are documented in those modules; in short:
the year's term is the one its attendance belongs to; 年中离任 members are listed, not
ranked, get no tier and no warnings; a member listed twice for an event counts once
(latest batch wins); caps take rows in date order; the total is the exact sum rounded
half-up and the columns / provenance rows add up to it to the cent.

Published (审定) years. ``score_year`` of a published year returns the rows frozen when
it was published (``data/published.py``, ``metrics/publish.py``): scores, facts, the
workbook's counts and the provenance rows, under the published rule set — never a
recomputation. Only an explicit other rule set (a what-if) recomputes; that result
says it is not the published one (``ScoreResult.frozen`` False, ``publication`` set).
``compute_year`` always computes from the current records.

Consecutive-year warnings look back year by year, most recent first, and stop at the
first earlier year that does not count:
- 连续 N 年为最低等次 (劝辞): an earlier year counts when it is published — its published
  tiers are read, never recomputed — or, unpublished, when it has attendance records
  (the backbone of an assessment year; a stray adjustment or proposal alone does not make
  a year in which everyone is 不称职);
- 连续 N 年无提案和社情民意 (约谈): an earlier year counts when it has (for a published
  year: had when published) proposal or 社情民意 records; a published year's counts are
  the published ones;
- 本届全会无故缺席: the plenary absences of a published earlier year of the term are the
  published ones; of an unpublished year, the current records.

``score_year`` keeps a snapshot of the point rows; ``ScoreResult.provenance`` is built
from it on first use (so a 4-million-row year is scored without materialising them).
"""
from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Iterable, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa

from data import published
from data.published import Publication
from data.store import Store
from metrics import labels
from metrics import points as P
from metrics.roster import (imported_kinds, record_years, scored_members_sql, term_of_year,
                            year_terms)
from metrics.rules import Rules, default_rules, parse_rules, saved_rules
from metrics.sqlutil import half_up_cents, lit, registered, temp_tables

WARNING_ORDER = ("劝辞", "约谈", "通报批评")
UNPUBLISHED_TEXT = "未审定（结果随导入变化）"
MEMBER_COLUMNS = ("member_id", "name", "sector", "party", "activity_group", "liaison_group",
                  "committee", "is_standing")
FLAG_COLUMNS = ("ranked", "joined_midyear", "left_midyear")
PROVENANCE_COLUMNS = ("member_id", "item", "column", "cap_group", "points_before", "points",
                      "source", "rec_id", "date", "source_file", "sheet", "row_no")


@dataclass(frozen=True, eq=False)
class ScoreResult:
    """One year's scores.

    ``scores``: one row per scored member, sorted by rank then member id (not ranked
    last): member_id, name, sector, party, activity_group, liaison_group, committee,
    is_standing, total, rank, sector_rank, tier, warnings (list of (kind, reason)), one
    column per cap group (``rules.group_columns``: the [caps] order), bonus, deduction,
    adjustment, ranked, joined_midyear (年中增补), left_midyear (年中离任), code, title,
    status. Amounts are floats holding exact cents; rank/sector_rank are Int64 (NA when
    not ranked), tier None when not ranked.

    ``facts``: per member the counts tiers and warnings rest on (plenary_sittings,
    plenary_absent, term_plenary_absent, standing_absent, events_attended,
    events_invited, proposals, proposals_filed_lead, sqmy, sqmy_adopted).

    ``provenance`` (built on first use): one row per source row and rule item —
    member_id, item (rule key path, e.g. ``events.plenary.attend``), column (cap group,
    or bonus/deduction/adjustment), cap_group (the column when it is a cap group, else
    None), points_before (before the cap), points (after the
    cap; a member's rows add up to the columns and to the total before the floor at 0),
    source (table), rec_id, date, source_file, sheet, row_no.

    ``publication``: the year's 审定 when the year is published, else None; ``frozen``:
    whether these are the published rows (False for a what-if of a published year);
    ``frozen_counts``: the workbook's counts as published (None unless frozen).
    """

    year: int
    rules: Rules
    term: str | None
    scores: pd.DataFrame
    facts: pd.DataFrame
    imported: Mapping[str, bool]
    _store: Store = field(repr=False)
    _points: pa.Table = field(repr=False)
    _cents: pd.DataFrame = field(repr=False)
    publication: Publication | None = None
    frozen: bool = False
    frozen_counts: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def publication_text(self) -> str:
        """已审定（2026-01-10 张三）, 未审定（结果随导入变化）, or, for a what-if of a
        published year, that it is not the published result."""
        pub = self.publication
        if pub is None:
            return UNPUBLISHED_TEXT
        if self.frozen:
            return pub.badge
        return f"试算结果，非审定结果（本年度{pub.badge}）"

    @property
    def group_columns(self) -> tuple[str, ...]:
        return self.rules.group_columns

    @property
    def score_columns(self) -> tuple[str, ...]:
        return self.rules.score_columns

    def member(self, member_id: str) -> pd.Series:
        """The score row of one member."""
        return self.scores[self.scores["member_id"] == member_id].iloc[0]

    @cached_property
    def provenance(self) -> pd.DataFrame:
        return self.provenance_of(None)

    def provenance_of(self, member_ids: Iterable[str] | None) -> pd.DataFrame:
        """Provenance rows of some members (all when None), ordered by member, column, date."""
        return _provenance(self, None if member_ids is None else list(member_ids))


# -- the year in SQL -------------------------------------------------------------------------
@dataclass(frozen=True)
class _Raw:
    members: pd.DataFrame
    cents: pd.DataFrame  # member_id, col (code), cents
    facts: pd.DataFrame
    points: pa.Table


def _compute_raw(store: Store, year: int, plan: P.Plan, term: str | None,
                 terms: Mapping[int, str], as_of: date | None = None) -> _Raw:
    year = int(year)
    pubs = published.publications(store)
    with temp_tables(store) as (cur, temp):
        mem, att, pp, sa, pts = (temp(n) for n in ("mem", "att", "pp", "sa", "pts"))
        cur.execute(f"CREATE TEMP TABLE {mem} AS {scored_members_sql(year, term)}")
        cur.execute(f"CREATE TEMP TABLE {att} AS {P.attendance_sql(year, mem, as_of)}")
        cur.execute(f"CREATE TEMP TABLE {pp} AS {P.proposal_people_sql(year, mem, as_of)}")
        cur.execute(f"CREATE TEMP TABLE {sa} AS {P.sqmy_authors_sql(year, mem, as_of)}")
        cur.execute(f"CREATE TEMP TABLE {pts} AS {P.points_sql(plan, year, mem, att, pp, sa, as_of)}")
        members = cur.execute(f"SELECT * EXCLUDE (source_file, sheet, row_no) FROM {mem}").df()
        cents = cur.execute(P.column_cents_sql(plan, pts)).df()
        facts = cur.execute(P.facts_sql(mem, att, pp, sa)).df()
        points = cur.sql(f"SELECT * FROM {pts}").to_arrow_table()
        prior = sorted(y for y, t in terms.items() if y < year and t == term and y not in pubs)
        absent = (cur.execute(P.prior_plenary_absences_sql(prior, mem)).df() if prior
                  else pd.DataFrame({"member_id": pd.Series(dtype=str), "n": pd.Series(dtype="int64")}))
    frozen = published.frozen_fact_sums(
        store, [y for y, p in pubs.items() if y < year and p.term == term], "plenary_absent")
    facts["term_plenary_absent"] = facts["plenary_absent"]
    for earlier in (absent, frozen):
        n = facts["member_id"].map(earlier.set_index("member_id")["n"])
        facts["term_plenary_absent"] += n.fillna(0).astype("int64").to_numpy()
    return _Raw(members, cents, facts, points)


# -- member-level steps ----------------------------------------------------------------------
def _column_cents(raw: _Raw, plan: P.Plan) -> pd.DataFrame:
    """member_id x score columns, in cents (int64)."""
    codes = {i: name for i, name in enumerate(plan.columns)}
    cents = raw.cents.assign(column=raw.cents["col"].map(codes))
    wide = cents.pivot_table(index="member_id", columns="column", values="cents",
                             aggfunc="sum", fill_value=0)
    wide = wide.reindex(index=raw.members["member_id"], columns=list(plan.rules.score_columns),
                        fill_value=0)
    return wide.fillna(0).astype("int64")


def competition_rank(values: pd.Series, by: pd.Series | None = None) -> pd.Series:
    """1, 2, 2, 4 ranking, descending, optionally within groups."""
    if by is None:
        return values.rank(method="min", ascending=False).astype("Int64")
    return values.groupby(by, dropna=False).rank(method="min", ascending=False).astype("Int64")


def _tier_index(frame: pd.DataFrame, rules: Rules) -> pd.Series:
    """Tier index (0 = best) of each ranked member after the three overrides."""
    names = rules.tier_names
    idx = pd.Series(len(rules.thresholds), index=frame.index, dtype="int64")
    for i, (_, threshold) in reversed(list(enumerate(rules.thresholds))):
        idx = idx.mask(frame["total_cents"] >= math.ceil(threshold * 100), i)
    if rules.plenary_absent_max is not None:
        worst = names.index(rules.plenary_absent_max)
        idx = idx.mask((frame["plenary_absent"] > 0) & (idx < worst), worst)
    if rules.require_proposal_or_sqmy:
        idx = idx.mask((frame["proposals"] == 0) & (frame["sqmy"] == 0), len(names) - 1)
    if rules.excellent_quota > 0:
        keep = int(rules.excellent_quota * len(frame))
        top = frame[idx == 0].sort_values(
            ["total_cents", "proposals_filed_lead", "sqmy_adopted", "member_id"],
            ascending=[False, False, False, True])
        idx.loc[top.index[keep:]] = 1
    return idx


def _scored_frame(raw: _Raw, plan: P.Plan) -> pd.DataFrame:
    """Members with column cents, total, ranks and tiers (no warnings yet)."""
    rules = plan.rules
    cols = _column_cents(raw, plan)
    frame = raw.members.merge(raw.facts, on="member_id", how="left")
    frame = frame.merge(cols.reset_index(), on="member_id", how="left")
    frame["total_before_floor"] = frame[list(rules.score_columns)].sum(axis=1)
    frame["total_cents"] = frame["total_before_floor"].clip(lower=0)
    frame["ranked"] = ~frame["left_midyear"].astype(bool)
    ranked = frame[frame["ranked"]]
    frame["rank"] = competition_rank(ranked["total_cents"]).reindex(frame.index)
    frame["sector_rank"] = competition_rank(ranked["total_cents"],
                                            ranked["sector"]).reindex(frame.index)
    tier_idx = _tier_index(ranked, rules).reindex(frame.index)
    names = np.array(rules.tier_names, dtype=object)
    frame["tier"] = pd.Series(
        np.where(tier_idx.notna(), names[tier_idx.fillna(0).astype(int)], None),
        index=frame.index, dtype=object)
    return frame


# -- warnings ----------------------------------------------------------------------------------
_LOWEST_CACHE: dict[tuple, pd.Series] = {}
_LOWEST_CACHE_SIZE = 32


def _lowest_of_year(store: Store, year: int, rules: Rules, terms: Mapping[int, str]) -> pd.Series:
    """member_id -> ranked and given the lowest tier in an earlier year: as published, or
    computed under the year's saved rules (else ``rules``). Memoised per database
    revision and rule set: the next year's warnings need it again and again."""
    key = (str(store.path), id(store), store.revision(), year, rules)
    if key not in _LOWEST_CACHE:
        if len(_LOWEST_CACHE) >= _LOWEST_CACHE_SIZE:
            _LOWEST_CACHE.pop(next(iter(_LOWEST_CACHE)))
        _LOWEST_CACHE[key] = _lowest_tier(store, year, rules, terms)
    return _LOWEST_CACHE[key]


def _lowest_tier(store: Store, year: int, rules: Rules, terms: Mapping[int, str]) -> pd.Series:
    pub = published.publication(store, year)
    if pub is not None:
        rules_y = parse_rules(pub.rules_toml)
        frame = _frozen_scores(published.frozen_scores(store, year), rules_y)
    else:
        rules_y = saved_rules(store, year) or rules
        plan_y = P.Plan(rules_y)
        frame = _scored_frame(_compute_raw(store, year, plan_y, term_of_year(store, year, terms), terms),
                              plan_y)
    return pd.Series(frame["tier"].eq(rules_y.lowest).to_numpy(), index=frame["member_id"])


def _lowest_in_years(store: Store, years: list[int], rules: Rules, terms: Mapping[int, str],
                     have: dict[str, set[int]], pubs: Mapping[int, Publication]) -> pd.DataFrame:
    """member_id -> bool per earlier year (most recent first, stopping at a year that is
    neither published nor has attendance records): ranked and given the lowest tier that
    year (as published, else under that year's rules)."""
    out = {}
    for y in years:
        if y not in pubs and y not in have["attendance"]:
            break
        out[y] = _lowest_of_year(store, y, rules, terms)
    return pd.DataFrame(out)


def _speaks(imported: Mapping, year: int | None = None) -> bool:
    """Whether a year has proposal or 社情民意 records (kinds -> bool for one year, or
    kinds -> years with ``year``)."""
    if year is None:
        return bool(imported.get("proposals") or imported.get("sqmy"))
    return year in imported["proposals"] or year in imported["sqmy"]


def _silent_in_years(store: Store, years: list[int], terms: Mapping[int, str],
                     have: dict[str, set[int]], pubs: Mapping[int, Publication]) -> pd.DataFrame:
    """member_id -> bool per earlier year (stopping at a year without proposals or
    社情民意 records): scored that year and named on no proposal and no 社情民意 (as
    published, for a published year)."""
    out = {}
    for y in years:
        if y in pubs:
            if not _speaks(pubs[y].imported):
                break
            frozen = published.frozen_scores(store, y)
            facts = pd.DataFrame([json.loads(f) for f in frozen["facts"]])
            out[y] = pd.Series(((facts["proposals"] == 0) & (facts["sqmy"] == 0)).to_numpy(),
                               index=frozen["member_id"])
            continue
        if not _speaks(have, y):
            break
        silent = store.df(f"""
            WITH m AS ({scored_members_sql(y, term_of_year(store, y, terms))}),
            active AS (
                SELECT x.member_id FROM cur_proposals p JOIN cur_proposal_people x USING (rec_id)
                WHERE p.year = {y}
                UNION
                SELECT x.member_id FROM cur_sqmy s JOIN cur_sqmy_authors x USING (rec_id)
                WHERE s.year = {y})
            SELECT m.member_id, m.member_id NOT IN (SELECT member_id FROM active
                                                    WHERE member_id IS NOT NULL) AS silent
            FROM m""")
        out[y] = pd.Series(silent["silent"].to_numpy(), index=silent["member_id"])
    return pd.DataFrame(out)


def _in_run(frame: pd.DataFrame, this_year: np.ndarray, earlier: pd.DataFrame, n: int) -> np.ndarray:
    """True where ``this_year`` holds and so it did in each of the n-1 years before."""
    needed = list(earlier.columns[: n - 1])
    if len(needed) < n - 1:
        return np.zeros(len(frame), dtype=bool)
    hit = this_year.astype(bool).copy()
    for y in needed:
        hit &= frame["member_id"].map(earlier[y]).eq(True).to_numpy()
    return hit


def _warnings(frame: pd.DataFrame, store: Store, year: int, rules: Rules,
              terms: Mapping[int, str], have: dict[str, set[int]]) -> pd.Series:
    """List of (kind, reason) per member, kinds in WARNING_ORDER, reasons joined by '，'."""
    w, lowest = rules.warnings, rules.lowest
    pubs = published.publications(store)
    ranked = frame["ranked"].to_numpy(dtype=bool)
    is_lowest = frame["tier"].eq(lowest).to_numpy()
    reasons: dict[str, list[pd.Series]] = {k: [] for k in WARNING_ORDER}

    def add(kind: str, mask: np.ndarray, text: pd.Series | str) -> None:
        text = text if isinstance(text, pd.Series) else pd.Series(text, index=frame.index)
        reasons[kind].append(text.where(pd.Series(mask & ranked, index=frame.index)))

    term_absent = frame["term_plenary_absent"]
    term_text = "本届全会无故缺席" + term_absent.astype(str) + "次"
    if w["term_plenary_absent_dismiss"]:
        add("劝辞", (term_absent >= w["term_plenary_absent_dismiss"]).to_numpy(), term_text)
    if w["standing_absent_dismiss"]:
        mask = frame["is_standing"].astype(bool) & (frame["standing_absent"] >= w["standing_absent_dismiss"])
        add("劝辞", mask.to_numpy(), "本年常委会议无故缺席" + frame["standing_absent"].astype(str) + "次")
    if n := w["fail_years_dismiss"]:
        earlier = _lowest_in_years(store, list(range(year - 1, year - n, -1)), rules, terms, have, pubs)
        add("劝辞", _in_run(frame, is_lowest, earlier, n),
            f"连续{n}年考评为{lowest}" if n > 1 else f"考评为{lowest}")
    add("约谈", is_lowest, f"本年考评为{lowest}")
    if (n := w["silent_years_talk"]) and _speaks(have, year):
        silent = ((frame["proposals"] == 0) & (frame["sqmy"] == 0)).to_numpy()
        earlier = _silent_in_years(store, list(range(year - 1, year - n, -1)), terms, have, pubs)
        add("约谈", _in_run(frame, silent, earlier, n),
            f"连续{n}年无提案和社情民意" if n > 1 else "本年无提案和社情民意")
    if year in have["attendance"]:
        add("约谈", (frame["events_attended"] == 0).to_numpy(), "全年未参加任何活动")
    if w["term_plenary_absent_notice"]:
        add("通报批评", _notice_only(term_absent, w), term_text)

    texts = pd.DataFrame({k: _join_reasons(p) for k, p in reasons.items() if p},
                         index=frame.index)
    kinds = list(texts.columns)
    return pd.Series([[(k, t) for k, t in zip(kinds, row) if isinstance(t, str)]
                      for row in texts.itertuples(index=False)], index=frame.index, dtype=object)


def _notice_only(term_absent: pd.Series, w: dict):
    """通报批评: plenary absences in the term from the notice step up to, not including, the
    劝辞 step — one ladder, so a member the 劝辞 step reaches is not also 通报批评."""
    notice = term_absent >= w["term_plenary_absent_notice"]
    if w["term_plenary_absent_dismiss"]:
        notice &= term_absent < w["term_plenary_absent_dismiss"]
    return notice.to_numpy()


def _join_reasons(parts: list[pd.Series]) -> pd.Series:
    """Reasons of one warning kind joined by '，' (NaN where none)."""
    out = parts[0]
    for part in parts[1:]:
        both = out.notna() & part.notna()
        out = out.fillna(part).where(~both, out + "，" + part)
    return out


# -- public API --------------------------------------------------------------------------------
def score_year(store: Store, year: int, rules: Rules | None = None) -> ScoreResult:
    """Every scored member's points for ``year``: for a published year the published rows
    (unless ``rules`` differ from the published rule set: then a what-if), else computed
    under ``rules`` (default: the rule set saved for the year, else the default rules)."""
    year = int(year)
    pub = published.publication(store, year)
    if pub is not None:
        frozen_rules = parse_rules(pub.rules_toml)
        if rules is None or rules == frozen_rules:
            return published_result(store, pub, frozen_rules)
    return replace(compute_year(store, year, rules), publication=pub)


def compute_year(store: Store, year: int, rules: Rules | None = None,
                 as_of: date | None = None) -> ScoreResult:
    """``score_year`` computed from the current records, published or not; with ``as_of``
    from the year's records dated on or before it (and the undated ones) only — the
    year so far, tiers and warnings as the rules would give them if nothing changed
    (earlier years, which warnings look back on, are whole)."""
    year = int(year)
    rules = rules or saved_rules(store, year) or default_rules()
    plan = P.Plan(rules)
    terms, have = year_terms(store), record_years(store)
    term = term_of_year(store, year, terms)
    raw = _compute_raw(store, year, plan, term, terms, as_of)
    frame = _scored_frame(raw, plan)
    frame["warnings"] = _warnings(frame, store, year, rules, terms, have)
    return ScoreResult(year=year, rules=rules, term=term, scores=_scores_table(frame, rules),
                       facts=raw.facts, imported=imported_kinds(store, year, have),
                       _store=store, _points=raw.points, _cents=raw.cents)


def _scores_table(frame: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    out = frame[list(MEMBER_COLUMNS)].copy()
    out["is_standing"] = out["is_standing"].astype(bool)
    out["total"] = frame["total_cents"] / 100
    out["rank"] = frame["rank"]
    out["sector_rank"] = frame["sector_rank"]
    out["tier"] = frame["tier"]
    out["warnings"] = frame["warnings"]
    for col in rules.score_columns:
        out[col] = frame[col] / 100
    for col in FLAG_COLUMNS:
        out[col] = frame[col].fillna(False).astype(bool)
    for col in ("code", "title", "status"):
        out[col] = frame[col]
    out["_unranked"] = out["rank"].isna()
    out = out.sort_values(["_unranked", "rank", "member_id"]).drop(columns="_unranked")
    return out.reset_index(drop=True)


# -- published rows ----------------------------------------------------------------------------------
FROZEN_MEMBER_COLUMNS = (*MEMBER_COLUMNS, "code", "title", "status")


def frozen_rows(result: ScoreResult, counts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of ``published_scores`` and ``published_provenance`` (without year and
    order) that freeze ``result`` and its workbook ``counts``."""
    s = result.scores
    facts = result.facts.set_index("member_id").reindex(s["member_id"])
    counts = counts.set_index("member_id").reindex(s["member_id"])
    rows = s[list(FROZEN_MEMBER_COLUMNS)].copy()
    rows["total"] = s["total"].round(2)
    rows["rank"], rows["sector_rank"], rows["tier"] = s["rank"], s["sector_rank"], s["tier"]
    for col in FLAG_COLUMNS:
        rows[col] = s[col]
    rows["warnings"] = [json.dumps([list(w) for w in ws], ensure_ascii=False) for ws in s["warnings"]]
    rows["points"] = [json.dumps({c: round(float(v), 2) for c, v in zip(result.score_columns, vals)})
                      for vals in s[list(result.score_columns)].itertuples(index=False)]
    rows["facts"] = [json.dumps({k: int(v) for k, v in r.items()}) for r in facts.to_dict("records")]
    rows["counts"] = [json.dumps({k: _plain(v) for k, v in r.items()}, ensure_ascii=False)
                      for r in counts.to_dict("records")]
    prov = result.provenance.astype({"item": str, "column": str, "source": str, "cap_group": object})
    return rows.reset_index(drop=True), prov.reset_index(drop=True)


def _plain(value):
    """A count or text for JSON (None for a blank)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value if isinstance(value, str) else int(value)


def _frozen_scores(rows: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """``ScoreResult.scores`` from published score rows."""
    out = rows[list(MEMBER_COLUMNS)].copy()
    out["is_standing"] = out["is_standing"].astype(bool)
    out["total"] = rows["total"].astype(float)
    out["rank"] = rows["rank"].astype("Int64")
    out["sector_rank"] = rows["sector_rank"].astype("Int64")
    out["tier"] = rows["tier"].astype(object).where(rows["tier"].notna(), None)
    out["warnings"] = pd.Series([[tuple(w) for w in json.loads(t)] for t in rows["warnings"]],
                                index=rows.index, dtype=object)
    points = pd.DataFrame([json.loads(p) for p in rows["points"]], index=rows.index)
    for col in rules.score_columns:
        out[col] = points[col].astype(float) if col in points else 0.0
    for col in FLAG_COLUMNS:
        out[col] = rows[col].astype(bool)
    for col in ("code", "title", "status"):
        out[col] = rows[col]
    return out.reset_index(drop=True)


def _json_frame(member_ids: pd.Series, texts: pd.Series) -> pd.DataFrame:
    frame = pd.DataFrame([json.loads(t) for t in texts])
    frame.insert(0, "member_id", member_ids.to_numpy())
    return frame


def published_result(store: Store, pub: Publication, rules: Rules | None = None) -> ScoreResult:
    """A published year's result as it was published: scores, facts, the workbook's
    counts and provenance read from the frozen rows, never recomputed."""
    rules = rules or parse_rules(pub.rules_toml)
    rows = published.frozen_scores(store, pub.year)
    facts = _json_frame(rows["member_id"], rows["facts"])
    facts = facts.astype({c: "int64" for c in facts.columns if c != "member_id"})
    return ScoreResult(year=pub.year, rules=rules, term=pub.term, scores=_frozen_scores(rows, rules),
                       facts=facts, imported=dict(pub.imported), _store=store,
                       _points=published.frozen_provenance(store, pub.year),
                       _cents=pd.DataFrame({"member_id": pd.Series(dtype=str)}),
                       publication=pub, frozen=True,
                       frozen_counts=_json_frame(rows["member_id"], rows["counts"]))


# -- provenance ----------------------------------------------------------------------------------
def _frozen_provenance(result: ScoreResult, member_ids: list[str] | None) -> pd.DataFrame:
    """Published provenance rows (of some members), typed as computed ones are."""
    frame = result._points.to_pandas()
    if member_ids is not None:
        frame = frame[frame["member_id"].isin(member_ids)].reset_index(drop=True)
    plan = P.Plan(result.rules)
    for col, categories in (("item", plan.items), ("column", plan.columns), ("source", P.SOURCES),
                            ("cap_group", [c for c in plan.columns if c in result.rules.group_columns])):
        frame[col] = pd.Categorical(frame[col], categories=list(categories))
    frame = frame.astype({"points_before": float, "points": float, "rec_id": "int64", "row_no": "int32"})
    return frame[list(PROVENANCE_COLUMNS)]


def _provenance(result: ScoreResult, member_ids: list[str] | None) -> pd.DataFrame:
    if result.frozen:
        return _frozen_provenance(result, member_ids)
    plan = P.Plan(result.rules)
    cur = result._store.cursor()
    with registered(cur, pts=result._points, cents=result._cents) as t:
        where = ("" if member_ids is None else
                 f"WHERE member_id IN ({', '.join(lit(m, 'VARCHAR') for m in member_ids) or 'NULL'})")
        rows = P.rows_after_cap_sql(plan, f"(SELECT * FROM {t['pts']} {where})", t["cents"])
        frame = cur.execute(f"""
            SELECT r.member_id, r.item, r.col, ({half_up_cents('r.pts')}) / 100 AS points_before,
                   r.cents / 100 AS points, r.src, r.rec_id, r.ord_date AS date,
                   s.source_file, s.sheet, s.row_no
            FROM ({rows}) r LEFT JOIN ({P.sources_sql()}) s ON s.src = r.src AND s.rec_id = r.rec_id
            ORDER BY r.member_id, r.col, r.ord_date NULLS LAST, r.rec_id, r.seq""").df()
    frame["item"] = pd.Categorical.from_codes(frame["item"].astype(int), categories=list(plan.items))
    frame["column"] = pd.Categorical.from_codes(frame.pop("col").astype(int),
                                                categories=list(plan.columns))
    frame["source"] = pd.Categorical.from_codes(frame.pop("src").astype(int),
                                                categories=list(P.SOURCES))
    groups = [c for c in plan.columns if c in result.rules.group_columns]
    frame["cap_group"] = pd.Categorical(
        frame["column"].astype(object).where(frame["column"].isin(groups)), categories=groups)
    return frame[list(PROVENANCE_COLUMNS)]


# -- explain ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Explanation:
    """One member's score row and the lines that make it (``lines`` adds ``detail``)."""

    year: int
    score: pd.Series
    lines: pd.DataFrame

    def text(self) -> str:
        """The score, then one line per record: the rule item in Chinese (its key in
        brackets), the score column, the points (``before → counted*`` where the cap cut
        them), date and content, the source file / sheet / row; the legend of ``*`` last."""
        s = self.score
        rank = "未排名" if pd.isna(s["rank"]) else f"第{int(s['rank'])}名"
        head = [f"{self.year}年 {s['name']}（{s['member_id']}，{s['sector']}）"
                f"总分 {s['total']:.2f}，{rank}，等次 {s['tier'] or '—'}"]
        head += [f"  预警：{kind}（{reason}）" for kind, reason in s["warnings"]]
        body = [_explain_line(r) for r in self.lines.itertuples()]
        capped = (self.lines["points_before"] - self.lines["points"] >= 0.005).any()
        return "\n".join(head + body + ([CAPPED_LEGEND] if capped else []))


CAPPED_MARK = "*"
CAPPED_LEGEND = f"{CAPPED_MARK}：该项所在的计分项目已达年度上限，超出部分不计（写作 原始分 → 计入分）。"


def _explain_line(r) -> str:
    item = f"{labels.item_label(r.item)}（{r.item}）"
    points = (f"{r.points_before:.2f} → {r.points:.2f}{CAPPED_MARK}" if r.points_before - r.points >= 0.005
              else f"{r.points:.2f}")
    row = "" if pd.isna(r.row_no) else f" / 第{int(r.row_no)}行"
    return (f"  {_padded(item, 50)} {_padded(labels.cap_group_label(r.column), 16)} {points:>16}  "
            f"{_date_text(r.date)}{r.detail}  来源：{r.source_file} / {r.sheet}{row}")


def _padded(text: str, width: int) -> str:
    """``text`` filled with spaces to ``width`` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 0)


def _date_text(value) -> str:
    return "" if value is None or pd.isna(value) else f"{labels.day_text(pd.Timestamp(value))} "


def find_member(result: ScoreResult, member: str) -> str:
    """A member id from an id or a name in the result; ValueError (Chinese) otherwise."""
    scores = result.scores
    if (scores["member_id"] == member).any():
        return member
    hits = scores.loc[scores["name"] == member, ["member_id", "sector"]]
    if len(hits) == 1:
        return hits["member_id"].iloc[0]
    if len(hits) > 1:
        options = "、".join(f"{m}（{s}）" for m, s in hits.itertuples(index=False))
        raise ValueError(f"有多名委员叫“{member}”：{options}，请用委员编号。")
    raise ValueError(f"{result.year}年的考评名单中没有“{member}”。")


def _case(column: str, mapping: Mapping[str, str]) -> str:
    whens = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in mapping.items())
    return f"CASE {column} {whens} ELSE {column} END"


def record_contents_sql(year: int, member_id: str | None = None) -> str:
    """(source, rec_id, content): what each record of ``year`` is, in words, without its
    date (lines show the date in a column of their own); only one member's records when
    ``member_id`` is given."""
    y = int(year)
    own = f"AND member_id = {lit(member_id, 'VARCHAR')}" if member_id is not None else ""

    def named_on(people: str) -> str:
        return f"AND rec_id IN (SELECT rec_id FROM {people} WHERE true {own})" if own else ""

    return f"""
        SELECT 'attendance' AS source, rec_id,
               event_name || '（' || {_case('status', labels.STATUS_LABELS)} || '）' AS content
        FROM cur_attendance WHERE year = {y} {own}
        UNION ALL
        SELECT 'proposals', rec_id, '提案' || coalesce(number || ' ', '') || '《' || subject || '》'
               || coalesce('（' || outcome || '）', '')
        FROM cur_proposals WHERE year = {y} {named_on('cur_proposal_people')}
        UNION ALL
        SELECT 'sqmy', rec_id, '社情民意《' || title || '》'
               || coalesce('（' || nullif(concat_ws('；', adoption_text, instruction_text), '') || '）', '')
        FROM cur_sqmy WHERE year = {y} {named_on('cur_sqmy_authors')}
        UNION ALL
        SELECT 'speeches', rec_id, coalesce(meeting || '：', '') || coalesce(topic, '大会发言')
               || '（' || coalesce(form, '书面') || '发言）'
        FROM cur_speeches WHERE year = {y} {own}
        UNION ALL
        SELECT 'reports', rec_id, '年度履职报告（' || CASE WHEN submitted THEN '已提交' ELSE '未提交' END || '）'
        FROM cur_reports WHERE year = {y} {own}
        UNION ALL
        SELECT 'other_duties', rec_id, category || coalesce('：' || content, '') || coalesce('（' || level || '）', '')
        FROM cur_other_duties WHERE year = {y} {own}
        UNION ALL
        SELECT 'adjustments', rec_id, reason || coalesce('（批准：' || approver || '）', '')
        FROM cur_adjustments WHERE year = {y} {own}
        UNION ALL
        SELECT 'members', rec_id, '常委，本年度未提交履职报告' FROM cur_members WHERE true {own}
    """


def explain(store: Store, year: int, member: str, rules: Rules | None = None,
            result: ScoreResult | None = None) -> Explanation:
    """One member's (id or name) score and every line behind it, with its source;
    pass ``result`` to reuse a computed year."""
    result = result or score_year(store, year, rules)
    member_id = find_member(result, member)
    lines = result.provenance_of([member_id])
    details = store.df(record_contents_sql(result.year, member_id)).rename(columns={"content": "detail"})
    lines = lines.astype({"item": str, "column": str, "source": str, "cap_group": object}).merge(
        details, on=["source", "rec_id"], how="left")
    lines["detail"] = lines["detail"].fillna("")
    order = {c: i for i, c in enumerate(result.score_columns)}
    lines = (lines.assign(_o=lines["column"].map(order))
             .sort_values(["_o", "date", "rec_id"], na_position="last").drop(columns="_o"))
    return Explanation(year=result.year, score=result.member(member_id),
                       lines=lines.reset_index(drop=True))
