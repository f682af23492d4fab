"""数据完整性 against the rule file's ``[expected]`` events per year (issue 15): the panel
on 总览 says how many meetings of a kind are missing or more than expected, with their
names, and 计分规则 shows and edits the expected counts. The counts are read from the demo
city's attendance records directly, not from metrics/board.py."""
from __future__ import annotations

import re
import shutil

import pytest

from data.store import Store
from metrics import board
from metrics.labels import CATEGORY_LABELS
from metrics.rules import RuleError, default_rules, parse_rules, rules_for_year, save_rule_set
from metrics.scoring import score_year
from tests.apptest_util import open_page, rerun

YEAR = 2025
DEFAULT_TEXT = default_rules().toml


def with_expected(text: str = DEFAULT_TEXT, **counts: int) -> str:
    """A rule file whose ``[expected]`` holds exactly ``counts``."""
    text = re.sub(r"(?ms)^\[expected\].*?(?=^\[|\Z)", "", text)
    return text + "\n[expected]\n" + "".join(f"{c} = {n}\n" for c, n in counts.items())


def imported_events(store: Store, category: str) -> list[str]:
    """The names of the year's current events of ``category``, from the attendance rows."""
    rows = store.rows(f"""SELECT DISTINCT event_key, event_name FROM attendance
                          WHERE year = {YEAR} AND category = ? AND superseded_by IS NULL""", [category])
    return [name for _, name in rows]


def panel_row(store: Store, rules_text: str, category: str) -> dict:
    table = board.data_completeness(store, score_year(store, YEAR, parse_rules(rules_text)))
    return table.set_index("项目").loc[f"会议/活动：{CATEGORY_LABELS[category]}"].to_dict()


@pytest.fixture(scope="module")
def store(tmp_path_factory, demo_db_file):
    path = tmp_path_factory.mktemp("completeness") / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    s = Store(path)
    yield s
    s.close()


# -- the panel's rows -----------------------------------------------------------------------------
def test_one_standing_meeting_fewer_than_expected_is_missing(store):
    names = imported_events(store, "standing")
    n = len(names)
    assert n > 1
    row = panel_row(store, with_expected(standing=n + 1), "standing")
    assert row["状态"] == "缺少 1 场"
    assert row["已导入"] == f"{n} 场 / 应有 {n + 1} 场"
    assert all(name in row["说明"] for name in names)


def test_more_meetings_than_expected_are_shown_but_not_missing(store):
    n = len(imported_events(store, "standing"))
    row = panel_row(store, with_expected(standing=n - 1), "standing")
    assert row["状态"] == "已导入，多 1 场" and row["已导入"] == f"{n} 场 / 应有 {n - 1} 场"
    exact = panel_row(store, with_expected(standing=n), "standing")
    assert exact["状态"] == "已导入"


def test_a_category_without_an_expected_count_says_so(store):
    text = with_expected(standing=3)
    n = len(imported_events(store, "consult_thematic"))
    row = panel_row(store, text, "consult_thematic")
    assert row["已导入"] == f"{n} 场" and "应有" not in row["已导入"]
    assert board.EXPECTED_UNSET in row["说明"]
    assert board.EXPECTED_UNSET not in panel_row(store, text, "standing")["说明"]


def test_an_expected_category_the_rules_do_not_score_is_listed(store):
    unscored = re.sub(r"(?ms)^\[events\.other_meeting\].*?(?=^\[)", "", DEFAULT_TEXT)
    assert "other_meeting" not in parse_rules(unscored).events
    n = len(imported_events(store, "other_meeting"))
    row = panel_row(store, with_expected(unscored, other_meeting=n + 2), "other_meeting")
    assert row["状态"] == "缺少 2 场"


def test_missing_rows_count_the_missing_meetings_and_files(store):
    n = len(imported_events(store, "standing"))
    p = len(imported_events(store, "plenary"))
    table = board.data_completeness(store, score_year(store, YEAR, parse_rules(
        with_expected(standing=n + 2, plenary=p))))
    assert list(board.missing_rows(table)["项目"]) == ["会议/活动：常委会议"]


