"""Fuzzing the readers: header detection on random grids, the date, mark, yes/no and name
parsers, the file checks on random bytes, and analyse_file on small random workbooks.
Every parser fails only with the documented ``ValueError`` (whose text says what was
expected); analyse_file never raises and returns a FileOutcome; a date written in any
supported format parses back to itself."""
from __future__ import annotations

import tempfile
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import openpyxl
import pytest
import xlwt
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reading import normalize as nz
from reading import parsers, reader, vocab
from data.importer import FileOutcome, analyse_file
from reading.values import DOMAINS, Unknown, Vocabulary, key_of
from data.store import Store
from reading.workbook_file import OLE_MAGIC, ZIP_MAGIC, UnreadableFile, check_container

FAST = settings(max_examples=150, deadline=None)
IO = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ALIASES = sorted({label for c in vocab.COLUMNS for label in (c.label, *c.aliases)})
MARK_WORDS = sorted(vocab.mark_table())
VALUES = vocab.VALUES
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
noise = st.one_of(st.none(), st.integers(-10 ** 6, 10 ** 9), st.floats(allow_nan=False, allow_infinity=False),
                  dates, st.datetimes(min_value=datetime(1990, 1, 1)), st.text(max_size=12))
cells = st.one_of(noise, st.sampled_from(ALIASES), st.sampled_from(MARK_WORDS),
                  st.sampled_from(["王刚", "李春", "合计", "制表人：办公室", "3月5日 视察", "2025年度", "#N/A", "中共界（3人）"]))


# -- dates ---------------------------------------------------------------------------------
WRITTEN = [
    lambda d: d.isoformat(),
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.year} 年 {d.month} 月 {d.day} 日",
    lambda d: f"{d:%Y%m%d}",
    lambda d: int(f"{d:%Y%m%d}"),
    lambda d: f"{d.year}.{d.month}.{d.day}-{d.month}.{d.day}",
    lambda d: f"{d.year}年{d.month}月{d.day}日".translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    lambda d: datetime(d.year, d.month, d.day, 14, 30),
    lambda d: (d - date(1899, 12, 30)).days,
    lambda d: float((d - date(1899, 12, 30)).days),
]


@FAST
@given(dates, st.sampled_from(range(len(WRITTEN))), st.one_of(st.none(), st.integers(2000, 2099)))
def test_a_date_with_its_year_parses_back_to_itself_whatever_the_year_given(day, style, year):
    assert nz.parse_date(WRITTEN[style](day), year) == day


@FAST
@given(dates, st.sampled_from(["{m}月{d}日", "{m}.{d}", "{m}/{d}", "{m}-{d}", "{m}月{d}日-{e}日"]))
def test_a_date_without_its_year_takes_the_year_given(day, pattern):
    written = pattern.format(m=day.month, d=day.day, e=day.day)
    assert nz.parse_date(written, day.year) == day
    with pytest.raises(ValueError, match="年份"):
        nz.parse_date(written, None)


date_like_text = st.text(alphabet="0123456789年月日.-/ ~至", max_size=16)


@FAST
@given(st.one_of(date_like_text, noise, st.floats()), st.one_of(st.none(), st.integers(1900, 2100)))
def test_date_parser_fails_only_with_a_value_error_saying_what_was_expected(value, year):
    try:
        result = nz.parse_date(value, year)
    except ValueError as exc:
        assert "日期" in str(exc) or "年份" in str(exc)
    else:
        assert isinstance(result, date) and not isinstance(result, datetime)


@FAST
@given(st.one_of(date_like_text.map(lambda t: t + " 视察"), st.text(max_size=20)),
       st.one_of(st.none(), st.integers(2000, 2099)))
def test_event_header_is_a_name_and_date_or_nothing_or_a_date_that_cannot_be_read(header, year):
    try:
        parsed = nz.split_event_header(header, year)
    except ValueError as exc:
        assert "日期" in str(exc) or "年份" in str(exc)
    else:
        assert parsed is None or (isinstance(parsed[0], str) and isinstance(parsed[1], date))


@FAST
@given(dates, st.sampled_from(["专题协商会", "视察", "全体会议"]))
def test_event_header_round_trip(day, name):
    assert nz.split_event_header(f"{day.month}月{day.day}日 {name}", day.year) == (name, day)
    assert nz.split_event_header(f"{day.year}.{day.month}.{day.day} {name}", None) == (name, day)


# -- coded values: one vocabulary ------------------------------------------------------------
BUILTIN_WORDS = [(d, meaning, w) for d, spec in VALUES.items() for meaning, words in spec.get("exact", {}).items()
                 for w in words]


