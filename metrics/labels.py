"""Chinese names of the scoring codes, defined once for every page and export: cap groups
and score columns, event categories, attendance statuses and rule items."""
from __future__ import annotations

import re

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
