"""The sample city scores exactly as expected-default-2025.csv: `cli.py score --year 2025`
after importing its files, for every member and every column the expected file has."""
from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SAMPLE, SAMPLE_FILES


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    db = tmp_path_factory.mktemp("score") / "sample.duckdb"
    cli = [sys.executable, str(ROOT / "cli.py")]
    subprocess.run([*cli, "import", "--db", str(db), *(str(SAMPLE / n) for n in SAMPLE_FILES)],
                   check=True, capture_output=True)
    out = subprocess.run([*cli, "score", "--db", str(db), "--year", "2025"], check=True, capture_output=True)
    return out.stdout


def test_csv_is_utf8_with_bom_and_cli_columns_first(scored):
    assert scored.startswith("\ufeff".encode())
    header = scored.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:13] == ["member_id", "name", "sector", "party", "activity_group", "liaison_group", "committee",
                           "is_standing", "total", "rank", "sector_rank", "tier", "warnings"]
    assert header[-4:] == ["bonus", "deduction", "adjustment", "published"]


def test_every_member_and_column_equals_the_expected_file(scored):
    got = list(csv.DictReader(io.StringIO(scored.decode("utf-8-sig"))))
    want = list(csv.DictReader(open(SAMPLE / "expected-default-2025.csv", encoding="utf-8")))
    assert [g["member_id"] for g in got] == [w["member_id"] for w in want]  # sorted by rank, then id
    for g, w in zip(got, want):
        kinds = "；".join(part.split("（")[0] for part in g["warnings"].split("；") if part)
        assert kinds == w["warnings"], g["member_id"]
        for column in w:
            if column != "warnings":
                assert g[column] == w[column], (g["member_id"], column)


def test_warnings_carry_their_reasons(scored):
    rows = {r["member_id"]: r for r in csv.DictReader(io.StringIO(scored.decode("utf-8-sig")))}
    assert all("（" in part and part.endswith("）") for r in rows.values() for part in r["warnings"].split("；") if part)
    assert rows["W0036"]["warnings"].startswith("劝辞（")
