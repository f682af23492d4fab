"""总览: the year's headline numbers and tiers, with the change against the previous year,
why neighbouring numbers differ, and what the year has imported. A tier bar opens 排名
filtered by that tier."""
import streamlit as st

from metrics import board
from ui import auth, charts, meeting, state
from ui.filters import open_ranking
from ui.text import plain

auth.require_page("overview")

store = state.require_data()
year = state.year()
result = state.year_scores(year)
before_year = board.previous_year(store, year)
now = board.overview(store, result)
before = board.overview(store, state.scores(before_year)) if before_year else None

if not meeting.page_head(store, year, result.rules, "履职总览"):
    st.title(f"{year}年度履职总览")
state.publication_badge(result)
st.caption(f"增减与{before_year}年度相比。" if before else "没有上一年度的数据，不显示增减。")

cards = board.overview_cards(now, before)
for row in (cards[:4], cards[4:]):
    for column, card in zip(st.columns(len(row)), row):
        column.metric(card.label, card.value, card.delta, delta_color=card.delta_color,
                      help=card.help, border=True)
st.markdown(plain(board.member_count_text(now)) + "  \n" + plain(board.warning_count_text(now)))

left, right = st.columns([3, 2])
with left:
    picked = charts.clicked_bars(board.tier_chart(now.tiers, year, before.tiers if before else None,
                                                  before_year), "overview_tiers")
    st.caption("点击某一等次的柱子，打开该等次的排名名单。")
    if picked:
        open_ranking(tiers=picked[:1])
with right:
    st.markdown("#### 预警")
    for kind, count in now.warnings.items():
        delta = board.count_delta(count, before.warnings[kind]) if before else None
        st.metric(plain(kind), f"{count} 人", delta, delta_color="inverse")
    st.page_link("views/warnings.py", label="查看预警名单", icon=":material/warning:")
    st.page_link("views/ranking.py", label="查看排名", icon=":material/leaderboard:")

completeness = board.data_completeness(store, result)
missing = board.missing_rows(completeness)
with st.expander(f"数据完整性：{'缺少 ' + str(len(missing)) + ' 项' if len(missing) else '计分所需的文件和应有的会议均已导入'}",
                 expanded=bool(len(missing)) or meeting.active()):
    st.caption("本年度已导入的名册、各类记录和各类会议活动，对照计分规则所计的项目和规则文件中设定的"
               "每年应有场次；「缺少」为规则计分但本年度没有导入的项目，或导入的场次少于应有场次。"
               "应有场次在「计分规则」页设定，不影响得分。")
    meeting.table(completeness, key="overview_completeness")
