"""Sign-in users, kept in DuckDB: roles, the groups a 组长 sees, the member a 委员 is,
bcrypt password hashes (never the password). Every change is written with its audit row
in one transaction (data/audit.py); a change that makes a user's sessions stale (new
password, disabled, new role or scope) ends them in the same transaction."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import bcrypt
import pandas as pd

from data import audit
from data.accounts import sessions, throttle
from data.store import Store

ROLES: dict[str, str] = {
    "admin": "管理员",
    "chair": "主席会议",
    "leader": "组长",
    "member": "委员",
}
# The roles that may publish (审定) a year's results and withdraw the publication.
PUBLISH_ROLES = frozenset({"admin"})
# What a 组长's group entry ("dimension:group") may name: a column of the roster.
GROUP_DIMENSIONS: dict[str, str] = {
    "activity_group": "界别活动组",
    "liaison_group": "委员联络组",
    "sector": "界别",
}

MIN_PASSWORD_CHARS = 10
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")  # refused, compared without case
MAX_PASSWORD_BYTES = 72  # bcrypt reads no further
BCRYPT_ROUNDS = 12
USERNAME_PATTERN = re.compile(r"[a-z][a-z0-9_.-]{2,31}")

_PUBLIC_COLUMNS = ("username, display_name, role, groups, member_id, disabled, created_at, updated_at, "
                   "password_changed_at")


class UserError(ValueError):
    """A user change that cannot be made; the message is for the office user (Chinese)."""


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    groups: tuple[str, ...] = ()
    member_id: str | None = None
    disabled: bool = False

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


def may_publish(role: str) -> bool:
    """Whether a role may publish (审定) a year or withdraw its publication."""
    return role in PUBLISH_ROLES


# -- validation ------------------------------------------------------------------------
def normalized_username(username: str) -> str:
    return (username or "").strip().lower()


def _checked_username(username: str) -> str:
    name = normalized_username(username)
    if not USERNAME_PATTERN.fullmatch(name):
        raise UserError("用户名应为 3–32 位，以英文字母开头，只含英文字母、数字、下划线、点或连字符。")
    return name


def _checked_display_name(display_name: str) -> str:
    name = (display_name or "").strip()
    if not name or len(name) > 50:
        raise UserError("显示名称不能为空，且不超过 50 个字。")
    return name


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The passwords too common to accept (``COMMON_PASSWORDS``, shipped with the project)."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def _checked_password(password: str) -> str:
    """A password good enough to set: long enough, not one character over and over, not
    whitespace, not among the most common ones (on create and reset; sign-in only checks)."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_CHARS:
        raise UserError(f"密码至少需要 {MIN_PASSWORD_CHARS} 个字符。")
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise UserError(f"密码过长：不能超过 {MAX_PASSWORD_BYTES} 字节（约 24 个汉字）。")
    if not password.strip() or len(set(password)) == 1:
        raise UserError("密码不能全是空格，也不能是同一个字符重复。")
    if password.strip().casefold() in common_passwords():
        raise UserError("这个密码太常见，很容易被猜到，请换一个（可以用几个词加数字和符号）。")
    return password


def _checked_role(role: str) -> str:
    if role not in ROLES:
        raise UserError(f"未知的角色“{role}”；可选：{'、'.join(ROLES.values())}。")
    return role


def _parsed_group(entry: str) -> tuple[str, str]:
    dimension, sep, group = str(entry).replace("：", ":").partition(":")
    dimension, group = dimension.strip(), group.strip()
    if not sep or dimension not in GROUP_DIMENSIONS or not group:
        kinds = "、".join(f"{k}（{v}）" for k, v in GROUP_DIMENSIONS.items())
        raise UserError(f"分组“{entry}”的格式应为“类别:组名”，类别为 {kinds}。")
    return dimension, group


def _checked_groups(store: Store, groups: Iterable[str]) -> tuple[str, ...]:
    """A 组长's groups as "dimension:group", each a group of the current roster."""
    checked: list[str] = []
    for entry in groups or ():
        dimension, group = _parsed_group(entry)
        if not store.scalar(f"SELECT count(*) FROM cur_members WHERE {dimension} = ?", [group]):
            raise UserError(f"名册中没有{GROUP_DIMENSIONS[dimension]}“{group}”。")
        if f"{dimension}:{group}" not in checked:
            checked.append(f"{dimension}:{group}")
    if not checked:
        raise UserError("组长至少需要指定一个所负责的组（界别活动组、委员联络组或界别）。")
    return tuple(checked)


