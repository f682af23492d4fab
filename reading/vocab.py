"""Declarative vocabularies of the import: every column alias, mark, keyword and value
table is defined here once, as data. The readers and parsers only interpret them, and
tests check them against ``docs/导入格式.md``.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

KINDS: dict[str, str] = {
    "roster": "委员名册",
    "attendance": "出勤登记（明细）",
    "attendance_matrix": "出勤登记（矩阵）",
    "proposals": "提案目录",
    "sqmy": "社情民意",
    "speeches": "大会发言",
    "reports": "履职报告",
    "other": "其他履职",
    "adjustments": "加减分",
}


@dataclass(frozen=True)
class Column:
    """One canonical column: its field name, the kinds it belongs to, its Chinese label,
    the aliases it is known by, and the kinds for which it is required."""

    field: str
    label: str
    aliases: tuple[str, ...]
    kinds: tuple[str, ...]
    required_in: tuple[str, ...] = ()


_ALL = tuple(KINDS)
_PERSON_KINDS = ("roster", "attendance", "attendance_matrix", "speeches", "reports", "other", "adjustments")

COLUMNS: tuple[Column, ...] = (
    # house columns: not in the original import formats, found in every office sheet
    Column("seq", "序号", (), _ALL),
    Column("note", "备注", (), _ALL),
    Column("name", "姓名", ("委员姓名", "名字", "委员", "发言人", "发言委员"), _PERSON_KINDS,
           required_in=_PERSON_KINDS),
    Column("sector", "界别", ("所属界别", "所在界别"), (*_PERSON_KINDS, "proposals"), required_in=("roster",)),
    # roster
    Column("code", "编号", ("委员编号", "证号"), _PERSON_KINDS),
    Column("gender", "性别", (), ("roster",)),
    Column("ethnicity", "民族", (), ("roster",)),
    Column("birth", "出生年月", (), ("roster",)),
    Column("party", "党派", ("政治面貌", "党派/政治面貌"), ("roster",)),
    Column("title", "职务", ("政协职务",), ("roster",)),
    Column("standing", "常委", ("是否常委",), ("roster",)),
    Column("committee", "专委会", ("专门委员会", "所属专委会"), ("roster",)),
    Column("activity_group", "界别活动组", ("活动组", "界别小组"), ("roster",)),
    Column("liaison_group", "委员联络组", ("联络组", "所属联络组", "县市区"), ("roster",)),
    Column("work_unit", "工作单位及职务", ("单位及职务", "工作单位"), ("roster",)),
    Column("nominator", "推荐单位", ("提名单位", "推荐渠道", "推荐单位（界别）", "推荐提名单位", "协商推荐单位",
                                      "推荐部门", "提名渠道"), ("roster",)),
    Column("term", "届次", (), ("roster",)),
    Column("status", "状态", ("委员状态",), ("roster",)),
    Column("change_date", "变动日期", (), ("roster",)),
    Column("phone", "手机", ("联系电话",), ("roster",)),
    # attendance (long)
    Column("event", "活动名称", ("会议名称", "活动", "活动内容", "会议"), ("attendance",), required_in=("attendance",)),
    Column("date", "日期", ("活动日期", "会议日期", "时间", "活动时间", "会议时间", "开始时间", "发言日期", "完成时间"),
           ("attendance", "speeches", "other", "adjustments"),
           required_in=("attendance", "speeches")),
    Column("mark", "出勤", ("出勤情况", "考勤", "状态", "签到", "签到情况", "出席", "出席情况",
                                  "参加情况", "情况"), ("attendance",), required_in=("attendance",)),
    Column("category", "类别", ("活动类别", "履职类别"), ("attendance", "other"), required_in=("other",)),
    Column("organizer", "组织单位", ("主办", "组织部门"), ("attendance",)),
    # attendance (one row per event, its people listed by how they answered)
    Column("attend_names", "参加人员", ("出席人员", "参会人员", "到会人员", "参加委员", "出席委员"), ("attendance",)),
    Column("leave_names", "请假人员", ("请假委员",), ("attendance",)),
    Column("absent_names", "缺席人员", ("缺席委员", "未参加人员", "未到人员"), ("attendance",)),
    # proposals
    Column("subject", "案由", ("标题", "提案标题", "题目", "提案题目", "提案名称"), ("proposals",), required_in=("proposals",)),
    Column("proposer", "提案人", ("第一提案人", "提案者"), ("proposals",), required_in=("proposals",)),
    Column("number", "提案号", ("案号", "编号", "提案编号"), ("proposals",)),
    Column("cosigners", "联名人", ("附议人", "联名提案人"), ("proposals",)),
    Column("writers", "主笔人", (), ("proposals",)),
    Column("form", "提案形式", (), ("proposals",)),
    Column("outcome", "立案情况", ("审查结果", "办理状态"), ("proposals",)),
    Column("key", "重点提案", ("是否重点",), ("proposals",)),
    Column("excellent", "优秀提案", ("是否优秀",), ("proposals",)),
    Column("submit_date", "提交日期", (), ("proposals", "reports")),
    Column("handler", "承办单位", (), ("proposals",)),
    Column("result", "办理结果", (), ("proposals",)),
    # sqmy
    Column("title_text", "标题", ("信息标题", "题目", "信息名称", "信息题目"), ("sqmy",), required_in=("sqmy",)),
    Column("authors", "报送人", ("作者", "反映人", "报送单位", "报送委员"), ("sqmy",), required_in=("sqmy",)),
    Column("sqmy_date", "报送日期", (), ("sqmy",)),
    Column("issue", "期号", (), ("sqmy",)),
    Column("adoption", "采用情况", ("采用层级", "采用级别"), ("sqmy",)),
    Column("instruction", "批示情况", ("批示领导", "批示级别", "领导批示情况"), ("sqmy",)),
    # speeches
    Column("meeting", "会议", ("会议名称",), ("speeches",)),
    Column("topic", "题目", ("发言题目",), ("speeches",)),
    Column("speech_form", "形式", ("发言形式",), ("speeches",)),
    # reports
    Column("submitted", "是否提交", (), ("reports",)),
    Column("report_year", "年度", (), ("reports",)),
    # other duties
    Column("content", "内容", ("活动内容", "履职内容"), ("other",)),
    Column("level", "级别", (), ("other",)),
    # adjustments
    Column("points", "分值", ("加减分", "加减分值"), ("adjustments",), required_in=("adjustments",)),
    Column("reason", "事由", ("原因", "加减分事由"), ("adjustments",), required_in=("adjustments",)),
    Column("approver", "批准", ("批准人", "依据"), ("adjustments",)),
    Column("approve_date", "批准日期", ("审批日期", "批准时间", "审批时间"), ("adjustments",)),
)

# Fields an office may spread over numbered columns (联名人1, 联名人2, …): each column holds
# one more name, in order.
NUMBERED_FIELDS: tuple[str, ...] = ("cosigners", "writers", "authors")

# A kind may require one of several columns rather than one fixed column.
REQUIRED_ANY: dict[str, tuple[tuple[str, ...], ...]] = {
    "reports": (("submit_date", "submitted"),),
}

# The participant lists of a register with one row per event, and the status of each name.
PARTICIPANT_LISTS: dict[str, str] = {"attend_names": "attend", "leave_names": "leave", "absent_names": "absent"}
# Required fields other columns stand in for: kind → (fields, any of the stand-ins). A
# register of one row per event names its people in participant lists, not in 姓名 + 出勤.
STAND_INS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "attendance": (("name", "mark"), tuple(PARTICIPANT_LISTS)),
}

# The built-in words of every coded column (marks, yes/no, parties, titles, outcomes,
# adoption and instruction levels, speech forms, levels, categories of other duties,
# member statuses, proposal forms): vocabulary.toml, read through reading.values.
VALUES: dict[str, dict] = tomllib.loads(Path(__file__).with_name("vocabulary.toml").read_text(encoding="utf-8"))

STATUSES: dict[str, str] = {k: v for k, v in VALUES["mark"]["meanings"].items() if k != "none"}
MARKS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in VALUES["mark"]["exact"].items()}
YES_NO: dict[bool, tuple[str, ...]] = {True: tuple(VALUES["yes_no"]["exact"]["是"]),
                                       False: tuple(VALUES["yes_no"]["exact"]["否"])}

# Event categories: (code, Chinese name, keywords in the event name; a keyword is a regular
# expression). First match wins, in this order; a name with no keyword is other_meeting.
# Plenary is the body's own sitting only: 全体会议, «十届三次会议», a 全会 that is not another
# body's «X中全会» (a study session on it is study); «大会» alone says nothing.
_NUMERAL = "[一二三四五六七八九十百\\d]+"
EVENT_CATEGORIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("plenary", "全体会议", ("全体会议", f"{_NUMERAL}届(?:委员会)?第?{_NUMERAL}次会议", "(?<!中)全会")),
    ("standing", "常委会议", ("常委会", "常务委员会")),
    ("consult_thematic", "专题协商", ("专题协商", "专题议政")),
    ("consult_other", "其他协商", ("对口协商", "界别协商", "提案办理协商", "双周协商", "协商")),
    ("inspect_research", "视察调研", ("视察", "调研", "考察")),
    ("supervision", "民主监督", ("民主监督", "民主评议", "监督")),
    ("training", "集中培训", ("培训",)),
    ("study", "学习活动", ("委员活动日", "读书", "学习", "讲座")),
    ("sector_group", "界别活动组活动", ("界别活动", "界别")),
    ("liaison_group", "联络组活动", ("联络组", "委员工作室")),
    ("public_service", "为民服务", ("办实事", "公益", "接待", "义诊")),
    ("other_meeting", "其他会议", ()),
)

# The patterns among those keywords, in words for the documentation.
KEYWORD_PATTERNS_IN_WORDS: dict[str, str] = {
    f"{_NUMERAL}届(?:委员会)?第?{_NUMERAL}次会议": "X届X次会议（如 十届三次会议）",
    "(?<!中)全会": "全会（「X中全会」除外，如 二十届四中全会）",
}

# A date of handing in or approval may fall this many months (before, after) the year the
# file states; the record stays in that year. Proposals to a year's plenary are collected
# in the months before it, and 社情民意 go with them; reports and approvals come after.
# An activity's date (a meeting, a visit, a speech) lies in the year itself.
HANDED_IN_MONTHS: dict[str, tuple[int, int]] = {
    "proposals": (3, 3),    # 提案 提交日期
    "sqmy": (3, 3),         # 社情民意 报送日期
    "reports": (0, 3),      # 履职报告 提交日期
    "adjustments": (0, 3),  # 加减分 批准日期
}

# A date written as a 旬 («3月中旬») is read as the 旬's first day.
XUN_FIRST_DAYS: dict[str, int] = {"上": 1, "中": 11, "下": 21}

# Proposal outcomes: filed (立案/并案) or not.
PROPOSAL_OUTCOMES: dict[str, bool] = {o: o in ("立案", "并案") for o in VALUES["outcome"]["meanings"]}
PROPOSAL_FORMS: tuple[str, ...] = tuple(VALUES["proposal_form"]["meanings"])
SQMY_ADOPTION_ORDER: tuple[str, ...] = ("市", "省", "全国转送", "全国单篇")
INSTRUCTION_ORDER: tuple[str, ...] = ("市", "省", "国家")
SPEECH_FORMS: tuple[str, ...] = tuple(VALUES["speech_form"]["meanings"])

# Other duties: category → rule group it belongs to.
OTHER_CATEGORIES: dict[str, str] = {
    "为民办实事": "public_service",
    "公益": "public_service",
    "文史资料": "writing",
    "理论文章": "writing",
    "宣传": "writing",
    "表彰": "commendation",
}
COMMENDATION_LEVELS: tuple[str, ...] = ("全国", "省", "市")

# Roster values.
STANDING_TITLES: tuple[str, ...] = ("主席", "副主席", "秘书长", "常委")
TITLES: tuple[str, ...] = tuple(VALUES["title"]["order"])
MEMBER_STATUSES: tuple[str, ...] = tuple(VALUES["member_status"]["meanings"])
LEFT_STATUSES: tuple[str, ...] = ("辞去", "调出")
PARTIES: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in VALUES["party"]["exact"].items()}

# A column that changes scores, absent from a sheet: what that means, said in the check
# before anything is written. (kind, field) → the note.
ABSENT_COLUMN_NOTES: dict[tuple[str, str], str] = {
    ("proposals", "outcome"): "未找到立案情况列：本表全部提案按未立案计分",
    ("proposals", "key"): "未找到重点提案列：本表提案均不按重点提案计分",
    ("sqmy", "adoption"): "未找到采用情况列：本表全部信息按未采用计分",
    ("sqmy", "instruction"): "未找到批示情况列：本表信息均不计批示加分",
    ("speeches", "speech_form"): "未找到形式列：本表全部发言按书面发言计分",
    ("attendance", "category"): "未找到类别列：活动类别按活动名称中的关键词判断（见下方活动列表）",
    ("other", "level"): "未找到级别列：表彰须写明级别，否则不能计分",
    ("reports", "submitted"): "未找到是否提交列：有提交日期的行按已提交计",
}

# What a sheet or file is by its title or name. A register never creates members; a roster
# needs a roster word or a column only a roster has.
ROSTER_WORDS: tuple[str, ...] = ("名册", "名单")
REGISTER_WORDS: tuple[str, ...] = ("签到", "出勤", "考勤", "出席", "缺席", "请假", "活动", "会议", "台账")
ROSTER_EVIDENCE: tuple[str, ...] = ("code", "gender", "ethnicity", "birth", "party", "title", "standing",
                                    "committee", "activity_group", "liaison_group", "work_unit", "nominator",
                                    "term", "status", "change_date", "phone")
# Columns any kind may carry: they alone never decide what a sheet is (a list of 姓名 and
# 时间 is not a list of speeches). Another column of the kind, or a word of the kind in
# the title, sheet or file name, must say it.
SHARED_FIELDS: tuple[str, ...] = ("seq", "note", "name", "date", "sector", "code")
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "roster": ROSTER_WORDS,
    "attendance": ("签到", "出勤", "考勤", "出席"),
    "proposals": ("提案",),
    "sqmy": ("社情民意",),
    "speeches": ("发言",),
    "reports": ("履职报告", "述职"),
    "other": ("履职",),
    "adjustments": ("加减分", "加分", "减分", "扣分"),
}
# The title of a sheet for one event ends so: what comes before is the event.
REGISTER_TITLE_ENDINGS: tuple[str, ...] = ("签到表", "签到册", "签到单", "签到簿", "签名表", "考勤表",
                                           "出勤表", "出勤登记表", "登记表")
# A sheet named after a group: (field, pattern of the sheet name). A kind without the
# field takes the group as the organizer of its events.
SHEET_GROUPS: tuple[tuple[str, str], ...] = (
    ("liaison_group", "联络组$"),
    ("activity_group", "活动组$"),
    ("sector", "^[^\\s]{2,8}界$"),
)

# Rows of one identity inside one file. In these tables two rows are two records (two
# approved awards, two duties on unknown dates); elsewhere rows that agree are one record
# and rows that disagree are an error naming both. Fields that only spell a value differently
# (the name as written, the mark as written) do not make two rows disagree.
COUNTED_TABLES: tuple[str, ...] = ("adjustments", "other_duties")
SPELLING_FIELDS: tuple[str, ...] = ("raw_name", "mark")
CONTRADICTIONS: dict[str, str] = {
    "members": "同一位委员（同一编号，或同一姓名和界别）",
    "attendance": "同一委员在同一活动的出勤",
    "proposals": "同一件提案（同一提案号，或同一案由）",
    "sqmy": "同一条社情民意信息（同一期号，或同一标题）",
    "speeches": "同一委员同一天同一题目的发言",
    "reports": "同一委员同一年度的履职报告",
}

# Rows that are not records.
TOTAL_WORDS: tuple[str, ...] = ("合计", "小计", "总计")
FOOTER_WORDS: tuple[str, ...] = ("制表人", "制表日期", "制表", "审核", "注：", "注:", "填表人", "填报人")
# The fields naming the people a record is about: a row with one of them filled is data,
# even when its first cell starts like a total or a footer («审核通过» in 备注); a total
# row names nobody, whatever it says in the other columns («合计 … 共5件，立案4件»).
SUBJECT_FIELDS: tuple[str, ...] = ("name", "proposer", "writers", "authors", *PARTICIPANT_LISTS)
# Statistics of a register (a row's first cell, a matrix column's header): counted, never marks.
STATS_WORDS: tuple[str, ...] = (
    "应到", "实到", "应出席", "实出席", "应参加", "实参加", "人数", "次数",
    "出勤次数", "出席次数", "参加次数", "缺席次数", "请假次数", "出勤人数", "出席人数", "请假人数", "缺席人数",
    "出勤率", "出席率", "到会率", "参会率", "参加率", "请假率", "缺席率", "履职率",
)

# Name cleaning.
NAME_MARKS: str = "★☆*＊"
NAME_SEPARATORS: str = "、，,；;"
# A name holding one of these words is a body (party committee, sector, group), not a person.
BODY_WORDS: tuple[str, ...] = (
    "委员会", "市委会", "市委", "总支", "支部", "界别", "小组", "联络组", "工作室", "协会",
    "商会", "学会", "联合会", "政协", "办公室", "党组", "工商联", "界", "组",
)

# Short names offices give a 界别 (in a 界别 column or in brackets after a name) → the
# name rosters use. Both sides are read through normalize.sector_key, so «李娜（医卫界）»
# finds the 李娜 of 医药卫生界 whichever of the two names the roster writes.
SECTOR_SHORT_NAMES: dict[str, str] = {
    "中共": "中国共产党", "共产党": "中国共产党",
    "民革": "中国国民党革命委员会", "民盟": "中国民主同盟", "民建": "中国民主建国会",
    "民进": "中国民主促进会", "农工党": "中国农工民主党", "农工": "中国农工民主党",
    "致公党": "中国致公党", "致公": "中国致公党", "九三": "九三学社", "台盟": "台湾民主自治同盟",
    "无党派": "无党派人士", "共青团": "中国共产主义青年团", "青联": "青年联合会", "工会": "总工会",
    "妇联": "妇女联合会", "科协": "科学技术协会", "台联": "台湾同胞联谊会", "侨联": "归国华侨联合会",
    "文艺界": "文化艺术界", "文化界": "文化艺术界", "科技界": "科学技术界", "社科界": "社会科学界",
    "医卫界": "医药卫生界", "医药界": "医药卫生界", "卫生界": "医药卫生界", "新闻界": "新闻出版界",
    "社福界": "社会福利和社会保障界", "农业界": "农业和农村界", "特邀": "特别邀请人士",
    "特邀界": "特别邀请人士", "宗教": "宗教界", "少数民族": "少数民族界",
}

MAX_NAME_LENGTH = 20  # longer is not a person's name (a body's name may be longer)
HEADER_SCAN_ROWS = 15
MAX_SUGGESTIONS = 3


def columns_of(kind: str) -> tuple[Column, ...]:
    """The columns a sheet of this kind may carry (the matrix layout has event columns too)."""
    return tuple(c for c in COLUMNS if kind in c.kinds)


def required_fields(kind: str) -> tuple[str, ...]:
    return tuple(c.field for c in COLUMNS if kind in c.required_in)


def mark_table() -> dict[str, str]:
    """Written mark → status code."""
    return {m: status for status, marks in MARKS.items() for m in marks}


def yes_no_table() -> dict[str, bool]:
    return {w: value for value, words in YES_NO.items() for w in words}


def party_table() -> dict[str, str]:
    return {alias: party for party, aliases in PARTIES.items() for alias in aliases}


def category_names() -> dict[str, str]:
    """Chinese category name or code → code."""
    table = {code: code for code, _, _ in EVENT_CATEGORIES}
    table.update({name: code for code, name, _ in EVENT_CATEGORIES})
    return table


# =====================================================================================
# Limits of an import, and the messages of the checks made before a workbook is parsed
# =====================================================================================
MAX_UPLOAD_MB = 50            # .streamlit/config.toml server.maxUploadSize says the same
MAX_SHEET_ROWS = 100_000
MAX_SHEET_COLUMNS = 2_000
MAX_UNZIPPED_MB = 500         # an .xlsx is a zip: its parts unpacked together
MAX_ZIP_RATIO = 100           # unpacked size ÷ packed size; ordinary workbooks stay under 30
MAX_ADJUSTMENT_POINTS = 1000  # |分值| of one adjustment

_SAVE_AS_XLSX = "Excel 工作簿（.xlsx 或 .xls）：请用 Excel 打开此文件，“另存为”Excel 工作簿（.xlsx）后再导入"

# A file (or one of its sheets) that cannot be imported: key → (what it is, what it should be).
FILE_PROBLEMS: dict[str, tuple[str, str]] = {
    "too_large": ("文件大小 {size} MB", "不超过 {limit} MB 的文件（可按工作表或年度拆分后分别导入）"),
    "missing": ("文件不存在", "存在的文件：请检查文件名和所在文件夹"),
    "cannot_open": ("无法读取文件（没有读取权限，或正被其他程序占用）", "可读取的文件：请关闭正在使用它的程序，或检查权限后再导入"),
    "empty_file": ("空文件（0 字节）", _SAVE_AS_XLSX),
    "not_excel": ("{what}", _SAVE_AS_XLSX),
    "encrypted": ("文件已加密（受密码保护）",
                  "未加密的工作簿：请在 Excel 中去除密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码并保存）后再导入"),
    "damaged": ("文件已损坏或不完整（{detail}）", "完整的 Excel 工作簿：请重新下载，或用 Excel 打开原文件重新保存后再导入"),
    "zip_bomb": ("解压后共 {size} MB，压缩比 {ratio}:1",
                 "解压后不超过 {limit} MB、压缩比不超过 {max_ratio}:1 的工作簿（此文件异常，可能是恶意构造的压缩包）"),
    "too_big_sheet": ("共 {rows:,} 行、{columns:,} 列",
                      "每个工作表不超过 {max_rows:,} 行、{max_columns:,} 列：请拆分为多个工作表或文件后再导入"),
    "empty_workbook": ("工作簿中没有任何数据", "至少一个有表头和数据行的工作表"),
    "undecided_sheets": ("", "可确定类别的工作表（见各工作表的说明：认出的列不足以判断是名册、出勤、提案还是其他表格；"
                             "请把说明中列出的未使用的列映射到字段，或在导入时指定类型）"),
    "unexpected": ("读取时遇到无法处理的单元格值",
                   "可以读取的文件：请检查文件中是否有特殊格式的单元格（如超长数字、特殊日期格式），"
                   "或把此文件交给系统维护人员；其他文件不受影响"),
    "no_known_sheet": ("", "至少一个可识别的工作表（各工作表前 {rows} 行中未找到任何已知的列名，"
                           "如 姓名、界别、活动名称、日期、出勤、案由、提案人、标题、报送人）"),
}

# Why a file that looked like a workbook is damaged (the {detail} of "damaged").
DAMAGE_DETAILS: dict[str, str] = {
    "zip": "压缩结构不完整，可能未下载完",
    "parts": "工作簿目录不完整",
    "sheet": "缺少工作表内容",
    "ole": "文件结构不完整",
    "parse": "无法解析工作簿内容",
    "timeout": "读取超时",
    "aborted": "Excel 97-2003 文件结构异常",
}

# What a file that is not an Excel workbook turned out to be.
NOT_EXCEL: dict[str, str] = {
    "text": "文本文件（如 CSV），不是 Excel 工作簿",
    "html": "网页格式（HTML）的表格，不是 Excel 工作簿",
    "xml2003": "Excel 2003 XML 表格，不是 Excel 工作簿",
    "xlsb": "Excel 二进制工作簿（.xlsb），不能直接读取",
    "ods": "OpenDocument 表格（.ods），不能直接读取",
    "docx": "Word 文档，不是 Excel 工作簿",
    "doc": "Word 97-2003 文档，不是 Excel 工作簿",
    "pptx": "PowerPoint 演示文稿，不是 Excel 工作簿",
    "ppt": "PowerPoint 97-2003 演示文稿，不是 Excel 工作簿",
    "zip": "ZIP 压缩包，不是 Excel 工作簿",
    "ole": "Office 复合文档，其中没有 Excel 工作表",
    "unknown": "无法识别的文件格式，不是 Excel 工作簿",
}

# Sheets listed but not read.
SHEET_NOTES: dict[str, str] = {
    "hidden": "隐藏的工作表，已跳过（如需导入，请先在 Excel 中取消隐藏）",
    "not_worksheet": "图表或宏表，不是数据工作表，已跳过",
}

# Cells whose value Excel could not give: kind → what was expected instead.
CELL_FAULTS: dict[str, str] = {
    "error": "有效的值（单元格是错误值，请在 Excel 中修正公式或填写实际的值后再导入）",
    "uncached": "公式的计算结果（公式没有保存计算结果，文件可能由其他程序生成；请用 Excel 打开并保存后再导入）",
    "out_of_range": "有效的日期、时间或数值（此值超出 Excel 日期和时间的范围，无法读取；请在 Excel 中改正后再导入）",
}

# A row whose values could not be read at all (a value beyond Excel's range in an .xls).
UNREADABLE_ROW = "可读取的值（此行有超出 Excel 日期和时间范围的值，无法读取；请在 Excel 中改正后再导入）"

# Cell-level messages of the checks on names, dates, numbers and columns.
CHECK_MESSAGES: dict[str, str] = {
    "name_symbols": "委员姓名（只含文字，不能含表情符号或图形符号）",
    "outside_year": "{years} 年内的日期（表格标题或文件名写明的年度）",
    "repeated_column": "不重复的列名（与 {first} 重复，无法确定以哪一列为准；请删除或改名其中一列）",
    "same_name_member": "可区分的委员（第 {row} 行已有{sector}界别的同名委员「{name}」且两行信息不同；请填写编号列加以区分）",
    "points_range": "绝对值不超过 {limit} 的分值",
    "points_decimals": "最多两位小数的分值（不会自动四舍五入）",
    "future_year": "已经到来的年份中的日期（不晚于 {year} 年；请检查年份是否输错）",
    "not_a_name": "姓名（不能只有数字或标点，个人姓名不超过 {longest} 个字）",
    "handed_in_outside": "{first} 至 {last} 之间的日期（{what}可在 {years} 年度{window}，"
                         "记录仍属表格标题或文件名写明的年度）",
    "year_cell_outside": "表格标题或文件名写明的年度 {years}",
    # dates are read whole (normalize.parse_date)
    "date_year_not_first": "四位年份写在最前的日期，如 2025-03-05（「3/5/2024」「25.3.5」这样的写法分不清年、月、日）",
    "date_trailing": "只写日期的单元格，如 2025-03-05（日期后的「{rest}」无法读取；日期后只可写范围的结束日"
                     "「3月5日-6日」、星期「（周三）」、「上午」「下午」或时间「14:30」）",
    "date_weekday": "星期与日期一致的日期（{day} 是星期{weekday}，单元格写的是星期{written}）",
    "date_range": "结束日不早于开始日的日期范围（结束日 {last} 早于开始日 {first}）",
    # a column of a matrix register that holds marks but is no event: {why} is one of the event_* below
    "event_column_unread": "可读取的活动列：此列有出勤标记，但{why}；请在表头写明日期和活动名称"
                           "（如「3月5日 专题协商会」），如此列不是活动，请删除此列或把它映射为备注",
    "event_no_header": "此列没有表头",
    "event_no_date": "表头中没有日期",
    "event_no_name": "表头中只有日期，没有活动名称",
    "event_bad_date": "表头中的日期无法读取（应为{expected}）",
}

# A file whose years disagree (a sheet's title, the file's name, the year chosen on import),
# or that states a year not yet come: key → (what it is, what it should be). Never guessed.
# Questions that are not about a coded column's words.
QUESTION_LABELS: dict[str, str] = {"file_year": "文件的年度"}

YEAR_CONFLICTS: dict[str, tuple[str, str]] = {
    "chosen": ("导入时指定的年度 {chosen} 与文件写明的年度不一致（标题「{title}」，文件名「{file}」）",
               "文件写明的年度：请检查所选年度，或改正标题、文件名中的年份"),
    "future": ("文件写明的年度 {years} 尚未到来（标题「{title}」，文件名「{file}」）",
               "已经到来的年度（不晚于 {this_year} 年；请检查标题或文件名中的年份是否输错）"),
    "future_fallback": ("标题和文件名都没有写年份，导入时选择的年度 {chosen} 尚未到来",
                        "已经到来的年度（不晚于 {this_year} 年）：请选择正确的考评年度，或在标题、文件名中写明年份"),
}

# Notes of the check: what was read in a way the clerk should know before importing.
CHECK_NOTES: dict[str, str] = {
    "period_date": "第 {row} 行{column}：日期「{value}」只写到{period}，按 {day} 计（同样写法的其他行同此）",
    "row_repeated": "第 {row} 行与工作表「{sheet}」第 {first} 行是同一条记录，只计一次",
    "row_counted_twice": "第 {row} 行与工作表「{sheet}」第 {first} 行内容相同，按两条记录分别计分"
                         "（加减分、其他履职中两行是两件事）；如是重复填写，请删去其中一行后重新导入",
}
