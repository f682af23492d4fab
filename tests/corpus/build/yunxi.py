"""Write the 云溪市政协 (fictional) office-layout workbooks of tests/corpus/yunxi/.

Run:  python tests/corpus/build/yunxi.py
Deterministic: fixed data, fixed workbook properties (created/modified dates), no randomness.
The expected .toml files beside the workbooks were written by hand from reading them; this
script does not write them.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import xlsxwriter
import xlwt
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

OUT = Path(__file__).resolve().parents[1] / "yunxi"
FIXED = dt.datetime(2025, 12, 31, 9, 0, 0)

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="宋体", bold=True, size=11)
TITLE = Font(name="方正小标宋简体", size=16)
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


# ----------------------------------------------------------------------------- helpers


def new_book():
    wb = openpyxl.Workbook()
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.creator = "云溪市政协办公室"
    wb.properties.lastModifiedBy = "云溪市政协办公室"
    return wb


def save(wb, name):
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.save(OUT / name)
    pin(OUT / name)


def pin(path):
    """openpyxl stamps the save time into core.xml and the zip entries: pin both."""
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2025-12-31T09:00:00Z", data)
            info = zipfile.ZipInfo(name, date_time=(2025, 12, 31, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def title_row(ws, row, text, ncols):
    ws.cell(row=row, column=1, value=text).font = TITLE
    ws.cell(row=row, column=1).alignment = CENTER
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    ws.row_dimensions[row].height = 30


def header_row(ws, row, labels):
    for j, label in enumerate(labels, start=1):
        c = ws.cell(row=row, column=j, value=label)
        c.font = BOLD
        c.fill = HEAD_FILL
        c.alignment = CENTER
        c.border = BOX


def data_rows(ws, first_row, rows, date_format="yyyy-mm-dd"):
    r = first_row
    for values in rows:
        for j, v in enumerate(values, start=1):
            if v is None:
                c = ws.cell(row=r, column=j)
            else:
                c = ws.cell(row=r, column=j, value=v)
                if isinstance(v, (dt.date, dt.datetime)):
                    c.number_format = date_format
            c.border = BOX
        r += 1
    return r


def widths(ws, ws_widths):
    for j, w in enumerate(ws_widths, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(j)].width = w


def simple(name, sheet, title, labels, rows, col_widths, date_format="yyyy-mm-dd"):
    """A title row, a header row, data rows: the commonest office sheet."""
    wb = new_book()
    ws = wb.active
    ws.title = sheet
    title_row(ws, 1, title, len(labels))
    header_row(ws, 2, labels)
    data_rows(ws, 3, rows, date_format)
    widths(ws, col_widths)
    save(wb, name)


D = dt.date

# ----------------------------------------------------------------------------- 00 roster

ROSTER = [
    # 委员编号, 姓名, 性别, 所属界别, 政治面貌, 政协职务, 界别活动组, 联络组
    ("YX001", "陈建国", "男", "中国共产党", "中共党员", "主席", "第一活动组", "城区联络组"),
    ("YX002", "王秀英", "女", "中国民主建国会", "民建会员", "副主席", "第二活动组", "东城联络组"),
    ("YX003", "刘海峰", "男", "九三学社", "九三学社社员", "副主席", "第三活动组", "西城联络组"),
    ("YX004", "黄志强", "男", "经济界", "中共党员", "常委", "第四活动组", "南部联络组"),
    ("YX005", "周明", "男", "中国民主促进会", "民进会员", "秘书长", "第二活动组", "城区联络组"),
    ("YX006", "赵丽华", "女", "教育界", "群众", "常委", "第五活动组", "东城联络组"),
    ("YX007", "孙国栋", "男", "经济界", "无党派人士", "委员", "第四活动组", "西城联络组"),
    ("YX008", "李娜", "女", "医药卫生界", "群众", "委员", "第六活动组", "南部联络组"),
    ("YX009", "吴建华", "男", "中国民主建国会", "民建会员", "常委", "第二活动组", "城区联络组"),
    ("YX010", "郑晓燕", "女", "九三学社", "九三学社社员", "委员", "第三活动组", "东城联络组"),
    ("YX011", "钱文博", "男", "科学技术界", "中共党员", "委员", "第三活动组", "西城联络组"),
    ("YX012", "冯志远", "男", "文化艺术界", "群众", "委员", "第五活动组", "南部联络组"),
    ("YX013", "何雪梅", "女", "中国民主促进会", "民进会员", "委员", "第二活动组", "城区联络组"),
    ("YX014", "马俊", "男", "无党派人士", "无党派人士", "常委", "第一活动组", "东城联络组"),
    ("YX015", "朱玉兰", "女", "医药卫生界", "中共党员", "委员", "第六活动组", "西城联络组"),
    ("YX016", "胡斌", "男", "教育界", "民进会员", "委员", "第五活动组", "南部联络组"),
    ("YX017", "林晓东", "男", "中国共产党", "中共党员", "委员", "第一活动组", "城区联络组"),
    ("YX018", "高敏", "女", "经济界", "群众", "委员", "第四活动组", "东城联络组"),
    ("YX019", "李娜", "女", "文化艺术界", "中共党员", "委员", "第五活动组", "西城联络组"),
    ("YX020", "罗志刚", "男", "九三学社", "九三学社社员", "委员", "第三活动组", "南部联络组"),
    ("YX021", "梁晓红", "女", "中国民主建国会", "民建会员", "委员", "第二活动组", "城区联络组"),
    ("YX022", "宋振华", "男", "科学技术界", "九三学社社员", "委员", "第三活动组", "东城联络组"),
    ("YX023", "唐丽", "女", "教育界", "中共党员", "委员", "第五活动组", "西城联络组"),
    ("YX024", "韩磊", "男", "医药卫生界", "无党派人士", "委员", "第六活动组", "南部联络组"),
    ("YX025", "曹雅琴", "女", "中国民主促进会", "民进会员", "委员", "第二活动组", "城区联络组"),
    ("YX026", "许文涛", "男", "经济界", "民建会员", "委员", "第四活动组", "东城联络组"),
    ("YX027", "邓春燕", "女", "无党派人士", "无党派人士", "委员", "第一活动组", "西城联络组"),
    ("YX028", "彭立新", "男", "文化艺术界", "民进会员", "委员", "第五活动组", "南部联络组"),
    ("YX029", "谢振宇", "男", "科学技术界", "中共党员", "常委", "第三活动组", "城区联络组"),
    ("YX030", "潘美玲", "女", "中国共产党", "中共党员", "委员", "第一活动组", "东城联络组"),
]


def roster():
    labels = ["序号", "委员编号", "姓名", "性别", "所属界别", "政治面貌", "政协职务", "界别活动组", "联络组"]
    rows = [(i, *r) for i, r in enumerate(ROSTER, start=1)]
    simple("00-roster.xlsx", "委员名单", "政协云溪市第九届委员会委员名单（2025年度）", labels, rows,
           [6, 10, 10, 6, 18, 14, 10, 12, 12])


# ----------------------------------------------------------------------------- proposals


def p01_system_export():
    """(a) 提案管理系统 export: no title, frozen header, autofilter, 审查意见 column."""
    wb = xlsxwriter.Workbook(str(OUT / "01-proposal-system-export.xlsx"))
    wb.set_properties({"author": "提案管理系统", "created": FIXED})
    ws = wb.add_worksheet("提案列表")
    head = wb.add_format({"bold": True, "bg_color": "#BDD7EE", "border": 1, "align": "center"})
    cell = wb.add_format({"border": 1})
    text = wb.add_format({"border": 1, "num_format": "@"})
    labels = ["提案号", "案由", "第一提案人", "联名人", "审查意见", "承办单位", "办理状态"]
    rows = [
        ("001", "关于加快云溪老城区燃气管网改造的提案", "陈建国", "王秀英、刘海峰", "立案", "市住建局", "已办结"),
        ("002", "关于完善社区居家养老服务体系的提案", "赵丽华", "", "立案", "市民政局", "已办结"),
        ("003", "关于规范校外培训机构收费的提案", "胡斌", "唐丽、赵丽华、张晓明", "立案", "市教育局", "办理中"),
        ("004", "关于设立城市夜间经济示范街区的建议", "孙国栋", "高敏", "不予立案（转意见建议）", "", "已转办"),
        ("005", "关于推进老城区燃气管道更新的提案", "许文涛", "吴建华", "并案处理", "市住建局", "已办结"),
        ("006", "关于加强基层医疗机构人才队伍建设的提案", "朱玉兰", "韩磊", "立案", "市卫健委", "办理中"),
        ("007", "关于推动科技成果本地转化的提案", "钱文博", "宋振华，谢振宇", "立案", "市科技局", "已办结"),
        ("008", "关于增设公共体育场地的建议", "林晓东", "", "不予立案（转意见建议）", "", "已转办"),
    ]
    for j, label in enumerate(labels):
        ws.write_string(0, j, label, head)
    for i, row in enumerate(rows, start=1):
        ws.write_string(i, 0, row[0], text)
        for j, v in enumerate(row[1:], start=1):
            if v == "":
                ws.write_blank(i, j, None, cell)
            else:
                ws.write_string(i, j, v, cell)
    ws.set_column(0, 0, 8)
    ws.set_column(1, 1, 44)
    ws.set_column(2, 3, 20)
    ws.set_column(4, 4, 24)
    ws.set_column(5, 6, 12)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(rows), len(labels) - 1)
    wb.close()


def p02_cosigner_columns():
    """(b) 联名人1/2/3 columns, section rows per category, a trailing space in a name."""
    wb = new_book()
    ws = wb.active
    ws.title = "提案汇总"
    labels = ["序号", "提案标题", "提案人", "联名人1", "联名人2", "联名人3", "立案情况", "主办单位"]
    title_row(ws, 1, "云溪市政协九届四次会议提案汇总表（2025年度）", len(labels))
    header_row(ws, 2, labels)
    r = 3

    def section(text):
        nonlocal r
        ws.cell(row=r, column=1, value=text).font = BOLD
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(labels))
        r += 1

    section("一、经济建设类")
    r = data_rows(ws, r, [
        (1, "关于优化营商环境降低企业用能成本的提案", "吴建华", "梁晓红", "许文涛", None, "立案", "市发改委"),
        (2, "关于支持中小微企业融资担保的提案", "王秀英", "吴建华", None, None, "立案", "市金融办"),
        (3, "关于培育云溪特色农产品品牌的提案", "高敏 ", "孙国栋", "黄志强", "马俊", "立案", "市农业农村局"),
    ])
    section("二、社会民生类")
    data_rows(ws, r, [
        (4, "关于加强中小学生心理健康教育的提案", "唐丽", "胡斌", "赵丽华", None, "立案", "市教育局"),
        (5, "关于推进城乡公交一体化的提案", "邓春燕", None, None, None, "不予立案", None),
        (6, "关于完善社区托育服务的提案", "曹雅琴", "何雪梅", "周明", None, "立案", "市卫健委"),
    ])
    widths(ws, [6, 42, 10, 10, 10, 10, 10, 14])
    save(wb, "02-proposal-cosigner-columns.xlsx")


def p03_deng_n_ren():
    """(c) «周明等5人» in 提案人: only the lead is named."""
    simple("03-proposal-deng-n-ren.xlsx", "Sheet1", "2025年度委员提案登记表",
           ["序号", "提案题目", "提案人", "立案情况", "承办单位"],
           [
               (1, "关于加快推进智慧城市建设的提案", "周明等5人", "立案", "市大数据局"),
               (2, "关于提升公共图书馆服务效能的提案", "冯志远", "立案", "市文旅局"),
               (3, "关于加强古村落保护利用的提案", "彭立新等3人", "立案", "市自然资源局"),
               (4, "关于规范共享电单车停放管理的提案", "马俊", "不予立案", None),
               (5, "关于推进垃圾分类进小区的提案", "何雪梅等4人", "并案", "市城管局"),
           ],
           [6, 40, 14, 10, 14])


def p04_unit_with_member():
    """(d) a party committee as proposer with the member in brackets."""
    simple("04-proposal-unit-with-member.xlsx", "党派提案", "2025年度各民主党派及委员提案情况",
           ["序号", "提案名称", "提案人", "立案情况"],
           [
               (1, "关于促进民营经济高质量发展的提案", "民建市委会（王秀英）", "立案"),
               (2, "关于加强职业教育产教融合的提案", "民进市委会(何雪梅)", "立案"),
               (3, "关于完善基层医疗卫生服务网络的提案", "朱玉兰", "立案"),
               (4, "关于推进科技创新平台建设的提案", "九三学社市委会（罗志刚）", "不予立案"),
               (5, "关于加强农村留守儿童关爱的提案", "民进市委会", "立案"),
               (6, "关于盘活闲置国有资产的提案", "许文涛、吴建华", "立案"),
           ],
           [6, 40, 26, 10])


def p05_collective_writer():
    """(e) collective proposals by party committees with a 主笔人 column and 提案形式."""
    simple("05-proposal-collective-writer.xlsx", "提案", "云溪市政协九届四次会议集体提案及个人提案（2025年度）",
           ["序号", "提案人", "提案形式", "主笔人", "提案题目", "立案情况", "承办单位"],
           [
               (1, "九三学社云溪市委员会", "集体", "刘海峰", "关于加强科技人才引进培养的提案", "立案", "市人社局"),
               (2, "九三学社云溪市委员会", "集体", "宋振华", "关于推进数字政府建设的提案", "立案", "市大数据局"),
               (3, "中国民主建国会云溪市委员会", "集体", "梁晓红", "关于优化民营企业融资环境的提案", "并案", "市金融办"),
               (4, "郑晓燕", "个人", None, "关于加强河道生态治理的提案", "立案", "市水利局"),
               (5, "罗志刚", "个人", None, "关于改善老旧小区加装电梯的提案", "不予立案", None),
           ],
           [6, 28, 10, 10, 40, 10, 12])


def p06_no_filing_column():
    """(f) a list of proposals with no 立案 column at all; 提交日期 as dates."""
    simple("06-proposal-no-filing-column.xlsx", "提案目录", "云溪市政协委员提案目录（2025年度）",
           ["序号", "提案人", "提案标题", "联名人", "提交日期"],
           [
               (1, "黄志强", "关于打造云溪文旅融合品牌的提案", "冯志远、彭立新", D(2025, 1, 10)),
               (2, "韩磊", "关于加强院前急救体系建设的提案", "朱玉兰", D(2025, 1, 10)),
               (3, "孙国栋", "关于发展县域物流配送体系的提案", None, D(2025, 1, 11)),
               (4, "邓春燕", "关于推进无障碍环境建设的提案", "马俊、王建军", D(2025, 1, 11)),
               (5, "林晓东", "关于加强基层党建引领社区治理的提案", "潘美玲", D(2025, 1, 12)),
           ],
           [6, 10, 40, 18, 12])


def p07_two_row_header_xls():
    """(g) an .xls with a two-row header (merged group labels above)."""
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("立案情况")
    title = xlwt.easyxf("font: bold on, height 320; align: horiz center, vert center")
    head = xlwt.easyxf("font: bold on; align: horiz center, vert center, wrap on; "
                       "borders: left thin, right thin, top thin, bottom thin")
    cell = xlwt.easyxf("borders: left thin, right thin, top thin, bottom thin")
    ws.write_merge(0, 0, 0, 6, "云溪市政协九届四次会议提案立案情况表", title)
    ws.write_merge(1, 2, 0, 0, "序号", head)
    ws.write_merge(1, 2, 1, 1, "案号", head)
    ws.write_merge(1, 2, 2, 2, "案由", head)
    ws.write_merge(1, 1, 3, 4, "提案人", head)
    ws.write(2, 3, "第一提案人", head)
    ws.write(2, 4, "联名提案人", head)
    ws.write_merge(1, 1, 5, 6, "审查情况", head)
    ws.write(2, 5, "立案情况", head)
    ws.write(2, 6, "承办单位", head)
    rows = [
        (1, "2025001", "关于加快城市更新改造的提案", "谢振宇", "钱文博、林晓东", "立案", "市住建局"),
        (2, "2025002", "关于加强食品安全监管的提案", "韩磊", "朱玉兰", "立案", "市市场监管局"),
        (3, "2025003", "关于扶持非遗传承人的提案", "彭立新", "", "立案", "市文旅局"),
        (4, "2025004", "关于加快5G基站建设的提案", "宋振华", "谢振宇", "不予立案", ""),
        (5, "2025005", "关于优化城区停车管理的提案", "潘美玲", "林晓东、陈建国", "并案", "市公安局"),
    ]
    for i, row in enumerate(rows, start=3):
        for j, v in enumerate(row):
            ws.write(i, j, v, cell)
    for j, w in enumerate([6, 10, 36, 12, 18, 10, 14]):
        ws.col(j).width = 256 * w
    wb.save(str(OUT / "07-proposal-two-row-header.xls"))


def p08_key_excellent_footer():
    """(h) 重点提案/优秀提案 as 是/√/blank, 备注 «审核通过» in a data row, a real footer."""
    wb = new_book()
    ws = wb.active
    ws.title = "重点优秀提案"
    labels = ["序号", "提案编号", "提案题目", "提案人", "立案情况", "重点提案", "优秀提案", "备注"]
    title_row(ws, 1, "2025年度重点提案和优秀提案统计表", len(labels))
    header_row(ws, 2, labels)
    r = data_rows(ws, 3, [
        (1, "2025011", "关于建设云溪综合交通枢纽的提案", "陈建国", "立案", "是", "√", None),
        (2, "2025012", "关于推进医养结合的提案", "朱玉兰", "立案", "是", None, None),
        (3, "2025013", "关于加强历史文化街区保护的提案", "冯志远", "立案", None, "√", "审核通过"),
        (4, "2025014", "关于发展职业教育的提案", "胡斌", "立案", "√", "是", None),
        (5, "2025015", "关于推动绿色低碳产业发展的提案", "谢振宇", "立案", None, None, None),
        (6, "2025016", "关于提升农村供水保障水平的提案", "孙国栋", "不予立案", None, None, None),
    ])
    ws.cell(row=r + 1, column=1, value="制表：提案委 2025年12月")
    ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=4)
    widths(ws, [6, 10, 38, 10, 10, 10, 10, 12])
    save(wb, "08-proposal-key-excellent-footer.xlsx")


# ----------------------------------------------------------------------------- 社情民意


def s09_adoption():
    """(i) 采用情况 phrases, including a negated «拟报送，未采用»."""
    simple("09-sqmy-adoption.xlsx", "采用情况", "2025年度社情民意信息采用情况统计",
           ["序号", "信息标题", "报送人", "采用情况"],
           [
               (1, "关于加强老年人防范电信诈骗宣传的建议", "赵丽华", "市政协采用"),
               (2, "关于规范网约车平台抽成比例的建议", "孙国栋", "被省政协采用"),
               (3, "关于中药材种植产业扶持的建议", "朱玉兰", "全国政协单篇采用"),
               (4, "关于基层减负落实情况的反映", "林晓东", "全国政协综合采用"),
               (5, "关于农村电商物流最后一公里的建议", "高敏", "未采用"),
               (6, "关于校园周边交通安全的建议", "唐丽", "拟报送，未采用"),
               (7, "关于社区充电桩建设的建议", "许文涛", "市政协采用"),
           ],
           [6, 40, 10, 18])


def s10_instruction():
    """(j) 领导批示 at every level."""
    simple("10-sqmy-instruction.xlsx", "批示情况", "2025年度社情民意信息获领导批示情况",
           ["序号", "标题", "作者", "领导批示情况"],
           [
               (1, "关于加快老旧小区改造进度的建议", "吴建华", "市委书记批示"),
               (2, "关于加强城市内涝防治的建议", "钱文博", "副市长批示"),
               (3, "关于推动县域医共体建设的建议", "韩磊", "省委副书记批示"),
               (4, "关于保护传统村落的建议", "彭立新", "全国政协副主席批示"),
               (5, "关于规范物业服务收费的建议", "曹雅琴", "无"),
               (6, "关于发展银发经济的建议", "马俊", "市委书记、省委副书记批示"),
           ],
           [6, 36, 10, 26])


def s11_multi_author():
    """(k) several authors in one cell, a unit author, traditional characters 黃志強."""
    simple("11-sqmy-multi-author.xlsx", "社情民意", "云溪市政协2025年度社情民意信息汇总",
           ["序号", "信息名称", "反映人", "采用情况"],
           [
               (1, "关于加强小微企业用工保障的建议", "黃志強、孙国栋", "市政协采用"),
               (2, "关于推进校园食堂透明厨房的建议", "民进市委会", "被省政协采用"),
               (3, "关于规范医疗美容行业的建议", "朱玉兰、韩磊", "未采用"),
               (4, "关于提升公共文化设施利用率的建议", "民进市委会、曹雅琴", "市政协采用"),
               (5, "关于加大科技型企业税收优惠的建议", "宋振华，谢振宇", "全国政协综合采用"),
               (6, "关于农民工工资支付保障的建议", "黃志強", "未采用"),
           ],
           [6, 38, 22, 18])


def s12_datetime_issue():
    """(l) 期号 and 报送日期 as date-time cells; a hidden helper sheet of dropdown values."""
    wb = new_book()
    ws = wb.active
    ws.title = "社情民意"
    labels = ["期号", "报送日期", "题目", "报送人", "采用情况", "批示情况"]
    header_row(ws, 1, labels)
    data_rows(ws, 2, [
        ("第1期", dt.datetime(2025, 1, 15, 9, 30), "关于春运期间农民工返乡保障的建议", "潘美玲", "市政协采用", "无"),
        ("第2期", dt.datetime(2025, 2, 20, 14, 0), "关于加强冬季校园安全的建议", "唐丽", "被省政协采用", "副市长批示"),
        ("第3期", dt.datetime(2025, 3, 18, 10, 15), "关于优化政务服务一网通办的建议", "钱文博", "未采用", "无"),
        ("第4期", dt.datetime(2025, 4, 22, 16, 45), "关于稳定生猪生产的建议", "孙国栋、高敏", "全国政协单篇采用", "省委副书记批示"),
        ("第5期", dt.datetime(2025, 5, 27, 11, 20), "关于促进青年就业的建议", "邓春燕", "市政协采用", "无"),
    ], date_format="yyyy-mm-dd hh:mm")
    widths(ws, [8, 18, 38, 14, 18, 18])
    helper = wb.create_sheet("字典")
    helper.append(["采用情况", "批示情况"])
    for a, b in [("市政协采用", "无"), ("被省政协采用", "市委书记批示"), ("全国政协单篇采用", "副市长批示"),
                 ("全国政协综合采用", "省委副书记批示"), ("未采用", None)]:
        helper.append([a, b])
    helper.sheet_state = "hidden"
    save(wb, "12-sqmy-datetime-issue.xlsx")


def s13_quarter_sheets():
    """(m) one sheet per quarter."""
    wb = new_book()
    labels = ["序号", "信息题目", "报送委员", "采用情况"]
    quarters = {
        "一季度": [
            (1, "关于加强春季森林防火的建议", "罗志刚", "市政协采用"),
            (2, "关于规范校外托管机构的建议", "胡斌", "未采用"),
            (3, "关于推动老字号品牌振兴的建议", "梁晓红", "被省政协采用"),
        ],
        "二季度": [
            (1, "关于防范汛期地质灾害的建议", "郑晓燕", "全国政协综合采用"),
            (2, "关于加强夏季用电保障的建议", "许文涛", "市政协采用"),
            (3, "关于提升社区卫生服务能力的建议", "韩磊", "未采用"),
            (4, "关于发展夜间文旅消费的建议", "冯志远", "市政协采用"),
        ],
    }
    first = True
    for name, rows in quarters.items():
        ws = wb.active if first else wb.create_sheet(name)
        ws.title = name
        first = False
        title_row(ws, 1, f"2025年{name}社情民意信息报送情况", len(labels))
        header_row(ws, 2, labels)
        data_rows(ws, 3, rows)
        widths(ws, [6, 36, 10, 18])
    save(wb, "13-sqmy-quarter-sheets.xlsx")


# ----------------------------------------------------------------------------- speeches


def f14_speech_form():
    """(n) 发言形式 «大会口头发言» / «书面发言» / blank, with a 界别 column and date cells."""
    simple("14-speech-form.xlsx", "大会发言", "云溪市政协九届四次会议委员发言情况（2025年度）",
           ["序号", "姓名", "界别", "发言题目", "发言形式", "日期"],
           [
               (1, "陈建国", "中国共产党", "凝心聚力推动云溪高质量发展", "大会口头发言", D(2025, 1, 12)),
               (2, "王秀英", "中国民主建国会", "关于优化民营经济发展环境的思考", "大会口头发言", D(2025, 1, 12)),
               (3, "赵丽华", "教育界", "办好人民满意的教育", "书面发言", D(2025, 1, 13)),
               (4, "韩磊", "医药卫生界", "加强基层医疗服务能力建设", None, D(2025, 1, 13)),
               (5, "冯志远", "文化艺术界", "繁荣发展云溪文化事业", "书面发言", D(2025, 1, 13)),
               (6, "谢振宇", "科学技术界", "以科技创新引领产业升级", "大会口头发言", D(2025, 1, 12)),
           ],
           [6, 10, 16, 34, 14, 12])


def f15_speech_no_form():
    """(o) speeches at 专题协商会 with no 形式 column; meeting names merged down; text dates."""
    wb = new_book()
    ws = wb.active
    ws.title = "协商发言"
    labels = ["序号", "会议名称", "发言人", "发言题目", "日期"]
    title_row(ws, 1, "2025年度专题协商会委员发言名单", len(labels))
    header_row(ws, 2, labels)
    data_rows(ws, 3, [
        (1, "城市更新专题协商会", "吴建华", "城市更新中的历史风貌保护", "2025年4月10日"),
        (2, None, "许文涛", "城市更新的资金保障", "2025年4月10日"),
        (3, None, "王建军", "老旧小区改造的实践与思考", "2025年4月10日"),
        (4, "养老服务专题协商会", "朱玉兰", "医养结合的实现路径", "2025年7月8日"),
        (5, None, "曹雅琴", "发展社区嵌入式养老", "2025年7月8日"),
    ])
    ws.merge_cells("B3:B5")
    ws.merge_cells("B6:B7")
    ws["B3"].alignment = CENTER
    ws["B6"].alignment = CENTER
    widths(ws, [6, 22, 10, 30, 16])
    save(wb, "15-speech-no-form.xlsx")


def f16_speech_standing():
    """(p) speeches at 常委会议 with dates written «2025.6.18»."""
    simple("16-speech-standing.xlsx", "常委会发言", "2025年度市政协常委会议发言登记",
           ["序号", "会议", "发言委员", "发言题目", "形式", "发言日期"],
           [
               (1, "九届十次常委会议", "刘海峰", "关于科技创新的几点建议", "口头", "2025.3.26"),
               (2, "九届十次常委会议", "马俊", "推进民生实事落地见效", "书面", "2025.3.26"),
               (3, "九届十一次常委会议", "黄志强", "培育发展新质生产力", "口头", "2025.6.18"),
               (4, "九届十一次常委会议", "吴建华", "持续优化营商环境", "口头", "2025.6.18"),
               (5, "九届十二次常委会议", "赵丽华", "推进教育强市建设", "书面", "2025.9.24"),
               (6, "九届十二次常委会议", "谢振宇", "加快数字经济发展", "口头", "2025.10.9"),
           ],
           [6, 18, 10, 28, 8, 12])


# ----------------------------------------------------------------------------- reports


def r17_report_flag():
    """(q) 是否提交 «已提交»/«未提交»; 备注 «审核通过» on data rows."""
    simple("17-report-submitted-flag.xlsx", "履职报告", "2025年度委员履职报告提交情况",
           ["序号", "姓名", "界别", "是否提交", "备注"],
           [
               (1, "陈建国", "中国共产党", "已提交", None),
               (2, "王秀英", "中国民主建国会", "已提交", "审核通过"),
               (3, "刘海峰", "九三学社", "未提交", None),
               (4, "黄志强", "经济界", "已提交", "审核通过"),
               (5, "周明", "中国民主促进会", "已提交", None),
               (6, "赵丽华", "教育界", "未提交", None),
               (7, "孙国栋", "经济界", "已提交", None),
               (8, "李娜", "医药卫生界", "已提交", None),
               (9, "吴建华", "中国民主建国会", "已提交", None),
               (10, "郑晓燕", "九三学社", "未提交", None),
           ],
           [6, 10, 18, 10, 12])


def r18_report_submitters():
    """(r) a list of those who submitted, with 提交日期 only."""
    simple("18-report-submitters-list.xlsx", "已提交名单", "2025年度履职报告已提交委员名单",
           ["序号", "委员姓名", "提交日期"],
           [
               (1, "钱文博", D(2025, 12, 5)),
               (2, "冯志远", D(2025, 12, 8)),
               (3, "何雪梅", D(2025, 12, 8)),
               (4, "马俊", D(2025, 12, 10)),
               (5, "朱玉兰", D(2025, 12, 12)),
               (6, "胡斌", D(2025, 12, 15)),
               (7, "林晓东", D(2025, 12, 15)),
           ],
           [6, 12, 14], date_format="yyyy\"年\"m\"月\"d\"日\"")


# ----------------------------------------------------------------------------- other duties


def o19_other_level():
    """(s) 类别 为民办实事/文史资料/表彰 with 级别 省级/市级; one date in full-width digits."""
    simple("19-other-duties-level.xlsx", "其他履职", "2025年度委员其他履职情况登记表",
           ["序号", "姓名", "类别", "内容", "级别", "日期"],
           [
               (1, "周明", "为民办实事", "为社区困难家庭捐助冬衣", "市级", D(2025, 1, 20)),
               (2, "郑晓燕", "文史资料", "撰写《云溪老街往事》文史稿", "省级", "２０２５年３月１５日"),
               (3, "陈建国", "表彰", "获评全省优秀政协委员", "省级", D(2025, 4, 28)),
               (4, "何雪梅", "为民办实事", "助学帮扶留守儿童", "市级", D(2025, 6, 1)),
               (5, "彭立新", "文史资料", "整理云溪非遗口述史", "市级", D(2025, 8, 12)),
               (6, "罗志刚", "表彰", "获市政协优秀委员表彰", "市级", D(2025, 12, 20)),
           ],
           [6, 10, 12, 32, 8, 20])


def o20_own_category():
    """(t) an office's own category «社区义诊» (公益) next to known ones; no 级别 column."""
    simple("20-other-duties-own-category.xlsx", "Sheet1", "2025年度委员公益及其他履职活动",
           ["序号", "委员", "类别", "活动内容", "时间"],
           [
               (1, "朱玉兰", "社区义诊", "在东城社区开展健康义诊", D(2025, 3, 5)),
               (2, "韩磊", "社区义诊", "送医下乡义诊", D(2025, 5, 12)),
               (3, "林晓东", "为民办实事", "协调解决小区冬季供暖问题", D(2025, 11, 20)),
               (4, "唐丽", "文史资料", "参与编写云溪教育志", D(2025, 9, 10)),
               (5, "梁晓红", "表彰", "获评云溪市三八红旗手", D(2025, 3, 8)),
           ],
           [6, 10, 12, 30, 12])


