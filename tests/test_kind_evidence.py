"""A sheet's kind is never guessed from the columns every kind may have: a list of 姓名
and 时间 is not a list of speeches. Until a column of its own (or a word in its title,
sheet or file name) says what it is, the check lists its columns and the clerk maps one —
on the import page as on the command line — and the sheet is then read as that kind."""
from __future__ import annotations

from data import taught
from data.importer import analyse_file, import_file
from tests.apptest_util import open_page, rerun
from tests.conftest import write_xlsx
from tests.test_page_import_questions import office_db, texts, upload  # noqa: F401  (fixture)

SIGN_IN = [["议题", "时间", "姓名", "签名"], ["关于城市更新的专题协商", "2025-03-05", "王刚", "√"],
           ["关于城市更新的专题协商", "2025-03-05", "李春", "请假"]]


def test_names_and_dates_alone_decide_no_kind(with_roster, tmp_path):
    before = with_roster.table_contents()
    outcome = import_file(with_roster, write_xlsx(tmp_path / "x.xlsx", {"Sheet1": SIGN_IN}))
    assert outcome.status == "rejected" and with_roster.table_contents() == before
    [sheet] = outcome.sheets
    assert sheet.kind is None and dict(sheet.columns) == {"议题": None, "时间": "date", "姓名": "name", "签名": None}
    assert "无法确定这是哪类表格（只认出 时间、姓名）" in sheet.notes[0] and "议题、签名" in sheet.notes[0]
    assert "可确定类别的工作表" in outcome.errors[0].expected


def test_a_word_of_the_kind_in_the_name_decides_it(with_roster, tmp_path):
    rows = [["姓名", "日期"], ["王刚", "2025-03-05"]]
    plain = write_xlsx(tmp_path / "x.xlsx", {"Sheet1": rows})
    assert analyse_file(with_roster, plain).outcome.sheets[0].kind is None
    named = write_xlsx(tmp_path / "2025年大会发言.xlsx", {"Sheet1": rows})
    assert analyse_file(with_roster, named).outcome.sheets[0].kind == "speeches"


def test_mapping_the_columns_makes_it_a_register(with_roster, tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", {"Sheet1": SIGN_IN})
    taught.teach(with_roster, [("column", "*:签名", "mark"), ("column", "*:议题", "event")], user="办公室")
    outcome = import_file(with_roster, path, year=2025)
    assert outcome.status == "imported" and outcome.sheets[0].kind == "attendance"
    assert sorted(with_roster.rows("SELECT member_id, status, category FROM cur_attendance")) == [
        ("A01", "attend", "consult_thematic"), ("A02", "leave", "consult_thematic")]


def test_the_page_offers_every_field_for_a_sheet_of_no_kind(office_db, tmp_path):  # noqa: F811
    path = write_xlsx(tmp_path / "x.xlsx", {"Sheet1": SIGN_IN})
    at = upload(open_page("import_files"), path, name="签名.xlsx")
    column = next(s for s in at.selectbox if s.label == "未使用的列")
    assert column.options == ["议题", "签名"]
    field = next(s for s in at.selectbox if s.label == "读作")
    assert {"出勤", "活动名称", "案由", "分值"} <= set(field.options)
    column.select_index(column.options.index("签名"))
    field.select_index(field.options.index("出勤"))
    at.button(key=next(b.key for b in at.button if b.label == "保存映射")).click()
    rerun(at)
    assert "「签名」列读作「出勤」" in texts(at.success)
    assert taught.knowledge(office_db).mapped("Sheet1", "签名") == "mark"
