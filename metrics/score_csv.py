"""The score CSV (docs/命令行.md, score): UTF-8 with BOM, one row per scored member, sorted by rank
then member id (not ranked last), the fixed columns, then one column per cap group in
the rule file's [caps] order, then bonus, deduction, adjustment (two decimals), then
``published``: whether these are the year's published (审定) results — 已审定（date who）,
未审定（结果随导入变化） or, for another rule set on a published year, 试算结果 — the same
text on every row, so a reader of any row (or of the file by csv.DictReader) knows.

Text that came from a file and starts like a formula (``FORMULA_STARTS``: = + - @, a tab or
a carriage return) is written with a leading apostrophe, so Excel or WPS opening the CSV
shows it instead of running it («=HYPERLINK(…)» → «'=HYPERLINK(…)»); the amounts, which
the engine writes, stay numbers («-5.00»)."""
from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from metrics.scoring import ScoreResult

FIXED_COLUMNS = ("member_id", "name", "sector", "party", "activity_group", "liaison_group",
                 "committee", "is_standing", "total", "rank", "sector_rank", "tier", "warnings")
WARNING_SEPARATOR = "；"
PUBLISHED_COLUMN = "published"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def two_decimals(value: float) -> str:
    """An amount holding exact cents as text with two decimals ('-5.00', '12.50')."""
    return str(Decimal(int(round(value * 100))).scaleb(-2))


def warnings_text(warnings) -> str:
    """[('劝辞', '本届全会无故缺席2次'), …] -> '劝辞（本届全会无故缺席2次）；…'."""
    return WARNING_SEPARATOR.join(f"{kind}（{reason}）" for kind, reason in warnings)


def csv_text(value) -> str:
    """Text as the CSV writes it: a leading apostrophe when it would start a formula."""
    text = "" if pd.isna(value) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _integer_text(series: pd.Series) -> pd.Series:
    return series.map(lambda v: "" if pd.isna(v) else str(int(v)))


def score_table(result: ScoreResult) -> pd.DataFrame:
    """The CSV as a table of strings, in CSV column order."""
    s = result.scores
    out = pd.DataFrame(index=s.index)
    for col in FIXED_COLUMNS[:7]:
        out[col] = s[col].map(csv_text)
    out["is_standing"] = s["is_standing"].map(lambda v: "1" if v else "0")
    out["total"] = s["total"].map(two_decimals)
    out["rank"] = _integer_text(s["rank"])
    out["sector_rank"] = _integer_text(s["sector_rank"])
    out["tier"] = s["tier"].map(csv_text)
    out["warnings"] = s["warnings"].map(warnings_text).map(csv_text)
    for col in result.score_columns:
        out[col] = s[col].map(two_decimals)
    out[PUBLISHED_COLUMN] = result.publication_text
    return out.reset_index(drop=True)


def score_csv(result: ScoreResult) -> str:
    """The CSV text, starting with the BOM."""
    buffer = io.StringIO()
    score_table(result).to_csv(buffer, index=False, lineterminator="\n")
    return "\ufeff" + buffer.getvalue()


def write_score_csv(result: ScoreResult, out: str | Path | BinaryIO) -> None:
    """Write the CSV (UTF-8 with BOM) to a path or a binary stream."""
    data = score_csv(result).encode("utf-8")
    if isinstance(out, (str, Path)):
        Path(out).write_bytes(data)
    else:
        out.write(data)
