"""Sign-in throttling, per account at an address and per address (issue 14).

- ``ACCOUNT_TRIES`` wrong passwords in a row for one account from one address lock that
  account *for that address* for ``LOCK_MINUTES``: a stranger cannot lock the
  administrator out of their own desk.
- ``ADDRESS_TRIES`` failed sign-ins of any kind from one address within ``LOCK_MINUTES``
  block the address for ``LOCK_MINUTES``; while blocked it costs nothing (no password
  check, no write).
- Unknown user names write no audit row each: they are counted per address and written
  as one summary row when the address's window closes or the address is blocked.

One row per (address, username) in ``sign_in_throttle``; username '' is the address's
own row. Every function that writes takes the cursor of the caller's transaction."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from data import audit
from data.store import Store

ACCOUNT_TRIES = 5
ADDRESS_TRIES = 20
LOCK_MINUTES = 15
ADDRESS = ""  # the username of an address's own row
UNKNOWN_OBJECT = "（未知用户名）"


@dataclass(frozen=True)
class Lock:
    """A lock in force: until when, and whether it is the address's or an account's."""

    until: datetime
    whole_address: bool

    def minutes_left(self, now: datetime) -> int:
        return max(1, -int(-(self.until - now).total_seconds() // 60))  # rounded up


def lock_in_force(store: Store, address: str, username: str, now: datetime) -> Lock | None:
    """The address's block, else the account's lock at this address, else None."""
    rows = store.rows("SELECT username, locked_until FROM sign_in_throttle WHERE address = ? "
                      "AND username IN (?, ?) AND locked_until > ? ORDER BY username",
                      [address, ADDRESS, username, now])
    if not rows:
        return None
    who, until = rows[0]
    return Lock(until, who == ADDRESS)


def locked_addresses(store: Store, now: datetime | None = None) -> dict[str, list[str]]:
    """username → the addresses its account is locked for now (for the users page)."""
    rows = store.rows("SELECT username, address FROM sign_in_throttle WHERE username <> ? "
                      "AND locked_until > ? ORDER BY username, address", [ADDRESS, now or datetime.now()])
    out: dict[str, list[str]] = {}
    for username, address in rows:
        out.setdefault(username, []).append(address)
    return out


def count_wrong_password(cur, address: str, username: str, now: datetime) -> int:
    """One more wrong password for ``username`` from ``address`` (a lock that has run out
    starts afresh); locks the account at this address on the ``ACCOUNT_TRIES``-th.
    Returns the count in a row."""
    failures = _bumped(cur, address, username, now)
    audit.record(cur, username, "sign_in_failed", username, f"密码错误（来自 {address}，连续第 {failures} 次）", at=now)
    if failures >= ACCOUNT_TRIES:
        until = _lock(cur, address, username, now)
        audit.record(cur, username, "locked", username,
                     f"来自 {address} 连续 {failures} 次密码错误，该地址对此账号的登录锁定至 {until:%Y-%m-%d %H:%M}",
                     at=now)
    return failures


def count_address_failure(cur, address: str, now: datetime, unknown_name: bool = False) -> None:
    """One more failure from ``address`` in its window; blocks it on the ``ADDRESS_TRIES``-th."""
    _close_window_if_over(cur, address, now)
    failures = _bumped(cur, address, ADDRESS, now)
    if unknown_name:
        cur.execute("UPDATE sign_in_throttle SET unknown_names = unknown_names + 1 WHERE address = ? "
                    "AND username = ?", [address, ADDRESS])
    if failures >= ADDRESS_TRIES:
        until = _lock(cur, address, ADDRESS, now)
        _report_unknown_names(cur, address, now)
        audit.record(cur, "", "locked", address,
                     f"来自 {address} 的登录在 {LOCK_MINUTES} 分钟内失败 {failures} 次，该地址暂停登录至 {until:%Y-%m-%d %H:%M}",
                     at=now)


def clear_account(cur, username: str, address: str | None = None) -> None:
    """Forget the wrong passwords of ``username`` (at ``address``, else at every address):
    after a right password, or when an administrator lifts the lock."""
    where, params = ("AND address = ?", [address]) if address is not None else ("", [])
    cur.execute(f"DELETE FROM sign_in_throttle WHERE username = ? {where}", [username, *params])


def has_closed_windows(store: Store, now: datetime) -> bool:
    """Whether an address has unknown-name failures in a window that is over (to report)."""
    return bool(store.scalar("SELECT count(*) FROM sign_in_throttle WHERE username = ? AND unknown_names > 0 "
                             "AND window_start <= ?", [ADDRESS, now - timedelta(minutes=LOCK_MINUTES)]))


def close_windows(cur, now: datetime) -> None:
    """Write the summary row of every address window that is over and reset its counts."""
    over = cur.execute("SELECT address FROM sign_in_throttle WHERE username = ? AND window_start <= ? "
                       "AND (locked_until IS NULL OR locked_until <= ?)",
                       [ADDRESS, now - timedelta(minutes=LOCK_MINUTES), now]).fetchall()
    for (address,) in over:
        _close_window_if_over(cur, address, now)


def _close_window_if_over(cur, address: str, now: datetime) -> None:
    rows = cur.execute("SELECT window_start FROM sign_in_throttle WHERE address = ? AND username = ?",
                       [address, ADDRESS]).fetchall()
    if rows and rows[0][0] <= now - timedelta(minutes=LOCK_MINUTES):
        _report_unknown_names(cur, address, now)
        cur.execute("DELETE FROM sign_in_throttle WHERE address = ? AND username = ?", [address, ADDRESS])


def _report_unknown_names(cur, address: str, now: datetime) -> None:
    """The one audit row for the unknown user names tried from ``address`` so far."""
    rows = cur.execute("SELECT unknown_names, window_start, last_at FROM sign_in_throttle WHERE address = ? "
                       "AND username = ? AND unknown_names > 0", [address, ADDRESS]).fetchall()
    if not rows:
        return
    count, first, last = rows[0]
    audit.record(cur, "", "sign_in_failed", UNKNOWN_OBJECT,
                 f"来自 {address} 的 {count} 次登录使用了不存在的用户名（{first:%Y-%m-%d %H:%M}—{last:%H:%M}）", at=now)
    cur.execute("UPDATE sign_in_throttle SET unknown_names = 0 WHERE address = ? AND username = ?",
                [address, ADDRESS])


def _bumped(cur, address: str, username: str, now: datetime) -> int:
    """Add one failure to a row and return its count. An expired lock starts the count afresh."""
    cur.execute(
        "INSERT INTO sign_in_throttle (address, username, failures, window_start, last_at) VALUES (?, ?, 1, ?, ?) "
        "ON CONFLICT DO UPDATE SET failures = CASE WHEN sign_in_throttle.locked_until <= excluded.last_at "
        "THEN 1 ELSE sign_in_throttle.failures + 1 END, "
        "locked_until = CASE WHEN sign_in_throttle.locked_until <= excluded.last_at THEN NULL "
        "ELSE sign_in_throttle.locked_until END, last_at = excluded.last_at",
        [address, username, now, now])
    return int(cur.execute("SELECT failures FROM sign_in_throttle WHERE address = ? AND username = ?",
                           [address, username]).fetchall()[0][0])


def _lock(cur, address: str, username: str, now: datetime) -> datetime:
    until = now + timedelta(minutes=LOCK_MINUTES)
    cur.execute("UPDATE sign_in_throttle SET locked_until = ?, failures = 0 WHERE address = ? AND username = ?",
                [until, address, username])
    return until
