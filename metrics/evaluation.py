"""The year-end evaluation on paper: a year's ``ScoreResult`` shaped into the sheets of
the evaluation workbook and of each member's 履职档案 (``data.export`` writes them).

Evaluation workbook (``evaluation_sheets``): 考核结果 (every scored member with the
counts behind the score, each cap group's points, 加分 / 扣分 / 加减分, total, ranks,
tier, warnings), 优秀名单, 预警名单 (with reasons), 界别汇总, 活动组汇总, 联络组汇总,
计分规则 (the rule set as readable tables, then its TOML text).

履职档案 (``archive_sheets``): one portrait sheet per member — basic facts, total, ranks,
tier, warnings and notes, points per score column against its cap, every record behind
the points (date, content, points before and after the cap, source file / sheet / row)
with their sum, the member's other years of the same term (届次) in the database up to
this year, and boxes for 本人确认 / 联络组意见. ``archive_groups`` splits the members into
one workbook per group (委员联络组 by default).

Counting conventions of the 考核结果 columns: 出席 includes 迟到/早退; 其他活动次数 counts
attended events other than 全体会议 and 常委会议; 提案 提交 counts proposals naming the
member in any role (领衔 or 联名), 立案 those filed (立案 or 并案), 重点 / 优秀 those so
marked; 社情民意 报送 counts items naming the member as any author, 采用 those adopted
at any level, 批示 those with a leader's instruction; 履职报告 is 已提交 / 未提交, blank
when the year's report list was not imported; 常委会 columns are blank for members who
are not 常委.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from data import export
from metrics.labels import rule_version_label
from data.store import Store
from metrics import labels
from metrics.board import warning_counts_by_group, warning_rows
from metrics.groups import DIMENSIONS, attendance_ctes, group_record_counts, group_metrics
from metrics.points import ATTENDED, attendance_sql, proposal_people_sql, sqmy_authors_sql
from metrics.display_order import ordered_groups
from metrics.profile import group_comparison_table, member_facts, member_notes
from metrics.roster import midyear_notes, record_years, term_of_year, year_terms
from metrics.rules import Rules
from metrics.score_csv import warnings_text
from metrics.scoring import ScoreResult, record_contents_sql
from metrics.sqlutil import registered
from metrics import cohorts, group_rank, whatif

DEFAULT_BODY = "市政协"
NO_GROUP = "未分组"
SUM_LABEL = "合计"
UNRANKED = "未排名"    # the 等次 of members who left during the year (listed, not ranked)
SIGNATURES = ("本人确认", "联络组意见")
# 履职档案 grid (portrait A4), for 计分明细: 规则项 | 日期 | 内容 (two columns) | 封顶前 |
# 计入分 | 来源 (分项得分 puts its 计分项目 in the first column; its records are grouped
# by it and 规则项 names it again).
ARCHIVE_WIDTHS = (16, 8, 17, 17, 7.5, 7.5, 41)
RECORD_SPANS = (1, 1, 2, 1, 1, 1)
# Printed fitted onto one page when the rows fill at most this many pages (shrunk to fit):
ARCHIVE_ONE_PAGE = 1.5     # a member's 档案
GROUP_SUMMARY_ONE_PAGE = 1.3   # a 界别/活动组/联络组 summary (never a page of a few rows and 合计)
RECORD_FONT_SIZE = 9       # the records table in smaller type, so that an archive fits one page
RECORD_DATE_FORMAT = 'm"月"d"日"'   # the archive's year is in its title
RECORD_COLUMNS = ("规则项", "日期", "内容", "封顶前", "计入分", "来源")
SUMMARY_GROUPS = {"sector": "界别汇总", "activity_group": "活动组汇总", "liaison_group": "联络组汇总"}
# 考核结果 (the summary) adds the score columns up into these categories: the event cap
# groups of the rules, then cap groups by the prefix of their code, then the rest.
EVENTS_CATEGORY, OTHER_CATEGORY, ADJUSTMENT_CATEGORY = "活动出勤", "其他履职", "加减分"
CATEGORY_PREFIXES = {"提案": "proposal", "社情民意": "sqmy"}
ADJUSTMENT_COLUMNS = ("bonus", "deduction", "adjustment")
SUMMARY_WRAP = {"界别": 13, "党派/职务": 17, "预警": 11, "备注": 9}   # widths (characters) beyond which they wrap
APPROVAL_LINE = "审核：＿＿＿＿＿＿＿　　　主席会议审定：＿＿＿＿＿＿＿　　　日期：＿＿＿＿年＿＿月＿＿日"


# -- counts behind the score -------------------------------------------------------------------
COUNT_COLUMNS = ("plenary_attend", "plenary_leave", "plenary_absent", "standing_attend",
                 "standing_leave", "standing_absent", "other_events", "proposals",
                 "proposals_filed", "proposals_key", "proposals_excellent", "sqmy",
                 "sqmy_adopted", "sqmy_instructed", "speeches")


def _attendance_counts_sql(year: int, mem: str) -> str:
    attended = ", ".join(f"'{s}'" for s in ATTENDED)
    return f"""
        SELECT member_id,
            count(*) FILTER (WHERE category = 'plenary' AND status IN ({attended})) AS plenary_attend,
            count(*) FILTER (WHERE category = 'plenary' AND status = 'leave') AS plenary_leave,
            count(*) FILTER (WHERE category = 'plenary' AND status = 'absent') AS plenary_absent,
            count(*) FILTER (WHERE category = 'standing' AND status IN ({attended})) AS standing_attend,
            count(*) FILTER (WHERE category = 'standing' AND status = 'leave') AS standing_leave,
            count(*) FILTER (WHERE category = 'standing' AND status = 'absent') AS standing_absent,
            count(*) FILTER (WHERE category NOT IN ('plenary', 'standing')
                             AND status IN ({attended})) AS other_events
        FROM ({attendance_sql(year, mem)}) GROUP BY member_id"""


def member_counts(store: Store, result: ScoreResult) -> pd.DataFrame:
    """Per scored member the counts of the 考核结果 columns (``COUNT_COLUMNS``, int64)
    and ``report`` (已提交 / 未提交, None when the year has no report list); for a
    published result, the counts as published."""
    if result.frozen_counts is not None:
        frame = result.frozen_counts.set_index("member_id").reindex(result.scores["member_id"])
        frame[list(COUNT_COLUMNS)] = frame[list(COUNT_COLUMNS)].fillna(0).astype("int64")
        frame["report"] = frame["report"].astype(object).where(frame["report"].notna(), None)
        return frame.reset_index()
    year = int(result.year)
    cur = store.cursor()
    with registered(cur, mem=result.scores[["member_id"]]) as t:
        mem = t["mem"]
        frame = cur.execute(f"""
            WITH att AS ({_attendance_counts_sql(year, mem)}),
            pp AS (
                SELECT member_id, count(*) AS proposals, count(*) FILTER (WHERE filed) AS proposals_filed,
                       count(*) FILTER (WHERE is_key) AS proposals_key,
                       count(*) FILTER (WHERE is_excellent) AS proposals_excellent
                FROM ({proposal_people_sql(year, mem)}) GROUP BY member_id
            ), sa AS (
                SELECT member_id, count(*) AS sqmy,
                       count(*) FILTER (WHERE adoption IS NOT NULL) AS sqmy_adopted,
                       count(*) FILTER (WHERE instruction IS NOT NULL) AS sqmy_instructed
                FROM ({sqmy_authors_sql(year, mem)}) GROUP BY member_id
            ), sp AS (
                SELECT member_id, count(*) AS speeches FROM cur_speeches
                WHERE year = {year} GROUP BY member_id
            ), rp AS (
                SELECT member_id, bool_or(submitted) AS submitted FROM cur_reports
                WHERE year = {year} GROUP BY member_id
            )
            SELECT m.member_id, att.* EXCLUDE (member_id), pp.* EXCLUDE (member_id),
                   sa.* EXCLUDE (member_id), sp.speeches, rp.submitted
            FROM {mem} m LEFT JOIN att USING (member_id) LEFT JOIN pp USING (member_id)
            LEFT JOIN sa USING (member_id) LEFT JOIN sp USING (member_id)
            LEFT JOIN rp USING (member_id)""").df()
    frame[list(COUNT_COLUMNS)] = frame[list(COUNT_COLUMNS)].fillna(0).astype("int64")
    has_reports = bool(result.imported.get("reports"))
    submitted = frame.pop("submitted").astype("boolean").fillna(False).to_numpy(dtype=bool)
    frame["report"] = [("已提交" if s else "未提交") if has_reports else None for s in submitted]
    return frame.set_index("member_id").reindex(result.scores["member_id"]).reset_index()


# -- styles --------------------------------------------------------------------------------------
def tier_style(tier: str | None, rules: Rules) -> str | None:
    """The ``data.export.STYLES`` key of a tier: best, good (the second of four or more),
    worst (the lowest), plain otherwise; None when there is no tier."""
    names = rules.tier_names
    if tier is None or pd.isna(tier) or tier not in names:
        return None
    i = names.index(tier)
    if i == 0:
        return "best"
    if i == len(names) - 1:
        return "worst"
    return "good" if i == 1 and len(names) > 3 else "plain"


def _tier_styles(tiers: Iterable, rules: Rules) -> list[str | None]:
    return [tier_style(t, rules) for t in tiers]


def _alert_styles(texts: Iterable[str]) -> list[str | None]:
    return ["alert" if t else None for t in texts]


def _ints(series: pd.Series) -> pd.Series:
    return series.astype("Int64")


def _text(series: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna(), None)


def _joined(*series: pd.Series) -> list[str | None]:
    """Per row the non-blank texts joined with '，' (None when all are blank)."""
    return ["，".join(str(v) for v in row if v) or None for row in zip(*(_text(x) for x in series))]


# -- 考核结果 ------------------------------------------------------------------------------------
def _notes(result: ScoreResult) -> list[str | None]:
    """Per score row «年中增补（2025年7月1日）» / «年中离任（…）», None for the others."""
    notes = midyear_notes(result._store, result.term, result.scores.reset_index(drop=True))
    return [n or None for n in notes]


def _h(top: str, bottom: str = "") -> tuple[str, str]:
    return (top, bottom)


def results_frame(result: ScoreResult, counts: pd.DataFrame) -> pd.DataFrame:
    """Every scored member in rank order with the 考核结果 columns (two-level headers)."""
    s = result.scores.reset_index(drop=True)
    c = counts.set_index("member_id").reindex(s["member_id"]).reset_index(drop=True)
    standing = s["is_standing"].astype(bool)
    cols: dict[tuple[str, str], pd.Series | list] = {
        _h("序号"): list(range(1, len(s) + 1)), _h("姓名"): _text(s["name"]),
        _h("界别"): _text(s["sector"]), _h("党派"): _text(s["party"]), _h("职务"): _text(s["title"]),
        _h("活动组"): _text(s["activity_group"]), _h("联络组"): _text(s["liaison_group"]),
        _h("专委会"): _text(s["committee"]),
    }
    for top, prefix in (("全会", "plenary"), ("常委会", "standing")):
        for bottom, status in (("出席", "attend"), ("请假", "leave"), ("缺席", "absent")):
            values = _ints(c[f"{prefix}_{status}"])
            cols[_h(top, bottom)] = values.where(standing, pd.NA) if prefix == "standing" else values
    cols[_h("其他活动次数")] = _ints(c["other_events"])
    for bottom, col in (("提交", "proposals"), ("立案", "proposals_filed"), ("重点", "proposals_key"),
                        ("优秀", "proposals_excellent")):
        cols[_h("提案", bottom)] = _ints(c[col])
    for bottom, col in (("报送", "sqmy"), ("采用", "sqmy_adopted"), ("批示", "sqmy_instructed")):
        cols[_h("社情民意", bottom)] = _ints(c[col])
    cols[_h("发言")] = _ints(c["speeches"])
    cols[_h("履职报告")] = _text(c["report"])
    for group in result.group_columns:
        cols[_h("分项得分", labels.cap_group_label(group))] = s[group].astype(float)
    for extra in ("bonus", "deduction", "adjustment"):
        cols[_h(labels.cap_group_label(extra))] = s[extra].astype(float)
    cols[_h("总分")] = s["total"].astype(float)
    cols[_h("排名")] = _ints(s["rank"])
    cols[_h("界别内排名")] = _ints(s["sector_rank"])
    cols[_h("等次")] = s["tier"].astype(object).where(s["tier"].notna(), UNRANKED)
    cols[_h("预警")] = s["warnings"].map(warnings_text)
    cols[_h("备注")] = _notes(result)
    frame = pd.DataFrame({i: v for i, v in enumerate(cols.values())})
    frame.columns = pd.MultiIndex.from_tuples(list(cols))
    return frame


def amount_headers(result: ScoreResult) -> list[tuple[str, str]]:
    """The 考核结果 columns holding points."""
    return ([_h("分项得分", labels.cap_group_label(g)) for g in result.group_columns]
            + [_h(labels.cap_group_label(x)) for x in ("bonus", "deduction", "adjustment")]
            + [_h("总分")])


def results_table(result: ScoreResult, counts: pd.DataFrame) -> export.Table:
    """考核结果 as a print table: member columns wrapped into two lines at most, headers
    into three, points with two decimals, tiers and warnings emphasised."""
    frame = results_frame(result, counts)
    two_lines = [_h(c) for c in ("界别", "党派", "职务", "活动组", "联络组", "专委会")]
    wrap = {c: export.width_for_lines(frame[c], 2) for c in two_lines}
    return export.Table(
        frame, amounts=amount_headers(result), wrap={**wrap, _h("预警"): 16, _h("等次"): 6, _h("备注"): 9},
        styles={_h("等次"): _tier_styles(frame[_h("等次")], result.rules),
                _h("预警"): _alert_styles(frame[_h("预警")])},
        header_lines=3, empty="本年度没有参评委员")


def score_categories(result: ScoreResult) -> dict[str, list[str]]:
    """The summary's point categories -> the score columns they add up (every score
    column in exactly one; empty categories left out)."""
    events = {e.group for e in result.rules.events.values() if e.group}
    out: dict[str, list[str]] = {EVENTS_CATEGORY: [], **{c: [] for c in CATEGORY_PREFIXES},
                                 OTHER_CATEGORY: [], ADJUSTMENT_CATEGORY: list(ADJUSTMENT_COLUMNS)}
    for group in result.group_columns:
        named = [c for c, prefix in CATEGORY_PREFIXES.items() if group.startswith(prefix)]
        out[EVENTS_CATEGORY if group in events else named[0] if named else OTHER_CATEGORY].append(group)
    return {c: cols for c, cols in out.items() if cols}


def warning_kinds(warnings) -> str:
    """The kinds of a member's warnings ('劝辞、约谈'), without reasons."""
    return "、".join(dict.fromkeys(kind for kind, _ in warnings))


