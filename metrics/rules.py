"""Rule files: parse and validate a scoring rule file (TOML, the shape of
``metrics/default_rules.toml`` / docs/计分规则.md) into a frozen ``Rules`` value, and
keep rule sets per year in the ``rule_sets`` table.

Numbers are read as ``Decimal`` so a rule file means exactly what it says. Every
problem is a ``RuleError`` with a Chinese message that names the offending item by its
Chinese label (metrics/labels.py) first, its key in brackets after it for whoever edits
the file: «规则名称（meta.name）应为非空文字…».

Cap groups of the items that are not events are fixed by docs/计分规则.md (the file
shape does not name them); they are listed once, in ``ITEM_GROUPS``.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import pandas as pd

from data import backup, published
from data.audit import record as audit_record
from data.store import Store
from metrics.labels import COHORT_NAMES, rule_key_label

DEFAULT_RULES_PATH = Path(__file__).with_name("default_rules.toml")

# Attendance categories (codes of reading.vocab.EVENT_CATEGORIES; metrics/ may not import it).
EVENT_CATEGORIES: tuple[str, ...] = (
    "plenary", "standing", "consult_thematic", "consult_other", "inspect_research",
    "supervision", "training", "study", "sector_group", "liaison_group", "public_service",
    "other_meeting",
)
EVENT_STATUSES: tuple[str, ...] = ("attend", "leave", "absent")
SQMY_ADOPT_LEVELS: tuple[str, ...] = ("市", "省", "全国转送", "全国单篇")
SQMY_INSTRUCT_LEVELS: tuple[str, ...] = ("市", "省", "国家")
COMMENDATION_LEVELS: tuple[str, ...] = ("全国", "省", "市")

PROPOSAL_KEYS: tuple[str, ...] = (
    "lead_filed", "lead_not_filed", "cosign_filed", "cosign_not_filed",
    "key_lead", "key_cosign", "excellent_lead", "excellent_cosign",
)
WARNING_KEYS: tuple[str, ...] = (
    "term_plenary_absent_notice", "term_plenary_absent_dismiss", "standing_absent_dismiss",
    "fail_years_dismiss", "silent_years_talk",
)

# Rule item (key path in the file) -> cap group, for the items that are not events.
ITEM_GROUPS: Mapping[str, str] = MappingProxyType({
    "proposals.lead_filed": "proposal_lead",
    "proposals.lead_not_filed": "proposal_not_filed",
    "proposals.cosign_filed": "proposal_cosign",
    "proposals.cosign_not_filed": "proposal_cosign",
    "sqmy.submit": "sqmy_submit",
    "speeches.oral": "speech",
    "speeches.written": "speech",
    "duty_report.submitted": "duty_report",
    "other.writing": "writing",
    "other.public_service": "service",
    **{f"other.commendation.{lv}": "commendation" for lv in COMMENDATION_LEVELS},
})
# Score columns that are not cap groups, in CSV order.
EXTRA_COLUMNS: tuple[str, ...] = ("bonus", "deduction", "adjustment")

# [group_rules] (组别考评, metrics.group_rank): the items a group earns points by, in the
# order they are shown; each may have a cap ``<item>_cap``. Deductions may not be positive.
GROUP_ITEMS: tuple[str, ...] = (
    "attend_rate", "active_share", "events_held", "proposals_per_member", "sqmy_per_member",
    "sqmy_adopted", "warned_member",
)
GROUP_DEDUCTIONS: tuple[str, ...] = ("warned_member",)
GROUP_RULE_KEYS: tuple[str, ...] = (GROUP_ITEMS + tuple(f"{i}_cap" for i in GROUP_ITEMS)
                                    + ("advanced_count", "advanced_min_total"))
# [term_rules] (届期考评, metrics.term): the least a member must reach over the term (0 or
# left out: not checked) and the most allowed (left out: not checked; 0: none allowed).
TERM_MINIMUMS: tuple[str, ...] = ("min_proposals", "min_sqmy")
TERM_MAXIMUMS: tuple[str, ...] = ("max_plenary_absent", "fail_years_max")
# [cohorts] (分类排名, metrics.cohorts): the cohorts the office ranks within, by code or by
# the Chinese name the office uses (labels.COHORT_NAMES).
COHORT_KEYS: tuple[str, ...] = ("by", "top_n")


class RuleError(ValueError):
    """A rule file that cannot be used; ``key`` names the offending key (dotted path)."""

    def __init__(self, message: str, key: str | None = None):
        super().__init__(message)
        self.key = key


@dataclass(frozen=True, eq=False)
class EventRule:
    category: str
    points: Mapping[str, Decimal]  # status ('attend'/'leave'/'absent') -> points; missing = 0
    group: str | None
    share: bool


@dataclass(frozen=True)
class GroupRules:
    """``[group_rules]``: points per unit of each item (an item not in the file is off),
    its cap on the points either way (None: none), how many groups are named 先进 and the
    total they need at least (None: any)."""

    points: Mapping[str, Decimal]
    caps: Mapping[str, Decimal]
    advanced_count: int
    advanced_min_total: Decimal | None


@dataclass(frozen=True)
class TermRules:
    """``[term_rules]``: each key's number, None where it is not checked."""

    min_proposals: int | None = None
    min_sqmy: int | None = None
    max_plenary_absent: int | None = None
    fail_years_max: int | None = None


