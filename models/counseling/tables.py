"""Counseling: one-to-one sessions (상담일지) with their topics and addenda, follow-ups, the
caseload (cases, their assignment history), group sessions and their attendees, employment
activity plans (취업활동계획) and their steps, and the facility's counseling settings.

What must never break is enforced by the database too (migration 0010): a session's
duration is 1–480 minutes and its facility exists; a session or group session is voided
(with who, when and a reason) or live, never half of each; addenda and case events are
append-only (triggers refuse UPDATE and DELETE on both backends).

Free text is never copied into the audit log: ``__audit_redact__`` replaces it with a
placeholder. That is the text about the youth (summary, confidential note, next step,
addendum text, the plan's goal and its steps) and every reason typed with a change (a
void, an addendum, an assignment, transfer or closing), which can name the youth's
circumstances too.
"""

from __future__ import annotations

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

# the tables the foreign keys below point at, registered with them on the metadata (a
# flush sorts tables by their keys: a target missing from the metadata fails it)
import models.accounts.tables  # noqa: F401
import models.booths.tables  # noqa: F401  (consult_request: the table only, no booth logic)
import models.facilities.tables  # noqa: F401
import models.youth.tables  # noqa: F401
from models.core.types import UTCDateTime, created_column, enum_column, fk
from models.counseling.enums import (
    AddendumTarget,
    CaseEventKind,
    CaseStage,
    CaseStatus,
    FollowupStatus,
    GroupKind,
    Mode,
    Outcome,
    SessionKind,
    Topic,
)

SUMMARY_MAX, NOTE_MAX, NEXT_STEP_MAX, ADDENDUM_MAX, REASON_MAX = 2000, 4000, 500, 2000, 200
DURATION_CHECK = "duration_minutes BETWEEN 1 AND 480"
VOID_CHECK = ("(voided_at IS NULL AND voided_by IS NULL AND void_reason IS NULL) OR "
              "(voided_at IS NOT NULL AND voided_by IS NOT NULL AND void_reason IS NOT NULL "
              "AND void_reason <> '')")
LIVE_CONSULT = "consult_request_id IS NOT NULL AND voided_at IS NULL"
# the append-only tables (migration 0010 puts the refusing triggers on them)
APPEND_ONLY = ("counseling_addendum", "counseling_case_event")
REASON_REDACTED = "(사유)"
REDACTED = {"summary": "(상담 요약)", "note": "(비공개 메모)", "next_step": "(다음 단계)",
            "void_reason": REASON_REDACTED}


def _text(length: int) -> sa.Column:
    return sa.Column(sa.String(length), nullable=False)


class CounselingSettings(SQLModel, table=True):
    """A facility's counseling settings; a facility without a row uses the defaults."""

    __tablename__ = "counseling_settings"
    __table_args__ = (
        sa.CheckConstraint("edit_hours BETWEEN 1 AND 720", name="ck_counseling_edit_hours"),
        sa.CheckConstraint("stale_days BETWEEN 1 AND 365", name="ck_counseling_stale_days"),
    )

    facility_id: int = Field(sa_column=sa.Column(sa.Integer(), sa.ForeignKey("facility.id"),
                                                 primary_key=True, autoincrement=False))
    edit_hours: int = Field(default=48, sa_column=sa.Column(sa.Integer(), nullable=False))
    stale_days: int = Field(default=30, sa_column=sa.Column(sa.Integer(), nullable=False))


class CounselingSession(SQLModel, table=True):
    __tablename__ = "counseling_session"
    __audit_redact__ = REDACTED
    __table_args__ = (
        sa.CheckConstraint(DURATION_CHECK, name="ck_counseling_duration"),
        sa.CheckConstraint(VOID_CHECK, name="ck_counseling_void"),
        sa.CheckConstraint("version >= 1", name="ck_counseling_version"),
        sa.Index("ix_counseling_session_facility_held", "facility_id", "held_at"),
        sa.Index("ix_counseling_session_youth", "facility_id", "youth_id", "held_at"),
        sa.Index("ix_counseling_session_counselor", "counselor_id", "held_at"),
        # a booth consultation is answered by one live session (a voided one frees it)
        sa.Index("uq_counseling_session_consult", "consult_request_id", unique=True,
                 sqlite_where=sa.text(LIVE_CONSULT), postgresql_where=sa.text(LIVE_CONSULT)),
    )

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(sa_column=fk("facility.id"))
    youth_id: int = Field(sa_column=fk("youth.id"))
    counselor_id: int = Field(sa_column=fk("user_account.id"))
    held_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    duration_minutes: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))
    mode: Mode = Field(sa_column=enum_column(Mode, "counseling_mode"))
    kind: SessionKind = Field(sa_column=enum_column(SessionKind, "counseling_kind"))
    summary: str = Field(default="", sa_column=_text(SUMMARY_MAX))
    note: str = Field(default="", sa_column=_text(NOTE_MAX))
    next_step: str = Field(default="", sa_column=_text(NEXT_STEP_MAX))
    # the AI-booth analysis consultation (booths' consult_request) this session answered
    consult_request_id: int | None = Field(default=None, sa_column=fk("consult_request.id", nullable=True))
    version: int = Field(default=1, sa_column=sa.Column(sa.Integer(), nullable=False))
    created_at: datetime | None = Field(default=None, sa_column=created_column())
    created_by: int = Field(sa_column=fk("user_account.id"))
    updated_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    updated_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
    voided_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    voided_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
    void_reason: str | None = Field(default=None, sa_column=sa.Column(sa.String(REASON_MAX), nullable=True))


