"""The demo city's Excel files (data/demo.py), read back with openpyxl; independent of
the importer."""
from __future__ import annotations

import hashlib
import re
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import opencc
import pytest

from data import demo

YEARS = (2024, 2025)
SEED = 7
T2S = opencc.OpenCC("t2s")
BODY_WORDS = ("委员会", "市委会", "界", "组")
SEPARATORS = re.compile(r"[、，,；;]")
STANDING_TITLES = ("主席", "副主席", "秘书长", "常委")
SPEC_MARKS = {  # import-formats.md, "Marks"
    "attend": {"✓", "√", "○", "1", "到", "出席", "参加", "已到"},
    "leave": {"假", "请假", "病假", "事假", "公假"},
    "absent": {"×", "✗", "缺", "缺席", "未到", "旷会", "0"},
    "late": {"迟到", "早退", "迟"},
}
ALL_MARKS = set().union(*SPEC_MARKS.values())
DATE_SPELLINGS = (  # import-formats.md, "Dates", as text
    r"\d{4}-\d{2}-\d{2}", r"\d{4}/\d{1,2}/\d{1,2}", r"\d{4}\.\d{1,2}\.\d{1,2}", r"\d{4}年\d{1,2}月\d{1,2}日", r"\d{8}",
)
KINDS = ("全会常委会出勤", "协商视察调研活动出勤", "界别活动组和联络组活动", "提案目录", "社情民意采用情况", "发言报告及其他履职")
SINGLE_NAME_COLUMNS = ("姓名", "第一提案人")
MULTI_NAME_COLUMNS = ("联名提案人", "主笔人", "报送人")
BODY_COLUMNS = ("第一提案人", "报送人")