@dataclass(frozen=True)
class CohortRules:
    """``[cohorts]``: the cohorts ranked within (codes of ``labels.COHORT_NAMES``, in the
    file's order) and how many per cohort the 通报 lists."""

    by: tuple[str, ...]
    top_n: int


@dataclass(frozen=True, eq=False)
class Rules:
    """A validated rule set. ``points(item)`` gives any item's points by its key path."""

    name: str
    version: str
    events: Mapping[str, EventRule]
    values: Mapping[str, Decimal]          # every numeric item by key path, e.g. "sqmy.adopt.省"
    caps: tuple[tuple[str, Decimal], ...]  # in file order
    thresholds: tuple[tuple[str, Decimal], ...]
    lowest: str
    plenary_absent_max: str | None
    require_proposal_or_sqmy: bool
    excellent_quota: Decimal
    warnings: Mapping[str, int]
    toml: str
    # [display]: the office's order of 界别 and of groups (metrics.display_order); no score
    # depends on them, so they are not part of the rule set's meaning.
    sector_order: tuple[str, ...] = ()
    group_order: tuple[str, ...] = ()
    # [expected]: events per category a year should have (数据完整性 on 总览); no score
    # depends on them either. A category not named has no expected count.
    expected: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    # [group_rules]: the groups' own assessment (组别考评); no member's score depends on it,
    # so it is not part of the rule set's meaning either. A file without the section has
    # the default file's.
    group_rules: GroupRules | None = None
    # [term_rules]: what 换届参考 (metrics.term) checks over a term; no year's score depends
    # on it. A file without the section has the default file's.
    term_rules: TermRules | None = None
    # [cohorts]: rankings within cohorts (分类排名); no score depends on them either. A file
    # without the section has the default file's.
    cohorts: CohortRules | None = None

    # -- lookups -----------------------------------------------------------------------
    def points(self, item: str) -> Decimal:
        """Points of a rule item by key path; a key missing from the file is 0."""
        return self.values.get(item, Decimal(0))

    def cap(self, group: str) -> Decimal | None:
        return dict(self.caps).get(group)

    @property
    def tier_names(self) -> tuple[str, ...]:
        """Tiers from best to worst: the thresholds in order, then ``lowest``."""
        return tuple(name for name, _ in self.thresholds) + (self.lowest,)

    @property
    def group_columns(self) -> tuple[str, ...]:
        """Score columns of the cap groups: ``[caps]`` order, then any group that earns
        positive points but has no cap (uncapped), so the columns always add up."""
        capped = [g for g, _ in self.caps]
        used = [e.group for e in self.events.values()
                if e.group and any(v > 0 for v in e.points.values())]
        used += [g for item, g in ITEM_GROUPS.items() if self.points(item) > 0]
        extra = [g for g in dict.fromkeys(used) if g not in capped]
        return tuple(capped + extra)

    @property
    def score_columns(self) -> tuple[str, ...]:
        return self.group_columns + EXTRA_COLUMNS

    # -- equality by meaning ---------------------------------------------------------
    def _meaning(self) -> tuple:
        events = tuple(sorted(
            (c, tuple(sorted((s, v) for s, v in e.points.items() if v != 0)), e.group, e.share)
            for c, e in self.events.items()))
        return (events, tuple(sorted((k, v) for k, v in self.values.items() if v != 0)),
                self.caps, self.thresholds, self.lowest, self.plenary_absent_max,
                self.require_proposal_or_sqmy, self.excellent_quota,
                tuple(sorted(self.warnings.items())))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rules) and self._meaning() == other._meaning()

    def __hash__(self) -> int:
        return hash(self._meaning())


