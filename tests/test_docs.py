"""The office's documentation in docs/ covers the command line as it is built."""
import re

import cli
from tests.conftest import ROOT

COMMANDS_DOC = ROOT / "docs" / "命令行.md"


def sub_commands() -> set[str]:
    """The names of cli.py's sub-commands, as its parser knows them."""
    parser = cli.build_parser()
    (action,) = [a for a in parser._actions if a.dest == "command"]
    return set(action.choices)


def documented_commands() -> set[str]:
    """The commands docs/命令行.md has a heading for: «### `import` 导入 Excel 文件»."""
    return set(re.findall(r"(?m)^#{2,3} `([a-z-]+)`", COMMANDS_DOC.read_text(encoding="utf-8")))


def test_every_command_has_a_heading_in_the_docs():
    assert sub_commands() <= documented_commands()


def test_the_readme_links_the_office_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in ("计分规则.md", "命令行.md", "常见问题.md", "导入格式.md"):
        assert f"docs/{page}" in readme
        assert (ROOT / "docs" / page).exists()
