"""Cell parsers: names, dates, marks, yes/no, and fuzzing that they fail only with the
documented error."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reading import normalize as nz
from reading.values import Unknown, Vocabulary
from reading import reader


@pytest.mark.parametrize("raw,name,star", [
    ("王\u3000刚", "王刚", False), (" 李  春 ", "李春", False), ("张三（女）", "张三", False),
    ("张三(常委)★", "张三", True), ("*赵敏", "赵敏", False), ("ＡＢ", "AB", False), ("☆王五", "王五", True),
])
def test_clean_name(raw, name, star):
    assert nz.clean_name(raw) == (name, star)


def test_text_is_nfkc_and_trimmed():
    assert nz.text("  （２０２５）　") == "(2025)"
    assert nz.text(3.0) == "3" and nz.text(None) == "" and nz.text(float("nan")) == ""


@pytest.mark.parametrize("value", ["2025-03-05", "2025/3/5", "2025.3.5", "2025年3月5日", "20250305", 20250305,
                                   45721, 45721.0, datetime(2025, 3, 5, 9, 30), date(2025, 3, 5), "3月5日", "3.5",
                                   "3.5-3.7", "2025.3.5-3.7", "3月5日-7日"])
def test_every_date_format(value):
    assert nz.parse_date(value, 2025) == date(2025, 3, 5)


def test_month_day_needs_a_year():
    with pytest.raises(ValueError, match="年份"):
        nz.parse_date("3月5日", None)


def test_yes_no_words_and_case():
    words = Vocabulary()
    assert [words.read("yes_no", v) for v in ("是", "y", "Y", "√", "✓", 1, "有", "已提交")] == ["是"] * 8
    assert [words.read("yes_no", v) for v in ("否", "n", "×", "✗", 0, "无", "未提交")] == ["否"] * 7
    with pytest.raises(Unknown):
        words.read("yes_no", "也许")


def test_split_names_keeps_a_padded_known_name():
    assert nz.split_names("周  轩", {"周轩"}) == ["周轩"]
    assert nz.split_names("邱斌萱 侯红 石思国") == ["邱斌萱", "侯红", "石思国"]
    assert nz.split_names("欧阳 修", {"欧阳修"}) == ["欧阳修"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=20), st.integers(), st.floats(allow_nan=True), st.none(), st.dates()))
def test_date_parser_fails_only_with_value_error(value):
    try:
        result = nz.parse_date(value, 2025)
    except ValueError as exc:
        assert str(exc)
    else:
        assert isinstance(result, date)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=6), st.integers(-5, 5), st.none()))
def test_mark_reading_fails_only_with_a_question(value):
    try:
        assert Vocabulary().read("mark", value) in ("attend", "leave", "absent", "late", "none")
    except Unknown as exc:
        assert "出勤标记" in str(exc)


cells = st.one_of(st.none(), st.text(max_size=8), st.integers(0, 30000),
                  st.sampled_from(["姓名", "界别", "日期", "出勤", "活动名称", "3月5日 视察", "合计", "制表人"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cells, min_size=0, max_size=6), max_size=20))
def test_header_detection_never_crashes(rows):
    layout = reader.layout_of(rows, 2025)
    if layout is not None:
        assert 0 <= layout.header_row < min(len(rows), 15)
        assert layout.kind in (None, *reader.vocab.KINDS)
