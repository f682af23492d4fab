"""Write the 江北市政协 (fictional) office-layout workbooks of tests/corpus/jiangbei/.

Deterministic: fixed values only. Run with the project's Python:

    .venv/bin/python tests/corpus/build/jiangbei.py

The expected .toml files beside the workbooks are written by hand, by reading the
workbooks; this script never writes them.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import xlsxwriter
import xlwt
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

OUT = Path(__file__).resolve().parent.parent / "jiangbei"

# 编号, 姓名, 性别, 界别, 党派, 职务, 界别活动组, 委员联络组, 专委会
ROSTER = [
    ("JB001", "李建国", "男", "中国共产党", "中共", "主席", "第一活动组", "第一联络组", "提案委员会"),
    ("JB002", "张敏", "女", "中国共产党", "中共", "副主席", "第一活动组", "第二联络组", "经济委员会"),
    ("JB003", "刘洋", "男", "中国民主建国会", "民建", "副主席", "第二活动组", "第三联络组", "经济委员会"),
    ("JB004", "陈国华", "男", "九三学社", "九三学社", "常委", "第三活动组", "第一联络组", "教科卫体委员会"),
    ("JB005", "黄丽娟", "女", "无党派人士", "无党派人士", "常委", "第四活动组", "第二联络组", "社会和法制委员会"),
    ("JB006", "周轩", "男", "科技界", "九三学社", "委员", "第三活动组", "第三联络组", "教科卫体委员会"),
    ("JB007", "吴芳", "女", "医药卫生界", "农工党", "常委", "第四活动组", "第一联络组", "教科卫体委员会"),
    ("JB008", "赵志强", "男", "经济界", "群众", "委员", "第二活动组", "第二联络组", "经济委员会"),
    ("JB009", "孙丽", "女", "文化艺术界", "民进", "委员", "第四活动组", "第三联络组", "文化文史和学习委员会"),
    ("JB010", "马俊", "男", "农业界", "中共", "委员", "第二活动组", "第一联络组", "农业和农村委员会"),
    ("JB011", "王磊", "男", "教育界", "民盟", "委员", "第三活动组", "第二联络组", "教科卫体委员会"),
    ("JB012", "杨帆", "男", "中国共产党", "中共", "常委", "第一活动组", "第三联络组", "提案委员会"),
    ("JB013", "朱红梅", "女", "社会福利和社会保障界", "群众", "委员", "第四活动组", "第一联络组", "社会和法制委员会"),
    ("JB014", "胡斌", "男", "中国民主建国会", "民建", "委员", "第二活动组", "第二联络组", "经济委员会"),
    ("JB015", "郭静", "女", "九三学社", "九三学社", "委员", "第三活动组", "第三联络组", "教科卫体委员会"),
    ("JB016", "何伟", "男", "无党派人士", "无党派人士", "委员", "第四活动组", "第一联络组", "文化文史和学习委员会"),
    ("JB017", "林晓燕", "女", "医药卫生界", "中共", "委员", "第四活动组", "第二联络组", "教科卫体委员会"),
    ("JB018", "高峰", "男", "科技界", "群众", "委员", "第三活动组", "第三联络组", "经济委员会"),
    ("JB019", "罗琳", "女", "教育界", "民进", "委员", "第三活动组", "第一联络组", "教科卫体委员会"),
    ("JB020", "梁勇", "男", "文化艺术界", "群众", "委员", "第四活动组", "第二联络组", "文化文史和学习委员会"),
    ("JB021", "宋佳", "女", "农业界", "农工党", "委员", "第二活动组", "第三联络组", "农业和农村委员会"),
    ("JB022", "王磊", "男", "经济界", "中共", "委员", "第二活动组", "第一联络组", "经济委员会"),
    ("JB023", "郑海涛", "男", "社会福利和社会保障界", "民盟", "常委", "第四活动组", "第二联络组", "社会和法制委员会"),
    ("JB024", "谢婷", "女", "中国共产党", "中共", "委员", "第一活动组", "第三联络组", "社会和法制委员会"),
    ("JB025", "韩雪", "女", "经济界", "民建", "委员", "第二活动组", "第一联络组", "经济委员会"),
    ("JB026", "唐明", "男", "教育界", "中共", "常委", "第三活动组", "第二联络组", "教科卫体委员会"),
    ("JB027", "冯晓东", "男", "医药卫生界", "九三学社", "委员", "第四活动组", "第三联络组", "教科卫体委员会"),
    ("JB028", "许文", "女", "科技界", "无党派人士", "委员", "第三活动组", "第一联络组", "提案委员会"),
    ("JB029", "邓超", "男", "农业界", "群众", "委员", "第二活动组", "第二联络组", "农业和农村委员会"),
    ("JB030", "曹亮", "男", "文化艺术界", "中共", "委员", "第四活动组", "第三联络组", "文化文史和学习委员会"),
]

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
DATE_FMT = "yyyy-mm-dd"


def D(y: int, m: int, d: int) -> dt.date:
    return dt.date(y, m, d)


def xl_title(ws, row: int, text: str, ncols: int, font=TITLE) -> None:
    ws.cell(row=row, column=1, value=text).font = font
    ws.cell(row=row, column=1).alignment = CENTER
    if ncols > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)


def xl_rows(ws, start: int, rows, bold_first: bool = False) -> int:
    r = start
    for i, row in enumerate(rows):
        for c, v in enumerate(row, start=1):
            if v is None:
                continue
            cell = ws.cell(row=r, column=c, value=v)
            if isinstance(v, (dt.date, dt.datetime)):
                cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(v, dt.datetime) else DATE_FMT
            if bold_first and i == 0:
                cell.font = BOLD
                cell.alignment = CENTER
        r += 1
    return r


FIXED_STAMP = "2025-12-15T08:00:00Z"


def normalize_zip(path: Path) -> None:
    """Make an .xlsx byte-stable: fixed zip entry times and fixed document-property times."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)", rf"\g<1>{FIXED_STAMP}\g<3>", text)
                data = text.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def save(wb, name: str) -> None:
    wb.save(OUT / name)
    normalize_zip(OUT / name)


