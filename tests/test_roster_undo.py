"""Undoing a roster batch returns the names matched against the members it brought to
待匹配 (issue 13, item 2), on real workbooks and a real DuckDB; and the identities the
undo rewrites are where the parsers put the person."""
from __future__ import annotations

from data import aliases
from data.importer import _legacy_hash, analyse_file, import_file, undo_batch
from reading.parsers import PERSON_KEY_AT
from metrics.scoring import score_year
from tests.conftest import ROSTER_HEADER, write_xlsx

SUPPLEMENT = [[7, "A07", "孙立", "男", "民建", "民建", "委员", "经济委员会", "第一组", "城关区联络组", "十四届"]]
ATT = ["活动名称", "日期", "姓名", "出勤"]


def supplement(tmp_path):
    return write_xlsx(tmp_path / "委员名册-增补.xlsx",
                      {"增补": [["政协××市第十四届委员会委员增补名单"], ROSTER_HEADER, *SUPPLEMENT]})


def pending(store) -> dict[str, int]:
    df = aliases.pending_names(store)
    return dict(zip(df["name"], df["rows"]))


def test_undoing_a_roster_supplement_returns_its_names_to_pending(with_roster, tmp_path):
    added = import_file(with_roster, supplement(tmp_path))
    visit = write_xlsx(tmp_path / "2025年视察出勤.xlsx", {"出勤": [ATT, ["视察", "2025-05-01", "孙立", "出席"],
                                                                   ["视察", "2025-05-01", "王刚", "出席"]]})
    assert import_file(with_roster, visit).status == "imported"
    assert "孙立" not in pending(with_roster)
    assert "A07" in set(score_year(with_roster, 2025).scores["member_id"])

    undo_batch(with_roster, added.batch_id)

    assert pending(with_roster) == {"孙立": 1}
    assert with_roster.rows("SELECT name, member_id FROM cur_attendance ORDER BY name") == \
        [("孙立", None), ("王刚", "A01")]
    assert "A07" not in set(score_year(with_roster, 2025).scores["member_id"])
    again = import_file(with_roster, visit)  # the same file sent again: nothing new, no second 孙立
    assert again.status == "unchanged"
    assert with_roster.scalar("SELECT count(*) FROM cur_attendance") == 2
    import_file(with_roster, supplement(tmp_path))  # the supplement back: 孙立 is matched again
    assert pending(with_roster) == {}


def test_a_proposal_cosigner_matched_against_an_undone_roster_is_pending_again(with_roster, tmp_path):
    added = import_file(with_roster, supplement(tmp_path))
    proposals = write_xlsx(tmp_path / "2025年提案目录.xlsx", {"提案": [["案由", "提案人", "联名人"],
                                                                  ["关于一件事", "王刚", "孙立"]]})
    import_file(with_roster, proposals)
    undo_batch(with_roster, added.batch_id)
    assert pending(with_roster) == {"孙立": 1}
    assert import_file(with_roster, proposals).status == "unchanged"


def test_person_key_stands_where_the_table_says(with_roster, tmp_path):
    """Each one-person kind's identity holds the matched member at PERSON_KEY_AT."""
    files = {
        "attendance": {"出勤": [ATT, ["视察", "2025-05-01", "王刚", "出席"]]},
        "speeches": {"发言": [["姓名", "发言日期", "会议名称", "发言题目", "发言形式"],
                            ["王刚", "2025-03-05", "全会", "关于一件事", "口头"]]},
        "reports": {"述职": [["姓名", "年度", "提交日期"], ["王刚", 2025, "2025-12-01"]]},
        "other": {"其他": [["姓名", "类别", "日期", "内容"], ["王刚", "公益", "2025-04-01", "义诊"]]},
        "adjustments": {"加减分": [["姓名", "分值", "事由", "日期"], ["王刚", 5, "获得表彰", "2025-06-01"]]},
    }
    tables = {"attendance": "attendance", "speeches": "speeches", "reports": "reports", "other": "other_duties",
              "adjustments": "adjustments"}
    assert set(tables.values()) == set(PERSON_KEY_AT)
    for kind, sheets in files.items():
        path = write_xlsx(tmp_path / f"2025年{kind}.xlsx", sheets)
        analysis = analyse_file(with_roster, path, kind=kind)
        assert not analysis.outcome.errors, [e.message() for e in analysis.outcome.errors]
        assert len(analysis.records) == 1, (kind, analysis.outcome.summary())
        (record,) = analysis.records
        assert record.table == tables[kind]
        assert record.identity.split("|")[PERSON_KEY_AT[record.table]] == "A01", record.identity


def test_a_file_whose_versions_carry_the_old_hash_is_unchanged_when_sent_again(with_roster, tmp_path):
    """Databases written before the matched member left the content hash: the same file
    sent again changes nothing there either."""
    path = write_xlsx(tmp_path / "2025年视察出勤.xlsx", {"出勤": [ATT, ["视察", "2025-05-01", "王刚", "出席"],
                                                                  ["视察", "2025-05-01", "李春", "请假"]]})
    import_file(with_roster, path)
    old = {r.identity: _legacy_hash(r) for r in analyse_file(with_roster, path).records}
    with with_roster.write() as cur:
        for identity, h in old.items():
            cur.execute("UPDATE attendance SET content_hash = ? WHERE identity = ?", [h, identity])
    renamed = tmp_path / "2025年视察出勤（再次报送）.xlsx"
    renamed.write_bytes(path.read_bytes())
    outcome = import_file(with_roster, renamed)
    assert (outcome.new, outcome.changed, outcome.unchanged) == (0, 0, 2)
