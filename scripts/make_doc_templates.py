"""Make the shipped templates of the year-end Word documents (data/documents/templates):
.docx files with Jinja placeholders (docxtpl) the office can edit in Word and upload back
on the 年度导出 page. Laid out roughly as 公文 (GB/T 9704): A4, margins 37/35/28/26 mm,
title in 小标宋 二号, body in 仿宋 三号 (16 pt) at a fixed 28 pt line, tables in 四号.

    python scripts/make_doc_templates.py [OUT_DIR]
"""
from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "documents" / "templates"

# (East Asian font, its fallback family named in the font table, Latin font)
BODY_FONT = ("仿宋_GB2312", "仿宋", "Times New Roman")
TITLE_FONT = ("方正小标宋简体", "黑体", "Times New Roman")
HEADING_FONT = ("黑体", "SimHei", "Times New Roman")
BODY_PT, TITLE_PT, TABLE_PT, LINE_PT = 16, 22, 14, 28


# -- fonts and paragraphs ------------------------------------------------------------------------
def set_fonts(rpr_owner, font: tuple[str, str, str], size: float) -> None:
    """Set the East Asian and Latin fonts (python-docx sets only the Latin one) and size."""
    east, _, latin = font
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr, name in (("w:ascii", latin), ("w:hAnsi", latin), ("w:cs", latin), ("w:eastAsia", east)):
        fonts.set(qn(attr), name)
    fonts.set(qn("w:hint"), "eastAsia")
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), str(int(size * 2)))


def add_font_fallbacks(doc) -> None:
    """Name in the font table each Chinese font's fallback (altName) and its GB2312
    charset, so a machine without it (LibreOffice on a server) picks a Chinese font."""
    table = doc.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(table.blob)
    for east, alt, _ in (BODY_FONT, TITLE_FONT, HEADING_FONT):
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), east)
        for tag, val in (("w:altName", alt), ("w:charset", "86"), ("w:family", "modern"),
                         ("w:pitch", "fixed")):
            etree.SubElement(font, qn(tag)).set(qn("w:val"), val)
    table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def paragraph(doc_or_cell, text: str = "", font=BODY_FONT, size: float = BODY_PT, align=None,
              indent: bool = False, exact: bool = True):
    p = doc_or_cell.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PT if size >= BODY_PT else size * 1.5)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    if text:
        run = p.add_run(text)
        set_fonts(run._r, font, size)
    return p


def title(doc, text: str) -> None:
    p = paragraph(doc, text, TITLE_FONT, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False)
    p.paragraph_format.space_after = Pt(LINE_PT)


def tag(doc, text: str) -> None:
    """A paragraph holding only a docxtpl block tag ({%p … %}); removed when rendered."""
    paragraph(doc, text)


def page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def signature(doc) -> None:
    paragraph(doc)
    paragraph(doc, "{{ body }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(doc, "{{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)


def table(doc, columns: dict[str, tuple[str, int]], loop: str) -> None:
    """A table: a header row, then one row per item of ``loop`` (a docxtpl row loop);
    ``columns``: header -> (cell text, width in mm)."""
    headers, cells = list(columns), [cell for cell, _ in columns.values()]
    t = doc.add_table(rows=4, cols=len(headers))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for grid, (_, width) in zip(t._tbl.tblGrid.gridCol_lst, columns.values()):
        grid.w = Mm(width)  # what LibreOffice lays the columns out by
    for column, (_, width) in zip(t.columns, columns.values()):
        for cell in column.cells:
            cell.width = Mm(width)
    rows = (headers, [f"{{%tr for {loop} %}}"] + [""] * (len(headers) - 1), cells,
            ["{%tr endfor %}"] + [""] * (len(headers) - 1))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = t.cell(r, c)
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if value:
                set_fonts(p.add_run(value)._r, HEADING_FONT if r == 0 else BODY_FONT, TABLE_PT)
    header = t.rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))


def new_document():
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    set_fonts(normal.element, BODY_FONT, BODY_PT)
    lang = OxmlElement("w:lang")  # Chinese line breaking (no 。，at a line's start)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)
    table_style = doc.styles["Table Grid"]
    set_fonts(table_style.element, BODY_FONT, TABLE_PT)
    add_font_fallbacks(doc)
    return doc


# -- the documents -----------------------------------------------------------------------------------
TIERS = "{% for t in tiers %}{{ t.tier }} {{ t.count }} 人{% if not loop.last %}、{% endif %}{% endfor %}"


def bulletin():
    doc = new_document()
    title(doc, "关于{{ year }}年度委员履职考评结果的通报")
    paragraph(doc, "各界别、各委员联络组，全体委员：")
    paragraph(doc, "根据《{{ rules }}》，{{ body }}对{{ year }}年度委员履职情况进行了考评。参评委员 "
                   "{{ ranked_count }} 人，其中" + TIERS + "{% if unranked_count %}；年中离任委员 "
                   "{{ unranked_count }} 人列出但不排名{% endif %}。", indent=True)
    paragraph(doc, "现将考评等次为{{ top_tier }}的 {{ excellent|length }} 位委员通报如下（按总分排序）：",
              indent=True)
    table(doc, {"序号": ("{{ m.no }}", 14), "姓名": ("{{ m.name }}", 26), "界别": ("{{ m.sector }}", 58),
                "党派": ("{{ m.party }}", 34), "总分": ("{{ m.total }}", 24)}, "m in excellent")
    paragraph(doc, "希望受到通报的委员珍惜荣誉、再接再厉；全体委员以先进为榜样，积极履职尽责。", indent=True)
    signature(doc)
    paragraph(doc, "注：考评结果{{ publication }}。", size=TABLE_PT)
    return doc


