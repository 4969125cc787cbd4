"""The room-booking dialog tests (tests/gui/rooms/test_room_dialogs.py and
test_desk_dialogs.py): two rooms and a booth at CAFE-A, two youths, and what a user does in
the dialogs. The ``setup`` fixture is in tests/gui/rooms/conftest.py. The clock is Friday
2026-11-27 10:00 in Seoul, so bookings go on the following weekdays.
"""

from __future__ import annotations

from datetime import date, time
from types import SimpleNamespace

from PySide6.QtCore import Qt

from gui.rooms.dialogs.booking_dialog import BookingDialog
from tests.factories.gui import type_text, wait_worker
from tests.factories.world import youth_data

MON = date(2026, 11, 30)
TUE = date(2026, 12, 1)


def make_setup(world, services) -> SimpleNamespace:
    """CAFE-A's 스터디룸 A (4), 회의실 B (8) and an AI booth; 김민수 and 이영희."""
    fac = services.facilities
    room_a = fac.add_room(world.admin, world.a, {"name": "스터디룸 A", "kind": "study_room", "capacity": 4})
    room_b = fac.add_room(world.admin, world.a, {"name": "회의실 B", "kind": "meeting_room", "capacity": 8})
    fac.add_room(world.admin, world.a, {"name": "AI 부스", "kind": "ai_booth", "capacity": 1})
    kim = services.youth.create(world.admin, world.a, youth_data(name="김민수", phone="010-1111-5678"))
    lee = services.youth.create(world.admin, world.a, youth_data(
        name="이영희", birth_date="2000-01-02", phone="010-2222-3333", email="lee@example.com"))
    return SimpleNamespace(room_a=room_a, room_b=room_b, kim=kim, lee=lee)


def book(services, actor, fid, room, youth, day, start, end, **over) -> int:
    data = {"room_id": room, "youth_id": youth, "day": day, "start": start, "end": end,
            "identity_confirmed": True} | over
    return services.rooms.book(actor, fid, data)


def show(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def click(qtbot, ctx, button) -> None:
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.LeftButton)
    wait_worker(qtbot, ctx)


def pick_youth(qtbot, ctx, picker, fragment: str, name: str) -> int:
    """Type a name fragment like a user, wait for the debounced search, click the row."""
    picker.youth_search.clear()
    type_text(qtbot, picker.youth_search, fragment)
    qtbot.waitUntil(lambda: any(picker.youth_list.item(i).text().startswith(name)
                                for i in range(picker.youth_list.count())), timeout=5000)
    wait_worker(qtbot, ctx)
    item = next(picker.youth_list.item(i) for i in range(picker.youth_list.count())
                if picker.youth_list.item(i).text().startswith(name))
    rect = picker.youth_list.visualItemRect(item)
    qtbot.mouseClick(picker.youth_list.viewport(), Qt.LeftButton, pos=rect.center())
    assert picker.selected_youth_id is not None
    return picker.selected_youth_id


def day_bookings(services, actor, fid, day, active=True):
    rows = services.rooms.day_view(actor, fid, day).bookings
    return [b for b in rows if b.status.active] if active else list(rows)


def held(ctx, day=MON) -> dict:
    """What the rooms page holds and hands its dialogs: the day view's setup and rooms."""
    view = ctx.services.rooms.day_view(ctx.actor, ctx.facility_id, day)
    return {"setup": view.setup, "rooms": view.rooms}


def booking_dialog(make_ctx, qtbot, actor, setup, **kw):
    ctx = make_ctx(actor)
    args = {"room_id": setup.room_a, "day": MON, "start": time(10), "end": time(12)} | kw
    return ctx, show(qtbot, BookingDialog(ctx, **args, **held(ctx, args["day"])))
