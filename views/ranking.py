"""排名: the ranking for the chair meeting — filters, the columns per cap group, the tier
and score charts, the list as shown as .xlsx, and a print view. Names open 档案; a tier
bar filters the list by that tier, a score bar by that score band. In 会议模式 the
filters fold into an expander so that the list comes first on a projector.

«排名范围» ranks within the rule set's cohorts (metrics/cohorts.py: 常委与委员分列, 按专委会,
按界别): the list grouped by cohort with the cohort rank; a 组长 sees it for their own
members only. «各组前 N 名» (for the 通报) is for 管理员 and 主席会议 only, and not in 会议模式
(the projected page is the ranking; the grouped ranking shows each cohort's order)."""
from datetime import date

import streamlit as st

from metrics import board, cohorts
from metrics.labels import day_text
from metrics.scope import scoped_ranking_table
from ui import auth, charts, meeting, state
from ui.filters import (GROUP_KEYS, NAME_KEY, STANDING_KEY, TIER_KEY, apply_pending, chosen_score_range,
                        clear_score_range, open_ranking)
from ui.text import plain

auth.require_page("ranking")

BY_GROUP_KEY = "rank_by_group"
COHORT_KEY = "rank_cohort"
PRINT_CSS = """<style>
div.print-ranking { overflow-x: auto; }
table.print-ranking { border-collapse: collapse; font-size: 0.8rem; }
table.print-ranking th, table.print-ranking td {
  border: 1px solid #ccc; padding: 0.15rem 0.4rem; white-space: nowrap; text-align: left; }
@media print {
  @page { size: A4 landscape; margin: 1cm; }
  section[data-testid="stSidebar"], header[data-testid="stHeader"],
  [data-testid="stCheckbox"] { display: none !important; }
  h1 { font-size: 1.5rem !important; }
  div.print-ranking { overflow: visible; }
}</style>"""


def filter_widgets(options: dict[str, list[str]], tiers: list[str], choices: dict[str, str]) -> None:
    """The filters; their values live in session state (kept while the print view hides them)."""
    if len(choices) > 1:
        st.radio("排名范围", list(choices), format_func=choices.get, key=COHORT_KEY, horizontal=True,
                 help="在全体中排名，或在常委与委员、各专委会、各界别内分别排名（同分同名次）")
    for (dim, label), column in zip(board.GROUP_LABELS.items(), st.columns(len(GROUP_KEYS))):
        column.multiselect(label, options[dim], key=GROUP_KEYS[dim], placeholder="全部",
                           select_all=False, persist_state="session")
    tier_col, name_col, standing_col, by_group_col = st.columns([2, 2, 1, 1.3],
                                                                vertical_alignment="bottom")
    tier_col.multiselect("等次", tiers, key=TIER_KEY, placeholder="全部", select_all=False,
                        persist_state="session")
    name_col.text_input("按姓名查找", key=NAME_KEY, placeholder="姓名或其中的字",
                        persist_state="session")
    standing_col.checkbox("仅常委", key=STANDING_KEY, persist_state="session")
    by_group_col.toggle("显示各计分组得分", key=BY_GROUP_KEY, persist_state="session")


def chosen_filter(options: dict[str, list[str]], tiers: list[str]) -> board.RankingFilter:
    """The filter from session state, keeping only choices that exist this year."""
    picked = st.session_state.get
    return board.RankingFilter(
        groups={dim: [g for g in picked(key) or [] if g in options[dim]] for dim, key in GROUP_KEYS.items()},
        standing_only=bool(picked(STANDING_KEY)),
        tiers=[t for t in picked(TIER_KEY) or [] if t in tiers],
        name=picked(NAME_KEY) or "", score_range=chosen_score_range())


store = state.require_data()
year = state.year()
rules = state.rules()
result = state.year_scores(year)
before_year = board.previous_year(store, year)
table = scoped_ranking_table(result, state.scores(before_year) if before_year else None)
options, tiers = board.filter_options(table, rules), list(rules.tier_names)
choices = cohorts.cohort_choices(rules)
apply_pending()

presenting = not st.session_state.get("rank_print") and meeting.page_head(store, year, rules, "排名")
printing = st.toggle("打印视图", key="rank_print", help="只显示标题和排名表，便于打印（Ctrl+P）")
chosen = chosen_filter(options, tiers)
by = st.session_state.get(COHORT_KEY, cohorts.WHOLE_BODY)
by = by if by in choices else cohorts.WHOLE_BODY
in_force = "；".join(t for t in (f"排名范围：{choices[by]}" if by != cohorts.WHOLE_BODY else "",
                                chosen.describe()) if t)
if not printing:
    if not presenting:
        st.title(f"{year}年度排名")
    state.publication_badge(result)
    if presenting:
        with st.expander(f"筛选（当前：{plain(in_force) or '全部委员'}）", expanded=False):
            filter_widgets(options, tiers, choices)
    else:
        filter_widgets(options, tiers, choices)
