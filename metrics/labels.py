"""Chinese names of the scoring codes, defined once for every page and export: cap groups
and score columns, event categories, attendance statuses, rule items and every key of the
rule file; and moments in time as the office writes them."""
from __future__ import annotations

import re
from datetime import date, datetime

from reading import vocab

# Score columns: the default rule file's cap groups, then the uncapped columns. A custom
# rule file's own group shows by its code.
CAP_GROUP_LABELS: dict[str, str] = {
    "plenary": "全体会议", "standing": "常委会议", "consult": "协商议政", "field": "视察调研监督",
    "study": "学习活动", "training": "集中培训", "groups": "界别组与联络组", "service": "为民服务",
    "proposal_lead": "提案（领衔）", "proposal_not_filed": "提案（未立案）",
    "proposal_cosign": "提案（联名）", "sqmy_submit": "社情民意", "speech": "大会发言",
    "duty_report": "履职报告", "writing": "文史宣传", "commendation": "表彰",
    "bonus": "加分", "deduction": "扣分", "adjustment": "加减分",
}

CATEGORY_LABELS: dict[str, str] = {code: name for code, name, _ in vocab.EVENT_CATEGORIES}
STATUS_LABELS: dict[str, str] = {**vocab.STATUSES, "late": "迟到/早退"}

# Rule items by key path (events.<category>.<status> are composed from the tables above).
ITEM_LABELS: dict[str, str] = {
    "proposals.lead_filed": "第一提案人，立案或并案",
    "proposals.lead_not_filed": "第一提案人，未立案",
    "proposals.cosign_filed": "联名/附议，立案或并案",
    "proposals.cosign_not_filed": "联名/附议，未立案",
    "proposals.key_lead": "重点提案加分（第一提案人）",
    "proposals.key_cosign": "重点提案加分（联名）",
    "proposals.excellent_lead": "优秀提案加分（第一提案人）",
    "proposals.excellent_cosign": "优秀提案加分（联名）",
    "sqmy.submit": "社情民意报送",
    "sqmy.coauthor_share": "合作者所得比例",
    "sqmy.adopt.市": "采用：市政协",
    "sqmy.adopt.省": "采用：省政协",
    "sqmy.adopt.全国转送": "采用：全国政协转送/综合采用",
    "sqmy.adopt.全国单篇": "采用：全国政协单篇采用",
    "sqmy.instruct.市": "批示：市级领导",
    "sqmy.instruct.省": "批示：省级领导",
    "sqmy.instruct.国家": "批示：国家领导人",
    "speeches.oral": "大会口头发言",
    "speeches.written": "大会书面发言",
    "duty_report.submitted": "提交年度履职报告",
    "duty_report.standing_missing": "常委未提交履职报告",
    "other.writing": "文史资料、理论文章、宣传稿",
    "other.public_service": "为民办实事、公益",
    "other.commendation.全国": "表彰：全国级",
    "other.commendation.省": "表彰：省级",
    "other.commendation.市": "表彰：市级",
    "other.commendation": "表彰（级别不明）",
    "attendance.late_early": "迟到/早退",
    "adjustment": "加减分",
}

# Warning thresholds ([warnings] keys): (condition as the rule tables show it, action).
WARNING_LABELS: dict[str, tuple[str, str]] = {
    "term_plenary_absent_notice": ("本届全体会议无故缺席达到（次）", "通报批评"),
    "term_plenary_absent_dismiss": ("本届全体会议无故缺席达到（次）", "劝辞"),
    "standing_absent_dismiss": ("常委本年常委会议无故缺席达到（次）", "劝辞"),
    "fail_years_dismiss": ("连续为最低等次（年）", "劝辞"),
    "silent_years_talk": ("连续无提案且无社情民意（年）", "约谈"),
}

