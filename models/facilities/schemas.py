"""Input models (validated) and DTOs (plain frozen dataclasses) handed to gui/ and reports/.

Input models are SQLModel classes without ``table=True``: pydantic validates them, and the
services copy the values into table models. DTOs are detached snapshots; they never lazy
load, so the GUI thread cannot stumble into the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pydantic import field_validator
from sqlmodel import SQLModel

from models.core.enums import SEOUL_DISTRICTS, Region
from models.core.text import (
    WEEKDAYS_KO,
    as_text,
    blank_to_none,
    optional_text,
    parse_hhmm,
    required_text,
)
from models.facilities.enums import FacilityKind, FacilityStatus, Operator, RoomKind

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,19}$")


def validate_opening_hours(value) -> dict[str, list[str]]:
    """{"0": ["09:00", "18:00"], ...}; Monday is 0. A missing day is closed."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError("운영시간 형식이 올바르지 않습니다.")
    out: dict[str, list[str]] = {}
    for key, span in value.items():
        try:
            day = int(key)
        except (TypeError, ValueError):
            raise ValueError("운영시간의 요일이 올바르지 않습니다.") from None
        if not 0 <= day <= 6:
            raise ValueError("운영시간의 요일이 올바르지 않습니다.")
        if span is None:
            continue
        if not isinstance(span, list | tuple) or len(span) != 2:
            raise ValueError(f"{WEEKDAYS_KO[day]}요일 운영시간 형식이 올바르지 않습니다.")
        start, end = parse_hhmm(span[0]), parse_hhmm(span[1])
        if end <= start:
            raise ValueError(f"{WEEKDAYS_KO[day]}요일 종료 시각이 시작 시각보다 늦어야 합니다.")
        out[str(day)] = [start.strftime("%H:%M"), end.strftime("%H:%M")]
    return dict(sorted(out.items()))


def describe_hours(hours: dict) -> str:
    """Group equal days: '월–금 09:00–18:00 · 토 10:00–17:00'."""
    parts: list[str] = []
    days = sorted(int(d) for d in hours)
    i = 0
    while i < len(days):
        j = i
        span = hours[str(days[i])]
        while j + 1 < len(days) and days[j + 1] == days[j] + 1 and hours[str(days[j + 1])] == span:
            j += 1
        label = WEEKDAYS_KO[days[i]] if i == j else f"{WEEKDAYS_KO[days[i]]}–{WEEKDAYS_KO[days[j]]}"
        parts.append(f"{label} {span[0]}–{span[1]}")
        i = j + 1
    return " · ".join(parts) if parts else "휴관"


# ---------------------------------------------------------------------------- inputs
class FacilityInput(SQLModel):
    code: str
    name: str
    kind: FacilityKind
    region: Region
    district: str
    operator: Operator
    opened_on: date | None = None
    area_m2: float | None = None
    seats: int | None = None
    course_count: int | None = None
    status: FacilityStatus = FacilityStatus.OPEN
    opening_hours: dict = {}
    note: str = ""

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, v):
        text = required_text(v, "시설 코드를 입력하세요.", 20).upper()
        if not CODE_RE.match(text):
            raise ValueError("시설 코드는 영문 대문자·숫자·하이픈으로 2~20자입니다(예: CAFE-GANGDONG).")
        return text

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, v):
        return required_text(v, "시설 이름을 입력하세요.", 100)

    @field_validator("district", mode="before")
    @classmethod
    def _district(cls, v):
        text = as_text(v).strip()
        if text not in SEOUL_DISTRICTS:
            raise ValueError("서울시 자치구를 선택하세요.")
        return text

    @field_validator("area_m2")
    @classmethod
    def _area(cls, v):
        if v is not None and not (0 < v < 100_000):
            raise ValueError("면적은 0보다 크고 100,000㎡ 미만이어야 합니다.")
        return v

    @field_validator("seats", "course_count")
    @classmethod
    def _counts(cls, v):
        if v is not None and not (0 <= v <= 10_000):
            raise ValueError("0 이상 10,000 이하의 숫자를 입력하세요.")
        return v

    @field_validator("opening_hours", mode="before")
    @classmethod
    def _hours(cls, v):
        return validate_opening_hours(v)

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, v):
        return optional_text(v, 2000, "메모는 2,000자 이하로 입력하세요.", multiline=True)

    # defined last so that it runs first among the "before" validators
    _blank = field_validator("opened_on", "area_m2", "seats", "course_count", mode="before")(
        classmethod(lambda cls, v: blank_to_none(v)))


class RoomInput(SQLModel):
    name: str
    kind: RoomKind
    capacity: int
    is_active: bool = True

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, v):
        return required_text(v, "공간 이름을 입력하세요.", 50)

    @field_validator("capacity")
    @classmethod
    def _capacity(cls, v):
        if not 1 <= v <= 500:
            raise ValueError("정원은 1~500명입니다.")
        return v


# ------------------------------------------------------------------------------ DTOs
@dataclass(frozen=True)
class FacilityRow:
    id: int
    code: str
    name: str
    kind: FacilityKind
    region: Region
    district: str
    operator: Operator
    opened_on: date | None
    area_m2: float | None
    seats: int | None
    course_count: int | None
    status: FacilityStatus
    is_active: bool
    opening_hours: dict
    note: str

    @property
    def hours_text(self) -> str:
        return describe_hours(self.opening_hours)

    def as_input(self) -> dict:
        return {k: getattr(self, k) for k in FacilityInput.model_fields}


@dataclass(frozen=True)
class RoomRow:
    id: int
    facility_id: int
    name: str
    kind: RoomKind
    capacity: int
    is_active: bool
