"""Python's cyclic garbage collector, run on the GUI thread only.

The collector runs on whichever thread happens to allocate when its threshold is reached.
With reads on a pool thread, that can be a worker: a cycle that holds a Qt widget (a closed
dialog and the lambdas connected to it) would then be destroyed off the GUI thread, which
crashes Qt. So the automatic collector is switched off and the GUI thread collects instead,
from a timer, whenever the counts pass the thresholds (the pattern calibre and other
PyQt/PySide programs use). Reference counting frees everything else as usual.

A full collection (generation 2) walks every object the process holds, so its cost grows
with the heap. CPython's own collector holds full collections back until the long-lived
objects have grown by a quarter; a manual ``gc.collect(2)`` skips that rule, so this one
spaces them by their own cost instead: after a full collection that took *t*, the next
waits at least ``FULL_SPACING`` × *t* (and ``FULL_MIN_GAP_S``), which keeps full
collections under 1 % of the time however large the heap grows. Generations 0 and 1 run
in the meantime and free the short-lived cycles (closed dialogs) as before.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500
FULL_SPACING = 100  # the next full collection waits 100× the last one's duration
FULL_MIN_GAP_S = 5.0


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject, *, clock=time.monotonic):
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self.clock = clock
        self.next_full = 0.0  # the clock's time from which a full collection may run
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> int | None:
        """Collect the oldest generation whose count passed its threshold; the generation
        collected, or None."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] <= self.threshold[generation]:
                continue
            if generation == 2:
                if self.clock() < self.next_full:
                    continue  # too soon after the last full one: a younger generation instead
                began = self.clock()
                gc.collect(2)
                ended = self.clock()
                self.next_full = ended + max(FULL_MIN_GAP_S, FULL_SPACING * (ended - began))
            else:
                gc.collect(generation)
            return generation
        return None


def install() -> GuiThreadCollector | None:
    """Once per application (the worker calls it); a no-op without a Qt application."""
    app = QCoreApplication.instance()
    if app is None:
        return None
    found = app.findChild(GuiThreadCollector)
    return found or GuiThreadCollector(app)
