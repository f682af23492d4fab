"""What an office taught the importer, as the reader takes it: its own words for coded
columns, its columns mapped to fields, categories given to events and the first year of
each term. Built from the rows of the database's ``taught`` table; plain data here."""
from __future__ import annotations

from dataclasses import dataclass, field

from reading import normalize as nz
from reading import vocab
from reading.values import Question, Vocabulary

COLUMN, EVENT, TERM, FILE_YEAR = "column", "event", "term", "file_year"
ANY_SHEET = "*"


def column_written(sheet: str, label: str) -> str:
    """How a column mapping is stored: 'SHEET|label' with the label as a header key."""
    return f"{sheet or ANY_SHEET}|{nz.header_label(label)}"


def file_year_written(file_stem: str, title: str) -> str:
    """How the answer to «which year is this file» is kept: its name and its title, as the
    question showed them (the same file sent again is not asked again)."""
    return nz.text(f"文件名「{file_stem}」，标题「{title}」")


def describe(domain: str, written: str, meaning: str) -> str:
    """One answer in words, for the audit log and the lists: 'mark「公出」= leave'."""
    if domain == COLUMN:
        sheet, _, label = written.partition("|")
        where = "任意工作表" if sheet == ANY_SHEET else f"工作表「{sheet}」"
        return f"列映射：{where}的「{label}」列 → {field_label(meaning)}"
    if domain == EVENT:
        return f"活动类别：{written} → {category_label(meaning)}"
    if domain == TERM:
        return f"届次：{written} 第一年 {meaning}"
    if domain == FILE_YEAR:
        return f"文件的年度：{written} → {meaning} 年"
    return f"{vocab.VALUES[domain]['label']}：「{written}」= {meaning_label(domain, meaning)}"


def category_label(code: str) -> str:
    return next((name for c, name, _ in vocab.EVENT_CATEGORIES if c == code), code)


def meaning_label(domain: str, meaning: str) -> str:
    """A meaning in words: 'leave' of a mark is 请假; 市 of adoption is 市政协采用."""
    if domain == "category":
        return category_label(meaning)
    return vocab.VALUES[domain].get("meanings", {}).get(meaning) or meaning or "（空）"


def field_label(fld: str) -> str:
    return next((f"{c.label}（{fld}）" for c in vocab.COLUMNS if c.field == fld), fld)


@dataclass(frozen=True)
class Knowledge:
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    columns: dict[tuple[str, str], str] = field(default_factory=dict)  # (sheet or *, header key) → field
    events: dict[str, str] = field(default_factory=dict)  # event key → category code
    terms: dict[str, int] = field(default_factory=dict)  # 届次 → its first year
    file_years: dict[str, int] = field(default_factory=dict)  # file_year_written → the year the clerk chose

    @classmethod
    def from_rows(cls, rows) -> Knowledge:
        values: dict[str, dict[str, str]] = {}
        columns, events, terms, file_years = {}, {}, {}, {}
        for domain, written, meaning in rows:
            if domain == COLUMN:
                sheet, _, label = written.partition("|")
                columns[(sheet, label)] = meaning
            elif domain == EVENT:
                events[written] = meaning
            elif domain == TERM:
                terms[written] = int(meaning)
            elif domain == FILE_YEAR:
                file_years[written] = int(meaning)
            else:
                values.setdefault(domain, {})[written] = meaning
        return cls(Vocabulary(values), columns, events, terms, file_years)

    def mapped(self, sheet: str, label: str) -> str | None:
        """The field a header label was mapped to on this sheet, or on any sheet."""
        key = nz.header_label(label)
        return self.columns.get((sheet, key)) or self.columns.get((ANY_SHEET, key))


def choices(question: Question) -> dict[str, str]:
    """What the answer to a question may be: meaning → its Chinese text."""
    if question.choices:
        return dict(question.choices)
    if question.domain == "category":
        return {code: name for code, name, _ in vocab.EVENT_CATEGORIES}
    spec = vocab.VALUES[question.domain]
    if spec.get("meanings") is not None:
        return dict(spec["meanings"])
    return {m: m for m in spec.get("exact", {})}
