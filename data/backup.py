"""Snapshots of the database before every change that could lose data (an import that
writes, an undo, a rule-set save, a restore), and restoring one of them.

A snapshot is a consistent copy of the last committed state: it is taken on the write
path (inside ``Store.write``, before the first change), so the held write lock keeps
every other writer out while DuckDB's ``COPY FROM DATABASE`` copies the committed data
into a new file; readers go on reading. The copy is written under a ``.partial`` name
and renamed when complete, so a crash never leaves a half snapshot that looks whole.
If a snapshot cannot be taken the caller's write does not go ahead (``BackupError``).

Snapshots live beside the database in ``backups/<database name>/`` as
``<number>-<time>-<action>.duckdb`` with a ``.json`` note (reason, user, time). Numbers
only grow, so ``restore N`` always means the same snapshot; the last ``keep_count()``
are kept (``LVZHI_BACKUPS_KEEP``, default 20) and older ones pruned."""
from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from data import audit
from data.accounts import sessions
from data import store as store_module
from data.store import Store

KEEP_ENV = "LVZHI_BACKUPS_KEEP"
DEFAULT_KEEP = 20
ACTIONS = {"import": "导入", "undo": "撤销", "rules": "规则", "restore": "恢复", "unpublish": "撤销审定"}
_NAME = re.compile(r"^(\d+)-")
_ALIAS = "lvzhi_snapshot"


class BackupError(RuntimeError):
    """A snapshot could not be taken or restored; the message is for the user."""


class DatabaseBusy(BackupError):
    """Another process holds the database file."""


@dataclass(frozen=True)
class Snapshot:
    number: int
    path: Path
    taken_at: datetime
    action: str
    reason: str
    user: str

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def describe(self) -> str:
        return f"备份 #{self.number}（{self.taken_at:%Y-%m-%d %H:%M:%S}，{self.reason}，{self.user}）"


@dataclass(frozen=True)
class Restored:
    restored: Snapshot
    before: Snapshot


# -- where and how many ----------------------------------------------------------------
def backup_dir(db: str | os.PathLike) -> Path:
    """The folder of a database's snapshots: ``backups/<name>/`` beside the file."""
    db = Path(db)
    return db.parent / "backups" / db.stem


def keep_count() -> int:
    """How many snapshots to keep: ``LVZHI_BACKUPS_KEEP`` (at least 1), default 20."""
    raw = os.environ.get(KEEP_ENV, "").strip()
    if not raw:
        return DEFAULT_KEEP
    if not raw.isdigit() or int(raw) < 1:
        raise BackupError(f"环境变量 {KEEP_ENV} 应为不小于 1 的整数（保留的备份个数），当前为「{raw}」")
    return int(raw)


def snapshots(db: str | os.PathLike) -> list[Snapshot]:
    """The complete snapshots of a database, oldest first."""
    return _snapshots_in(backup_dir(db))


def _snapshots_in(folder: Path) -> list[Snapshot]:
    if not folder.is_dir():
        return []
    found = [_snapshot_at(p) for p in folder.glob("*.duckdb") if _NAME.match(p.name)]
    return sorted(found, key=lambda s: s.number)


def find(db: str | os.PathLike, number: int) -> Snapshot:
    """The snapshot with this number, or ``BackupError`` naming the ones there are."""
    found = snapshots(db)
    for snap in found:
        if snap.number == number:
            return snap
    have = "、".join(f"#{s.number}" for s in found) or "无"
    raise BackupError(f"没有编号为 {number} 的备份（现有备份：{have}）")


def _snapshot_at(path: Path) -> Snapshot:
    number = int(_NAME.match(path.name).group(1))
    try:
        note = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        taken_at = datetime.fromisoformat(note["taken_at"])
    except (OSError, ValueError, KeyError):
        note, taken_at = {}, datetime.fromtimestamp(path.stat().st_mtime)
    return Snapshot(number, path, taken_at, note.get("action", ""), note.get("reason", "（说明缺失）"),
                    note.get("user", ""))


def _next_number(folder: Path) -> int:
    numbers = [int(m.group(1)) for p in folder.iterdir() if (m := _NAME.match(p.name))]
    return max(numbers, default=0) + 1


