"""分类排名 (issue 17 item 4) on the demo city: cohort ranks recomputed here from the score
rows with pandas (rank method 'min' within each cohort), the top N with ties at the Nth
place, another ``[cohorts]``, refused rule files, the workbook sheet, the 分类排名通报,
the command, and the 年中增补 / 年中离任 mark with its date wherever a member is listed."""
from __future__ import annotations

import io
from dataclasses import replace

import openpyxl
import pandas as pd
import pytest
from docx import Document

import cli
from data.store import Store
from metrics import board, cohorts, evaluation, notices, profile, progress
from metrics.rules import DEFAULT_RULES_PATH, RuleError, default_rules, parse_rules
from metrics.scope import Scope, ScopeError, scoped_result
from metrics.whatif import rule_tables, tables_to_toml
from tests.conftest import scored_demo_copy, scored_sample

YEAR = 2025
DEFAULT_TEXT = DEFAULT_RULES_PATH.read_text(encoding="utf-8")
# What each cohort dimension groups by, written out here (not taken from the module).
GROUPING = {"standing": lambda s: s["is_standing"].map({True: "常委", False: "委员"}),
            "committee": lambda s: s["committee"].fillna("未填专委会").replace("", "未填专委会"),
            "sector": lambda s: s["sector"].fillna("未填界别").replace("", "未填界别")}


@pytest.fixture(scope="module")
def demo(demo_db_file, tmp_path_factory):
    store, result = scored_demo_copy(demo_db_file, tmp_path_factory.mktemp("cohorts"), YEAR)
    yield store, result
    store.close()


def expected_ranks(scores: pd.DataFrame, by: str) -> pd.Series:
    """member_id -> rank within the cohort among ranked members (1, 2, 2, 4)."""
    ranked = scores[scores["ranked"]]
    ranks = ranked.groupby(GROUPING[by](ranked))["total"].rank(method="min", ascending=False)
    return pd.Series(ranks.astype(int).to_numpy(), index=ranked["member_id"])


def with_rules(text: str) -> str:
    return DEFAULT_TEXT.split("[cohorts]")[0] + text


def change_day(store: Store, member_id: str) -> str:
    """A member's roster 变动日期 as the office writes it, read from the database."""
    day = store.scalar("SELECT change_date FROM cur_members WHERE member_id = ? "
                       "ORDER BY batch_id DESC, rec_id DESC LIMIT 1", [member_id])
    return f"{day.year}年{day.month}月{day.day}日"


# -- the rule file ---------------------------------------------------------------------------
def test_default_rules_rank_within_standing_committee_and_sector_top_five():
    c = default_rules().cohorts
    assert c.by == ("standing", "committee", "sector") and c.top_n == 5
    assert cohorts.cohort_choices(default_rules()) == {
        "全体": "全体", "standing": "常委与委员分列", "committee": "按专委会", "sector": "按界别"}


def test_another_cohorts_section_in_chinese_names():
    rules = parse_rules(with_rules('[cohorts]\nby = ["界别", "常委与委员"]\ntop_n = 2\n'))
    assert rules.cohorts.by == ("sector", "standing") and rules.cohorts.top_n == 2
    assert list(cohorts.cohort_choices(rules)) == ["全体", "sector", "standing"]
    assert parse_rules(with_rules("[cohorts]\nby = []\n")).cohorts.by == ()
    assert parse_rules(DEFAULT_TEXT.split("# 分类排名")[0]).cohorts == default_rules().cohorts  # no section


@pytest.mark.parametrize("section,key,words", [
    ('by = "committee"', "cohorts.by", "应为列表"),
    ('by = ["party"]', "cohorts.by", "“party”不是可用的排名范围"),
    ('by = ["committee", "专委会"]', "cohorts.by", "重复"),
    ("by = [1]", "cohorts.by", "应为非空文字"),
    ("top_n = 0", "cohorts.top_n", "不小于 1"),
    ('top_n = "五"', "cohorts.top_n", "应为数字"),
    ("top = 5", "cohorts.top", "未知的项"),
])
def test_bad_cohorts_are_refused_in_chinese_naming_the_key(section, key, words):
    with pytest.raises(RuleError) as info:
        parse_rules(with_rules(f"[cohorts]\n{section}\n"))
    assert info.value.key == key and words in str(info.value)
    assert "分类排名" in str(info.value)


