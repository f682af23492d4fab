"""The year-end Word documents (通报, 通知书, 推荐单位, 提醒函) of the demo city: their
content read back from the .docx against the scores, the templates the office uploads,
the command, and — on paper — the PDF LibreOffice prints from them."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document

import cli
from data import audit
from data.documents import KINDS, stored
from data.documents.render import TemplateError, render
from data.store import Store
from metrics import notices
from metrics.scoring import score_year
from scripts.make_doc_templates import BODY_FONT, HEADING_FONT, TITLE_FONT, TITLE_PT
from tests.test_export import libreoffice, pdf_pages
from tests.conftest import scored_demo_copy, scored_sample

YEAR = 2025
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHINESE_FONTS = {f[0] for f in (BODY_FONT, TITLE_FONT, HEADING_FONT)}


@pytest.fixture(scope="module")
def demo(demo_db_file, tmp_path_factory):
    store, result = scored_demo_copy(demo_db_file, tmp_path_factory.mktemp("notices"), YEAR)
    yield store, result
    store.close()


@pytest.fixture(scope="module")
def written(demo) -> dict[str, dict[str, bytes]]:
    store, result = demo
    return {kind: notices.documents(kind, store, result) for kind in KINDS}


def text_of(docx: bytes) -> str:
    doc = Document(io.BytesIO(docx))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def table_rows(docx: bytes) -> list[list[str]]:
    """The rows of the document's one table, header left out."""
    table = Document(io.BytesIO(docx)).tables[0]
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def only(files: dict[str, bytes]) -> bytes:
    assert len(files) == 1, list(files)
    return next(iter(files.values()))


# -- content ---------------------------------------------------------------------------------------
def test_bulletin_lists_the_top_tier_by_total_with_the_counts_per_tier(demo, written):
    store, result = demo
    s = result.scores
    top = result.rules.tier_names[0]
    expected = (s[s["ranked"] & (s["tier"] == top)]
                .sort_values("total", ascending=False, kind="stable"))
    doc = only(written["通报"])
    rows = table_rows(doc)
    assert [r[1] for r in rows] == expected["name"].tolist()
    assert [r[2] for r in rows] == expected["sector"].tolist()
    assert [float(r[4]) for r in rows] == expected["total"].tolist()
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(expected) + 1)]
    text = text_of(doc)
    for tier in result.rules.tier_names:
        assert f"{tier} {int((s['tier'] == tier).sum())} 人" in text
    assert f"参评委员 {int(s['ranked'].sum())} 人" in text
    assert "{{" not in text and "{%" not in text


def test_one_notice_page_per_member_in_score_order(demo, written):
    _, result = demo
    doc = Document(io.BytesIO(only(written["通知书"])))
    body = doc.element.body
    assert len(body.findall(f".//{W}br[@{W}type='page']")) == len(result.scores) - 1
    salutations = [p.text[:-3] for p in doc.paragraphs if p.text.endswith("委员：")]
    assert salutations == result.scores["name"].tolist()
    first = result.scores.iloc[0]
    text = text_of(only(written["通知书"]))
    assert f"总分：{notices.points_text(first['total'])} 分　名次：{first['rank']}（" in text


def test_unit_letters_go_by_sector_and_say_so_without_nominators(demo_db_file, tmp_path):
    path = tmp_path / "no-units.duckdb"
    shutil.copy(demo_db_file, path)
    with _nominated(path, "NULL") as store:
        result = score_year(store, YEAR)
        letters = notices.documents("推荐单位", store, result)
    assert len(letters) == result.scores["sector"].nunique()
    assert sorted(letters) == sorted(f"{YEAR}年度考评结果-{s}界别.docx" for s in result.scores["sector"].unique())
    listed = []
    for doc in letters.values():
        text = text_of(doc)
        assert notices.NO_UNIT_NOTE in text and "界别：" in text and "贵单位推荐" not in text
        listed += [r[1] for r in table_rows(doc)]
    assert sorted(listed) == sorted(result.scores["name"])


