"""예약 page: book by dragging in the grid, check in, no-show, cancel, a recurring series
with a conflict, the waitlist offer, navigation and shortcuts, and the month export.

Each test runs once, on SQLite, and checks what the widgets show and what the database
holds. The ``desk`` and ``open_page`` fixtures are in conftest.py, the helpers in
tests/factories/rooms_page.py. The FakeClock stands at Friday
2026-11-27 10:00 in Seoul; CAFE-A is open Mon–Fri 09:00–18:00.
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import Qt

from gui.context import Topic
from gui.rooms.dialogs.booking_dialog import BookingDialog
from gui.rooms.dialogs.cancel_dialog import CancelDialog
from gui.rooms.dialogs.series_dialogs import SeriesDialog
from gui.rooms.dialogs.waitlist_dialog import WaitlistDialog
from models.desk.enums import BookingStatus, CancelCode
from tests.factories.gui import wait_worker
from tests.factories.rooms_page import FRIDAY, book, click_block, day_rows, drag, pick_youth
from tests.factories.world import youth_data


def test_drag_in_the_grid_books_the_dragged_room_and_time(desk, services, open_page, qtbot):
    page = open_page(desk.w.front_desk)
    assert page.day == FRIDAY
    assert page.timeline.block_texts() == []
    tl = page.timeline
    drag(qtbot, tl, tl.pos_for(desk.room_b, time(14, 10)), tl.pos_for(desk.room_b, time(15, 40)))

    dialog = page.dialog
    assert isinstance(dialog, BookingDialog) and dialog.isVisible()
    assert not dialog.walk_in
    assert dialog.room.currentData() == desk.room_b
    assert (dialog.start_edit.currentData(), dialog.end_edit.currentData()) == ("14:00", "16:00")
    assert page.panel.mode == "span"
    assert "14:00–16:00 (2시간)" in page.panel.span_time.text()
    pick_youth(qtbot, page, dialog.youth_picker, "5678")
    dialog.headcount.setValue(3)
    qtbot.mouseClick(dialog.identity, Qt.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    assert not dialog.isVisible()
    rows = day_rows(services, desk)
    assert [(r.room_id, r.time_text, r.youth_id, r.headcount) for r in rows] == [
        (desk.room_b, "14:00–16:00", desk.hong, 3)]
    assert tl.block_texts() == ["홍*동 · 3명"]
    assert page.selected.id == rows[0].id  # the new booking is shown in the panel
    assert page.panel.mode == "booking" and page.panel.b_status.text() == "예약"


def test_drag_stops_at_an_active_booking_and_a_started_span_is_a_walk_in(desk, services, open_page, qtbot):
    book(services, desk, "12:00", "13:00")
    page = open_page(desk.w.front_desk)
    tl = page.timeline
    drag(qtbot, tl, tl.pos_for(desk.room_a, time(10, 40)), tl.pos_for(desk.room_a, time(14, 20)))
    assert tl.selected_span() == (desk.room_a, time(10, 30), time(12, 0))
    assert page.dialog.start_edit.currentData() == "10:30"
    assert page.dialog.end_edit.currentData() == "12:00"
    page.dialog.reject()

    # pressing on the booking is a click, not a drag: it shows the booking
    drag(qtbot, tl, tl.pos_for(desk.room_a, time(12, 10)), tl.pos_for(desk.room_a, time(14, 20)))
    assert page.selected is None
    qtbot.mouseClick(tl.viewport(), Qt.LeftButton, pos=tl.pos_for(desk.room_a, time(12, 30)))
    assert page.selected is not None and page.panel.fields["time"].text().endswith("12:00–13:00")

    # a span that has already begun (now is 10:00) is given to the youth at the desk, from
    # the step running now: the dialog offers no time that is over (issue 11, item 11)
    drag(qtbot, tl, tl.pos_for(desk.room_b, time(9, 40)), tl.pos_for(desk.room_b, time(10, 50)))
    walk_in = page.dialog
    assert walk_in.walk_in and walk_in.identity.isChecked()
    pick_youth(qtbot, page, walk_in.youth_picker, "3333")
    qtbot.mouseClick(walk_in.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    new = services.rooms.get(desk.w.front_desk, page.selected.id)
    assert (new.walk_in, new.time_text, new.youth_id) == (True, "10:00–11:00", desk.kim)
    assert "현장 배정" in page.panel.fields["kind"].text()


def test_check_in_from_the_panel(desk, services, open_page, qtbot):
    later = book(services, desk, "15:00", "16:00", youth=desk.kim)
    bid = book(services, desk, "10:00", "11:00")
    page = open_page(desk.w.front_desk)
    click_block(qtbot, page, later)
    assert not page.panel.check_in_btn.isEnabled()  # too early to check in at 15:00
    click_block(qtbot, page, bid)
    assert page.panel.check_in_btn.isEnabled()
    qtbot.mouseClick(page.panel.check_in_btn, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    assert services.rooms.get(desk.w.front_desk, bid).status == BookingStatus.CHECKED_IN
    assert page.panel.b_status.text() == "입실"
    assert not page.panel.check_in_btn.isEnabled() and not page.panel.cancel_btn.isEnabled()
    shown = next(b for b in page.view.bookings if b.id == bid)
    assert shown.status == BookingStatus.CHECKED_IN
    qtbot.mouseClick(page.panel.close_btn, Qt.LeftButton)
    assert page.panel.mode == "summary"
    assert page.panel.counts["checked_in"].text() == "1건"
    assert page.panel.counts["booked"].text() == "1건"


def test_check_in_shows_the_returned_row_without_reading_the_day_again(
        desk, services, open_page, qtbot, monkeypatch):
    bid = book(services, desk, "10:00", "11:00")
    page = open_page(desk.w.front_desk)
    history = []  # another listener of the topic still hears of the check-in
    page.ctx.changed.connect(history.append)
    reads = []
    real = services.rooms.day_view
    monkeypatch.setattr(services.rooms, "day_view", lambda *a, **k: reads.append(a) or real(*a, **k))
    click_block(qtbot, page, bid)
    qtbot.mouseClick(page.panel.check_in_btn, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert page.panel.b_status.text() == "입실" and page.timeline.block_texts() == ["홍*동 · 2명"]
    assert next(b for b in page.view.bookings if b.id == bid).status == BookingStatus.CHECKED_IN
    assert reads == []  # the write returned what changed
    assert history == [{Topic.BOOKING}] and history[0].origin is page


def test_no_show_candidate_is_confirmed_with_one_click(desk, services, clock, open_page, qtbot):
    bid = book(services, desk, "10:00", "12:00")
    page = open_page(desk.w.front_desk)
    assert not page.notices.has_notices and "처리할 알림이 없습니다" in page.notices.empty.text()

    clock.advance(minutes=16)
    page._tick()  # the page reloads every minute by itself
    wait_worker(qtbot, page.ctx)
    assert page.notices.has_notices and page.notices.empty.isHidden()
    assert "노쇼 후보 1건" in page.notices.texts[0]
    assert "홍*동" in page.notices.texts[1]
    click_block(qtbot, page, bid)
    assert page.panel.no_show_btn.isVisible() and not page.panel.b_warn.isHidden()

    qtbot.mouseClick(page.notices.no_show_buttons[bid], Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    row = services.rooms.get(desk.w.front_desk, bid)
    assert (row.status, row.cancel_code) == (BookingStatus.NO_SHOW, CancelCode.NO_SHOW)
    assert not page.notices.has_notices
    assert page.panel.b_status.text() == "노쇼"
    assert not page.panel.no_show_btn.isVisible()


def test_cancel_by_staff_records_the_code_and_reason(desk, services, open_page, qtbot):
    bid = book(services, desk, "15:00", "16:00")
    page = open_page(desk.w.front_desk)
    click_block(qtbot, page, bid)
    qtbot.mouseClick(page.panel.cancel_btn, Qt.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, CancelDialog) and dialog.isVisible()
    qtbot.mouseClick(dialog.by_staff, Qt.LeftButton)
    qtbot.mouseClick(dialog.confirm_button, Qt.LeftButton)  # no reason: refused in the dialog
    assert dialog.isVisible()
    dialog.reason.setText("냉방기 고장")
    qtbot.mouseClick(dialog.confirm_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    row = services.rooms.get(desk.w.front_desk, bid)
    assert (row.status, row.cancel_code, row.cancel_reason) == (
        BookingStatus.CANCELLED, CancelCode.STAFF, "냉방기 고장")
    assert page.panel.b_status.text() == "취소"
    assert page.panel.fields["cancel"].text() == "직원 취소 — 냉방기 고장"
    assert page.timeline.block_texts() == []  # cancelled blocks are hidden by default
    page.show_cancelled.setChecked(True)
    assert page.timeline.block_texts() == ["홍*동 · 2명"]
    # the freed time can be dragged again
    tl = page.timeline
    drag(qtbot, tl, tl.pos_for(desk.room_a, time(15, 10)), tl.pos_for(desk.room_a, time(15, 40)))
    assert tl.selected_span() == (desk.room_a, time(15, 0), time(16, 0))


def test_recurring_series_lists_the_conflict_and_skips_it(desk, services, open_page, qtbot):
    clash = book(services, desk, "14:00", "16:00", youth=desk.kim, day=date(2026, 12, 4))
    page = open_page(desk.w.front_desk)
    tl = page.timeline
    drag(qtbot, tl, tl.pos_for(desk.room_a, time(14, 0)), tl.pos_for(desk.room_a, time(15, 30)))
    page.dialog.reject()  # the user wants a weekly series instead
    qtbot.mouseClick(page.panel.span_series, Qt.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, SeriesDialog) and dialog.isVisible()
    assert (dialog.start_edit.currentData(), dialog.end_edit.currentData()) == ("14:00", "16:00")
    dialog.weeks.setValue(4)
    dialog.headcount.setValue(2)
    pick_youth(qtbot, page, dialog.youth_picker, "5678")
    qtbot.mouseClick(dialog.identity, Qt.LeftButton)
    qtbot.mouseClick(dialog.plan_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    texts = [dialog.occurrence_list.item(i).text() for i in range(dialog.occurrence_list.count())]
    assert len(texts) == 4
    assert [t[0] for t in texts] == ["✓", "✗", "✓", "✓"]
    assert "김*수" in texts[1]  # the clash names the other booking
    assert dialog.skip_button.isVisible()
    qtbot.mouseClick(dialog.skip_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    assert not dialog.isVisible()
    mine = [b for d in (FRIDAY, date(2026, 12, 4), date(2026, 12, 11), date(2026, 12, 18))
            for b in day_rows(services, desk, d) if b.youth_id == desk.hong]
    assert [f"{b.starts_at:%m/%d} {b.time_text}" for b in mine] == [
        "11/27 14:00–16:00", "12/11 14:00–16:00", "12/18 14:00–16:00"]
    assert len({b.series_id for b in mine}) == 1 and mine[0].series_id is not None
    assert services.rooms.get(desk.w.front_desk, clash).youth_id == desk.kim
    assert page.timeline.block_texts() == ["홍*동 · 2명"]
    assert page.panel.series_cancel_btn.isVisible()  # the first occurrence is selected


def test_waitlist_offer_is_booked_for_the_waiting_youth(desk, services, open_page, qtbot):
    bid = book(services, desk, "14:00", "16:00")
    page = open_page(desk.w.front_desk)
    click_block(qtbot, page, bid)
    qtbot.mouseClick(page.panel.wait_here_btn, Qt.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, WaitlistDialog)
    assert (dialog.room.currentData(), dialog.start_edit.currentData()) == (desk.room_a, "14:00")
    pick_youth(qtbot, page, dialog.youth_picker, "3333")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert not dialog.isVisible()
    assert not page.notices.has_notices  # the time is still taken
    assert page.view.waiting[0].youth_id == desk.kim

    services.rooms.cancel(desk.w.front_desk, bid, by="youth")
    page.ctx.notify(Topic.BOOKING)  # as another desk's change would
    wait_worker(qtbot, page.ctx)
    assert page.notices.has_notices
    assert any("김*수" in t and "14:00–16:00 스터디룸 A 제안" in t for t in page.notices.texts)
    (entry_id,) = page.notices.accept_buttons
    qtbot.mouseClick(page.notices.accept_buttons[entry_id], Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    active = [b for b in day_rows(services, desk) if b.status.active]
    assert [(b.youth_id, b.time_text) for b in active] == [(desk.kim, "14:00–16:00")]
    assert not page.notices.has_notices
    assert page.timeline.block_texts() == ["김*수 · 1명"]
    assert page.selected.youth_id == desk.kim


def test_next_waiting_youth_when_the_offered_one_passes(desk, services, open_page, qtbot, monkeypatch):
    from gui.common import confirm
    lee = services.youth.create(desk.w.front_desk, desk.a, youth_data(
        name="이영희", phone="010-4444-5555", email="lee@example.com"))
    bid = book(services, desk, "14:00", "16:00")
    for youth in (desk.kim, lee):
        services.room_waitlist.add(desk.w.front_desk, desk.a, {
            "day": FRIDAY, "start": "14:00", "end": "16:00", "room_id": desk.room_a, "youth_id": youth})
    services.rooms.cancel(desk.w.front_desk, bid, by="staff", reason="점검")
    page = open_page(desk.w.front_desk)
    assert [w.youth_id for w in page.view.offers] == [desk.kim]
    (first,) = page.notices.decline_buttons
    asked = []
    monkeypatch.setattr(confirm, "ask", lambda *a, **k: asked.append(a[2]) or True)
    qtbot.mouseClick(page.notices.decline_buttons[first], Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert "김*수" in asked[0]
    assert [w.youth_id for w in page.view.offers] == [lee]
    assert any("이*희" in t for t in page.notices.texts)
    assert first not in page.notices.decline_buttons