def test_rule_tables_keep_the_cohorts_when_saved():
    rules = parse_rules(with_rules('[cohorts]\nby = ["committee"]\ntop_n = 3\n'))
    again = parse_rules(tables_to_toml(rule_tables(rules)))
    assert again.cohorts == rules.cohorts


# -- ranks and top lists ---------------------------------------------------------------------
@pytest.mark.parametrize("by", ["standing", "committee", "sector"])
def test_cohort_ranks_are_the_min_rank_within_each_cohort(demo, by):
    _, result = demo
    s = result.scores
    got = cohorts.cohort_ranks(result, by).set_index("member_id")
    expected = expected_ranks(s, by)
    assert got.loc[expected.index, "cohort_rank"].astype(int).tolist() == expected.tolist()
    assert got["cohort"].tolist() == GROUPING[by](s).tolist()
    left = s.loc[~s["ranked"], "member_id"]
    assert len(left) and got.loc[left, "cohort_rank"].isna().all()   # 年中离任: listed, not ranked
    sizes = s[s["ranked"]].groupby(GROUPING[by](s[s["ranked"]])).size()
    assert (got.loc[expected.index, "cohort_ranked"].to_numpy()
            == GROUPING[by](s[s["ranked"]]).map(sizes).to_numpy()).all()


@pytest.mark.parametrize("by", ["standing", "committee", "sector"])
def test_top_list_holds_each_cohorts_members_up_to_rank_n(demo, by):
    _, result = demo
    s = result.scores
    n = 5
    expected = expected_ranks(s, by)
    top = cohorts.top_list(result, by, n)
    assert set(top["member_id"]) == set(expected[expected <= n].index)
    assert top.groupby("cohort", sort=False)["cohort_rank"].apply(lambda r: r.is_monotonic_increasing).all()
    assert top["cohort"].ne(top["cohort"].shift()).sum() == top["cohort"].nunique()  # one block each
    if by == "standing":
        assert top["cohort"].unique().tolist() == ["常委", "委员"]


def test_ties_at_the_nth_place_are_all_listed(demo):
    _, result = demo
    s = result.scores
    expected = expected_ranks(s, "committee")
    cohort = GROUPING["committee"](s).set_axis(s["member_id"]).loc[expected.index]
    # a cohort and an n where two or more members share the nth place, found in the data
    ties = [(c, n) for c in cohort.unique() for n in range(1, 8)
            if (expected[cohort == c] == n).sum() > 1]
    assert ties, "the demo city has a tie within a 专委会"
    c, n = ties[0]
    top = cohorts.top_list(result, "committee", n)
    rows = top[top["cohort"] == c]
    assert len(rows) > n
    assert set(rows["member_id"]) == set(expected[(cohort == c) & (expected <= n)].index)


def test_members_without_a_committee_are_ranked_in_their_own_cohort_last(demo):
    _, result = demo
    s = result.scores.copy()
    blank = s.index[s["ranked"]][::40]
    s.loc[blank, "committee"] = None
    s.loc[blank[:2], "committee"] = ""
    blanked = replace(result, scores=s)
    ranks = cohorts.cohort_ranks(blanked, "committee").set_index("member_id")
    ids = s.loc[blank, "member_id"]
    assert (ranks.loc[ids, "cohort"] == "未填专委会").all()
    totals = s.loc[blank].set_index("member_id")["total"]
    assert ranks.loc[ids, "cohort_rank"].astype(int).tolist() == \
        totals.rank(method="min", ascending=False).astype(int).loc[ids].tolist()
    top = cohorts.top_list(blanked, "committee", 3)
    assert top["cohort"].iloc[-1] == "未填专委会"