# -- parsing ---------------------------------------------------------------------------
def named(key: str) -> str:
    """An item as a message names it: its Chinese label, then its key in brackets."""
    return f"{rule_key_label(key)}（{key}）"


def _written(value: Any) -> str:
    """A value as the rule file writes it (``true``, ``["优秀"]``, ``inf``), for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal) and not value.is_finite():
        return str(value).lower().replace("infinity", "inf")
    if isinstance(value, list):
        return "[" + ", ".join(f'"{v}"' if isinstance(v, str) else _written(v) for v in value) + "]"
    return str(value)


def _refuse(key: str, problem: str) -> RuleError:
    """The error of item ``key``: «规则名称（meta.name）应为非空文字…»."""
    return RuleError(f"{named(key)}{problem}", key)


def _number(value: Any, key: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise _refuse(key, f"应为数字，实际为“{_written(value)}”。")
    if isinstance(value, Decimal) and not value.is_finite():
        raise _refuse(key, f"应为有限的数字，实际为“{_written(value)}”。")
    return Decimal(value)


def _count(value: Any, key: str) -> int:
    number = _number(value, key)
    if number < 0 or number != number.to_integral_value():
        raise _refuse(key, f"应为不小于 0 的整数，实际为“{_written(value)}”。")
    return int(number)


def _text(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _refuse(key, f"应为非空文字，实际为“{_written(value)}”。")
    return value.strip()


def _flag(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise _refuse(key, f"应为是或否（true 或 false），实际为“{_written(value)}”。")
    return value


def _table(value: Any, key: str) -> dict:
    if not isinstance(value, dict):
        raise _refuse(key, f"应为一个表（[{key}]），实际为“{_written(value)}”。")
    return value


def _only(table: dict, allowed: tuple[str, ...], prefix: str) -> None:
    for k in table:
        if k not in allowed:
            key = f"{prefix}.{k}" if prefix else k
            where = named(prefix) if prefix else "规则文件"
            choices = "、".join(named(f"{prefix}.{a}" if prefix else a) for a in allowed)
            raise RuleError(f"{where}中有未知的项（{key}）；此处可用的项为：{choices}。", key)


def _events(raw: dict) -> dict[str, EventRule]:
    _only(raw, EVENT_CATEGORIES, "events")
    events = {}
    for category, body in raw.items():
        prefix = f"events.{category}"
        body = _table(body, prefix)
        _only(body, EVENT_STATUSES + ("group", "share"), prefix)
        points = {s: _number(body[s], f"{prefix}.{s}") for s in EVENT_STATUSES if s in body}
        group = _text(body["group"], f"{prefix}.group") if "group" in body else None
        if group is None and any(v > 0 for v in points.values()):
            raise RuleError(f"{named(prefix)}有正分值，但缺少{named(prefix + '.group')}。",
                            f"{prefix}.group")
        share = _flag(body.get("share", False), f"{prefix}.share")
        events[category] = EventRule(category, MappingProxyType(points), group, share)
    return events


def _levels(raw: Any, key: str, levels: tuple[str, ...]) -> dict[str, Decimal]:
    table = _table(raw, key)
    _only(table, levels, key)
    return {f"{key}.{lv}": _number(v, f"{key}.{lv}") for lv, v in table.items()}


def _values(doc: dict) -> dict[str, Decimal]:
    """Every numeric item outside [events], [caps], [tiers], [warnings] by key path."""
    values: dict[str, Decimal] = {}

    def plain(section: str, keys: tuple[str, ...], nested: dict[str, tuple[str, ...]] = {}):
        table = _table(doc.get(section, {}), section)
        _only(table, keys + tuple(nested), section)
        for k, v in table.items():
            key = f"{section}.{k}"
            values.update(_levels(v, key, nested[k]) if k in nested else {key: _number(v, key)})

    plain("attendance", ("late_early",))
    plain("proposals", PROPOSAL_KEYS)
    plain("sqmy", ("submit", "coauthor_share"),
          {"adopt": SQMY_ADOPT_LEVELS, "instruct": SQMY_INSTRUCT_LEVELS})
    plain("speeches", ("oral", "written"))
    plain("duty_report", ("submitted", "standing_missing"))
    plain("other", ("writing", "public_service"), {"commendation": COMMENDATION_LEVELS})
    values.setdefault("sqmy.coauthor_share", Decimal(0))
    return values


def _caps(doc: dict, events: dict[str, EventRule]) -> tuple[tuple[str, Decimal], ...]:
    raw = _table(doc.get("caps", {}), "caps")
    caps = tuple((g, _number(v, f"caps.{g}")) for g, v in raw.items())
    for g, v in caps:
        if v < 0:
            raise _refuse(f"caps.{g}", f"不能为负数（{v}）。")
    for category, rule in events.items():
        if rule.group is not None and rule.group not in raw:
            raise RuleError(
                f"{named(f'events.{category}.group')}为“{rule.group}”，但封顶（[caps]）中没有"
                f"这一分组的上限（caps.{rule.group}）。", f"caps.{rule.group}")
    return caps


def _tiers(doc: dict) -> dict:
    if "tiers" not in doc:
        raise _refuse("tiers", "不能缺少：规则文件须有 [tiers] 部分，写明等次分数线和最低等次。")
    raw = _table(doc["tiers"], "tiers")
    _only(raw, ("thresholds", "lowest", "plenary_absent_max", "require_proposal_or_sqmy",
                "excellent_quota"), "tiers")
    if "thresholds" not in raw or not isinstance(raw["thresholds"], list) or not raw["thresholds"]:
        raise _refuse("tiers.thresholds", "应为非空列表，如 [[\"优秀\", 90], [\"良好\", 75]]。")
    thresholds = []
    for i, pair in enumerate(raw["thresholds"], start=1):
        key = f"tiers.thresholds[{i}]"
        if not isinstance(pair, list) or len(pair) != 2:
            raise _refuse(key, f"应为 [等次名称, 分数线]，实际为“{_written(pair)}”。")
        thresholds.append((_text(pair[0], key), _number(pair[1], key)))
    if "lowest" not in raw:
        raise _refuse("tiers.lowest", "不能缺少。")
    lowest = _text(raw["lowest"], "tiers.lowest")
    names = [n for n, _ in thresholds] + [lowest]
    if len(set(names)) != len(names):
        raise _refuse("tiers.thresholds", f"与最低等次中有重复的等次名称：{'、'.join(names)}。")
    if any(a[1] <= b[1] for a, b in zip(thresholds, thresholds[1:])):
        raise _refuse("tiers.thresholds", "应从高到低排列。")
    cap_tier = raw.get("plenary_absent_max")
    if cap_tier is not None:
        cap_tier = _text(cap_tier, "tiers.plenary_absent_max")
        if cap_tier not in names:
            raise _refuse("tiers.plenary_absent_max",
                          f"“{cap_tier}”不是规则中的等次；可用的等次为：{'、'.join(names)}。")
    quota = _number(raw.get("excellent_quota", 0), "tiers.excellent_quota")
    if not 0 <= quota <= 1:
        raise _refuse("tiers.excellent_quota", f"应在 0 到 1 之间，实际为 {quota}。")
    return dict(
        thresholds=tuple(thresholds), lowest=lowest, plenary_absent_max=cap_tier,
        require_proposal_or_sqmy=_flag(raw.get("require_proposal_or_sqmy", False),
                                       "tiers.require_proposal_or_sqmy"),
        excellent_quota=quota)


def _warnings(doc: dict) -> dict[str, int]:
    """Warning thresholds; a missing key or 0 switches that warning off."""
    raw = _table(doc.get("warnings", {}), "warnings")
    _only(raw, WARNING_KEYS, "warnings")
    return {k: _count(raw.get(k, 0), f"warnings.{k}") for k in WARNING_KEYS}


_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def toml_error_text(exc: tomllib.TOMLDecodeError) -> str:
    """Where the rule file's text cannot be read, in Chinese: its line and column."""
    found = _TOML_AT.search(str(exc))
    where = f"第 {found.group(1)} 行第 {found.group(2)} 列" if found else "末尾"
    return (f"规则文件的写法有误，在{where}：请检查这一处的等号、引号和方括号是否齐全成对，"
            "数字是否写成了数字。")


