"""Concurrent users: reader threads (each on its own cursor) read the whole state over and
over while one thread imports files and another undoes batches. No thread sees an error,
and every read equals a state some write committed — never one between two writes."""
from __future__ import annotations

import threading

import pytest

from data.importer import import_file, undo_batch
from data.schema import RECORD_TABLES
from data.store import Store
from tests.conftest import SAMPLE, SAMPLE_FILES

READERS = 4

# The parts of the state: the revision, batches (all and active), and per record table
# its row count and a checksum of every row.
PARTS = (
    "SELECT revision FROM meta",
    "SELECT count(*) FROM batches",
    "SELECT count(*) FROM batches WHERE status = 'active'",
    *(f"SELECT count(*) FROM {t}" for t in RECORD_TABLES),
    *(f"SELECT coalesce(sum(hash(t)), 0) FROM {t} t" for t in RECORD_TABLES),
)
ONE_STATEMENT = "SELECT " + ", ".join(f"({p})" for p in PARTS)


def state_in_one_statement(cur) -> tuple:
    return tuple(cur.execute(ONE_STATEMENT).fetchone())


def state_in_one_transaction(cur) -> tuple:
    cur.execute("BEGIN TRANSACTION")
    try:
        return tuple(cur.execute(p).fetchone()[0] for p in PARTS)
    finally:
        cur.execute("COMMIT")


class Run:
    """What the threads share: the committed states, what the readers saw, errors."""

    def __init__(self, store: Store):
        self.store = store
        self.committed = {state_in_one_statement(store.cursor())}
        self.seen: list[set] = [set() for _ in range(READERS)]
        self.reads = [0] * READERS
        self.errors: list[BaseException] = []
        self.importing = threading.Event()
        self.writers_done = threading.Event()

    def write_and_record(self, job) -> None:
        """Run one write holding the write lock, and record the state it committed before
        any other writer can commit."""
        with self.store._write_lock:
            job()
            self.committed.add(state_in_one_statement(self.store.cursor()))

    def guarded(self, work):
        def run():
            try:
                work()
            except BaseException as exc:  # every thread's failure is asserted in the test
                self.errors.append(exc)
        return run


def importer(run: Run) -> None:
    try:
        for name in SAMPLE_FILES[1:]:
            run.write_and_record(lambda: import_file(run.store, SAMPLE / name, user="甲"))
            run.importing.set()
    finally:
        run.importing.set()


def undoer(run: Run, importer_thread: threading.Thread) -> None:
    run.importing.wait()
    while True:
        active = run.store.rows("SELECT batch_id FROM batches WHERE status = 'active' AND batch_id > 1 "
                                "ORDER BY batch_id LIMIT 1")
        if active:
            run.write_and_record(lambda: undo_batch(run.store, active[0][0], user="乙"))
        elif not importer_thread.is_alive():
            return


def reader(run: Run, i: int) -> None:
    cur = run.store.cursor()
    read = state_in_one_statement if i % 2 else state_in_one_transaction
    while not run.writers_done.is_set():
        run.seen[i].add(read(cur))
        run.reads[i] += 1


@pytest.fixture
def office(tmp_path):
    s = Store(tmp_path / "office.duckdb")
    assert import_file(s, SAMPLE / SAMPLE_FILES[0]).status == "imported"
    yield s
    s.close()


def test_readers_see_only_committed_states_while_one_imports_and_one_undoes(office):
    run = Run(office)
    readers = [threading.Thread(target=run.guarded(lambda i=i: reader(run, i))) for i in range(READERS)]
    imports = threading.Thread(target=run.guarded(lambda: importer(run)))
    undos = threading.Thread(target=run.guarded(lambda: undoer(run, imports)))
    for t in (*readers, imports, undos):
        t.start()
    imports.join()
    undos.join()
    run.writers_done.set()
    for t in readers:
        t.join()
    assert run.errors == []
    assert all(run.reads), run.reads
    seen = set().union(*run.seen)
    assert seen <= run.committed, f"{len(seen - run.committed)} torn reads"
    assert len(seen) > 1, "the readers read while the writers wrote"
    undone = office.scalar("SELECT count(*) FROM batches WHERE status = 'undone'")
    assert undone == len(SAMPLE_FILES) - 1
    assert office.scalar("SELECT count(*) FROM batches WHERE status = 'active' AND batch_id > 1") == 0
