"""Write the 临海市政协 (fictional) adversarial office-layout workbooks of tests/corpus/linhai/.

Run:  python tests/corpus/build/linhai.py
Deterministic: fixed data, fixed workbook properties and zip entry times, no randomness.
The expected .toml files beside the workbooks were written by hand from reading them; this
script does not write them.

临海 is the corpus of what an office sends when things go wrong: dates outside the year or
impossible, two-digit years, undated matrix columns, contradicting rows, three-decimal
points, a number where a name should be — and the files that look wrong but are right
(approval dates in the next January, a mark merged over a two-day event, hidden rows, a
Unicode minus).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import xlwt
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

OUT = Path(__file__).resolve().parents[1] / "linhai"
FIXED = dt.datetime(2026, 3, 2, 9, 0, 0)

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="宋体", bold=True, size=11)
TITLE = Font(name="方正小标宋简体", size=16)
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

D = dt.date

# ----------------------------------------------------------------------------- helpers


def new_book(sheet: str):
    wb = openpyxl.Workbook()
    wb.properties.creator = "临海市政协办公室"
    wb.properties.lastModifiedBy = "临海市政协办公室"
    ws = wb.active
    ws.title = sheet
    return wb, ws


def save(wb, name: str) -> None:
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.save(OUT / name)
    pin(OUT / name)


def pin(path: Path) -> None:
    """openpyxl stamps the save time into core.xml and the zip entries: pin both."""
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2026-03-02T09:00:00Z", data)
            info = zipfile.ZipInfo(name, date_time=(2026, 3, 2, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def title_row(ws, row: int, text: str, ncols: int) -> None:
    ws.cell(row=row, column=1, value=text).font = TITLE
    ws.cell(row=row, column=1).alignment = CENTER
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    ws.row_dimensions[row].height = 30


def header_row(ws, row: int, labels) -> None:
    for j, label in enumerate(labels, start=1):
        c = ws.cell(row=row, column=j, value=label)
        c.font = BOLD
        c.fill = HEAD_FILL
        c.alignment = CENTER
        c.border = BOX


def data_rows(ws, first_row: int, rows, date_format: str = "yyyy-mm-dd") -> int:
    r = first_row
    for values in rows:
        for j, v in enumerate(values, start=1):
            c = ws.cell(row=r, column=j) if v is None else ws.cell(row=r, column=j, value=v)
            if isinstance(v, (dt.date, dt.datetime)):
                c.number_format = date_format
            c.border = BOX
        r += 1
    return r


def footer(ws, row: int, text: str) -> None:
    ws.cell(row=row, column=1, value=text)


def widths(ws, ws_widths) -> None:
    for j, w in enumerate(ws_widths, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(j)].width = w


def simple(name, sheet, title, labels, rows, col_widths, foot=None, date_format="yyyy-mm-dd"):
    """Title row 1 (merged), header row 2, data from row 3, an optional footer after one blank row."""
    wb, ws = new_book(sheet)
    title_row(ws, 1, title, len(labels))
    header_row(ws, 2, labels)
    r = data_rows(ws, 3, rows, date_format)
    if foot:
        footer(ws, r + 1, foot)
    widths(ws, col_widths)
    return wb, ws


XLS_TITLE = xlwt.easyxf("font: bold on, height 320; align: horiz center, vert center")
XLS_HEAD = xlwt.easyxf("font: bold on; align: horiz center, vert center, wrap on; "
                       "borders: left thin, right thin, top thin, bottom thin")
XLS_CELL = xlwt.easyxf("borders: left thin, right thin, top thin, bottom thin")

FOOT = "制表人：李敏　　审核：王强　　制表日期：2025年12月20日"

# ----------------------------------------------------------------------------- 00 roster

ROSTER = [
    # 编号, 姓名, 性别, 界别, 党派, 职务, 界别活动组, 委员联络组
    ("LH001", "林国华", "男", "中国共产党", "中共", "主席", "第一活动组", "第一联络组"),
    ("LH002", "陈静", "女", "中国民主建国会", "民建", "副主席", "第二活动组", "第二联络组"),
    ("LH003", "王海涛", "男", "九三学社", "九三学社", "副主席", "第三活动组", "第三联络组"),
    ("LH004", "徐丽萍", "女", "经济界", "中共", "常委", "第四活动组", "第一联络组"),
    ("LH005", "郑文斌", "男", "教育界", "民进", "常委", "第五活动组", "第二联络组"),
    ("LH006", "黄晓燕", "女", "医药卫生界", "群众", "委员", "第六活动组", "第三联络组"),
    ("LH007", "张伟", "男", "教育界", "中共", "委员", "第五活动组", "第一联络组"),
    ("LH008", "吴俊杰", "男", "科学技术界", "九三学社", "委员", "第三活动组", "第二联络组"),
    ("LH009", "刘芳", "女", "文化艺术界", "群众", "委员", "第六活动组", "第三联络组"),
    ("LH010", "周建新", "男", "农业和农村界", "中共", "常委", "第四活动组", "第一联络组"),
    ("LH011", "杨帆", "女", "中国民主建国会", "民建", "委员", "第二活动组", "第二联络组"),
    ("LH012", "何志明", "男", "无党派人士", "无党派人士", "委员", "第一活动组", "第三联络组"),
    ("LH013", "朱红梅", "女", "医药卫生界", "中共", "委员", "第六活动组", "第一联络组"),
    ("LH014", "孙立强", "男", "经济界", "民建", "委员", "第四活动组", "第二联络组"),
    ("LH015", "张伟", "男", "经济界", "无党派人士", "委员", "第四活动组", "第三联络组"),
    ("LH016", "叶青", "女", "文化艺术界", "民进", "委员", "第五活动组", "第一联络组"),
    ("LH017", "蒋海燕", "女", "科学技术界", "中共", "委员", "第三活动组", "第二联络组"),
    ("LH018", "钟明亮", "男", "农业和农村界", "群众", "委员", "第六活动组", "第三联络组"),
    ("LH019", "谢雨婷", "女", "中国共产党", "中共", "委员", "第一活动组", "第一联络组"),
    ("LH020", "潘志刚", "男", "九三学社", "九三学社", "常委", "第三活动组", "第二联络组"),
]


def roster_00():
    labels = ["序号", "编号", "姓名", "性别", "界别", "党派", "职务", "界别活动组", "委员联络组"]
    rows = [(i, *r) for i, r in enumerate(ROSTER, start=1)]
    wb, _ = simple("00-roster.xlsx", "委员名单", "政协临海市第十一届委员会委员名单（2025年）", labels, rows,
                   [6, 8, 10, 6, 16, 12, 8, 12, 12], foot="制表：市政协办公室　　2025年1月6日")
    save(wb, "00-roster.xlsx")


# ----------------------------------------------------------------------------- refused


def r01_prior_year_date():
    """A 2025 register with one sitting of 2024-12-28 (the New Year tea party of the year before)."""
    labels = ["序号", "姓名", "界别", "活动名称", "日期", "出勤情况"]
    rows = [
        (1, "陈静", "民建", "优化营商环境专题协商会", D(2025, 3, 12), "出席"),
        (2, "王海涛", "九三学社", "优化营商环境专题协商会", D(2025, 3, 12), "请假"),
        (3, "徐丽萍", "经济界", "迎新春委员座谈会", D(2024, 12, 28), "出席"),
        (4, "郑文斌", "教育界", "委员读书活动", D(2025, 4, 23), "出席"),
        (5, "黄晓燕", "医卫界", "委员读书活动", D(2025, 4, 23), "缺席"),
    ]
    wb, _ = simple("01", "签到登记", "临海市政协2025年委员活动签到登记表", labels, rows,
                   [6, 10, 12, 28, 12, 10], foot=FOOT)
    save(wb, "01-att-prior-year-date.xlsx")


def r02_ambiguous_dates():
    """Dates typed as text: «3/5/2024» (d/m/y or m/d/y, and 2024) and «2025年2月30日»."""
    labels = ["序号", "姓名", "界别", "活动名称", "活动日期", "出勤"]
    rows = [
        (1, "吴俊杰", "科技界", "数字经济发展专题调研", "2025/3/18", "参加"),
        (2, "蒋海燕", "科技界", "数字经济发展专题调研", "3/5/2024", "参加"),
        (3, "周建新", "农业界", "高标准农田建设视察", "2025年2月30日", "参加"),
        (4, "钟明亮", "农业界", "高标准农田建设视察", "2025年2月28日", "请假"),
    ]
    wb, _ = simple("02", "Sheet1", "临海市政协2025年度委员视察调研活动登记表", labels, rows,
                   [6, 10, 10, 26, 14, 8], foot="制表：市政协办公室")
    save(wb, "02-att-ambiguous-dates.xlsx")


def r03_two_digit_year_xls():
    """.xls (xlwt): the 会议日期 column typed «2025.1.22», and once «25.3.5»."""
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("出勤")
    ws.write_merge(0, 0, 0, 5, "临海市政协2025年第一季度委员出勤登记表", XLS_TITLE)
    for c, v in enumerate(["序号", "姓名", "界别", "会议名称", "会议日期", "签到情况"]):
        ws.write(1, c, v, XLS_HEAD)
    rows = [
        (1, "林国华", "中共", "十一届常委会第五次会议", "2025.1.22", "已签到"),
        (2, "陈静", "民建", "十一届常委会第五次会议", "2025.1.22", "已签到"),
        (3, "徐丽萍", "经济界", "民主监督工作座谈会", "25.3.5", "已签到"),
        (4, "潘志刚", "九三", "民主监督工作座谈会", "2025.3.5", "请假"),
    ]
    for i, row in enumerate(rows, start=2):
        for c, v in enumerate(row):
            ws.write(i, c, v, XLS_CELL)
    ws.write(len(rows) + 3, 0, "制表人：李敏")
    for j, w in enumerate([6, 10, 10, 26, 12, 10]):
        ws.col(j).width = 256 * w
    wb.save(str(OUT / "03-att-two-digit-year.xls"))


def r04_matrix_undated_column():
    """Matrix whose «专题视察» column has no date, yet holds ✓ marks."""
    labels = ["序号", "姓名", "界别", "3月12日 专题协商会", "专题视察", "4月23日 委员读书活动", "合计"]
    marks = [
        ("林国华", "中国共产党", "✓", "✓", "✓"),
        ("徐丽萍", "经济界", "✓", None, "✓"),
        ("周建新", "农业和农村界", "✓", "✓", "假"),
        ("孙立强", "经济界", "×", "✓", "✓"),
        ("朱红梅", "医药卫生界", "✓", "假", "✓"),
    ]
    rows = [(i, n, s, *m, sum(1 for x in m if x == "✓")) for i, (n, s, *m) in enumerate(marks, start=1)]
    wb, _ = simple("04", "出勤统计", "临海市政协2025年委员履职活动出勤统计表", labels, rows,
                   [6, 10, 14, 14, 10, 14, 6], foot=FOOT)
    save(wb, "04-att-matrix-undated-column.xlsx")


def r05_matrix_feb30_xls():
    """.xls (xlwt) matrix with a column headed «2月30日 调研» that holds marks."""
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("考勤表")
    head = ["序号", "姓名", "界别", "1月15日 全体会议", "2月30日 调研", "6月18日 常委会议"]
    ws.write_merge(0, 0, 0, len(head) - 1, "临海市政协2025年上半年委员活动考勤表", XLS_TITLE)
    for c, v in enumerate(head):
        ws.write(1, c, v, XLS_HEAD)
    rows = [
        (1, "林国华", "中国共产党", "√", "√", "√"),
        (2, "陈静", "中国民主建国会", "√", "", "√"),
        (3, "吴俊杰", "科学技术界", "√", "√", ""),
        (4, "刘芳", "文化艺术界", "假", "√", ""),
        (5, "潘志刚", "九三学社", "√", "×", "假"),
    ]
    for i, row in enumerate(rows, start=2):
        for c, v in enumerate(row):
            ws.write(i, c, v if v != "" else None, XLS_CELL)
    ws.write(len(rows) + 3, 0, "制表人：李敏　审核：王强")
    for j, w in enumerate([6, 10, 14, 16, 14, 16]):
        ws.col(j).width = 256 * w
    wb.save(str(OUT / "05-att-matrix-feb30.xls"))


def r06_proposal_number_conflict():
    """Two rows of 提案号 2025003 with two different 案由 (a copy-paste whose number was not changed)."""
    labels = ["序号", "提案号", "案由", "提案人", "联名人", "立案情况", "承办单位"]
    rows = [
        (1, "2025001", "关于推进临海古城保护利用的提案", "刘芳", "叶青", "立案", "市文广旅体局"),
        (2, "2025002", "关于完善农村养老服务设施的提案", "周建新", "钟明亮", "立案", "市民政局"),
        (3, "2025003", "关于加快发展数字经济的提案", "吴俊杰", "蒋海燕、潘志刚", "立案", "市经信局"),
        (4, "2025004", "关于加强中小学心理健康教育的提案", "郑文斌", "", "立案", "市教育局"),
        (5, "2025005", "关于优化营商环境的提案", "陈静", "杨帆", "并案", "市发改局"),
        (6, "2025006", "关于规范电动自行车停放充电的建议", "何志明", "", "不予立案", ""),
        (7, "2025003", "关于加强基层医疗人才队伍建设的提案", "朱红梅", "黄晓燕", "立案", "市卫健局"),
    ]
    wb, _ = simple("06", "提案目录", "临海市政协2025年度提案目录", labels, rows,
                   [6, 10, 40, 10, 18, 10, 14], foot="制表：提案委员会　　2025年4月30日")
    save(wb, "06-proposal-number-conflict.xlsx")


def r07_conflicting_marks():
    """A long register merged from sign-in sheets: 何志明 is 出席 and later 缺席 at the same sitting."""
    labels = ["序号", "姓名", "界别", "活动名称", "活动时间", "出勤情况"]
    events = [
        ("优化营商环境专题协商会", D(2025, 3, 12)),
        ("民主监督工作座谈会", D(2025, 5, 14)),
        ("委员读书活动", D(2025, 4, 23)),
    ]
    people = [("林国华", "中国共产党"), ("陈静", "中国民主建国会"), ("徐丽萍", "经济界"), ("何志明", "无党派人士"),
              ("孙立强", "经济界"), ("叶青", "文化艺术界"), ("谢雨婷", "中国共产党")]
    pattern = {
        0: ["出席", "出席", "请假", "出席", "出席", "缺席", "出席"],
        1: ["出席", "请假", "出席", "出席", "出席", "出席", "出席"],
        2: ["出席", "出席", "出席", "缺席", "请假", "出席", "出席"],
    }
    rows, n = [], 0
    for e, (event, day) in enumerate(events):
        for p, (name, sector) in enumerate(people):
            n += 1
            rows.append((n, name, sector, event, day, pattern[e][p]))
    # the second sign-in sheet of 民主监督工作座谈会, pasted at the bottom: 何志明 again, 缺席
    n += 1
    rows.append((n, "何志明", "无党派人士", "民主监督工作座谈会", D(2025, 5, 14), "缺席"))
    wb, _ = simple("07", "签到汇总", "临海市政协2025年度委员活动签到汇总表", labels, rows,
                   [6, 10, 16, 24, 12, 10], foot=FOOT)
    save(wb, "07-att-conflicting-marks.xlsx")


def r08_adjustment_three_decimals():
    """分值 2.555: more decimals than any rule gives."""
    labels = ["序号", "姓名", "界别", "事由", "分值", "日期", "批准人"]
    rows = [
        (1, "陈静", "中国民主建国会", "牵头完成重点调研课题", 5, D(2025, 6, 30), "主席会议"),
        (2, "杨帆", "中国民主建国会", "社情民意信息被省政协采用", 3, D(2025, 7, 8), "主席会议"),
        (3, "黄晓燕", "医药卫生界", "参加义诊志愿服务", 2.555, D(2025, 8, 19), "主席会议"),
        (4, "孙立强", "经济界", "无故缺席专题协商会", -2, D(2025, 3, 12), "主席会议"),
    ]
    wb, _ = simple("08", "加减分", "临海市政协2025年度委员履职加减分登记表", labels, rows,
                   [6, 10, 16, 28, 8, 12, 10], foot=FOOT)
    save(wb, "08-adj-three-decimals.xlsx")


def r09_speech_bad_name():
    """A speeches list whose 姓名 cells hold «12345» (a number) and «——»."""
    labels = ["序号", "姓名", "界别", "发言题目", "发言形式", "日期"]
    rows = [
        (1, "林国华", "中国共产党", "凝心聚力推动临海高质量发展", "大会口头发言", D(2025, 1, 16)),
        (2, 12345, "经济界", "关于促进民营经济发展的建议", "书面发言", D(2025, 1, 16)),
        (3, "叶青", "文化艺术界", "擦亮千年古城文化名片", "大会口头发言", D(2025, 1, 17)),
        (4, "——", "医药卫生界", "加强基层医疗服务能力", "书面发言", D(2025, 1, 17)),
    ]
    wb, _ = simple("09", "大会发言", "临海市政协2025年全体会议大会发言情况", labels, rows,
                   [6, 10, 14, 32, 14, 12], foot=FOOT)
    save(wb, "09-speech-bad-name.xlsx")


def r10_other_future_date():
    """Other duties of 2025 with one date typed «2027年5月12日» (a year that has not come)."""
    labels = ["序号", "姓名", "界别", "类别", "级别", "内容", "日期"]
    rows = [
        (1, "黄晓燕", "医药卫生界", "为民办实事", "市级", "开展社区义诊送医活动", "2025年5月10日"),
        (2, "刘芳", "文化艺术界", "文史资料", "省级", "提供临海古城史料", "2027年5月12日"),
        (3, "林国华", "中国共产党", "表彰", "省级", "获评省政协系统先进个人", "2025年11月6日"),
    ]
    wb, _ = simple("10", "其他履职", "临海市政协委员2025年度其他履职情况登记表", labels, rows,
                   [6, 10, 14, 12, 8, 28, 16], foot=FOOT)
    save(wb, "10-other-future-date.xlsx")


# ----------------------------------------------------------------------------- read


def a11_adjustment_approval_2026():
    """Approved in January–February 2026, the activities of 2025: 活动日期 and 批准日期 side by side."""
    labels = ["序号", "姓名", "界别", "事由", "分值", "活动日期", "批准日期", "批准人"]
    rows = [
        (1, "陈静", "中国民主建国会", "牵头完成民营经济专题调研报告", 5, D(2025, 9, 20), D(2026, 1, 15), "主席会议"),
        (2, "张伟", "教育界", "在全体会议上作大会口头发言", 2, D(2025, 1, 16), D(2026, 1, 15), "主席会议"),
        (3, "张伟", "经济界", "无故缺席专题协商会", -2, D(2025, 3, 12), D(2026, 2, 10), "主席会议"),
        (4, "叶青", "文化艺术界", "提案被评为优秀提案", 3, D(2025, 12, 5), D(2026, 2, 10), "主席会议"),
        (5, "何志明", "无党派人士", "参加抗台救灾志愿服务", 2, D(2025, 8, 2), D(2026, 1, 15), "主席会议"),
        (6, "谢雨婷", "中国共产党", "年度履职表现突出", 1, D(2025, 12, 31), D(2026, 2, 10), "主席会议"),
    ]
    wb, _ = simple("11", "审批表", "2025年度委员履职加减分审批表", labels, rows,
                   [6, 10, 16, 30, 6, 12, 12, 10], foot="制表人：李敏　　审核：王强")
    save(wb, "11-adj-approval-2026.xlsx")


def a12_report_submitted_2026():
    """履职报告 of 2025 handed in during January 2026."""
    labels = ["序号", "姓名", "界别", "提交日期", "备注"]
    rows = [
        (1, "林国华", "中国共产党", D(2026, 1, 5), None),
        (2, "徐丽萍", "经济界", D(2026, 1, 8), None),
        (3, "郑文斌", "教育界", D(2026, 1, 8), None),
        (4, "张伟", "教育界", D(2026, 1, 12), None),
        (5, "朱红梅", "医药卫生界", D(2026, 1, 16), "补交"),
        (6, "叶青", "文化艺术界", D(2026, 1, 20), None),
    ]
    wb, _ = simple("12", "履职报告", "临海市政协委员2025年度履职报告提交情况", labels, rows,
                   [6, 10, 14, 16, 10], foot=FOOT, date_format="yyyy\"年\"m\"月\"d\"日\"")
    save(wb, "12-report-submitted-2026.xlsx")


def a13_matrix_merged_mark():
    """A two-day 调研 written as two date columns; 周建新's ✓ is one cell merged over both."""
    labels = ["序号", "姓名", "界别", "7月8日 乡村振兴专题调研", "7月9日 乡村振兴专题调研", "9月16日 河道治理视察"]
    rows = [
        (1, "周建新", "农业和农村界", "✓", None, "✓"),
        (2, "钟明亮", "农业和农村界", "✓", "假", "✓"),
        (3, "林国华", "中国共产党", "✓", "✓", None),
        (4, "王海涛", "九三学社", "假", "假", "✓"),
        (5, "吴俊杰", "科学技术界", "✓", "×", "✓"),
        (6, "谢雨婷", "中国共产党", None, None, "✓"),
    ]
    wb, ws = simple("13", "调研出勤", "临海市政协2025年委员视察调研活动出勤表", labels, rows,
                    [6, 10, 14, 16, 16, 16], foot=FOOT)
    ws.merge_cells("D3:E3")
    ws["D3"].alignment = CENTER
    save(wb, "13-att-matrix-merged-mark.xlsx")


