"""Cell values as offices write them → clean values: text, names, dates, marks, yes/no.
Parsers raise ``ValueError`` with what was expected (in Chinese); the importer turns it
into an error naming sheet, row, column and value."""
from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache

import opencc

from reading import vocab

_T2S = opencc.OpenCC("t2s")
_EXCEL_EPOCH = date(1899, 12, 30)


def is_blank(value) -> bool:
    if value is None:
        return True
    kind = type(value)
    if kind is str:
        return not value.strip()
    return kind is float and math.isnan(value)


# Control and format characters (zero-width spaces, BOM, direction marks) that travel
# unseen with text pasted from the web or chat apps; tab and line breaks are whitespace.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2064\ufeff]")


@lru_cache(maxsize=65536)
def _clean_str(value: str) -> str:
    return unicodedata.normalize("NFKC", _INVISIBLE.sub("", value)).strip()


def text(value) -> str:
    """NFKC text, trimmed; numbers written as integers lose their '.0'."""
    if type(value) is str:
        return _clean_str(value)
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10]
    return _clean_str(str(value))


def header_label(value) -> str:
    """A header cell as a lookup key: text without whitespace, required-markers or notes."""
    label = re.sub(r"\s+", "", text(value))
    label = re.sub(r"[(\[【][^)\]】]*[)\]】]$", "", label)
    return label.strip("*")


_BRACKETS = re.compile(r"[(\[【<《][^)\]】>》]*[)\]】>》]")
_WS = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def clean_name(value: str) -> tuple[str, bool]:
    """A person's name without whitespace, bracketed notes or marks; and whether it
    carried ★ (a 常委 on a roster)."""
    raw = text(value)
    starred = "★" in raw or "☆" in raw
    name = _BRACKETS.sub("", raw)
    name = _WS.sub("", name)
    name = name.translate({ord(c): None for c in vocab.NAME_MARKS})
    return name, starred


@lru_cache(maxsize=65536)
def simplified(name: str) -> str:
    return _T2S.convert(name)


_SEPARATORS = re.compile("[" + re.escape(vocab.NAME_SEPARATORS) + "]")