def test_a_leader_gets_cohort_ranks_of_own_members_only_and_no_top_list(demo):
    _, result = demo
    group = result.scores["liaison_group"].dropna().iloc[0]
    scope = Scope("leader", (("liaison_group", group),))
    ranks = cohorts.visible_cohort_ranks(result, "committee", scope)
    own = set(result.scores.loc[result.scores["liaison_group"] == group, "member_id"])
    assert set(ranks["member_id"]) == own
    whole = cohorts.cohort_ranks(result, "committee").set_index("member_id")
    assert ranks.set_index("member_id")["cohort_rank"].equals(whole.loc[ranks["member_id"], "cohort_rank"])
    with pytest.raises(ScopeError):
        cohorts.top_list(scoped_result(result, scope), "committee", 5)


# -- the workbook, the 通报, the command ------------------------------------------------------------
def blocks(ws) -> dict[str, list[tuple]]:
    """The 分类排名 sheet's tables: caption -> rows under the header."""
    out, caption = {}, None
    for row in ws.iter_rows(min_row=3, values_only=True):
        first = row[0]
        if first and "各组前" in str(first) and all(v in (None, "") for v in row[1:]):
            caption = first
            out[caption] = []
        elif caption and row[1] != "组内名次" and any(v not in (None, "") for v in row):
            out[caption].append(row)
    return out


def test_workbook_sheet_lists_the_top_n_of_each_cohort(demo):
    store, result = demo
    book = openpyxl.load_workbook(io.BytesIO(evaluation.evaluation_workbook(store, result)))
    ws = book["分类排名"]
    headers = [c.value for c in ws[4]]
    assert headers == ["分组", "组内名次", "姓名", "界别", "专委会", "常委", "总分", "全体排名", "等次", "备注"]
    found = blocks(ws)
    assert list(found) == [f"{c}：各组前 5 名（并列第 5 名的都列入）" for c in ("常委与委员分列", "按专委会", "按界别")]
    names = dict(zip(result.scores["member_id"], result.scores["name"]))
    for caption, by in zip(found, ("standing", "committee", "sector")):
        expected = expected_ranks(result.scores, by)
        want = sorted(names[m] for m in expected[expected <= 5].index)
        assert sorted(r[2] for r in found[caption]) == want, caption
        assert all(r[1] <= 5 for r in found[caption])