def summary_frame(result: ScoreResult) -> pd.DataFrame:
    """考核结果, the summary that prints on A4: every scored member in rank order with
    points per category (``score_categories``), total, rank, tier and warning kinds."""
    s = result.scores.reset_index(drop=True)
    cols: dict[str, pd.Series | list] = {
        "序号": list(range(1, len(s) + 1)), "姓名": _text(s["name"]), "界别": _text(s["sector"]),
        "党派/职务": _joined(s["party"], s["title"]),
    }
    for category, columns in score_categories(result).items():
        cols[category] = s[columns].astype(float).sum(axis=1).round(2)
    cols["总分"] = s["total"].astype(float)
    cols["排名"] = _ints(s["rank"])
    cols["等次"] = s["tier"].astype(object).where(s["tier"].notna(), UNRANKED)
    cols["预警"] = [warning_kinds(w) or None for w in s["warnings"]]
    cols["备注"] = _notes(result)
    return pd.DataFrame(cols)


def summary_table(result: ScoreResult) -> export.Table:
    """考核结果 as a print table: long 界别 and 党派/职务 wrapped (so that the sheet prints
    on A4 at full size), headers into two lines."""
    frame = summary_frame(result)
    categories = list(score_categories(result))
    return export.Table(
        frame, amounts=[*categories, "总分"], wrap=SUMMARY_WRAP,
        styles={"等次": _tier_styles(frame["等次"], result.rules), "预警": _alert_styles(frame["预警"].fillna(""))},
        header_lines=2, empty="本年度没有参评委员")


