"""A year means what it says (issue 13, items 3 and 5): a record belongs to the year its file
states; an activity's date lies in that year, a date of handing in or approval may fall in
the first months after it and leaves the record in it; dates are read whole or refused with
the cell named; a title and a file name of two years are refused, never guessed; a matrix
column with marks that is no event is an error naming it; a mark merged across event
columns counts for each."""
from __future__ import annotations

import shlex
from datetime import date, datetime

import openpyxl
import pytest

from data import taught
from data.importer import analyse_file, import_file, write_analysis
from data.store import Store
from reading import normalize as nz
from reading import vocab
from tests.conftest import write_xlsx

ATTENDANCE = ["活动名称", "日期", "姓名", "出勤"]
REPORTS = ["姓名", "提交日期"]
ADJUSTMENTS = ["姓名", "分值", "事由", "批准日期"]


def refused(store, path, **kw):
    outcome = import_file(store, path, **kw)
    assert outcome.status == "rejected", outcome.status
    return outcome.errors


def imported(store, path, **kw):
    outcome = import_file(store, path, **kw)
    assert outcome.status == "imported", [e.message() for e in outcome.errors]
    return outcome


# -- a. dates are read whole -----------------------------------------------------------------
@pytest.mark.parametrize("written", ["3/5/2024", "3/5/24", "5.3.2024", "25/3/5", "25.3.5", "25-3-5", "25年3月5日",
                                     "二五年三月五日"])
def test_a_year_not_written_first_in_four_digits_is_refused(written):
    with pytest.raises(ValueError) as exc:
        nz.parse_date(written, 2025)
    assert str(exc.value) == vocab.CHECK_MESSAGES["date_year_not_first"]


@pytest.mark.parametrize("written,rest", [("2025-3-5abc", "abc"), ("3月5日至", "至"), ("2025年3月5日 会后补签", "会后补签"),
                                          ("3.5.7", ".7"), ("3月5日、6日", "、6日")])
def test_text_after_a_date_is_refused_not_dropped(written, rest):
    with pytest.raises(ValueError) as exc:
        nz.parse_date(written, 2025)
    assert str(exc.value) == vocab.CHECK_MESSAGES["date_trailing"].format(rest=rest)


@pytest.mark.parametrize("written", ["3月5日-6日", "3月5日至3月6日", "2025.3.5-3.7", "2025年3月5日上午", "2025-03-05 14:30",
                                     "2025-03-05T09:30:00", "3月5日 9:00-11:30", "2025年3月5日（周三）", "3月5日星期三",
                                     "3月5号", "二〇二五年三月五日", "2025年三月五日", "三月五日"])
def test_what_may_follow_a_date_and_dates_in_chinese_numerals(written):
    assert nz.parse_date(written, 2025) == date(2025, 3, 5)


def test_a_weekday_that_disagrees_and_a_range_that_ends_before_it_starts_are_refused():
    with pytest.raises(ValueError, match="2025-03-05 是星期三，单元格写的是星期四"):
        nz.parse_date("2025年3月5日（周四）", None)
    with pytest.raises(ValueError, match="结束日 2025-03-04 早于开始日 2025-03-05"):
        nz.parse_date("3月5日-4日", 2025)


@pytest.mark.parametrize("written", ["2025-02-30", "2025/2/30", "2025.2.30", "2025年2月30日", "20250230", 20250230,
                                     "2月30日", "2.30", "二〇二五年二月三十日", "2025年2月29日"])
def test_a_day_that_does_not_exist_is_refused_in_every_form(written):
    with pytest.raises(ValueError, match="不存在"):
        nz.parse_date(written, 2025)


def test_a_year_written_last_in_a_file_is_an_error_naming_the_cell(with_roster, tmp_path):
    rows = [ATTENDANCE, ["视察", "3/5/2024", "王刚", "出席"], ["调研", "2025-3-5abc", "李春", "出席"]]
    errors = refused(with_roster, write_xlsx(tmp_path / "2025年出勤.xlsx", {"出勤": rows}))
    assert [(e.sheet, e.row, e.column, e.value) for e in errors] == [
        ("出勤", 2, "B 列（日期）", "3/5/2024"), ("出勤", 3, "B 列（日期）", "2025-3-5abc")]
    assert errors[0].expected == vocab.CHECK_MESSAGES["date_year_not_first"]


