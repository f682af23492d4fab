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


# Database columns as the pages show them.
COLUMN_LABELS: dict[str, str] = {
    "member_id": "委员编号", "code": "编号", "name": "姓名", "raw_name": "原始姓名", "sector": "界别",
    "term": "届次", "gender": "性别", "ethnicity": "民族", "birth": "出生年月", "party": "党派", "title": "职务", "title_text": "其他职务",
    "is_standing": "常委", "committee": "专委会", "activity_group": "界别活动组", "liaison_group": "委员联络组",
    "work_unit": "工作单位及职务", "nominator": "推荐单位", "status": "状态", "change_date": "变动日期", "phone": "手机", "note": "备注",
    "sector_hint": "所填界别", "event_key": "活动标识", "event_date": "活动日期", "event_name": "活动名称",
    "category": "类别", "organizer": "组织单位", "mark": "出勤标记", "layout": "表格样式", "year": "年度",
    "number": "提案号", "subject": "案由", "proposer": "提案人", "cosigners": "联名人", "writers": "主笔人",
    "form": "形式", "outcome": "立案情况", "filed": "立案", "is_key": "重点", "is_excellent": "优秀",
    "is_collective": "集体提案", "submit_date": "提交日期", "handler": "承办单位", "result": "办理结果",
    "position": "顺序", "role": "角色", "source_column": "来源列", "issue": "期号", "authors": "报送人",
    "adoption": "采用层级", "adoption_text": "采用情况", "instruction": "批示层级", "instruction_text": "批示情况",
    "speech_date": "发言日期", "meeting": "会议", "topic": "题目", "submitted": "已提交", "duty_group": "计分组",
    "duty_date": "日期", "content": "内容", "level": "级别", "points": "分值", "reason": "事由", "approver": "批准",
    "adj_date": "日期", "batch_id": "批次", "source_file": "来源文件", "sheet": "工作表", "row_no": "行号",
}


def is_empty(store: Store) -> bool:
    return not store.scalar("SELECT count(*) FROM cur_members")


def last_import(store: Store):
    """When the newest active batch was imported, or None."""
    return store.scalar("SELECT max(imported_at) FROM batches WHERE status = 'active'")


# A child table's records belong to the year of their parent (a 提案人 to the 提案's year).
PARENT_TABLES: dict[str, str] = {"proposal_people": "proposals", "sqmy_authors": "sqmy"}
HIDDEN_COLUMNS = frozenset({"rec_id", "identity", "content_hash", "superseded_by", "name_key", "sector_key",
                            "code_hint"})
PROVENANCE_COLUMNS = ("batch_id", "source_file", "sheet", "row_no")


def has_year(table: str) -> bool:
    """Whether a record table's rows belong to a year (the roster's do not)."""
    return table != "members"


def _where(table: str, year: int | None, source_file: str | None = None) -> tuple[str, list]:
    """The rows of ``year`` (a child's by its parent's year) and of one file, as SQL."""
    clauses, params = [], []
    if year is not None and has_year(table):
        if table in PARENT_TABLES:
            clauses.append(f"rec_id IN (SELECT rec_id FROM cur_{PARENT_TABLES[table]} WHERE year = ?)")
        else:
            clauses.append("year = ?")
        params.append(year)
    if source_file is not None and table not in PARENT_TABLES:
        clauses.append("source_file = ?")
        params.append(source_file)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _checked(table: str) -> str:
    if table not in RECORD_TABLES:
        raise ValueError(table)
    return table


def record_count(store: Store, table: str, year: int | None = None, source_file: str | None = None) -> int:
    """How many current records a table holds (of ``year``, where its rows have one; of one file)."""
    where, params = _where(_checked(table), year, source_file)
    return int(store.scalar(f"SELECT count(*) FROM cur_{table} {where}", params))


def source_files(store: Store, table: str, year: int | None = None) -> list[str]:
    """The files a table's current records of ``year`` came from (none for a child table)."""
    if _checked(table) in PARENT_TABLES:
        return []
    where, params = _where(table, year)
    return [f for (f,) in store.rows(f"SELECT DISTINCT source_file FROM cur_{table} {where} ORDER BY 1", params)]


def current_records(store: Store, table: str, year: int | None = None, limit: int = 5000,
                    source_file: str | None = None) -> pd.DataFrame:
    """Current versions of one record table (of ``year`` where its rows have one; of one
    file), in the order they were read, provenance columns last; database column names."""
    where, params = _where(_checked(table), year, source_file)
    df = store.df(f"SELECT * FROM cur_{table} {where} ORDER BY rec_id LIMIT ?", [*params, limit])
    tail = [c for c in PROVENANCE_COLUMNS if c in df.columns]
    return df[[c for c in df.columns if c not in HIDDEN_COLUMNS and c not in tail] + tail]