# -- 优秀名单 / 预警名单 ------------------------------------------------------------------------------
def excellent_frame(result: ScoreResult) -> pd.DataFrame:
    """The members of the top tier, by rank."""
    s = result.scores[result.scores["tier"] == result.rules.tier_names[0]].reset_index(drop=True)
    return pd.DataFrame({
        "序号": list(range(1, len(s) + 1)), "姓名": _text(s["name"]), "界别": _text(s["sector"]),
        "党派": _text(s["party"]), "职务": _text(s["title"]), "联络组": _text(s["liaison_group"]),
        "总分": s["total"].astype(float), "排名": _ints(s["rank"]), "界别内排名": _ints(s["sector_rank"]),
    })


def warnings_frame(result: ScoreResult) -> pd.DataFrame:
    """One row per (member, warning kind), severest kind first, with its reasons."""
    rows = warning_rows(result)
    return pd.DataFrame({
        "序号": list(range(1, len(rows) + 1)), "预警类别": _text(rows["kind"]),
        "姓名": _text(rows["name"]), "界别": _text(rows["sector"]),
        "联络组": _text(rows["liaison_group"]), "总分": rows["total"].astype(float),
        "等次": _text(rows["tier"]), "原因": _text(rows["reason"]),
        "备注": [n or None for n in rows["note"]],
    })


