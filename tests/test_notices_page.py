"""The 公文与通知 section of the 年度导出 page: the documents' downloads, and a template
replaced by an upload (checked: an unknown placeholder is named) and reset."""
from __future__ import annotations

import io

from docx import Document

from data import audit
from data.documents import KINDS, stored
from data.store import Store
from metrics import notices
from metrics.scoring import score_year
from tests.apptest_util import open_page, rerun
from tests.test_export import capture_downloads
from tests.test_notices import template_with

YEAR = 2025
DOCX = stored.DOCX


def test_the_documents_are_offered_and_audited_when_built(demo_app_db, monkeypatch):
    downloads = capture_downloads(monkeypatch)
    at = open_page("export")
    assert "公文与通知" in [h.value for h in at.subheader]
    offered = {d["file_name"]: d for d in downloads}
    for kind in KINDS:
        assert notices.document_file_name(kind, YEAR) in offered
        assert f"{kind}模板.docx" in offered
    store = Store.open(demo_app_db)
    bulletin = offered[notices.document_file_name("通报", YEAR)]["data"]()
    result = score_year(store, YEAR)
    top = result.scores[result.scores["tier"] == result.rules.tier_names[0]]
    names = [row.cells[1].text for row in Document(io.BytesIO(bulletin)).tables[0].rows[1:]]
    assert names == top.sort_values("total", ascending=False, kind="stable")["name"].tolist()
    assert audit.audit_rows(store, action="export")["object"].tolist() == [f"{YEAR}年度通报"]


def test_a_template_is_replaced_checked_and_reset_on_the_page(demo_app_db):
    store = Store.open(demo_app_db)
    at = open_page("export")
    at.file_uploader(key="tpl_up_通报").upload("通报.docx", template_with("通报", "{{ 发文字号 }}"), DOCX)
    at = rerun(at)
    at.button(key="tpl_save_通报").click()
    at = rerun(at)
    assert any("“发文字号”" in e.value for e in at.error)
    assert stored.uploaded(store, "通报") is None
    at.file_uploader(key="tpl_up_通报").upload("通报.docx", template_with("通报", "发文：{{ body }}"), DOCX)
    at = rerun(at)
    at.button(key="tpl_save_通报").click()
    at = rerun(at)
    assert not at.error and stored.uploaded(store, "通报") is not None
    assert "发文：市政协" in "\n".join(p.text for p in Document(io.BytesIO(
        notices.document_bytes("通报", store, score_year(store, YEAR)))).paragraphs)
    at.button(key="tpl_reset_通报").click()
    at = rerun(at)
    assert stored.uploaded(store, "通报") is None
    assert audit.audit_rows(store, action="doc_template")["detail"].iloc[0] == "恢复为默认模板"