# ---------------------------------------------------------------- rosters


def roster_00() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "委员名单"
    head = ["序号", "编号", "姓名", "性别", "界别", "党派", "职务", "界别活动组", "委员联络组", "专委会"]
    xl_title(ws, 1, "政协江北市第十届委员会委员名单", len(head))
    rows = [head] + [[i, *m[:3], m[3], m[4], m[5], m[6], m[7], m[8]] for i, m in enumerate(ROSTER, 1)]
    xl_rows(ws, 2, rows, bold_first=True)
    ws.freeze_panes = "A3"
    for col, w in zip("ABCDEFGHIJ", (6, 9, 10, 6, 22, 12, 8, 12, 12, 20)):
        ws.column_dimensions[col].width = w
    save(wb, "00-roster.xlsx")


def roster_01_nocode_short() -> None:
    """No 编号; 界别 written with the office's short names; full-width 序号; trailing spaces."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    head = ["序号", "姓名", "性别", "界别", "党派", "职务"]
    xl_title(ws, 1, "江北市政协委员名单（按界别）", len(head))
    rows = [
        head,
        ["１", "钱进 ", "男", "医卫界", "农工党", "常委"],
        ["２", "蒋雯", "女", "医卫界", "中共", "委员"],
        ["３", "沈浩然", "男", "经济界 ", "民建", "委员"],
        ["４", "韦晴", "女", "文艺界", "群众", "委员"],
        ["５", "秦川", "男", "社福界", "民盟", "常委"],
        ["６", "尤佳怡", "女", "科技界", "九三学社", "委员"],
        ["７", "许振东 ", "男", "教育界", "民进", "副主席"],
        ["８", "何欣", "女", "农业界", "群众", "委员"],
    ]
    xl_rows(ws, 2, rows, bold_first=True)
    save(wb, "01-roster-nocode-short.xlsx")


def roster_02_sheet_per_sector() -> None:
    """One sheet per 界别: the 界别 is in the sheet name and/or a subtitle row; no 界别 column."""
    wb = openpyxl.Workbook()
    head = ["序号", "编号", "姓名", "性别", "党派", "职务"]
    sheets = [
        # (sheet name, subtitle or None, rows)
        ("教育界", None, [
            ["1", "B0201", "潘志明", "男", "民进", "常委"],
            ["2", "B0202", "田甜", "女", "民盟", "委员"],
            ["3", "B0203", "姚远", "男", "中共", "委员"],
        ]),
        ("Sheet2", "界别：医药卫生界（3人）", [
            ["1", "B0204", "钟南", "男", "农工党", "委员"],
            ["2", "B0205", "汪琪", "女", "中共", "常委"],
            ["3", "B0206", "石磊", "男", "九三学社", "委员"],
        ]),
        ("经济界", "界别：经济界（2人）", [
            ["1", "B0207", "陆宏", "男", "民建", "委员"],
            ["2", "B0208", "贺兰", "女", "群众", "委员"],
        ]),
    ]
    first = True
    for name, sub, rows in sheets:
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = name
        xl_title(ws, 1, "江北市政协委员分界别名单", len(head))
        r = 2
        if sub:
            ws.cell(row=2, column=1, value=sub).font = BOLD
            r = 3
        r = xl_rows(ws, r, [head], bold_first=True)
        xl_rows(ws, r, rows)
    save(wb, "02-roster-sheet-per-sector.xlsx")


def roster_03_composite_title() -> None:
    """Composite 职务 («常委、教科卫体委员会副主任»), merged 界别 cells, a 备注 «审核通过»."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    head = ["序号", "编号", "界别", "姓名", "性别", "职务", "专委会", "备注"]
    xl_title(ws, 1, "江北市政协委员职务一览表", len(head))
    rows = [
        head,
        [1, "C301", "教育界", "严冬", "男", "常委、教科卫体委员会副主任", "教科卫体委员会", None],
        [2, "C302", None, "华晓", "女", "委员", "教科卫体委员会", "审核通过"],
        [3, "C303", None, "金山", "男", "委员", "提案委员会", None],
        [4, "C304", "经济界", "魏东来", "男", "副主席", "经济委员会", None],
        [5, "C305", None, "陶然", "女", "常委、经济委员会主任", "经济委员会", None],
        [6, "C306", None, "戚明", "男", "委员", "经济委员会", None],
        [7, "C307", "农业界", "邹丰", "男", "委员", "农业和农村委员会", None],
        [8, "C308", None, "喻春", "女", "常委、农业和农村委员会副主任", "农业和农村委员会", None],
    ]
    xl_rows(ws, 2, rows, bold_first=True)
    for a, b in ((3, 5), (6, 8), (9, 10)):
        ws.merge_cells(start_row=a, start_column=3, end_row=b, end_column=3)
        ws.cell(row=a, column=3).alignment = CENTER
    ws.column_dimensions["F"].width = 30
    save(wb, "03-roster-composite-title.xlsx")


