"""Today's arrivals at CAFE-A, rooms and booths together, for the 오늘 입실 tests
(tests/models/desk/test_arrivals.py, tests/gui/arrivals/).

The FakeClock's day is Friday 2026-11-27; the bookings are made at 09:00 and the clock is
left at 10:00 in Seoul, so:

=======  ===========  ===============  ======  =============  ==========================
time     kind         place            youth   phone          state at 10:00
=======  ===========  ===============  ======  =============  ==========================
09:30    room         스터디룸 A        홍길동   010-1234-5678  booked, check-in open
09:30    room         회의실 1          박서준   010-6666-7777  checked in (at 09:30)
10:00    booth        AI 면접 부스 1    김민수   010-2222-3333  booked, check-in open
11:00    booth        AI 면접 부스 1    이영희   010-4444-9999  booked, opens at 10:30
13:00    room         회의실 1          홍지수   010-5555-1235  booked, opens at 12:30
=======  ===========  ===============  ======  =============  ==========================

Not in the list: 최유나's 14:00 room booking (cancelled), 홍길동's booth booking on Monday
11/30 (another day), and a booking at CAFE-B today.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from models.booths.enums import SessionType
from tests.factories.rooms import at
from tests.factories.world import youth_data

TODAY = date(2026, 11, 27)  # Friday
MONDAY = date(2026, 11, 30)
TEMPLATE = {"weekdays": [0, 1, 2, 3, 4], "day_start": "10:00", "day_end": "17:00",
            "slot_minutes": 50, "buffer_minutes": 10}

YOUTHS = {  # key: (name, phone, birth date)
    "hong": ("홍길동", "010-1234-5678", "1998-03-15"),
    "kim": ("김민수", "010-2222-3333", "1999-01-02"),
    "lee": ("이영희", "010-4444-9999", "2000-05-06"),
    "hong2": ("홍지수", "010-5555-1235", "1997-07-07"),
    "park": ("박서준", "010-6666-7777", "1996-08-08"),
    "choi": ("최유나", "010-8888-1111", "2001-09-09"),
}


def _slot(services, world, booth: int, day: date, hhmm: str) -> int:
    return next(r.id for r in services.booths.day(world.admin, world.a, day)
                if r.room_id == booth and f"{r.starts_at:%H:%M}" == hhmm)


def _room_booking(services, actor, facility, room, youth, start, end, purpose="study") -> int:
    return services.rooms.book(actor, facility, {
        "room_id": room, "youth_id": youth, "day": TODAY, "start": start, "end": end,
        "headcount": 1, "purpose": purpose, "note": "", "identity_confirmed": True})


def make_arrivals(services, world) -> SimpleNamespace:
    """The day in the table above; returns the ids (rooms, booth, youths, bookings)."""
    clock = services.clock
    clock.now = at(TODAY, "09:00")
    add_room = services.facilities.add_room
    room_a = add_room(world.admin, world.a, {"name": "스터디룸 A", "kind": "study_room", "capacity": 4})
    meeting = add_room(world.admin, world.a, {"name": "회의실 1", "kind": "meeting_room", "capacity": 8})
    booth = add_room(world.admin, world.a, {"name": "AI 면접 부스 1", "kind": "ai_booth", "capacity": 1})
    room_b = add_room(world.admin, world.b, {"name": "스터디룸 B", "kind": "study_room", "capacity": 4})
    services.booth_slots.set_template(world.manager, world.a, booth, TEMPLATE)
    services.booth_slots.generate(world.manager, world.a, TODAY, MONDAY)
    y = {key: services.youth.create(world.front_desk, world.a, youth_data(
        name=name, phone=phone, birth_date=birth, email=None))
        for key, (name, phone, birth) in YOUTHS.items()}
    desk = world.front_desk
    ids = SimpleNamespace(
        hong=_room_booking(services, desk, world.a, room_a, y["hong"], "09:30", "11:00"),
        park=_room_booking(services, desk, world.a, meeting, y["park"], "09:30", "10:30", "meeting"),
        kim=services.booths.book(desk, _slot(services, world, booth, TODAY, "10:00"), y["kim"],
                                 SessionType.AI_INTERVIEW),
        lee=services.booths.book(desk, _slot(services, world, booth, TODAY, "11:00"), y["lee"],
                                 SessionType.AI_COMPETENCY),
        hong2=_room_booking(services, desk, world.a, meeting, y["hong2"], "13:00", "14:00", "meeting"),
        choi=_room_booking(services, desk, world.a, room_a, y["choi"], "14:00", "15:00"),
        monday=services.booths.book(desk, _slot(services, world, booth, MONDAY, "10:00"), y["hong"],
                                    SessionType.AI_INTERVIEW),
        other=_room_booking(services, world.admin, world.b, room_b, y["lee"], "10:00", "11:00"),
    )
    services.rooms.cancel(desk, ids.choi, "youth")
    clock.now = at(TODAY, "09:30")
    services.rooms.check_in(desk, ids.park)
    clock.now = at(TODAY, "10:00")
    return SimpleNamespace(w=world, a=world.a, room_a=room_a, meeting=meeting, booth=booth,
                           youth=SimpleNamespace(**y), booking=ids)
