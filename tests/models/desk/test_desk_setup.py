"""The decisions the desk's DTOs carry, so the GUI never works them out itself: whether a
day is open and why not (DeskSetup / OpenDay, the day and week views), what times a
dialog offers, and whether a booking can be checked in now (BookingRow, SlotRow).

The FakeClock stands at Friday 2026-11-27 10:00 in Seoul; CAFE-A is open Mon–Fri
09:00–18:00 (tests/factories/world.py).
"""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from models.core.errors import PermissionDenied

FRIDAY, SATURDAY, MONDAY = date(2026, 11, 27), date(2026, 11, 28), date(2026, 11, 30)
CHRISTMAS = date(2026, 12, 25)


@pytest.fixture
def desk(services, world):
    room = services.facilities.add_room(world.admin, world.a, {"name": "스터디룸 A", "kind": "study_room",
                                                               "capacity": 4})
    youth = services.youth.create(world.front_desk, world.a, {
        "name": "홍길동", "birth_date": "1998-03-15", "phone": "010-1234-5678", "district": "마포구",
        "channel": "online", "consent_on": "2026-11-01", "retention_years": 3})
    services.booking_rules.add_closure(world.manager, world.a, date(2026, 12, 2), "시설 점검")
    return room, youth


def test_setup_says_why_a_day_is_closed(services, world, desk):
    setup = services.booking_rules.setup(world.front_desk, world.a)
    friday = setup.open_day(FRIDAY)
    assert friday.is_open and (friday.opens, friday.closes) == (time(9), time(18))
    assert setup.open_day(SATURDAY).closed_reason == "정기 휴무일"
    assert setup.open_day(CHRISTMAS).closed_reason == "공휴일(기독탄신일)"
    closed = setup.open_day(date(2026, 12, 2))
    assert closed.closed_reason == "휴관일(시설 점검)" and not closed.is_open and closed.opens is None
    assert setup.rules.step_minutes == 30  # the rules come along


def test_a_closed_day_still_offers_the_week_s_hours(services, world, desk):
    """A manager may book a closed day against the rules: the dialog needs times to offer."""
    setup = services.booking_rules.setup(world.manager, world.a)
    assert setup.time_range(SATURDAY) == (time(9), time(18))
    assert setup.time_range(FRIDAY) == (time(9), time(18))


def test_setup_checks_the_permission(services, world, desk):
    with pytest.raises(PermissionDenied):
        services.booking_rules.setup(world.front_desk, world.b)  # another facility's desk


def test_day_view_carries_its_setup_and_openness(services, world, desk):
    view = services.rooms.day_view(world.front_desk, world.a, date(2026, 12, 2))
    assert not view.is_open and view.closed_reason == "휴관일(시설 점검)"
    assert view.setup.open_day(FRIDAY).is_open
    assert services.rooms.day_view(world.front_desk, world.a, FRIDAY).is_open


def test_week_says_each_day_open_or_closed(services, world, desk):
    room, youth = desk
    services.rooms.book(world.front_desk, world.a, {
        "day": MONDAY, "start": "14:00", "end": "16:00", "room_id": room, "youth_id": youth,
        "identity_confirmed": True})
    week = services.rooms.week(world.front_desk, world.a, room, MONDAY)
    assert [d.day for d in week.days] == [MONDAY + timedelta(days=i) for i in range(7)]
    assert [d.closed_reason for d in week.days] == [None, None, "휴관일(시설 점검)", None, None,
                                                    "정기 휴무일", "정기 휴무일"]
    assert [b.time_text for b in week.bookings] == ["14:00–16:00"]


def test_rows_say_whether_check_in_is_open_now(services, world, desk, clock):
    room, youth = desk
    soon = services.rooms.book(world.front_desk, world.a, {  # starts in 30 minutes
        "day": FRIDAY, "start": "10:30", "end": "11:00", "room_id": room, "youth_id": youth,
        "identity_confirmed": True})
    later = services.rooms.book(world.front_desk, world.a, {  # starts in 4 hours
        "day": FRIDAY, "start": "14:00", "end": "15:00", "room_id": room, "youth_id": youth,
        "identity_confirmed": True})
    rows = {b.id: b for b in services.rooms.day_view(world.front_desk, world.a, FRIDAY).bookings}
    assert rows[soon].check_in_open and not rows[later].check_in_open
    services.rooms.check_in(world.front_desk, soon)
    rows = {b.id: b for b in services.rooms.day_view(world.front_desk, world.a, FRIDAY).bookings}
    assert not rows[soon].check_in_open  # checked in already
    clock.advance(hours=4, minutes=1)
    assert services.rooms.get(world.front_desk, later).check_in_open


def test_booth_slots_say_whether_check_in_is_open_now(services, world, clock):
    booth = services.facilities.add_room(world.admin, world.a, {"name": "AI 면접 부스 1",
                                                                "kind": "ai_booth", "capacity": 1})
    youth = services.youth.create(world.front_desk, world.a, {
        "name": "김민수", "birth_date": "1999-01-02", "phone": "010-2222-3333", "district": "중구",
        "channel": "online", "consent_on": "2026-11-01", "retention_years": 3})
    slot = services.booth_slots.add_extra(world.manager, world.a, {
        "room_id": booth, "day": FRIDAY, "start": "10:20", "end": "11:10"})
    services.booths.book(world.front_desk, slot, youth, "ai_interview")
    monday_of_week = FRIDAY - timedelta(days=FRIDAY.weekday())
    (row,) = [s for s in services.booth_slots.week(world.front_desk, world.a, monday_of_week)
              if s.id == slot]
    assert row.display == "booked" and row.check_in_open
    clock.advance(hours=1, minutes=10)  # at its end
    (row,) = [s for s in services.booth_slots.week(world.front_desk, world.a, monday_of_week)
              if s.id == slot]
    assert not row.check_in_open
