"""The way back in from the command line (issue 18, item 3): `cli.py user reset-password`
and `cli.py user unlock` for a locked-out or forgotten administrator — audited, ending the
account's sessions, refused while another program (the dashboard) holds the database."""
from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from data.accounts import sessions, throttle, users
from data.store import Store

ROOT = Path(__file__).resolve().parents[1]
ADDRESS = "10.0.0.7"


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "accounts.duckdb"
    store = Store(path)
    users.create_user(store, "admin", "办公室管理员", "old-pass-2025x", role="admin", by="test")
    store.close()
    return path


def run(db: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "cli.py", "--db", str(db), *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def locked_out(db: Path) -> None:
    """An administrator signed in on one browser and locked out at another address by
    wrong passwords."""
    store = Store(db)
    now = datetime.now()
    with store.write(changes_data=False) as cur:
        sessions.start(cur, "admin", "127.0.0.1", now)
        for _ in range(throttle.ACCOUNT_TRIES):
            throttle.count_wrong_password(cur, ADDRESS, "admin", now)
    assert throttle.lock_in_force(store, ADDRESS, "admin", now) is not None
    assert sessions.open_counts(store).get("admin") == 1
    store.close()


def test_reset_password_lets_the_administrator_in_again_and_is_audited(db):
    locked_out(db)
    code, out, err = run(db, "user", "reset-password", "admin", stdin="new-pass-2026y\n")
    assert code == 0, err
    assert "密码已重置" in out
    store = Store(db)
    try:
        assert users.password_matches(store, "admin", "new-pass-2026y")
        assert not users.password_matches(store, "admin", "old-pass-2025x")
        assert throttle.lock_in_force(store, ADDRESS, "admin", datetime.now()) is None
        assert not sessions.open_counts(store).get("admin")
        action, target, who = store.rows("SELECT action, object, username FROM audit_log "
                                         "ORDER BY audit_id DESC LIMIT 1")[0]
        assert (action, target) == ("password_reset", "admin") and who.startswith("命令行：")
    finally:
        store.close()


def test_a_weak_or_unknown_account_is_refused_in_chinese_and_changes_nothing(db):
    before = db.read_bytes()
    code, _, err = run(db, "user", "reset-password", "admin", "--password", "123")
    assert code == 1 and err.strip() and not any(c.isascii() and c.isalpha() for c in err.replace("admin", ""))
    code, _, err = run(db, "user", "unlock", "nobody")
    assert code == 1 and "nobody" in err
    store = Store(db)
    try:
        assert users.password_matches(store, "admin", "old-pass-2025x")
    finally:
        store.close()


def test_unlock_lifts_the_lock_and_enables_a_disabled_account(db):
    locked_out(db)
    store = Store(db)
    users.create_user(store, "chair1", "王主席", "chair-pass-2025", role="chair", by="test")
    users.disable_user(store, "chair1", by="test")
    store.close()
    for name in ("admin", "chair1"):
        code, out, err = run(db, "user", "unlock", name)
        assert code == 0 and "解除锁定" in out, err
    store = Store(db)
    try:
        assert throttle.lock_in_force(store, ADDRESS, "admin", datetime.now()) is None
        assert not users.get_user(store, "chair1").disabled
    finally:
        store.close()


def test_list_shows_the_accounts_in_chinese(db):
    code, out, _ = run(db, "user", "list")
    assert code == 0 and "账号" in out and "admin" in out and "管理员" in out


def test_refused_while_another_program_holds_the_database(db):
    holder = Store(db)  # as the running dashboard does
    try:
        code, _, err = run(db, "user", "reset-password", "admin", "--password", "new-pass-2026y")
    finally:
        holder.close()
    assert code == 1 and "请先停止看板" in err
    store = Store(db)
    try:
        assert users.password_matches(store, "admin", "old-pass-2025x")
    finally:
        store.close()
