"""计分规则: the rule set in force for the year as tables, edited as tables or as the
rule file; checked, tried on the year's data (what-if) before saving, saved per year."""
from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from data import queries
from data.backup import BackupError
from data.published import PublishedError, publication
from metrics import display_order, labels, term, whatif
from metrics.labels import CATEGORY_LABELS
from metrics.rules import (RuleError, Rules, default_rules, parse_rules, rule_set_history, save_rule_set,
                           saved_rules)
from ui import auth, state, tables
from ui.text import plain

auth.require_page("rules")

FLASH = "rules_flash"
ROUND = "rules_round"  # bumped after a save: editors start again from the saved set
MODES = {"tables": "按表格编辑", "text": "编辑规则文件（文本，高级）"}
HISTORY_COLUMNS = {"year": "年度", "saved_at": "保存时间", "saved_by": "保存人", "name": "规则名称"}

POINTS = st.column_config.NumberColumn(format="plain", step=0.01)
LOCKED = {"disabled": True}


def user() -> str:
    return st.session_state.get("user", "办公室")


def starting_points(year: int) -> dict[str, Rules]:
    """The rule sets an edit may start from: this year's, the default, other years' saved."""
    points = {f"{year}年度在用规则": state.rules(year), "默认规则": default_rules()}
    for other in state.available_years():
        if other != year and (saved := saved_rules(state.store(), other)):
            points[f"{other}年度已保存的规则"] = saved
    return points


def in_force_caption(year: int, in_force: Rules) -> str:
    saved = saved_rules(state.store(), year) is not None
    where = "已为本年度保存" if saved else "本年度未单独保存，使用默认规则"
    if (pub := publication(state.store(), year)) is not None:
        where = f"审定时的规则，{pub.badge}"
    return f"{year}年度在用规则：{plain(in_force.name)}（版本 {plain(labels.rule_version_label(in_force.version))}，{plain(where)}）。"


def editor(frame: pd.DataFrame, key: str, **options) -> pd.DataFrame:
    return tables.editor(frame, key=key, hide_index=True, width="stretch", height="content", **options)


def edit_events(t: whatif.RuleTables, stamp: str) -> pd.DataFrame:
    st.caption("每场活动按登记的出勤情况计分（0 表示不计分）；正分计入所选的封顶分组。")
    return editor(t.events, f"rules_events_{stamp}",
                  column_order=["活动类别", "出席", "请假", "缺席", "封顶分组", "全会按场次分摊"],
                  column_config={"活动类别": st.column_config.TextColumn(**LOCKED),
                                 "出席": POINTS, "请假": POINTS, "缺席": POINTS,
                                 "封顶分组": st.column_config.SelectboxColumn(
                                     options=cap_groups(t), format_func=whatif.cap_group_label,
                                     help="出席等正分计入的封顶分组；新的分组请先在「封顶」中添加"),
                                 "全会按场次分摊": st.column_config.CheckboxColumn(
                                     help="全会分值按本年应出席的场次平均分配")})


def cap_groups(t: whatif.RuleTables) -> list[str]:
    """The cap groups an event may go to: those of the rule set, then the usual ones."""
    used = [g for g in t.events["封顶分组"] if isinstance(g, str) and g]
    return list(dict.fromkeys([*t.caps["封顶分组"], *used, *whatif.CAP_GROUP_LABELS]))


def edit_items(t: whatif.RuleTables, section: str, stamp: str) -> pd.DataFrame:
    return editor(t.items[section], f"rules_items_{section}_{stamp}", column_order=["计分项", "分值", "说明"],
                  column_config={"计分项": st.column_config.TextColumn(**LOCKED), "分值": POINTS,
                                 "说明": st.column_config.TextColumn(**LOCKED)})


def edit_caps(t: whatif.RuleTables, stamp: str) -> pd.DataFrame:
    st.caption("每个分组全年正分的上限；加分、扣分和加减分不封顶。可增删分组（活动表中的封顶分组须在此列出）。")
    return editor(t.caps, f"rules_caps_{stamp}", num_rows="dynamic", column_order=["名称", "上限", "封顶分组"],
                  column_config={"名称": st.column_config.TextColumn(**LOCKED), "上限": POINTS,
                                 "封顶分组": st.column_config.SelectboxColumn(
                                     "分组", options=cap_groups(t), format_func=whatif.cap_group_label,
                                     required=True, help="新增一行时选择分组；其他分组请用文本方式编辑")})


