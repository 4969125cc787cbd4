"""Training courses (issue 14): a campus's courses with their selection stages, the
applications to them and their stage scores, the vacancies a place freed opens and the
offers made from the reserve list to fill them, trainees (enrollments) with their
attendance marks, each day's roll and the changes made to a past roll, and the employment
follow-ups after the end; the course's status history.

What must never break is enforced by the database too (migration 0012): places above zero,
an end on or after the start, the application window in order, a score of 0–100, one
application per youth per course, one enrollment per application, one attendance mark per
trainee per day, one live offer per vacancy and one open offer per application (partial
unique indexes: two desks promoting two reserves to one freed place cannot both win), a
unique certificate number, and the course's status history and the roll's change history
append-only (triggers refuse UPDATE and DELETE on both backends).

Free text typed with a change (a window override, a withdrawal, a drop-out's note, a roll
change's reason, an employment note) can name a youth's circumstances:
``__audit_redact__`` keeps it out of the audit log.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

# the tables the foreign keys below point at, registered with them on the metadata (a
# flush sorts tables by their keys: a target missing from the metadata fails it)
import models.accounts.tables  # noqa: F401
import models.companies.tables  # noqa: F401  (company: the table only, for the employer's key)
import models.facilities.tables  # noqa: F401
import models.youth.tables  # noqa: F401
from models.core.types import UTCDateTime, created_column, enum_column, enum_type, fk
from models.courses.enums import (
    ApplicationStatus,
    ApplyChannel,
    Attendance,
    CourseField,
    CourseStatus,
    DropReason,
    EnrollmentStatus,
    OfferStatus,
    Outcome,
    SelectionResult,
    Stage,
    StageMode,
    VacancyReason,
    VacancyStatus,
)

NAME_MAX, PERSON_MAX, NOTE_MAX, REASON_MAX = 100, 50, 500, 200
APPEND_ONLY = ("course_status_change", "course_roll_change")
REASON_REDACTED = "(사유)"
LIVE_OFFER = "status IN ('open', 'accepted')"
OPEN_OFFER = "status = 'open'"
ENROLLMENT_CHECK = (
    "(status IN ('enrolled', 'no_show') AND ended_on IS NULL AND drop_reason IS NULL) OR "
    "(status = 'dropped' AND ended_on IS NOT NULL AND drop_reason IS NOT NULL) OR "
    "(status IN ('completed', 'not_completed') AND ended_on IS NOT NULL AND drop_reason IS NULL)")
CERTIFICATE_CHECK = ("(certificate_no IS NULL AND certificate_seq IS NULL) OR "
                     "(status = 'completed' AND certificate_no IS NOT NULL AND certificate_seq IS NOT NULL)")


def _text(length: int) -> sa.Column:
    return sa.Column(sa.String(length), nullable=False)


def _day(nullable: bool = False) -> sa.Column:
    return sa.Column(sa.Date(), nullable=nullable)


def _int(nullable: bool = False) -> sa.Column:
    return sa.Column(sa.Integer(), nullable=nullable)


class Course(SQLModel, table=True):
    """A course of a campus. ``teaching_days`` holds the weekdays it teaches (Monday "0" …
    Sunday "6"), ``day_start``/``day_end`` its hours (HH:MM, Seoul). The selection and
    trainee rules are the course's own (defaults in ``models.courses.schemas``)."""

    __tablename__ = "course"
    __table_args__ = (
        sa.CheckConstraint("places > 0", name="ck_course_places"),
        sa.CheckConstraint("end_on >= start_on", name="ck_course_dates"),
        sa.CheckConstraint("apply_until >= apply_from", name="ck_course_window"),
        sa.CheckConstraint("total_hours > 0", name="ck_course_hours"),
        sa.CheckConstraint("length(teaching_days) BETWEEN 1 AND 7", name="ck_course_teaching_days"),
        sa.CheckConstraint("reserve_pct BETWEEN 0 AND 100", name="ck_course_reserve_pct"),
        sa.CheckConstraint("offer_days BETWEEN 1 AND 30", name="ck_course_offer_days"),
        sa.CheckConstraint("early_drop_pct BETWEEN 0 AND 100", name="ck_course_early_drop_pct"),
        sa.CheckConstraint("lates_per_absence BETWEEN 1 AND 10", name="ck_course_lates"),
        sa.CheckConstraint("completion_pct BETWEEN 1 AND 100", name="ck_course_completion_pct"),
        sa.CheckConstraint("version >= 1", name="ck_course_version"),
        sa.Index("ix_course_facility_start", "facility_id", "start_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(sa_column=fk("facility.id"))
    name: str = Field(sa_column=_text(NAME_MAX))
    field: CourseField = Field(sa_column=enum_column(CourseField, "course_field"))
    places: int = Field(sa_column=_int())
    teaching_days: str = Field(sa_column=sa.Column(sa.String(7), nullable=False))
    day_start: str = Field(sa_column=sa.Column(sa.String(5), nullable=False))
    day_end: str = Field(sa_column=sa.Column(sa.String(5), nullable=False))
    start_on: date = Field(sa_column=_day())
    end_on: date = Field(sa_column=_day())
    total_hours: int = Field(sa_column=_int())
    instructor: str = Field(default="", sa_column=_text(PERSON_MAX))
    apply_from: date = Field(sa_column=_day())
    apply_until: date = Field(sa_column=_day())
    documents_on: date | None = Field(default=None, sa_column=_day(True))
    skills_on: date | None = Field(default=None, sa_column=_day(True))
    interview_on: date | None = Field(default=None, sa_column=_day(True))
    announce_on: date | None = Field(default=None, sa_column=_day(True))
    counselor_id: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
    status: CourseStatus = Field(sa_column=enum_column(CourseStatus, "course_status"))
    reserve_pct: int = Field(default=20, sa_column=_int())
    offer_days: int = Field(default=2, sa_column=_int())
    early_drop_pct: int = Field(default=10, sa_column=_int())
    lates_per_absence: int = Field(default=3, sa_column=_int())
    completion_pct: int = Field(default=80, sa_column=_int())
    selected_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    version: int = Field(default=1, sa_column=_int())
    created_at: datetime | None = Field(default=None, sa_column=created_column())
    created_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))


