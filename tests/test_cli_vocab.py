"""The learning loop on the command line: an unknown value stops the import (exit 3) with
the `cli.py vocab add` line that records it; once recorded the file imports, the next file
with the same value asks nothing, and removing the answer brings the question back.
Column mappings given with --map or --map-file are remembered the same way."""
from __future__ import annotations

import shlex

from data import audit
from data.store import Store
from tests.conftest import write_xlsx
from tests.test_cli import run

HEADER = ["活动名称", "日期", "姓名", "出勤"]


def register(tmp_path, name: str, mark: str, header=HEADER):
    return write_xlsx(tmp_path / name, {"出勤": [header, ["视察", "2025-05-01", "王刚", mark],
                                                 ["调研", "2025-06-01", "李春", "出席"]]})


def suggested_line(out: str) -> list[str]:
    line = next(x for x in out.splitlines() if "cli.py vocab add" in x)
    return shlex.split(line.split("#")[0].strip())[1:]


def test_unknown_value_asks_then_is_remembered_then_forgotten(tmp_path, roster_file):
    db = tmp_path / "v.duckdb"
    assert run("import", roster_file, db=db)[0] == 0
    first = register(tmp_path, "2025年出勤一.xlsx", "公出")
    code, out = run("import", first, db=db)
    assert code == 3 and "出勤标记「公出」共 1 处" in out and "第 2 行 D 列（出勤）" in out
    args = suggested_line(out)
    assert args[:3] == ["vocab", "add", "mark"] and args[3] == "公出"
    code, out = run("vocab", "add", "mark", "公出", "leave", db=db)
    assert code == 0 and "「公出」= 请假" in out
    code, out = run("import", first, db=db)
    assert code == 0 and "已导入为批次" in out
    code, out = run("import", register(tmp_path, "2025年出勤二.xlsx", " 公出 "), db=db)
    assert code == 0 and "需要确认" not in out
    code, out = run("vocab", "list", db=db)
    assert "出勤标记：「公出」= 请假" in out
    assert run("vocab", "remove", "mark", "公出", db=db)[0] == 0
    code, out = run("import", register(tmp_path, "2025年出勤三.xlsx", "公出"), db=db)
    assert code == 3
    log = audit.audit_rows(Store.open(db))
    assert {"teach", "forget"} <= set(log["action"])


def test_a_meaning_the_column_cannot_have_is_refused_with_the_choices(tmp_path):
    code, out = run("vocab", "add", "mark", "公出", "maybe", db=tmp_path / "v.duckdb")
    assert code == 1 and "attend" in out and "leave" in out


def test_map_option_and_map_file_are_remembered(tmp_path, roster_file):
    db = tmp_path / "m.duckdb"
    assert run("import", roster_file, db=db)[0] == 0
    odd = ["活动名称", "日期", "姓名", "到会情况"]
    path = register(tmp_path, "2025年出勤.xlsx", "出席", header=odd)
    code, out = run("import", path, db=db)
    assert code == 1 and "到会情况→未使用" in out
    code, out = run("import", path, "--map", "*:到会情况=mark", db=db)
    assert code == 0 and "到会情况→出勤（办公室映射）" in out
    again = register(tmp_path, "2025年出勤二.xlsx", "缺席", header=["活动名称", "日期", "姓名", "签到结果"])
    mapping = tmp_path / "列映射.txt"
    mapping.write_text("# 本办公室的列名\n出勤:签到结果=mark\n", encoding="utf-8")
    code, out = run("import", again, "--map-file", mapping, db=db)
    assert code == 0 and "签到结果→出勤（办公室映射）" in out
    code, out = run("vocab", "list", "column", db=db)
    assert "任意工作表的「到会情况」列" in out and "工作表「出勤」的「签到结果」列" in out
    assert run("import", path, "--map", "没有等号", db=db)[0] == 2


def test_a_year_with_no_records_is_not_scored(tmp_path, roster_file):
    db = tmp_path / "y.duckdb"
    assert run("import", roster_file, db=db)[0] == 0
    for command in (["score", "--year", "2030"], ["export", "--year", "2030", "--out", tmp_path / "x.xlsx"]):
        code, out = run(*command, db=db)
        assert code == 1 and "2030年度没有导入任何" in out and "不称职" not in out
    assert not (tmp_path / "x.xlsx").exists()