# ----------------------------------------------------------------------------- adjustments


def a21_points_text():
    """(u) 分值 written «加5分», «减2分», «+3», «-1», «加0.5分»; «李娜（医卫界）»."""
    simple("21-adjustment-points-text.xlsx", "加减分", "2025年度委员履职加减分登记表",
           ["序号", "姓名", "事由", "分值", "日期"],
           [
               (1, "周明", "牵头完成市政协重点调研课题", "加5分", D(2025, 5, 20)),
               (2, "马俊", "无故缺席常委会议", "减2分", D(2025, 6, 18)),
               (3, "钱文博", "提案被评为优秀提案", "+3", D(2025, 12, 10)),
               (4, "高敏", "未按时提交履职报告", "-1", D(2025, 12, 31)),
               (5, "李娜（医卫界）", "参加卫生应急志愿服务", "加5分", D(2025, 2, 14)),
               (6, "谢振宇", "为委员培训授课", "加0.5分", D(2025, 9, 3)),
           ],
           [6, 16, 30, 10, 12])


def a22_namesakes():
    """(v) namesakes 李娜 told apart by a 界别 column; a padded «李  娜»."""
    simple("22-adjustment-namesakes.xlsx", "加减分", "2025年度界别活动加减分情况",
           ["序号", "姓名", "界别", "加减分", "原因"],
           [
               (1, "李娜", "医药卫生界", 3, "撰写的社情民意信息被省政协采用"),
               (2, "李娜", "文化艺术界", 2, "组织文艺惠民演出"),
               (3, "李  娜", "文化艺术界", -1, "请假未参加界别活动"),
               (4, "冯志远", "文化艺术界", 2, "参加文艺界别专题调研"),
               (5, "韩磊", "医药卫生界", -2, "无故缺席专题协商会"),
               (6, "李娜（医卫界）", "医药卫生界", 1, "参加界别义诊活动"),
           ],
           [6, 16, 14, 8, 32])


