"""The command line speaks Chinese (issue 18, item 4): argparse's own texts — usage, the
help of every command, usage errors — come from ``cli.ARGPARSE_TEXTS``."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import cli
from tests.conftest import SAMPLE, SAMPLE_FILES

ROOT = Path(__file__).resolve().parents[1]
ARGPARSE_ENGLISH = re.compile(r"usage|options:|positional arguments|show this help|error:|invalid choice|"
                              r"invalid \w+ value|are required|unrecognized arguments|expected one argument",
                              re.IGNORECASE)
COMMANDS = sorted(cli.build_parser()._subparsers._group_actions[0].choices)


def run(*args: str) -> tuple[int, str]:
    done = subprocess.run([sys.executable, "cli.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_chinese(command):
    code, text = run(*([command] if command else []), "--help")
    assert code == 0 and "用法：" in text and "显示本帮助并退出" in text
    assert not ARGPARSE_ENGLISH.search(text), ARGPARSE_ENGLISH.search(text).group(0)


@pytest.mark.parametrize("args, says", [
    ((), "缺少必需的参数：命令"),
    (("bogus",), "参数 命令：无效的值：'bogus'"),
    (("score",), "缺少必需的参数：--year"),
    (("score", "--year", "二〇二五"), "参数 --year：无效的值：'二〇二五'"),
    (("notices", "--year", "2025", "--out", "d", "--kind", "公报"), "（可选：'通报', '通知书', '推荐单位', '提醒函', '分类排名'）"),
    (("batches", "--nonsense"), "无法识别的参数：--nonsense"),
    (("score", "--year"), "参数 --year：须跟一个值"),
])
def test_usage_errors_are_chinese(args, says):
    code, text = run(*args)
    assert code == 2 and says in text, text
    assert not ARGPARSE_ENGLISH.search(text), text


def test_every_translated_text_is_one_argparse_prints():
    import argparse
    import inspect

    source = inspect.getsource(argparse)
    assert all(repr(text)[1:-1] in source or text in source for text in cli.ARGPARSE_TEXTS), \
        [t for t in cli.ARGPARSE_TEXTS if t not in source and repr(t)[1:-1] not in source]


# -- choices by their Chinese names (issue 18, item 4) ----------------------------------------------
def run_on(db: Path, *args) -> tuple[int, str]:
    return run(*map(str, args), "--db", str(db))


def test_kind_is_listed_and_taken_by_its_chinese_name(tmp_path):
    from reading.vocab import KINDS

    code, text = run("import", "--help")
    assert code == 0 and "、".join(KINDS.values()) in text.replace("\n", "").replace(" ", "")
    roster = SAMPLE / "委员名册.xlsx"
    by_name = run_on(tmp_path / "a.duckdb", "import", roster, "--kind", KINDS["attendance"])
    by_code = run_on(tmp_path / "b.duckdb", "import", roster, "--kind", "attendance")
    assert by_name == by_code and by_name[0] == 1  # a roster read as an attendance register is refused
    assert f"委员名册  {KINDS['attendance']}" in by_name[1] and "出勤登记（明细）的必需列" in by_name[1]
    code, text = run_on(tmp_path / "c.duckdb", "import", roster, "--kind", "名单")
    assert code == 2 and f"参数 --kind：无效的值：'名单'（可选：{'、'.join(KINDS.values())}）" in text


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    assert run_on(db, "import", *(SAMPLE / n for n in SAMPLE_FILES))[0] == 0
    return db


def scored_sectors(db: Path, year: int) -> set[str]:
    """The 界别 of the members scored in ``year``, from the database itself."""
    from data.store import Store
    from metrics.scoring import score_year

    store = Store(db)
    try:
        return set(score_year(store, year).scores["sector"])
    finally:
        store.close()


def test_archives_are_grouped_by_the_chinese_name_given(sample_db, tmp_path):
    from metrics.groups import DIMENSIONS

    code, text = run("export", "--help")
    assert "、".join(DIMENSIONS.values()) in text.replace("\n", "").replace(" ", "")
    code, text = run_on(sample_db, "export", "--year", 2025, "--archives", tmp_path / "档案", "--archive-by", "界别")
    assert code == 0, text
    sectors = scored_sectors(sample_db, 2025)
    books = {f.name for f in (tmp_path / "档案").glob("*.xlsx")}
    assert len(sectors) > 5 and len(books) == len(sectors)
    assert all(any(f"-{sector}.xlsx" in book for book in books) for sector in sectors), books
    code, text = run_on(sample_db, "export", "--year", 2025, "--archives", tmp_path / "x", "--archive-by", "小组")
    assert code == 2 and "参数 --archive-by：无效的值：'小组'（可选：界别、界别活动组、委员联络组、专委会）" in text


# -- demo --keep and explain: sources that exist, items in Chinese ---------------------------------
@pytest.fixture(scope="module")
def kept_demo(tmp_path_factory) -> tuple[Path, Path]:
    """The demo city's 2025 imported by ``demo --keep``: (database, folder of its files)."""
    base = tmp_path_factory.mktemp("kept")
    code, text = run_on(base / "demo.duckdb", "demo", "--year", 2025, "--keep", base / "示例文件")
    assert code == 0 and f"示例文件保存在 {base / '示例文件'}" in text, text
    return base / "demo.duckdb", base / "示例文件"


def test_demo_keep_leaves_every_imported_file_where_the_batches_say(kept_demo):
    from data.importer import list_batches
    from data.store import Store

    db, folder = kept_demo
    store = Store(db)
    try:
        imported = set(list_batches(store)["file_name"])
    finally:
        store.close()
    assert len(imported) == 7 and imported == {f.name for f in folder.iterdir()}
    assert all((folder / name).is_file() for name in imported)


def explanations(db: Path, year: int) -> dict[bool, object]:
    """For a member with points cut by a cap (True) and one without (False): the
    explanation, computed in this process for comparing with the command's output."""
    from data.store import Store
    from metrics.scoring import explain, score_year

    store = Store(db)
    try:
        result = score_year(store, year)
        lines = result.provenance_of(list(result.scores["member_id"]))
        cut = (lines["points_before"] - lines["points"] >= 0.005).groupby(lines["member_id"]).any()
        return {flag: explain(store, year, cut[cut == flag].index[0], result=result) for flag in (True, False)}
    finally:
        store.close()


def test_explain_leads_with_chinese_items_marks_capped_points_and_names_kept_files(kept_demo):
    from metrics.labels import item_label
    from metrics.scoring import CAPPED_LEGEND

    db, folder = kept_demo
    for capped, expl in explanations(db, 2025).items():
        member = expl.score["member_id"]
        code, text = run_on(db, "explain", member, "--year", 2025)
        assert code == 0, text
        records = [line for line in text.splitlines() if "来源：" in line]
        assert len(records) == len(expl.lines)
        for line, item, before, points in zip(records, expl.lines["item"], expl.lines["points_before"],
                                              expl.lines["points"]):
            assert line.startswith(f"  {item_label(item)}（{item}）"), line
            assert (f"{before:.2f} → {points:.2f}*" in line) == (before - points >= 0.005), line
        sources = {re.search(r"来源：(.+?) / ", line).group(1) for line in records}
        assert sources and all((folder / name).is_file() for name in sources)
        assert (CAPPED_LEGEND in text) == capped
        assert "（）" not in text  # a record without a status or level has no empty brackets
        assert not re.search(r"[a-z]{3,}", re.sub(r"（[a-z_.]+[^）]*）", "", text.replace(".xlsx", ""))), text
