"""Today's arrivals at the desk: the room and booth bookings of one facility's day in one
list, for the 오늘 입실 page (find the youth by name or the last four digits of the phone,
check them in).

``models.desk`` knows no booking kind: each area hands its rows in through a source
function ``(session, facility_id, day, now) -> list[ArrivalRow]`` (``models.rooms.arrivals``
and ``models.booths.arrivals``, registered by ``models.registry``), built with
``arrival_row`` so that both kinds decide check-in and mask the phone the same way. The
service reads them all in one transaction and orders them by start time.

The list holds the desk's day: bookings starting today that are booked (예약) or checked in
(입실). No-shows and cancellations are not arrivals and are left to the room and booth pages.
Full phone numbers never appear here: the masked number (010-****-5678) and its last four
digits, which the desk types to find the youth.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from models.core.errors import NotFound
from models.core.masking import digits, mask_phone
from models.core.permissions import Actor, Perm, require
from models.core.service import Service
from models.core.time import SEOUL
from models.desk.actions import EARLY_TEXT, check_in_open, check_in_opens
from models.desk.enums import BookingStatus
from models.facilities.tables import Facility

KIND_LABELS = {"room": "스터디룸", "booth": "AI 면접"}


@dataclass(frozen=True)
class ArrivalRow:
    """One booking of today as the desk's arrivals list shows it. Times are in Seoul."""

    kind: str  # "room" or "booth"
    booking_id: int
    starts_at: datetime
    ends_at: datetime
    place_name: str  # the room or booth
    youth_id: int
    youth_name: str
    phone_masked: str  # 010-****-5678
    phone_last4: str  # "5678", what the desk types to find the youth ("" without a phone)
    status: BookingStatus
    check_in_open: bool  # booked, and now is within the check-in window
    detail: str  # the room's purpose or the booth's session type, as a label
    check_in_note: str = ""  # why it cannot be checked in now ("" when it can)
    place_kind: str = ""  # the room's kind (스터디룸, 회의실, 상담실); "" for a booth

    @property
    def kind_label(self) -> str:
        """스터디룸 / 회의실 / 상담실 for a room, AI 면접 for a booth."""
        return self.place_kind or KIND_LABELS.get(self.kind, self.kind)

    @property
    def time_text(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def matches(self, query: str) -> bool:
        """Whether the desk's search text names this row: every word of ``query`` is part of
        the name, or is digits (hyphens allowed) that the phone's last four digits start with;
        a whole number (10 or 11 digits) must end in them and start with the masked number's
        first three."""
        for word in (query or "").split():
            number = digits(word)
            if number and len(number) == len(word.replace("-", "")):
                if not self._phone_matches(number):
                    return False
            elif word.casefold() not in self.youth_name.casefold():
                return False
        return True

    def _phone_matches(self, number: str) -> bool:
        if not self.phone_last4:
            return False
        if len(number) <= 4:
            return self.phone_last4.startswith(number)
        return (len(number) in (10, 11) and number.endswith(self.phone_last4)
                and self.phone_masked.startswith(number[:3]))


@dataclass(frozen=True)
class Arrivals:
    """Today's list of one facility: the rows in time order and what the counts say."""

    facility_id: int
    day: date
    rows: tuple[ArrivalRow, ...]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def checked_in(self) -> int:
        return sum(1 for r in self.rows if r.status == BookingStatus.CHECKED_IN)

    @property
    def waiting(self) -> int:
        """Booked and not checked in yet."""
        return sum(1 for r in self.rows if r.status == BookingStatus.BOOKED)


# (session, facility_id, day, now) -> today's rows of one booking kind
ArrivalSource = Callable[[object, int, date, datetime], list[ArrivalRow]]


def check_in_note(status: BookingStatus, starts: datetime, ends: datetime, now: datetime) -> str:
    """Why a booking cannot be checked in at ``now`` ("" when it can)."""
    if status == BookingStatus.CHECKED_IN:
        return "이미 입실 처리된 예약입니다."
    if status != BookingStatus.BOOKED:
        return f"이미 {status.label} 처리된 예약입니다."
    if now < check_in_opens(starts):
        opens = check_in_opens(starts).astimezone(SEOUL)
        return (f"아직 입실할 수 없습니다. 입실은 예약 시작 {EARLY_TEXT} 전부터 할 수 있습니다"
                f"({opens:%H:%M}부터).")
    if now >= ends:
        return f"예약 시간({ends.astimezone(SEOUL):%H:%M}까지)이 지나 입실 처리할 수 없습니다."
    return ""


def arrival_row(*, kind: str, booking_id: int, starts: datetime, ends: datetime, place_name: str,
                youth_id: int, youth_name: str, phone: str | None, status: BookingStatus,
                detail: str, now: datetime, place_kind: str = "") -> ArrivalRow:
    """An ``ArrivalRow`` from what an area read: the phone masked, the check-in decided."""
    status = BookingStatus(status)
    note = check_in_note(status, starts, ends, now)
    number = digits(phone or "")
    return ArrivalRow(
        kind=kind, booking_id=booking_id, starts_at=starts.astimezone(SEOUL),
        ends_at=ends.astimezone(SEOUL), place_name=place_name, youth_id=youth_id,
        youth_name=youth_name, phone_masked=mask_phone(number),
        phone_last4=number[-4:] if len(number) >= 8 else "", status=status,
        check_in_open=status == BookingStatus.BOOKED and check_in_open(starts, ends, now),
        detail=detail, check_in_note=note, place_kind=place_kind)


def row_order(r: ArrivalRow) -> tuple:
    return (r.starts_at, r.kind != "room", r.place_name, r.booking_id)


class ArrivalService(Service):
    """Today's arrivals of a facility, rooms and booths together. ``sources`` give each
    booking kind's rows (registered by ``models.registry``; the desk imports no area)."""

    def __init__(self, db, clock, sources: Sequence[ArrivalSource] = ()):
        super().__init__(db, clock)
        self.sources = tuple(sources)

    def today(self, actor: Actor, facility_id: int) -> Arrivals:
        """The bookings starting today (Seoul) at the facility that are booked or checked
        in, in time order, in one read transaction."""
        require(actor, Perm.BOOKING_VIEW, facility_id)
        now = self.clock()
        day = now.astimezone(SEOUL).date()

        def work(s):
            if s.get(Facility, facility_id) is None:
                raise NotFound("시설을 찾을 수 없습니다.")
            rows = [row for source in self.sources for row in source(s, facility_id, day, now)]
            return Arrivals(facility_id, day, tuple(sorted(rows, key=row_order)))

        return self.db.read(work)
