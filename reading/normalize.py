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


def as_typed(value) -> str:
    """A value for a message, as the clerk typed it: text only trimmed (no NFKC, so «…»,
    «−5» and full-width digits show as they are), other values as ``text`` gives them."""
    return value.strip() if type(value) is str else text(value)


def header_label(value) -> str:
    """A header cell as a lookup key: text without whitespace, required-markers or notes."""
    return _header_key(text(value))


_SPACES = re.compile(r"\s+")
_TRAILING_NOTE = re.compile(r"[(\[【][^)\]】]*[)\]】]$")


@lru_cache(maxsize=65536)
def _header_key(label: str) -> str:
    return _TRAILING_NOTE.sub("", _SPACES.sub("", label)).strip("*")


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


# A separator outside brackets: «民建市委会（王秀英、何雪梅）» is one part.
_SEPARATORS = re.compile("[" + re.escape(vocab.NAME_SEPARATORS) + "](?![^(（\\[【]*[)）\\]】])")
_NOTES = re.compile(r"[(（\[【]([^)）\]】]*)[)）\]】]")
# «周明等5人»: the lead is named, the others are not.
_AND_OTHERS = re.compile(r"^(.+?)等\s*(?:\d+|[一二三四五六七八九十]+)?\s*[人名位]$")


def split_names(value, known: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Names in one cell, split on 、，,；; and spaces. A run of one-character pieces is a
    padded name ("周  轩"), and a cell whose whole text is a known name is one name."""
    return [name for name, _ in split_people(value, known)]


def split_people(value, known: frozenset[str] | set[str] = frozenset()) -> list[tuple[str, str]]:
    """The people one cell names, each with the note written in brackets beside it
    («王磊（教育界）» → 王磊, 教育界). A unit with a member in brackets «民建市委会（王秀英）»
    names the member; «周明等5人» names 周明 alone (the others are unknown)."""
    people: list[tuple[str, str]] = []
    for part in _SEPARATORS.split(text(value)):
        notes = bracket_notes(part)
        outer = _NOTES.sub("", part).strip()
        if m := _AND_OTHERS.match(outer):
            outer = m.group(1)
        members = split_names(notes[0], known) if notes else []
        if members and (not outer or is_body(clean_name(outer)[0])) and not any(map(is_body, members)):
            people += [(n, "") for n in members]
            continue
        names = _names_in(outer, known)
        note = notes[0] if notes and len(names) == 1 else ""
        people += [(n, note) for n in names]
    return people


def bracket_notes(value) -> list[str]:
    """The notes written in brackets in a cell: «王磊（教育界）» → [教育界]."""
    return [n.strip() for n in _NOTES.findall(text(value)) if n.strip()]


def _names_in(part: str, known: frozenset[str] | set[str]) -> list[str]:
    if not part:
        return []
    whole, _ = clean_name(part)
    if whole in known or simplified(whole) in known:
        return [whole]
    return [n for n in _join_padded(part.split(), known) if n]


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


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """What two ways of writing one name share: cleaned (no spaces, brackets or marks)
    and in simplified characters. Matching compares these, at import and at read time."""
    return simplified(clean_name(name)[0])


@lru_cache(maxsize=4096)
def sector_key(sector: str | None) -> str:
    """A 界别 as matching compares it: the roster's full name for an office's short one
    (医卫界 → 医药卫生界), 教育界别 as 教育界, simplified characters; '' for none."""
    key = simplified(re.sub(r"\s+", "", text(sector)))
    key = re.sub(r"界别$", "界", key)
    return vocab.SECTOR_SHORT_NAMES.get(key, key)


def is_sector_note(note: str) -> bool:
    """Whether a note in brackets after a name is a 界别 («王磊（教育界）»), not another remark."""
    key = sector_key(note)
    return bool(key) and (key.endswith("界") or key in vocab.SECTOR_SHORT_NAMES.values()
                          or key in vocab.SECTOR_SHORT_NAMES)


_SYMBOL_CATEGORIES = frozenset({"So", "Sk", "Co", "Cs"})


def has_symbols(name: str) -> bool:
    """Whether a cleaned name holds an emoji or another pictographic symbol."""
    return any(unicodedata.category(ch) in _SYMBOL_CATEGORIES for ch in name)


def can_be_a_name(name: str) -> bool:
    """Whether a cleaned name could name someone: not digits or punctuation alone, and not
    longer than a person's name unless it names a body (a party committee, a group)."""
    if not any(ch.isalpha() for ch in name):
        return False
    return len(name) <= vocab.MAX_NAME_LENGTH or any(word in name for word in vocab.BODY_WORDS)


def is_body(name: str) -> bool:
    """A party committee, a 界别 or a group named where a person could be."""
    return len(name) > 4 or any(word in name for word in vocab.BODY_WORDS)


# -- dates -------------------------------------------------------------------------
# A date is read whole: the year first (four digits), then month and day; after it only a
# range's last day («3月5日-7日», whose first day is the date), a weekday that agrees with it
# («（周三）»), a part of the day («上午») and a time («14:30», «9:00-11:30»). Anything else
# after it, a year written last («3/5/2024») or in two digits («25.3.5»), and a day that does
# not exist are errors naming the cell, never read in part.
_DAY_END = r"\s*[日号]?"
_FULL_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})" + _DAY_END)
_ISO_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[月.\-/]\s*(\d{1,2})" + _DAY_END)
_YEAR_NOT_FIRST = re.compile(r"^\d{1,2}\s*([-/.])\s*\d{1,2}\s*\1\s*(\d{2}|\d{4})(?!\d)")
_SHORT_YEAR = re.compile(r"^(\d{2})\s*(?:年|[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?!\d))")
_RANGE_END = re.compile(r"^\s*[-—–~～至到]\s*(?:(\d{4})\s*[-/.年]\s*)?(?:(\d{1,2})\s*[月.\-/]\s*)?(\d{1,2})"
                        + _DAY_END)
