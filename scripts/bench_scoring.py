"""Benchmark of metrics.scoring.score_year on a synthetic system generated straight into
DuckDB with generate_series (no Python loops over rows).

    .venv/bin/python scripts/bench_scoring.py                       # 50,000 members, 4,000,000 rows
    .venv/bin/python scripts/bench_scoring.py --members 450 --rows 36000

Prints the time of score_year (median of --repeat runs), of a bare
``SELECT member_id, sum(...) FROM cur_attendance GROUP BY member_id`` over the same rows,
and their ratio, and the what-if's rank correlation over all members. Targets (2 cores): ≤ 0.3 s for ~450 members, ≤ 8 s for 50k / 4M.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data.store import Store  # noqa: E402
from metrics.rules import default_rules  # noqa: E402
from metrics.scoring import score_year  # noqa: E402
from metrics.whatif import kendall_tau_b  # noqa: E402

YEAR = 2025
CATEGORIES = ("standing", "consult_thematic", "consult_other", "inspect_research", "supervision",
              "training", "study", "sector_group", "liaison_group", "public_service",
              "other_meeting", "consult_other", "inspect_research", "study", "sector_group",
              "liaison_group", "other_meeting", "supervision", "consult_thematic", "study")
SECTORS = 30
RECORD = "batch_id, source_file, sheet, row_no, identity, content_hash, superseded_by"


def _sql_list(items) -> str:
    return "[" + ", ".join(f"'{x}'" for x in items) + "]"


def generate(store: Store, members: int, rows: int) -> None:
    """Fill an empty database: roster, attendance (~``rows``), proposals, 社情民意, speeches,
    reports, other duties and adjustments for YEAR."""
    per_event = min(members, 1000)
    plenary_rows = 2 * members                       # two plenary sittings, everyone invited
    events = max(1, (rows - plenary_rows) // per_event)
    m = members
    with store.write() as cur:
        cur.execute(f"""
            INSERT INTO members (rec_id, {RECORD}, member_id, code, name, raw_name, sector, term,
                                 party, title, is_standing, committee, activity_group,
                                 liaison_group, status, change_date)
            SELECT i, 1, 'roster.xlsx', 'S', i + 1, 'm' || i, 'h' || i, NULL,
                   'M' || lpad(i::VARCHAR, 6, '0'), 'M' || lpad(i::VARCHAR, 6, '0'),
                   '委员' || i, '委员' || i, '界别' || (i % {SECTORS}), '十四届',
                   CASE WHEN i % 3 = 0 THEN '中共' ELSE '民盟' END,
                   CASE WHEN i % 15 = 0 THEN '常委' ELSE '委员' END, i % 15 = 0,
                   '专委会' || (i % 9), '活动组' || (i % 40), '联络组' || (i % 25),
                   CASE WHEN i % 97 = 0 THEN '辞去' WHEN i % 89 = 0 THEN '增补' ELSE '在任' END,
                   CASE WHEN i % 97 = 0 OR i % 89 = 0 THEN DATE '{YEAR - 1}-07-01' + (i % 540)::INT END
            FROM range({m}) t(i)""")
        cur.execute(f"""
            INSERT INTO attendance (rec_id, {RECORD}, name, sector_hint, member_id, event_key,
                                    event_date, event_name, category, organizer, status, mark,
                                    layout, year)
            WITH ev AS (
                SELECT e, CASE WHEN e < 2 THEN 'plenary'
                               ELSE {_sql_list(CATEGORIES)}[1 + e % {len(CATEGORIES)}] END AS category,
                       CASE WHEN e < 2 THEN {m} ELSE {per_event} END AS invited
                FROM range({events + 2}) t(e)
            ), slots AS (
                SELECT e, category, j, (e * 7919 + j) % {m} AS i, (e * 31 + j * 17) % 100 AS h
                FROM ev, LATERAL range(invited) s(j)
            )
            SELECT 1000000 + row_number() OVER (), 2, 'attendance.xlsx', 'S',
                   (row_number() OVER ())::INT, 'a' || e || '-' || i, 'h', NULL,
                   '委员' || i, NULL, 'M' || lpad(i::VARCHAR, 6, '0'), 'E' || e,
                   DATE '{YEAR}-01-01' + (e % 360)::INT, '活动' || e, category, NULL,
                   CASE WHEN h < 85 THEN 'attend' WHEN h < 92 THEN 'leave'
                        WHEN h < 97 THEN 'absent' ELSE 'late' END, '-', 'long', {YEAR}
            FROM slots""")
        # 1% listed twice (a later batch wins)
        cur.execute(f"""
            INSERT INTO attendance
            SELECT * REPLACE (rec_id + 100000000 AS rec_id, 3 AS batch_id, 'attend' AS status)
            FROM attendance WHERE rec_id % 100 = 0""")
        proposals = max(1, int(m * 0.4))
        cur.execute(f"""
            INSERT INTO proposals (rec_id, {RECORD}, year, number, subject, proposer, filed,
                                   is_key, is_excellent, is_collective, submit_date)
            SELECT 500000000 + p, 4, 'proposals.xlsx', 'S', p + 1, 'p' || p, 'h', NULL, {YEAR},
                   p::VARCHAR, '提案' || p, '委员', p % 5 <> 0, p % 23 = 0, p % 31 = 0,
                   p % 50 = 0, DATE '{YEAR}-01-05' + (p % 200)::INT
            FROM range({proposals}) t(p)""")
        cur.execute(f"""
            INSERT INTO proposal_people (rec_id, position, role, source_column, name, member_id)
            SELECT 500000000 + p, k, CASE WHEN k = 0 THEN 'lead' ELSE 'cosign' END, '提案人',
                   '委员' || ((p * 37 + k * 101) % {m}),
                   'M' || lpad(((p * 37 + k * 101) % {m})::VARCHAR, 6, '0')
            FROM range({proposals}) t(p), LATERAL range(1 + p % 4) s(k)""")
        items = max(1, int(m * 0.3))
        cur.execute(f"""
            INSERT INTO sqmy (rec_id, {RECORD}, year, title, authors, adoption, instruction,
                              submit_date)
            SELECT 600000000 + s, 5, 'sqmy.xlsx', 'S', s + 1, 's' || s, 'h', NULL, {YEAR},
                   '信息' || s, '委员',
                   [NULL, '市', '省', '全国转送', '全国单篇', NULL, NULL][1 + s % 7],
                   [NULL, NULL, '市', NULL, '省', NULL, '国家', NULL, NULL][1 + s % 9],
                   DATE '{YEAR}-02-01' + (s % 300)::INT
            FROM range({items}) t(s)""")
        cur.execute(f"""
            INSERT INTO sqmy_authors (rec_id, position, name, member_id)
            SELECT 600000000 + s, k, '委员' || ((s * 53 + k * 7) % {m}),
                   'M' || lpad(((s * 53 + k * 7) % {m})::VARCHAR, 6, '0')
            FROM range({items}) t(s), LATERAL range(1 + s % 2) a(k)""")
        cur.execute(f"""
            INSERT INTO speeches (rec_id, {RECORD}, name, member_id, year, speech_date, form)
            SELECT 700000000 + i, 6, 'speeches.xlsx', 'S', i + 1, 'sp' || i, 'h', NULL,
                   '委员' || i, 'M' || lpad(i::VARCHAR, 6, '0'), {YEAR}, DATE '{YEAR}-01-10',
                   CASE WHEN i % 2 = 0 THEN '口头' ELSE '书面' END
            FROM range(0, {m}, 20) t(i)""")
        cur.execute(f"""
            INSERT INTO reports (rec_id, {RECORD}, name, member_id, year, submitted)
            SELECT 800000000 + i, 7, 'reports.xlsx', 'S', i + 1, 'r' || i, 'h', NULL,
                   '委员' || i, 'M' || lpad(i::VARCHAR, 6, '0'), {YEAR}, i % 4 <> 0
            FROM range(0, {m}, 15) t(i)""")
        cur.execute(f"""
            INSERT INTO other_duties (rec_id, {RECORD}, name, member_id, year, category,
                                      duty_group, level)
            SELECT 900000000 + i, 8, 'other.xlsx', 'S', i + 1, 'o' || i, 'h', NULL,
                   '委员' || i, 'M' || lpad(i::VARCHAR, 6, '0'), {YEAR},
                   ['为民办实事', '文史资料', '表彰'][1 + i % 3],
                   ['public_service', 'writing', 'commendation'][1 + i % 3],
                   CASE WHEN i % 3 = 2 THEN ['全国', '省', '市'][1 + i % 5 % 3] END
            FROM range(0, {m}, 11) t(i)""")
        cur.execute(f"""
            INSERT INTO adjustments (rec_id, {RECORD}, name, member_id, year, points, reason,
                                     approver)
            SELECT 950000000 + i, 9, 'adjust.xlsx', 'S', i + 1, 'j' || i, 'h', NULL,
                   '委员' || i, 'M' || lpad(i::VARCHAR, 6, '0'), {YEAR},
                   CASE WHEN i % 2 = 0 THEN 5 ELSE -3 END, '主席会议决定', '主席会议'
            FROM range(0, {m}, 500) t(i)""")


def timed(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def bench_demo(repeat: int) -> int:
    """The demo city's 2025: the first run (which also scores 2024 for the consecutive-year
    warnings) and the median of later runs (2024's tiers memoised for the revision)."""
    import tempfile

    from data.demo import load_demo

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "demo.duckdb")
        load_demo(store)
        rules = default_rules()
        t_first, result = timed(lambda: score_year(store, 2025, rules), 1)
        t_warm, _ = timed(lambda: score_year(store, 2025, rules), max(repeat, 3))
        store.close()
    print(f"demo city 2025: {len(result.scores)} members")
    print(f"score_year first run {t_first:.3f} s, later runs {t_warm:.3f} s (median)")
    return 0


