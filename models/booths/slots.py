"""Publishing AI-interview booth slots (manager): weekly templates, generation for a date
range, blocking single slots, extra slots, and the week grid.

Generation skips days the facility is closed (Korean public holidays included) and never
touches a slot that has an active booking: it reports what it added, kept, removed and
could not change.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from models.booths.enums import SlotSource, SlotState
from models.booths.schemas import (
    ExtraSlotInput,
    GenerateReport,
    SlotRow,
    TemplateInput,
    TemplateRow,
)
from models.booths.tables import BoothBooking, BoothSlot, BoothTemplate
from models.core.calendar import opening_span
from models.core.db import violated_constraint
from models.core.errors import Conflict, NotFound, ValidationError
from models.core.masking import mask_name
from models.core.permissions import Actor, Perm, require
from models.core.service import Service
from models.core.text import WEEKDAYS_KO, check_text
from models.core.time import SEOUL, day_bounds, local
from models.core.validation import validate
from models.desk.actions import check_in_open
from models.desk.enums import ACTIVE_BOOKING_STATUSES, BookingStatus
from models.desk.rules import load_rules
from models.facilities.calendar import closed_reason, closed_reasons
from models.facilities.enums import RoomKind
from models.facilities.tables import Facility, Room
from models.youth.tables import Youth

MAX_RANGE_DAYS = 92
RETIRED = "템플릿 변경으로 폐지"  # block reason of a slot with history that a new template dropped


def slot_times(day: date, t: TemplateInput | BoothTemplate) -> list[tuple[datetime, datetime]]:
    start = datetime.combine(day, time.fromisoformat(t.day_start), SEOUL)
    end = datetime.combine(day, time.fromisoformat(t.day_end), SEOUL)
    length, gap = timedelta(minutes=t.slot_minutes), timedelta(minutes=t.buffer_minutes)
    out = []
    while start + length <= end:
        out.append((start, start + length))
        start += length + gap
    return out


def _booth(s, room_id: int, facility_id: int | None = None) -> Room:
    room = s.get(Room, room_id)
    if room is None or (facility_id is not None and room.facility_id != facility_id):
        raise ValidationError.single("room_id", "이 시설의 AI 면접 부스를 선택하세요.")
    if room.kind != RoomKind.AI_BOOTH:
        raise ValidationError.single("room_id", f"{room.name}은(는) AI 면접 부스가 아닙니다.")
    return room


def slot_display(slot: BoothSlot, booking: BoothBooking | None) -> str:
    if booking is not None:
        return {BookingStatus.BOOKED: "booked", BookingStatus.CHECKED_IN: "attended",
                BookingStatus.NO_SHOW: "no_show"}.get(booking.status, "free")
    return "blocked" if slot.state == SlotState.BLOCKED else "free"


def slot_bookings(s, slot_ids: list[int]) -> dict[int, tuple[BoothBooking, str]]:
    """The booking a slot shows: the active one, else its latest no-show."""
    if not slot_ids:
        return {}
    rows = s.exec(select(BoothBooking, Youth.name).join(Youth, Youth.id == BoothBooking.youth_id)
                  .where(BoothBooking.slot_id.in_(slot_ids),
                         BoothBooking.status != BookingStatus.CANCELLED)
                  .order_by(BoothBooking.id)).all()
    out: dict[int, tuple[BoothBooking, str]] = {}
    for b, name in rows:
        current = out.get(b.slot_id)
        if current is None or b.status.active or not current[0].status.active:
            out[b.slot_id] = (b, name)
    return out


class BoothSlotService(Service):
    # -- templates ----------------------------------------------------------------
    def booths(self, actor: Actor, facility_id: int) -> list[tuple[int, str]]:
        require(actor, Perm.BOOKING_VIEW, facility_id)
        return self.db.read(lambda s: [(r.id, r.name) for r in s.exec(
            select(Room).where(Room.facility_id == facility_id, Room.kind == RoomKind.AI_BOOTH,
                               Room.is_active).order_by(Room.name)).all()])

    def templates(self, actor: Actor, facility_id: int) -> list[TemplateRow]:
        require(actor, Perm.BOOKING_VIEW, facility_id)

        def work(s):
            rows = s.exec(select(BoothTemplate, Room.name).join(Room, Room.id == BoothTemplate.room_id)
                          .where(BoothTemplate.facility_id == facility_id).order_by(Room.name)).all()
            return [TemplateRow(t.room_id, name, tuple(t.weekdays), t.day_start, t.day_end,
                                t.slot_minutes, t.buffer_minutes) for t, name in rows]

        return self.db.read(work)

    def set_template(self, actor: Actor, facility_id: int, room_id: int, data: dict | TemplateInput) -> None:
        require(actor, Perm.BOOKING_RULES, facility_id)
        inp = validate(TemplateInput, data)
        if inp.slot_minutes > inp.span_minutes:
            raise ValidationError.single("slot_minutes", "한 회차가 하루 운영시간보다 깁니다.")

        def work(s):
            _booth(s, room_id, facility_id)
            facility = s.get(Facility, facility_id)
            for day in inp.weekdays:
                span = (facility.opening_hours or {}).get(str(day))
                if not span:
                    raise ValidationError.single("weekdays", f"{WEEKDAYS_KO[day]}요일은 시설 휴무일입니다.")
                if inp.day_start < span[0] or inp.day_end > span[1]:
                    raise ValidationError.single(
                        "day_start" if inp.day_start < span[0] else "day_end",
                        f"{WEEKDAYS_KO[day]}요일 운영시간({span[0]}–{span[1]}) 안에서 정하세요.")
            t = s.get(BoothTemplate, room_id) or BoothTemplate(room_id=room_id, facility_id=facility_id)
            for key, value in inp.model_dump().items():
                setattr(t, key, value)
            t.updated_at = self.clock()
            s.add(t)

        self.db.write(work, actor=actor)

    # -- generation ---------------------------------------------------------------
    def generate(self, actor: Actor, facility_id: int, date_from: date, date_to: date,
                 room_ids: list[int] | None = None) -> GenerateReport:
        """Make the slots of each booth's template for the range (from today on)."""
        require(actor, Perm.BOOKING_RULES, facility_id)
        if date_to < date_from:
            raise ValidationError.single("date_to", "끝 날짜가 시작 날짜보다 앞설 수 없습니다.")
        if (date_to - date_from).days > MAX_RANGE_DAYS:
            raise ValidationError.single("date_to", f"한 번에 {MAX_RANGE_DAYS}일까지만 만들 수 있습니다.")
        date_from = max(date_from, self.today())
        now = self.clock()

        def work(s):
            facility = s.get(Facility, facility_id)
            q = select(BoothTemplate).where(BoothTemplate.facility_id == facility_id)
            if room_ids:
                q = q.where(BoothTemplate.room_id.in_(room_ids))
            templates = s.exec(q).all()
            if not templates:
                raise ValidationError.single("room_id", "주간 템플릿이 있는 부스가 없습니다. 템플릿을 먼저 정하세요.")
            added = kept = removed = 0
            unchanged: list[str] = []
            skipped: set[str] = set()
            span = [date_from + timedelta(days=i) for i in range((date_to - date_from).days + 1)]
            closed = closed_reasons(s, facility, span)
            new: list[BoothSlot] = []
            for t in templates:
                room = s.get(Room, t.room_id)
                if not room.is_active:  # a booth taken out of service gets no new slots
                    continue
                days = [d for d in span if d.weekday() in t.weekdays]
                for day in days:
                    if day in closed:
                        skipped.add((day, closed[day]))
                a, k, r, u = self._sync_days(s, facility_id, room, days, t, closed, now, new)
                added, kept, removed = added + a, kept + k, removed + r
                unchanged += u
            s.flush()  # the removed slots go first: a new slot may take a removed one's time
            s.add_all(new)
            s.flush()
            # in date order; the year only where the range spans two
            years = len({d.year for d, _ in skipped}) > 1
            days = tuple(f"{d:%Y/%m/%d}"[0 if years else 5:] + f" {why}" for d, why in sorted(skipped))
            return GenerateReport(added, kept, removed, tuple(unchanged), days)

        return self.db.write(work, actor=actor)

    def _sync_days(self, s, facility_id, room, days, template, closed, now, new):
        """Bring one booth's slots on ``days`` to its template: one read of the range's
        slots, one of their bookings and one of which have any history, then the changes
        in memory; the slots to make are appended to ``new`` (the caller flushes the
        removals first, then adds them)."""
        if not days:
            return 0, 0, 0, []
        start, end = day_bounds(days[0])[0], day_bounds(days[-1])[1]
        by_day: dict[date, list[BoothSlot]] = {}
        for slot in s.exec(select(BoothSlot).where(
                BoothSlot.room_id == room.id, BoothSlot.starts_at >= start,
                BoothSlot.starts_at < end)).all():
            by_day.setdefault(slot.starts_at.astimezone(SEOUL).date(), []).append(slot)
        # slots that are already over are history: neither made, changed nor removed
        live = [x.id for day in days for x in by_day.get(day, ()) if x.ends_at > now]
        booked = slot_bookings(s, live)
        history = self._with_history(s, live)
        added = kept = removed = 0
        unchanged = []
        for day in days:
            wanted = [] if day in closed else slot_times(day, template)
            day_slots = by_day.get(day, [])
            want = {(st, en) for st, en in wanted if en > now}
            held: set[int] = set()  # booked slots left as they are
            gone: set[int] = set()
            for slot in day_slots:
                if slot.ends_at <= now:
                    continue
                key = (slot.starts_at, slot.ends_at)
                if key in want:
                    want.discard(key)
                    kept += 1
                    if slot.state == SlotState.BLOCKED and slot.block_reason == RETIRED:
                        slot.state, slot.block_reason = SlotState.OPEN, None  # the template came back
                        s.add(slot)
                elif slot.source == SlotSource.TEMPLATE:
                    b = booked.get(slot.id)
                    if b and b[0].status.active:
                        held.add(slot.id)
                        unchanged.append(f"{room.name} {slot.starts_at.astimezone(SEOUL):%m/%d %H:%M}")
                    elif slot.id in history:
                        if slot.state != SlotState.BLOCKED:
                            slot.state, slot.block_reason = SlotState.BLOCKED, RETIRED
                            s.add(slot)
                            removed += 1
                    else:
                        s.delete(slot)
                        gone.add(slot.id)
                        removed += 1
            # every slot lies within one day's opening hours, so a clash is a slot of that day
            taken = [(x.id, x.starts_at, x.ends_at) for x in day_slots if x.id not in gone]
            for st, en in sorted(want):
                clash = next((i for i, a, b in taken if a < en and b > st), None)
                if clash is not None:
                    if clash not in held:  # a held booked slot is reported once, above
                        unchanged.append(f"{room.name} {st:%m/%d %H:%M} (기존 회차와 겹침)")
                    continue
                new.append(BoothSlot(facility_id=facility_id, room_id=room.id, starts_at=st, ends_at=en,
                                     state=SlotState.OPEN, source=SlotSource.TEMPLATE, created_at=now))
                taken.append((0, st, en))  # a later wanted slot may not overlap it either
                added += 1
        return added, kept, removed, unchanged

    @staticmethod
    def _with_history(s, slot_ids: list[int]) -> set[int]:
        """The slots of ``slot_ids`` that any booking (of any status) names."""
        out: set[int] = set()
        for i in range(0, len(slot_ids), 500):
            chunk = slot_ids[i:i + 500]
            out.update(s.exec(select(BoothBooking.slot_id).where(
                BoothBooking.slot_id.in_(chunk)).distinct()).all())
        return out

    # -- single slots ---------------------------------------------------------------
    def _slot(self, s, actor: Actor, slot_id: int) -> BoothSlot:
        slot = s.get(BoothSlot, slot_id)
        if slot is None:
            raise NotFound("회차를 찾을 수 없습니다.")
        require(actor, Perm.BOOKING_EDIT, slot.facility_id)
        return slot

    def block(self, actor: Actor, slot_id: int, reason: str) -> None:
        reason = check_text("reason", reason, 100, required="차단 사유를 적으세요(예: 장비 점검).",
                            too_long="차단 사유는 100자 이하로 적으세요.")

        def work(s):
            slot = self._slot(s, actor, slot_id)
            b = slot_bookings(s, [slot.id]).get(slot.id)
            if b and b[0].status.active:
                raise Conflict("예약이 있는 회차는 차단할 수 없습니다. 예약을 먼저 취소하세요.")
            slot.state, slot.block_reason = SlotState.BLOCKED, reason
            s.add(slot)

        self.db.write(work, actor=actor)

    def unblock(self, actor: Actor, slot_id: int) -> None:
        def work(s):
            slot = self._slot(s, actor, slot_id)
            slot.state, slot.block_reason = SlotState.OPEN, None
            s.add(slot)

        self.db.write(work, actor=actor)

    def add_extra(self, actor: Actor, facility_id: int, data: dict | ExtraSlotInput) -> int:
        require(actor, Perm.BOOKING_EDIT, facility_id)
        inp = validate(ExtraSlotInput, data)
        starts, ends = local(inp.day, inp.start), local(inp.day, inp.end)

        def work(s):
            room = _booth(s, inp.room_id, facility_id)
            facility = s.get(Facility, facility_id)
            reason = closed_reason(s, facility, inp.day)
            if reason:
                raise ValidationError.single("day", f"{reason}에는 회차를 추가할 수 없습니다.")
            span = opening_span(facility, inp.day)
            if starts.time() < span[0] or ends.time() > span[1]:
                raise ValidationError.single("start" if starts.time() < span[0] else "end",
                                             f"운영시간({span[0]:%H:%M}–{span[1]:%H:%M}) 안에서 정하세요.")
            if ends <= self.clock():
                raise ValidationError.single("start", "이미 지난 시간입니다.")
            day_start, _ = day_bounds(inp.day)  # a slot lies within one day, as above
            clash = s.exec(select(BoothSlot).where(
                BoothSlot.room_id == room.id, BoothSlot.starts_at >= day_start,
                BoothSlot.starts_at < ends, BoothSlot.ends_at > starts)).first()
            if clash:
                st = clash.starts_at.astimezone(SEOUL)
                raise Conflict(f"같은 부스의 {st:%H:%M} 회차와 겹칩니다.")
            slot = BoothSlot(facility_id=facility_id, room_id=room.id, starts_at=starts, ends_at=ends,
                             state=SlotState.OPEN, source=SlotSource.EXTRA, created_at=self.clock())
            s.add(slot)
            try:
                s.flush()
            except IntegrityError as exc:
                if violated_constraint(exc) in ("booth_slot_no_overlap", "booth_slot_overlap"):
                    raise Conflict("같은 부스의 다른 회차와 겹칩니다.") from None
                raise
            return slot.id

        return self.db.write(work, actor=actor)

    # -- the week grid --------------------------------------------------------------
    def week(self, actor: Actor, facility_id: int, monday: date) -> list[SlotRow]:
        """Every slot of every booth of the facility in the week from ``monday``."""
        require(actor, Perm.BOOKING_VIEW, facility_id)
        now = self.clock()

        def work(s):
            start, _ = day_bounds(monday)
            end = start + timedelta(days=7)
            return slot_rows(s, facility_id, start, end, now)

        return self.db.read(work)


