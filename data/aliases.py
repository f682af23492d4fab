"""The matcher of an import loaded from the database, the pending names that match no one,
and their resolution (remembered as aliases)."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
from rapidfuzz import fuzz, process

from reading import normalize as nz
from data import audit
from reading import vocab
from data.schema import PERSON_TABLES
from data.store import Store
from reading.names import Matcher, Member


def load_matcher(store: Store, extra: list[Member] | None = None, replaced: set[str] | None = None) -> Matcher:
    """The matcher for an import: members in the database (less those the file's own
    roster replaces) plus the file's roster members."""
    rows = store.rows("SELECT member_id, name, sector, code FROM cur_members")
    members = [Member(*r) for r in rows if not replaced or r[0] not in replaced]
    aliases = {(a, s): m for a, s, m in store.rows("SELECT alias, sector_hint, member_id FROM name_aliases")}
    return Matcher(members + list(extra or []), aliases)


# -- pending -------------------------------------------------------------------------
def _pending_union() -> str:
    parts = [
        f"SELECT name, coalesce(sector_hint, '') AS sector_hint, '{t}' AS source, "
        + ("p.source_file" if t in ("proposal_people", "sqmy_authors") else "r.source_file")
        + f" AS source_file FROM cur_{t} r "
        + ({"proposal_people": "JOIN proposals p USING (rec_id) ", "sqmy_authors": "JOIN sqmy p USING (rec_id) "}.get(t, ""))
        + "WHERE r.member_id IS NULL"
        for t in PERSON_TABLES
    ]
    return " UNION ALL ".join(parts)


def pending_names(store: Store) -> pd.DataFrame:
    """Every name not matched to the roster: rows, files, and the closest roster members."""
    df = store.df(
        f"SELECT name, sector_hint, count(*) AS rows, string_agg(DISTINCT source_file, '、') AS files "
        f"FROM ({_pending_union()}) GROUP BY name, sector_hint ORDER BY rows DESC, name"
    )
    roster = store.df("SELECT member_id, name, sector FROM cur_members ORDER BY member_id")
    df["suggestions"] = [suggestions(roster, n, s) for n, s in zip(df["name"], df["sector_hint"])]
    return df


def suggestions(roster: pd.DataFrame, name: str, sector_hint: str = "") -> list[str]:
    """Up to three roster members closest to a name, as 'name（界别，编号）'."""
    if roster.empty:
        return []
    labels = [f"{n}（{s}，{m}）" for m, n, s in zip(roster["member_id"], roster["name"], roster["sector"])]
    simple = nz.simplified(name)
    scored = process.extract(simple, list(roster["name"]), scorer=fuzz.ratio, limit=len(roster))
    ranked = sorted(scored, key=lambda x: (-(x[1] + (10 if roster["sector"].iat[x[2]] == sector_hint else 0)), x[2]))
    return [labels[i] for _, score, i in ranked[: vocab.MAX_SUGGESTIONS] if score > 0]


class ResolveError(ValueError):
    pass


def find_member(store: Store, ref: str) -> str:
    """A member id from an id or an unambiguous roster name."""
    ref = nz.text(ref)
    if store.scalar("SELECT count(*) FROM cur_members WHERE member_id = ?", [ref]):
        return ref
    name, _ = nz.clean_name(ref)
    ids = [r[0] for r in store.rows("SELECT member_id FROM cur_members WHERE name = ? ORDER BY member_id", [name])]
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise ResolveError(f"名册中没有「{ref}」，请填写委员编号或名册中的姓名")
    raise ResolveError(f"名册中有 {len(ids)} 位「{name}」（{'、'.join(ids)}），请填写委员编号")


def resolve(store: Store, name: str, member_ref: str, sector_hint: str = "", user: str = "cli") -> str:
    """Map a pending name to a member; remembered as an alias for later files."""
    member_id = find_member(store, member_ref)
    alias, _ = nz.clean_name(name)
    with store.write() as cur:
        before = cur.execute("SELECT member_id FROM name_aliases WHERE alias = ? AND sector_hint = ?",
                             [alias, sector_hint or ""]).fetchall()
        cur.execute("DELETE FROM name_aliases WHERE alias = ? AND sector_hint = ?", [alias, sector_hint or ""])
        cur.execute(
            "INSERT INTO name_aliases VALUES (?, ?, ?, ?, ?)",
            [alias, sector_hint or "", member_id, datetime.now(), user],
        )
        audit.record(cur, user, "resolve", _resolution_label(alias, sector_hint, member_id),
                     f"原对应 {before[0][0]}" if before else "")
    return member_id


def _resolution_label(alias: str, sector_hint: str, member_id: str) -> str:
    """'王钢（工会）→ A06' for the audit log."""
    return f"{alias}（{sector_hint}）→ {member_id}" if sector_hint else f"{alias} → {member_id}"
