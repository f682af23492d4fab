"""The demo city: a deterministic, realistic set of office Excel files (a roster and,
per year, attendance registers, proposal and 社情民意 lists, speeches, reports, other
duties and adjustments) in the messy layouts of ``import-formats.md``, and ``load_demo``
which imports them through the normal import path.

Everything generated is drawn from the tables at the top of this module with one
``random.Random(seed)``; the same seed gives byte-identical files.
"""
from __future__ import annotations

import random
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable

import xlsxwriter

# =====================================================================================
# Tables
# =====================================================================================
CITY = "临江市"
TERM = "十四届"
TERM_FIRST_YEAR = 2022  # 十四届一次全会; the year Y holds the (Y - 2021)th 全会
FIXED_TIME = datetime(2025, 1, 1, 8, 0, 0)  # workbook properties: stable file bytes
OFFICE = "办公室"

# 界别 and their number of members (450 in all).
SECTORS: tuple[tuple[str, int], ...] = (
    ("中共", 36), ("民革", 14), ("民盟", 18), ("民建", 18), ("民进", 16), ("农工党", 14),
    ("致公党", 10), ("九三学社", 14), ("无党派人士", 14), ("共青团", 10), ("工会", 14),
    ("妇联", 14), ("工商联", 22), ("科协", 16), ("台联", 8), ("侨联", 10),
    ("文化艺术界", 20), ("社会科学界", 16), ("经济界", 36), ("农业界", 20), ("教育界", 28),
    ("医药卫生界", 24), ("社会福利和社会保障界", 14), ("少数民族界", 12), ("特别邀请人士", 32),
)
ACTIVITY_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("第一界别活动组", ("中共", "民革", "民盟", "民建")),
    ("第二界别活动组", ("民进", "农工党", "致公党", "九三学社")),
    ("第三界别活动组", ("无党派人士", "共青团", "工会", "妇联")),
    ("第四界别活动组", ("工商联", "经济界", "农业界")),
    ("第五界别活动组", ("科协", "社会科学界", "教育界", "文化艺术界")),
    ("第六界别活动组", ("医药卫生界", "社会福利和社会保障界", "台联", "侨联")),
    ("第七界别活动组", ("少数民族界", "特别邀请人士")),
)
LIAISON_GROUPS: tuple[str, ...] = ("城关区联络组", "东湖区联络组", "西山县联络组", "南溪县联络组", "北岭市联络组")
COMMITTEES: tuple[str, ...] = ("提案委员会", "经济委员会", "农业和农村委员会", "教科卫体委员会", "社会和法制委员会")

# 政协职务 above 常委: (title, how many, 界别 they may come from; empty = any).
LEADERS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("主席", 1, ("中共",)),
    ("副主席", 6, ("中共", "民革", "民盟", "民建", "民进", "工商联")),
    ("秘书长", 1, ("中共",)),
)
STANDING_SHARE = 0.19        # 常委 (besides the leaders) among ordinary members
STAR_SHARE = 0.35            # 常委 written with ★ on the roster
DUPLICATE_NAMES = 3          # pairs of members of one name in different 界别
JOINED = 6                   # 增补 in the last year
LEFT: tuple[str, ...] = ("辞去", "辞去", "调出", "调出", "辞去")  # leavers in the last year

ROSTER_FILE = "委员名册.xlsx"
ROSTER_COLUMNS = [
    "序号", "委员编号", "姓名", "性别", "民族", "出生年月", "党派", "所属界别", "政协职务", "专门委员会",
    "界别活动组", "所属联络组", "工作单位及职务", "推荐单位", "届次", "状态", "变动日期", "手机", "备注",
]
ROSTER_NOTES = {"增补": "届中增补", "辞去": "本人申请辞去委员职务", "调出": "工作调动，调出本市"}

# 推荐单位 by 界别: the body that nominated the member. Where a 界别 has several, members
# take them in turn by 编号 (no draw from the seed: the rest of the city stays as it was).
NOMINATORS: dict[str, tuple[str, ...]] = {
    "中共": ("中共市委组织部",), "民革": ("民革市委会",), "民盟": ("民盟市委会",), "民建": ("民建市委会",),
    "民进": ("民进市委会",), "农工党": ("农工党市委会",), "致公党": ("致公党市委会",),
    "九三学社": ("九三学社市委会",), "无党派人士": ("中共市委统战部",), "共青团": ("共青团市委",),
    "工会": ("市总工会",), "妇联": ("市妇联",), "工商联": ("市工商联",), "科协": ("市科协",),
    "台联": ("市台联",), "侨联": ("市侨联",), "文化艺术界": ("市文联", "中共市委宣传部"),
    "社会科学界": ("市社科联",), "经济界": ("市工商联", "中共市委统战部"),
    "农业界": ("市农业农村局", "中共市委统战部"), "教育界": ("市教育局",), "医药卫生界": ("市卫生健康委",),
    "社会福利和社会保障界": ("市民政局", "市残联"), "少数民族界": ("市民族宗教局",),
    "特别邀请人士": ("中共市委统战部",),
}

