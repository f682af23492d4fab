"""One small hand-built fixture per clause of scoring-rules.md, the expected numbers
written out by hand (default rules unless said otherwise)."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from metrics.rules import DEFAULT_RULES_PATH, parse_rules, save_rule_set
from metrics.scoring import explain, score_year
from tests.scoring_fixtures import FixtureDB

DEFAULT_TEXT = DEFAULT_RULES_PATH.read_text(encoding="utf-8")


def rules_with(**replacements: str):
    """Default rules with whole lines replaced ({'line start': 'new line'})."""
    text = DEFAULT_TEXT
    for old, new in replacements.items():
        text, n = re.subn(rf"(?m)^{re.escape(old)}.*$", new, text)
        assert n == 1, old
    return parse_rules(text)


@pytest.fixture
def db(tmp_path) -> FixtureDB:
    return FixtureDB(tmp_path / "s.duckdb")


def scores(db: FixtureDB, rules=None, year: int = 2025) -> pd.DataFrame:
    return score_year(db.commit(), year, rules).scores.set_index("member_id")


def days(n: int, month: int = 3) -> list[str]:
    return [f"2025-{month:02d}-{d:02d}" for d in range(1, n + 1)]


def events(db: FixtureDB, category: str, member: str, statuses) -> None:
    for date, status in zip(days(len(statuses)), statuses):
        db.event(category, date, {member: status})


# -- worked example ----------------------------------------------------------------------------
def worked_example(db: FixtureDB) -> None:
    db.member("A")
    db.member("B")
    db.event("plenary", "2025-01-10", {"A": "attend"})
    db.proposal(lead="A", filed=True)
    db.proposal(lead="B", cosigners=["A"], filed=False)
    db.sqmy(authors=["A"], adoption="省")
    events(db, "inspect_research", "A", ["attend"] * 3)
    for date in ("2025-04-01", "2025-04-02"):
        db.event("sector_group", date, {"A": "attend"})
    db.event("consult_thematic", "2025-05-01", {"A": "absent"})


def test_worked_example_gives_71_and_称职(db):
    worked_example(db)
    a = scores(db).loc["A"]
    assert a["total"] == 71.00 and a["tier"] == "称职"
    expected = {"plenary": 30, "proposal_lead": 15, "proposal_cosign": 0, "sqmy_submit": 5,
                "field": 9, "groups": 4, "bonus": 10, "deduction": -2, "adjustment": 0}
    assert {k: a[k] for k in expected} == expected


def test_other_numbers_change_the_scores(db):
    worked_example(db)
    rules = rules_with(**{"attend = 30": "attend = 20", "lead_filed": "lead_filed = 12",
                          "thresholds": 'thresholds = [["优秀", 90], ["良好", 75], ["称职", 70]]'})
    a = scores(db, rules).loc["A"]
    assert a["total"] == 71.00 - 10 - 3 and a["tier"] == "不称职"


def test_the_rule_set_saved_for_the_year_is_used_by_default(db):
    worked_example(db)
    save_rule_set(db.store, 2025, rules_with(**{"attend = 30": "attend = 20"}).toml, "办公室")
    assert scores(db).loc["A", "total"] == 61.00


# -- who is scored -----------------------------------------------------------------------------
def test_who_is_scored(db):
    db.member("IN")
    db.member("LEFT_BEFORE", status="辞去", change_date="2024-12-31")
    db.member("LEFT_DURING", status="调出", change_date="2025-06-30")
    db.member("LEFT_UNDATED", status="辞去")
    db.member("LEFT_AFTER", status="辞去", change_date="2026-02-01")
    db.member("JOINED_DURING", status="增补", change_date="2025-05-01")
    db.member("JOINED_BEFORE", status="增补", change_date="2024-03-01")
    db.member("JOINED_AFTER", status="增补", change_date="2026-01-05")
    db.member("OLD_TERM", term="十三届")
    marks = {m: "attend" for m in ("IN", "LEFT_DURING", "LEFT_AFTER", "JOINED_DURING",
                                   "LEFT_BEFORE", "OLD_TERM")}
    db.event("plenary", "2025-01-10", marks)
    s = scores(db)
    assert set(s.index) == {"IN", "LEFT_DURING", "LEFT_UNDATED", "LEFT_AFTER", "JOINED_DURING",
                            "JOINED_BEFORE"}
    left = s.loc["LEFT_DURING"]
    assert left["left_midyear"] and not left["ranked"]
    assert pd.isna(left["rank"]) and pd.isna(left["sector_rank"]) and left["tier"] is None
    assert left["warnings"] == [] and left["total"] == 30  # scored on the year's records
    assert s.loc["LEFT_UNDATED", "left_midyear"] and not s.loc["LEFT_UNDATED", "ranked"]
    assert s.loc["JOINED_DURING", "joined_midyear"] and s.loc["JOINED_DURING", "ranked"]
    assert not s.loc["JOINED_BEFORE", "joined_midyear"]
    assert s.loc["LEFT_AFTER", "ranked"] and not s.loc["LEFT_AFTER", "left_midyear"]
    ranked = s[s["ranked"]]
    assert sorted(ranked["rank"]) == [1, 1, 1, 4]  # IN, LEFT_AFTER, JOINED_DURING 30; JOINED_BEFORE 0
    assert list(s.index[-2:]) == ["LEFT_DURING", "LEFT_UNDATED"]  # not ranked: listed last


def test_pending_names_are_ignored_until_resolved(db):
    db.member("A", "王刚")
    db.event("plenary", "2025-01-10", {"A": "attend"})
    db.attend(None, "2025-03-01|x", "attend", category="consult_thematic", name="王钢")
    assert scores(db).loc["A", "consult"] == 0
    with db.store.write() as cur:
        cur.execute("INSERT INTO name_aliases VALUES ('王钢', '', 'A', now(), 't')")
    assert score_year(db.store, 2025).scores.set_index("member_id").loc["A", "consult"] == 4


# -- events ----------------------------------------------------------------------------------------
def test_plenary_points_are_shared_over_the_sittings(db):
    db.member("A")
    db.member("B")
    db.member("C")
    for date, a, b in (("2025-01-10", "attend", "attend"), ("2025-01-11", "leave", "attend"),
                       ("2025-01-12", "absent", "attend")):
        db.event("plenary", date, {"A": a, "B": b})
    db.event("plenary", "2025-01-12", {"C": "leave"})
    s = scores(db)
    assert (s.loc["A", "plenary"], s.loc["A", "deduction"]) == (10 + 5, -10)
    assert s.loc["B", "plenary"] == 30
    assert s.loc["C", "plenary"] == 15  # one sitting: simply 30 / 15 / -10


def test_plenary_share_rounds_and_provenance_adds_up(db):
    db.member("A")
    db.member("B")
    for i, date in enumerate(days(7, 1)):
        db.event("plenary", date, {"A": "attend" if i < 3 else "leave", "B": "absent"})
    result = score_year(db.commit(), 2025)
    s = result.scores.set_index("member_id")
    # 3 × 30/7 + 4 × 15/7 = 150/7 = 21.428… -> 21.43
    assert s.loc["A", "plenary"] == 21.43 and s.loc["A", "total"] == 21.43
    rows = result.provenance_of(["A"])
    assert list(rows["points"]) == [4.29, 4.29, 4.29, 2.14, 2.14, 2.14, 2.14]
    assert round(rows["points"].sum(), 2) == 21.43
    assert s.loc["B", "deduction"] == -70 and s.loc["B", "total"] == 0


def test_plenary_without_share_is_per_sitting_and_capped(db):
    db.member("A")
    for date in days(2, 1):
        db.event("plenary", date, {"A": "attend"})
    rules = rules_with(**{"share = true": "share = false"})
    assert scores(db, rules).loc["A", "plenary"] == 30  # 60 capped at 30


def test_a_member_listed_twice_counts_once_the_later_import_wins(db):
    db.member("A")
    db.member("B")
    db.attend("A", "ev1", "absent", category="consult_thematic", batch=1)
    db.attend("A", "ev1", "attend", category="consult_thematic", batch=2)
    db.attend("B", "ev1", "attend", category="consult_thematic", batch=1)
    db.attend("B", "ev1", "attend", category="consult_thematic", batch=1)
    s = scores(db)
    assert (s.loc["A", "consult"], s.loc["A", "deduction"]) == (4, 0)
    assert s.loc["B", "consult"] == 4


def test_late_is_attend_plus_late_early(db):
    db.member("A")
    db.event("consult_thematic", "2025-03-01", {"A": "late"})
    db.event("study", "2025-03-02", {"A": "leave"})
    s = scores(db).loc["A"]
    assert (s["consult"], s["study"], s["deduction"]) == (4, 0, -1)


def test_blank_cell_is_not_invited_so_no_absence(db):
    db.member("A")
    db.member("B")
    db.event("inspect_research", "2025-03-01", {"A": "attend"})
    s = scores(db)
    assert s.loc["B", "deduction"] == 0 and s.loc["B", "field"] == 0


# -- caps ------------------------------------------------------------------------------------------
def cap_fixture(db: FixtureDB, group: str) -> None:
    db.member("A", standing=True)
    per_event = {"standing": ("standing", 5), "consult": ("consult_thematic", 6),
                 "field": ("inspect_research", 7), "study": ("study", 6),
                 "training": ("training", 3), "groups": ("liaison_group", 6),
                 "service": ("public_service", 6)}
    if group in per_event:
        category, n = per_event[group]
        events(db, category, "A", ["attend"] * n)
    elif group == "proposal_lead":
        for _ in range(3):
            db.proposal(lead="A", filed=True)
    elif group == "proposal_not_filed":
        for _ in range(3):
            db.proposal(lead="A", filed=False)
    elif group == "proposal_cosign":
        db.member("B")
        for _ in range(4):
            db.proposal(lead="B", cosigners=["A"], filed=True)
    elif group == "sqmy_submit":
        for _ in range(4):
            db.sqmy(authors=["A"])
    elif group == "speech":
        for _ in range(3):
            db.speech("A", form="口头")
    elif group == "writing":
        for _ in range(4):
            db.other("A", "writing")
    elif group == "commendation":
        db.other("A", "commendation", level="全国")
        db.other("A", "commendation", level="省")
    elif group == "duty_report":
        db.report("A")


CAPPED = {"standing": (15, 12), "consult": (24, 20), "field": (21, 20), "study": (12, 10),
          "training": (15, 10), "groups": (12, 10), "service": (12, 10),
          "proposal_lead": (45, 30), "proposal_not_filed": (9, 6), "proposal_cosign": (12, 9),
          "sqmy_submit": (20, 15), "speech": (18, 15), "writing": (8, 6), "commendation": (18, 10),
          "duty_report": (5, 5)}


@pytest.mark.parametrize("group", sorted(CAPPED))
def test_each_cap(db, group):
    cap_fixture(db, group)
    before, after = CAPPED[group]
    result = score_year(db.commit(), 2025)
    a = result.scores.set_index("member_id").loc["A"]
    assert a[group] == after and a["total"] == after
    rows = result.provenance_of(["A"])
    rows = rows[rows["column"] == group]
    assert rows["points_before"].sum() == before and round(rows["points"].sum(), 2) == after


def test_cap_is_filled_in_date_order(db):
    db.member("A")
    events(db, "consult_thematic", "A", ["attend"] * 6)
    rows = score_year(db.commit(), 2025).provenance_of(["A"])
    assert list(rows["points"]) == [4, 4, 4, 4, 4, 0]
    assert list(rows["date"].dt.day) == [1, 2, 3, 4, 5, 6]


def test_cap_on_positive_points_only_deductions_apart(db):
    db.member("A")
    events(db, "consult_thematic", "A", ["attend"] * 6 + ["absent"] * 2)
    a = scores(db).loc["A"]
    assert (a["consult"], a["deduction"], a["total"]) == (20, -4, 16)


def test_public_service_duties_share_the_service_cap_with_events(db):
    db.member("A")
    events(db, "public_service", "A", ["attend"] * 4)
    db.other("A", "public_service")
    db.other("A", "public_service")
    db.other("B", "public_service")  # someone else
    assert scores(db).loc["A", "service"] == 10  # 8 + 4 capped


def test_bonuses_and_adjustments_are_never_capped(db):
    db.member("A")
    for _ in range(3):
        db.proposal(lead="A", filed=True, key=True, excellent=True)
    db.adjust("A", 25)
    db.adjust("A", -3, reason="违反会风会纪")
    a = scores(db).loc["A"]
    assert (a["proposal_lead"], a["bonus"], a["adjustment"]) == (30, 60, 22)
    assert a["total"] == 112


# -- proposals -------------------------------------------------------------------------------------
def test_proposal_points_by_role_and_outcome(db):
    for m in "ABCD":
        db.member(m)
    db.proposal(lead="A", cosigners=["B"], filed=True)
    db.proposal(lead="C", cosigners=["D"], filed=False, outcome="转意见建议")
    s = scores(db)
    assert s.loc["A", "proposal_lead"] == 15 and s.loc["B", "proposal_cosign"] == 3
    assert s.loc["C", "proposal_not_filed"] == 3 and s.loc["C", "proposal_lead"] == 0
    assert s.loc["D", "proposal_cosign"] == 0 and s.loc["D", "total"] == 0


def test_key_and_excellent_bonuses_whatever_the_outcome(db):
    db.member("A")
    db.member("B")
    db.proposal(lead="A", cosigners=["B"], filed=False, key=True)
    db.proposal(lead="A", cosigners=["B"], filed=True, excellent=True)
    s = scores(db)
    assert (s.loc["A", "proposal_not_filed"], s.loc["A", "proposal_lead"], s.loc["A", "bonus"]) == (3, 15, 20)
    assert (s.loc["B", "proposal_cosign"], s.loc["B", "bonus"]) == (3, 3 + 2)


def test_a_member_named_twice_on_a_proposal_counts_once_as_lead(db):
    db.member("A")
    rec = db.proposal(lead="A", filed=True)
    db._rows["proposal_people"].append(dict(rec_id=rec, position=5, role="cosign",
                                            source_column="联名人", member_id="A", name="委员A",
                                            sector_hint=None))
    a = scores(db).loc["A"]
    assert (a["proposal_lead"], a["proposal_cosign"]) == (15, 0)


def test_collective_proposal_credits_its_writers_as_leads(db):
    db.member("W1")
    db.member("W2")
    db.member("X")
    db.sqmy(authors=["X"])
    db.proposal(collective=True, writers=["W1", "W2"], filed=True)
    db.proposal(collective=True, writers=[], filed=True)  # no member named: nobody credited
    s = scores(db)
    assert s.loc["W1", "proposal_lead"] == 15 and s.loc["W2", "proposal_lead"] == 15
    assert s.loc["X", "proposal_lead"] == 0


# -- 社情民意 ----------------------------------------------------------------------------------------
def test_sqmy_first_author_and_co_author_share(db):
    for m in "ABC":
        db.member(m)
    db.sqmy(authors=["A", "B"], adoption="省", instruction="国家")
    db.sqmy(authors=["C"], adoption=None)
    s = scores(db)
    assert (s.loc["A", "sqmy_submit"], s.loc["A", "bonus"]) == (5, 10 + 30)
    assert (s.loc["B", "sqmy_submit"], s.loc["B", "bonus"]) == (2.5, 5 + 15)
    assert (s.loc["C", "sqmy_submit"], s.loc["C", "bonus"]) == (5, 0)


def test_co_author_share_counts_toward_own_submit_cap(db):
    db.member("A")
    db.member("B")
    for _ in range(3):
        db.sqmy(authors=["A"])
    db.sqmy(authors=["B", "A"])
    for _ in range(7):
        db.sqmy(authors=["A", "B"])
    s = scores(db)
    assert s.loc["A", "sqmy_submit"] == 15   # 3×5 + 2.5 + 7×5 -> 15
    assert s.loc["B", "sqmy_submit"] == 15   # 5 + 7×2.5 = 22.5 -> 15


def test_sqmy_first_name_pending_makes_members_co_authors(db):
    db.member("A")
    db.sqmy(authors=[None, "A"], adoption="市")
    a = scores(db).loc["A"]
    assert (a["sqmy_submit"], a["bonus"]) == (2.5, 2.5)


# -- speeches, reports, other duties ---------------------------------------------------------------------
def test_speeches(db):
    db.member("A")
    db.speech("A", form="口头")
    db.speech("A", form="书面")
    assert scores(db).loc["A", "speech"] == 9


def test_duty_report_and_standing_deduction_when_the_list_was_imported(db):
    db.member("S1", standing=True)
    db.member("S2", standing=True)
    db.member("S3", standing=True)
    db.member("M1")
    db.member("M2")
    db.report("S1")
    db.report("S2", submitted=False)
    db.report("M1")
    result = score_year(db.commit(), 2025)
    s = result.scores.set_index("member_id")
    assert (s.loc["S1", "duty_report"], s.loc["S1", "deduction"]) == (5, 0)
    assert (s.loc["S2", "duty_report"], s.loc["S2", "deduction"]) == (0, -5)
    assert (s.loc["S3", "duty_report"], s.loc["S3", "deduction"]) == (0, -5)
    assert (s.loc["M1", "duty_report"], s.loc["M2", "deduction"]) == (5, 0)
    s3 = result.provenance_of(["S3"])
    assert list(s3["item"]) == ["duty_report.standing_missing"]
    assert s3["source"].iloc[0] == "members" and s3["source_file"].iloc[0] == "委员名册.xlsx"


def test_no_report_list_no_standing_deduction(db):
    db.member("S1", standing=True)
    db.report("S1", year=2024)  # another year's list
    s = scores(db).loc["S1"]
    assert (s["duty_report"], s["deduction"]) == (0, 0)


def test_other_duties(db):
    db.member("A")
    db.other("A", "writing")
    db.other("A", "commendation", level="市")
    db.other("A", "commendation", level="区")  # unknown level: 0
    a = scores(db).loc["A"]
    assert (a["writing"], a["commendation"]) == (2, 5)


# -- total, rounding, ranks ------------------------------------------------------------------------------
def test_total_is_floored_at_zero(db):
    db.member("A")
    db.event("plenary", "2025-01-10", {"A": "absent"})
    db.adjust("A", 4)
    result = score_year(db.commit(), 2025)
    a = result.scores.set_index("member_id").loc["A"]
    assert a["total"] == 0 and a["deduction"] == -10 and a["adjustment"] == 4
    assert round(result.provenance_of(["A"])["points"].sum(), 2) == -6


def test_total_rounds_half_up_not_to_even(db):
    db.member("A")
    db.member("B")
    db.sqmy(authors=["B", "A"])
    rules = rules_with(**{"submit = 5": "submit = 0.25"})  # co-author: 0.125
    assert scores(db, rules).loc["A", "total"] == 0.13


def test_competition_ranks_with_ties_overall_and_within_sector(db):
    for m, sector, n in (("A", "科协", 5), ("B", "工会", 4), ("C", "科协", 4), ("D", "科协", 3)):
        db.member(m, sector=sector)
        events(db, "consult_thematic", m, ["attend"] * n)
    s = scores(db)
    assert list(s["rank"]) == [1, 2, 2, 4]
    assert dict(s["sector_rank"]) == {"A": 1, "B": 1, "C": 2, "D": 3}
    assert list(s.index) == ["A", "B", "C", "D"]


# -- tiers -------------------------------------------------------------------------------------------------
def tiered(db: FixtureDB, member: str, total: int, *, plenary_absent: bool = False,
           proposal: bool = True) -> None:
    """A member with ``total`` points from adjustments (and optionally a plenary absence
    made up by an adjustment, and a not-filed co-signed proposal worth 0)."""
    db.member(member)
    if proposal:
        db.member(member + "L")
        db.proposal(lead=member + "L", cosigners=[member], filed=False)
    if plenary_absent:
        db.event("plenary", "2025-01-10", {member: "absent"})
        total += 10
    db.adjust(member, total)


def test_tier_thresholds(db):
    for m, total in (("T90", 90), ("T75", 75), ("T60", 60), ("T59", 59)):
        tiered(db, m, total)
    s = scores(db)
    assert [s.loc[m, "tier"] for m in ("T90", "T75", "T60", "T59")] == ["优秀", "良好", "称职", "不称职"]


def test_plenary_absence_caps_the_tier(db):
    tiered(db, "HIGH", 95, plenary_absent=True)
    tiered(db, "LOW", 50, plenary_absent=True)
    s = scores(db)
    assert s.loc["HIGH", "total"] == 95 and s.loc["HIGH", "tier"] == "称职"
    assert s.loc["LOW", "tier"] == "不称职"


def test_no_proposal_and_no_sqmy_gives_the_lowest_tier(db):
    tiered(db, "NONE", 95, proposal=False)
    tiered(db, "COSIGN", 95)
    db.member("SQ")
    db.member("SQ2")
    db.sqmy(authors=["SQ2", "SQ"])
    db.adjust("SQ", 95)
    s = scores(db)
    assert s.loc["NONE", "tier"] == "不称职"
    assert s.loc["COSIGN", "tier"] == "优秀" and s.loc["SQ", "tier"] == "优秀"
    rules = rules_with(require_proposal_or_sqmy="require_proposal_or_sqmy = false")
    assert score_year(db.store, 2025, rules).scores.set_index("member_id").loc["NONE", "tier"] == "优秀"


def test_excellent_quota_keeps_the_first_and_drops_the_rest_one_tier(db):
    # 7 ranked members, quota 0.5 -> floor(3.5) = 3 keep 优秀 of the 4 in it
    for m, adjustment in (("A", 94), ("B", 85), ("C", 80), ("D", 92), ("E", 45), ("F", 35)):
        db.member(m)
        db.adjust(m, adjustment)
    db.member("L")
    db.sqmy(authors=["A"])                     # A 99 = 94 + 5
    db.sqmy(authors=["B"], adoption="市")       # B 95 = 85 + 5 + 5
    db.proposal(lead="C", filed=True)          # C 95 = 80 + 15
    db.proposal(lead="D", filed=False)         # D 95 = 92 + 3
    db.sqmy(authors=["E"])
    db.sqmy(authors=["F"])
    rules = rules_with(excellent_quota="excellent_quota = 0.5")
    s = scores(db, rules)
    assert list(s.loc[["A", "B", "C", "D"], "total"]) == [99, 95, 95, 95]
    # A (99); then C (one filed proposal led); then B (one adopted 社情民意); D drops
    assert dict(s["tier"]) == {"A": "优秀", "C": "优秀", "B": "优秀", "D": "良好", "E": "不称职",
                               "F": "不称职", "L": "不称职"}


def test_excellent_quota_last_tie_break_is_member_id(db):
    for m in ("M2", "M1", "M3"):
        db.member(m)
        db.sqmy(authors=[m])
        db.adjust(m, 90)
    rules = rules_with(excellent_quota="excellent_quota = 0.34")  # floor(1.02) = 1
    s = scores(db, rules)
    assert dict(s["tier"]) == {"M1": "优秀", "M2": "良好", "M3": "良好"}


# -- explain ---------------------------------------------------------------------------------------------------
def test_explain_lines_add_up_and_name_their_sources(db):
    worked_example(db)
    expl = explain(db.commit(), 2025, "委员A")
    assert expl.score["member_id"] == "A" and expl.score["total"] == 71
    assert round(expl.lines["points"].sum(), 2) == 71
    assert set(expl.lines["source_file"]) == {"attendance.xlsx", "proposals.xlsx", "sqmy.xlsx"}
    text = expl.text()
    assert "总分 71.00" in text and "sqmy.adopt.省" in text and "第" in text
    with pytest.raises(ValueError, match="没有"):
        explain(db.store, 2025, "查无此人")


def test_columns_add_up_to_the_half_up_total_by_largest_remainder(db):
    db.member("A")
    db.member("B")
    db.sqmy(authors=["B", "A"], adoption="市")
    rules = rules_with(**{"coauthor_share": "coauthor_share = 0.333", "submit = 5": "submit = 4.5"})
    result = score_year(db.commit(), 2025, rules)
    a = result.scores.set_index("member_id").loc["A"]
    # exact: submit 1.4985 + adoption 1.665 = 3.1635 -> total 3.16; the cent left after
    # flooring both columns goes to the larger remainder (submit .85 > adoption .5)
    assert (a["total"], a["sqmy_submit"], a["bonus"]) == (3.16, 1.50, 1.66)
    assert round(result.provenance_of(["A"])["points"].sum(), 2) == 3.16
