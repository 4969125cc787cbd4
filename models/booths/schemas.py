"""Inputs and DTOs of AI-interview booth slots. Times are entered and shown in Asia/Seoul."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pydantic import field_validator
from sqlmodel import SQLModel

from models.booths.enums import ConsultStatus, SessionType, SlotSource, SlotState
from models.core.text import Id, TimeSpan, hhmm_text, optional_text
from models.desk.enums import BookingStatus, CancelCode


class TemplateInput(SQLModel):
    """A weekly pattern, e.g. Mon–Fri (0–4) 10:00–17:00, 50-minute slots, 10-minute buffer."""

    weekdays: list[int]
    day_start: str
    day_end: str
    slot_minutes: int = 50
    buffer_minutes: int = 10

    @field_validator("weekdays")
    @classmethod
    def _days(cls, v):
        days = sorted(set(v))
        if not days:
            raise ValueError("운영 요일을 하나 이상 고르세요.")
        if any(d < 0 or d > 6 for d in days):
            raise ValueError("요일이 올바르지 않습니다.")
        return days

    @field_validator("day_start", "day_end", mode="before")
    @classmethod
    def _time(cls, v):
        return hhmm_text(v)

    @field_validator("day_end")
    @classmethod
    def _order(cls, v, info):
        start = info.data.get("day_start")
        if start and v <= start:
            raise ValueError("종료 시각은 시작 시각보다 늦어야 합니다.")
        return v

    @field_validator("slot_minutes")
    @classmethod
    def _slot(cls, v):
        if not 10 <= v <= 240:
            raise ValueError("한 회차는 10~240분입니다.")
        return v

    @field_validator("buffer_minutes")
    @classmethod
    def _buffer(cls, v):
        if v < 0:
            raise ValueError("회차 사이 여유 시간은 0분 이상이어야 합니다.")
        if v > 120:
            raise ValueError("회차 사이 여유 시간은 120분 이하입니다.")
        return v

    @property
    def span_minutes(self) -> int:
        sh, sm = map(int, self.day_start.split(":"))
        eh, em = map(int, self.day_end.split(":"))
        return (eh * 60 + em) - (sh * 60 + sm)


class ExtraSlotInput(TimeSpan):
    """One extra slot of a booth: ``day``, ``start`` and ``end`` as for a room booking."""

    room_id: Id


class ResultInput(SQLModel):
    received: bool = True
    grade: str = ""
    strengths: str = ""
    improve: str = ""

    @field_validator("grade", mode="before")
    @classmethod
    def _grade(cls, v):
        return optional_text(v, 20, "등급은 20자 이하로 입력하세요.")

    @field_validator("strengths", "improve", mode="before")
    @classmethod
    def _text(cls, v):
        return optional_text(v, 300, "300자 이하로 입력하세요.", multiline=True)


@dataclass(frozen=True)
class TemplateRow:
    room_id: int
    room_name: str
    weekdays: tuple[int, ...]
    day_start: str
    day_end: str
    slot_minutes: int
    buffer_minutes: int


@dataclass(frozen=True)
class SlotRow:
    """A slot as the week grid shows it. ``display`` is free, booked, attended, no_show or blocked."""

    id: int
    room_id: int
    room_name: str
    starts_at: datetime
    ends_at: datetime
    state: SlotState
    source: SlotSource
    block_reason: str | None
    display: str
    booking_id: int | None = None
    youth_id: int | None = None
    youth_masked: str | None = None
    session_type: SessionType | None = None
    reminded: bool = False
    no_show_candidate: bool = False
    check_in_open: bool = False  # booked, and now is within the check-in window

    @property
    def time_text(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


DISPLAY_LABELS = {"free": "예약 가능", "booked": "예약", "attended": "입실", "no_show": "노쇼",
                  "blocked": "차단"}
PAST_FREE_LABEL = "지남"  # a free slot that is over can no longer be booked


def display_label(slot: SlotRow, now: datetime) -> str:
    """What a slot's state is called: the grid, the detail panel and the day sheet."""
    if slot.display == "free" and slot.ends_at <= now:
        return PAST_FREE_LABEL
    return DISPLAY_LABELS[slot.display]


@dataclass(frozen=True)
class GenerateReport:
    added: int
    kept: int
    removed: int
    unchanged: tuple[str, ...] = field(default_factory=tuple)  # booked slots that could not change
    skipped_days: tuple[str, ...] = field(default_factory=tuple)  # closed days

    @property
    def summary(self) -> str:
        text = f"추가 {self.added}개 · 유지 {self.kept}개 · 삭제 {self.removed}개"
        if self.unchanged:
            text += f" · 예약이 있어 바꾸지 못함 {len(self.unchanged)}개"
        if self.skipped_days:
            text += f" · 휴관일 {len(self.skipped_days)}일 건너뜀"
        return text


@dataclass(frozen=True)
class BoothBookingRow:
    id: int
    slot_id: int
    facility_id: int
    room_id: int
    room_name: str
    starts_at: datetime
    ends_at: datetime
    youth_id: int
    youth_masked: str
    session_type: SessionType
    status: BookingStatus
    cancel_code: CancelCode | None
    walk_in: bool
    override_reason: str | None
    reminded: bool
    result_received: bool
    result_grade: str | None
    result_strengths: str | None
    result_improve: str | None
    no_show_candidate: bool = False
    consult_requested: bool = False
    # checked in or a no-show that the actor the row was read for may still undo, until
    # then (the end of that Seoul day); None: no undo for them (see models.desk.actions)
    undo_until: datetime | None = None

    @property
    def time_text(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


@dataclass(frozen=True)
class ReminderRow:
    """A booked youth of the reminder list, name and phone masked: the full ones come one
    booking at a time from ``BoothService.reminder_contact`` (an audited read)."""

    booking_id: int
    starts_at: datetime
    room_name: str
    youth_name: str
    phone: str
    session_type: SessionType
    reminded: bool


@dataclass(frozen=True)
class ReminderContact:
    """The full name and phone of one reminder row, shown on request."""

    booking_id: int
    youth_name: str
    phone: str


@dataclass(frozen=True)
class SheetRow:
    time_text: str
    youth_name: str
    phone_masked: str
    session_type: str
    status: str


@dataclass(frozen=True)
class ConsultRow:
    id: int
    youth_id: int
    youth_masked: str
    booking_id: int
    session_type: SessionType
    session_at: datetime
    room_name: str
    requested_at: datetime
    requested_by: str | None
    status: ConsultStatus
    note: str
