"""Streamlit's own English texts that a page cannot set, replaced by Chinese with CSS."""
from __future__ import annotations

import streamlit as st

_UPLOADER_CSS = """<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "选择文件"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: "或把文件拖到这里 · 每个文件不超过 %d MB · .xlsx、.xls"; font-size: 0.875rem; }
</style>"""


def chinese_file_uploader(limit_mb: int) -> None:
    """The file uploader's button and instructions in Chinese, with the upload limit."""
    st.html(_UPLOADER_CSS % limit_mb)

# The data grid's toolbar (show/hide columns, «Download as CSV», search, fullscreen) and
# its column menu (sort, pin, hide, format) have English texts Streamlit offers no way to
# translate: tables hide them; ``ui.tables`` gives a Chinese search box and downloads.
# The keyboard user's «Skip to main content» link reads «跳到正文».
_TABLE_CSS = """<style>
[data-testid="stElementContainer"]:has([data-testid="stDataFrame"]) [data-testid="stElementToolbar"],
[data-testid="stDataFrameColumnMenu"], [data-testid="stDataFrameColumnMenuTarget"] { display: none !important; }
[data-testid="stSkipToContent"] { font-size: 0; }
[data-testid="stSkipToContent"]::after { content: "跳到正文"; font-size: 1rem; }
</style>"""


def chinese_tables() -> None:
    """Every table of the run without Streamlit's English toolbar and column menu."""
    st.html(_TABLE_CSS)
