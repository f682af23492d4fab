"""The database, its WAL and its snapshots hold password hashes and phone numbers: they are
created owner-only, and a database file found readable by others is made owner-only on open
(issue 14, item 5). POSIX file modes: skipped on Windows only."""
from __future__ import annotations

import os
import stat
import sys

import pytest

from data.backup import backup_dir
from data.importer import import_file
from data.store import Store
from tests.conftest import ROSTER_HEADER, ROSTER_ROWS, write_xlsx

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_database_wal_and_snapshots_are_owner_only(tmp_path):
    os.umask(0o022)  # as a login shell leaves it
    db = tmp_path / "var" / "lvzhi.duckdb"
    store = Store(db)
    try:
        roster = write_xlsx(tmp_path / "委员名册.xlsx", {"名册": [ROSTER_HEADER, *ROSTER_ROWS]})
        assert import_file(store, roster).status == "imported"
        wal = db.with_name(db.name + ".wal")
        for path in [db, *([wal] if wal.exists() else [])]:
            assert mode(path) == 0o600, path
        folder = backup_dir(db)
        assert mode(folder) == 0o700 and mode(folder.parent) == 0o700
        snapshots = list(folder.iterdir())
        assert snapshots and all(mode(p) == 0o600 for p in snapshots), [(p.name, oct(mode(p))) for p in snapshots]
    finally:
        store.close()


def test_a_database_readable_by_others_is_made_owner_only_when_opened(tmp_path):
    db = tmp_path / "old.duckdb"
    Store(db).close()
    db.chmod(0o644)
    store = Store(db)
    try:
        assert mode(db) == 0o600
    finally:
        store.close()
