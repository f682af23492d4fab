"""The office's documentation in docs/ covers the command line as it is built."""
import re
from pathlib import Path

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


GUIDE = ROOT / "docs" / "使用说明.md"


def test_the_readme_links_the_clerks_guide_and_the_faq_points_to_it():
    assert "docs/使用说明.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(使用说明.md)" in (ROOT / "docs" / "常见问题.md").read_text(encoding="utf-8")


def test_the_guide_covers_first_start_import_backups_and_colleagues():
    text = GUIDE.read_text(encoding="utf-8")
    assert re.findall(r"(?m)^## (.+)$", text) == ["第一次启动", "第一次导入", "备份", "让同事访问"]
    for says in ("start.bat", "python3 start.py", "Add python.exe to PATH", "Ctrl+C", "python3-venv"):
        assert says in text, says


def test_the_guide_names_the_python_version_and_address_the_start_uses():
    import start

    text = GUIDE.read_text(encoding="utf-8")
    assert f"Python {'.'.join(map(str, start.MIN_PYTHON))} 或更高版本" in text
    assert f"<{start.ADDRESS}>" in text
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "headless = true" in config and "浏览器不会自动打开" in text  # so the guide must say it
    assert "port" not in config  # Streamlit's own 8501, as the guide says


def test_the_guide_names_paths_that_exist_and_the_ones_the_code_uses():
    from data import backup
    from data.store import DEFAULT_DB

    text = GUIDE.read_text(encoding="utf-8")
    shipped = [p for p in re.findall(r"`([^`\s]+/[^`\s]*)`", text) if not p.startswith(("var/", ".venv", "http"))]
    assert shipped and all((ROOT / p).exists() for p in shipped), shipped
    samples = ROOT / "tests" / "samples" / "city-2025"
    assert f"`{samples.relative_to(ROOT).as_posix()}/`" in text
    assert all((samples / name).exists() for name in re.findall(r"`([^`/]+\.xlsx)`", text))
    assert f"`{Path(DEFAULT_DB).as_posix()}`" in text
    assert f"`{backup.backup_dir(DEFAULT_DB).as_posix()}/`" in text


def test_the_guide_names_buttons_pages_and_commands_the_app_has():
    text = GUIDE.read_text(encoding="utf-8")
    app_source = "".join(p.read_text(encoding="utf-8") for folder in ("ui", "views") for p in (ROOT / folder).rglob("*.py"))
    for label in ("载入示例数据", "空白模板", "上传文件", "数据导入", "待匹配姓名", "用户管理", "创建管理员并登录",
                  "履职考评看板 · 首次使用"):
        assert f"「{label}」" in text and label in app_source, label
    for command in re.findall(r"`cli\.py ([a-z-]+)", text):
        assert command in sub_commands(), command
