"""Group metrics, the participation matrix and percentiles, by hand."""
from __future__ import annotations

import pytest

from metrics.groups import (MARKS, group_metrics, member_percentiles, participation_matrix)
from metrics.scoring import score_year
from tests.scoring_fixtures import FixtureDB


@pytest.fixture
def city(tmp_path):
    db = FixtureDB(tmp_path / "g.duckdb")
    db.member("A", sector="科协", activity_group="第一组", liaison_group="城关区联络组",
              committee="提案委员会")
    db.member("B", sector="科协", activity_group="第一组", liaison_group="东湖区联络组",
              committee="提案委员会")
    db.member("C", sector="工会", activity_group="第二组", liaison_group="城关区联络组",
              committee="经济委员会")
    db.member("D", sector="工会", activity_group="第二组", liaison_group="东湖区联络组",
              committee="经济委员会")
    db.event("plenary", "2025-01-10", {"A": "attend", "B": "attend", "C": "attend", "D": "leave"},
             key="e3", name="全体会议")
    db.event("sector_group", "2025-03-01", {"A": "attend", "B": "absent"}, key="e1",
             name="第一组主题活动")
    db.event("sector_group", "2025-04-01", {"C": "attend", "D": "late", "A": "leave"}, key="e2",
             name="界别活动")
    db.event("consult_other", "2025-05-01", {"C": "attend", "D": "absent"}, key="e4",
             name="对口协商", organizer="经济委员会")
    db.proposal(lead="A", cosigners=["B"], filed=True)
    db.proposal(lead="C", filed=False)
    db.sqmy(authors=["A", "C"], adoption="省")
    store = db.commit()
    return store, score_year(store, 2025)


def test_scores_of_the_group_fixture(city):
    _, result = city
    totals = dict(zip(result.scores["member_id"], result.scores["total"]))
    assert totals == {"A": 62, "C": 45.5, "B": 33, "D": 14}


def test_activity_group_metrics(city):
    store, result = city
    m = group_metrics(store, 2025, "activity_group", result=result).set_index("group")
    one, two = m.loc["第一组"], m.loc["第二组"]
    assert (one["members"], one["events_held"], one["invited"], one["attended"], one["leave"],
            one["absent"]) == (2, 1, 5, 3, 1, 1)
    assert (one["attend_rate"], one["leave_rate"], one["absence_rate"]) == (0.6, 0.2, 0.2)
    assert (one["active_members"], one["active_share"]) == (2, 1.0)
    assert (one["proposals"], one["proposals_filed"], one["sqmy"], one["sqmy_adopted"]) == (1, 1, 1, 1)
    assert (one["mean_score"], one["median_score"], one["称职"], one["不称职"], one["优秀"]) == (47.5, 47.5, 1, 1, 0)
    assert (two["events_held"], two["invited"], two["attended"], two["leave"], two["absent"]) == (1, 6, 4, 1, 1)
    assert (two["proposals"], two["proposals_filed"], two["mean_score"]) == (1, 0, 29.75)


def test_events_held_by_organizer_for_committees(city):
    store, result = city
    m = group_metrics(store, 2025, "committee", result=result).set_index("group")
    assert m.loc["经济委员会", "events_held"] == 1 and m.loc["提案委员会", "events_held"] == 0


def test_sector_and_liaison_metrics(city):
    store, result = city
    sector = group_metrics(store, 2025, "sector", result=result).set_index("group")
    assert list(sector.index) == ["工会", "科协"] and sector.loc["科协", "members"] == 2
    liaison = group_metrics(store, 2025, "liaison_group", result=result).set_index("group")
    assert liaison.loc["东湖区联络组", "absent"] == 2  # B at e1, D at e4
    with pytest.raises(ValueError, match="分组维度"):
        group_metrics(store, 2025, "party", result=result)


def test_participation_matrix(city):
    store, result = city
    pm = participation_matrix(store, 2025, "activity_group", "第一组", result=result)
    assert list(pm.events["event_key"]) == ["e3", "e1", "e2"]
    assert list(pm.events["held"]) == [False, True, False]
    assert list(pm.marks.columns) == ["name", "01-10 全体会议", "03-01 第一组主题活动", "04-01 界别活动"]
    assert list(pm.marks.loc["A"])[1:] == [MARKS["attend"], MARKS["attend"], MARKS["leave"]]
    assert list(pm.marks.loc["B"])[1:] == [MARKS["attend"], MARKS["absent"], ""]
    assert list(pm.events["invited"]) == [2, 2, 1] and list(pm.events["attended"]) == [2, 1, 0]
    held = participation_matrix(store, 2025, "activity_group", "第一组", result=result, held_only=True)
    assert list(held.events["event_key"]) == ["e1"]


def test_percentiles_overall_and_within_sector(city):
    _, result = city
    p = member_percentiles(result).set_index("member_id")
    assert dict(p["percentile"]) == {"A": 100, "C": 75, "B": 50, "D": 25}
    assert dict(p["sector_percentile"]) == {"A": 100, "B": 50, "C": 100, "D": 50}


def test_percentile_ties_share_the_competition_rank(tmp_path):
    db = FixtureDB(tmp_path / "t.duckdb")
    for m, points in (("A", 10), ("B", 10), ("C", 5)):
        db.member(m)
        db.adjust(m, points)
    p = member_percentiles(score_year(db.commit(), 2025)).set_index("member_id")
    assert p.loc["A", "percentile"] == p.loc["B", "percentile"] == 100
    assert round(p.loc["C", "percentile"], 4) == round(100 / 3, 4)
