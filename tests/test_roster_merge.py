"""A roster file updates the columns it has, and a roster without 编号 finds the members
already imported (issue 13, item 1): real workbooks, a real DuckDB."""
from __future__ import annotations

from data.aliases import load_matcher
from data.importer import import_file, undo_batch
from metrics.scoring import score_year
from tests.conftest import ROSTER_HEADER, ROSTER_ROWS, write_xlsx

FACTS = ["member_id", "code", "name", "raw_name", "sector", "term", "gender", "ethnicity", "birth", "party",
         "title", "title_text", "is_standing", "committee", "activity_group", "liaison_group", "work_unit", "nominator",
         "status", "change_date", "phone", "note", "name_key", "sector_key", "identity", "content_hash"]


def imported(store, path):
    outcome = import_file(store, path)
    assert outcome.status in ("imported", "unchanged"), [e.message() for e in outcome.errors]
    return outcome


def member(store, member_id: str) -> dict:
    rows = store.rows(f"SELECT {', '.join(FACTS)} FROM cur_members WHERE member_id = ?", [member_id])
    assert len(rows) == 1, rows
    return dict(zip(FACTS, rows[0]))


def notes(outcome) -> str:
    return "\n".join(n for s in outcome.sheets for n in s.notes)


def scored_ids(store, year: int = 2025) -> set[str]:
    return set(score_year(store, year).scores["member_id"])


def without_code(rows):
    """The roster's header and rows less its 委员编号 column."""
    i = ROSTER_HEADER.index("委员编号")
    return [[c for j, c in enumerate(r) if j != i] for r in rows]


def test_a_one_row_update_keeps_every_other_fact_and_the_evaluation(with_roster, tmp_path):
    store = with_roster
    before = member(store, "A01")
    assert "A01" in scored_ids(store)
    update = write_xlsx(tmp_path / "委员名册更新.xlsx", {"名册": [
        ["委员名册（职务调整）"], ["委员编号", "姓名", "所属界别", "政协职务"], ["A01", "王刚", "中共", "常委"]]})
    outcome = imported(store, update)
    assert (outcome.new, outcome.changed) == (0, 1)
    after = member(store, "A01")
    assert after["title"] == "常委" and after["is_standing"]
    for fact in ("party", "committee", "activity_group", "liaison_group", "gender", "term", "status", "sector"):
        assert after[fact] == before[fact], fact
    assert after["term"] == "十四届"
    assert "A01" in scored_ids(store)
    assert store.scalar("SELECT count(*) FROM cur_members") == len(ROSTER_ROWS)


def test_undo_of_the_update_restores_the_earlier_facts_exactly(with_roster, tmp_path):
    store = with_roster
    before = member(store, "A02")
    update = write_xlsx(tmp_path / "委员名册更新.xlsx", {"名册": [
        ["委员名册"], ["委员编号", "姓名", "所属界别", "专门委员会", "状态"], ["A02", "李春", "民盟", "经济委员会", "在任"]]})
    outcome = imported(store, update)
    assert member(store, "A02")["committee"] == "经济委员会"
    assert member(store, "A02")["party"] == before["party"]
    undo_batch(store, outcome.batch_id)
    assert member(store, "A02") == before


def test_a_roster_without_code_sent_again_creates_no_duplicate(with_roster, tmp_path):
    store = with_roster
    count = store.scalar("SELECT count(*) FROM cur_members")
    again = write_xlsx(tmp_path / "委员名册.xlsx", {"名册": without_code(
        [["政协××市第十四届委员会委员名册"], ROSTER_HEADER, *ROSTER_ROWS])})
    outcome = imported(store, again)
    # another file holding the same members: its own batch (undo of either keeps them), nothing new
    assert (outcome.new, outcome.changed) == (0, 0)
    assert store.scalar("SELECT count(*) FROM cur_members") == count
    matcher = load_matcher(store)
    assert matcher.match("王刚") == "A01" and matcher.match("张国强") == "A03"
    assert matcher.match("赵敏", "教育界") == "A06"


def test_a_roster_without_code_updates_the_member_it_names(with_roster, tmp_path):
    store = with_roster
    rows = [list(r) for r in ROSTER_ROWS]
    rows[2][7] = "提案委员会"  # 张国强 moves committee
    outcome = imported(store, write_xlsx(tmp_path / "委员名册.xlsx", {"名册": without_code(
        [["政协××市第十四届委员会委员名册"], ROSTER_HEADER, *rows])}))
    assert (outcome.new, outcome.changed) == (0, 1)
    after = member(store, "A03")
    assert after["committee"] == "提案委员会" and after["code"] == "A03"
    assert store.scalar("SELECT count(*) FROM cur_members") == len(ROSTER_ROWS)
    assert "新委员" not in notes(outcome)


def test_a_row_without_code_is_matched_by_name_alone_when_unique(with_roster, tmp_path):
    store = with_roster
    outcome = imported(store, write_xlsx(tmp_path / "委员名册更新.xlsx", {"名册": [
        ["委员名册"], ["姓名", "界别"], ["欧阳修", "民进"]]}))
    assert (outcome.new, outcome.changed) == (0, 1)
    after = member(store, "A04")
    assert after["sector"] == "民进" and after["party"] == "九三学社" and after["term"] == "十四届"
    assert "欧阳修（科协 → 民进）" in notes(outcome)
    assert "A04" in scored_ids(store)