# ----------------------------------------------------------------------------- more variety


def p23_sector_total_row():
    """a 界别 column that tells the 李娜 namesakes apart in proposals, 黃志強, 撤案, a 合计 row."""
    wb = new_book()
    ws = wb.active
    ws.title = "委员提案"
    labels = ["序号", "提案人", "界别", "提案题目", "联名人", "立案情况"]
    title_row(ws, 1, "2025年度委员个人提案情况表", len(labels))
    header_row(ws, 2, labels)
    r = data_rows(ws, 3, [
        (1, "李娜", "文化艺术界", "关于扶持本土原创文艺作品的提案", "冯志远", "立案"),
        (2, "李娜", "医药卫生界", "关于加强儿童青少年近视防控的提案", "朱玉兰、韩磊", "立案"),
        (3, "黃志強", "经济界", "关于推动县域商业体系建设的提案", "高敏", "立案"),
        (4, "周明", "中国民主促进会", "关于推进社区书院建设的提案", None, "撤案"),
        (5, "宋振华", "科学技术界", "关于建设青少年科普教育基地的提案", "钱文博", "立案"),
    ])
    ws.cell(row=r, column=1, value="合计")
    ws.cell(row=r, column=4, value="共5件，立案4件")
    widths(ws, [6, 10, 16, 40, 16, 10])
    save(wb, "23-proposal-sector-total-row.xlsx")