def roster_04_political_long() -> None:
    """政治面貌 written long; section rows «中共界（3人）»; a blank row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "委员信息"
    head = ["序号", "编号", "姓名", "性别", "民族", "出生年月", "政治面貌", "界别", "职务"]
    xl_title(ws, 1, "江北市政协第十届委员会委员基本信息表", len(head))
    rows = [
        head,
        ["中共界（3人）"],
        [1, "D401", "柏林", "男", "汉族", "1970.05", "中共党员", "中国共产党", "常委"],
        [2, "D402", "水清", "女", "汉族", "1975.11", "中共党员", "中国共产党", "委员"],
        [3, "D403", "窦明亮", "男", "回族", "1968.02", "中共党员", "中国共产党", "委员"],
        ["民建界（2人）"],
        [4, "D404", "章立", "男", "汉族", "1972.08", "中国民主建国会会员", "中国民主建国会", "常委"],
        [5, "D405", "云朵", "女", "汉族", "1980.03", "中国民主建国会会员", "中国民主建国会", "委员"],
        [],
        ["九三学社界（1人）"],
        [6, "D406", "苏文博", "男", "汉族", "1966.12", "九三学社社员", "九三学社", "委员"],
        ["无党派人士界（1人）"],
        [7, "D407", "潘婷婷", "女", "汉族", "1979.07", "无党派人士", "无党派人士", "委员"],
        ["社会福利和社会保障界（1人）"],
        [8, "D408", "葛亮", "男", "汉族", "1983.09", "群众", "社会福利和社会保障界", "委员"],
    ]
    r = 2
    for row in rows:
        if len(row) == 1:
            ws.cell(row=r, column=1, value=row[0]).font = BOLD
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(head))
            r += 1
        else:
            r = xl_rows(ws, r, [row], bold_first=(row is head))
    save(wb, "04-roster-political-long.xlsx")


def roster_05_platform_export() -> None:
    """履职平台 export: inline strings (constant_memory), frozen header, autofilter, a hidden
    helper sheet with a dropdown list, date-time cells in 变动日期."""
    path = OUT / "05-roster-platform-export.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    wb.set_properties({"created": dt.datetime(2025, 12, 15, 8, 0, 0)})
    ws = wb.add_worksheet("委员信息")
    helper = wb.add_worksheet("dict")
    head_f = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    dt_f = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    head = ["委员编号", "委员姓名", "性别", "所属界别", "党派", "政协职务", "是否常委", "所属专委会", "委员状态", "变动日期", "联系电话"]
    rows = [
        ["E501", "包文静", "女", "科技界", "九三学社", "委员", "否", "教科卫体委员会", "在任", None, "13800000501"],
        ["E502", "左宏伟", "男", "经济界", "民建", "常委", "是", "经济委员会", "在任", None, "13800000502"],
        ["E503", "石晓光", "男", "医药卫生界", "农工党", "委员", "否", "教科卫体委员会", "增补", dt.datetime(2025, 1, 8, 9, 0, 0), "13800000503"],
        ["E504", "龙凤", "女", "文化艺术界", "民进", "委员", "否", "文化文史和学习委员会", "辞去", dt.datetime(2025, 6, 18, 15, 30, 0), "13800000504"],
        ["E505", "易水寒", "男", "中国共产党", "中共", "副主席", "是", "提案委员会", "在任", None, "13800000505"],
        ["E506", "乔安", "女", "农业界", "群众", "委员", "否", "农业和农村委员会", "在任", None, "13800000506"],
    ]
    ws.write_row(0, 0, head, head_f)
    for i, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, dt.datetime):
                ws.write_datetime(i, c, v, dt_f)
            else:
                ws.write_string(i, c, v)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(rows), len(head) - 1)
    ws.data_validation(1, 8, 200, 8, {"validate": "list", "source": "=dict!$A$1:$A$4"})
    ws.set_column(0, 10, 14)
    for i, v in enumerate(["在任", "增补", "辞去", "调出"]):
        helper.write_string(i, 0, v)
    helper.hide()
    wb.close()


def roster_06_xls_tworow() -> None:
    """.xls roster (xlwt) with a two-row header: «基本信息» over 姓名/性别, «政协职务» over 常委/专委会."""
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("委员名册")
    st_t = xlwt.easyxf("font: bold on, height 280; align: horiz center, vert center")
    st_h = xlwt.easyxf("font: bold on; align: horiz center, vert center; borders: left thin, right thin, top thin, bottom thin")
    ws.write_merge(0, 0, 0, 6, "江北市政协委员名册", st_t)
    ws.write_merge(1, 2, 0, 0, "序号", st_h)
    ws.write_merge(1, 1, 1, 2, "基本信息", st_h)
    ws.write(2, 1, "姓名", st_h)
    ws.write(2, 2, "性别", st_h)
    ws.write_merge(1, 2, 3, 3, "界别", st_h)
    ws.write_merge(1, 2, 4, 4, "党派", st_h)
    ws.write_merge(1, 1, 5, 6, "政协职务", st_h)
    ws.write(2, 5, "常委", st_h)
    ws.write(2, 6, "专委会", st_h)
    rows = [
        [1, "甘霖", "男", "农业界", "中共", "是", "农业和农村委员会"],
        [2, "柯岩", "男", "科技界", "九三学社", "否", "教科卫体委员会"],
        [3, "蓝天", "女", "教育界", "民盟", "否", "教科卫体委员会"],
        [4, "欧阳明", "男", "经济界", "民建", "是", "经济委员会"],
        [5, "司马静", "女", "文化艺术界", "群众", "否", "文化文史和学习委员会"],
        [6, "卢森", "男", "无党派人士", "无党派人士", "否", "社会和法制委员会"],
    ]
    for i, row in enumerate(rows, start=3):
        for c, v in enumerate(row):
            ws.write(i, c, v)
    wb.save(str(OUT / "06-roster-xls-tworow.xls"))


def roster_07_star_standing() -> None:
    """★ before 常委 names, a 届次 column «十届», 党派 short («九三»), a legend footer."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "十届委员"
    head = ["序号", "编号", "姓名", "届次", "界别", "党派"]
    xl_title(ws, 1, "政协江北市第十届委员会委员名单", len(head))
    rows = [
        head,
        [1, "G701", "★岳峰", "十届", "九三学社", "九三"],
        [2, "G702", "车晓", "十届", "九三学社", "九三"],
        [3, "G703", "★常乐", "十届", "中国民主建国会", "民建"],
        [4, "G704", "毕然", "十届", "医药卫生界", "农工"],
        [5, "G705", "★凌云", "十届", "中国共产党", "中共"],
        [6, "G706", "单丹", "十届", "无党派人士", "无党派"],
        [7, "G707", "房宇", "十届", "教育界", "民盟"],
    ]
    r = xl_rows(ws, 2, rows, bold_first=True)
    ws.cell(row=r + 1, column=1, value="注：姓名前加★者为市政协常委。")
    save(wb, "07-roster-star-standing.xlsx")


