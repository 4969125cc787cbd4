"""AI 면접 부스 page: 입실 and 노쇼 확정 can be taken back (issue 11, item 2).

Right after the action the title row says what was done with [되돌리기] (the grid does not
move); for the rest of the day the booking's detail panel offers 입실 취소 / 노쇼 취소 to
the desk that did it and to managers. A slot that a walk-in took meanwhile is refused in the
banner and nothing is written. SQLite, FakeClock Friday 2026-11-27 10:00 in Seoul; the
booths publish from that day.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from models.desk.enums import BookingStatus
from tests.factories.booths_page import book, click_slot, slot_id
from tests.factories.gui import wait_worker
from tests.factories.undo import audit_count, second_desk


def status(services, desk, bid: int) -> BookingStatus:
    return services.booths.get(desk.w.admin, bid).status


def grid_top(page) -> int:
    return page.grid.mapTo(page, QPoint(0, 0)).y()


def test_check_in_is_offered_back_and_undone(desk, services, open_page, clock, qtbot, app_style):
    sid = slot_id(services, desk, "11:00")
    bid = book(services, desk, sid, desk.hong)
    clock.advance(minutes=45)
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    top = grid_top(page)
    click_slot(qtbot, page, sid)
    wait_worker(qtbot, page.ctx)
    qtbot.mouseClick(page.detail.check_in_btn, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert status(services, desk, bid) == BookingStatus.CHECKED_IN
    bar = page.undo_bar
    assert bar.isVisible() and bar.text() == "✓ 홍*동 입실 처리했습니다" and bar.undo_button.isVisible()
    assert grid_top(page) == top
    assert page.detail.undo_btn.isVisible() and page.detail.undo_btn.text() == "입실 취소"

    qtbot.mouseClick(bar.undo_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert status(services, desk, bid) == BookingStatus.BOOKED
    assert bar.text() == "↩ 홍*동 입실을 취소했습니다"
    assert page.detail.chip.text() == "예약" and page.detail.check_in_btn.isEnabled()
    assert not page.detail.undo_btn.isVisible()
    assert grid_top(page) == top


def test_no_show_is_undone_from_the_detail_panel(desk, services, open_page, clock, qtbot):
    sid = slot_id(services, desk, "11:00")
    bid = book(services, desk, sid, desk.hong)
    clock.advance(hours=1, minutes=20)
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    qtbot.mouseClick(page.detail.no_show_buttons[bid], Qt.LeftButton)  # the summary's one click
    wait_worker(qtbot, page.ctx)
    assert status(services, desk, bid) == BookingStatus.NO_SHOW
    assert page.undo_bar.text() == "✓ 홍*동 노쇼 확정했습니다"
    page.undo_bar.dismiss()

    clock.advance(hours=2)
    page.refresh()
    wait_worker(qtbot, page.ctx)
    click_slot(qtbot, page, sid)
    wait_worker(qtbot, page.ctx)
    undo = page.detail.undo_btn
    assert page.detail.chip.text() == "노쇼" and undo.isVisible() and undo.text() == "노쇼 취소"
    qtbot.mouseClick(undo, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert status(services, desk, bid) == BookingStatus.BOOKED
    assert page.undo_bar.text() == "↩ 홍*동 노쇼를 취소했습니다"
    assert page.detail.chip.text() == "예약"


def test_another_desk_sees_no_undo_and_a_filled_slot_is_refused(desk, services, open_page, clock, qtbot):
    sid = slot_id(services, desk, "11:00")
    bid = book(services, desk, sid, desk.hong)
    clock.advance(hours=1, minutes=20)
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    qtbot.mouseClick(page.detail.no_show_buttons[bid], Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    other = open_page(second_desk(services, desk.w))
    wait_worker(qtbot, other.ctx)
    click_slot(qtbot, other, sid)
    wait_worker(qtbot, other.ctx)
    assert other.detail.chip.text() == "노쇼" and not other.detail.undo_btn.isVisible()

    services.booths.walk_in(desk.w.front_desk, sid, desk.kim, "ai_interview")  # the slot is filled
    before = audit_count(services.db)
    qtbot.mouseClick(page.undo_bar.undo_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert page.banner.isVisible()
    assert page.banner.text() == "그 사이 이 회차에 김*수 님이 배정되어 노쇼를 되돌릴 수 없습니다."
    assert not page.undo_bar.isVisible()
    assert status(services, desk, bid) == BookingStatus.NO_SHOW
    assert audit_count(services.db) == before
