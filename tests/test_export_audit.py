"""Exports are audited — from the command line and from every download button — and an
audit-only write leaves the data revision (and so every cache) alone."""
from __future__ import annotations

import subprocess
import sys

import streamlit

from data.audit import audit_export, audit_rows
from data.store import Store
from tests.apptest_util import open_page
from tests.conftest import ROOT


def exports(store: Store) -> list[str]:
    rows = audit_rows(store, action="export")
    return list(rows["object"])


def test_audit_only_write_keeps_the_revision(store):
    before = store.revision()
    audit_export(store, "chair1", "2025年度考评工作簿")
    assert store.revision() == before and exports(store) == ["2025年度考评工作簿"]


def test_cli_export_is_audited(demo_db_file, tmp_path):
    db = tmp_path / "cli.duckdb"
    db.write_bytes(demo_db_file.read_bytes())
    out = tmp_path / "考评.xlsx"
    subprocess.run([sys.executable, str(ROOT / "cli.py"), "export", "--db", str(db), "--year", "2025",
                    "--out", str(out)], check=True, capture_output=True)
    store = Store(db)
    assert exports(store) == [f"2025年度考评工作簿 {out}"]
    store.close()


def test_page_downloads_are_audited_when_pressed(demo_app_db, monkeypatch):
    calls = []
    original = streamlit.download_button

    def spy(label, data, *args, **kwargs):
        calls.append(data)
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", spy)
    open_page("export", user="chair1")
    store = Store.open(demo_app_db)
    assert exports(store) == []  # nothing is built or recorded until a button is pressed
    calls[0]()
    assert exports(store) == ["2025年度考评工作簿"]
    assert audit_rows(store, action="export")["username"].tolist() == ["chair1"]
