"""GUI fixtures: an application context logged in as a given role, and a main window.

GUI tests run once, on SQLite (``db`` below overrides the backend-parametrized ``db`` of
tests/conftest.py); the PostgreSQL pass covers the services. Work that pages hand to the
worker thread is awaited with ``wait_worker`` (tests/factories/gui.py) instead of sleeping.
"""

from __future__ import annotations

import pytest

from gui.context import AppContext
from tests.factories.gui import WorkerErrorGuard, type_text, wait_worker  # noqa: F401  (older imports from here)


@pytest.fixture
def db(sqlite_db):
    """SQLite only: the GUI tests are not run a second time on PostgreSQL."""
    return sqlite_db


@pytest.fixture(autouse=True)
def _fail_on_worker_errors(request, monkeypatch):
    """Fail a GUI test in which work handed to a worker raised an unexpected error (one that
    went to the crash dialog): ``ctx.run(lambda: 1 / 0)`` must not pass silently. A test
    that makes a worker fail on purpose says so with ``@pytest.mark.expect_worker_errors``
    and gets the errors as ``request.node.worker_errors``."""
    guard = WorkerErrorGuard(monkeypatch)
    request.node.worker_errors = guard.seen
    yield
    if guard.problem() and request.node.get_closest_marker("expect_worker_errors") is None:
        pytest.fail(guard.problem(), pytrace=False)


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
