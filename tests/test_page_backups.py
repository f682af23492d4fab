"""The office pages when the backup before a write cannot be taken: the import, the undo
and the rule save each say why in Chinese and write nothing; and files uploaded
together with their roster import with every name matched."""
from __future__ import annotations

import pytest

from data import backup
from data.importer import import_file
from data.store import Store
from tests.apptest_util import open_page, rerun
from tests.conftest import SAMPLE, write_xlsx
from tests.test_page_office import XLSX, open_rules_as_text, rule_text, texts

pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="no sample city")


@pytest.fixture
def no_backups(monkeypatch):
    """Backups that cannot be taken (a keep setting the store refuses)."""
    monkeypatch.setenv(backup.KEEP_ENV, "0")


def test_import_without_a_backup_writes_nothing_and_says_why(empty_app_db, no_backups):
    at = open_page("import_files")
    at.file_uploader[0].upload("委员名册.xlsx", (SAMPLE / "委员名册.xlsx").read_bytes(), XLSX)
    rerun(at)
    at.button(key="import_button").click()
    rerun(at)
    said = texts(at.error)
    assert "「委员名册.xlsx」未导入" in said and backup.KEEP_ENV in said
    store = Store.open(empty_app_db)
    assert store.scalar("SELECT count(*) FROM batches") == 0 and store.record_counts()["members"] == 0


def test_undo_without_a_backup_keeps_the_batch(empty_app_db, monkeypatch):
    store = Store.open(empty_app_db)
    import_file(store, SAMPLE / "委员名册.xlsx")
    before = store.table_contents()
    monkeypatch.setenv(backup.KEEP_ENV, "0")
    at = open_page("import_files")
    at.checkbox(key="undo_confirm_1").check()
    rerun(at)
    at.button(key="undo_button").click()
    rerun(at)
    assert backup.KEEP_ENV in texts(at.error)
    assert store.table_contents() == before


def test_rule_save_without_a_backup_saves_nothing(demo_app_db, no_backups):
    at = open_rules_as_text(rule_text(**{"lead_filed = 15": "lead_filed = 30"}))
    at.button(key="save_rules").click()
    rerun(at)
    assert backup.KEEP_ENV in texts(at.error)
    assert Store.open(demo_app_db).scalar("SELECT count(*) FROM rule_sets") == 0


def test_files_uploaded_before_their_roster_match_its_names(empty_app_db):
    at = open_page("import_files")
    for name in ("2025年提案目录.xlsx", "委员名册.xlsx"):
        at.file_uploader[0].upload(name, (SAMPLE / name).read_bytes(), XLSX)
    rerun(at)
    at.button(key="import_button").click()
    rerun(at)
    done = texts(at.success)
    assert "「委员名册.xlsx」已导入为批次 #1" in done
    assert "「2025年提案目录.xlsx」已导入为批次 #2" in done and "待匹配姓名 0 个" in done
    store = Store.open(empty_app_db)
    assert store.scalar("SELECT sum(pending) FROM batches") == 0
