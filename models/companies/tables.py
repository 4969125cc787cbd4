"""Companies and matching (issue 13): the hiring companies a facility found (구인기업) and
their contact persons, job openings (구인 공고), referrals of youths to openings with
their append-only transition history, retention checks after a hire, and the facility's
matching settings.

What must never break is enforced by the database too (migration 0011): one company per
사업자등록번호 at a facility; one referral of a youth to an opening; a referral's
transitions are append-only (triggers refuse UPDATE and DELETE on both backends, as
counseling's addenda); a retention check is recorded (outcome, who, when; a leaving date
for a youth who left) or open, never half of each.

Contact persons are personal data: ``__audit_redact__`` keeps their name, phone and
e-mail out of the audit log (a placeholder stands in their place).
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

# the tables the foreign keys below point at, registered with them on the metadata
import models.accounts.tables  # noqa: F401
import models.facilities.tables  # noqa: F401
import models.youth.tables  # noqa: F401
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
from models.core.types import UTCDateTime, created_column, enum_column, fk

NAME_MAX, NOTE_MAX, REASON_MAX, NOTE_SHORT = 100, 2000, 200, 500
APPEND_ONLY = ("referral_transition",)
CONTACT_REDACT = {"name": "(담당자 이름)", "phone": "(담당자 전화)", "email": "(담당자 이메일)"}
RETENTION_CHECK = ("(outcome IS NULL AND recorded_at IS NULL AND recorded_by IS NULL AND left_on IS NULL) OR "
                   "(outcome = 'employed' AND recorded_at IS NOT NULL AND recorded_by IS NOT NULL "
                   "AND left_on IS NULL) OR "
                   "(outcome = 'left' AND recorded_at IS NOT NULL AND recorded_by IS NOT NULL "
                   "AND left_on IS NOT NULL)")


def _text(length: int) -> sa.Column:
    return sa.Column(sa.String(length), nullable=False)


class MatchingSettings(SQLModel, table=True):
    """A facility's matching settings; a facility without a row uses the defaults."""

    __tablename__ = "matching_settings"
    __table_args__ = (sa.CheckConstraint("stale_days BETWEEN 1 AND 365", name="ck_matching_stale_days"),)

    facility_id: int = Field(sa_column=sa.Column(sa.Integer(), sa.ForeignKey("facility.id"),
                                                 primary_key=True, autoincrement=False))
    stale_days: int = Field(default=14, sa_column=sa.Column(sa.Integer(), nullable=False))


class Company(SQLModel, table=True):
    __tablename__ = "company"
    __table_args__ = (
        sa.UniqueConstraint("facility_id", "biz_no", name="uq_company_facility_biz_no"),
        sa.CheckConstraint("length(biz_no) = 10", name="ck_company_biz_no"),
        sa.CheckConstraint("certified_year IS NULL OR certified_year BETWEEN 2000 AND 2100",
                           name="ck_company_certified_year"),
        sa.CheckConstraint("certified_year IS NULL OR certified", name="ck_company_certified"),
        sa.Index("ix_company_facility_name", "facility_id", "name"),
        sa.Index("ix_company_facility_found", "facility_id", "found_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(sa_column=fk("facility.id"))
    name: str = Field(sa_column=_text(NAME_MAX))
    biz_no: str = Field(sa_column=sa.Column(sa.String(10), nullable=False))
    representative: str = Field(default="", sa_column=_text(50))
    industry: Industry | None = Field(default=None, sa_column=enum_column(Industry, "ksic_section", nullable=True))
    size: CompanySize | None = Field(default=None, sa_column=enum_column(CompanySize, "company_size",
                                                                           nullable=True))
    certified: bool = Field(default=False, sa_column=sa.Column(sa.Boolean(), nullable=False))  # 서울형 강소기업
    certified_year: int | None = Field(default=None, sa_column=sa.Column(sa.Integer(), nullable=True))
    address: str = Field(default="", sa_column=_text(200))
    district: str = Field(default="", sa_column=_text(20))
    website: str = Field(default="", sa_column=_text(200))
    found_via: FoundVia | None = Field(default=None, sa_column=enum_column(FoundVia, "company_found_via",
                                                                           nullable=True))
    found_on: date = Field(sa_column=sa.Column(sa.Date(), nullable=False))
    owner_id: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
    notes: str = Field(default="", sa_column=_text(NOTE_MAX))
    version: int = Field(default=1, sa_column=sa.Column(sa.Integer(), nullable=False))
    created_at: datetime | None = Field(default=None, sa_column=created_column())
    created_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))