# ---------------------------------------------------------------- attendance


def att_10_long_signin() -> None:
    """Long layout, one row per member per event, 签到情况 已签到/未签到/请假; a blank row,
    trailing spaces, a name not on the roster."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "签到记录"
    head = ["序号", "姓名", "活动名称", "活动日期", "签到情况"]
    xl_title(ws, 1, "江北市政协2025年委员活动签到记录", len(head))
    P1 = "十届三次会议第一次全体会议"
    C1 = "优化营商环境专题协商会"
    rows = [
        head,
        [1, "李建国", P1, D(2025, 1, 8), "已签到"],
        [2, "张敏 ", P1, D(2025, 1, 8), "已签到"],
        [3, "赵志强", P1, D(2025, 1, 8), "请假"],
        [4, "孙丽", P1, D(2025, 1, 8), "未签到"],
        [5, "马俊", P1, D(2025, 1, 8), "已签到"],
        [],
        [6, "刘洋", C1, D(2025, 3, 5), "已签到"],
        [7, "胡斌", C1, D(2025, 3, 5), "已签到 "],
        [8, "韩雪", C1, D(2025, 3, 5), "请假"],
        [9, "郭静", C1, D(2025, 3, 5), "已签到"],
        [10, "孙晓梅", C1, D(2025, 3, 5), "已签到"],
    ]
    xl_rows(ws, 2, rows, bold_first=True)
    ws.column_dimensions["C"].width = 30
    ws.column_dimensions["D"].width = 12
    save(wb, "10-att-long-signin.xlsx")


def att_11_matrix_totals() -> None:
    """Matrix: 姓名 + one column per event («3月5日 专题协商会»), 合计 and 出勤率 columns, 应到/实到/出勤率
    rows at the bottom, footer «制表人：张丽 审核：李明»."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "出勤统计"
    head = ["序号", "姓名", "1月8日 全体会议", "3月5日 专题协商会", "4月16日 视察活动", "合计", "出勤率"]
    xl_title(ws, 1, "江北市政协委员2025年上半年履职出勤统计表", len(head))
    marks = [
        ["李建国", "✓", "✓", "✓"],
        ["张敏", "✓", "×", "✓"],
        ["陈国华", "✓", "✓", "假"],
        ["黄丽娟", "假", "✓", "✓"],
        ["吴芳", "✓", "✓", "✓"],
        ["杨帆", "×", "✓", "✓"],
    ]
    r = xl_rows(ws, 2, [head], bold_first=True)
    for i, (name, *m) in enumerate(marks, start=1):
        n = sum(1 for x in m if x == "✓")
        xl_rows(ws, r, [[i, name, *m, n, None]])
        c = ws.cell(row=r, column=7, value=round(n / 3, 4))
        c.number_format = "0%"
        r += 1
    ws.cell(row=r, column=2, value="应到")
    for c in (3, 4, 5):
        ws.cell(row=r, column=c, value=6)
    ws.cell(row=r + 1, column=2, value="实到")
    for c, v in zip((3, 4, 5), (4, 5, 5)):
        ws.cell(row=r + 1, column=c, value=v)
    ws.cell(row=r + 2, column=2, value="出勤率")
    for c, v in zip((3, 4, 5), (0.6667, 0.8333, 0.8333)):
        ws.cell(row=r + 2, column=c, value=v).number_format = "0.0%"
    ws.cell(row=r + 3, column=1, value="制表人：张丽 审核：李明")
    save(wb, "11-att-matrix-totals.xlsx")


