"""The one benchmark runner: every measure of every area, each against its baseline.

Run::

    python tests/benchmarks/run.py [--db FILE | --database-url URL] [--json OUT] [--quick]

- Without ``--db``/``--database-url`` it builds a synthetic SQLite database in a temporary
  folder and grows it in stages (10 k, 100 k, 1 M rows of each series: youths, audit rows,
  booth slots, room bookings; ``--quick``: 10 k and 100 k, fewer samples), running every
  measure of a series at each stage, so the growth can be read off; the process measures
  (start-up, export, ``--help``) run once at the end, on the largest stage.
- ``--db FILE`` measures an existing SQLite database of the app (e.g. the city-scale demo
  made by ``python main.py demo --scale city --db FILE``), logged in as ``--user``
  (default ``admin``, password ``--password``, default the demo's ``admin1234``). The
  file is copied to the temporary folder first (the measures book, publish and export,
  and each of those writes audit rows); ``--in-place`` skips the copy.
- ``--database-url URL`` (PostgreSQL) runs the measures that run there (youth search, the
  audit page). An empty database is filled with the synthetic stages; one that holds the
  app's data is measured as it is.

Every measure samples the app and its baseline interleaved in the same run (alternating
blocks, ``core.interleave``) and prints both medians and their ratio, the target and a
PASS/FAIL verdict against it. Nothing is asserted: timings depend on the machine, the
ratios are the signal. ``--json OUT`` writes the same figures as a list of objects
(``name``, ``app_ms``, ``baseline``, ``baseline_ms``, ``ratio``, ``rows``, and ``target``,
``verdict``, ``backend`` and each measure's extra figures).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import sqlalchemy as sa  # noqa: E402

from models.core.db import sqlite_url  # noqa: E402
from tests.benchmarks import synth  # noqa: E402
from tests.benchmarks.core import Figure, Measure, growth_text, rows_text  # noqa: E402
from tests.benchmarks.measures import all_measures  # noqa: E402

FULL_SIZES = [10_000, 100_000, 1_000_000]
QUICK_SIZES = [10_000, 100_000]


@dataclass
class Context:
    tmp: Path
    quick: bool
    scale: float = 1.0  # --samples-scale: more or fewer samples than the default

    def samples(self, full: int, quick: int | None = None) -> int:
        n = (quick if quick is not None else max(3, full // 4)) if self.quick else full
        return max(1, round(n * self.scale))


@dataclass
class Result:
    measure: Measure
    figure: Figure
    backend: str
    verdict: bool | None
    growth: str | None = None


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def parse(argv=None):
    p = argparse.ArgumentParser(description="Youth Jobs Desk benchmarks (app vs baseline).")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--db", metavar="FILE", help="an existing SQLite database of the app")
    src.add_argument("--database-url", metavar="URL", help="a PostgreSQL database (empty: synthetic)")
    p.add_argument("--json", metavar="OUT", help="write the figures as JSON to OUT")
    p.add_argument("--quick", action="store_true", help="fewer samples, growth 10 k / 100 k only")
    p.add_argument("--sizes", metavar="N,N,…", help="the synthetic stages (default 10000,100000,1000000)")
    p.add_argument("--only", metavar="NAME,…", help="run only these measures")
    p.add_argument("--samples-scale", type=float, default=1.0, help="scale every sample count")
    p.add_argument("--user", help="the account to log in as (--db: admin; synthetic: bench)")
    p.add_argument("--password", help="its password (--db: admin1234)")
    p.add_argument("--in-place", action="store_true", help="--db: measure the file itself, not a copy")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    return p.parse_args(argv)


def _pg_empty(url: str) -> bool:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1)
                              if url.startswith("postgresql://") else url)
    try:
        with engine.connect() as c:
            if not sa.inspect(c).has_table("user_account"):
                return True
            return not c.execute(sa.text("SELECT count(*) FROM user_account")).scalar()
    finally:
        engine.dispose()


def open_env(args, tmp: Path) -> tuple[synth.Env, list[int | None]]:
    """The environment and its stages (None: the database as it is, no growth)."""
    sizes = ([int(s) for s in args.sizes.split(",")] if args.sizes
             else QUICK_SIZES if args.quick else FULL_SIZES)
    if args.db:
        src = Path(args.db)
        if not src.exists():
            sys.exit(f"no such database: {src}")
        path = src
        if not args.in_place:
            path = tmp / src.name
            _log(f"copying {src} ({src.stat().st_size / 1e6:,.0f} MB) to {path} …")
            shutil.copyfile(src, path)
            for suffix in ("-wal", ".audit-head"):
                if Path(str(src) + suffix).exists():
                    shutil.copyfile(str(src) + suffix, str(path) + suffix)
        env = synth.existing(sqlite_url(path), args.user or "admin", args.password or "admin1234")
        return env, [None]
    if args.database_url:
        if _pg_empty(args.database_url):
            return synth.synthetic(args.database_url), sizes
        env = synth.existing(args.database_url, args.user or "admin", args.password or "admin1234")
        return env, [None]
    return synth.synthetic(sqlite_url(tmp / "bench.db")), sizes


def run(args) -> list[Result]:
    tmp = Path(tempfile.mkdtemp(prefix="yjd-bench-"))
    ctx = Context(tmp, args.quick, args.samples_scale)
    try:
        env, stages = open_env(args, tmp)
        backend = env.backend
        only = set(args.only.split(",")) if args.only else None
        measures = [m for m in all_measures() if backend in m.backends
                    and (only is None or m.name in only)]
        series = list(dict.fromkeys(m.series for m in measures if m.series))
        results: list[Result] = []
        by_name: dict[str, list[Figure]] = {}
        for size in stages:
            if size is not None:
                for s in series:
                    t = time.perf_counter()
                    synth.grow(env, s, size)
                    _log(f"{s}: {env.rows[s]:,} rows ({time.perf_counter() - t:.0f} s)")
            for m in measures:
                if m.series is None:
                    continue
                results.append(_one(ctx, env, m, by_name, backend))
        for m in measures:
            if m.series is None:
                results.append(_one(ctx, env, m, by_name, backend))
        order = {m.name: i for i, m in enumerate(measures)}
        results.sort(key=lambda r: order[r.measure.name])  # stable: stages stay in order
        for r in results:  # the growth line goes on the last figure of each series
            figs = by_name[r.measure.name]
            if len(figs) > 1 and r.figure is figs[-1]:
                r.growth = growth_text(figs)
        env.db.engine.dispose()
        return results
    finally:
        if args.keep:
            _log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _one(ctx, env, m: Measure, by_name, backend) -> Result:
    t = time.perf_counter()
    fig = m.run(ctx, env)
    fig.name = m.name
    figs = by_name.setdefault(m.name, [])
    figs.append(fig)
    verdict = m.verdict(fig, figs)
    _log(f"  {m.name:<20} rows {rows_text(fig.rows):>6}  app {fig.app_ms:9.3f} ms  "
         f"({time.perf_counter() - t:.0f} s)")
    return Result(m, fig, backend, verdict)


def _verdict_text(v: bool | None) -> str:
    return "-" if v is None else "PASS" if v else "FAIL"


def table(results: list[Result]) -> str:
    head = ("name", "rows", "app ms", "baseline", "base ms", "ratio", "target", "verdict")
    lines = []
    for r in results:
        f = r.figure
        lines.append((f.name, rows_text(f.rows), f"{f.app_ms:.3f}", f.baseline_name,
                      "-" if f.baseline_ms is None else f"{f.baseline_ms:.3f}",
                      "-" if f.ratio is None else f"{f.ratio:.2f}x", r.measure.target,
                      _verdict_text(r.verdict)))
    widths = [max(len(str(x[i])) for x in [head, *lines]) for i in range(len(head))]
    right = {1, 2, 4, 5}

    def fmt(row):
        return "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()

    out = [fmt(head), fmt(tuple("-" * w for w in widths)), *map(fmt, lines)]
    growth = [f"  {r.figure.name}: {r.growth}" for r in results if r.growth]
    if growth:
        out += ["", "growth (app median per stage):", *growth]
    extras = [f"  {r.figure.name}: " + ", ".join(f"{k} {v}" for k, v in r.figure.extra.items())
              for r in results if r.figure.extra and r.figure is _last(results, r)]
    if extras:
        out += ["", "notes:", *extras]
    return "\n".join(out)


def _last(results, r):
    return [x.figure for x in results if x.figure.name == r.figure.name][-1]


def as_json(results: list[Result]) -> list[dict]:
    return [{"name": r.figure.name, "app_ms": round(r.figure.app_ms, 4),
             "baseline": r.figure.baseline_name,
             "baseline_ms": None if r.figure.baseline_ms is None else round(r.figure.baseline_ms, 4),
             "ratio": None if r.figure.ratio is None else round(r.figure.ratio, 3),
             "rows": r.figure.rows, "target": r.measure.target,
             "verdict": _verdict_text(r.verdict), "backend": r.backend, **r.figure.extra}
            for r in results]


def main(argv=None) -> int:
    args = parse(argv)
    t = time.perf_counter()
    results = run(args)
    src = args.db or (args.database_url and "PostgreSQL") or "synthetic SQLite"
    print(f"# {time.strftime('%Y-%m-%d')} · {platform.node()} · {os.cpu_count()} cores · "
          f"Python {platform.python_version()} · {src} · {time.perf_counter() - t:.0f} s")
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(as_json(results), ensure_ascii=False, indent=1) + "\n",
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
