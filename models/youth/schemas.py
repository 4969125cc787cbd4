"""Inputs and DTOs of the youth registry."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pydantic import field_validator
from sqlmodel import SQLModel

from models.core.enums import SEOUL_DISTRICTS
from models.core.masking import digits
from models.core.text import as_text, blank_to_none, required_text, text_problem
from models.youth.enums import Channel

OUTSIDE_SEOUL = "서울 외"


EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# 010 numbers always have 8 subscriber digits; the old 011/016–019 ones 7 or 8
PHONE_RE = re.compile(r"^(010\d{8}|01[16789]\d{7,8})$")


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
        text = required_text(v, "이름을 입력하세요.", 50, "이름은 50자 이하로 입력하세요.")
        if re.search(r"[\d@#$%^&*()_+=<>/\\|{}\[\]]", text):
            raise ValueError("이름에는 숫자나 기호를 쓸 수 없습니다.")
        return text

    @field_validator("phone", mode="before")
    @classmethod
    def _phone(cls, v):
        d = digits(as_text(v))
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
        text = as_text(v).strip()
        if not EMAIL_RE.match(text) or text_problem(text, 200):
            raise ValueError("이메일 형식이 올바르지 않습니다(예: name@example.com).")
        return text

    @field_validator("district", mode="before")
    @classmethod
    def _district(cls, v):
        text = as_text(v).strip()
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
        classmethod(lambda cls, v: blank_to_none(v)))


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
