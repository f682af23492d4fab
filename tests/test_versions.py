"""Re-imports, superseded versions, undo and pending names, on real files and a real
DuckDB file."""
from __future__ import annotations

import shutil

import pytest

from data import aliases
from data.importer import UndoError, import_file, undo_batch
from tests.conftest import write_xlsx

HEADER = ["活动名称", "日期", "姓名", "出勤"]


def attendance_file(tmp_path, name, rows):
    return write_xlsx(tmp_path / name, {"出勤": [HEADER, *rows]})


def statuses(store):
    return store.rows("SELECT member_id, status, batch_id FROM cur_attendance ORDER BY member_id")


def test_same_file_twice_changes_nothing_and_says_so(with_roster, tmp_path):
    path = attendance_file(tmp_path, "2025年活动.xlsx", [["视察", "2025-05-01", "王刚", "出席"]])
    first = import_file(with_roster, path)
    before = with_roster.table_contents()
    again = import_file(with_roster, path)
    assert again.status == "unchanged" and again.same_as == [first.batch_id]
    assert "已导入过" in again.summary() and f"#{first.batch_id}" in again.summary()
    assert with_roster.table_contents() == before


def test_same_content_under_another_file_name_is_its_own_batch(with_roster, tmp_path):
    rows = [["视察", "2025-05-01", "王刚", "出席"], ["视察", "2025-05-01", "李春", "请假"]]
    first = import_file(with_roster, attendance_file(tmp_path, "2025年活动.xlsx", rows))
    records = lambda: with_roster.rows("SELECT member_id, status FROM cur_attendance ORDER BY member_id")  # noqa: E731
    before = records()
    # other file name, other row order, other spellings of the same values
    resaved = [["视察", "2025/5/1", "李 春", "请假"], ["视察", "2025年5月1日", "王　刚", "出席"]]
    outcome = import_file(with_roster, attendance_file(tmp_path, "活动-副本.xlsx", resaved), year=2025)
    assert (outcome.status, outcome.new, outcome.changed, outcome.unchanged) == ("imported", 0, 0, 2)
    assert "新增 0 条，更新 0 条，未变 2 条" in outcome.summary()
    assert records() == before and with_roster.scalar("SELECT count(*) FROM attendance") == 2
    undo_batch(with_roster, first.batch_id)  # the copy still holds both records
    assert records() == before
    assert statuses(with_roster) == [("A01", "attend", outcome.batch_id), ("A02", "leave", outcome.batch_id)]


def test_changed_record_supersedes_and_old_version_is_kept(with_roster, tmp_path):
    first = import_file(with_roster, attendance_file(tmp_path, "a.xlsx", [["视察", "2025-05-01", "王刚", "缺席"],
                                                                           ["视察", "2025-05-01", "李春", "出席"]]))
    second = import_file(with_roster, attendance_file(tmp_path, "b.xlsx", [["视察", "2025-05-01", "王刚", "请假"],
                                                                            ["视察", "2025-05-01", "李春", "出席"]]))
    assert (second.new, second.changed, second.unchanged) == (0, 1, 1)
    assert statuses(with_roster) == [("A01", "leave", second.batch_id), ("A02", "attend", first.batch_id)]
    assert with_roster.rows("SELECT status, superseded_by FROM attendance WHERE member_id = 'A01' ORDER BY rec_id") == [
        ("absent", second.batch_id), ("leave", None)]


def test_undo_last_batch_restores_exact_state(with_roster, tmp_path):
    import_file(with_roster, attendance_file(tmp_path, "a.xlsx", [["视察", "2025-05-01", "王刚", "缺席"]]))
    before = with_roster.table_contents()
    second = import_file(with_roster, attendance_file(tmp_path, "b.xlsx", [["视察", "2025-05-01", "王刚", "请假"],
                                                                            ["调研", "2025-06-01", "李春", "出席"]]))
    undo_batch(with_roster, second.batch_id)
    log = {"batches", "batch_sheets", "audit_log"}  # the logs keep the undone batch, marked undone
    after = with_roster.table_contents()
    assert {k: v for k, v in after.items() if k not in log} == {k: v for k, v in before.items() if k not in log}
    assert with_roster.scalar("SELECT status FROM batches WHERE batch_id = ?", [second.batch_id]) == "undone"


def test_undo_older_batch_keeps_later_versions_and_relinks_history(with_roster, tmp_path):
    rows = lambda mark: [["视察", "2025-05-01", "王刚", mark]]  # noqa: E731
    b1 = import_file(with_roster, attendance_file(tmp_path, "1.xlsx", rows("缺席"))).batch_id
    b2 = import_file(with_roster, attendance_file(tmp_path, "2.xlsx", rows("请假"))).batch_id
    b3 = import_file(with_roster, attendance_file(tmp_path, "3.xlsx", rows("出席"))).batch_id
    undo_batch(with_roster, b2)
    assert statuses(with_roster) == [("A01", "attend", b3)]
    assert with_roster.rows("SELECT status, superseded_by FROM attendance ORDER BY rec_id") == [
        ("absent", b3), ("attend", None)]
    undo_batch(with_roster, b3)  # now the first version is current again
    assert statuses(with_roster) == [("A01", "absent", b1)]
    with pytest.raises(UndoError):
        undo_batch(with_roster, b3)
    with pytest.raises(UndoError):
        undo_batch(with_roster, 999)


