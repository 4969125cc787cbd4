"""The daily backup while the app runs: once shortly after start (the first start of the day
makes the day's copy) and then every 24 hours.

Each run asks ``BackupService.backup_if_due`` on the worker's read pool (a copy reads the
database and blocks no writer, so the desk's write lane never waits behind it); the service
decides whether a verified copy of today exists already, so several windows or PCs on one
file make one copy a day between them, give or take a race at the same minute. Nothing
happens on PostgreSQL. A copy that could not be made, or failed its verification, is
logged (Korean message only, no personal data) and said through ``failed``; the next run
tries again.

One scheduler per application context (``ensure_started``), so a window reopened after a
logout or a restore does not start a second one; it reads ``ctx.services`` at every run,
so after a restore it backs up the restored file.
"""

from __future__ import annotations

import logging
import weakref

from PySide6.QtCore import QObject, QTimer, Signal

from models.lifecycle.service import BackupService

log = logging.getLogger(__name__)
FIRST_DELAY_MS = 15_000  # after the window's first pages have loaded
INTERVAL_MS = 24 * 3600 * 1000

_SCHEDULERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class BackupScheduler(QObject):
    backed_up = Signal(object)  # a BackupResult (a copy was made, verified or not)
    failed = Signal(object)  # a DomainError: no copy

    def __init__(self, ctx, *, first_delay_ms: int = FIRST_DELAY_MS, interval_ms: int = INTERVAL_MS,
                 service=None, parent=None):
        super().__init__(parent if parent is not None else ctx)
        self.ctx = ctx
        self._service = service  # tests give one with their own folder
        self.running = False
        self.first = QTimer(self)
        self.first.setSingleShot(True)
        self.first.setInterval(first_delay_ms)
        self.first.timeout.connect(self.run_due)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run_due)

    def start(self) -> None:
        if not self.timer.isActive():
            self.first.start()
            self.timer.start()

    def stop(self) -> None:
        self.first.stop()
        self.timer.stop()

    def service(self) -> BackupService:
        return self._service if self._service is not None else BackupService.of(self.ctx.services)

    def run_due(self) -> None:
        """Back up now if no verified copy of today exists (on the read pool)."""
        service = self.service()
        if self.running or service.server_managed:
            return
        self.running = True

        def done(result) -> None:
            self.running = False
            if result is None:
                return
            if not result.ok:
                log.warning("the daily backup %s failed its verification: %s", result.entry.name, result.entry.problem)
            self.backed_up.emit(result)

        def failed(exc) -> None:
            self.running = False
            log.warning("the daily backup was not made: %s", getattr(exc, "message", type(exc).__name__))
            self.failed.emit(exc)

        self.ctx.worker.load(service.backup_if_due, done, failed, always=self._settle)

    def _settle(self) -> None:
        self.running = False


def scheduler_of(ctx) -> BackupScheduler | None:
    return _SCHEDULERS.get(ctx)


def ensure_started(ctx, **kw) -> BackupScheduler:
    """The context's scheduler, made and started at the first call."""
    scheduler = _SCHEDULERS.get(ctx)
    if scheduler is None:
        scheduler = _SCHEDULERS[ctx] = BackupScheduler(ctx, **kw)
        scheduler.start()
    return scheduler