# Party column values as offices write them. Party 界别 take their own party.
PARTY_SPELLINGS: dict[str, tuple[str, ...]] = {
    "中共": ("中共党员", "中国共产党", "中共", "中共党员"),
    "民革": ("民革", "民革党员"), "民盟": ("民盟", "民盟盟员", "中国民主同盟"),
    "民建": ("民建", "民建会员"), "民进": ("民进", "民进会员"), "农工党": ("农工党", "农工党党员"),
    "致公党": ("致公党", "致公党党员"), "九三学社": ("九三学社", "九三学社社员"),
    "无党派人士": ("无党派", "无党派人士"), "群众": ("群众",),
}
OTHER_PARTIES: tuple[tuple[str, float], ...] = (("中共", 45), ("群众", 25), ("无党派人士", 20), ("民盟", 4), ("九三学社", 3), ("民进", 3))
ETHNICITIES: tuple[tuple[str, float], ...] = (("汉族", 93), ("回族", 2), ("满族", 2), ("蒙古族", 1), ("土家族", 1), ("苗族", 1))
MINORITIES: tuple[str, ...] = ("回族", "满族", "蒙古族", "壮族", "土家族", "苗族", "彝族", "藏族", "维吾尔族")
MINORITY_SECTOR = "少数民族界"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES: tuple[str, ...] = ("欧阳", "司马", "上官", "诸葛", "东方", "慕容", "皇甫", "令狐")
COMPOUND_SHARE = 0.015
GIVEN_CHARS: dict[str, str] = {
    "男": "伟刚勇军杰涛明强磊斌波辉鹏华飞平东文海国建志宏峰俊宇浩凯亮超林锋健晨昊振春卫新成德兴立永安庆福江山荣泽",
    "女": "芳娜敏静丽艳娟霞燕玲婷萍红梅琳颖雪慧洁欣璐倩莉岚月琴萱怡佳晓蕾瑶婧丹秀兰玉桂英凤莹薇",
}
# Traditional spellings of surnames, for one member written in traditional characters.
TRADITIONAL_SURNAMES: dict[str, str] = {"张": "張", "刘": "劉", "陈": "陳", "杨": "楊", "赵": "趙", "吴": "吳", "孙": "孫", "马": "馬"}

# Work units and the posts held there.
WORK_UNITS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("市第一人民医院", ("院长", "副院长", "主任医师", "科室主任")), ("市中医院", ("副院长", "主任医师")),
    ("临江大学", ("副校长", "教授", "学院院长")), ("市实验中学", ("校长", "副校长", "高级教师")),
    ("西山县第二中学", ("校长", "高级教师")), ("市农业科学院", ("研究员", "副院长")),
    ("市社会科学院", ("研究员", "所长")), ("临江港务集团有限公司", ("董事长", "总经理", "高级工程师")),
    ("江城建设集团", ("总经理", "总工程师")), ("临江农商银行", ("行长", "副行长")),
    ("东湖区人民政府", ("副区长",)), ("南溪县农业农村局", ("局长", "副局长")), ("市科技局", ("副局长",)),
    ("市律师协会", ("会长", "副会长")), ("临江日报社", ("副总编辑", "主任记者")), ("市文化馆", ("馆长", "副馆长")),
    ("市红十字会", ("常务副会长",)), ("临江恒达科技有限公司", ("董事长", "总经理")),
)

# Activity levels: share of members, weight of being invited to an event, status
# weights (出席, 请假, 缺席, 迟到/早退) at the plenary and at other events, and weights of
# leading 0, 1, 2, … proposals and of first-authoring 0, 1, 2, … 社情民意 items a year.
@dataclass(frozen=True)
class Level:
    share: float
    invite: float
    plenary: tuple[float, ...]
    event: tuple[float, ...]
    proposals: tuple[float, ...]
    sqmy: tuple[float, ...]


LEVELS: dict[str, Level] = {
    "silent": Level(0.02, 0.3, (55, 25, 20, 0), (35, 35, 30, 0), (1,), (1,)),
    "normal": Level(0.81, 1.1, (92, 6.5, 0.4, 1.1), (85, 10, 2, 3), (20, 52, 24, 4), (28, 42, 23, 7)),
    "active": Level(0.17, 2.5, (96, 2, 0, 2), (92, 5, 1, 2), (0, 10, 30, 35, 25), (0, 30, 35, 25, 10)),
}
STATUSES: tuple[str, ...] = ("attend", "leave", "absent", "late")
# Every mark spelling of the spec, by status. 1 and 0 are written as numbers.
MARKS: dict[str, tuple] = {
    "attend": ("✓", "√", "√", "○", 1, "到", "出席", "出席", "参加", "已到"),
    "leave": ("假", "请假", "病假", "事假", "公假"),
    "absent": ("×", "✗", "缺", "缺席", "未到", "旷会", 0),
    "late": ("迟到", "早退", "迟"),
}

# Date spellings: (style, weight). "cell" is a real Excel date cell, "number" 20250305
# typed as a number, "serial" an Excel serial number, "range" a multi-day span.
DATE_STYLES: tuple[tuple[str, float], ...] = (
    ("{0:%Y-%m-%d}", 20), ("{0.year}/{0.month}/{0.day}", 15), ("{0.year}.{0.month}.{0.day}", 15),
    ("{0.year}年{0.month}月{0.day}日", 20), ("{0:%Y%m%d}", 6), ("number", 3), ("serial", 1), ("cell", 18),
)
EVENT_DATE_STYLES = DATE_STYLES + (("range", 2),)  # only events span several days
DATE_CELL_FORMATS: tuple[str, ...] = ("yyyy-mm-dd", "yyyy/m/d", 'yyyy"年"m"月"d"日"')
PADS: tuple[str, ...] = (" ", "  ", "\u3000")
PAD_SHARE = 0.2
SEPARATORS: tuple[str, ...] = ("、", "、", "，", ",", "；", ";", " ")

