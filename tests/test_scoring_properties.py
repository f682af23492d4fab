"""Hypothesis: on random small systems and rule variants, the columns add up to the
total before the floor, no group exceeds its cap, ranks follow totals, and the
provenance rows add up to the columns and the total."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.rules import DEFAULT_RULES_PATH, parse_rules
from metrics.scoring import score_year
from tests.scoring_fixtures import FixtureDB

DEFAULT_TEXT = DEFAULT_RULES_PATH.read_text(encoding="utf-8")


def _variant(pairs: dict[str, str]):
    text = DEFAULT_TEXT
    for old, new in pairs.items():
        text, n = re.subn(rf"(?m)^{re.escape(old)}.*$", new, text, count=1)
        assert n == 1, old
    return parse_rules(text)


RULES = [
    parse_rules(DEFAULT_TEXT),
    _variant({"attend = 30": "attend = 25.5", "leave = 15": "leave = 12.25",
              "coauthor_share": "coauthor_share = 0.333", "submit = 5": "submit = 4.5",
              "late_early": "late_early = -0.75", "consult = 20": "consult = 7.5"}),
    _variant({"share = true": "share = false", "standing = 12": "standing = 1",
              "proposal_lead": "proposal_lead = 7.77", "excellent_quota": "excellent_quota = 0.3",
              "oral = 6": "oral = 6.125", "writing = 6": "writing = 0.5"}),
]
CATEGORIES = ["plenary", "standing", "consult_thematic", "consult_other", "inspect_research",
              "study", "sector_group", "public_service", "training"]
STATUSES = ["attend", "leave", "absent", "late"]


@st.composite
def systems(draw):
    n = draw(st.integers(1, 6))
    members = [f"M{i}" for i in range(n)]
    idx = st.integers(0, n - 1)
    return dict(
        members=[(m, draw(st.booleans()), draw(st.sampled_from(["科协", "工会"]))) for m in members],
        events=draw(st.lists(st.tuples(st.sampled_from(CATEGORIES), st.integers(1, 28),
                                       st.dictionaries(idx, st.sampled_from(STATUSES), min_size=1)),
                             max_size=14)),
        duplicates=draw(st.lists(st.tuples(st.integers(0, 20), st.sampled_from(STATUSES)), max_size=3)),
        proposals=draw(st.lists(st.tuples(idx, st.lists(idx, max_size=3, unique=True),
                                          st.booleans(), st.booleans(), st.booleans(),
                                          st.booleans()), max_size=6)),
        sqmy=draw(st.lists(st.tuples(st.lists(idx, min_size=1, max_size=3, unique=True),
                                     st.sampled_from([None, "市", "省", "全国转送", "全国单篇"]),
                                     st.sampled_from([None, "市", "省", "国家"])), max_size=6)),
        speeches=draw(st.lists(st.tuples(idx, st.sampled_from(["口头", "书面"])), max_size=4)),
        reports=draw(st.one_of(st.none(), st.lists(st.tuples(idx, st.booleans()), max_size=4))),
        other=draw(st.lists(st.tuples(idx, st.sampled_from(["public_service", "writing", "commendation"]),
                                      st.sampled_from([None, "全国", "省", "市"])), max_size=5)),
        adjustments=draw(st.lists(st.tuples(idx, st.integers(-4000, 4000)), max_size=3)),
        rules=draw(st.integers(0, len(RULES) - 1)),
    )


def build(db: FixtureDB, system: dict) -> None:
    names = [m for m, _, _ in system["members"]]
    for m, standing, sector in system["members"]:
        db.member(m, standing=standing, sector=sector)
    keys = []
    for category, day, marks in system["events"]:
        keys.append(db.event(category, f"2025-03-{day:02d}", {names[i]: s for i, s in marks.items()}))
    for k, status in system["duplicates"]:  # the same member listed again, in a later batch
        if keys:
            rows = [r for r in db._rows["attendance"] if r["event_key"] == keys[k % len(keys)]]
            db.attend(rows[0]["member_id"], rows[0]["event_key"], status,
                      category=rows[0]["category"], date=rows[0]["event_date"], batch=2)
    for lead, cosigners, filed, key, excellent, collective in system["proposals"]:
        others = [names[i] for i in cosigners if i != lead]
        if collective:
            db.proposal(collective=True, writers=[names[lead], *others][:3], filed=filed, key=key)
        else:
            db.proposal(lead=names[lead], cosigners=others, filed=filed, key=key, excellent=excellent)
    for authors, adoption, instruction in system["sqmy"]:
        db.sqmy(authors=[names[i] for i in authors], adoption=adoption, instruction=instruction)
    for i, form in system["speeches"]:
        db.speech(names[i], form=form)
    for i, submitted in system["reports"] or []:
        db.report(names[i], submitted=submitted)
    for i, group, level in system["other"]:
        db.other(names[i], group, level=level)
    for i, cents in system["adjustments"]:
        db.adjust(names[i], Decimal(cents) / 100)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> FixtureDB:
    return FixtureDB(tmp_path_factory.mktemp("prop") / "p.duckdb")


def cents(x) -> int:
    return int(round(float(x) * 100))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(system=systems())
def test_scores_add_up_respect_caps_and_rank_by_total(db, system):
    db.clear()
    db.names.clear()
    build(db, system)
    rules = RULES[system["rules"]]
    result = score_year(db.commit(), 2025, rules)
    s = result.scores
    cols = list(rules.score_columns)

    # group columns + bonus + deduction + adjustment = total before the floor at 0
    before = s[cols].apply(lambda c: c.map(cents)).sum(axis=1)
    assert (s["total"].map(cents) == before.clip(lower=0)).all()

    # no group exceeds its cap, and groups hold positive points only
    for group, cap in rules.caps:
        assert (s[group].map(cents) <= cents(cap)).all(), group
        assert (s[group] >= 0).all(), group
    assert (s["deduction"] <= 0).all() and (s["bonus"] >= 0).all()

    # rank: competition ranking on total among ranked members
    ranked = s[s["ranked"]]
    totals = ranked["total"].map(cents)
    for rank, total in zip(ranked["rank"], totals):
        assert rank == 1 + int((totals > total).sum())

    # provenance rows add up to each column and to the total before the floor
    prov = result.provenance
    prov_cents = prov.assign(c=prov["points"].map(cents)).groupby(
        ["member_id", "column"], observed=True)["c"].sum()
    for row in s.itertuples(index=False):
        member = row.member_id
        for col in cols:
            got = int(prov_cents.get((member, col), 0))
            assert got == cents(getattr(row, col)), (member, col)
    per_member = prov.assign(c=prov["points"].map(cents)).groupby("member_id")["c"].sum()
    assert (per_member.reindex(s["member_id"], fill_value=0).to_numpy() == before.to_numpy()).all()
