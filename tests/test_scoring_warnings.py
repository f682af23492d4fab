"""Warnings (通报批评, 劝辞, 约谈) with the facts that raised them, by hand."""
from __future__ import annotations

import re

import pytest

from metrics.rules import DEFAULT_RULES_PATH, parse_rules
from metrics.score_csv import warnings_text
from metrics.scoring import score_year
from tests.scoring_fixtures import FixtureDB


@pytest.fixture
def db(tmp_path) -> FixtureDB:
    return FixtureDB(tmp_path / "w.duckdb")


def healthy(db: FixtureDB, member: str, year: int = 2025) -> None:
    """Enough for 良好 or better, no silence, an event attended."""
    db.proposal(year, lead=member, filed=True)
    db.adjust(member, 80, year=year)
    db.event("study", f"{year}-06-01", {member: "attend"})


def warnings(db: FixtureDB, year: int = 2025, rules=None) -> dict[str, list]:
    s = score_year(db.commit(), year, rules).scores
    return dict(zip(s["member_id"], s["warnings"]))


def test_notice_for_one_plenary_absence(db):
    db.member("A")
    healthy(db, "A")
    db.event("plenary", "2025-01-10", {"A": "absent"})
    assert warnings(db)["A"] == [("通报批评", "本届全会无故缺席1次")]


def test_absences_of_the_term_add_up_across_years(db):
    db.member("A")
    for year in (2024, 2025):
        healthy(db, "A", year)
        db.event("plenary", f"{year}-01-10", {"A": "absent"})
    assert warnings(db)["A"] == [("劝辞", "本届全会无故缺席2次")]  # the 劝辞 step replaces 通报批评
    assert warnings(db, 2024)["A"] == [("通报批评", "本届全会无故缺席1次")]  # so far


def test_years_of_another_term_do_not_count(db):
    db.member("A")
    for m in ("X1", "X2", "X3"):
        db.member(m, term="十三届")
    db.event("plenary", "2021-01-10", {"X1": "attend", "X2": "attend", "X3": "attend", "A": "absent"})
    db.member("B")
    healthy(db, "A")
    db.event("plenary", "2025-01-10", {"A": "absent", "B": "attend"})
    assert warnings(db)["A"] == [("通报批评", "本届全会无故缺席1次")]


def test_standing_member_absent_three_times_at_standing_meetings(db):
    for m, standing in (("S3", True), ("S2", True), ("N3", False)):
        db.member(m, standing=standing)
        healthy(db, m)
    for i, date in enumerate(("2025-02-01", "2025-05-01", "2025-08-01")):
        db.event("standing", date, {"S3": "absent", "S2": "absent" if i < 2 else "attend",
                                    "N3": "absent"})
    w = warnings(db)
    assert w["S3"] == [("劝辞", "本年常委会议无故缺席3次")]
    assert w["S2"] == [] and w["N3"] == []


def test_lowest_tier_two_years_running(db):
    for m in ("BOTH", "NOW"):
        db.member(m)
        db.proposal(2024, lead=m, filed=False)
        db.proposal(2025, lead=m, filed=False)
    db.adjust("NOW", 80, year=2024)
    db.event("study", "2024-06-01", {"BOTH": "leave", "NOW": "leave"})  # 2024 was assessed
    w = warnings(db)
    assert w["BOTH"] == [("劝辞", "连续2年考评为不称职"), ("约谈", "本年考评为不称职")]
    assert w["NOW"] == [("约谈", "本年考评为不称职")]


def test_a_year_without_records_breaks_the_run(db):
    db.member("A")
    db.proposal(2025, lead="A", filed=False)
    assert warnings(db)["A"] == [("约谈", "本年考评为不称职")]


