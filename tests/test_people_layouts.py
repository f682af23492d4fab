"""People in proposals, 社情民意 and the one-person-per-row kinds: how their names are read
(numbered cosigner columns, «张三等5人», a unit with a member in brackets, a 界别 in
brackets or in a column, short 界别 names, a 编号 column) and that a roster imported after
the records matches them exactly as a roster imported before."""
from __future__ import annotations

import pytest

from data.importer import analyse_file, import_file
from data.store import Store
from reading import normalize as nz
from reading.names import Matcher, Member
from tests.conftest import write_xlsx

ROSTER = [["编号", "姓名", "界别"],
          ["B01", "李娜", "医药卫生界"], ["B02", "李娜", "文化艺术界"], ["B03", "黄志强", "经济界"],
          ["B04", "王秀英", "中国民主建国会"], ["B05", "周明", "九三学社"], ["B06", "张三", "教育界"]]


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "people.duckdb")
    yield s
    s.close()


def roster(store: Store, tmp_path) -> None:
    assert import_file(store, write_xlsx(tmp_path / "名册.xlsx", {"名册": ROSTER})).status == "imported"


def imported(store: Store, path, **options):
    outcome = import_file(store, path, **options)
    assert outcome.status == "imported", (outcome.summary(), [e.message() for e in outcome.errors])
    return outcome


PROPOSALS = [["2025年度提案"],
             ["提案题目", "提案人", "联名人1", "联名人2", "立案情况"],
             ["关于一", "周明等5人", None, None, "立案"],
             ["关于二", "民建市委会（王秀英）", None, None, "立案"],
             ["关于三", "张三", "黃志強", "李娜（文艺界）", "不予立案（转意见建议）"],
             ["关于四", "民进市委会", None, None, "立案"]]
PEOPLE = ("SELECT p.subject, pp.role, pp.position, m.code FROM cur_proposal_people pp JOIN cur_proposals p "
          "USING (rec_id) LEFT JOIN cur_members m USING (member_id) ORDER BY p.subject, pp.position")


def test_split_people_reads_leads_units_and_notes():
    assert nz.split_people("周明等5人") == [("周明", "")]
    assert nz.split_people("民建市委会（王秀英）") == [("王秀英", "")]
    assert nz.split_people("民进市委会(何雪梅、曹雅琴)") == [("何雪梅", ""), ("曹雅琴", "")]
    assert nz.split_people("民进市委会") == [("民进市委会", "")]
    assert nz.split_people("王磊（教育界），李  娜") == [("王磊", "教育界"), ("李娜", "")]


def test_short_sector_names_share_a_key_with_the_roster_names():
    assert nz.sector_key("医卫界") == nz.sector_key("医药卫生界")
    assert nz.sector_key("民建") == nz.sector_key("中国民主建国会")
    assert nz.sector_key("九三") == nz.sector_key(" 九三学社 ")
    assert nz.sector_key("无党派") == nz.sector_key("无党派人士")
    assert nz.sector_key("文艺界") == nz.sector_key("文化艺术界")
    assert nz.is_sector_note("医卫界") and not nz.is_sector_note("女")


def test_matcher_tells_namesakes_apart_by_sector_or_code():
    members = [Member("B01", "李娜", "医药卫生界", "B01"), Member("B02", "李娜", "文化艺术界", "B02"),
               Member("B03", "黄志强", "经济界", "B03")]
    matcher = Matcher(members)
    assert matcher.match("李娜", "医卫界") == "B01"
    assert matcher.match("李娜", "文艺界") == "B02"
    assert matcher.match("李娜") is None
    assert matcher.match("李娜", code="B02") == "B02"
    assert matcher.match("黃志強", "无关的界别") == "B03"  # one member of that name: the hint is not needed


def test_proposal_people_cosigner_columns_deng_n_ren_and_units(store, tmp_path):
    roster(store, tmp_path)
    imported(store, write_xlsx(tmp_path / "提案.xlsx", {"提案": PROPOSALS}))
    assert store.rows(PEOPLE) == [
        ("关于一", "lead", 0, "B05"),
        ("关于三", "lead", 0, "B06"), ("关于三", "cosign", 1, "B03"), ("关于三", "cosign", 2, "B02"),
        ("关于二", "lead", 0, "B04"),
    ]
    assert store.rows("SELECT subject, outcome, filed, is_collective FROM cur_proposals ORDER BY subject") == [
        ("关于一", "立案", True, False), ("关于三", "转意见建议", False, False), ("关于二", "立案", True, False),
        ("关于四", "立案", True, True)]