def test_undo_then_reimport_counts_once(with_roster, tmp_path):
    path = attendance_file(tmp_path, "a.xlsx", [["视察", "2025-05-01", "王刚", "出席"]])
    b1 = import_file(with_roster, path).batch_id
    undo_batch(with_roster, b1)
    assert import_file(with_roster, path).status == "imported"
    assert import_file(with_roster, path).status == "unchanged"
    assert with_roster.scalar("SELECT count(*) FROM cur_attendance") == 1


def test_undo_of_proposals_removes_their_people(with_roster, tmp_path):
    path = write_xlsx(tmp_path / "2025年提案.xlsx", {"s": [["案由", "提案人", "联名人"], ["关于一", "王刚", "李春"]]})
    before = with_roster.table_contents()
    undo_batch(with_roster, import_file(with_roster, path).batch_id)
    after = with_roster.table_contents()
    assert after["proposals"] == before["proposals"] and after["proposal_people"] == before["proposal_people"]


def test_pending_resolve_and_alias_used_by_next_import(with_roster, tmp_path):
    first = import_file(with_roster, attendance_file(tmp_path, "a.xlsx", [["视察", "2025-05-01", "王钢", "出席"]]))
    assert first.pending == [("王钢", "")]
    pending = aliases.pending_names(with_roster)
    assert list(pending["name"]) == ["王钢"]
    assert pending["suggestions"][0][0].startswith("王刚（中共，A01）")
    assert with_roster.scalar("SELECT member_id FROM cur_attendance") is None
    aliases.resolve(with_roster, "王钢", "王刚")
    assert with_roster.scalar("SELECT member_id FROM cur_attendance") == "A01"
    assert aliases.pending_names(with_roster).empty
    second = import_file(with_roster, attendance_file(tmp_path, "b.xlsx", [["调研", "2025-06-01", "王钢", "出席"]]))
    assert second.pending == []
    assert with_roster.rows("SELECT member_id FROM attendance WHERE batch_id = ?", [second.batch_id]) == [("A01",)]


def test_resolve_ambiguous_name_by_sector_and_refuse_unknown_member(with_roster, tmp_path):
    import_file(with_roster, write_xlsx(tmp_path / "2025年.xlsx", {"s": [["姓名", "界别", "3月5日 视察"],
                                                                          ["赵敏", "工会", "到"]]}))
    assert list(aliases.pending_names(with_roster)[["name", "sector_hint"]].itertuples(index=False)) == [("赵敏", "工会")]
    with pytest.raises(aliases.ResolveError, match="2 位"):
        aliases.resolve(with_roster, "赵敏", "赵敏", "工会")
    with pytest.raises(aliases.ResolveError, match="没有"):
        aliases.resolve(with_roster, "赵敏", "孙悟空", "工会")
    aliases.resolve(with_roster, "赵敏", "A06", "工会")
    assert with_roster.scalar("SELECT member_id FROM cur_attendance") == "A06"


def test_roster_reimport_updates_member_and_keeps_old_version(store, roster_file, tmp_path):
    import_file(store, roster_file)
    changed = tmp_path / "名册-更新.xlsx"
    shutil.copy(roster_file, changed)
    import openpyxl
    wb = openpyxl.load_workbook(changed)
    wb.active["G3"] = "常委"  # 王刚 becomes 常委
    wb.save(changed)
    outcome = import_file(store, changed)
    assert (outcome.new, outcome.changed) == (0, 1)
    assert store.scalar("SELECT is_standing FROM cur_members WHERE member_id = 'A01'") is True
    assert store.scalar("SELECT count(*) FROM members WHERE member_id = 'A01'") == 2


def test_roster_imported_after_activity_resolves_pending_names(store, roster_file, tmp_path):
    rows = [["视察", "2025-05-01", "王刚", "出席"], ["视察", "2025-05-01", "赵敏", "出席"]]
    outcome = import_file(store, attendance_file(tmp_path, "a.xlsx", rows))
    assert outcome.pending == [("王刚", ""), ("赵敏", "")]
    import_file(store, roster_file)
    # 王刚 is now the one member of that name; 赵敏 stays pending (two members of that name)
    assert store.rows("SELECT name, member_id FROM cur_attendance ORDER BY name") == [("王刚", "A01"), ("赵敏", None)]
    assert list(aliases.pending_names(store)["name"]) == ["赵敏"]
