"""In CI a skipped test fails the run (issue 18): `.ci/run` sets LVZHI_NO_SKIPS=1 and
tests/conftest.py turns any skip into a failed session, naming the test and its reason."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
A_SKIP = "import pytest\n\ndef test_needs_a_tool():\n    pytest.skip('没有这个工具')\n\ndef test_fine():\n    pass\n"


def pytest_on(tmp_path: Path, no_skips: str | None, *options: str) -> subprocess.CompletedProcess:
    (tmp_path / "test_one_skip.py").write_text(A_SKIP, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "LVZHI_NO_SKIPS"}
    if no_skips:
        env["LVZHI_NO_SKIPS"] = no_skips
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
                           "--rootdir", str(tmp_path), *options, str(tmp_path / "test_one_skip.py")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("workers", [["-n", "0"], ["-n", "2"]])  # pytest.ini runs two workers
def test_a_skip_fails_the_run_in_ci(tmp_path, workers):
    run = pytest_on(tmp_path, "1", *workers)
    assert run.returncode == 1, run.stdout
    assert "test_needs_a_tool" in run.stdout and "没有这个工具" in run.stdout


def test_a_skip_outside_ci_is_only_reported(tmp_path):
    run = pytest_on(tmp_path, None)
    assert run.returncode == 0 and "1 skipped" in run.stdout, run.stdout


def test_ci_sets_it():
    assert "LVZHI_NO_SKIPS=1" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
