"""Inputs and DTOs of the desk: the booking rules of a facility."""

from __future__ import annotations

from dataclasses import dataclass

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
