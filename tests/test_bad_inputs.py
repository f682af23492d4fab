"""The bad-input corpus: files an office really sends, made here by the tests. Each one is
either rejected with the exact error (sheet, row, column, value and what was expected),
leaving every table as it was and the store working, or imported correctly where that is
what a careful office user expects."""
from __future__ import annotations

import io
import tomllib
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
import xlwt
from msoffcrypto.format.ooxml import OOXMLFile

from reading import vocab
from data.importer import FileOutcome, import_file
from reading.normalize import DATE_EXPECTED
from reading.parsers import MARK_EXPECTED
from tests.conftest import SAMPLE, ROOT, write_xlsx

HEADER = ["活动名称", "日期", "姓名", "出勤"]
GOOD_ROW = ["视察", "2025-05-01", "王刚", "出席"]
BAD_NAME = "2025年坏文件.xlsx"


@dataclass(frozen=True)
class Error:
    """One expected error: where it is, the value, and a fragment of what was expected."""

    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    expected: str = ""


def file_error(key: str, **values) -> Error:
    """A whole-file error of vocab.FILE_PROBLEMS, as the importer reports it."""
    value, expected = vocab.FILE_PROBLEMS[key]
    return Error(value=value.format(**values), expected=expected.format(**values))


def not_excel(what: str) -> Error:
    return file_error("not_excel", what=vocab.NOT_EXCEL[what])


def found(outcome: FileOutcome, error: Error) -> bool:
    return any((e.sheet, e.row, e.column, e.value) == (error.sheet, error.row, error.column, error.value)
               and error.expected in e.expected for e in outcome.errors)


def good_attendance(folder: Path) -> Path:
    return write_xlsx(folder / "2025年好文件.xlsx", {"出勤": [HEADER, GOOD_ROW]})


def rejected(store, path: Path, error: Error, **kw) -> FileOutcome:
    """Import ``path``: rejected with ``error``, nothing changed, and the store still imports."""
    before = store.table_contents()
    outcome = import_file(store, path, **kw)
    assert outcome.status == "rejected", outcome.summary()
    assert found(outcome, error), [(e.sheet, e.row, e.column, e.value, e.expected) for e in outcome.errors]
    assert store.table_contents() == before
    assert import_file(store, good_attendance(path.parent)).status == "imported"
    return outcome


def imported(store, path: Path, **kw) -> FileOutcome:
    outcome = import_file(store, path, **kw)
    assert outcome.status == "imported", [e.message() for e in outcome.errors]
    return outcome


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    buffer = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(buffer)
    return buffer.getvalue()


def zip_of(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def package_rels(main: str) -> bytes:
    return (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/officeDocument" Target="' + main.encode() + b'"/></Relationships>')


def xlsx_without(member: str, sheets: dict[str, list[list]]) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(sheets))) as z:
        return {n: z.read(n) for n in z.namelist() if n != member}


def encrypted(path: Path) -> Path:
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(xlsx_bytes({"出勤": [HEADER, GOOD_ROW]}))).encrypt("mima2025", out)
    return write_bytes(path, out.getvalue())


