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
        lines.append(f"| {name} | `{code}` | {_cells(words)} |")
    return "\n".join(lines) + "\n"


def rows_section() -> str:
    return "\n".join([
        f"- 合计行：首个非空格以 {_cells(vocab.TOTAL_WORDS)} 开头；",
        f"- 表尾说明行：首个非空格以 {_cells(vocab.FOOTER_WORDS)} 开头；",
        "",
    ])


def absent_section() -> str:
    lines = ["| 表格 | 缺少的列 | 检查时的提示 |", "| --- | --- | --- |"]
    for (kind, fld), note in vocab.ABSENT_COLUMN_NOTES.items():
        lines.append(f"| {vocab.KINDS[kind]} | {_label(fld)} | {note} |")
    return "\n".join(lines) + "\n"


SECTIONS = {
    "columns": columns_section, "values": values_section, "categories": categories_section,
    "rows": rows_section, "absent": absent_section,
}


def rendered(text: str) -> str:
    """The document with every marked section written anew from the tables."""
    return _SECTION.sub(lambda m: m.group(1) + SECTIONS[m.group(2)]() + m.group(4), text)


def sections_in(text: str) -> set[str]:
    return {m.group(2) for m in _SECTION.finditer(text)}


if __name__ == "__main__":
    DOC.write_text(rendered(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write(f"{DOC} 已按词表更新\n")
