"""No traceback, ever, from a file: any cell value of any type — numbers past every range
in date and duration formats, negative dates, booleans, times, strings of any script —
gives a record, a question or a cell error naming the cell, and the other files of the
same command go on."""
from __future__ import annotations

import subprocess
import sys
from datetime import datetime, time, timedelta

import pytest
import xlsxwriter
import xlwt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data import importer
from data.importer import analyse_file, import_file
from reading import vocab
from tests.conftest import ROOT, write_xlsx

HEADER = ["活动名称", "日期", "姓名", "出勤"]
FORMATS = [None, "yyyy-mm-dd", "hh:mm", "[h]:mm:ss", "yyyy-mm-dd hh:mm", "0.00", "@"]
values = st.one_of(
    st.integers(min_value=-(10 ** 30), max_value=10 ** 30), st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(), st.text(max_size=12), st.datetimes(min_value=datetime(1900, 3, 1)),
    st.times(), st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=10 ** 5)))


def xlsx_with(path, cells: list[tuple[int, int, object, str | None]]) -> None:
    """An attendance register whose row 2 holds the given cells, each in its number format."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("s")
    for column, label in enumerate(HEADER):
        sheet.write(0, column, label)
    for column, value in enumerate(["视察", "2025-05-01", "王刚", "出席"]):
        sheet.write(1, column, value)
    for row, column, value, number_format in cells:
        fmt = book.add_format({"num_format": number_format}) if number_format else None
        if isinstance(value, (datetime, time, timedelta)):
            sheet.write_datetime(row, column, value, fmt or book.add_format({"num_format": "yyyy-mm-dd"}))
        else:
            sheet.write(row, column, value, fmt)
    book.close()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(st.integers(1, 3), st.integers(0, 4), values, st.sampled_from(FORMATS)),
                      min_size=1, max_size=6))
def test_any_cell_value_gives_an_outcome_never_a_traceback(with_roster, tmp_path, cells):
    path = tmp_path / "2025年出勤.xlsx"
    xlsx_with(path, cells)
    outcome = analyse_file(with_roster, path).outcome
    assert outcome.status in ("checked", "questions", "rejected")
    unexpected = vocab.FILE_PROBLEMS["unexpected"][0]
    assert all(e.value != unexpected for e in outcome.errors), [e.message() for e in outcome.errors]
    assert all(e.message() for e in outcome.errors)


def test_a_number_past_every_duration_is_named_by_its_cell(with_roster, tmp_path):
    path = tmp_path / "2025年出勤.xlsx"
    xlsx_with(path, [(2, 0, "视察", None), (2, 1, 1e10, "[h]:mm:ss"), (2, 2, "李春", None), (2, 3, "出席", None),
                     (3, 0, "视察", None), (3, 1, "2025-05-02", None), (3, 2, "李春", None), (3, 3, "出席", None)])
    before = with_roster.table_contents()
    outcome = import_file(with_roster, path)
    assert outcome.status == "rejected" and with_roster.table_contents() == before
    [error] = outcome.errors
    assert (error.row, error.column, error.value) == (3, "B 列（日期）", "10000000000")
    assert "超出 Excel 日期和时间的范围" in error.expected


def test_an_xls_row_that_cannot_be_read_is_named_not_skipped(with_roster, tmp_path):
    path = tmp_path / "2025年出勤.xls"
    book = xlwt.Workbook()
    sheet = book.add_sheet("s")
    for column, label in enumerate(HEADER):
        sheet.write(0, column, label)
    for column, value in enumerate(["视察", 1e10, "王刚", "出席"]):
        sheet.write(1, column, value, xlwt.easyxf(num_format_str="[h]:mm:ss") if column == 1 else xlwt.Style.default_style)
    book.save(str(path))
    outcome = import_file(with_roster, path)
    assert outcome.status == "rejected"
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "")] and "超出" in outcome.errors[0].expected


def test_a_file_nobody_foresaw_is_refused_and_the_next_file_goes_on(with_roster, tmp_path, monkeypatch):
    bad = write_xlsx(tmp_path / "2025年坏.xlsx", {"s": [HEADER, ["视察", "2025-05-01", "王刚", "出席"]]})
    good = write_xlsx(tmp_path / "2025年好.xlsx", {"s": [HEADER, ["调研", "2025-06-01", "李春", "出席"]]})
    real = importer._parse_sheet

    def fails_on_the_bad_file(file, *args):
        if "坏" in file:
            raise OverflowError("a value nobody foresaw")
        return real(file, *args)

    monkeypatch.setattr(importer, "_parse_sheet", fails_on_the_bad_file)
    outcomes = importer.import_paths(with_roster, [bad, good])
    assert [o.status for o in outcomes] == ["rejected", "imported"]
    assert outcomes[0].errors[0].value == vocab.FILE_PROBLEMS["unexpected"][0]


def test_the_command_line_goes_on_after_a_refused_file(tmp_path, roster_file):
    huge = tmp_path / "2025年出勤.xlsx"
    xlsx_with(huge, [(1, 1, 1e12, "[h]:mm:ss")])
    good = write_xlsx(tmp_path / "2025年好.xlsx", {"s": [HEADER, ["调研", "2025-06-01", "李春", "出席"]]})
    done = subprocess.run([sys.executable, str(ROOT / "cli.py"), "import", str(roster_file), str(huge), str(good),
                           "--db", str(tmp_path / "c.duckdb")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "超出 Excel 日期和时间的范围" in done.stdout and "「2025年好.xlsx」已导入为批次" in done.stdout