def att_12_matrix_tworow() -> None:
    """Matrix with a two-row header: the event's name over its date; merged 序号/姓名/界别 header
    cells; merged 界别 cells down blocks of rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "考勤"
    ws.cell(row=1, column=1, value="江北市政协2025年委员考勤表").font = TITLE
    ws.merge_cells("A1:F1")
    for c, v in enumerate(["序号", "界别", "姓名"], start=1):
        ws.cell(row=2, column=c, value=v).font = BOLD
        ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    events = [("十届三次会议第二次全体会议", "1月11日"), ("委员读书活动", "5月20日"), ("科技界界别活动", "6月12日")]
    for i, (e, d) in enumerate(events, start=4):
        ws.cell(row=2, column=i, value=e).font = BOLD
        ws.cell(row=3, column=i, value=d)
    rows = [
        [1, "科技界", "周轩", "出席", "出席", "出席"],
        [2, None, "高峰", "请假", "出席", "迟到"],
        [3, None, "许文", "出席", "缺席", "出席"],
        [4, "教育界", "罗琳", "出席", "出席", None],
        [5, None, "唐明", "迟到", "请假", None],
    ]
    xl_rows(ws, 4, rows)
    ws.merge_cells("B4:B6")
    ws.merge_cells("B7:B8")
    save(wb, "12-att-matrix-tworow.xlsx")


def att_13_event_lists() -> None:
    """One row per event with participant-list columns 参加人员/请假人员/缺席人员."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "活动台账"
    head = ["序号", "活动名称", "活动时间", "参加人员", "请假人员", "缺席人员"]
    xl_title(ws, 1, "江北市政协2025年委员活动台账", len(head))
    rows = [
        head,
        [1, "城市更新专题调研", "2025年4月9日", "李建国、周  轩、吴芳、赵志强", "孙丽", None],
        [2, "文化文史和学习委员会读书讲座", "2025年5月14日", "孙丽 梁勇 曹亮", "何伟", "邓超"],
        [3, "农业界界别活动", "2025年7月3日", "马俊、宋佳", None, "邓超"],
    ]
    xl_rows(ws, 2, rows, bold_first=True)
    for col, w in zip("ABCDEF", (6, 30, 16, 36, 12, 12)):
        ws.column_dimensions[col].width = w
    save(wb, "13-att-event-lists.xlsx")


