"""The audit log: who changed what, and when. A change records itself with ``record``
inside its own write transaction, so the change and its audit row are committed together
or not at all. Rows younger than ``MIN_KEEP_DAYS`` are never pruned."""
from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from data.store import Store

ACTIONS: dict[str, str] = {
    "import": "导入",
    "undo": "撤销导入",
    "restore": "恢复备份",
    "resolve": "姓名匹配",
    "teach": "导入词表（新增）",
    "forget": "导入词表（删除）",
    "rule_save": "保存规则",
    "adjustment": "加减分",
    "user_add": "新增用户",
    "user_update": "修改用户",
    "user_disable": "停用用户",
    "password_reset": "重置密码",
    "password_change": "修改密码",
    "sign_in": "登录",
    "sign_out": "退出登录",
    "export": "导出",
    "doc_template": "公文模板",
    "publish": "审定年度结果",
    "unpublish": "撤销审定",
    "sign_in_failed": "登录失败",
    "locked": "账号锁定",
    "prune": "清理日志",
}

MIN_KEEP_DAYS = 180
DEFAULT_KEEP_DAYS = 3 * 365


def record(cur, username: str, action: str, object: str, detail: str = "",
           at: datetime | None = None) -> None:
    """Add one audit row on ``cur`` — the cursor of the write transaction that makes the
    change, so both commit or roll back together. Never pass a password here."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    cur.execute('INSERT INTO audit_log ("at", username, action, object, detail) VALUES (?, ?, ?, ?, ?)',
                [at or datetime.now(), username or "", action, str(object or ""), str(detail or "")])


def audit_export(store: Store, username: str, what: str, detail: str = "") -> None:
    """Record an export (a download or a file written): a write of its own, which changes
    no scored data."""
    with store.write(changes_data=False) as cur:
        record(cur, username, "export", what, detail)


def audit_rows(store: Store, since: datetime | None = None, until: datetime | None = None,
               username: str | None = None, action: str | None = None) -> pd.DataFrame:
    """Audit rows, newest first, with the action's Chinese label (``action_label``);
    ``since``/``until`` bound ``at`` (inclusive)."""
    where, params = [], []
    for clause, value in (('"at" >= ?', since), ('"at" <= ?', until), ("username = ?", username),
                          ("action = ?", action)):
        if value is not None:
            where.append(clause)
            params.append(value)
    sql = 'SELECT audit_id, "at", username, action, object, detail FROM audit_log'
    if where:
        sql += " WHERE " + " AND ".join(where)
    df = store.df(sql + ' ORDER BY "at" DESC, audit_id DESC', params)
    df.insert(4, "action_label", [ACTIONS.get(a, a) for a in df["action"]])
    return df


def prune(store: Store, keep_days: int = DEFAULT_KEEP_DAYS, by: str = "cli",
          now: datetime | None = None) -> int:
    """Delete audit rows older than ``keep_days`` (never fewer than ``MIN_KEEP_DAYS``);
    returns how many went. The pruning is itself recorded when it deletes anything."""
    keep_days = max(int(keep_days), MIN_KEEP_DAYS)
    now = now or datetime.now()
    cutoff = now - timedelta(days=keep_days)
    if not store.scalar('SELECT count(*) FROM audit_log WHERE "at" < ?', [cutoff]):
        return 0
    with store.write() as cur:
        deleted = int(cur.execute('SELECT count(*) FROM audit_log WHERE "at" < ?', [cutoff]).fetchall()[0][0])
        cur.execute('DELETE FROM audit_log WHERE "at" < ?', [cutoff])
        record(cur, by, "prune", f"{cutoff:%Y-%m-%d %H:%M} 之前",
               f"删除 {deleted} 条审计记录（保留 {keep_days} 天）", at=now)
    return deleted
