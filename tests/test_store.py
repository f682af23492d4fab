"""The store: migrations upgrade an older file, one connection per process and file,
cursors per thread, a write is all or nothing."""
from __future__ import annotations

import threading

import pytest

from data import schema
from data.importer import import_file
from data.store import Store, db_path


def test_init_creates_schema_and_is_idempotent(tmp_path):
    path = tmp_path / "a.duckdb"
    s = Store(path)
    assert s.schema_version() == len(schema.MIGRATIONS)
    assert s.migrate() == []
    s.close()
    s = Store(path)
    assert s.migrate() == []
    s.close()


def test_older_file_is_upgraded_and_keeps_its_data(tmp_path, monkeypatch, roster_file):
    path = tmp_path / "old.duckdb"
    old = Store(path)
    import_file(old, roster_file)
    before = old.record_counts()
    old.close()
    newer = (*schema.MIGRATIONS, "ALTER TABLE members ADD COLUMN photo VARCHAR;")
    monkeypatch.setattr("data.store.MIGRATIONS", newer)
    upgraded = Store(path)
    assert upgraded.schema_version() == len(newer)
    assert upgraded.record_counts() == before
    assert "photo" in [r[0] for r in upgraded.rows("DESCRIBE members")]
    upgraded.close()


def test_open_shares_one_store_per_file(tmp_path):
    a = Store.open(tmp_path / "x.duckdb")
    assert Store.open(tmp_path / "x.duckdb") is a
    assert Store.open(tmp_path / "y.duckdb") is not a
    a.close()


def test_db_path_precedence(monkeypatch):
    monkeypatch.delenv("LVZHI_DB", raising=False)
    assert str(db_path()) == "var/lvzhi.duckdb"
    monkeypatch.setenv("LVZHI_DB", "/tmp/e.duckdb")
    assert str(db_path()) == "/tmp/e.duckdb"
    assert str(db_path("/tmp/x.duckdb")) == "/tmp/x.duckdb"


def test_failed_write_rolls_back(store):
    before = store.table_contents()
    rev = store.revision()
    with pytest.raises(RuntimeError):
        with store.write() as cur:
            cur.execute("INSERT INTO name_aliases VALUES ('甲', '', 'A01', now(), 't')")
            raise RuntimeError("boom")
    assert store.table_contents() == before and store.revision() == rev


def test_threads_read_with_their_own_cursors_while_one_writes(with_roster):
    errors = []

    def reader():
        try:
            for _ in range(50):
                assert with_roster.scalar("SELECT count(*) FROM cur_members") == 6
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for i in range(10):
        with with_roster.write() as cur:
            cur.execute("INSERT INTO name_aliases VALUES (?, '', 'A01', now(), 't')", [f"别名{i}"])
    for t in threads:
        t.join()
    assert errors == []
    assert with_roster.scalar("SELECT count(*) FROM name_aliases") == 10