DISPLAY_KEYS = ("sector_order", "group_order")


def _display(doc: dict) -> dict[str, tuple[str, ...]]:
    """``[display]``: lists of names (界别, groups) in the office's order."""
    raw = _table(doc.get("display", {}), "display")
    _only(raw, DISPLAY_KEYS, "display")
    out = {}
    for k in DISPLAY_KEYS:
        value = raw.get(k, [])
        if not isinstance(value, list):
            raise _refuse(f"display.{k}", f"应为名称列表，如 [\"中共\", \"民革\"]，实际为“{_written(value)}”。")
        out[k] = tuple(_text(v, f"display.{k}") for v in value)
    return out


def _expected(doc: dict) -> dict[str, int]:
    """``[expected]``: events per category the year should have, for 数据完整性 only."""
    raw = _table(doc.get("expected", {}), "expected")
    _only(raw, EVENT_CATEGORIES, "expected")
    return {category: _count(value, f"expected.{category}") for category, value in raw.items()}


def _group_rules(doc: dict) -> GroupRules | None:
    """``[group_rules]``; None when the file has no such section."""
    if "group_rules" not in doc:
        return None
    raw = _table(doc["group_rules"], "group_rules")
    _only(raw, GROUP_RULE_KEYS, "group_rules")
    points, caps = {}, {}
    for item in GROUP_ITEMS:
        key = f"group_rules.{item}"
        if item in raw:
            points[item] = _number(raw[item], key)
            if item in GROUP_DEDUCTIONS and points[item] > 0:
                raise _refuse(key, f"是扣分项，应为 0 或负数，实际为 {points[item]}。")
            if item not in GROUP_DEDUCTIONS and points[item] < 0:
                raise _refuse(key, f"是得分项，不能为负数（{points[item]}）。")
        if f"{item}_cap" in raw:
            caps[item] = _number(raw[f"{item}_cap"], f"{key}_cap")
            if caps[item] < 0:
                raise _refuse(f"{key}_cap", f"不能为负数（{caps[item]}）。")
    minimum = raw.get("advanced_min_total")
    return GroupRules(
        points=MappingProxyType(points), caps=MappingProxyType(caps),
        advanced_count=_count(raw.get("advanced_count", 0), "group_rules.advanced_count"),
        advanced_min_total=None if minimum is None else _number(minimum, "group_rules.advanced_min_total"))


