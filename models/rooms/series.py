"""Recurring bookings, e.g. a study group every Tuesday 14:00–16:00 for 8 weeks.

``plan`` checks every occurrence and lists the ones that cannot be booked (a rule or an
existing booking), so the desk decides before saving: skip those, or drop the whole series.
A series can be changed or cancelled from one occurrence onward.

A series is registered once at the desk, so its later occurrences are exempt from the
"at most N days ahead" rule; every other rule applies to each occurrence.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from models.core.errors import Conflict, NotFound, RuleViolation, ValidationError
from models.core.permissions import Actor, Perm, require
from models.core.service import Service
from models.core.time import SEOUL, local
from models.core.validation import validate
from models.desk import actions as desk_actions
from models.desk.enums import BookingStatus, CancelCode
from models.desk.rules import check_override, load_rules
from models.lifecycle.requests import check_bookable
from models.rooms.rules import PROXY_MESSAGE, check_rules
from models.rooms.schemas import BookingInput, Occurrence, SeriesInput, SeriesResult
from models.rooms.service import (
    RoomBookingService,
    clash_message,
    flush_guarded,
    insert_booking,
    room_clash,
)
from models.rooms.tables import Booking, BookingSeries
from models.rooms.waitlist import offer_freed
from models.youth.tables import Youth


class RoomSeriesService(Service):
    def __init__(self, db, clock, bookings: RoomBookingService):
        super().__init__(db, clock)
        self.bookings = bookings

    def _occurrences(self, s, facility_id: int, inp: SeriesInput, room, facility, override: bool,
                     exclude_ids=()) -> list[Occurrence]:
        rules = load_rules(s, facility_id)
        now = self.clock()
        out = []
        for week in range(inp.weeks):
            day = inp.day + timedelta(weeks=week)
            starts, ends = local(day, inp.start), local(day, inp.end)
            problem = None
            try:
                if not override:
                    check_rules(s, facility=facility, rules=rules, room=room, youth_id=inp.youth_id,
                                starts=starts, ends=ends, headcount=inp.headcount,
                                identity_confirmed=inp.identity_confirmed, now=now,
                                horizon=week == 0, exclude_ids=exclude_ids)
                elif ends <= now:
                    problem = "이미 지난 시간입니다."
                clash = room_clash(s, room.id, starts, ends, exclude_ids)
                if clash and problem is None:
                    problem = clash_message(*clash)
            except RuleViolation as exc:
                problem = exc.message
            out.append(Occurrence(day, starts, ends, problem))
        return out

    @staticmethod
    def _check_identity(inp: SeriesInput, override: str | None) -> None:
        """No proxy bookings: said once for the whole series, not once per week."""
        if override is None and not inp.identity_confirmed:
            raise RuleViolation("proxy", PROXY_MESSAGE)

    def plan(self, actor: Actor, facility_id: int, data: dict | SeriesInput, *,
             override_reason: str | None = None) -> list[Occurrence]:
        require(actor, Perm.BOOKING_EDIT, facility_id)
        inp = validate(SeriesInput, data)
        override = check_override(actor, facility_id, override_reason)

        def work(s):
            facility, room = self.bookings._facility_room(s, facility_id, inp.room_id)
            if s.get(Youth, inp.youth_id) is None:
                raise ValidationError.single("youth_id", "청년을 선택하세요.")
            self._check_identity(inp, override)
            return self._occurrences(s, facility_id, inp, room, facility, override is not None)

        return self.db.read(work)

    def create(self, actor: Actor, facility_id: int, data: dict | SeriesInput, *,
               skip_conflicts: bool, override_reason: str | None = None) -> SeriesResult:
        """Create the series. With problems and ``skip_conflicts`` False nothing is saved."""
        require(actor, Perm.BOOKING_EDIT, facility_id)
        inp = validate(SeriesInput, data)
        override = check_override(actor, facility_id, override_reason)
        now = self.clock()

        def work(s):
            youth = desk_actions.lock_youth(s, inp.youth_id)  # first, before anything is read
            facility, room = self.bookings._facility_room(s, facility_id, inp.room_id)
            if youth is None:
                raise ValidationError.single("youth_id", "청년을 선택하세요.")
            check_bookable(s, inp.youth_id)  # consent withdrawn, record destroyed: no booking
            self._check_identity(inp, override)
            occ = self._occurrences(s, facility_id, inp, room, facility, override is not None)
            bad = [o for o in occ if not o.ok]
            if bad and not skip_conflicts:
                raise Conflict(f"{len(bad)}회차를 예약할 수 없습니다: "
                               + ", ".join(f"{o.day:%m/%d}" for o in bad))
            good = [o for o in occ if o.ok]
            if not good:
                raise Conflict("예약할 수 있는 회차가 없습니다.")
            series = BookingSeries(
                facility_id=facility_id, room_id=room.id, youth_id=inp.youth_id,
                start_time=inp.start, end_time=inp.end, first_day=inp.day, weeks=inp.weeks,
                headcount=inp.headcount, purpose=inp.purpose, note=inp.note, created_at=now,
                created_by=actor.user_id)
            s.add(series)
            s.flush()
            ids = []
            for o in good:
                b = Booking(facility_id=facility_id, room_id=room.id, youth_id=inp.youth_id,
                            series_id=series.id, starts_at=o.starts_at, ends_at=o.ends_at,
                            headcount=inp.headcount, purpose=inp.purpose, note=inp.note,
                            status=BookingStatus.BOOKED, walk_in=False, override_reason=override,
                            override_by=actor.user_id if override else None,
                            created_at=now, created_by=actor.user_id)
                ids.append(insert_booking(s, b))
            return SeriesResult(series.id, tuple(ids), tuple(bad))

        return self.db.write(work, actor=actor)

    def _from(self, s, booking_id: int, actor: Actor) -> list[Booking]:
        b = s.get(Booking, booking_id)
        if b is None:
            raise NotFound("예약을 찾을 수 없습니다.")
        require(actor, Perm.BOOKING_EDIT, b.facility_id)
        if b.series_id is None:
            raise ValidationError.single("series", "반복 예약이 아닙니다.")
        return s.exec(select(Booking).where(
            Booking.series_id == b.series_id, Booking.starts_at >= b.starts_at,
            Booking.status == BookingStatus.BOOKED).order_by(Booking.starts_at)).all()

    def cancel_from(self, actor: Actor, booking_id: int, reason: str) -> int:
        """Cancel this occurrence and every later booked one. Returns how many."""
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError.single("reason", "취소 사유를 적으세요.")
        now = self.clock()

        def work(s):
            items = self._from(s, booking_id, actor)
            for b in items:
                b.status = BookingStatus.CANCELLED
                b.cancel_code = CancelCode.STAFF
                b.cancel_reason = reason[:200]
                b.cancelled_at = now
                b.cancelled_by = actor.user_id
                s.add(b)
            s.flush()
            self._offer(s, [(b.room_id, b.starts_at, b.ends_at) for b in items], now)
            return len(items)

        return self.db.write(work, actor=actor)

    def change_from(self, actor: Actor, booking_id: int, data: dict | BookingInput) -> int:
        """Move this and every later booked occurrence to a new time, room or headcount.

        ``data.day`` is ignored (each occurrence keeps its day). All or nothing: if any
        occurrence would clash or break a rule, nothing changes and the days are named.
        """
        inp = validate(BookingInput, data)

        def work(s):
            desk_actions.lock_youth_of(s, Booking, booking_id)  # first, before anything is read
            items = self._from(s, booking_id, actor)
            if not items:
                raise NotFound("바꿀 회차가 없습니다.")
            facility_id = items[0].facility_id
            facility, room = self.bookings._facility_room(s, facility_id, inp.room_id)
            rules = load_rules(s, facility_id)
            ids = [b.id for b in items]
            freed = [(b.room_id, b.starts_at, b.ends_at) for b in items]
            problems = []
            with s.no_autoflush:
                self._move(s, items, inp, facility, room, rules, ids, problems)
            if problems:
                raise Conflict("바꿀 수 없는 회차가 있습니다: " + " / ".join(problems[:5]))
            for b in items:
                s.add(b)
            flush_guarded(s)
            self._offer(s, freed, self.clock())
            return len(items)

        return self.db.write(work, actor=actor)

    @staticmethod
    def _offer(s, freed, now) -> None:
        """Offer time the series no longer holds to the waitlist (first waiting youth)."""
        for room_id, starts, ends in freed:
            if ends > now:
                offer_freed(s, room_id, max(now, starts), ends, now)

    def _move(self, s, items, inp, facility, room, rules, ids, problems) -> None:
        for b in items:
            day = b.starts_at.astimezone(SEOUL).date()
            starts, ends = local(day, inp.start), local(day, inp.end)
            try:
                check_rules(s, facility=facility, rules=rules, room=room, youth_id=b.youth_id,
                            starts=starts, ends=ends, headcount=inp.headcount,
                            identity_confirmed=True, now=self.clock(), horizon=False,
                            exclude_ids=ids)
                clash = room_clash(s, room.id, starts, ends, ids)
                if clash:
                    raise RuleViolation("overlap", clash_message(*clash))
            except RuleViolation as exc:
                problems.append(f"{day:%m/%d} {exc.message}")
            b.room_id, b.starts_at, b.ends_at, b.headcount = room.id, starts, ends, inp.headcount
