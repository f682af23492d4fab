"""What the office taught the importer, kept in the database: the meaning of its own
words in coded columns, its columns mapped to fields, the category of an event and the
first year of a term. Every answer is audited, listed and removable; the importer reads
them all into one ``Knowledge`` before it reads a file."""
from __future__ import annotations

from datetime import datetime

import pandas as pd

from data import audit
from data.store import Store
from reading import normalize as nz
from reading import vocab
from reading.knowledge import COLUMN, EVENT, FILE_YEAR, TERM, Knowledge, column_written, describe
from reading.values import DOMAINS, key_of

TEACHABLE = (*DOMAINS, COLUMN, EVENT, TERM, FILE_YEAR)


class TeachError(ValueError):
    pass


def knowledge(store: Store) -> Knowledge:
    """Everything taught, as the reader takes it."""
    return Knowledge.from_rows(store.rows("SELECT domain, written, meaning FROM taught"))


def taught_table(store: Store) -> pd.DataFrame:
    df = store.df("SELECT domain, written, meaning, shown, created_at, created_by FROM taught "
                  "ORDER BY domain, written")
    return df


def check(domain: str, written: str, meaning: str) -> tuple[str, str, str]:
    """The entry as stored (written as a lookup key), or ``TeachError`` saying what is wrong."""
    if domain not in TEACHABLE:
        raise TeachError(f"未知的类别「{domain}」，应为：{'、'.join(TEACHABLE)}")
    if domain == COLUMN:
        field = meaning.strip()
        if field not in {c.field for c in vocab.COLUMNS}:
            raise TeachError(f"未知的字段「{field}」，应为：{'、'.join(sorted({c.field for c in vocab.COLUMNS}))}")
        return domain, _column_key(written), field
    if domain in (TERM, FILE_YEAR):
        if not meaning.strip().isdigit() or not 1949 <= int(meaning) <= 2100:
            what = "届次的第一年" if domain == TERM else "文件的年度"
            raise TeachError(f"{what}应为四位年份，如 2023（而不是「{meaning}」）")
        return domain, _as_stored(domain, written), meaning.strip()
    if domain == EVENT:
        if meaning not in vocab.category_names().values():
            raise TeachError(f"未知的活动类别「{meaning}」")
        return domain, written.strip(), vocab.category_names()[meaning]
    meanings = vocab.VALUES[domain].get("meanings")
    if meanings is not None and meaning not in meanings:
        raise TeachError(f"「{vocab.VALUES[domain]['label']}」的含义应为：{'、'.join(k or '（空）' for k in meanings)}")
    if domain == "category" and meaning not in vocab.category_names().values():
        meaning = vocab.category_names().get(meaning, "")
        if not meaning:
            raise TeachError("活动类别应为：" + "、".join(n for _, n, _ in vocab.EVENT_CATEGORIES))
    return domain, key_of(written), meaning


def _as_stored(domain: str, written: str) -> str:
    """A term or a file's name and title as kept: the file's as the question wrote it (NFKC)."""
    return nz.text(written) if domain == FILE_YEAR else written.strip()


def _column_key(written: str) -> str:
    """'SHEET:列名' or '列名' (any sheet) as a column mapping is stored."""
    sheet, _, label = written.partition(":") if ":" in written else ("*", "", written)
    return column_written(sheet.strip() or "*", label)


def teach(store: Store, entries: list[tuple[str, str, str]], user: str = "cli") -> int:
    """Remember answers (domain, written, meaning); a later answer for the same written
    value replaces the earlier one. Returns how many were new or changed."""
    checked = [(*check(d, w, m), w) for d, w, m in entries]
    changed = 0
    with store.write() as cur:
        for domain, key, meaning, shown in checked:
            before = cur.execute("SELECT meaning FROM taught WHERE domain = ? AND written = ?",
                                 [domain, key]).fetchall()
            if before and before[0][0] == meaning:
                continue
            cur.execute("DELETE FROM taught WHERE domain = ? AND written = ?", [domain, key])
            cur.execute("INSERT INTO taught VALUES (?, ?, ?, ?, ?, ?)",
                        [domain, key, meaning, shown, datetime.now(), user])
            audit.record(cur, user, "teach", describe(domain, key, meaning),
                         f"原为 {before[0][0]}" if before else "")
            changed += 1
    return changed


def forget(store: Store, domain: str, written: str, user: str = "cli") -> bool:
    """Remove one answer; the question comes back for the next file that needs it."""
    key = _as_stored(domain, written) if domain in (COLUMN, EVENT, TERM, FILE_YEAR) else key_of(written)
    if domain == COLUMN and "|" not in key:
        key = _column_key(written)
    with store.write() as cur:
        found = cur.execute("SELECT meaning FROM taught WHERE domain = ? AND written = ?", [domain, key]).fetchall()
        if not found:
            return False
        cur.execute("DELETE FROM taught WHERE domain = ? AND written = ?", [domain, key])
        audit.record(cur, user, "forget", describe(domain, key, found[0][0]), "")
    return True


def terms_to_set(store: Store) -> list[str]:
    """届次 on the roster whose first year the office has not given yet (a title such as
    «十届三次会议» can only be dated once it has)."""
    given = {w for (w,) in store.rows("SELECT written FROM taught WHERE domain = ?", [TERM])}
    return [t for (t,) in store.rows("SELECT DISTINCT term FROM cur_members ORDER BY term")
            if t and t != "本届" and t not in given]