def group_rules_toml(rules: GroupRules) -> list[str]:
    """``[group_rules]`` as rule-file lines (after a blank line), as ``_group_rules`` reads them."""
    lines = ["", "[group_rules]"]
    for item in GROUP_ITEMS:
        lines += [f"{key} = {value:f}" for key, value in ((item, rules.points.get(item)),
                                                          (f"{item}_cap", rules.caps.get(item)))
                  if value is not None]
    lines.append(f"advanced_count = {rules.advanced_count}")
    if rules.advanced_min_total is not None:
        lines.append(f"advanced_min_total = {rules.advanced_min_total:f}")
    return lines


def _term_rules(doc: dict) -> TermRules | None:
    """``[term_rules]``; None when the file has no such section."""
    if "term_rules" not in doc:
        return None
    raw = _table(doc["term_rules"], "term_rules")
    _only(raw, TERM_MINIMUMS + TERM_MAXIMUMS, "term_rules")
    counts = {k: _count(v, f"term_rules.{k}") for k, v in raw.items()}
    return TermRules(**{k: (n or None) if k in TERM_MINIMUMS else n for k, n in counts.items()})


def term_rules_toml(rules: TermRules) -> list[str]:
    """``[term_rules]`` as rule-file lines (after a blank line), as ``_term_rules`` reads them."""
    values = {k: getattr(rules, k) for k in TERM_MINIMUMS + TERM_MAXIMUMS}
    return ["", "[term_rules]"] + [f"{k} = {v}" for k, v in values.items() if v is not None]


def _cohorts(doc: dict) -> CohortRules | None:
    """``[cohorts]``; None when the file has no such section."""
    if "cohorts" not in doc:
        return None
    raw = _table(doc["cohorts"], "cohorts")
    _only(raw, COHORT_KEYS, "cohorts")
    by = raw.get("by", [])
    choices = "、".join(f"{code}（{name}）" for code, name in COHORT_NAMES.items())
    if not isinstance(by, list):
        raise _refuse("cohorts.by", f"应为列表，如 [\"standing\", \"committee\"]，实际为“{_written(by)}”。")
    codes = {**{c: c for c in COHORT_NAMES}, **{name: c for c, name in COHORT_NAMES.items()}}
    picked = []
    for value in by:
        text = _text(value, "cohorts.by")
        if text not in codes:
            raise _refuse("cohorts.by", f"中的“{text}”不是可用的排名范围；可用：{choices}。")
        if codes[text] in picked:
            raise _refuse("cohorts.by", f"中的“{text}”重复了。")
        picked.append(codes[text])
    top_n = _count(raw.get("top_n", 5), "cohorts.top_n")
    if top_n < 1:
        raise _refuse("cohorts.top_n", "应为不小于 1 的整数，实际为 0。")
    return CohortRules(by=tuple(picked), top_n=top_n)


