"""The roster's 推荐单位 (the body that nominated a member, to whom the office writes at
year end; issue 16): read under each name offices give the column, stored per member,
merged like the other roster facts, given by the demo city and shown in the 档案."""
from __future__ import annotations

import io
import shutil

import openpyxl
import pytest

from data import schema
from data.importer import content_hash, import_file, undo_batch
from data.store import Store
from metrics import evaluation, profile
from metrics.scoring import score_year
from reading.parsers import PARSERS, Record, parse_roster
from tests.apptest_util import open_page
from tests.conftest import ROSTER_HEADER, ROSTER_ROWS, write_xlsx

# Headers real 委员名册 give the column.
HEADERS = ("推荐单位", "提名单位", "推荐渠道", "推荐单位（界别）", "推荐单位(界别)", "推荐提名单位", "协商推荐单位",
           "推荐部门", "提名渠道")
# The conftest roster's members (A01 … A06) and a 推荐单位 for each.
NOMINATED = {"A01": "中共市委组织部", "A02": "民盟市委会", "A03": "市科协", "A04": "九三学社市委会",
             "A05": "市妇联", "A06": "市教育局"}


def imported(store: Store, path):
    outcome = import_file(store, path)
    assert outcome.status in ("imported", "unchanged"), [e.message() for e in outcome.errors]
    return outcome


def stored(store: Store) -> dict[str, str | None]:
    return dict(store.rows("SELECT member_id, nominator FROM cur_members ORDER BY member_id"))


def notes(outcome) -> str:
    return "\n".join(n for s in outcome.sheets for n in s.notes)


def roster_with_nominators(path, nominators: dict[str, str | None], header: str = "推荐单位"):
    """The conftest roster with a 推荐单位 column (under ``header``) filled from ``nominators``."""
    rows = [[*r, nominators.get(r[1])] for r in ROSTER_ROWS]
    return write_xlsx(path, {"名册": [["政协××市第十四届委员会委员名册"], [*ROSTER_HEADER, header], *rows]})


# -- reading ----------------------------------------------------------------------------------
@pytest.mark.parametrize("header", HEADERS)
def test_each_name_of_the_column_is_read_as_the_nominator(store, tmp_path, header):
    path = write_xlsx(tmp_path / "委员名册.xlsx", {"名册": [
        ["委员名册"], ["委员编号", "姓名", "界别", header],
        ["N01", "陈立", "民革", "民革市委会"],
        ["N02", "周海", "经济界", "  市工商联 "],
        ["N03", "吴静", "特邀", "中共市委统战部"],
        ["N04", "郑和", "科协", None]]})
    imported(store, path)
    assert stored(store) == {"N01": "民革市委会", "N02": "市工商联", "N03": "中共市委统战部", "N04": None}


def test_the_column_alone_tells_a_roster_from_a_sign_in_list(store, tmp_path):
    path = write_xlsx(tmp_path / "委员.xlsx", {"Sheet1": [
        ["姓名", "界别", "推荐单位"], ["陈立", "民革", "民革市委会"], ["周海", "经济界", "市工商联"]]})
    outcome = imported(store, path)
    assert [s.kind for s in outcome.sheets] == ["roster"]
    assert sorted(stored(store).values()) == ["市工商联", "民革市委会"]


def test_a_roster_without_the_column_imports_as_before(with_roster):
    assert stored(with_roster) == dict.fromkeys(NOMINATED)


# -- merging ----------------------------------------------------------------------------------
def test_a_roster_adding_the_column_updates_the_same_members(with_roster, tmp_path):
    store = with_roster
    outcome = imported(store, roster_with_nominators(tmp_path / "委员名册（推荐单位）.xlsx", NOMINATED))
    assert (outcome.new, outcome.changed) == (0, len(NOMINATED))
    assert stored(store) == NOMINATED
    assert store.scalar("SELECT count(*) FROM cur_members") == len(ROSTER_ROWS)


def test_a_roster_without_the_column_keeps_the_nominators(with_roster, tmp_path):
    store = with_roster
    imported(store, roster_with_nominators(tmp_path / "委员名册（推荐单位）.xlsx", NOMINATED))
    update = write_xlsx(tmp_path / "委员名册更新.xlsx", {"名册": [
        ["委员名册（职务调整）"], ["委员编号", "姓名", "所属界别", "政协职务"], ["A01", "王刚", "中共", "常委"]]})
    outcome = imported(store, update)
    assert outcome.changed == 1
    assert stored(store) == NOMINATED


def test_a_blank_cell_erases_the_nominator_and_the_check_says_so(with_roster, tmp_path):
    store = with_roster
    imported(store, roster_with_nominators(tmp_path / "委员名册（推荐单位）.xlsx", NOMINATED))
    fewer = {**NOMINATED, "A02": None}
    outcome = imported(store, roster_with_nominators(tmp_path / "委员名册（更新）.xlsx", fewer, "提名单位"))
    assert outcome.changed == 1
    assert stored(store) == fewer
    assert "李春（推荐单位：原为「民盟市委会」）" in notes(outcome)


