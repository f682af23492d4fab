"""The year-end paper checked on paper (issue 16): the demo city's evaluation workbook and
one group's 履职档案 converted to PDF with LibreOffice, as an office would print them.

Type size is measured from the PDF with ``pdftotext -bbox``: a CJK character's glyph is
one em wide in every CJK font, so a word of CJK characters only is ``size`` points per
character wide whatever the font and the print scale — more robust than word heights
(which depend on the font's ascent and descent) or the PDF's font operators (which
LibreOffice combines with a scaling matrix)."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from data import export
from data.store import Store
from metrics import evaluation
from metrics.scoring import score_year
from tests.test_export import convert_to_pdf, libreoffice, pdf_pages

YEAR = 2025
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>')


@pytest.fixture(scope="module")
def printed(demo_db_file, tmp_path_factory):
    """The demo city's workbook and the first liaison group's archives, each as a PDF."""
    office = libreoffice()
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils is not installed")
    out = tmp_path_factory.mktemp("paper")
    path = out / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    store = Store(path)
    try:
        result = score_year(store, YEAR)
        term = [score_year(store, y) for y in evaluation.term_results_needed(store, result)]
        book = evaluation.write_evaluation_workbook(store, result, out / "考评.xlsx", made_on=date(2025, 12, 1))
        group, members = next(iter(evaluation.archive_groups(result).items()))
        archive = evaluation.write_archive_workbook(store, result, members, out / "档案.xlsx", term)
    finally:
        store.close()
    pdfs = {name: convert_to_pdf(office, out / f"{name}.xlsx", out) for name in ("考评", "档案")}
    return result, book, archive, pdfs


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def cjk_word_sizes(pdf: Path, page: int) -> dict[str, float]:
    """Each all-CJK word of a page -> its type size in points (width / characters)."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return {w: (float(b) - float(a)) / len(w) for a, b, w in WORD.findall(xml)
            if len(w) >= 2 and all(unicodedata.east_asian_width(c) == "W" for c in w)}


def page_numbers(pdf: Path) -> list[tuple[int, int]]:
    """'第 n 页 / 共 m 页' of every page, in order."""
    out = []
    for page in range(1, pdf_pages(pdf) + 1):
        found = re.search(r"第\s*(\d+)\s*页\s*/\s*共\s*(\d+)\s*页", page_text(pdf, page))
        out.append((int(found.group(1)), int(found.group(2))) if found else None)
    return out


def test_summary_prints_on_a4_at_nine_points_or_more(printed):
    """考核结果: about (members / rows per page) pages; every member's name at ≥ 9 pt."""
    result, book, _, pdfs = printed
    summary = book[0]
    assert summary.name == "考核结果" and summary.scale == 1.0
    rows_per_page = len(result.scores) / summary.pages
    assert 20 <= rows_per_page <= 35, rows_per_page
    names = set(result.scores["name"])
    pdf = pdfs["考评"]
    seen: set[str] = set()
    for page in range(1, summary.pages + 1):
        sizes = cjk_word_sizes(pdf, page)
        printed_names = [w for w in sizes if w in names]
        assert printed_names, page
        assert min(sizes[w] for w in printed_names) >= 9, (page, min(sizes[w] for w in printed_names))
        seen.update(printed_names)
    assert len(seen) >= 0.9 * len(names)     # the names measured are the members' names
    last = page_text(pdf, summary.pages)
    assert "审核" in last and "主席会议审定" in last


def test_every_sheet_numbers_its_own_pages(printed):
    """Page numbers run 1..m on each sheet, m its own page count; the PDF has the planned pages."""
    _, book, _, pdfs = printed
    numbers = page_numbers(pdfs["考评"])
    assert len(numbers) == sum(layout.pages for layout in book)
    expected = [(n, layout.pages) for layout in book for n in range(1, layout.pages + 1)]
    assert numbers == expected


def test_group_totals_print_with_their_table_and_filled(printed):
    """界别汇总: the 合计 row never alone on a page, and none of its cells blank."""
    _, book, _, pdfs = printed
    start = sum(layout.pages for layout in book[:next(i for i, l in enumerate(book) if l.name == "界别汇总")])
    sectors = next(layout for layout in book if layout.name == "界别汇总")
    last = page_text(pdfs["考评"], start + sectors.pages)
    lines = [line for line in last.splitlines() if line.strip() and "页" not in line]
    total = next(line for line in lines if line.strip().startswith(evaluation.SUM_LABEL))
    assert len(lines) >= 3, lines                       # with some of the table's rows
    assert len(total.split()) >= 20, total               # every column filled


def test_rules_print_without_toml_or_keys(printed):
    _, book, _, pdfs = printed
    start = sum(layout.pages for layout in book[:-1])
    text = "".join(page_text(pdfs["考评"], p) for p in range(start + 1, start + book[-1].pages + 1))
    assert "活动出勤" in text and "[caps]" not in text and "规则键" not in text
    assert not re.search(r"[A-Za-z]{4,}", text)


def test_each_archive_prints_as_one_page_numbered_for_its_member(printed):
    result, _, archive, pdfs = printed
    numbers = page_numbers(pdfs["档案"])
    assert len(numbers) == sum(layout.pages for layout in archive)
    expected = [(n, layout.pages) for layout in archive for n in range(1, layout.pages + 1)]
    assert numbers == expected
    fitted = [layout for layout in archive if layout.fitted]
    assert len(fitted) >= len(archive) / 2
    assert all(layout.pages == 1 for layout in fitted)
    first = page_text(pdfs["档案"], 1)
    assert f"{archive[0].name}履职档案" in first


def test_a_total_never_starts_a_page_alone():
    """For tables of every length around a page break, the rows after the last break
    (the total included) are at least three: the total stays with its table."""
    for n in range(20, 70):
        frame = pd.DataFrame({"界别": [f"界别{i}" for i in range(n)] + [evaluation.SUM_LABEL],
                              "委员数": list(range(n)) + [sum(range(n))]})
        sheet = export.Sheet("汇总", "标题", [export.Table(frame, bold_rows=(n,))], subtitle="副标题")
        buffer = io.BytesIO()
        layout = export.write_workbook([sheet], buffer)[0]
        if not layout.breaks:
            continue
        rows = list(openpyxl.load_workbook(buffer).active.iter_rows(min_row=layout.breaks[-1] + 1, values_only=True))
        body = [r for r in rows if r[0] and r[0] != "界别"]
        assert body[-1][0] == evaluation.SUM_LABEL and len(body) >= 3, (n, body)   # total + 2 rows