# [group_rules] items (组别考评, metrics.group_rank), and what the 先进 groups are called.
GROUP_ITEM_LABELS: dict[str, str] = {
    "attend_rate": "活动出席率", "active_share": "参加过活动的委员占比", "events_held": "本组举办活动",
    "proposals_per_member": "人均提案", "sqmy_per_member": "人均社情民意",
    "sqmy_adopted": "社情民意采用加分", "warned_member": "受预警委员扣分",
}
ADVANCED_GROUP_TITLES: dict[str, str] = {"activity_group": "先进界别小组", "liaison_group": "先进委员联络组"}

# [term_rules] keys (届期考评 / 换届参考, metrics.term).
TERM_RULE_LABELS: dict[str, str] = {
    "min_proposals": "本届提案至少（件）", "min_sqmy": "本届社情民意至少（篇）",
    "max_plenary_absent": "本届全体会议无故缺席至多（次）", "fail_years_max": "本届最低等次至多（年）",
}
# [cohorts] (分类排名, metrics.cohorts): each cohort dimension's name, its choice on the
# 排名 page, the header of its rank column, and the cohort of members without a value.
COHORT_NAMES: dict[str, str] = {"standing": "常委与委员", "committee": "专委会", "sector": "界别"}
COHORT_CHOICES: dict[str, str] = {"standing": "常委与委员分列", "committee": "按专委会", "sector": "按界别"}
COHORT_RANK_LABELS: dict[str, str] = {"standing": "常委/委员内排名", "committee": "专委会内排名",
                                      "sector": "界别内排名"}
COHORT_MISSING: dict[str, str] = {"committee": "未填专委会", "sector": "未填界别"}
STANDING_COHORTS: dict[bool, str] = {True: "常委", False: "委员"}

# The rule file's sections ([meta], [events], …), and its keys that are not score items.
SECTION_LABELS: dict[str, str] = {
    "meta": "基本信息", "events": "活动出勤", "attendance": "出勤", "proposals": "提案",
    "sqmy": "社情民意", "speeches": "大会发言", "duty_report": "履职报告", "other": "其他履职",
    "caps": "封顶", "tiers": "等次", "warnings": "预警", "display": "显示顺序",
    "expected": "应有场次", "group_rules": "组别考评", "term_rules": "届期考评", "cohorts": "分类排名",
}
RULE_KEY_LABELS: dict[str, str] = {
    "meta.name": "规则名称", "meta.version": "规则版本",
    "sqmy.adopt": "社情民意采用加分", "sqmy.instruct": "社情民意批示加分",
    "other.commendation": "表彰加分",
    "tiers.thresholds": "等次分数线", "tiers.lowest": "最低等次",
    "tiers.plenary_absent_max": "全体会议有无故缺席时的最高等次",
    "tiers.require_proposal_or_sqmy": "全年既无提案也无社情民意评为最低等次",
    "tiers.excellent_quota": "最高等次名额比例",
    "display.sector_order": "界别显示顺序", "display.group_order": "活动组显示顺序",
    **{f"warnings.{k}": f"{action}预警阈值：{condition}" for k, (condition, action) in WARNING_LABELS.items()},
    **{f"group_rules.{k}": f"组别考评：{label}" for k, label in GROUP_ITEM_LABELS.items()},
    **{f"group_rules.{k}_cap": f"组别考评：{label}封顶" for k, label in GROUP_ITEM_LABELS.items()},
    "group_rules.advanced_count": "组别考评：先进组个数",
    "group_rules.advanced_min_total": "组别考评：先进组最低总分",
    **{f"term_rules.{k}": f"届期考评：{label}" for k, label in TERM_RULE_LABELS.items()},
    "cohorts.by": "分类排名的范围", "cohorts.top_n": "分类排名通报的名次数",
}
_INDEXED = re.compile(r"^(.*)\[(\d+)\]$")


