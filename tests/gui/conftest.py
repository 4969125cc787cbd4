"""GUI fixtures: an application context logged in as a given role, and a main window.

Every GUI test runs on each backend through the ``services`` fixture. Work that pages
hand to the worker thread is awaited with ``wait_worker`` instead of sleeping.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from gui.context import AppContext


@pytest.fixture(autouse=True)
def _quiet_errors(qapp):
    # unexpected errors print to stderr instead of opening a modal box in tests
    qapp.setProperty("yjd_quiet_errors", True)
    qapp.setProperty("yjd_no_relogin", True)
    yield


@pytest.fixture
def app_style(qapp):
    """The application's own font and style sheet, as the real window has them (sizes and
    layout tests need them; most tests run without, which is faster)."""
    from gui.common.style import apply_style

    font, sheet, style = qapp.font(), qapp.styleSheet(), qapp.style().name()
    apply_style(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    qapp.setStyle(style)


def wait_worker(qtbot, ctx: AppContext, timeout: int = 10000) -> None:
    """Wait until every task handed to the worker has finished and delivered its result."""
    qtbot.waitUntil(lambda: not ctx.worker.busy, timeout=timeout)
    QApplication.processEvents()


@pytest.fixture
def make_ctx(services, qtbot):
    """``make_ctx(actor, facility_code=None)`` -> AppContext logged in as that actor."""
    made = []

    def make(actor, facility_code: str | None = None) -> AppContext:
        ctx = AppContext(services)
        ctx.set_actor(actor, facility_code)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.worker.wait()


@pytest.fixture
def make_window(make_ctx, qtbot):
    """``make_window(actor)`` -> a shown MainWindow for that actor."""
    from gui.shell.main_window import MainWindow

    def make(actor, facility_code: str | None = None, **kw) -> MainWindow:
        ctx = make_ctx(actor, facility_code)
        window = MainWindow(ctx, **kw)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


def type_text(qtbot, widget, text: str) -> None:
    """Type like a user: ASCII as key presses, Hangul as the input method commits it.

    QTest.keyClicks only knows ASCII; Korean text would abort the test process.
    """
    from PySide6.QtGui import QInputMethodEvent
    widget.setFocus()
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)
