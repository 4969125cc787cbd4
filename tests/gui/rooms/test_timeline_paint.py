"""What the day timeline draws at 1366×768 (issue 11, item 8): the now badge sits under the
hour labels and inside the header, the now line does not cross a booking's text, and a
one-hour block still says when it ends and its status.

The clock is Friday 2026-11-27 10:00 in Seoul; the test moves it to 11:20.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from gui.desk.blocks import block_lines
from gui.desk.lane_grid import NOW
from tests.factories.rooms_page import book

RED = QColor(NOW)


def _is_now(c: QColor) -> bool:
    return abs(c.red() - RED.red()) < 40 and abs(c.green() - RED.green()) < 40 and abs(c.blue() - RED.blue()) < 40


def _shown(page, qtbot):
    page.resize(1366 - 210, 768 - 70)  # the page's share of a 1366×768 window
    qtbot.wait(30)
    return page.timeline.viewport().grab().toImage()


def test_the_now_badge_is_under_the_hour_labels_and_whole(desk, services, clock, open_page, qtbot):
    clock.advance(hours=1, minutes=20)  # 11:20
    page = open_page(desk.w.front_desk)
    page.refresh()
    qtbot.waitUntil(lambda: page.timeline.now is not None, timeout=3000)
    image, grid = _shown(page, qtbot), page.timeline
    x = int(grid.rect_for(0, 11 * 60 + 20, 11 * 60 + 20).left())
    from PySide6.QtGui import QFontMetrics
    labels = QFontMetrics(grid.f_small).height() + 7  # the hour labels' band
    column = [image.pixelColor(x, y) for y in range(grid.header)]
    assert not any(_is_now(c) for c in column[:labels]), "nothing red over the hour labels"
    red = [y for y, c in enumerate(column) if _is_now(c)]
    assert red and min(red) > labels and max(red) < grid.header, "the whole badge is inside the header"


def test_the_now_line_does_not_cross_a_blocks_text(desk, services, clock, open_page, qtbot):
    booking = book(services, desk, "11:00", "12:00", headcount=3)
    clock.advance(hours=1, minutes=20)  # 11:20, inside the booking
    page = open_page(desk.w.front_desk)
    page.refresh()
    qtbot.waitUntil(lambda: any(b.id == booking for b in page.view.bookings), timeout=3000)
    image, grid = _shown(page, qtbot), page.timeline
    lane = next(i for i, ln in enumerate(grid.lanes) if any(b.id == booking for b in ln.bookings))
    row = next(b for b in grid.lanes[lane].bookings if b.id == booking)
    block = grid.block_rect(lane, row)
    x = int(grid.rect_for(lane, 11 * 60 + 20, 11 * 60 + 20).left())
    inside = [image.pixelColor(x, y) for y in range(int(block.top()) + 8, int(block.bottom()) - 8)]
    assert inside and not any(_is_now(c) for c in inside), "the line runs under the block"
    edge = [image.pixelColor(x, y) for y in range(int(block.top()) + 1, int(block.top()) + 5)]
    assert any(_is_now(c) for c in edge), "and shows as a notch at its edge"
    below = [image.pixelColor(x, y) for y in range(int(block.bottom()) + 3, int(block.bottom()) + 9)]
    assert any(_is_now(c) for c in below), "the line itself is still drawn outside the block"


def test_a_one_hour_block_says_when_it_ends_and_its_status(desk, services, clock, open_page, qtbot):
    booking = book(services, desk, "13:00", "14:00", headcount=4)
    page = open_page(desk.w.front_desk)
    page.refresh()
    qtbot.waitUntil(lambda: any(b.id == booking for b in page.view.bookings), timeout=3000)
    grid = page.timeline
    _shown(page, qtbot)
    lane = next(i for i, ln in enumerate(grid.lanes) if any(b.id == booking for b in ln.bookings))
    row = next(b for b in grid.lanes[lane].bookings if b.id == booking)
    texts = [t for t, _ in block_lines(row, 50, grid.block_style.bold)]
    assert texts[0] == row.youth_masked
    assert texts[1] in (row.time_text, "~14:00"), "the end time"
    assert texts[2].startswith(row.status.label), "the status"
