"""The templates the documents are written with: the shipped one of each kind, or the
one the office uploaded in its place (table ``doc_templates``). Uploading and resetting
are writes like any other: audited in the same transaction."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from data import audit
from data.documents import KINDS
from data.documents.render import TemplateError, render
from data.export import safe_file_name
from data.store import Store

SHIPPED_DIR = Path(__file__).resolve().parent / "templates"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_BYTES = 10 * 1024 * 1024


def shipped_path(kind: str) -> Path:
    if kind not in KINDS:
        raise ValueError(f"未知的文书类别：{kind}")
    return SHIPPED_DIR / f"{kind}.docx"


def shipped_bytes(kind: str) -> bytes:
    return shipped_path(kind).read_bytes()


def uploaded(store: Store, kind: str) -> tuple[str, datetime] | None:
    """Who uploaded the office's template of a kind and when; None while the shipped one is used."""
    rows = store.rows("SELECT uploaded_by, uploaded_at FROM doc_templates WHERE kind = ?", [kind])
    return rows[0] if rows else None


def template_bytes(store: Store, kind: str) -> bytes:
    """The template in use: the uploaded one, else the shipped one."""
    content = store.scalar("SELECT content FROM doc_templates WHERE kind = ?", [kind])
    return bytes(content) if content is not None else shipped_bytes(kind)


def save_template(store: Store, kind: str, content: bytes, context: dict, username: str) -> None:
    """Use ``content`` as the template of ``kind`` once it renders with ``context`` (the
    documents' own); ``TemplateError`` (in Chinese) otherwise, and nothing is stored."""
    shipped_path(kind)
    if len(content) > MAX_BYTES:
        raise TemplateError(f"文件过大（超过 {MAX_BYTES // 1024 // 1024} MB）。")
    render(content, context)
    with store.write(changes_data=False) as cur:
        cur.execute("DELETE FROM doc_templates WHERE kind = ?", [kind])
        cur.execute("INSERT INTO doc_templates VALUES (?, ?, ?, ?)", [kind, content, username, datetime.now()])
        audit.record(cur, username, "doc_template", f"{kind}模板", f"上传新模板（{len(content)} 字节）")


def reset_template(store: Store, kind: str, username: str) -> bool:
    """Go back to the shipped template of ``kind``; whether there was an uploaded one."""
    shipped_path(kind)
    if uploaded(store, kind) is None:
        return False
    with store.write(changes_data=False) as cur:
        cur.execute("DELETE FROM doc_templates WHERE kind = ?", [kind])
        audit.record(cur, username, "doc_template", f"{kind}模板", "恢复为默认模板")
    return True


def write_documents(store: Store, kind: str, contexts: list[dict], stems: list[str]) -> dict[str, bytes]:
    """The documents of ``kind``, one .docx per context, named by ``stems``."""
    template = template_bytes(store, kind)
    return {safe_file_name(f"{stem}.docx"): render(template, ctx) for stem, ctx in zip(stems, contexts, strict=True)}