_WEEKDAY = re.compile(r"^\s*[(（]?\s*(?:周|星期|礼拜)([一二三四五六日天])\s*[)）]?")
_WEEKDAYS = "一二三四五六日"
_TIME = r"\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?"
_TIME_OF_DAY = re.compile(r"^\s*(?:上午|下午|中午|晚上|早上|傍晚|全天|全日)?\s*(?:" + _TIME + r"(?:\s*[-—–~～至到]\s*"
                          + _TIME + r")?)?\s*$")
_CN_DATE_PART = re.compile("([〇零一二三四五六七八九十]+)(?=\\s*[年月日号])")
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
    raw = _arabic_date(text(value))
    if not raw:
        raise ValueError(DATE_EXPECTED)
    if m := _ISO_TIME.match(raw):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _FULL_DATE.match(raw):
        return _with_rest(_make_date(int(m[1]), int(m[2]), int(m[3])), raw[m.end():], raw)
    if m := _COMPACT.match(raw):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if re.fullmatch(r"\d+(\.0+)?", raw) and len(raw.split(".")[0]) == 5:
        return _from_number(float(raw))
    if _YEAR_NOT_FIRST.match(raw) or _SHORT_YEAR.match(raw):
        raise ValueError(vocab.CHECK_MESSAGES["date_year_not_first"])
    if m := _MONTH_DAY.match(raw):
        return _with_rest(_make_date(_year_given(year), int(m[1]), int(m[2])), raw[m.end():], raw)
    if m := _period(raw):
        return _make_date(int(m["year"]) if m["year"] else _year_given(year), int(m["month"]),
                          vocab.XUN_FIRST_DAYS.get(m["xun"], 1))
    raise ValueError(DATE_EXPECTED)


def _with_rest(when: date, rest: str, raw: str) -> date:
    """The date, when what follows it in the cell is a range's last day, a weekday that agrees,
    a part of the day or a time; else a ``ValueError`` saying which."""
    if m := _RANGE_END.match(rest):
        last = _make_date(int(m[1]) if m[1] else when.year, int(m[2]) if m[2] else when.month, int(m[3]))
        if last < when:
            raise ValueError(vocab.CHECK_MESSAGES["date_range"].format(first=when.isoformat(), last=last.isoformat()))
        rest = rest[m.end():]
    if m := _WEEKDAY.match(rest):
        said = _WEEKDAYS.index("日" if m[1] == "天" else m[1])
        if said != when.weekday():
            raise ValueError(vocab.CHECK_MESSAGES["date_weekday"].format(
                day=when.isoformat(), weekday=_WEEKDAYS[when.weekday()], written=m[1]))
        rest = rest[m.end():]
    if not _TIME_OF_DAY.match(rest):
        raise ValueError(vocab.CHECK_MESSAGES["date_trailing"].format(rest=rest.strip()))
    return when


