"""Rule-file errors in the office's words (issue 15): every ``RuleError`` a broken rule
file raises names the item by its Chinese label first and keeps the key of the file only
in brackets after it, for whoever edits the text."""
from __future__ import annotations

import re

import pytest

from metrics.rules import RuleError, default_rules, parse_rules
from metrics.whatif import rule_tables, tables_to_toml

DEFAULT_TEXT = default_rules().toml
# What a message may hold in brackets (keys, TOML) or quotes (the value the file holds).
BRACKETED = re.compile(r"（[^（）]*）|\[[^\[\]]*\]|“[^“”]*”")
LATIN = re.compile(r"[A-Za-z]")


def replaced(old: str, new: str, text: str = DEFAULT_TEXT) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def outside_brackets(message: str) -> str:
    """The message without what it holds in brackets or quotes (innermost first)."""
    while (shorter := BRACKETED.sub("", message)) != message:
        message = shorter
    return message


# (broken file, key of the error, how the message starts — written here by reading the file)
BROKEN = [
    (replaced('name = "市政协委员年度履职考评（默认规则）"', 'name = ""'), "meta.name", "规则名称（meta.name）"),
    (replaced('version = "default-1"', 'version = "  "'), "meta.version", "规则版本（meta.version）"),
    (DEFAULT_TEXT + "\n[bonus]\nx = 1\n", "bonus", "规则文件中有未知的项（bonus）"),
    ("meta = 3\n", "meta", "基本信息（meta）应为一个表"),
    (replaced("oral = 6", "orla = 6"), "speeches.orla", "大会发言（speeches）中有未知的项（speeches.orla）"),
    (replaced("[events.study]", "[events.studdy]"), "events.studdy", "活动出勤（events）中有未知的项"),
    (replaced("attend = 30", 'attend = "三十"'), "events.plenary.attend", "全体会议出席（events.plenary.attend）"),
    (replaced('group = "plenary"', ""), "events.plenary.group", "全体会议（events.plenary）有正分值"),
    (replaced("share = true", "share = 1"), "events.plenary.share", "全体会议按场次分摊（events.plenary.share）"),
    (replaced("[events.study]", "[events.study]\nlate = 1"), "events.study.late", "学习活动（events.study）中有未知的项"),
    (replaced('"全国单篇" = 20', '"全国" = 20'), "sqmy.adopt.全国", "社情民意采用加分（sqmy.adopt）中有未知的项"),
    (replaced("coauthor_share = 0.5", "coauthor_share = true"), "sqmy.coauthor_share", "合作者所得比例（sqmy.coauthor_share）"),
    (replaced("lead_filed = 15", "lead_filed = inf"), "proposals.lead_filed", "第一提案人，立案或并案（proposals.lead_filed）"),
    (replaced("standing = 12", 'standing = "十二"'), "caps.standing", "常委会议封顶上限（caps.standing）"),
    (replaced("plenary = 30\nstanding = 12", "plenary = -30\nstanding = 12"), "caps.plenary", "全体会议封顶上限（caps.plenary）"),
    (replaced("field = 20\n", ""), "caps.field", "视察调研的封顶分组（events.inspect_research.group）"),
    (DEFAULT_TEXT.split("[tiers]")[0], "tiers", "等次（tiers）"),
    (replaced('thresholds = [["优秀", 90], ["良好", 75], ["称职", 60]]', "thresholds = []"),
     "tiers.thresholds", "等次分数线（tiers.thresholds）"),
    (replaced('["优秀", 90]', '["优秀"]'), "tiers.thresholds[1]", "等次分数线第1项（tiers.thresholds[1]）"),
    (replaced('["良好", 75], ["称职", 60]', '["称职", 60], ["良好", 75]'), "tiers.thresholds", "等次分数线（tiers.thresholds）"),
    (replaced('lowest = "不称职"', 'lowest = "优秀"'), "tiers.thresholds", "等次分数线（tiers.thresholds）"),
    (replaced('lowest = "不称职"', ""), "tiers.lowest", "最低等次（tiers.lowest）"),
    (replaced('plenary_absent_max = "称职"', 'plenary_absent_max = "合格"'), "tiers.plenary_absent_max",
     "全体会议有无故缺席时的最高等次（tiers.plenary_absent_max）"),
    (replaced("require_proposal_or_sqmy = true", "require_proposal_or_sqmy = 1"), "tiers.require_proposal_or_sqmy",
     "全年既无提案也无社情民意评为最低等次（tiers.require_proposal_or_sqmy）"),
    (replaced("excellent_quota = 0.0", "excellent_quota = 2"), "tiers.excellent_quota", "最高等次名额比例（tiers.excellent_quota）"),
    (replaced("silent_years_talk = 2", "silent_years_talk = 1.5"), "warnings.silent_years_talk", "约谈预警阈值"),
    (replaced("silent_years_talk = 2", "silent_years_talk = 2\nquiet_years = 1"), "warnings.quiet_years", "预警（warnings）中有未知的项"),
    (DEFAULT_TEXT + '\n[display]\nsector_order = "中共"\n', "display.sector_order", "界别显示顺序（display.sector_order）"),
    (DEFAULT_TEXT + '\n[display]\ngroup_order = [""]\n', "display.group_order", "活动组显示顺序（display.group_order）"),
    (replaced("standing = 6", "standing = 6.5"), "expected.standing", "常委会议应有场次（expected.standing）"),
    (DEFAULT_TEXT + "\n[caps\n", None, "规则文件的写法有误"),
]


def refusal(text: str) -> RuleError:
    with pytest.raises(RuleError) as refused:
        parse_rules(text)
    return refused.value


@pytest.mark.parametrize("text, key, start", BROKEN, ids=[k or "syntax" for _, k, _ in BROKEN])
def test_each_rule_error_leads_with_the_chinese_label(text, key, start):
    error = refusal(text)
    message = str(error)
    assert error.key == key
    assert message.startswith(start), message
    if key:
        assert f"（{key}）" in message, message
    assert not LATIN.search(outside_brackets(message)), outside_brackets(message)


def test_the_allowed_items_of_an_unknown_key_are_named_in_chinese():
    message = str(refusal(replaced("oral = 6", "orla = 6")))
    assert "大会口头发言（speeches.oral）" in message and "大会书面发言（speeches.written）" in message


def test_the_check_catches_a_bare_key():
    assert LATIN.search(outside_brackets("规则项 meta.name 应为非空文字"))
    assert not LATIN.search(outside_brackets("规则名称（meta.name）应为一个表（[meta]），实际为“x”。"))


def test_a_cap_group_given_twice_in_the_tables_is_named_in_chinese():
    tables = rule_tables(default_rules())
    tables.caps.loc[len(tables.caps)] = ["standing", None, 6]
    with pytest.raises(RuleError) as refused:
        tables_to_toml(tables)
    message = str(refused.value)
    assert message.startswith("常委会议封顶上限（caps.standing）") and not LATIN.search(outside_brackets(message))
