"""Today's booth bookings for the desk's arrivals list (``models.desk.arrivals``).

One query over ``ix_booth_booking_facility_start`` (a booking carries its slot's start),
joined to the slot (its end and booth), the booth and the youth; registered as a source by
``models.registry``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import select

from models.booths.tables import BoothBooking, BoothSlot
from models.core.time import day_bounds
from models.desk.arrivals import ArrivalRow, arrival_row
from models.desk.enums import ACTIVE_BOOKING_STATUSES
from models.facilities.tables import Room
from models.youth.tables import Youth


def arrivals(s, facility_id: int, day: date, now: datetime) -> list[ArrivalRow]:
    """The facility's booth bookings starting on ``day`` that are booked or checked in."""
    start, end = day_bounds(day)
    rows = s.exec(
        select(BoothBooking.id, BoothSlot.starts_at, BoothSlot.ends_at, BoothBooking.status,
               BoothBooking.session_type, BoothBooking.youth_id, Room.name, Youth.name, Youth.phone)
        .join(BoothSlot, BoothSlot.id == BoothBooking.slot_id)
        .join(Room, Room.id == BoothSlot.room_id)
        .join(Youth, Youth.id == BoothBooking.youth_id)
        .where(BoothBooking.facility_id == facility_id, BoothBooking.starts_at >= start,
               BoothBooking.starts_at < end, BoothBooking.status.in_(ACTIVE_BOOKING_STATUSES))
        .order_by(BoothBooking.starts_at)).all()
    return [arrival_row(kind="booth", booking_id=bid, starts=starts, ends=ends, place_name=booth,
                        youth_id=youth_id, youth_name=name, phone=phone, status=status,
                        detail=session.label, now=now)
            for bid, starts, ends, status, session, youth_id, booth, name, phone in rows]