TOPICS: tuple[str, ...] = (
    "优化营商环境", "乡村振兴", "养老服务", "城市更新", "生态环境保护", "基层医疗", "职业教育",
    "文旅融合", "数字经济", "食品安全", "河湖保护", "老旧小区改造", "中小企业发展", "农村人居环境",
    "校园周边安全", "智慧城市建设", "托育服务", "就业创业", "历史文化街区保护", "新能源汽车产业",
    "公共交通", "垃圾分类", "社区治理", "农产品品牌建设", "科技成果转化", "人才引进",
)
# Events of the long register: (name template, events a year, organiser, invited range).
EVENT_TEMPLATES: tuple[tuple[str, int, str, tuple[int, int]], ...] = (
    ("“{topic}”专题协商会", 3, OFFICE, (35, 60)),
    ("{topic}对口协商会", 4, "提案委员会", (15, 30)),
    ("提案办理协商会（{topic}）", 2, "提案委员会", (15, 25)),
    ("{topic}专题视察", 5, "经济委员会", (15, 35)),
    ("{topic}专题调研", 6, "农业和农村委员会", (15, 30)),
    ("{topic}民主监督活动", 3, "社会和法制委员会", (15, 30)),
    ("{topic}情况通报座谈会", 4, OFFICE, (20, 45)),
    ("委员活动日（{topic}主题读书）", 5, "教科卫体委员会", (20, 45)),
    ("委员履职能力集中培训（{topic}专题）", 2, OFFICE, (40, 60)),
    ("委员为民办实事活动（{topic}）", 6, OFFICE, (15, 30)),
)
LEAVE_NOTES: tuple[str, ...] = ("因公出差", "身体原因", "参加其他会议", "")
GROUP_EVENT_SUFFIXES: dict[str, tuple[str, ...]] = {
    "activity": ("主题活动", "专题活动", "走访活动", "联谊活动", "委员沙龙"),
    "liaison": ("委员工作室接待活动", "履职交流活动", "走访活动", "委员沙龙"),
}
STANDING_SITTINGS = 6

PROPOSAL_TEMPLATES: tuple[str, ...] = ("关于{verb}{topic}工作的建议", "关于{topic}的几点建议", "关于进一步{verb}{topic}工作的提案")
VERBS: tuple[str, ...] = ("加强", "推进", "做好", "完善", "改进")
OUTCOMES: tuple[tuple[str, float], ...] = (("立案", 70), ("并案", 8), ("不予立案", 5), ("转意见建议", 8), ("转社情民意", 6), ("撤案", 3))
HANDLERS: tuple[str, ...] = (
    "市发改委", "市教育局", "市卫健委", "市住建局", "市农业农村局", "市生态环境局", "市民政局", "市人社局",
    "市文旅局", "市交通运输局", "市市场监管局", "市自然资源和规划局",
)
YES_MARKS: tuple[str, ...] = ("是", "√")
NO_MARKS: tuple = ("否", None, None)
KEY_SHARE, EXCELLENT_SHARE, COSIGN_SHARE = 0.06, 0.04, 0.45
# Bodies that file collective proposals or send 社情民意: (name, 界别 of their 主笔人).
BODIES: tuple[tuple[str, str], ...] = (
    ("民革市委会", "民革"), ("民盟市委会", "民盟"), ("民建市委会", "民建"), ("民进市委会", "民进"),
    ("农工党市委会", "农工党"), ("九三学社市委会", "九三学社"), ("经济界", "经济界"), ("医药卫生界", "医药卫生界"),
)
BODY_PROPOSALS = 8
SQMY_TITLES: tuple[str, ...] = ("关于{topic}问题的反映", "{topic}中存在的问题及建议", "关于{topic}的几点建议")
ADOPTIONS: tuple[tuple[str | None, float], ...] = (
    (None, 35), ("未采用", 25), ("市政协采用", 24), ("省政协采用", 10), ("全国政协转送采用", 4), ("全国政协单篇采用", 2),
)
INSTRUCTIONS: tuple[tuple[str | None, float], ...] = (
    (None, 85), ("市委书记批示", 4), ("市长批示", 4), ("副市长批示", 3), ("副省长批示", 2), ("省委书记批示", 1), ("国家领导人批示", 1),
)
SQMY_CO_SHARE, SQMY_BODY_ITEMS = 0.15, 5

SPEECHES = (10, 16)
SPEECH_FORMS: tuple[tuple[str | None, float], ...] = (("口头", 45), ("书面", 45), (None, 10))
REPORT_OTHERS = 30
OTHER_DUTIES: tuple[tuple[str, float, str], ...] = (
    ("为民办实事", 30, "组织义诊、送医送药下乡"), ("公益", 15, "参加慈善募捐活动"), ("文史资料", 10, "撰写文史资料稿件"),
    ("理论文章", 10, "在市级以上报刊发表理论文章"), ("宣传", 15, "宣传政协履职工作"), ("表彰", 20, "获得表彰"),
)
OTHER_DUTY_ROWS = (25, 40)
COMMENDATION_LEVELS: tuple[tuple[str, float], ...] = (("全国", 1), ("省", 3), ("市", 6))
ADJUSTMENTS: tuple[tuple[int, str], ...] = (
    (5, "主席会议决定：抗洪救灾表现突出"), (3, "主席会议决定：招商引资贡献突出"),
    (-3, "主席会议决定：履职活动中违反会风会纪"), (-5, "主席会议决定：无故不参加界别活动且经提醒未改正"),
)


