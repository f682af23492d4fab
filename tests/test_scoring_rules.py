"""Rule files: the shipped default equals docs/计分规则.md, bad files are refused with a
Chinese message naming the key, rule sets are kept per year in DuckDB."""
from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from data.store import Store
from metrics.rules import (DEFAULT_RULES_PATH, RuleError, default_rules, load_rules, parse_rules,
                           rule_set_history, rules_for_year, save_rule_set, saved_rules)

RULES_DOC = Path(__file__).resolve().parents[1] / "docs" / "计分规则.md"
DEFAULT_TEXT = DEFAULT_RULES_PATH.read_text(encoding="utf-8")


def variant(**replacements: str) -> str:
    """The default file with whole lines replaced: {'old line start': 'new line'}."""
    text = DEFAULT_TEXT
    for old, new in replacements.items():
        text, n = re.subn(rf"(?m)^{re.escape(old)}.*$", new, text)
        assert n == 1, old
    return text


def test_default_file_means_what_the_docs_say():
    block = re.search(r"```toml\n(.*?)```", RULES_DOC.read_text(encoding="utf-8"), re.S).group(1)
    assert parse_rules(block) == default_rules()
    assert block == DEFAULT_TEXT


def rule_keys(table: dict) -> set[str]:
    """Every section and item name of a parsed rule file, nested ones included."""
    keys = set()
    for key, value in table.items():
        keys.add(key)
        if isinstance(value, dict):
            keys |= rule_keys(value)
    return keys


def names_in_code_spans(markdown: str) -> set[str]:
    """Every name the text quotes as code: `[sqmy.adopt]` gives sqmy, adopt and
    sqmy.adopt; `"全国"` gives 全国."""
    names = set()
    for span in re.findall(r"`([^`\n]+)`", markdown):
        path = span.strip("[]\"")
        names |= {path, *path.split(".")}
    return names


def test_docs_explain_every_key_of_the_default_rules():
    """The office's page names every section and item of the default file outside the
    copied file itself, so the explanation cannot fall behind the file."""
    prose = RULES_DOC.read_text(encoding="utf-8").split("```toml")[0]
    assert rule_keys(tomllib.loads(DEFAULT_TEXT)) <= names_in_code_spans(prose)


def test_default_rules_values():
    r = default_rules()
    assert r.events["plenary"].points == {"attend": 30, "leave": 15, "absent": -10}
    assert r.events["plenary"].share and r.events["plenary"].group == "plenary"
    assert r.points("sqmy.coauthor_share") == Decimal("0.5")
    assert r.points("sqmy.adopt.全国单篇") == 20 and r.points("other.commendation.省") == 8
    assert r.points("events.study.absent") == 0  # missing keys are 0
    assert r.caps[0] == ("plenary", 30) and r.caps[-1] == ("commendation", 10)
    assert r.tier_names == ("优秀", "良好", "称职", "不称职")
    assert r.plenary_absent_max == "称职" and r.require_proposal_or_sqmy
    assert r.excellent_quota == 0 and r.warnings["standing_absent_dismiss"] == 3
    assert r.group_columns == tuple(g for g, _ in r.caps)
    assert r.score_columns[-3:] == ("bonus", "deduction", "adjustment")


def refused(text: str) -> RuleError:
    with pytest.raises(RuleError) as info:
        parse_rules(text)
    return info.value


def test_toml_syntax_error_is_refused_in_chinese():
    err = refused(DEFAULT_TEXT + "\n[caps\n")
    line = len((DEFAULT_TEXT + "\n[caps").splitlines())
    assert "规则文件的写法有误" in str(err) and f"第 {line} 行" in str(err) and "TOML" not in str(err)


@pytest.mark.parametrize("text, key", [
    (DEFAULT_TEXT + "\n[bonus]\nx = 1\n", "bonus"),
    (variant(**{"late_early": "late_early = -1\nlate = -2"}), "attendance.late"),
    (variant(**{"oral": "orla = 6"}), "speeches.orla"),
    (DEFAULT_TEXT.replace("[events.study]", "[events.studdy]"), "events.studdy"),
    (variant(**{'"全国单篇"': '"全国" = 20'}), "sqmy.adopt.全国"),
    (variant(**{"lowest": 'lowest = "不称职"\nlowets = "x"'}), "tiers.lowets"),
])
def test_unknown_key_is_refused_naming_it(text, key):
    err = refused(text)
    assert err.key == key and key in str(err) and "未知的项" in str(err)


def test_cap_group_used_by_an_event_must_be_in_caps():
    err = refused(variant(**{"field = 20": ""}))
    assert err.key == "caps.field"
    assert "events.inspect_research.group" in str(err) and "[caps]" in str(err)


@pytest.mark.parametrize("line, new, key", [
    ("submit = 5", 'submit = "5"', "sqmy.submit"),
    ("lead_filed", "lead_filed = true", "proposals.lead_filed"),
    ("standing = 12", 'standing = "十二"', "caps.standing"),
    ("thresholds", 'thresholds = [["优秀", "九十"], ["良好", 75]]', "tiers.thresholds[1]"),
    ("excellent_quota", 'excellent_quota = "0"', "tiers.excellent_quota"),
    ("silent_years_talk", "silent_years_talk = 1.5", "warnings.silent_years_talk"),
])
def test_non_numbers_are_refused_naming_the_key(line, new, key):
    err = refused(variant(**{line: new}))
    assert err.key == key and key in str(err)


def test_unknown_tier_in_plenary_absent_max_is_refused():
    err = refused(variant(**{"plenary_absent_max": 'plenary_absent_max = "合格"'}))
    assert err.key == "tiers.plenary_absent_max" and "合格" in str(err)


@pytest.mark.parametrize("new", ['lowest = "优秀"', "lowest = 3", 'lowest = ""'])
def test_bad_lowest_tier_is_refused(new):
    err = refused(variant(lowest=new))
    assert err.key in ("tiers.lowest", "tiers.thresholds")


def test_missing_lowest_is_refused():
    assert refused(variant(lowest="")).key == "tiers.lowest"


def test_thresholds_must_descend():
    err = refused(variant(thresholds='thresholds = [["良好", 75], ["优秀", 90]]'))
    assert err.key == "tiers.thresholds"


def test_a_file_with_other_numbers_parses_to_other_rules():
    other = parse_rules(variant(**{"attend = 30": "attend = 20"}))
    assert other.events["plenary"].points["attend"] == 20 and other != default_rules()


def test_load_rules_from_file(tmp_path):
    path = tmp_path / "r.toml"
    path.write_text(DEFAULT_TEXT, encoding="utf-8")
    assert load_rules(path) == default_rules()
    with pytest.raises(RuleError):
        load_rules(tmp_path / "missing.toml")


def test_rule_sets_per_year_keep_who_and_when(tmp_path):
    store = Store(tmp_path / "r.duckdb")
    assert saved_rules(store, 2025) is None and rules_for_year(store, 2025) == default_rules()
    save_rule_set(store, 2025, DEFAULT_TEXT, "办公室张三")
    other = variant(**{"attend = 30": "attend = 20"})
    save_rule_set(store, 2025, other, "办公室李四", name="2025试行")
    assert rules_for_year(store, 2025) == parse_rules(other)
    assert rules_for_year(store, 2024) == default_rules()
    history = rule_set_history(store, 2025)
    assert list(history["saved_by"]) == ["办公室李四", "办公室张三"]
    assert history["name"].iloc[0] == "2025试行" and history["saved_at"].notna().all()
    with pytest.raises(RuleError):
        save_rule_set(store, 2025, "foo = 1", "x")
    assert len(rule_set_history(store)) == 2
