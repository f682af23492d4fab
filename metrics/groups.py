"""Group metrics for 界别, 界别活动组, 委员联络组 and 专委会, a member × event
participation matrix for one group, and each member's percentile.

Members are the year's scored members (``ScoreResult.scores``); attendance is the year's,
one row per (member, event) as in scoring (latest batch wins).

An event is **held by** a group when its 组织单位 is the group's name, or — for 界别活动组
and 委员联络组 (events of category sector_group / liaison_group) and 专委会 — when its name
contains the group's name, or, for those two categories, when more than half of its
invitees belong to the group.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.store import Store
from metrics.points import ATTENDED, attendance_sql
from metrics.rules import Rules
from metrics.scoring import ScoreResult, score_year
from metrics.sqlutil import registered

DIMENSIONS: dict[str, str] = {"sector": "界别", "activity_group": "界别活动组",
                              "liaison_group": "委员联络组", "committee": "专委会"}
# Dimension -> the attendance category of its own events (for the majority rule).
OWN_CATEGORY = {"activity_group": "sector_group", "liaison_group": "liaison_group"}
NAME_MATCH = ("activity_group", "liaison_group", "committee")
MARKS: dict[str, str] = {"attend": "✓", "late": "迟", "leave": "假", "absent": "✗"}
MARK_LEGEND = "✓ 出席　迟 迟到/早退　假 请假　✗ 缺席　空白 未邀请"


def _check(dimension: str) -> None:
    if dimension not in DIMENSIONS:
        raise ValueError(f"未知的分组维度“{dimension}”；可用：{'、'.join(DIMENSIONS)}。")


def _result(store: Store, year: int, result: ScoreResult | None, rules: Rules | None) -> ScoreResult:
    return result if result is not None and result.year == int(year) else score_year(store, year, rules)


def _member_groups(result: ScoreResult, dimension: str) -> pd.DataFrame:
    return result.scores[["member_id", dimension]].rename(columns={dimension: "grp"})


def group_record_counts(store: Store, year: int, members: pd.DataFrame) -> pd.DataFrame:
    """Per group: distinct proposals (any role) and filed ones; 社情民意 (any author) and adopted."""
    cur = store.cursor()
    with registered(cur, mg=members) as t:
        return cur.execute(f"""
            WITH p AS (
                SELECT DISTINCT m.grp, p.rec_id, p.filed
                FROM cur_proposals p JOIN cur_proposal_people x ON x.rec_id = p.rec_id
                JOIN {t['mg']} m ON m.member_id = x.member_id WHERE p.year = {int(year)}
            ), s AS (
                SELECT DISTINCT m.grp, s.rec_id, s.adoption IS NOT NULL AS adopted
                FROM cur_sqmy s JOIN cur_sqmy_authors x ON x.rec_id = s.rec_id
                JOIN {t['mg']} m ON m.member_id = x.member_id WHERE s.year = {int(year)}
            ), pc AS (
                SELECT grp, count(*) AS proposals, count(*) FILTER (WHERE filed) AS proposals_filed
                FROM p GROUP BY grp
            ), sc AS (
                SELECT grp, count(*) AS sqmy, count(*) FILTER (WHERE adopted) AS sqmy_adopted
                FROM s GROUP BY grp
            )
            SELECT * FROM pc FULL JOIN sc USING (grp)""").df()


def attendance_ctes(year: int, mg: str, dimension: str) -> str:
    """SQL CTEs over the year's attendance of the members in ``mg`` (member_id, grp):
    ``a`` one row per member and event, ``ev`` one row per event, ``held`` the
    (event_key, grp) pairs of the events each group held (see module doc)."""
    held = ["e.organizer = g.grp"]
    if dimension in NAME_MATCH:
        held.append("contains(coalesce(e.event_name, ''), g.grp)")
    if dimension in OWN_CATEGORY:
        held.append(f"(e.category = '{OWN_CATEGORY[dimension]}' AND mj.grp IS NOT NULL)")
    return f"""
        a AS MATERIALIZED ({attendance_sql(int(year), mg)}),
        names AS (
            SELECT event_key, min(event_date) AS event_date, min(event_name) AS event_name,
                   min(organizer) AS organizer
            FROM cur_attendance WHERE year = {int(year)} GROUP BY event_key
        ),
        ev AS MATERIALIZED (
            SELECT n.event_key, n.event_date, n.event_name, n.organizer, c.category
            FROM names n JOIN (SELECT event_key, min(category) AS category FROM a GROUP BY event_key) c
                 USING (event_key)
        ),
        groups AS (SELECT DISTINCT grp FROM {mg} WHERE grp IS NOT NULL),
        sizes AS (
            SELECT a.event_key, m.grp, count(*) AS n FROM a LEFT JOIN {mg} m USING (member_id)
            GROUP BY ALL
        ),
        majority AS (
            SELECT event_key, grp FROM (
                SELECT *, sum(n) OVER (PARTITION BY event_key) AS total FROM sizes)
            WHERE grp IS NOT NULL AND n * 2 > total
        ),
        held AS MATERIALIZED (
            SELECT e.event_key, g.grp
            FROM ev e CROSS JOIN groups g
            LEFT JOIN majority mj ON mj.event_key = e.event_key AND mj.grp = g.grp
            WHERE {" OR ".join(held)}
        )"""


_ATTENDED_SQL = "(" + ", ".join(f"'{s}'" for s in ATTENDED) + ")"


def _attendance_by_group(store: Store, year: int, members: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Per group: events held, invitations, attended / leave / absent, active members."""
    cur = store.cursor()
    with registered(cur, mg=members) as t:
        return cur.execute(f"""
            WITH {attendance_ctes(year, t['mg'], dimension)},
            rates AS (
                SELECT m.grp, count(*) AS invited,
                       count(*) FILTER (WHERE a.status IN {_ATTENDED_SQL}) AS attended,
                       count(*) FILTER (WHERE a.status = 'leave') AS leave,
                       count(*) FILTER (WHERE a.status = 'absent') AS absent,
                       count(DISTINCT a.member_id) FILTER (WHERE a.status IN {_ATTENDED_SQL})
                           AS active_members
                FROM a JOIN {t['mg']} m USING (member_id) WHERE m.grp IS NOT NULL GROUP BY m.grp
            ),
            held_count AS (SELECT grp, count(*) AS events_held FROM held GROUP BY grp)
            SELECT * FROM rates FULL JOIN held_count USING (grp)""").df().set_index("grp")


