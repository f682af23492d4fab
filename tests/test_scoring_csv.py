"""The score CSV (docs/命令行.md, score): BOM, column order, two decimals, empty rank/tier when not
ranked, warnings with their reasons."""
from __future__ import annotations

import csv
import io
import re

from metrics.rules import DEFAULT_RULES_PATH, default_rules, parse_rules
from metrics.score_csv import FIXED_COLUMNS, PUBLISHED_COLUMN, score_csv, two_decimals, write_score_csv
from metrics.scoring import score_year
from tests.scoring_fixtures import FixtureDB


def city(tmp_path) -> FixtureDB:
    db = FixtureDB(tmp_path / "c.duckdb")
    db.member("B2", "乙", standing=True, committee="提案委员会", activity_group="第一组",
              liaison_group="城关区联络组", party="民盟")
    db.member("A1", "甲", party=None)
    db.member("C3", "丙", status="辞去", change_date="2025-07-01")
    db.member("D4", "丁", sector="工会")
    db.event("plenary", "2025-01-10", {"B2": "attend", "A1": "attend", "C3": "attend", "D4": "absent"})
    db.proposal(lead="B2", cosigners=["A1"], filed=True)
    db.sqmy(authors=["D4", "A1"])
    db.proposal(lead="A1", filed=True)
    return db


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_layout(tmp_path):
    result = score_year(city(tmp_path).commit(), 2025)
    text = score_csv(result)
    assert text.startswith("\ufeff")
    header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    caps = [g for g, _ in default_rules().caps]
    assert header == [*FIXED_COLUMNS, *caps, "bonus", "deduction", "adjustment", PUBLISHED_COLUMN]
    table = rows(text)
    assert [r["member_id"] for r in table] == ["A1", "B2", "D4", "C3"]
    a1, b2, d4, c3 = table
    assert a1["total"] == "50.50" and a1["rank"] == "1" and a1["tier"] == "不称职"
    assert a1["sqmy_submit"] == "2.50" and a1["proposal_cosign"] == "3.00" and a1["party"] == ""
    assert b2["is_standing"] == "1" and a1["is_standing"] == "0"
    assert b2["committee"] == "提案委员会" and b2["liaison_group"] == "城关区联络组"
    assert d4["deduction"] == "-10.00" and d4["sector_rank"] == "1"
    assert d4["warnings"] == "约谈（本年考评为不称职，全年未参加任何活动）；通报批评（本届全会无故缺席1次）"
    assert (c3["rank"], c3["sector_rank"], c3["tier"], c3["warnings"]) == ("", "", "", "")
    assert c3["total"] == "30.00"
    for r in table:
        parts = sum(float(r[c]) for c in header[len(FIXED_COLUMNS):-1])
        assert r[PUBLISHED_COLUMN] == "未审定（结果随导入变化）"
        assert round(max(parts, 0), 2) == float(r["total"])


def test_csv_columns_follow_the_rule_files_caps_order(tmp_path):
    text = DEFAULT_RULES_PATH.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^plenary = 30\n", "", text)
    text = re.sub(r"(?m)^commendation = 10$", "commendation = 10\nplenary = 30", text)
    rules = parse_rules(text)
    result = score_year(city(tmp_path).commit(), 2025, rules)
    header = next(csv.reader(io.StringIO(score_csv(result).lstrip("\ufeff"))))
    assert header[len(FIXED_COLUMNS):][-6:] == ["commendation", "plenary", "bonus", "deduction",
                                                "adjustment", PUBLISHED_COLUMN]


def test_write_score_csv_writes_utf8_with_bom(tmp_path):
    result = score_year(city(tmp_path).commit(), 2025)
    out = tmp_path / "s.csv"
    write_score_csv(result, out)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "甲".encode() in data
    buffer = io.BytesIO()
    write_score_csv(result, buffer)
    assert buffer.getvalue() == data


def test_two_decimals():
    assert [two_decimals(x) for x in (0.0, 2.5, -5.0, 12.86, 0.13, 145.0)] == [
        "0.00", "2.50", "-5.00", "12.86", "0.13", "145.00"]


def test_text_that_starts_like_a_formula_is_written_as_text(with_roster, tmp_path):
    """Group and committee names from a real roster that Excel would run as formulas get a
    leading apostrophe; amounts stay numbers (a deduction is «-…»)."""
    import xlsxwriter

    from data.importer import import_file
    from tests.conftest import ROSTER_HEADER, write_xlsx

    hostile = {"界别活动组": '=HYPERLINK("http://evil.example","点此")', "专门委员会": "@SUM(1+1)*cmd|' /C calc'!A0",
               "所属联络组": "+cmd|' /C calc'!A0", "所属界别": "-2+3"}
    row = [7, "A07", "孙立", "男", "民建", "民建", "委员", "经济委员会", "第一组", "城关区联络组", "十四届"]
    for column, value in hostile.items():
        row[ROSTER_HEADER.index(column)] = value
    roster = tmp_path / "委员名册-增补.xlsx"
    with xlsxwriter.Workbook(roster) as book:  # text cells, as an office system writes them
        sheet = book.add_worksheet("名册")
        for r, values in enumerate([ROSTER_HEADER, row]):
            for c, value in enumerate(values):
                sheet.write_string(r, c, str(value))
    assert import_file(with_roster, roster).status == "imported"
    attendance = write_xlsx(tmp_path / "2025年出勤.xlsx", {"出勤": [["活动名称", "日期", "姓名", "出勤"],
                                                                   ["视察", "2025-05-01", "孙立", "缺席"],
                                                                   ["视察", "2025-05-01", "王刚", "出席"]]})
    assert import_file(with_roster, attendance).status == "imported"
    [sun] = [r for r in rows(score_csv(score_year(with_roster, 2025))) if r["member_id"] == "A07"]
    assert sun["activity_group"] == "'" + hostile["界别活动组"]
    assert sun["committee"] == "'" + hostile["专门委员会"]
    assert sun["liaison_group"] == "'" + hostile["所属联络组"]
    assert sun["sector"] == "'-2+3"
    assert sun["name"] == "孙立" and re.fullmatch(r"-?\d+\.\d\d", sun["total"])
    assert not any(v.startswith(("=", "+", "@", "\t", "\r")) for r in rows(score_csv(score_year(with_roster, 2025)))
                   for v in r.values())
