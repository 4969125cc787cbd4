"""What a withdrawal of consent (동의 철회, PIPA §37) cancels: everything still to come.

In the withdrawal's own transaction, at every facility (the youth is city-wide):

- the room bookings (예약) not yet over are cancelled as a staff cancellation with the
  reason ``동의 철회`` (``models.desk.actions.cancel``: status 취소, code 직원 취소, who and
  when), and the freed time is offered to the room's waitlist, as the desk's cancel does;
- the booth bookings (예약) whose slot is not yet over, the same way (a booth's freed slot
  has no waitlist);
- the waitlist entries (대기 / 제안됨) not yet over become 취소, as the desk's 대기 취소 does
  (an offer passed on goes to the next youth waiting);
- the course applications still in selection (지원) become 지원 취소 on the day, reason
  ``동의 철회``, their version moved on, as the campus's 지원 취소 does.

Checked-in bookings, past rows, selected or enrolled trainees and matching-day interview
slots are left as they are (the trainee's course and the counselor's matching are theirs
to close). The ORM changes are audited by the audit log's flush listener like every other
cancellation. ``upcoming`` counts the same rows for the confirmation that comes before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import select

from models.booths.tables import BoothBooking, BoothSlot
from models.courses.enums import ApplicationStatus
from models.courses.tables import CourseApplication
from models.desk import actions as desk_actions
from models.desk.enums import BookingStatus
from models.rooms.enums import WaitStatus
from models.rooms.tables import Booking, WaitlistEntry
from models.rooms.waitlist import offer_freed

REASON = "동의 철회"


@dataclass(frozen=True)
class Upcoming:
    """How many of each the withdrawal cancels (or cancelled)."""

    rooms: int = 0
    booths: int = 0
    waits: int = 0
    applications: int = 0

    @property
    def total(self) -> int:
        return self.rooms + self.booths + self.waits + self.applications

    def describe(self) -> str:
        """``룸 예약 2건, 부스 예약 1건`` (only the kinds there are), or ``없음``."""
        parts = [f"{label} {n:,}건" for label, n in (
            ("룸 예약", self.rooms), ("부스 예약", self.booths), ("대기", self.waits),
            ("교육과정 지원", self.applications)) if n]
        return ", ".join(parts) if parts else "없음"


def _rows(s, youth_id: int, now: datetime, lock: bool = False):
    def q(stmt):
        return stmt.with_for_update() if lock else stmt

    rooms = s.exec(q(select(Booking).where(
        Booking.youth_id == youth_id, Booking.status == BookingStatus.BOOKED, Booking.ends_at > now)
        .order_by(Booking.starts_at, Booking.id))).all()
    booths = s.exec(q(select(BoothBooking, BoothSlot).join(BoothSlot, BoothSlot.id == BoothBooking.slot_id).where(
        BoothBooking.youth_id == youth_id, BoothBooking.status == BookingStatus.BOOKED, BoothSlot.ends_at > now)
        .order_by(BoothSlot.starts_at, BoothBooking.id))).all()
    waits = s.exec(q(select(WaitlistEntry).where(
        WaitlistEntry.youth_id == youth_id, WaitlistEntry.ends_at > now,
        WaitlistEntry.status.in_([WaitStatus.WAITING, WaitStatus.OFFERED]))
        .order_by(WaitlistEntry.starts_at, WaitlistEntry.id))).all()
    apps = s.exec(q(select(CourseApplication).where(
        CourseApplication.youth_id == youth_id, CourseApplication.status == ApplicationStatus.APPLIED)
        .order_by(CourseApplication.id))).all()
    return list(rooms), list(booths), list(waits), list(apps)


def upcoming(s, youth_id: int, now: datetime) -> Upcoming:
    """What a withdrawal now would cancel."""
    rooms, booths, waits, apps = _rows(s, youth_id, now)
    return Upcoming(len(rooms), len(booths), len(waits), len(apps))


def cancel_upcoming(s, user_id: int | None, youth_id: int, now: datetime, today: date) -> Upcoming:
    """Cancel what is still to come for the youth (see the module's text), in the
    session's transaction; returns how many of each."""
    rooms, booths, waits, apps = _rows(s, youth_id, now, lock=True)
    passed_on = []
    for w in waits:  # first, so the freed room time is never offered to this youth
        if w.status == WaitStatus.OFFERED:
            passed_on.append(w)
        w.status = WaitStatus.WITHDRAWN
        s.add(w)
    s.flush()
    for w in passed_on:
        offer_freed(s, w.room_id, w.starts_at, w.ends_at, now)
    for b in rooms:
        desk_actions.cancel(b, b.starts_at, now, "staff", REASON, 0, user_id)
        s.add(b)
        s.flush()
        offer_freed(s, b.room_id, max(now, b.starts_at), b.ends_at, now)
    for b, slot in booths:
        desk_actions.cancel(b, slot.starts_at, now, "staff", REASON, 0, user_id)
        s.add(b)
    for a in apps:
        a.status, a.withdrawn_on, a.withdraw_reason = ApplicationStatus.WITHDRAWN, max(today, a.applied_on), REASON
        a.version += 1
        s.add(a)
    s.flush()
    return Upcoming(len(rooms), len(booths), len(waits), len(apps))
