"""Rooms, youths and room bookings for the service tests.

FakeClock: Friday 2026-11-27 10:00 in Seoul; CAFE-A and CAFE-B are open Mon–Fri 09:00–18:00.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, text

from models.core.types import UTCDateTime
from tests.factories.world import youth_data

SEOUL = ZoneInfo("Asia/Seoul")
TODAY = date(2026, 11, 27)  # Friday
MON = date(2026, 11, 30)  # next Monday, well inside the 14-day horizon

NAMES = ["홍길동", "김민준", "이서연", "박지호", "최수아", "정하준", "강예린", "조도윤",
         "윤서준", "장하은", "임시우", "한지민"]


def add_room(services, world, name="스터디룸 A", capacity=4, kind="study_room", facility=None) -> int:
    return services.facilities.add_room(world.admin, facility or world.a,
                                        {"name": name, "kind": kind, "capacity": capacity})


def add_youth(services, world, n: int = 0, name: str | None = None) -> int:
    """The n-th test youth: a distinct name, birth date and phone each."""
    return services.youth.create(world.admin, world.a, youth_data(
        name=name or NAMES[n % len(NAMES)], birth_date=f"199{n % 10}-0{1 + n % 9}-1{n % 10}",
        phone=f"010-{3000 + n:04d}-{5000 + n:04d}", email=None))


def req(room: int, youth: int, day: date = MON, start="14:00", end="16:00", **over) -> dict:
    data = {"room_id": room, "youth_id": youth, "day": day, "start": start, "end": end,
            "headcount": 1, "purpose": "study", "note": "", "identity_confirmed": True}
    data.update(over)
    return data


def at(day: date, hhmm: str) -> datetime:
    """A wall-clock time in Seoul as an aware UTC instant, for FakeClock."""
    h, m = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, h, m, tzinfo=SEOUL).astimezone(UTC)


def book(services, actor, facility, room, youth, **kw) -> int:
    return services.rooms.book(actor, facility, req(room, youth, **kw))


def make_desk(services, world) -> SimpleNamespace:
    """CAFE-A with two study rooms (capacity 4 and 6) and three youths."""
    return SimpleNamespace(
        room=add_room(services, world), room2=add_room(services, world, "스터디룸 B", 6),
        y1=add_youth(services, world, 0), y2=add_youth(services, world, 1),
        y3=add_youth(services, world, 2))


# plain SQL, past every service check: what the database itself refuses
INSERT = text(
    "INSERT INTO booking (facility_id, room_id, youth_id, starts_at, ends_at, headcount, purpose, "
    "note, status, walk_in, created_at) VALUES (:f, :r, :y, :s, :e, 1, 'study', '', :status, "
    ":walk_in, :now)"
).bindparams(bindparam("s", type_=UTCDateTime()), bindparam("e", type_=UTCDateTime()),
             bindparam("now", type_=UTCDateTime()))


def raw_insert(db, world, room, youth, start, end, status="booked", day=MON):
    with db.engine.begin() as conn:
        conn.execute(INSERT, {"f": world.a, "r": room, "y": youth, "s": at(day, start),
                              "e": at(day, end), "status": status, "walk_in": False,
                              "now": datetime.now(UTC)})