def test_numbered_columns_are_read_as_the_field_not_left_unused(store, tmp_path):
    analysis = analyse_file(store, write_xlsx(tmp_path / "提案.xlsx", {"提案": PROPOSALS}))
    assert [fld for _, fld in analysis.outcome.sheets[0].columns] == [
        "subject", "proposer", "cosigners", "cosigners", "outcome"]


def test_sector_column_or_note_tells_namesakes_apart_in_any_kind(store, tmp_path):
    roster(store, tmp_path)
    rows = [["姓名", "界别", "分值", "事由"],
            ["李娜", "医卫界", 3, "一"], ["李  娜", "文化艺术界", "减1分", "二"], ["李娜（医卫界）", None, 1, "三"]]
    imported(store, write_xlsx(tmp_path / "2025年加减分.xlsx", {"加减分": rows}))
    got = store.rows("SELECT reason, m.code FROM cur_adjustments a JOIN cur_members m USING (member_id) "
                     "ORDER BY reason")
    assert got == [("一", "B01"), ("三", "B01"), ("二", "B02")]


def test_code_column_tells_namesakes_apart(store, tmp_path):
    roster(store, tmp_path)
    rows = [["编号", "姓名", "是否提交"], ["B02", "李娜", "已提交"], ["B01", "李娜", "未提交"]]
    imported(store, write_xlsx(tmp_path / "2025年履职报告.xlsx", {"报告": rows}))
    assert store.rows("SELECT member_id, submitted FROM cur_reports ORDER BY member_id") == [
        ("B01", False), ("B02", True)]


def test_adoption_negation_rules_the_cell_and_a_missing_column_is_told(store, tmp_path):
    roster(store, tmp_path)
    rows = [["标题", "报送人", "采用情况"], ["甲", "张三", "拟报送，未采用"], ["乙", "张三", "市政协采用、被省政协采用"]]
    imported(store, write_xlsx(tmp_path / "2025年社情民意.xlsx", {"s": rows}))
    assert store.rows("SELECT title, adoption FROM cur_sqmy ORDER BY title") == [("乙", "省"), ("甲", None)]
    speeches = [["姓名", "日期", "题目"], ["张三", "2025-03-01", "发言"]]
    outcome = imported(store, write_xlsx(tmp_path / "2025年发言.xlsx", {"s": speeches}))
    assert any("未找到形式列" in w for w in outcome.sheets[0].warnings)


FILES = {
    "2025年提案.xlsx": {"提案": [["提案题目", "提案人", "界别", "联名人"],
                         ["关于一", "李娜", "文艺界", "黃志強、王秀英"], ["关于二", "李娜", "医卫界", None]]},
    "2025年社情民意.xlsx": {"s": [["标题", "报送人"], ["甲", "黃 志 強，李娜（医卫界）"]]},
    "2025年加减分.xlsx": {"s": [["姓名", "界别", "分值", "事由"], ["李  娜", "文艺界", 2, "一"],
                            ["张三（教育界）", None, 1, "二"]]},
    "2025年履职报告.xlsx": {"s": [["编号", "姓名", "是否提交"], ["B01", "李娜", "是"]]},
    "2025年发言.xlsx": {"s": [["姓名", "日期", "形式"], ["李娜（文化艺术界）", "2025-03-01", "口头"]]},
}
MEMBERS_OF_PEOPLE = """
    SELECT 'p', name, position, member_id FROM cur_proposal_people
    UNION ALL SELECT 's', name, position, member_id FROM cur_sqmy_authors
    UNION ALL SELECT 'a', name, 0, member_id FROM cur_adjustments
    UNION ALL SELECT 'r', name, 0, member_id FROM cur_reports
    UNION ALL SELECT 'sp', name, 0, member_id FROM cur_speeches
    ORDER BY ALL"""


def test_roster_last_matches_every_person_as_roster_first(tmp_path):
    """One matcher: the read-time views match what the import matches."""
    paths = [write_xlsx(tmp_path / name, sheets) for name, sheets in FILES.items()]
    found = {}
    for order in ("first", "last"):
        store = Store.open(tmp_path / f"{order}.duckdb")
        if order == "first":
            roster(store, tmp_path)
        for path in paths:
            imported(store, path)
        if order == "last":
            roster(store, tmp_path)
        found[order] = store.rows(MEMBERS_OF_PEOPLE)
        store.close()
    assert found["first"] == found["last"]
    assert all(member for *_, member in found["first"])
    assert len(found["first"]) == 10