shown = board.filter_ranking(table, chosen)
if by != cohorts.WHOLE_BODY:
    ranks = cohorts.visible_cohort_ranks(state.whole_scores(year), by, state.scope())
    shown = cohorts.grouped_ranking(shown, ranks, by, rules)
view = board.ranking_view(shown, result.score_columns, by_group=bool(st.session_state.get(BY_GROUP_KEY)))
rank_columns = [board.COLUMN_LABELS["rank"]]
summary = f"共 {len(shown)} 人" + (f"（筛选：{chosen.describe()}）" if chosen.describe() else "")
if by != cohorts.WHOLE_BODY:
    view = cohorts.with_cohort_columns(view, shown, by)
    rank_columns.append(cohorts.rank_label(by))
    summary += f"；{choices[by]}，{cohorts.rank_label(by)}同分同名次"
amounts = board.amount_labels(result.score_columns)

if printing:
    st.title(plain(board.print_title(year, rules)))
    st.caption(plain(summary) + f"；{plain(result.publication_text)}" + (f"；名次变化与{before_year}年度相比" if before_year else "")
               + f"；制表日期：{day_text(date.today())}")
    table_html = board.printable(view, result.score_columns).to_html(index=False, border=0,
                                                                      classes="print-ranking")
    st.html(f'{PRINT_CSS}<div class="print-ranking">{table_html}</div>')
else:
    st.caption(f"{plain(summary)}，全部 {len(table)} 人。点击姓名打开该委员的档案。"
               + (f"名次变化与{before_year}年度相比，“新”为上年度未排名。" if before_year
                  else "没有上一年度的数据，不显示名次变化。"))
    if chosen.score_range:
        st.button("清除分数段", key="rank_clear_score_range", on_click=clear_score_range)
    meeting.download_list(
        view, "排名", f"{meeting.unit_name()}{board.print_title(year, rules)}",
        [f"筛选：{chosen.describe() or '无（全部委员）'}；共 {len(shown)} 人（全部 {len(table)} 人）"
         + (f"；排名范围：{choices[by]}" if by != cohorts.WHOLE_BODY else ""),
         f"{meeting.cutoff_text(store)}；{result.publication_text}；制表日期：{day_text(date.today())}"],
        f"{year}年度排名.xlsx", key="rank_download",
        number_formats={**dict.fromkeys(amounts, "0.00"), board.COLUMN_LABELS["percentile"]: "0.0"})
    meeting.table(view, key="rank_table", member_ids=shown["member_id"],
                  formats={**dict.fromkeys(amounts, ".2f"), **dict.fromkeys(rank_columns, ".0f"),
                           board.COLUMN_LABELS["percentile"]: ".1f"},
                  column_config={**{c: st.column_config.NumberColumn(format="%.2f") for c in amounts},
                                 board.COLUMN_LABELS["percentile"]: st.column_config.NumberColumn(format="%.1f")})
    bands = board.score_bands(table.loc[table["rank"].notna(), "total"], rules)
    left, right = st.columns(2)
    with left:
        picked = charts.clicked_bars(board.tier_chart(board.tier_counts(result, shown), year), "rank_tiers")
        st.caption("点击某一等次的柱子，名单只显示该等次。")
    with right:
        band = charts.clicked_bars(board.score_histogram(shown.loc[shown["rank"].notna(), "total"], rules, bands),
                                   "rank_scores")
        st.caption("点击某一分数段的柱子，名单只显示总分在该段的参评委员。")
    if picked:
        open_ranking(tiers=picked[:1], groups=chosen.groups, score_range=chosen.score_range)
    if band and band[0] in bands:
        open_ranking(tiers=chosen.tiers, groups=chosen.groups, score_range=bands[band[0]])

if not printing and not presenting and state.scope().sees_all and rules.cohorts.by:
    n = rules.cohorts.top_n
    st.subheader(f"各组前 {n} 名")
    top = cohorts.top_lists_view(cohorts.top_lists(state.whole_scores(year)))
    st.caption(f"按规则的分类排名（{'、'.join(choices[b] for b in rules.cohorts.by)}），每组前 {n} 名，"
               f"并列第 {n} 名的都列入；用于年度通报。共 {len(top)} 行。")
    meeting.download_list(
        top, f"各组前{n}名", f"{meeting.unit_name()}{year}年度分类排名（各组前{n}名）",
        [f"规则：{rules.name}；并列第 {n} 名的都列入",
         f"{meeting.cutoff_text(store)}；{result.publication_text}；制表日期：{day_text(date.today())}"],
        f"{year}年度各组前{n}名.xlsx", key="rank_top_download", number_formats={"总分": "0.00"})
    meeting.table(top, key="rank_top_table", member_ids=top["委员编号"],
                  formats={"总分": ".2f", "组内名次": ".0f", "全体排名": ".0f"},
                  column_config={"总分": st.column_config.NumberColumn(format="%.2f")})
