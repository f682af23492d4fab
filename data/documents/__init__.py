"""Writing the year-end Word documents: .docx templates with Jinja placeholders
(docxtpl), the shipped ones in ``templates/`` (made by scripts/make_doc_templates.py)
or the office's own, uploaded and kept in the database (table ``doc_templates``)."""

# The documents, as the office and the command line name them.
KINDS = ("通报", "通知书", "推荐单位", "提醒函", "分类排名")
