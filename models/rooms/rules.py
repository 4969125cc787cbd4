"""Booking rules of a facility: settings, closure days, Korean public holidays, and the
checks every booking goes through.

The café defaults come from Seoul's youth job centre: 30-minute steps, no-show after 15
minutes, at most 3 hours per youth per day, booking at most 14 days ahead, and 3 no-shows
within 30 days block new bookings for 14 days.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import func
from sqlmodel import select

from models.core.calendar import opening_span
from models.core.errors import RuleViolation
from models.core.time import SEOUL, day_bounds
from models.desk.actions import sanction_end
from models.desk.enums import ACTIVE_BOOKING_STATUSES, BookingStatus
from models.desk.schemas import RulesRow
from models.facilities.calendar import closed_reason
from models.facilities.tables import Facility
from models.rooms.tables import Booking

MAX_BOOKING = timedelta(days=1)  # the database's ck_booking_duration


PROXY_MESSAGE = "대리 예약은 할 수 없습니다. 이용할 청년 본인임을 확인하세요."


def overlapping(starts, ends, since=None) -> tuple:
    """Conditions for active bookings that overlap [starts, ends).

    The lower bound on ``starts_at`` (``since``, by default ``starts`` less a day) is implied
    by the one-day maximum duration; it lets the (room_id, starts_at) index stop at a day
    instead of scanning a room's whole history. ``starts``, ``ends`` and ``since`` may be
    bound parameters (see booking_store).
    """
    booking = Booking.__table__.c
    # "= OR =" rather than IN: an IN list is expanded at execution, which a statement
    # compiled once (booking_store) cannot do
    active = sa.or_(*(booking.status == status for status in ACTIVE_BOOKING_STATUSES))
    return (active, booking.starts_at < ends,
            booking.starts_at > (starts - MAX_BOOKING if since is None else since),
            booking.ends_at > starts)


def minutes_booked(s, facility_id: int, youth_id: int, day: date, exclude_ids=()) -> int:
    start, end = day_bounds(day)
    rows = s.exec(select(Booking.starts_at, Booking.ends_at).where(
        Booking.facility_id == facility_id, Booking.youth_id == youth_id,
        Booking.status.in_(ACTIVE_BOOKING_STATUSES),
        Booking.starts_at >= start, Booking.starts_at < end,
        Booking.id.not_in(list(exclude_ids)) if exclude_ids else True)).all()
    return sum(int((e - st).total_seconds() // 60) for st, e in rows)


def blocked_until(s, facility_id: int, youth_id: int, now: datetime, rules: RulesRow) -> datetime | None:
    """The end of the no-show sanction in force at ``now``, if any.

    Each no-show that completes ``no_show_limit`` no-shows within ``no_show_window_days``
    blocks new bookings for ``sanction_days`` from that no-show.
    """
    since = now - timedelta(days=rules.no_show_window_days + rules.sanction_days)
    times = s.exec(select(Booking.starts_at).where(
        Booking.facility_id == facility_id, Booking.youth_id == youth_id,
        Booking.status == BookingStatus.NO_SHOW, Booking.starts_at >= since,
        Booking.starts_at <= now)).all()
    return sanction_end(list(times), now, rules.no_show_limit, rules.no_show_window_days,
                        rules.sanction_days)


def check_rules(s, *, facility: Facility, rules: RulesRow, room, youth_id: int, starts: datetime,
                ends: datetime, headcount: int, identity_confirmed: bool, now: datetime,
                horizon: bool = True, exclude_ids=()) -> None:
    """Raise RuleViolation naming the first rule the booking breaks."""
    day = starts.astimezone(SEOUL).date()
    if not identity_confirmed:
        raise RuleViolation("proxy", PROXY_MESSAGE)
    reason = closed_reason(s, facility, day)
    if reason:
        raise RuleViolation("closed", f"{day.month}월 {day.day}일은 {reason}이라 예약할 수 없습니다.")
    opens, closes = opening_span(facility, day)
    ls, le = starts.astimezone(SEOUL).time(), ends.astimezone(SEOUL).time()
    if ends.astimezone(SEOUL).date() != day or ls < opens or le > closes:
        raise RuleViolation("hours", f"운영시간({opens:%H:%M}–{closes:%H:%M}) 안에서만 예약할 수 있습니다.")
    step = rules.step_minutes
    if (ls.hour * 60 + ls.minute) % step or (le.hour * 60 + le.minute) % step:
        raise RuleViolation("step", f"예약은 {step}분 단위로 시작하고 끝나야 합니다.")
    if headcount > room.capacity:
        raise RuleViolation("capacity", f"{room.name}의 정원은 {room.capacity}명입니다.")
    if horizon:
        if ends <= now:
            raise RuleViolation("past", "이미 지난 시간은 예약할 수 없습니다.")
        if day > now.astimezone(SEOUL).date() + timedelta(days=rules.max_days_ahead):
            raise RuleViolation("ahead", f"예약은 오늘부터 {rules.max_days_ahead}일 후까지만 할 수 있습니다.")
    used = minutes_booked(s, facility.id, youth_id, day, exclude_ids)
    wanted = int((ends - starts).total_seconds() // 60)
    if used + wanted > rules.max_minutes_per_day:
        limit = rules.max_minutes_per_day
        raise RuleViolation(
            "daily", f"청년 1명은 하루 최대 {limit // 60}시간{f' {limit % 60}분' if limit % 60 else ''}까지 "
                     f"이용할 수 있습니다(이미 {used // 60}시간 {used % 60}분 예약).")
    until = blocked_until(s, facility.id, youth_id, now, rules)
    if until:
        raise RuleViolation(
            "sanction", f"최근 {rules.no_show_window_days}일 동안 노쇼 {rules.no_show_limit}회로 "
                        f"{until.astimezone(SEOUL):%Y-%m-%d}까지 새 예약이 제한됩니다.")
    clash = s.exec(select(func.count(Booking.id)).where(
        Booking.youth_id == youth_id, *overlapping(starts, ends),
        Booking.id.not_in(list(exclude_ids)) if exclude_ids else True)).one()
    if clash:
        raise RuleViolation("double", "이 청년은 같은 시간에 이미 다른 예약이 있습니다.")


def active_on(s, facility_id: int, start, end) -> int:
    """Active room bookings of the facility starting in [start, end)."""
    return s.exec(select(func.count(Booking.id)).where(
        Booking.facility_id == facility_id, Booking.status.in_(ACTIVE_BOOKING_STATUSES),
        Booking.starts_at >= start, Booking.starts_at < end)).one()
