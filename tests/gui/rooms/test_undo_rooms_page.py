"""예약 page: 입실 and 노쇼 확정 can be taken back (issue 11, item 2).

Right after the action the title row says what was done with [되돌리기]; for the rest of
the day the booking's panel offers 입실 취소 / 노쇼 취소 to the desk that did it and to
managers. A refusal (another desk, the freed time booked meanwhile) shows in the banner and
writes nothing. SQLite, FakeClock Friday 2026-11-27 10:00 in Seoul.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from models.desk.enums import BookingStatus
from tests.factories.gui import wait_worker
from tests.factories.rooms_page import book, click_block
from tests.factories.undo import audit_count, second_desk


def status(services, desk, bid: int) -> BookingStatus:
    return services.rooms.get(desk.w.admin, bid).status


def test_check_in_is_offered_back_in_the_date_bar_and_undone(desk, services, open_page, qtbot, app_style):
    bid = book(services, desk, "10:00", "12:00")
    page = open_page(desk.w.front_desk)
    top = page.grids.mapTo(page, QPoint(0, 0)).y()
    assert not page.undo_bar.isVisible()
    click_block(qtbot, page, bid)
    qtbot.mouseClick(page.panel.check_in_btn, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert status(services, desk, bid) == BookingStatus.CHECKED_IN

    bar = page.undo_bar
    assert bar.isVisible() and bar.text() == "✓ 홍*동 입실 처리했습니다"
    assert bar.undo_button.isVisible() and bar.undo_button.text() == "되돌리기"
    assert page.grids.mapTo(page, QPoint(0, 0)).y() == top  # the line moved nothing
    assert page.panel.undo_btn.isVisible() and page.panel.undo_btn.text() == "입실 취소"

    qtbot.mouseClick(bar.undo_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert status(services, desk, bid) == BookingStatus.BOOKED
    assert bar.text() == "↩ 홍*동 입실을 취소했습니다" and not bar.undo_button.isVisible()
    assert page.panel.b_status.text() == "예약"
    assert page.panel.check_in_btn.isEnabled() and not page.panel.undo_btn.isVisible()
    assert not page.banner.isVisible()


def test_no_show_is_undone_from_the_panel_later_that_day(desk, services, clock, open_page, qtbot):
    bid = book(services, desk, "10:00", "12:00")
    clock.advance(minutes=16)
    page = open_page(desk.w.front_desk)
    qtbot.mouseClick(page.notices.no_show_buttons[bid], Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert status(services, desk, bid) == BookingStatus.NO_SHOW
    assert page.undo_bar.text() == "✓ 홍*동 노쇼 확정했습니다"
    page.undo_bar.dismiss()  # gone from the bar: the panel still has it

    clock.advance(hours=3)
    page._tick()
    wait_worker(qtbot, page.ctx)
    page.show_cancelled.setChecked(True)
    click_block(qtbot, page, bid)
    assert page.panel.b_status.text() == "노쇼"
    undo = page.panel.undo_btn
    assert undo.isVisible() and undo.isEnabled() and undo.text() == "노쇼 취소"
    qtbot.mouseClick(undo, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert status(services, desk, bid) == BookingStatus.BOOKED
    assert page.panel.b_status.text() == "예약" and page.undo_bar.text() == "↩ 홍*동 노쇼를 취소했습니다"
    assert page.notices.has_notices  # a candidate again: not checked in


def test_another_desk_is_not_offered_the_undo_and_is_refused(desk, services, clock, open_page, qtbot):
    bid = book(services, desk, "10:00", "12:00")
    services.rooms.check_in(desk.w.front_desk, bid)
    page = open_page(second_desk(services, desk.w))
    click_block(qtbot, page, bid)
    assert page.panel.b_status.text() == "입실" and not page.panel.undo_btn.isVisible()
    before = audit_count(services.db)
    page.undo_check_in(bid)  # as if the button were there: the service refuses
    wait_worker(qtbot, page.ctx)
    assert page.banner.isVisible()
    assert page.banner.text() == "입실은(는) 처리한 직원이나 시설 관리자만 되돌릴 수 있습니다."
    assert status(services, desk, bid) == BookingStatus.CHECKED_IN
    assert audit_count(services.db) == before

    manager = open_page(desk.w.manager)
    click_block(qtbot, manager, bid)
    assert manager.panel.undo_btn.isVisible()
    qtbot.mouseClick(manager.panel.undo_btn, Qt.LeftButton)
    wait_worker(qtbot, manager.ctx)
    assert status(services, desk, bid) == BookingStatus.BOOKED


def test_undo_of_a_no_show_whose_time_a_walk_in_took_is_refused(desk, services, clock, open_page, qtbot):
    bid = book(services, desk, "10:00", "12:00")
    clock.advance(minutes=20)
    page = open_page(desk.w.front_desk)
    qtbot.mouseClick(page.notices.no_show_buttons[bid], Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    services.rooms.walk_in(desk.w.front_desk, desk.a, desk.room_a, desk.kim, "11:00")  # another desk
    before = audit_count(services.db)
    qtbot.mouseClick(page.undo_bar.undo_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert page.banner.isVisible()
    assert page.banner.text().startswith("그 사이 이 시간에 다른 예약이 들어와 노쇼를 되돌릴 수 없습니다")
    assert "김*수" in page.banner.text()
    assert not page.undo_bar.isVisible()
    assert status(services, desk, bid) == BookingStatus.NO_SHOW
    assert audit_count(services.db) == before
    assert "김*수 · 1명" in page.timeline.block_texts()  # the page shows what is true now


def test_in_a_narrow_window_the_header_buttons_make_room_as_icons(desk, services, make_ctx, qtbot, app_style):
    """The undo line goes in the title row; at 1063 px the secondary header buttons give it
    room by showing their icon alone (their text in the tooltip), never cut-off text, and get
    their text back when it goes."""
    from PySide6.QtWidgets import QPushButton

    from gui.rooms.page import RoomsPage
    page = RoomsPage(make_ctx(desk.w.manager))
    qtbot.addWidget(page)
    page.resize(1063 - 210, 760)  # the window less the navigation column
    page.show()
    qtbot.waitExposed(page)
    wait_worker(qtbot, page.ctx)

    def buttons():
        head = page.header_actions
        return [w for w in (head.itemAt(i).widget() for i in range(head.count()))
                if isinstance(w, QPushButton) and not w.isHidden()]

    texts = [b.text() for b in buttons()]
    page.undo_bar.offer("홍*동 입실 처리했습니다", lambda: None)
    qtbot.waitUntil(lambda: all(b.width() >= b.sizeHint().width() for b in buttons()), timeout=2000)
    assert page.undo_bar.isVisible() and page.undo_bar.width() >= page.undo_bar.minimumSizeHint().width()
    assert any(b.text() == "" for b in buttons())  # some went to icons
    page.undo_bar.dismiss()
    qtbot.waitUntil(lambda: [b.text() for b in buttons()] == texts, timeout=2000)