def slot_rows(s, facility_id: int, start: datetime, end: datetime, now: datetime,
              room_id: int | None = None) -> list[SlotRow]:
    q = (select(BoothSlot, Room.name).join(Room, Room.id == BoothSlot.room_id)
         .where(BoothSlot.facility_id == facility_id, BoothSlot.starts_at >= start,
                BoothSlot.starts_at < end))
    if room_id is not None:
        q = q.where(BoothSlot.room_id == room_id)
    rows = s.exec(q.order_by(BoothSlot.starts_at, Room.name)).all()
    grace = timedelta(minutes=load_rules(s, facility_id).grace_minutes)
    booked = slot_bookings(s, [slot.id for slot, _ in rows])
    out = []
    for slot, room_name in rows:
        b, youth = booked.get(slot.id, (None, None))
        out.append(SlotRow(
            slot.id, slot.room_id, room_name, slot.starts_at.astimezone(SEOUL),
            slot.ends_at.astimezone(SEOUL), slot.state, slot.source, slot.block_reason,
            slot_display(slot, b), b.id if b else None, b.youth_id if b else None,
            mask_name(youth) if b else None, b.session_type if b else None,
            bool(b and b.reminded_at), bool(b and b.status == BookingStatus.BOOKED
                                            and now >= slot.starts_at + grace),
            bool(b and b.status == BookingStatus.BOOKED
                 and check_in_open(slot.starts_at, slot.ends_at, now))))
    return out


def active_on(s, facility_id: int, start, end) -> int:
    """Active booth bookings of the facility starting in [start, end)."""
    return s.exec(select(func.count(BoothBooking.id)).where(
        BoothBooking.facility_id == facility_id, BoothBooking.status.in_(ACTIVE_BOOKING_STATUSES),
        BoothBooking.starts_at >= start, BoothBooking.starts_at < end)).one()