# -- reading back -----------------------------------------------------------------------
def read_book(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


def header_index(rows: list[tuple]) -> int:
    known = {"姓名", "序号", "委员编号"}
    return next(i for i, r in enumerate(rows) if known & {c for c in r if isinstance(c, str)})


def records(rows: list[tuple]) -> list[dict]:
    """Rows below the header as dicts; blank, total, section and footer rows dropped."""
    h = header_index(rows)
    header = [c if isinstance(c, str) else None for c in rows[h]]
    out = []
    for r in rows[h + 1:]:
        filled = [c for c in r if c is not None]
        if len(filled) < 2 or str(r[0]).startswith(("合计", "制表人")):
            continue
        out.append({k: v for k, v in zip(header, r) if k})
    return out


def clean(name: str) -> str:
    return T2S.convert(re.sub(r"\s+", "", str(name)).replace("★", ""))


def to_date(value, year: int | None = None) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, (int, float)):
        n = int(value)
        return date(n // 10000, n // 100 % 100, n % 100) if n > 19000000 else date(1899, 12, 30) + timedelta(days=n)
    s = str(value).strip()
    for pattern in (r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", r"(\d{4})(\d{2})(\d{2})$"):
        if m := re.match(pattern, s):
            return date(*map(int, m.groups()))
    if m := re.match(r"(\d{1,2})月(\d{1,2})日", s):
        return date(year, int(m[1]), int(m[2]))
    raise AssertionError(f"unreadable date {value!r}")


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("demo")
    start = time.perf_counter()
    paths = demo.write_demo_files(out, seed=SEED, years=YEARS)
    print(f"\nwrite_demo_files: {len(paths)} files in {time.perf_counter() - start:.2f}s")
    return paths


@pytest.fixture(scope="module")
def books(written) -> dict[str, dict[str, list[tuple]]]:
    return {p.name: read_book(p) for p in written}


@pytest.fixture(scope="module")
def roster(books) -> list[dict]:
    rows = books["委员名册.xlsx"]["委员名册"]
    return [r for r in records(rows) if re.fullmatch(r"W\d{4}", str(r.get("委员编号")))]


def is_standing(member: dict) -> bool:
    return member["政协职务"] in STANDING_TITLES or "★" in member["姓名"]


def serving_on(member: dict, day: date) -> bool:
    if member["状态"] == "增补":
        return day >= to_date(member["变动日期"])
    if member["状态"] in ("辞去", "调出"):
        return day < to_date(member["变动日期"])
    return True


# -- files ---------------------------------------------------------------------------
def test_files_written_roster_first(written):
    expected = ["委员名册.xlsx"] + [f"{y}年{k}.xlsx" for y in YEARS for k in KINDS]
    assert [p.name for p in written] == expected
    assert all(p.is_file() and p.stat().st_size > 0 for p in written)


def test_same_seed_same_files_other_seed_differs(written, tmp_path):
    again = demo.write_demo_files(tmp_path / "again", seed=SEED, years=YEARS)
    for a, b in zip(written, again):
        assert read_book(a) == read_book(b), a.name
        assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest(), a.name
    other = demo.write_demo_files(tmp_path / "other", seed=SEED + 1, years=YEARS)
    assert read_book(other[0]) != read_book(written[0])
    assert read_book(other[-1]) != read_book(written[-1])


def test_no_streamlit():
    assert "streamlit" not in Path(demo.__file__).read_text(encoding="utf-8")


# -- the roster ----------------------------------------------------------------------
def test_roster_shape(roster, books):
    assert 430 <= len(roster) <= 470
    assert len({m["委员编号"] for m in roster}) == len(roster)
    assert len({m["所属界别"] for m in roster}) == 25
    assert len({m["界别活动组"] for m in roster}) == 7
    assert len({m["所属联络组"] for m in roster}) == 5
    assert len({m["专门委员会"] for m in roster}) == 5
    assert {m["届次"] for m in roster} == {"十四届"}
    share = sum(map(is_standing, roster)) / len(roster)
    print(f"常委 share {share:.1%}")
    assert 0.15 <= share <= 0.25
    assert {"主席", "副主席", "秘书长"} <= {m["政协职务"] for m in roster}
    assert any("★" in m["姓名"] for m in roster)
    rows = books["委员名册.xlsx"]["委员名册"]
    assert any(isinstance(r[0], str) and re.fullmatch(r"中共界（\d+人）", r[0]) for r in rows)
    assert str(rows[-1][0]).startswith("制表人")


def test_roster_names_every_members_nominator(roster):
    party_bodies = {"民革": "民革市委会", "民盟": "民盟市委会", "民建": "民建市委会", "民进": "民进市委会",
                    "农工党": "农工党市委会", "致公党": "致公党市委会", "九三学社": "九三学社市委会"}
    assert all(isinstance(m["推荐单位"], str) and m["推荐单位"].strip() for m in roster)
    for m in roster:
        if m["所属界别"] in party_bodies:
            assert m["推荐单位"] == party_bodies[m["所属界别"]], m["姓名"]
    invited = {m["推荐单位"] for m in roster if m["所属界别"] == "特别邀请人士"}
    assert invited == {"中共市委统战部"}
    assert len({m["推荐单位"] for m in roster}) >= 20


def test_roster_changes_and_duplicate_names(roster):
    statuses = Counter(m["状态"] for m in roster)
    assert statuses["增补"] >= 3 and statuses["辞去"] + statuses["调出"] >= 3
    for m in roster:
        if m["状态"] != "在任":
            assert to_date(m["变动日期"]).year == max(YEARS)
    by_name: dict[str, set] = {}
    for m in roster:
        by_name.setdefault(clean(m["姓名"]), set()).add(m["所属界别"])
    duplicates = [sectors for sectors in by_name.values() if len(sectors) > 1]
    assert duplicates and all(len(s) == 2 for s in duplicates)
    assert sum(len(s) for s in by_name.values()) == len(roster)  # two of a name are in two 界别
    assert all(T2S.convert(n) == n for n in by_name)
    assert any(len(n) >= 3 and n[:2] in demo.COMPOUND_SURNAMES for n in by_name)


# -- attendance ----------------------------------------------------------------------
@pytest.mark.parametrize("year", YEARS)
def test_plenary_lists_every_member(books, roster, year):
    rows = books[f"{year}年全会常委会出勤.xlsx"]["会议出勤"]
    assert rows[0][0] == f"{year}年度市政协全体会议和常委会议出勤情况登记表"
    names, dates = rows[1], rows[2]
    assert names[:2] == ("姓名", "界别") and "全会" in names[2]
    assert sum("常委会" in str(n) for n in names) >= 5
    plenary_day = to_date(dates[2], year)
    listed = Counter((clean(r[0]), r[1]) for r in rows[3:] if r[1] and r[2] is not None)
    expected = Counter((clean(m["姓名"]), m["所属界别"]) for m in roster if serving_on(m, plenary_day))
    assert listed == expected
    standing = {(clean(m["姓名"]), m["所属界别"]) for m in roster if is_standing(m)}
    for r in rows[3:]:
        if r[1] and any(c is not None for c in r[3:]):
            assert (clean(r[0]), r[1]) in standing
    absent = sum(str(r[2]) in SPEC_MARKS["absent"] for r in rows[3:] if r[1])
    print(f"{year}: {absent} 无故缺席 at the plenary")
    assert 1 <= absent <= 20


def _long_register(books, year) -> list[dict]:
    rows = books[f"{year}年协商视察调研活动出勤.xlsx"]["活动出勤"]
    assert any(r[0] == "合计" for r in rows)
    return records(rows)


@pytest.mark.parametrize("year", YEARS)
def test_long_register(books, year):
    register = _long_register(books, year)
    events = Counter((r["会议名称"], to_date(r["活动日期"])) for r in register)
    assert 35 <= len(events) <= 45
    assert all(15 <= n <= 60 for n in events.values())
    assert all(day.year == year for _, day in events)
    assert {str(r["出勤情况"]) for r in register} <= ALL_MARKS
    kinds = Counter(type(r["活动日期"]).__name__ for r in register)
    assert kinds["datetime"] and kinds["int"] and kinds["str"]
    spellings = {r["活动日期"] for r in register if isinstance(r["活动日期"], str)}
    for pattern in DATE_SPELLINGS:
        assert any(re.fullmatch(pattern, s) for s in spellings), pattern
    assert any("\u3000" in str(r["姓名"]) for r in register) and any("  " in str(r["姓名"]) for r in register)


@pytest.mark.parametrize("year", YEARS)
def test_matrix_marks_and_dates(books, year):
    groups = books[f"{year}年界别活动组和联络组活动.xlsx"]
    assert len(groups) == 12
    for rows in [*groups.values(), books[f"{year}年全会常委会出勤.xlsx"]["会议出勤"]]:
        h = header_index(rows)
        two_rows = rows[h + 1][0] is None  # name over date
        first = 2 if rows[h][1] == "界别" else 1
        heads = (rows[h + 1] if two_rows else rows[h])[first:]
        assert all(to_date(head, year).year == year for head in heads)
        for r in rows[h + (2 if two_rows else 1):]:
            if r[0] and not str(r[0]).startswith("制表"):
                assert {str(c) for c in r[first:] if c is not None} <= ALL_MARKS, r


# -- names ---------------------------------------------------------------------------
def _names_in(value, column: str, roster_names: set[str]) -> list[str]:
    if column in SINGLE_NAME_COLUMNS:
        return [clean(value)]
    names = []
    for part in SEPARATORS.split(str(value)):
        whole = clean(part)
        names += [whole] if whole in roster_names or not part.strip() else [clean(p) for p in part.split()]
    return [n for n in names if n]


def test_every_name_is_on_the_roster(books, roster):
    sectors_of = Counter(clean(m["姓名"]) for m in roster)
    roster_names = set(sectors_of)
    converted = 0
    for file, book in books.items():
        if file == "委员名册.xlsx":
            continue
        for sheet, rows in book.items():
            recs = records(rows)
            has_sector = any(k in ("界别", "所属界别") for k in recs[0])
            for rec in recs:
                for column in SINGLE_NAME_COLUMNS + MULTI_NAME_COLUMNS:
                    if rec.get(column) is None:
                        continue
                    converted += re.sub(r"\s+", "", str(rec[column])) != clean(rec[column])
                    for name in _names_in(rec[column], column, roster_names):
                        if column in BODY_COLUMNS and any(w in name for w in BODY_WORDS):
                            continue
                        where = f"{file}/{sheet}/{column}: {rec[column]!r}"
                        assert name in roster_names, where
                        assert has_sector or sectors_of[name] == 1, f"ambiguous {where}"
    assert converted > 0  # the traditional spelling is there


# -- volumes ---------------------------------------------------------------------------
@pytest.mark.parametrize("year", YEARS)
def test_proposals_and_sqmy(books, roster, year):
    proposals = records(books[f"{year}年提案目录.xlsx"]["提案目录"])
    assert 1.0 <= len(proposals) / len(roster) <= 1.5
    assert all(re.fullmatch(rf"{year % 100}\d{{4}}", p["提案号"]) for p in proposals)
    assert {p["提案形式"] for p in proposals} == {"个人", "联名", "集体"}
    assert all(p["主笔人"] for p in proposals if p["提案形式"] == "集体")
    assert {p["立案情况"] for p in proposals} == {"立案", "并案", "不予立案", "转意见建议", "转社情民意", "撤案"}
    assert {p["重点提案"] for p in proposals} == {"是", "否", "√", None}
    assert all(to_date(p["提交日期"]).year == year for p in proposals)
    items = records(books[f"{year}年社情民意采用情况.xlsx"]["社情民意"])
    assert 0.75 <= len(items) / len(roster) <= 1.3
    assert [i["期号"] for i in items] == [f"{year}-{n:03d}" for n in range(1, len(items) + 1)]
    assert {"市政协采用", "省政协采用", "未采用", None} <= {i["采用情况"] for i in items}
    assert any(i["批示情况"] for i in items)


@pytest.mark.parametrize("year", YEARS)
def test_speeches_reports_other(books, roster, year):
    book = books[f"{year}年发言报告及其他履职.xlsx"]
    assert list(book) == ["大会发言", "履职报告", "其他履职", "加减分"]
    reported = {clean(r["姓名"]) for r in records(book["履职报告"])}
    standing = {clean(m["姓名"]) for m in roster if is_standing(m) and serving_on(m, date(year, 1, 1))}
    assert standing <= reported
    other = records(book["其他履职"])
    assert {r["类别"] for r in other} <= {"为民办实事", "公益", "文史资料", "理论文章", "宣传", "表彰"}
    assert all(r["级别"] in ("全国", "省", "市") for r in other if r["类别"] == "表彰")
    assert {r["分值"] > 0 for r in records(book["加减分"])} == {True, False}
    assert records(book["大会发言"])
