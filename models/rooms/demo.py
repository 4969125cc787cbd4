"""Demo room bookings for the job cafés: two months back and two weeks ahead, busy
afternoons, some no-shows and cancellations, and a recurring study group.

Rows are generated so that they obey the facility's rules (opening hours, 30-minute steps,
no overlaps, at most 3 hours per youth per day), and bulk-inserted in one transaction
(Core inserts: thousands of synthetic rows would otherwise take a minute through the ORM
and flood the audit log).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import insert

from models.core.calendar import holiday_name, opening_span
from models.core.time import SEOUL
from models.desk.enums import BookingStatus, CancelCode
from models.facilities.enums import FacilityKind, FacilityStatus, RoomKind
from models.facilities.tables import Facility, Room
from models.rooms.enums import Purpose
from models.rooms.tables import Booking, BookingSeries, WaitlistEntry

if TYPE_CHECKING:  # the registry imports every area; a demo only needs its type
    from models.registry import Services

BOOKABLE = (RoomKind.STUDY_ROOM, RoomKind.MEETING_ROOM)
# relative demand per starting hour: quiet mornings, busy afternoons
HOUR_WEIGHT = {9: 1, 10: 2, 11: 2, 12: 2, 13: 4, 14: 6, 15: 6, 16: 5, 17: 4, 18: 3, 19: 2, 20: 1}


def _at(day: date, minutes: int) -> datetime:
    return datetime.combine(day, time(minutes // 60, minutes % 60), SEOUL)


def generate_bookings(services: Services, admin, youth_ids: list[int], rng: random.Random,
                      days_back: int = 60, days_ahead: int = 14) -> int:
    today = services.accounts.today()
    now = services.clock()

    def work(s):
        from sqlmodel import select
        cafes = s.exec(select(Facility).where(Facility.kind == FacilityKind.JOB_CAFE,
                                              Facility.status == FacilityStatus.OPEN)).all()
        count = 0
        for cafe in cafes:
            rooms = s.exec(select(Room).where(Room.facility_id == cafe.id, Room.kind.in_(BOOKABLE))
                           .order_by(Room.name)).all()
            busy = 1.0 if cafe.code == "CAFE-CENTER" else 0.45
            regulars = rng.sample(youth_ids, min(len(youth_ids), 400))
            rows: list[dict] = []
            for offset in range(-days_back, days_ahead + 1):
                day = today + timedelta(days=offset)
                span = opening_span(cafe, day)
                if span is None or holiday_name(day):
                    continue
                used: dict[int, int] = {}
                for room in rooms:
                    rows += _fill_room(cafe, room, day, span, busy, regulars, used, rng, now, admin)
            if cafe.code == "CAFE-CENTER":
                rows = _study_group(s, cafe, rows, today, admin, now, youth_ids)
            if rows:
                s.execute(insert(Booking), rows)
            count += len(rows)
        _waitlist(s, cafes, today, rng, admin, now, youth_ids)
        return count

    return services.db.write(work, actor=admin)


def _fill_room(cafe, room, day, span, busy, regulars, used, rng, now, admin) -> list[dict]:
    opens = span[0].hour * 60 + span[0].minute
    closes = span[1].hour * 60 + span[1].minute
    t = opens + rng.choice([0, 30, 60, 90])
    made = []
    while t < closes - 60:
        weight = HOUR_WEIGHT.get(t // 60, 1) / 6
        if rng.random() > weight * busy:
            t += 30
            continue
        length = rng.choice([60, 90, 120, 120, 120, 180])
        end = min(t + length, closes)
        youth = rng.choice(regulars)
        if used.get(youth, 0) + (end - t) > 180:
            t += 30
            continue
        used[youth] = used.get(youth, 0) + (end - t)
        starts, ends = _at(day, t), _at(day, end)
        status, code, reason = _outcome(starts, ends, now, rng)
        made.append(dict(
            facility_id=cafe.id, room_id=room.id, youth_id=youth, series_id=None, starts_at=starts,
            ends_at=ends, headcount=rng.randint(1, room.capacity),
            purpose=Purpose.STUDY if room.kind == RoomKind.STUDY_ROOM
            else rng.choice([Purpose.MEETING, Purpose.INTERVIEW_PRACTICE]),
            note="", status=status, walk_in=rng.random() < 0.08, created_at=starts - timedelta(days=2),
            created_by=admin.user_id,
            checked_in_at=starts + timedelta(minutes=rng.randint(0, 10))
            if status == BookingStatus.CHECKED_IN else None,
            cancelled_at=(starts - timedelta(hours=rng.choice([0.5, 5, 30]))) if code else None,
            cancel_code=code, cancel_reason=reason))
        t = end + rng.choice([0, 0, 30, 60])
    return made


def _outcome(starts, ends, now, rng):
    r = rng.random()
    if starts > now:
        if r < 0.08:
            return BookingStatus.CANCELLED, CancelCode.YOUTH, None
        return BookingStatus.BOOKED, None, None
    if ends > now and r < 0.5:
        return BookingStatus.BOOKED, None, None
    if r < 0.07:
        return BookingStatus.NO_SHOW, CancelCode.NO_SHOW, None
    if r < 0.13:
        return BookingStatus.CANCELLED, CancelCode.YOUTH, None
    if r < 0.16:
        return BookingStatus.CANCELLED, CancelCode.LATE, None
    if r < 0.17:
        return BookingStatus.CANCELLED, CancelCode.STAFF, "시설 점검"
    return BookingStatus.CHECKED_IN, None, None


def _study_group(s, cafe, rows: list[dict], today, admin, now, youth_ids) -> list[dict]:
    """A study group every Tuesday 14:00–16:00 for 8 weeks in the centre's largest room;
    generated bookings in its way are left out."""
    from sqlmodel import select
    room = s.exec(select(Room).where(Room.facility_id == cafe.id, Room.name == "스터디룸 D")).first()
    if room is None:
        return rows
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=3) + timedelta(days=1)
    youth = youth_ids[0]
    series = BookingSeries(facility_id=cafe.id, room_id=room.id, youth_id=youth, start_time="14:00",
                           end_time="16:00", first_day=first, weeks=8, headcount=6,
                           purpose=Purpose.STUDY, note="공기업 NCS 스터디", created_at=now,
                           created_by=admin.user_id)
    s.add(series)
    s.flush()
    for week in range(8):
        day = first + timedelta(weeks=week)
        if holiday_name(day):
            continue
        starts, ends = _at(day, 14 * 60), _at(day, 16 * 60)
        rows = [r for r in rows if not (r["room_id"] == room.id and r["starts_at"] < ends
                                        and r["ends_at"] > starts)]
        past = ends <= now
        rows.append(dict(
            facility_id=cafe.id, room_id=room.id, youth_id=youth, series_id=series.id, starts_at=starts,
            ends_at=ends, headcount=6, purpose=Purpose.STUDY, note="공기업 NCS 스터디",
            status=BookingStatus.CHECKED_IN if past else BookingStatus.BOOKED, walk_in=False,
            created_at=now, created_by=admin.user_id, checked_in_at=starts if past else None,
            cancelled_at=None, cancel_code=None, cancel_reason=None))
    return rows


def _waitlist(s, cafes, today, rng, admin, now, youth_ids) -> None:
    from sqlmodel import select
    cafe = next((c for c in cafes if c.code == "CAFE-CENTER"), None)
    if cafe is None:
        return
    rooms = s.exec(select(Room).where(Room.facility_id == cafe.id, Room.kind == RoomKind.STUDY_ROOM)).all()
    day = today + timedelta(days=1)
    for room in rooms[:2]:
        s.add(WaitlistEntry(facility_id=cafe.id, room_id=room.id, youth_id=rng.choice(youth_ids),
                            starts_at=_at(day, 15 * 60), ends_at=_at(day, 17 * 60), headcount=2,
                            purpose=Purpose.STUDY, status="waiting", created_at=now,
                            created_by=admin.user_id))
