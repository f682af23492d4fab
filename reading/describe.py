"""The reading's tables as the office's documentation shows them: docs/导入格式.md holds
sections written from ``vocab`` and ``vocabulary.toml`` between markers, so the document
and the tables are one. ``python -m reading.describe`` rewrites those sections; a test
fails when they are out of date.

    <!-- 表格:columns -->  … generated …  <!-- /表格 -->
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from reading import vocab

DOC = Path(__file__).resolve().parent.parent / "docs" / "导入格式.md"
_SECTION = re.compile(r"(<!-- 表格:(\w+) -->\n)(.*?)(<!-- /表格 -->)", re.S)


def _cells(words) -> str:
    return "、".join(w if w else "（空）" for w in words) or "—"


def columns_section() -> str:
    lines = []
    for kind, name in vocab.KINDS.items():
        required = set(vocab.required_fields(kind))
        lines += [f"**{name}**（{kind}）", "", "| 字段 | 列名 | 也认作 | 必需 |", "| --- | --- | --- | --- |"]
        for col in vocab.columns_of(kind):
            needed = "是" if col.field in required else ""
            lines.append(f"| `{col.field}` | {col.label} | {_cells(col.aliases)} | {needed} |")
        for options in vocab.REQUIRED_ANY.get(kind, ()):
            lines.append(f"| | 以下至少一列：{'、'.join(_label(o) for o in options)} | | 是 |")
        lines.append("")
    return "\n".join(lines)


def _label(fld: str) -> str:
    return next((c.label for c in vocab.COLUMNS if c.field == fld), fld)


def values_section() -> str:
    lines = []
    for domain, spec in vocab.VALUES.items():
        meanings = spec.get("meanings", {})
        lines += [f"**{spec['label']}**（`{domain}`）", "", "| 含义 | 整格写作 | 格中含有 |", "| --- | --- | --- |"]
        keys = list(dict.fromkeys([*meanings, *spec.get("exact", {}), *spec.get("contains", {}),
                                   *spec.get("ends", {})]))
        for key in keys:
            shown = f"{meanings.get(key, key) or '（空）'}（`{key}`）" if key in meanings else (key or "（空）")
            contained = [*spec.get("contains", {}).get(key, ()), *(f"…{w}" for w in spec.get("ends", {}).get(key, ()))]
            lines.append(f"| {shown} | {_cells(spec.get('exact', {}).get(key, ()))} | {_cells(contained)} |")
        if "negated_by" in spec:
            lines.append(f"| 否定：{meanings.get(spec['negated'], spec['negated']) or '（空）'} | "
                         f"{_cells(spec['negated_by'])} | （格中含有这些词时，不论还写了什么） |")
        lines.append("")
    return "\n".join(lines)


def categories_section() -> str:
    lines = ["| 类别 | 代码 | 活动名称或类别中含有 |", "| --- | --- | --- |"]
    for code, name, words in vocab.EVENT_CATEGORIES:
        lines.append(f"| {name} | `{code}` | {_cells(vocab.KEYWORD_PATTERNS_IN_WORDS.get(w, w) for w in words)} |")
    return "\n".join(lines) + "\n"


def rows_section() -> str:
    people = "、".join(_label(f) for f in vocab.SUBJECT_FIELDS)
    return "\n".join([
        f"- 合计行：首个非空格以 {_cells(vocab.TOTAL_WORDS)} 开头，且 {people} 等列都是空的；",
        f"- 表尾说明行：首个非空格以 {_cells(vocab.FOOTER_WORDS)} 开头，且上述各列都是空的"
        "（备注中写「审核通过」的数据行仍是数据）；",
        f"- 统计行和统计列：行的首个非空格或列名是 {_cells(vocab.STATS_WORDS)}（以及带 合计 的列名），"
        "只计数，从不当作出勤标记；",
        "",
    ])


def layouts_section() -> str:
    lists = "、".join(f"{_label(f)}（{vocab.STATUSES[s]}）" for f, s in vocab.PARTICIPANT_LISTS.items())
    groups = "；".join(f"工作表名{_ending(pattern)}的，是{_label(f)}" for f, pattern in vocab.SHEET_GROUPS)
    numbered = "、".join(_label(f) for f in vocab.NUMBERED_FIELDS)
    return "\n".join([
        f"- **一行一个活动、列出人员**：{lists} 各列中的每个姓名记为一条出勤记录；",
        f"- **一个工作表（或工作簿）一个活动**：标题以 {_cells(vocab.REGISTER_TITLE_ENDINGS)} 结尾时，"
        "前面的文字是活动名称；标题行中「时间：2025年1月8日」这样的「标签：值」给出日期等；",
        f"- **一个工作表一个组**：没有对应的列时，{groups}；出勤表没有分组列，记为活动的组织单位；",
        f"- **编号的多列**：{numbered} 可以分成「联名人1、联名人2 …」多列，依次读取；",
        f"- **名册还是签到表**：标题、工作表名或文件名含 {_cells(vocab.ROSTER_WORDS)} 的是名册；"
        f"含 {_cells(vocab.REGISTER_WORDS)} 的从不当作名册（不会新增委员）；"
        f"其他情况下，名册须有 {'、'.join(_label(f) for f in vocab.ROSTER_EVIDENCE)} 中至少一列；",
        f"- **不猜测类别**：只有 {'、'.join(_label(f) for f in vocab.SHARED_FIELDS)} 这些各类表格都可能有的列时，"
        "工作表不导入，检查结果列出它的列，请把其余的列映射到字段；标题、工作表名或文件名中的词也可说明类别："
        + "；".join(f"{vocab.KINDS[k]}：{'、'.join(w)}" for k, w in vocab.KIND_WORDS.items()) + "；",
        "",
    ])


def _ending(pattern: str) -> str:
    """A sheet-name pattern in words: '联络组$' → 以「联络组」结尾."""
    last = re.search(r"([\u4e00-\u9fff]+)\$$", pattern)
    return f"以「{last.group(1)}」结尾" if last else f"符合 {pattern}"


def sectors_section() -> str:
    lines = ["| 文件中写作 | 名册中的界别 |", "| --- | --- |"]
    lines += [f"| {short} | {full} |" for short, full in vocab.SECTOR_SHORT_NAMES.items()]
    return "\n".join(lines) + "\n"


def absent_section() -> str:
    lines = ["| 表格 | 缺少的列 | 检查时的提示 |", "| --- | --- | --- |"]
    for (kind, fld), note in vocab.ABSENT_COLUMN_NOTES.items():
        lines.append(f"| {vocab.KINDS[kind]} | {_label(fld)} | {note} |")
    return "\n".join(lines) + "\n"


SECTIONS = {
    "columns": columns_section, "values": values_section, "categories": categories_section,
    "rows": rows_section, "absent": absent_section, "layouts": layouts_section, "sectors": sectors_section,
}


def rendered(text: str) -> str:
    """The document with every marked section written anew from the tables."""
    return _SECTION.sub(lambda m: m.group(1) + SECTIONS[m.group(2)]() + m.group(4), text)


def sections_in(text: str) -> set[str]:
    return {m.group(2) for m in _SECTION.finditer(text)}


if __name__ == "__main__":
    DOC.write_text(rendered(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write(f"{DOC} 已按词表更新\n")
