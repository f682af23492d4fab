"""A year named by a session of a term («十届三次会议») is read through the first year the
office gave each 届次: the third session of a term that began in 2023 is 2025."""
from __future__ import annotations

from data import taught
from data.importer import analyse_file, import_file
from reading import normalize as nz
from tests.conftest import write_xlsx


def proposals(tmp_path, title: str):
    return write_xlsx(tmp_path / "提案目录.xlsx", {"提案": [[title], ["案由", "提案人", "立案情况"],
                                                        ["关于一", "王刚", "立案"]]})


def test_session_numbers_are_read_through_the_terms():
    terms = {"十届": 2023, "第十四届": 2022}
    assert nz.session_year("江北市政协十届三次会议提案目录", terms) == 2025
    assert nz.session_year("政协第十四届委员会第二次会议", terms) == 2023
    assert nz.session_year("十届二十次常委会议", terms) is None  # 常委会议 are numbered in the term
    assert nz.session_year("十一届一次会议", terms) is None  # a term the office did not give


def test_a_title_naming_a_session_gives_the_year_once_the_term_is_set(with_roster, tmp_path):
    path = proposals(tmp_path, "江北市政协十届三次会议提案目录")
    before = analyse_file(with_roster, path)
    assert before.outcome.errors and "年度" in before.outcome.errors[0].expected
    taught.teach(with_roster, [("term", "十届", "2023")], user="办公室")
    outcome = import_file(with_roster, path)
    assert outcome.status == "imported", outcome.summary()
    assert with_roster.rows("SELECT year FROM cur_proposals") == [(2025,)]


def test_matrix_dates_without_a_year_take_the_session_year(with_roster, tmp_path):
    taught.teach(with_roster, [("term", "十届", "2023")], user="办公室")
    path = write_xlsx(tmp_path / "会议出勤.xlsx", {"s": [["十届三次会议期间委员活动出勤"],
                                                       ["姓名", "3月5日 视察", "3月6日 调研"],
                                                       ["王刚", "√", "√"]]})
    assert import_file(with_roster, path).status == "imported"
    assert sorted(d for (d,) in with_roster.rows("SELECT event_date::VARCHAR FROM cur_attendance")) == [
        "2025-03-05", "2025-03-06"]


def test_terms_on_the_roster_without_a_first_year_are_offered(with_roster):
    assert taught.terms_to_set(with_roster) == ["十四届"]
    taught.teach(with_roster, [("term", "十四届", "2023")], user="办公室")
    assert taught.terms_to_set(with_roster) == []


def test_the_taught_page_offers_the_terms_to_set_and_saves_one(empty_app_db, tmp_path):
    from data.store import Store
    from tests.apptest_util import open_page, rerun
    from tests.conftest import ROSTER_HEADER, ROSTER_ROWS

    store = Store.open(empty_app_db)
    roster = write_xlsx(tmp_path / "委员名册.xlsx", {"名册": [ROSTER_HEADER, *ROSTER_ROWS]})
    assert import_file(store, roster, user="办公室").status == "imported"
    at = open_page("taught")
    assert [s.options for s in at.selectbox if s.label == "届次"] == [["十四届"]]
    at.number_input(key="term_first_year").set_value(2023)
    at.button(key="term_save").click()
    rerun(at)
    assert "已设置十四届的第一年为 2023 年" in "\n".join(str(s.value) for s in at.success)
    assert taught.knowledge(store).terms == {"十四届": 2023}
    assert not [s for s in at.selectbox if s.label == "届次"]