class CourseStage(SQLModel, table=True):
    """How one selection stage of a course is judged: a 0–100 score against ``cutoff``
    (weighted by ``weight`` in the final rank), or pass/fail."""

    __tablename__ = "course_stage"
    __table_args__ = (
        sa.CheckConstraint("cutoff BETWEEN 0 AND 100", name="ck_course_stage_cutoff"),
        sa.CheckConstraint("weight BETWEEN 0 AND 100", name="ck_course_stage_weight"),
        sa.CheckConstraint("mode = 'score' OR weight = 0", name="ck_course_stage_pass_weight"),
    )

    course_id: int = Field(sa_column=sa.Column(sa.Integer(), sa.ForeignKey("course.id"), primary_key=True,
                                               autoincrement=False))
    stage: Stage = Field(sa_column=sa.Column(enum_type(Stage, "course_stage_stage"), primary_key=True))
    mode: StageMode = Field(sa_column=enum_column(StageMode, "course_stage_mode"))
    cutoff: int = Field(default=0, sa_column=_int())
    weight: int = Field(default=0, sa_column=_int())


class CourseStatusChange(SQLModel, table=True):
    """One move of a course's status. Append-only."""

    __tablename__ = "course_status_change"
    __table_args__ = (sa.Index("ix_course_status_change_course", "course_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(sa_column=fk("course.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))
    from_status: CourseStatus | None = Field(default=None, sa_column=enum_column(
        CourseStatus, "course_change_from", nullable=True))
    to_status: CourseStatus = Field(sa_column=enum_column(CourseStatus, "course_change_to"))
    at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))


