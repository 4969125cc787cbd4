"""A database whose every statement is delayed, and a watch on the Qt event loop: what the
tests that nothing slow runs on the GUI thread share (tests/gui/test_delayed_engine.py and
the pages' own slow-database tests)."""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QElapsedTimer, QTimer
from sqlalchemy import event

from tests.factories.gui import wait_worker

DELAY_S = 1.0
WATCH_MS = 600  # how long the loop is watched after a page starts loading


class SlowEngine:
    """Delays every statement of ``engine`` by ``DELAY_S`` while ``on`` is set."""

    def __init__(self, engine):
        self.engine, self.on, self.statements = engine, False, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._delay)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._delay)

    def _delay(self, *_args):
        if self.on:
            self.statements += 1
            time.sleep(DELAY_S)


class LoopWatch:
    """Counts the ticks of a 20 ms timer and the longest gap between two of them.

    The watch starts after a full garbage collection: the test process holds what every
    test before this one left, so a full collection falling inside the watch could take a
    second there (the app's own heap is a small part of that). What the collector did
    during the watch is kept in ``collections`` and named when the window froze."""

    def __init__(self):
        self.ticks, self.longest = 0, 0
        self.collections: list[tuple[int, float]] = []  # (generation, ms) during the watch
        self._began = 0.0
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)

    def _tick(self):
        gap = self.clock.restart()
        self.ticks += 1
        self.longest = max(self.longest, gap)

    def watch(self, qtbot, msecs: int, start) -> None:
        """Run ``start`` from the event loop while the timer ticks, and watch for ``msecs``."""
        self.ticks, self.longest, self.collections = 0, 0, []
        gc.collect()
        gc.callbacks.append(self._collected)
        try:
            self.clock.start()
            self.timer.start()
            QTimer.singleShot(40, start)
            qtbot.wait(msecs)
            self.timer.stop()
        finally:
            gc.callbacks.remove(self._collected)

    def _collected(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.collections.append((info["generation"], (time.perf_counter() - self._began) * 1000))


def assert_loading_without_freezing(qtbot, page, watch: LoopWatch, slow: SlowEngine, start) -> None:
    before = slow.statements
    slow.on = True
    try:
        watch.watch(qtbot, WATCH_MS, start)
        assert watch.ticks >= 10, f"{page.key}: the event loop ran {watch.ticks} times in {WATCH_MS} ms"
        assert watch.longest < 300, (
            f"{page.key}: the window froze for {watch.longest} ms"
            f" (garbage collections meanwhile, generation and ms: {watch.collections})")
        assert page.loading and page.loading_label.isVisible(), f"{page.key}: no loading state shown"
    finally:
        slow.on = False
    wait_worker(qtbot, page.ctx, timeout=20000)
    assert slow.statements > before, f"{page.key}: the load ran no statement while it was slow"
    assert not page.loading and not page.loading_label.isVisible(), f"{page.key}: still loading"