def split_names(value, known: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Names in one cell, split on 、，,；; and spaces. A run of one-character pieces is a
    padded name ("周  轩"), and a cell whose whole text is a known name is one name."""
    names: list[str] = []
    for part in _SEPARATORS.split(text(value)):
        part = _BRACKETS.sub("", part).strip()
        if not part:
            continue
        whole, _ = clean_name(part)
        if whole in known or simplified(whole) in known:
            names.append(whole)
            continue
        names.extend(_join_padded(part.split(), known))
    return [n for n in names if n]


def _join_padded(tokens: list[str], known: frozenset[str] | set[str]) -> list[str]:
    """Runs of one-character tokens are padded names ("周 轩", or "王 刚 李 春" split into
    known names); a lone one joins the next token ("周 子轩"), or the previous one."""
    out: list[str] = []
    run = ""
    for token in (clean_name(t)[0] for t in tokens):
        if len(token) == 1:
            run += token
            continue
        if len(run) == 1:
            token, run = run + token, ""
        if run:
            out.extend(_segment(run, known))
            run = ""
        out.append(token)
    if len(run) == 1 and out:
        out[-1] += run
    elif run:
        out.extend(_segment(run, known))
    return out


def _segment(run: str, known: frozenset[str] | set[str]) -> list[str]:
    """A run of characters as consecutive known names, or as one name."""
    if run in known or len(run) < 4:
        return [run]
    for size in (2, 3, 4):
        head, rest = run[:size], run[size:]
        if head in known and len(rest) >= 2:
            tail = _segment(rest, known)
            if all(t in known for t in tail):
                return [head, *tail]
    return [run]


_SYMBOL_CATEGORIES = frozenset({"So", "Sk", "Co", "Cs"})


def has_symbols(name: str) -> bool:
    """Whether a cleaned name holds an emoji or another pictographic symbol."""
    return any(unicodedata.category(ch) in _SYMBOL_CATEGORIES for ch in name)


def is_body(name: str) -> bool:
    """A party committee, a 界别 or a group named where a person could be."""
    return len(name) > 4 or any(word in name for word in vocab.BODY_WORDS)


# -- dates -------------------------------------------------------------------------
_FULL_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
DATE_EXPECTED = "日期，如 2025-03-05、2025/3/5、2025.3.5、2025年3月5日、20250305、3月5日、2025年3月 或 3月上旬"


def parse_date(value, year: int | None) -> date:
    """A date as written; a date without a year takes ``year``; a range takes its first day."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not float(value).is_integer() and year is not None:
            return parse_date(f"{value:.2f}".rstrip("0"), year)
        return _from_number(value)
    raw = text(value)
    if not raw:
        raise ValueError(DATE_EXPECTED)
    if m := _FULL_DATE.match(raw):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _COMPACT.match(raw):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if re.fullmatch(r"\d+(\.0+)?", raw) and len(raw.split(".")[0]) == 5:
        return _from_number(float(raw))
    if m := _MONTH_DAY.match(raw):
        return _make_date(_year_given(year), int(m[1]), int(m[2]))
    if m := _period(raw):
        return _make_date(int(m["year"]) if m["year"] else _year_given(year), int(m["month"]),
                          vocab.XUN_FIRST_DAYS.get(m["xun"], 1))
    raise ValueError(DATE_EXPECTED)


def _year_given(year: int | None) -> int:
    if year is None:
        raise ValueError("带年份的日期（无法从标题、文件名或所选年度确定年份）")
    return year


# A month («2025年3月») or a 旬 of one («3月上旬»): read as the period's first day.
_PERIOD = re.compile(r"^(?:(?P<year>\d{4})\s*年\s*)?(?P<month>\d{1,2})\s*月份?\s*(?:(?P<xun>[上中下])旬)?$")


def _period(raw: str) -> re.Match | None:
    """A month with its year, or a 旬 («3月» alone is no date)."""
    m = _PERIOD.match(raw)
    return m if m and (m["year"] or m["xun"]) else None


def date_period(value) -> str | None:
    """'月' or '旬' when a cell gives only a month or a 旬 of one (its date is the period's
    first day, which the check tells the clerk), else None."""
    m = _period(text(value)) if type(value) is str else None
    return None if m is None else "旬" if m["xun"] else "月"


def _from_number(value: float) -> date:
    if 20000101 <= value <= 21001231 and float(value).is_integer():
        digits = str(int(value))
        return _make_date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    if 1 <= value < 2958466 and float(value).is_integer():
        return _EXCEL_EPOCH + timedelta(days=int(value))
    raise ValueError(DATE_EXPECTED)


def _make_date(y: int, m: int, d: int) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise ValueError(f"有效日期（{y}年{m}月{d}日不存在）") from None


_DATE_IN_TEXT = re.compile(
    r"((?:\d{4}\s*[-/.年]\s*)?\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?(?:\s*[-—~至]\s*\d{1,2}(?:[.月]\d{1,2})?日?)?)"
)


def split_event_header(value, year: int | None) -> tuple[str, date] | None:
    """An event column header of a matrix register: ("3月5日 专题协商会") → (name, date)."""
    raw = text(value)
    m = _DATE_IN_TEXT.search(raw)
    if not m:
        return None
    try:
        when = parse_date(m.group(1), year)
    except ValueError:
        return None
    name = (raw[: m.start()] + " " + raw[m.end():]).strip(" -—_:：()")
    return name, when


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def year_in_text(value: str) -> int | None:
    """The assessment year named in a title or file name ("2025年度…", "2025年提案目录")."""
    m = _YEAR.search(text(value))
    return int(m.group(1)) if m else None


def years_in_text(value: str) -> frozenset[int]:
    """Every year a title or file name names ("2024-2025年度" → 2024 and 2025)."""
    return frozenset(int(y) for y in _YEAR.findall(text(value)))
