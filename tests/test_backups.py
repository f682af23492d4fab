"""Backups: a snapshot before every import that writes, every undo and every rule-set
save; the last N kept; a restore brings back exactly the state of the snapshot, and is
itself undoable. Real DuckDB files, and cli.py as a user runs it."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from data import backup, schema
from data.importer import import_file, undo_batch
from data.store import Store
from metrics.rules import default_rules, save_rule_set
from tests.conftest import ROOT, SAMPLE, write_xlsx

ROSTER = SAMPLE / "委员名册.xlsx"
PROPOSALS = SAMPLE / "2025年提案目录.xlsx"


def read_closed(path, what):
    """``what(store)`` of a database file opened for this and closed again."""
    s = Store(path)
    try:
        return what(s)
    finally:
        s.close()


def contents_at(path) -> dict:
    return read_closed(path, Store.table_contents)


def contents_of(snapshot: backup.Snapshot, tmp_path) -> dict:
    """What a snapshot holds, read from a copy (opening a file may migrate it)."""
    copy = tmp_path / f"look-{snapshot.number}.duckdb"
    shutil.copyfile(snapshot.path, copy)
    return contents_at(copy)


def without_restores(contents: dict) -> dict:
    """The contents but the audit rows of restores (a restore records itself)."""
    return {**contents, "audit_log": [r for r in contents["audit_log"] if r[3] != "restore"]}


def files_of(snapshots: list[backup.Snapshot]) -> list[str]:
    """The names a list of snapshots should leave in the folder: each file and its note."""
    return sorted(n for s in snapshots for n in (s.path.name, s.path.with_suffix(".json").name))


def files_in_backup_dir(db) -> list[str]:
    return sorted(p.name for p in backup.backup_dir(db).iterdir())


def cli(*args, db, answer: str | None = None):
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), *map(str, args), "--db", str(db)],
                          input=answer, capture_output=True, text=True, cwd=ROOT, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


# -- when snapshots are taken -------------------------------------------------------------
def test_import_that_writes_takes_a_snapshot_of_the_state_before(store, tmp_path):
    empty = store.table_contents()
    assert import_file(store, ROSTER, user="张三").status == "imported"
    before_proposals = store.table_contents()
    assert import_file(store, PROPOSALS, user="张三").status == "imported"
    first, second = backup.snapshots(store.path)
    assert (first.number, first.action, first.user) == (1, "import", "张三")
    assert "委员名册.xlsx" in first.reason and "2025年提案目录.xlsx" in second.reason
    assert first.path.parent == tmp_path / "backups" / "test"
    assert contents_of(first, tmp_path) == empty
    assert contents_of(second, tmp_path) == before_proposals


def test_rejected_empty_and_unchanged_imports_take_no_snapshot(store, tmp_path):
    import_file(store, ROSTER)
    bad = write_xlsx(tmp_path / "2025年活动.xlsx", {"出勤": [["活动名称", "日期", "姓名", "出勤"],
                                                            ["视察", "上周五", "王刚", "出席"]]})
    blank = write_xlsx(tmp_path / "2025年空表.xlsx", {"出勤": [["活动名称", "日期", "姓名", "出勤"]]})
    assert import_file(store, bad).status == "rejected"
    assert import_file(store, blank).status in ("empty", "rejected")
    assert import_file(store, ROSTER).status == "unchanged"
    assert [s.number for s in backup.snapshots(store.path)] == [1]


def test_undo_and_rule_save_take_a_snapshot_of_the_state_before(store, tmp_path):
    import_file(store, ROSTER)
    import_file(store, PROPOSALS)
    before_undo = store.table_contents()
    undo_batch(store, 2, user="李四")
    before_rules = store.table_contents()
    save_rule_set(store, 2025, default_rules(), "王五")
    *_, undo, rules = backup.snapshots(store.path)
    assert (undo.action, undo.user) == ("undo", "李四") and "批次 #2" in undo.reason
    assert (rules.action, rules.user) == ("rules", "王五") and "2025" in rules.reason
    assert contents_of(undo, tmp_path) == before_undo
    assert contents_of(rules, tmp_path) == before_rules


def test_only_the_last_n_snapshots_are_kept(store, monkeypatch):
    monkeypatch.setenv(backup.KEEP_ENV, "3")
    for year in range(2020, 2026):
        save_rule_set(store, year, default_rules(), "t")
    kept = backup.snapshots(store.path)
    assert [s.number for s in kept] == [4, 5, 6]
    assert "2025" in kept[-1].reason
    assert files_in_backup_dir(store.path) == files_of(kept)


@pytest.mark.parametrize("keep", ["0", "-1", "许多"])
def test_a_bad_keep_setting_refuses_the_write(store, monkeypatch, keep):
    monkeypatch.setenv(backup.KEEP_ENV, keep)
    before = store.table_contents()
    with pytest.raises(backup.BackupError, match=backup.KEEP_ENV):
        import_file(store, ROSTER)
    assert store.table_contents() == before and backup.snapshots(store.path) == []


def test_a_failed_snapshot_stops_the_write(store):
    import_file(store, ROSTER)
    before, revision = store.table_contents(), store.revision()
    folder = backup.backup_dir(store.path)
    shutil.rmtree(folder)
    folder.write_text("不是目录")
    with pytest.raises(backup.BackupError, match="备份失败.*没有执行"):
        import_file(store, PROPOSALS)
    with pytest.raises(backup.BackupError):
        undo_batch(store, 1)
    with pytest.raises(backup.BackupError):
        save_rule_set(store, 2025, default_rules(), "t")
    assert store.table_contents() == before and store.revision() == revision


def test_an_interrupted_snapshot_leaves_no_snapshot_and_is_cleared(store, monkeypatch):
    import_file(store, ROSTER)

    def crash(partial, final):
        raise OSError("磁盘已满")

    monkeypatch.setattr(backup, "_publish", crash)
    with pytest.raises(backup.BackupError, match="磁盘已满"):
        import_file(store, PROPOSALS)
    assert files_in_backup_dir(store.path) == files_of(backup.snapshots(store.path)[:1])
    monkeypatch.undo()
    assert import_file(store, PROPOSALS).status == "imported"
    assert [s.number for s in backup.snapshots(store.path)] == [1, 2]


# -- restoring ----------------------------------------------------------------------------
@pytest.fixture
def history(tmp_path):
    """A database file with roster, proposals, an undo and a rule save, closed; returns
    (path, contents before the proposals were imported)."""
    path = tmp_path / "office.duckdb"
    s = Store(path)
    import_file(s, ROSTER)
    before_proposals = s.table_contents()
    import_file(s, PROPOSALS)
    undo_batch(s, 2)
    import_file(s, PROPOSALS)
    save_rule_set(s, 2025, default_rules(), "t")
    s.close()
    return path, before_proposals


def test_restore_brings_back_exactly_the_snapshot_and_can_be_undone(history):
    path, before_proposals = history
    latest, revision = contents_at(path), read_closed(path, Store.revision)
    done = backup.restore(path, 2, "管理员")
    restored = contents_at(path)
    assert without_restores(restored) == before_proposals
    assert [r[2:5] for r in restored["audit_log"] if r[3] == "restore"] == [("管理员", "restore", "备份 #2")]
    assert done.before.reason == "恢复备份 #2 之前" and read_closed(path, Store.revision) > revision
    backup.restore(path, done.before.number, "管理员")
    assert without_restores(contents_at(path)) == latest


def test_a_snapshot_of_an_older_schema_is_migrated_on_restore(history, monkeypatch):
    path, before_proposals = history
    newer = (*schema.MIGRATIONS, "ALTER TABLE members ADD COLUMN photo VARCHAR;")
    monkeypatch.setattr("data.store.MIGRATIONS", newer)
    backup.restore(path, 2, "管理员")
    restored = Store(path)
    try:
        assert restored.schema_version() == len(newer) and "photo" in restored.columns("members")
        assert restored.record_counts()["members"] == len(before_proposals["members"])
    finally:
        restored.close()


def test_cli_lists_backups_and_restores_only_when_confirmed(history):
    path, before_proposals = history
    latest = contents_at(path)
    code, out = cli("backups", db=path)
    assert code == 0 and "导入「2025年提案目录.xlsx」之前" in out and "撤销批次 #2" in out and "编号" in out
    count = len(backup.snapshots(path))
    for answer in ("", "no\n", "y\n"):
        code, out = cli("restore", 2, db=path, answer=answer)
        assert code == 1 and "已取消" in out
    assert contents_at(path) == latest and len(backup.snapshots(path)) == count
    code, out = cli("restore", 2, db=path, answer="是\n")
    assert code == 0 and "已恢复为备份 #2" in out
    assert without_restores(contents_at(path)) == before_proposals
    undo_restore = backup.snapshots(path)[-1].number
    code, out = cli("restore", undo_restore, "--yes", db=path)
    assert code == 0 and without_restores(contents_at(path)) == latest


def test_cli_restore_of_a_missing_number_is_refused(history):
    path, _ = history
    code, out = cli("restore", 99, "--yes", db=path)
    assert code == 1 and "没有编号为 99 的备份" in out
    assert cli("restore", "abc", db=path)[0] == 2


def test_restore_is_refused_while_another_process_holds_the_file(history):
    path, _ = history
    latest = contents_at(path)
    count = len(backup.snapshots(path))
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from data.store import Store; s = Store(sys.argv[1]); "
                               "print('ready', flush=True); sys.stdin.read()", str(path)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        code, out = cli("restore", 2, "--yes", db=path)
        assert code == 1 and "正被另一个程序" in out and f"进程号 {holder.pid}" in out and "请先停止看板" in out
        assert "Traceback" not in out
    finally:
        holder.communicate("", timeout=60)
    assert contents_at(path) == latest and len(backup.snapshots(path)) == count
    assert not list(path.parent.glob(".*restoring*"))
