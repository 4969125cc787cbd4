"""예약 page: the no-show notices strip has its own room above the grid (issue 11, item 3).

It used to be hidden when there was nothing to act on and pushed the grid down about 45 px
when a candidate appeared (and back up when it went). Now it is always there at one height,
saying so when it is empty, and the grid stays where it is; the undo line that follows a
no-show (item 2) sits in the title row and moves nothing either. SQLite, FakeClock Friday
2026-11-27 10:00 in Seoul.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from tests.factories.gui import wait_worker
from tests.factories.rooms_page import book
from tests.factories.world import youth_data


def grid_top(page) -> int:
    return page.grids.mapTo(page, QPoint(0, 0)).y()


def test_the_grid_stays_put_when_candidates_come_and_go(desk, services, clock, open_page, qtbot, app_style):
    bid = book(services, desk, "10:00", "12:00")
    page = open_page(desk.w.front_desk)
    strip = page.notices
    top, strip_height = grid_top(page), strip.height()

    clock.advance(minutes=16)
    page._tick()
    wait_worker(qtbot, page.ctx)
    assert bid in strip.no_show_buttons and strip.no_show_buttons[bid].isVisible()
    assert (grid_top(page), strip.height()) == (top, strip_height)  # the grid did not move
    assert strip.has_notices

    qtbot.mouseClick(strip.no_show_buttons[bid], Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert (grid_top(page), strip.height()) == (top, strip_height)
    assert strip.isVisible() and not strip.has_notices and page.undo_bar.isVisible()
    assert "처리할 알림이 없습니다" in strip.empty.text() and "시작 15분이 지나도록" in strip.empty.text()

    page.undo_bar.dismiss()
    assert grid_top(page) == top


def test_more_notices_than_fit_scroll_inside_the_strip(desk, services, clock, open_page, qtbot, app_style):
    lee = services.youth.create(desk.w.front_desk, desk.a, youth_data(
        name="이영희", phone="010-4444-5555", email="lee@example.com", birth_date="2000-05-06"))
    ids = [book(services, desk, start, end, youth=youth, room=room)
           for start, end, youth, room in (("10:00", "10:30", desk.hong, desk.room_a),
                                           ("10:30", "11:00", desk.kim, desk.room_a),
                                           ("10:00", "11:00", lee, desk.room_b))]
    page = open_page(desk.w.front_desk)
    top, height = grid_top(page), page.notices.height()
    clock.advance(minutes=50)  # 10:50: all three are candidates
    page._tick()
    wait_worker(qtbot, page.ctx)
    strip = page.notices
    assert set(strip.no_show_buttons) == set(ids)
    assert "노쇼 후보 3건" in strip.counts.text()
    assert (grid_top(page), strip.height()) == (top, height)
    # the third line is scrolled to (the layout settles on the next event loop turn)
    qtbot.waitUntil(lambda: strip.scroll.verticalScrollBar().maximum() > 0, timeout=2000)