# =====================================================================================
# The city
# =====================================================================================
@dataclass(eq=False)  # members are told apart by identity, never by value
class Member:
    code: str
    name: str
    sector: str
    gender: str
    level: str
    title: str = "委员"
    joined: date | None = None
    left: date | None = None
    status: str = "在任"
    star: bool = False
    unique: bool = True          # no other roster member of this name
    traditional: str | None = None
    extra: dict = field(default_factory=dict)  # roster-only columns

    @property
    def standing(self) -> bool:
        return self.title != "委员"

    def active_on(self, day: date) -> bool:
        return (self.joined is None or day >= self.joined) and (self.left is None or day < self.left)

    def first_day(self, year: int) -> date:
        return max(date(year, 1, 1), self.joined or date(year, 1, 1))

    def last_day(self, year: int) -> date:
        return min(date(year, 12, 31), (self.left or date(year + 1, 1, 1)) - timedelta(days=1))

    def active_in(self, year: int) -> bool:
        return self.first_day(year) <= self.last_day(year)


def _weighted(rng: random.Random, table):
    return rng.choices([v for v, _ in table], [w for _, w in table])[0]


def _count(rng: random.Random, weights: tuple[float, ...]) -> int:
    return rng.choices(range(len(weights)), weights)[0]


def _day_between(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def _new_name(rng: random.Random, gender: str, taken: set[str]) -> str:
    while True:
        if rng.random() < COMPOUND_SHARE:
            surname = rng.choice(COMPOUND_SURNAMES)
        else:
            surname = rng.choices(SURNAMES, [1 / (1 + i / 12) for i in range(len(SURNAMES))])[0]
        given = "".join(rng.choice(GIVEN_CHARS[gender]) for _ in range(rng.choice((1, 2, 2))))
        if surname + given not in taken:
            taken.add(surname + given)
            return surname + given


def _make_members(rng: random.Random) -> list[Member]:
    taken: set[str] = set()
    members = []
    for sector, size in SECTORS:
        for _ in range(size):
            gender = rng.choice(("男", "男", "女"))
            level = _weighted(rng, [(k, v.share) for k, v in LEVELS.items()])
            members.append(Member("", _new_name(rng, gender, taken), sector, gender, level))
    return members


def _assign_codes(rng: random.Random, members: list[Member], joiners: list[Member]) -> None:
    """Codes in an order unrelated to 界别; members added mid-term take the last codes."""
    first = [m for m in members if m not in joiners]
    rng.shuffle(first)
    for i, m in enumerate(first + joiners, 1):
        m.code = f"W{i:04d}"


def _assign_titles(rng: random.Random, members: list[Member], ordinary: list[Member]) -> None:
    """Leaders from members serving the whole term, 常委 from all but the 增补."""
    for title, count, sectors in LEADERS:
        pool = [m for m in ordinary if m.title == "委员" and m.status == "在任" and (not sectors or m.sector in sectors)]
        for m in rng.sample(pool, count):
            m.title, m.level = title, "active"
    pool = [m for m in ordinary if m.title == "委员"]
    for m in rng.sample(pool, round(STANDING_SHARE * len(members))):
        m.title = "常委"
    for m in members:
        m.star = m.standing and rng.random() < STAR_SHARE


def _assign_changes(rng: random.Random, members: list[Member], last_year: int) -> list[Member]:
    """增补 members (ordinary, joining in the last year) and leavers; returns the 增补."""
    joiners = rng.sample(members, JOINED)
    for m in joiners:
        m.status, m.joined = "增补", _day_between(rng, date(last_year, 2, 1), date(last_year, 9, 30))
    others = [m for m in members if m not in joiners]
    for m, status in zip(rng.sample(others, len(LEFT)), LEFT):
        m.status, m.left = status, _day_between(rng, date(last_year, 3, 1), date(last_year, 11, 30))
    return joiners


def _make_duplicates(rng: random.Random, ordinary: list[Member]) -> None:
    """A few pairs of ordinary members of one name in different 界别."""
    pool = [m for m in ordinary if m.title == "委员"]
    picked = rng.sample(pool, DUPLICATE_NAMES * 4)
    pairs = 0
    for a, b in zip(picked[::2], picked[1::2]):
        if pairs < DUPLICATE_NAMES and a.sector != b.sector:
            b.name, b.gender = a.name, a.gender
            a.unique = b.unique = False
            pairs += 1


def _pick_traditional(members: list[Member]) -> None:
    """One ordinary member whose name appears in traditional characters in activity files."""
    for m in members:
        if m.unique and m.status == "在任" and m.level != "silent" and m.name[0] in TRADITIONAL_SURNAMES:
            m.traditional = TRADITIONAL_SURNAMES[m.name[0]] + m.name[1:]
            return


def _work_unit(rng: random.Random) -> str:
    unit, posts = rng.choice(WORK_UNITS)
    return unit + rng.choice(posts)


def _nominator(m: Member) -> str:
    bodies = NOMINATORS[m.sector]
    return bodies[int(m.code[1:]) % len(bodies)]


def _roster_details(rng: random.Random, m: Member) -> dict:
    party = m.sector if m.sector in PARTY_SPELLINGS else _weighted(rng, OTHER_PARTIES)
    ethnicity = rng.choice(MINORITIES) if m.sector == MINORITY_SECTOR else _weighted(rng, ETHNICITIES)
    born = date(rng.randint(1962, 1990), rng.randint(1, 12), 1)
    return {
        "民族": ethnicity,
        "出生年月": rng.choice((f"{born.year}.{born.month:02d}", f"{born.year}年{born.month}月")),
        "党派": rng.choice(PARTY_SPELLINGS[party]),
        "专门委员会": rng.choice(COMMITTEES),
        "界别活动组": next(g for g, sectors in ACTIVITY_GROUPS if m.sector in sectors),
        "所属联络组": rng.choice(LIAISON_GROUPS),
        "工作单位及职务": _work_unit(rng),
        "推荐单位": _nominator(m),
        "手机": f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
    }


@dataclass
class City:
    members: list[Member]
    years: tuple[int, ...]

    def in_sector_order(self) -> list[Member]:
        order = {s: i for i, (s, _) in enumerate(SECTORS)}
        return sorted(self.members, key=lambda m: (order[m.sector], not m.standing, m.code))

    def active(self, year: int, *, unique: bool = False) -> list[Member]:
        return [m for m in self.in_sector_order() if m.active_in(year) and (m.unique or not unique)]


def build_city(rng: random.Random, years: tuple[int, ...]) -> City:
    members = _make_members(rng)
    joiners = _assign_changes(rng, members, max(years))
    ordinary = [m for m in members if m.status == "在任"]
    _assign_titles(rng, members, [m for m in members if m not in joiners])
    _make_duplicates(rng, ordinary)
    _assign_codes(rng, members, joiners)
    _pick_traditional(sorted(members, key=lambda m: m.code))
    for m in members:
        m.extra = _roster_details(rng, m)
    return City(members, tuple(sorted(years)))


# =====================================================================================
# Messy cells
# =====================================================================================
@dataclass(frozen=True)
class DateCell:
    """A real Excel date cell with its number format."""
    value: date
    num_format: str


def messy_date(rng: random.Random, day: date, styles=DATE_STYLES):
    style = _weighted(rng, styles)
    if style == "cell":
        return DateCell(day, rng.choice(DATE_CELL_FORMATS))
    if style == "number":
        return int(f"{day:%Y%m%d}")
    if style == "serial":
        return (day - date(1899, 12, 30)).days
    if style == "range":
        end = day + timedelta(days=rng.randint(1, 2))
        return f"{day.year}.{day.month}.{day.day}-{end.month}.{end.day}" if end.year == day.year else f"{day:%Y-%m-%d}"
    return style.format(day)


def messy_name(rng: random.Random, m: Member, *, traditional: float = 0.0) -> str:
    """A name as a clerk typed it: two-character names sometimes padded, and the
    traditional spelling with the given probability."""
    name = m.traditional if m.traditional and rng.random() < traditional else m.name
    if len(name) == 2 and rng.random() < PAD_SHARE:
        return name[0] + rng.choice(PADS) + name[1]
    return name


def join_names(rng: random.Random, names: list[str]) -> str:
    return rng.choice(SEPARATORS).join(names)


def mark(rng: random.Random, status: str):
    return rng.choice(MARKS[status])


def status_of(rng: random.Random, m: Member, plenary: bool = False) -> str:
    level = LEVELS[m.level]
    return rng.choices(STATUSES, level.plenary if plenary else level.event)[0]


def invite(rng: random.Random, pool: list[Member], k: int) -> list[Member]:
    """k members drawn without replacement, weighted by activity level (kept in pool order)."""
    keyed = sorted(pool, key=lambda m: -(rng.random() ** (1 / LEVELS[m.level].invite)))
    chosen = {id(m) for m in keyed[:k]}
    return [m for m in pool if id(m) in chosen]


def cn_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")


# =====================================================================================
# Sheets and workbooks
# =====================================================================================
@dataclass
class Sheet:
    name: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    title: str | None = None
    subheader: list | None = None     # a second header row; None cells merge with the row above
    footer: list[list] = field(default_factory=list)
    width: int = 12


def _write_cell(ws, r: int, c: int, value, formats: dict) -> None:
    if value is None:
        return
    if isinstance(value, DateCell):
        ws.write_datetime(r, c, datetime.combine(value.value, datetime.min.time()), formats[value.num_format])
    elif isinstance(value, (int, float)):
        ws.write_number(r, c, value)
    else:
        ws.write_string(r, c, str(value))


def _write_header(ws, r: int, sheet: Sheet, bold) -> int:
    if sheet.title:
        ws.merge_range(r, 0, r, len(sheet.columns) - 1, sheet.title, bold)
        r += 1
    if sheet.subheader is None:
        ws.write_row(r, 0, sheet.columns, bold)
        return r + 1
    for c, (top, below) in enumerate(zip(sheet.columns, sheet.subheader)):
        if below is None:
            ws.merge_range(r, c, r + 1, c, top, bold)
        else:
            ws.write_string(r, c, top, bold)
            ws.write_string(r + 1, c, below, bold)
    return r + 2


def write_workbook(path: Path, sheets: list[Sheet]) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": path.stem, "author": f"{CITY}政协办公室", "created": FIXED_TIME})
    bold = wb.add_format({"bold": True, "align": "center", "valign": "vcenter"})
    formats = {f: wb.add_format({"num_format": f}) for f in DATE_CELL_FORMATS}
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.name)
        ws.set_column(0, len(sheet.columns) - 1, sheet.width)
        r = _write_header(ws, 0, sheet, bold)
        for row in sheet.rows + ([[]] if sheet.footer else []) + sheet.footer:
            for c, value in enumerate(row):
                _write_cell(ws, r, c, value, formats)
            r += 1
    wb.close()
    return path


