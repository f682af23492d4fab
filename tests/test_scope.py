"""Role scopes at the data/metrics layer (issue #6), on a copy of the demo city: a leader
gets only their groups' members in full — anywhere in any returned table — with ranks
of the whole body; a member only themself; admin and chair everything, unchanged."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data.store import Store
from metrics.groups import group_metrics, member_percentiles, participation_matrix
from metrics.scope import (HIDDEN_PREFIX, Scope, ScopedResult, ScopeError, body_standing, ranked_in_body,
                           check_member, is_hidden_id, scoped_explain, scoped_group_metrics,
                           scoped_member_percentiles, scoped_participation_matrix,
                           scoped_ranking_table, scoped_result, visible_member_ids)
from metrics.scoring import Explanation, explain, score_year

YEAR = 2025
DIMENSIONS = ("activity_group", "liaison_group", "sector")


@pytest.fixture(scope="module")
def store(demo_db_file, tmp_path_factory):
    path = tmp_path_factory.mktemp("scope") / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    s = Store(path)
    yield s
    s.close()


@pytest.fixture(scope="module")
def full(store):
    return score_year(store, YEAR)


@pytest.fixture(scope="module")
def previous(store):
    return score_year(store, YEAR - 1)


def groups_of(full, dimension: str) -> list[str]:
    return sorted(full.scores[dimension].dropna().unique().tolist())


def members_of(full, pairs) -> set[str]:
    s = full.scores
    keep = pd.Series(False, index=s.index)
    for dimension, group in pairs:
        keep |= s[dimension].eq(group).fillna(False).astype(bool)
    return set(s.loc[keep, "member_id"])


@pytest.fixture(scope="module")
def liaison(full):
    return ("liaison_group", groups_of(full, "liaison_group")[0])


@pytest.fixture(scope="module")
def leader(liaison):
    return Scope.from_user("组长", [f"委员联络组:{liaison[1]}"])


# -- leak scanning -----------------------------------------------------------------------------
def strings_in(obj) -> list[str]:
    """Every string anywhere in a frame (cells, index, headers), series, matrix,
    explanation (with its text), list or tuple."""
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, pd.DataFrame):
        out = strings_in(list(obj.columns)) + strings_in(list(obj.index))
        for col in obj.columns:
            out += strings_in(obj[col].tolist())
        return out
    if isinstance(obj, pd.Series):
        return strings_in(list(obj.index)) + strings_in(obj.tolist())
    if isinstance(obj, Explanation):
        return strings_in(obj.score) + strings_in(obj.lines) + [obj.text()]
    if hasattr(obj, "marks") and hasattr(obj, "events"):
        return strings_in(obj.marks) + strings_in(obj.events) + [obj.group]
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [s for item in obj for s in strings_in(item)]
    return []


def assert_no_leak(full, visible: frozenset[str], *objs) -> int:
    """No id or name of a member outside ``visible`` anywhere in ``objs`` (a name shared
    with, or inside, a visible member's name is allowed). Returns the strings scanned."""
    s = full.scores
    seen = s[s["member_id"].isin(visible)]
    hidden = s[~s["member_id"].isin(visible)]
    shown_names = set(seen["name"])
    hidden_names = {n for n in hidden["name"] if not any(n in v for v in shown_names)}
    hidden_ids = set(hidden["member_id"]) | set(hidden["code"].dropna())
    texts = strings_in(list(objs))
    for text in texts:
        assert not any(i in text for i in hidden_ids), text
        assert not any(n in text for n in hidden_names), text
    return len(texts)


# -- leader of one 委员联络组 ---------------------------------------------------------------------
def test_leader_sees_only_the_group_in_every_scoped_function(store, full, leader, liaison):
    visible = visible_member_ids(full, leader)
    assert visible == members_of(full, [liaison]) and 0 < len(visible) < len(full.scores)
    scoped = scoped_result(full, leader)
    member = sorted(visible)[0]
    gm = scoped_group_metrics(store, YEAR, "liaison_group", leader, full)
    matrix = scoped_participation_matrix(store, YEAR, *liaison, leader, full)
    how = scoped_explain(store, YEAR, member, leader, full)
    scanned = assert_no_leak(full, visible, scoped.scores, scoped.facts, scoped.provenance,
                             scoped.provenance_of(None), scoped.provenance_of(full.scores["member_id"]),
                             gm, matrix, how, scoped_member_percentiles(scoped),
                             scoped_ranking_table(scoped), scoped.standings)
    assert scanned > 10_000
    # what is there is right: the group's row, matrix and explanation as for the whole body
    pd.testing.assert_frame_equal(gm, group_metrics(store, YEAR, "liaison_group", result=full)
                                  .query("group == @liaison[1]").reset_index(drop=True))
    whole = participation_matrix(store, YEAR, *liaison, result=full)
    pd.testing.assert_frame_equal(matrix.marks, whole.marks)
    assert set(matrix.marks.index) == visible
    pd.testing.assert_frame_equal(how.lines, explain(store, YEAR, member, result=full).lines)
    assert how.text() == explain(store, YEAR, member, result=full).text()


def test_leader_keeps_whole_body_ranks_and_anonymises_the_rest(full, leader, liaison):
    scoped = scoped_result(full, leader)
    s, f = scoped.scores, full.scores
    assert isinstance(scoped, ScopedResult) and len(s) == len(f)
    for col in ("rank", "total", "tier", "ranked", "left_midyear"):
        pd.testing.assert_series_equal(s[col], f[col])
    shown = s["member_id"].isin(scoped.visible)
    pd.testing.assert_frame_equal(s[shown], f[shown])   # visible rows untouched, same places
    hidden = s[~shown]
    assert hidden["member_id"].str.startswith(HIDDEN_PREFIX).all()
    assert hidden["member_id"].is_unique and (hidden["name"] == hidden["member_id"]).all()
    assert is_hidden_id(s["member_id"]).equals(pd.Series(~shown.to_numpy(), index=s.index))
    for col in ("sector", "party", "activity_group", "liaison_group", "committee", "code",
                "title", "status", "sector_rank", *full.score_columns):
        assert hidden[col].isna().all(), col
    assert not hidden["is_standing"].any() and (hidden["warnings"].str.len() == 0).all()
    assert s.dtypes.equals(f.dtypes)
    # ranks of the group's members are their whole-body ranks
    ranks = f.set_index("member_id")["rank"]
    assert (s[shown].set_index("member_id")["rank"] == ranks.reindex(s[shown]["member_id"])).all()
    # facts and provenance of the group only, the same as the whole body's
    assert set(scoped.facts["member_id"]) == scoped.visible
    prov = scoped.provenance
    assert set(prov["member_id"]) <= scoped.visible
    pd.testing.assert_frame_equal(prov, full.provenance_of(sorted(scoped.visible)))
    assert scoped.provenance_of([f["member_id"][~shown].iloc[0]]).empty
    # whole-body standings of visible members
    member = s.loc[shown & s["ranked"], "member_id"].iloc[0]
    standing = body_standing(scoped, member)
    assert standing["rank"] == ranks[member] and standing["ranked_in_body"] == int(f["ranked"].sum())
    assert standing.equals(body_standing(full, member))


def test_leader_group_metrics_only_own_groups(store, full, leader, liaison):
    assert scoped_group_metrics(store, YEAR, "liaison_group", leader, full)["group"].tolist() == [liaison[1]]
    for dimension in ("sector", "activity_group", "committee"):
        assert scoped_group_metrics(store, YEAR, dimension, leader, full).empty


def test_leader_refused_other_groups_and_members(store, full, leader, liaison):
    other = [g for g in groups_of(full, "liaison_group") if g != liaison[1]][0]
    with pytest.raises(ScopeError, match="不在您"):
        scoped_participation_matrix(store, YEAR, "liaison_group", other, leader, full)
    with pytest.raises(ScopeError):
        scoped_participation_matrix(store, YEAR, "sector", groups_of(full, "sector")[0], leader, full)
    outsider = full.scores[~full.scores["member_id"].isin(visible_member_ids(full, leader))].iloc[0]
    scoped = scoped_result(full, leader)
    for who in (outsider["member_id"], outsider["name"], scoped.scores["member_id"].iloc[0]):
        if who in set(scoped.scores.loc[scoped.scores["member_id"].isin(scoped.visible), "name"]):
            continue  # a namesake inside the group
        with pytest.raises(ScopeError, match="查看范围") as e:
            scoped_explain(store, YEAR, who, leader, full)
        assert isinstance(e.value, PermissionError)
        with pytest.raises(ScopeError):
            scoped_explain(store, YEAR, who, leader, scoped)
    with pytest.raises(ScopeError):
        check_member(leader, scoped, outsider["member_id"])
    with pytest.raises(ScopeError):
        check_member(leader, scoped, scoped.scores["member_id"].iloc[0])   # an anonymous label


def test_ranking_table_of_a_leader(full, previous, leader):
    scoped = scoped_result(full, leader)
    table = scoped_ranking_table(scoped, scoped_result(previous, leader))
    assert not is_hidden_id(table["member_id"]).any()          # no anonymous filler rows
    assert set(table["member_id"]) == set(scoped.visible)
    assert (table["rank_change"] != "").any()
    whole = scoped_ranking_table(full, previous).set_index("member_id")
    mine = table.set_index("member_id")
    pd.testing.assert_series_equal(mine["rank"], whole.loc[mine.index, "rank"])
    pd.testing.assert_series_equal(mine["percentile"], whole.loc[mine.index, "percentile"])
    assert (mine["rank_change"] == whole.loc[mine.index, "rank_change"]).all()


# -- leader of two groups ----------------------------------------------------------------------
def test_leader_of_two_groups_sees_the_union(store, full):
    activity = groups_of(full, "activity_group")[-1]
    sector = groups_of(full, "sector")[0]
    scope = Scope.from_user("leader", [("activity_group", activity), f"界别：{sector}"])
    assert scope.groups == (("activity_group", activity), ("sector", sector))
    union = members_of(full, scope.groups)
    visible = visible_member_ids(full, scope)
    assert visible == union
    assert visible > members_of(full, [("activity_group", activity)])
    assert visible > members_of(full, [("sector", sector)])
    scoped = scoped_result(full, scope)
    assert set(scoped.scores.loc[~is_hidden_id(scoped.scores["member_id"]), "member_id"]) == union
    assert scoped_group_metrics(store, YEAR, "activity_group", scope, full)["group"].tolist() == [activity]
    assert scoped_group_metrics(store, YEAR, "sector", scope, full)["group"].tolist() == [sector]
    assert scoped_group_metrics(store, YEAR, "liaison_group", scope, full).empty
    matrix = scoped_participation_matrix(store, YEAR, "sector", sector, scope, full)
    assert_no_leak(full, visible, scoped.scores, scoped.facts, scoped.provenance, matrix,
                   scoped_participation_matrix(store, YEAR, "activity_group", activity, scope, full))
    with pytest.raises(ScopeError):
        scoped_participation_matrix(store, YEAR, "activity_group", groups_of(full, "activity_group")[0],
                                    scope, full)


# -- member -------------------------------------------------------------------------------------
def test_member_sees_only_own_row_and_records(store, full):
    me = full.scores.loc[full.scores["ranked"], "member_id"].iloc[20]
    scope = Scope.from_user("委员", member_id=me)
    assert visible_member_ids(full, scope) == {me}
    scoped = scoped_result(full, scope)
    assert scoped.scores["member_id"].tolist() == [me]
    pd.testing.assert_series_equal(scoped.member(me), full.member(me), check_names=False)
    assert scoped.facts["member_id"].tolist() == [me]
    assert set(scoped.provenance["member_id"]) == {me}
    pd.testing.assert_frame_equal(scoped.provenance, full.provenance_of([me]))
    how = scoped_explain(store, YEAR, me, scope, full)
    assert how.text() == explain(store, YEAR, me, result=full).text()
    assert scoped_explain(store, YEAR, full.member(me)["name"], scope, scoped).score["member_id"] == me
    assert_no_leak(full, frozenset({me}), scoped.scores, scoped.facts, scoped.provenance, how,
                   scoped_member_percentiles(scoped))
    # the whole-body standing survives the single row
    standing = body_standing(scoped, me)
    assert standing["rank"] == full.member(me)["rank"]
    assert standing["ranked_in_body"] == ranked_in_body(scoped) == int(full.scores["ranked"].sum())
    pct = scoped_member_percentiles(scoped).set_index("member_id").loc[me]
    whole = member_percentiles(full).set_index("member_id").loc[me]
    assert pct["percentile"] == whole["percentile"] and pct["sector_percentile"] == whole["sector_percentile"]
    other = full.scores["member_id"].iloc[0]
    with pytest.raises(ScopeError):
        scoped_explain(store, YEAR, other, scope, full)
    with pytest.raises(ScopeError):
        check_member(scope, full, other)
    with pytest.raises(ScopeError, match="委员只能查看本人"):
        scoped_group_metrics(store, YEAR, "liaison_group", scope, full)
    group = full.member(me)["liaison_group"]
    with pytest.raises(ScopeError, match="委员只能查看本人"):
        scoped_participation_matrix(store, YEAR, "liaison_group", group, scope, full)


def test_member_not_scored_this_year_sees_nothing(full):
    scoped = scoped_result(full, Scope("member", member_id="NO-SUCH"))
    assert scoped.scores.empty and scoped.facts.empty and scoped.provenance.empty


# -- admin and chair --------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["admin", "chair", "管理员", "主席会议"])
def test_admin_and_chair_see_everything_unchanged(store, full, role):
    scope = Scope.from_user(role, groups=["界别:教育界"], member_id="W0001")
    assert scope.sees_all and scope.groups == () and scope.member_id is None
    assert scoped_result(full, scope) is full
    assert visible_member_ids(full, scope) == set(full.scores["member_id"])
    pd.testing.assert_frame_equal(scoped_group_metrics(store, YEAR, "sector", scope, full),
                                  group_metrics(store, YEAR, "sector", result=full))
    group = groups_of(full, "liaison_group")[1]
    mine = scoped_participation_matrix(store, YEAR, "liaison_group", group, scope, full)
    pd.testing.assert_frame_equal(
        mine.marks, participation_matrix(store, YEAR, "liaison_group", group, result=full).marks)
    anyone = full.scores["member_id"].iloc[-1]
    assert check_member(scope, full, anyone) == anyone
    assert (scoped_explain(store, YEAR, anyone, scope, full).text()
            == explain(store, YEAR, anyone, result=full).text())
    assert Scope.everything(scope.role) == scope


# -- the scope itself ------------------------------------------------------------------------
def test_scope_from_user_and_bad_configurations():
    s = Scope.from_user("组长", ["委员联络组：东湖区联络组", "activity_group:第一界别活动组",
                                "liaison_group:东湖区联络组"])
    assert s.groups == (("activity_group", "第一界别活动组"), ("liaison_group", "东湖区联络组"))
    assert s.groups_in("liaison_group") == ("东湖区联络组",)
    assert s.dimensions() == ("activity_group", "liaison_group")
    assert s.key == "leader|activity_group:第一界别活动组|liaison_group:东湖区联络组"
    assert hash(s) == hash(Scope.from_user("leader", list(reversed(s.groups))))
    assert Scope.from_user("member", member_id=" W0190 ").member_id == "W0190"
    for bad in [lambda: Scope.from_user("组长", []), lambda: Scope.from_user("委员"),
                lambda: Scope.from_user("guest"), lambda: Scope.from_user("leader", ["专委会:经济委员会"]),
                lambda: Scope.from_user("leader", ["东湖区联络组"]),
                lambda: Scope.from_user("leader", ["界别:"]), lambda: Scope.everything("leader")]:
        with pytest.raises(ScopeError):
            bad()


# -- property: visible ids ⊆ the union of the chosen groups ------------------------------------
@st.composite
def group_choices(draw, full):
    pairs = [(d, g) for d in DIMENSIONS for g in groups_of(full, d)]
    return draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=3, unique=True))


def test_visible_ids_within_the_chosen_groups(full):
    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
    @given(group_choices(full))
    def check(pairs):
        scope = Scope.from_user("leader", pairs)
        union = members_of(full, pairs)
        visible = visible_member_ids(full, scope)
        assert visible <= union and visible == union
        scoped = scoped_result(full, scope)
        real = set(scoped.scores.loc[~is_hidden_id(scoped.scores["member_id"]), "member_id"])
        assert real <= union and set(scoped.facts["member_id"]) <= union
        assert set(scoped.provenance["member_id"]) <= union
        pd.testing.assert_series_equal(scoped.scores["rank"], full.scores["rank"])
    check()
