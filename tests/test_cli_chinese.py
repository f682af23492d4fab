"""The command line speaks Chinese (issue 18, item 4): argparse's own texts — usage, the
help of every command, usage errors — come from ``cli.ARGPARSE_TEXTS``."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import cli

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