def _footer(made: date) -> list[list]:
    return [["制表人：办公室", None, None, None, f"制表日期：{made.year}年{made.month}月{made.day}日"]]


# =====================================================================================
# The roster
# =====================================================================================



def _roster_row(rng: random.Random, seq: int, m: Member) -> list:
    change = m.joined or m.left
    note = ROSTER_NOTES.get(m.status)
    x = m.extra
    return [
        seq, m.code, messy_name(rng, m) + ("★" if m.star else ""), m.gender, x["民族"], x["出生年月"], x["党派"],
        m.sector, m.title, x["专门委员会"], x["界别活动组"], x["所属联络组"], x["工作单位及职务"], x["推荐单位"],
        TERM, m.status,
        messy_date(rng, change) if change else None, x["手机"], note,
    ]


def roster_sheet(rng: random.Random, city: City) -> Sheet:
    sheet = Sheet("委员名册", ROSTER_COLUMNS, title=f"政协{CITY}第{TERM}委员会委员名册",
                  footer=_footer(date(max(city.years), 12, 20)))
    members = city.in_sector_order()
    for sector, _ in SECTORS:
        group = [m for m in members if m.sector == sector]
        label = sector if sector.endswith("界") else sector + "界"
        sheet.rows.append([f"{label}（{len(group)}人）"])
        sheet.rows.extend(_roster_row(rng, i, m) for i, m in enumerate(group, 1))
    return sheet