def test_a_year_with_a_stray_record_but_no_attendance_does_not_count(db):
    """One adjustment in 2024 made everyone 不称职 that year; without attendance records
    2024 was not an assessment year, so nobody has 连续2年 in 2025 (issue 13, item 3)."""
    for m in ("A", "B", "C"):
        db.member(m)
        db.proposal(2025, lead=m, filed=False)
    db.event("study", "2025-06-01", {"A": "attend", "B": "attend", "C": "attend"})
    db.adjust("A", 5, year=2024)
    w = warnings(db)
    assert all(("劝辞", "连续2年考评为不称职") not in w[m] for m in "ABC")
    assert w["B"] == [("约谈", "本年考评为不称职")]
    db.event("plenary", "2024-01-10", {"A": "attend", "B": "attend", "C": "attend"})  # now it was
    assert warnings(db)["B"][0] == ("劝辞", "连续2年考评为不称职")


def test_silent_two_years_running(db):
    db.member("A")
    db.member("B")
    db.proposal(2024, lead="B", filed=True)  # 2024 has a proposal list
    db.event("study", "2024-06-01", {"A": "leave", "B": "leave"})  # and attendance
    db.proposal(2025, lead="B", filed=True)
    db.adjust("A", 95)
    db.event("study", "2025-03-01", {"A": "attend"})
    # silent in both years also means the lowest tier in both (require_proposal_or_sqmy)
    assert warnings(db)["A"] == [("劝辞", "连续2年考评为不称职"),
                                 ("约谈", "本年考评为不称职，连续2年无提案和社情民意")]


def test_silence_is_not_counted_in_a_year_without_proposal_or_sqmy_records(db):
    db.member("A")
    db.member("B")
    db.adjust("A", 95, year=2024)
    db.event("study", "2024-06-01", {"A": "leave", "B": "leave"})
    db.proposal(2025, lead="B", filed=True)
    db.adjust("A", 95)
    db.event("study", "2025-03-01", {"A": "attend"})
    assert warnings(db)["A"] == [("劝辞", "连续2年考评为不称职"), ("约谈", "本年考评为不称职")]


def test_no_event_attended_in_the_year(db):
    db.member("A")
    db.member("B")
    db.proposal(lead="A", filed=True)
    db.adjust("A", 80)
    healthy(db, "B")
    db.event("study", "2025-03-01", {"A": "leave", "B": "attend"})
    db.event("inspect_research", "2025-04-01", {"A": "absent"})
    w = warnings(db)
    assert w["A"] == [("约谈", "全年未参加任何活动")] and w["B"] == []


def test_no_attendance_imported_no_event_warning(db):
    db.member("A")
    healthy(db, "A")
    assert warnings(db)["A"] == []


def test_several_warnings_in_order_and_as_csv_text(db):
    db.member("A", standing=True)
    db.member("B")
    db.proposal(2024, lead="B", filed=False)
    db.proposal(2025, lead="B", filed=False)
    db.event("plenary", "2024-01-10", {"A": "absent"})
    db.event("plenary", "2025-01-10", {"A": "absent"})
    for date in ("2025-02-01", "2025-05-01", "2025-08-01"):
        db.event("standing", date, {"A": "absent"})
    w = warnings(db)["A"]
    assert [k for k, _ in w] == ["劝辞", "约谈"]
    assert warnings_text(w) == (
        "劝辞（本届全会无故缺席2次，本年常委会议无故缺席3次，连续2年考评为不称职）；"
        "约谈（本年考评为不称职，连续2年无提案和社情民意，全年未参加任何活动）")


def test_members_who_left_get_no_warnings(db):
    db.member("A", status="辞去", change_date="2025-06-01")
    db.event("plenary", "2025-01-10", {"A": "absent"})
    assert warnings(db)["A"] == []


def test_warnings_switched_off_by_zero(db):
    db.member("A")
    healthy(db, "A")
    db.event("plenary", "2025-01-10", {"A": "absent"})
    text = re.sub(r"(?m)^term_plenary_absent_notice.*$", "term_plenary_absent_notice = 0",
                  DEFAULT_RULES_PATH.read_text(encoding="utf-8"))
    assert warnings(db, rules=parse_rules(text))["A"] == []
