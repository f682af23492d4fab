"""The ranking page's filter keys, shared so that a chart bar (on 总览 or 排名) can open
排名 filtered: the filters are handed over under ``PENDING_KEY`` and set by the ranking
page before its widgets exist."""
from __future__ import annotations

import streamlit as st

from metrics import board

GROUP_KEYS = {dim: f"rank_{dim}" for dim in board.GROUP_LABELS}
TIER_KEY, NAME_KEY, STANDING_KEY = "rank_tier", "rank_name", "rank_standing"
SCORE_RANGE_KEY = "rank_score_range"  # (low, high) of a clicked histogram bar; no widget
PENDING_KEY = "rank_pending_filter"


def open_ranking(tiers: list[str] | None = None, groups: dict[str, list[str]] | None = None,
                 score_range: tuple[float, float] | None = None) -> None:
    """Open 排名 with exactly these filters (every other filter cleared)."""
    wanted = {key: list((groups or {}).get(dim, [])) for dim, key in GROUP_KEYS.items()}
    st.session_state[PENDING_KEY] = {**wanted, TIER_KEY: list(tiers or []), NAME_KEY: "",
                                     STANDING_KEY: False, SCORE_RANGE_KEY: score_range}
    st.switch_page("views/ranking.py")


def apply_pending() -> None:
    """Set the filters handed over by ``open_ranking`` (call before the filter widgets)."""
    for key, value in st.session_state.pop(PENDING_KEY, {}).items():
        st.session_state[key] = value


def chosen_score_range() -> tuple[float, float] | None:
    """The score band the list is filtered by (None: every score)."""
    band = st.session_state.get(SCORE_RANGE_KEY)
    return (float(band[0]), float(band[1])) if band else None


def clear_score_range() -> None:
    st.session_state[SCORE_RANGE_KEY] = None
