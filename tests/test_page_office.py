"""The office pages under AppTest — 数据导入, 待匹配姓名, 计分规则 — and the what-if and
rule-table functions behind them (metrics/whatif.py)."""
from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from data.importer import import_file
from data.store import Store
from metrics.rules import RuleError, default_rules, parse_rules, rules_for_year
from metrics.scoring import score_year
from metrics.whatif import (compare, kendall_tau_b, rule_tables, strict_inversions, tables_to_toml)
from tests.apptest_util import WARM_RERUN_QUERIES, open_page, queries_of_rerun, rerun
from tests.conftest import SAMPLE, write_xlsx

OFFICE_PAGES = ["import_files", "pending", "rules"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEAR = 2025


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def rule_text(**replace: str) -> str:
    """The default rule file with some lines replaced ('old line' -> 'new line')."""
    text = default_rules().toml
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def records_only(contents: dict) -> dict:
    """Table contents without the logs (undo marks a batch undone and is audited; both
    logs are history)."""
    return {t: rows for t, rows in contents.items() if t not in ("batches", "batch_sheets", "audit_log")}


def a_mid_table_member(store: Store) -> dict:
    """A ranked member in the middle of the table with no speech points."""
    scores = score_year(store, YEAR, default_rules()).scores
    pool = scores[scores["ranked"] & (scores["speech"] == 0) & (scores["total"] > 20)]
    return pool.iloc[len(pool) // 2].to_dict()


# -- every page renders ------------------------------------------------------------------------

@pytest.mark.parametrize("page", OFFICE_PAGES)
def test_office_page_renders_on_an_empty_database(empty_app_db, page):
    at = open_page(page)
    if page != "pending":  # the pending page offers the demo instead
        assert at.title and not at.error


@pytest.mark.parametrize("page", OFFICE_PAGES)
def test_office_page_renders_on_the_demo_city(demo_app_db, page):
    at = open_page(page)
    assert at.title and not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("page", OFFICE_PAGES)
def test_office_page_rerun_reads_from_the_cache(demo_app_db, page, monkeypatch):
    """Timed in scripts/bench_pages.py; here: a warm rerun sends only a few queries."""
    at = open_page(page)
    rerun(at)
    assert 0 < queries_of_rerun(at, monkeypatch) <= WARM_RERUN_QUERIES


def test_import_page_offers_every_template(empty_app_db):
    from reading import vocab
    from data.templates import template_bytes

    at = open_page("import_files")
    labels = texts(at.get("download_button")) if at.get("download_button") else ""
    assert len(at.get("download_button")) == len(vocab.KINDS), labels
    assert template_bytes("roster")[:2] == b"PK"


# -- import, errors, undo ------------------------------------------------------------------------

@pytest.mark.skipif(not SAMPLE.exists(), reason="no sample city")
def test_uploading_sample_files_imports_them(empty_app_db):
    at = open_page("import_files")
    for name in ("委员名册.xlsx", "2025年提案目录.xlsx"):
        at.file_uploader[0].upload(name, (SAMPLE / name).read_bytes(), XLSX)
    rerun(at)
    headers = [e.label for e in at.expander]
    assert len(headers) == 2 and all("可以导入" in h for h in headers), headers
    assert "委员名册" in set(at.dataframe[0].value["识别为"])  # the sheet table: kind in Chinese
    at.button(key="import_button").click()
    rerun(at)
    done = texts(at.success)
    assert "「委员名册.xlsx」已导入为批次 #1" in done and "「2025年提案目录.xlsx」已导入为批次 #2" in done
    store = Store.open(empty_app_db)
    assert store.record_counts()["members"] == 61 and store.record_counts()["proposals"] == 57
    assert list(store.df("SELECT file_name FROM batches ORDER BY batch_id")["file_name"]) == \
        ["委员名册.xlsx", "2025年提案目录.xlsx"]  # the real file names, not the temp files
    assert not at.file_uploader[0].value  # a fresh uploader after the import
    batches = at.dataframe[0].value
    assert list(batches["批次"]) == [2, 1] and set(batches["状态"]) == {"有效"}


@pytest.mark.skipif(not SAMPLE.exists(), reason="no sample city")
def test_importing_the_same_file_again_says_so(empty_app_db):
    store = Store.open(empty_app_db)
    assert import_file(store, SAMPLE / "委员名册.xlsx").status == "imported"
    at = open_page("import_files")
    at.file_uploader[0].upload("委员名册.xlsx", (SAMPLE / "委员名册.xlsx").read_bytes(), XLSX)
    rerun(at)
    assert "已导入过（批次 #1）" in texts(at.info)
    at.button(key="import_button").click()
    rerun(at)
    assert "已导入过" in texts(at.info) and store.scalar("SELECT count(*) FROM batches") == 1


def test_invalid_file_shows_its_errors_and_changes_nothing(demo_app_db, tmp_path):
    store = Store.open(demo_app_db)
    before = store.table_contents()
    bad = write_xlsx(tmp_path / "bad.xlsx", {"出勤": [
        ["活动名称", "日期", "姓名", "出勤"],
        ["视察", "2025-05-01", "杨玉", "出席"],
        ["视察", "2025-05-01", "谭琳", "来了"],
        ["调研", "上周五", "曾娟丽", "出席"],
    ]})
    at = open_page("import_files")
    at.file_uploader[0].upload("2025年视察出勤.xlsx", bad.read_bytes(), XLSX)
    rerun(at)
    assert "1 处错误，不能导入" in at.expander[0].label
    errors = at.dataframe[0].value
    assert list(errors.columns) == ["工作表", "行", "列", "值", "应为"]
    rows = {(s, int(r), v) for s, r, v in zip(errors["工作表"], errors["行"], errors["值"])}
    assert rows == {("出勤", 4, "上周五")} and any("日期" in c for c in errors["列"])
    assert any(s.label == "「来了」的含义" for s in at.selectbox)  # an unknown mark is a question
    assert at.button(key="import_button").disabled  # nothing can be written
    rerun(at)
    assert store.table_contents() == before


def test_undo_through_the_page_restores_the_state(demo_app_db, tmp_path):
    store = Store.open(demo_app_db)
    member = a_mid_table_member(store)
    before = store.table_contents()
    total_before = score_year(store, YEAR, default_rules()).member(member["member_id"])["total"]
    extra = write_xlsx(tmp_path / "x.xlsx", {"发言": [
        ["姓名", "日期", "会议", "发言形式"], [member["name"], "2025-03-01", "全体会议", "口头"]]})
    at = open_page("import_files")
    at.file_uploader[0].upload("2025年补充发言.xlsx", extra.read_bytes(), XLSX)
    rerun(at)
    at.button(key="import_button").click()
    rerun(at)
    batch = int(store.scalar("SELECT max(batch_id) FROM batches"))
    assert f"已导入为批次 #{batch}" in texts(at.success)
    assert score_year(store, YEAR, default_rules()).member(member["member_id"])["total"] == total_before + 6
    assert at.selectbox(key=f"undo_batch_{batch}").value == batch  # the newest batch first
    assert at.button(key="undo_button").disabled  # not before the confirmation
    at.checkbox(key=f"undo_confirm_{batch}").check()
    rerun(at)
    at.button(key="undo_button").click()
    rerun(at)
    assert f"批次 #{batch}" in texts(at.success) and "已撤销" in texts(at.success)
    after = store.table_contents()
    assert records_only(after) == records_only(before)
    assert store.scalar("SELECT status FROM batches WHERE batch_id = ?", [batch]) == "undone"
    assert score_year(store, YEAR, default_rules()).member(member["member_id"])["total"] == total_before
    assert "已撤销" in set(at.dataframe[0].value["状态"])


# -- pending names --------------------------------------------------------------------------------

def test_resolving_a_pending_name_updates_the_ranking(demo_app_db, tmp_path):
    store = Store.open(demo_app_db)
    member = a_mid_table_member(store)
    typo = member["name"] + "某"
    rows = [["姓名", "日期", "会议", "发言形式"], [typo, "2025-03-01", "全体会议", "口头"],
            [typo, "2025-09-01", "常委会议", "书面"]]
    assert import_file(store, write_xlsx(tmp_path / "2025年发言.xlsx", {"发言": rows})).ok
    before = score_year(store, YEAR, default_rules())
    at = open_page("pending")
    table = at.dataframe[0].value
    assert list(table["姓名"]) == [typo] and int(table["记录数"].iloc[0]) == 2
    at.button(key=f"resolve|{typo}||{member['member_id']}").click()
    rerun(at)
    assert f"已将「{typo}」匹配为委员 {member['name']}（{member['sector']}，{member['member_id']}）" in texts(at.success)
    after = score_year(store, YEAR, default_rules())
    row_before, row_after = before.member(member["member_id"]), after.member(member["member_id"])
    assert row_after["total"] == row_before["total"] + 9 and row_after["rank"] < row_before["rank"]
    assert f"{row_after['total']:.2f} 分（第 {row_after['rank']} 名）" in texts(at.success)
    assert "没有待匹配的姓名" in texts(at.success)
    assert store.scalar("SELECT member_id FROM name_aliases WHERE alias = ?", [typo]) == member["member_id"]


def test_pending_page_resolves_through_the_manual_form(demo_app_db, tmp_path):
    store = Store.open(demo_app_db)
    member = a_mid_table_member(store)
    rows = [["姓名", "日期", "会议", "发言形式"], ["某某某", "2025-03-01", "全体会议", "口头"]]
    assert import_file(store, write_xlsx(tmp_path / "2025年发言.xlsx", {"发言": rows})).ok
    at = open_page("pending")
    pick = next(m for m in at.selectbox(key="manual_member").options if member["member_id"] in m)
    at.selectbox(key="manual_member").select(pick)
    rerun(at)
    at.button(key="manual_resolve").click()
    rerun(at)
    assert "已将「某某某」匹配为委员" in texts(at.success)
    assert store.scalar("SELECT member_id FROM name_aliases WHERE alias = '某某某'") == member["member_id"]


# -- rules: edit, what-if, save --------------------------------------------------------------------

def open_rules_as_text(text: str):
    at = open_page("rules")
    at.radio(key="rules_mode").set_value("text")
    rerun(at)
    at.text_area[0].set_value(text)
    next(b for b in at.button if "检查并试算" in b.label).click()
    return rerun(at)


def test_rule_edit_shows_new_ranks_without_saving_then_saves(demo_app_db):
    store = Store.open(demo_app_db)
    text = rule_text(**{"lead_filed = 15": "lead_filed = 30", "proposal_lead = 30": "proposal_lead = 60"})
    at = open_rules_as_text(text)
    assert not at.error, [e.value for e in at.error]
    edited = parse_rules(text)
    expected = score_year(store, YEAR, edited).scores.set_index("member_id")
    metrics = {m.label: m.value for m in at.metric}
    comparison = compare(score_year(store, YEAR, default_rules()), score_year(store, YEAR, edited))
    assert metrics["等次变化"] == f"{len(comparison.tier_moves)} 人" and len(comparison.tier_moves) > 0
    assert metrics["排名一致性（Kendall τ）"] == f"{comparison.tau:.3f}"
    moves = next(d.value for d in at.dataframe if "试算等次" in d.value.columns)
    for member_id, rank, tier in zip(moves["委员编号"], moves["试算排名"], moves["试算等次"]):
        assert (expected.loc[member_id, "rank"], expected.loc[member_id, "tier"]) == (rank, tier)
    assert store.scalar("SELECT count(*) FROM rule_sets") == 0  # a what-if saves nothing
    at.button(key="save_rules").click()
    rerun(at)
    assert f"已保存为{YEAR}年度计分规则" in texts(at.success)
    assert store.scalar("SELECT count(*) FROM rule_sets") == 1
    assert rules_for_year(store, YEAR) == edited and rules_for_year(store, 2024) == default_rules()
    history = next(d.value for d in at.dataframe if "保存时间" in d.value.columns)
    assert list(history["年度"]) == [YEAR]
    assert "已为本年度保存" in texts(at.caption)


def test_rule_table_edit_feeds_the_whatif(demo_app_db):
    store = Store.open(demo_app_db)
    at = open_page("rules")
    key = next(d.key for d in at.data_editor if d.key and d.key.startswith("rules_events_"))
    at.session_state[key] = {"edited_rows": {0: {"出席": 50.0}}, "added_rows": [], "deleted_rows": []}
    next(b for b in at.button if "检查并试算" in b.label).click()
    rerun(at)
    metrics = {m.label: m.value for m in at.metric}
    assert "等次变化" in metrics, texts(at.info)
    assert store.scalar("SELECT count(*) FROM rule_sets") == 0


def test_invalid_rule_edit_names_the_key_and_saves_nothing(demo_app_db):
    store = Store.open(demo_app_db)
    at = open_rules_as_text(rule_text(**{"plenary = 30\nstanding = 12": "plenary = -30\nstanding = 12"}))
    assert "caps.plenary" in texts(at.error) and "不能为负数" in texts(at.error)
    assert not at.metric and not [b for b in at.button if b.key == "save_rules"]
    assert store.scalar("SELECT count(*) FROM rule_sets") == 0


def test_rules_page_shows_readable_tables_of_the_rules_in_force(demo_app_db):
    at = open_page("rules")
    shown = {d.key: d.value for d in at.data_editor if d.key}
    events = next(v for k, v in shown.items() if k.startswith("rules_events_"))
    plenary = events[events["代码"] == "plenary"].iloc[0]
    assert (plenary["活动类别"], plenary["出席"], plenary["请假"], plenary["缺席"]) == ("全体会议", 30, 15, -10)
    sqmy = next(v for k, v in shown.items() if k.startswith("rules_items_sqmy_"))
    assert dict(zip(sqmy["计分项"], sqmy["分值"]))["采用：省政协"] == 10
    caps = next(v for k, v in shown.items() if k.startswith("rules_caps_"))
    assert len(caps) == 16 and "全体会议" in set(caps["名称"])
    assert "未单独保存，使用默认规则" in texts(at.caption)


def test_rules_page_on_an_empty_database_checks_without_whatif(empty_app_db):
    at = open_rules_as_text(rule_text(**{"oral = 6": "oral = 8"}))
    assert not at.error and "还没有委员名册" in texts(at.info)


# -- Kendall tau-b ----------------------------------------------------------------------------------

def brute_tau_b(x, y) -> float:
    c = d = tx = ty = 0
    for (x1, y1), (x2, y2) in itertools.combinations(zip(x, y), 2):
        sx, sy = np.sign(x1 - x2), np.sign(y1 - y2)
        c += sx * sy > 0
        d += sx * sy < 0
        tx += sx == 0 and sy != 0
        ty += sy == 0 and sx != 0
    return (c - d) / np.sqrt((c + d + tx) * (c + d + ty))


def test_kendall_tau_identical_and_reversed_rankings():
    ranks = list(range(1, 451))
    assert kendall_tau_b(ranks, ranks) == pytest.approx(1.0)
    assert kendall_tau_b(ranks, ranks[::-1]) == pytest.approx(-1.0)


def test_kendall_tau_small_case_with_ties_by_hand():
    # pairs: (1,2) (1,3) (1,4) concordant; (2,3) tied in x; (2,4) discordant; (3,4) tied in y
    # tau-b = (3 - 1) / sqrt((6 - 1) * (6 - 1)) = 0.4
    assert kendall_tau_b([1, 2, 2, 3], [1, 3, 2, 2]) == pytest.approx(0.4)
    assert kendall_tau_b([1, 1, 1], [1, 2, 3]) != kendall_tau_b([1, 1, 1], [1, 2, 3])  # NaN: constant side


def test_kendall_tau_matches_the_definition_on_random_tied_rankings():
    rng = random.Random(7)
    for n in (2, 3, 5, 17, 60):
        x = [rng.randint(1, 6) for _ in range(n)]
        y = [rng.randint(1, 6) for _ in range(n)]
        if len(set(x)) > 1 and len(set(y)) > 1:
            assert kendall_tau_b(x, y) == pytest.approx(brute_tau_b(x, y))
        values = [rng.randint(0, 9) for _ in range(n)]
        assert strict_inversions(values) == sum(a > b for a, b in itertools.combinations(values, 2))


def test_compare_of_a_result_with_itself_moves_nobody(demo_app_db):
    store = Store.open(demo_app_db)
    result = score_year(store, YEAR, default_rules())
    same = compare(result, result)
    assert same.tau == pytest.approx(1.0) and same.tier_moves.empty and same.rank_changes == 0


# -- rule tables <-> rule file ---------------------------------------------------------------------------

def test_rule_tables_round_trip_to_the_default_rules():
    tables = rule_tables(default_rules())
    assert parse_rules(tables_to_toml(tables)) == default_rules()


def test_rule_tables_round_trip_a_sparse_rule_set():
    sparse = parse_rules("""
[meta]
name = "简化规则"
version = "2"
[events.plenary]
attend = 20.5
group = "meetings"
[events.study]
absent = -1
[proposals]
lead_filed = 12
[sqmy.adopt]
"省" = 7
[caps]
meetings = 40
[tiers]
thresholds = [["好", 80]]
lowest = "差"
excellent_quota = 0.25
""")
    text = tables_to_toml(rule_tables(sparse))
    assert parse_rules(text) == sparse and "other_meeting" not in text


def test_edited_rule_tables_change_the_rules_and_bad_cells_name_the_key():
    tables = rule_tables(default_rules())
    tables.items["proposals"].loc[0, "分值"] = 20
    tables.caps.loc[len(tables.caps)] = ["extra", None, 5]
    edited = parse_rules(tables_to_toml(tables))
    assert edited.points("proposals.lead_filed") == 20 and edited.cap("extra") == 5
    tables.caps.loc[len(tables.caps)] = ["extra", None, 6]
    with pytest.raises(RuleError) as raised:
        tables_to_toml(tables)
    assert raised.value.key == "caps.extra"
