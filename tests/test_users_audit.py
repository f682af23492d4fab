"""Sign-in users in DuckDB (validation, bcrypt, roles) and the audit log every write
leaves behind, on real DuckDB files (signing in, throttling and sessions: test_sign_in.py)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import bcrypt
import pytest

import data.store
from data import audit, aliases
from data.accounts import sign_in, throttle, users
from data.importer import import_file, undo_batch
from data.schema import MIGRATIONS
from data.store import Store
from data.accounts.users import UserError
from metrics.rules import default_rules, save_rule_set
from tests.conftest import write_xlsx

PASSWORD = "Qiang-Mima-2025"
T0 = datetime(2026, 3, 2, 9, 0)
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch):
    """Cheap hashes for the tests; the hash format is the same."""
    monkeypatch.setattr(users, "BCRYPT_ROUNDS", 4)


def audit_log(store) -> list[tuple[str, str, str, str]]:
    """(username, action, object, detail) in the order written."""
    return store.rows("SELECT username, action, object, detail FROM audit_log ORDER BY audit_id")


def attendance_file(tmp_path, name, rows):
    return write_xlsx(tmp_path / name, {"出勤": [["活动名称", "日期", "姓名", "出勤"], *rows]})


def an_admin(store, username="admin"):
    return users.create_user(store, username, "办公室管理员", PASSWORD, "admin", by="setup")


# -- creating users ---------------------------------------------------------------------------
def test_create_users_of_each_role_and_read_them_back(with_roster):
    assert not users.has_users(with_roster)
    an_admin(with_roster)
    users.create_user(with_roster, "chair1", "主席会议", PASSWORD, "chair", by="admin")
    leader = users.create_user(with_roster, " Leader1 ", "一组组长", PASSWORD, "leader",
                               groups=["activity_group:第一组", "liaison_group：东湖区联络组", "activity_group:第一组"],
                               by="admin")
    users.create_user(with_roster, "wanggang", "王刚", PASSWORD, "member", member_id="A01", by="admin")
    assert users.has_users(with_roster)
    assert leader.username == "leader1"
    assert users.get_user(with_roster, "LEADER1") == leader
    assert leader.groups == ("activity_group:第一组", "liaison_group:东湖区联络组")
    assert users.get_user(with_roster, "wanggang").member_id == "A01"
    assert users.get_user(with_roster, "nobody") is None
    listed = users.list_users(with_roster)
    assert list(listed["username"]) == ["admin", "chair1", "leader1", "wanggang"]
    assert list(listed["role_label"]) == ["管理员", "主席会议", "组长", "委员"]
    assert "password_hash" not in listed.columns
    assert users.ROLES == {"admin": "管理员", "chair": "主席会议", "leader": "组长", "member": "委员"}


BAD_USERS = [
    ("username starting with a digit", dict(username="1admin"), "用户名"),
    ("username with a space", dict(username="wang gang"), "用户名"),
    ("username too short", dict(username="ab"), "用户名"),
    ("password too short", dict(password="Ab3$xyz-1"), "至少需要 10 个字符"),
    ("twelve spaces", dict(password=" " * 12), "不能全是空格"),
    ("one character over and over", dict(password="a" * 12), "同一个字符重复"),
    ("a common password", dict(password="Password123"), "太常见"),
    ("a common password with spaces", dict(password=" 1234567890 "), "太常见"),
    ("password longer than bcrypt reads", dict(password="密" * 25), "过长"),
    ("unknown role", dict(role="boss"), "未知的角色"),
    ("leader without a group", dict(role="leader"), "至少需要指定一个"),
    ("group without its dimension", dict(role="leader", groups=["第一组"]), "类别:组名"),
    ("group of an unknown dimension", dict(role="leader", groups=["team:第一组"]), "类别:组名"),
    ("group not in the roster", dict(role="leader", groups=["activity_group:第九组"]), "第九组"),
    ("member without a member id", dict(role="member"), "委员编号"),
    ("member id not in the roster", dict(role="member", member_id="Z99"), "Z99"),
    ("empty display name", dict(display_name="  "), "显示名称"),
]


@pytest.mark.parametrize("case, change, message", BAD_USERS, ids=[c[0] for c in BAD_USERS])
def test_invalid_user_is_refused_in_chinese_and_nothing_is_written(with_roster, case, change, message):
    before = with_roster.table_contents()
    args = dict(username="newuser", display_name="新用户", password=PASSWORD, role="chair") | change
    with pytest.raises(UserError) as err:
        users.create_user(with_roster, **args, by="admin")
    assert message in str(err.value) and CJK.search(str(err.value))
    assert args["password"] not in str(err.value)
    assert with_roster.table_contents() == before


def test_username_and_member_are_unique(with_roster):
    an_admin(with_roster)
    users.create_user(with_roster, "wanggang", "王刚", PASSWORD, "member", member_id="A01")
    before = with_roster.table_contents()
    with pytest.raises(UserError, match="已存在"):
        users.create_user(with_roster, "ADMIN", "另一位", PASSWORD, "chair")
    with pytest.raises(UserError, match="委员 A01 已有账号“wanggang”"):
        users.create_user(with_roster, "wang2", "王刚", PASSWORD, "member", member_id="A01")
    assert with_roster.table_contents() == before


def test_the_last_enabled_admin_cannot_be_disabled_or_demoted(with_roster):
    an_admin(with_roster)
    before = with_roster.table_contents()
    with pytest.raises(UserError, match="至少需要保留一位启用的管理员"):
        users.disable_user(with_roster, "admin", by="admin")
    with pytest.raises(UserError, match="至少需要保留一位启用的管理员"):
        users.set_role(with_roster, "admin", "chair", by="admin")
    assert with_roster.table_contents() == before
    an_admin(with_roster, "admin2")
    users.disable_user(with_roster, "admin", by="admin2")
    with pytest.raises(UserError, match="不存在"):
        users.disable_user(with_roster, "ghost", by="admin2")


def test_set_role_changes_scope_and_keeps_only_what_the_role_uses(with_roster):
    an_admin(with_roster)
    users.create_user(with_roster, "zhao", "赵敏", PASSWORD, "leader", groups=["sector:妇联"], by="admin")
    member = users.set_role(with_roster, "zhao", "member", groups=["sector:妇联"], member_id="A05", by="admin")
    assert (member.role, member.groups, member.member_id) == ("member", (), "A05")
    chair = users.set_role(with_roster, "zhao", "chair", member_id="A05", by="admin")
    assert (chair.role, chair.groups, chair.member_id) == ("chair", (), None)
    with pytest.raises(UserError, match="组长至少需要指定一个"):
        users.set_role(with_roster, "zhao", "leader", by="admin")
    assert users.get_user(with_roster, "zhao").role == "chair"


# -- passwords are never kept or logged in clear ----------------------------------------------
def test_password_is_kept_only_as_a_bcrypt_hash(with_roster):
    an_admin(with_roster)
    users.create_user(with_roster, "chair1", "主席会议", "Zhuxi-Mima-1", "chair", by="admin")
    users.reset_password(with_roster, "chair1", "Zhuxi-Mima-2", by="admin")
    sign_in.sign_in(with_roster, "chair1", "Zhuxi-Mima-X", "10.0.0.5", now=T0)
    sign_in.sign_in(with_roster, "Zhuxi-Mima-1", "Zhuxi-Mima-2", "10.0.0.5", now=T0)  # password typed as user name
    for _ in range(throttle.ADDRESS_TRIES):  # unknown names, summarised when the address is blocked
        sign_in.sign_in(with_roster, "Zhuxi-Mima-2", "x", "10.0.0.5", now=T0)
    for username, password in (("admin", PASSWORD), ("chair1", "Zhuxi-Mima-2")):
        stored = with_roster.scalar("SELECT password_hash FROM users WHERE username = ?", [username])
        assert re.fullmatch(r"\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}", stored)
        assert bcrypt.checkpw(password.encode(), stored.encode())
    everything = repr(with_roster.table_contents())
    for password in (PASSWORD, "Zhuxi-Mima-1", "Zhuxi-Mima-2", "Zhuxi-Mima-X"):
        assert password not in everything
    assert "users" in with_roster.table_contents() and "audit_log" in with_roster.table_contents()


# -- the audit log ------------------------------------------------------------------------------
def test_every_write_leaves_one_audit_row_saying_who_and_what(with_roster, tmp_path):
    store = with_roster
    start = len(audit_log(store))
    first = import_file(store, attendance_file(tmp_path, "2025年视察.xlsx", [["视察", "2025-05-01", "王钢", "出席"]]),
                        user="office1")
    aliases.resolve(store, "王钢", "王刚", user="office2")
    save_rule_set(store, 2025, default_rules(), "office3", name="2025 规则")
    undo_batch(store, first.batch_id, user="office4")
    an_admin(store)
    users.create_user(store, "chair1", "主席会议", PASSWORD, "chair", by="admin")
    users.set_role(store, "chair1", "leader", groups=["activity_group:第二组"], by="admin")
    users.disable_user(store, "chair1", by="admin")
    users.reset_password(store, "chair1", "Another-Pass-1", by="admin")
    audit.audit_export(store, "chair1", "2025年度考评结果.xlsx")
    assert audit_log(store)[start:] == [
        ("office1", "import", f"批次 #{first.batch_id}「2025年视察.xlsx」",
         "新增 1 条，更新 0 条，未变 0 条，待匹配姓名 1 个"),
        ("office2", "resolve", "王钢 → A01", ""),
        ("office3", "rule_save", "2025", "规则集「2025 规则」"),
        ("office4", "undo", f"批次 #{first.batch_id}「2025年视察.xlsx」", "撤销导入，恢复到导入该批次之前的状态"),
        ("setup", "user_add", "admin", "办公室管理员；角色：管理员"),
        ("admin", "user_add", "chair1", "主席会议；角色：主席会议"),
        ("admin", "user_update", "chair1", "角色：组长；负责：界别活动组“第二组”"),
        ("admin", "user_disable", "chair1", "停用账号"),
        ("admin", "password_reset", "chair1", "重置密码并解除锁定"),
        ("chair1", "export", "2025年度考评结果.xlsx", ""),
    ]
    assert all(at is not None for (at,) in store.rows('SELECT "at" FROM audit_log'))


def test_an_adjustment_import_is_also_recorded_as_adjustment(with_roster, tmp_path):
    path = write_xlsx(tmp_path / "2025年加减分.xlsx", {"加减分": [
        ["姓名", "分值", "事由", "批准"], ["王刚", 5, "抗洪", "主席会议"], ["李春", -2, "缺席", "主席会议"]]})
    outcome = import_file(with_roster, path, user="office1")
    assert outcome.status == "imported"
    rows = audit.audit_rows(with_roster, username="office1")
    assert list(rows["action"]) == ["adjustment", "import"]
    assert rows["detail"].iat[0] == "加减分：新增 2 条，更新 0 条"


def test_resolving_a_name_again_records_what_it_was(with_roster, tmp_path):
    import_file(with_roster, write_xlsx(tmp_path / "2025年.xlsx", {"s": [["姓名", "界别", "3月5日 视察"],
                                                                          ["赵敏", "工会", "到"]]}))
    aliases.resolve(with_roster, "赵敏", "A05", "工会", user="office1")
    aliases.resolve(with_roster, "赵敏", "A06", "工会", user="office1")
    assert audit_log(with_roster)[-2:] == [("office1", "resolve", "赵敏（工会）→ A05", ""),
                                           ("office1", "resolve", "赵敏（工会）→ A06", "原对应 A05")]


def test_rejected_and_unchanged_imports_leave_no_audit_row(with_roster, tmp_path):
    good = attendance_file(tmp_path, "2025年视察.xlsx", [["视察", "2025-05-01", "王刚", "出席"]])
    import_file(with_roster, good)
    count = len(audit_log(with_roster))
    bad = attendance_file(tmp_path, "2025年坏.xlsx", [["视察", "上周五", "王刚", "出席"]])
    assert import_file(with_roster, bad).status == "rejected"
    assert import_file(with_roster, good).status == "unchanged"
    assert len(audit_log(with_roster)) == count


def test_the_audit_row_commits_or_rolls_back_with_its_change(with_roster):
    before = with_roster.table_contents()
    with pytest.raises(RuntimeError):
        with with_roster.write() as cur:
            cur.execute("INSERT INTO name_aliases VALUES ('甲', '', 'A01', now(), 't')")
            audit.record(cur, "t", "resolve", "甲 → A01")
            raise RuntimeError("the change fails after its audit row")
    with pytest.raises(ValueError):
        with with_roster.write() as cur:
            cur.execute("INSERT INTO name_aliases VALUES ('甲', '', 'A01', now(), 't')")
            audit.record(cur, "t", "no_such_action", "甲")
    assert with_roster.table_contents() == before


def test_audit_rows_filter_by_time_user_and_action(store):
    with store.write() as cur:
        audit.record(cur, "a", "export", "x", at=T0)
        audit.record(cur, "b", "export", "y", at=T0 + timedelta(days=1))
        audit.record(cur, "a", "rule_save", "2025", at=T0 + timedelta(days=2))
    assert list(audit.audit_rows(store)["object"]) == ["2025", "y", "x"]  # newest first
    assert list(audit.audit_rows(store, username="a")["object"]) == ["2025", "x"]
    assert list(audit.audit_rows(store, action="export")["object"]) == ["y", "x"]
    assert list(audit.audit_rows(store, since=T0 + timedelta(days=1))["object"]) == ["2025", "y"]
    assert list(audit.audit_rows(store, until=T0 + timedelta(days=1))["object"]) == ["y", "x"]
    assert list(audit.audit_rows(store)["action_label"]) == ["保存规则", "导出", "导出"]


def test_prune_never_removes_the_last_180_days(store):
    now = datetime(2026, 6, 30, 12, 0)
    with store.write() as cur:
        for days in (400, 200, 179, 10):
            audit.record(cur, "office1", "export", f"{days} 天前", at=now - timedelta(days=days))
    assert audit.prune(store, keep_days=365, by="admin", now=now) == 1
    assert audit.prune(store, keep_days=0, by="admin", now=now) == 1  # raised to 180 days
    assert audit.prune(store, keep_days=30, by="admin", now=now) == 0
    left = audit.audit_rows(store)
    assert sorted(left.loc[left["action"] == "export", "object"]) == ["10 天前", "179 天前"]
    assert list(left.loc[left["action"] == "prune", "detail"]) == [
        "删除 1 条审计记录（保留 180 天）", "删除 1 条审计记录（保留 365 天）"]


# -- migration --------------------------------------------------------------------------------
def test_migration_2_upgrades_a_version_1_file(tmp_path, monkeypatch, roster_file):
    path = tmp_path / "v1.duckdb"
    with monkeypatch.context() as m:
        m.setattr(data.store, "MIGRATIONS", MIGRATIONS[:1])
        m.setattr(data.store, "VIEWS", "")  # version 1's views are not today's
        old = Store(path)
        assert old.schema_version() == 1
        assert not old.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'users'")
        with old.write() as cur:  # version-1 data, written as version 1 wrote it
            cur.execute("INSERT INTO name_aliases VALUES ('王钢', '', 'A01', now(), 'office1')")
        old.close()
    store = Store(path)
    try:
        assert store.schema_version() == len(MIGRATIONS)
        assert store.rows("SELECT alias, member_id FROM name_aliases") == [("王钢", "A01")]
        assert import_file(store, roster_file, user="office1").status == "imported"
        users.create_user(store, "wanggang", "王刚", PASSWORD, "member", member_id="A01", by="admin")
        assert sign_in.sign_in(store, "wanggang", PASSWORD, "10.0.0.5").user is not None
        assert audit_log(store)[-2:] == [("admin", "user_add", "wanggang", audit_log(store)[-2][3]),
                                         ("wanggang", "sign_in", "wanggang", "来自 10.0.0.5")]
        assert store.migrate() == []  # nothing left to apply
    finally:
        store.close()


def test_the_common_password_list_holds_only_passwords_the_length_rule_lets_through():
    """The shipped list says only passwords of MIN_PASSWORD_CHARS or more matter: it holds
    nothing shorter (those are refused by length), and nothing twice."""
    lines = [l.strip() for l in users.COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
             if l.strip() and not l.startswith("#")]
    assert len(lines) >= 50 and len(set(l.casefold() for l in lines)) == len(lines)
    assert all(len(l) >= users.MIN_PASSWORD_CHARS for l in lines), [l for l in lines if len(l) < users.MIN_PASSWORD_CHARS]
