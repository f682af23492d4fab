"""Read-only questions the pages ask of the store (the pages hold no SQL)."""
from __future__ import annotations

import pandas as pd

from data.schema import RECORD_TABLES
from data.store import Store

TABLE_LABELS: dict[str, str] = {
    "members": "委员名册",
    "attendance": "出勤记录",
    "proposals": "提案",
    "proposal_people": "提案人",
    "sqmy": "社情民意",
    "sqmy_authors": "社情民意作者",
    "speeches": "大会发言",
    "reports": "履职报告",
    "other_duties": "其他履职",
    "adjustments": "加减分",
}


def is_empty(store: Store) -> bool:
    return not store.scalar("SELECT count(*) FROM cur_members")


def last_import(store: Store):
    """When the newest active batch was imported, or None."""
    return store.scalar("SELECT max(imported_at) FROM batches WHERE status = 'active'")


def current_records(store: Store, table: str, limit: int = 5000) -> pd.DataFrame:
    """Current versions of one record table, provenance columns last."""
    if table not in RECORD_TABLES:
        raise ValueError(table)
    df = store.df(f"SELECT * FROM cur_{table} LIMIT ?", [limit])
    tail = [c for c in ("batch_id", "source_file", "sheet", "row_no") if c in df.columns]
    hidden = {"rec_id", "identity", "content_hash", "superseded_by"}
    return df[[c for c in df.columns if c not in hidden and c not in tail] + tail]
