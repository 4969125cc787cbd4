"""Inputs and DTOs of companies and matching. Dates are Seoul calendar days.

Contact persons' details are in no list DTO: ``ContactRow`` carries them masked, and only
``ContactView`` (handed out by ``reveal_contact``, an audit read) carries them in full,
kept out of its ``repr``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from pydantic import field_validator
from sqlmodel import SQLModel

from models.companies import bizno
from models.companies.enums import (
    Channel,
    CompanySize,
    EmploymentType,
    FoundVia,
    Industry,
    OpeningStatus,
    RetentionOutcome,
    Stage,
)
from models.companies.tables import NAME_MAX, NOTE_MAX, NOTE_SHORT
from models.core.enums import SEOUL_DISTRICTS
from models.core.text import Id, optional_text, required_text
from models.core.timeline import TimelineItem as TimelineItem  # the shape every area gives

EMAIL_MESSAGE = "이메일 형식이 올바르지 않습니다(예: hr@example.com)."
PHONE_MESSAGE = "전화번호는 숫자 9~11자리로 입력하세요(예: 02-123-4567)."


class ContactInput(SQLModel):
    name: str
    role: str = ""
    phone: str = ""
    email: str = ""

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, v):
        return required_text(v, "담당자 이름을 입력하세요.", 50, "담당자 이름은 50자 이하로 입력하세요.")

    @field_validator("role", mode="before")
    @classmethod
    def _role(cls, v):
        return optional_text(v, 50, "직책은 50자 이하로 입력하세요.")

    @field_validator("phone", mode="before")
    @classmethod
    def _phone(cls, v):
        text = optional_text(v, 20, PHONE_MESSAGE)
        digits = "".join(c for c in text if c.isdigit())
        if text and (len(digits) not in range(9, 12) or any(c not in "0123456789- " for c in text)):
            raise ValueError(PHONE_MESSAGE)
        return digits

    @field_validator("email", mode="before")
    @classmethod
    def _email(cls, v):
        text = optional_text(v, 100, "이메일은 100자 이하로 입력하세요.")
        if text and (text.count("@") != 1 or "." not in text.split("@")[1] or " " in text):
            raise ValueError(EMAIL_MESSAGE)
        return text


class CompanyInput(SQLModel):
    name: str
    biz_no: str
    representative: str = ""
    industry: Industry | None = None
    size: CompanySize | None = None
    certified: bool = False  # 서울형 강소기업
    certified_year: int | None = None
    address: str = ""
    district: str = ""
    website: str = ""
    found_via: FoundVia | None = None
    found_on: date | None = None  # default: today
    owner_id: Id | None = None  # default: the actor
    notes: str = ""

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, v):
        return required_text(v, "기업명을 입력하세요.", NAME_MAX, f"기업명은 {NAME_MAX}자 이하로 입력하세요.")

    @field_validator("biz_no", mode="before")
    @classmethod
    def _biz_no(cls, v):
        return bizno.normalise(v)

    @field_validator("representative", mode="before")
    @classmethod
    def _rep(cls, v):
        return optional_text(v, 50, "대표자 이름은 50자 이하로 입력하세요.")

    @field_validator("industry", "size", "found_via", mode="before")
    @classmethod
    def _blank(cls, v):
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("address", mode="before")
    @classmethod
    def _address(cls, v):
        return optional_text(v, 200, "주소는 200자 이하로 입력하세요.")

    @field_validator("district", mode="before")
    @classmethod
    def _district(cls, v):
        text = optional_text(v, 20)
        if text and text not in SEOUL_DISTRICTS:
            raise ValueError("서울시 자치구를 목록에서 선택하세요.")
        return text

    @field_validator("website", mode="before")
    @classmethod
    def _website(cls, v):
        text = optional_text(v, 200, "홈페이지 주소는 200자 이하로 입력하세요.")
        if text and (" " in text or "." not in text):
            raise ValueError("홈페이지 주소 형식이 올바르지 않습니다(예: https://example.com).")
        return text

    @field_validator("notes", mode="before")
    @classmethod
    def _notes(cls, v):
        return optional_text(v, NOTE_MAX, f"메모는 {NOTE_MAX}자 이하로 입력하세요.", multiline=True)

    @field_validator("certified_year")
    @classmethod
    def _certified(cls, v, info):
        if v is not None:
            if not info.data.get("certified"):
                raise ValueError("인증 연도는 서울형 강소기업으로 인증된 기업에만 입력합니다.")
            if not 2000 <= v <= 2100:
                raise ValueError("인증 연도는 2000~2100 사이로 입력하세요.")
        return v


class OpeningInput(SQLModel):
    title: str
    job_field: str = ""
    employment_type: EmploymentType
    wage: int | None = None  # 원 a year
    place: str = ""
    headcount: int = 1
    deadline: date | None = None

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, v):
        return required_text(v, "공고 제목을 입력하세요.", NAME_MAX, f"공고 제목은 {NAME_MAX}자 이하로 입력하세요.")

    @field_validator("job_field", mode="before")
    @classmethod
    def _field(cls, v):
        return optional_text(v, 50, "직무 분야는 50자 이하로 입력하세요.")

    @field_validator("place", mode="before")
    @classmethod
    def _place(cls, v):
        return optional_text(v, 200, "근무지는 200자 이하로 입력하세요.")

    @field_validator("wage", mode="before")
    @classmethod
    def _wage_blank(cls, v):
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("wage")
    @classmethod
    def _wage(cls, v):
        if v is not None and not 0 <= v <= 2_000_000_000:
            raise ValueError("급여는 0~20억 원 사이로 입력하세요.")
        return v

    @field_validator("headcount")
    @classmethod
    def _headcount(cls, v):
        if not 1 <= v <= 10000:
            raise ValueError("모집 인원은 1~10,000명입니다.")
        return v


class ReferralInput(SQLModel):
    opening_id: Id
    youth_id: Id
    channel: Channel
    counselor_id: Id | None = None  # default: the actor
    referred_on: date | None = None  # default: today
    note: str = ""

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, v):
        return optional_text(v, NOTE_SHORT, f"메모는 {NOTE_SHORT}자 이하로 입력하세요.", multiline=True)


class SettingsInput(SQLModel):
    stale_days: int = 14

    @field_validator("stale_days")
    @classmethod
    def _stale(cls, v):
        if not 1 <= v <= 365:
            raise ValueError("정체 기준은 1~365일입니다.")
        return v


# -- DTOs ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ContactRow:
    """A contact person as lists show it: name, phone and e-mail masked."""

    id: int
    company_id: int
    name_masked: str
    role: str
    phone_masked: str
    email_masked: str


@dataclass(frozen=True)
class ContactView:
    """A contact person in full (``reveal_contact``: an audit read)."""

    id: int
    company_id: int
    name: str = field(repr=False)
    role: str = field(repr=False)
    phone: str = field(repr=False)
    email: str = field(repr=False)


@dataclass(frozen=True)
class CompanyRow:
    id: int
    facility_id: int
    name: str
    biz_no: str  # formatted 123-45-67890
    representative: str
    industry: Industry | None
    size: CompanySize | None
    certified: bool
    certified_year: int | None
    address: str
    district: str
    website: str
    found_via: FoundVia | None
    found_on: date
    owner_id: int | None
    owner_name: str
    notes: str = field(repr=False)
    version: int = 1
    open_openings: int = 0
    contacts: tuple[ContactRow, ...] = ()

    def as_input(self) -> dict:
        return {"name": self.name, "biz_no": self.biz_no, "representative": self.representative,
                "industry": self.industry, "size": self.size, "certified": self.certified,
                "certified_year": self.certified_year, "address": self.address, "district": self.district,
                "website": self.website, "found_via": self.found_via, "found_on": self.found_on,
                "owner_id": self.owner_id, "notes": self.notes}


@dataclass(frozen=True)
class OpeningRow:
    id: int
    company_id: int
    company_name: str
    facility_id: int
    title: str
    job_field: str
    employment_type: EmploymentType
    wage: int | None
    place: str
    headcount: int
    deadline: date | None
    status: OpeningStatus
    version: int
    accepts_referrals: bool  # open and not past its deadline today
    referrals: int = 0
    hired: int = 0


@dataclass(frozen=True)
class ReferralRow:
    id: int
    facility_id: int
    opening_id: int
    opening_title: str
    company_id: int
    company_name: str
    youth_id: int
    youth_name: str
    counselor_id: int
    counselor_name: str
    channel: Channel
    referred_on: date
    stage: Stage
    moved_on: date
    days_since_move: int
    stale: bool  # open and unmoved for the facility's stale_days
    version: int
    next_stages: tuple[Stage, ...]  # what a counselor may move it to now (a manager: any other)
    ruled_stages: tuple[Stage, ...] = ()  # what the stage rules allow from here; any other is a manager's override


@dataclass(frozen=True)
class TransitionRow:
    id: int
    referral_id: int
    from_stage: Stage | None
    to_stage: Stage
    happened_on: date
    at: datetime  # Seoul
    by: int
    by_name: str
    note: str = field(repr=False)
    override_reason: str | None = None


@dataclass(frozen=True)
class BoardColumn:
    stage: Stage
    label: str
    cards: tuple[ReferralRow, ...]


@dataclass(frozen=True)
class Board:
    opening: OpeningRow
    columns: tuple[BoardColumn, ...]  # every stage, the pipeline's first, then the ended ones


@dataclass(frozen=True)
class RetentionRow:
    id: int
    referral_id: int
    facility_id: int
    youth_id: int
    youth_name: str
    company_name: str
    months: int
    due_on: date
    outcome: RetentionOutcome | None
    left_on: date | None
    followup_id: int | None


@dataclass(frozen=True)
class CountRow:
    """One count: ``dimension`` is found_via (companies found), or referral, interview or
    hire by ``key`` the channel's value (``"unknown"``: 미분류)."""

    dimension: str
    key: str
    label: str
    n: int


@dataclass(frozen=True)
class MatchCounts:
    """A month's figures: companies found (발굴일 in the month), and referrals, interviews
    and hires (입사) from the transitions of the month, each a total equal to the sum of its
    rows. No names, no youth."""

    facility_id: int | None
    year: int
    month: int
    companies_found: int
    referrals: int
    interviews: int
    hires: int
    rows: tuple[CountRow, ...]

    def by(self, dimension: str) -> dict[str, int]:
        return {r.key: r.n for r in self.rows if r.dimension == dimension}


@dataclass(frozen=True)
class SettingsRow:
    facility_id: int
    stale_days: int