def rule_key_label(key: str | None) -> str:
    """Any key of the rule file (dotted path such as ``meta.name`` or
    ``tiers.thresholds[2]``) in Chinese; a key the file may not hold is named by the part
    of the file it is in."""
    if not key:
        return "规则文件"
    if found := _INDEXED.match(key):
        return f"{rule_key_label(found.group(1))}第{found.group(2)}项"
    if key in RULE_KEY_LABELS or key in ITEM_LABELS:
        return RULE_KEY_LABELS.get(key) or ITEM_LABELS[key]
    parent, _, last = key.rpartition(".")
    if not parent:
        return SECTION_LABELS.get(key, "规则文件中的未知部分")
    return _child_label(parent, last)


def _child_label(parent: str, last: str) -> str:
    """A key inside a section: an event category's rules, a cap, an expected count."""
    category = CATEGORY_LABELS.get(last)
    if parent == "events" and category:
        return category
    if parent == "expected" and category:
        return f"{category}应有场次"
    if parent == "caps":
        return f"{CAP_GROUP_LABELS[last]}封顶上限" if last in CAP_GROUP_LABELS else "自定封顶分组的上限"
    section, _, code = parent.partition(".")
    if section == "events" and code in CATEGORY_LABELS and last in ("group", "share"):
        return f"{CATEGORY_LABELS[code]}{'的封顶分组' if last == 'group' else '按场次分摊'}"
    if section == "events" and code in CATEGORY_LABELS and last in STATUS_LABELS:
        return item_label(f"{parent}.{last}")
    return f"{rule_key_label(parent)}中的未知项"


def day_text(moment: date | datetime | None) -> str:
    """The day of a date or a moment as the office writes it: «2026年12月1日»; '' when
    there is none (None, NaT)."""
    if moment is None or moment != moment:  # NaT is not equal to itself
        return ""
    return f"{moment.year}年{moment.month}月{moment.day}日"


def time_text(moment: date | datetime | None) -> str:
    """A moment as the office writes it: «2026年12月1日 18:03» (no seconds); a date alone
    as its day; '' when there is none."""
    if isinstance(moment, datetime) and moment == moment:
        return f"{day_text(moment)} {moment:%H:%M}"
    return day_text(moment)


# Members who joined (增补) or left (辞去/调出) during the year, as every list marks them.
MIDYEAR_LABELS: dict[str, str] = {"joined": "年中增补", "left": "年中离任"}


def midyear_text(joined: bool, left: bool, when: date | datetime | None = None) -> str:
    """«年中增补（2025年7月1日）» / «年中离任（2025年3月1日）» (no brackets when the
    roster gives no date); '' for a member who served the whole year."""
    kind = "left" if left else "joined" if joined else None
    if kind is None:
        return ""
    day = day_text(when)
    return MIDYEAR_LABELS[kind] + (f"（{day}）" if day else "")


# Who did something when no person signed in.
ACTOR_LABELS: dict[str, str] = {"cli": "命令行", "demo": "示例数据", "local": "本机（单用户模式）"}
DEFAULT_VERSION = re.compile(r"^default-(\d+)$")


def actor_label(username: str) -> str:
    """Who did something: a user name, or the command line / demo loader in Chinese."""
    return ACTOR_LABELS.get(username, username)


def rule_version_label(version: str) -> str:
    """A rule set's version as the office reads it: the default file's ``default-1`` is
    «默认第1版»; a version the office wrote is shown as written."""
    found = DEFAULT_VERSION.match(version)
    return f"默认第{found.group(1)}版" if found else version


def cap_group_label(code: str) -> str:
    """A score column (cap group, bonus, deduction, adjustment) in Chinese."""
    return CAP_GROUP_LABELS.get(code, code)


def item_label(item: str) -> str:
    """A rule item (key path such as ``events.plenary.attend``) in Chinese."""
    if item in ITEM_LABELS:
        return ITEM_LABELS[item]
    parts = item.split(".")
    if parts[0] == "events" and len(parts) == 3:
        return f"{CATEGORY_LABELS.get(parts[1], parts[1])}{STATUS_LABELS.get(parts[2], parts[2])}"
    return item
