"""AI-interview booths, their slots and booth bookings for the service tests.

FakeClock: Friday 2026-11-27 10:00 in Seoul; CAFE-A is open Mon–Fri 09:00–18:00. TEMPLATE
publishes Mon–Fri 10:00–17:00, 50 minutes + 10 minutes buffer.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from types import SimpleNamespace

from sqlalchemy import bindparam, text

from models.booths.schemas import SlotRow
from models.core.enums import Role
from models.core.types import UTCDateTime
from tests.factories.rooms import MON, TODAY, add_room, add_youth, at

HANGUL = re.compile("[가-힣]")
FRI = date(2026, 12, 4)
TEMPLATE = {"weekdays": [0, 1, 2, 3, 4], "day_start": "10:00", "day_end": "17:00",
            "slot_minutes": 50, "buffer_minutes": 10}
TIMES = ["10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]  # of TEMPLATE


# ------------------------------------------------------------------ booths and slots
def add_booth(services, world, name="AI 면접 부스 1", facility=None) -> int:
    return add_room(services, world, name, capacity=1, kind="ai_booth", facility=facility)


def publish(services, world, booth: int, date_from=MON, date_to=FRI, template=None, facility=None):
    facility = facility or world.a
    services.booth_slots.set_template(world.manager if facility == world.a else world.admin,
                                      facility, booth, template or TEMPLATE)
    return services.booth_slots.generate(world.admin, facility, date_from, date_to, [booth])


def slot_of(services, world, day: date, hhmm: str, booth: int | None = None) -> SlotRow:
    """The slot of ``booth`` (any booth when None) starting at ``hhmm`` on ``day``."""
    rows = [x for x in services.booths.day(world.admin, world.a, day)
            if x.starts_at.strftime("%H:%M") == hhmm and (booth is None or x.room_id == booth)]
    assert len(rows) == 1, rows
    return rows[0]


def slot_id(services, world, day: date, hhmm: str, booth: int | None = None) -> int:
    return slot_of(services, world, day, hhmm, booth).id


INSERT_SLOT = text(
    "INSERT INTO booth_slot (facility_id, room_id, starts_at, ends_at, state, source, created_at) "
    "VALUES (:f, :r, :s, :e, :state, 'extra', :c)").bindparams(
    bindparam("s", type_=UTCDateTime()), bindparam("e", type_=UTCDateTime()),
    bindparam("c", type_=UTCDateTime()))


def raw_slot(db, facility: int, booth: int, day: date, start: str, end: str, state="open") -> None:
    """Insert a slot with plain SQL, past every service check."""
    with db.engine.begin() as conn:
        conn.execute(INSERT_SLOT, {"f": facility, "r": booth, "s": at(day, start), "e": at(day, end),
                                   "state": state, "c": at(TODAY, "09:00")})


# ------------------------------------------------------------------- booth bookings
def make_desk(services, world) -> SimpleNamespace:
    """CAFE-A with two booths publishing two weeks from Monday 11/30, and three youths
    (the ``desk`` fixture of tests/models)."""
    next_fri = MON + timedelta(days=11)
    b1, b2 = add_booth(services, world), add_booth(services, world, "AI 면접 부스 2")
    publish(services, world, b1, MON, next_fri)
    publish(services, world, b2, MON, next_fri)
    return SimpleNamespace(b1=b1, b2=b2, y1=add_youth(services, world, 0),
                           y2=add_youth(services, world, 1), y3=add_youth(services, world, 2))


def slot(services, world, desk, day=MON, hhmm="10:00", booth=None) -> int:
    return slot_id(services, world, day, hhmm, booth or desk.b1)


def book(services, world, desk, youth, day=MON, hhmm="10:00", booth=None, session="ai_interview",
         actor=None, **kw) -> int:
    return services.booths.book(actor or world.front_desk, slot(services, world, desk, day, hhmm, booth),
                                youth, session, **kw)


def other_facility_user(services, world, role=Role.FRONT_DESK):
    uid = services.accounts.create_user(
        world.admin, {"username": "bdesk", "display_name": "나 안내", "password": "pass1234"},
        grants=[(role, world.b)])
    return services.accounts.refresh_actor(uid)


INSERT_BOOKING = text(
    "INSERT INTO booth_booking (slot_id, facility_id, youth_id, starts_at, session_type, status, walk_in, "
    "created_at, result_received) VALUES (:slot, :f, :y, :s, 'ai_interview', :status, :w, :c, :r)"
).bindparams(bindparam("s", type_=UTCDateTime()), bindparam("c", type_=UTCDateTime()))


def raw_booking(db, facility, slot_id_, youth, status="booked") -> None:
    with db.engine.begin() as conn:
        conn.execute(INSERT_BOOKING, {"slot": slot_id_, "f": facility, "y": youth, "s": at(MON, "10:00"),
                                      "status": status, "w": False, "c": at(TODAY, "09:00"), "r": False})
