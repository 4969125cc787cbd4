"""The waitlist: a youth waits for a room and time that are full. When a cancellation or a
no-show frees the time, the first waiting youth whose request fits is offered it; the desk
sees the offer as a notice in the day view and books it or passes it on."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select

from models.core.errors import NotFound, ValidationError
from models.core.masking import mask_name
from models.core.permissions import Actor, Perm, require
from models.core.service import Service
from models.core.time import SEOUL, local
from models.core.validation import validate
from models.facilities.tables import Room
from models.lifecycle.requests import check_bookable
from models.rooms.enums import WaitStatus
from models.rooms.rules import overlapping
from models.rooms.schemas import BookingInput, WaitInput, WaitRow
from models.rooms.tables import Booking, WaitlistEntry
from models.youth.tables import Youth


def wait_row(w: WaitlistEntry, room_name: str, youth_name: str) -> WaitRow:
    return WaitRow(w.id, w.room_id, room_name, w.youth_id, mask_name(youth_name),
                   w.starts_at.astimezone(SEOUL), w.ends_at.astimezone(SEOUL), w.headcount,
                   w.purpose, w.status)


def _is_free(s, room_id: int, starts: datetime, ends: datetime) -> bool:
    return s.exec(select(Booking.id).where(
        Booking.room_id == room_id, *overlapping(starts, ends))).first() is None


def offer_freed(s, room_id: int, starts: datetime, ends: datetime, now: datetime) -> WaitlistEntry | None:
    """Offer freed time to the first waiting youth whose request fits inside it."""
    waiting = s.exec(select(WaitlistEntry).where(
        WaitlistEntry.room_id == room_id, WaitlistEntry.status == WaitStatus.WAITING,
        WaitlistEntry.starts_at < ends, WaitlistEntry.ends_at > starts,
        WaitlistEntry.ends_at > now).order_by(WaitlistEntry.created_at, WaitlistEntry.id)).all()
    for entry in waiting:
        if _is_free(s, room_id, entry.starts_at, entry.ends_at):
            entry.status = WaitStatus.OFFERED
            entry.offered_at = now
            s.add(entry)
            return entry
    return None


class RoomWaitlistService(Service):
    def __init__(self, db, clock, bookings):
        super().__init__(db, clock)
        self.bookings = bookings

    def add(self, actor: Actor, facility_id: int, data: dict | WaitInput) -> int:
        require(actor, Perm.BOOKING_EDIT, facility_id)
        inp = validate(WaitInput, data)
        starts, ends = local(inp.day, inp.start), local(inp.day, inp.end)

        def work(s):
            room = s.get(Room, inp.room_id)
            if room is None or room.facility_id != facility_id:
                raise ValidationError.single("room_id", "이 시설의 공간을 선택하세요.")
            if s.get(Youth, inp.youth_id) is None:
                raise ValidationError.single("youth_id", "청년을 선택하세요.")
            check_bookable(s, inp.youth_id)  # consent withdrawn, record destroyed: no waiting
            if ends <= self.clock():
                raise ValidationError.single("start", "이미 지난 시간에는 대기할 수 없습니다.")
            dup = s.exec(select(WaitlistEntry.id).where(
                WaitlistEntry.youth_id == inp.youth_id, WaitlistEntry.room_id == inp.room_id,
                WaitlistEntry.starts_at == starts,
                WaitlistEntry.status.in_([WaitStatus.WAITING, WaitStatus.OFFERED]))).first()
            if dup:
                raise ValidationError.single("youth_id", "이미 같은 시간에 대기 중입니다.")
            entry = WaitlistEntry(facility_id=facility_id, room_id=inp.room_id, youth_id=inp.youth_id,
                                  starts_at=starts, ends_at=ends, headcount=inp.headcount,
                                  purpose=inp.purpose, status=WaitStatus.WAITING,
                                  created_at=self.clock(), created_by=actor.user_id)
            s.add(entry)
            s.flush()
            # the time may already be free (e.g. added after a cancellation)
            if _is_free(s, room.id, starts, ends):
                offer_freed(s, room.id, starts, ends, self.clock())
            return entry.id

        return self.db.write(work, actor=actor)

    def entries(self, actor: Actor, facility_id: int, day_start: datetime, day_end: datetime,
                statuses=(WaitStatus.WAITING, WaitStatus.OFFERED)) -> list[WaitRow]:
        require(actor, Perm.BOOKING_VIEW, facility_id)
        return self.db.read(lambda s: list_entries(s, facility_id, day_start, day_end, statuses))

    def accept(self, actor: Actor, entry_id: int, *, identity_confirmed: bool,
               override_reason: str | None = None) -> int:
        """Book the offered time for the waiting youth; returns the booking id."""
        entry = self.db.read(lambda s: s.get(WaitlistEntry, entry_id))
        if entry is None or entry.status != WaitStatus.OFFERED:
            raise NotFound("제안 중인 대기 항목이 아닙니다.")
        st, en = entry.starts_at.astimezone(SEOUL), entry.ends_at.astimezone(SEOUL)
        data = BookingInput(room_id=entry.room_id, youth_id=entry.youth_id, day=st.date(),
                            start=st.strftime("%H:%M"), end=en.strftime("%H:%M"),
                            headcount=entry.headcount, purpose=entry.purpose,
                            note="대기 순번 예약", identity_confirmed=identity_confirmed)
        return self.bookings.book(actor, entry.facility_id, data, override_reason=override_reason,
                                  waitlist_entry_id=entry_id)

    def decline(self, actor: Actor, entry_id: int) -> None:
        """The offered youth passes (or cannot be reached): offer the next one."""

        def work(s):
            entry = s.get(WaitlistEntry, entry_id)
            if entry is None or entry.status not in (WaitStatus.OFFERED, WaitStatus.WAITING):
                raise NotFound("대기 중인 항목이 아닙니다.")
            require(actor, Perm.BOOKING_EDIT, entry.facility_id)
            was_offered = entry.status == WaitStatus.OFFERED
            entry.status = WaitStatus.WITHDRAWN
            s.add(entry)
            s.flush()
            if was_offered:
                offer_freed(s, entry.room_id, entry.starts_at, entry.ends_at, self.clock())

        self.db.write(work, actor=actor)


def list_entries(s, facility_id: int, start: datetime, end: datetime, statuses) -> list[WaitRow]:
    rows = s.exec(select(WaitlistEntry, Room.name, Youth.name)
                  .join(Room, Room.id == WaitlistEntry.room_id)
                  .join(Youth, Youth.id == WaitlistEntry.youth_id)
                  .where(WaitlistEntry.facility_id == facility_id,
                         WaitlistEntry.starts_at >= start, WaitlistEntry.starts_at < end,
                         WaitlistEntry.status.in_(list(statuses)))
                  .order_by(WaitlistEntry.starts_at, WaitlistEntry.created_at)).all()
    return [wait_row(w, rn, yn) for w, rn, yn in rows]
