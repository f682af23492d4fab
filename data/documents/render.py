"""Rendering a .docx template with a context, and telling the office what in an uploaded
template does not fit (in Chinese, naming the placeholder)."""
from __future__ import annotations

import io
import re
import zipfile

import jinja2
from docxtpl import DocxTemplate


class TemplateError(ValueError):
    """A template that cannot be used; the message is for the office."""


_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)  # values are XML text


def _unknown_name(exc: jinja2.UndefinedError) -> str:
    """The placeholder Jinja could not find: «'x' is undefined» or «'dict object' has no
    attribute 'x'»."""
    names = re.findall(r"'([^']+)'", str(exc))
    return names[-1] if names else str(exc)


def _opened(template: bytes) -> DocxTemplate:
    try:
        doc = DocxTemplate(io.BytesIO(template))
        doc.init_docx()
        return doc
    except Exception as exc:  # python-docx raises many kinds for a file that is no .docx
        raise TemplateError("无法打开该文件：请上传 Word 文档（.docx）。") from exc


def render(template: bytes, context: dict) -> bytes:
    """The document ``template`` gives with ``context``, as .docx bytes. An unknown
    placeholder or a broken file raises ``TemplateError``."""
    doc = _opened(template)
    try:
        doc.render(context, _ENV, autoescape=True)
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"模板中有未知的占位符“{_unknown_name(exc)}”。这份文书可用的占位符："
                            f"{'、'.join(context)}（列表中每一项的占位符见默认模板）。") from exc
    except jinja2.TemplateError as exc:
        raise TemplateError("模板中的占位符写法有误：请检查 {{ }} 与 {% %} 是否成对，"
                            "循环与条件是否有对应的 endfor / endif。") from exc
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def zip_of(files: dict[str, bytes]) -> bytes:
    """A zip holding the named files."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return out.getvalue()