# =====================================================================================
# One year
# =====================================================================================
@dataclass
class Event:
    name: str
    day: date
    organizer: str = OFFICE
    register: list[tuple[Member, str]] = field(default_factory=list)


def _register(rng: random.Random, members: list[Member], day: date, plenary: bool = False) -> list[tuple[Member, str]]:
    return [(m, status_of(rng, m, plenary)) for m in members if m.active_on(day)]


def plenary_day(year: int) -> date:
    return date(year, 1, 8 + year % 7)


def plenary_and_standing(rng: random.Random, city: City, year: int) -> list[Event]:
    n = year - TERM_FIRST_YEAR + 1
    members = city.in_sector_order()
    plenary = Event(f"市政协{TERM}{cn_number(n)}次全会", plenary_day(year))
    plenary.register = _register(rng, members, plenary.day, plenary=True)
    events = [plenary]
    months = sorted(rng.sample(range(2, 13), STANDING_SITTINGS))
    standing = [m for m in members if m.standing]
    for i, month in enumerate(months, (n - 1) * STANDING_SITTINGS + 1):
        sitting = Event(f"市政协{TERM}常委会第{cn_number(i)}次会议", date(year, month, rng.randint(1, 28)))
        sitting.register = _register(rng, standing, sitting.day)
        events.append(sitting)
    return events


def plenary_sheet(rng: random.Random, city: City, year: int, events: list[Event]) -> Sheet:
    sheet = Sheet("会议出勤", ["姓名", "界别"] + [e.name for e in events],
                  title=f"{year}年度市政协全体会议和常委会议出勤情况登记表",
                  subheader=[None, None] + [f"{e.day.month}月{e.day.day}日" for e in events],
                  footer=_footer(date(year, 12, 25)), width=16)
    marks = [{id(m): s for m, s in e.register} for e in events]
    for m in city.in_sector_order():
        cells = [mark(rng, by[id(m)]) if id(m) in by else None for by in marks]
        if any(c is not None for c in cells):
            sheet.rows.append([messy_name(rng, m), m.sector] + cells)
    return sheet


def long_events(rng: random.Random, city: City, year: int) -> list[Event]:
    pool = city.active(year)
    events = []
    for template, count, organizer, (lo, hi) in EVENT_TEMPLATES:
        for topic in rng.sample(TOPICS, count):
            day = _day_between(rng, date(year, 2, 15), date(year, 12, 20))
            event = Event(template.format(topic=topic), day, organizer)
            invited = invite(rng, [m for m in pool if m.active_on(day)], rng.randint(lo, hi))
            event.register = _register(rng, invited, day)
            events.append(event)
    return events


def long_sheet(rng: random.Random, year: int, events: list[Event]) -> Sheet:
    columns = ["序号", "会议名称", "活动日期", "姓名", "所属界别", "出勤情况", "组织单位", "备注"]
    sheet = Sheet("活动出勤", columns, title=f"{year}年委员参加协商、视察调研等活动登记表", width=16)
    for e in events:
        for m, status in e.register:
            note = (rng.choice(LEAVE_NOTES) or None) if status == "leave" else None
            day = messy_date(rng, e.day, EVENT_DATE_STYLES)
            name = messy_name(rng, m, traditional=0.5)
            sheet.rows.append([len(sheet.rows) + 1, e.name, day, name, m.sector, mark(rng, status), e.organizer, note])
    sheet.rows.append(["合计", None, None, None, None, f"{len(sheet.rows)}人次", None, None])
    return sheet


def group_sheet(rng: random.Random, group: str, members: list[Member], year: int, kind: str) -> Sheet:
    """One group's matrix register; 活动组 sheets carry 界别, 联络组 sheets do not."""
    with_sector = kind == "activity"
    if not with_sector:
        members = [m for m in members if m.unique]
    days = sorted(_day_between(rng, date(year, 3, 1), date(year, 12, 15)) for _ in range(rng.randint(2, 4)))
    suffixes = rng.sample(GROUP_EVENT_SUFFIXES[kind], len(days))
    events = [Event(f"{group}{s}", d) for d, s in zip(days, suffixes)]
    columns = ["姓名"] + (["界别"] if with_sector else []) + [f"{e.day.month}月{e.day.day}日 {e.name}" for e in events]
    sheet = Sheet(group, columns, width=14)
    for m in members:
        cells = [mark(rng, status_of(rng, m)) if m.active_on(e.day) else None for e in events]
        if any(c is not None for c in cells):
            sheet.rows.append([messy_name(rng, m, traditional=1.0)] + ([m.sector] if with_sector else []) + cells)
    return sheet


