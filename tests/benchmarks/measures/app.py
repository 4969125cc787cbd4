"""The app as a process: the GUI start-up (``startup``, with the password hash apart and
the probe's peak RSS), a month's CSV export (``export_csv``) and ``main.py --help``
(``help``), each a subprocess timed from the parent and interleaved with its baseline's.
Targets: a usable main window in at most 3× a bare PySide6 window, excluding the password
hash; the export at most 5× a bare script doing the same SELECT and csv write; ``--help``
under 150 ms; the probe's peak RSS under 250 MB on the city database. ``startup_floor`` and
``export_floor`` measure the fixed stack alone (PySide6, SQLModel with SQLAlchemy and
pydantic, argon2) against the same baselines: the least any start-up or export of the app
can reach."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path

from models.core.time import SEOUL
from tests.benchmarks.core import Figure, Measure, interleave
from tests.benchmarks.synth import fmt

HERE = Path(__file__).resolve().parents[1]
REPO = HERE.parents[1]
MAIN = str(REPO / "main.py")


def child_env(ctx, **extra) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", YJD_LOG_DIR=str(ctx.tmp / "log"),
               YJD_DATA_DIR=str(ctx.tmp / "data"), XDG_CONFIG_HOME=str(ctx.tmp / "config"),
               PYTHONDONTWRITEBYTECODE="1")
    env.update(extra)
    return env


def spawn(cmd: list[str], env: dict) -> tuple[float, str]:
    """Run ``cmd``; its wall time in seconds and its stdout."""
    t = time.perf_counter()
    # a probe that never shows its window (a dialog waiting for a user) fails the measure
    # instead of hanging the runner, and the test of the runner with it
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=REPO, timeout=180)
    wall = time.perf_counter() - t
    out = p.stdout.decode(errors="replace")
    if p.returncode != 0:
        raise RuntimeError(f"{cmd[1:3]} exited {p.returncode}: {out[-300:]}")
    return wall, out


def last_json(out: str) -> dict:
    return json.loads(out.strip().splitlines()[-1])


def run_startup(ctx, env) -> Figure:
    penv = child_env(ctx, YJD_BENCH_USER=env.username, YJD_BENCH_PASSWORD=env.password)
    app_cmd = [sys.executable, str(HERE / "probes" / "gui_probe.py"), "--db", str(env.path),
               "--user", env.username]
    bare_cmd = [sys.executable, str(HERE / "probes" / "bare_window.py")]
    hashes, rss, bare_rss, shown, pages = [], [], [], [], set()

    def app(_i):
        wall, out = spawn(app_cmd, penv)
        marks = last_json(out)
        if "error" in marks:
            raise RuntimeError(marks["error"])
        hashes.append(marks["hash_ms"] / 1000)
        shown.append(marks["shown_s"])
        rss.append(marks["peak_rss_kb"])
        pages.add(marks["page"])
        return wall

    def bare(_i):
        bare_rss.append(last_json(spawn(bare_cmd, penv)[1])["peak_rss_kb"])

    spawn(bare_cmd, penv)  # warm the file cache for both
    app(0)
    hashes.clear(), rss.clear(), shown.clear()
    walls = []

    def timed_app(i):
        walls.append(app(i))

    a, b = interleave(timed_app, bare, ctx.samples(7, 3), block=1)
    # the wall time minus the password hash of that run
    net = [w - h for w, h in zip(walls, hashes, strict=True)]
    med = sorted(hashes)[len(hashes) // 2]
    return Figure("", None, net, "bare PySide6 window", b, {
        "hash_ms": round(med * 1000, 1), "with_hash_ms": round(sorted(walls)[len(walls) // 2] * 1000, 1),
        "peak_rss_mb": round(max(rss) / 1024, 1), "bare_peak_rss_mb": round(max(bare_rss) / 1024, 1),
        "first_page": ",".join(sorted(pages))})


def _month() -> tuple[str, datetime, datetime]:
    """The last whole month (Seoul), its bounds as stored."""
    first_this = datetime.now(SEOUL).date().replace(day=1)
    first_last = (first_this - timedelta(days=1)).replace(day=1)
    return (f"{first_last:%Y-%m}", datetime.combine(first_last, dtime(), SEOUL),
            datetime.combine(first_this, dtime(), SEOUL))


def run_export(ctx, env) -> Figure:
    month, start, end = _month()
    out_app, out_bare = ctx.tmp / "export_app.csv", ctx.tmp / "export_bare.csv"
    penv = child_env(ctx)
    app_cmd = [sys.executable, MAIN, "export", "bookings", "--db", str(env.path), "--facility",
               env.facility_code, "--month", month, "-o", str(out_app)]
    bare_cmd = [sys.executable, str(HERE / "probes" / "bare_export.py"), str(env.path),
                env.facility_code, fmt(start), fmt(end), str(out_bare)]
    spawn(bare_cmd, penv), spawn(app_cmd, penv)
    a, b = interleave(lambda _i: spawn(app_cmd, penv), lambda _i: spawn(bare_cmd, penv),
                      ctx.samples(7, 3), block=1)
    with open(out_bare, encoding="utf-8-sig") as f:
        rows = sum(1 for _ in f) - 1
    return Figure("", rows, a, "bare sqlite3 + csv script", b, {"month": month})


STACK = "import argon2, sqlmodel, sqlalchemy.dialects.sqlite"


def run_startup_floor(ctx, env) -> Figure:
    """What the fixed stack alone costs: the bare window with PySide6, SQLModel (and with it
    SQLAlchemy and pydantic) and argon2 imported first, no app code. Its ratio to the bare
    window is the least any start-up of this stack can reach."""
    penv = child_env(ctx)
    bare_cmd = [sys.executable, str(HERE / "probes" / "bare_window.py")]
    floor_cmd = [sys.executable, "-c", f"{STACK}; import runpy; runpy.run_path({bare_cmd[1]!r})"]
    spawn(bare_cmd, penv), spawn(floor_cmd, penv)
    a, b = interleave(lambda _i: spawn(floor_cmd, penv), lambda _i: spawn(bare_cmd, penv),
                      ctx.samples(7, 3), block=1)
    return Figure("", None, a, "bare PySide6 window", b)


def run_export_floor(ctx, env) -> Figure:
    """The bare export script with SQLModel imported first: the least a command that
    reads through the app's models can take, against the bare script."""
    month, start, end = _month()
    penv = child_env(ctx)
    script = str(HERE / "probes" / "bare_export.py")
    args = [str(env.path), env.facility_code, fmt(start), fmt(end), str(ctx.tmp / "export_floor.csv")]
    bare_cmd = [sys.executable, script, *args]
    floor_cmd = [sys.executable, "-c",
                 f"{STACK}; import runpy, sys; sys.argv = {[script, *args]!r}; runpy.run_path({script!r})"]
    spawn(bare_cmd, penv), spawn(floor_cmd, penv)
    a, b = interleave(lambda _i: spawn(floor_cmd, penv), lambda _i: spawn(bare_cmd, penv),
                      ctx.samples(7, 3), block=1)
    return Figure("", None, a, "bare sqlite3 + csv script", b)


def run_help(ctx, env) -> Figure:
    penv = child_env(ctx)
    app_cmd, bare_cmd = [sys.executable, MAIN, "--help"], [sys.executable, "-c", "pass"]
    spawn(app_cmd, penv)
    a, b = interleave(lambda _i: spawn(app_cmd, penv), lambda _i: spawn(bare_cmd, penv),
                      ctx.samples(15, 5), block=1)
    return Figure("", None, a, "python -c pass", b)


MEASURES = [
    Measure("startup", "≤ 3× bare window, hash excluded; RSS < 250 MB", "bare PySide6 window",
            run_startup, verdict=lambda f, fs: f.ratio <= 3 and f.extra["peak_rss_mb"] < 250),
    Measure("startup_floor", "the stack's floor (no budget)", "bare PySide6 window",
            run_startup_floor),
    Measure("export_csv", "≤ 5× bare script", "bare sqlite3 + csv script", run_export,
            verdict=lambda f, fs: f.ratio <= 5),
    Measure("export_floor", "the stack's floor (no budget)", "bare sqlite3 + csv script",
            run_export_floor),
    Measure("help", "< 150 ms", "python -c pass", run_help, verdict=lambda f, fs: f.app_ms < 150),
]
