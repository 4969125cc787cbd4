"""Room bookings at the front desk: book, check in, no-show, cancel, and the day and week
views.

Two active bookings of one room never overlap. ``book`` checks first and names the
conflicting booking; the database constraint catches what a concurrent writer slips in,
and the loser gets the same friendly message. Nothing is ever hard-deleted: a cancellation
records who, when and why (본인 취소 / 당일 늦은 취소 / 직원 취소 / 노쇼).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from models.core.audit import record, record_insert
from models.core.calendar import opening_span
from models.core.db import violated_constraint
from models.core.enums import AuditAction
from models.core.errors import Conflict, NotFound, ValidationError
from models.core.masking import mask_name
from models.core.permissions import Actor, Perm, require
from models.core.service import Service
from models.core.text import check_id
from models.core.time import SEOUL, day_bounds, local
from models.core.validation import validate
from models.desk import actions as desk_actions
from models.desk.actions import check_in_open, where_text
from models.desk.enums import BookingStatus, CancelCode
from models.desk.rules import check_override, desk_setup, load_rules
from models.facilities.calendar import closed_reason
from models.facilities.enums import RoomKind
from models.facilities.tables import Facility, Room
from models.lifecycle.requests import check_bookable
from models.rooms.enums import WaitStatus
from models.rooms.rules import blocked_until, check_rules, overlapping
from models.rooms.schemas import BookingInput, BookingRow, DayView, NoShowLedger, RoomLane, WeekView
from models.rooms.store import COLUMNS, insert_if_free
from models.rooms.tables import Booking, WaitlistEntry
from models.rooms.waitlist import list_entries, offer_freed
from models.youth.tables import Youth

BOOKABLE_KINDS = (RoomKind.STUDY_ROOM, RoomKind.MEETING_ROOM, RoomKind.COUNSELING_ROOM)
WAIT_NOT_FOUND = "이 시설·공간·시간에 제안 중인 대기 항목이 아닙니다."
RACE_MESSAGE = "방금 다른 창구에서 같은 공간·시간을 예약했습니다. 화면을 새로 고친 뒤 다른 시간을 고르세요."
UNDO_RACE_MESSAGE = "방금 다른 창구에서 이 시간을 예약해 노쇼를 되돌릴 수 없습니다."


def booking_row(b: Booking, room_name: str, youth_name: str, grace: timedelta | None = None,
                now: datetime | None = None, actor: Actor | None = None) -> BookingRow:
    """The desk's row of ``b``; with ``now`` and ``actor``, whether that actor may check it
    in, confirm it as a no-show or undo either now."""
    booked = b.status == BookingStatus.BOOKED
    candidate = bool(grace is not None and now is not None and booked and now >= b.starts_at + grace)
    can_check_in = bool(now is not None and booked and check_in_open(b.starts_at, b.ends_at, now))
    until = desk_actions.undo_open_until(b, actor, now) if actor is not None else None
    return BookingRow(
        b.id, b.facility_id, b.room_id, room_name, b.youth_id, mask_name(youth_name),
        b.starts_at.astimezone(SEOUL), b.ends_at.astimezone(SEOUL), b.headcount, b.purpose, b.note,
        b.status, b.walk_in, b.series_id, b.cancel_code, b.cancel_reason, b.override_reason, candidate,
        can_check_in, until.astimezone(SEOUL) if until else None)



def room_clash(s, room_id: int, starts: datetime, ends: datetime, exclude_ids=()):
    q = (select(Booking, Youth.name).join(Youth, Youth.id == Booking.youth_id)
         .where(Booking.room_id == room_id, *overlapping(starts, ends)))
    if exclude_ids:
        q = q.where(Booking.id.not_in(list(exclude_ids)))
    return s.exec(q.limit(1)).first()


def clash_message(b: Booking, youth_name: str) -> str:
    st, en = b.starts_at.astimezone(SEOUL), b.ends_at.astimezone(SEOUL)
    return f"이미 예약된 시간입니다: {st:%H:%M}–{en:%H:%M} {mask_name(youth_name)} ({b.headcount}명)"


def is_overlap_violation(exc: IntegrityError) -> bool:
    """The database refused an overlapping booking: the exclusion constraint on
    PostgreSQL, the trigger on SQLite (by constraint name, not by message text)."""
    return violated_constraint(exc) in ("booking_no_overlap", "booking_overlap")


def flush_guarded(s, message: str = RACE_MESSAGE) -> None:
    """Flush changed bookings; a move the database refuses as an overlap is a Conflict."""
    try:
        s.flush()
    except IntegrityError as exc:
        if is_overlap_violation(exc):
            raise Conflict(message) from None
        raise


def taken_message(b: Booking, youth_name: str) -> str:
    st, en = b.starts_at.astimezone(SEOUL), b.ends_at.astimezone(SEOUL)
    return (f"그 사이 이 시간에 다른 예약이 들어와 노쇼를 되돌릴 수 없습니다: {st:%H:%M}–{en:%H:%M} "
            f"{mask_name(youth_name)} ({b.headcount}명)")


def withdraw_offers(s, room_id: int, starts: datetime, ends: datetime) -> None:
    """Waitlist offers of time that is taken again (an undone no-show) go back to waiting,
    in their place in the queue."""
    offers = s.exec(select(WaitlistEntry).where(
        WaitlistEntry.room_id == room_id, WaitlistEntry.status == WaitStatus.OFFERED,
        WaitlistEntry.starts_at < ends, WaitlistEntry.ends_at > starts)).all()
    for entry in offers:
        entry.status = WaitStatus.WAITING
        entry.offered_at = None
        s.add(entry)
    if offers:
        s.flush()


def insert_booking(s, booking: Booking) -> int:
    """Write a new booking (not added to the session) unless its room is taken, and audit it.

    The check and the insert are one statement (booking_store). A taken room raises Conflict
    naming the booking in the way; a clash the database constraint catches (a concurrent
    writer on PostgreSQL) raises Conflict with the race message. Sets and returns ``booking.id``.
    """
    values = {c: getattr(booking, c) for c in COLUMNS}
    try:
        new_id = insert_if_free(s.connection(), values)
    except IntegrityError as exc:
        if is_overlap_violation(exc):
            raise Conflict(RACE_MESSAGE) from None
        raise
    if new_id is None:
        clash = room_clash(s, booking.room_id, booking.starts_at, booking.ends_at)
        raise Conflict(clash_message(*clash) if clash else RACE_MESSAGE)
    booking.id = new_id
    record_insert(s, booking)
    return new_id


class RoomBookingService(Service):
    # -- booking ------------------------------------------------------------------
    def book(self, actor: Actor, facility_id: int, data: dict | BookingInput, *,
             override_reason: str | None = None, waitlist_entry_id: int | None = None) -> int:
        """Book a room. Rule violations raise RuleViolation (a manager may pass
        ``override_reason``); an overlapping booking raises Conflict naming it."""
        require(actor, Perm.BOOKING_EDIT, facility_id)
        inp = validate(BookingInput, data)
        override = check_override(actor, facility_id, override_reason)
        starts, ends = local(inp.day, inp.start), local(inp.day, inp.end)
        now = self.clock()

        def work(s):
            youth = desk_actions.lock_youth(s, inp.youth_id)  # first, before anything is read
            facility, room = self._facility_room(s, facility_id, inp.room_id)
            if youth is None:
                raise ValidationError.single("youth_id", "청년을 선택하세요.")
            check_bookable(s, inp.youth_id)  # consent withdrawn, record destroyed: no booking
            if override is None:
                check_rules(s, facility=facility, rules=load_rules(s, facility_id), room=room,
                            youth_id=inp.youth_id, starts=starts, ends=ends, headcount=inp.headcount,
                            identity_confirmed=inp.identity_confirmed or inp.walk_in, now=now)
            entry = (self._offered_entry(s, waitlist_entry_id, facility_id, inp.room_id,
                                         inp.youth_id, starts, ends)
                     if waitlist_entry_id is not None else None)
            booking = Booking(
                facility_id=facility_id, room_id=room.id, youth_id=inp.youth_id,
                starts_at=starts, ends_at=ends, headcount=inp.headcount, purpose=inp.purpose,
                note=inp.note, status=BookingStatus.BOOKED, walk_in=inp.walk_in,
                override_reason=override, override_by=actor.user_id if override else None,
                created_at=now, created_by=actor.user_id)
            insert_booking(s, booking)
            if entry is not None:
                entry.status = WaitStatus.BOOKED
                entry.booking_id = booking.id
                s.add(entry)
            return booking.id

        return self.db.write(work, actor=actor)

    @staticmethod
    def _offered_entry(s, entry_id, facility_id: int, room_id: int, youth_id: int,
                       starts: datetime, ends: datetime) -> WaitlistEntry:
        """The waitlist entry a booking fills: offered, of this facility, for the same youth,
        room and time. Anything else is NotFound and nothing is written."""
        entry = s.get(WaitlistEntry, check_id(entry_id, WAIT_NOT_FOUND))
        if (entry is None or entry.facility_id != facility_id
                or entry.status != WaitStatus.OFFERED or entry.room_id != room_id
                or entry.youth_id != youth_id or entry.starts_at != starts or entry.ends_at != ends):
            raise NotFound(WAIT_NOT_FOUND)
        return entry

    def _facility_room(self, s, facility_id: int, room_id: int):
        facility = s.get(Facility, facility_id)
        if facility is None:
            raise NotFound("시설을 찾을 수 없습니다.")
        room = s.get(Room, room_id)
        if room is None or room.facility_id != facility_id:
            raise ValidationError.single("room_id", "이 시설의 공간을 선택하세요.")
        if not room.is_active:
            raise ValidationError.single("room_id", f"{room.name}은(는) 사용 중지된 공간입니다.")
        if room.kind not in BOOKABLE_KINDS:
            raise ValidationError.single("room_id", "AI 면접 부스는 AI 면접 예약에서 잡으세요.")
        return facility, room

    def walk_in(self, actor: Actor, facility_id: int, room_id: int, youth_id: int, end: str,
                headcount: int = 1, purpose="study", note: str = "") -> int:
        """Give free time from now (rounded down to the step) to a youth at the desk."""
        now = self.clock().astimezone(SEOUL)
        step = self.db.read(lambda s: load_rules(s, facility_id)).step_minutes
        minute = (now.hour * 60 + now.minute) // step * step
        start = f"{minute // 60:02d}:{minute % 60:02d}"
        return self.book(actor, facility_id, {
            "room_id": room_id, "youth_id": youth_id, "day": now.date(), "start": start, "end": end,
            "headcount": headcount, "purpose": purpose, "note": note, "walk_in": True,
            "identity_confirmed": True})

    # -- the day ------------------------------------------------------------------
    def _booking(self, s, booking_id: int, actor: Actor, perm: Perm = Perm.BOOKING_EDIT) -> Booking:
        b = s.get(Booking, booking_id)
        if b is None:
            raise NotFound("예약을 찾을 수 없습니다.")
        require(actor, perm, b.facility_id)
        return b

    def check_in(self, actor: Actor, booking_id: int) -> BookingRow:
        """Check the youth in; returns the booking as it is now, for the desk to show."""
        def work(s):
            b = self._booking(s, booking_id, actor)
            now = self.clock()
            desk_actions.check_in(b, b.starts_at, b.ends_at, now, actor.user_id)
            s.add(b)
            s.flush()
            return self._row(s, b, now, actor)

        return self.db.write(work, actor=actor)

    @staticmethod
    def _row(s, b: Booking, now: datetime, actor: Actor) -> BookingRow:
        room, youth = s.get(Room, b.room_id), s.get(Youth, b.youth_id)
        grace = timedelta(minutes=load_rules(s, b.facility_id).grace_minutes)
        return booking_row(b, room.name, youth.name, grace, now, actor)

    def mark_no_show(self, actor: Actor, booking_id: int) -> None:
        """Confirm a no-show candidate: not checked in ``grace_minutes`` after the start."""
        now = self.clock()

        def work(s):
            b = self._booking(s, booking_id, actor)
            grace = load_rules(s, b.facility_id).grace_minutes
            desk_actions.no_show(b, b.starts_at, now, grace, actor.user_id)
            self._free(s, b, now)

        self.db.write(work, actor=actor)

    # -- undo, the same day ----------------------------------------------------------
    def undo_check_in(self, actor: Actor, booking_id: int) -> BookingRow:
        """Take a check-in back (입실 취소): 예약 again, the check-in's time and user cleared.
        Only on the Seoul day of the check-in, by the user who made it or a manager."""
        def work(s):
            b = self._booking(s, booking_id, actor)
            now = self.clock()
            desk_actions.undo_check_in(b, actor, now)
            s.add(b)
            s.flush()
            row = self._row(s, b, now, actor)
            desk_actions.record_undo(s, b, "booking", "입실 취소", where_text(b, row.room_name))
            return row

        return self.db.write(work, actor=actor)

    def undo_no_show(self, actor: Actor, booking_id: int) -> BookingRow:
        """Take a confirmed no-show back (노쇼 취소): 예약 again, so it no longer counts toward
        the sanction. Refused, with nothing written, when the freed time has meanwhile been
        booked (a waitlist offer taken, a walk-in); an offer still open for that time goes
        back to waiting. Only on the Seoul day of the no-show, by its user or a manager."""
        def work(s):
            b = self._booking(s, booking_id, actor)
            now = self.clock()
            desk_actions.check_undo(b, BookingStatus.NO_SHOW, actor, now)  # before any change
            clash = room_clash(s, b.room_id, b.starts_at, b.ends_at, exclude_ids=[b.id])
            if clash:
                raise Conflict(taken_message(*clash))
            desk_actions.undo_no_show(b, actor, now)
            s.add(b)
            flush_guarded(s, UNDO_RACE_MESSAGE)
            withdraw_offers(s, b.room_id, b.starts_at, b.ends_at)
            row = self._row(s, b, now, actor)
            desk_actions.record_undo(s, b, "booking", "노쇼 취소", where_text(b, row.room_name))
            return row

        return self.db.write(work, actor=actor)

    def cancel(self, actor: Actor, booking_id: int, by: str, reason: str = "") -> CancelCode:
        """Cancel a booking. ``by`` is "youth" or "staff"; a youth's cancellation less than
        ``late_cancel_minutes`` before the start is recorded as a late cancel."""
        reason = desk_actions.validate_cancel(by, reason)
        now = self.clock()

        def work(s):
            b = self._booking(s, booking_id, actor)
            late = load_rules(s, b.facility_id).late_cancel_minutes
            code = desk_actions.cancel(b, b.starts_at, now, by, reason, late, actor.user_id)
            self._free(s, b, now)
            return code

        return self.db.write(work, actor=actor)

    @staticmethod
    def _free(s, b: Booking, now: datetime) -> None:
        """Save the change and offer the freed rest of the time to the waitlist."""
        s.add(b)
        s.flush()
        if b.ends_at > now:
            offer_freed(s, b.room_id, max(now, b.starts_at), b.ends_at, now)

    # -- views ----------------------------------------------------------------------
    def day_view(self, actor: Actor, facility_id: int, day: date) -> DayView:
        require(actor, Perm.BOOKING_VIEW, facility_id)
        now = self.clock()

        def work(s):
            facility = s.get(Facility, facility_id)
            if facility is None:
                raise NotFound("시설을 찾을 수 없습니다.")
            setup = desk_setup(s, facility, day)
            rules = setup.rules
            rooms = s.exec(select(Room).where(
                Room.facility_id == facility_id, Room.is_active, Room.kind.in_(BOOKABLE_KINDS))
                .order_by(Room.kind, Room.name)).all()
            start, end = day_bounds(day)
            grace = timedelta(minutes=rules.grace_minutes)
            rows = s.exec(select(Booking, Room.name, Youth.name)
                          .join(Room, Room.id == Booking.room_id)
                          .join(Youth, Youth.id == Booking.youth_id)
                          .where(Booking.facility_id == facility_id,
                                 Booking.starts_at >= start, Booking.starts_at < end)
                          .order_by(Booking.starts_at)).all()
            span = opening_span(facility, day)
            waits = list_entries(s, facility_id, start, end, (WaitStatus.WAITING, WaitStatus.OFFERED))
            return DayView(
                facility_id, day, span[0] if span else None, span[1] if span else None,
                closed_reason(s, facility, day), rules.step_minutes,
                tuple(RoomLane(r.id, r.name, r.kind, r.capacity) for r in rooms),
                tuple(booking_row(b, rn, yn, grace, now, actor) for b, rn, yn in rows),
                tuple(w for w in waits if w.status == WaitStatus.OFFERED),
                tuple(w for w in waits if w.status == WaitStatus.WAITING), setup)

        return self.db.read(work)

    def week(self, actor: Actor, facility_id: int, room_id: int, monday: date) -> WeekView:
        """One room's week: each day open or closed (and why), and its bookings."""
        require(actor, Perm.BOOKING_VIEW, facility_id)
        now = self.clock()

        def work(s):
            facility = s.get(Facility, facility_id)
            if facility is None:
                raise NotFound("시설을 찾을 수 없습니다.")
            setup = desk_setup(s, facility, monday)
            days = tuple(setup.open_day(monday + timedelta(days=i)) for i in range(7))
            return WeekView(room_id, monday, days, tuple(self._week_rows(
                s, setup.rules, facility_id, room_id, monday, now, actor)))

        return self.db.read(work)

    def week_view(self, actor: Actor, facility_id: int, room_id: int, monday: date) -> list[BookingRow]:
        """One room's bookings for the week starting on ``monday``."""
        require(actor, Perm.BOOKING_VIEW, facility_id)
        now = self.clock()

        return self.db.read(lambda s: self._week_rows(s, load_rules(s, facility_id), facility_id,
                                                       room_id, monday, now, actor))

    @staticmethod
    def _week_rows(s, rules, facility_id: int, room_id: int, monday: date, now,
                   actor: Actor | None = None) -> list[BookingRow]:
        start, _ = day_bounds(monday)
        end = start + timedelta(days=7)
        rows = s.exec(select(Booking, Room.name, Youth.name)
                      .join(Room, Room.id == Booking.room_id)
                      .join(Youth, Youth.id == Booking.youth_id)
                      .where(Booking.room_id == room_id, Booking.facility_id == facility_id,
                             Booking.starts_at >= start, Booking.starts_at < end)
                      .order_by(Booking.starts_at)).all()
        grace = timedelta(minutes=rules.grace_minutes)
        return [booking_row(b, rn, yn, grace, now, actor) for b, rn, yn in rows]

    def get(self, actor: Actor, booking_id: int) -> BookingRow:
        def work(s):
            b = self._booking(s, booking_id, actor, Perm.BOOKING_VIEW)
            return self._row(s, b, self.clock(), actor)

        return self.db.read(work)

    def no_show_ledger(self, actor: Actor, facility_id: int, youth_id: int) -> NoShowLedger:
        """The youth's no-shows at this facility and the sanction in force, if any."""
        require(actor, Perm.BOOKING_VIEW, facility_id)
        now = self.clock()

        def work(s):
            rows = s.exec(select(Booking, Room.name, Youth.name)
                          .join(Room, Room.id == Booking.room_id)
                          .join(Youth, Youth.id == Booking.youth_id)
                          .where(Booking.facility_id == facility_id, Booking.youth_id == youth_id,
                                 Booking.status == BookingStatus.NO_SHOW)
                          .order_by(Booking.starts_at.desc())).all()
            until = blocked_until(s, facility_id, youth_id, now, load_rules(s, facility_id))
            return NoShowLedger(youth_id, tuple(booking_row(b, rn, yn) for b, rn, yn in rows),
                                until.astimezone(SEOUL) if until else None)

        return self.db.read(work)

    def month_rows(self, actor: Actor, facility_id: int, year: int, month: int,
                   write: Callable[[str, list[BookingRow]], object] | None = None) -> list[BookingRow]:
        """All bookings of a calendar month in Asia/Seoul, for exports. Recorded as an output.

        ``write(facility name, rows)``, when given, writes the file inside the same
        transaction, before the output is recorded: if it fails, no output is recorded (as
        ``BoothService.day_sheet``; ``models.outputs.exports`` passes it)."""
        require(actor, Perm.BOOKING_VIEW, facility_id)
        first = date(year, month, 1)
        after = date(year + (month == 12), month % 12 + 1, 1)

        def work(s):
            start, _ = day_bounds(first)
            end, _ = day_bounds(after)
            rows = s.exec(select(Booking, Room.name, Youth.name)
                          .join(Room, Room.id == Booking.room_id)
                          .join(Youth, Youth.id == Booking.youth_id)
                          .where(Booking.facility_id == facility_id,
                                 Booking.starts_at >= start, Booking.starts_at < end)
                          .order_by(Booking.starts_at, Room.name)).all()
            out = [booking_row(b, rn, yn) for b, rn, yn in rows]
            if write is not None:
                facility = s.get(Facility, facility_id)
                if facility is None:
                    raise NotFound("시설을 찾을 수 없습니다.")
                write(facility.name, out)
            record(s, AuditAction.OUTPUT, "booking", None, facility_id=facility_id,
                   detail=f"예약 내보내기 {year}-{month:02d} ({len(rows)}건)")
            return out

        return self.db.write(work, actor=actor)