class CourseApplication(SQLModel, table=True):
    """A youth's application (지원) to a course. ``result``, ``rank``, ``reserve_rank`` and
    ``final_score`` (hundredths of a point) are what the selection decided, kept as
    decided; ``status`` is where the application is now. ``override_reason`` is the
    manager's written reason for an application dated outside the window."""

    __tablename__ = "course_application"
    __audit_redact__ = {"override_reason": REASON_REDACTED, "withdraw_reason": REASON_REDACTED}
    __table_args__ = (
        sa.UniqueConstraint("course_id", "youth_id", name="uq_course_application_youth"),
        sa.CheckConstraint("override_reason IS NULL OR override_reason <> ''", name="ck_course_application_override"),
        sa.CheckConstraint("reserve_rank IS NULL OR reserve_rank >= 1", name="ck_course_application_reserve"),
        sa.CheckConstraint("final_score IS NULL OR final_score BETWEEN 0 AND 10000",
                           name="ck_course_application_score"),
        sa.CheckConstraint("version >= 1", name="ck_course_application_version"),
        sa.Index("ix_course_application_course", "course_id", "status"),
        sa.Index("ix_course_application_youth", "youth_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(sa_column=fk("course.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))
    youth_id: int = Field(sa_column=fk("youth.id"))
    applied_on: date = Field(sa_column=_day())
    channel: ApplyChannel = Field(sa_column=enum_column(ApplyChannel, "course_apply_channel"))
    status: ApplicationStatus = Field(sa_column=enum_column(ApplicationStatus, "course_application_status"))
    result: SelectionResult | None = Field(default=None, sa_column=enum_column(
        SelectionResult, "course_selection_result", nullable=True))
    rank: int | None = Field(default=None, sa_column=_int(True))
    reserve_rank: int | None = Field(default=None, sa_column=_int(True))
    final_score: int | None = Field(default=None, sa_column=_int(True))
    override_reason: str | None = Field(default=None, sa_column=sa.Column(sa.String(REASON_MAX), nullable=True))
    withdrawn_on: date | None = Field(default=None, sa_column=_day(True))
    withdraw_reason: str = Field(default="", sa_column=_text(REASON_MAX))
    answered_on: date | None = Field(default=None, sa_column=_day(True))
    version: int = Field(default=1, sa_column=_int())
    created_at: datetime | None = Field(default=None, sa_column=created_column())
    created_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))


class CourseScore(SQLModel, table=True):
    """An applicant's result at one stage: a score (0–100) or pass/fail."""

    __tablename__ = "course_score"
    __table_args__ = (
        sa.CheckConstraint("score IS NULL OR score BETWEEN 0 AND 100", name="ck_course_score_range"),
        sa.CheckConstraint("(score IS NULL) <> (passed IS NULL)", name="ck_course_score_one"),
        sa.Index("ix_course_score_course", "course_id"),
    )

    application_id: int = Field(sa_column=sa.Column(sa.Integer(), sa.ForeignKey("course_application.id"),
                                                    primary_key=True, autoincrement=False))
    stage: Stage = Field(sa_column=sa.Column(enum_type(Stage, "course_score_stage"), primary_key=True))
    course_id: int = Field(sa_column=fk("course.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))
    score: int | None = Field(default=None, sa_column=_int(True))
    passed: bool | None = Field(default=None, sa_column=sa.Column(sa.Boolean(), nullable=True))
    recorded_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    recorded_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))


