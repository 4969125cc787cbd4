"""Past times are not offered for today, and a time that is over is said at the time field
(issue 11, item 11).

The clock is Friday 2026-11-27 in Seoul (tests/factories/room_dialogs.py), the café open
09:00–18:00 in 30-minute steps.
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import Qt

from tests.factories.room_dialogs import MON, booking_dialog, click, pick_youth

FRI = date(2026, 11, 27)


def _times(combo) -> list[str]:
    return [combo.itemData(i) for i in range(combo.count())]


def test_today_offers_no_start_or_end_that_is_over(world, services, setup, make_ctx, qtbot, clock):
    clock.advance(hours=3, minutes=10)  # 13:10
    _, dialog = booking_dialog(make_ctx, qtbot, world.front_desk, setup, day=FRI,
                               start=time(9), end=time(10))  # a slot clicked long before
    starts, ends = _times(dialog.start_edit), _times(dialog.end_edit)
    assert starts[0] == "13:00", "the step running now is the first start; none before it"
    assert ends[0] == "13:30" and all(e > "13:10" for e in ends)
    assert (dialog.start_edit.currentData(), dialog.end_edit.currentData()) == ("13:00", "13:30")
    dialog.day_edit.setDate(MON)
    assert _times(dialog.start_edit)[0] == "09:00", "another day offers its whole opening hours"


def test_after_closing_time_today_the_time_field_says_so(world, setup, make_ctx, qtbot, clock):
    clock.advance(hours=8, minutes=5)  # 18:05, closed at 18:00
    _, dialog = booking_dialog(make_ctx, qtbot, world.front_desk, setup, day=FRI,
                               start=time(17), end=time(18))
    assert dialog.start_edit.count() == 0
    assert "시간이 지났습니다" in dialog.form.error_text("start")


def test_a_time_over_while_the_dialog_was_open_is_said_at_the_time_field(world, services, setup,
                                                                           make_ctx, qtbot, clock):
    ctx, dialog = booking_dialog(make_ctx, qtbot, world.front_desk, setup, day=FRI,
                                 start=time(10), end=time(10, 30))
    pick_youth(qtbot, ctx, dialog.youth_picker, "김민", "김민수")
    qtbot.mouseClick(dialog.identity, Qt.LeftButton)
    clock.advance(minutes=40)  # 10:40: the half hour chosen is over
    click(qtbot, ctx, dialog.save_button)
    assert "이미 지난 시간" in dialog.form.error_text("start")
    assert not dialog.form.general.isVisible(), "at the field, not in a banner at the top"
    assert not services.rooms.day_view(world.front_desk, world.a, FRI).bookings, "nothing written"
    dialog.end_edit.setCurrentIndex(dialog.end_edit.findData("11:30"))
    assert dialog.form.error_text("start") == "", "changing the time takes the message away"
    click(qtbot, ctx, dialog.save_button)
    assert not dialog.isVisible()
    assert [(b.starts_at.strftime("%H:%M"), b.ends_at.strftime("%H:%M"))
            for b in services.rooms.day_view(world.front_desk, world.a, FRI).bookings] == [("10:00", "11:30")]


def test_a_series_dialog_still_offers_the_morning_for_its_later_dates(world, services, setup, make_ctx,
                                                                        qtbot, clock):
    from gui.rooms.dialogs.series_dialogs import SeriesDialog
    from tests.factories.room_dialogs import held, show
    clock.advance(hours=3)
    ctx = make_ctx(world.front_desk)
    dialog = show(qtbot, SeriesDialog(ctx, room_id=setup.room_a, day=FRI, start=time(9), end=time(10),
                                      **held(ctx, FRI)))
    assert _times(dialog.start_edit)[0] == "09:00"
