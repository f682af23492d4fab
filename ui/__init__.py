"""Streamlit helpers shared by the pages (UI layer: may import metrics and data)."""
