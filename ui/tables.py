"""Tables on the pages: Streamlit's own empty table says "empty" in English, so an empty
table is a short Chinese note instead."""
from __future__ import annotations

import pandas as pd
import streamlit as st


def table_or_note(frame: pd.DataFrame, note: str, **dataframe_args) -> None:
    """``st.dataframe`` of ``frame``, or ``note`` when it has no rows."""
    if frame.empty:
        st.caption(note)
    else:
        st.dataframe(frame, hide_index=True, width="stretch", **dataframe_args)