# -- taking one ------------------------------------------------------------------------
def snapshot(store: Store, action: str, reason: str, user: str) -> Snapshot:
    """Copy the last committed state of ``store`` into a new snapshot and prune old ones.
    Call it inside ``store.write()`` before the first change: the write lock keeps the
    state still. Raises ``BackupError`` (the caller's write must then not go ahead)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown backup action {action!r}")
    keep = keep_count()
    folder = backup_dir(store.path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)  # a folder made before owner-only files (store.owner_only)
        _remove_partials(folder)
        final = _take(store, folder, action, reason, user)
        _prune(folder, keep)
    except (OSError, duckdb.Error) as exc:
        if folder.is_dir():
            _remove_partials(folder)
        raise BackupError(f"写入前的备份失败（{exc}）。为防止数据丢失，本次操作没有执行，数据库未做任何更改。") from exc
    return _snapshot_at(final)


def _take(store: Store, folder: Path, action: str, reason: str, user: str) -> Path:
    """Copy, note, then rename into place; returns the snapshot's path."""
    taken_at = datetime.now()
    final = folder / f"{_next_number(folder):04d}-{taken_at:%Y%m%d-%H%M%S}-{action}.duckdb"
    partial = final.with_name(final.name + ".partial")
    _copy_database(store, partial)
    _write_note(final.with_suffix(".json"), action, reason, user, taken_at, store)
    _publish(partial, final)
    return final


def _copy_database(store: Store, target: Path) -> None:
    """COPY FROM DATABASE on this thread's cursor: its own read of the committed state."""
    cur = store.cursor()
    source = cur.execute("SELECT current_database()").fetchone()[0]
    cur.execute(f"ATTACH {_literal(target)} AS {_ALIAS}")
    try:
        cur.execute(f"COPY FROM DATABASE {_identifier(source)} TO {_ALIAS}")
    finally:
        cur.execute(f"DETACH {_ALIAS}")


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _write_note(path: Path, action: str, reason: str, user: str, taken_at: datetime, store: Store) -> None:
    note = {"action": action, "reason": reason, "user": user, "taken_at": taken_at.isoformat(),
            "database": str(store.path), "revision": store.revision(), "schema_version": store.schema_version()}
    path.write_text(json.dumps(note, ensure_ascii=False, indent=1), encoding="utf-8")


def _publish(partial: Path, final: Path) -> None:
    """The rename that makes a finished copy a snapshot (atomic: whole or absent)."""
    os.replace(partial, final)


def _remove_partials(folder: Path) -> None:
    """Leftovers of a snapshot interrupted by a crash: a copy never renamed, its note."""
    for path in folder.glob("*.partial*"):
        path.unlink(missing_ok=True)
    for note in folder.glob("*.json"):
        if not note.with_suffix(".duckdb").exists():
            note.unlink(missing_ok=True)


def _prune(folder: Path, keep: int) -> None:
    for old in _snapshots_in(folder)[:-keep]:
        old.path.with_suffix(".json").unlink(missing_ok=True)
        old.path.unlink(missing_ok=True)


# -- restoring -------------------------------------------------------------------------
def open_store(db: str | os.PathLike) -> Store:
    """The store of ``db`` for this process, or ``DatabaseBusy`` when another holds it."""
    try:
        return store_module.open_store(db)
    except store_module.FileHeld as held:
        raise DatabaseBusy(f"数据库文件 {db} 正被另一个程序{held.holder}使用，多半是正在运行的看板。"
                           "请先停止看板，再执行此命令。") from held


def restore(db: str | os.PathLike, number: int, user: str) -> Restored:
    """Replace the database file with snapshot ``number``. The current state is first
    saved as a snapshot of its own, so a restore can itself be undone. The restored file
    is migrated, audited and given a revision above the current one (no stale caches)."""
    db = Path(db)
    chosen = find(db, number)
    staged = db.with_name(f".{db.name}.restoring")
    shutil.copyfile(chosen.path, staged)
    try:
        store = open_store(db)
        try:
            with store.write(changes_data=False):
                before = snapshot(store, "restore", f"恢复备份 #{number} 之前", user)
            _prepare(staged, store.revision() + 1, user, chosen)
        finally:
            store.close()
        os.replace(staged, db)
    finally:
        staged.unlink(missing_ok=True)
    return Restored(chosen, before)


def _prepare(staged: Path, revision: int, user: str, chosen: Snapshot) -> None:
    """Bring the copy to the current schema, record the restore in its audit log and
    give it ``revision``."""
    restored = Store(staged)
    try:
        with restored.write(changes_data=False) as cur:
            cur.execute("UPDATE meta SET revision = ?, changed_at = ?", [revision, datetime.now()])
            audit.record(cur, user, "restore", f"备份 #{chosen.number}",
                         f"{chosen.reason}（{chosen.taken_at:%Y-%m-%d %H:%M:%S}）")
            sessions.end_all(cur, "恢复备份")  # the copy's sessions may have been ended since
    finally:
        restored.close()