# -- b. the year a file states -----------------------------------------------------------------
def test_a_title_of_another_year_than_the_file_name_is_asked_once_and_remembered(with_roster, tmp_path):
    rows = [["2024年度提案目录"], ["案由", "提案人", "提交日期"], ["关于一", "王刚", "2024-05-01"]]
    path = write_xlsx(tmp_path / "2025年提案目录.xlsx", {"提案": rows})
    first = analyse_file(with_roster, path)
    assert first.outcome.status == "questions" and not first.outcome.errors and not first.records
    [question] = first.outcome.questions
    assert (question.domain, question.value, question.suggestion) == (
        "file_year", "文件名「2025年提案目录」,标题「2024年度提案目录」", None)  # never a guess
    assert question.cells == [("提案", 1, "标题与文件名")]
    assert dict(question.choices) == {"2024": "2024 年度", "2025": "2025 年度"}
    assert write_analysis(with_roster, first, "test").status == "questions"
    assert with_roster.scalar("SELECT count(*) FROM cur_proposals") == 0

    taught.teach(with_roster, [(question.domain, question.value, "2024")], user="办公室")
    imported(with_roster, path)
    assert with_roster.rows("SELECT year, submit_date FROM cur_proposals") == [(2024, date(2024, 5, 1))]
    again = analyse_file(with_roster, path)  # the same file sent again: not asked again
    assert again.outcome.status == "checked" and not again.outcome.questions


def test_the_command_line_asks_which_year_with_the_line_that_answers(with_roster, tmp_path, capsys):
    import cli

    rows = [["2024年度提案目录"], ["案由", "提案人"], ["关于一", "王刚"]]
    path = write_xlsx(tmp_path / "2025年提案目录.xlsx", {"提案": rows})
    db = str(with_roster.path)
    with_roster.close()
    assert cli.main(["--db", db, "import", str(path)]) == 3
    out = capsys.readouterr().out
    assert "文件的年度「文件名「2025年提案目录」,标题「2024年度提案目录」」" in out
    assert "可选含义：2024=2024 年度、2025=2025 年度" in out
    line = next(l.strip() for l in out.splitlines() if l.strip().startswith("cli.py vocab add file_year"))
    answer = shlex.split(line)[2:5] + ["2025"]  # vocab add file_year 写法, then the year
    assert cli.main(["--db", db, "vocab", *answer]) == 0
    assert cli.main(["--db", db, "import", str(path)]) == 0
    store = Store.open(db)
    assert store.rows("SELECT year FROM cur_proposals") == [(2025,)]
    store.close()


def test_a_year_chosen_on_import_settles_a_title_and_a_file_name_that_disagree(with_roster, tmp_path):
    rows = [["2024年度提案目录"], ["案由", "提案人"], ["关于一", "王刚"]]
    path = write_xlsx(tmp_path / "2025年提案目录.xlsx", {"提案": rows})
    imported(with_roster, path, year=2024, year_chosen=True)
    assert with_roster.rows("SELECT year FROM cur_proposals") == [(2024,)]


def test_a_year_chosen_on_import_that_the_file_does_not_state_is_refused(with_roster, tmp_path):
    rows = [["案由", "提案人"], ["关于一", "王刚"]]
    path = write_xlsx(tmp_path / "2025年提案目录.xlsx", {"提案": rows})
    [error] = refused(with_roster, path, year=2024, year_chosen=True)
    assert "导入时指定的年度 2024 与文件写明的年度不一致" in error.value
    # the import page's year is a fallback for files that state none: no contradiction
    imported(with_roster, path, year=2024)
    assert with_roster.rows("SELECT year FROM cur_proposals") == [(2025,)]


