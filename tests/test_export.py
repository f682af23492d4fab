"""Year-end export (issue #5): the evaluation workbook and the 履职档案, read back with
openpyxl from real files — sheets, headers, totals against the score CSV, print
settings, text that looks like a formula, records adding up to totals — the 年度导出
page and the profile download under AppTest, ``cli.py export``, and the printed page
count through LibreOffice (skipped when it is not installed)."""
from __future__ import annotations

import csv
import io
import math
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import streamlit

from data import export
from data.importer import import_file
from data.store import Store
from metrics import evaluation
from metrics.rules import default_rules
from metrics.score_csv import score_table
from metrics.scoring import score_year
from tests.apptest_util import open_page
from tests.conftest import ROOT, SAMPLE, SAMPLE_FILES

YEAR = 2025
SHEETS = ["考核结果", "考核明细", "优秀名单", "预警名单", "界别汇总", "活动组汇总", "联络组汇总", "分类排名", "组别考评", "计分规则"]
MADE_ON = date(2025, 12, 31)
INJECTED = {"W0013": "=SUM(A1)", "W0002": "+86 138 0000 0000", "W0041": "@HYPERLINK(\"x\")"}
INJECTED_REASON = "-3+2 =cmd|' /C calc'!A0"

pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="no sample city")


# -- fixtures ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    """The sample city imported through the importer, once for the module."""
    path = tmp_path_factory.mktemp("export-sample") / "sample.duckdb"
    store = Store(path)
    for name in SAMPLE_FILES:
        outcome = import_file(store, SAMPLE / name, user="test")
        assert outcome.ok, (name, [e.message() for e in outcome.errors])
    store.close()
    return path


@pytest.fixture(scope="module")
def sample(sample_db):
    store = Store.open(sample_db)
    return store, score_year(store, YEAR)


@pytest.fixture(scope="module")
def sample_book(sample, tmp_path_factory):
    """The sample's evaluation workbook written to a file, its layouts, and it read back."""
    store, result = sample
    path = tmp_path_factory.mktemp("export-book") / "考评结果.xlsx"
    layouts = evaluation.write_evaluation_workbook(store, result, path, made_on=MADE_ON)
    return path, layouts, openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def injected(sample_db, tmp_path_factory):
    """A copy of the sample whose member names and an adjustment reason look like formulas."""
    path = tmp_path_factory.mktemp("export-injected") / "injected.duckdb"
    shutil.copy(sample_db, path)
    store = Store(path)
    with store.write() as cur:
        for member_id, name in INJECTED.items():
            cur.execute("UPDATE members SET name = ? WHERE member_id = ?", [name, member_id])
        cur.execute("UPDATE adjustments SET reason = ? WHERE member_id = 'W0013'", [INJECTED_REASON])
    yield store, score_year(store, YEAR)
    store.close()


