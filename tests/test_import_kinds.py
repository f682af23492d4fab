"""Every kind, layout and messy variant of import-formats.md, through real .xlsx files
into a real DuckDB file."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from data.importer import import_file
from tests.conftest import ROSTER_HEADER, write_xlsx


def imported(store, path, **kw):
    outcome = import_file(store, path, **kw)
    assert outcome.status == "imported", [e.message() for e in outcome.errors]
    return outcome


def test_roster_title_section_footer_and_normalised_values(store, tmp_path):
    rows = [
        ["政协××市第十四届委员会委员名册"],
        ROSTER_HEADER + ["状态", "变动日期"],
        ["中共界（2人）"],
        [1, "A01", "王　刚（女）", "男", "中国共产党", "中共", "委员", "经济委员会", "第一组", "城关区联络组", "", "在任", ""],
        [2, "A02", "李 春★", "女", "民盟", "民盟", "委员", "", "", "", "", "增补", "2025年6月1日"],
        [3, "A03", "張國強", "男", "无党派", "科协", "副主席", "", "", "", "", "辞去", "2025.3.5"],
        ["合计", "3人"],
        [],
        ["制表人：办公室", None, None, None, "制表日期：2025年1月5日"],
    ]
    outcome = imported(store, write_xlsx(tmp_path / "名册.xlsx", {"名册": rows}, {"名册": ["A1:M1"]}))
    sheet = outcome.sheets[0]
    assert (sheet.kind, sheet.header_row, sheet.records) == ("roster", 2, 3)
    assert dict(sheet.skipped) == {"section": 1, "total": 1, "blank": 1, "footer": 1}
    got = store.rows("SELECT member_id, name, raw_name, party, is_standing, term, status, change_date "
                     "FROM cur_members ORDER BY member_id")
    assert got == [
        ("A01", "王刚", "王　刚（女）", "中共", False, "十四届", "在任", None),
        ("A02", "李春", "李 春★", "民盟", True, "十四届", "增补", date(2025, 6, 1)),
        ("A03", "張國強", "張國強", "无党派人士", True, "十四届", "辞去", date(2025, 3, 5)),
    ]


def test_roster_without_code_tells_same_names_apart_by_sector(store, tmp_path):
    rows = [["姓名", "界别", "是否常委"], ["赵敏", "妇联", "是"], ["赵敏", "教育界", "否"]]
    imported(store, write_xlsx(tmp_path / "名册.xlsx", {"名册": rows}))
    assert store.rows("SELECT member_id, is_standing FROM cur_members ORDER BY sector") == [
        ("本届-赵敏-妇联", True), ("本届-赵敏-教育界", False)]


def test_attendance_long_layout_every_date_format_and_mark(with_roster, tmp_path):
    header = ["序号", "会议名称", "活动日期", "姓名", "所属界别", "出勤情况", "组织单位", "备注"]
    dates = ["2025-03-05", "2025/3/5", "2025.3.5", "2025年3月5日", "20250305", datetime(2025, 3, 5), 45721,
             "3月5日", "3.5", "3.5-3.7"]
    rows = [["2025年委员参加协商活动登记表"], header]
    for i, d in enumerate(dates):
        rows.append([i + 1, "“营商环境”专题协商会", d, "王 刚", "中共", "√", "办公室", ""])
    marks = {"✓": "attend", "○": "attend", "1": "attend", "到": "attend", "出席": "attend", "参加": "attend",
             "已到": "attend", "假": "leave", "请假": "leave", "病假": "leave", "事假": "leave", "公假": "leave",
             "×": "absent", "✗": "absent", "缺": "absent", "缺席": "absent", "未到": "absent", "旷会": "absent",
             "0": "absent", "迟到": "late", "早退": "late", "迟": "late"}
    for i, mark in enumerate(marks):
        rows.append([100 + i, f"视察活动{i}", f"2025-04-{i + 1:02d}", "李春", "民盟", mark, "", ""])
    rows.append(["合计", None, None, None, None, "32人次"])
    outcome = imported(with_roster, write_xlsx(tmp_path / "活动.xlsx", {"出勤": rows}))
    assert outcome.sheets[0].kind == "attendance"
    # ten spellings of one date: one event, one record (the later row wins)
    assert with_roster.rows("SELECT event_date, member_id, category FROM cur_attendance WHERE member_id = 'A01'") == [
        (date(2025, 3, 5), "A01", "consult_thematic")]
    got = dict(with_roster.rows("SELECT mark, status FROM cur_attendance WHERE member_id = 'A02'"))
    assert got == marks
    assert outcome.sheets[0].skipped == {"total": 1}


def test_attendance_category_column_by_name_or_code(with_roster, tmp_path):
    rows = [["活动名称", "日期", "姓名", "出勤", "类别"],
            ["学习会", "2025-05-01", "王刚", "出席", "集中培训"],
            ["座谈", "2025-05-02", "王刚", "出席", "supervision"],
            ["读书活动", "2025-05-03", "王刚", "出席", ""]]
    imported(with_roster, write_xlsx(tmp_path / "2025年活动.xlsx", {"s": rows}))
    assert with_roster.rows("SELECT category FROM cur_attendance ORDER BY event_date") == [
        ("training",), ("supervision",), ("study",)]


@pytest.mark.parametrize("name,category", [
    ("市政协十四届四次全体会议", "plenary"), ("十四届常委会第六次会议", "standing"),
    ("专题议政会", "consult_thematic"), ("双周协商座谈会", "consult_other"), ("提案办理协商会", "consult_other"),
    ("重点项目考察", "inspect_research"), ("民主评议活动", "supervision"), ("新委员培训班", "training"),
    ("委员活动日", "study"), ("界别活动", "sector_group"), ("委员工作室接待日", "liaison_group"),
    ("义诊进社区", "public_service"), ("情况通报会", "other_meeting"),
])
def test_event_category_keywords_first_match_wins(with_roster, tmp_path, name, category):
    rows = [["活动名称", "日期", "姓名", "出勤"], [name, "2025-05-01", "王刚", "出席"]]
    imported(with_roster, write_xlsx(tmp_path / "2025年活动.xlsx", {"s": rows}))
    assert with_roster.scalar("SELECT category FROM cur_attendance") == category


def test_attendance_matrix_two_header_rows_blank_means_not_invited(with_roster, tmp_path):
    rows = [["2025年度全体会议和常委会议出勤登记表"],
            ["姓名", "界别", "市政协十四届四次全会", "常委会第六次会议"],
            [None, None, "1月10日", "6月17日"],
            ["王　刚", "中共", "到", None],
            ["李春", "民盟", "迟到", "事假"],
            ["赵敏", "教育界", "×", None]]
    outcome = imported(with_roster, write_xlsx(tmp_path / "出勤.xlsx", {"会议": rows}, {"会议": ["A2:A3", "B2:B3"]}))
    assert (outcome.sheets[0].kind, outcome.sheets[0].header_row) == ("attendance_matrix", 2)
    got = with_roster.rows("SELECT member_id, event_name, event_date, category, status FROM cur_attendance "
                           "ORDER BY member_id, event_date")
    assert got == [
        ("A01", "市政协十四届四次全会", date(2025, 1, 10), "plenary", "attend"),
        ("A02", "市政协十四届四次全会", date(2025, 1, 10), "plenary", "late"),
        ("A02", "常委会第六次会议", date(2025, 6, 17), "standing", "leave"),
        ("A06", "市政协十四届四次全会", date(2025, 1, 10), "plenary", "absent"),
    ]


def test_matrix_event_name_and_date_in_one_header_year_from_file_name(with_roster, tmp_path):
    rows = [["姓名", "3月5日 专题协商会", "2025.4.1 视察"], ["王刚", "✓", "缺"]]
    imported(with_roster, write_xlsx(tmp_path / "2025年活动组.xlsx", {"第一组": rows}))
    assert with_roster.rows("SELECT event_name, event_date, status FROM cur_attendance ORDER BY event_date") == [
        ("专题协商会", date(2025, 3, 5), "attend"), ("视察", date(2025, 4, 1), "absent")]


def test_two_row_merged_group_header_is_joined(with_roster, tmp_path):
    rows = [["姓名", "提案情况", None, "日期"], [None, "案由", "提案人", None], ["x", "关于A的建议", "王刚", "2025-01-01"]]
    path = write_xlsx(tmp_path / "2025年提案.xlsx", {"s": rows}, {"s": ["B1:C1"]})
    outcome = imported(with_roster, path, kind="proposals")
    assert outcome.sheets[0].labels[:3] == ["姓名", "提案情况 案由", "提案情况 提案人"]
    assert with_roster.rows("SELECT subject, proposer FROM cur_proposals") == [("关于A的建议", "王刚")]


def test_proposals_leads_cosigners_separators_and_collective(with_roster, tmp_path):
    rows = [["政协××市2025年度提案目录"],
            ["提案号", "案由", "第一提案人", "联名提案人", "主笔人", "提案形式", "立案情况", "重点提案", "优秀提案"],
            ["1", "关于一", "王刚", "李春、张国强，欧阳修", None, "联名", "立案", "√", "否"],
            ["2", "关于二", "李春", "王刚;赵敏（女）", None, "联名", "并案", "是", "Y"],
            ["3", "关于三", "张国强", "欧 阳修 王  刚", None, "联名", "不予立案", "", ""],
            ["4", "关于四", "民盟市委会", None, "李春,王刚", "集体", "转意见建议", "否", "否"],
            ["5", "关于五", "九三学社市委会", None, None, "集体", "撤案", "否", "否"],
            ["6", "关于六", "王刚 李春", "李春", None, "联名", "转社情民意", None, None]]
    outcome = imported(with_roster, write_xlsx(tmp_path / "提案.xlsx", {"提案": rows}))
    people = with_roster.rows(
        "SELECT p.number, pp.role, pp.name, pp.member_id FROM cur_proposal_people pp "
        "JOIN cur_proposals p USING (rec_id) ORDER BY p.number, pp.position")
    assert people == [
        ("1", "lead", "王刚", "A01"), ("1", "cosign", "李春", "A02"), ("1", "cosign", "张国强", "A03"),
        ("1", "cosign", "欧阳修", "A04"),
        ("2", "lead", "李春", "A02"), ("2", "cosign", "王刚", "A01"), ("2", "cosign", "赵敏", None),
        ("3", "lead", "张国强", "A03"), ("3", "cosign", "欧阳修", "A04"), ("3", "cosign", "王刚", "A01"),
        ("4", "lead", "李春", "A02"), ("4", "lead", "王刚", "A01"),
        ("6", "lead", "王刚", "A01"), ("6", "cosign", "李春", "A02"),
    ]
    flags = with_roster.rows("SELECT number, outcome, filed, is_key, is_excellent, is_collective FROM cur_proposals "
                             "ORDER BY number")
    assert flags == [("1", "立案", True, True, False, False), ("2", "并案", True, True, True, False),
                     ("3", "不予立案", False, False, False, False), ("4", "转意见建议", False, False, False, True),
                     ("5", "撤案", False, False, False, True), ("6", "转社情民意", False, False, False, False)]
    assert any("集体提案「关于五」未写主笔人" in n for n in outcome.sheets[0].notes)
    assert outcome.pending == [("赵敏", "")]  # two members of that name, no 界别 given («女» in brackets is not one)


def test_sqmy_authors_levels_and_bodies(with_roster, tmp_path):
    rows = [["2025年度社情民意信息采用情况"],
            ["期号", "信息标题", "报送人", "报送日期", "采用情况", "批示情况"],
            ["001", "关于一", "王刚、李春", "2025-06-09", "全国政协单篇采用", "国家领导人批示"],
            ["002", "关于二", "民盟市委会；李春", "2025/7/1", "全国政协综合采用", "副省长批示、市委书记批示"],
            ["003", "关于三", "张国强", 45850, "市政协《社情民意》刊发", None],
            ["004", "关于四", "欧阳修", "2025年8月1日", "未采用", ""],
            ["005", "关于五", "王刚", "20250801", "省政协采用", "副市长批示"]]
    imported(with_roster, write_xlsx(tmp_path / "社情民意.xlsx", {"社情民意": rows}))
    got = with_roster.rows("SELECT issue, adoption, instruction FROM cur_sqmy ORDER BY issue")
    assert got == [("001", "全国单篇", "国家"), ("002", "全国转送", "省"), ("003", "市", None),
                   ("004", None, None), ("005", "省", "市")]
    authors = with_roster.rows("SELECT s.issue, a.position, a.member_id FROM cur_sqmy_authors a "
                               "JOIN cur_sqmy s USING (rec_id) ORDER BY s.issue, a.position")
    assert authors == [("001", 0, "A01"), ("001", 1, "A02"), ("002", 0, "A02"), ("003", 0, "A03"),
                       ("004", 0, "A04"), ("005", 0, "A01")]


def test_speeches_reports_other_duties_adjustments(with_roster, tmp_path):
    sheets = {
        "大会发言": [["姓名", "日期", "会议", "发言题目", "发言形式"],
                 ["王刚", "2025年1月10日", "全体会议", "题一", "口头"],
                 ["李春", datetime(2025, 1, 10), "全体会议", "题二", ""]],
        "履职报告": [["姓名", "是否提交", "年度"], ["王刚", "是", 2025], ["李春", "否", "2025年"]],
        "其他履职": [["姓名", "类别", "日期", "内容", "级别"],
                 ["王刚", "表彰", "2025.5.13", "—", "全国"],
                 ["李春", "文史资料", "2025-02-01", "x", None],
                 ["张国强", "为民办实事", None, "y", None]],
        "加减分": [["姓名", "分值", "事由", "批准", "日期"], ["王刚", 5, "抗洪", "主席会议", "2025-12-20"],
                ["李春", "-3.5", "违纪", "主席会议", None]],
    }
    outcome = imported(with_roster, write_xlsx(tmp_path / "2025年其他.xlsx", sheets))
    assert [s.kind for s in outcome.sheets] == ["speeches", "reports", "other", "adjustments"]
    assert with_roster.rows("SELECT member_id, form FROM cur_speeches ORDER BY member_id") == [
        ("A01", "口头"), ("A02", "书面")]
    assert with_roster.rows("SELECT member_id, year, submitted FROM cur_reports ORDER BY member_id") == [
        ("A01", 2025, True), ("A02", 2025, False)]
    assert with_roster.rows("SELECT member_id, duty_group, level, year FROM cur_other_duties ORDER BY member_id") == [
        ("A01", "commendation", "全国", 2025), ("A02", "writing", None, 2025), ("A03", "public_service", None, 2025)]
    assert with_roster.rows("SELECT member_id, points, year FROM cur_adjustments ORDER BY member_id") == [
        ("A01", Decimal("5.00"), 2025), ("A02", Decimal("-3.50"), 2025)]


def test_report_list_by_submit_date(with_roster, tmp_path):
    rows = [["姓名", "提交日期"], ["王刚", "2025-11-30"], ["李春", None]]
    imported(with_roster, write_xlsx(tmp_path / "2025年履职报告.xlsx", {"s": rows}))
    assert with_roster.rows("SELECT member_id, submitted, year FROM cur_reports ORDER BY member_id") == [
        ("A01", True, 2025), ("A02", False, 2025)]


@pytest.mark.parametrize("cell", ["王刚、李春", "王刚，李春", "王刚,李春", "王刚；李春", "王刚;李春", "王刚 李春",
                                  "王 刚　李 春"])
def test_several_names_in_one_cell_each_separator(with_roster, tmp_path, cell):
    rows = [["活动名称", "日期", "姓名", "出勤"], ["视察", "2025-05-01", cell, "出席"]]
    imported(with_roster, write_xlsx(tmp_path / "2025年活动.xlsx", {"s": rows}))
    assert with_roster.rows("SELECT member_id FROM cur_attendance ORDER BY member_id") == [("A01",), ("A02",)]


def test_traditional_padded_annotated_and_starred_names_match(with_roster, tmp_path):
    rows = [["活动名称", "日期", "姓名", "出勤"],
            ["视察", "2025-05-01", "張國強", "出席"],
            ["视察", "2025-05-01", "王\u3000刚（女）", "出席"],
            ["视察", "2025-05-01", " 李 春 ★", "出席"],
            ["视察", "2025-05-01", "歐陽修(常委)", "出席"]]
    outcome = imported(with_roster, write_xlsx(tmp_path / "2025年活动.xlsx", {"s": rows}))
    assert outcome.pending == []
    assert with_roster.rows("SELECT member_id FROM cur_attendance ORDER BY member_id") == [
        ("A01",), ("A02",), ("A03",), ("A04",)]


def test_same_name_told_apart_by_sector(with_roster, tmp_path):
    rows = [["姓名", "界别", "3月5日 视察"], ["赵敏", "妇联", "到"], ["赵敏", "教育界", "缺"], ["赵敏", "", "假"]]
    outcome = imported(with_roster, write_xlsx(tmp_path / "2025年活动.xlsx", {"s": rows}))
    assert with_roster.rows("SELECT member_id, status FROM cur_attendance WHERE member_id IS NOT NULL "
                            "ORDER BY member_id") == [("A05", "attend"), ("A06", "absent")]
    assert outcome.pending == [("赵敏", "")]


def test_year_from_caller_when_title_and_file_name_have_none(with_roster, tmp_path):
    rows = [["姓名", "3月5日 视察"], ["王刚", "到"]]
    imported(with_roster, write_xlsx(tmp_path / "活动.xlsx", {"s": rows}), year=2024)
    assert with_roster.scalar("SELECT event_date FROM cur_attendance") == date(2024, 3, 5)


def test_title_year_wins_over_a_fallback_year(with_roster, tmp_path):
    rows = [["2023年度活动登记"], ["姓名", "3月5日 视察"], ["王刚", "到"]]
    imported(with_roster, write_xlsx(tmp_path / "活动.xlsx", {"s": rows}), year=2022)
    assert with_roster.scalar("SELECT event_date FROM cur_attendance") == date(2023, 3, 5)


def test_a_title_and_a_file_name_of_two_years_are_asked_not_guessed(with_roster, tmp_path):
    """The year chosen on the page only stands in when the file states none: it is no answer."""
    rows = [["2023年度活动登记"], ["姓名", "3月5日 视察"], ["王刚", "到"]]
    outcome = import_file(with_roster, write_xlsx(tmp_path / "2024年活动.xlsx", {"s": rows}), year=2022)
    assert outcome.status == "questions" and not outcome.errors
    [question] = outcome.questions
    assert question.value == "文件名「2024年活动」,标题「2023年度活动登记」"
    assert [year for year, _ in question.choices] == ["2023", "2024"]
    assert with_roster.scalar("SELECT count(*) FROM cur_attendance") == 0


def test_kind_can_be_forced(with_roster, tmp_path):
    rows = [["姓名", "类别", "日期"], ["王刚", "公益", "2025-01-01"]]
    path = write_xlsx(tmp_path / "x.xlsx", {"s": rows})
    outcome = import_file(with_roster, path, kind="attendance")
    assert outcome.status == "rejected"
    assert "活动名称" in outcome.errors[0].message() and "出勤" in outcome.errors[0].message()
    assert imported(with_roster, path).sheets[0].kind == "other"


def test_workbook_with_sheets_of_several_kinds_and_an_instruction_sheet(with_roster, tmp_path):
    sheets = {"说明": [["请按模板填写"], ["第二行说明"]],
              "发言": [["姓名", "日期", "发言形式"], ["王刚", "2025-01-10", "口头"]],
              "报告": [["姓名", "是否提交"], ["王刚", "√"]]}
    outcome = imported(with_roster, write_xlsx(tmp_path / "2025年.xlsx", sheets))
    assert [s.kind for s in outcome.sheets] == [None, "speeches", "reports"]