def test_a_year_chosen_on_import_holds_the_activity_dates_of_a_file_that_states_none(with_roster, tmp_path):
    rows = [ATTENDANCE, ["视察", "2024-05-01", "王刚", "出席"]]
    [error] = refused(with_roster, write_xlsx(tmp_path / "出勤.xlsx", {"出勤": rows}), year=2025, year_chosen=True)
    assert (error.row, error.column, error.value) == (2, "B 列（日期）", "2024-05-01")


def test_a_file_of_a_year_that_has_not_come_is_refused(with_roster, tmp_path):
    rows = [["案由", "提案人"], ["关于一", "王刚"]]
    [error] = refused(with_roster, write_xlsx(tmp_path / "2052年提案目录.xlsx", {"提案": rows}))
    assert "文件写明的年度 2052 尚未到来" in error.value


def test_a_cli_year_is_chosen_and_checked(with_roster, tmp_path, capsys):
    import cli

    rows = [["案由", "提案人"], ["关于一", "王刚"]]
    path = write_xlsx(tmp_path / "2025年提案目录.xlsx", {"提案": rows})
    db = with_roster.path
    assert cli.main(["--db", str(db), "import", str(path), "--year", "2024"]) != 0
    assert "导入时指定的年度 2024 与文件写明的年度不一致" in capsys.readouterr().out


# -- c. dates of handing in or approval ----------------------------------------------------------
def test_a_report_handed_in_in_january_stays_in_the_year_the_file_states(with_roster, tmp_path):
    rows = [REPORTS, ["王刚", "2026-01-15"], ["李春", "2025-12-20"]]
    imported(with_roster, write_xlsx(tmp_path / "2025年履职报告.xlsx", {"s": rows}))
    assert with_roster.rows("SELECT member_id, year, submit_date FROM cur_reports ORDER BY member_id") == [
        ("A01", 2025, date(2026, 1, 15)), ("A02", 2025, date(2025, 12, 20))]


@pytest.mark.parametrize("written", ["2026-04-01", "2024-12-31", "2027-01-05"])
def test_a_handing_in_date_outside_the_year_and_its_first_months_after_is_an_error(with_roster, tmp_path, written):
    rows = [REPORTS, ["王刚", written]]
    [error] = refused(with_roster, write_xlsx(tmp_path / "2025年履职报告.xlsx", {"s": rows}))
    assert (error.sheet, error.row, error.column, error.value) == ("s", 2, "B 列（提交日期）", written)
    assert error.expected == ("2025-01-01 至 2026-03-31 之间的日期（提交日期可在 2025 年度结束后 3 个月内，"
                              "记录仍属表格标题或文件名写明的年度）")


def test_an_approval_in_january_keeps_the_adjustment_in_the_year_the_file_states(with_roster, tmp_path):
    rows = [ADJUSTMENTS, ["王刚", 5, "市级表彰", "2026-01-10"]]
    imported(with_roster, write_xlsx(tmp_path / "2025年加减分.xlsx", {"s": rows}))
    assert with_roster.rows("SELECT year, adj_date FROM cur_adjustments") == [(2025, date(2026, 1, 10))]


def test_an_activity_date_of_an_adjustment_still_lies_in_the_year(with_roster, tmp_path):
    rows = [["姓名", "分值", "事由", "日期", "批准日期"], ["王刚", 5, "市级表彰", "2026-01-10", "2026-01-20"]]
    [error] = refused(with_roster, write_xlsx(tmp_path / "2025年加减分.xlsx", {"s": rows}))
    assert (error.column, error.value) == ("D 列（日期）", "2026-01-10")


def test_proposals_and_sqmy_handed_in_early_next_year_stay_in_the_year(with_roster, tmp_path):
    proposals = [["案由", "提案人", "提交日期"], ["关于一", "王刚", "2026-02-01"]]
    imported(with_roster, write_xlsx(tmp_path / "2025年提案目录.xlsx", {"s": proposals}))
    sqmy = [["标题", "报送人", "报送日期"], ["关于二", "李春", "2026-03-31"], ["关于三", "李春", "2026-04-01"]]
    [error] = refused(with_roster, write_xlsx(tmp_path / "2025年社情民意.xlsx", {"s": sqmy}))
    assert (error.row, error.column, error.value) == (3, "C 列（报送日期）", "2026-04-01")
    assert with_roster.rows("SELECT year FROM cur_proposals") == [(2025,)]