def o24_national_level():
    """履职类别 with 理论文章, 级别 «全国» / «市级» / blank, 完成时间 dates."""
    simple("24-other-duties-national-level.xlsx", "履职登记", "2025年度委员履职登记（其他）",
           ["序号", "委员姓名", "履职类别", "级别", "完成时间", "说明"],
           [
               (1, "刘海峰", "理论文章", "全国", D(2025, 6, 30), "在人民政协报发表理论文章"),
               (2, "胡斌", "文史资料", None, D(2025, 7, 15), "提供云溪教育史料"),
               (3, "曹雅琴", "为民办实事", "市级", D(2025, 10, 12), "为社区老人开展助餐服务"),
               (4, "马俊", "表彰", "全国", D(2025, 11, 6), "获评全国政协系统先进个人"),
           ],
           [6, 10, 12, 8, 12, 30])


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    roster()
    p01_system_export()
    p02_cosigner_columns()
    p03_deng_n_ren()
    p04_unit_with_member()
    p05_collective_writer()
    p06_no_filing_column()
    p07_two_row_header_xls()
    p08_key_excellent_footer()
    s09_adoption()
    s10_instruction()
    s11_multi_author()
    s12_datetime_issue()
    s13_quarter_sheets()
    f14_speech_form()
    f15_speech_no_form()
    f16_speech_standing()
    r17_report_flag()
    r18_report_submitters()
    o19_other_level()
    o20_own_category()
    a21_points_text()
    a22_namesakes()
    p23_sector_total_row()
    o24_national_level()


if __name__ == "__main__":
    main()