# -- 界别 / 活动组 / 联络组汇总 ----------------------------------------------------------------------
def group_summary_frame(store: Store, result: ScoreResult, dimension: str) -> pd.DataFrame:
    """The groups of a dimension side by side (``profile.group_comparison_table``) in
    the office's order (``metrics.display_order``), with 预警人数, then the 合计 row
    (``_group_total``)."""
    overview = group_metrics(store, result.year, dimension, result)
    overview = (overview.set_index("group", drop=False)
                .loc[ordered_groups(overview["group"], dimension, result.rules)].reset_index(drop=True))
    table = group_comparison_table(overview, dimension, result.rules)
    warned = warning_counts_by_group(result, dimension).set_index("group")["warned"]
    table["预警人数"] = warned.reindex(overview["group"]).fillna(0).astype("int64").to_numpy()
    total = _group_total(table, overview, result, distinct_totals(store, result, dimension))
    return pd.concat([table, total], ignore_index=True)


def _percent(part: float, whole: float) -> float | None:
    return round(100 * float(part) / float(whole), 1) if whole else None


def distinct_totals(store: Store, result: ScoreResult, dimension: str) -> dict[str, int]:
    """The counts a group summary's 合计 cannot add up, counted once over all groups: events
    held by any group, proposals and 社情民意 naming any scored member (one proposal can
    name members of several groups, one event be held by two)."""
    members = result.scores[["member_id", dimension]].rename(columns={dimension: "grp"})
    everyone = members.assign(grp=SUM_LABEL)
    records = group_record_counts(store, result.year, everyone)
    cur = store.cursor()
    with registered(cur, mg=members) as t:
        held = cur.execute(f"WITH {attendance_ctes(result.year, t['mg'], dimension)} "
                           "SELECT count(DISTINCT event_key) FROM held").fetchall()[0][0]
    counts = records.set_index("grp").reindex([SUM_LABEL]).fillna(0).iloc[0]
    return {"本组举办活动": int(held),
            **{label: int(counts.get(col, 0)) for label, col in (
                ("提案", "proposals"), ("立案", "proposals_filed"),
                ("社情民意", "sqmy"), ("社情民意采用", "sqmy_adopted"))}}


def _group_total(table: pd.DataFrame, overview: pd.DataFrame, result: ScoreResult,
                 distinct: Mapping[str, int]) -> pd.DataFrame:
    """The 合计 row of a group summary: sums, rates over the sums, the ranked members'
    mean and median, and the ``distinct_totals``."""
    invited, members = int(overview["invited"].sum()), int(overview["members"].sum())
    ranked = result.scores.loc[result.scores["ranked"], "total"]
    total = {table.columns[0]: SUM_LABEL, "委员数": members, "受邀人次": invited, **distinct,
             "出席人次": int(overview["attended"].sum()),
             "出席率(%)": _percent(overview["attended"].sum(), invited),
             "请假率(%)": _percent(overview["leave"].sum(), invited),
             "缺席率(%)": _percent(overview["absent"].sum(), invited),
             "参加过活动的委员": int(overview["active_members"].sum()),
             "参加过活动占比(%)": _percent(overview["active_members"].sum(), members),
             "平均分": round(float(ranked.mean()), 2) if len(ranked) else None,
             "中位分": round(float(ranked.median()), 2) if len(ranked) else None,
             **{t: int(overview[t].sum()) for t in result.rules.tier_names},
             "预警人数": int(table["预警人数"].sum())}
    return pd.DataFrame([{c: total.get(c) for c in table.columns}], dtype=object)


def group_summary_table(store: Store, result: ScoreResult, dimension: str) -> export.Table:
    frame = group_summary_frame(store, result, dimension)
    rates = [c for c in frame.columns if str(c).endswith("(%)")]
    return export.Table(frame, amounts=("平均分", "中位分"), formats={c: "0.0" for c in rates},
                        wrap={frame.columns[0]: 16}, bold_rows=(len(frame) - 1,), header_lines=2,
                        empty="本年度没有分组")


# -- 计分规则 ------------------------------------------------------------------------------------
# The rule sheet's grid (portrait): name | three numbers | group | key; each table spans it.
RULE_WIDTHS = (26, 8, 8, 8, 20, 26)