def test_unit_letters_go_by_nominator_and_by_sector_only_where_it_is_blank(demo_db_file, tmp_path):
    path = tmp_path / "units.duckdb"
    shutil.copy(demo_db_file, path)
    with _nominated(path, "CASE WHEN hash(member_id) % 3 <> 0 THEN replace(liaison_group, '联络组', '委员会') END") as store:
        result = score_year(store, YEAR)
        roster = store.df("SELECT member_id, nominator, sector FROM cur_members")
        roster = roster[roster["member_id"].isin(result.scores["member_id"])]
        blank = roster[roster["nominator"].isna()]
        assert 0 < len(blank) < len(roster)
        letters = notices.unit_letters(store, result)
        named = [x for x in letters if not x["note"]]
        by_sector = [x for x in letters if x["note"]]
        assert {x["unit"] for x in named} == set(roster["nominator"].dropna())
        assert {x["unit"] for x in by_sector} == set(blank["sector"])
        for letter in named:
            assert letter["unit_label"] == "推荐单位"
            mine = set(roster[roster["nominator"] == letter["unit"]]["member_id"])
            assert {m["member_id"] for m in letter["members"]} == mine
        for letter in by_sector:
            assert letter["unit_label"] == "界别" and letter["note"] == notices.NO_UNIT_NOTE
            mine = set(blank[blank["sector"] == letter["unit"]]["member_id"])
            assert {m["member_id"] for m in letter["members"]} == mine
        docs = notices.documents("推荐单位", store, result)
        unit = named[0]["unit"]
        assert "贵单位推荐" in text_of(docs[f"{YEAR}年度考评结果-致{unit}.docx"])
        sector = by_sector[0]["unit"]
        assert notices.NO_UNIT_NOTE in text_of(docs[f"{YEAR}年度考评结果-{sector}界别.docx"])


class _nominated:
    """The demo roster with its 推荐单位 replaced by the SQL expression ``unit`` (NULL: the
    roster gives none)."""

    def __init__(self, path: Path, unit: str):
        store = Store(path)
        with store.write() as cur:
            cur.execute(f"UPDATE members SET nominator = {unit}")
        store.close()
        self.path = path

    def __enter__(self) -> Store:
        self.store = Store(self.path)
        return self.store

    def __exit__(self, *exc) -> None:
        self.store.close()


def test_reminders_state_each_warned_members_warnings(demo, written):
    _, result = demo
    warned = result.scores[result.scores["warnings"].str.len() > 0]
    letters = written["提醒函"]
    assert len(letters) == len(warned) > 0
    for _, member in warned.iterrows():
        name = next(n for n in letters if n.endswith(f"-{member['member_id']}.docx"))
        text = text_of(letters[name])
        assert f"{member['name']}委员：" in text
        for kind, reason in member["warnings"]:
            assert f"{kind}：{reason}。" in text
        assert "本届全体会议无故缺席" in text
        assert ("本年常委会议无故缺席" in text) == bool(member["is_standing"])


def test_runs_name_an_east_asian_font(written):
    for kind, files in written.items():
        doc = Document(io.BytesIO(next(iter(files.values()))))
        runs = [r for r in doc.element.body.iter(f"{W}r") if re.search(r"[\u4e00-\u9fff]", "".join(
            t.text or "" for t in r.iter(f"{W}t")))]
        assert runs, kind
        for run in runs:
            fonts = run.find(f"{W}rPr/{W}rFonts")
            assert fonts is not None and fonts.get(f"{W}eastAsia") in CHINESE_FONTS, kind


# -- templates the office uploads -----------------------------------------------------------------
def template_with(kind: str, text: str) -> bytes:
    """The shipped template of ``kind`` with a paragraph ``text`` added."""
    doc = Document(io.BytesIO(stored.shipped_bytes(kind)))
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_an_uploaded_template_is_checked_used_audited_and_reset(demo):
    store, result = demo
    context = notices.check_context("提醒函", store, result)
    with pytest.raises(TemplateError, match="“phone”"):
        stored.save_template(store, "提醒函", template_with("提醒函", "电话：{{ phone }}"), context, "office")
    with pytest.raises(TemplateError, match="“mobile”"):
        stored.save_template(store, "提醒函", template_with("提醒函", "{{ warnings[0].mobile }}"), context, "office")
    with pytest.raises(TemplateError, match="是否成对"):
        stored.save_template(store, "提醒函", template_with("提醒函", "{% for w in warnings %}{{ w.kind }}"), context, "office")
    with pytest.raises(TemplateError, match="Word 文档"):
        stored.save_template(store, "提醒函", b"not a docx", context, "office")
    assert stored.uploaded(store, "提醒函") is None
    stored.save_template(store, "提醒函", template_with("提醒函", "联系人：办公室（{{ year }}）"), context, "office")
    assert stored.uploaded(store, "提醒函")[0] == "office"
    letter = next(iter(notices.documents("提醒函", store, result).values()))
    assert f"联系人：办公室（{YEAR}）" in text_of(letter)
    assert stored.reset_template(store, "提醒函", "office")
    letter = next(iter(notices.documents("提醒函", store, result).values()))
    assert "联系人" not in text_of(letter)
    details = audit.audit_rows(store, action="doc_template")["detail"].tolist()
    assert len(details) == 2 and details[0] == "恢复为默认模板" and details[1].startswith("上传新模板")


