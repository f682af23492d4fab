"""Placeholder until the page lands."""
import streamlit as st

from ui import state

state.require_data()
st.title("建设中")
