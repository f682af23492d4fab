"""Every error class rejects the whole file, names sheet, row, column and value, and
leaves every table's content exactly as it was. An unknown value in a coded column is not
an error but a question: the file waits, unchanged, until the clerk says what it means."""
from __future__ import annotations

import pytest

from data import taught
from data.importer import import_file
from tests.conftest import write_xlsx

GOOD_ROW = ["视察", "2025-05-01", "王刚", "出席"]
HEADER = ["活动名称", "日期", "姓名", "出勤"]

# (case, sheets, expected (sheet, row, column fragment, value, expected fragment))
CASES = [
    ("blank mark in long layout", {"出勤": [HEADER, GOOD_ROW, ["视察", "2025-05-01", "李春", None]]},
     ("出勤", 3, "D 列（出勤）", "", "出勤标记")),
    ("unreadable date", {"出勤": [HEADER, GOOD_ROW, ["视察", "上周五", "李春", "出席"]]},
     ("出勤", 3, "B 列（日期）", "上周五", "日期")),
    ("impossible date", {"出勤": [HEADER, GOOD_ROW, ["视察", "2025-02-30", "李春", "出席"]]},
     ("出勤", 3, "B 列（日期）", "2025-02-30", "不存在")),
    ("required column missing", {"出勤": [["活动名称", "日期", "姓名"], ["视察", "2025-05-01", "王刚"]]},
     ("出勤", 1, "", "出勤", "必需列")),
    ("number that is not one", {"加减分": [["姓名", "分值", "事由"], ["王刚", "五分", "奖励"]]},
     ("加减分", 2, "B 列（分值）", "五分", "数值")),
    # without a 级别 column at all the check warns instead (vocab.ABSENT_COLUMN_NOTES)
    ("commendation without level", {"s": [["姓名", "类别", "日期", "级别"], ["王刚", "表彰", "2025-01-01", None]]},
     ("s", 2, "D 列（级别）", "", "表彰级别")),
    ("blank required cell", {"提案": [["案由", "提案人"], ["", "王刚"]]},
     ("提案", 2, "A 列（案由）", "", "非空")),
]


@pytest.mark.parametrize("case,sheets,expected", CASES, ids=[c[0] for c in CASES])
def test_error_rejects_file_names_location_and_changes_nothing(with_roster, tmp_path, case, sheets, expected):
    before = with_roster.table_contents()
    path = write_xlsx(tmp_path / "2025年坏文件.xlsx", sheets)
    outcome = import_file(with_roster, path)
    assert outcome.status == "rejected"
    sheet, row, column, value, fragment = expected
    match = [e for e in outcome.errors if e.sheet == sheet and e.row == row and column in e.column
             and e.value == value and fragment in e.expected]
    assert match, [e.message() for e in outcome.errors]
    message = match[0].message()
    assert f"工作表「{sheet}」" in message and (f"第 {row} 行" in message) and fragment in message
    assert with_roster.table_contents() == before


def test_every_error_of_a_file_is_listed(with_roster, tmp_path):
    rows = [HEADER, ["视察", "昨天", "王刚", "出席"], ["视察", "2025-05-01", "王刚", None], GOOD_ROW]
    outcome = import_file(with_roster, write_xlsx(tmp_path / "2025年x.xlsx", {"s": rows}))
    assert [(e.row, e.column[0]) for e in outcome.errors] == [(2, "B"), (3, "D")]


def test_one_bad_sheet_rejects_the_good_sheets_too(with_roster, tmp_path):
    before = with_roster.table_contents()
    sheets = {"好": [HEADER, GOOD_ROW], "坏": [HEADER, ["视察", "上周", "王刚", "出席"]]}
    outcome = import_file(with_roster, write_xlsx(tmp_path / "2025年x.xlsx", sheets))
    assert outcome.status == "rejected"
    assert with_roster.table_contents() == before


def test_unreadable_file(with_roster, tmp_path):
    before = with_roster.table_contents()
    path = tmp_path / "2025年提案.xlsx"
    path.write_bytes(b"this is not a workbook")
    outcome = import_file(with_roster, path)
    assert outcome.status == "rejected"
    assert "Excel" in outcome.errors[0].expected
    assert with_roster.table_contents() == before


def test_file_with_no_known_sheet(with_roster, tmp_path):
    outcome = import_file(with_roster, write_xlsx(tmp_path / "x.xlsx", {"s": [["甲", "乙"], [1, 2]]}))
    assert outcome.status == "rejected"
    assert "可识别的工作表" in outcome.errors[0].message()


def test_no_year_anywhere_for_month_day_dates(with_roster, tmp_path):
    outcome = import_file(with_roster, write_xlsx(tmp_path / "活动.xlsx", {"s": [HEADER, ["视察", "3月5日", "王刚", "到"]]}))
    assert outcome.status == "rejected"
    assert "年份" in outcome.errors[0].expected


# (case, sheets, the cell (sheet, row, column fragment, value), (domain, the clerk's answer))
QUESTION_CASES = [
    ("bad mark", {"出勤": [HEADER, GOOD_ROW, ["视察", "2025-05-01", "李春", "来了"]]},
     ("出勤", 3, "D 列（出勤）", "来了"), ("mark", "attend")),
    ("bad matrix mark", {"矩阵": [["姓名", "3月5日 视察", "3月6日 调研"], ["王刚", "到", "?"]]},
     ("矩阵", 2, "C 列（3月6日 调研）", "?"), ("mark", "absent")),
    ("bad yes/no", {"提案": [["案由", "提案人", "重点提案"], ["关于一", "王刚", "也许"]]},
     ("提案", 2, "C 列（重点提案）", "也许"), ("yes_no", "否")),
    ("unknown proposal outcome", {"提案": [["案由", "提案人", "立案情况"], ["关于一", "王刚", "待定"]]},
     ("提案", 2, "C 列（立案情况）", "待定"), ("outcome", "立案")),
    ("unknown adoption level", {"s": [["标题", "报送人", "采用情况"], ["关于一", "王刚", "已采用"]]},
     ("s", 2, "C 列（采用情况）", "已采用"), ("adoption", "市")),
    ("unknown other-duty category", {"s": [["姓名", "类别", "日期"], ["王刚", "跑步", "2025-01-01"]]},
     ("s", 2, "B 列（类别）", "跑步"), ("other_category", "公益")),
    ("unknown category code", {"出勤": [HEADER + ["类别"], GOOD_ROW + ["茶话会"]]},
     ("出勤", 2, "E 列（类别）", "茶话会"), ("category", "study")),
    ("roster status", {"名册": [["姓名", "界别", "状态"], ["孙悟空", "科协", "退休"]]},
     ("名册", 2, "C 列（状态）", "退休"), ("member_status", "调出")),
]


@pytest.mark.parametrize("case,sheets,cell,answer", QUESTION_CASES, ids=[c[0] for c in QUESTION_CASES])
def test_unknown_value_is_a_question_then_imports_once_answered(with_roster, tmp_path, case, sheets, cell, answer):
    before = with_roster.table_contents()
    path = write_xlsx(tmp_path / "2025年待确认.xlsx", sheets)
    outcome = import_file(with_roster, path)
    assert outcome.status == "questions" and not outcome.errors
    sheet, row, column, value = cell
    [question] = outcome.questions
    assert (question.domain, question.value) == (answer[0], value)
    assert [(s, r) for s, r, _ in question.cells] == [(sheet, row)] and column in question.cells[0][2]
    assert with_roster.table_contents() == before
    taught.teach(with_roster, [(answer[0], value, answer[1])], user="办公室")
    again = import_file(with_roster, path)
    assert again.status == "imported", again.summary()
