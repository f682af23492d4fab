"""Writing the year-end Word documents: .docx templates with Jinja placeholders
(docxtpl), the shipped ones in ``templates/`` (made by scripts/make_doc_templates.py)
or the office's own, uploaded and kept in the database (table ``doc_templates``)."""
