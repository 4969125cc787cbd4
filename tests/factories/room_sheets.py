"""A busy day of room bookings for the room day sheet's tests (service, PDF and page).

``busy_day(services, world, count)`` fills Monday 11/30 at CAFE-A with ``count`` half-hour
bookings spread over three rooms (a study room, a meeting room with a long Korean name, a
second study room), one youth each, with every purpose and a few headcounts.
"""

from __future__ import annotations

from datetime import time
from types import SimpleNamespace

from tests.factories.rooms import MON, add_room, add_youth

PURPOSES = ["study", "meeting", "interview_practice", "counseling", "other"]
SLOTS_A_DAY = 18  # 09:00–18:00 in half hours


def busy_day(services, world, count: int, day=MON) -> SimpleNamespace:
    rooms = [add_room(services, world, "스터디룸 A", 6),
             add_room(services, world, "대회의실 (세미나·스터디 겸용)", 12, kind="meeting_room"),
             add_room(services, world, "스터디룸 B", 6)]
    assert count <= SLOTS_A_DAY * len(rooms)
    youths, bookings = [], []
    for n in range(count):
        room = rooms[n // SLOTS_A_DAY]
        start = 9 * 60 + 30 * (n % SLOTS_A_DAY)
        youth = add_youth(services, world, n)
        youths.append(youth)
        bookings.append(services.rooms.book(world.front_desk, world.a, {
            "room_id": room, "youth_id": youth, "day": day,
            "start": f"{time(start // 60, start % 60):%H:%M}", "end": f"{time((start + 30) // 60, (start + 30) % 60):%H:%M}",
            "headcount": 1 + n % 3, "purpose": PURPOSES[n % len(PURPOSES)], "note": "",
            "identity_confirmed": True}))
    return SimpleNamespace(rooms=rooms, youths=youths, bookings=bookings, day=day)
