"""Who is using the app (issue #6): sign-in, the signed cookie, first-start setup, local
single-user mode, and the pages each role gets.

The password check is ours (``data.users.verify_sign_in``: lockout and audit apply);
streamlit-authenticator only signs and reads the re-authentication cookie ("lvzhi"),
whose key comes from ``LVZHI_COOKIE_KEY`` or a key file next to the database, made on
first start. Nothing here ever keeps a password or a password hash in session state."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

import streamlit as st

from data import users
from data.store import db_path
from data.users import User, UserError
from metrics.scope import Scope, ScopeError
from ui.text import plain

COOKIE_NAME = "lvzhi"
COOKIE_DAYS = 7.0
LOCAL_MODE_ENV = "LVZHI_LOCAL_MODE"
COOKIE_KEY_ENV = "LVZHI_COOKIE_KEY"
LOCAL_BANNER = "本地单用户模式：未启用登录，只接受本机（127.0.0.1）的访问"
LOCAL_ONLY = ("本地单用户模式未启用登录，只接受本机的访问，来自 {address} 的访问已拒绝。"
              "如需让同事通过网络访问，请以登录模式启动（不设置 LVZHI_LOCAL_MODE），见 README 的 Security 一节。")
LOCAL_USER = User("local", "本机用户", "admin")
SESSION_KEYS = ("authentication_status", "username", "name")
_DELETE_COOKIE = "_lvzhi_delete_cookie"

# (path, title, icon) of every page, by the group it is listed under.
_PAGES: dict[str, list[tuple[str, str, str]]] = {
    "主席会议": [
        ("views/overview.py", "总览", ":material/dashboard:"),
        ("views/ranking.py", "排名", ":material/leaderboard:"),
        ("views/warnings.py", "预警名单", ":material/warning:"),
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
    "chair": {"overview", "ranking", "warnings", "groups", "profile", "data_tables", "export"},
    "leader": {"groups", "profile", "ranking"},
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


def cookie_key() -> str:
    """``LVZHI_COOKIE_KEY``, else the key file next to the database (made on first start)."""
    key = os.environ.get(COOKIE_KEY_ENV, "").strip()
    if key:
        return key
    path = db_path().resolve().parent / "cookie.key"
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(key)
    return key


def _store():
    from ui import state

    return state.store()


def _signable_users(store) -> dict:
    """The authenticator's credentials: enabled, unlocked users, with no password (our
    own form checks it; the authenticator only signs the cookie)."""
    table = users.list_users(store)
    out = {}
    for row in table.itertuples():
        locked = users.lock_remaining(store, row.username) is not None
        if not row.disabled and not locked:
            out[row.username] = {"name": row.display_name, "password": "", "email": ""}
    return {"usernames": out}


def authenticator():
    """A streamlit-authenticator ``Authenticate`` for the cookie, or None where it cannot
    run (under AppTest there is no browser component)."""
    try:
        import streamlit_authenticator as stauth

        return stauth.Authenticate(_signable_users(_store()), COOKIE_NAME, cookie_key(), COOKIE_DAYS,
                                   auto_hash=False)
    except Exception:  # noqa: BLE001 — the cookie is a convenience; signing in still works
        return None


# -- who is signed in -----------------------------------------------------------------------------
def current_user() -> User | None:
    """The signed-in user (re-read each run, so disabling takes effect), the local user in
    local mode (to a visitor from this machine only), else None."""
    if local_mode():
        return LOCAL_USER if client_address() is None else None
    if not st.session_state.get("authentication_status"):
        return None
    user = users.get_user(_store(), st.session_state.get("username") or "")
    if user is None or user.disabled:
        _forget()
        return None
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
    for key in SESSION_KEYS:
        st.session_state[key] = None


def _signed_in(user: User, auth) -> None:
    st.session_state["authentication_status"] = True
    st.session_state["username"] = user.username
    st.session_state["name"] = user.display_name
    st.session_state["logout"] = False
    if auth is not None:
        try:
            auth.cookie_controller.set_cookie()
        except Exception:  # noqa: BLE001
            pass


def _from_cookie(auth) -> User | None:
    """The user named by a valid signed cookie, if enabled and not locked."""
    if auth is None:
        return None
    try:
        token = auth.cookie_controller.get_cookie()
    except Exception:  # noqa: BLE001
        return None
    if not token or "username" not in token:
        return None
    store = _store()
    user = users.get_user(store, token["username"])
    if user is None or user.disabled or users.lock_remaining(store, user.username) is not None:
        return None
    return user


# -- forms ----------------------------------------------------------------------------------------
def _setup_form(auth, slot) -> User | None:
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
    _signed_in(user, auth)
    return user


def _sign_in_form(auth, slot) -> User | None:
    with slot.container():
        st.title("履职考评看板 · 登录")
        with st.form("sign_in"):
            username = st.text_input("用户名", key="sign_in_username")
            password = st.text_input("密码", type="password", key="sign_in_password")
            submitted = st.form_submit_button("登录", type="primary")
        if not submitted:
            return None
        store = _store()
        user = users.verify_sign_in(store, username, password)
        if user is None:
            remaining = users.lock_remaining(store, username)
            if remaining is not None:
                minutes = max(1, int(remaining.total_seconds() // 60) + 1)
                st.error(f"账号已锁定：连续 {users.MAX_FAILED} 次密码错误。请约 {minutes} 分钟后再试，"
                         "或请管理员解除锁定。")
            else:
                st.error("用户名或密码错误，或账号已停用。")
            return None
    _signed_in(user, auth)
    return user


def client_address() -> str | None:
    """The visitor's address, None when the visitor is this machine (127.0.0.1, ::1) or
    there is no connection (AppTest gives a stand-in object, not an address)."""
    address = st.context.ip_address
    return address if isinstance(address, str) else None


def require_user() -> User:
    """The user to run the app as; otherwise the setup or sign-in form, and stop. Local
    mode (no sign-in, everyone 管理员) serves this machine only, whatever address the
    server listens on."""
    if local_mode():
        if (address := client_address()) is not None:
            st.error(LOCAL_ONLY.format(address=address), icon=":material/block:")
            st.stop()
        return LOCAL_USER
    user = current_user()
    if user is not None:
        return user
    # The form's slot comes first: the cookie components drawn after it come and go from
    # one run to the next, and a form whose place moved would lose what was typed in it.
    slot = st.empty()
    auth = authenticator()
    _delete_cookie(auth)
    user = _from_cookie(auth)
    if user is not None:
        _signed_in(user, None)
        return user
    user = _setup_form(auth, slot) if not users.has_users(_store()) else _sign_in_form(auth, slot)
    if user is None:
        _hide_page_list()
        st.stop()
    slot.empty()
    return user


def _hide_page_list() -> None:
    """Before sign-in no page is listed: the hidden sign-in page only (``ui.routes``)."""
    from ui import routes

    routes.sign_in_navigation()


def _sign_out() -> None:
    """The sign-out button's callback; the cookie is deleted in the run that follows."""
    _forget()
    st.session_state["logout"] = True
    st.session_state[_DELETE_COOKIE] = True


def _delete_cookie(auth) -> None:
    if auth is not None and st.session_state.pop(_DELETE_COOKIE, False):
        try:
            auth.cookie_controller.delete_cookie()
        except Exception:  # noqa: BLE001
            pass


def account_sidebar(user: User) -> None:
    """Who is signed in and the sign-out button (the local-mode note instead)."""
    with st.sidebar:
        if local_mode():
            st.caption("本地单用户模式（管理员）")
            return
        st.caption(f"当前用户：{plain(user.display_name)}（{user.role_label}）")
        st.button("退出登录", key="sign_out", icon=":material/logout:", on_click=_sign_out)


def shell_banner() -> None:
    if local_mode():
        st.warning(LOCAL_BANNER, icon=":material/warning:")
