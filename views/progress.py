"""履职进度: the year so far as of a chosen date — points from the records up to it, what
the rules still require, who would end 不称职 or warned if nothing changed — with the
提醒名单 (.xlsx) and 提醒函 for chosen members. Leaders see the members of their groups."""
from datetime import date

import pandas as pd
import streamlit as st

from data.store import Store
from metrics import board
from metrics import progress as pg
from metrics.display_order import ordered_groups
from metrics.evaluation import DEFAULT_BODY
from metrics.labels import day_text
from metrics.rules import Rules, parse_rules
from metrics.scope import Scope
from ui import auth, meeting, state
from ui.text import plain

auth.require_page("progress")

DIMENSIONS = ("activity_group", "liaison_group", "sector")
ALL = "全部"
EVERYONE = "全部委员"
AMOUNTS = {pg.COLUMN_LABELS[c]: ".2f" for c in ("total", "points_needed")}
MEMBER_ID = pg.COLUMN_LABELS["member_id"]


@st.cache_resource(max_entries=8, show_spinner="正在按截止日期计算…")
def _progress(_store: Store, path: str, year: int, as_of: date, rules_toml: str, revision: int,
              scope_key: str, _scope: Scope) -> pg.Progress:
    return pg.progress(_store, year, as_of, _scope, parse_rules(rules_toml))


def year_progress(store: Store, year: int, as_of: date, rules: Rules, scope: Scope) -> pg.Progress:
    """``metrics.progress.progress``, cached per database revision, date, rules and scope."""
    return _progress(store, str(store.path), year, as_of, rules.toml, store.revision(), scope.key, scope)


def chosen_rows(members: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """The rows the filters above the table keep: one group, one kind of member."""
    left, middle, right = st.columns(3)
    dimension = left.selectbox("分组方式", DIMENSIONS, format_func=board.GROUP_LABELS.get, key="prog_dim")
    groups = ordered_groups(members[dimension].dropna().unique(), dimension, rules)
    group = middle.selectbox(board.GROUP_LABELS[dimension], [ALL, *groups], key="prog_group")
    flag = right.selectbox("只看", [EVERYONE, *pg.COUNT_LABELS], key="prog_flag",
                           format_func=lambda f: pg.COUNT_LABELS.get(f, f))
    if group != ALL:
        members = members[members[dimension].eq(group)]
    if flag != EVERYONE:
        members = members[members[flag]]
    return members


def reminder_section(store, p: pg.Progress) -> None:
    """提醒函 (the year-end template) for chosen members who would be warned."""
    st.subheader("提醒函")
    warned = p.members[p.members["warned"]]
    if warned.empty:
        st.info("按截至该日的记录，没有将被预警的委员，无需提醒函。")
        return
    names = dict(zip(warned["member_id"], warned["name"] + "（" + warned["member_id"] + "）"))
    chosen = st.multiselect("选择委员（将被预警者）", list(names), format_func=names.get, key="prog_letters",
                            placeholder="选择一位或多位委员")
    st.caption("提醒函使用「年度导出」页的提醒函模板，预警及事实按截至该日的记录填写。")
    st.download_button(
        "下载提醒函（Word，压缩包）", key="prog_letters_download", disabled=not chosen,
        icon=":material/download:", mime="application/zip", on_click="ignore",
        file_name=f"{p.year}年度履职提醒函（截至{day_text(p.as_of)}）.zip",
        data=state.audited_download(f"{p.year}年度履职提醒函（截至{day_text(p.as_of)}）",
                                    lambda: pg.reminder_bytes(store, p, chosen, DEFAULT_BODY)))


store = state.require_data()
year = state.year()
whole_year = state.year_scores(year)  # a year without any records stops here, with a notice
rules = state.rules(year)
scope = state.scope()

if not meeting.page_head(store, year, rules, "履职进度"):
    st.title(f"{year}年度履职进度")
as_of = st.date_input("截至日期", value=pg.clip_to_year(date.today(), year), key=f"prog_as_of_{year}",
                      min_value=date(year, 1, 1), max_value=date(year, 12, 31), format="YYYY-MM-DD")
p = year_progress(store, year, as_of, rules, scope)
st.caption(f"按{day_text(as_of)}及以前的记录计分；等次和预警为“若此后情况不变”的结果。"
           f"{p.undated_text()}{p.later_text()}")
if whole_year.frozen:
    st.caption(plain(f"本年度{whole_year.publication.badge}；履职进度按当前导入的记录计算，不改变审定结果。"))

counts = list(p.counts().items())
for row in (counts[:4], counts[4:]):  # seven cards in one row cut their labels and numbers
    for column, (flag, count) in zip(st.columns(4), row):
        column.metric(pg.COUNT_LABELS[flag], f"{count} 人", border=True)

shown = chosen_rows(p.members, rules)
view = pg.progress_view(shown)
meeting.download_list(view, pg.LIST_SHEET, pg.list_title(meeting.unit_name(), p), pg.list_notes(p),
                      pg.list_file_name(p), key="prog_download", number_formats=pg.LIST_NUMBER_FORMATS)
st.caption(f"共 {len(view)} 人。点击表头排序，点击姓名打开该委员的档案。")
meeting.table(view, key="prog_table", member_ids=view[MEMBER_ID], formats=AMOUNTS,
              column_config={label: st.column_config.NumberColumn(format="%.2f") for label in AMOUNTS})
if scope.sees_all:
    reminder_section(store, p)
else:
    st.caption(plain(f"仅列出{scope.label}所负责分组的委员。"))
