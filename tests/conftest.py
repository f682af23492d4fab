from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data.importer import import_file  # noqa: E402
from data.store import Store  # noqa: E402

SAMPLE = ROOT / "tests" / "samples" / "city-2025"  # a copy of the shared sample city, kept in the repo
SAMPLE_FILES = ["委员名册.xlsx", "2025年全会常委会出勤.xlsx", "2025年协商视察调研活动出勤.xlsx",
                "2025年界别活动组和联络组活动.xlsx", "2025年提案目录.xlsx", "2025年社情民意采用情况.xlsx",
                "2025年发言报告及其他履职.xlsx"]


def write_xlsx(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> Path:
    """A real workbook with the given rows per sheet (and merged ranges)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


ROSTER_HEADER = ["序号", "委员编号", "姓名", "性别", "党派", "所属界别", "政协职务", "专门委员会", "界别活动组",
                 "所属联络组", "届次"]
ROSTER_ROWS = [
    [1, "A01", "王刚", "男", "中共党员", "中共", "委员", "经济委员会", "第一组", "城关区联络组", "十四届"],
    [2, "A02", "李春", "女", "民盟", "民盟", "常委", "提案委员会", "第一组", "东湖区联络组", "十四届"],
    [3, "A03", "张国强", "男", "无党派", "科协", "委员", "经济委员会", "第二组", "城关区联络组", "十四届"],
    [4, "A04", "欧阳修", "男", "九三学社", "科协", "委员", "经济委员会", "第二组", "城关区联络组", "十四届"],
    [5, "A05", "赵敏", "女", "群众", "妇联", "委员", "提案委员会", "第二组", "东湖区联络组", "十四届"],
    [6, "A06", "赵敏", "女", "民进", "教育界", "委员", "提案委员会", "第二组", "东湖区联络组", "十四届"],
]


@pytest.fixture(autouse=True)
def local_mode(monkeypatch):
    """Every test runs the app in local single-user mode (no sign-in) unless it unsets
    LVZHI_LOCAL_MODE itself (tests/test_auth.py)."""
    monkeypatch.setenv("LVZHI_LOCAL_MODE", "1")


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory) -> Path:
    """The demo city (seed 2025, 2024–2025) imported once per test session; copy it."""
    from data.demo import load_demo

    path = tmp_path_factory.mktemp("demo-city") / "demo.duckdb"
    s = Store(path)
    load_demo(s)
    s.close()
    return path


def scored_demo_copy(demo_db_file: Path, folder: Path, year: int):
    """A private copy of the demo city in ``folder``, opened, with ``year`` scored:
    (store, result) for a module's read-only tests; the caller closes the store."""
    from metrics.scoring import score_year

    path = Path(shutil.copy(demo_db_file, folder / "demo.duckdb"))
    store = Store.open(path)
    return store, score_year(store, year)


def scored_sample(folder: Path, year: int):
    """The sample city imported into a database in ``folder``, with ``year`` scored:
    (store, result) for a module's tests; the caller closes the store."""
    from metrics.scoring import score_year

    store = Store(folder / "sample.duckdb")
    for name in SAMPLE_FILES:
        assert import_file(store, SAMPLE / name, user="test").ok, name
    return store, score_year(store, year)


@pytest.fixture
def demo_app_db(tmp_path, monkeypatch, demo_db_file) -> Path:
    """A private copy of the demo city, set as the app's database."""
    path = tmp_path / "app.duckdb"
    shutil.copy(demo_db_file, path)
    monkeypatch.setenv("LVZHI_DB", str(path))
    return path


@pytest.fixture
def empty_app_db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "empty.duckdb"
    monkeypatch.setenv("LVZHI_DB", str(path))
    return path


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store(tmp_path / "test.duckdb")
    yield s
    s.close()


@pytest.fixture
def roster_file(tmp_path) -> Path:
    return write_xlsx(tmp_path / "委员名册.xlsx", {"名册": [["政协××市第十四届委员会委员名册"], ROSTER_HEADER, *ROSTER_ROWS]})


@pytest.fixture
def with_roster(store, roster_file) -> Store:
    outcome = import_file(store, roster_file)
    assert outcome.status == "imported", [e.message() for e in outcome.errors]
    return store


# The longest test files outside tests/e2e (measured with --durations), started right after
# the browser tests so that the two workers (pytest.ini) end close together.
LONG_FILES = ("test_export.py", "test_published.py", "test_undo_replay.py", "test_scoring_properties.py",
              "test_notices.py", "test_auth.py", "test_cli.py", "test_hostile_text.py")


def pytest_collection_modifyitems(items):
    """Browser tests first, then the long files, then the rest in their order."""
    def start(item) -> int:
        path = item.path
        if path.parent.name == "e2e":
            return 0
        return 1 if path.name in LONG_FILES else 2

    items.sort(key=start)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    """In CI (``LVZHI_NO_SKIPS=1``, set by .ci/run) a skipped test fails the run: every
    test must run there, the browser and LibreOffice ones included."""
    if os.environ.get("LVZHI_NO_SKIPS") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"LVZHI_NO_SKIPS: {len(skipped)} 个测试被跳过，CI 中每个测试都必须运行：", red=True)
        for report in skipped:
            reporter.write_line(f"  {report.nodeid}: {report.longrepr[-1] if report.longrepr else ''}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