def group_metrics(store: Store, year: int, dimension: str, result: ScoreResult | None = None,
                  rules: Rules | None = None) -> pd.DataFrame:
    """One row per group of ``dimension`` ('sector', 'activity_group', 'liaison_group',
    'committee'): group, members, events_held, invited (member-event invitations),
    attended, leave, absent, attend_rate / leave_rate / absence_rate (of invitations),
    active_members (≥ 1 event attended), active_share, proposals, proposals_filed, sqmy,
    sqmy_adopted, mean_score, median_score (ranked members), then one count per tier.
    The attendance is aggregated in DuckDB: a year of millions of rows never reaches pandas."""
    _check(dimension)
    result = _result(store, year, result, rules)
    members = _member_groups(result, dimension)
    scores = result.scores.rename(columns={dimension: "grp"})
    base = scores.groupby("grp").agg(members=("member_id", "size"))
    attendance = _attendance_by_group(store, year, members, dimension)
    ranked = scores[scores["ranked"]]
    score_stats = ranked.groupby("grp")["total"].agg(mean_score="mean", median_score="median")
    tiers = (ranked.pivot_table(index="grp", columns="tier", values="member_id", aggfunc="size",
                                fill_value=0)
             .reindex(columns=list(result.rules.tier_names), fill_value=0))
    counts = group_record_counts(store, year, members).set_index("grp")

    out = base.join([attendance, counts, score_stats, tiers], how="left")
    count_cols = ["events_held", "invited", "attended", "leave", "absent", "active_members",
                  "proposals", "proposals_filed", "sqmy", "sqmy_adopted",
                  *result.rules.tier_names]
    out[count_cols] = out[count_cols].fillna(0).astype("int64")
    invited = out["invited"].where(out["invited"] > 0)
    out["attend_rate"] = out["attended"] / invited
    out["leave_rate"] = out["leave"] / invited
    out["absence_rate"] = out["absent"] / invited
    out["active_share"] = out["active_members"] / out["members"]
    order = ["members", "events_held", "invited", "attended", "leave", "absent", "attend_rate",
             "leave_rate", "absence_rate", "active_members", "active_share", "proposals",
             "proposals_filed", "sqmy", "sqmy_adopted", "mean_score", "median_score",
             *result.rules.tier_names]
    return out[order].rename_axis("group").reset_index()