def bench_arguments(description: str | None, demo_help: str | None = None) -> argparse.ArgumentParser:
    """The options every benchmark takes: the generated body's size, its file, repeats,
    DuckDB threads (and ``--demo`` when ``demo_help`` says what it does)."""
    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--members", type=int, default=50_000)
    ap.add_argument("--rows", type=int, default=4_000_000, help="attendance rows (about)")
    ap.add_argument("--db", default=None, help="database file (default bench-out/bench-M-R.duckdb)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    if demo_help:
        ap.add_argument("--demo", action="store_true", help=demo_help)
    return ap


def bench_store(args) -> Store:
    """The benchmark database of ``args``: generated on first use, then reused."""
    path = Path(args.db or f"bench-out/bench-{args.members}-{args.rows}.duckdb")
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = not path.exists()
    store = Store(path)
    store.cursor().execute(f"SET threads = {args.threads}")
    if fresh:
        start = time.perf_counter()
        generate(store, args.members, args.rows)
        print(f"generated in {time.perf_counter() - start:.1f} s")
    return store


def year_baseline(description: str | None, argv: list[str] | None):
    """What every feature's benchmark stands beside: the synthetic system (``bench_store``),
    the default rules and the median ``compute_year`` of the whole year, printed first.
    Returns (args, store, rules, seconds, result)."""
    from metrics.scoring import compute_year

    args = bench_arguments(description).parse_args(argv)
    store = bench_store(args)
    rules = default_rules()
    compute_year(store, YEAR, rules)  # warm: earlier years' tiers are memoised per revision
    t_year, result = timed(lambda: compute_year(store, YEAR, rules), args.repeat)
    print(f"members {len(result.scores):,}  threads {args.threads}")
    print(f"compute_year (whole year)        {t_year:8.3f} s")
    return args, store, rules, t_year, result


def main(argv: list[str] | None = None) -> int:
    args = bench_arguments(__doc__, "score the demo city (2024-2025) instead").parse_args(argv)
    if args.demo:
        return bench_demo(args.repeat)
    store = bench_store(args)
    counts = store.record_counts()
    print(f"members {counts['members']:,}  attendance rows {counts['attendance']:,}  "
          f"proposals {counts['proposals']:,}  sqmy {counts['sqmy']:,}  threads {args.threads}")

    rules = default_rules()
    t_score, result = timed(lambda: score_year(store, YEAR, rules), args.repeat)
    bare_sql = ("SELECT member_id, sum(CASE status WHEN 'attend' THEN 1 WHEN 'late' THEN 1 "
                "ELSE 0 END) AS n FROM cur_attendance WHERE year = ? GROUP BY member_id")
    t_bare, _ = timed(lambda: store.df(bare_sql, [YEAR]), args.repeat)
    scores = result.scores
    start = time.perf_counter()
    provenance = result.provenance
    t_prov = time.perf_counter() - start
    print(f"scored members {len(scores):,}  ranked {int(scores['ranked'].sum()):,}  "
          f"provenance rows {len(provenance):,}")
    print(f"score_year       {t_score:8.3f} s")
    print(f"bare GROUP BY    {t_bare:8.3f} s")
    print(f"ratio            {t_score / t_bare:8.1f} x")
    print(f"provenance (all members, built on first use) {t_prov:.3f} s")
    ranks = scores["rank"].fillna(len(scores)).to_numpy()
    t_tau, _ = timed(lambda: kendall_tau_b(ranks, ranks[::-1]), args.repeat)
    print(f"kendall tau-b of two rankings (计分规则's what-if) {t_tau:.3f} s")
    cents = (provenance.groupby("member_id")["points"].sum() * 100).round().astype("int64")
    columns = (scores.set_index("member_id")[list(result.score_columns)].sum(axis=1) * 100).round()
    mismatch = int((cents.reindex(columns.index, fill_value=0) != columns.astype("int64")).sum())
    print(f"members whose provenance does not add up to their columns: {mismatch}")
    return 1 if mismatch else 0


if __name__ == "__main__":
    sys.exit(main())
