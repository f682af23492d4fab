"""用户管理 (管理员): the users, adding one, disabling / enabling, resetting a password and
changing a role and its groups — every change through data.accounts.users, audited as the
signed-in administrator."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from data import queries
from data.accounts import throttle, users
from data.accounts.users import GROUP_DIMENSIONS, ROLES, UserError
from metrics import profile
from ui import auth, state, tables
from ui.text import plain

COLUMNS = {"username": "用户名", "display_name": "姓名", "role_label": "角色", "groups": "负责的组",
           "member_id": "委员编号", "disabled": "已停用", "locked_at": "锁定的登录地址",
           "open_sessions": "在线会话",
           "created_at": "创建时间", "password_changed_at": "密码修改时间"}


def group_choices() -> dict[str, str]:
    """'dimension:group' -> '界别活动组：第一组' for every group of the roster this year."""
    s = state.store()
    if queries.is_empty(s):
        return {}
    result = state.whole_scores()
    return {f"{dim}:{g}": group_label(f"{dim}:{g}") for dim in GROUP_DIMENSIONS
            for g in profile.group_names(result, dim)}


def member_choices() -> dict[str, str]:
    s = state.store()
    return {} if queries.is_empty(s) else profile.member_options(state.whole_scores())


def users_table(table: pd.DataFrame) -> pd.DataFrame:
    out = table[list(COLUMNS)].rename(columns=COLUMNS)
    out["负责的组"] = ["、".join(group_label(code) for code in g) for g in table["groups"]]
    return out


def group_label(code: str) -> str:
    """'liaison_group:东湖区联络组' -> '委员联络组：东湖区联络组'."""
    dimension, _, group = code.partition(":")
    return f"{GROUP_DIMENSIONS.get(dimension, dimension)}：{group}"


def scope_inputs(prefix: str, role: str, groups: dict[str, str], members: dict[str, str],
                 current_groups=(), current_member=None) -> tuple[list[str], str | None]:
    """The groups of a 组长 or the member of a 委员 (nothing for the other roles)."""
    if role == "leader":
        default = [g for g in current_groups if g in groups]
        return st.multiselect("负责的组（组长）", list(groups), default=default, format_func=groups.get,
                              key=f"{prefix}_groups", placeholder="选择界别活动组、委员联络组或界别",
                              select_all=False), None
    if role == "member":
        ids = list(members)
        index = ids.index(current_member) if current_member in ids else None
        return [], st.selectbox("对应委员（委员账号）", ids, index=index, format_func=members.get,
                                key=f"{prefix}_member", placeholder="选择委员")
    return [], None


def attempt(change, success: str) -> None:
    try:
        change()
    except UserError as e:
        st.error(plain(e))
    else:
        st.success(plain(success))


auth.require_page("users")

me = auth.current_username()
store = state.store()
groups, members = group_choices(), member_choices()

st.title("用户管理")
st.caption("角色：管理员可使用全部功能；主席会议查看全部数据并导出；组长查看所负责组的委员；委员只看本人档案。"
           f"从同一地址连续 {throttle.ACCOUNT_TRIES} 次密码错误，该地址对此账号的登录锁定 {throttle.LOCK_MINUTES} 分钟"
           f"（其他地址不受影响）；同一地址 {throttle.LOCK_MINUTES} 分钟内登录失败 {throttle.ADDRESS_TRIES} 次，该地址暂停登录。"
           "停用、重置密码或变更角色后，该用户已打开的页面立即退出登录。")

with st.expander("新增用户", expanded=not users.has_users(store), icon=":material/person_add:"):
    role = st.selectbox("角色", list(ROLES), format_func=ROLES.get, key="new_role")
    with st.form("new_user", clear_on_submit=False):
        username = st.text_input("用户名", key="new_username",
                                 help="3–32 位，以英文字母开头，可含数字、下划线、点或连字符")
        name = st.text_input("姓名", key="new_name")
        password = st.text_input("初始密码", type="password", key="new_password",
                                 help=f"至少 {users.MIN_PASSWORD_CHARS} 个字符；请当面或电话告知本人")
        chosen_groups, member_id = scope_inputs("new", role, groups, members)
        if st.form_submit_button("新增", type="primary"):
            attempt(lambda: users.create_user(store, username, name, password, role, chosen_groups,
                                              member_id, by=me), f"已新增用户“{username}”。")

table = users.list_users(store)
st.subheader(f"全部用户（{len(table)} 位）")
tables.table_or_note(users_table(table), "还没有用户（本地单用户模式下不需要账号）。")

if len(table):
    st.subheader("修改用户")
    who = st.selectbox("选择用户", list(table["username"]), key="edit_user",
                       format_func=lambda u: f"{u}（{table.set_index('username').loc[u, 'display_name']}）")
    target = users.get_user(store, who)
    role_tab, password_tab, state_tab = st.tabs(["角色与范围", "重置密码", "停用 / 启用"])
    with role_tab:
        new_role = st.selectbox("角色", list(ROLES), index=list(ROLES).index(target.role),
                                format_func=ROLES.get, key=f"edit_role_{who}")
        new_groups, new_member = scope_inputs(f"edit_{who}", new_role, groups, members,
                                              target.groups, target.member_id)
        if st.button("保存角色", key="save_role"):
            attempt(lambda: users.set_role(store, who, new_role, new_groups, new_member, by=me),
                    f"已修改“{who}”的角色。")
    with password_tab:
        new_password = st.text_input("新密码", type="password", key="reset_password")
        if st.button("重置密码（并解除锁定）", key="do_reset"):
            attempt(lambda: users.reset_password(store, who, new_password, by=me), f"已重置“{who}”的密码。")
    with state_tab:
        if target.disabled or users.is_locked(store, who):
            if st.button("启用并解除锁定", key="do_enable"):
                attempt(lambda: users.enable_user(store, who, by=me), f"已启用“{who}”。")
        else:
            if st.button("停用账号", key="do_disable"):
                attempt(lambda: users.disable_user(store, who, by=me), f"已停用“{who}”。")
