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
