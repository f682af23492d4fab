"""Signing in (issue 14): the password check behind per-account-at-an-address and
per-address throttling, unknown names summarised instead of logged one by one, and the
server-side sessions that every change to a user ends — on real DuckDB files."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from data import audit, backup
from data.accounts import sessions, sign_in, throttle, users
from data.store import Store

PASSWORD = "Qiang-Mima-2025"
T0 = datetime.now().replace(microsecond=0)  # sessions and locks are read against the clock
DESK = "10.1.1.10"       # the administrator's own computer
STRANGER = "10.9.9.99"   # someone else on the office network


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch):
    monkeypatch.setattr(users, "BCRYPT_ROUNDS", 4)


@pytest.fixture
def admin(with_roster):
    users.create_user(with_roster, "admin", "办公室管理员", PASSWORD, "admin", by="setup")
    users.create_user(with_roster, "chair1", "主席会议", PASSWORD, "chair", by="admin")
    return with_roster


def attempt(store, username, password, address=DESK, at=T0):
    return sign_in.sign_in(store, username, password, address, now=at)


def actions(store) -> list[str]:
    return [a for (a,) in store.rows("SELECT action FROM audit_log ORDER BY audit_id")]


def session_user(store, outcome, at=T0):
    return sign_in.user_of_session(store, sessions.token_hash(outcome.token), now=at)


# -- the password -------------------------------------------------------------------------------
def test_the_right_password_opens_a_session_and_a_wrong_one_does_not(admin):
    ok = attempt(admin, " Admin ", PASSWORD)
    assert ok.user.username == "admin" and ok.refused == "" and len(ok.token) >= 40
    assert session_user(admin, ok).username == "admin"
    for wrong in ("admin", PASSWORD.lower(), ""):
        outcome = attempt(admin, "admin", wrong)
        assert outcome.user is None and outcome.token == "" and outcome.refused == sign_in.WRONG
    assert attempt(admin, "nobody", PASSWORD).refused == sign_in.WRONG  # the same words
    assert actions(admin)[-4:] == ["sign_in", "sign_in_failed", "sign_in_failed", "sign_in_failed"]


def test_the_database_keeps_only_the_hash_of_a_session_token(admin):
    ok = attempt(admin, "admin", PASSWORD)
    assert ok.token not in repr(admin.table_contents())
    assert admin.rows("SELECT token_hash, username, address FROM sessions") == [
        (sessions.token_hash(ok.token), "admin", DESK)]


def test_a_success_clears_the_count_at_its_address(admin):
    for _ in range(throttle.ACCOUNT_TRIES - 1):
        attempt(admin, "admin", "wrong-password")
    assert attempt(admin, "admin", PASSWORD).user is not None
    for _ in range(throttle.ACCOUNT_TRIES - 1):  # a fresh count: four more do not lock
        attempt(admin, "admin", "wrong-password")
    assert attempt(admin, "admin", PASSWORD).user is not None


# -- throttling ------------------------------------------------------------------------------------
def test_five_wrong_passwords_lock_the_account_for_that_address_only(admin):
    for i in range(throttle.ACCOUNT_TRIES):
        outcome = attempt(admin, "admin", f"guess-{i}", STRANGER, T0 + timedelta(seconds=i))
    locked_at = T0 + timedelta(seconds=throttle.ACCOUNT_TRIES - 1)
    assert throttle.ACCOUNT_TRIES == 5 and throttle.LOCK_MINUTES == 15
    assert "账号已锁定" in outcome.refused and "15 分钟" in outcome.refused
    # the stranger cannot get in even with the password, and trying writes nothing
    before = admin.table_contents()
    assert "账号已锁定" in attempt(admin, "admin", PASSWORD, STRANGER, locked_at + timedelta(minutes=14)).refused
    assert admin.table_contents() == before
    # the administrator at their own desk is not locked out
    assert attempt(admin, "admin", PASSWORD, DESK, locked_at + timedelta(minutes=1)).user is not None
    assert throttle.locked_addresses(admin, now=locked_at) == {"admin": [STRANGER]}
    assert users.is_locked(admin, "admin", now=locked_at)
    assert list(users.list_users(admin, now=locked_at).set_index("username").loc[["admin", "chair1"], "locked_at"]) == [STRANGER, ""]
    # after fifteen minutes the stranger's address may try again
    assert attempt(admin, "admin", PASSWORD, STRANGER, locked_at + timedelta(minutes=15)).user is not None
    locked = audit.audit_rows(admin, action="locked")
    assert list(locked["object"]) == ["admin"] and STRANGER in locked["detail"].iat[0]


def test_a_lock_that_ran_out_starts_the_count_afresh(admin):
    for _ in range(throttle.ACCOUNT_TRIES):
        attempt(admin, "admin", "wrong-password")
    later = T0 + timedelta(minutes=20)
    assert attempt(admin, "admin", "wrong-password", at=later).refused == sign_in.WRONG
    assert admin.rows("SELECT failures, locked_until FROM sign_in_throttle WHERE username = 'admin'") == [(1, None)]


def test_an_administrator_lifts_a_lock_at_every_address(admin):
    for address in (STRANGER, DESK):
        for _ in range(throttle.ACCOUNT_TRIES):
            attempt(admin, "chair1", "wrong-password", address)
    users.enable_user(admin, "chair1", by="admin")
    assert not users.is_locked(admin, "chair1", now=T0)
    assert attempt(admin, "chair1", PASSWORD, STRANGER).user is not None


def test_an_address_with_too_many_failures_is_blocked_for_every_name(admin):
    names = [f"guess{i}" for i in range(throttle.ADDRESS_TRIES - 2)] + ["chair1", "admin"]
    for i, name in enumerate(names):
        outcome = attempt(admin, name, "wrong-password", STRANGER, T0 + timedelta(seconds=i))
    assert "地址登录失败次数过多" in outcome.refused
    blocked_at = T0 + timedelta(seconds=len(names) - 1)
    before = admin.table_contents()
    assert "地址登录失败次数过多" in attempt(admin, "admin", PASSWORD, STRANGER, blocked_at).refused
    assert admin.table_contents() == before  # no password check, no write
    assert attempt(admin, "admin", PASSWORD, DESK, blocked_at).user is not None  # other addresses unaffected
    assert attempt(admin, "admin", PASSWORD, STRANGER, blocked_at + timedelta(minutes=15)).user is not None


def test_unknown_names_write_one_summary_row_not_one_each(admin):
    start = len(actions(admin))
    for i in range(7):
        attempt(admin, f"nobody{i}", "Mima-typed-as-name", STRANGER, T0 + timedelta(minutes=i))
    assert len(actions(admin)) == start  # nothing yet: the window is open
    # the next sign-in attempt after the window closes writes the summary
    attempt(admin, "admin", PASSWORD, DESK, T0 + timedelta(minutes=16))
    rows = audit.audit_rows(admin, action="sign_in_failed")
    assert len(rows) == 1
    assert rows["object"].iat[0] == throttle.UNKNOWN_OBJECT
    assert f"来自 {STRANGER} 的 7 次登录使用了不存在的用户名" in rows["detail"].iat[0]
    assert "nobody" not in repr(admin.table_contents())  # what was typed is never kept


def test_a_blocked_address_summarises_its_unknown_names_at_once(admin):
    for i in range(throttle.ADDRESS_TRIES):
        attempt(admin, f"nobody{i}", "x", STRANGER, T0)
    detail = " ".join(audit.audit_rows(admin)["detail"])
    assert f"{throttle.ADDRESS_TRIES} 次登录使用了不存在的用户名" in detail and "暂停登录" in detail
    assert actions(admin).count("sign_in_failed") == 1 and actions(admin).count("locked") == 1


def test_a_disabled_user_cannot_sign_in_until_enabled(admin):
    users.disable_user(admin, "chair1", by="admin")
    assert attempt(admin, "chair1", PASSWORD).refused == sign_in.WRONG
    assert admin.rows("SELECT username, action, detail FROM audit_log ORDER BY audit_id DESC LIMIT 1") == [
        ("chair1", "sign_in_failed", f"账号已停用（来自 {DESK}）")]
    users.enable_user(admin, "chair1", by="admin")
    assert attempt(admin, "chair1", PASSWORD).user.role == "chair"


# -- sessions -------------------------------------------------------------------------------------
def test_signing_out_ends_the_session_and_its_copies(admin):
    ok = attempt(admin, "chair1", PASSWORD)
    other = attempt(admin, "chair1", PASSWORD, STRANGER)
    sign_in.sign_out(admin, sessions.token_hash(ok.token))
    assert sign_in.resume(admin, ok.token, now=T0) is None  # a replayed cookie signs nobody in
    assert sign_in.resume(admin, other.token, now=T0)[0].username == "chair1"  # another browser stays
    assert actions(admin)[-1] == "sign_out"


def test_a_session_lasts_seven_days(admin):
    ok = attempt(admin, "chair1", PASSWORD)
    assert sessions.SESSION_DAYS == 7
    assert session_user(admin, ok, T0 + timedelta(days=6, hours=23)) is not None
    assert session_user(admin, ok, T0 + timedelta(days=7)) is None


@pytest.mark.parametrize("change", [
    lambda s: users.reset_password(s, "chair1", "Xin-Mima-2026!", by="admin"),
    lambda s: users.change_password(s, "chair1", PASSWORD, "Xin-Mima-2026!"),
    lambda s: users.disable_user(s, "chair1", by="admin"),
    lambda s: users.set_role(s, "chair1", "leader", groups=[f"liaison_group:{_a_group(s)}"], by="admin"),
], ids=["reset", "own change", "disable", "demote"])
def test_a_change_to_the_user_ends_every_session_of_theirs(admin, change):
    mine = [attempt(admin, "chair1", PASSWORD, address) for address in (DESK, STRANGER)]
    theirs = attempt(admin, "admin", PASSWORD)
    change(admin)
    assert all(sign_in.resume(admin, s.token) is None for s in mine)
    assert sign_in.resume(admin, theirs.token) is not None
    assert sessions.open_counts(admin) == {"admin": 1}


def test_saving_the_same_role_ends_no_session(admin):
    ok = attempt(admin, "chair1", PASSWORD)
    users.set_role(admin, "chair1", "chair", by="admin")
    assert sign_in.resume(admin, ok.token) is not None


def test_changing_ones_own_password_needs_the_current_one(admin):
    with pytest.raises(users.UserError, match="当前密码不正确"):
        users.change_password(admin, "chair1", "not-it", "Xin-Mima-2026!")
    with pytest.raises(users.UserError, match="太常见"):
        users.change_password(admin, "chair1", PASSWORD, "password123")
    users.change_password(admin, "chair1", PASSWORD, "Xin-Mima-2026!")
    assert attempt(admin, "chair1", PASSWORD).user is None
    assert attempt(admin, "chair1", "Xin-Mima-2026!").user is not None
    assert "password_change" in actions(admin)


def test_a_restored_backup_ends_every_session(tmp_path):
    db = tmp_path / "lvzhi.duckdb"
    store = Store.open(db)
    users.create_user(store, "admin", "管理员", PASSWORD, "admin", by="setup")
    early = attempt(store, "admin", PASSWORD)
    with store.write(changes_data=False):
        snap = backup.snapshot(store, "rules", "测试", "admin")
    sign_in.sign_out(store, sessions.token_hash(early.token))
    store.close()
    backup.restore(db, snap.number, "admin")
    store = Store.open(db)
    try:
        assert sign_in.resume(store, early.token) is None  # not alive again in the restored copy
        assert sessions.open_counts(store) == {}
    finally:
        store.close()


def _a_group(store) -> str:
    return store.scalar("SELECT liaison_group FROM cur_members WHERE liaison_group IS NOT NULL LIMIT 1")
