"""The 예약 page tests (tests/gui/rooms/test_rooms_page*.py): two study rooms and two
youths at CAFE-A, and the page's drags and clicks. The ``desk`` and ``open_page`` fixtures
are in tests/gui/rooms/conftest.py. The FakeClock stands at Friday 2026-11-27 10:00 in
Seoul; CAFE-A is open Mon–Fri 09:00–18:00.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from PySide6.QtCore import Qt

from tests.factories.gui import pick_youth_by_phone as pick_youth  # noqa: F401  (the page tests' name)
from tests.factories.world import youth_data

FRIDAY = date(2026, 11, 27)


def make_desk(world, services) -> SimpleNamespace:
    """CAFE-A's 스터디룸 A (4) and B (6); 홍길동 and 김민수."""
    add_room = services.facilities.add_room
    room_a = add_room(world.admin, world.a, {"name": "스터디룸 A", "kind": "study_room", "capacity": 4})
    room_b = add_room(world.admin, world.a, {"name": "스터디룸 B", "kind": "study_room", "capacity": 6})
    hong = services.youth.create(world.front_desk, world.a, youth_data())
    kim = services.youth.create(world.front_desk, world.a, youth_data(
        name="김민수", phone="010-2222-3333", email="kim@example.com", birth_date="1999-01-02"))
    return SimpleNamespace(w=world, a=world.a, room_a=room_a, room_b=room_b, hong=hong, kim=kim)


def book(services, desk, start: str, end: str, *, youth=None, room=None, day=FRIDAY, headcount=2) -> int:
    return services.rooms.book(desk.w.front_desk, desk.a, {
        "day": day, "start": start, "end": end, "room_id": room or desk.room_a,
        "youth_id": youth or desk.hong, "headcount": headcount, "identity_confirmed": True})


def drag(qtbot, grid, start_pos, end_pos) -> None:
    vp = grid.viewport()
    qtbot.mousePress(vp, Qt.LeftButton, pos=start_pos)
    qtbot.mouseMove(vp, pos=(start_pos + end_pos) / 2)
    qtbot.mouseMove(vp, pos=end_pos)
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=end_pos)


def click_block(qtbot, page, booking_id: int) -> None:
    qtbot.mouseClick(page.timeline.viewport(), Qt.LeftButton, pos=page.timeline.block_pos(booking_id))
    assert page.selected is not None and page.selected.id == booking_id


def day_rows(services, desk, day=FRIDAY):
    return services.rooms.day_view(desk.w.front_desk, desk.a, day).bookings