def test_proposals_and_sqmy_handed_in_in_the_months_before_the_year_stay_in_it(with_roster, tmp_path):
    """Proposals to the 2025 plenary are collected from the autumn before."""
    proposals = [["案由", "提案人", "提交日期"], ["关于一", "王刚", "2024-10-01"], ["关于二", "李春", "2024-12-28"]]
    imported(with_roster, write_xlsx(tmp_path / "2025年提案目录.xlsx", {"s": proposals}))
    assert with_roster.rows("SELECT year, submit_date FROM cur_proposals ORDER BY submit_date") == [
        (2025, date(2024, 10, 1)), (2025, date(2024, 12, 28))]
    early = [["案由", "提案人", "提交日期"], ["关于三", "王刚", "2024-09-30"]]
    [error] = refused(with_roster, write_xlsx(tmp_path / "2025年提案目录（补）.xlsx", {"s": early}))
    assert (error.row, error.value) == (2, "2024-09-30")
    assert error.expected == ("2024-10-01 至 2026-03-31 之间的日期（提交日期可在 2025 年度开始前 3 个月起、结束后 3 个月内，"
                              "记录仍属表格标题或文件名写明的年度）")


def test_without_a_stated_year_the_record_takes_its_date_year(with_roster, tmp_path):
    rows = [REPORTS, ["王刚", "2024-12-20"]]
    imported(with_roster, write_xlsx(tmp_path / "履职报告.xlsx", {"s": rows}))
    assert with_roster.rows("SELECT year FROM cur_reports") == [(2024,)]


# -- d. a 年度 cell ---------------------------------------------------------------------------------
def test_a_year_cell_contradicting_the_stated_year_is_an_error_naming_the_cell(with_roster, tmp_path):
    rows = [["姓名", "年度", "是否提交"], ["王刚", "2024年度", "是"], ["李春", "2025", "是"]]
    [error] = refused(with_roster, write_xlsx(tmp_path / "2025年履职报告.xlsx", {"s": rows}))
    assert (error.sheet, error.row, error.column, error.value) == ("s", 2, "B 列（年度）", "2024年度")


def test_a_year_cell_of_a_year_to_come_is_an_error(with_roster, tmp_path):
    rows = [["姓名", "年度", "是否提交"], ["王刚", "2052", "是"]]
    [error] = refused(with_roster, write_xlsx(tmp_path / "履职报告.xlsx", {"s": rows}))
    assert (error.row, error.column, error.value) == (2, "B 列（年度）", "2052")


# -- e. matrix columns that are no event --------------------------------------------------------
def test_marks_under_a_header_with_an_impossible_date_are_an_error_naming_the_column(with_roster, tmp_path):
    rows = [["姓名", "3月5日 视察", "2月30日 专题协商会", "联系人"], ["王刚", "√", "√", "办公室"], ["李春", "√", None, "办公室"]]
    [error] = refused(with_roster, write_xlsx(tmp_path / "2025年出勤.xlsx", {"s": rows}))
    assert (error.sheet, error.row, error.column, error.value) == ("s", 2, "C 列（2月30日 专题协商会）", "√")
    assert "2025年2月30日不存在" in error.expected


def test_marks_under_a_header_without_a_date_or_name_are_an_error_and_other_columns_stay_unread(with_roster, tmp_path):
    rows = [["姓名", "3月5日 视察", "专题协商会", "3月9日", None, "说明"],
            ["王刚", "√", "请假", None, None, "无"], ["李春", "√", None, "出席", "缺席", "无"]]
    errors = refused(with_roster, write_xlsx(tmp_path / "2025年出勤.xlsx", {"s": rows}))
    assert [(e.row, e.column, e.value) for e in errors] == [(2, "C 列（专题协商会）", "请假"), (3, "D 列（3月9日）", "出席"),
                                                           (3, "E 列", "缺席")]
    assert [e.expected for e in errors] == [vocab.CHECK_MESSAGES["event_column_unread"].format(
        why=vocab.CHECK_MESSAGES[key]) for key in ("event_no_date", "event_no_name", "event_no_header")]