@FAST
@given(st.sampled_from(BUILTIN_WORDS), st.sampled_from(["", " ", "\u3000", "\u200b"]), st.booleans())
def test_every_builtin_word_reads_as_its_meaning_with_padding_and_case(entry, pad, lower):
    domain, meaning, word = entry
    assert Vocabulary().read(domain, f"{pad}{word.lower() if lower else word}{pad}") == meaning


@FAST
@given(st.sampled_from(DOMAINS), st.one_of(st.text(max_size=8), st.integers(-3, 3), st.floats(), st.booleans(),
                                           dates))
def test_a_value_is_read_or_becomes_a_question_never_anything_else(domain, value):
    try:
        meaning = Vocabulary().read(domain, value)
    except Unknown as exc:
        assert exc.domain == domain and str(exc)
    else:
        assert meaning in VALUES[domain].get("meanings", {meaning: ""})


@FAST
@given(st.sampled_from(["未签到", "未参加", "没参加", "未出席", "不参加"]), st.sampled_from(["", "（已通知）", "，会议出席名单外"]))
def test_a_negated_mark_never_counts_as_attendance(negation, rest):
    assert Vocabulary().read("mark", negation + rest) in ("absent", "leave")


@FAST
@given(st.sampled_from(DOMAINS), st.text(min_size=1, max_size=6).filter(lambda t: t.strip()),
       st.sampled_from(["attend", "leave", "是", "否", "市", "公益", "口头"]))
def test_a_word_the_office_taught_wins_over_the_builtin_one(domain, written, meaning):
    taught = Vocabulary({domain: {key_of(written): meaning}})
    assert taught.read(domain, written) == meaning


# -- names ---------------------------------------------------------------------------------
cjk_names = st.lists(st.text(alphabet="王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文",
                             min_size=2, max_size=4), min_size=1, max_size=5)


@FAST
@given(cjk_names, st.sampled_from(list(vocab.NAME_SEPARATORS) + ["，", "；"]))
def test_names_joined_by_a_separator_split_back(names, separator):
    assert nz.split_names(separator.join(names)) == names


@FAST
@given(st.text(max_size=20))
def test_name_cleaning_never_raises_and_leaves_no_whitespace_or_invisible_characters(raw):
    name, starred = nz.clean_name(raw)
    assert not any(ch.isspace() for ch in name) and "\u200b" not in name and "\ufeff" not in name
    assert isinstance(starred, bool)
    assert all(not any(ch.isspace() for ch in n) for n in nz.split_names(raw))


# -- the value parsers of the record kinds ----------------------------------------------------
VALUE_PARSERS = {"points": parsers._points, "report year": parsers._report_year}


@pytest.mark.parametrize("parser", VALUE_PARSERS.values(), ids=list(VALUE_PARSERS))
@FAST
@given(value=st.one_of(st.text(max_size=10), st.integers(), st.floats(), st.none(), st.booleans()))
def test_value_parsers_fail_only_with_a_value_error(parser, value):
    try:
        parser(value)
    except ValueError as exc:
        assert str(exc)


# -- header detection ----------------------------------------------------------------------
@FAST
@given(st.lists(st.lists(cells, max_size=8), max_size=20), st.one_of(st.none(), st.integers(2000, 2099)),
       st.one_of(st.none(), st.sampled_from(list(vocab.KINDS))))
def test_layout_of_random_grids_is_consistent(rows, year, kind):
    layout = reader.layout_of(rows, year, kind)
    if layout is None:
        assert not any(nz.header_label(c) in reader.ALL_LABELS for r in rows[: vocab.HEADER_SCAN_ROWS] for c in r)
        return
    assert 0 <= layout.header_row < min(len(rows), vocab.HEADER_SCAN_ROWS)
    assert layout.kind == (kind or layout.kind) and layout.kind in (*vocab.KINDS, None)  # None: undecided
    if layout.kind is None:  # a kind is never guessed from columns every kind may have
        assert all(f in vocab.SHARED_FIELDS for f in layout.fields)
    assert all(0 <= i < len(layout.labels) for i in layout.fields.values())
    assert all(nz.header_label(layout.labels[a]) == nz.header_label(layout.labels[b]) for a, b in layout.repeated)


not_a_label = noise.filter(lambda c: nz.header_label(c) not in reader.ALL_LABELS)


@FAST
@given(st.lists(st.lists(not_a_label, max_size=6), max_size=vocab.HEADER_SCAN_ROWS - 1),
       st.lists(st.lists(noise, min_size=4, max_size=4), max_size=5))
