"""待匹配姓名: names in the imported files that match no roster member, with the
closest members; one click maps a name to a member (remembered for later files)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from data import aliases
from ui import auth, state, tables
from ui.text import plain

auth.require_page("pending")

FLASH = "pending_flash"
MAX_CARDS = 40  # names shown with one-click suggestions; the rest through the form below


def user() -> str:
    return st.session_state.get("user", "办公室")


def suggested_member(label: str) -> str:
    """The member id in a suggestion label 'name（界别，编号）'."""
    return label.rsplit("，", 1)[-1].rstrip("）")


def member_label(member: aliases.Member) -> str:
    return f"{member.name}（{member.sector}，{member.member_id}）"


def pending_table(pending: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "姓名": pending["name"],
        "所填界别": pending["sector_hint"].replace("", "—"),
        "记录数": pending["rows"],
        "来源文件": pending["files"],
        "最接近的委员": ["；".join(s) or "—" for s in pending["suggestions"]],
    })


def member_score(member_id: str) -> str:
    """'得分 x（第 n 名）' in the chosen year, or '' when the member is not scored."""
    scores = state.scores().scores
    row = scores[scores["member_id"] == member_id]
    if row.empty:
        return ""
    rank = row["rank"].iloc[0]
    where = f"（第 {rank} 名）" if pd.notna(rank) else ""
    return f"{row['total'].iloc[0]:.2f} 分{where}"


def resolve(name: str, sector_hint: str, member_id: str, rows: int, label: str) -> None:
    """Map the name to the member (shown as ``label``), keep a message for the rerun, rerun."""
    before = member_score(member_id)
    try:
        aliases.resolve(state.store(), name, member_id, sector_hint, user())
    except aliases.ResolveError as exc:
        st.error(plain(exc))
        return
    after = member_score(member_id)
    change = f"{state.year()}年度得分：{before} → {after}。" if before and after else ""
    st.session_state[FLASH] = (f"已将「{name}」匹配为委员 {label}：{rows} 条记录已计入。{change}"
                               "今后导入的文件中的这个姓名也会自动匹配。")
    st.rerun()


def suggestion_card(entry: dict) -> None:
    name, hint, rows = entry["name"], entry["sector_hint"], int(entry["rows"])
    with st.container(border=True):
        st.markdown(f"**{plain(name)}**　所填界别：{plain(hint) or '未填'}　·　{rows} 条记录　·　来源：{plain(entry['files'])}")
        if not entry["suggestions"]:
            st.caption("名册中没有相近的姓名，请在下方手动匹配。")
            return
        columns = st.columns(len(entry["suggestions"]))
        for column, label in zip(columns, entry["suggestions"]):
            member_id = suggested_member(label)
            if column.button(f"是 {plain(label)}", key=f"resolve|{name}|{hint}|{member_id}", width="stretch"):
                resolve(name, hint, member_id, rows, label)


def manual_form(pending: pd.DataFrame) -> None:
    st.subheader("手动匹配")
    entries = pending.to_dict("records")
    roster = sorted(aliases.load_matcher(state.store()).members, key=lambda m: (m.name, m.member_id))
    left, right = st.columns(2)
    entry = left.selectbox("待匹配的姓名", entries, key="manual_name",
                           format_func=lambda e: f"{e['name']}（{e['sector_hint'] or '未填界别'}，{e['rows']} 条）")
    member = right.selectbox("对应的委员", roster, key="manual_member", index=None, placeholder="输入姓名搜索",
                             format_func=member_label)
    if st.button("匹配", key="manual_resolve", disabled=member is None):
        resolve(entry["name"], entry["sector_hint"], member.member_id, int(entry["rows"]), member_label(member))


state.require_data()
st.title("待匹配姓名")
if message := st.session_state.pop(FLASH, None):
    st.success(plain(message))
pending_names = aliases.pending_names(state.store())
if pending_names.empty:
    st.success("导入文件中的姓名都已匹配到名册中的委员，没有待匹配的姓名。")
    st.stop()
st.caption(f"共 {len(pending_names)} 个姓名在名册中找不到，涉及 {int(pending_names['rows'].sum())} 条记录。"
           "这些记录已保存，匹配后即计入该委员的得分；匹配会被记住，用于以后导入的文件。")
tables.table(pending_table(pending_names), hide_index=True, width="stretch")
st.subheader("按建议匹配")
for card in pending_names.head(MAX_CARDS).to_dict("records"):
    suggestion_card(card)
if len(pending_names) > MAX_CARDS:
    st.caption(f"另有 {len(pending_names) - MAX_CARDS} 个姓名，请用下方的手动匹配。")
manual_form(pending_names)