def _checked_member(store: Store, member_id: str | None, username: str) -> str:
    member_id = (member_id or "").strip()
    if not member_id:
        raise UserError("委员账号需要指定对应的委员编号。")
    if not store.scalar("SELECT count(*) FROM cur_members WHERE member_id = ?", [member_id]):
        raise UserError(f"名册中没有委员编号“{member_id}”。")
    other = store.scalar("SELECT username FROM users WHERE member_id = ? AND username <> ?",
                         [member_id, username])
    if other:
        raise UserError(f"委员 {member_id} 已有账号“{other}”。")
    return member_id


def _checked_scope(store: Store, username: str, role: str, groups, member_id) -> tuple[tuple[str, ...], str | None]:
    """What a role is scoped to: groups for a 组长, the member for a 委员, nothing else."""
    role = _checked_role(role)
    if role == "leader":
        return _checked_groups(store, groups), None
    if role == "member":
        return (), _checked_member(store, member_id, username)
    return (), None


def _scope_text(role: str, groups: tuple[str, ...], member_id: str | None) -> str:
    text = f"角色：{ROLES[role]}"
    if groups:
        text += "；负责：" + "、".join(_group_label(g) for g in groups)
    if member_id:
        text += f"；委员编号：{member_id}"
    return text


def _group_label(entry: str) -> str:
    dimension, _, group = entry.partition(":")
    return f"{GROUP_DIMENSIONS.get(dimension, dimension)}“{group}”"


# -- passwords ---------------------------------------------------------------------------
def _hashed(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=BCRYPT_ROUNDS)).decode("ascii")