def rule_blocks(rules: Rules) -> list[export.Block]:
    """The rule set as readable tables (``whatif.rule_tables``), in Chinese only: no rule
    keys, no TOML text (LibreOffice prints hidden sheets too; the rule file itself is
    kept by the app's rule history)."""
    t = whatif.rule_tables(rules, labels.CATEGORY_LABELS)
    events = t.events.drop(columns=["代码"]).assign(
        封顶分组=t.events["封顶分组"].map(lambda g: labels.cap_group_label(g) if g else "—"),
        全会按场次分摊=t.events["全会按场次分摊"].map({True: "是", False: ""}))
    caps = pd.DataFrame({"名称": t.caps["名称"], "上限": t.caps["上限"]})
    warnings = t.warnings[["预警条件", "处理", "阈值"]]
    blocks: list[export.Block] = [
        export.Pairs([("规则名称", rules.name), ("版本", rule_version_label(rules.version))], per_row=2),
        export.Table(events, caption="活动出勤（每次，分）", formats={c: "0.##" for c in ("出席", "请假", "缺席")}),
    ]
    for section, title in whatif.SECTION_TITLES.items():
        items = t.items[section].drop(columns=["规则键"])
        blocks.append(export.Table(items, caption=f"{title}（分）", formats={"分值": "0.##"},
                                   spans=(1, 1, 4), wrap={"计分项": 26, "说明": 62}))
    blocks += [
        export.Table(caps, caption="封顶（每年每组正分之和的上限，分）", formats={"上限": "0.##"},
                     spans=(1, 1)),
        export.Table(whatif.tiers_summary(rules), caption="等次", spans=(1, 5), wrap={"条件": 88}),
        export.Table(warnings, caption="预警", wrap={"预警条件": 26}),
    ]
    return blocks




# -- the workbook ------------------------------------------------------------------------------------
def workbook_title(body: str, year: int, what: str) -> str:
    return f"{body}{int(year)}年度委员履职考评{what}"


def rules_line(rules: Rules) -> str:
    """'计分规则：<name> · <version>' (one pair of brackets at most: the name's own)."""
    return f"计分规则：{rules.name} · {rule_version_label(rules.version)}"


def made_line(made_on: date | None) -> str:
    return f"制表日期：{export.chinese_date(made_on or date.today())}"


def publication_line(result: ScoreResult) -> str:
    """Whether the results are the published (审定) ones, a date written as on paper."""
    pub = result.publication
    if pub is None:
        return result.publication_text
    on_paper = f"已审定（{export.chinese_date(pub.published_at)} {pub.shown_by}）"
    return on_paper if result.frozen else f"试算结果，非{export.chinese_date(pub.published_at)}审定的结果"


def result_line(result: ScoreResult) -> str:
    """The rule set and whether the results are the published (审定) ones."""
    return f"{rules_line(result.rules)}　　{publication_line(result)}"


def cohort_tables(result: ScoreResult) -> list[export.Table]:
    """分类排名: per cohort dimension of the rule set's ``[cohorts]`` the top N of each
    cohort (metrics.cohorts; ties at the Nth place all listed) — none without cohorts."""
    tables = []
    for by, top in cohorts.top_lists(result).items():
        n = result.rules.cohorts.top_n
        frame = cohorts.top_view(top).drop(columns=[cohorts.TOP_HEADERS["member_id"]])
        tables.append(export.Table(
            frame, caption=f"{labels.COHORT_CHOICES[by]}：各组前 {n} 名（并列第 {n} 名的都列入）",
            amounts=("总分",), wrap={"备注": 9, "界别": 13},
            styles={"等次": _tier_styles(frame["等次"], result.rules)}, empty="本年度没有参评委员"))
    return tables


def evaluation_sheets(store: Store, result: ScoreResult, body: str = DEFAULT_BODY,
                      made_on: date | None = None) -> list[export.Sheet]:
    """The sheets of the evaluation workbook."""
    year, rules = result.year, result.rules
    made = made_line(made_on)
    ranked = int(result.scores["ranked"].sum())
    sub = f"{result_line(result)}　　参评委员 {ranked} 人，名单 {len(result.scores)} 人"
    excellent, warned = excellent_frame(result), warnings_frame(result)
    sheets = [
        export.Sheet("考核结果", workbook_title(body, year, "结果"),
                     [summary_table(result), export.Text([APPROVAL_LINE])], subtitle=sub, freeze_columns=2),
        export.Sheet("考核明细", workbook_title(body, year, "结果明细"),
                     [results_table(result, member_counts(store, result))],
                     subtitle=sub, freeze_columns=2, paper="A3"),
        export.Sheet("优秀名单", workbook_title(body, year, f"{rules.tier_names[0]}名单"),
                     [export.Table(excellent, amounts=("总分",), empty=f"本年度没有{rules.tier_names[0]}等次")],
                     subtitle=f"{result_line(result)}　　共 {len(excellent)} 人　　{made}", landscape=False),
        export.Sheet("预警名单", workbook_title(body, year, "预警名单"),
                     [export.Table(warned, amounts=("总分",), wrap={"原因": 40},
                                   styles={"预警类别": _alert_styles(warned["预警类别"]),
                                           "等次": _tier_styles(warned["等次"], rules)},
                                   empty="本年度没有委员被预警")],
                     subtitle=f"{result_line(result)}　　共 {len(warned)} 条　　{made}"),
    ]
    for dimension, name in SUMMARY_GROUPS.items():
        sheets.append(export.Sheet(name, workbook_title(body, year, name),
                                   [group_summary_table(store, result, dimension)],
                                   subtitle=f"{result_line(result)}　　{made}", freeze_columns=1,
                                   one_page=GROUP_SUMMARY_ONE_PAGE))
    if cohorts := cohort_tables(result):
        sheets.append(export.Sheet("分类排名", workbook_title(body, year, "分类排名"), cohorts,
                                   subtitle=f"{result_line(result)}　　{made}", freeze_columns=2))
    groups = group_rank.year_end_sheet(store, result)
    sheets.append(export.Sheet("组别考评", workbook_title(body, year, "组别考评"),
                               [export.Table(groups, caption="各项均为按组别考评规则计得的分数（分）",
                                             amounts=groups.select_dtypes("float").columns.tolist())],
                               subtitle=f"{result_line(result)}　　{made}", freeze_columns=2))
    sheets.append(export.Sheet("计分规则", f"{body}{year}年度委员履职考评计分规则", rule_blocks(rules),
                               subtitle=f"{result_line(result)}　　{made}", landscape=False,
                               widths=RULE_WIDTHS))
    return sheets