def test_cohort_bulletin_lists_each_cohorts_top_n(demo):
    store, result = demo
    doc = Document(io.BytesIO(notices.document_bytes("分类排名", store, result)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "各组前 5 名" in text and "{{" not in text and "{%" not in text
    assert len(doc.tables) == 3
    for table, by in zip(doc.tables, ("standing", "committee", "sector")):
        expected = expected_ranks(result.scores, by)
        rows = [[c.text for c in row.cells] for row in table.rows[1:]]
        names = dict(zip(result.scores["member_id"], result.scores["name"]))
        assert sorted(r[2] for r in rows) == sorted(names[m] for m in expected[expected <= 5].index)
        assert [c.text for c in table.rows[0].cells] == ["分组", "名次", "姓名", "界别", "总分", "备注"]


def test_cli_cohorts_prints_and_writes_the_top_n(demo, tmp_path, capsys):
    store, result = demo
    out = tmp_path / "分类排名.xlsx"
    assert cli.main(["--db", str(store.path), "cohorts", "--year", str(YEAR), "--by", "专委会",
                     "--top", "2", "--out", str(out)]) == cli.DONE
    printed = capsys.readouterr().out
    expected = expected_ranks(result.scores, "committee")
    names = dict(zip(result.scores["member_id"], result.scores["name"]))
    assert all(names[m] in printed for m in expected[expected <= 2].index)
    ws = openpyxl.load_workbook(out).worksheets[0]
    cells = [c for row in ws.iter_rows(values_only=True) for c in row]
    assert sorted(names[m] for m in expected[expected <= 2].index) == sorted(
        c for c in cells if c in set(names.values()))
    assert cli.main(["--db", str(store.path), "cohorts", "--year", str(YEAR), "--by", "党派"]) == cli.REJECTED
    assert "不是可用的排名范围" in capsys.readouterr().err
    assert cli.main(["--db", str(store.path), "cohorts", "--year", str(YEAR), "--top", "0"]) == cli.REJECTED


# -- 年中增补 / 年中离任 wherever a member is listed ---------------------------------------------------
@pytest.fixture(scope="module")
def midyear(demo):
    """(joined member, its mark, left member, its mark), the marks from the roster's dates."""
    store, result = demo
    s = result.scores
    warned = s[s["joined_midyear"] & s["warnings"].str.len().gt(0)]
    joined = (warned if len(warned) else s[s["joined_midyear"]])["member_id"].iloc[0]
    left = s.loc[s["left_midyear"], "member_id"].iloc[0]
    return (joined, f"年中增补（{change_day(store, joined)}）", left, f"年中离任（{change_day(store, left)}）")


def test_marks_in_the_ranking_and_the_top_lists(demo, midyear):
    store, result = demo
    joined, jmark, left, lmark = midyear
    notes = board.ranking_table(result).set_index("member_id")["note"]
    assert notes[joined] == jmark and notes[left].startswith(lmark)
    assert (notes.drop([joined, left]).isin(["", *notes[result.scores.loc[
        result.scores["joined_midyear"] | result.scores["left_midyear"], "member_id"]]])).all()
    top = cohorts.top_list(result, "committee", 500).set_index("member_id")
    assert top.loc[joined, "note"] == jmark and left not in top.index


def test_marks_in_the_warning_list_and_group_lists(demo, midyear):
    store, result = demo
    joined, jmark, left, lmark = midyear
    rows = board.warning_rows(result)
    assert (rows["member_id"] == joined).any(), "the demo city warns a member who joined mid-year"
    assert set(rows.loc[rows["member_id"] == joined, "note"]) == {jmark}
    assert jmark in board.warning_view(rows)["备注"].tolist()
    for member, mark in ((joined, jmark), (left, lmark)):
        group = result.member(member)["liaison_group"]
        table = profile.group_scores(result, "liaison_group", group).set_index("委员编号")
        assert table.loc[member, "备注"] == mark


def test_marks_in_progress_profile_card_and_archive(demo, midyear):
    store, result = demo
    joined, jmark, left, lmark = midyear
    members = progress.progress(store, YEAR, pd.Timestamp(f"{YEAR}-12-31").date()).members.set_index("member_id")
    assert members.loc[joined, "note"] == jmark and members.loc[left, "note"] == lmark
    assert "备注" in progress.progress_view(members.reset_index()).columns
    for member, mark in ((joined, jmark), (left, lmark)):
        assert any(n.startswith(mark) for n in profile.member_notes(result, member))
        assert mark in dict(profile.member_facts(result, member))["状态"]
    book = openpyxl.load_workbook(io.BytesIO(evaluation.archive_workbook(store, result, [joined, left])))
    for ws, mark in zip(book.worksheets, (jmark, lmark)):
        assert any(mark in str(c.value) for row in ws.iter_rows() for c in row if c.value)


def test_marks_in_the_workbook(demo, midyear):
    store, result = demo
    joined, jmark, left, lmark = midyear
    book = openpyxl.load_workbook(io.BytesIO(evaluation.evaluation_workbook(store, result)))
    names = dict(zip(result.scores["member_id"], result.scores["name"]))
    for sheet in ("考核结果", "考核明细"):
        rows = list(book[sheet].iter_rows(values_only=True))
        header = next(r for r in rows if "姓名" in r)
        name_at = header.index("姓名")
        for member, mark in ((joined, jmark), (left, lmark)):
            row = next(r for r in rows if r[name_at] == names[member])
            assert row[-1] == mark, sheet
    warned = list(book["预警名单"].iter_rows(values_only=True))
    assert any(names[joined] in r and jmark in r for r in warned)


# -- the sample city ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    store, result = scored_sample(tmp_path_factory.mktemp("cohorts-sample"), YEAR)
    yield store, result
    store.close()


@pytest.mark.parametrize("by", ["standing", "committee", "sector"])
def test_sample_city_cohort_ranks_and_top_lists(sample, by):
    _, result = sample
    expected = expected_ranks(result.scores, by)
    got = cohorts.cohort_ranks(result, by).set_index("member_id")
    assert got.loc[expected.index, "cohort_rank"].astype(int).tolist() == expected.tolist()
    top = cohorts.top_list(result, by, 3)
    assert set(top["member_id"]) == set(expected[expected <= 3].index)
