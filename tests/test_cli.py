"""cli.py as a user runs it: real processes, a real database file, exit codes of docs/命令行.md."""
from __future__ import annotations

import subprocess
import sys

import openpyxl
import pytest

from data.schema import MIGRATIONS
from tests.conftest import ROOT, SAMPLE, write_xlsx


def run(*args, db):
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), *map(str, args), "--db", str(db)],
                          capture_output=True, text=True, cwd=ROOT)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.fixture
def db(tmp_path):
    return tmp_path / "cli.duckdb"


def test_init_is_idempotent(db):
    assert run("init", db=db)[0] == 0
    code, out = run("init", db=db)
    assert code == 0 and f"结构版本 {len(MIGRATIONS)}" in out


def test_import_prints_sheets_then_batches_undo(db, roster_file, tmp_path):
    code, out = run("import", roster_file, db=db)
    assert code == 0 and "已导入为批次 #1" in out and "委员名册" in out and "读取行" in out
    activity = write_xlsx(tmp_path / "2025年活动.xlsx", {"s": [["活动名称", "日期", "姓名", "出勤"],
                                                              ["视察", "2025-05-01", "王钢", "出席"]]})
    code, out = run("import", activity, db=db)
    assert code == 0 and "王钢" in out
    code, out = run("batches", db=db)
    assert code == 0 and "2025年活动.xlsx" in out and "有效" in out
    code, out = run("pending", db=db)
    assert code == 0 and "王钢" in out and "王刚（中共，A01）" in out
    code, out = run("resolve", "王钢", "A01", db=db)
    assert code == 0 and "A01" in out
    assert "没有待匹配" in run("pending", db=db)[1]
    code, out = run("undo", 2, db=db)
    assert code == 0 and "已撤销" in out
    assert run("undo", 2, db=db)[0] == 1


def test_rejected_file_exits_1_with_error_table(db, roster_file, tmp_path):
    run("import", roster_file, db=db)
    bad = write_xlsx(tmp_path / "2025年活动.xlsx", {"出勤": [["活动名称", "日期", "姓名", "出勤"],
                                                            ["视察", "上周五", "王刚", "出席"]]})
    code, out = run("import", bad, db=db)
    assert code == 1
    assert "未导入" in out and "出勤" in out and "B 列（日期）" in out and "上周五" in out


def test_wrong_usage_exits_2(db):
    assert run("no-such-command", db=db)[0] == 2
    assert run("import", db=db)[0] == 2
    assert run("import", "x.xlsx", "--kind", "nonsense", db=db)[0] == 2


def test_templates_are_blank_workbooks_that_import_as_their_kind(db, tmp_path):
    code, out = run("templates", "--out", tmp_path / "tpl", db=db)
    assert code == 0
    files = sorted((tmp_path / "tpl").glob("*.xlsx"))
    assert len(files) == 9
    roster = openpyxl.load_workbook(tmp_path / "tpl" / "模板-委员名册.xlsx")
    assert roster.sheetnames == ["委员名册", "填写说明"]
    header = [c.value for c in roster.worksheets[0][1]]
    assert "姓名＊" in header and "界别＊" in header
    from data.importer import analyse_file
    from data.store import Store

    store = Store(tmp_path / "t.duckdb")
    kinds = {f.name: analyse_file(store, f, year=2025).outcome.sheets[0].kind for f in files}
    assert sorted(kinds.values()) == sorted(["roster", "attendance", "attendance_matrix", "proposals", "sqmy",
                                             "speeches", "reports", "other", "adjustments"])


@pytest.mark.skipif(not SAMPLE.exists(), reason="no sample city")
def test_sample_import_in_one_command(db):
    files = [SAMPLE / "委员名册.xlsx"] + sorted(p for p in SAMPLE.glob("*.xlsx") if p.name != "委员名册.xlsx")
    code, out = run("import", *files, db=db)
    assert code == 0 and out.count("已导入为批次") == 7
    code, out = run("import", *files, db=db)
    assert code == 0 and out.count("未做任何更改") == 7


def test_demo_command_imports_one_year(db):
    code, out = run("demo", "--year", 2025, "--seed", 3, db=db)
    assert code == 0 and "示例数据已导入：7 个文件" in out and "导入后已删除" in out
    code, out = run("batches", db=db)
    assert out.count("有效") == 7


@pytest.mark.skipif(not SAMPLE.exists(), reason="no sample city")
def test_score_and_explain_on_the_sample(db, tmp_path):
    from tests.conftest import SAMPLE_FILES

    run("import", *(SAMPLE / n for n in SAMPLE_FILES), db=db)
    out_file = tmp_path / "scores.csv"
    code, out = run("score", "--year", 2025, "--out", out_file, db=db)
    assert code == 0 and "61 位委员" in out and out_file.read_bytes().startswith("\ufeff".encode())
    code, out = run("explain", "董思杰", "--year", 2025, db=db)
    assert code == 0 and "总分 145.00" in out and "2025年全会常委会出勤.xlsx / 会议出勤 / 第16行" in out
    code, out = run("explain", "郝芳欣", "--year", 2025, db=db)
    assert code == 1 and "W0004" in out and "W0061" in out  # two members of that name: asks for the id
    bad = tmp_path / "bad.toml"
    bad.write_text("[caps]\nplenary = '三十'\n", encoding="utf-8")
    code, out = run("score", "--year", 2025, "--rules", bad, db=db)
    assert code == 1 and "caps.plenary" in out
