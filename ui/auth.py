"""Who is using the app (issues #6, #14): sign-in, the session cookie, first-start
setup, local single-user mode, and the pages each role gets.

The checks are in ``data.accounts`` (password, throttling, audit, sessions): a sign-in
opens a session on the server and the browser's cookie carries only its random token,
so ending the session (sign-out, a new password, disabling, a new role) ends the cookie
too. Nothing here keeps a password or a hash in session state."""
from __future__ import annotations

import ipaddress
import os
from datetime import datetime, timedelta
from pathlib import Path

import streamlit as st

from data.accounts import sessions, sign_in, users
from data.accounts.users import User, UserError
from metrics.scope import Scope, ScopeError
from ui.text import plain

COOKIE_NAME = "lvzhi"
LOCAL_MODE_ENV = "LVZHI_LOCAL_MODE"
PROXY_ENV = "LVZHI_BEHIND_PROXY"
LOCAL_BANNER = "本地单用户模式：未启用登录，只接受本机（127.0.0.1）的访问"
LOCAL_ONLY = ("本地单用户模式未启用登录，只接受本机的访问，来自 {address} 的访问已拒绝。"
              "如需让同事通过网络访问，请以登录模式启动（不设置 LVZHI_LOCAL_MODE），见 README 的 Security 一节。")
LOCAL_USER = User("local", "本机用户", "admin")
THIS_MACHINE = "127.0.0.1"
SESSION_KEY = "session_id"  # the signed-in session's id (its token's hash) in session state
_COOKIE_CHANGE = "_lvzhi_cookie_change"  # the cookie change this browser is owed: a token, or "" to delete
# Headers a reverse proxy adds: a visitor that came through one is not this machine.
FORWARDED_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")

# (path, title, icon) of every page, by the group it is listed under.
_PAGES: dict[str, list[tuple[str, str, str]]] = {
    "主席会议": [
        ("views/overview.py", "总览", ":material/dashboard:"),
        ("views/ranking.py", "排名", ":material/leaderboard:"),
        ("views/warnings.py", "预警名单", ":material/warning:"),
        ("views/progress.py", "履职进度", ":material/pending_actions:"),
        ("views/term.py", "届期考评", ":material/how_to_vote:"),
    ],
    "组长与召集人": [
        ("views/groups.py", "界别与联络组", ":material/groups:"),
        ("views/profile.py", "委员档案", ":material/badge:"),
    ],
    "办公室": [
        ("views/import_files.py", "数据导入", ":material/upload_file:"),
        ("views/pending.py", "待匹配姓名", ":material/person_search:"),
        ("views/taught.py", "导入词表", ":material/menu_book:"),
        ("views/rules.py", "计分规则", ":material/rule:"),
        ("views/data_tables.py", "已导入数据", ":material/table_view:"),
        ("views/export.py", "年度导出", ":material/print:"),
    ],
    "系统管理": [
        ("views/users.py", "用户管理", ":material/manage_accounts:"),
        ("views/audit.py", "操作日志", ":material/history:"),
    ],
}
# The pages of each role (admin: all). 主席会议 reads everything and exports, but
# changes no data: no import, name matching, rule editing, users or audit log.
_ROLE_PAGES: dict[str, set[str] | None] = {
    "admin": None,
    "chair": {"overview", "ranking", "warnings", "progress", "term", "groups", "profile", "data_tables",
              "export"},
    "leader": {"groups", "profile", "ranking", "progress"},
    "member": {"profile"},
}
_DEFAULT_PAGE = {"admin": "overview", "chair": "overview", "leader": "groups", "member": "profile"}


def page_name(path: str) -> str:
    return Path(path).stem


def pages_for(role: str) -> dict[str, list[tuple[str, str, str, bool]]]:
    """The page groups a role sees: group -> [(path, title, icon, default)], groups
    without pages left out; exactly one page is the default."""
    allowed = _ROLE_PAGES.get(role, set())
    default = _DEFAULT_PAGE.get(role)
    out: dict[str, list[tuple[str, str, str, bool]]] = {}
    for group, entries in _PAGES.items():
        kept = [(p, t, i, page_name(p) == default) for p, t, i in entries
                if allowed is None or page_name(p) in allowed]
        if kept:
            out[group] = kept
    return out


def page_titles() -> dict[str, str]:
    """Every page's name (its url path) -> its title."""
    return {page_name(p): t for entries in _PAGES.values() for p, t, _ in entries}


def role_may_open(role: str, page: str) -> bool:
    allowed = _ROLE_PAGES.get(role, set())
    return allowed is None or page in allowed


def require_page(page: str) -> None:
    """Stop a page the signed-in role may not open (the page list hides it already; this
    guards a page reached any other way)."""
    user = current_user()
    if user is None or not role_may_open(user.role, page):
        st.error("您的角色无权查看此页面。")
        st.stop()


