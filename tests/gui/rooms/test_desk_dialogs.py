"""Dialogs of the room-booking screen after a booking exists: cancel (who and why, late
cancels, the dialog making room for its message), series change and cancel-from, the
waitlist offer, and the rules and closure days.

Every test runs once, on SQLite, and checks what the widgets show and what the database
holds. The ``setup`` fixture (two rooms, two youths) is in conftest.py, the helpers in
tests/factories/room_dialogs.py.
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, Qt

from gui.common import confirm
from gui.rooms.dialogs.cancel_dialog import CancelDialog
from gui.rooms.dialogs.rules_dialog import RulesDialog
from gui.rooms.dialogs.series_dialogs import SeriesChangeDialog
from gui.rooms.dialogs.waitlist_dialog import WaitlistDialog
from models.desk.enums import BookingStatus, CancelCode
from models.rooms.enums import WaitStatus
from tests.factories.gui import type_text, wait_worker
from tests.factories.room_dialogs import (
    MON,
    TUE,
    book,
    booking_dialog,
    click,
    day_bookings,
    held,
    pick_youth,
    show,
)


# -- CancelDialog and series changes ------------------------------------------------------
def cancel_dialog(make_ctx, qtbot, services, actor, booking_id, **kw):
    ctx = make_ctx(actor)
    row = services.rooms.get(actor, booking_id)
    rules = services.booking_rules.get(actor, row.facility_id)  # the page passes its own
    return ctx, show(qtbot, CancelDialog(ctx, row, rules=rules, **kw))


def test_cancel_by_youth_and_by_staff(world, services, setup, make_ctx, qtbot):
    first = book(services, world.front_desk, world.a, setup.room_a, setup.kim, MON, "10:00", "12:00")
    second = book(services, world.front_desk, world.a, setup.room_b, setup.lee, MON, "10:00", "12:00")
    ctx, dialog = cancel_dialog(make_ctx, qtbot, services, world.front_desk, first)
    assert dialog.by_youth.isChecked() and "'본인 취소'로 기록" in dialog.late_note.text()
    with qtbot.waitSignal(dialog.done) as done:
        click(qtbot, ctx, dialog.confirm_button)
    assert done.args == [CancelCode.YOUTH] and not dialog.isVisible()
    assert services.rooms.get(world.front_desk, first).cancel_code == CancelCode.YOUTH

    ctx, dialog = cancel_dialog(make_ctx, qtbot, services, world.front_desk, second)
    qtbot.mouseClick(dialog.by_staff, Qt.LeftButton)
    click(qtbot, ctx, dialog.confirm_button)
    assert "사유를 적어야" in dialog.form.error_text("reason")
    assert services.rooms.get(world.front_desk, second).status == BookingStatus.BOOKED
    type_text(qtbot, dialog.reason, "aircon broken")
    click(qtbot, ctx, dialog.confirm_button)
    row = services.rooms.get(world.front_desk, second)
    assert (row.status, row.cancel_code, row.cancel_reason) == (
        BookingStatus.CANCELLED, CancelCode.STAFF, "aircon broken")


def test_a_field_error_grows_the_dialog_instead_of_covering_the_field(world, services, setup, make_ctx,
                                                                     qtbot, app_style):
    bid = book(services, world.front_desk, world.a, setup.room_a, setup.kim, MON, "10:00", "12:00")
    ctx, dialog = cancel_dialog(make_ctx, qtbot, services, world.front_desk, bid)
    qtbot.mouseClick(dialog.by_staff, Qt.LeftButton)
    click(qtbot, ctx, dialog.confirm_button)
    error = dialog.form.rows["reason"].error

    def top(w):
        return w.mapTo(dialog, w.rect().topLeft()).y()

    def bottom(w):
        return w.mapTo(dialog, w.rect().bottomLeft()).y()

    qtbot.waitUntil(lambda: top(error) > bottom(dialog.reason))  # under the field, not over it
    assert error.isVisible() and "사유를 적어야" in error.text()
    assert bottom(error) < top(dialog.confirm_button) and bottom(dialog.confirm_button) < dialog.height()


def test_youth_cancel_close_to_start_is_late(world, services, setup, make_ctx, qtbot, clock):
    today = date(2026, 11, 27)
    bid = book(services, world.front_desk, world.a, setup.room_a, setup.kim, today, "11:00", "12:00")
    clock.advance(minutes=30)  # 10:30, half an hour before the start
    ctx, dialog = cancel_dialog(make_ctx, qtbot, services, world.front_desk, bid)
    assert "당일 늦은 취소" in dialog.late_note.text() and "⚠" in dialog.late_note.text()
    click(qtbot, ctx, dialog.confirm_button)
    assert services.rooms.get(world.front_desk, bid).cancel_code == CancelCode.LATE


def make_series(services, world, setup, weeks=4):
    return services.room_series.create(world.front_desk, world.a, {
        "room_id": setup.room_a, "youth_id": setup.kim, "day": TUE, "start": "14:00", "end": "16:00",
        "weeks": weeks, "identity_confirmed": True}, skip_conflicts=False)


def test_series_cancel_from_one_occurrence(world, services, setup, make_ctx, qtbot):
    result = make_series(services, world, setup)
    ctx, dialog = cancel_dialog(make_ctx, qtbot, services, world.front_desk, result.created[1], series=True)
    assert dialog.series_text.isVisible() and "이후의 모든 반복 회차" in dialog.series_text.text()
    assert not dialog.by_youth.isVisible()
    click(qtbot, ctx, dialog.confirm_button)
    assert dialog.form.error_text("reason")
    type_text(qtbot, dialog.reason, "group ended")
    with qtbot.waitSignal(dialog.done) as done:
        click(qtbot, ctx, dialog.confirm_button)
    assert done.args == [3]
    status = [services.rooms.get(world.front_desk, b).status for b in result.created]
    assert status == [BookingStatus.BOOKED] + [BookingStatus.CANCELLED] * 3


def test_series_change_from_and_its_conflict(world, services, setup, make_ctx, qtbot):
    result = make_series(services, world, setup)
    book(services, world.front_desk, world.a, setup.room_a, setup.lee, date(2026, 12, 8), "16:00", "17:00")
    ctx = make_ctx(world.front_desk)
    row = services.rooms.get(world.front_desk, result.created[1])
    dialog = show(qtbot, SeriesChangeDialog(ctx, row, **held(ctx, row.starts_at.date())))
    assert dialog.start_edit.currentText() == "14:00"
    dialog.start_edit.setCurrentIndex(dialog.start_edit.findText("15:00"))
    dialog.end_edit.setCurrentIndex(dialog.end_edit.findText("17:00"))
    click(qtbot, ctx, dialog.save_button)
    assert "12/08 이미 예약된 시간입니다: 16:00–17:00 이*희" in dialog.form.general.text()
    assert dialog.isVisible()
    assert services.rooms.get(world.front_desk, result.created[2]).time_text == "14:00–16:00"

    dialog.end_edit.setCurrentIndex(dialog.end_edit.findText("16:00"))
    dialog.start_edit.setCurrentIndex(dialog.start_edit.findText("14:30"))
    with qtbot.waitSignal(dialog.done) as done:
        click(qtbot, ctx, dialog.save_button)
    assert done.args == [3]
    times = [services.rooms.get(world.front_desk, b).time_text for b in result.created]
    assert times == ["14:00–16:00"] + ["14:30–16:00"] * 3


# -- WaitlistDialog -----------------------------------------------------------------------
def test_waitlist_entry_is_offered_when_the_slot_frees(world, services, setup, make_ctx, qtbot):
    taken = book(services, world.front_desk, world.a, setup.room_a, setup.lee, MON, "10:00", "12:00")
    ctx = make_ctx(world.front_desk)
    dialog = show(qtbot, WaitlistDialog(ctx, room_id=setup.room_a, day=MON, start=time(10), end=time(12),
                                        **held(ctx)))
    pick_youth(qtbot, ctx, dialog.youth_picker, "민수", "김민수")
    dialog.headcount.setValue(2)
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, ctx, dialog.save_button)
    view = services.rooms.day_view(world.front_desk, world.a, MON)
    (entry,) = view.waiting
    assert (entry.youth_id, entry.headcount, entry.room_id) == (setup.kim, 2, setup.room_a)
    services.rooms.cancel(world.front_desk, taken, by="youth")
    (offer,) = services.rooms.day_view(world.front_desk, world.a, MON).offers
    assert offer.id == entry.id and offer.status == WaitStatus.OFFERED


# -- RulesDialog --------------------------------------------------------------------------
def test_rules_validation_and_closure_day_blocks_booking(world, services, setup, make_ctx, qtbot,
                                                         monkeypatch):
    ctx = make_ctx(world.manager)
    dialog = show(qtbot, RulesDialog(ctx))
    wait_worker(qtbot, ctx)  # its rules and closure days load on the read pool
    assert dialog.step_minutes.value() == 30 and dialog.late_cancel_minutes.value() == 60
    assert any("2026-12-25 (금)  기독탄신일" in dialog.holiday_list.item(i).text() for i in range(dialog.holiday_list.count()))
    assert dialog.closure_stack.currentWidget() is dialog.closure_empty
    dialog.step_minutes.lineEdit().selectAll()
    qtbot.keyClicks(dialog.step_minutes, "25")
    click(qtbot, ctx, dialog.save_button)
    assert "10·15·20·30·60분" in dialog.form.error_text("step_minutes")
    assert services.booking_rules.get(world.manager, world.a).step_minutes == 30

    wed = date(2026, 12, 2)
    dialog.closure_day.setDate(QDate(2026, 12, 2))
    type_text(qtbot, dialog.closure_reason, "시설 점검")
    click(qtbot, ctx, dialog.add_closure_button)
    assert dialog.closure_list.count() == 1 and "2026-12-02 (수)  시설 점검" == dialog.closure_list.item(0).text()
    click(qtbot, ctx, dialog.add_closure_button)  # the same day again: said under the field
    assert "이미 휴관일" in dialog.closure_form.error_text("day")

    dialog.step_minutes.setValue(60)
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, ctx, dialog.save_button)
    assert services.booking_rules.get(world.manager, world.a).step_minutes == 60

    ctx, booking = booking_dialog(make_ctx, qtbot, world.front_desk, setup, day=wed)
    assert "휴관일(시설 점검)" in booking.day_info.text()
    assert [booking.start_edit.itemText(i) for i in range(3)] == ["09:00", "10:00", "11:00"]
    pick_youth(qtbot, ctx, booking.youth_picker, "민수", "김민수")
    qtbot.mouseClick(booking.identity, Qt.LeftButton)
    click(qtbot, ctx, booking.save_button)
    assert "휴관일(시설 점검)이라 예약할 수 없습니다" in booking.form.error_text("day")  # at the day field
    assert day_bookings(services, world.front_desk, world.a, wed) == []

    dialog = show(qtbot, RulesDialog(make_ctx(world.manager)))
    wait_worker(qtbot, dialog.ctx)
    dialog.closure_list.setCurrentRow(0)
    monkeypatch.setattr(confirm, "ask", lambda *a, **k: False)
    qtbot.mouseClick(dialog.remove_closure_button, Qt.LeftButton)
    assert len(services.booking_rules.closures(world.manager, world.a)) == 1
    monkeypatch.setattr(confirm, "ask", lambda *a, **k: True)
    click(qtbot, dialog.ctx, dialog.remove_closure_button)
    assert services.booking_rules.closures(world.manager, world.a) == []
    assert dialog.closure_stack.currentWidget() is dialog.closure_empty


def test_rules_dialog_opens_with_room_for_every_box(world, services, setup, make_ctx, qtbot, app_style):
    """Qt sizes a new dialog from minimums that ignore wrapped text; on a small screen that
    squeezed the number boxes. The dialog makes room once it is laid out."""
    ctx = make_ctx(world.manager)
    dialog = show(qtbot, RulesDialog(ctx))
    wait_worker(qtbot, ctx)  # its rules and closure days load on the read pool
    boxes = list(dialog.fields.values())
    qtbot.waitUntil(lambda: all(b.height() >= b.minimumSizeHint().height() for b in boxes))
    assert dialog.height() >= dialog.layout().totalHeightForWidth(dialog.width())


def test_front_desk_sees_rules_read_only(world, services, setup, make_ctx, qtbot):
    dialog = show(qtbot, RulesDialog(make_ctx(world.front_desk)))
    wait_worker(qtbot, dialog.ctx)
    assert dialog.step_minutes.value() == 30
    assert not dialog.step_minutes.isEnabled() and not dialog.save_button.isEnabled()
    assert not dialog.add_closure_button.isEnabled()
