"""Run database and PDF work off the GUI thread.

Two lanes, as Picard keeps a separate one-thread save pool:

- ``load(fn, on_done, on_error)`` runs a read on the read pool (two threads), in the spirit
  of Anki's ``QueryOp``;
- ``run(fn, on_done, on_error)`` runs a write on the write lane, one thread, so two writes
  from one desk finish in the order they were made.

Each delivers the result or the exception back on the GUI thread. Known errors
(``DomainError``) go to ``on_error``; anything else goes to the crash handler (and to
``Worker.unexpected``, which the GUI tests watch). A result for a widget closed meanwhile is
dropped.

``AccessChanged`` (a service refused the logged-in actor: the account was deactivated or
its roles changed from another desk) goes to ``on_error`` like any known error, so the
form that asked shows why nothing happened, and also to ``Worker.access_changed``: the
main window then reads the account again and logs out or reopens its pages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from gui.common import gc_guard
from models.core.errors import AccessChanged, DomainError

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
    unexpected = Signal(object)  # an exception that was not a DomainError
    access_changed = Signal(object)  # AccessChanged: the actor is stale (see the module)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        gc_guard.install()  # cycles holding widgets are never collected on a pool thread
        self.reads = QThreadPool(self)
        self.reads.setMaxThreadCount(2)
        self.writes = QThreadPool(self)
        self.writes.setMaxThreadCount(1)  # writes keep their order
        self._running = 0
        self._keep: set[_Task] = set()

    @property
    def busy(self) -> bool:
        return self._running > 0

    def run(self, fn: Callable[[], object], on_done: Callable[[object], None] | None = None,
            on_error: Callable[[DomainError], None] | None = None, always=None) -> None:
        """A write, on the one-thread write lane."""
        self._start(self.writes, fn, on_done, on_error, always)

    def load(self, fn: Callable[[], object], on_done: Callable[[object], None] | None = None,
             on_error: Callable[[DomainError], None] | None = None, always=None) -> None:
        """A read, on the read pool. ``always()`` runs last, whatever the outcome (also
        after an unexpected error that went to the crash dialog)."""
        self._start(self.reads, fn, on_done, on_error, always)

    def _start(self, pool: QThreadPool, fn, on_done, on_error, always=None) -> None:
        task = _Task(fn)
        task.setAutoDelete(False)
        self._keep.add(task)
        self._running += 1
        self.started.emit()

        def finish():
            self._keep.discard(task)
            self._running -= 1
            try:
                if always and _alive(always):
                    _deliver(lambda _v: always(), None)
            finally:
                self.finished.emit()

        def done(result):
            try:
                if on_done and _alive(on_done):
                    _deliver(on_done, result)
            finally:
                finish()

        def failed(exc):
            try:
                if isinstance(exc, AccessChanged):
                    if on_error and _alive(on_error):
                        _deliver(on_error, exc)
                    self.access_changed.emit(exc)
                elif isinstance(exc, DomainError) and on_error:
                    if _alive(on_error):
                        _deliver(on_error, exc)
                else:
                    if not isinstance(exc, DomainError):
                        self.unexpected.emit(exc)
                    from gui.common.crash import report
                    report(exc)
            finally:
                finish()

        task.signals.done.connect(done)
        task.signals.failed.connect(failed)
        pool.start(task)

    def wait(self, msecs: int = 10000) -> bool:
        return self.writes.waitForDone(msecs) and self.reads.waitForDone(msecs)
