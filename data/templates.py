"""Blank template workbooks, one per import kind, built from the alias table: Chinese
headers (required ones marked ＊) and a sheet of instructions."""
from __future__ import annotations

from pathlib import Path

import xlsxwriter

from reading import vocab

# What each template says about itself; the columns come from vocab.COLUMNS.
TEMPLATE_NOTES: dict[str, str] = {
    "roster": "每行一位委员。职务为主席/副主席/秘书长/常委，或“常委”列为“是”，或姓名后带 ★ 的为常委。",
    "attendance": "每行一位委员参加一次活动。出勤填 出席/请假/缺席/迟到/早退 等；类别可留空，按活动名称判断。",
    "attendance_matrix": "每行一位委员，每列一次活动（列名写“3月5日 活动名称”）。单元格填出勤标记，留空表示未受邀。",
    "proposals": "每行一件提案。联名人可填多人，用顿号、逗号或分号分隔；集体提案在主笔人中填写执笔委员（最多三人计分）。",
    "sqmy": "每行一篇社情民意信息。报送人可填多人，第一位为第一作者；采用情况填最高采用层级。",
    "speeches": "每行一次大会发言。发言形式填 口头 或 书面（留空为书面）。",
    "reports": "每行一位委员的年度履职报告。是否提交填 是/否，或填写提交日期。",
    "other": "每行一项其他履职。类别填 为民办实事/公益/文史资料/理论文章/宣传/表彰；表彰需填级别 全国/省/市。",
    "adjustments": "每行一项经批准的加减分。分值可为负数；事由与批准人必须写明。",
}

_MATRIX_EXAMPLE_EVENTS = ("3月5日 专题协商会", "4月10日 视察调研")


def template_columns(kind: str) -> list[str]:
    """Header labels of a kind's template, required ones marked ＊."""
    labels = [
        c.label + ("＊" if kind in c.required_in else "")
        for c in vocab.columns_of(kind)
        if c.field not in ("seq", "note")
    ]
    if kind == "attendance_matrix":
        labels += list(_MATRIX_EXAMPLE_EVENTS)
    return ["序号", *labels, "备注"]


def write_templates(out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [write_template(kind, out_dir / f"模板-{label}.xlsx") for kind, label in vocab.KINDS.items()]


def write_template(kind: str, path: Path) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center"})
    sheet = workbook.add_worksheet(vocab.KINDS[kind][:31].replace("（", "-").replace("）", ""))
    for col, label in enumerate(template_columns(kind)):
        sheet.write(0, col, label, header)
        sheet.set_column(col, col, max(10, len(label) * 2.2))
    sheet.freeze_panes(1, 0)
    notes = workbook.add_worksheet("填写说明")
    notes.set_column(0, 0, 100)
    notes.write(0, 0, f"{vocab.KINDS[kind]}导入模板", workbook.add_format({"bold": True, "font_size": 14}))
    notes.write(1, 0, TEMPLATE_NOTES[kind])
    notes.write(2, 0, "标 ＊ 的列必须填写。表头可放在前 15 行内，上方可有标题行；列名也可用常见别名。")
    workbook.close()
    return path


def template_bytes(kind: str) -> bytes:
    """A kind's blank template workbook as bytes (for a download button)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return write_template(kind, Path(tmp) / f"{kind}.xlsx").read_bytes()
