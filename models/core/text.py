"""Text inputs every area shares: the one text validator (control characters, lone
surrogates, length), the range of an integer column, times of day (HH:MM) and a validated
time span.

Every text an input model or a service takes goes through ``required_text`` /
``optional_text`` (in a model's validator) or ``check_text`` (a plain argument of a service,
raising ``ValidationError`` naming the field); every id and integer through ``check_int``
/ ``check_id`` or the ``Id`` field type, so nothing the database cannot store reaches it."""

from __future__ import annotations

import re
from datetime import date, time
from typing import Annotated

from pydantic import AfterValidator, field_validator
from sqlmodel import SQLModel

from models.core.errors import NotFound, ValidationError

WEEKDAYS_KO = ["월", "화", "수", "목", "금", "토", "일"]


HHMM_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


# control characters cannot be stored by PostgreSQL (NUL) or shown; tabs and line breaks
# are allowed only in multi-line notes
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


LINE_BREAK_RE = re.compile(r"[\t\n\r]")


CONTROL_MESSAGE = "보이지 않는 제어 문자가 들어 있습니다. 다시 입력하세요."


# half of a UTF-16 pair without the other half: no encoding can store it
SURROGATE_RE = re.compile("[\ud800-\udfff]")


SURROGATE_MESSAGE = "저장할 수 없는 문자가 들어 있습니다. 다시 입력하세요."


# 32-bit INTEGER columns (every id, counts and minutes)
INT_MAX = 2_147_483_647


def text_problem(text: str, max_len: int, *, multiline: bool = False,
                 too_long: str | None = None) -> str | None:
    """The Korean message of what is wrong with ``text`` (already stripped), or None."""
    if SURROGATE_RE.search(text):
        return SURROGATE_MESSAGE
    if CONTROL_RE.search(text) or (not multiline and LINE_BREAK_RE.search(text)):
        return CONTROL_MESSAGE
    if len(text) > max_len:
        return too_long or f"{max_len}자 이하로 입력하세요."
    return None


def required_text(value, message: str, max_len: int, too_long: str | None = None, *,
                  multiline: bool = False) -> str:
    text = as_text(value).strip()
    if not text:
        raise ValueError(message)
    problem = text_problem(text, max_len, multiline=multiline, too_long=too_long)
    if problem:
        raise ValueError(problem)
    return text


def optional_text(value, max_len: int, too_long: str | None = None, *,
                  multiline: bool = False) -> str:
    """A text that may be empty (None is empty), stripped and checked as ``required_text``."""
    text = as_text(value).strip()
    problem = text_problem(text, max_len, multiline=multiline, too_long=too_long)
    if problem:
        raise ValueError(problem)
    return text


def check_text(field: str, value, max_len: int, *, required: str | None = None,
               too_long: str | None = None, multiline: bool = False) -> str:
    """A plain text argument of a service (a reason, a note): stripped, or
    ``ValidationError`` naming ``field``. ``required`` is the message when it is empty."""
    try:
        if required:
            return required_text(value, required, max_len, too_long, multiline=multiline)
        return optional_text(value, max_len, too_long, multiline=multiline)
    except ValueError as exc:
        raise ValidationError.single(field, str(exc)) from None


def search_text(field: str, value, max_len: int = 100) -> str:
    """A search box: what no column can hold (control characters, lone surrogates) is
    dropped, as a paste may bring it; longer than ``max_len`` is ``ValidationError``."""
    text = SURROGATE_RE.sub("", CONTROL_RE.sub("", as_text(value))).strip()
    if len(text) > max_len:
        raise ValidationError.single(field, f"검색어는 {max_len}자 이하로 입력하세요.")
    return text


def check_page(limit, offset) -> None:
    """The size and start of a page of a list."""
    check_int("limit", limit, 1, INT_MAX, "한 번에 볼 건수가 올바르지 않습니다.")
    check_int("offset", offset, 0, INT_MAX, "쪽 번호가 올바르지 않습니다.")


def int_in_range(value, low: int = 1, high: int = INT_MAX) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def check_int(field: str, value, low: int, high: int, message: str | None = None) -> int:
    """A plain integer argument within ``low..high``, or ``ValidationError`` naming ``field``."""
    if not int_in_range(value, low, high):
        raise ValidationError.single(field, message or f"{low}~{high} 사이의 숫자를 입력하세요.")
    return value


def check_id(value, message: str = "찾는 항목이 없습니다.") -> int:
    """An id argument of a service: one the id column can hold, or ``NotFound``."""
    if not int_in_range(value):
        raise NotFound(message)
    return value


def _id_field(v: int) -> int:
    if not 1 <= v <= INT_MAX:
        raise ValueError("목록에서 선택하세요.")
    return v


# an id field of an input model: 1..INT_MAX, or the field's "choose from the list" message
Id = Annotated[int, AfterValidator(_id_field)]


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


PURPOSE_MAX = 60  # the purpose of a printout or a download, as the audit log keeps it


def output_purpose(purpose: str | None, required: str | None = None) -> str | None:
    """The purpose (출력 목적) of a printout or a download as the audit log keeps it: one
    line of at most ``PURPOSE_MAX`` characters, or None when it was left empty and
    ``required`` (the message when it is missing) is not given."""
    text = check_text("purpose", purpose, PURPOSE_MAX, required=required,
                      too_long=f"출력 목적은 {PURPOSE_MAX}자 이하로 입력하세요.")
    return text or None