def a14_hidden_rows():
    """A register with two rows hidden (the clerk filtered by hand and never unhid them)."""
    labels = ["序号", "姓名", "界别", "会议名称", "日期", "签到情况"]
    plenary = "十一届二次会议第一次全体会议"
    standing = "十一届常委会第六次会议"
    rows = [
        (1, "林国华", "中国共产党", plenary, D(2025, 1, 15), "已签到"),
        (2, "张伟", "教育界", plenary, D(2025, 1, 15), "已签到"),
        (3, "张伟", "经济界", plenary, D(2025, 1, 15), "请假"),
        (4, "黄晓燕", "医药卫生界", plenary, D(2025, 1, 15), "已签到"),
        (5, "刘芳", "文化艺术界", plenary, D(2025, 1, 15), "未签到"),
        (6, "林国华", "中国共产党", standing, D(2025, 6, 18), "已签到"),
        (7, "徐丽萍", "经济界", standing, D(2025, 6, 18), "请假"),
        (8, "周建新", "农业和农村界", standing, D(2025, 6, 18), "已签到"),
    ]
    wb, ws = simple("14", "签到", "临海市政协2025年度会议签到登记表", labels, rows,
                    [6, 10, 14, 28, 12, 10], foot=FOOT)
    ws.row_dimensions[5].hidden = True   # 张伟（经济界） 请假
    ws.row_dimensions[9].hidden = True   # 徐丽萍 请假
    save(wb, "14-att-hidden-rows.xlsx")