class SessionTopic(SQLModel, table=True):
    """The topics of a session (several allowed). Not audited: a topic can be 민감정보, so
    the audit log could only say that a redacted row came or went; the session's own
    insert and update rows (its version moves with every edit) record the change."""

    __tablename__ = "counseling_session_topic"
    __audit_skip__ = True

    session_id: int = Field(sa_column=sa.Column(sa.Integer(), sa.ForeignKey("counseling_session.id"),
                                                primary_key=True, autoincrement=False))
    topic: Topic = Field(sa_column=enum_column(Topic, "counseling_topic", primary_key=True))
    facility_id: int = Field(sa_column=fk("facility.id"))


class Addendum(SQLModel, table=True):
    """A change to a locked session: shown under the original, which is never overwritten.
    Append-only."""

    __tablename__ = "counseling_addendum"
    __audit_redact__ = {"body": "(추가 기록)", "reason": REASON_REDACTED}
    __table_args__ = (
        sa.CheckConstraint("reason <> ''", name="ck_addendum_reason"),
        sa.CheckConstraint("body <> ''", name="ck_addendum_body"),
        sa.Index("ix_counseling_addendum_session", "session_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(sa_column=fk("counseling_session.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))
    target: AddendumTarget = Field(sa_column=enum_column(AddendumTarget, "addendum_target"))
    body: str = Field(sa_column=_text(ADDENDUM_MAX))
    reason: str = Field(sa_column=_text(REASON_MAX))
    created_at: datetime | None = Field(default=None, sa_column=created_column())
    created_by: int = Field(sa_column=fk("user_account.id"))


