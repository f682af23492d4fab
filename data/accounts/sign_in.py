"""Signing in and out: the password check behind the throttle (``throttle.py``), the
audit rows, and the server-side session a sign-in opens (``sessions.py``). What a
refused visitor reads is one of the Chinese messages below; a wrong name and a wrong
password read the same."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from data import audit
from data.accounts import sessions, throttle, users
from data.accounts.users import User
from data.store import Store

WRONG = "用户名或密码错误，或账号已停用。"
ACCOUNT_LOCKED = ("账号已锁定：从您所在的地址连续 {tries} 次密码错误。请约 {minutes} 分钟后再试，"
                  "或请管理员在「用户管理」中解除锁定。")
ADDRESS_BLOCKED = "您所在的地址登录失败次数过多，已暂停登录。请约 {minutes} 分钟后再试。"


@dataclass(frozen=True)
class Outcome:
    """A sign-in's result: the user and the new session's cookie token, or why not."""

    user: User | None = None
    token: str = ""
    refused: str = ""


def sign_in(store: Store, username: str, password: str, address: str, now: datetime | None = None) -> Outcome:
    """Check a sign-in from ``address``; on success open a session. A blocked address or
    a locked account is refused before any password check and writes nothing."""
    now = now or datetime.now()
    username = users.normalized_username(username)
    if throttle.has_closed_windows(store, now):
        with store.write(changes_data=False) as cur:
            throttle.close_windows(cur, now)
    lock = throttle.lock_in_force(store, address, username, now)
    if lock is not None:
        return Outcome(refused=_lock_message(lock, now))
    user = users.get_user(store, username)
    if not users.password_matches(store, username, password):
        return _wrong_password(store, username if user else "", address, now)
    if user.disabled:
        with store.write(changes_data=False) as cur:
            audit.record(cur, username, "sign_in_failed", username, f"账号已停用（来自 {address}）", at=now)
            throttle.count_address_failure(cur, address, now)
        return Outcome(refused=WRONG)
    return Outcome(user, open_session(store, user.username, address, now, clear_failures=True))


def open_session(store: Store, username: str, address: str, now: datetime | None = None,
                 clear_failures: bool = False) -> str:
    """A new session for a user who has just proved who they are; returns its token."""
    now = now or datetime.now()
    with store.write(changes_data=False) as cur:
        if clear_failures:
            throttle.clear_account(cur, username, address)
        token = sessions.start(cur, username, address, now)
        audit.record(cur, username, "sign_in", username, f"来自 {address}", at=now)
    return token


def resume(store: Store, token: str, now: datetime | None = None) -> tuple[User, str] | None:
    """The user and session id of a cookie's token while its session is open and the user
    enabled, else None."""
    session_id = sessions.token_hash(token) if token else ""
    user = user_of_session(store, session_id, now)
    return (user, session_id) if user is not None else None


def user_of_session(store: Store, session_id: str, now: datetime | None = None) -> User | None:
    """The enabled user of an open session, else None (checked on every page run)."""
    username = sessions.username_of(store, session_id, now) if session_id else None
    user = users.get_user(store, username) if username else None
    return user if user is not None and not user.disabled else None


def sign_out(store: Store, session_id: str) -> None:
    """End a session at the user's request (audited under the session's user)."""
    username = sessions.username_of(store, session_id) or ""
    with store.write(changes_data=False) as cur:
        sessions.end(cur, session_id, "退出登录")
        audit.record(cur, username, "sign_out", username)


def _wrong_password(store: Store, username: str, address: str, now: datetime) -> Outcome:
    """Count a failure: for the account at this address (audited) when the name is a
    user's, for the address always (an unknown name only in the address's summary)."""
    with store.write(changes_data=False) as cur:
        if username:
            throttle.count_wrong_password(cur, address, username, now)
        throttle.count_address_failure(cur, address, now, unknown_name=not username)
    lock = throttle.lock_in_force(store, address, username, now)
    return Outcome(refused=_lock_message(lock, now) if lock is not None else WRONG)


def _lock_message(lock: throttle.Lock, now: datetime) -> str:
    if lock.whole_address:
        return ADDRESS_BLOCKED.format(minutes=lock.minutes_left(now))
    return ACCOUNT_LOCKED.format(tries=throttle.ACCOUNT_TRIES, minutes=lock.minutes_left(now))