class CompanyContact(SQLModel, table=True):
    """A contact person of a company: personal data, masked in lists; each full view is an
    audit read."""

    __tablename__ = "company_contact"
    __audit_redact__ = CONTACT_REDACT
    __table_args__ = (sa.Index("ix_company_contact_company", "company_id"),)

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(sa_column=fk("company.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))
    name: str = Field(sa_column=_text(50))
    role: str = Field(default="", sa_column=_text(50))
    phone: str = Field(default="", sa_column=_text(20))
    email: str = Field(default="", sa_column=_text(100))
    active: bool = Field(default=True, sa_column=sa.Column(sa.Boolean(), nullable=False))


class JobOpening(SQLModel, table=True):
    __tablename__ = "job_opening"
    __table_args__ = (
        sa.CheckConstraint("headcount BETWEEN 1 AND 10000", name="ck_job_opening_headcount"),
        sa.CheckConstraint("wage IS NULL OR wage BETWEEN 0 AND 2000000000", name="ck_job_opening_wage"),
        sa.Index("ix_job_opening_company", "company_id"),
        sa.Index("ix_job_opening_facility_status", "facility_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(sa_column=fk("company.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))
    title: str = Field(sa_column=_text(NAME_MAX))
    job_field: str = Field(default="", sa_column=_text(50))
    employment_type: EmploymentType = Field(sa_column=enum_column(EmploymentType, "employment_type"))
    wage: int | None = Field(default=None, sa_column=sa.Column(sa.Integer(), nullable=True))  # 원, yearly
    place: str = Field(default="", sa_column=_text(200))
    headcount: int = Field(default=1, sa_column=sa.Column(sa.Integer(), nullable=False))
    deadline: date | None = Field(default=None, sa_column=sa.Column(sa.Date(), nullable=True))
    status: OpeningStatus = Field(sa_column=enum_column(OpeningStatus, "opening_status"))
    version: int = Field(default=1, sa_column=sa.Column(sa.Integer(), nullable=False))
    created_at: datetime | None = Field(default=None, sa_column=created_column())
    created_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))


class Referral(SQLModel, table=True):
    """A youth referred (추천) to an opening. ``stage``, ``moved_on`` and ``version`` cache
    the last transition (every move writes both in one transaction; ``version`` is the
    conflict check); counts come from ``ReferralTransition``, never from here."""

    __tablename__ = "referral"
    __table_args__ = (
        sa.UniqueConstraint("opening_id", "youth_id", name="uq_referral_opening_youth"),
        sa.CheckConstraint("version >= 1", name="ck_referral_version"),
        sa.CheckConstraint("moved_on >= referred_on", name="ck_referral_moved"),
        sa.Index("ix_referral_youth", "facility_id", "youth_id"),
        sa.Index("ix_referral_opening", "opening_id", "stage"),
        sa.Index("ix_referral_counselor", "facility_id", "counselor_id", "stage"),
    )

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(sa_column=fk("facility.id"))
    opening_id: int = Field(sa_column=fk("job_opening.id"))
    company_id: int = Field(sa_column=fk("company.id"))
    youth_id: int = Field(sa_column=fk("youth.id"))
    counselor_id: int = Field(sa_column=fk("user_account.id"))
    channel: Channel = Field(sa_column=enum_column(Channel, "referral_channel"))
    referred_on: date = Field(sa_column=sa.Column(sa.Date(), nullable=False))
    stage: Stage = Field(sa_column=enum_column(Stage, "referral_stage"))
    moved_on: date = Field(sa_column=sa.Column(sa.Date(), nullable=False))
    version: int = Field(default=1, sa_column=sa.Column(sa.Integer(), nullable=False))
    created_at: datetime | None = Field(default=None, sa_column=created_column())
    created_by: int = Field(sa_column=fk("user_account.id"))