def _password_matches(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw((password or "").encode("utf-8"), password_hash.encode("ascii"))
    except ValueError:  # a password longer than bcrypt takes, or a damaged hash
        return False


_DUMMY_HASH: list[str] = []


def _spend_a_check(password: str) -> None:
    """Take as long as a real check, so an unknown user name does not answer faster."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(_hashed("not-a-password"))
    _password_matches(password, _DUMMY_HASH[0])


# -- reading -------------------------------------------------------------------------------
def has_users(store: Store) -> bool:
    return bool(store.scalar("SELECT count(*) FROM users"))


def user_from_row(row: tuple) -> User:
    username, display_name, role, groups, member_id, disabled = row
    return User(username, display_name, role, tuple(groups or ()), member_id, bool(disabled))


def get_user(store: Store, username: str) -> User | None:
    rows = store.rows("SELECT username, display_name, role, groups, member_id, disabled FROM users "
                      "WHERE username = ?", [normalized_username(username)])
    return user_from_row(rows[0]) if rows else None


def list_users(store: Store, now: datetime | None = None) -> pd.DataFrame:
    """Every user with role label, the addresses their account is locked for and their open
    sessions, by username; never the password hash."""
    df = store.df(f"SELECT {_PUBLIC_COLUMNS} FROM users ORDER BY username")
    df["groups"] = [tuple(g) if g is not None else () for g in df["groups"]]
    df.insert(3, "role_label", [ROLES.get(r, r) for r in df["role"]])
    locked, open_sessions = throttle.locked_addresses(store, now), sessions.open_counts(store, now)
    df["locked_at"] = ["、".join(locked.get(u, ())) for u in df["username"]]
    df["open_sessions"] = [open_sessions.get(u, 0) for u in df["username"]]
    return df


def is_locked(store: Store, username: str, now: datetime | None = None) -> bool:
    """Whether the account is locked for some address (now, unless told when)."""
    return normalized_username(username) in throttle.locked_addresses(store, now)


def _require_user(cur, username: str) -> tuple:
    rows = cur.execute("SELECT role, disabled FROM users WHERE username = ?", [username]).fetchall()
    if not rows:
        raise UserError(f"用户“{username}”不存在。")
    return rows[0]


def _refuse_removing_last_admin(cur, username: str) -> None:
    """Keep one enabled 管理员: nobody else could manage users or undo an import."""
    role, disabled = _require_user(cur, username)
    if role != "admin" or disabled:
        return
    others = cur.execute("SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled AND username <> ?",
                         [username]).fetchall()[0][0]
    if not others:
        raise UserError("至少需要保留一位启用的管理员，不能停用或变更最后一位管理员。")


# -- changes ---------------------------------------------------------------------------------
def create_user(store: Store, username: str, display_name: str, password: str, role: str,
                groups: Iterable[str] = (), member_id: str | None = None, by: str = "cli") -> User:
    """Add a user; raises ``UserError`` (Chinese) on a bad name, password, role or scope."""
    username = _checked_username(username)
    display_name = _checked_display_name(display_name)
    password = _checked_password(password)
    groups, member_id = _checked_scope(store, username, role, groups, member_id)
    password_hash = _hashed(password)
    now = datetime.now()
    with store.write() as cur:
        if cur.execute("SELECT count(*) FROM users WHERE username = ?", [username]).fetchall()[0][0]:
            raise UserError(f"用户名“{username}”已存在。")
        cur.execute(
            "INSERT INTO users (username, display_name, password_hash, role, groups, member_id, disabled, "
            "created_at, updated_at, password_changed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, false, ?, ?, ?)",
            [username, display_name, password_hash, role, list(groups), member_id, now, now, now])
        audit.record(cur, by, "user_add", username, f"{display_name}；{_scope_text(role, groups, member_id)}")
    return User(username, display_name, role, groups, member_id)


def set_role(store: Store, username: str, role: str, groups: Iterable[str] = (),
             member_id: str | None = None, by: str = "cli") -> User:
    """Change a user's role and scope (groups only kept for a 组长, the member for a 委员);
    a changed role or scope ends the user's sessions."""
    username = normalized_username(username)
    groups, member_id = _checked_scope(store, username, role, groups, member_id)
    with store.write() as cur:
        if role != "admin":
            _refuse_removing_last_admin(cur, username)
        else:
            _require_user(cur, username)
        before = cur.execute("SELECT role, groups, member_id FROM users WHERE username = ?", [username]).fetchall()[0]
        cur.execute("UPDATE users SET role = ?, groups = ?, member_id = ?, updated_at = ? WHERE username = ?",
                    [role, list(groups), member_id, datetime.now(), username])
        audit.record(cur, by, "user_update", username, _scope_text(role, groups, member_id))
        if (before[0], tuple(before[1] or ()), before[2]) != (role, groups, member_id):
            sessions.end_all(cur, "角色或范围已变更", username)
    return get_user(store, username)


def disable_user(store: Store, username: str, by: str = "cli") -> None:
    """Stop a user from signing in and end their sessions (the account and its history stay)."""
    username = normalized_username(username)
    with store.write() as cur:
        _refuse_removing_last_admin(cur, username)
        cur.execute("UPDATE users SET disabled = true, updated_at = ? WHERE username = ?",
                    [datetime.now(), username])
        audit.record(cur, by, "user_disable", username, "停用账号")
        sessions.end_all(cur, "账号已停用", username)


def enable_user(store: Store, username: str, by: str = "cli") -> None:
    """Let a disabled or locked user sign in again (lifts the lock at every address)."""
    username = normalized_username(username)
    with store.write() as cur:
        _require_user(cur, username)
        cur.execute("UPDATE users SET disabled = false, updated_at = ? WHERE username = ?", [datetime.now(), username])
        throttle.clear_account(cur, username)
        audit.record(cur, by, "user_update", username, "启用账号（并解除锁定）")


def reset_password(store: Store, username: str, new_password: str, by: str = "cli") -> None:
    """Set a new password (hashed), lift any lock and end the user's sessions."""
    username = normalized_username(username)
    password_hash = _hashed(_checked_password(new_password))
    with store.write() as cur:
        _require_user(cur, username)
        _set_password(cur, username, password_hash)
        throttle.clear_account(cur, username)
        audit.record(cur, by, "password_reset", username, "重置密码并解除锁定")
        sessions.end_all(cur, "密码已重置", username)


def change_password(store: Store, username: str, current: str, new_password: str) -> None:
    """A user's own new password, given the current one; ends every session of the user
    (the caller opens a new one for the browser that made the change)."""
    username = normalized_username(username)
    password_hash = store.scalar("SELECT password_hash FROM users WHERE username = ?", [username])
    if password_hash is None or not _password_matches(current, password_hash):
        raise UserError("当前密码不正确。")
    if new_password == current:
        raise UserError("新密码不能与当前密码相同。")
    new_hash = _hashed(_checked_password(new_password))
    with store.write(changes_data=False) as cur:
        _set_password(cur, username, new_hash)
        audit.record(cur, username, "password_change", username, "修改本人密码")
        sessions.end_all(cur, "密码已修改", username)


def _set_password(cur, username: str, password_hash: str) -> None:
    now = datetime.now()
    cur.execute("UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE username = ?",
                [password_hash, now, now, username])


def password_matches(store: Store, username: str, password: str) -> bool:
    """Whether ``password`` is ``username``'s (a name that is no user spends a check as long)."""
    password_hash = store.scalar("SELECT password_hash FROM users WHERE username = ?",
                                 [normalized_username(username)])
    if password_hash is None:
        _spend_a_check(password)
        return False
    return _password_matches(password, password_hash)
