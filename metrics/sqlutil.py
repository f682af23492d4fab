"""Small SQL helpers of metrics/: typed inline tables, temp tables dropped afterwards,
and rounding to cents in SQL."""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from typing import Callable, Iterator

import duckdb

from data.store import Store

# In cents: absorbs the binary noise of decimal inputs (0.29 * 100 = 28.999…).
EPS = 1e-6


def lit(value, sql_type: str) -> str:
    """A typed SQL literal."""
    if value is None:
        return f"NULL::{sql_type}"
    if sql_type == "VARCHAR":
        return "'" + str(value).replace("'", "''") + "'"
    if sql_type == "BOOLEAN":
        return "TRUE" if value else "FALSE"
    return f"{value}::{sql_type}"


def values_table(columns: dict[str, str], rows: list[tuple]) -> str:
    """An inline table ``(SELECT … FROM (VALUES …))`` with typed columns."""
    names = ", ".join(columns)
    if not rows:
        nulls = ", ".join(f"NULL::{t} AS {c}" for c, t in columns.items())
        return f"(SELECT {nulls} WHERE FALSE)"
    body = ", ".join("(" + ", ".join(lit(v, t) for v, t in zip(row, columns.values())) + ")"
                     for row in rows)
    return f"(SELECT * FROM (VALUES {body}) AS v({names}))"


def floor_cents(x: str) -> str:
    return f"floor(({x}) * 100 + {EPS})"


def half_up_cents(x: str) -> str:
    """Cents of ``x`` rounded half-up (away from zero), as DOUBLE."""
    return (f"(CASE WHEN ({x}) >= 0 THEN floor(({x}) * 100 + 0.5 + {EPS}) "
            f"ELSE -floor(-({x}) * 100 + 0.5 + {EPS}) END)")


@contextmanager
def temp_tables(store: Store) -> Iterator[tuple[duckdb.DuckDBPyConnection, Callable[[str], str]]]:
    """This thread's cursor and a namer for temp tables that are dropped afterwards."""
    cur = store.cursor()
    made: list[str] = []
    tag = uuid.uuid4().hex[:8]

    def name(base: str) -> str:
        made.append(f"_lz_{base}_{tag}")
        return made[-1]

    try:
        yield cur, name
    finally:
        for table in made:
            cur.execute(f"DROP TABLE IF EXISTS {table}")


@contextmanager
def registered(cur: duckdb.DuckDBPyConnection, **objects) -> Iterator[dict[str, str]]:
    """Register DataFrames / Arrow tables on ``cur`` under unique names for the block."""
    tag = uuid.uuid4().hex[:8]
    names = {key: f"_lz_{key}_{tag}" for key in objects}
    try:
        for key, obj in objects.items():
            cur.register(names[key], obj)
        yield names
    finally:
        for name in names.values():
            cur.unregister(name)