def a15_adjustment_awards_repeat():
    """郑文斌: two +5 awards, different 事由 and dates; 刘芳's award pasted again at the bottom."""
    labels = ["序号", "姓名", "界别", "事由", "分值", "日期", "批准人"]
    rows = [
        (1, "郑文斌", "教育界", "牵头撰写重点调研报告", 5, D(2025, 5, 20), "主席会议"),
        (2, "刘芳", "文化艺术界", "社情民意信息被省政协采用", 3, D(2025, 6, 11), "主席会议"),
        (3, "郑文斌", "教育界", "提案被评为年度优秀提案", 5, D(2025, 11, 28), "主席会议"),
        (4, "蒋海燕", "科学技术界", "为委员培训授课", 2, D(2025, 9, 3), "主席会议"),
        (5, "刘芳", "文化艺术界", "社情民意信息被省政协采用", 3, D(2025, 6, 11), "主席会议"),
    ]
    wb, _ = simple("15", "加分", "临海市政协2025年度委员履职加分审批表", labels, rows,
                   [6, 10, 14, 28, 6, 12, 10], foot=FOOT)
    save(wb, "15-adj-awards-repeat.xlsx")


PROPOSALS_2025 = [
    (1, "2025001", "关于推进临海古城保护利用的提案", "刘芳", "叶青", "立案"),
    (2, "2025002", "关于完善农村养老服务设施的提案", "周建新", "钟明亮、林国华", "立案"),
    (3, "2025003", "关于加快发展数字经济的提案", "吴俊杰", "蒋海燕", "并案"),
    (4, "2025004", "关于支持小微企业融资的提案", "张伟（经济界）", "孙立强", "立案"),
    (5, "2025005", "关于规范电动自行车停放充电的建议", "何志明", "", "不予立案"),
]


