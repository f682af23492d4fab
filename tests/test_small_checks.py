"""The smaller promises of a careful reading: hidden rows (.xlsx and .xls) are read and said; a string that
cannot be a person's name is a cell error; a 分值 keeps its decimals or is refused, never
rounded; a Unicode minus is a minus."""
from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from data.importer import import_file
from reading import vocab
from tests.conftest import write_xlsx

ADJUSTMENTS = ["姓名", "分值", "事由", "日期"]


def test_hidden_rows_are_read_and_the_check_says_so(with_roster, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["活动名称", "日期", "姓名", "出勤"], ["视察", "2025-05-01", "王刚", "出席"],
                ["视察", "2025-05-01", "李春", "请假"]]:
        sheet.append(row)
    sheet.row_dimensions[3].hidden = True
    book.save(tmp_path / "2025年出勤.xlsx")
    outcome = import_file(with_roster, tmp_path / "2025年出勤.xlsx")
    assert outcome.status == "imported" and outcome.new == 2
    assert "第 3 行在 Excel 中是隐藏行，已照常读取" in outcome.sheets[0].notes


def test_hidden_rows_of_an_xls_are_read_and_the_check_says_so(with_roster, tmp_path):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("出勤")
    rows = [["活动名称", "日期", "姓名", "出勤"], ["视察", "2025-05-01", "王刚", "出席"], ["视察", "2025-05-01", "李春", "请假"],
            ["调研", "2025-06-01", "王刚", "出席"]]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    sheet.row(2).hidden = True
    sheet.row(3).hidden = True
    book.save(str(tmp_path / "2025年出勤.xls"))
    outcome = import_file(with_roster, tmp_path / "2025年出勤.xls")
    assert outcome.status == "imported" and outcome.new == 3
    assert "第 3、4 行在 Excel 中是隐藏行，已照常读取" in outcome.sheets[0].notes


@pytest.mark.parametrize("name", ["12345", "——", "…", "王" * 21])
def test_a_string_that_cannot_name_a_person_is_a_cell_error(with_roster, tmp_path, name):
    path = write_xlsx(tmp_path / "2025年加减分.xlsx", {"s": [ADJUSTMENTS, [name, 5, "表彰", "2025-05-01"]]})
    outcome = import_file(with_roster, path)
    assert outcome.status == "rejected"
    [error] = outcome.errors
    assert (error.row, error.column, error.value) == (2, "A 列（姓名）", name)
    assert error.expected == vocab.CHECK_MESSAGES["not_a_name"].format(longest=vocab.MAX_NAME_LENGTH)


def test_a_long_name_of_a_body_is_no_person_but_no_error_either(with_roster, tmp_path):
    unit = "中国民主建国会云溪市委员会机关第一支部委员会"
    path = write_xlsx(tmp_path / "2025年提案.xlsx", {"s": [["案由", "提案人"], ["关于一", unit]]})
    assert import_file(with_roster, path).status == "imported"


@pytest.mark.parametrize("written,points", [("−5", Decimal("-5")), ("加2.5分", Decimal("2.5")), (0.1 + 0.2, Decimal("0.3")),
                                            ("-1.25", Decimal("-1.25"))])
def test_points_as_written(with_roster, tmp_path, written, points):
    path = write_xlsx(tmp_path / "2025年加减分.xlsx", {"s": [ADJUSTMENTS, ["王刚", written, "表彰", "2025-05-01"]]})
    assert import_file(with_roster, path).status == "imported"
    assert with_roster.rows("SELECT points FROM cur_adjustments") == [(points,)]


@pytest.mark.parametrize("written", ["2.675", 1.005, "加0.125分"])
def test_points_with_three_decimals_are_refused_not_rounded(with_roster, tmp_path, written):
    path = write_xlsx(tmp_path / "2025年加减分.xlsx", {"s": [ADJUSTMENTS, ["王刚", written, "表彰", "2025-05-01"]]})
    outcome = import_file(with_roster, path)
    assert outcome.status == "rejected"
    assert outcome.errors[0].expected == vocab.CHECK_MESSAGES["points_decimals"]


def test_an_error_names_the_value_as_typed(with_roster, tmp_path):
    path = write_xlsx(tmp_path / "2025年加减分.xlsx", {"s": [ADJUSTMENTS, ["王刚", "五分", "表彰", "２０２５年１３月１日"]]})
    outcome = import_file(with_roster, path)
    assert {e.value for e in outcome.errors} == {"五分", "２０２５年１３月１日"}  # full-width, as the clerk typed
