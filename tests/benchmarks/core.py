"""The benchmark runner's parts: measures, figures, interleaved sampling, medians.

A **measure** (``Measure``) names one thing the app does and the bare baseline it is
compared with (raw SQL, a bare PySide6 window, a bare csv script). Its ``run(ctx, env)``
samples both, interleaved, on one environment (``env``: a database with its services) and
returns a ``Figure``: the app's and the baseline's samples in seconds and the rows the
environment holds. A measure with a ``series`` ("youth", "audit", "booth", "booking") is
run once per size of that series (10 k / 100 k / 1 M rows), so its growth can be read off;
one without a series runs once on the main environment.

Each area adds ``tests/benchmarks/measures/<area>.py`` exposing ``MEASURES`` (a list) and
lists the module in ``measures/__init__.py``. Nothing here asserts a timing: the targets
are printed next to the figures with a PASS/FAIL verdict, as budgets.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Figure:
    name: str
    rows: int | None
    app: list[float]  # seconds
    baseline_name: str
    baseline: list[float]  # seconds; empty when the target is absolute only
    extra: dict = field(default_factory=dict)  # other figures for the JSON (hash_ms, peak_rss_mb…)

    @property
    def app_ms(self) -> float:
        return statistics.median(self.app) * 1000

    @property
    def baseline_ms(self) -> float | None:
        return statistics.median(self.baseline) * 1000 if self.baseline else None

    @property
    def ratio(self) -> float | None:
        b = self.baseline_ms
        return self.app_ms / b if b else None


@dataclass
class Measure:
    name: str
    target: str  # the budget, as printed
    baseline: str  # what the baseline is, as printed
    run: Callable  # run(ctx, env) -> Figure
    series: str | None = None  # the growth series it runs on (None: once, main environment)
    # verdict(figure at this size, every figure of the series so far) -> True/False/None
    verdict: Callable[[Figure, list[Figure]], bool | None] = lambda f, fs: None
    backends: tuple[str, ...] = ("sqlite",)  # where it runs ("postgresql" too: --database-url)


def interleave(app: Callable[[int], object], base: Callable[[int], object], n: int,
               block: int = 1) -> tuple[list[float], list[float]]:
    """``n`` samples of each, taken in alternating blocks of ``block`` (ABBA order, so that
    neither side always goes first); ``app(i)``/``base(i)`` get the sample's number. The
    cyclic collector is kept out of the timed calls."""
    a, b = [], []
    i = 0
    was = gc.isenabled()
    gc.disable()
    try:
        k = 0
        while len(a) < n or len(b) < n:
            order = (app, a), (base, b)
            if k % 2:
                order = order[::-1]
            for fn, out in order:
                for _ in range(block):
                    if len(out) >= n:
                        break
                    t = time.perf_counter()
                    fn(i)
                    out.append(time.perf_counter() - t)
                    i += 1
            k += 1
            gc.collect()
    finally:
        if was:
            gc.enable()
    return a, b


def flat(figures: list[Figure], limit: float = 2.0) -> bool | None:
    """Flat growth: the app's median at the largest size at most ``limit`` times the one at
    the smallest (None with a single size)."""
    if len(figures) < 2:
        return None
    return figures[-1].app_ms <= limit * figures[0].app_ms


def growth_text(figures: list[Figure]) -> str:
    parts = [f"{_rows(f.rows)} {f.app_ms:.2f} ms" for f in figures]
    g = figures[-1].app_ms / figures[0].app_ms if figures[0].app_ms else float("nan")
    b = ""
    if figures[0].baseline_ms and figures[-1].baseline_ms:
        b = f"; baseline x{figures[-1].baseline_ms / figures[0].baseline_ms:.2f}"
    return " → ".join(parts) + f"  (app x{g:.2f} over the series{b})"


def _rows(n: int | None) -> str:
    if n is None:
        return "-"
    if n >= 1_000_000:
        return f"{n / 1_000_000:.3g}M"
    if n >= 1000:
        return f"{n / 1000:.3g}k"
    return str(n)


def rows_text(n: int | None) -> str:
    return _rows(n)
