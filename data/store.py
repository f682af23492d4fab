"""The DuckDB store: one connection per process and database file, a cursor per thread,
and a single serialised write path (``Store.write``) in which every change happens."""
from __future__ import annotations

import os
import re
import threading
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterator

import duckdb
import pandas as pd

from data.schema import MIGRATIONS, RECORD_TABLES, VIEWS

DEFAULT_DB = "var/lvzhi.duckdb"
OWNER_ONLY_UMASK = 0o077  # files and folders this process creates are its user's alone
OWNER_ONLY_FILE = 0o600


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database path: the argument, else ``LVZHI_DB``, else ``var/lvzhi.duckdb``."""
    return Path(explicit or os.environ.get("LVZHI_DB") or DEFAULT_DB)


class FileHeld(RuntimeError):
    """Another process holds the database file (DuckDB lets one process open it to write)."""

    def __init__(self, path: Path, pid: str | None):
        super().__init__(f"{path} is held by another process (PID {pid})")
        self.path, self.pid = path, pid

    @property
    def holder(self) -> str:
        return f"（进程号 {self.pid}）" if self.pid else ""


def open_store(path: str | os.PathLike | None = None) -> "Store":
    """``Store.open``, or ``FileHeld`` naming the process that holds the file."""
    try:
        return Store.open(path)
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        pid = re.search(r"PID (\d+)", str(exc))
        raise FileHeld(db_path(path), pid.group(1) if pid else None) from exc


def owner_only(path: Path) -> None:
    """The database, its WAL and its snapshots hold password hashes and phone numbers: from
    now on what this process creates is its user's alone (the umask, process-wide), and the
    database and WAL already there are made so too."""
    os.umask(OWNER_ONLY_UMASK)
    for existing in (path, path.with_name(path.name + ".wal")):
        if existing.exists():
            existing.chmod(OWNER_ONLY_FILE)


class Store:
    """A database file held by this process. Use ``Store.open`` to share one per path."""

    _open: dict[Path, "Store"] = {}
    _open_lock = threading.Lock()

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        owner_only(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._con = duckdb.connect(str(self.path))
        self._write_lock = threading.RLock()
        self._local = threading.local()
        self.migrate()

    @classmethod
    def open(cls, path: str | os.PathLike | None = None) -> "Store":
        resolved = db_path(path).resolve()
        with cls._open_lock:
            store = cls._open.get(resolved)
            if store is None:
                store = cls._open[resolved] = cls(resolved)
            return store

    def close(self) -> None:
        with Store._open_lock:
            Store._open.pop(self.path.resolve(), None)
        self._con.close()

    # -- reading -------------------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor; reads never block on one another."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._local.cursor = self._con.cursor()
        return cur

    def df(self, sql: str, params: list | tuple | None = None) -> pd.DataFrame:
        return self.cursor().execute(sql, params or []).df()

    def rows(self, sql: str, params: list | tuple | None = None) -> list[tuple]:
        return self.cursor().execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: list | tuple | None = None):
        rows = self.cursor().execute(sql, params or []).fetchall()
        return rows[0][0] if rows else None

    # -- writing -------------------------------------------------------------------
    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._write_lock:
            cur = self._con.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            finally:
                cur.close()

    @contextmanager
    def write(self, changes_data: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction on the single write path: committed whole or not at all. A write
        that changes no scored data (an audit row of an export, sign-in bookkeeping) passes
        ``changes_data=False`` and leaves the revision — and so every cache — as it is."""
        with self._transaction() as cur:
            yield cur
            if changes_data:
                cur.execute("UPDATE meta SET revision = revision + 1, changed_at = ?", [datetime.now()])

    def revision(self) -> int:
        """A number that changes with every committed write (for caches)."""
        return int(self.scalar("SELECT revision FROM meta"))

    # -- schema --------------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self._con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchall()[0][0]
        if not exists:
            return 0
        return int(self._con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0])

    def migrate(self) -> list[int]:
        """Apply the migrations this file has not seen; returns the versions applied."""
        applied = []
        with self._transaction() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied_at TIMESTAMP)")
            cur.execute("CREATE TABLE IF NOT EXISTS meta (revision BIGINT, changed_at TIMESTAMP)")
            if not cur.execute("SELECT count(*) FROM meta").fetchall()[0][0]:
                cur.execute("INSERT INTO meta VALUES (0, NULL)")
            done = int(cur.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0])
            for version, sql in enumerate(MIGRATIONS, start=1):
                if version > done:
                    cur.execute(sql)
                    cur.execute("INSERT INTO schema_version VALUES (?, ?)", [version, datetime.now()])
                    applied.append(version)
            cur.execute(VIEWS)
        return applied

    def table_contents(self) -> dict[str, list[tuple]]:
        """Every user table's rows in a fixed order: what tests compare before and after."""
        names = [r[0] for r in self.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
            "AND table_name NOT IN ('meta') ORDER BY table_name")]
        return {n: sorted(self.rows(f'SELECT * FROM "{n}"'), key=repr) for n in names}

    def columns(self, table: str) -> list[str]:
        """A table's columns in order (cached: the schema only changes when the file opens)."""
        cache = self.__dict__.setdefault("_columns", {})
        if table not in cache:
            cache[table] = [r[0] for r in self.rows(f'DESCRIBE "{table}"')]
        return cache[table]

    def record_counts(self) -> dict[str, int]:
        return {t: int(self.scalar(f"SELECT count(*) FROM cur_{t}")) for t in RECORD_TABLES}
