"""docs/导入格式.md and the reading's tables say the same: every marked section of the
document is what ``reading.describe`` writes from vocab.py and vocabulary.toml today."""
from __future__ import annotations

from reading import describe, vocab


def test_every_table_section_of_the_import_doc_is_current():
    text = describe.DOC.read_text(encoding="utf-8")
    assert describe.sections_in(text) == set(describe.SECTIONS)
    assert text == describe.rendered(text), "docs/导入格式.md 已过期：请运行 python -m reading.describe"


def test_the_doc_names_every_column_alias_and_every_builtin_word():
    text = describe.DOC.read_text(encoding="utf-8")
    for col in vocab.COLUMNS:
        assert all(label in text for label in (col.label, *col.aliases)), col.field
    for spec in vocab.VALUES.values():
        assert all(w in text for words in spec.get("exact", {}).values() for w in words), spec["label"]


def test_a_stale_section_is_caught():
    text = describe.DOC.read_text(encoding="utf-8")
    stale = text.replace("| `name` | 姓名 |", "| `name` | 名字 |", 1)
    assert stale != text and describe.rendered(stale) != stale


def test_no_pattern_reaches_the_office_doc_unexplained():
    for _, _, words in vocab.EVENT_CATEGORIES:
        for w in words:
            assert w.isalnum() or w in vocab.KEYWORD_PATTERNS_IN_WORDS, w
