"""What the year-end Word documents say, read from a year's ``ScoreResult``: the
contexts (plain dicts of text) the templates in ``data/documents`` are rendered with.

- 通报 (``bulletin``): the top tier's members in score order, with 界别/党派, and the
  members per tier;
- 通知书 (``notices``): every scored member's score, rank, tier, points per score column
  and warnings — one context holding all members (the template gives each a page);
- 推荐单位 (``units``): one letter per 推荐单位 listing its members' results; members
  whose 推荐单位 the roster does not give (no such column, or left blank) are
  written to by 界别, and those letters say so;
- 提醒函 (``reminders``): one letter per warned member, with the warning kinds, their
  reasons and the facts they rest on;
- 分类排名 (``cohort_bulletin_context``): the 分类排名通报 — per cohort dimension of the
  rule set's ``[cohorts]`` the top N of each cohort (metrics.cohorts), with the
  年中增补 / 年中离任 mark; a document of its own so that the 通报 stays short.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from data.documents import stored
from data.documents.render import zip_of
from data.export import safe_file_name
from data.store import Store
from metrics import cohorts, labels
from metrics.board import tier_counts, warned_members, warning_rows
from metrics.display_order import ordered_groups
from metrics.evaluation import DEFAULT_BODY, UNRANKED, excellent_frame
from metrics.scoring import ScoreResult

# What each document (``data.documents.KINDS``) is, as the export page says it.
KINDS: dict[str, str] = {
    "通报": "年度履职考评结果通报（优秀名单、各等次人数）",
    "通知书": "考评结果通知书（每位委员一页：得分、名次、等次、分项得分、预警）",
    "推荐单位": "致推荐单位函（每个推荐单位一份：所推荐委员的考评结果）",
    "提醒函": "履职提醒函（每位被预警委员一份：预警类别及事实）",
    "分类排名": "分类排名通报（常委与委员分列、各专委会、各界别的前几名）",
}
UNIT_COLUMN = "nominator"
NO_UNIT_NOTE = "（名册未填推荐单位，按界别汇总）"
NO_UNIT = "（未填）"
EXTRA_COLUMNS = ("bonus", "deduction", "adjustment")
# The facts warnings rest on (``board.warning_rows``), as a reminder letter states them:
# column -> (what, unit); 常委会议 for 常委 only.
FACTS: dict[str, tuple[str, str]] = {
    "term_plenary_absent": ("本届全体会议无故缺席", "次"), "standing_absent": ("本年常委会议无故缺席", "次"),
    "proposals": ("本年提案", "件"), "sqmy": ("本年社情民意", "篇"),
}


def points_text(value) -> str:
    """An amount as written in a letter: «156.5», «30», «-1»; «—» when missing."""
    if value is None or pd.isna(value):
        return "—"
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def _text(value) -> str:
    return "—" if value is None or pd.isna(value) or str(value).strip() == "" else str(value)


def _base(result: ScoreResult, body: str, made_on: date | None) -> dict:
    return {"body": body, "year": int(result.year), "date": labels.day_text(made_on or date.today()),
            "rules": result.rules.name, "publication": result.publication_text,
            "ranked_count": int(result.scores["ranked"].sum())}


# -- 通报 ----------------------------------------------------------------------------------------
def bulletin_context(result: ScoreResult, body: str = DEFAULT_BODY, made_on: date | None = None) -> dict:
    """The 结果通报: the top tier's members by rank, and the members per tier."""
    top = excellent_frame(result)
    counts = tier_counts(result)
    return {**_base(result, body, made_on), "top_tier": result.rules.tier_names[0],
            "excellent": [{"no": int(r["序号"]), "name": _text(r["姓名"]), "sector": _text(r["界别"]),
                           "party": _text(r["党派"]), "total": points_text(r["总分"]), "rank": _text(r["排名"])}
                          for _, r in top.iterrows()],
            "tiers": [{"tier": t, "count": int(n)} for t, n in counts.items()],
            "unranked_count": int((~result.scores["ranked"]).sum())}


