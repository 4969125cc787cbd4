"""Text inputs every area shares: the one text validator (control characters, length), times
of day (HH:MM) and a validated time span."""

from __future__ import annotations

import re
from datetime import date, time

from pydantic import field_validator
from sqlmodel import SQLModel

WEEKDAYS_KO = ["월", "화", "수", "목", "금", "토", "일"]


HHMM_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


# control characters cannot be stored by PostgreSQL (NUL) or shown; tabs and line breaks
# are allowed only in multi-line notes
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


LINE_BREAK_RE = re.compile(r"[\t\n\r]")


CONTROL_MESSAGE = "보이지 않는 제어 문자가 들어 있습니다. 다시 입력하세요."


def required_text(value, message: str, max_len: int, too_long: str | None = None) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if not text:
        raise ValueError(message)
    if CONTROL_RE.search(text) or LINE_BREAK_RE.search(text):
        raise ValueError(CONTROL_MESSAGE)
    if len(text) > max_len:
        raise ValueError(too_long or f"{max_len}자 이하로 입력하세요.")
    return text


def as_text(value) -> str:
    """Text of a form value; numbers from a spreadsheet become their text, None empty."""
    return "" if value is None else value if isinstance(value, str) else str(value)


def blank_to_none(value):
    if isinstance(value, str) and not value.strip():
        return None
    return value


def parse_hhmm(text: str) -> time:
    if not isinstance(text, str) or not HHMM_RE.match(text.strip()):
        raise ValueError("시각은 HH:MM 형식으로 입력하세요(예: 09:00).")
    h, m = text.strip().split(":")
    return time(int(h), int(m))


def hhmm_text(v) -> str:
    if isinstance(v, time):
        return v.strftime("%H:%M")
    return parse_hhmm(v).strftime("%H:%M")


class TimeSpan(SQLModel):
    """A day and a start and end time (HH:MM) in Seoul, the end after the start."""

    day: date
    start: str
    end: str

    @field_validator("start", "end", mode="before")
    @classmethod
    def _time(cls, v):
        return hhmm_text(v)

    @field_validator("end")
    @classmethod
    def _order(cls, v, info):
        start = info.data.get("start")
        if start and v <= start:
            raise ValueError("종료 시각은 시작 시각보다 늦어야 합니다.")
        return v
