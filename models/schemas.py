"""Input models (validated) and DTOs (plain frozen dataclasses) handed to gui/ and reports/.

Input models are SQLModel classes without ``table=True``: pydantic validates them, and the
services copy the values into table models. DTOs are detached snapshots; they never lazy
load, so the GUI thread cannot stumble into the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from pydantic import field_validator
from sqlmodel import SQLModel

from models.enums import (
    SEOUL_DISTRICTS,
    Channel,
    FacilityKind,
    FacilityStatus,
    Operator,
    Region,
    Role,
    RoomKind,
)
from models.masking import digits

OUTSIDE_SEOUL = "서울 외"
WEEKDAYS_KO = ["월", "화", "수", "목", "금", "토", "일"]
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,19}$")
USERNAME_RE = re.compile(r"^[a-z][a-z0-9_.-]{2,39}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# 010 numbers always have 8 subscriber digits; the old 011/016–019 ones 7 or 8
PHONE_RE = re.compile(r"^(010\d{8}|01[16789]\d{7,8})$")
HHMM_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


# control characters cannot be stored by PostgreSQL (NUL) or shown; tabs and line breaks
# are allowed only in multi-line notes
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_BREAK_RE = re.compile(r"[\t\n\r]")
CONTROL_MESSAGE = "보이지 않는 제어 문자가 들어 있습니다. 다시 입력하세요."


def _required_text(value, message: str, max_len: int, too_long: str | None = None) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if not text:
        raise ValueError(message)
    if CONTROL_RE.search(text) or LINE_BREAK_RE.search(text):
        raise ValueError(CONTROL_MESSAGE)
    if len(text) > max_len:
        raise ValueError(too_long or f"{max_len}자 이하로 입력하세요.")
    return text


def _as_text(value) -> str:
    """Text of a form value; numbers from a spreadsheet become their text, None empty."""
    return "" if value is None else value if isinstance(value, str) else str(value)


def _blank_to_none(value):
    if isinstance(value, str) and not value.strip():
        return None
    return value


def parse_hhmm(text: str) -> time:
    if not isinstance(text, str) or not HHMM_RE.match(text.strip()):
        raise ValueError("시각은 HH:MM 형식으로 입력하세요(예: 09:00).")
    h, m = text.strip().split(":")
    return time(int(h), int(m))


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


def validate_password(value: str) -> str:
    if not isinstance(value, str) or len(value) < 8:
        raise ValueError("비밀번호는 8자 이상이어야 합니다.")
    if len(value) > 128:
        raise ValueError("비밀번호는 128자 이하로 입력하세요.")
    if not re.search(r"[A-Za-z]", value) or not re.search(r"\d", value):
        raise ValueError("비밀번호에는 영문자와 숫자가 모두 들어가야 합니다.")
    return value


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
        text = _required_text(v, "시설 코드를 입력하세요.", 20).upper()
        if not CODE_RE.match(text):
            raise ValueError("시설 코드는 영문 대문자·숫자·하이픈으로 2~20자입니다(예: CAFE-GANGDONG).")
        return text

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, v):
        return _required_text(v, "시설 이름을 입력하세요.", 100)

    @field_validator("district", mode="before")
    @classmethod
    def _district(cls, v):
        text = _as_text(v).strip()
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
        text = _as_text(v).strip()
        if CONTROL_RE.search(text):
            raise ValueError(CONTROL_MESSAGE)
        if len(text) > 2000:
            raise ValueError("메모는 2,000자 이하로 입력하세요.")
        return text

    # defined last so that it runs first among the "before" validators
    _blank = field_validator("opened_on", "area_m2", "seats", "course_count", mode="before")(
        classmethod(lambda cls, v: _blank_to_none(v)))


class RoomInput(SQLModel):
    name: str
    kind: RoomKind
    capacity: int
    is_active: bool = True

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, v):
        return _required_text(v, "공간 이름을 입력하세요.", 50)

    @field_validator("capacity")
    @classmethod
    def _capacity(cls, v):
        if not 1 <= v <= 500:
            raise ValueError("정원은 1~500명입니다.")
        return v


class UserInput(SQLModel):
    username: str
    display_name: str
    password: str

    @field_validator("username", mode="before")
    @classmethod
    def _username(cls, v):
        text = _required_text(v, "아이디를 입력하세요.", 40).lower()
        if not USERNAME_RE.match(text):
            raise ValueError("아이디는 영문 소문자로 시작하는 3~40자(영문·숫자·._-)입니다.")
        return text

    @field_validator("display_name", mode="before")
    @classmethod
    def _display(cls, v):
        return _required_text(v, "이름을 입력하세요.", 50)

    @field_validator("password", mode="before")
    @classmethod
    def _password(cls, v):
        return validate_password(v)


class YouthInput(SQLModel):
    name: str
    birth_date: date
    phone: str
    email: str | None = None
    district: str
    channel: Channel
    consent_on: date
    retention_years: int = 3

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, v):
        text = _required_text(v, "이름을 입력하세요.", 50, "이름은 50자 이하로 입력하세요.")
        if re.search(r"[\d@#$%^&*()_+=<>/\\|{}\[\]]", text):
            raise ValueError("이름에는 숫자나 기호를 쓸 수 없습니다.")
        return text

    @field_validator("phone", mode="before")
    @classmethod
    def _phone(cls, v):
        d = digits(_as_text(v))
        if d.startswith("82"):  # +82 10-1234-5678 or +82 (0)10-1234-5678
            d = "0" + d[2:].removeprefix("0")
        if not d:
            raise ValueError("휴대전화 번호를 입력하세요.")
        if not PHONE_RE.match(d):
            raise ValueError("휴대전화 번호 형식이 올바르지 않습니다(예: 010-1234-5678).")
        return d

    @field_validator("email", mode="before")
    @classmethod
    def _email(cls, v):
        if v is None:
            return None
        text = str(v).strip()
        if len(text) > 200 or not EMAIL_RE.match(text) or CONTROL_RE.search(text):
            raise ValueError("이메일 형식이 올바르지 않습니다(예: name@example.com).")
        return text

    @field_validator("district", mode="before")
    @classmethod
    def _district(cls, v):
        text = _as_text(v).strip()
        if text not in SEOUL_DISTRICTS and text != OUTSIDE_SEOUL:
            raise ValueError("거주 자치구를 선택하세요.")
        return text

    @field_validator("retention_years", mode="before")
    @classmethod
    def _retention_default(cls, v):
        return 3 if v is None else v

    @field_validator("retention_years")
    @classmethod
    def _retention(cls, v):
        if not 1 <= v <= 10:
            raise ValueError("보유기간은 1~10년입니다.")
        return v

    # defined last so that it runs first among the "before" validators
    _blank = field_validator("email", "birth_date", "consent_on", "retention_years", mode="before")(
        classmethod(lambda cls, v: _blank_to_none(v)))


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


@dataclass(frozen=True)
class GrantRow:
    id: int
    facility_id: int | None
    facility_name: str
    role: Role
    granted_at: datetime
    granted_by: str | None


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    is_active: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    grants: tuple[GrantRow, ...] = field(default_factory=tuple)

    @property
    def roles_text(self) -> str:
        return ", ".join(
            g.role.label if g.facility_id is None else f"{g.facility_name} {g.role.label}"
            for g in self.grants
        ) or "(역할 없음)"


@dataclass(frozen=True)
class YouthRow:
    """A youth as lists show them: contact data masked."""

    id: int
    name: str
    birth_date: date
    phone_masked: str
    email_masked: str
    district: str
    channel: Channel
    consent_on: date
    retention_years: int
    registered_facility: str | None

    @property
    def retention_until(self) -> date:
        try:
            return self.consent_on.replace(year=self.consent_on.year + self.retention_years)
        except ValueError:  # 29 February
            return self.consent_on.replace(year=self.consent_on.year + self.retention_years, day=28)


@dataclass(frozen=True)
class YouthContact:
    """Full contact details; handing one out is recorded as a read."""

    youth_id: int
    phone: str
    email: str | None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    username: str | None
    action: str
    entity: str
    entity_id: str | None
    facility_id: int | None
    old_values: dict | None
    new_values: dict | None
    detail: str | None
    # names for the ids in the values that are not personal data: {"room_id": {88: "스터디룸 A"}}
    refs: dict = field(default_factory=dict)