def group_sheets(rng: random.Random, city: City, year: int) -> list[Sheet]:
    pool = city.active(year)
    sheets = [group_sheet(rng, g, [m for m in pool if m.sector in sectors], year, "activity")
              for g, sectors in ACTIVITY_GROUPS]
    sheets += [group_sheet(rng, g, [m for m in pool if m.extra["所属联络组"] == g], year, "liaison")
               for g in LIAISON_GROUPS]
    return sheets


# -- proposals -------------------------------------------------------------------------
def _submit_day(rng: random.Random, m: Member, year: int) -> date:
    """Most proposals and items are handed in around the plenary, the rest during the year."""
    around = plenary_day(year) + timedelta(days=rng.randint(-6, 2))
    if m.active_on(around) and rng.random() < 0.6:
        return around
    return _day_between(rng, m.first_day(year), m.last_day(year))


def _others(rng: random.Random, pool: list[Member], lead: Member, k: int) -> list[Member]:
    return [m for m in rng.sample(pool, min(len(pool), k + 1)) if m is not lead][:k]


def _proposal(rng: random.Random, pool: list[Member], lead: Member, year: int) -> list:
    cosigners = _others(rng, pool, lead, rng.randint(1, 5)) if rng.random() < COSIGN_SHARE else []
    subject = rng.choice(PROPOSAL_TEMPLATES).format(verb=rng.choice(VERBS), topic=rng.choice(TOPICS))
    return [subject, messy_name(rng, lead), join_names(rng, [m.name for m in cosigners]) or None, None,
            "联名" if cosigners else "个人", _submit_day(rng, lead, year)]


def _body_proposal(rng: random.Random, pool: list[Member], year: int) -> list:
    body, sector = rng.choice(BODIES)
    writers = [m for m in pool if m.sector == sector] or pool
    writers = rng.sample(writers, min(len(writers), rng.randint(1, 3)))
    subject = rng.choice(PROPOSAL_TEMPLATES).format(verb=rng.choice(VERBS), topic=rng.choice(TOPICS))
    day = _day_between(rng, date(year, 1, 2), plenary_day(year))
    return [subject, body, None, join_names(rng, [m.name for m in writers]), "集体", day]


def proposal_sheet(rng: random.Random, city: City, year: int) -> Sheet:
    pool = city.active(year, unique=True)
    items = [_proposal(rng, pool, m, year) for m in pool for _ in range(_count(rng, LEVELS[m.level].proposals))]
    items += [_body_proposal(rng, pool, year) for _ in range(BODY_PROPOSALS)]
    rng.shuffle(items)
    columns = ["序号", "提案号", "案由", "第一提案人", "联名提案人", "主笔人", "提案形式", "立案情况",
               "重点提案", "优秀提案", "提交日期", "承办单位"]
    sheet = Sheet("提案目录", columns, title=f"政协{CITY}{TERM}委员会{year}年度提案目录", width=14)
    for i, (subject, lead, cosigners, writers, form, day) in enumerate(items, 1):
        key = rng.choice(YES_MARKS) if rng.random() < KEY_SHARE else rng.choice(NO_MARKS)
        excellent = rng.choice(YES_MARKS) if rng.random() < EXCELLENT_SHARE else rng.choice(NO_MARKS)
        sheet.rows.append([i, f"{year % 100:02d}{i:04d}", subject, lead, cosigners, writers, form,
                           _weighted(rng, OUTCOMES), key, excellent, messy_date(rng, day), rng.choice(HANDLERS)])
    return sheet


# -- 社情民意 ---------------------------------------------------------------------------
def _sqmy_item(rng: random.Random, pool: list[Member], lead: Member | None, year: int) -> list:
    if lead is None:
        authors, day = rng.choice(BODIES)[0], _day_between(rng, date(year, 1, 2), date(year, 12, 20))
    else:
        co = _others(rng, pool, lead, 1) if rng.random() < SQMY_CO_SHARE else []
        authors = join_names(rng, [m.name for m in [lead] + co]) if co else messy_name(rng, lead)
        day = _day_between(rng, lead.first_day(year), lead.last_day(year))
    adoption = _weighted(rng, ADOPTIONS)
    instruction = _weighted(rng, INSTRUCTIONS) if adoption and adoption != "未采用" else None
    title = rng.choice(SQMY_TITLES).format(topic=rng.choice(TOPICS))
    return [title, authors, messy_date(rng, day), adoption, instruction]


def sqmy_sheet(rng: random.Random, city: City, year: int) -> Sheet:
    pool = city.active(year, unique=True)
    leads = [m for m in pool for _ in range(_count(rng, LEVELS[m.level].sqmy))] + [None] * SQMY_BODY_ITEMS
    rng.shuffle(leads)
    columns = ["序号", "期号", "信息标题", "报送人", "报送日期", "采用情况", "批示情况", "备注"]
    sheet = Sheet("社情民意", columns, title=f"{year}年度社情民意信息报送及采用情况统计表", width=14)
    for i, lead in enumerate(leads, 1):
        sheet.rows.append([i, f"{year}-{i:03d}", *_sqmy_item(rng, pool, lead, year), None])
    return sheet