def a16_proposal_filename_year():
    """Named by the office «2025年提案目录.xlsx», titled «…2025年度提案目录»: one year, read."""
    labels = ["序号", "提案号", "案由", "提案人", "联名人", "立案情况"]
    wb, _ = simple("16", "提案目录", "临海市政协2025年度提案目录", labels, PROPOSALS_2025,
                   [6, 10, 40, 16, 18, 10], foot="制表：提案委员会")
    save(wb, "16-proposal-filename-year.xlsx")


def a17_proposal_title_vs_filename():
    """Named «2025年提案目录（终稿）.xlsx», titled «…2024年度提案目录»: which year is it?"""
    labels = ["序号", "提案号", "案由", "提案人", "联名人", "立案情况"]
    wb, _ = simple("17", "提案目录", "临海市政协2024年度提案目录", labels, PROPOSALS_2025,
                   [6, 10, 40, 16, 18, 10], foot="制表：提案委员会")
    save(wb, "17-proposal-title-vs-filename.xlsx")


def a18_adjustment_unicode_minus():
    """分值 typed with a Unicode minus «−5» (U+2212), pasted from a Word notice."""
    labels = ["序号", "姓名", "界别", "事由", "分值", "日期"]
    rows = [
        (1, "孙立强", "经济界", "无故缺席全体会议", "\u22125", D(2025, 1, 15)),
        (2, "杨帆", "中国民主建国会", "未按时提交履职报告", "\u22122", D(2025, 12, 31)),
        (3, "吴俊杰", "科学技术界", "提案被评为优秀提案", "+3", D(2025, 11, 28)),
        (4, "朱红梅", "医药卫生界", "参加义诊志愿服务", 1, D(2025, 8, 19)),
    ]
    wb, _ = simple("18", "加减分", "临海市政协2025年度委员履职加减分情况", labels, rows,
                   [6, 10, 16, 28, 8, 12], foot=FOOT)
    save(wb, "18-adj-unicode-minus.xlsx")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    roster_00()
    r01_prior_year_date()
    r02_ambiguous_dates()
    r03_two_digit_year_xls()
    r04_matrix_undated_column()
    r05_matrix_feb30_xls()
    r06_proposal_number_conflict()
    r07_conflicting_marks()
    r08_adjustment_three_decimals()
    r09_speech_bad_name()
    r10_other_future_date()
    a11_adjustment_approval_2026()
    a12_report_submitted_2026()
    a13_matrix_merged_mark()
    a14_hidden_rows()
    a15_adjustment_awards_repeat()
    a16_proposal_filename_year()
    a17_proposal_title_vs_filename()
    a18_adjustment_unicode_minus()


if __name__ == "__main__":
    main()
