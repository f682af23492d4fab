"""import-formats.md and the tables of data/vocab.py say the same: every column, alias,
required column, mark, yes/no word, event keyword and listed value."""
from __future__ import annotations

import re

import pytest

from reading import vocab
from reading.parsers import ADOPTION_EXPECTED, _levels_in
from tests.conftest import ROOT

DOC = ROOT.parent / "shared" / "spec" / "import-formats.md"
pytestmark = pytest.mark.skipif(not DOC.exists(), reason="shared/spec is not beside the project")

HEADINGS = {
    "### roster": "roster", "### attendance (出勤登记), long layout": "attendance",
    "### proposals": "proposals", "### sqmy": "sqmy", "### speeches": "speeches", "### reports": "reports",
    "### other duties": "other", "### adjustments": "adjustments",
}
HOUSE_COLUMNS = {"seq", "note"}
VALUE_TABLES = {
    "title": vocab.TITLES, "status": vocab.MEMBER_STATUSES, "form": vocab.PROPOSAL_FORMS,
    "outcome": tuple(vocab.PROPOSAL_OUTCOMES), "category": tuple(vocab.OTHER_CATEGORIES),
    "level": vocab.COMMENDATION_LEVELS, "speech_form": tuple(vocab.SPEECH_FORMS),
}


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def column_paragraphs() -> dict[str, str]:
    """kind → the paragraph listing its columns."""
    found = {}
    for block in doc_text().split("\n\n"):
        for heading, kind in HEADINGS.items():
            if block.startswith(heading):
                found[kind] = " ".join(block.split("\n")[1:])
    for block in doc_text().split("\n\n"):
        if found.get("roster") and block.startswith("**姓名** (委员姓名"):
            found["roster"] = block.replace("\n", " ")
    return found


def doc_columns(paragraph: str) -> list[tuple[str, bool, list[str]]]:
    """(label, required, items in brackets) per column of a paragraph."""
    columns = []
    for segment in paragraph.split(" · "):
        segment = segment.split(".")[0].strip() if "Identity" in segment else segment.strip()
        m = re.match(r"^(\*\*)?([^*(]+?)(\*\*)?\s*(?:\((.*)\))?\.?$", segment)
        assert m, segment
        items = []
        for item in (i.strip() for part in (m.group(4) or "").split(";") for i in part.split(",")):
            if re.search(r"[a-z]", item) and not item.startswith("values "):
                break  # prose from here on
            if item:
                items.append(item.removeprefix("values "))
        for label in m.group(2).split(" or "):
            columns.append((label.strip(), bool(m.group(1)), items))
    return columns


def vocab_column(kind: str, label: str) -> vocab.Column:
    matches = [c for c in vocab.columns_of(kind) if c.label == label]
    assert matches, f"{kind}: {label} is in the doc but not in vocab.COLUMNS"
    return matches[0]


def doc_aliases_by_label() -> dict[str, set[str]]:
    """Aliases are given once in the doc for a column shared by several kinds."""
    found: dict[str, set[str]] = {}
    for paragraph in column_paragraphs().values():
        for label, _, items in doc_columns(paragraph):
            found.setdefault(label, set()).update(items)
    return found


@pytest.mark.parametrize("kind", list(HEADINGS.values()))
def test_columns_aliases_and_required_agree(kind):
    documented = doc_columns(column_paragraphs()[kind])
    everywhere = doc_aliases_by_label()
    for label, required, items in documented:
        col = vocab_column(kind, label)
        assert (kind in col.required_in) == required, (kind, label)
        values = VALUE_TABLES.get(col.field, ())
        for item in items:
            assert item in col.aliases or item in values or col.field == "adoption", (kind, label, item)
        assert set(col.aliases) <= everywhere[label], (kind, label, set(col.aliases) - everywhere[label])
    labels = {label for label, _, _ in documented}
    for col in vocab.columns_of(kind):
        assert col.label in labels or col.field in HOUSE_COLUMNS, (kind, col.label)


def test_adoption_values_listed_in_the_doc_are_understood():
    paragraph = column_paragraphs()["sqmy"]
    listed = re.search(r"采用级别; (.*?)\)", paragraph).group(1).split(", ")
    for value in listed:
        first, *others = value.split("/")
        for part in [first] + [first[: first.index("政协") + 2] + o for o in others]:
            _levels_in(part, vocab.SQMY_ADOPTION, vocab.SQMY_NOT_ADOPTED, vocab.SQMY_ADOPTION_ORDER,
                       ADOPTION_EXPECTED)


def test_matrix_layout_columns():
    assert {c.label for c in vocab.columns_of("attendance_matrix")} - {"序号", "备注"} == {"姓名", "界别"}


def test_marks_agree():
    text = doc_text()
    line = text[text.index("\n出席:") + 1:].split("\n\n")[0].replace("\n", " ")
    doc = {}
    for part in line.split(" · "):
        if ":" not in part:
            continue  # "anything else is an error"
        head, words = part.split(":", 1)
        doc[head.strip()] = tuple(words.split())
    names = {"出席": "attend", "请假": "leave", "缺席": "absent", "迟到/早退": "late"}
    assert {names[k]: v for k, v in doc.items() if k in names} == vocab.MARKS


def test_yes_no_agree():
    line = next(ln for ln in doc_text().splitlines() if ln.startswith("- **Yes/no**"))
    pairs = re.findall(r"([^\s,/:]+)/([^\s,/.]+)", line.split(":", 1)[1])
    assert tuple(y for y, _ in pairs) == vocab.YES_NO[True]
    assert tuple(n for _, n in pairs) == vocab.YES_NO[False]


def test_event_keywords_agree():
    text = doc_text()
    block = text[text.index("else\nfrom keywords"):text.index("anything else → other_meeting")]
    block = block.split("first match wins:")[1].replace("\n", " ")
    doc = [(part.split("→")[1].strip(), tuple(part.split("→")[0].split())) for part in block.split(" · ") if "→" in part]
    assert doc == [(code, words) for code, _, words in vocab.EVENT_CATEGORIES if words]


def test_skipped_row_words_agree():
    line = next(ln for ln in doc_text().splitlines() if "Rows skipped" in ln) + doc_text().split("Rows skipped")[1][:300]
    for word in ("合计", "小计", "总计"):
        assert word in vocab.TOTAL_WORDS and word in line
    for word in ("制表人", "制表日期", "审核", "注："):
        assert word in vocab.FOOTER_WORDS and word in line


def test_parties_agree():
    text = doc_text()
    assert "中共党员/中国共产党 → 中共" in text
    for party in ("民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟", "无党派人士", "群众"):
        assert party in vocab.PARTIES and party in text
    assert vocab.party_table()["中共党员"] == vocab.party_table()["中国共产党"] == "中共"
    assert "工商联" not in vocab.party_table()