class Enrollment(SQLModel, table=True):
    """A trainee (수강생): an application whose place was taken. ``joined_on`` is the first
    day counted for attendance (the start, or the day a promoted reserve took the place);
    ``ended_on`` the drop-out day or the completion (or not) day."""

    __tablename__ = "course_enrollment"
    __audit_redact__ = {"drop_note": REASON_REDACTED}
    __table_args__ = (
        sa.UniqueConstraint("application_id", name="uq_course_enrollment_application"),
        sa.UniqueConstraint("certificate_no", name="uq_course_enrollment_certificate"),
        sa.UniqueConstraint("course_id", "certificate_seq", name="uq_course_enrollment_seq"),
        sa.CheckConstraint(ENROLLMENT_CHECK, name="ck_course_enrollment_state"),
        sa.CheckConstraint(CERTIFICATE_CHECK, name="ck_course_enrollment_certificate"),
        sa.CheckConstraint("version >= 1", name="ck_course_enrollment_version"),
        sa.Index("ix_course_enrollment_course", "course_id", "status"),
        sa.Index("ix_course_enrollment_youth", "youth_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(sa_column=fk("course.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))
    application_id: int = Field(sa_column=fk("course_application.id"))
    youth_id: int = Field(sa_column=fk("youth.id"))
    joined_on: date = Field(sa_column=_day())
    status: EnrollmentStatus = Field(sa_column=enum_column(EnrollmentStatus, "course_enrollment_status"))
    ended_on: date | None = Field(default=None, sa_column=_day(True))
    drop_reason: DropReason | None = Field(default=None, sa_column=enum_column(
        DropReason, "course_drop_reason", nullable=True))
    drop_note: str = Field(default="", sa_column=_text(NOTE_MAX))
    certificate_no: str | None = Field(default=None, sa_column=sa.Column(sa.String(40), nullable=True))
    certificate_seq: int | None = Field(default=None, sa_column=_int(True))
    version: int = Field(default=1, sa_column=_int())
    created_at: datetime | None = Field(default=None, sa_column=created_column())
    created_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))


class CourseVacancy(SQLModel, table=True):
    """A place freed (a selected applicant declined, did not show up on the first day, or
    dropped out early), offered down the reserve list until one takes it."""

    __tablename__ = "course_vacancy"
    __table_args__ = (
        sa.UniqueConstraint("freed_by", name="uq_course_vacancy_freed_by"),
        sa.Index("ix_course_vacancy_course", "course_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(sa_column=fk("course.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))
    freed_by: int = Field(sa_column=fk("course_application.id"))
    reason: VacancyReason = Field(sa_column=enum_column(VacancyReason, "course_vacancy_reason"))
    freed_on: date = Field(sa_column=_day())
    status: VacancyStatus = Field(sa_column=enum_column(VacancyStatus, "course_vacancy_status"))
    filled_by: int | None = Field(default=None, sa_column=fk("course_application.id", nullable=True))
    created_at: datetime | None = Field(default=None, sa_column=created_column())


class CourseOffer(SQLModel, table=True):
    """A vacancy offered to a reserve, to answer by ``reply_by`` (a Seoul day, inclusive).
    One live (open or accepted) offer per vacancy and one open offer per application:
    partial unique indexes, the database's guard when two desks promote at once.
    ``reason`` is the manager's written reason of a direct promotion (``promote``)."""

    __tablename__ = "course_offer"
    __audit_redact__ = {"reason": REASON_REDACTED}
    __table_args__ = (
        sa.UniqueConstraint("vacancy_id", "application_id", name="uq_course_offer_vacancy_application"),
        sa.Index("uq_course_offer_live", "vacancy_id", unique=True, sqlite_where=sa.text(LIVE_OFFER),
                 postgresql_where=sa.text(LIVE_OFFER)),
        sa.Index("uq_course_offer_open_application", "application_id", unique=True,
                 sqlite_where=sa.text(OPEN_OFFER), postgresql_where=sa.text(OPEN_OFFER)),
        sa.Index("ix_course_offer_course", "course_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    vacancy_id: int = Field(sa_column=fk("course_vacancy.id"))
    course_id: int = Field(sa_column=fk("course.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))
    application_id: int = Field(sa_column=fk("course_application.id"))
    offered_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    reply_by: date = Field(sa_column=_day())
    status: OfferStatus = Field(sa_column=enum_column(OfferStatus, "course_offer_status"))
    answered_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    reason: str = Field(default="", sa_column=_text(REASON_MAX))
    by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))


class CourseRoll(SQLModel, table=True):
    """A day's roll of a course was saved (who, when). Trainees without a mark that day
    were present."""

    __tablename__ = "course_roll"

    course_id: int = Field(sa_column=sa.Column(sa.Integer(), sa.ForeignKey("course.id"), primary_key=True,
                                               autoincrement=False))
    day: date = Field(sa_column=sa.Column(sa.Date(), primary_key=True))
    facility_id: int = Field(sa_column=fk("facility.id"))
    saved_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    saved_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))


