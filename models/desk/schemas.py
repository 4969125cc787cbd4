"""Inputs and DTOs of the desk: the booking rules of a facility."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time

from pydantic import field_validator
from sqlmodel import SQLModel


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
class OpenDay:
    """One day of a facility: open from ``opens`` to ``closes``, or closed and why."""

    day: date
    opens: time | None
    closes: time | None
    closed_reason: str | None  # Korean, e.g. "공휴일(성탄절)", "휴관일(시설 점검)", "정기 휴무일"

    @property
    def is_open(self) -> bool:
        return self.closed_reason is None


DEFAULT_HOURS = (time(9), time(18))  # drawn and offered when a facility has no hours at all


@dataclass(frozen=True)
class DeskSetup:
    """What the desk's dialogs need to judge a date and a time without reading the database:
    the facility's rules, its weekly opening hours and its closure days. Read once with a
    page's data; the decisions are made here, in models, and the GUI only shows them."""

    facility_id: int
    rules: RulesRow
    opening_hours: Mapping[str, list[str]] = field(default_factory=dict)
    closures: Mapping[date, str] = field(default_factory=dict)  # day -> reason ("" = none given)

    def open_day(self, day: date) -> OpenDay:
        from models.core import calendar
        span = calendar.opening_span(self, day)
        reason = calendar.closed_reason(self, day, self.closures.get(day), closed=day in self.closures)
        return OpenDay(day, span[0] if span and reason is None else None,
                       span[1] if span and reason is None else None, reason)

    def time_range(self, day: date) -> tuple[time, time]:
        """The span of times to offer on ``day``: its opening hours, or on a closed day the
        widest span of the week (so a manager's override still has times to pick)."""
        from models.core import calendar
        span = calendar.opening_span(self, day)
        if span:
            return span
        spans = [(time.fromisoformat(a), time.fromisoformat(b)) for a, b in self.opening_hours.values()]
        if not spans:
            return DEFAULT_HOURS
        return min(a for a, _ in spans), max(b for _, b in spans)
