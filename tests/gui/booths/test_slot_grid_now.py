"""The booth week grid's now line runs under the slots, not through their text, and shows
on a slot as a notch at each side (issue 11, item 8). The clock is Friday 2026-11-27 10:00
in Seoul; the test books the 11:00–11:50 slot and moves the clock to 11:20."""

from __future__ import annotations

from PySide6.QtGui import QColor

from gui.desk.lane_grid import NOW
from models.booths.enums import SessionType
from tests.factories.booths_page import slot_id
from tests.factories.gui import wait_worker

RED = QColor(NOW)


def _is_now(c: QColor) -> bool:
    return abs(c.red() - RED.red()) < 40 and abs(c.green() - RED.green()) < 40 and abs(c.blue() - RED.blue()) < 40


def test_the_now_line_does_not_cross_a_booked_slots_text(desk, services, clock, open_page, qtbot):
    sid = slot_id(services, desk, "11:00")
    services.booths.book(desk.w.front_desk, sid, desk.hong, list(SessionType)[0])
    clock.advance(minutes=80)
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    qtbot.waitUntil(lambda: sid in page.by_id, timeout=3000)
    grid = page.grid
    grid.set_week(grid.monday, page.booths, page.rows, page.now(), page.day)
    qtbot.wait(20)
    image = grid.viewport().grab().toImage()
    rect = grid.slot_rect(page.by_id[sid])
    y = int(grid._y(11 * 60 + 20))
    assert rect.top() < y < rect.bottom()
    inside = [image.pixelColor(x, y) for x in range(int(rect.left()) + 8, int(rect.right()) - 8)]
    assert inside and not any(_is_now(c) for c in inside), "the line runs under the slot"
    notch = [image.pixelColor(x, y) for x in range(int(rect.left()) + 1, int(rect.left()) + 5)]
    assert any(_is_now(c) for c in notch), "and shows as a notch at its side"