def _arabic_date(raw: str) -> str:
    """A date written in Chinese numerals («二〇二五年三月五日») in Arabic digits (2025年3月5日);
    a year must be four digits («二五年» is refused later as a two-digit year)."""
    if not _CN_DATE_PART.search(raw):
        return raw

    def arabic(m: re.Match) -> str:
        digits = m.group(1)
        if "十" not in digits:
            return "".join(str(_CN_DIGITS[ch]) for ch in digits)
        number = chinese_number(digits)
        return str(number) if number is not None else digits
    return _CN_DATE_PART.sub(arabic, raw)


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
    m = _period(_arabic_date(text(value))) if type(value) is str else None
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


# The date part of an event column's header («3月5日 专题协商会», «专题协商会（2025.3.5）»).
_DATE_IN_TEXT = re.compile(
    r"((?:\d{4}\s*[-/.年]\s*)?\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*[日号]?(?:\s*[-—~至]\s*\d{1,2}(?:[.月]\d{1,2})?[日号]?)?)"
)


def split_event_header(value, year: int | None) -> tuple[str, date] | None:
    """An event column header of a matrix register: ("3月5日 专题协商会") → (name, date); None
    when it holds no date; a ``ValueError`` when its date cannot be read (2月30日, «3/5/2024»)."""
    raw = _arabic_date(text(value))
    m = _DATE_IN_TEXT.search(raw)
    if not m:
        return None
    rest = raw[m.end():]
    if re.match(r"\s*[-/.]\s*\d", rest) or (m.start() and raw[m.start() - 1].isdigit()):
        raise ValueError(vocab.CHECK_MESSAGES["date_year_not_first"])  # «3/5/2024 视察», «25.3.5 视察»
    when = parse_date(m.group(1), year)
    name = (raw[: m.start()] + " " + rest).strip(" -—_:：()（）")
    return name, when


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def year_in_text(value: str) -> int | None:
    """The assessment year named in a title or file name ("2025年度…", "2025年提案目录")."""
    m = _YEAR.search(text(value))
    return int(m.group(1)) if m else None


def years_in_text(value: str) -> frozenset[int]:
    """Every year a title or file name names ("2024-2025年度" → 2024 and 2025)."""
    return frozenset(int(y) for y in _YEAR.findall(text(value)))


# -- sessions of a term: 十届三次会议 -----------------------------------------------------------
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SESSION = re.compile(r"第?([一二三四五六七八九十\d]+)\s*届\s*(?:[^\d届]{0,8}?)第?([一二三四五六七八九十\d]+)\s*次(?:全体)?会议")


def chinese_number(value: str) -> int | None:
    """十 → 10, 十四 → 14, 二十三 → 23, 14 → 14 (numbers up to 99, as terms and sessions run)."""
    if value.isdigit():
        return int(value)
    if not value or any(ch not in _CN_DIGITS and ch != "十" for ch in value):
        return None
    tens, _, ones = value.partition("十")
    if "十" not in value:
        return _CN_DIGITS.get(value) if len(value) == 1 else None
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def session_year(value: str, terms: dict[str, int]) -> int | None:
    """The year of a session named in a title («十届三次会议» is the third year of the tenth
    term), from the first year of each term the office gave (``terms``: 届次 → year)."""
    m = _SESSION.search(text(value))
    if not m or not terms:
        return None
    term, session = chinese_number(m.group(1)), chinese_number(m.group(2))
    first = next((y for name, y in terms.items() if chinese_number(re.sub(r"^第|届$", "", name)) == term), None)
    return first + session - 1 if first and session else None


_NUMERALS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}


def term_ordinal(term: str | None) -> int:
    """'十四届' -> 14 (also '第十四届', '14届'); -1 when not a number."""
    digits = re.sub(r"[第届\s]", "", term or "")
    if digits.isdigit():
        return int(digits)
    if not digits or any(ch not in _NUMERALS and ch not in "十百" for ch in digits):
        return -1
    total, digit = 0, 0
    for ch in digits:
        if ch in _NUMERALS:
            digit = _NUMERALS[ch]
        else:
            total += (digit or 1) * (10 if ch == "十" else 100)
            digit = 0
    return total + digit