@dataclass(frozen=True)
class ParticipationMatrix:
    """``marks``: one row per group member (index member_id; first column name), one
    column per event (label 'MM-DD 名称'), cells from MARKS or '' (not invited).
    ``events``: event_key, label, event_date, event_name, category, held (by the group),
    invited, attended — in column order."""

    group: str
    marks: pd.DataFrame
    events: pd.DataFrame


def _group_rows(store: Store, year: int, members: pd.DataFrame, dimension: str,
                group: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The group's members' attendance rows (member_id, event_key, status), and the events
    they were invited to or the group held (event_key, event_date, event_name, category,
    held)."""
    cur = store.cursor()
    with registered(cur, mg=members, grp=pd.DataFrame({"grp": [group]})) as t:
        ctes = attendance_ctes(year, t["mg"], dimension)
        mine = cur.execute(f"""
            WITH {ctes}
            SELECT a.member_id, a.event_key, a.status FROM a JOIN {t['mg']} m USING (member_id)
            WHERE m.grp = (SELECT grp FROM {t['grp']})""").df()
        events = cur.execute(f"""
            WITH {ctes},
            own AS (SELECT event_key FROM held WHERE grp = (SELECT grp FROM {t['grp']}))
            SELECT ev.event_key, ev.event_date, ev.event_name, ev.category,
                   ev.event_key IN (SELECT event_key FROM own) AS held
            FROM ev WHERE ev.event_key IN (SELECT event_key FROM own)
               OR ev.event_key IN (SELECT a.event_key FROM a JOIN {t['mg']} m USING (member_id)
                                   WHERE m.grp = (SELECT grp FROM {t['grp']}))""").df()
    return mine, events


def participation_matrix(store: Store, year: int, dimension: str, group: str,
                         result: ScoreResult | None = None, rules: Rules | None = None,
                         held_only: bool = False) -> ParticipationMatrix:
    """Members of one group × the events any of them was invited to (or only the events
    the group held), with their marks."""
    _check(dimension)
    result = _result(store, year, result, rules)
    members = _member_groups(result, dimension)
    roster = (result.scores.loc[members["grp"].eq(group).to_numpy(), ["member_id", "name"]]
              .sort_values("member_id"))
    mine, events = _group_rows(store, year, members, dimension, group)
    if held_only:
        events = events[events["held"]]
    events = events.sort_values(["event_date", "event_name", "event_key"]).reset_index(drop=True)
    events["label"] = _labels(events)
    mine = mine[mine["event_key"].isin(events["event_key"])]
    stats = mine.assign(att=mine["status"].isin(ATTENDED)).groupby("event_key").agg(
        invited=("member_id", "size"), attended=("att", "sum"))
    events = events.join(stats, on="event_key").fillna({"invited": 0, "attended": 0})
    events = events.astype({"invited": "int64", "attended": "int64", "held": bool})
    cells = (mine.assign(mark=mine["status"].map(MARKS))
             .pivot(index="member_id", columns="event_key", values="mark")
             .reindex(index=roster["member_id"], columns=events["event_key"]).astype(object).fillna(""))
    cells.columns = list(events["label"])
    marks = pd.concat([roster.set_index("member_id")[["name"]], cells], axis=1)
    return ParticipationMatrix(group=group, marks=marks,
                               events=events[["event_key", "label", "event_date", "event_name",
                                              "category", "held", "invited", "attended"]])


def _labels(events: pd.DataFrame) -> list[str]:
    """'MM-DD 名称', made unique with the event key where two coincide."""
    labels = [f"{pd.Timestamp(d):%m-%d} {n}" if pd.notna(d) else str(n)
              for d, n in zip(events["event_date"], events["event_name"])]
    seen = pd.Series(labels).duplicated(keep=False).to_numpy()
    return [f"{lab}（{k}）" if dup else lab for lab, k, dup in zip(labels, events["event_key"], seen)]


def member_percentiles(result: ScoreResult) -> pd.DataFrame:
    """Per ranked member: percentile in the whole body and within the 界别 — the share of
    members whose total is at most the member's, 100 × (n − rank + 1) / n with the
    competition rank (tied members share it)."""
    s = result.scores[result.scores["ranked"]]
    n_all = len(s)
    n_sector = s.groupby("sector")["member_id"].transform("size")
    out = s[["member_id", "name", "sector", "total", "rank", "sector_rank"]].copy()
    out["percentile"] = 100 * (n_all - s["rank"].astype("float64") + 1) / n_all
    out["sector_percentile"] = 100 * (n_sector - s["sector_rank"].astype("float64") + 1) / n_sector
    return out.reset_index(drop=True)