def member_block(doc, heading: str) -> None:
    """A member's result (the loop variable ``m``) as the 通知书 and the 提醒函 state it."""
    paragraph(doc, heading)
    paragraph(doc, "您在{{ year }}年度委员履职考评中的结果如下：", indent=True)
    paragraph(doc, "界别：{{ m.sector }}　党派：{{ m.party }}　职务：{{ m.title }}", indent=True)
    paragraph(doc, "总分：{{ m.total }} 分　名次：{{ m.rank }}（共 {{ ranked_count }} 人参评）", indent=True)
    paragraph(doc, "等次：{{ m.tier }}", indent=True)
    paragraph(doc, "分项得分：{% for p in m.points %}{{ p.label }} {{ p.points }} 分{% if not loop.last %}；"
                   "{% endif %}{% else %}无{% endfor %}。", indent=True)


def notices():
    doc = new_document()
    tag(doc, "{%p for m in members %}")
    title(doc, "{{ year }}年度委员履职考评结果通知书")
    member_block(doc, "{{ m.name }}委员：")
    paragraph(doc, "预警：{{ m.warning_text }}。", indent=True)
    paragraph(doc, "如对考评结果有异议，请于收到本通知书之日起十个工作日内向{{ body }}办公室提出。", indent=True)
    signature(doc)
    tag(doc, "{%p if not loop.last %}")
    page_break(doc)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    return doc


def units():
    doc = new_document()
    title(doc, "关于{{ year }}年度委员履职考评结果的函")
    tag(doc, "{%p if note %}")
    paragraph(doc, "{{ unit_label }}：{{ unit }}{{ note }}")
    tag(doc, "{%p else %}")
    paragraph(doc, "{{ unit }}：")
    tag(doc, "{%p endif %}")
    paragraph(doc, "{{ body }}已完成{{ year }}年度委员履职考评。{% if note %}{{ unit }}界别{% else %}贵单位推荐{% endif %}"
                   "的委员共 {{ member_count }} 人，其中" + TIERS + "，被预警 {{ warned_count }} 人。"
                   "各位委员的考评结果如下：", indent=True)
    table(doc, {"序号": ("{{ loop.index }}", 16), "姓名": ("{{ m.name }}", 28), "总分": ("{{ m.total }}", 22),
                "名次": ("{{ m.rank }}", 20), "等次": ("{{ m.tier }}", 22), "预警": ("{{ m.warning_text }}", 48)},
          "m in members")
    paragraph(doc, "特此函告。", indent=True)
    signature(doc)
    return doc


def reminders():
    doc = new_document()
    title(doc, "委员履职提醒函")
    paragraph(doc, "{{ name }}委员：")
    paragraph(doc, "根据《{{ rules }}》，您在{{ year }}年度委员履职考评中总分 {{ total }} 分，名次 {{ rank }}"
                   "（共 {{ ranked_count }} 人参评），等次为{{ tier }}，列入以下预警：", indent=True)
    tag(doc, "{%p for w in warnings %}")
    paragraph(doc, "{{ loop.index }}. {{ w.kind }}：{{ w.reason }}。", indent=True)
    tag(doc, "{%p endfor %}")
    paragraph(doc, "有关情况：{% for f in facts %}{{ f }}{% if not loop.last %}；{% endif %}{% else %}无{% endfor %}。",
              indent=True)
    paragraph(doc, "请您高度重视，认真履行委员职责。如对上述情况有异议，请于收到本函之日起十个工作日内"
                   "向{{ body }}办公室说明。", indent=True)
    signature(doc)
    return doc


def cohort_bulletin():
    doc = new_document()
    title(doc, "关于{{ year }}年度委员履职考评分类排名的通报")
    paragraph(doc, "各界别、各专门委员会，全体委员：")
    paragraph(doc, "根据《{{ rules }}》，{{ body }}对{{ year }}年度委员履职情况进行了考评，参评委员 "
                   "{{ ranked_count }} 人。按{{ by_text }}分别排名（同分同名次），现将各组前 {{ top_n }} 名"
                   "通报如下（并列第 {{ top_n }} 名的都列入）：", indent=True)
    tag(doc, "{%p for c in cohorts %}")
    paragraph(doc, "{{ loop.index }}. {{ c.title }}", font=HEADING_FONT, indent=True)
    table(doc, {"分组": ("{{ r.cohort }}", 40), "名次": ("{{ r.rank }}", 14), "姓名": ("{{ r.name }}", 24),
                "界别": ("{{ r.sector }}", 40), "总分": ("{{ r.total }}", 20), "备注": ("{{ r.note }}", 18)},
          "r in c.rows")
    tag(doc, "{%p else %}")
    paragraph(doc, "本年度的计分规则未设分类排名。", indent=True)
    tag(doc, "{%p endfor %}")
    signature(doc)
    paragraph(doc, "注：考评结果{{ publication }}。", size=TABLE_PT)
    return doc


TEMPLATES = {"通报": bulletin, "通知书": notices, "推荐单位": units, "提醒函": reminders,
             "分类排名": cohort_bulletin}


def write_templates(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind, make in TEMPLATES.items():
        path = out / f"{kind}.docx"
        make().save(path)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_templates(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(written)