def edit_tiers(t: whatif.RuleTables, stamp: str) -> dict:
    st.caption("总分达到分数线即为该等次（从高到低）；其余为最低等次。")
    thresholds = editor(t.thresholds, f"rules_thresholds_{stamp}", num_rows="dynamic",
                        column_config={"分数线": POINTS})
    left, right = st.columns(2)
    return dict(
        thresholds=thresholds,
        lowest=left.text_input("最低等次", t.lowest, key=f"rules_lowest_{stamp}"),
        plenary_absent_max=right.text_input("全体会议有无故缺席时最高评为（留空不限制）",
                                            t.plenary_absent_max or "", key=f"rules_absent_max_{stamp}"),
        require_proposal_or_sqmy=left.checkbox("全年既无提案也无社情民意的评为最低等次",
                                               t.require_proposal_or_sqmy, key=f"rules_require_{stamp}"),
        excellent_quota=right.number_input("最高等次名额比例（0 表示不限）", 0.0, 1.0, t.excellent_quota, 0.05,
                                           key=f"rules_quota_{stamp}"),
    )


def edit_warnings(t: whatif.RuleTables, stamp: str) -> pd.DataFrame:
    st.caption("达到阈值即列入预警名单；阈值为 0 表示不启用该项预警。")
    return editor(t.warnings, f"rules_warnings_{stamp}", column_order=["预警条件", "处理", "阈值"],
                  column_config={"预警条件": st.column_config.TextColumn(**LOCKED),
                                 "处理": st.column_config.TextColumn(**LOCKED),
                                 "阈值": st.column_config.NumberColumn(min_value=0, step=1, format="%d")})


def edit_expected(t: whatif.RuleTables, stamp: str) -> pd.DataFrame:
    st.caption("每年应有的会议/活动场次，只用于「总览」的数据完整性：导入的场次少于此数时提示缺少几场。"
               "不影响得分；留空为未设定。")
    return editor(t.expected, f"rules_expected_{stamp}", column_order=["活动类别", "应有场次"],
                  column_config={"活动类别": st.column_config.TextColumn(**LOCKED),
                                 "应有场次": st.column_config.NumberColumn(min_value=0, step=1, format="%d")})


def edited_tables(base: Rules, stamp: str) -> whatif.RuleTables:
    """The rule tables as the editors hold them now."""
    t = whatif.rule_tables(base, CATEGORY_LABELS)
    left, right = st.columns([3, 1])
    name = left.text_input("规则名称", t.name, key=f"rules_name_{stamp}")
    version = right.text_input("版本", t.version, key=f"rules_version_{stamp}")
    tabs = st.tabs(["活动出勤", *whatif.SECTION_TITLES.values(), "封顶", "等次", "预警", "应有场次"])
    with tabs[0]:
        events = edit_events(t, stamp)
    items = {}
    for tab, section in zip(tabs[1:], whatif.SECTION_TITLES):
        with tab:
            items[section] = edit_items(t, section, stamp)
    with tabs[-4]:
        caps = edit_caps(t, stamp)
    with tabs[-3]:
        tiers = edit_tiers(t, stamp)
    with tabs[-2]:
        warnings = edit_warnings(t, stamp)
    with tabs[-1]:
        expected = edit_expected(t, stamp)
    return dataclasses.replace(t, name=name, version=version, events=events, items=items, caps=caps,
                               warnings=warnings, expected=expected, **tiers)


def edit_form(base: Rules, mode: str, stamp: str) -> str | whatif.RuleTables:
    """The edit form: the rule tables, or the rule file's text."""
    with st.form(f"rules_form_{stamp}", border=False):
        if mode == "text":
            edited = st.text_area("规则文件（文本）", base.toml, height=520, key=f"rules_text_{stamp}")
        else:
            edited = edited_tables(base, stamp)
        st.form_submit_button("检查并试算（不保存）", type="primary")
    return edited


def checked_rules(edited: str | whatif.RuleTables) -> Rules | None:
    """The edited rules, validated; None (and the reason shown) when they cannot be used."""
    try:
        return parse_rules(edited if isinstance(edited, str) else whatif.tables_to_toml(edited))
    except RuleError as exc:
        st.error(f"规则有误，不能试算，也不会保存：{plain(exc.args[0])}")
        return None