def att_14_sheet_per_event() -> None:
    """One sheet per event: name and date in title rows, then 序号/姓名/界别/签到."""
    wb = openpyxl.Workbook()
    sheets = [
        ("第一次全体会议", "江北市政协十届三次会议第一次全体会议签到表", "时间：2025年1月8日",
         [["李建国", "中国共产党", "√"], ["刘洋", "中国民主建国会", "√"], ["郭静", "九三学社", "请假"], ["何伟", "无党派人士", "√"]]),
        ("第二次全体会议", "江北市政协十届三次会议第二次全体会议签到表", "时间：2025年1月11日",
         [["李建国", "中国共产党", "√"], ["刘洋", "中国民主建国会", "缺席"], ["郭静", "九三学社", "√"], ["何伟", "无党派人士", "√"]]),
    ]
    first = True
    for sname, title, when, rows in sheets:
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = sname
        xl_title(ws, 1, title, 4)
        ws.cell(row=2, column=1, value=when)
        ws.merge_cells("A2:D2")
        xl_rows(ws, 3, [["序号", "姓名", "界别", "签到"]] + [[i, *r] for i, r in enumerate(rows, 1)], bold_first=True)
    save(wb, "14-att-sheet-per-event.xlsx")


def att_15_liaison_sheets() -> None:
    """One sheet per 委员联络组, long layout, no group column."""
    wb = openpyxl.Workbook()
    head = ["序号", "姓名", "活动内容", "日期", "出勤"]
    sheets = [
        ("第一联络组", "第一联络组进社区联系群众活动", D(2025, 3, 20),
         [["李建国", "参加"], ["陈国华", "参加"], ["吴芳", "请假"], ["马俊", "参加"], ["朱红梅", "未参加"]]),
        ("第二联络组", "第二联络组委员集中联络活动", D(2025, 3, 27),
         [["张敏", "参加"], ["黄丽娟", "参加"], ["赵志强", "参加"], ["胡斌", "请假"]]),
    ]
    first = True
    for sname, ev, day, rows in sheets:
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = sname
        xl_rows(ws, 1, [head] + [[i, n, ev, day, m] for i, (n, m) in enumerate(rows, 1)], bold_first=True)
        ws.column_dimensions["C"].width = 30
        ws.column_dimensions["D"].width = 12
    save(wb, "15-att-liaison-sheets.xlsx")


def att_16_month_xun() -> None:
    """Month-only and 旬 dates («2025年3月», «3月上旬», «4月中旬», «5月下旬»)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "界别活动"
    head = ["姓名", "活动", "时间", "情况"]
    xl_title(ws, 1, "江北市政协界别活动参加情况", len(head))
    rows = [
        head,
        ["马俊", "农业界界别活动", "2025年3月", "参加"],
        ["宋佳", "农业界界别活动", "2025年3月", "参加"],
        ["赵志强", "经济界界别活动", "3月上旬", "参加"],
        ["韩雪", "经济界界别活动", "3月上旬", "请假"],
        ["孙丽", "文化艺术界界别活动", "4月中旬", "参加"],
        ["梁勇", "文化艺术界界别活动", "4月中旬", "缺席"],
        ["吴芳", "医药卫生界界别活动", "5月下旬", "参加"],
        ["冯晓东", "医药卫生界界别活动", "5月下旬", "参加"],
    ]
    xl_rows(ws, 2, rows, bold_first=True)
    save(wb, "16-att-month-xun.xlsx")


def att_17_datetime() -> None:
    """Real Excel date-time cells (with a time of day); 迟到/早退; a 备注 column with «审核通过»."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "视察调研"
    head = ["序号", "姓名", "活动名称", "开始时间", "考勤", "备注"]
    xl_title(ws, 1, "江北市政协2025年视察调研活动考勤", len(head))
    V = "重点项目建设情况视察"
    R = "乡村振兴专题调研"
    t1 = dt.datetime(2025, 4, 16, 9, 30)
    t2 = dt.datetime(2025, 9, 10, 14, 0)
    rows = [
        head,
        [1, "刘洋", V, t1, "参加", None],
        [2, "赵志强", V, t1, "迟到", None],
        [3, "胡斌", V, t1, "参加", "审核通过"],
        [4, "韩雪", V, t1, "早退", None],
        [5, "马俊", R, t2, "参加", None],
        [6, "宋佳", R, t2, "请假", None],
        [7, "邓超", R, t2, "未参加", None],
    ]
    xl_rows(ws, 2, rows, bold_first=True)
    ws.column_dimensions["D"].width = 18
    save(wb, "17-att-datetime.xlsx")