# -- helpers --------------------------------------------------------------------------------------------
def expected_scores() -> list[dict]:
    with open(SAMPLE / "expected-default-2025.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def header_map(ws, first: int = 3) -> dict[str, int]:
    """Column number of each header of the 考核结果 sheet: 'top' or 'top/bottom'."""
    out, top = {}, None
    for col in range(1, ws.max_column + 1):
        upper = ws.cell(first, col).value
        lower = ws.cell(first + 1, col).value
        top = upper if upper is not None else top
        out[f"{top}/{lower}" if lower else str(top)] = col
    return out


def body_rows(ws, first: int = 5) -> list[tuple]:
    return [row for row in ws.iter_rows(min_row=first, values_only=True) if row[0] is not None]


def block_rows(ws, caption: str) -> tuple[list, list[tuple]]:
    """The header and the body rows (up to the 合计 row, included, or the blank row after
    the table) of a captioned table in a 履职档案 sheet, skipping headers repeated after a
    page break."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == caption)
    header = list(rows[start + 1])
    body = []
    for r in rows[start + 2:]:
        if list(r) == header:
            continue
        if all(v is None for v in r):
            break
        body.append(r)
        if r[0] == evaluation.SUM_LABEL:
            break
    return header, body


def pdf_pages(pdf: Path) -> int:
    """Pages of a PDF: pdfinfo when present, else the page objects in the file."""
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def planned_pages(book: openpyxl.Workbook) -> dict[str, int]:
    """Pages per sheet from the manual page breaks stored in the file."""
    return {ws.title: len(ws.row_breaks.brk) + 1 for ws in book.worksheets}


def capture_downloads(monkeypatch) -> list[dict]:
    calls: list[dict] = []
    original = streamlit.download_button

    def spy(label, data, file_name=None, *args, **kwargs):
        calls.append({"label": label, "data": data, "file_name": file_name, "mime": kwargs.get("mime")})
        return original(label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", spy)
    return calls


def run_cli(*args, db) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), *map(str, args), "--db", str(db)],
                          capture_output=True, text=True, cwd=ROOT)
    return proc.returncode, proc.stdout + proc.stderr


# -- the evaluation workbook --------------------------------------------------------------------------
def test_sheets_titles_and_headers(sample_book, sample):
    path, _, book = sample_book
    _, result = sample
    assert book.sheetnames == SHEETS
    summary = book["考核结果"]
    assert summary["A1"].value == "市政协2025年度委员履职考评结果"
    assert [c.value for c in summary[3]] == ["序号", "姓名", "界别", "党派/职务", "活动出勤", "提案", "社情民意",
                                            "其他履职", "加减分", "总分", "排名", "等次", "预警", "备注"]
    last = [c.value for c in summary[summary.max_row] if c.value]
    assert last[0].startswith("审核：") and "主席会议审定" in last[0] and "年＿＿月＿＿日" in last[0]
    ws = book["考核明细"]
    assert ws["A1"].value == "市政协2025年度委员履职考评结果明细"
    subtitle = ws["A2"].value
    assert "市政协委员年度履职考评（默认规则）" in subtitle and "默认第1版" in subtitle and "default" not in subtitle
    assert not re.search(r"（[^）]*（", subtitle)                 # no nested brackets
    headers = header_map(ws)
    expected = ["序号", "姓名", "界别", "党派", "职务", "活动组", "联络组", "专委会",
                "全会/出席", "全会/请假", "全会/缺席", "常委会/出席", "常委会/请假", "常委会/缺席",
                "其他活动次数", "提案/提交", "提案/立案", "提案/重点", "提案/优秀",
                "社情民意/报送", "社情民意/采用", "社情民意/批示", "发言", "履职报告",
                *(f"分项得分/{evaluation.labels.cap_group_label(g)}" for g in result.group_columns),
                "加分", "扣分", "加减分", "总分", "排名", "界别内排名", "等次", "预警", "备注"]
    assert list(headers) == expected
    for name, first in (("优秀名单", ["序号", "姓名", "界别", "党派", "职务", "联络组", "总分", "排名"]),
                        ("预警名单", ["序号", "预警类别", "姓名", "界别", "联络组", "总分", "等次", "原因"]),
                        ("界别汇总", ["界别", "委员数"]), ("活动组汇总", ["界别活动组", "委员数"]),
                        ("联络组汇总", ["委员联络组", "委员数"])):
        row = [c.value for c in book[name][3]]
        assert row[:len(first)] == first, name
        assert book[name]["A1"].value.startswith("市政协2025年度")


def test_one_row_per_scored_member_with_the_totals_of_the_score_csv(sample_book, sample):
    _, _, book = sample_book
    _, result = sample
    ws = book["考核明细"]
    h = header_map(ws)
    rows = body_rows(ws)
    expected = expected_scores()
    assert len(rows) == len(result.scores) == len(expected)
    for row, exp in zip(rows, expected):
        assert row[h["姓名"] - 1] == exp["name"]
        assert row[h["界别"] - 1] == exp["sector"]
        assert row[h["总分"] - 1] == pytest.approx(float(exp["total"]), abs=1e-9)
        assert row[h["排名"] - 1] == (int(exp["rank"]) if exp["rank"] else None)
        assert row[h["界别内排名"] - 1] == (int(exp["sector_rank"]) if exp["sector_rank"] else None)
        assert row[h["等次"] - 1] == (exp["tier"] or evaluation.UNRANKED)
        kinds = [w.split("（")[0] for w in (row[h["预警"] - 1] or "").split("；") if w]
        assert "；".join(kinds) == exp["warnings"]
        for group in result.group_columns:
            col = h[f"分项得分/{evaluation.labels.cap_group_label(group)}"]
            assert row[col - 1] == pytest.approx(float(exp[group]), abs=1e-9), (exp["name"], group)
        for code, label in (("bonus", "加分"), ("deduction", "扣分"), ("adjustment", "加减分")):
            assert row[h[label] - 1] == pytest.approx(float(exp[code]), abs=1e-9)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    csv_rows = score_table(result)   # what `cli.py score` writes, reasons included
    assert [r[h["预警"] - 1] or "" for r in rows] == list(csv_rows["warnings"])
    assert [f"{r[h['总分'] - 1]:.2f}" for r in rows] == list(csv_rows["total"])


def test_summary_adds_the_score_csv_columns_into_categories(sample_book, sample):
    """考核结果: per member the CSV's total, rank and tier; each category the sum of its
    score columns, the categories together the total before the floor at 0."""
    _, _, book = sample_book
    _, result = sample
    ws = book["考核结果"]
    header = [c.value for c in ws[3]]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)]
    expected = expected_scores()
    assert len(rows) == len(expected)
    categories = evaluation.score_categories(result)
    assert sorted(c for cols in categories.values() for c in cols) == sorted(result.score_columns)
    for row, exp in zip(rows, expected):
        got = dict(zip(header, row))
        assert got["姓名"] == exp["name"] and got["总分"] == pytest.approx(float(exp["total"]))
        assert got["排名"] == (int(exp["rank"]) if exp["rank"] else None)
        assert got["等次"] == (exp["tier"] or evaluation.UNRANKED)
        assert (got["预警"] or "") == "、".join(w.split("（")[0] for w in exp["warnings"].split("；") if w)
        for category, columns in categories.items():
            assert got[category] == pytest.approx(sum(float(exp[c]) for c in columns), abs=1e-9)
        assert max(0.0, sum(got[c] for c in categories)) == pytest.approx(got["总分"])
        assert ws.cell(4, header.index("总分") + 1).number_format == "0.00"


def test_counts_behind_the_score(sample_book, sample):
    """出席 counts 迟到/早退 too; 提案/社情民意 counts any role; 常委会 blank for non-常委."""
    _, _, book = sample_book
    store, result = sample
    ws = book["考核明细"]
    h = header_map(ws)
    rows = {r[h["姓名"] - 1]: r for r in body_rows(ws)}
    facts = result.facts.set_index("member_id")
    for _, s in result.scores.iterrows():
        if result.scores["name"].eq(s["name"]).sum() > 1:
            continue
        row, f = rows[s["name"]], facts.loc[s["member_id"]]
        assert row[h["全会/缺席"] - 1] == f["plenary_absent"]
        assert row[h["全会/出席"] - 1] + row[h["全会/请假"] - 1] + row[h["全会/缺席"] - 1] == f["plenary_sittings"]
        assert row[h["提案/提交"] - 1] == f["proposals"]
        assert row[h["社情民意/报送"] - 1] == f["sqmy"] and row[h["社情民意/采用"] - 1] == f["sqmy_adopted"]
        attended = row[h["全会/出席"] - 1] + (row[h["常委会/出席"] - 1] or 0) + row[h["其他活动次数"] - 1]
        assert attended == f["events_attended"]
        if not s["is_standing"]:
            assert row[h["常委会/出席"] - 1] is None and row[h["常委会/缺席"] - 1] is None
        assert row[h["履职报告"] - 1] in ("已提交", "未提交")


def test_numbers_are_numbers_with_two_decimals(sample_book):
    _, _, book = sample_book
    ws = book["考核明细"]
    h = header_map(ws)
    for r in range(5, 10):
        total = ws.cell(r, h["总分"])
        assert total.data_type == "n" and total.number_format == "0.00"
        assert ws.cell(r, h["分项得分/全体会议"]).number_format == "0.00"
        assert isinstance(ws.cell(r, h["排名"]).value, int)
        assert isinstance(ws.cell(r, h["提案/立案"]).value, int)
    assert book["优秀名单"].cell(4, 7).number_format == "0.00"


def test_print_settings_on_every_sheet(sample_book):
    _, layouts, book = sample_book
    fitted = {layout.name: layout.fitted for layout in layouts}
    assert fitted["界别汇总"] and not fitted["考核结果"]   # a group summary that nearly fits: one page
    for ws in book.worksheets:
        assert ws.page_setup.paperSize == (8 if ws.title == "考核明细" else 9), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        # fit to width, pages tall as planned, or onto one page; 1 is the OOXML default,
        # which XlsxWriter leaves out
        tall = 1 if ws.page_setup.fitToHeight is None else ws.page_setup.fitToHeight
        assert (ws.page_setup.fitToWidth or 1, tall) == (1, 1 if fitted[ws.title] else 0), ws.title
    pages = {layout.name: layout.pages for layout in layouts}
    for ws in book.worksheets:
        # pages numbered per sheet from 1, the sheet's own page count written out (&N
        # would count the whole workbook)
        assert ws.oddFooter.center.text.endswith(f"第 &P 页 / 共 {pages[ws.title]} 页") and "&N" not in ws.oddFooter.center.text
        assert ws.page_setup.firstPageNumber in (None, 1) and ws.page_setup.useFirstPageNumber   # 1 is the default
        assert "制表日期：2025年12月31日" in ws.oddFooter.left.text and ws.oddFooter.right.text == "市政协"
        assert ws.print_area
    orientation = {ws.title: ws.page_setup.orientation for ws in book.worksheets}
    assert orientation["考核结果"] == "landscape" and orientation["预警名单"] == "landscape"
    assert orientation["优秀名单"] == "portrait" and orientation["计分规则"] == "portrait"
    assert book["考核明细"].page_setup.paperSize == 8 and orientation["考核明细"] == "landscape"   # A3
    assert book["考核结果"].print_title_rows == "$3:$3" and book["考核结果"].freeze_panes == "C4"
    results = book["考核明细"]
    assert results.print_title_rows == "$3:$4" and results.freeze_panes == "C5"
    for name in ("优秀名单", "预警名单", "界别汇总"):
        assert book[name].print_title_rows == "$3:$3" and book[name].freeze_panes[1:] == "4"
    assert [layout.name for layout in layouts] == SHEETS


def test_widths_fit_chinese_text(sample_book):
    _, _, book = sample_book
    ws = book["优秀名单"]
    widths = {c[0].value: ws.column_dimensions[c[0].column_letter].width for c in ws.iter_cols(min_row=3, max_row=3)}
    names = [ws.cell(r, 2).value for r in range(4, ws.max_row + 1)]
    assert widths["姓名"] >= max(export.text_width(n) for n in names)  # CJK counts double
    sectors = [ws.cell(r, 3).value for r in range(4, ws.max_row + 1)]
    assert widths["界别"] >= max(export.text_width(s) for s in sectors)
    assert widths["序号"] < widths["姓名"]


def test_page_breaks_leave_every_page_within_the_printable_height(sample_book):
    """Rows between two planned breaks fit a page at the planned fit-to-width scale."""
    _, layouts, book = sample_book
    for layout in layouts:
        ws = book[layout.name]
        assert [b.id for b in ws.row_breaks.brk] == list(layout.breaks), layout.name
        landscape = ws.page_setup.orientation == "landscape"
        paper = "A3" if ws.page_setup.paperSize == 8 else "A4"
        height = export.printable_area(landscape, paper)[1] / layout.scale
        repeated = (sum(ws.row_dimensions[r + 1].height for r in range(layout.header_rows[0], layout.header_rows[1] + 1))
                    if layout.header_rows else 0)
        edges = [0, *layout.breaks, ws.max_row]
        for i, (a, b) in enumerate(zip(edges, edges[1:])):
            used = sum(ws.row_dimensions[r + 1].height or export.LINE_HEIGHT for r in range(a, b))
            assert used + (repeated if i else 0) <= height, (layout.name, i)
    results = layouts[1]
    rows = len(body_rows(book["考核明细"]))
    most = math.floor(export.printable_area(True, "A3")[1] / results.scale / export.LINE_HEIGHT)
    assert results.pages >= math.ceil(rows / most)


def test_tier_styles_differ_in_greyscale(sample_book, sample):
    _, _, book = sample_book
    _, result = sample
    ws = book["考核明细"]
    col = header_map(ws)["等次"]
    looks = {}
    for r in range(5, ws.max_row + 1):
        cell = ws.cell(r, col)
        fill = cell.fill
        grey = None
        if fill.fill_type == "solid":
            rgb = fill.fgColor.rgb[-6:]
            grey = round(0.299 * int(rgb[:2], 16) + 0.587 * int(rgb[2:4], 16) + 0.114 * int(rgb[4:], 16))
        looks[cell.value] = (fill.fill_type, grey, cell.font.b, cell.font.i)
    tiers = [t for t in result.rules.tier_names if t in looks]
    assert len(tiers) == 4
    assert len({looks[t] for t in tiers}) == len(tiers)  # every tier looks different without colour
    assert looks["优秀"][2] and looks["不称职"][2] and looks["不称职"][3]
    assert looks["不称职"][0] not in (None, "solid")     # a pattern, not a flat fill


def test_rule_sheet_explains_itself_in_chinese(sample_book):
    """Tables only: no TOML text, no rule keys, no English comments on any printed sheet."""
    _, _, book = sample_book
    ws = book["计分规则"]
    col_a = [c.value for c in ws["A"]]
    for caption in ("活动出勤（每次，分）", "提案（分）", "社情民意（分）", "封顶（每年每组正分之和的上限，分）",
                    "等次", "预警"):
        assert caption in col_a
    texts = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str)]
    assert "规则键" not in texts and not any("default" in t for t in texts)
    assert not any(re.search(r"[a-z_]+\.[a-z_]+|#|\[\w+\]|[A-Za-z]{4,}", t) for t in texts
                   if t not in INJECTED.values()), [t for t in texts if re.search(r"[A-Za-z]{4,}|#", t)]
    events = col_a.index("活动出勤（每次，分）")
    assert col_a[events + 2] == "全体会议" and ws.cell(events + 3, 2).value == 30


def test_formula_like_text_is_written_as_text(injected, tmp_path):
    store, result = injected
    path = tmp_path / "x.xlsx"
    evaluation.write_evaluation_workbook(store, result, path)
    book = openpyxl.load_workbook(path)
    ws = book["考核明细"]
    col = header_map(ws)["姓名"]
    cells = {ws.cell(r, col).value: ws.cell(r, col) for r in range(5, ws.max_row + 1)}
    for name in INJECTED.values():
        assert cells[name].data_type == "s", name
    # the raw XML holds them as strings, never as <f> formulas
    with zipfile.ZipFile(path) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    archive = openpyxl.load_workbook(io.BytesIO(
        evaluation.archive_workbook(store, result, ["W0013", "W0002"], body="=HYPERLINK(\"x\")")))
    assert archive.sheetnames == ["=SUM(A1)", "+86 138 0000 0000"]
    _, records = block_rows(archive["=SUM(A1)"], "计分明细")
    reasons = [r for r in records if r[2] and INJECTED_REASON in r[2]]
    assert reasons
    sheet = archive["=SUM(A1)"]
    texts = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert texts and all(c.data_type == "s" for c in texts)


# -- 履职档案 -------------------------------------------------------------------------------------------------
def archive_members(result) -> list[str]:
    """W0013, a member with a capped group, one with a deduction, one floored at 0."""
    prov = result.provenance
    capped = prov.loc[prov["points_before"] > prov["points"], "member_id"].iloc[0]
    s = result.scores
    deducted = s.loc[(s["deduction"] < 0) & (s["member_id"] != capped), "member_id"].iloc[0]
    before = s[list(result.score_columns)].sum(axis=1)
    floored = s.loc[before < 0, "member_id"]
    return list(dict.fromkeys(["W0013", capped, deducted, *floored.head(1)]))


def test_archive_records_add_up_to_the_total(sample):
    store, result = sample
    members = archive_members(result)
    book = openpyxl.load_workbook(io.BytesIO(evaluation.archive_workbook(store, result, members)))
    assert len(book.sheetnames) == len(members)
    prov = result.provenance
    for member_id, ws in zip(members, book.worksheets):
        s = result.member(member_id)
        assert ws.title == s["name"]
        header, records = block_rows(ws, "计分明细")
        assert [h for h in header if h] == list(evaluation.RECORD_COLUMNS)   # 内容 spans two cells
        assert header[4:7] == ["封顶前", "计入分", "来源"]
        body, total = records[:-1], records[-1]
        assert len(body) == int((prov["member_id"] == member_id).sum())
        counted = round(sum(r[5] for r in body), 2)
        before_floor = round(float(s[list(result.score_columns)].sum()), 2)
        assert counted == pytest.approx(before_floor) == pytest.approx(total[5])
        assert max(before_floor, 0) == pytest.approx(s["total"])
        assert all(r[6] and "第" in r[6] and "行" in r[6] for r in body)     # file · sheet · row
        _, summary = block_rows(ws, "分项得分")
        assert summary[-1][5] == pytest.approx(before_floor)
        assert sum(r[5] for r in summary[:-1]) == pytest.approx(before_floor)
        if before_floor < 0:
            assert any("为负，总分按 0 分计" in (c.value or "") for c in ws["A"])
    capped = book.worksheets[1]
    _, summary = block_rows(capped, "分项得分")
    assert any("未计" in (r[1] or "") and r[4] > r[5] for r in summary)
    _, records = block_rows(capped, "计分明细")
    assert any(r[4] > r[5] for r in records[:-1])                         # before vs after the cap


def test_archive_has_facts_standing_term_and_signatures(demo_db_file, tmp_path):
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    store = Store(path)
    try:
        result = score_year(store, YEAR)
        term = [score_year(store, y) for y in evaluation.term_results_needed(store, result)]
        assert [r.year for r in term] == [YEAR - 1]
        book = openpyxl.load_workbook(io.BytesIO(evaluation.archive_workbook(store, result, ["W0013"], term)))
    finally:
        store.close()
    ws = book.worksheets[0]
    s = result.member("W0013")
    assert ws["A1"].value == "市政协委员履职档案（2025年度）"
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    for caption in ("基本情况", "考评结果", "分项得分", "计分明细", "本届（十四届）历年考评", "确认与意见"):
        assert caption in texts
    assert any(t.startswith("本人确认：") and "签字" in t for t in texts)
    assert any(t.startswith("联络组意见：") for t in texts)
    _, years = block_rows(ws, "本届（十四届）历年考评")
    assert [r[0] for r in years[:2]] == ["2024年", "2025年"]
    assert years[1][4] == pytest.approx(s["total"]) and years[1][1] == s["tier"]
    assert ws.page_setup.orientation == "portrait" and (ws.page_setup.fitToHeight or 1) == 1   # one page


def test_archive_sheet_names_are_unique_and_valid(sample):
    store, result = sample
    twice = result.scores[result.scores["name"].duplicated(keep=False)]
    members = list(twice["member_id"]) + list(result.scores["member_id"].head(3))
    book = openpyxl.load_workbook(io.BytesIO(evaluation.archive_workbook(store, result, members)))
    names = book.sheetnames
    assert len(set(names)) == len(names) == len(members)
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert f"{twice['name'].iloc[0]}-{twice['member_id'].iloc[0]}" in names


def test_archives_split_by_group(sample, tmp_path):
    store, result = sample
    files = evaluation.write_archives(store, result, tmp_path / "档案", made_on=MADE_ON)
    groups = result.scores["liaison_group"].fillna(evaluation.NO_GROUP)
    assert sorted(f.group for f in files) == sorted(groups.unique())
    assert sum(f.members for f in files) == len(result.scores)
    for f in files:
        assert f.path.name == f"2025年度-履职档案-{f.group}.xlsx" and f.path.exists()
        assert len(openpyxl.load_workbook(f.path, read_only=True).sheetnames) == f.members


def test_file_names_are_safe():
    assert evaluation.archive_file_name(2025, 'a/b\\c:d*e?f"g<h>i|j') == "2025年度-履职档案-a_b_c_d_e_f_g_h_i_j.xlsx"
    assert evaluation.member_archive_file_name(2025, "王/刚", "W:1") == "2025年度-履职档案-王_刚-W_1.xlsx"
    assert evaluation.evaluation_file_name(2025, "某市政协") == "某市政协2025年度委员履职考评结果.xlsx"
    assert export.safe_file_name("..") == "_" and export.safe_file_name(".x") == "x"


# -- the writer ----------------------------------------------------------------------------------------------
def test_writer_blocks_headers_and_empty_tables():
    frame = pd.DataFrame({("组", "甲"): [1, 2], ("组", "乙"): [1.5, None], ("合计", ""): [2.5, 2.0]})
    frame.columns = pd.MultiIndex.from_tuples(list(frame.columns))
    sheets = [export.Sheet("a", "标题", [export.Table(frame, amounts=[("合计", "")])], subtitle="副标题"),
              export.Sheet("b" * 40, "空", [export.Table(pd.DataFrame({"x": []}), empty="没有记录"),
                                            export.Pairs([("甲", "1"), ("乙", "=2")]),
                                            export.Text(["=1+1"]), export.Signatures(["本人确认"])])]
    book = openpyxl.load_workbook(io.BytesIO(export.workbook_bytes(sheets, body="市&政协")))
    assert book.sheetnames == ["a", "b" * 31]
    a = book["a"]
    assert [a.cell(3, c).value for c in (1, 2, 3)] == ["组", None, "合计"]
    assert [a.cell(4, c).value for c in (1, 2)] == ["甲", "乙"]
    assert "A3:B3" in {str(r) for r in a.merged_cells.ranges} and "C3:C4" in {str(r) for r in a.merged_cells.ranges}
    assert a.cell(5, 3).number_format == "0.00" and a.cell(6, 2).value is None
    assert a.oddFooter.right.text == "市&&政协"
    b = book["b" * 31]
    values = [c.value for row in b.iter_rows() for c in row if c.value is not None]
    assert "没有记录" in values and "=1+1" in values
    assert all(c.data_type == "s" for row in b.iter_rows() for c in row if c.value == "=1+1")


def test_wrapping_and_page_geometry():
    assert export.wrapped_lines("文化文史和学习委员会", 11.5) == 2
    assert export.wrapped_lines("abc", 10) == 1 and export.wrapped_lines("a\nb", 10) == 2
    assert export.width_for_lines(["第四界别活动组"], 2) >= 9
    assert export.wrapped_lines("第四界别活动组", export.width_for_lines(["第四界别活动组"], 2)) <= 2
    assert export.fit_scale([10] * 5, True) == 1.0
    assert 0.1 <= export.fit_scale([10] * 100, True) < 0.5
    assert export.split_columns([13, 15, 10.5, 31, 7.5, 7.5, 27], 3) == [(0, 2), (3, 4), (5, 6)]
    assert export.split_columns([5], 3) == [(0, 0)]


# -- LibreOffice: what prints ------------------------------------------------------------------------------
def libreoffice() -> str:
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if not found:
        pytest.skip("LibreOffice is not installed: apt-get install libreoffice-calc-nogui")
    return found


def convert_to_pdf(office: str, xlsx: Path, out: Path) -> Path:
    profile = out / "lo-profile"
    subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(xlsx)], check=True, capture_output=True, timeout=240)
    pdf = out / (xlsx.stem + ".pdf")
    assert pdf.exists(), f"no PDF from {xlsx.name}"
    return pdf


def test_printed_pages_are_the_planned_pages(sample_book, sample, tmp_path):
    office = libreoffice()
    path, layouts, book = sample_book
    store, result = sample
    planned = planned_pages(book)
    assert planned == {layout.name: layout.pages for layout in layouts}
    archive = tmp_path / "档案.xlsx"
    archive_layouts = evaluation.write_archive_workbook(store, result, archive_members(result), archive)
    for xlsx, expected in ((path, sum(planned.values())),
                           (archive, sum(layout.pages for layout in archive_layouts))):
        pdf = convert_to_pdf(office, xlsx, tmp_path)
        assert pdf_pages(pdf) == expected, xlsx.name


# -- the 年度导出 page and the profile download ---------------------------------------------------------------------
def test_export_page_offers_the_demo_on_an_empty_database(empty_app_db, monkeypatch):
    downloads = capture_downloads(monkeypatch)
    at = open_page("export")
    assert any("示例" in i.value for i in at.info)
    assert not downloads


def workbook_downloads(downloads: list[dict]) -> list[dict]:
    """The workbook and 履职档案 downloads (the page also offers Word documents and templates)."""
    return [d for d in downloads if d["file_name"].endswith(".xlsx") or "履职档案" in d["file_name"]]


def test_export_page_offers_the_workbook_and_the_archives(demo_app_db, monkeypatch):
    downloads = capture_downloads(monkeypatch)
    at = open_page("export")
    assert at.title[0].value == "年度导出"
    workbooks = workbook_downloads(downloads)
    names = [d["file_name"] for d in workbooks]
    assert names == ["市政协2025年度委员履职考评结果.xlsx", "2025年度-履职档案-东湖区联络组.xlsx",
                     "2025年度-履职档案-按委员联络组.zip"]
    store = Store.open(demo_app_db)
    result = score_year(store, YEAR)
    book = openpyxl.load_workbook(io.BytesIO(workbooks[0]["data"]()))
    assert book.sheetnames == SHEETS
    assert len(body_rows(book["考核明细"])) == len(result.scores)
    group = openpyxl.load_workbook(io.BytesIO(workbooks[1]["data"]()), read_only=True)
    members = result.scores[result.scores["liaison_group"] == "东湖区联络组"]
    assert len(group.sheetnames) == len(members)
    # another grouping and body name
    at.text_input(key="export_body").set_value("某市政协").run()
    at.selectbox(key="export_dimension").set_value("activity_group").run()
    assert not at.exception
    last = workbook_downloads(downloads)[-3:]
    assert last[0]["file_name"] == "某市政协2025年度委员履职考评结果.xlsx"
    assert last[1]["file_name"].startswith("2025年度-履职档案-第") and last[2]["file_name"].endswith("按界别活动组.zip")
    with zipfile.ZipFile(io.BytesIO(last[2]["data"]())) as z:
        groups = result.scores["activity_group"].dropna().unique()
        books = [n for n in z.namelist() if "/" not in n]
        assert sorted(books) == sorted(evaluation.archive_file_name(YEAR, g) for g in groups)
        first = openpyxl.load_workbook(io.BytesIO(z.read(books[0])))
        assert first.worksheets[0]["A1"].value == "某市政协委员履职档案（2025年度）"
        # and one file per member, in a folder per group, to print member by member
        singles = [n for n in z.namelist() if "/" in n]
        assert len(singles) == result.scores["activity_group"].notna().sum()
        single = openpyxl.load_workbook(io.BytesIO(z.read(singles[0])))
        assert len(single.sheetnames) == 1 and singles[0].split("/")[1].startswith("2025年度-履职档案-")


def test_profile_download_is_the_members_archive(demo_app_db, monkeypatch):
    downloads = capture_downloads(monkeypatch)
    open_page("profile", member="W0013")
    store = Store.open(demo_app_db)
    result = score_year(store, YEAR)
    name = result.member("W0013")["name"]
    assert downloads[-1]["file_name"] == f"2025年度-履职档案-{name}-W0013.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(downloads[-1]["data"]()))
    assert book.sheetnames == [name]
    _, records = block_rows(book[name], "计分明细")
    assert records[-1][5] == pytest.approx(result.member("W0013")["total"])
    _, years = block_rows(book[name], "本届（十四届）历年考评")
    assert [r[0] for r in years] == ["2024年", "2025年"]


# -- cli.py export ------------------------------------------------------------------------------------------
def test_cli_export_writes_the_workbook_and_the_archives(sample_db, tmp_path):
    db = tmp_path / "cli.duckdb"
    shutil.copy(sample_db, db)
    out, archives = tmp_path / "考评结果.xlsx", tmp_path / "档案"
    code, text = run_cli("export", "--year", YEAR, "--out", out, "--archives", archives, "--body", "某市政协", db=db)
    assert code == 0, text
    assert "考评工作簿已写入" in text and "履职档案已写入" in text
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == SHEETS and book["考核结果"]["A1"].value.startswith("某市政协2025年度")
    files = sorted(archives.glob("*.xlsx"))
    assert files and all(f.name.startswith("2025年度-履职档案-") for f in files)
    code, text = run_cli("export", "--year", YEAR, "--archives", tmp_path / "by-sector", "--archive-by", "sector", db=db)
    assert code == 0, text
    assert len(list((tmp_path / "by-sector").glob("*.xlsx"))) == len(expected_sectors())


def expected_sectors() -> set[str]:
    return {row["sector"] for row in expected_scores()}


def test_cli_export_exit_codes(sample_db, tmp_path):
    db = tmp_path / "cli.duckdb"
    shutil.copy(sample_db, db)
    bad = tmp_path / "bad.toml"
    bad.write_text("[tiers]\nthresholds = []\n", encoding="utf-8")
    out = tmp_path / "x.xlsx"
    code, text = run_cli("export", "--year", YEAR, "--rules", bad, "--out", out, db=db)
    assert code == 1 and "规则" in text and not out.exists()
    code, text = run_cli("export", "--year", YEAR, "--out", tmp_path / "no-such-dir" / "x.xlsx", db=db)
    assert code == 1 and "无法写入" in text
    assert run_cli("export", "--out", out, db=db)[0] == 2                   # no --year
    assert run_cli("export", "--year", YEAR, db=db)[0] == 2                 # nothing to write
    assert run_cli("export", "--year", YEAR, "--out", out, "--archive-by", "x", db=db)[0] == 2
    code, text = run_cli("export", "--help", db=db)
    assert code == 0 and "--archives" in text and "--archive-by" in text
    rules = tmp_path / "rules.toml"
    rules.write_text(default_rules().toml.replace('version = "default-1"', 'version = "test-9"'), encoding="utf-8")
    code, text = run_cli("export", "--year", YEAR, "--rules", rules, "--out", out, db=db)
    assert code == 0 and "test-9" in openpyxl.load_workbook(out)["考核明细"]["A2"].value