# -- 分类排名通报 ----------------------------------------------------------------------------------
def cohort_bulletin_context(result: ScoreResult, body: str = DEFAULT_BODY, made_on: date | None = None) -> dict:
    """The 分类排名通报: per cohort dimension of ``[cohorts]`` its top-N list."""
    lists = cohorts.top_lists(result)
    rules = result.rules.cohorts
    return {**_base(result, body, made_on), "top_n": rules.top_n if rules else 0,
            "by_text": "、".join(labels.COHORT_CHOICES[by] for by in lists),
            "cohorts": [{"title": f"{labels.COHORT_CHOICES[by]}：各组前 {rules.top_n} 名",
                         "rows": [{"cohort": _text(r["cohort"]), "rank": _text(r["cohort_rank"]),
                                   "name": _text(r["name"]), "sector": _text(r["sector"]),
                                   "total": points_text(r["total"]), "note": r["note"]}
                                  for _, r in top.iterrows()]}
                        for by, top in lists.items()]}


# -- 通知书 --------------------------------------------------------------------------------------
def _points(row: pd.Series, result: ScoreResult) -> list[dict]:
    """The member's points per score column (cap groups, then 加分/扣分/加减分), the
    columns with points only — all of them would fill a page with zeros."""
    columns = [*result.group_columns, *EXTRA_COLUMNS]
    return [{"label": labels.cap_group_label(c), "points": points_text(row[c])}
            for c in columns if c in row.index and row[c] and not pd.isna(row[c])]


def _warnings(row: pd.Series) -> list[dict]:
    return [{"kind": kind, "reason": reason} for kind, reason in row["warnings"]]


def member_result(row: pd.Series, result: ScoreResult) -> dict:
    """One member's result as a letter states it."""
    return {"member_id": row["member_id"], "name": _text(row["name"]), "sector": _text(row["sector"]),
            "party": _text(row["party"]), "title": _text(row["title"]), "total": points_text(row["total"]),
            "rank": _text(row["rank"]) if row["ranked"] else UNRANKED,
            "tier": _text(row["tier"]) if row["ranked"] else UNRANKED,
            "points": _points(row, result), "warnings": _warnings(row),
            "warning_text": "；".join(f"{k}（{r}）" for k, r in row["warnings"]) or "无"}


def notices_context(result: ScoreResult, body: str = DEFAULT_BODY, made_on: date | None = None) -> dict:
    """The 结果通知书 of every scored member, in score order (not ranked last)."""
    return {**_base(result, body, made_on),
            "members": [member_result(row, result) for _, row in result.scores.iterrows()]}


# -- 推荐单位 ------------------------------------------------------------------------------------
def _named_units(store: Store, result: ScoreResult) -> pd.Series:
    """Each scored member's 推荐单位 as the roster gives it (None when not filled in)."""
    found = store.df(f"SELECT member_id, arg_max({UNIT_COLUMN}, rec_id) AS unit FROM cur_members "
                     "GROUP BY member_id").set_index("member_id")["unit"]
    units = result.scores["member_id"].map(found).astype(object)
    return units.where(units.notna() & (units.astype(str).str.strip() != ""), None)


def _letter_groups(store: Store, result: ScoreResult) -> list[tuple[str, bool, pd.Series]]:
    """(unit, whether it is a 界别 standing in for it, which members) per letter: the
    推荐单位 in name order, then by 界别 (in the office's order) the members without one."""
    named = _named_units(store, result)
    sectors = result.scores["sector"].fillna(NO_UNIT)
    groups = [(u, False, named == u) for u in sorted(named.dropna().unique())]
    rest = named.isna()
    return groups + [(sec, True, rest & (sectors == sec))
                     for sec in ordered_groups(sectors[rest].unique(), "sector", result.rules, last=NO_UNIT)]


def unit_letters(store: Store, result: ScoreResult, body: str = DEFAULT_BODY,
                 made_on: date | None = None) -> list[dict]:
    """One letter per 推荐单位, its members in score order; members whose 推荐单位 the
    roster does not give are written to by 界别, and those letters say so."""
    base = _base(result, body, made_on)
    letters = []
    for unit, by_sector, chosen in _letter_groups(store, result):
        rows = result.scores[chosen]
        members = [member_result(row, result) for _, row in rows.iterrows()]
        letters.append({**base, "unit": unit, "unit_label": "界别" if by_sector else "推荐单位",
                        "note": NO_UNIT_NOTE if by_sector else "", "members": members,
                        "member_count": len(members),
                        "tiers": [{"tier": t, "count": int(n)} for t, n in tier_counts(result, rows).items()],
                        "warned_count": sum(1 for m in members if m["warnings"])})
    return letters


