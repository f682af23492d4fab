"""Published years (审定, issue 13 item 4): the frozen results equal what was published,
changes touching a published year are refused, later years' consecutive-year warnings
read the published tiers, 撤销审定 needs a reason and is audited; the CLI, the pages, the
workbook and the score CSV say whether a year is published."""
from __future__ import annotations

import csv
import io
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from data import audit
from data.accounts import users
from data.importer import UndoError, import_file, undo_batch
from data.published import PublishedError, publication
from data.store import Store
from metrics import evaluation
from metrics.publish import publish_year, unpublish_year
from metrics.rules import default_rules, rules_for_year, save_rule_set
from metrics.score_csv import PUBLISHED_COLUMN, score_csv
from metrics.scoring import compute_year, score_year
from tests.apptest_util import open_page, rerun
from tests.conftest import ROOT, SAMPLE, SAMPLE_FILES, write_xlsx
from tests.scoring_fixtures import FixtureDB

REFUSED = "2024 年度考评结果已审定，如需修改请先撤销审定"
ATTENDANCE = ["活动名称", "日期", "姓名", "出勤"]
PEOPLE = ("王刚", "李春", "张国强")


def _warnings(result) -> dict[str, list]:
    s = result.scores
    return dict(zip(s["name"], s["warnings"]))


def _attendance(tmp_path, year: int):
    return write_xlsx(tmp_path / f"{year}年视察出勤.xlsx",
                      {"出勤": [ATTENDANCE, *[["视察", f"{year}-05-01", n, "出席"] for n in PEOPLE]]})


def _wang_does_well_in_2024(tmp_path):
    """A 2024 proposal and an adjustment: 王刚 is no longer 不称职 in 2024."""
    proposals = write_xlsx(tmp_path / "2024年提案目录.xlsx", {"提案": [
        ["提案号", "案由", "第一提案人", "立案情况"], ["1", "关于A的建议", "王刚", "立案"]]})
    adjustments = write_xlsx(tmp_path / "2024年加减分.xlsx", {"加减分": [
        ["姓名", "分值", "事由", "日期"], ["王刚", 80, "特别贡献", "2024-09-01"]]})
    return proposals, adjustments


@pytest.fixture
def small_city(with_roster, tmp_path) -> Store:
    """Three members at one 视察 in 2024 and in 2025, no proposals: everyone is 不称职
    both years."""
    for year in (2024, 2025):
        assert import_file(with_roster, _attendance(tmp_path, year)).status == "imported"
    return with_roster


# -- frozen = published ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample_published(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("pub") / "sample.duckdb")
    for name in SAMPLE_FILES:
        assert import_file(store, SAMPLE / name).status == "imported"
    live = compute_year(store, 2025)
    counts = evaluation.member_counts(store, live)
    publish_year(store, 2025, "tester", "主任会议审定")
    yield store, live, counts
    store.close()


def test_the_published_result_is_the_result_as_computed_when_published(sample_published):
    store, live, counts = sample_published
    frozen = score_year(store, 2025)
    assert frozen.frozen and not live.frozen and frozen.publication.note == "主任会议审定"
    pd.testing.assert_frame_equal(frozen.scores, live.scores, check_dtype=False)
    by_member = lambda f: f.sort_values("member_id").reset_index(drop=True)  # noqa: E731
    pd.testing.assert_frame_equal(by_member(frozen.facts), by_member(live.facts), check_dtype=False)
    pd.testing.assert_frame_equal(frozen.provenance, live.provenance)
    pd.testing.assert_frame_equal(evaluation.member_counts(store, frozen), counts, check_dtype=False)
    assert frozen.rules == live.rules and frozen.term == live.term
    pub = publication(store, 2025)
    assert pub.batch_ids == tuple(range(1, len(SAMPLE_FILES) + 1)) and pub.rules_toml == default_rules().toml


def test_another_rule_set_on_a_published_year_is_a_what_if_and_says_so(sample_published):
    store, live, _ = sample_published
    text = default_rules().toml.replace("lead_filed = 15", "lead_filed = 16")
    from metrics.rules import parse_rules

    what_if = score_year(store, 2025, parse_rules(text))
    assert not what_if.frozen and what_if.publication is not None
    assert what_if.publication_text.startswith("试算结果，非审定结果（本年度已审定（")


def test_workbook_and_csv_say_published(sample_published):
    store, _, _ = sample_published
    result = score_year(store, 2025)
    book = openpyxl.load_workbook(io.BytesIO(evaluation.evaluation_workbook(store, result)))
    subtitles = [book[name].cell(2, 1).value for name in book.sheetnames]
    published_at = publication(store, 2025).published_at
    badge = f"已审定（{published_at:%Y-%m-%d} tester）"
    on_paper = f"已审定（{published_at.year}年{published_at.month}月{published_at.day}日 tester）"   # dates as written on paper
    assert all(on_paper in s for s in subtitles), subtitles
    rows = list(csv.DictReader(io.StringIO(score_csv(result).lstrip("\ufeff"))))
    assert {r[PUBLISHED_COLUMN] for r in rows} == {badge}
    assert len(rows) == len(result.scores)


