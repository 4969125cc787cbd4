"""Nothing slow on the GUI thread: with every SQL statement delayed by one second (an
injected engine event, as a PostgreSQL server across a slow network would be), opening and
refreshing each page keeps the event loop turning and shows that the page is loading.

A QTimer ticking every 20 ms counts how often the event loop ran while a page loads; a
read on the GUI thread would stop it for a whole second per statement.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories.gui import wait_worker
from tests.factories.slow_engine import LoopWatch, SlowEngine, assert_loading_without_freezing

# every page that reads the database (시스템 관리 reads the backup folder's manifests, not the
# database: a slow engine does not slow it)
PAGES = ["youth", "bookings", "booths", "arrivals", "counseling", "companies", "courses", "reports", "facilities", "staff",
         "audit", "access_review", "privacy"]


@pytest.fixture
def slow(db):
    with SlowEngine(db.engine) as engine:
        yield engine


@pytest.fixture
def admin_window(world, services, make_window, qtbot):
    services.facilities.add_room(world.admin, world.a, {"name": "스터디룸 A", "kind": "study_room",
                                                        "capacity": 4})
    window = make_window(world.admin)
    window.resize(1366, 768)
    wait_worker(qtbot, window.ctx)
    return window


@pytest.mark.parametrize("key", PAGES)
def test_opening_and_refreshing_a_page_keeps_the_window_turning(admin_window, slow, qtbot, key):
    window, watch = admin_window, LoopWatch()
    # start on another page, so that opening this one is what loads it
    other = next(k for k in PAGES if k != key)
    window.show_page(other)
    wait_worker(qtbot, window.ctx)
    window.pages[key]._stale = True
    page = window.pages[key]
    assert_loading_without_freezing(qtbot, page, watch, slow, lambda: window.show_page(key))
    assert_loading_without_freezing(qtbot, page, watch, slow, page.refresh)


def test_the_rooms_ticker_and_day_moves_keep_the_window_turning(admin_window, slow, qtbot):
    window, watch = admin_window, LoopWatch()
    page = window.show_page("bookings")
    wait_worker(qtbot, window.ctx)
    assert_loading_without_freezing(qtbot, page, watch, slow, page._tick)
    assert_loading_without_freezing(qtbot, page, watch, slow, lambda: page.go_to(date(2026, 11, 30)))
    assert page.day_label.text().startswith("11월 30일")


def test_an_overtaken_load_is_not_shown(admin_window, slow, qtbot):
    """Two quick moves: the first day's late result must not replace the second's."""
    window = admin_window
    page = window.show_page("bookings")
    wait_worker(qtbot, window.ctx)
    slow.on = True
    try:
        page.go_to(date(2026, 11, 30))
        qtbot.wait(50)
        page.go_to(date(2026, 12, 1))
    finally:
        slow.on = False
    wait_worker(qtbot, window.ctx, timeout=20000)
    assert page.view.day == date(2026, 12, 1) == page.day