class Followup(SQLModel, table=True):
    """A follow-up in a counselor's queue, made by a session with a follow-up date and done
    by the session that did it. One made without a session is a planned session (상담 예약):
    it may carry a start time on its day (Seoul wall time, NULL: 시간 미정) and the mode
    planned (migration 0016). ``cancelled_at`` is when it was cancelled (NULL on rows
    cancelled before 0016: an unknown time)."""

    __tablename__ = "counseling_followup"
    __table_args__ = (
        sa.CheckConstraint("(status = 'done' AND done_session_id IS NOT NULL AND done_at IS NOT NULL) "
                           "OR (status <> 'done' AND done_session_id IS NULL)", name="ck_followup_done"),
        sa.Index("ix_counseling_followup_queue", "facility_id", "status", "due_on"),
        sa.Index("ix_counseling_followup_youth", "facility_id", "youth_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(sa_column=fk("facility.id"))
    youth_id: int = Field(sa_column=fk("youth.id"))
    counselor_id: int = Field(sa_column=fk("user_account.id"))
    due_on: date = Field(sa_column=sa.Column(sa.Date(), nullable=False))
    start_time: time | None = Field(default=None, sa_column=sa.Column(sa.Time(), nullable=True))
    mode: Mode | None = Field(default=None, sa_column=enum_column(Mode, "counseling_mode", nullable=True))
    source_session_id: int | None = Field(default=None, sa_column=fk("counseling_session.id", nullable=True))
    status: FollowupStatus = Field(sa_column=enum_column(FollowupStatus, "followup_status"))
    done_session_id: int | None = Field(default=None, sa_column=fk("counseling_session.id", nullable=True))
    done_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    cancelled_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    created_at: datetime | None = Field(default=None, sa_column=created_column())
    created_by: int = Field(sa_column=fk("user_account.id"))


class Case(SQLModel, table=True):
    """A youth on a facility's caseload: one row per facility and youth, closed with an
    outcome and reopened in place; every change is a ``CaseEvent``."""

    __tablename__ = "counseling_case"
    __table_args__ = (
        sa.UniqueConstraint("facility_id", "youth_id", name="uq_case_facility_youth"),
        sa.CheckConstraint("(status = 'open' AND outcome IS NULL AND closed_at IS NULL) OR "
                           "(status = 'closed' AND outcome IS NOT NULL AND closed_at IS NOT NULL)",
                           name="ck_case_closed"),
        sa.Index("ix_counseling_case_counselor", "facility_id", "counselor_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(sa_column=fk("facility.id"))
    youth_id: int = Field(sa_column=fk("youth.id"))
    counselor_id: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
    stage: CaseStage = Field(sa_column=enum_column(CaseStage, "case_stage"))
    status: CaseStatus = Field(sa_column=enum_column(CaseStatus, "case_status"))
    outcome: Outcome | None = Field(default=None, sa_column=enum_column(Outcome, "case_outcome", nullable=True))
    opened_at: datetime | None = Field(default=None, sa_column=created_column())
    closed_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    version: int = Field(default=1, sa_column=sa.Column(sa.Integer(), nullable=False))


class CaseEvent(SQLModel, table=True):
    """What happened to a case: opened, assigned, taken, transferred (with its reason),
    stage changed, closed, reopened. Append-only: the assignment history."""

    __tablename__ = "counseling_case_event"
    __audit_redact__ = {"reason": REASON_REDACTED}
    __table_args__ = (sa.Index("ix_counseling_case_event_case", "case_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=fk("counseling_case.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))
    kind: CaseEventKind = Field(sa_column=enum_column(CaseEventKind, "case_event_kind"))
    from_counselor_id: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
    to_counselor_id: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
    from_value: str | None = Field(default=None, sa_column=sa.Column(sa.String(20), nullable=True))
    to_value: str | None = Field(default=None, sa_column=sa.Column(sa.String(20), nullable=True))
    reason: str = Field(default="", sa_column=_text(REASON_MAX))
    at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    by: int = Field(sa_column=fk("user_account.id"))


class GroupSession(SQLModel, table=True):
    """A mentoring, lecture, group counseling or live lecture: one record with its
    attendees (``GroupAttendance``) and, for large online lectures, an anonymous headcount
    added to them."""

    __tablename__ = "group_session"
    __audit_redact__ = {"void_reason": REASON_REDACTED}
    __table_args__ = (
        sa.CheckConstraint(DURATION_CHECK, name="ck_group_duration"),
        sa.CheckConstraint(VOID_CHECK, name="ck_group_void"),
        sa.CheckConstraint("capacity IS NULL OR capacity BETWEEN 1 AND 100000", name="ck_group_capacity"),
        sa.CheckConstraint("headcount BETWEEN 0 AND 1000000", name="ck_group_headcount"),
        sa.Index("ix_group_session_facility_held", "facility_id", "held_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(sa_column=fk("facility.id"))
    kind: GroupKind = Field(sa_column=enum_column(GroupKind, "group_kind"))
    title: str = Field(sa_column=_text(100))
    presenter: str = Field(default="", sa_column=_text(50))
    held_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    duration_minutes: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))
    mode: Mode = Field(sa_column=enum_column(Mode, "counseling_mode"))
    capacity: int | None = Field(default=None, sa_column=sa.Column(sa.Integer(), nullable=True))
    headcount: int = Field(default=0, sa_column=sa.Column(sa.Integer(), nullable=False))
    created_at: datetime | None = Field(default=None, sa_column=created_column())
    created_by: int = Field(sa_column=fk("user_account.id"))
    voided_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    voided_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
    void_reason: str | None = Field(default=None, sa_column=sa.Column(sa.String(REASON_MAX), nullable=True))


class GroupAttendance(SQLModel, table=True):
    __tablename__ = "group_attendance"
    __table_args__ = (sa.Index("ix_group_attendance_youth", "youth_id"),)

    group_session_id: int = Field(sa_column=sa.Column(sa.Integer(), sa.ForeignKey("group_session.id"),
                                                      primary_key=True, autoincrement=False))
    youth_id: int = Field(sa_column=sa.Column(sa.Integer(), sa.ForeignKey("youth.id"), primary_key=True,
                                              autoincrement=False))
    facility_id: int = Field(sa_column=fk("facility.id"))
    walk_in: bool = Field(default=False, sa_column=sa.Column(sa.Boolean(), nullable=False))
    added_at: datetime | None = Field(default=None, sa_column=created_column())
    added_by: int = Field(sa_column=fk("user_account.id"))


class ActivityPlan(SQLModel, table=True):
    """A youth's employment activity plan (취업활동계획) at a facility."""

    __tablename__ = "activity_plan"
    __audit_redact__ = {"goal": "(취업 목표)"}
    __table_args__ = (sa.UniqueConstraint("facility_id", "youth_id", name="uq_plan_facility_youth"),)

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(sa_column=fk("facility.id"))
    youth_id: int = Field(sa_column=fk("youth.id"))
    goal: str = Field(sa_column=_text(200))
    target_on: date | None = Field(default=None, sa_column=sa.Column(sa.Date(), nullable=True))
    created_at: datetime | None = Field(default=None, sa_column=created_column())
    created_by: int = Field(sa_column=fk("user_account.id"))
    updated_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))


class PlanStep(SQLModel, table=True):
    __tablename__ = "activity_plan_step"
    __audit_redact__ = {"title": "(계획 단계)"}
    __table_args__ = (
        sa.CheckConstraint("(done_at IS NULL AND done_by IS NULL AND done_session_id IS NULL) OR "
                           "(done_at IS NOT NULL AND done_by IS NOT NULL)", name="ck_plan_step_done"),
        sa.Index("ix_activity_plan_step_plan", "plan_id", "position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(sa_column=fk("activity_plan.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))
    title: str = Field(sa_column=_text(200))
    due_on: date | None = Field(default=None, sa_column=sa.Column(sa.Date(), nullable=True))
    position: int = Field(default=0, sa_column=sa.Column(sa.Integer(), nullable=False))
    done_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    done_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
    done_session_id: int | None = Field(default=None, sa_column=fk("counseling_session.id", nullable=True))