def test_a_column_without_a_date_and_without_marks_is_no_error(with_roster, tmp_path):
    rows = [["姓名", "3月5日 视察", "联系人"], ["王刚", "√", "办公室"], ["李春", "请假", None]]
    imported(with_roster, write_xlsx(tmp_path / "2025年出勤.xlsx", {"s": rows}))
    assert with_roster.scalar("SELECT count(*) FROM cur_attendance") == 2


# -- f. a mark merged across event columns --------------------------------------------------------
def test_a_mark_merged_across_event_columns_counts_for_each(with_roster, tmp_path):
    rows = [["姓名", "3月5日 视察", "3月6日 调研", "3月9日 学习"], ["王刚", "请假", None, "√"], ["李春", "√", "√", "√"]]
    path = write_xlsx(tmp_path / "2025年出勤.xlsx", {"s": rows}, merges={"s": ["B2:C2"]})
    imported(with_roster, path)
    assert with_roster.rows("SELECT member_id, event_date, status FROM cur_attendance WHERE member_id = 'A01' "
                            "ORDER BY event_date") == [("A01", date(2025, 3, 5), "leave"), ("A01", date(2025, 3, 6), "leave"),
                                                       ("A01", date(2025, 3, 9), "attend")]


def test_an_activity_date_typed_in_another_year_is_an_error(with_roster, tmp_path):
    rows = [ATTENDANCE, ["视察", datetime(2024, 3, 5), "王刚", "出席"]]
    [error] = refused(with_roster, write_xlsx(tmp_path / "2025年出勤.xlsx", {"出勤": rows}))
    assert (error.row, error.column) == (2, "B 列（日期）")


def test_hidden_rows_of_an_xlsx_are_still_said(with_roster, tmp_path):
    book = openpyxl.Workbook()
    for row in [ATTENDANCE, ["视察", "2025-05-01", "王刚", "出席"]]:
        book.active.append(row)
    book.active.row_dimensions[2].hidden = True
    book.save(tmp_path / "2025年出勤.xlsx")
    assert "第 2 行在 Excel 中是隐藏行，已照常读取" in imported(with_roster, tmp_path / "2025年出勤.xlsx").sheets[0].notes


def test_a_year_to_come_chosen_for_a_file_that_states_none_is_refused(with_roster, tmp_path):
    rows = [["案由", "提案人"], ["关于一", "王刚"]]
    [error] = refused(with_roster, write_xlsx(tmp_path / "提案目录.xlsx", {"提案": rows}), year=2052)
    assert "导入时选择的年度 2052 尚未到来" in error.value


def test_a_roster_title_may_name_the_year_its_term_began(store, tmp_path):
    from tests.conftest import ROSTER_HEADER, ROSTER_ROWS

    rows = [["第十四届委员会委员名册（2023年1月）"], ROSTER_HEADER, *ROSTER_ROWS]
    imported(store, write_xlsx(tmp_path / "2025年委员名册.xlsx", {"名册": rows}))
    assert store.scalar("SELECT count(*) FROM cur_members") == len(ROSTER_ROWS)


def test_a_report_of_a_file_that_states_no_year_is_handed_in_within_its_year_cell(with_roster, tmp_path):
    rows = [["姓名", "年度", "提交日期"], ["王刚", "2025年度", "2026-01-08"], ["李春", "2025", "2023-05-01"]]
    [error] = refused(with_roster, write_xlsx(tmp_path / "履职报告.xlsx", {"s": rows}))
    assert (error.row, error.column, error.value) == (3, "C 列（提交日期）", "2023-05-01")
