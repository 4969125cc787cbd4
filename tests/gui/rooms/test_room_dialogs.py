"""Dialogs of the room-booking screen: book (with the youth picker, 본인 확인, conflicts,
rule overrides) and recurring series. Cancel, series change, waitlist and rules dialogs are
in test_desk_dialogs.py. The ``setup`` fixture is in conftest.py, the shared helpers in
tests/factories/room_dialogs.py.

Every test runs once, on SQLite, and checks what the widgets show and what the database
holds. The clock is Friday 2026-11-27 10:00 in Seoul, so bookings go on the following
weekdays.
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import Qt

from gui.rooms.dialogs.series_dialogs import SeriesDialog
from models.desk.enums import BookingStatus
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


# -- BookingDialog ----------------------------------------------------------------------
def test_book_by_searching_picking_and_confirming_identity(world, services, setup, make_ctx, qtbot):
    ctx, dialog = booking_dialog(make_ctx, qtbot, world.front_desk, setup)
    rooms = [dialog.room.itemText(i) for i in range(dialog.room.count())]
    assert len(rooms) == 2 and not any("AI" in r for r in rooms)  # booths are not bookable here
    assert dialog.room.currentData() == setup.room_a
    assert dialog.start_edit.currentText() == "10:00" and dialog.end_edit.currentText() == "12:00"
    assert "2시간" in dialog.duration.text()
    assert "운영 09:00–18:00" in dialog.day_info.text()

    youth_id = pick_youth(qtbot, ctx, dialog.youth_picker, "민수", "김민수")
    assert youth_id == setup.kim
    shown = dialog.youth_picker.youth_list.item(0).text()
    assert shown == "김민수 · 1998-03-15 · 010-****-5678"  # full name, phone masked
    dialog.headcount.setValue(3)
    dialog.purpose.setCurrentIndex(dialog.purpose.findText("회의"))
    type_text(qtbot, dialog.note, "team A")
    qtbot.mouseClick(dialog.identity, Qt.LeftButton)
    assert dialog.identity.isChecked()
    with qtbot.waitSignal(dialog.saved) as saved:
        click(qtbot, ctx, dialog.save_button)
    assert not dialog.isVisible()
    row = services.rooms.get(world.front_desk, saved.args[0])
    assert (row.room_id, row.youth_id, row.headcount, row.note) == (setup.room_a, setup.kim, 3, "team A")
    assert row.purpose.value == "meeting" and row.time_text == "10:00–12:00"
    assert row.starts_at.date() == MON and row.status == BookingStatus.BOOKED


def test_unticked_identity_shows_proxy_rule_and_writes_nothing(world, services, setup, make_ctx, qtbot):
    ctx, dialog = booking_dialog(make_ctx, qtbot, world.front_desk, setup)
    click(qtbot, ctx, dialog.save_button)  # no youth yet: asked for one, nothing sent
    assert "청년을 검색해서" in dialog.form.error_text("youth_id")
    picker = dialog.youth_picker
    # right under the search box (marked red), not under the list where it would read as 인원's
    error = dialog.form.rows["youth_id"].error
    assert picker.youth_search.property("invalid") is True
    assert (picker.youth_search.mapTo(dialog, picker.youth_search.rect().bottomLeft()).y()
            <= error.mapTo(dialog, error.rect().topLeft()).y()
            < picker.stack.mapTo(dialog, picker.stack.rect().topLeft()).y())
    type_text(qtbot, picker.youth_search, "1111")  # a phone fragment works too
    qtbot.waitUntil(lambda: picker.youth_list.count() == 1, timeout=5000)
    wait_worker(qtbot, ctx)
    qtbot.keyClick(picker.youth_search, Qt.Key_Return)  # picks the first row, saves nothing
    assert picker.selected_youth_id == setup.kim and dialog.isVisible()
    wait_worker(qtbot, ctx)
    assert dialog.form.general.text() == ""  # the default button was not pressed
    assert day_bookings(services, world.front_desk, world.a, MON) == []
    assert not dialog.identity.isChecked()
    click(qtbot, ctx, dialog.save_button)
    assert dialog.isVisible()
    assert "대리 예약은 할 수 없습니다" in dialog.form.general.text()
    assert dialog.form.error_text("identity_confirmed")
    assert not dialog.override_box.isVisible()  # front desk cannot override
    assert day_bookings(services, world.front_desk, world.a, MON) == []


def test_overlap_names_the_other_booking(world, services, setup, make_ctx, qtbot):
    book(services, world.front_desk, world.a, setup.room_a, setup.lee, MON, "11:00", "13:00", headcount=2)
    ctx, dialog = booking_dialog(make_ctx, qtbot, world.front_desk, setup)
    pick_youth(qtbot, ctx, dialog.youth_picker, "민수", "김민수")
    qtbot.mouseClick(dialog.identity, Qt.LeftButton)
    click(qtbot, ctx, dialog.save_button)
    message = dialog.form.general.text()
    assert "이미 예약된 시간입니다" in message and "11:00–13:00 이*희 (2명)" in message
    assert dialog.isVisible() and not dialog.override_box.isVisible()
    assert [b.youth_id for b in day_bookings(services, world.front_desk, world.a, MON)] == [setup.lee]


def test_manager_overrides_daily_limit_with_a_reason(world, services, setup, make_ctx, qtbot):
    book(services, world.manager, world.a, setup.room_b, setup.kim, MON, "09:00", "11:00")
    ctx, dialog = booking_dialog(make_ctx, qtbot, world.manager, setup, start=time(13), end=time(15))
    pick_youth(qtbot, ctx, dialog.youth_picker, "민수", "김민수")
    qtbot.mouseClick(dialog.identity, Qt.LeftButton)
    click(qtbot, ctx, dialog.save_button)
    assert "하루 최대 3시간" in dialog.form.general.text()
    assert dialog.override_box.isVisible()
    assert len(day_bookings(services, world.manager, world.a, MON)) == 1

    click(qtbot, ctx, dialog.override_button)  # empty reason: the message is under the field
    assert "5자 이상" in dialog.override_form.error_text("override_reason")
    assert dialog.isVisible() and len(day_bookings(services, world.manager, world.a, MON)) == 1

    type_text(qtbot, dialog.override_reason, "exam week, approved")
    with qtbot.waitSignal(dialog.saved) as saved:
        click(qtbot, ctx, dialog.override_button)
    assert not dialog.isVisible()
    row = services.rooms.get(world.manager, saved.args[0])
    assert row.override_reason == "exam week, approved" and row.time_text == "13:00–15:00"


def test_front_desk_gets_no_override_area(world, services, setup, make_ctx, qtbot):
    book(services, world.front_desk, world.a, setup.room_b, setup.kim, MON, "09:00", "11:00")
    ctx, dialog = booking_dialog(make_ctx, qtbot, world.front_desk, setup, start=time(13), end=time(15))
    assert dialog.headcount.maximum() == 4  # the room's capacity
    pick_youth(qtbot, ctx, dialog.youth_picker, "민수", "김민수")
    qtbot.mouseClick(dialog.identity, Qt.LeftButton)
    click(qtbot, ctx, dialog.save_button)
    assert "하루 최대 3시간" in dialog.form.general.text()
    assert not dialog.override_box.isVisible()
    assert len(day_bookings(services, world.front_desk, world.a, MON)) == 1


def test_changing_a_field_hides_the_override_area(world, services, setup, make_ctx, qtbot):
    book(services, world.manager, world.a, setup.room_b, setup.kim, MON, "09:00", "11:00")
    ctx, dialog = booking_dialog(make_ctx, qtbot, world.manager, setup, start=time(13), end=time(15))
    pick_youth(qtbot, ctx, dialog.youth_picker, "민수", "김민수")
    qtbot.mouseClick(dialog.identity, Qt.LeftButton)
    click(qtbot, ctx, dialog.save_button)
    assert dialog.override_box.isVisible()
    dialog.end_edit.setCurrentIndex(dialog.end_edit.findText("14:00"))
    assert not dialog.override_box.isVisible()
    click(qtbot, ctx, dialog.save_button)  # 2 h + 1 h fits the limit now
    assert not dialog.isVisible()
    rows = day_bookings(services, world.manager, world.a, MON)
    assert sorted(b.time_text for b in rows) == ["09:00–11:00", "13:00–14:00"]
    assert all(b.override_reason is None for b in rows)


def test_walk_in_presets_identity_and_saves(world, services, setup, make_ctx, qtbot):
    today = date(2026, 11, 27)
    ctx, dialog = booking_dialog(make_ctx, qtbot, world.front_desk, setup, day=today,
                                 start=time(10), end=time(11), walk_in=True)
    assert dialog.identity.isChecked() and not dialog.identity.isEnabled()
    assert dialog.day_edit.isReadOnly()
    pick_youth(qtbot, ctx, dialog.youth_picker, "영희", "이영희")
    click(qtbot, ctx, dialog.save_button)
    assert not dialog.isVisible()
    (row,) = day_bookings(services, world.front_desk, world.a, today)
    assert row.walk_in and row.youth_id == setup.lee and row.time_text == "10:00–11:00"


def test_register_new_youth_inline_selects_the_new_record(world, services, setup, make_ctx, qtbot):
    ctx, dialog = booking_dialog(make_ctx, qtbot, world.front_desk, setup)
    picker = dialog.youth_picker
    type_text(qtbot, picker.youth_search, "박새롬")
    qtbot.waitUntil(lambda: picker.stack.currentWidget() is picker.empty
                    and "찾는 청년이 없습니다" in picker.empty.text(), timeout=5000)
    wait_worker(qtbot, ctx)
    qtbot.mouseClick(picker.new_youth_button, Qt.LeftButton)
    reg = picker.youth_dialog
    assert reg.isVisible() and reg.name.text() == "박새롬"  # the search text is carried over
    type_text(qtbot, reg.birth, "2001-07-07")
    type_text(qtbot, reg.phone, "010-4444-9999")
    reg.district.setCurrentIndex(reg.district.findText("마포구"))
    reg.channel.setCurrentIndex(reg.channel.findText("온라인"))
    qtbot.mouseClick(reg.consent, Qt.LeftButton)
    with qtbot.waitSignal(picker.youth_selected, timeout=5000) as selected:
        qtbot.mouseClick(reg.save_btn, Qt.LeftButton)
    wait_worker(qtbot, ctx)
    (new,) = services.youth.search(world.front_desk, world.a, "박새롬")
    assert selected.args == [new.id] and picker.selected_youth_id == new.id
    assert "박새롬 · 2001-07-07 · 010-****-9999" in picker.selection_label.text()
    qtbot.mouseClick(dialog.identity, Qt.LeftButton)
    click(qtbot, ctx, dialog.save_button)
    (row,) = day_bookings(services, world.front_desk, world.a, MON)
    assert row.youth_id == new.id


# -- SeriesDialog -----------------------------------------------------------------------
def series_dialog(make_ctx, qtbot, actor, setup, weeks=4):
    ctx = make_ctx(actor)
    dialog = show(qtbot, SeriesDialog(ctx, room_id=setup.room_a, day=TUE, start=time(14), end=time(16),
                                      **held(ctx, TUE)))
    dialog.weeks.lineEdit().selectAll()
    qtbot.keyClicks(dialog.weeks, str(weeks))
    assert dialog.weeks.value() == weeks
    pick_youth(qtbot, ctx, dialog.youth_picker, "민수", "김민수")
    qtbot.mouseClick(dialog.identity, Qt.LeftButton)
    return ctx, dialog


def series_rows(services, actor, fid):
    return [b for d in (TUE, date(2026, 12, 8), date(2026, 12, 15), date(2026, 12, 22))
            for b in day_bookings(services, actor, fid, d) if b.series_id is not None]


def test_series_lists_conflict_and_skip_saves_the_rest(world, services, setup, make_ctx, qtbot):
    book(services, world.front_desk, world.a, setup.room_a, setup.lee, date(2026, 12, 8), "15:00", "16:00")
    ctx, dialog = series_dialog(make_ctx, qtbot, world.front_desk, setup)
    assert not dialog.save_button.isVisible() and not dialog.skip_button.isVisible()
    click(qtbot, ctx, dialog.plan_button)
    items = [dialog.occurrence_list.item(i).text() for i in range(dialog.occurrence_list.count())]
    assert len(items) == 4
    assert items[0].startswith("✓") and "2026-12-01 (화) 14:00–16:00" in items[0]
    assert items[1].startswith("✗") and "15:00–16:00 이*희" in items[1]
    assert "4회 중 1회는 예약할 수 없습니다" in dialog.summary.text()
    assert dialog.skip_button.isVisible() and dialog.cancel_series_button.isVisible()
    assert not dialog.save_button.isVisible()
    with qtbot.waitSignal(dialog.saved) as saved:
        click(qtbot, ctx, dialog.skip_button)
    result = saved.args[0]
    assert len(result.created) == 3 and [o.day for o in result.skipped] == [date(2026, 12, 8)]
    assert not dialog.isVisible()
    rows = series_rows(services, world.front_desk, world.a)
    assert len(rows) == 3 and {b.series_id for b in rows} == {result.series_id}


def test_series_without_identity_is_one_message_at_the_checkbox(world, services, setup, make_ctx, qtbot):
    ctx, dialog = series_dialog(make_ctx, qtbot, world.front_desk, setup)
    qtbot.mouseClick(dialog.identity, Qt.LeftButton)  # untick 본인 확인
    assert not dialog.identity.isChecked()
    click(qtbot, ctx, dialog.plan_button)
    assert "대리 예약" in dialog.form.general.text()
    assert dialog.form.error_text("identity_confirmed") == "본인 확인을 체크하세요."
    assert dialog.identity.property("invalidCheck") is True  # marked, and it keeps its box (issue 11 item 9)
    assert dialog.occurrence_list.count() == 0  # not the same refusal once per week
    assert series_rows(services, world.front_desk, world.a) == []


def test_series_cancel_saves_nothing_and_clean_series_saves(world, services, setup, make_ctx, qtbot):
    book(services, world.front_desk, world.a, setup.room_a, setup.lee, date(2026, 12, 8), "15:00", "16:00")
    ctx, dialog = series_dialog(make_ctx, qtbot, world.front_desk, setup)
    click(qtbot, ctx, dialog.plan_button)
    click(qtbot, ctx, dialog.cancel_series_button)
    assert not dialog.isVisible()
    assert series_rows(services, world.front_desk, world.a) == []

    ctx, dialog = series_dialog(make_ctx, qtbot, world.front_desk, setup, weeks=2)
    dialog.start_edit.setCurrentIndex(dialog.start_edit.findText("16:00"))
    dialog.end_edit.setCurrentIndex(dialog.end_edit.findText("18:00"))
    click(qtbot, ctx, dialog.plan_button)
    assert "2회 모두 예약할 수 있습니다" in dialog.summary.text()
    assert not dialog.skip_button.isVisible()
    dialog.weeks.setValue(3)  # a change throws the checked plan away
    assert not dialog.save_button.isVisible() and "다시" in dialog.summary.text()
    click(qtbot, ctx, dialog.plan_button)
    click(qtbot, ctx, dialog.save_button)
    assert not dialog.isVisible()
    rows = series_rows(services, world.front_desk, world.a)
    assert [b.time_text for b in rows] == ["16:00–18:00"] * 3