# -- the rule file ----------------------------------------------------------------------------------
def test_the_default_rule_file_expects_one_plenary_session():
    assert default_rules().expected["plenary"] == 1
    assert set(default_rules().expected) <= set(default_rules().events)


def test_expected_counts_do_not_change_the_scores():
    other = parse_rules(with_expected(standing=1, study=9))
    assert other == default_rules() and dict(other.expected) == {"standing": 1, "study": 9}


@pytest.mark.parametrize("lines, key, words", [
    ("meeting = 3", "expected.meeting", "应有场次（expected）中有未知的项"),
    ("standing = 2.5", "expected.standing", "常委会议应有场次（expected.standing）应为不小于 0 的整数"),
    ("standing = -1", "expected.standing", "常委会议应有场次（expected.standing）应为不小于 0 的整数"),
    ('plenary = "一"', "expected.plenary", "全体会议应有场次（expected.plenary）应为数字"),
])
def test_bad_expected_counts_are_refused_in_chinese(lines, key, words):
    text = re.sub(r"(?ms)^\[expected\].*", "", DEFAULT_TEXT) + f"\n[expected]\n{lines}\n"
    with pytest.raises(RuleError) as refused:
        parse_rules(text)
    assert refused.value.key == key and str(refused.value).startswith(words)


# -- the pages ---------------------------------------------------------------------------------------
def test_overview_panel_says_one_standing_meeting_is_missing(demo_app_db):
    store = Store.open(demo_app_db)
    names = imported_events(store, "standing")
    save_rule_set(store, YEAR, with_expected(standing=len(names) + 1,
                                             plenary=len(imported_events(store, "plenary"))), "tester")
    at = open_page("overview")
    panel = next(e for e in at.expander if e.label.startswith("数据完整性"))
    assert panel.label == "数据完整性：缺少 1 项"
    row = panel.dataframe[0].value.set_index("项目").loc["会议/活动：常委会议"]
    assert row["状态"] == "缺少 1 场" and row["已导入"] == f"{len(names)} 场 / 应有 {len(names) + 1} 场"


def test_rules_page_shows_the_expected_counts_in_chinese(demo_app_db):
    at = open_page("rules")
    expected = default_rules().expected
    caption = next(c.value for c in at.caption if "应有的会议/活动场次" in c.value)
    assert all(f"{CATEGORY_LABELS[c]} {n} 场" in caption for c, n in expected.items())
    table = next(d.value for d in at.data_editor if d.key and d.key.startswith("rules_expected_"))
    shown = dict(zip(table["活动类别"], table["应有场次"]))
    assert all(shown[CATEGORY_LABELS[c]] == n for c, n in expected.items())
    assert table["应有场次"].isna().sum() == len(table) - len(expected)


def test_an_expected_count_edited_as_a_table_is_saved(demo_app_db):
    store = Store.open(demo_app_db)
    at = open_page("rules")
    editor = next(d for d in at.data_editor if d.key and d.key.startswith("rules_expected_"))
    row = list(editor.value["代码"]).index("training")
    at.session_state[editor.key] = {"edited_rows": {row: {"应有场次": 2}}, "added_rows": [], "deleted_rows": []}
    next(b for b in at.button if "检查并试算" in b.label).click()
    rerun(at)
    assert not at.error, [e.value for e in at.error]
    at.button(key="save_rules").click()  # scores are the same, yet the file changed: it saves
    rerun(at)
    assert rules_for_year(store, YEAR).expected["training"] == 2
    assert dict(rules_for_year(store, YEAR).expected) == {**default_rules().expected, "training": 2}


def test_the_readme_states_the_default_expected_counts():
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = next(p for p in readme.split("\n\n") if "`[expected]`" in p)
    stated = {c: int(n) for c, n in re.findall(r"`(\w+) = (\d+)`", paragraph)}
    assert stated == dict(default_rules().expected)