class AttendanceMark(SQLModel, table=True):
    """A trainee's exception on a day's roll (지각, 조퇴, 결석, 공결 with its reason); 출석 is
    the absence of a row. One per trainee per day."""

    __tablename__ = "course_attendance"
    __audit_redact__ = {"reason": REASON_REDACTED}
    __table_args__ = (
        sa.CheckConstraint("kind <> 'present'", name="ck_course_attendance_kind"),
        sa.CheckConstraint("kind <> 'excused' OR reason <> ''", name="ck_course_attendance_excused"),
        sa.Index("ix_course_attendance_course_day", "course_id", "day"),
    )

    enrollment_id: int = Field(sa_column=sa.Column(sa.Integer(), sa.ForeignKey("course_enrollment.id"),
                                                   primary_key=True, autoincrement=False))
    day: date = Field(sa_column=sa.Column(sa.Date(), primary_key=True))
    course_id: int = Field(sa_column=fk("course.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))
    kind: Attendance = Field(sa_column=enum_column(Attendance, "course_attendance_kind"))
    reason: str = Field(default="", sa_column=_text(REASON_MAX))
    recorded_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    recorded_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))


class RollChange(SQLModel, table=True):
    """A change to a past day's roll, by a manager, with the reason. Append-only."""

    __tablename__ = "course_roll_change"
    __audit_redact__ = {"reason": REASON_REDACTED}
    __table_args__ = (
        sa.CheckConstraint("reason <> ''", name="ck_course_roll_change_reason"),
        sa.Index("ix_course_roll_change_course", "course_id", "day"),
    )

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(sa_column=fk("course.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))
    enrollment_id: int = Field(sa_column=fk("course_enrollment.id"))
    day: date = Field(sa_column=_day())
    from_kind: Attendance = Field(sa_column=enum_column(Attendance, "course_roll_from"))
    to_kind: Attendance = Field(sa_column=enum_column(Attendance, "course_roll_to"))
    reason: str = Field(sa_column=_text(REASON_MAX))
    at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))


class CourseFollowup(SQLModel, table=True):
    """A completer's employment follow-up 1, 3 or 6 months after the course ended, open or
    recorded (outcome, who, when; for 취업 the start date and the employer, a company of the
    registry where it exists). ``followup_id`` is the counseling follow-up it put in the
    course counselor's queue (counseling's row, given by the registry: no foreign key)."""

    __tablename__ = "course_followup"
    __audit_redact__ = {"note": REASON_REDACTED}
    __table_args__ = (
        sa.UniqueConstraint("enrollment_id", "months", name="uq_course_followup_months"),
        sa.CheckConstraint("months IN (1, 3, 6)", name="ck_course_followup_months"),
        sa.CheckConstraint("(outcome IS NULL AND recorded_at IS NULL AND started_on IS NULL AND company_id IS NULL) "
                           "OR (outcome IS NOT NULL AND recorded_at IS NOT NULL)", name="ck_course_followup_recorded"),
        sa.CheckConstraint("outcome IS NULL OR outcome <> 'employed' OR started_on IS NOT NULL",
                           name="ck_course_followup_started"),
        sa.Index("ix_course_followup_due", "facility_id", "outcome", "due_on"),
        sa.Index("ix_course_followup_course", "course_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    enrollment_id: int = Field(sa_column=fk("course_enrollment.id"))
    course_id: int = Field(sa_column=fk("course.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))
    youth_id: int = Field(sa_column=fk("youth.id"))
    months: int = Field(sa_column=_int())
    due_on: date = Field(sa_column=_day())
    followup_id: int | None = Field(default=None, sa_column=_int(True))
    outcome: Outcome | None = Field(default=None, sa_column=enum_column(Outcome, "course_outcome", nullable=True))
    started_on: date | None = Field(default=None, sa_column=_day(True))
    company_id: int | None = Field(default=None, sa_column=fk("company.id", nullable=True))
    employer: str = Field(default="", sa_column=_text(NAME_MAX))
    note: str = Field(default="", sa_column=_text(NOTE_MAX))
    recorded_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    recorded_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