def test_a_known_header_under_random_title_rows_is_found(above, below):
    header = ["活动名称", "日期", "姓名", "出勤"]
    layout = reader.layout_of(above + [header] + below, 2025)
    assert layout.header_row == len(above)
    assert layout.kind == "attendance"
    assert layout.fields == {"event": 0, "date": 1, "name": 2, "mark": 3}


# -- whole files ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb")
    yield store
    store.close()


def analysed(store: Store, name: str, write) -> FileOutcome:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        write(path)
        return analyse_file(store, path).outcome


def save_workbook(sheets: list[list[list]]):
    def write(path: Path) -> None:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for i, rows in enumerate(sheets):
            ws = wb.create_sheet(f"表{i + 1}")
            for row in rows:
                ws.append(row)
        wb.save(path)
    return write


workbook_cells = st.one_of(cells.filter(lambda c: not isinstance(c, str) or c.isprintable()),
                           st.sampled_from(["=1/0", "#REF!", "2025-03-05", "√", "×"]))


@IO
@given(st.lists(st.lists(st.lists(workbook_cells, max_size=6), max_size=8), min_size=1, max_size=2),
       st.sampled_from(["2025年出勤.xlsx", "名册.xlsx", "x.xlsx"]))
def test_analyse_file_on_random_workbooks_returns_an_outcome(fuzz_store, sheets, name):
    outcome = analysed(fuzz_store, name, save_workbook(sheets))
    assert isinstance(outcome, FileOutcome)
    assert outcome.status in ("checked", "rejected")
    assert (outcome.status == "rejected") == bool(outcome.errors)
    assert all("应为" in e.message() for e in outcome.errors)


@lru_cache(maxsize=None)
def small_workbook(suffix: str) -> bytes:
    """A small valid workbook of each format, to damage."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"w.{suffix}"
        if suffix == "xls":
            book = xlwt.Workbook(encoding="utf-8")
            sheet = book.add_sheet("出勤")
            for r, row in enumerate(SMALL_ROWS):
                for c, value in enumerate(row):
                    sheet.write(r, c, value)
            book.save(str(path))
        else:
            save_workbook([SMALL_ROWS])(path)
        return path.read_bytes()


SMALL_ROWS = [["活动名称", "日期", "姓名", "出勤"], ["视察", "2025-05-01", "王刚", "出席"], ["调研", 45778, "李春", "请假"]]


@IO
@example("xls", [(114065, 1)], None)  # calamine panics on it (a slice out of range)
@given(st.sampled_from(["xlsx", "xls"]), st.lists(st.tuples(st.integers(0, 10 ** 6), st.integers(0, 255)),
                                                  min_size=1, max_size=4), st.one_of(st.none(), st.integers(1, 10 ** 6)))
def test_analyse_file_on_damaged_workbooks_returns_an_outcome(fuzz_store, suffix, flips, cut):
    data = bytearray(small_workbook(suffix))
    for position, value in flips:
        data[position % len(data)] = value
    damaged = bytes(data[: cut % len(data)] if cut else data)
    outcome = analysed(fuzz_store, f"2025年出勤.{suffix}", lambda p: p.write_bytes(damaged))
    assert outcome.status in ("checked", "rejected")
    assert (outcome.status == "rejected") == bool(outcome.errors)


prefixes = st.sampled_from([b"", ZIP_MAGIC, OLE_MAGIC, b"\xef\xbb\xbf", b"<html>"])


@IO
@given(prefixes, st.binary(max_size=600))
def test_analyse_file_on_random_bytes_rejects_them(fuzz_store, prefix, tail):
    outcome = analysed(fuzz_store, "2025年出勤.xlsx", lambda p: p.write_bytes(prefix + tail))
    assert outcome.status == "rejected"
    assert [e.sheet for e in outcome.errors] == [""]


@FAST
@given(prefixes, st.binary(max_size=2000))
def test_container_check_fails_only_with_unreadable_file(prefix, tail):
    data = prefix + tail
    try:
        check_container(data)
    except UnreadableFile as exc:
        assert exc.problems and all(p.value and p.expected for p in exc.problems)


def test_ole_header_with_a_sector_chain_into_nowhere_is_damaged():
    header = bytearray(512)
    header[:8] = OLE_MAGIC
    header[30:32] = (9).to_bytes(2, "little")
    header[48:52] = (7).to_bytes(4, "little")
    header[76:80] = (0).to_bytes(4, "little")
    with pytest.raises(UnreadableFile) as caught:
        check_container(bytes(header) + bytes(512))
    assert caught.value.problems[0].value.startswith("文件已损坏或不完整")

