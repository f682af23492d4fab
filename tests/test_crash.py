"""Crashes lose nothing: a process importing, undoing or taking a snapshot is SIGKILLed
in the middle of its write (deterministically: a patched step inside the write writes a
marker file and blocks, the test waits for the marker and kills). The database file then
opens, holds exactly the state before, and the same job then runs cleanly."""
from __future__ import annotations

import importlib
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from data import backup
from data.importer import import_file, undo_batch
from data.store import Store
from tests.conftest import ROOT, SAMPLE

ROSTER = SAMPLE / "委员名册.xlsx"
PROPOSALS = SAMPLE / "2025年提案目录.xlsx"
MARKER_TIMEOUT = 60


def drive() -> None:
    """The subprocess: ``db marker target when job arg``. Patches ``target`` (module.function)
    to write the marker and block — ``before`` or ``after`` calling the real one — then
    runs the job (``import FILE`` or ``undo BATCH``) on the database file."""
    db, marker, target, when, job, arg = sys.argv[1:7]
    module_name, name = target.rsplit(".", 1)
    module = importlib.import_module(module_name)
    real = getattr(module, name)

    def stop_here(*args, **kwargs):
        if when == "after":
            real(*args, **kwargs)
        Path(marker).write_text(target, encoding="utf-8")
        threading.Event().wait()

    setattr(module, name, stop_here)
    store = Store(db)
    if job == "import":
        import_file(store, Path(arg), user="crash")
    else:
        undo_batch(store, int(arg), user="crash")


def kill_inside(db: Path, target: str, when: str, job: str, arg) -> None:
    """Run the job in a subprocess, wait until it reaches ``target``, SIGKILL it."""
    marker = db.with_name("reached.marker")
    marker.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-c", "from tests.test_crash import drive; drive()",
         str(db), str(marker), target, when, job, str(arg)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(marker, proc)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=MARKER_TIMEOUT)
    assert proc.returncode == -signal.SIGKILL


def wait_for(marker: Path, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + MARKER_TIMEOUT
    while not marker.exists():
        if proc.poll() is not None:
            pytest.fail(f"the job ended before reaching its stop: {proc.communicate()}")
        if time.monotonic() > deadline:
            pytest.fail("the job did not reach its stop in time")
        time.sleep(0.02)


def state_of(path: Path) -> tuple[dict, int]:
    s = Store(path)
    try:
        return s.table_contents(), s.revision()
    finally:
        s.close()


def imported(path: Path, file: Path):
    s = Store(path)
    try:
        return import_file(s, file), s.record_counts()
    finally:
        s.close()


@pytest.fixture
def office(tmp_path) -> Path:
    """A closed database file holding the sample roster."""
    path = tmp_path / "office.duckdb"
    s = Store(path)
    assert import_file(s, ROSTER).status == "imported"
    s.close()
    return path


@pytest.fixture
def reference(office, tmp_path):
    """The proposals imported into an untouched copy: the outcome and counts to expect."""
    copy = tmp_path / "reference.duckdb"
    shutil.copyfile(office, copy)
    return imported(copy, PROPOSALS)


def test_kill_during_an_import_leaves_the_state_before(office, reference):
    before = state_of(office)
    kill_inside(office, "data.importer._insert_rows", "after", "import", PROPOSALS)
    assert state_of(office) == before
    snapshot = backup.snapshots(office)[-1]
    assert "2025年提案目录.xlsx" in snapshot.reason
    outcome, counts = imported(office, PROPOSALS)
    expected, expected_counts = reference
    assert (outcome.status, outcome.batch_id, outcome.new, outcome.changed) == \
           ("imported", 2, expected.new, 0)
    assert counts == expected_counts


def test_kill_during_an_undo_leaves_the_batch_in_place(office):
    imported(office, PROPOSALS)
    before = state_of(office)
    kill_inside(office, "data.audit.record", "after", "undo", 2)
    assert state_of(office) == before
    s = Store(office)
    try:
        undo_batch(s, 2)
        assert s.record_counts()["proposals"] == 0
        assert s.scalar("SELECT status FROM batches WHERE batch_id = 2") == "undone"
    finally:
        s.close()


def test_kill_during_a_snapshot_leaves_no_snapshot_and_no_change(office, reference):
    before = state_of(office)
    numbers = [s.number for s in backup.snapshots(office)]
    kill_inside(office, "data.backup._publish", "before", "import", PROPOSALS)
    assert state_of(office) == before
    assert [s.number for s in backup.snapshots(office)] == numbers
    folder = backup.backup_dir(office)
    assert list(folder.glob("*.partial"))
    outcome, counts = imported(office, PROPOSALS)
    assert outcome.status == "imported" and counts == reference[1]
    assert len(backup.snapshots(office)) == len(numbers) + 1
    assert not list(folder.glob("*.partial*"))
