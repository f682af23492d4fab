"""The start script (issue 18, item 2): start.bat finds Python and runs start.py, whose
steps — the version check, the environment, the install when requirements change, the
command that starts the dashboard — run here for real in a temporary project folder."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import start
from tests.apptest_util import open_page
from tests.conftest import ROOT

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("version", [(3, 10, 12), (3, 9, 2, "final", 0), (2, 7, 18)])
def test_an_old_python_gets_a_chinese_message_naming_both_versions(version):
    problem = start.python_problem(version)
    found = ".".join(map(str, version[:3]))
    assert problem and CHINESE.search(problem) and "3.11" in problem and f"Python {found}" in problem
    assert "python.org" in problem and "python3-venv" in problem


@pytest.mark.parametrize("version", [(3, 11, 0), (3, 12, 1), (4, 0, 0), sys.version_info])
def test_python_3_11_and_later_pass(version):
    assert start.python_problem(version) is None


def test_main_refuses_an_old_python_before_touching_anything(tmp_path, capsys):
    (tmp_path / "requirements.txt").write_text("", encoding="utf-8")
    assert start.main(["--prepare-only"], root=tmp_path, version=(3, 10, 4)) == 1
    assert "Python 3.10.4" in capsys.readouterr().err
    assert not (tmp_path / ".venv").exists()


def test_require_python_exits_1():
    with pytest.raises(SystemExit) as stopped:
        start.require_python((3, 8, 10))
    assert stopped.value.code == 1


def test_the_command_line_checks_the_version_before_anything_else(tmp_path):
    db = tmp_path / "cli.duckdb"
    fake = ("import runpy, sys; sys.version_info = (3, 10, 6, 'final', 0); "
            f"sys.argv = ['cli.py', 'init', '--db', {str(db)!r}]; runpy.run_path('cli.py', run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", fake], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Python 3.10.6" in done.stderr and "3.11" in done.stderr
    assert not db.exists()


def test_the_dashboard_shows_the_message_instead_of_the_sign_in(empty_app_db, monkeypatch):
    monkeypatch.setattr(start, "MIN_PYTHON", (99, 0))  # this Python is now "too old"
    at = open_page()
    assert "需要 Python 99.0 或更高版本" in at.error[0].value
    assert not at.text_input and not empty_app_db.exists()  # no sign-in form, no database made


def test_the_environment_python_per_platform(tmp_path):
    assert start.venv_python(tmp_path, windows=True) == tmp_path / "Scripts" / "python.exe"
    assert start.venv_python(tmp_path, windows=False) == tmp_path / "bin" / "python"


def test_install_is_needed_until_stamped_and_again_when_a_requirement_file_changes(tmp_path):
    for name in start.REQUIREMENTS:
        shutil.copy(ROOT / name, tmp_path / name)
    venv = tmp_path / ".venv"
    venv.mkdir()
    assert start.needs_install(tmp_path, venv)
    (venv / start.STAMP).write_text(start.requirements_hash(tmp_path), encoding="ascii")
    assert not start.needs_install(tmp_path, venv)
    lock = tmp_path / "requirements.lock"
    lock.write_text(lock.read_text(encoding="utf-8") + "six==1.17.0\n", encoding="utf-8")
    assert start.needs_install(tmp_path, venv)


def test_first_run_makes_the_environment_and_the_second_installs_nothing(tmp_path):
    shutil.copy(ROOT / "start.py", tmp_path / "start.py")
    (tmp_path / "requirements.txt").write_text("# nothing to install in this test\n", encoding="utf-8")

    def run() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "start.py", "--prepare-only"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)

    first = run()
    assert first.returncode == 0, first.stderr
    assert "正在创建 Python 虚拟环境" in first.stdout and "正在安装" in first.stdout
    venv = tmp_path / ".venv"
    assert start.venv_python(venv).exists()
    assert (venv / start.STAMP).read_text(encoding="ascii") == start.requirements_hash(tmp_path)
    second = run()
    assert second.returncode == 0 and "正在" not in second.stdout and "运行环境已就绪" in second.stdout


def test_the_dashboard_is_started_with_the_environment_python_from_the_project():
    command = start.launch_command(ROOT, ["--server.port", "8502"])
    assert command[:5] == [str(start.venv_python(ROOT / ".venv")), "-m", "streamlit", "run", str(ROOT / "app.py")]
    assert command[5:] == ["--server.port", "8502"] and Path(command[4]).exists()


BAT = ROOT / "start.bat"


def test_start_bat_has_windows_line_endings_and_runs_start_py():
    raw = BAT.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n") > 5 and not raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8").splitlines()
    assert any(re.fullmatch(r"%LVZHI_PY% start\.py %\*", line) for line in lines)
    tries = [line for line in lines if "set \"LVZHI_PY=" in line and "where" in line]
    assert "py -3" in tries[0] and "=python\"" in tries[1]  # the launcher first, then python on PATH
    assert "*.bat text eol=crlf" in (ROOT / ".gitattributes").read_text(encoding="utf-8").splitlines()


def test_start_bat_blocks_are_not_cut_short_by_a_bracket():
    """cmd ends an ``if … (`` block at the first ``)``: a message inside may not hold one."""
    lines = BAT.read_text(encoding="utf-8").splitlines()
    depth = 0
    for line in lines:
        if depth and line.strip() != ")":
            assert ")" not in line and "(" not in line, line
        depth += line.rstrip().endswith("(") - (line.strip() == ")")
    assert depth == 0
    assert any(CHINESE.search(line) for line in lines if line.strip().startswith("echo"))
    assert lines.index("chcp 65001 >nul") < min(i for i, line in enumerate(lines) if CHINESE.search(line))
