"""Benchmark of metrics.term (届期考评) beside the plain year score, on the synthetic system
of scripts/bench_scoring.py (same database files in bench-out/; its one year is a term of
one year).

    .venv/bin/python scripts/bench_term.py                       # 50,000 members, 4,000,000 rows
    .venv/bin/python scripts/bench_term.py --members 450 --rows 36000

Prints the median time of ``compute_year`` (the whole year), of ``term_view`` from scratch
(the years' scores and the term's counts and verdicts), of ``term_view`` over the years'
scores already computed (what the page adds to its cached scores), of one member's source
rows, and of the 换届参考 list (.xlsx) of every member.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from metrics import term as tm  # noqa: E402
from scripts.bench_scoring import YEAR, timed, year_baseline  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    args, store, rules, t_year, result = year_baseline(__doc__, argv)
    term = tm.terms(store)[0]
    t_view, view = timed(lambda: tm.term_view(store, term), args.repeat)
    counts = view.counts()
    print(f"term_view {term} ({view.years_text()})   {t_view:8.3f} s  ({t_view / t_year:.2f} x)  "
          f"符合 {counts[tm.MEETS]:,}  不符合 {counts[tm.FAILS]:,}  届中离任 {counts[tm.LEFT]:,}")
    t_cached, _ = timed(lambda: tm.term_view(store, term, {YEAR: result}), args.repeat)
    print(f"term_view over computed years     {t_cached:8.3f} s  ({t_cached / t_year:.2f} x)")
    member = view.members["member_id"].iloc[0]
    t_src, sources = timed(lambda: tm.term_sources(store, term, [member], view.years), args.repeat)
    print(f"term_sources of one member        {t_src:8.3f} s  ({len(sources)} rows)")
    t_list, data = timed(lambda: tm.list_bytes(view, "市政协"), 1)
    print(f"换届参考 list of every member      {t_list:8.3f} s  ({len(data) / 1e6:.1f} MB)")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
