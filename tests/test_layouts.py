"""Office layouts read by general rules (tests/corpus/ holds the layouts as offices send
them; these are the rules, each through a real .xlsx made here)."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from data.importer import analyse_file, import_file
from reading import normalize as nz
from reading.parsers import category_of
from reading.reader import EVENT_COLUMN
from tests.conftest import write_xlsx


def imported(store, path, **kw):
    outcome = import_file(store, path, **kw)
    assert outcome.status == "imported", [e.message() for e in outcome.errors] or outcome.questions
    return outcome


def attendance(store) -> list[tuple]:
    return store.rows("SELECT member_id, event_name, event_date, category, status FROM cur_attendance "
                      "ORDER BY event_date, member_id")


# -- rows that are not records ---------------------------------------------------------
def test_a_data_row_with_a_footer_word_in_its_note_is_data(store, tmp_path):
    rows = [["序号", "编号", "姓名", "界别", "职务", "备注"],
            [1, "X1", "王刚", "经济界", "委员", None],
            [2, "X2", "李春", "经济界", "委员", "审核通过"],
            ["审核：办公室"]]
    outcome = imported(store, write_xlsx(tmp_path / "名册.xlsx", {"名册": rows}))
    assert outcome.sheets[0].skipped == {"footer": 1}
    assert store.rows("SELECT code FROM cur_members ORDER BY code") == [("X1",), ("X2",)]


def test_statistics_rows_and_columns_of_a_matrix_are_counted_not_read_as_marks(with_roster, tmp_path):
    rows = [["2025年出勤统计表"],
            ["序号", "姓名", "3月5日 专题协商会", "4月16日 视察活动", "1-6月合计", "出勤率（%）"],
            [1, "王刚", "✓", "×", 1, 0.5],
            [2, "李春", "✓", "✓", 2, 1],
            [None, "应到", 2, 2, None, None],
            [None, "实到人数", 2, 1, None, None],
            [None, "出勤率", 1, 0.5, None, None],
            ["合计", None, 2, 1, 3, None],
            ["制表人：张丽 审核：李明"]]
    outcome = imported(with_roster, write_xlsx(tmp_path / "出勤.xlsx", {"出勤": rows}))
    sheet = outcome.sheets[0]
    assert sheet.kind == "attendance_matrix"
    assert dict(sheet.skipped) == {"stats": 3, "total": 1, "footer": 1}
    assert [label for label, fld in sheet.columns if fld == EVENT_COLUMN] == ["3月5日 专题协商会", "4月16日 视察活动"]
    assert [(m, s) for m, _, _, _, s in attendance(with_roster)] == [
        ("A01", "attend"), ("A02", "attend"), ("A01", "absent"), ("A02", "attend")]


# -- columns -------------------------------------------------------------------------
def test_a_register_headed_in_the_office_words_reads_as_attendance(with_roster, tmp_path):
    rows = [["序号", "姓名", "会议", "开始时间", "出席"],
            [1, "王刚", "“营商环境”专题协商会", "2025-03-05", "出席"],
            [2, "李春", "“营商环境”专题协商会", "2025-03-05", "请假"]]
    outcome = imported(with_roster, write_xlsx(tmp_path / "签到.xlsx", {"签到": rows}))
    assert outcome.sheets[0].kind == "attendance"
    assert attendance(with_roster) == [
        ("A01", "“营商环境”专题协商会", date(2025, 3, 5), "consult_thematic", "attend"),
        ("A02", "“营商环境”专题协商会", date(2025, 3, 5), "consult_thematic", "leave")]


def test_a_data_row_repeating_a_mark_that_is_also_a_label_is_not_the_header(with_roster, tmp_path):
    rows = [["2025年出勤登记表"], ["姓名", "界别", "全体会议（1月10日）", "常委会议（3月12日）", "常委会议（6月17日）"]]
    rows += [["王刚", "中共", "出席", "出席", "出席"], ["李春", "民盟", "出席", "出席", "请假"]]
    outcome = imported(with_roster, write_xlsx(tmp_path / "出勤.xlsx", {"出勤": rows}))
    assert (outcome.sheets[0].kind, outcome.sheets[0].header_row) == ("attendance_matrix", 2)


# -- event categories ------------------------------------------------------------------
@pytest.mark.parametrize("name, category", [
    ("十届三次会议第二次全体会议", "plenary"),
    ("市政协十四届四次全会", "plenary"),
    ("政协江北市第十届委员会第三次会议", "plenary"),
    ("政协江北市第十届委员会常务委员会第十一次会议", "standing"),
    ("十届三次会议", "plenary"),
    ("十届常委会第十一次会议", "standing"),
    ("学习贯彻党的二十届四中全会精神专题学习会", "study"),
    ("全市优化营商环境大会", "other_meeting"),
])
def test_only_the_bodys_own_sittings_are_plenary(name, category):
    assert category_of(name) == category


# -- dates ---------------------------------------------------------------------------
def test_month_and_xun_dates_are_the_first_day_of_the_period_with_a_note(with_roster, tmp_path):
    rows = [["姓名", "活动", "时间", "情况"],
            ["王刚", "界别活动", "2025年3月", "参加"],
            ["李春", "界别活动", "2025年3月", "参加"],
            ["王刚", "读书会", "4月中旬", "参加"],
            ["王刚", "视察", "5月下旬", "请假"],
            ["王刚", "调研", "6月上旬", "参加"]]
    analysis = analyse_file(with_roster, write_xlsx(tmp_path / "活动.xlsx", {"活动": rows}), year=2025)
    notes = analysis.outcome.sheets[0].notes
    assert len(notes) == 4 and "「2025年3月」只写到月，按 2025-03-01 计" in notes[0], notes
    assert "「4月中旬」只写到旬，按 2025-04-11 计" in notes[1]
    assert sorted({r.values["event_date"] for r in analysis.records}) == [
        date(2025, 3, 1), date(2025, 4, 11), date(2025, 5, 21), date(2025, 6, 1)]


def test_a_month_without_its_year_or_xun_is_no_date():
    with pytest.raises(ValueError):
        nz.parse_date("3月", 2025)


def test_an_excel_date_time_cell_is_its_date(with_roster, tmp_path):
    rows = [["姓名", "活动名称", "开始时间", "考勤"], ["王刚", "重点项目视察", datetime(2025, 4, 16, 9, 30), "迟到"]]
    imported(with_roster, write_xlsx(tmp_path / "视察.xlsx", {"视察": rows}))
    assert attendance(with_roster) == [("A01", "重点项目视察", date(2025, 4, 16), "inspect_research", "late")]


# -- what a sheet says beside its columns ------------------------------------------------
ROSTER_COLUMNS = ["序号", "编号", "姓名", "性别", "党派", "职务"]


def test_a_roster_sheet_per_sector_takes_its_sector_from_the_sheet_name_or_a_subtitle(store, tmp_path):
    sheets = {
        "教育界": [["委员分界别名单"], ROSTER_COLUMNS, [1, "S1", "潘志明", "男", "民进", "常委"]],
        "Sheet2": [["委员分界别名单"], ["界别：医药卫生界（3人）"], ROSTER_COLUMNS, [1, "S2", "钟南", "男", "农工党", "委员"]],
        "经济": [["界别:经济界"], ROSTER_COLUMNS, [1, "S3", "陆宏", "男", "民建", "委员"]],
    }
    outcome = imported(store, write_xlsx(tmp_path / "名册.xlsx", sheets))
    assert [s.warnings for s in outcome.sheets] == [[], [], []]
    assert store.rows("SELECT code, sector FROM cur_members ORDER BY code") == [
        ("S1", "教育界"), ("S2", "医药卫生界"), ("S3", "经济界")]


def test_a_sheet_per_event_takes_the_event_and_date_from_its_title_rows(with_roster, tmp_path):
    def sitting(title, when, marks):
        return [[title], [f"时间：{when}"], ["序号", "姓名", "界别", "签到"],
                *[[i + 1, name, sector, mark] for i, (name, sector, mark) in enumerate(marks)]]
    sheets = {"第一次": sitting("市政协十四届四次会议第一次全体会议签到表", "2025年1月8日",
                                [("王刚", "中共", "√"), ("李春", "民盟", "请假")]),
              "第二次": sitting("市政协十四届四次会议第二次全体会议签到表", "2025年1月11日", [("王刚", "中共", "缺席")])}
    outcome = imported(with_roster, write_xlsx(tmp_path / "全会签到.xlsx", sheets))
    assert [s.kind for s in outcome.sheets] == ["attendance", "attendance"]
    assert attendance(with_roster) == [
        ("A01", "市政协十四届四次会议第一次全体会议", date(2025, 1, 8), "plenary", "attend"),
        ("A02", "市政协十四届四次会议第一次全体会议", date(2025, 1, 8), "plenary", "leave"),
        ("A01", "市政协十四届四次会议第二次全体会议", date(2025, 1, 11), "plenary", "absent")]


def test_a_sign_in_register_with_roster_like_columns_creates_no_members(with_roster, tmp_path):
    rows = [["“委员活动日”读书分享会签到册"], ["日期：2025年10月16日    地点：三楼会议室"],
            ["序号", "姓名", "界别", "工作单位及职务", "联系电话", "签到情况"],
            [1, "王刚", "中共", "市文化馆馆长", "13900000001", "已签到"],
            [2, "新来的", "民盟", "市图书馆", "13900000002", "已签到"]]
    members = with_roster.rows("SELECT * FROM cur_members ORDER BY member_id")
    outcome = imported(with_roster, write_xlsx(tmp_path / "签到.xlsx", {"签到册": rows}))
    assert outcome.sheets[0].kind == "attendance"
    assert with_roster.rows("SELECT * FROM cur_members ORDER BY member_id") == members
    assert attendance(with_roster) == [
        ("A01", "“委员活动日”读书分享会", date(2025, 10, 16), "study", "attend"),
        (None, "“委员活动日”读书分享会", date(2025, 10, 16), "study", "attend")]


def test_a_list_of_names_and_sectors_is_no_roster(store, tmp_path):
    rows = [["姓名", "界别"], ["王刚", "中共"]]
    outcome = import_file(store, write_xlsx(tmp_path / "list.xlsx", {"Sheet1": rows}))
    assert outcome.sheets[0].kind != "roster" and not store.rows("SELECT * FROM cur_members")
    named = write_xlsx(tmp_path / "委员名单.xlsx", {"Sheet1": rows})
    assert import_file(store, named).sheets[0].kind == "roster"


def test_a_sheet_per_liaison_group_gives_its_events_their_organizer(with_roster, tmp_path):
    rows = [["姓名", "活动内容", "日期", "出勤"], ["王刚", "进社区联系群众", "2025-03-20", "参加"]]
    imported(with_roster, write_xlsx(tmp_path / "联络组活动.xlsx", {"城关区联络组": rows}))
    assert with_roster.rows("SELECT member_id, organizer FROM cur_attendance") == [("A01", "城关区联络组")]


# -- participant lists -----------------------------------------------------------------
def test_one_row_per_event_with_participant_lists_gives_a_record_per_name(with_roster, tmp_path):
    rows = [["2025年委员活动台账"],
            ["序号", "活动名称", "活动时间", "参加人员", "请假人员", "缺席人员"],
            [1, "城市更新专题调研", "2025年4月9日", "王刚、欧阳  修", "李春", None],
            [2, "读书讲座", "2025年5月14日", "王刚 张国强", None, "欧阳修"]]
    outcome = imported(with_roster, write_xlsx(tmp_path / "台账.xlsx", {"台账": rows}))
    assert outcome.sheets[0].kind == "attendance" and not outcome.pending
    assert attendance(with_roster) == [
        ("A01", "城市更新专题调研", date(2025, 4, 9), "inspect_research", "attend"),
        ("A02", "城市更新专题调研", date(2025, 4, 9), "inspect_research", "leave"),
        ("A04", "城市更新专题调研", date(2025, 4, 9), "inspect_research", "attend"),
        ("A01", "读书讲座", date(2025, 5, 14), "study", "attend"),
        ("A03", "读书讲座", date(2025, 5, 14), "study", "attend"),
        ("A04", "读书讲座", date(2025, 5, 14), "study", "absent")]


# -- columns the office maps by hand ---------------------------------------------------
def test_a_mark_column_the_office_maps_makes_the_sheet_a_register(with_roster, tmp_path):
    from data import taught

    rows = [["序号", "姓名", "活动名称", "日期", "到会情况"], [1, "王刚", "提案办理协商会", "2025-12-03", "出席"]]
    path = write_xlsx(tmp_path / "专委会.xlsx", {"专委会会议": rows})
    first = analyse_file(with_roster, path).outcome
    assert ("到会情况", None) in first.sheets[0].columns and first.status == "rejected"
    taught.teach(with_roster, [("column", "*:到会情况", "mark")], user="办公室")
    outcome = imported(with_roster, path)
    assert (outcome.sheets[0].kind, outcome.sheets[0].taught) == ("attendance", ["到会情况"])
    assert attendance(with_roster) == [("A01", "提案办理协商会", date(2025, 12, 3), "consult_other", "attend")]


# -- two-row headers -------------------------------------------------------------------
def test_a_two_row_header_is_read_whatever_its_sub_columns_are(store, tmp_path):
    rows = [["委员名册"],
            ["序号", "基本信息", None, None, "政协职务", None],
            [None, "姓名", "曾用名", "界别", "职务", "专门委员会"],
            [1, "王刚", "王小刚", "经济界", "常委", "经济委员会"]]
    outcome = imported(store, write_xlsx(tmp_path / "名册.xlsx", {"名册": rows}))
    sheet = outcome.sheets[0]
    assert (sheet.header_row, sheet.columns[0], sheet.columns[2]) == (2, ("序号", "seq"), ("基本信息 曾用名", None))
    assert store.rows("SELECT name, sector, title, committee FROM cur_members") == [("王刚", "经济界", "常委", "经济委员会")]