def xls_with_dimensions_upside_down(path: Path) -> Path:
    """An .xls whose DIMENSIONS record (type 0x0200, 14 bytes) says the sheet's first row lies
    after its last: calamine aborts the whole process on it."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("出勤")
    for r, row in enumerate([HEADER, GOOD_ROW]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(path))
    data = bytearray(path.read_bytes())
    record = data.index(b"\x00\x02\x0e\x00")
    data[record + 4] = 0x80
    return write_bytes(path, bytes(data))


# -- whole-file problems -----------------------------------------------------------------
CSV = "姓名,界别\n王刚,中共\n李春,民盟\n"
HTML = "<html><head><meta charset='utf-8'></head><body><table><tr><td>姓名</td><td>界别</td></tr></table></body></html>"
XML_2003 = ('<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="名册"/></Workbook>')

FILE_CASES = [
    ("binary garbage", lambda p: write_bytes(p / BAD_NAME, bytes(range(256)) * 8), not_excel("unknown")),
    ("csv renamed .xlsx", lambda p: write_bytes(p / BAD_NAME, CSV.encode()), not_excel("text")),
    ("gbk csv renamed .xls", lambda p: write_bytes(p / "2025年名册.xls", CSV.encode("gbk")), not_excel("text")),
    ("utf-16 text export renamed .xls", lambda p: write_bytes(p / "名册.xls", CSV.encode("utf-16")),
     not_excel("text")),
    ("web page saved as .xls", lambda p: write_bytes(p / "名册.xls", HTML.encode()), not_excel("html")),
    ("excel 2003 xml saved as .xls", lambda p: write_bytes(p / "名册.xls", XML_2003.encode()),
     not_excel("xml2003")),
    ("empty file", lambda p: write_bytes(p / BAD_NAME, b""), file_error("empty_file")),
    ("docx renamed .xlsx", lambda p: zip_of(p / BAD_NAME, {
        "_rels/.rels": package_rels("word/document.xml"), "word/document.xml": b"<w:document/>"}),
     not_excel("docx")),
    ("xlsb renamed .xlsx", lambda p: zip_of(p / BAD_NAME, {
        "_rels/.rels": package_rels("xl/workbook.bin"), "xl/workbook.bin": b"\x83\x01"}), not_excel("xlsb")),
    ("plain zip", lambda p: zip_of(p / BAD_NAME, {"说明.txt": "这不是工作簿".encode()}), not_excel("zip")),
    ("password-protected workbook", lambda p: encrypted(p / BAD_NAME), file_error("encrypted")),
    ("password-protected workbook named .xls", lambda p: encrypted(p / "2025年坏文件.xls"),
     file_error("encrypted")),
    ("truncated download", lambda p: write_bytes(p / BAD_NAME, xlsx_bytes({"出勤": [HEADER, GOOD_ROW]})[:1500]),
     file_error("damaged", detail=vocab.DAMAGE_DETAILS["zip"])),
    ("xlsx without its sheet xml", lambda p: zip_of(p / BAD_NAME, xlsx_without(
        "xl/worksheets/sheet1.xml", {"出勤": [HEADER, GOOD_ROW]})), file_error("damaged", detail=vocab.DAMAGE_DETAILS["sheet"])),
    ("xls with a corrupt DIMENSIONS record", lambda p: xls_with_dimensions_upside_down(p / "2025年坏文件.xls"),
     file_error("damaged", detail=vocab.DAMAGE_DETAILS["aborted"])),
    ("file that is not there", lambda p: p / "不存在.xlsx", file_error("missing")),
    ("empty workbook", lambda p: write_xlsx(p / BAD_NAME, {"Sheet1": []}), file_error("empty_workbook")),
    ("sheet with only a title", lambda p: write_xlsx(p / BAD_NAME, {"提案": [["2025年提案目录"]]}),
     file_error("no_known_sheet", rows=vocab.HEADER_SCAN_ROWS)),
    ("header below the rows searched", lambda p: write_xlsx(
        p / BAD_NAME, {"出勤": [["说明"]] * vocab.HEADER_SCAN_ROWS + [HEADER, GOOD_ROW]}),
     file_error("no_known_sheet", rows=vocab.HEADER_SCAN_ROWS)),
]


@pytest.mark.parametrize("case,build,error", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_whole_file_problem_rejects_with_a_clear_message(with_roster, tmp_path, case, build, error):
    outcome = rejected(with_roster, build(tmp_path), error)
    message = outcome.errors[0].message()
    assert message.startswith("文件：") and error.value in message


def test_password_message_says_remove_the_password(with_roster, tmp_path):
    outcome = rejected(with_roster, encrypted(tmp_path / BAD_NAME), file_error("encrypted"))
    assert "文件已加密（受密码保护）" in outcome.errors[0].message()
    assert "去除密码" in outcome.errors[0].message()


def test_file_above_the_upload_limit_is_refused_before_reading(with_roster, tmp_path):
    path = tmp_path / BAD_NAME
    with path.open("wb") as f:
        f.truncate(vocab.MAX_UPLOAD_MB * 1024 * 1024 + 1024 * 1024)
    rejected(with_roster, path, file_error("too_large", size=f"{vocab.MAX_UPLOAD_MB + 1:.1f}",
                                           limit=vocab.MAX_UPLOAD_MB))


def test_upload_limit_is_the_one_streamlit_enforces():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == vocab.MAX_UPLOAD_MB
    assert "vocab.MAX_UPLOAD_MB" in (ROOT / "views" / "import_files.py").read_text(encoding="utf-8")


def test_zip_bomb_is_refused_from_its_declared_sizes(with_roster, tmp_path):
    zeros = b"\0" * (40 * 1024 * 1024)
    path = zip_of(tmp_path / BAD_NAME, {"_rels/.rels": package_rels("xl/workbook.xml"), "xl/workbook.xml": zeros})
    with zipfile.ZipFile(path) as z:
        unpacked = sum(i.file_size for i in z.infolist())
        ratio = round(unpacked / sum(i.compress_size for i in z.infolist()))
    assert ratio > vocab.MAX_ZIP_RATIO
    rejected(with_roster, path, file_error("zip_bomb", size="40.0", ratio=ratio, limit=vocab.MAX_UNZIPPED_MB,
                                           max_ratio=vocab.MAX_ZIP_RATIO))


# -- sheets too big: refused from the sheet XML before calamine allocates the sheet -------
def too_big(sheet: str, rows: int, columns: int) -> Error:
    value, expected = vocab.FILE_PROBLEMS["too_big_sheet"]
    sizes = {"rows": rows, "columns": columns, "max_rows": vocab.MAX_SHEET_ROWS,
             "max_columns": vocab.MAX_SHEET_COLUMNS}
    return Error(sheet=sheet, value=value.format(**sizes), expected=expected.format(**sizes))


def test_two_hundred_thousand_rows_are_refused_by_the_row_limit(with_roster, tmp_path):
    path = tmp_path / BAD_NAME
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("大表")
    ws.write_row(0, 0, HEADER)
    for r in range(1, 200_001):
        ws.write_number(r, 0, r)
    wb.close()
    outcome = rejected(with_roster, path, too_big("大表", 200_001, 4))
    assert outcome.errors[0].message().startswith("工作表「大表」：共 200,001 行、4 列")


def test_ten_thousand_columns_are_refused_by_the_column_limit(with_roster, tmp_path):
    path = tmp_path / BAD_NAME
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("宽表")
    ws.write_row(0, 0, ["姓名"] + [f"3月{d % 28 + 1}日 活动{d}" for d in range(9_999)])
    ws.write_row(1, 0, ["王刚"] + ["到"] * 9_999)
    wb.close()
    rejected(with_roster, path, too_big("宽表", 2, 10_000))


def test_a_stray_cell_at_the_last_cell_of_excel_is_refused_not_a_crash(with_roster, tmp_path):
    path = tmp_path / BAD_NAME
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("出勤")
    for r, row in enumerate([HEADER, GOOD_ROW]):
        ws.write_row(r, 0, row)
    ws.write_string(1_048_575, 16_383, " ")
    wb.close()
    rejected(with_roster, path, too_big("出勤", 1_048_576, 16_384))


def test_only_the_oversized_sheets_are_named(with_roster, tmp_path, monkeypatch):
    monkeypatch.setattr(vocab, "MAX_SHEET_ROWS", 3)
    sheets = {"好": [HEADER, GOOD_ROW], "大": [HEADER] + [GOOD_ROW] * 3}
    outcome = rejected(with_roster, write_xlsx(tmp_path / BAD_NAME, sheets), too_big("大", 4, 4))
    assert [e.sheet for e in outcome.errors] == ["大"]


def test_a_sheet_at_the_row_limit_imports(with_roster, tmp_path, monkeypatch):
    monkeypatch.setattr(vocab, "MAX_SHEET_ROWS", 3)
    rows = [HEADER, GOOD_ROW, ["视察", "2025-05-01", "李春", "请假"]]
    assert imported(with_roster, write_xlsx(tmp_path / BAD_NAME, {"出勤": rows})).new == 2


# -- cell and column errors ----------------------------------------------------------------
def one_sheet(rows: list[list], sheet: str = "s"):
    return lambda p: write_xlsx(p / BAD_NAME, {sheet: rows})


CELL_CASES = [
    ("repeated column", one_sheet([HEADER + ["日期"], GOOD_ROW + ["2025-05-02"]]),
     Error("s", 1, "E 列（日期）", "日期", "与 B 列（日期） 重复")),
    ("roster without 界别", one_sheet([["姓名", "性别", "党派"], ["孙悟空", "男", "群众"]]),
     Error("s", 1, "", "界别", "委员名册的必需列：界别")),
    ("proposals without 提案人", one_sheet([["提案号", "案由", "立案情况"], ["1", "关于一", "立案"]]),
     Error("s", 1, "", "提案人", "提案目录的必需列：提案人")),
    ("sqmy without 报送人", one_sheet([["期号", "信息标题", "采用情况"], ["1", "关于一", "市政协采用"]]),
     Error("s", 1, "", "报送人", "社情民意的必需列：报送人")),
    ("speeches without 日期", one_sheet([["姓名", "会议", "发言题目", "发言形式"], ["王刚", "全会", "关于一", "口头"]]),
     Error("s", 1, "", "日期", "大会发言的必需列：日期")),
    ("reports without 提交日期 or 是否提交", one_sheet([["姓名", "年度", "备注"], ["王刚", "2025", ""]]),
     Error("s", 1, "", "提交日期/是否提交", "履职报告的必需列：提交日期/是否提交")),
    ("other duties without 类别", one_sheet([["姓名", "内容", "级别", "日期"], ["王刚", "义诊", "市", "2025-03-05"]]),
     Error("s", 1, "", "类别", "其他履职的必需列：类别")),
    ("adjustments without 事由", one_sheet([["姓名", "分值", "批准人"], ["王刚", 5, "主席会议"]]),
     Error("s", 1, "", "事由", "加减分的必需列：事由")),
    ("blank mark", one_sheet([HEADER, ["视察", "2025-05-01", "王刚", None]]),
     Error("s", 2, "D 列（出勤）", "", MARK_EXPECTED)),
    ("month 13", one_sheet([HEADER, ["视察", "2025年13月1日", "王刚", "到"]]),
     Error("s", 2, "B 列（日期）", "2025年13月1日", "2025年13月1日不存在")),
    ("negative date serial", one_sheet([HEADER, ["视察", -5, "王刚", "到"]]),
     Error("s", 2, "B 列（日期）", "-5", DATE_EXPECTED)),
    ("date serial beyond Excel", one_sheet([HEADER, ["视察", 10 ** 9, "王刚", "到"]]),
     Error("s", 2, "B 列（日期）", str(10 ** 9), DATE_EXPECTED)),
    ("date in the year before", one_sheet([HEADER, ["视察", "2024-12-28", "王刚", "到"]]),
     Error("s", 2, "B 列（日期）", "2024-12-28", "2025 年内的日期")),
    ("future year typed for this year", one_sheet([HEADER, ["视察", datetime(2052, 3, 5), "王刚", "到"]]),
     Error("s", 2, "B 列（日期）", "2052-03-05", "2025 年内的日期")),
    ("adjustment dated outside the year", one_sheet([["姓名", "分值", "事由", "日期"], ["王刚", 3, "奖励", "2026-01-10"]]),
     Error("s", 2, "D 列（日期）", "2026-01-10", "2025 年内的日期")),
    ("text in the 年度 column", one_sheet([["姓名", "是否提交", "年度"], ["王刚", "是", "二〇二五"]]),
     Error("s", 2, "C 列（年度）", "二〇二五", "四位年份")),
    ("huge points", one_sheet([["姓名", "分值", "事由"], ["王刚", 1e20, "奖励"]]),
     Error("s", 2, "B 列（分值）", "1" + "0" * 20, "绝对值不超过 1000 的分值")),
    ("points with a thousands separator", one_sheet([["姓名", "分值", "事由"], ["王刚", "1,000", "奖励"]]),
     Error("s", 2, "B 列（分值）", "1,000", "数值分值")),
    ("proposal with no proposer", one_sheet([["案由", "提案人"], ["关于加强社区养老的建议", None]]),
     Error("s", 2, "B 列（提案人）", "", "非空的提案人")),
    ("roster row with no name", one_sheet([["姓名", "界别", "性别"], [None, "科协", "男"]]),
     Error("s", 2, "A 列（姓名）", "", "委员姓名")),
    ("roster: one name twice in one 界别, no 编号, different people",
     one_sheet([["姓名", "界别", "性别", "工作单位"], ["刘洋", "科协", "男", "市一中"], ["刘洋", "科协", "女", "市医院"]]),
     Error("s", 3, "A 列（姓名）", "刘洋", "第 2 行已有科协界别的同名委员「刘洋」")),
    ("emoji in a name", one_sheet([HEADER, ["视察", "2025-05-01", "王刚😀", "到"]]),
     Error("s", 2, "C 列（姓名）", "王刚😀", "不能含表情符号")),
    ("emoji in a roster name", one_sheet([["姓名", "界别", "职务"], ["🌸李春", "民盟", "委员"]]),
     Error("s", 2, "A 列（姓名）", "🌸李春", "不能含表情符号")),
    ("emoji among co-signers", one_sheet([["案由", "提案人", "联名人"], ["关于一", "王刚", "李春、👍"]]),
     Error("s", 2, "C 列（联名人）", "李春、👍", "不能含表情符号")),
    ("error value #N/A in a required cell", one_sheet([HEADER, ["视察", "#N/A", "王刚", "到"]]),
     Error("s", 2, "B 列（日期）", "#N/A", "单元格是错误值")),
    ("error value #REF! in a matrix mark", one_sheet([["姓名", "3月5日 视察"], ["王刚", "#REF!"]]),
     Error("s", 2, "B 列（3月5日 视察）", "#REF!", "单元格是错误值")),
    ("formula saved without its result", one_sheet([HEADER, ["视察", "=DATE(2025,5,1)", "王刚", "到"]]),
     Error("s", 2, "B 列（日期）", "=DATE(2025,5,1)", "公式没有保存计算结果")),
]


@pytest.mark.parametrize("case,build,error", CELL_CASES, ids=[c[0] for c in CELL_CASES])
def test_cell_or_column_error_names_its_place(with_roster, tmp_path, case, build, error):
    outcome = rejected(with_roster, build(tmp_path), error)
    message = next(e.message() for e in outcome.errors if e.row == error.row)
    assert message.startswith(f"工作表「{error.sheet}」第 {error.row} 行")


def test_the_row_with_a_faulty_cell_adds_no_second_error(with_roster, tmp_path):
    path = write_xlsx(tmp_path / BAD_NAME, {"s": [HEADER, ["视察", "#N/A", "王刚", "#VALUE!"]]})
    outcome = rejected(with_roster, path, Error("s", 2, "D 列（出勤）", "#VALUE!", "单元格是错误值"))
    assert [(e.column, e.value) for e in outcome.errors] == [("B 列（日期）", "#N/A"), ("D 列（出勤）", "#VALUE!")]


# -- files that import: what a careful office user expects ----------------------------------
def test_formulas_import_their_saved_results(with_roster, tmp_path):
    path = tmp_path / "2025年出勤.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("出勤")
    ws.write_row(0, 0, HEADER)
    ws.write_formula(1, 0, '="视"&"察"', None, "视察")
    ws.write_formula(1, 1, "=DATE(2025,5,1)", wb.add_format({"num_format": "yyyy-mm-dd"}), 45778)
    ws.write_string(1, 2, "王刚")
    ws.write_formula(1, 3, '=IF(1,"到","")', None, "到")
    wb.close()
    imported(with_roster, path)
    assert with_roster.rows("SELECT event_name, event_date, status FROM cur_attendance") == [
        ("视察", date(2025, 5, 1), "attend")]


def test_an_error_value_in_a_column_not_read_is_ignored(with_roster, tmp_path):
    path = write_xlsx(tmp_path / "2025年出勤.xlsx", {"出勤": [HEADER + ["核对"], GOOD_ROW + ["#DIV/0!"]]})
    assert imported(with_roster, path).new == 1


def test_hidden_sheet_is_skipped_with_a_note(with_roster, tmp_path):
    path = write_xlsx(tmp_path / "2025年出勤.xlsx", {"出勤": [HEADER, GOOD_ROW],
                                                   "下拉选项": [["界别", "出勤"], ["中共", "出差"]]})
    wb = openpyxl.load_workbook(path)
    wb["下拉选项"].sheet_state = "hidden"
    wb.save(path)
    outcome = imported(with_roster, path)
    assert [(s.sheet, s.kind, s.notes) for s in outcome.sheets] == [
        ("出勤", "attendance", []), ("下拉选项", None, [vocab.SHEET_NOTES["hidden"]])]


def test_data_only_in_a_hidden_sheet_is_not_imported_and_the_note_says_why(with_roster, tmp_path):
    path = write_xlsx(tmp_path / BAD_NAME, {"封面": [["2025年出勤登记"]], "数据": [HEADER, GOOD_ROW]})
    wb = openpyxl.load_workbook(path)
    wb["数据"].sheet_state = "veryHidden"
    wb.save(path)
    outcome = rejected(with_roster, path, file_error("no_known_sheet", rows=vocab.HEADER_SCAN_ROWS))
    assert outcome.sheets[1].notes == [vocab.SHEET_NOTES["hidden"]]


def test_chart_sheet_is_skipped_with_a_note(with_roster, tmp_path):
    path = tmp_path / "2025年出勤.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("出勤")
    for r, row in enumerate([HEADER, GOOD_ROW]):
        ws.write_row(r, 0, row)
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=出勤!$A$1:$A$2"})
    wb.add_chartsheet("图表").set_chart(chart)
    wb.close()
    outcome = imported(with_roster, path)
    assert outcome.sheets[1].notes == [vocab.SHEET_NOTES["not_worksheet"]]


def test_cells_merged_down_over_data_rows_fill_each_row(with_roster, tmp_path):
    rows = [["2025年视察活动登记"], HEADER, ["视察", "2025-05-01", "王刚", "到"], [None, None, "李春", "请假"],
            [None, None, "张国强", "缺席"]]
    path = write_xlsx(tmp_path / "2025年出勤.xlsx", {"出勤": rows}, {"出勤": ["A1:D1", "A3:A5", "B3:B5"]})
    imported(with_roster, path)
    assert with_roster.rows("SELECT event_name, event_date, name, status FROM cur_attendance ORDER BY row_no") == [
        ("视察", date(2025, 5, 1), "王刚", "attend"), ("视察", date(2025, 5, 1), "李春", "leave"),
        ("视察", date(2025, 5, 1), "张国强", "absent")]


def test_a_roster_sector_merged_over_its_members(store, tmp_path):
    rows = [["界别", "姓名", "性别"], ["科协", "张国强", "男"], [None, "欧阳修", "男"], ["妇联", "赵敏", "女"]]
    imported(store, write_xlsx(tmp_path / "名册.xlsx", {"名册": rows}, {"名册": ["A2:A3"]}))
    assert store.rows("SELECT name, sector FROM cur_members ORDER BY row_no") == [
        ("张国强", "科协"), ("欧阳修", "科协"), ("赵敏", "妇联")]


def test_a_section_row_merged_across_columns_stays_a_section_row(with_roster, tmp_path):
    rows = [HEADER, ["一、视察活动"], GOOD_ROW]
    outcome = imported(with_roster, write_xlsx(tmp_path / "2025年出勤.xlsx", {"出勤": rows}, {"出勤": ["A2:D2"]}))
    assert dict(outcome.sheets[0].skipped) == {"section": 1}


def test_the_header_repeated_on_every_printed_page_is_skipped(with_roster, tmp_path):
    rows = [HEADER, GOOD_ROW, HEADER, ["视察", "2025-05-01", "李春", "请假"]]
    outcome = imported(with_roster, write_xlsx(tmp_path / "2025年出勤.xlsx", {"出勤": rows}))
    assert (outcome.new, dict(outcome.sheets[0].skipped)) == (2, {"header": 1})


def test_control_and_zero_width_characters_are_stripped_from_names(with_roster, tmp_path):
    rows = [HEADER, ["视察", "2025-05-01", "\u200b王\ufeff刚\u200d", "到"], ["视察", "2025-05-01", "李\u00ad春", "到"]]
    outcome = imported(with_roster, write_xlsx(tmp_path / "2025年出勤.xlsx", {"出勤": rows}))
    assert outcome.pending == []
    assert with_roster.rows("SELECT name FROM cur_attendance ORDER BY row_no") == [("王刚",), ("李春",)]


def test_control_characters_in_a_header_do_not_hide_it(with_roster, tmp_path):
    rows = [["活动名称", "日\u200b期", "\ufeff姓名", "出勤"], GOOD_ROW]
    assert imported(with_roster, write_xlsx(tmp_path / "2025年出勤.xlsx", {"出勤": rows})).new == 1


def test_negative_points_are_a_deduction(with_roster, tmp_path):
    rows = [["姓名", "分值", "事由", "日期"], ["王刚", -3, "无故缺席全会", "2025-03-05"], ["李春", "-1.5分", "迟到", None]]
    imported(with_roster, write_xlsx(tmp_path / "2025年加减分.xlsx", {"加减分": rows}))
    assert with_roster.rows("SELECT name, points FROM cur_adjustments ORDER BY row_no") == [
        ("王刚", Decimal("-3.00")), ("李春", Decimal("-1.50"))]


def test_points_at_the_limit_import(with_roster, tmp_path):
    rows = [["姓名", "分值", "事由"], ["王刚", vocab.MAX_ADJUSTMENT_POINTS, "特别贡献"]]
    imported(with_roster, write_xlsx(tmp_path / "2025年加减分.xlsx", {"加减分": rows}))
    assert with_roster.scalar("SELECT points FROM cur_adjustments") == vocab.MAX_ADJUSTMENT_POINTS


def test_a_title_naming_two_years_takes_dates_of_both(with_roster, tmp_path):
    rows = [["2024-2025年度视察登记"], HEADER, ["视察", "2024-12-28", "王刚", "到"], GOOD_ROW]
    assert imported(with_roster, write_xlsx(tmp_path / "视察.xlsx", {"出勤": rows})).new == 2


def test_dates_of_any_year_when_no_year_is_stated(with_roster, tmp_path):
    rows = [HEADER, ["视察", "2023-12-28", "王刚", "到"], GOOD_ROW]
    assert imported(with_roster, write_xlsx(tmp_path / "视察.xlsx", {"出勤": rows}), year=2025).new == 2


def test_a_roster_row_written_twice_is_one_member(store, tmp_path):
    rows = [["姓名", "界别", "性别"], ["刘洋", "科协", "男"], ["刘洋", "科协", "男"]]
    outcome = imported(store, write_xlsx(tmp_path / "名册.xlsx", {"名册": rows}))
    assert outcome.new == 1 and outcome.sheets[0].notes == ["第 3 行与工作表「名册」第 2 行是同一条记录，只计一次"]


def test_excel_true_and_false_cells_are_yes_and_no(store, tmp_path):
    rows = [["姓名", "界别", "是否常委"], ["王刚", "中共", True], ["李春", "民盟", False]]
    imported(store, write_xlsx(tmp_path / "名册.xlsx", {"名册": rows}))
    assert store.rows("SELECT name, is_standing FROM cur_members ORDER BY row_no") == [("王刚", True), ("李春", False)]


def test_a_sheet_protected_against_editing_imports(with_roster, tmp_path):
    path = write_xlsx(tmp_path / "2025年出勤.xlsx", {"出勤": [HEADER, GOOD_ROW]})
    wb = openpyxl.load_workbook(path)
    wb["出勤"].protection.sheet = True
    wb["出勤"].protection.password = "mima"
    wb.save(path)
    assert imported(with_roster, path).new == 1


def xls_roster(path: Path) -> Path:
    """An Excel 97-2003 roster with a title, a merged 界别 and a date cell."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("名册")
    sheet.write_merge(0, 0, 0, 4, "政协××市第十四届委员会委员名册")
    for c, label in enumerate(["编号", "姓名", "界别", "状态", "变动日期"]):
        sheet.write(1, c, label)
    rows = [["A01", "王刚", "中共", "在任", None], ["A02", "李春", None, "增补", datetime(2025, 6, 1)],
            ["A03", "张国强", None, "在任", None]]
    dated = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value, dated if isinstance(value, datetime) else xlwt.Style.default_style)
    sheet.write_merge(3, 4, 2, 2, "民盟")
    book.save(str(path))
    return path


def test_an_xls_workbook_imports(store, tmp_path):
    imported(store, xls_roster(tmp_path / "委员名册.xls"))
    assert store.rows("SELECT member_id, name, sector, status, change_date FROM cur_members ORDER BY member_id") == [
        ("A01", "王刚", "中共", "在任", None), ("A02", "李春", "民盟", "增补", date(2025, 6, 1)),
        ("A03", "张国强", "民盟", "在任", None)]


def test_an_xls_workbook_renamed_xlsx_imports_by_its_content(store, tmp_path):
    path = xls_roster(tmp_path / "委员名册.xls").rename(tmp_path / "委员名册.xlsx")
    assert imported(store, path).new == 3


def test_the_sample_roster_imports_after_a_rejected_file(store, tmp_path):
    sample = SAMPLE / "委员名册.xlsx"
    before = store.table_contents()
    assert import_file(store, encrypted(tmp_path / BAD_NAME)).status == "rejected"
    assert store.table_contents() == before
    assert imported(store, sample).new > 0