def parts(docx: bytes) -> dict[str, bytes]:
    """A .docx's files (the zip's own timestamps left out)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_shipped_templates_are_the_script_output(tmp_path):
    from scripts.make_doc_templates import write_templates

    written = write_templates(tmp_path)
    assert sorted(p.stem for p in written) == sorted(KINDS)
    for path in written:
        assert parts(path.read_bytes()) == parts(stored.shipped_bytes(path.stem)), \
            f"{path.stem}: run scripts/make_doc_templates.py"


# -- the command -----------------------------------------------------------------------------------
def test_notices_command_writes_the_letters(demo, tmp_path):
    store, result = demo
    out = tmp_path / "letters"
    assert cli.main(["--db", str(store.path), "notices", "--year", str(YEAR), "--out", str(out),
                     "--kind", "提醒函"]) == cli.DONE
    assert len(list(out.glob("*.docx"))) == int((result.scores["warnings"].str.len() > 0).sum())
    assert cli.main(["--db", str(store.path), "notices", "--year", "1990", "--out", str(out)]) == cli.REJECTED


# -- on paper --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def printed(written, tmp_path_factory) -> dict[str, Path]:
    """One document of each kind printed to PDF by LibreOffice, in one run."""
    office = libreoffice()
    out = tmp_path_factory.mktemp("notices-pdf")
    paths = []
    for kind, files in written.items():
        path = out / f"{kind}.docx"
        path.write_bytes(next(iter(files.values())))
        paths.append(str(path))
    subprocess.run([office, f"-env:UserInstallation=file://{out / 'lo-profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *paths], check=True, capture_output=True,
                   timeout=600)
    return {kind: out / f"{kind}.pdf" for kind in written}


def word_heights(pdf: Path) -> list[float]:
    """The height of every word's box as pdftotext measures it."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return [float(b) - float(a) for a, b in re.findall(r'<word xMin="[^"]+" yMin="([^"]+)" xMax="[^"]+" '
                                                       r'yMax="([^"]+)"', xml)]


def test_printed_pages(printed, demo, written):
    _, result = demo
    assert pdf_pages(printed["通知书"]) == len(result.scores)
    assert pdf_pages(printed["提醒函"]) == 1
    excellent = len(table_rows(only(written["通报"])))
    assert 1 < pdf_pages(printed["通报"]) <= 2 + excellent // 20


def test_printed_text_is_at_least_12_point_in_a_chinese_font(printed):
    """A word's box is the font's ascent plus descent, a fixed multiple of the size for one
    font; the title is set in 22 pt, so its box gives the multiple for the font printed
    (LibreOffice substitutes one when 仿宋/小标宋 are not installed). Every word must then
    be at least 12 pt."""
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils is not installed")
    for kind, pdf in printed.items():
        heights = word_heights(pdf)
        per_point = max(heights) / TITLE_PT
        assert min(heights) / per_point >= 12 - 0.1, kind
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(" yes " in r for r in rows), fonts  # every font embedded


# -- the sample city -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    store, result = scored_sample(tmp_path_factory.mktemp("notices-sample"), YEAR)
    yield store, result
    store.close()


def test_sample_city_documents_match_its_scores(sample):
    store, result = sample
    s = result.scores
    top = s[s["ranked"] & (s["tier"] == result.rules.tier_names[0])].sort_values("total", ascending=False,
                                                                                 kind="stable")
    assert [r[1] for r in table_rows(only(notices.documents("通报", store, result)))] == top["name"].tolist()
    notice = Document(io.BytesIO(only(notices.documents("通知书", store, result))))
    assert len(notice.element.body.findall(f".//{W}br[@{W}type='page']")) == len(s) - 1
    warned = s[s["warnings"].str.len() > 0]
    assert len(notices.documents("提醒函", store, result)) == len(warned)
    letters = notices.documents("推荐单位", store, result)
    assert sum(len(table_rows(d)) for d in letters.values()) == len(s)


def test_text_with_xml_characters_is_written_as_text(demo):
    store, result = demo
    context = {**notices.check_context("提醒函", store, result), "name": "张<三>&李"}
    assert "张<三>&李委员：" in text_of(render(stored.shipped_bytes("提醒函"), context))
    assert tuple(notices.KINDS) == KINDS