def test_a_scoped_view_of_a_published_year_keeps_provenance_to_its_members(sample_published):
    from metrics.scope import Scope, scoped_result

    store, _, _ = sample_published
    result = score_year(store, 2025)
    member = result.scores["member_id"].iloc[0]
    scoped = scoped_result(result, Scope.from_user("member", (), member))
    assert set(scoped.provenance["member_id"]) == {member}
    assert set(scoped.frozen_counts["member_id"]) == {member}


# -- refusals and the unpublish / change / republish flow ----------------------------------
def test_changes_to_a_published_year_are_refused_until_unpublished(small_city, tmp_path):
    store = small_city
    assert _warnings(score_year(store, 2025))["王刚"][0] == ("劝辞", "连续2年考评为不称职")
    publish_year(store, 2024, "tester")
    before = store.table_contents()

    proposals, adjustments = _wang_does_well_in_2024(tmp_path)
    outcome = import_file(store, proposals)
    assert outcome.status == "refused" and not outcome.ok and REFUSED in outcome.summary()
    with pytest.raises(UndoError, match=REFUSED):
        undo_batch(store, 2)  # the 2024 attendance
    with pytest.raises(PublishedError, match=REFUSED):
        save_rule_set(store, 2024, default_rules(), "tester")
    assert store.table_contents() == before
    assert import_file(store, write_xlsx(tmp_path / "2025年加减分.xlsx", {"加减分": [
        ["姓名", "分值", "事由"], ["李春", 5, "表扬"]]})).status == "imported"  # 2025 is not published

    with pytest.raises(PublishedError, match="原因"):
        unpublish_year(store, 2024, "tester", "  ")
    unpublish_year(store, 2024, "tester", "补录王刚的提案")
    log = audit.audit_rows(store, action="unpublish")
    assert len(log) == 1 and "补录王刚的提案" in log["detail"].iloc[0] and log["username"].iloc[0] == "tester"
    assert len(audit.audit_rows(store, action="publish")) == 1

    for f in (proposals, adjustments):
        assert import_file(store, f).status == "imported"
    assert _warnings(score_year(store, 2025))["王刚"] == [("约谈", "本年考评为不称职")]
    publish_year(store, 2024, "tester", "重新审定")
    w = _warnings(score_year(store, 2025))
    assert w["王刚"] == [("约谈", "本年考评为不称职")] and w["李春"][0] == ("劝辞", "连续2年考评为不称职")
    assert len(audit.audit_rows(store, action="publish")) == 2


def test_publishing_needs_records_an_admin_and_a_year_not_yet_published(small_city, tmp_path):
    with pytest.raises(PublishedError, match="没有导入任何"):
        publish_year(small_city, 2023, "tester")
    stray = write_xlsx(tmp_path / "2023年加减分.xlsx", {"加减分": [["姓名", "分值", "事由", "日期"],
                                                                ["王刚", 2, "表彰", "2023-09-01"]]})
    assert import_file(small_city, stray).status == "imported"
    with pytest.raises(PublishedError, match="没有导入出勤记录"):  # one stray record is no assessment
        publish_year(small_city, 2023, "tester")
    assert publication(small_city, 2023) is None
    with pytest.raises(PublishedError, match="管理员"):
        publish_year(small_city, 2024, "chair", role="chair")
    publish_year(small_city, 2024, "tester")
    with pytest.raises(PublishedError, match="已于此前审定"):
        publish_year(small_city, 2024, "tester")
    with pytest.raises(PublishedError, match="尚未审定"):
        unpublish_year(small_city, 2023, "tester", "原因")
    assert users.may_publish("admin") and not users.may_publish("chair")


# -- later years read the published tiers ----------------------------------------------------
def test_warnings_of_2025_read_the_published_2024_tiers_not_a_recomputation(tmp_path):
    db = FixtureDB(tmp_path / "p.duckdb")
    for m in ("A", "B"):
        db.member(m)
        db.proposal(2025, lead=m, filed=False)
    db.event("study", "2024-06-01", {"A": "attend", "B": "attend"})
    db.event("study", "2025-06-01", {"A": "attend", "B": "attend"})
    store = db.commit()
    publish_year(store, 2024, "tester")
    assert rules_for_year(store, 2024) == default_rules()
    # 2024's records change behind the publication (as a restored file or a hand edit would)
    db.proposal(2024, lead="A", filed=True)
    db.adjust("A", 80, year=2024)
    db.commit()
    assert compute_year(store, 2024).member("A")["tier"] != "不称职"
    assert score_year(store, 2024).member("A")["tier"] == "不称职"          # as published
    assert score_year(store, 2025).member("A")["warnings"][0] == ("劝辞", "连续2年考评为不称职")
    unpublish_year(store, 2024, "tester", "2024 年补录")
    assert score_year(store, 2025).member("A")["warnings"] == [("约谈", "本年考评为不称职")]