def navigation_pages(role: str) -> dict[str, list]:
    """``pages_for`` as ``st.Page`` objects for ``st.navigation``."""
    return {group: [st.Page(p, title=t, icon=i, default=d) for p, t, i, d in entries]
            for group, entries in pages_for(role).items()}


# -- modes and keys ------------------------------------------------------------------------------
def local_mode() -> bool:
    return os.environ.get(LOCAL_MODE_ENV, "").strip() == "1"


def _store():
    from ui import state

    return state.store()


# -- who is signed in -----------------------------------------------------------------------------
def current_user() -> User | None:
    """The user of this browser's open session (looked up each run, so a session ended
    anywhere ends here at once), the local user in local mode (to a visitor from this
    machine only), else None."""
    if local_mode():
        return LOCAL_USER if _from_this_machine() else None
    session_id = st.session_state.get(SESSION_KEY)
    user = sign_in.user_of_session(_store(), session_id) if session_id else None
    if user is None and session_id:
        _forget()
    return user


def current_scope() -> Scope:
    """What the current user may see (everything in local mode)."""
    user = current_user()
    if user is None:
        raise ScopeError("尚未登录。")
    return Scope.from_user(user.role, user.groups, user.member_id)


def current_username() -> str:
    user = current_user()
    return user.username if user else ""


def _forget() -> None:
    st.session_state.pop(SESSION_KEY, None)


def _signed_in(token: str) -> None:
    """This browser holds the session of ``token``: in session state its id, in the cookie
    the token (written by ``_write_cookie`` in this run)."""
    st.session_state[SESSION_KEY] = sessions.token_hash(token)
    st.session_state[_COOKIE_CHANGE] = token


def _from_cookie() -> User | None:
    """The user of the session named by the browser's cookie, while it is open."""
    try:
        token = st.context.cookies.get(COOKIE_NAME) or ""
    except Exception:  # noqa: BLE001 — no request (AppTest): no cookie
        token = ""
    resumed = sign_in.resume(_store(), token) if isinstance(token, str) else None
    if resumed is None:
        return None
    user, session_id = resumed
    st.session_state[SESSION_KEY] = session_id
    return user


def _write_cookie() -> None:
    """Set or delete the session cookie when this browser is owed a change (after signing
    in or out). A browser component does it; where none can run (AppTest) the session
    still works, only a reload asks to sign in again."""
    change = st.session_state.pop(_COOKIE_CHANGE, None)
    if change is None:
        return
    try:
        import extra_streamlit_components as stx

        jar = stx.CookieManager(key="lvzhi_cookie_jar")
        if change:
            jar.set(COOKIE_NAME, change, key="lvzhi_cookie_set", same_site="strict", secure=_https(),
                    expires_at=datetime.now() + timedelta(days=sessions.SESSION_DAYS))
        else:
            jar.delete(COOKIE_NAME, key="lvzhi_cookie_delete")
    except Exception:  # noqa: BLE001 — e.g. delete of a cookie the component did not list
        pass


def _https() -> bool:
    url = getattr(st.context, "url", None)
    return isinstance(url, str) and url.startswith("https:")


# -- forms ----------------------------------------------------------------------------------------
def _setup_form(slot) -> User | None:
    """First start: create the administrator (there is no default password)."""
    with slot.container():
        st.title("履职考评看板 · 首次使用")
        st.info("系统中还没有用户。请创建第一位管理员账号（之后可在「用户管理」页添加其他用户）。")
        with st.form("setup_admin"):
            username = st.text_input("用户名", key="setup_username",
                                     help="3–32 位，以英文字母开头，可含数字、下划线、点或连字符")
            name = st.text_input("姓名", key="setup_name")
            password = st.text_input("密码", type="password", key="setup_password",
                                     help=f"至少 {users.MIN_PASSWORD_CHARS} 个字符")
            again = st.text_input("再次输入密码", type="password", key="setup_password2")
            submitted = st.form_submit_button("创建管理员并登录", type="primary")
        if not submitted:
            return None
        if password != again:
            st.error("两次输入的密码不一致。")
            return None
        try:
            user = users.create_user(_store(), username, name, password, role="admin",
                                     by=users.normalized_username(username))
        except UserError as e:
            st.error(plain(e))
            return None
    _signed_in(sign_in.open_session(_store(), user.username, visitor_address()))
    return user


def _sign_in_form(slot) -> User | None:
    with slot.container():
        st.title("履职考评看板 · 登录")
        with st.form("sign_in"):
            username = st.text_input("用户名", key="sign_in_username")
            password = st.text_input("密码", type="password", key="sign_in_password")
            submitted = st.form_submit_button("登录", type="primary")
        if not submitted:
            return None
        outcome = sign_in.sign_in(_store(), username, password, visitor_address())
        if outcome.user is None:
            st.error(outcome.refused)
            return None
    _signed_in(outcome.token)
    return outcome.user


