"""The office's order of 界别 and groups on the pages (issue 15, item 6).

The default is the usual CPPCC order of the 34 界别 (``DEFAULT_SECTOR_ORDER``: each
position by its full name and the short forms a city writes). A city's 界别 are matched
to a position through ``reading.normalize.sector_key``, the same key the import uses, so
医卫界, 医药卫生界 and 医药卫生界别 are one 界别. The office overrides the order in the rule
file::

    [display]
    sector_order = ["经济界", "中共", "民革"]      # these first, in this order
    group_order = ["城关区联络组", "东湖区联络组"]   # 界别活动组 / 委员联络组 / 专委会

A 界别 the order does not name comes after the named ones, in character-code order;
a group the order does not name comes after the named ones, in natural order
(第二组 before 第十组).
"""
from __future__ import annotations

import re
from typing import Iterable

from metrics.roster import term_ordinal
from metrics.rules import Rules
from reading.normalize import sector_key

# The usual order of the CPPCC 界别: (full name, short forms …) per position.
DEFAULT_SECTOR_ORDER: tuple[tuple[str, ...], ...] = (
    ("中国共产党", "中共", "共产党"),
    ("中国国民党革命委员会", "民革"),
    ("中国民主同盟", "民盟"),
    ("中国民主建国会", "民建"),
    ("中国民主促进会", "民进"),
    ("中国农工民主党", "农工党", "农工"),
    ("中国致公党", "致公党", "致公"),
    ("九三学社", "九三"),
    ("台湾民主自治同盟", "台盟"),
    ("无党派人士", "无党派"),
    ("中国共产主义青年团", "共青团"),
    ("中华全国总工会", "总工会", "工会"),
    ("中华全国妇女联合会", "妇联", "妇女联合会"),
    ("中华全国青年联合会", "青联", "青年联合会"),
    ("中华全国工商业联合会", "工商联"),
    ("中国科学技术协会", "科协", "科学技术协会"),
    ("中华全国台湾同胞联谊会", "台联", "台湾同胞联谊会"),
    ("中华全国归国华侨联合会", "侨联", "归国华侨联合会"),
    ("文化艺术界", "文艺界", "文化界"),
    ("科学技术界", "科技界"),
    ("社会科学界", "社科界"),
    ("经济界",),
    ("农业界", "农业和农村界"),
    ("教育界",),
    ("体育界",),
    ("新闻出版界", "新闻界"),
    ("医药卫生界", "医卫界"),
    ("对外友好界",),
    ("社会福利和社会保障界", "社会福利界", "社福界"),
    ("少数民族界", "少数民族"),
    ("宗教界", "宗教"),
    ("特邀香港人士",),
    ("特邀澳门人士",),
    ("特别邀请人士", "特邀", "特邀人士"),
)


_ORDINAL = re.compile(r"第([零〇一二两三四五六七八九十百\d]+)")


def natural_key(name: str) -> tuple:
    """Sort key putting '第二组' before '第十组' (Chinese or Arabic ordinals after 第)."""
    return (_ORDINAL.sub(lambda m: f"第{term_ordinal(m.group(1)):06d}", str(name)), str(name))


def _positions(order: Iterable[Iterable[str]]) -> dict[str, int]:
    """sector_key of every name of each position -> the position (first one wins)."""
    keys: dict[str, int] = {}
    for position, names in enumerate(order):
        for name in names:
            keys.setdefault(sector_key(name), position)
    return keys


_DEFAULT_POSITIONS = _positions(DEFAULT_SECTOR_ORDER)


def sector_positions(rules: Rules | None = None) -> dict[str, int]:
    """sector_key -> position: the office's ``[display] sector_order`` when the rule set
    has one, else the default CPPCC order."""
    if rules is not None and rules.sector_order:
        return _positions((name,) for name in rules.sector_order)
    return _DEFAULT_POSITIONS


def sector_order_key(sector: str, rules: Rules | None = None) -> tuple:
    """Sort key of a 界别: its position in the order, unknown ones after all known ones
    in character-code order."""
    position = sector_positions(rules).get(sector_key(sector))
    return (0, position, "") if position is not None else (1, 0, str(sector))


def group_order_key(group: str, rules: Rules | None = None) -> tuple:
    """Sort key of a 界别活动组 / 委员联络组 / 专委会: its place in the office's
    ``[display] group_order``, unnamed ones after in natural order."""
    named = list(rules.group_order) if rules is not None else []
    if group in named:
        return (0, named.index(group), ())
    return (1, 0, natural_key(group))


def ordered_groups(names: Iterable[str], dimension: str, rules: Rules | None = None,
                   last: str | None = None) -> list[str]:
    """The groups of a dimension ('sector', 'activity_group', 'liaison_group',
    'committee') in the office's order; ``last`` (the name standing for members without
    a group) after all of them."""
    key = sector_order_key if dimension == "sector" else group_order_key
    names = list(names)
    return sorted((n for n in names if n != last), key=lambda name: key(name, rules)) + \
        [n for n in names if last is not None and n == last]


def order_text(rules: Rules | None = None) -> str:
    """The order in force in words, for the 计分规则 page: '界别顺序：按政协界别的通常顺序'
    or the office's list; the office's group order when it names one."""
    if rules is not None and rules.sector_order:
        text = f"界别顺序：{'、'.join(rules.sector_order)}，其余界别在后"
    else:
        text = "界别顺序：按政协界别的通常顺序"
    if rules is not None and rules.group_order:
        text += f"；分组顺序：{'、'.join(rules.group_order)}，其余分组在后（按序号）"
    return text + "。"
