"""届期考评: one term (届次) — every member's years side by side, the term's totals of 提案,
社情民意 and 全会 attendance, and the 换届参考 verdict under the rule file's 届期考评
requirements, with the records behind a member's totals, the 换届参考 list and the term
档案 workbook (one sheet per member). For 管理员 and 主席会议."""
from __future__ import annotations

import streamlit as st

from data.store import Store
from metrics import term as tm
from ui import auth, meeting, state, tables
from ui.text import plain

auth.require_page("term")

MEMBER_ID = tm.MEMBER_LABELS["member_id"]
ONLY_FAILING = "只看不符合"


@st.cache_resource(max_entries=4, show_spinner="正在汇总本届各年度…")
def _view(_store: Store, path: str, term: str, revision: int, rules_key: tuple, _results: dict) -> tm.TermView:
    return tm.term_view(_store, term, _results)


def term_view(store: Store, term: str) -> tm.TermView:
    """``metrics.term.term_view`` over the years' cached scores, cached per database
    revision, term and the years' rule sets."""
    years = tm.years_of_term(store, term)
    results = {y: state.whole_scores(y) for y in years}
    rules_key = tuple(r.rules.toml for r in results.values())
    return _view(store, str(store.path), term, store.revision(), rules_key, results)


def member_detail(store: Store, view: tm.TermView) -> None:
    """One member's years and the records behind their term totals."""
    st.subheader("委员明细：合计所依据的记录")
    m = view.members
    names = dict(zip(m["member_id"], m["name"] + "（" + m["member_id"] + "，" + m["verdict"] + "）"))
    chosen = st.selectbox("委员", list(names), format_func=names.get, key="term_member")
    row = m.set_index("member_id").loc[chosen]
    st.markdown(f"**换届参考：{plain(row['verdict'])}**" + (f"　{plain(row['reasons'])}" if row["reasons"] else ""))
    tables.table(tm.archive_year_frame(view, chosen), hide_index=True, width="stretch", key="term_member_years")
    sources = tm.sources_table(tm.term_sources(store, view.term, [chosen], view.years))
    tables.table_or_note(sources, "本届没有该委员的提案、社情民意和全会记录。", hide_index=True, width="stretch",
                         key="term_member_sources")


store = state.require_data()
head = st.container()  # the title, above the 届次 it names
options = tm.terms(store)
if not options:
    st.info("名册中没有届次，无法进行届期考评。请先在「数据导入」页导入写明届次的委员名册。")
    st.stop()
chosen_term = st.selectbox("届次", options, key="term_pick")
view = term_view(store, chosen_term)
if not view.years:
    st.info(f"{chosen_term}还没有导入任何年度的出勤记录，暂无届期考评。")
    st.stop()
last_year = view.years[-1]
with head:
    if not meeting.page_head(store, view.term, state.rules(last_year), f"届期考评（{view.years_text()}）"):
        st.title(f"{view.term}届期考评")
st.caption(plain(f"本届已导入年度：{view.years_text()}。各年度的得分、排名、等次和预警为该年度的考评结果"
                 f"（已审定的年度为审定结果）；本届合计按已导入的记录统计。"))
st.caption(plain(f"本届要求：{tm.rules_text(view.rules)}。要求在计分规则文件的「届期考评」部分设定，"
                 f"按{last_year}年度在用的规则。"))

for column, (verdict, count) in zip(st.columns(3), view.counts().items()):
    column.metric(verdict, f"{count} 人", border=True)

shown = view.members
if st.toggle(ONLY_FAILING, key="term_only_failing"):
    shown = shown[shown["verdict"].eq(tm.FAILS)]
table = tm.reference_table(view, shown)
amounts = tm.amount_columns(view)
meeting.download_list(table, tm.LIST_SHEET, tm.list_title(meeting.unit_name(), view),
                      tm.list_notes(view) + ([f"筛选：{ONLY_FAILING}"] if len(shown) < len(view.members) else []),
                      tm.list_file_name(view), key="term_download",
                      number_formats={c: "0.00" for c in amounts})
st.download_button(
    f"下载届期考评档案（Excel，每位委员一页，共 {len(shown)} 人）", key="term_archives",
    icon=":material/download:", on_click="ignore", disabled=shown.empty,
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    file_name=tm.archive_file_name(view),
    data=state.audited_download(tm.archive_file_name(view), lambda: tm.archive_bytes(
        store, view, list(shown["member_id"]), meeting.unit_name())))
st.caption(f"共 {len(table)} 人。点击表头排序，点击姓名打开该委员的档案。")
meeting.table(tm.meeting_table(view, table) if meeting.active() else table, key="term_table", member_ids=table[MEMBER_ID], formats=dict.fromkeys(amounts, ".2f"),
              column_config={c: st.column_config.NumberColumn(format="%.2f") for c in amounts})
member_detail(store, view)