def test_a_new_member_is_listed_as_new_and_joins_the_current_term(with_roster, tmp_path):
    store = with_roster
    outcome = imported(store, write_xlsx(tmp_path / "委员名册更新.xlsx", {"名册": [
        ["委员名册（增补）"], ["姓名", "所属界别", "党派"], ["王刚", "中共", "中共党员"], ["陈新", "农业界", "民革"]]}))
    assert (outcome.new, outcome.unchanged) == (1, 1)
    text = notes(outcome)
    assert "新委员 1 名" in text and "陈新" in text and "王刚" not in text.split("新委员")[1]
    ids = store.rows("SELECT member_id, term FROM cur_members WHERE name = '陈新'")
    assert ids == [("十四届-陈新-农业界", "十四届")]
    assert "十四届-陈新-农业界" in scored_ids(store)
    assert store.scalar("SELECT count(*) FROM cur_members") == len(ROSTER_ROWS) + 1


def test_namesakes_without_code_or_sector_match_are_new_and_said_so(with_roster, tmp_path):
    store = with_roster
    outcome = imported(store, write_xlsx(tmp_path / "委员名册更新.xlsx", {"名册": [
        ["委员名册"], ["姓名", "界别"], ["赵敏", "科协"]]}))
    assert outcome.new == 1
    assert "无法确定" in notes(outcome) and "赵敏" in notes(outcome)


def test_a_blank_title_in_a_title_column_erases_it_and_the_check_says_so(with_roster, tmp_path):
    store = with_roster
    assert member(store, "A02")["title"] == "常委"
    outcome = imported(store, write_xlsx(tmp_path / "委员名册更新.xlsx", {"名册": [
        ["委员名册"], ["委员编号", "姓名", "所属界别", "政协职务"], ["A02", "李春", "民盟", None],
        ["A01", "王刚", "中共", "委员"]]}))
    assert outcome.changed == 1
    after = member(store, "A02")
    assert after["title"] is None and not after["is_standing"] and after["party"] == "民盟"
    text = notes(outcome)
    assert "李春（职务：原为「常委」）" in text and "王刚" not in text


def test_a_new_terms_roster_without_code_leaves_the_old_term_alone(with_roster, tmp_path):
    store = with_roster
    outcome = imported(store, write_xlsx(tmp_path / "委员名册十五届.xlsx", {"名册": [
        ["政协××市第十五届委员会委员名册"], ["姓名", "界别"], ["王刚", "中共"]]}))
    assert outcome.new == 1
    assert member(store, "A01")["term"] == "十四届"
    assert member(store, "十五届-王刚-中共")["term"] == "十五届"


def test_a_member_leaves_the_evaluation_only_by_a_status_that_says_so(with_roster, tmp_path):
    store = with_roster
    outcome = imported(store, write_xlsx(tmp_path / "委员名册更新.xlsx", {"名册": [
        ["委员名册"], ["委员编号", "姓名", "所属界别", "状态", "变动日期"], ["A03", "张国强", "科协", "辞去", "2024-06-01"]]}))
    assert outcome.changed == 1
    assert "张国强（在任 → 辞去）" in notes(outcome)
    after = member(store, "A03")
    assert after["committee"] == "经济委员会" and after["status"] == "辞去"
    assert "A03" not in scored_ids(store) and "A01" in scored_ids(store)


def test_codes_added_later_go_to_the_members_imported_without_them(store, tmp_path):
    rows = [["政协××市第十四届委员会委员名册"], ROSTER_HEADER, *ROSTER_ROWS]
    imported(store, write_xlsx(tmp_path / "委员名册.xlsx", {"名册": without_code(rows)}))
    ids = {r[0] for r in store.rows("SELECT member_id FROM cur_members")}
    assert "十四届-王刚-中共" in ids and len(ids) == len(ROSTER_ROWS)
    outcome = imported(store, write_xlsx(tmp_path / "委员名册（编号）.xlsx", {"名册": rows}))
    assert (outcome.new, outcome.changed) == (0, len(ROSTER_ROWS))
    assert {r[0] for r in store.rows("SELECT member_id FROM cur_members")} == ids
    assert member(store, "十四届-王刚-中共")["code"] == "A01"
    assert load_matcher(store).match("赵敏", None, "A06") == "十四届-赵敏-教育界"


def test_the_name_alone_does_not_match_when_the_sheet_has_that_name_twice(with_roster, tmp_path):
    store = with_roster
    outcome = imported(store, write_xlsx(tmp_path / "委员名册更新.xlsx", {"名册": [
        ["委员名册"], ["姓名", "界别"], ["欧阳修", "科协"], ["欧阳修", "民进"]]}))
    assert (outcome.new, outcome.unchanged) == (1, 1)
    assert member(store, "A04")["sector"] == "科协"
    assert member(store, "十四届-欧阳修-民进")["term"] == "十四届"
    assert "新委员 1 名" in notes(outcome)