def cohorts_toml(rules: CohortRules) -> list[str]:
    """``[cohorts]`` as rule-file lines (after a blank line), as ``_cohorts`` reads them."""
    codes = ", ".join(f'"{code}"' for code in rules.by)
    return ["", "[cohorts]", f"by = [{codes}]", f"top_n = {rules.top_n}"]


def parse_rules(text: str) -> Rules:
    """Validate rule-file text and return ``Rules``; raises ``RuleError``."""
    try:
        doc = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(toml_error_text(exc), None) from None
    _only(doc, ("meta", "events", "attendance", "proposals", "sqmy", "speeches",
                "duty_report", "other", "caps", "tiers", "warnings", "display", "expected",
                "group_rules", "term_rules", "cohorts"), "")
    meta = _table(doc.get("meta", {}), "meta")
    _only(meta, ("name", "version"), "meta")
    events = _events(_table(doc.get("events", {}), "events"))
    return Rules(
        name=_text(meta.get("name", "未命名规则"), "meta.name"),
        version=_text(str(meta.get("version", "-")), "meta.version"),
        events=MappingProxyType(events),
        values=MappingProxyType(_values(doc)),
        caps=_caps(doc, events),
        warnings=MappingProxyType(_warnings(doc)),
        toml=text,
        **_tiers(doc),
        **_display(doc),
        expected=MappingProxyType(_expected(doc)),
        # The default file holds the section, so reading it never asks for itself.
        group_rules=_group_rules(doc) or default_rules().group_rules,
        term_rules=_term_rules(doc) or default_rules().term_rules,
        cohorts=_cohorts(doc) or default_rules().cohorts,
    )


def load_rules(path: str | Path) -> Rules:
    """Read and validate a rule file."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError:
        raise RuleError(f"规则文件（{path}）无法打开：文件不存在，或没有读取它的权限。", None) from None
    except UnicodeDecodeError:
        raise RuleError(f"规则文件（{path}）不是 UTF-8 编码的文本，请用记事本等另存为 UTF-8 后再试。", None) from None
    return parse_rules(text)


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The shipped default rule set (docs/计分规则.md)."""
    return load_rules(DEFAULT_RULES_PATH)


# -- rule sets per year in DuckDB ---------------------------------------------------------
def save_rule_set(store: Store, year: int, rules: Rules | str, saved_by: str,
                  name: str | None = None) -> Rules:
    """Validate and store a rule set for ``year`` (history is kept; the latest counts);
    ``published.PublishedError`` when the year is published."""
    parsed = parse_rules(rules) if isinstance(rules, str) else parse_rules(rules.toml)
    with store.write() as cur:
        published.refuse(cur, [year], "rules")
        backup.snapshot(store, "rules", f"保存{int(year)}年度规则「{name or parsed.name}」之前", saved_by)
        cur.execute("INSERT INTO rule_sets VALUES (?, ?, ?, ?, ?)",
                    [int(year), datetime.now(), saved_by, name or parsed.name, parsed.toml])
        audit_record(cur, saved_by, "rule_save", str(int(year)), f"规则集「{name or parsed.name}」")
    return parsed


def saved_rules(store: Store, year: int) -> Rules | None:
    """The rule set saved last for ``year``, or None when none was saved."""
    text = store.scalar(
        "SELECT toml FROM rule_sets WHERE year = ? ORDER BY saved_at DESC LIMIT 1", [int(year)])
    return parse_rules(text) if text is not None else None


def rules_for_year(store: Store, year: int) -> Rules:
    """The rule set in force for ``year``: the one it was published with (审定), else the
    one saved last for it, else the default."""
    pub = published.publication(store, year)
    if pub is not None:
        return parse_rules(pub.rules_toml)
    return saved_rules(store, year) or default_rules()


def rule_set_history(store: Store, year: int | None = None) -> pd.DataFrame:
    """Saved rule sets (year, saved_at, saved_by, name, toml), newest first."""
    where, params = ("WHERE year = ?", [int(year)]) if year is not None else ("", [])
    return store.df(f"SELECT year, saved_at, saved_by, name, toml FROM rule_sets {where} "
                    "ORDER BY year DESC, saved_at DESC", params)
