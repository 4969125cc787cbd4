"""The printable day sheet of the facility's rooms (스터디룸·회의실 일일 명단): one row per
booking of the day, by room and time, with the youth's name, the phone masked, headcount,
purpose and status, for the desk to tick off who came.

``RoomSheetService.day_sheet`` reads the rows (of every room the 예약 page books, or of one
room) and records the printout in the audit log as an output of personal data ("출력", with
the purpose when the desk gave one). ``write(sheet)``, when given, produces the PDF inside
the same transaction first: if it fails, no output is recorded. The use case
``models.outputs.day_sheet.print_room_day_sheet`` joins it to the writer.

Cancelled bookings hold no room and are left off; no-shows and check-ins stay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlmodel import select

from models.core.audit import record
from models.core.enums import AuditAction
from models.core.errors import NotFound
from models.core.masking import mask_phone
from models.core.permissions import Actor, Perm, require
from models.core.service import Service
from models.core.text import output_purpose
from models.core.time import SEOUL, day_bounds
from models.desk.enums import BookingStatus
from models.facilities.enums import RoomKind
from models.facilities.tables import Facility, Room
from models.rooms.service import BOOKABLE_KINDS
from models.rooms.tables import Booking
from models.youth.tables import Youth

ALL_ROOMS = "전체 공간"
ROOM_NOT_FOUND = "공간을 찾을 수 없습니다."
KIND_ORDER = {RoomKind.STUDY_ROOM: 0, RoomKind.MEETING_ROOM: 1, RoomKind.COUNSELING_ROOM: 2}



@dataclass(frozen=True)
class RoomSheetRow:
    """One booking on the sheet. ``youth_name`` is the full name (the desk checks people
    in by it); the phone is masked."""

    time_text: str
    room_name: str
    youth_name: str
    phone_masked: str
    headcount: int
    purpose: str
    status: str


@dataclass(frozen=True)
class RoomSheet:
    facility: str
    rooms: str  # the room's name, or ALL_ROOMS
    day: date
    rows: tuple[RoomSheetRow, ...]

    @property
    def youth_count(self) -> int:
        return len(self.rows)


class RoomSheetService(Service):
    def day_sheet(self, actor: Actor, facility_id: int, day: date, room_id: int | None = None,
                  write: Callable[[RoomSheet], object] | None = None,
                  purpose: str | None = None) -> RoomSheet:
        """The bookings of ``day`` (Asia/Seoul) in the facility's rooms, or in ``room_id``
        alone, ordered by room (study rooms, then meeting rooms, then counseling rooms, each
        by name) and start time. Recorded as an output after ``write(sheet)`` ran."""
        require(actor, Perm.BOOKING_VIEW, facility_id)
        purpose = output_purpose(purpose)

        def work(s):
            facility = s.get(Facility, facility_id)
            if facility is None:
                raise NotFound("시설을 찾을 수 없습니다.")
            label = ALL_ROOMS
            if room_id is not None:
                room = s.get(Room, room_id)
                if room is None or room.facility_id != facility_id or room.kind not in BOOKABLE_KINDS:
                    raise NotFound(ROOM_NOT_FOUND)
                label = room.name
            start, end = day_bounds(day)
            query = (select(Booking, Room.name, Youth.name, Youth.phone)
                     .join(Room, Room.id == Booking.room_id)
                     .join(Youth, Youth.id == Booking.youth_id)
                     .where(Booking.facility_id == facility_id, Booking.starts_at >= start,
                            Booking.starts_at < end, Booking.status != BookingStatus.CANCELLED,
                            Room.kind.in_(BOOKABLE_KINDS)))
            if room_id is not None:
                query = query.where(Booking.room_id == room_id)
            found = list(s.exec(query.add_columns(Room.kind)).all())
            # in Python: PostgreSQL orders an enum by declaration, SQLite by its text
            found.sort(key=lambda r: (KIND_ORDER.get(r[4], 9), r[1], r[0].room_id, r[0].starts_at))
            rows = tuple(RoomSheetRow(
                f"{b.starts_at.astimezone(SEOUL):%H:%M}–{b.ends_at.astimezone(SEOUL):%H:%M}", room_name,
                youth_name, mask_phone(phone), b.headcount, b.purpose.label, b.status.label)
                for b, room_name, youth_name, phone, _kind in found)
            sheet = RoomSheet(facility.name, label, day, rows)
            if write is not None:
                write(sheet)
            record(s, AuditAction.OUTPUT, "booking", None, facility_id=facility_id,
                   detail=f"스터디룸·회의실 일일 명단 출력 {label} {day:%Y-%m-%d} ({len(rows)}건)"
                          + (f" · 목적: {purpose}" if purpose else ""))
            return sheet

        return self.db.write(work, actor=actor)