def tier_counts(before: pd.DataFrame, after: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    counts = pd.DataFrame({"现行规则": before["tier"].value_counts(), "试算": after["tier"].value_counts()})
    counts = counts.reindex(names + [t for t in counts.index if t not in names]).fillna(0).astype("int64")
    return counts.rename_axis("等次").reset_index()


def whatif_section(year: int, in_force: Rules, edited: Rules) -> None:
    st.subheader("试算：按修改后的规则，排名和等次的变化")
    if queries.is_empty(state.store()):
        st.info("数据库中还没有委员名册和履职记录，导入数据后即可试算。")
        return
    if edited == in_force:
        st.info("修改后的规则与本年度在用规则计分相同。在上面修改分值并点击「检查并试算」，这里会显示变化。")
        return
    before, after = state.scores(year), state.scores(year, with_rules=edited)
    comparison = whatif.compare(before, after)
    moves = comparison.tier_moves
    cols = st.columns(4)
    cols[0].metric("等次变化", f"{len(moves)} 人")
    cols[1].metric("排名变化", f"{comparison.rank_changes} 人")
    cols[2].metric("最大名次变化", f"{comparison.max_shift} 位")
    cols[3].metric("排名一致性（Kendall τ）", "—" if pd.isna(comparison.tau) else f"{comparison.tau:.3f}",
                   help="两种规则下排名顺序的一致程度：1 表示完全相同，越小变化越大，-1 表示完全颠倒。")
    st.caption(f"{comparison.total_changes} 人得分改变。以上结果只是试算，尚未保存。")
    names = list(dict.fromkeys(in_force.tier_names + edited.tier_names))
    tables.table(tier_counts(before.scores, after.scores, names), hide_index=True, width=480)
    st.markdown(f"**等次变化的委员（{len(moves)} 人）**")
    tables.table(whatif.comparison_table(moves), hide_index=True, width="stretch")
    st.markdown("**名次变化最大的委员**（名次变化为正数表示名次上升）")
    tables.table(whatif.comparison_table(comparison.largest_shifts(20)), hide_index=True, width="stretch")


def same_settings(edited: Rules, in_force: Rules) -> bool:
    """Whether the parts of the rule file no score depends on are unchanged too."""
    def settings(r: Rules) -> tuple:
        return r.name, r.version, dict(r.expected), r.sector_order, r.group_order, r.term_rules

    return settings(edited) == settings(in_force)


def save_section(year: int, in_force: Rules, edited: Rules) -> None:
    if (pub := publication(state.store(), year)) is not None:
        st.info(f"{year}年度考评结果{plain(pub.badge)}，不能保存该年度的计分规则；如需修改请先在「年度导出」页撤销审定。")
        return
    unchanged = edited == in_force and same_settings(edited, in_force)
    if st.button(f"保存为{year}年度计分规则", type="primary", disabled=unchanged, key="save_rules"):
        try:
            save_rule_set(state.store(), year, edited, user(), name=edited.name)
        except (BackupError, PublishedError) as exc:
            st.error(plain(exc))
            return
        st.session_state[FLASH] = f"已保存为{year}年度计分规则：{edited.name}（版本 {labels.rule_version_label(edited.version)}）。各页面已按新规则计分。"
        st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
        st.rerun()
    st.caption("与在用规则相同，无需保存。" if unchanged else "保存后，本年度的得分、排名、等次和预警都按新规则计算；历史版本保留在下方。")


def history_section() -> None:
    st.subheader("已保存的规则")
    history = rule_set_history(state.store())
    if history.empty:
        st.caption("尚未保存过规则，各年度都使用默认规则。")
        return
    tables.table(history[list(HISTORY_COLUMNS)].rename(columns=HISTORY_COLUMNS), hide_index=True, width="stretch")
    with st.expander("查看某一版本的规则文件"):
        versions = history.to_dict("records")
        chosen = st.selectbox("版本", versions, key="rules_history_pick",
                              format_func=lambda v: f"{v['year']}年度 · {labels.time_text(v['saved_at'])} · {v['name']}")
        st.code(chosen["toml"], language="toml")


st.title("计分规则")
if message := st.session_state.pop(FLASH, None):
    st.success(plain(message))
year = state.year()
in_force = state.rules(year)
st.caption(in_force_caption(year, in_force))
st.caption(plain(display_order.order_text(in_force)) + "各页面和年度导出中的界别、分组按此排列，可在规则文件中修改。")
with st.expander("本年度在用规则的等次与条件", expanded=False):
    tables.table(whatif.tiers_summary(in_force), hide_index=True, width="stretch")
st.caption(f"每年应有的会议/活动场次（「总览」数据完整性用，不影响得分）：{whatif.expected_summary(in_force)}。")
st.caption(f"届期考评的本届要求（「届期考评」页的换届参考用，不影响得分；在规则文件的「届期考评」部分修改）："
           f"{term.rules_text(in_force.term_rules)}。")
points = starting_points(year)
left, right = st.columns(2)
start = left.selectbox("从哪套规则开始修改", list(points), key="rules_start")
mode = right.radio("编辑方式", list(MODES), format_func=MODES.get, horizontal=True, key="rules_mode")
stamp = f"{year}_{list(points).index(start)}_{st.session_state.get(ROUND, 0)}"
edited = checked_rules(edit_form(points[start], mode, stamp))
if edited is not None:
    whatif_section(year, in_force, edited)
    save_section(year, in_force, edited)
history_section()
