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


def closed_reasons(s, facility: Facility, days: list[date]) -> dict[date, str]:
    """``closed_reason`` for many days with one read of the closure days: the days the
    facility is closed, with why."""
    if not days:
        return {}
    closures = {c.day: c.reason for c in s.exec(select(FacilityClosure).where(
        FacilityClosure.facility_id == facility.id, FacilityClosure.day >= min(days),
        FacilityClosure.day <= max(days))).all()}
    out = {}
    for day in days:
        reason = calendar.closed_reason(facility, day, closures.get(day), closed=day in closures)
        if reason:
            out[day] = reason
    return out
