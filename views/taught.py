"""导入词表 (管理员): every answer the office taught the importer — its own words for coded
columns, its columns mapped to fields, categories given to events, the first year of a
term — in Chinese, filterable by kind, each removable (the question then comes back)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from data import taught
from reading import vocab
from reading.knowledge import ANY_SHEET, COLUMN, EVENT, FILE_YEAR, TERM, category_label, field_label, meaning_label
from ui import auth, state, tables
from ui.text import plain

auth.require_page("taught")

FLASH = "taught_flash"
ALL = "全部"
DOMAIN_LABELS = {COLUMN: "列映射", EVENT: "活动的类别", TERM: "届次", FILE_YEAR: vocab.QUESTION_LABELS[FILE_YEAR],
                 **{d: spec["label"] for d, spec in vocab.VALUES.items()}}


def user() -> str:
    return st.session_state.get("user", "办公室")


def written_text(domain: str, written: str, shown: str | None) -> str:
    """How the answered thing was written, in words."""
    if domain == COLUMN:
        sheet, _, label = written.partition("|")
        where = "任意工作表" if sheet == ANY_SHEET else f"工作表「{sheet}」"
        return f"{where}的「{label}」列"
    if domain == EVENT:
        day, _, name = written.partition("|")
        return f"{name}（{day}）" if name else written
    return f"「{shown or written}」"


def meaning_text(domain: str, meaning: str) -> str:
    """What the answer says it means, in words."""
    if domain == COLUMN:
        return field_label(meaning).split("（")[0]
    if domain == EVENT:
        return category_label(meaning)
    if domain == TERM:
        return f"第一年为 {meaning} 年"
    if domain == FILE_YEAR:
        return f"{meaning} 年度"
    return meaning_label(domain, meaning)


def answers_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "类别": [DOMAIN_LABELS.get(d, d) for d in rows["domain"]],
        "写法": [written_text(d, w, s) for d, w, s in zip(rows["domain"], rows["written"], rows["shown"])],
        "含义": [meaning_text(d, m) for d, m in zip(rows["domain"], rows["meaning"])],
        "添加人": rows["created_by"],
        "时间": pd.to_datetime(rows["created_at"]),
    })


def terms_section() -> None:
    """届次 on the roster without a first year: a title such as «十届三次会议» is dated by it."""
    missing = taught.terms_to_set(state.store())
    if not missing:
        return
    st.subheader("届次的第一年")
    st.caption("名册中的这些届次还没有设置第一年。设置后，标题中写「十届三次会议」而没有年份的文件按此推算年度"
               "（第一年 2023，三次会议即 2025 年）。")
    left, middle, right = st.columns([2, 2, 1], vertical_alignment="bottom")
    term = left.selectbox("届次", missing, key="term_name")
    first = middle.number_input("第一年", min_value=1949, max_value=2100, value=state.year() - 2, step=1,
                                key="term_first_year")
    if right.button("保存", key="term_save"):
        taught.teach(state.store(), [(TERM, term, str(int(first)))], user())
        st.session_state[FLASH] = f"已设置{term}的第一年为 {int(first)} 年。"
        st.rerun()


def remove_section(rows: pd.DataFrame, shown: pd.DataFrame) -> None:
    st.subheader("删除一条")
    choices = {i: f"{c}：{w} → {m}" for i, c, w, m in zip(rows.index, shown["类别"], shown["写法"], shown["含义"])}
    chosen = st.selectbox("要删除的答案", list(choices), format_func=choices.get, key="taught_remove")
    confirmed = st.checkbox(f"确认删除「{plain(choices[chosen])}」", key=f"taught_confirm_{chosen}")
    if st.button("删除", disabled=not confirmed, key="taught_delete"):
        row = rows.loc[chosen]
        if taught.forget(state.store(), row["domain"], row["written"], user()):
            st.session_state[FLASH] = f"已删除「{choices[chosen]}」。"
        st.rerun()


st.title("导入词表")
st.caption("办公室在数据导入时确认过的答案：值的含义、列映射和活动类别。导入时先按这些答案读取，再按内置词表。"
           "删除一条答案后，下一个用到它的文件会重新询问。")
if message := st.session_state.pop(FLASH, None):
    st.success(plain(message))

terms_section()
everything = taught.taught_table(state.store())
if everything.empty:
    st.info("还没有确认过任何答案。在「数据导入」页确认不认识的值、映射列或修改活动类别后，会列在这里。")
    st.stop()

present = [d for d in DOMAIN_LABELS if d in set(everything["domain"])]
kind = st.selectbox("类别", [ALL, *present], key="taught_domain",
                    format_func=lambda d: d if d == ALL else DOMAIN_LABELS[d])
rows = everything if kind == ALL else everything[everything["domain"] == kind]
rows = rows.reset_index(drop=True)
shown = answers_table(rows)
st.caption(f"共 {len(rows)} 条（词表中共 {len(everything)} 条）。")
tables.table(shown, hide_index=True, width="stretch")
remove_section(rows, shown)
