"""The app opened while another program holds the database (a command-line import, a
restore): a Chinese notice naming the process and what to do, never DuckDB's English
traceback (issue 14, item 7); the command line says the same of a running app."""
from __future__ import annotations

import subprocess
import sys

import pytest

from data.backup import DatabaseBusy, open_store
from data.store import Store
from tests.apptest_util import open_page

HOLD = "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('held', flush=True); sys.stdin.read()"


@pytest.fixture
def held(empty_app_db):
    Store(empty_app_db).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(empty_app_db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    try:
        yield holder
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


@pytest.mark.parametrize("page", [None, "ranking", "import_files"])
def test_the_app_says_in_chinese_who_holds_the_database(held, page, monkeypatch):
    monkeypatch.setenv("LVZHI_LOCAL_MODE", "1")
    at = open_page(page)
    [error] = [e.value for e in at.error]
    assert f"数据库文件正被另一个程序（进程号 {held.pid}）使用" in error and "刷新本页" in error


def test_the_command_line_says_the_app_holds_it(held, empty_app_db):
    with pytest.raises(DatabaseBusy, match=f"进程号 {held.pid}"):
        open_store(empty_app_db)