def test_the_term_absences_of_a_published_year_are_the_published_ones(tmp_path):
    db = FixtureDB(tmp_path / "q.duckdb")
    db.member("A")
    db.proposal(2025, lead="A", filed=True)
    db.adjust("A", 80)
    db.event("plenary", "2024-01-10", {"A": "absent"})
    db.event("plenary", "2025-01-10", {"A": "absent"})
    db.event("study", "2025-06-01", {"A": "attend"})
    store = db.commit()
    assert score_year(store, 2025).member("A")["warnings"] == [("劝辞", "本届全会无故缺席2次")]
    publish_year(store, 2024, "tester")
    with store.write() as cur:  # 2024's register vanishes behind the publication
        cur.execute("DELETE FROM attendance WHERE year = 2024")
    assert score_year(store, 2025).member("A")["warnings"] == [("劝辞", "本届全会无故缺席2次")]


# -- command line ---------------------------------------------------------------------------
def run(*args, db):
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), *map(str, args), "--db", str(db)],
                          capture_output=True, text=True, cwd=ROOT)
    return proc.returncode, proc.stdout + proc.stderr


def test_cli_publish_unpublish_and_what_score_says(tmp_path, roster_file):
    db = tmp_path / "cli.duckdb"
    assert run("import", roster_file, _attendance(tmp_path, 2024), db=db)[0] == 0
    code, out = run("publish", "--year", 2023, db=db)
    assert code == 1 and "没有导入任何" in out
    code, out = run("score", "--year", 2024, db=db)
    assert code == 0 and "2024年度：未审定（结果随导入变化）" in out
    code, out = run("publish", "--year", 2024, "--note", "主任会议", db=db)
    assert code == 0 and "已审定（" in out
    assert run("publish", "--year", 2024, db=db)[0] == 1
    code, out = run("score", "--year", 2024, "--out", tmp_path / "s.csv", db=db)
    assert code == 0 and "2024年度：已审定（" in out
    assert "已审定（" in (tmp_path / "s.csv").read_text(encoding="utf-8-sig").splitlines()[1]
    code, out = run("export", "--year", 2024, "--out", tmp_path / "b.xlsx", db=db)
    assert code == 0 and "2024年度：已审定（" in out
    proposals, _ = _wang_does_well_in_2024(tmp_path)
    code, out = run("import", proposals, db=db)
    assert code == 1 and REFUSED in out
    assert run("unpublish", "--year", 2024, db=db)[0] == 2          # --reason is required
    assert run("unpublish", "--year", 2024, "--reason", " ", db=db)[0] == 1
    code, out = run("unpublish", "--year", 2024, "--reason", "补录提案", db=db)
    assert code == 0 and "已撤销审定" in out
    assert run("unpublish", "--year", 2024, "--reason", "再来", db=db)[0] == 1
    assert run("import", proposals, db=db)[0] == 0


# -- pages ------------------------------------------------------------------------------------
def _texts(at) -> str:
    return " ".join(str(e.value) for e in [*at.success, *at.warning, *at.info, *at.caption, *at.markdown])


@pytest.mark.parametrize("page", ["ranking", "overview", "warnings"])
def test_the_chair_meeting_pages_show_whether_the_year_is_published(demo_app_db, page):
    store = Store.open(demo_app_db)
    at = open_page(page)
    assert "未审定（结果随导入变化）" in _texts(at)
    users.create_user(store, "zhangsan", "张三", "Zhang-San-2025", "admin")
    pub = publish_year(store, 2025, "zhangsan")
    at = open_page(page)
    assert f"已审定（{pub.published_at:%Y-%m-%d} 张三）" in _texts(at)


def test_export_page_publishes_and_unpublishes_with_a_reason(demo_app_db):
    store = Store.open(demo_app_db)
    at = open_page("export")
    assert "未审定（结果随导入变化）" in _texts(at)
    at.button(key="publish_year").click()
    at = rerun(at)
    assert publication(store, 2025) is not None and "已审定（" in _texts(at)
    at.button(key="unpublish_year").click()
    at = rerun(at)
    assert publication(store, 2025) is not None and "撤销审定须填写原因" in " ".join(e.value for e in at.error)
    at.text_input(key="unpublish_reason").input("数据有误")
    at.button(key="unpublish_year").click()
    at = rerun(at)
    assert publication(store, 2025) is None and "未审定（结果随导入变化）" in _texts(at)
    assert "数据有误" in audit.audit_rows(store, action="unpublish")["detail"].iloc[0]


def test_a_year_whose_names_match_no_roster_member_is_not_published(store, tmp_path):
    """Attendance imported before any roster: nobody is scored, so there is nothing to freeze."""
    assert import_file(store, _attendance(tmp_path, 2025)).status == "imported"
    with pytest.raises(PublishedError, match="没有参加考评的委员"):
        publish_year(store, 2025, "tester")
    assert publication(store, 2025) is None