def client_address() -> str | None:
    """The visitor's address (an IPv4 address as such, not IPv4-mapped IPv6), None when the
    visitor is this machine or there is no connection (AppTest gives a stand-in object)."""
    address = st.context.ip_address
    if not isinstance(address, str):
        return None
    ip = parsed_address(address)
    if ip is None:
        return address
    return None if ip.is_loopback else str(ip)


def parsed_address(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address as the machine it names: ::ffff:127.0.0.1 — what a server listening on
    every interface sees of a visit to 127.0.0.1 — is 127.0.0.1. None when it is no address."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return None
    return getattr(ip, "ipv4_mapped", None) or ip


def is_loopback(address: str) -> bool:
    """127.0.0.0/8 and ::1, in any of their forms."""
    ip = parsed_address(address)
    return ip is not None and ip.is_loopback


def _forwarded_for() -> str | None:
    """The first forwarding header's value, when the request came through a proxy."""
    try:
        headers = st.context.headers
        return next((headers[h] for h in FORWARDED_HEADERS if headers.get(h)), None)
    except Exception:  # noqa: BLE001 — no request (AppTest)
        return None


def _from_this_machine() -> bool:
    """Whether the visitor is this machine: a loopback connection that no proxy forwarded."""
    return client_address() is None and _forwarded_for() is None


def visitor_address() -> str:
    """The address sign-in throttling counts by: behind a reverse proxy
    (``LVZHI_BEHIND_PROXY=1``) the last address of its X-Forwarded-For, else the
    connection's address."""
    if os.environ.get(PROXY_ENV, "").strip() == "1":
        forwarded = _forwarded_for()
        if forwarded:
            return forwarded.split(",")[-1].strip() or THIS_MACHINE
    return client_address() or THIS_MACHINE


def require_user() -> User:
    """The user to run the app as; otherwise the setup or sign-in form, and stop. Local
    mode (no sign-in, everyone 管理员) serves this machine only, whatever address the
    server listens on."""
    if local_mode():
        if not _from_this_machine():
            address = client_address() or _forwarded_for() or "代理服务器转发的地址"
            st.error(LOCAL_ONLY.format(address=plain(address)), icon=":material/block:")
            st.stop()
        return LOCAL_USER
    user = current_user()
    if user is not None:
        return user
    # The form's slot comes first: the cookie component drawn after it comes and goes from
    # one run to the next, and a form whose place moved would lose what was typed in it.
    slot = st.empty()
    _write_cookie()
    user = _from_cookie()
    if user is None:
        user = _setup_form(slot) if not users.has_users(_store()) else _sign_in_form(slot)
    if user is None:
        _hide_page_list()
        st.stop()
    _write_cookie()
    slot.empty()
    return user


def _hide_page_list() -> None:
    """Before sign-in no page is listed: the hidden sign-in page only (``ui.routes``)."""
    from ui import routes

    routes.sign_in_navigation()


def _sign_out() -> None:
    """The sign-out button's callback: the session ends on the server now (a copy of the
    cookie is worthless from here on); the cookie is deleted in the run that follows."""
    session_id = st.session_state.get(SESSION_KEY)
    if session_id:
        sign_in.sign_out(_store(), session_id)
    _forget()
    st.session_state[_COOKIE_CHANGE] = ""


def account_sidebar(user: User) -> None:
    """Who is signed in and the sign-out button (the local-mode note instead)."""
    with st.sidebar:
        if local_mode():
            st.caption("本地单用户模式（管理员）")
            return
        st.caption(f"当前用户：{plain(user.display_name)}（{user.role_label}）")
        st.button("退出登录", key="sign_out", icon=":material/logout:", on_click=_sign_out)
        with st.expander("修改密码", icon=":material/key:"):
            _change_password_form(user)


def _change_password_form(user: User) -> None:
    """The user's own new password. Every session of the user ends (other browsers and
    copies of the cookie); this browser gets a new one."""
    with st.form("change_password", clear_on_submit=True):
        current = st.text_input("当前密码", type="password", key="own_password")
        new = st.text_input("新密码", type="password", key="own_new_password",
                            help=f"至少 {users.MIN_PASSWORD_CHARS} 个字符，不能是常见密码")
        again = st.text_input("再次输入新密码", type="password", key="own_new_password2")
        if not st.form_submit_button("修改密码"):
            return
    if new != again:
        st.error("两次输入的新密码不一致。")
        return
    try:
        users.change_password(_store(), user.username, current, new)
    except UserError as e:
        st.error(plain(e))
        return
    _signed_in(sign_in.open_session(_store(), user.username, visitor_address()))
    _write_cookie()
    st.success("密码已修改；其他浏览器中的登录已全部退出。")


def shell_banner() -> None:
    if local_mode():
        st.warning(LOCAL_BANNER, icon=":material/warning:")