class ReferralTransition(SQLModel, table=True):
    """One move of a referral (the first has no ``from_stage``: the referral itself).
    ``happened_on`` is the Seoul day it happened (the hire date of 입사), ``at`` when it was
    recorded. ``override_reason`` is the manager's written reason for a move the stage
    rules do not allow. Append-only."""

    __tablename__ = "referral_transition"
    __table_args__ = (
        sa.CheckConstraint("override_reason IS NULL OR override_reason <> ''", name="ck_transition_override"),
        sa.Index("ix_referral_transition_referral", "referral_id", "id"),
        sa.Index("ix_referral_transition_month", "facility_id", "happened_on", "to_stage"),
    )

    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(sa_column=fk("referral.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))
    from_stage: Stage | None = Field(default=None, sa_column=enum_column(Stage, "transition_from", nullable=True))
    to_stage: Stage = Field(sa_column=enum_column(Stage, "transition_to"))
    happened_on: date = Field(sa_column=sa.Column(sa.Date(), nullable=False))
    note: str = Field(default="", sa_column=_text(NOTE_SHORT))
    override_reason: str | None = Field(default=None, sa_column=sa.Column(sa.String(REASON_MAX), nullable=True))
    at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    by: int = Field(sa_column=fk("user_account.id"))


class RetentionCheck(SQLModel, table=True):
    """A retention follow-up after a hire (1, 3 and 6 months): still employed, or left on a
    date. ``followup_id`` is the counseling follow-up it put in the counselor's queue
    (counseling's row, given by the registry's scheduler: no foreign key, so that this area
    needs no counseling table)."""

    __tablename__ = "retention_check"
    __table_args__ = (
        sa.UniqueConstraint("referral_id", "months", name="uq_retention_referral_months"),
        sa.CheckConstraint("months IN (1, 3, 6)", name="ck_retention_months"),
        sa.CheckConstraint(RETENTION_CHECK, name="ck_retention_recorded"),
        sa.Index("ix_retention_check_due", "facility_id", "outcome", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(sa_column=fk("referral.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))
    months: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))
    due_on: date = Field(sa_column=sa.Column(sa.Date(), nullable=False))
    followup_id: int | None = Field(default=None, sa_column=sa.Column(sa.Integer(), nullable=True))
    outcome: RetentionOutcome | None = Field(default=None, sa_column=enum_column(
        RetentionOutcome, "retention_outcome", nullable=True))
    left_on: date | None = Field(default=None, sa_column=sa.Column(sa.Date(), nullable=True))
    recorded_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    recorded_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))


SLOT_MINUTES = 20
LIVE_SLOT = "cancelled_at IS NULL"


class MatchingDay(SQLModel, table=True):
    """A job matching day (일자리 매칭데이): a date, a place and the hours of its on-site
    interviews, cut into 20-minute slots numbered from ``starts`` (slot 0)."""

    __tablename__ = "matching_day"
    __table_args__ = (
        sa.CheckConstraint("slots BETWEEN 1 AND 72", name="ck_matching_day_slots"),
        sa.Index("ix_matching_day_facility", "facility_id", "held_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(sa_column=fk("facility.id"))
    title: str = Field(sa_column=_text(NAME_MAX))
    held_on: date = Field(sa_column=sa.Column(sa.Date(), nullable=False))
    place: str = Field(default="", sa_column=_text(200))
    starts: str = Field(sa_column=sa.Column(sa.String(5), nullable=False))  # HH:MM in Seoul
    slots: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))  # 20-minute slots
    created_at: datetime | None = Field(default=None, sa_column=created_column())
    created_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))


class MatchingDayOpening(SQLModel, table=True):
    """An opening (and so its company) taking part in a matching day."""

    __tablename__ = "matching_day_opening"

    day_id: int = Field(sa_column=sa.Column(sa.Integer(), sa.ForeignKey("matching_day.id"), primary_key=True,
                                            autoincrement=False))
    opening_id: int = Field(sa_column=sa.Column(sa.Integer(), sa.ForeignKey("job_opening.id"), primary_key=True,
                                                autoincrement=False))
    company_id: int = Field(sa_column=fk("company.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))


class MatchingDayYouth(SQLModel, table=True):
    __tablename__ = "matching_day_youth"

    day_id: int = Field(sa_column=sa.Column(sa.Integer(), sa.ForeignKey("matching_day.id"), primary_key=True,
                                            autoincrement=False))
    youth_id: int = Field(sa_column=sa.Column(sa.Integer(), sa.ForeignKey("youth.id"), primary_key=True,
                                              autoincrement=False))
    facility_id: int = Field(sa_column=fk("facility.id"))
    registered_at: datetime | None = Field(default=None, sa_column=created_column())
    registered_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))


class InterviewSlot(SQLModel, table=True):
    """An on-site interview of a matching day: a youth with a company (for one of its
    openings) in slot ``slot_no``. Neither the company nor the youth is in two live
    interviews in one slot: partial unique indexes on (day, company, slot) and (day,
    youth, slot), the database's own guard on both backends (the slots are a fixed
    20-minute grid, so equal numbers are the only overlap). ``referral_id`` is the
    referral its result went into (channel 매칭데이)."""

    __tablename__ = "interview_slot"
    __table_args__ = (
        sa.CheckConstraint("slot_no BETWEEN 0 AND 71", name="ck_interview_slot_no"),
        sa.CheckConstraint("(cancelled_at IS NULL AND cancelled_by IS NULL) OR "
                           "(cancelled_at IS NOT NULL AND cancelled_by IS NOT NULL)", name="ck_interview_cancel"),
        sa.Index("uq_interview_company_slot", "day_id", "company_id", "slot_no", unique=True,
                 sqlite_where=sa.text(LIVE_SLOT), postgresql_where=sa.text(LIVE_SLOT)),
        sa.Index("uq_interview_youth_slot", "day_id", "youth_id", "slot_no", unique=True,
                 sqlite_where=sa.text(LIVE_SLOT), postgresql_where=sa.text(LIVE_SLOT)),
    )

    id: int | None = Field(default=None, primary_key=True)
    day_id: int = Field(sa_column=fk("matching_day.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))
    opening_id: int = Field(sa_column=fk("job_opening.id"))
    company_id: int = Field(sa_column=fk("company.id"))
    youth_id: int = Field(sa_column=fk("youth.id"))
    slot_no: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))
    referral_id: int | None = Field(default=None, sa_column=fk("referral.id", nullable=True))
    created_at: datetime | None = Field(default=None, sa_column=created_column())
    created_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
    cancelled_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    cancelled_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
