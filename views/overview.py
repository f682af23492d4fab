"""总览: the year's headline numbers and tiers, with the change against the previous year."""
import streamlit as st

from metrics import board
from ui import auth, state
from ui.text import plain

auth.require_page("overview")

store = state.require_data()
year = state.year()
before_year = board.previous_year(store, year)
result = state.year_scores(year)
now = board.overview(store, result)
before = board.overview(store, state.scores(before_year)) if before_year else None

st.title(f"{year}年度履职总览")
state.publication_badge(result)
st.caption(f"增减与{before_year}年度相比。" if before else "没有上一年度的数据，不显示增减。")

cards = board.overview_cards(now, before)
for row in (cards[:4], cards[4:]):
    for column, card in zip(st.columns(len(row)), row):
        column.metric(card.label, card.value, card.delta, delta_color=card.delta_color,
                      help=card.help, border=True)

left, right = st.columns([3, 2])
left.plotly_chart(board.tier_chart(now.tiers, year, before.tiers if before else None, before_year),
                  width="stretch")
with right:
    st.markdown("#### 预警")
    for kind, count in now.warnings.items():
        delta = board.count_delta(count, before.warnings[kind]) if before else None
        st.metric(plain(kind), f"{count} 人", delta, delta_color="inverse")
    st.page_link("views/warnings.py", label="查看预警名单", icon=":material/warning:")
    st.page_link("views/ranking.py", label="查看排名", icon=":material/leaderboard:")