def att_18_study_vs_plenary() -> None:
    """A study session about another body's plenary (四中全会) beside the body's own plenary
    and a 常委会 sitting."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "会议出席"
    head = ["序号", "姓名", "会议名称", "日期", "出席情况"]
    xl_title(ws, 1, "江北市政协2025年会议出席情况", len(head))
    S = "学习贯彻党的二十届四中全会精神专题学习会"
    P = "十届三次会议第二次全体会议"
    C = "十届常委会第十一次会议"
    rows = [
        head,
        [1, "陈国华", P, "2025-01-11", "出席"],
        [2, "郑海涛", P, "2025-01-11", "出席"],
        [3, "谢婷", P, "2025-01-11", "请假"],
        [4, "陈国华", C, "2025-06-18", "出席"],
        [5, "郑海涛", C, "2025-06-18", "缺席"],
        [6, "唐明", C, "2025-06-18", "出席"],
        [7, "陈国华", S, "2025-11-05", "出席"],
        [8, "谢婷", S, "2025-11-05", "出席"],
        [9, "曹亮", S, "2025-11-05", "请假"],
    ]
    xl_rows(ws, 2, rows, bold_first=True)
    ws.column_dimensions["C"].width = 40
    save(wb, "18-att-study-vs-plenary.xlsx")


def att_19_namesake_sector() -> None:
    """Namesakes 王磊 told apart by a 界别 column (short names like 医卫界); section rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    head = ["序号", "姓名", "界别", "活动名称", "日期", "考勤"]
    xl_title(ws, 1, "江北市政协委员专题协商会考勤", len(head))
    E = "推进教育高质量发展专题协商会"
    d = D(2025, 8, 21)
    rows = [
        head,
        ["教育界（3人）"],
        [1, "王磊", "教育界", E, d, "出席"],
        [2, "罗琳", "教育界", E, d, "出席"],
        [3, "唐明", "教育界", E, d, "请假"],
        ["经济界（2人）"],
        [4, "王磊", "经济界", E, d, "缺席"],
        [5, "韩雪", "经济界", E, d, "出席"],
        ["医卫界（1人）"],
        [6, "林晓燕", "医卫界", E, d, "出席"],
    ]
    r = 2
    for row in rows:
        if len(row) == 1:
            ws.cell(row=r, column=1, value=row[0]).font = BOLD
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(head))
            r += 1
        else:
            r = xl_rows(ws, r, [row], bold_first=(row is head))
    ws.column_dimensions["D"].width = 32
    save(wb, "19-att-namesake-sector.xlsx")


def att_20_namesake_name_cell() -> None:
    """Namesakes written «王磊（教育界）» / «王磊（经济界）» in the name cell; a matrix whose headers
    hold the date and the event on two lines of one cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "出勤"
    head = ["姓名", "5月20日\n委员读书活动", "7月15日\n十届常委会第十二次会议", "9月10日\n乡村振兴专题调研"]
    rows = [
        head,
        ["王磊（教育界）", "到", None, "到"],
        ["王磊（经济界）", "假", None, "未到"],
        ["唐明", "到", "到", "到"],
        ["吴芳", "未到", "假", None],
        ["韩雪", "到", None, "到"],
    ]
    xl_rows(ws, 1, rows, bold_first=True)
    for col in "BCD":
        ws.column_dimensions[col].width = 22
    ws.row_dimensions[1].height = 32
    save(wb, "20-att-namesake-name-cell.xlsx")


def att_21_traditional() -> None:
    """Names written in traditional characters (陳國華, 黃麗娟, 張敏) for roster names; a date
    written with full-width digits."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "签到"
    head = ["序号", "姓名", "会议", "日期", "出席"]
    xl_title(ws, 1, "江北市政协委员会议签到汇总", len(head))
    E = "生态环境保护专题协商会"
    rows = [
        head,
        [1, "陳國華", E, "２０２５年５月２８日", "出席"],
        [2, "黃麗娟", E, "２０２５年５月２８日", "出席"],
        [3, "張敏", E, "２０２５年５月２８日", "请假"],
        [4, "许文", E, "２０２５年５月２８日", "出席"],
    ]
    xl_rows(ws, 2, rows, bold_first=True)
    ws.column_dimensions["C"].width = 28
    ws.column_dimensions["D"].width = 20
    save(wb, "21-att-traditional.xlsx")


