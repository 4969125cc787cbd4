"""Python's cyclic garbage collector, run on the GUI thread only.

The collector runs on whichever thread happens to allocate when its threshold is reached.
With reads on a pool thread, that can be a worker: a cycle that holds a Qt widget (a closed
dialog and the lambdas connected to it) would then be destroyed off the GUI thread, which
crashes Qt. So the automatic collector is switched off and the GUI thread collects instead,
from a timer, whenever the counts pass the thresholds (the pattern calibre and other
PyQt/PySide programs use). Reference counting frees everything else as usual.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.threshold[generation]:
                gc.collect(generation)
                return


def install() -> GuiThreadCollector | None:
    """Once per application (the worker calls it); a no-op without a Qt application."""
    app = QCoreApplication.instance()
    if app is None:
        return None
    found = app.findChild(GuiThreadCollector)
    return found or GuiThreadCollector(app)