def test_undo_of_the_roster_that_added_the_column_takes_the_nominators_back(with_roster, tmp_path):
    store = with_roster
    outcome = imported(store, roster_with_nominators(tmp_path / "委员名册（推荐单位）.xlsx", NOMINATED))
    undo_batch(store, outcome.batch_id)
    assert stored(store) == dict.fromkeys(NOMINATED)


def test_a_blank_nominator_leaves_the_hash_of_versions_written_before_the_column():
    values = {"member_id": "A01", "name": "王刚", "work_unit": None, "status": "在任"}
    before = Record("members", 3, "code:A01", dict(values))
    now = Record("members", 3, "code:A01", {**values, "nominator": None})
    given = Record("members", 3, "code:A01", {**values, "nominator": "中共市委组织部"})
    assert content_hash(now) == content_hash(before)
    assert content_hash(given) != content_hash(before)


def test_an_unchanged_roster_sent_again_stays_unchanged(with_roster, roster_file):
    outcome = imported(with_roster, roster_file)
    assert (outcome.new, outcome.changed) == (0, 0)


def without_nominator(record: Record) -> Record:
    record.values = {k: v for k, v in record.values.items() if k != "nominator"}
    return record


def test_a_database_written_before_the_column_is_upgraded_and_its_roster_stays_unchanged(
        tmp_path, monkeypatch, roster_file):
    nominator_step = next(i for i, sql in enumerate(schema.MIGRATIONS) if "nominator" in sql)
    path = tmp_path / "old.duckdb"
    with monkeypatch.context() as m:  # the schema and the roster rows of before the column
        m.setattr("data.store.MIGRATIONS", schema.MIGRATIONS[:nominator_step])
        m.setitem(PARSERS, "roster", lambda ctx: [without_nominator(r) for r in parse_roster(ctx)])
        old = Store(path)
        imported(old, roster_file)
        assert "nominator" not in old.columns("members")
        old.close()
    upgraded = Store(path)
    assert stored(upgraded) == dict.fromkeys(NOMINATED)
    outcome = imported(upgraded, roster_file)
    assert (outcome.new, outcome.changed) == (0, 0)
    outcome = imported(upgraded, roster_with_nominators(tmp_path / "委员名册（推荐单位）.xlsx", NOMINATED))
    assert (outcome.new, outcome.changed) == (0, len(NOMINATED))
    assert stored(upgraded) == NOMINATED
    upgraded.close()


# -- the demo city ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_store(demo_db_file, tmp_path_factory):
    path = tmp_path_factory.mktemp("nominator") / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    store = Store(path)
    yield store
    store.close()


def test_the_demo_city_gives_every_member_a_nominator(demo_store):
    by_sector: dict[str, set[str]] = {}
    for sector, nominator in demo_store.rows("SELECT sector, nominator FROM cur_members"):
        assert nominator, sector
        by_sector.setdefault(sector, set()).add(nominator)
    assert by_sector["民革"] == {"民革市委会"}
    assert by_sector["九三学社"] == {"九三学社市委会"}
    assert by_sector["科协"] == {"市科协"}
    assert by_sector["特别邀请人士"] == {"中共市委统战部"}
    assert by_sector["经济界"] == {"市工商联", "中共市委统战部"}


# -- the 档案 ----------------------------------------------------------------------------------
def a_member_of(store: Store, sector: str) -> str:
    return store.scalar("SELECT min(member_id) FROM cur_members WHERE sector = ? AND status = '在任'", [sector])


def test_the_member_facts_name_the_nominator(demo_store):
    result = score_year(demo_store, 2025)
    member = a_member_of(demo_store, "民革")
    facts = profile.member_facts(result, member)
    labels = [label for label, _ in facts]
    assert ("推荐单位", "民革市委会") in facts
    assert labels.index("推荐单位") == labels.index("状态") - 1
    archive, = evaluation.member_archives(demo_store, result, [member])
    assert ("推荐单位", "民革市委会") in archive.facts
    book = openpyxl.load_workbook(io.BytesIO(evaluation.archive_workbook(demo_store, result, [member])))
    texts = [c.value for row in book.worksheets[0].iter_rows() for c in row if isinstance(c.value, str)]
    assert "推荐单位：民革市委会" in texts


def test_no_nominator_no_fact(with_roster):
    result = score_year(with_roster, 2025)
    assert "推荐单位" not in [label for label, _ in profile.member_facts(result, "A02")]


def test_the_profile_page_shows_the_nominator(demo_app_db):
    store = Store.open(demo_app_db)
    member = a_member_of(store, "科协")
    at = open_page("profile", member=member)
    assert "**推荐单位**：市科协" in [m.value for m in at.markdown]
