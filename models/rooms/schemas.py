"""Inputs and DTOs of room bookings. Times are entered and shown in Asia/Seoul."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from pydantic import field_validator
from sqlmodel import SQLModel

from models.core.text import TimeSpan
from models.desk.enums import BookingStatus, CancelCode
from models.facilities.enums import RoomKind
from models.rooms.enums import Purpose, WaitStatus


class BookingInput(TimeSpan):
    room_id: int
    youth_id: int
    headcount: int = 1
    purpose: Purpose = Purpose.STUDY
    note: str = ""
    identity_confirmed: bool = False
    walk_in: bool = False

    @field_validator("headcount")
    @classmethod
    def _headcount(cls, v):
        if v < 1:
            raise ValueError("인원은 1명 이상입니다.")
        return v

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, v):
        text = (v or "").strip()
        if len(text) > 500:
            raise ValueError("메모는 500자 이하로 입력하세요.")
        return text


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
    room_id: int
    youth_id: int
    headcount: int = 1
    purpose: Purpose = Purpose.STUDY


class RulesInput(SQLModel):
    step_minutes: int = 30
    grace_minutes: int = 15
    max_minutes_per_day: int = 180
    max_days_ahead: int = 14
    no_show_limit: int = 3
    no_show_window_days: int = 30
    sanction_days: int = 14
    late_cancel_minutes: int = 60

    @field_validator("step_minutes")
    @classmethod
    def _step(cls, v):
        if v not in (10, 15, 20, 30, 60):
            raise ValueError("예약 단위는 10·15·20·30·60분 중 하나입니다.")
        return v

    @field_validator("grace_minutes")
    @classmethod
    def _grace(cls, v):
        if not 0 <= v <= 120:
            raise ValueError("노쇼 유예 시간은 0~120분입니다.")
        return v

    @field_validator("max_minutes_per_day")
    @classmethod
    def _daily(cls, v):
        if not 30 <= v <= 1440:
            raise ValueError("하루 최대 이용 시간은 30~1440분입니다.")
        return v

    @field_validator("max_days_ahead")
    @classmethod
    def _ahead(cls, v):
        if not 0 <= v <= 365:
            raise ValueError("사전 예약 가능 기간은 0~365일입니다.")
        return v

    @field_validator("no_show_limit")
    @classmethod
    def _limit(cls, v):
        if not 1 <= v <= 20:
            raise ValueError("노쇼 제재 기준은 1~20회입니다.")
        return v

    @field_validator("no_show_window_days", "sanction_days")
    @classmethod
    def _days(cls, v):
        if not 1 <= v <= 365:
            raise ValueError("1~365일로 입력하세요.")
        return v

    @field_validator("late_cancel_minutes")
    @classmethod
    def _late(cls, v):
        if not 0 <= v <= 1440:
            raise ValueError("0~1440분으로 입력하세요.")
        return v


@dataclass(frozen=True)
class RulesRow:
    facility_id: int
    step_minutes: int
    grace_minutes: int
    max_minutes_per_day: int
    max_days_ahead: int
    no_show_limit: int
    no_show_window_days: int
    sanction_days: int
    late_cancel_minutes: int


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