def evaluation_workbook(store: Store, result: ScoreResult, body: str = DEFAULT_BODY,
                        made_on: date | None = None) -> bytes:
    """The evaluation workbook as .xlsx bytes."""
    return export.workbook_bytes(evaluation_sheets(store, result, body, made_on), body=body,
                                 made_on=made_on)


def write_evaluation_workbook(store: Store, result: ScoreResult, path: str | Path,
                              body: str = DEFAULT_BODY, made_on: date | None = None
                              ) -> list[export.SheetLayout]:
    """Write the evaluation workbook to ``path``; the sheets' layouts (pages planned)."""
    return export.write_workbook(evaluation_sheets(store, result, body, made_on), path, body=body,
                                 made_on=made_on)


def evaluation_file_name(year: int, body: str = DEFAULT_BODY) -> str:
    return export.safe_file_name(f"{body}{int(year)}年度委员履职考评结果.xlsx")


# -- 履职档案: records ------------------------------------------------------------------------------
def record_lines(store: Store, result: ScoreResult, member_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """The provenance rows of some members (all when None) with their content, in the
    order of the score columns, then date: member_id, column, item, date, content,
    points_before, points, source_file, sheet, row_no."""
    prov = result.provenance if member_ids is None else result.provenance_of(member_ids)
    prov = prov.astype({"item": str, "column": str, "source": str})
    contents = store.df(record_contents_sql(result.year))
    lines = prov.merge(contents, on=["source", "rec_id"], how="left")
    order = {c: i for i, c in enumerate(result.score_columns)}
    lines = (lines.assign(_o=lines["column"].map(order))
             .sort_values(["member_id", "_o", "date", "rec_id"], na_position="last", kind="stable")
             .drop(columns="_o"))
    return lines[["member_id", "column", "item", "date", "content", "points_before", "points",
                  "source_file", "sheet", "row_no"]].reset_index(drop=True)


def source_text(source_file, sheet, row_no) -> str:
    """'文件·工作表·第n行' (the parts known; the file without its .xlsx/.xls ending)."""
    parts = [str(v) for v in (source_file, sheet) if v is not None and not pd.isna(v)]
    if parts and source_file is not None and not pd.isna(source_file):
        parts[0] = re.sub(r"\.xlsx?$", "", parts[0], flags=re.I)
    if row_no is not None and not pd.isna(row_no):
        parts.append(f"第{int(row_no)}行")
    return "·".join(parts)


def record_rows(lines: pd.DataFrame) -> pd.DataFrame:
    """Record lines (of any members) as 计分明细 rows: member_id and ``RECORD_COLUMNS``."""
    dates = pd.to_datetime(lines["date"])
    return pd.DataFrame({
        "member_id": lines["member_id"].to_numpy(),
        "规则项": lines["item"].map(labels.item_label).astype(object).to_numpy(),
        "日期": [d.date() if pd.notna(d) else None for d in dates],
        "内容": _text(lines["content"]).to_numpy(),
        "封顶前": lines["points_before"].astype(float).to_numpy(),
        "计入分": lines["points"].astype(float).to_numpy(),
        "来源": [source_text(f, sh, r) for f, sh, r in
               zip(lines["source_file"], lines["sheet"], lines["row_no"])],
    }).astype({c: object for c in ("规则项", "内容", "来源")})


def records_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """One member's 计分明细 rows (``record_rows``), then the 合计 row."""
    body = rows[list(RECORD_COLUMNS)].astype(object)
    total = {"规则项": SUM_LABEL, "内容": f"共 {len(rows)} 条记录",
             "封顶前": round(float(rows["封顶前"].sum()), 2),
             "计入分": round(float(rows["计入分"].sum()), 2)}
    return pd.concat([body, pd.DataFrame([total], columns=body.columns, dtype=object)],
                     ignore_index=True)


def column_totals(lines: pd.DataFrame) -> pd.DataFrame:
    """Per (member_id, column) of provenance lines: points before the cap and records."""
    return (lines.assign(column=lines["column"].astype(str))
            .groupby(["member_id", "column"], sort=False)
            .agg(before=("points_before", "sum"), records=("points_before", "size")))


def column_summary_frame(result: ScoreResult, score: pd.Series, totals: pd.DataFrame) -> pd.DataFrame:
    """Per score column with points or records (``totals``: the member's rows of
    ``column_totals``, indexed by column): label, the cap in words, points before the
    cap, points counted, records; then 合计."""
    out = []
    for col in result.score_columns:
        if col not in totals.index and not score[col]:
            continue
        pre = round(float(totals["before"].get(col, 0.0)), 2)
        cap = result.rules.cap(col) if col in result.group_columns else None
        cut = round(pre - float(score[col]), 2)
        cap_text = ("不封顶" if cap is None else
                    f"上限 {float(cap):g} 分" + (f"，超出 {cut:.2f} 分未计" if cut > 0 else ""))
        out.append([labels.cap_group_label(col), cap_text, pre, float(score[col]),
                    int(totals["records"].get(col, 0))])
    out.append([SUM_LABEL, "", round(float(totals["before"].sum()), 2),
                round(float(sum(score[c] for c in result.score_columns)), 2), int(totals["records"].sum())])
    return pd.DataFrame(out, columns=["计分项目", "封顶", "封顶前", "计入分", "记录数"])


# -- 履职档案: standing and the term ----------------------------------------------------------------
def rank_texts(result: ScoreResult) -> pd.DataFrame:
    """Per member (index member_id): 全体排名 and 界别内排名 as 'rank / ranked members'
    ('未排名' when not ranked)."""
    s = result.scores
    ranked = s["ranked"].astype(bool)
    in_sector = ranked.groupby(s["sector"].fillna("")).transform("sum")
    def text(rank: pd.Series, of: pd.Series) -> list[str]:
        return [f"{int(r)} / {int(n)}" if pd.notna(r) else UNRANKED for r, n in zip(rank, of)]
    return pd.DataFrame({"全体排名": text(s["rank"], pd.Series(int(ranked.sum()), index=s.index)),
                         "界别内排名": text(s["sector_rank"], in_sector)},
                        index=s["member_id"].to_numpy())


def standing_pairs(score: pd.Series, ranks: pd.Series) -> list[tuple[str, str]]:
    """总分, ranks, 等次 and 预警 of a member as (label, text) pairs."""
    return [("总分", f"{float(score['total']):.2f}"), ("全体排名", ranks["全体排名"]),
            ("界别内排名", ranks["界别内排名"]), ("等次", score["tier"] or UNRANKED),
            ("预警", warnings_text(score["warnings"]) or "无")]


def term_years(store: Store, result: ScoreResult) -> list[int]:
    """Years with records that belong to the year's term (届次), up to the year itself."""
    terms = year_terms(store)
    years = set().union(*record_years(store).values()) | {result.year}
    return sorted(y for y in years
                  if y <= result.year and term_of_year(store, y, terms) == result.term)


TERM_COLUMNS = ("年度", "等次", "全体排名", "预警", "总分", "界别内排名", "参评人数")


def term_rows(results: Sequence[ScoreResult]) -> pd.DataFrame:
    """member_id and ``TERM_COLUMNS`` for every member scored in each given year, oldest
    year first (the archive grid's columns: 年度 | 等次 | 全体排名 | 预警 | 总分 | …)."""
    frames = []
    for r in sorted(results, key=lambda r: r.year):
        s = r.scores
        frames.append(pd.DataFrame({
            "member_id": s["member_id"].to_numpy(), "年度": f"{r.year}年",
            "等次": s["tier"].astype(object).where(s["tier"].notna(), UNRANKED).to_numpy(),
            "全体排名": s["rank"].astype("Int64").to_numpy(),
            "预警": [warnings_text(w) or "无" for w in s["warnings"]],
            "总分": s["total"].astype(float).to_numpy(),
            "界别内排名": s["sector_rank"].astype("Int64").to_numpy(),
            "参评人数": int(s["ranked"].sum())}))
    if not frames:
        return pd.DataFrame(columns=["member_id", *TERM_COLUMNS])
    return pd.concat(frames, ignore_index=True)


# -- 履职档案: the sheet ---------------------------------------------------------------------------------
def archive_title(body: str, year: int) -> str:
    return f"{body}委员履职档案（{int(year)}年度）"


@dataclass(frozen=True)
class MemberArchive:
    """What one member's 履职档案 shows, ready for ``archive_sheet``."""

    score: pd.Series            # the member's score row
    facts: list[tuple[str, str]]
    standing: list[tuple[str, str]]
    notes: list[str]
    summary: pd.DataFrame       # column_summary_frame
    records: pd.DataFrame       # records_frame
    term: pd.DataFrame          # TERM_COLUMNS


def archive_sheet(result: ScoreResult, a: MemberArchive, body: str = DEFAULT_BODY,
                  sheet_name: str | None = None) -> export.Sheet:
    """One member's 履职档案 as one printable portrait sheet: fitted onto one page when
    its records allow, its pages numbered on their own with the member's name."""
    s, rules = a.score, result.rules
    blocks: list[export.Block] = [
        export.Pairs(a.facts, caption="基本情况", per_row=3),
        export.Pairs(a.standing, caption="考评结果", per_row=3),
    ]
    if a.notes:
        blocks.append(export.Text([f"注：{n}" for n in a.notes]))
    blocks += [
        export.Table(a.summary, caption="分项得分", amounts=("封顶前", "计入分"), spans=(1, 3, 1, 1, 1),
                     wrap={"计分项目": 16}, bold_rows=(len(a.summary) - 1,)),
        export.Table(a.records, caption="计分明细", amounts=("封顶前", "计入分"),
                     formats={"日期": RECORD_DATE_FORMAT},
                     wrap={"规则项": 16, "内容": 34.7, "来源": 41}, spans=RECORD_SPANS,
                     bold_rows=(len(a.records) - 1,), font_size=RECORD_FONT_SIZE),
        export.Table(a.term, caption=f"本届（{result.term or '—'}）历年考评", amounts=("总分",),
                     wrap={"预警": 31}, styles={"等次": _tier_styles(a.term["等次"], rules)},
                     empty="本届尚无考评记录"),
        export.Signatures(SIGNATURES, caption="确认与意见"),
    ]
    subtitle = (f"{s['name']}　{s['sector'] or ''}　{result.term or ''}　　{result_line(result)}　　"
                f"总分 {float(s['total']):.2f}　等次 {s['tier'] or UNRANKED}")
    return export.Sheet(sheet_name or str(s["name"]), archive_title(body, result.year), blocks,
                        subtitle=subtitle, landscape=False, widths=ARCHIVE_WIDTHS, one_page=ARCHIVE_ONE_PAGE,
                        footer_name=f"{s['name']}履职档案")


def archive_sheet_names(result: ScoreResult, member_ids: Sequence[str]) -> list[str]:
    """Sheet names: the member's name; '姓名-编号' where two members share a name."""
    names = result.scores.set_index("member_id")["name"].reindex(list(member_ids)).astype(str)
    twice = names.duplicated(keep=False)
    return [f"{n}-{m}" if dup else n for m, n, dup in zip(member_ids, names, twice)]


def member_archives(store: Store, result: ScoreResult, member_ids: Sequence[str],
                    term_results: Sequence[ScoreResult] = ()) -> list[MemberArchive]:
    """What the 履职档案 of some members show, computed for them all at once;
    ``term_results``: the scores of the term's other years."""
    lines = record_lines(store, result, member_ids)
    rows = record_rows(lines)
    by_member = lines.groupby("member_id", sort=False).indices
    totals = column_totals(lines)
    no_totals = totals.iloc[:0].droplevel("member_id")
    none = np.array([], dtype=int)
    scores = result.scores.set_index("member_id", drop=False)
    ranks = rank_texts(result)
    term = term_rows([r for r in term_results if r.year != result.year] + [result])
    term_by_member = term.groupby("member_id", sort=False).indices
    out = []
    for m in member_ids:
        idx = by_member.get(m, none)
        score = scores.loc[m]
        member_rows = rows.iloc[idx]
        member_totals = totals.loc[m] if len(idx) else no_totals
        out.append(MemberArchive(
            score=score, facts=[("姓名", score["name"]), *member_facts(result, m), ("届次", result.term or "—")],
            standing=standing_pairs(score, ranks.loc[m]), notes=member_notes(result, m),
            summary=column_summary_frame(result, score, member_totals),
            records=records_frame(member_rows),
            term=term.iloc[term_by_member.get(m, none)][list(TERM_COLUMNS)].reset_index(drop=True)))
    return out


def archive_sheets(store: Store, result: ScoreResult, member_ids: Sequence[str],
                   term_results: Sequence[ScoreResult] = (), body: str = DEFAULT_BODY) -> list[export.Sheet]:
    """The 履职档案 sheets of some members, in the order given."""
    archives = member_archives(store, result, member_ids, term_results)
    return [archive_sheet(result, a, body, name)
            for a, name in zip(archives, archive_sheet_names(result, member_ids))]


def archive_groups(result: ScoreResult, dimension: str = "liaison_group") -> dict[str, list[str]]:
    """Group name -> its members (by rank, then member id), groups in the office's order
    (``metrics.display_order``); members without a group under ``NO_GROUP``, last."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"未知的分组维度“{dimension}”；可用：{'、'.join(DIMENSIONS)}。")
    s = result.scores
    groups = s[dimension].astype(object).where(s[dimension].notna() & (s[dimension] != ""), NO_GROUP)
    out = {g: s.loc[groups == g, "member_id"].tolist() for g in groups.unique()}
    return {g: out[g] for g in ordered_groups(out, dimension, result.rules, last=NO_GROUP)}


def archive_workbook(store: Store, result: ScoreResult, member_ids: Sequence[str],
                     term_results: Sequence[ScoreResult] = (), body: str = DEFAULT_BODY,
                     made_on: date | None = None) -> bytes:
    """The 履职档案 of some members, one sheet each, as .xlsx bytes."""
    return export.workbook_bytes(archive_sheets(store, result, member_ids, term_results, body),
                                 body=body, made_on=made_on)


def write_archive_workbook(store: Store, result: ScoreResult, member_ids: Sequence[str],
                           path: str | Path, term_results: Sequence[ScoreResult] = (),
                           body: str = DEFAULT_BODY, made_on: date | None = None
                           ) -> list[export.SheetLayout]:
    """Write the 履职档案 of some members to ``path``; the sheets' layouts."""
    return export.write_workbook(archive_sheets(store, result, member_ids, term_results, body),
                                 path, body=body, made_on=made_on)


def archive_file_name(year: int, group: str) -> str:
    """'2025年度-履职档案-城关区联络组.xlsx'."""
    return export.safe_file_name(f"{int(year)}年度-履职档案-{group}.xlsx")


def member_archive_file_name(year: int, name: str, member_id: str) -> str:
    """'2025年度-履职档案-董思杰-W0013.xlsx'."""
    return export.safe_file_name(f"{int(year)}年度-履职档案-{name}-{member_id}.xlsx")


@dataclass(frozen=True)
class ArchiveFile:
    group: str
    path: Path
    members: int


def write_archives(store: Store, result: ScoreResult, directory: str | Path,
                   term_results: Sequence[ScoreResult] = (), body: str = DEFAULT_BODY,
                   dimension: str = "liaison_group", made_on: date | None = None) -> list[ArchiveFile]:
    """One 履职档案 workbook per group of ``dimension`` in ``directory`` (created)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for group, members in archive_groups(result, dimension).items():
        path = directory / archive_file_name(result.year, group)
        write_archive_workbook(store, result, members, path, term_results, body, made_on)
        written.append(ArchiveFile(group, path, len(members)))
    return written


def archives_zip_name(year: int, dimension: str = "liaison_group") -> str:
    """'2025年度-履职档案-按委员联络组.zip'."""
    return export.safe_file_name(f"{int(year)}年度-履职档案-按{DIMENSIONS[dimension]}.zip")


def archives_zip(store: Store, result: ScoreResult, term_results: Sequence[ScoreResult] = (),
                 body: str = DEFAULT_BODY, dimension: str = "liaison_group") -> bytes:
    """Every group's 履职档案 workbook in one .zip (UTF-8 file names), and beside each a
    folder of the group's members one file each, to print member by member."""
    names = result.scores.set_index("member_id")["name"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for group, members in archive_groups(result, dimension).items():
            sheets = archive_sheets(store, result, members, term_results, body)
            zf.writestr(archive_file_name(result.year, group), export.workbook_bytes(sheets, body=body))
            folder = export.safe_file_name(group)
            for member_id, sheet in zip(members, sheets):
                zf.writestr(f"{folder}/{member_archive_file_name(result.year, names[member_id], member_id)}",
                            export.workbook_bytes([sheet], body=body))
    return buffer.getvalue()


def term_results_needed(store: Store, result: ScoreResult) -> list[int]:
    """The term's years other than the result's own, whose scores an archive shows."""
    return [y for y in term_years(store, result) if y != result.year]