def att_22_xls_matrix() -> None:
    """.xls attendance matrix (xlwt) with merged title cells and a footer."""
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("出勤表")
    st_t = xlwt.easyxf("font: bold on, height 280; align: horiz center, vert center")
    st_s = xlwt.easyxf("align: horiz center")
    st_h = xlwt.easyxf("font: bold on; align: horiz center, wrap on")
    ws.write_merge(0, 0, 0, 5, "江北市政协委员出勤登记表", st_t)
    ws.write_merge(1, 1, 0, 5, "（2025年1月—2月）", st_s)
    head = ["序号", "姓名", "界别", "十届三次会议第一次全体会议（1月8日）", "十届三次会议第二次全体会议（1月11日）", "十届常委会第十次会议（2月20日）"]
    for c, v in enumerate(head):
        ws.write(2, c, v, st_h)
    rows = [
        [1, "李建国", "中国共产党", "√", "√", "√"],
        [2, "杨帆", "中国共产党", "√", "×", "√"],
        [3, "周轩", "科技界", "√", "√", ""],
        [4, "孙丽", "文化艺术界", "假", "√", ""],
        [5, "郑海涛", "社会福利和社会保障界", "√", "√", "假"],
    ]
    for i, row in enumerate(rows, start=3):
        for c, v in enumerate(row):
            if v != "":
                ws.write(i, c, v)
    ws.write(len(rows) + 3, 0, "制表人：张丽 审核：李明")
    wb.save(str(OUT / "22-att-xls-matrix.xls"))


def att_23_mark_gongchu() -> None:
    """Matrix whose marks include «公出» (on official business), which this office counts as
    leave; the dates stand in a «会议日期» row under the header."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "考勤汇总"
    head = ["序号", "姓名", "十届常委会第十次会议", "十届常委会第十一次会议"]
    xl_title(ws, 1, "江北市政协常委会议考勤汇总（2025年）", len(head))
    xl_rows(ws, 2, [head], bold_first=True)
    ws.cell(row=3, column=2, value="会议日期")
    ws.cell(row=3, column=3, value=D(2025, 2, 20)).number_format = DATE_FMT
    ws.cell(row=3, column=4, value=D(2025, 6, 18)).number_format = DATE_FMT
    rows = [
        [1, "刘洋", "出席", "公出"],
        [2, "陈国华", "出席", "出席"],
        [3, "黄丽娟", "公出", "出席"],
        [4, "吴芳", "请假", "出席"],
        [5, "唐明", "出席", "缺席"],
    ]
    xl_rows(ws, 4, rows)
    for col in "CD":
        ws.column_dimensions[col].width = 24
    save(wb, "23-att-mark-gongchu.xlsx")


def att_24_register_sector() -> None:
    """A sign-in register with 姓名, 界别, 工作单位及职务, 联系电话: it looks like a roster but is
    attendance of one event named in the title."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "签到册"
    head = ["序号", "姓名", "界别", "工作单位及职务", "联系电话", "签到情况"]
    xl_title(ws, 1, "江北市政协“委员活动日”读书分享会签到册", len(head))
    ws.cell(row=2, column=1, value="日期：2025年10月16日    地点：市政协三楼会议室")
    ws.merge_cells("A2:F2")
    rows = [
        head,
        [1, "孙丽", "文化艺术界", "江北市文化馆馆长", "13900000009", "已签到"],
        [2, "梁勇", "文化艺术界", "江北市歌舞剧院副院长", "13900000020", "已签到"],
        [3, "何伟", "无党派人士", "江北市图书馆研究馆员", "13900000016", "请假"],
        [4, "罗琳", "教育界", "江北市第一中学校长", "13900000019", "已签到"],
        [5, "曹亮", "文化艺术界", "江北日报社编辑", "13900000030", "未签到"],
    ]
    xl_rows(ws, 3, rows, bold_first=True)
    ws.column_dimensions["D"].width = 26
    save(wb, "24-att-register-sector.xlsx")


def att_25_unknown_column() -> None:
    """The mark column is headed «到会情况», which an importer cannot know."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "专委会会议"
    head = ["序号", "姓名", "会议", "日期", "到会情况"]
    E = "提案委员会年度工作专题协商会"
    rows = [
        head,
        [1, "李建国", E, D(2025, 12, 3), "出席"],
        [2, "杨帆", E, D(2025, 12, 3), "出席"],
        [3, "许文", E, D(2025, 12, 3), "请假"],
        [4, "赵志强", E, D(2025, 12, 3), "缺席"],
    ]
    xl_rows(ws, 1, rows, bold_first=True)
    ws.column_dimensions["C"].width = 30
    save(wb, "25-att-unknown-column.xlsx")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for fn in (
        roster_00, roster_01_nocode_short, roster_02_sheet_per_sector, roster_03_composite_title,
        roster_04_political_long, roster_05_platform_export, roster_06_xls_tworow, roster_07_star_standing,
        att_10_long_signin, att_11_matrix_totals, att_12_matrix_tworow, att_13_event_lists,
        att_14_sheet_per_event, att_15_liaison_sheets, att_16_month_xun, att_17_datetime,
        att_18_study_vs_plenary, att_19_namesake_sector, att_20_namesake_name_cell, att_21_traditional,
        att_22_xls_matrix, att_23_mark_gongchu, att_24_register_sector, att_25_unknown_column,
    ):
        fn()


if __name__ == "__main__":
    main()
