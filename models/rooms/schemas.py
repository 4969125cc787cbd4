"""Inputs and DTOs of room bookings. Times are entered and shown in Asia/Seoul."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from pydantic import field_validator

from models.core.text import Id, TimeSpan, optional_text
from models.desk.enums import BookingStatus, CancelCode
from models.desk.schemas import DeskSetup, OpenDay
from models.facilities.enums import RoomKind
from models.rooms.enums import Purpose, WaitStatus

MAX_HEADCOUNT = 500  # the largest room capacity (RoomInput)


def check_headcount(v: int) -> int:
    if v < 1:
        raise ValueError("인원은 1명 이상입니다.")
    if v > MAX_HEADCOUNT:
        raise ValueError(f"인원은 {MAX_HEADCOUNT}명 이하입니다.")
    return v


class BookingInput(TimeSpan):
    room_id: Id
    youth_id: Id
    headcount: int = 1
    purpose: Purpose = Purpose.STUDY
    note: str = ""
    identity_confirmed: bool = False
    walk_in: bool = False

    @field_validator("headcount")
    @classmethod
    def _headcount(cls, v):
        return check_headcount(v)

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, v):
        return optional_text(v, 500, "메모는 500자 이하로 입력하세요.", multiline=True)


class SeriesInput(BookingInput):
    """The same weekday and time as ``day`` for ``weeks`` weeks."""

    weeks: int = 8

    @field_validator("weeks")
    @classmethod
    def _weeks(cls, v):
        if not 2 <= v <= 26:
            raise ValueError("반복은 2~26주입니다.")
        return v


class WaitInput(TimeSpan):
    room_id: Id
    youth_id: Id
    headcount: int = 1
    purpose: Purpose = Purpose.STUDY

    @field_validator("headcount")
    @classmethod
    def _headcount(cls, v):
        return check_headcount(v)


@dataclass(frozen=True)
class BookingRow:
    """A booking as the desk sees it: the youth's name masked, times in Asia/Seoul."""

    id: int
    facility_id: int
    room_id: int
    room_name: str
    youth_id: int
    youth_masked: str
    starts_at: datetime
    ends_at: datetime
    headcount: int
    purpose: Purpose
    note: str
    status: BookingStatus
    walk_in: bool
    series_id: int | None
    cancel_code: CancelCode | None
    cancel_reason: str | None
    override_reason: str | None
    no_show_candidate: bool = False
    check_in_open: bool = False  # booked, and now is within the check-in window
    # checked in or a no-show that the actor the row was read for may still undo, until
    # then (the end of that Seoul day); None: no undo for them (see models.desk.actions)
    undo_until: datetime | None = None

    @property
    def time_text(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@dataclass(frozen=True)
class RoomLane:
    id: int
    name: str
    kind: RoomKind
    capacity: int


@dataclass(frozen=True)
class WaitRow:
    id: int
    room_id: int
    room_name: str
    youth_id: int
    youth_masked: str
    starts_at: datetime
    ends_at: datetime
    headcount: int
    purpose: Purpose
    status: WaitStatus


@dataclass(frozen=True)
class DayView:
    facility_id: int
    day: date
    opens: time | None  # None: closed that day
    closes: time | None
    closed_reason: str | None
    step_minutes: int
    rooms: tuple[RoomLane, ...]
    bookings: tuple[BookingRow, ...]
    offers: tuple[WaitRow, ...]
    waiting: tuple[WaitRow, ...]
    setup: DeskSetup  # rules, hours and closures, for the dialogs opened from this view

    @property
    def is_open(self) -> bool:
        return self.closed_reason is None

    @property
    def no_show_candidates(self) -> list[BookingRow]:
        return [b for b in self.bookings if b.no_show_candidate]


@dataclass(frozen=True)
class Occurrence:
    day: date
    starts_at: datetime
    ends_at: datetime
    problem: str | None  # None: can be booked

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class SeriesResult:
    series_id: int
    created: tuple[int, ...]
    skipped: tuple[Occurrence, ...]


@dataclass(frozen=True)
class NoShowLedger:
    youth_id: int
    no_shows: tuple[BookingRow, ...]
    blocked_until: datetime | None


@dataclass(frozen=True)
class WeekView:
    """One room for the seven days from ``monday``: each day open or closed and why, and
    the room's bookings."""

    room_id: int
    monday: date
    days: tuple[OpenDay, ...]
    bookings: tuple[BookingRow, ...]
