"""Issue 15, item 1: Chinese everywhere, no raw values. Signed in as each role, every page
the role may open is run under AppTest on the demo city and all of its visible text —
titles, headers, Markdown, captions, alerts, metric labels and values, widget labels,
options and help, table column names and cells — is checked: no English word (but for a
short list of file formats and unit codes), no «None», «nan», «NaT» or «<NA>», and a table's
missing cells are shown as «—»."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Dataframe

from data.store import Store
from metrics.rules import RuleError, parse_rules
from tests import test_auth
from tests.apptest_util import proto_strings
from tests.test_auth import as_user, pages_of, role_users, signed_in_mode  # noqa: F401 (fixtures)
from ui import auth, meeting

ALLOWED_WORDS = {"Excel", "CSV", "PDF", "Word", "WPS", "xlsx", "xls", "csv", "pdf", "docx", "zip", "MB", "Ctrl"}
# the test accounts' user names are what their users type, shown on 用户管理 and the audit log
USERNAMES = {"admin", "chair1", "leader1", "member1"}
WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9']+")
UNIT_CODE = re.compile(r"^[A-Za-z]{1,3}\d")
RAW_MISSING = re.compile(r"(?<![A-Za-z])(None|nan|NaN|NaT|<NA>)(?![A-Za-z])")
MISSING = "—"

TEXT_FIELDS = {"body", "label", "help", "text", "options", "placeholder", "code_text", "delta", "caption"}
SKIPPED = {"Arrow", "PlotlyChart", "Json", "ForwardMsg"}
_TAGS = re.compile(r"<style.*?</style>|<[^>]+>", re.S)
# Streamlit's Markdown directives (a colour, a badge, an icon): drawn, never shown as words
_DIRECTIVES = re.compile(r":[a-z]+(?:-background|-badge)?\[|:material/[a-z_]+:")


def shown_columns(table: Dataframe) -> list:
    """The columns a table shows: those of its column order when it has one."""
    frame: pd.DataFrame = table.value
    order = list(table.proto.column_order)
    return [c for c in frame.columns if not order or str(c) in order]


def option_labels(table: Dataframe) -> dict[str, dict]:
    """Column -> {value: label} of the table's select-box columns (their cells show labels)."""
    config = json.loads(table.proto.columns or "{}")
    return {column.removeprefix("name:"): {o["value"]: o["label"] for o in c["type_config"]["options"]}
            for column, c in config.items()
            if c.get("type_config", {}).get("type") == "selectbox" and c["type_config"].get("options")
            and isinstance(c["type_config"]["options"][0], dict)}


def link_texts(table: Dataframe) -> dict[str, re.Pattern]:
    """Column -> the pattern of its link column's shown text (a link shows that, not its address)."""
    config = json.loads(table.proto.columns or "{}")
    return {column.removeprefix("name:"): re.compile(c["type_config"]["display_text"])
            for column, c in config.items()
            if c.get("type_config", {}).get("type") == "link" and c["type_config"].get("display_text")}


def _shown_cell(cell, labels: dict, link: re.Pattern | None) -> str:
    if link is not None and isinstance(cell, str) and (found := link.search(cell)):
        return found.group(1) if found.groups() else found.group(0)
    return str(labels.get(cell, cell))


def table_texts(table: Dataframe) -> list[str]:
    """A table's column names and cells as shown: a missing cell is the table's placeholder
    and a yes/no cell a checkbox (no text)."""
    frame: pd.DataFrame = table.value
    out: list[str] = []
    labels, links = option_labels(table), link_texts(table)
    for column in shown_columns(table):
        out.append(str(column))
        out += [table.proto.placeholder if _is_missing(cell)
                else _shown_cell(cell, labels.get(str(column), {}), links.get(str(column)))
                for cell in frame[column] if not isinstance(cell, bool)]
    return out


def _is_missing(cell) -> bool:
    try:
        return bool(pd.isna(cell))
    except (TypeError, ValueError):
        return False


def visible_texts(at: AppTest) -> list[str]:
    out: list[str] = []

    def walk(node) -> None:
        if isinstance(node, Dataframe):
            out.extend(table_texts(node))
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message) and proto.DESCRIPTOR.name == "Html":
            out.append(_TAGS.sub(" ", proto.body))
        elif isinstance(proto, Message) and proto.DESCRIPTOR.name not in SKIPPED:
            proto_strings(proto, TEXT_FIELDS, SKIPPED, out)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return out


def english_words(text: str) -> list[str]:
    return [w for w in WORD.findall(_DIRECTIVES.sub("", text))
            if w not in ALLOWED_WORDS and w not in USERNAMES and not UNIT_CODE.match(w)]


def raw_values(text: str) -> list[str]:
    return RAW_MISSING.findall(text)


def offending(texts: list[str]) -> dict[str, str]:
    """Each English word or raw value found, with the first text it is in."""
    found: dict[str, str] = {}
    for text in texts:
        for word in english_words(text) + raw_values(text):
            found.setdefault(word, text[:120])
    return found


def test_the_check_finds_english_and_raw_values_and_allows_the_list():
    assert english_words("下载 Excel · W0001 · A01 · admin") == []
    assert english_words("Sort ascending 排序") == ["Sort", "ascending"]
    assert english_words("proposals.lead_filed") == ["proposals", "lead", "filed"]
    assert raw_values("合计 None") == ["None"] and raw_values("<NA>") == ["<NA>"] and raw_values("Nanjing") == []
    assert english_words(":gray[来源] :material/check: :red-background[预警]") == []
    assert english_words(":gray[source]") == ["source"]


ROLE_PAGES = [(username, page) for username, role in
              [("admin", "admin"), ("chair1", "chair"), ("leader1", "leader"), ("member1", "member")]
              for page in sorted(pages_of(role))]


@pytest.mark.parametrize("username,page", ROLE_PAGES)
def test_every_page_of_every_role_is_in_chinese(role_users, username, page):
    at = as_user(username, page)
    texts = visible_texts(at)
    assert texts, page
    found = offending(texts)
    assert not found, (username, page, "\n".join(f"{w}: {t}" for w, t in found.items()))


@pytest.mark.parametrize("page", ["overview", "ranking", "warnings"])
def test_meeting_mode_is_in_chinese(role_users, page):
    at = test_auth.open_page(page, **{auth.SESSION_KEY: test_auth.a_session(Store.open(), "chair1"),
                                      meeting.MEETING_KEY: True})
    texts = visible_texts(at)
    assert any("数据截至" in t for t in texts), page  # the meeting title bar is there
    found = offending(texts)
    assert not found, (page, "\n".join(f"{w}: {t}" for w, t in found.items()))


@pytest.mark.parametrize("text,where", [("[meta]\nname = 规则\n", "第 2 行第 8 列"), ("[meta\n", "第 1 行第 6 列"),
                                        ('[meta]\nname = "规则', "末尾")])
def test_a_rule_file_that_cannot_be_read_is_explained_in_chinese_with_its_place(text, where):
    with pytest.raises(RuleError) as caught:
        parse_rules(text)
    message = caught.value.args[0]
    assert where in message, message
    assert not english_words(message), message