# -- 提醒函 --------------------------------------------------------------------------------------
def _facts(row: pd.Series) -> list[str]:
    """The facts the warnings rest on, as sentences."""
    shown = [c for c in FACTS if not pd.isna(row[c]) and (c != "standing_absent" or row["is_standing"])]
    facts = [f"{FACTS[c][0]} {int(row[c])} {FACTS[c][1]}" for c in shown]
    if not pd.isna(row["events_invited"]):
        facts.insert(len(facts) - 2, f"本年受邀活动 {int(row['events_invited'])} 次、出席 {int(row['events_attended'])} 次")
    return facts


def reminder_letters(result: ScoreResult, body: str = DEFAULT_BODY, made_on: date | None = None) -> list[dict]:
    """One letter per warned member: the warning kinds (severest first) with their reasons,
    and the facts they rest on, as ``board.warning_rows`` gives them."""
    rows = warning_rows(result)
    base = _base(result, body, made_on)
    letters = []
    for _, member in warned_members(result).iterrows():
        own = rows[rows["member_id"] == member["member_id"]]
        letters.append({**base, **member_result(member, result),
                        "warnings": [{"kind": r["kind"], "reason": r["reason"]} for _, r in own.iterrows()],
                        "facts": _facts(own.iloc[0])})
    return letters


def contexts(kind: str, store: Store, result: ScoreResult, body: str = DEFAULT_BODY,
             made_on: date | None = None) -> list[dict]:
    """The contexts of one kind of document: one per file written."""
    if kind == "通报":
        return [bulletin_context(result, body, made_on)]
    if kind == "通知书":
        return [notices_context(result, body, made_on)]
    if kind == "推荐单位":
        return unit_letters(store, result, body, made_on)
    if kind == "提醒函":
        return reminder_letters(result, body, made_on)
    if kind == "分类排名":
        return [cohort_bulletin_context(result, body, made_on)]
    raise ValueError(f"未知的文书类别：{kind}")


def check_context(kind: str, store: Store, result: ScoreResult, body: str = DEFAULT_BODY) -> dict:
    """A context to try an uploaded template with: the kind's first document; for a year
    without warnings, a reminder shaped from the first member (with no warnings)."""
    found = contexts(kind, store, result, body)
    if found:
        return found[0]
    if kind == "提醒函" and not result.scores.empty:
        row = result.scores.iloc[0]
        return {**_base(result, body, None), **member_result(row, result), "facts": []}
    raise ValueError(f"{result.year}年度没有可用于检查“{kind}”模板的考评结果")


def file_stem(kind: str, context: dict) -> str:
    """The file name (without suffix) of one document."""
    year = context["year"]
    if kind == "推荐单位":
        return f"{year}年度考评结果-" + (f"致{context['unit']}" if not context["note"] else f"{context['unit']}界别")
    if kind == "提醒函":
        return f"{year}年度履职提醒函-{context['name']}-{context['member_id']}"
    return f"{context['body']}{year}年度{SINGLE_FILE[kind]}"


# Kinds written as one file; the others as a zip of one file per letter.
SINGLE_FILE = {"通报": "委员履职考评结果通报", "通知书": "考评结果通知书", "分类排名": "委员履职考评分类排名通报"}
ZIP_NAMES = {"推荐单位": "致推荐单位函", "提醒函": "履职提醒函"}


def documents(kind: str, store: Store, result: ScoreResult, body: str = DEFAULT_BODY,
              made_on: date | None = None) -> dict[str, bytes]:
    """The documents of one kind, by file name, written with the template in use."""
    found = contexts(kind, store, result, body, made_on)
    return stored.write_documents(store, kind, found, [file_stem(kind, c) for c in found])


def document_file_name(kind: str, year: int, body: str = DEFAULT_BODY) -> str:
    """The name of one kind's download: its .docx (通报, 通知书) or the zip of its letters."""
    if kind in SINGLE_FILE:
        return safe_file_name(file_stem(kind, {"body": body, "year": int(year)}) + ".docx")
    return safe_file_name(f"{body}{int(year)}年度{ZIP_NAMES[kind]}.zip")


def document_bytes(kind: str, store: Store, result: ScoreResult, body: str = DEFAULT_BODY,
                   made_on: date | None = None) -> bytes:
    """One kind's download: the .docx of 通报/通知书, a zip of the letters otherwise."""
    files = documents(kind, store, result, body, made_on)
    return next(iter(files.values())) if kind in SINGLE_FILE else zip_of(files)
