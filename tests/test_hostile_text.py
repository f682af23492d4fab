"""Issue 14, item 1: text from a file or a URL is shown as text on every page, never as
Markdown. A roster, an attendance file and an adjustment file full of links, images,
bold, HTML and headings are imported; every page is opened under AppTest as 管理员 (local
mode) and every element whose text Streamlit renders as Markdown is checked: none of that
markup may come out of the files, the file names, the sheet names or the URL.

markdown-it-py is not installed, so the check is a strict scan of the Markdown source for
the constructs the hostile strings would make when not escaped."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data.importer import import_file
from data.store import Store
from metrics.publish import publish_year
from tests.apptest_util import TIMEOUT, open_page, proto_strings, rerun
from tests.conftest import ROSTER_HEADER, ROSTER_ROWS, write_xlsx
from ui import auth
from ui.text import plain

IMAGE = "![t](http://evil.example/x.png)"
LINK = "[点此重新登录](http://evil.example/login)"
BOLD = "**粗体**"
HTML = "<img src=x>"
HEADING = "# 标题"
URL = "http://evil.example"
ANCHOR = '<a href="http://evil.example/login">点此</a>'  # Plotly reads <a href> in its strings
OTHERS = ["_斜体_", "~删除~", ":red[红字]", "www.evil.example", "`代码`", "$x^2$", "a@evil.example", "1. 列表", "- 项"]
FILE_LINK = "[点此重新登录](evil.example) ![t](x.png)"  # a file name has no "/"
HOSTILE = [FILE_LINK, IMAGE, LINK, BOLD, HTML, HEADING, URL, *OTHERS]

# What the hostile strings make when they reach Markdown unescaped.
MARKUP = {
    "link or image": re.compile(r"(?<!\\)\[[^\]\n]*(?<!\\)\]\("),
    "URL autolink": re.compile(r"https?://|(?<![\\\w])www\.|(?<!\\)@evil"),
    "HTML": re.compile(r"(?<!\\)<(img|b|a)\b"),
    "bold": re.compile(r"(?<!\\)\*\*粗体"),
    "italic": re.compile(r"(?<![\\\w])_斜体"),
    "strikethrough": re.compile(r"(?<!\\)~删除"),
    "colour directive": re.compile(r"(?<!\\):red(?<!\\)\["),
    "code": re.compile(r"(?<!\\)`代码"),
    "maths": re.compile(r"(?<!\\)\$x"),
    "heading": re.compile(r"(?m)^\s{0,3}#+\s+标题"),
    "list": re.compile(r"(?m)^\s{0,3}(1\.\s+列表|-\s+项)"),
}
# Proto fields whose text Streamlit renders as Markdown (markdown, caption, alerts, titles
# and headers, metric labels and help, expander and tab labels, button, widget and progress
# labels and help).
MARKDOWN_FIELDS = {"body", "label", "help", "text"}
# Elements whose text is not Markdown (tables, charts, raw HTML the app writes escaped).
NOT_MARKDOWN = {"Arrow", "PlotlyChart", "Html", "Code", "Json", "Text", "Exception"}
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def markup_in(source: str) -> list[str]:
    return [what for what, pattern in MARKUP.items() if pattern.search(source)]


# -- the helper --------------------------------------------------------------------------------
@pytest.mark.parametrize("text", HOSTILE + ["2026-12-01 14:30", "委员名册.xlsx", "plenary_absent_max", "A&B"])
def test_plain_leaves_no_markup_and_shows_the_text_unchanged(text):
    shown = plain(text)
    assert not markup_in(shown), (text, shown)
    assert _UNESCAPE.sub(r"\1", shown).replace("\u2060", "") == text  # the word joiner is invisible


def test_plain_makes_line_breaks_spaces_and_keeps_app_text_readable():
    assert plain("第一行\n\n# 标题") == "第一行 # 标题"
    assert plain(None) == "" and plain(3.5) == "3.5"
    assert plain("2026-12-01 14:30 委员名册.xlsx") == "2026-12-01 14:30 委员名册.xlsx"


# -- a database full of hostile text -------------------------------------------------------------
def _imported(store: Store, path: Path):
    outcome = import_file(store, path)
    assert outcome.status == "imported", [e.message() for e in outcome.errors]
    return outcome


def hostile_roster_rows() -> list[list]:
    """The test roster with hostile sectors, groups, committees and names (the importer's
    name check refuses names that are only links or HTML; the rest are kept)."""
    rows = [list(r) for r in ROSTER_ROWS]
    rows[0][8], rows[1][9], rows[2][5], rows[3][7] = IMAGE, LINK, BOLD, HTML
    rows[4][8], rows[5][9], rows[5][7] = HEADING, URL, ANCHOR
    for i, name in enumerate([BOLD, HEADING, URL, "_斜体_", ":red[红字]", "www.evil.example"]):
        rows.append([7 + i, f"B0{i}", name, "男", "群众", OTHERS[(i + 1) % len(OTHERS)], "委员", LINK, IMAGE,
                     OTHERS[i % len(OTHERS)], "十四届"])
    return rows


@pytest.fixture
def hostile_app_db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "hostile.duckdb"
    store = Store(path)
    files = tmp_path / "files"
    files.mkdir()
    _imported(store, write_xlsx(files / f"委员名册 {FILE_LINK}.xlsx",
                                {"名册 _斜体_ <b>": [["政协××市第十四届委员会委员名册"], ROSTER_HEADER,
                                                     *hostile_roster_rows()]}))
    attendance = [["活动名称", "日期", "姓名", "出勤"]]
    for i, event in enumerate([IMAGE, LINK, f"{BOLD} 视察", f"{HEADING}", f"{URL} 协商会"]):
        for name in ["王刚", "李春", BOLD, "_斜体_"]:
            attendance.append([event, f"2025-0{i + 3}-05", name, "出席"])
        attendance.append([event, f"2025-0{i + 3}-05", "**外人**", "出席"])  # a pending name
    _imported(store, write_xlsx(files / f"2025年活动出勤{BOLD}.xlsx", {"出勤 ~删除~": attendance}))
    adjustments = [["姓名", "分值", "事由", "批准日期"],
                   ["王刚", -3, f"{IMAGE} {LINK}", "2025-06-01"], [BOLD, 2, f"{HEADING} {HTML}", "2025-06-02"]]
    _imported(store, write_xlsx(files / "2025年加减分.xlsx", {"加减分": adjustments}))
    publish_year(store, 2025, "local", note=f"{LINK} {BOLD}")
    store.close()
    monkeypatch.setenv("LVZHI_DB", str(path))
    return path


# -- reading what the pages render as Markdown ---------------------------------------------------
def markdown_sources(at: AppTest) -> list[str]:
    """The Markdown source of every element and block (expander, tab) of the run."""
    out: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and proto.DESCRIPTOR.name not in NOT_MARKDOWN:
            proto_strings(proto, MARKDOWN_FIELDS, NOT_MARKDOWN, out)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return out


def assert_no_markup(at: AppTest, where: str) -> list[str]:
    sources = markdown_sources(at)
    bad = [(s, markup_in(s)) for s in sources if markup_in(s)]
    assert not bad, (where, bad)
    return sources


ADMIN_PAGES = [auth.page_name(p) for entries in auth.pages_for("admin").values() for p, *_ in entries]


def test_every_admin_page_shows_hostile_file_text_as_text(hostile_app_db):
    seen: list[str] = []
    for page in ADMIN_PAGES:
        at = open_page(page)
        seen += assert_no_markup(at, page)
    # the hostile text is on the pages, escaped
    everything = "\n".join(seen)
    for text in [f"{LINK} {BOLD}", f"2025年活动出勤{BOLD}.xlsx", IMAGE]:
        assert plain(text) in everything, text


def test_profiles_and_groups_of_hostile_names_show_them_as_text(hostile_app_db):
    seen: list[str] = []
    for member in [f"A0{i}" for i in range(1, 7)] + [f"B0{i}" for i in range(6)]:
        at = open_page("profile", member=member)
        seen += assert_no_markup(at, member)
    everything = "\n".join(seen)
    # as stored: the importer tidies names ("**粗体**" -> "粗体"), free text is kept
    for text in [BOLD, HTML, URL, IMAGE, LINK, "_斜体_", ":red[红字]", "www.evil.example", "`代码`", "$x^2$",
                 "a@evil.example"]:
        assert plain(text) in everything, text

    at = open_page("groups")
    offered: set[str] = set()
    for dimension in ["activity_group", "liaison_group", "committee", "sector"]:
        at.selectbox(key="groups_dimension").select(dimension)
        rerun(at)
        offered.update(at.selectbox(key=f"groups_group_{dimension}").options)
        for group in at.selectbox(key=f"groups_group_{dimension}").options:
            at.selectbox(key=f"groups_group_{dimension}").select(group)
            assert_no_markup(rerun(at), f"{dimension}: {group}")
            for chart in at.get("plotly_chart"):
                assert "<a " not in str(json.loads(chart.proto.spec)), (dimension, group)
    assert {ANCHOR, IMAGE, LINK, BOLD} <= offered  # the hostile groups were shown


@pytest.mark.parametrize("wanted", [LINK, IMAGE, f"{BOLD}{HTML}"])
def test_a_hostile_member_query_parameter_is_shown_as_text(hostile_app_db, wanted):
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.switch_page("views/profile.py")
    at.query_params["member"] = wanted
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    sources = assert_no_markup(at, wanted)
    assert any(plain(wanted) in s for s in sources)


def test_the_import_page_shows_hostile_file_and_sheet_names_as_text(hostile_app_db, tmp_path):
    bad = write_xlsx(tmp_path / "x.xlsx", {"名册 _斜体_ <b>": [ROSTER_HEADER, [1, "C01", "<img src=x>", "男", "群众", BOLD]]})
    at = open_page("import_files")
    at.file_uploader[0].upload(f"委员名册{LINK}.xlsx", bad.read_bytes(),
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    rerun(at)
    sources = assert_no_markup(at, "import_files")
    assert any(plain(LINK) in s for s in sources), sources
