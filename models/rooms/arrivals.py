"""Today's room bookings for the desk's arrivals list (``models.desk.arrivals``).

One query over ``ix_booking_facility_start`` (the facility's bookings starting in the day),
joined to the room and the youth; registered as a source by ``models.registry``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import select

from models.core.time import day_bounds
from models.desk.arrivals import ArrivalRow, arrival_row
from models.desk.enums import ACTIVE_BOOKING_STATUSES
from models.facilities.tables import Room
from models.rooms.tables import Booking
from models.youth.tables import Youth


def arrivals(s, facility_id: int, day: date, now: datetime) -> list[ArrivalRow]:
    """The facility's room bookings starting on ``day`` that are booked or checked in."""
    start, end = day_bounds(day)
    rows = s.exec(
        select(Booking.id, Booking.starts_at, Booking.ends_at, Booking.status, Booking.purpose,
               Booking.youth_id, Room.name, Room.kind, Youth.name, Youth.phone)
        .join(Room, Room.id == Booking.room_id)
        .join(Youth, Youth.id == Booking.youth_id)
        .where(Booking.facility_id == facility_id, Booking.starts_at >= start,
               Booking.starts_at < end, Booking.status.in_(ACTIVE_BOOKING_STATUSES))
        .order_by(Booking.starts_at)).all()
    return [arrival_row(kind="room", booking_id=bid, starts=starts, ends=ends, place_name=room,
                        place_kind=kind.label, youth_id=youth_id, youth_name=name, phone=phone,
                        status=status, detail=purpose.label, now=now)
            for bid, starts, ends, status, purpose, youth_id, room, kind, name, phone in rows]
