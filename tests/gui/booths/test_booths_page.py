"""AI 면접 부스 page: book a free slot from the week grid, the weekly limit and the
manager's override, check in, the no-show candidate and its one-click no-show, cancel
with a reason code, a walk-in on the freed slot, block/unblock and an extra slot. The
month export, roles, navigation and the panels' pieces are in test_booths_page_more.py.
The ``desk`` and ``open_page`` fixtures are in conftest.py, the helpers in
tests/factories/booths_page.py.

Each test runs once, on SQLite, and checks what the widgets show and what the database
holds. The FakeClock stands at Friday 2026-11-27 10:00 in Seoul; CAFE-A is open Mon–Fri
09:00–18:00. Slots are published in each test with ``set_template`` + ``generate``:
Mon–Fri 10:00–17:00, 50 + 10 minutes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.booths.dialogs.booth_booking_dialog import BoothBookingDialog
from gui.booths.dialogs.slot_dialogs import BoothCancelDialog, ExtraSlotDialog, SlotBlockDialog
from models.booths.enums import SessionType, SlotSource
from models.desk.enums import BookingStatus, CancelCode
from tests.factories.booths_page import FRIDAY, book, click_slot, pick_youth, slot_id, slot_row
from tests.factories.gui import wait_worker


def test_click_a_free_slot_and_book_it(desk, services, open_page, qtbot):
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    sid = slot_id(services, desk, "11:00")
    assert page.grid_stack.currentWidget() is page.grid
    assert page.grid.block_texts(sid)[0] == "예약 가능"
    assert [name for _id, name in page.booths] == ["AI 면접 부스 1", "AI 면접 부스 2"]
    click_slot(qtbot, page, sid)

    dialog = page.dialog
    assert isinstance(dialog, BoothBookingDialog) and dialog.isVisible() and not dialog.walk_in
    assert "11:00–11:50 · AI 면접 부스 1" in dialog.slot_label.text()
    pick_youth(qtbot, page, dialog.youth_picker, "5678")
    qtbot.mouseClick(dialog.session_buttons[SessionType.AI_COMPETENCY], Qt.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    assert not dialog.isVisible()
    row = slot_row(services, desk, sid)
    assert (row.display, row.youth_id, row.session_type) == ("booked", desk.hong, SessionType.AI_COMPETENCY)
    assert page.grid.block_texts(sid)[:2] == ["홍*동", "역량검사"]
    assert page.selected.id == sid and page.detail.mode == "booking"
    assert page.detail.chip.text() == "예약" and page.detail.title.text() == "홍*동"
    assert page.detail.fields["session"].text() == "AI 역량검사"
    assert page.detail.cancel_btn.isVisible() and page.detail.check_in_btn.isVisible()
    assert not page.detail.check_in_btn.isEnabled()  # 11:00 is more than 30 minutes away


def test_weekly_limit_message_and_the_managers_override(desk, services, open_page, qtbot):
    book(services, desk, slot_id(services, desk, "11:00"), desk.hong)
    sid = slot_id(services, desk, "13:00", desk.booth2)

    desk_page = open_page(desk.w.front_desk)
    wait_worker(qtbot, desk_page.ctx)
    click_slot(qtbot, desk_page, sid)
    dialog = desk_page.dialog
    pick_youth(qtbot, desk_page, dialog.youth_picker, "5678")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, desk_page.ctx)
    assert dialog.isVisible()
    assert "한 주에 1회까지" in dialog.form.error_text("__all__")
    assert not dialog.override_box.isVisible()  # the front desk cannot override
    assert slot_row(services, desk, sid).display == "free"
    dialog.reject()

    page = open_page(desk.w.manager)
    wait_worker(qtbot, page.ctx)
    click_slot(qtbot, page, sid)
    dialog = page.dialog
    pick_youth(qtbot, page, dialog.youth_picker, "5678")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert "한 주에 1회까지" in dialog.form.error_text("__all__")
    assert dialog.override_box.isVisible()
    qtbot.keyClicks(dialog.override_reason, "ok")
    qtbot.mouseClick(dialog.override_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert "5자 이상" in dialog.override_form.error_text("override_reason")
    assert slot_row(services, desk, sid).display == "free"
    qtbot.keyClicks(dialog.override_reason, " - video interview")
    qtbot.mouseClick(dialog.override_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    assert not dialog.isVisible()
    row = slot_row(services, desk, sid)
    assert (row.display, row.youth_id) == ("booked", desk.hong)
    stored = services.booths.get(desk.w.manager, row.booking_id)
    assert stored.override_reason == "ok - video interview"
    assert "규칙 예외: ok - video interview" in page.detail.fields["kind"].text()


def test_check_in_no_show_candidate_one_click_no_show_and_walk_in(desk, services, open_page, clock, qtbot):
    first = slot_id(services, desk, "11:00")
    second = slot_id(services, desk, "11:00", desk.booth2)
    hong_b = book(services, desk, first, desk.hong)
    kim_b = book(services, desk, second, desk.kim)
    clock.advance(minutes=45)  # 10:45: check-in opens 30 minutes before the start
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    click_slot(qtbot, page, first)
    wait_worker(qtbot, page.ctx)  # the booking is read on the read pool
    assert page.dialog is None  # a booking is shown, not booked again
    assert page.detail.check_in_btn.isEnabled()
    qtbot.mouseClick(page.detail.check_in_btn, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert services.booths.get(desk.w.front_desk, hong_b).status == BookingStatus.CHECKED_IN
    assert page.detail.chip.text() == "입실"
    assert page.grid.block_texts(first)[:2] == ["홍*동", "입실"]
    assert page.detail.result_btn.isVisible() and page.detail.consult_btn.isVisible()
    assert not page.detail.cancel_btn.isVisible()

    clock.advance(minutes=31)  # 11:16: past the start and the 15-minute grace
    qtbot.mouseClick(page.detail.close_btn, Qt.LeftButton)
    page.refresh()
    wait_worker(qtbot, page.ctx)
    assert page.grid.candidate_ids() == [second]
    assert page.detail.mode == "summary"
    qtbot.mouseClick(page.detail.no_show_buttons[kim_b], Qt.LeftButton)  # one click
    wait_worker(qtbot, page.ctx)
    assert services.booths.get(desk.w.front_desk, kim_b).status == BookingStatus.NO_SHOW
    assert slot_row(services, desk, second).display == "no_show"
    assert page.grid.block_texts(second)[:2] == ["김*수", "노쇼"]
    assert page.grid.candidate_ids() == []
    assert page.selected.id == second and page.detail.chip.text() == "노쇼"

    # the freed slot goes to a youth standing at the desk
    assert page.detail.walk_in_btn.isVisible()
    qtbot.mouseClick(page.detail.walk_in_btn, Qt.LeftButton)
    walk_in = page.dialog
    assert isinstance(walk_in, BoothBookingDialog) and walk_in.walk_in
    pick_youth(qtbot, page, walk_in.youth_picker, "9999")
    qtbot.mouseClick(walk_in.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    row = slot_row(services, desk, second)
    assert (row.display, row.youth_id) == ("booked", desk.lee)
    assert services.booths.get(desk.w.front_desk, row.booking_id).walk_in
    assert page.detail.fields["kind"].text() == "현장 배정"


def test_no_show_from_the_selected_booking(desk, services, open_page, clock, qtbot):
    sid = slot_id(services, desk, "11:00")
    bid = book(services, desk, sid, desk.hong)
    clock.advance(hours=1, minutes=20)
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    click_slot(qtbot, page, sid)
    wait_worker(qtbot, page.ctx)
    assert page.detail.warn.isVisible() and page.detail.no_show_btn.isVisible()
    qtbot.mouseClick(page.detail.no_show_btn, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert services.booths.get(desk.w.front_desk, bid).status == BookingStatus.NO_SHOW
    assert page.detail.chip.text() == "노쇼" and not page.detail.no_show_btn.isVisible()


def test_cancel_with_a_reason_code(desk, services, open_page, qtbot):
    sid = slot_id(services, desk, "15:00")
    bid = book(services, desk, sid, desk.hong)
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    click_slot(qtbot, page, sid)
    wait_worker(qtbot, page.ctx)
    qtbot.mouseClick(page.detail.cancel_btn, Qt.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, BoothCancelDialog)
    assert "본인 취소" in dialog.late_note.text()  # 15:00 is five hours away
    qtbot.mouseClick(dialog.by_staff, Qt.LeftButton)
    qtbot.mouseClick(dialog.confirm_button, Qt.LeftButton)
    assert "사유" in dialog.form.error_text("reason")
    qtbot.keyClicks(dialog.reason, "booth PC broken")
    qtbot.mouseClick(dialog.confirm_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    assert not dialog.isVisible()
    stored = services.booths.get(desk.w.front_desk, bid)
    assert (stored.status, stored.cancel_code) == (BookingStatus.CANCELLED, CancelCode.STAFF)
    assert slot_row(services, desk, sid).display == "free"
    assert page.grid.block_texts(sid)[0] == "예약 가능"
    assert page.selected.id == sid and page.detail.book_btn.isVisible()


def test_a_youth_cancelling_late_is_recorded_as_late(desk, services, open_page, clock, qtbot):
    sid = slot_id(services, desk, "11:00")
    bid = book(services, desk, sid, desk.hong)
    clock.advance(minutes=20)  # 40 minutes before the start
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    click_slot(qtbot, page, sid)
    wait_worker(qtbot, page.ctx)
    qtbot.mouseClick(page.detail.cancel_btn, Qt.LeftButton)
    dialog = page.dialog
    assert "늦은 취소" in dialog.late_note.text()
    qtbot.mouseClick(dialog.confirm_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert services.booths.get(desk.w.front_desk, bid).cancel_code == CancelCode.LATE


def test_block_and_unblock_a_slot(desk, services, open_page, qtbot):
    sid = slot_id(services, desk, "14:00", desk.booth2)
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    click_slot(qtbot, page, sid)
    page.dialog.reject()  # the click offered a booking; block it instead
    qtbot.mouseClick(page.detail.block_btn, Qt.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, SlotBlockDialog)
    qtbot.mouseClick(dialog.confirm_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert "사유" in dialog.form.error_text("reason")
    qtbot.mouseClick(dialog.quick_buttons[0], Qt.LeftButton)
    qtbot.mouseClick(dialog.confirm_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    row = slot_row(services, desk, sid)
    assert (row.display, row.block_reason) == ("blocked", "장비 점검")
    assert page.grid.block_texts(sid)[:2] == ["차단", "장비 점검"]
    assert page.detail.chip.text() == "차단" and page.detail.fields["result"].text() == "장비 점검"
    assert page.detail.unblock_btn.isVisible() and not page.detail.book_btn.isVisible()
    click_slot(qtbot, page, sid)
    assert page.dialog is dialog  # a blocked slot offers no booking

    qtbot.mouseClick(page.detail.unblock_btn, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert slot_row(services, desk, sid).display == "free"
    assert page.grid.block_texts(sid)[0] == "예약 가능"


def test_extra_slot(desk, services, open_page, qtbot):
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    qtbot.mouseClick(page.extra_btn, Qt.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ExtraSlotDialog)
    assert dialog.data() == {"room_id": desk.booth1, "day": FRIDAY, "start": "17:00", "end": "17:50"}
    dialog.start.setTime(dialog.start.time().addSecs(-3600))  # 16:00 clashes with a slot
    qtbot.mouseClick(dialog.confirm_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert "16:00 회차와 겹칩니다" in dialog.form.error_text("__all__")
    dialog.start.setTime(dialog.start.time().addSecs(3600))
    dialog.booth.setCurrentIndex(dialog.booth.findData(desk.booth2))
    qtbot.mouseClick(dialog.confirm_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    assert not dialog.isVisible()
    extra = [r for r in services.booths.day(desk.w.front_desk, desk.a, FRIDAY) if r.source == SlotSource.EXTRA]
    assert [(r.room_id, r.time_text) for r in extra] == [(desk.booth2, "17:00–17:50")]
    assert page.selected.id == extra[0].id
    assert page.grid.block_texts(extra[0].id)[0] == "예약 가능"
    assert "17:00–17:50 · AI 면접 부스 2" in page.detail.fields["time"].text()


def test_a_past_free_slot_says_it_is_over_not_bookable(desk, services, open_page, qtbot):
    """Issue 11, item 10: a free slot that is over said "예약 가능" next to "지난 회차입니다".
    The clock stands at Friday 10:00; the 09:00 slot is free and over."""
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    past, coming = slot_id(services, desk, "10:00"), slot_id(services, desk, "11:00")
    services.booths.clock.advance(minutes=55)  # 10:55: the 10:00 slot is over
    page.refresh()
    wait_worker(qtbot, page.ctx)
    assert page.grid.block_texts(past)[0] == "지남"
    click_slot(qtbot, page, past)
    assert page.dialog is None or not page.dialog.isVisible()
    assert page.detail.chip.text() == "지남"
    assert page.detail.fields["result"].text() == "지난 회차입니다."
    click_slot(qtbot, page, coming)
    assert page.detail.chip.text() == "예약 가능"
