"""Sessions on the server. Signing in opens a session: the browser's cookie carries a
random token, the ``sessions`` table only its SHA-256 (a stolen snapshot signs nobody
in). Every page run looks the session up, so a session ended anywhere — sign-out, a
password change or reset, disabling the account, a new role or scope, a restored backup —
stops working at once, in the browser that holds it and in any copy of its cookie."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from data.store import Store

SESSION_DAYS = 7  # how long a sign-in lasts, however active


def token_hash(token: str) -> str:
    """What the database keeps of a cookie's token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(cur, username: str, address: str, now: datetime | None = None) -> str:
    """Open a session for ``username`` on ``cur`` (the sign-in's transaction); returns the
    token for the cookie, which is never stored."""
    now = now or datetime.now()
    token = secrets.token_urlsafe(32)
    cur.execute("INSERT INTO sessions (token_hash, username, address, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                [token_hash(token), username, address, now, now + timedelta(days=SESSION_DAYS)])
    return token


def username_of(store: Store, session_id: str, now: datetime | None = None) -> str | None:
    """The user of an open, unexpired session (``session_id`` is the token's hash); whether
    that user may still sign in is ``users.get_user``'s to say."""
    return store.scalar("SELECT username FROM sessions WHERE token_hash = ? AND ended_at IS NULL "
                        "AND expires_at > ?", [session_id, now or datetime.now()])


def end(cur, session_id: str, why: str, now: datetime | None = None) -> None:
    """End one session (sign-out) on ``cur``."""
    cur.execute("UPDATE sessions SET ended_at = ?, ended_why = ? WHERE token_hash = ? AND ended_at IS NULL",
                [now or datetime.now(), why, session_id])


def end_all(cur, why: str, username: str | None = None, now: datetime | None = None) -> int:
    """End every open session of ``username`` (of everyone when None) on ``cur`` — the
    cursor of the change that makes them stale, so both commit together. Returns how many."""
    where, params = ("AND username = ?", [username]) if username is not None else ("", [])
    ended = cur.execute(f"UPDATE sessions SET ended_at = ?, ended_why = ? WHERE ended_at IS NULL {where} "
                        "RETURNING token_hash", [now or datetime.now(), why, *params]).fetchall()
    return len(ended)


def open_counts(store: Store, now: datetime | None = None) -> dict[str, int]:
    """How many open sessions each user has (for the users page)."""
    rows = store.rows("SELECT username, count(*) FROM sessions WHERE ended_at IS NULL AND expires_at > ? "
                      "GROUP BY username", [now or datetime.now()])
    return dict(rows)
