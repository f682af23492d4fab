"""Undo is exact for any batch: after any sequence of imports and undos, the current state
equals importing the still-active batches' files, in batch order, into an empty database
— the current records, the pending names and the scores.

Compared per table: the current versions (``cur_*``) on every column but ``rec_id`` and
``superseded_by`` (row numbers of one sequence, and of the history, which replay does not
rebuild); ``batch_id`` is compared as the batch it stands for (the replay numbers its
batches afresh). Source file, sheet and row are compared too: a version kept after undo
takes those of the first active batch holding it. Child rows (提案人) are compared by
their parent's identity. Pending names on name, 界别 and count (not the file list), scores
as the scored table. The roster batch is imported first in both databases and never
undone; a roster supplement (a new member, a changed 职务) is imported and undone like any
file, so a name matched at import against it returns to 待匹配 when it is undone."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from data import aliases
from data.importer import CHILD_TABLES, VERSIONED_TABLES, import_file, list_batches, undo_batch
from data.store import Store
from metrics.scoring import score_year
from tests.conftest import ROSTER_HEADER, ROSTER_ROWS, write_xlsx

ATT = ["活动名称", "日期", "姓名", "出勤"]
PROP = ["案由", "提案人", "联名人"]

FILES: dict[str, dict[str, list[list]]] = {
    "2025年视察出勤.xlsx": {"出勤": [ATT, ["视察", "2025-05-01", "王刚", "出席"], ["视察", "2025-05-01", "李春", "请假"],
                                ["视察", "2025-05-01", "张国强", "出席"]]},
    "2025年视察出勤-更新.xlsx": {"出勤": [ATT, ["视察", "2025-05-01", "王刚", "缺席"], ["视察", "2025-05-01", "李春", "请假"],
                                   ["调研", "2025-06-01", "欧阳修", "出席"], ["调研", "2025-06-01", "王刚", "出席"]]},
    "2025年调研出勤.xlsx": {"出勤": [ATT, ["调研", "2025-06-01", "欧阳修", "请假"], ["调研", "2025-06-01", "张国强", "出席"],
                               ["调研", "2025-06-01", "王刚", "出席"], ["调研", "2025-06-01", "孙立", "出席"]]},
    "2025年提案目录.xlsx": {"提案": [PROP, ["关于一", "王刚", "李春"], ["关于二", "张国强", ""], ["关于三", "欧阳修", "王刚"]]},
    "2025年提案目录-补.xlsx": {"提案": [PROP, ["关于一", "王刚", ""], ["关于二", "张国强", ""], ["关于四", "李春", "张国强"]]},
}
SUPPLEMENT = "委员名册-增补.xlsx"
SUPPLEMENT_ROWS = [[7, "A07", "孙立", "男", "民建", "民建", "委员", "经济委员会", "第一组", "城关区联络组", "十四届"],
                   [1, "A01", "王刚", "男", "中共党员", "中共", "常委", "经济委员会", "第一组", "城关区联络组", "十四届"]]
COPIES = {"2025年视察出勤-副本.xlsx": "2025年视察出勤.xlsx", "2025年提案目录-副本.xlsx": "2025年提案目录.xlsx"}
NAMES = [*FILES, *COPIES, SUPPLEMENT]
ROSTER = "委员名册.xlsx"


def make_files(folder: Path) -> None:
    write_xlsx(folder / ROSTER, {"名册": [["政协××市第十四届委员会委员名册"], ROSTER_HEADER, *ROSTER_ROWS]})
    write_xlsx(folder / SUPPLEMENT, {"增补": [["政协××市第十四届委员会委员增补名单"], ROSTER_HEADER, *SUPPLEMENT_ROWS]})
    for name, sheets in FILES.items():
        write_xlsx(folder / name, sheets)
    for copy, original in COPIES.items():
        shutil.copy(folder / original, folder / copy)  # the very same bytes under another name


def state(store: Store, label) -> dict:
    """What the replay must give: current records, pending names, scores."""
    out = {}
    for table in VERSIONED_TABLES:
        df = store.df(f"SELECT * EXCLUDE (rec_id, superseded_by) FROM cur_{table}")
        df["batch_id"] = [label(b) for b in df["batch_id"]]
        out[table] = sorted(map(repr, df.astype(object).itertuples(index=False)))
    for parent, child in CHILD_TABLES.items():
        df = store.df(f"SELECT p.identity, c.* EXCLUDE (rec_id) FROM cur_{child} c JOIN cur_{parent} p USING (rec_id)")
        out[child] = sorted(map(repr, df.astype(object).itertuples(index=False)))
    pending = aliases.pending_names(store)
    out["pending"] = sorted(map(repr, pending[["name", "sector_hint", "rows"]].itertuples(index=False)))
    scores = score_year(store, 2025).scores
    out["scores"] = sorted(map(repr, scores.astype(object).itertuples(index=False)))
    return out


_REPLAYS: dict[tuple[str, ...], dict] = {}  # every example writes the same files: replay each sequence once


def replay(folder: Path, files: list[str]) -> dict:
    """A fresh database into which the files are imported in order; its state, with each
    batch labelled by the position of its file in ``files``."""
    if tuple(files) not in _REPLAYS:
        _REPLAYS[tuple(files)] = _replay(folder, files)
    return _REPLAYS[tuple(files)]


def _replay(folder: Path, files: list[str]) -> dict:
    path = folder / f"replay-{len(list(folder.glob('replay-*')))}.duckdb"
    store = Store(path)
    try:
        label = {}
        for i, name in enumerate(files):
            outcome = import_file(store, folder / name)
            assert outcome.ok, outcome.summary()
            if outcome.status == "imported":
                label[outcome.batch_id] = i
        return state(store, label.__getitem__)
    finally:
        store.close()


def check(store: Store, folder: Path) -> None:
    active = list_batches(store).query("status == 'active'")
    files = list(active["file_name"])
    position = {int(b): i for i, b in enumerate(active["batch_id"])}
    assert state(store, position.__getitem__) == replay(folder, files)


step = st.one_of(st.tuples(st.just("import"), st.sampled_from(NAMES)),
                 st.tuples(st.just("undo"), st.integers(0, 20)))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=1, max_size=6))
@example([("import", "2025年视察出勤.xlsx"), ("import", "2025年视察出勤-更新.xlsx"), ("undo", 0)])
@example([("import", "2025年提案目录.xlsx"), ("import", "2025年提案目录-副本.xlsx"), ("undo", 0), ("undo", 0)])
@example([("import", "2025年视察出勤.xlsx"), ("import", "2025年视察出勤-更新.xlsx"),
          ("import", "2025年视察出勤-副本.xlsx"), ("undo", 1), ("undo", 0)])
@example([("import", SUPPLEMENT), ("import", "2025年调研出勤.xlsx"), ("undo", 0)])
def test_state_equals_replay_of_active_batches(steps):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_files(folder)
        store = Store(folder / "office.duckdb")
        try:
            assert import_file(store, folder / ROSTER).status == "imported"
            for action, arg in steps:
                if action == "import":
                    assert import_file(store, folder / arg).ok
                else:
                    undoable = [int(b) for b, n in list_batches(store).query("status == 'active'")[
                        ["batch_id", "file_name"]].itertuples(index=False) if n != ROSTER]
                    if not undoable:
                        continue
                    undo_batch(store, undoable[arg % len(undoable)])
                check(store, folder)
        finally:
            store.close()


def test_undoing_an_earlier_proposal_list_keeps_the_proposals_a_later_one_holds(with_roster, tmp_path):
    """The reported case: 40 proposals in an earlier 提案目录 and, unchanged, in a later
    one; undoing the earlier keeps all 40, owned by the later batch."""
    rows = [[f"关于第{i}件事", "王刚", "李春"] for i in range(40)]
    first = import_file(with_roster, write_xlsx(tmp_path / "2025年提案目录.xlsx", {"提案": [PROP, *rows]}))
    later = import_file(with_roster, write_xlsx(tmp_path / "2025年提案目录（终稿）.xlsx",
                                                {"提案": [PROP, *rows, ["关于新的一件事", "张国强", ""]]}))
    assert (later.status, later.new, later.changed, later.unchanged) == ("imported", 1, 0, 40)
    undo_batch(with_roster, first.batch_id)
    assert with_roster.rows("SELECT batch_id, count(*) FROM cur_proposals GROUP BY ALL") == [(later.batch_id, 41)]
    assert with_roster.scalar("SELECT count(*) FROM proposals") == 41
    assert with_roster.scalar("SELECT count(*) FROM cur_proposal_people") == 81
    assert set(with_roster.df("SELECT DISTINCT source_file FROM cur_proposals")["source_file"]) == \
        {"2025年提案目录（终稿）.xlsx"}
    undo_batch(with_roster, later.batch_id)
    assert with_roster.scalar("SELECT count(*) FROM proposals") == 0
    assert with_roster.scalar("SELECT count(*) FROM proposal_people") == 0
    assert with_roster.scalar("SELECT count(*) FROM batch_records WHERE table_name = 'proposals'") == 0


def test_upgraded_file_holds_each_version_by_the_batch_that_wrote_it(with_roster, tmp_path):
    """A file from before migration 5: each version is held by the batch that wrote it, so
    undo of the newest batch still gives back the versions it replaced."""
    first = import_file(with_roster, write_xlsx(tmp_path / "2025年a.xlsx", {"s": [ATT, ["视察", "2025-05-01", "王刚", "缺席"]]}))
    second = import_file(with_roster, write_xlsx(tmp_path / "2025年b.xlsx", {"s": [ATT, ["视察", "2025-05-01", "王刚", "出席"]]}))
    held = with_roster.rows("SELECT * FROM batch_records ORDER BY batch_id, rec_id")
    with with_roster.write() as cur:  # back to schema 4
        for table in ("batch_records", "published_years", "published_scores", "published_provenance",
                      "sessions", "sign_in_throttle", "doc_templates"):
            cur.execute(f"DROP TABLE {table}")
        cur.execute("ALTER TABLE members DROP COLUMN nominator")
        cur.execute("ALTER TABLE users ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0")
        cur.execute("ALTER TABLE users ADD COLUMN locked_until TIMESTAMP")
        cur.execute("DELETE FROM schema_version WHERE version >= 5")
    path = with_roster.path
    with_roster.close()
    upgraded = Store(path)
    try:
        assert upgraded.rows("SELECT * FROM batch_records ORDER BY batch_id, rec_id") == held
        undo_batch(upgraded, second.batch_id)
        assert upgraded.rows("SELECT status, batch_id FROM cur_attendance") == [("absent", first.batch_id)]
    finally:
        upgraded.close()
