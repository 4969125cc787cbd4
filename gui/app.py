"""Start-up of the GUI: first run or login, then the main window."""

from __future__ import annotations

from gui.context import ORG, AppContext
from models.registry import Services

BACKUP_START_MS = 5000


def run_gui(services: Services, *, username: str | None = None) -> int:
    """Show first-run or login, then the main window. Returns the exit code."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from gui.common import crash
    from gui.common.style import apply_style
    from gui.shell.login import obtain_actor
    from gui.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    app.setApplicationName("청년일자리 데스크")
    app.setOrganizationName(ORG)
    apply_style(app)
    crash.install()
    ctx = AppContext(services)
    actor = obtain_actor(ctx, username)
    if actor is None:
        return 0  # otherwise the login has logged ctx in, with the actor's facilities
    window = MainWindow(ctx)
    window.show()
    # the daily backup, imported and started once the window has settled (its first copy is
    # due 15 s after the start anyway)
    QTimer.singleShot(BACKUP_START_MS, lambda: _start_backups(ctx))
    return app.exec()


def _start_backups(ctx: AppContext) -> None:
    """The daily backup of an SQLite database while the app runs (gui/lifecycle/scheduler)."""
    from gui.lifecycle.scheduler import ensure_started
    ensure_started(ctx)
