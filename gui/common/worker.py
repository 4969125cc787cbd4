"""Run database and PDF work off the GUI thread.

``run(fn, on_done, on_error)`` executes ``fn()`` on a pool thread and delivers the result
or the exception back on the GUI thread. Known errors (``DomainError``) go to
``on_error``; anything else goes to the crash handler.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from models.core.errors import DomainError

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], object]):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # delivered to the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


def _alive(fn) -> bool:
    """False when ``fn`` is a method of a Qt object deleted while the task ran (a closed
    panel or dialog): its result is then dropped instead of raising in the GUI thread."""
    owner = getattr(fn, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


def _deliver(fn, value) -> None:
    """Call ``fn``; a callback (often a lambda) that touches a widget deleted while the task
    ran is dropped: the user closed what would have shown the result."""
    try:
        fn(value)
    except RuntimeError as exc:
        if "already deleted" not in str(exc):
            raise
        log.info("dropped a late result for a closed widget")


class Worker(QObject):
    """One per application. ``busy`` tells tests and the status bar that work is running."""

    started = Signal()
    finished = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._running = 0
        self._keep: set[_Task] = set()

    @property
    def busy(self) -> bool:
        return self._running > 0

    def run(self, fn: Callable[[], object], on_done: Callable[[object], None] | None = None,
            on_error: Callable[[DomainError], None] | None = None) -> None:
        task = _Task(fn)
        task.setAutoDelete(False)
        self._keep.add(task)
        self._running += 1
        self.started.emit()

        def finish():
            self._keep.discard(task)
            self._running -= 1
            self.finished.emit()

        def done(result):
            try:
                if on_done and _alive(on_done):
                    _deliver(on_done, result)
            finally:
                finish()

        def failed(exc):
            try:
                if isinstance(exc, DomainError) and on_error:
                    if _alive(on_error):
                        _deliver(on_error, exc)
                else:
                    from gui.common.crash import report
                    report(exc)
            finally:
                finish()

        task.signals.done.connect(done)
        task.signals.failed.connect(failed)
        self.pool.start(task)

    def wait(self, msecs: int = 10000) -> bool:
        return self.pool.waitForDone(msecs)
