"""The house rules of architecture.md: views → metrics → data → reading, no streamlit below
the pages, no SQL in the pages, no database in the reading of files."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b.*\b(FROM|INTO|SET)\b", re.S)


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_metrics_and_data_never_import_streamlit_or_views():
    for layer in ("metrics", "data", "reading"):  # ui/ and views/ are the Streamlit layer
        for path in (ROOT / layer).rglob("*.py"):
            assert not imports_of(path) & {"streamlit", "views"}, path


def test_data_imports_nothing_of_the_project_above_it():
    for path in (ROOT / "data").rglob("*.py"):
        assert "metrics" not in imports_of(path), path


def test_views_hold_no_sql():
    for path in (ROOT / "views").rglob("*.py"):
        strings = [n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                   if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        assert not any(SQL.search(s.upper()) for s in strings), path


def test_reading_knows_no_store_and_nothing_above_it():
    for path in (ROOT / "reading").rglob("*.py"):
        assert not imports_of(path) & {"data", "metrics", "ui", "views", "duckdb", "streamlit"}, path