# -- speeches, reports, other duties, adjustments ---------------------------------------
def speech_sheet(rng: random.Random, city: City, year: int, plenary: Event) -> Sheet:
    pool = [m for m in city.active(year, unique=True) if m.active_on(plenary.day) and m.level != "silent"]
    sheet = Sheet("大会发言", ["姓名", "日期", "会议", "发言题目", "发言形式"])
    for i, m in enumerate(invite(rng, pool, rng.randint(*SPEECHES)), 1):
        form = _weighted(rng, SPEECH_FORMS)
        topic = f"关于{rng.choice(VERBS)}{rng.choice(TOPICS)}工作的思考" if form == "口头" else "补充书面发言"
        sheet.rows.append([messy_name(rng, m), messy_date(rng, plenary.day), plenary.name, topic, form])
    return sheet


def report_sheet(rng: random.Random, city: City, year: int) -> Sheet:
    pool = city.active(year, unique=True)
    others = rng.sample([m for m in pool if not m.standing], REPORT_OTHERS)
    listed = [m for m in pool if m.standing or m in others]
    sheet = Sheet("履职报告", ["姓名", "是否提交", "年度"])
    for m in listed:
        done = rng.random() < (0.4 if m.level == "silent" else 0.92)
        sheet.rows.append([messy_name(rng, m), rng.choice(YES_MARKS[:1] * 3 + YES_MARKS) if done else "否", year])
    return sheet


def other_sheet(rng: random.Random, city: City, year: int) -> Sheet:
    pool = [m for m in city.active(year, unique=True) if m.level != "silent"]
    sheet = Sheet("其他履职", ["姓名", "类别", "日期", "内容", "级别"])
    table = [((c, text), w) for c, w, text in OTHER_DUTIES]
    for m in invite(rng, pool, rng.randint(*OTHER_DUTY_ROWS)):
        category, text = _weighted(rng, table)
        level = _weighted(rng, COMMENDATION_LEVELS) if category == "表彰" else None
        day = _day_between(rng, m.first_day(year), m.last_day(year))
        sheet.rows.append([messy_name(rng, m), category, messy_date(rng, day), text, level])
    return sheet


def adjustment_sheet(rng: random.Random, city: City, year: int) -> Sheet:
    pool = city.active(year, unique=True)
    sheet = Sheet("加减分", ["姓名", "分值", "事由", "批准", "日期"])
    for m, (points, reason) in zip(rng.sample(pool, len(ADJUSTMENTS)), ADJUSTMENTS):
        sheet.rows.append([messy_name(rng, m), points, reason, "主席会议", f"{year}-12-20"])
    return sheet


# =====================================================================================
# Files
# =====================================================================================
def year_files(rng: random.Random, city: City, year: int) -> list[tuple[str, list[Sheet]]]:
    sittings = plenary_and_standing(rng, city, year)
    return [
        (f"{year}年全会常委会出勤.xlsx", [plenary_sheet(rng, city, year, sittings)]),
        (f"{year}年协商视察调研活动出勤.xlsx", [long_sheet(rng, year, long_events(rng, city, year))]),
        (f"{year}年界别活动组和联络组活动.xlsx", group_sheets(rng, city, year)),
        (f"{year}年提案目录.xlsx", [proposal_sheet(rng, city, year)]),
        (f"{year}年社情民意采用情况.xlsx", [sqmy_sheet(rng, city, year)]),
        (f"{year}年发言报告及其他履职.xlsx", [
            speech_sheet(rng, city, year, sittings[0]), report_sheet(rng, city, year),
            other_sheet(rng, city, year), adjustment_sheet(rng, city, year),
        ]),
    ]


def write_demo_files(out_dir: Path, seed: int = 2025, years: tuple[int, ...] = (2024, 2025)) -> list[Path]:
    """Writes the demo city's workbooks into ``out_dir``: the roster first, then per year
    (ascending) its attendance, group, proposal, 社情民意 and other-duty files."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    city = build_city(rng, tuple(years))
    paths = [write_workbook(out_dir / ROSTER_FILE, [roster_sheet(rng, city)])]
    for year in city.years:
        paths += [write_workbook(out_dir / name, sheets) for name, sheets in year_files(rng, city, year)]
    return paths


def _year_of(path: Path) -> int | None:
    m = re.match(r"(\d{4})年", path.name)
    return int(m.group(1)) if m else None


def load_demo(store, seed: int = 2025, years=(2024, 2025), out_dir: Path | None = None,
              progress: Callable[[int, int, str], None] | None = None) -> list:
    """Writes the demo files (into a temporary folder unless ``out_dir``) and imports them
    one by one through the normal import path. Raises RuntimeError on the first file
    that is not imported cleanly. Returns the import outcomes."""
    from data.importer import import_paths

    def run(folder: Path) -> list:
        paths = write_demo_files(folder, seed, tuple(years))
        outcomes = []
        for i, path in enumerate(paths, 1):
            done = import_paths(store, [path], year=_year_of(path), user="demo")
            outcomes += done
            failed = [o for o in done if not o.ok]
            if failed:
                errors = [str(e) for o in failed for e in o.errors]
                raise RuntimeError(f"演示数据导入失败：{path.name}\n" + "\n".join(errors))
            if progress:
                progress(i, len(paths), path.name)
        return outcomes

    if out_dir is not None:
        return run(Path(out_dir))
    with tempfile.TemporaryDirectory(prefix="lvzhi-demo-") as tmp:
        return run(Path(tmp))
