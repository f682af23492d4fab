"""审定 and 撤销审定: the office publishes a year's results, freezing them, and may withdraw
the publication with a reason (data/published.py stores both; metrics/scoring.py reads a
published year's frozen rows back).

What is frozen when a year is published: the rule set in force (its TOML), the batches
active at that moment, and — computed from the current records — every score row (member
columns, points per column, total, ranks, tier, warnings with their reasons), the facts
the tiers and warnings rest on, the workbook's counts (出席, 提案, 社情民意 …) and every
provenance row (rule item, points, record, file, sheet, row). Exports, the ranking and
the next years' consecutive-year warnings read these rows, not a recomputation.

Only the 管理员 role may publish or withdraw (``data.accounts.users.may_publish``); the command
line is the operator at the server and acts as 管理员.
"""
from __future__ import annotations

from datetime import datetime

from data import published
from data.accounts import users
from data.published import Publication, PublishedError
from data.store import Store
from metrics.evaluation import member_counts
from metrics.roster import imported_kinds
from metrics.rules import rules_for_year
from metrics.scoring import UNPUBLISHED_TEXT, compute_year, frozen_rows


def _check_role(role: str) -> None:
    if not users.may_publish(role):
        raise PublishedError(f"只有{users.ROLES['admin']}可以审定或撤销审定年度考评结果。")


def publish_year(store: Store, year: int, by: str, note: str = "", role: str = "admin") -> Publication:
    """审定 ``year``: freeze its results as computed now (under the rule set in force).
    ``PublishedError`` (Chinese) when the role may not, the year has no records or is
    published already."""
    _check_role(role)
    year = int(year)
    published.refuse_again(store, year)
    imported = imported_kinds(store, year)
    if not any(imported.values()):
        raise PublishedError(f"{year} 年度没有导入任何出勤、提案、社情民意或其他履职记录，不能审定。")
    if not imported["attendance"]:
        raise PublishedError(f"{year} 年度没有导入出勤记录，不能审定：审定的结果会用于以后年度的连续不称职预警，"
                             "请先导入该年度的出勤登记。")
    rules = rules_for_year(store, year)
    result = compute_year(store, year, rules)
    if result.scores.empty:
        raise PublishedError(f"{year} 年度没有参加考评的委员（名册中没有该年度在任的委员），不能审定。")
    scores, provenance = frozen_rows(result, member_counts(store, result))
    pub = Publication(year=year, published_at=datetime.now().replace(microsecond=0), published_by=by,
                      shown_by=by, note=(note or "").strip(), rules_toml=rules.toml, term=result.term,
                      batch_ids=tuple(published.active_batches(store)), imported=imported)
    published.write(store, pub, scores, provenance)
    return published.publication(store, year)


def unpublish_year(store: Store, year: int, by: str, reason: str, role: str = "admin") -> None:
    """撤销审定 ``year`` with a reason (required): its results follow the records again."""
    _check_role(role)
    published.withdraw(store, year, by, reason)


def status_text(store: Store, year: int) -> str:
    """已审定（date who） or 未审定（结果随导入变化） for a year."""
    pub = published.publication(store, year)
    return pub.badge if pub is not None else UNPUBLISHED_TEXT
