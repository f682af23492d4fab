"""Rows of one identity inside one file, read as a clerk reads them: two awards are two
records; a row written twice is one record, said with its rows; two rows that contradict
each other are an error naming both — never the last one silently."""
from __future__ import annotations

from data.importer import import_file
from tests.conftest import write_xlsx

ATTENDANCE = ["活动名称", "日期", "姓名", "出勤"]


def test_two_approved_awards_are_two_records_and_reimport_changes_nothing(with_roster, tmp_path):
    rows = [["姓名", "分值", "事由", "日期"], ["王刚", 5, "市级表彰", "2025-05-01"], ["王刚", 5, "市级表彰", "2025-05-01"]]
    path = write_xlsx(tmp_path / "2025年加减分.xlsx", {"s": rows})
    outcome = import_file(with_roster, path)
    assert outcome.new == 2
    assert outcome.sheets[0].notes == ["第 3 行与工作表「s」第 2 行内容相同，按两条记录分别计分（加减分、其他履职中两行是两件事）；"
                                       "如是重复填写，请删去其中一行后重新导入"]
    assert with_roster.rows("SELECT sum(points)::INTEGER FROM cur_adjustments") == [(10,)]
    assert import_file(with_roster, path).status == "unchanged"


def test_a_row_written_twice_is_one_record_with_both_rows_said(with_roster, tmp_path):
    rows = [ATTENDANCE, ["视察", "2025-05-01", "王刚", "出席"], ["视察", "2025-05-01", "王 刚", "√"]]
    outcome = import_file(with_roster, write_xlsx(tmp_path / "2025年出勤.xlsx", {"出勤": rows}))
    assert outcome.new == 1
    assert "第 3 行与工作表「出勤」第 2 行是同一条记录，只计一次" in outcome.sheets[0].notes


def test_one_member_with_two_marks_at_one_event_is_an_error_naming_both_rows(with_roster, tmp_path):
    before = with_roster.table_contents()
    rows = [ATTENDANCE, ["视察", "2025-05-01", "王刚", "出席"], ["视察", "2025-05-01", "王刚", "缺席"]]
    outcome = import_file(with_roster, write_xlsx(tmp_path / "2025年出勤.xlsx", {"出勤": rows}))
    assert outcome.status == "rejected" and with_roster.table_contents() == before
    [error] = outcome.errors
    assert (error.sheet, error.row) == ("出勤", 3) and "第 2 行" in error.expected and "同一活动" in error.expected


def test_one_number_on_two_proposals_is_an_error(with_roster, tmp_path):
    rows = [["提案号", "案由", "提案人"], ["1", "关于甲", "王刚"], ["1", "关于乙", "李春"]]
    outcome = import_file(with_roster, write_xlsx(tmp_path / "2025年提案.xlsx", {"提案": rows}))
    assert outcome.status == "rejected" and outcome.errors[0].row == 3 and "第 2 行" in outcome.errors[0].expected


def test_one_code_on_two_people_is_an_error(store, tmp_path):
    rows = [["编号", "姓名", "界别"], ["X1", "张三", "经济界"], ["X1", "李四", "教育界"]]
    outcome = import_file(store, write_xlsx(tmp_path / "委员名册.xlsx", {"名册": rows}))
    assert outcome.status == "rejected" and "同一位委员" in outcome.errors[0].expected


def test_the_same_event_column_twice_with_two_marks_is_an_error(with_roster, tmp_path):
    rows = [["姓名", "3月5日 视察", "3月5日 视察 "], ["王刚", "√", "×"]]
    outcome = import_file(with_roster, write_xlsx(tmp_path / "2025年出勤.xlsx", {"出勤": rows}))
    assert outcome.status == "rejected"
    assert any(e.row == 2 and "同一行的两列" in e.expected for e in outcome.errors), [e.message() for e in outcome.errors]
