"""The calendar of one facility: the pure rules of ``models.core.calendar`` with the
facility's own closure days."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from models.core import calendar
from models.facilities.tables import Facility, FacilityClosure


def closed_reason(s, facility: Facility, day: date) -> str | None:
    """Why the facility is closed on ``day``, or None when it is open."""
    closure = s.exec(select(FacilityClosure).where(
        FacilityClosure.facility_id == facility.id, FacilityClosure.day == day)).first()
    return calendar.closed_reason(facility, day, closure.reason if closure else None,
                                  closed=closure is not None)
