"""AI-interview booths: weekly slot templates, published slots, slot bookings, and the
follow-up queue of analysis consultations.

A booth's slots never overlap, and a slot has at most one active booking: both are enforced
by the database too (migration 0003).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.booths.enums import ConsultStatus, SessionType, SlotSource, SlotState
from models.core.types import UTCDateTime, created_column, enum_column, fk
from models.desk.enums import BookingStatus, CancelCode


class BoothTemplate(SQLModel, table=True):
    """The weekly pattern of one booth, e.g. Mon–Fri 10:00–17:00, 50-minute slots, 10-minute buffer."""

    __tablename__ = "booth_template"
    __table_args__ = (
        sa.CheckConstraint("slot_minutes BETWEEN 10 AND 240", name="ck_template_slot"),
        sa.CheckConstraint("buffer_minutes BETWEEN 0 AND 120", name="ck_template_buffer"),
    )

    room_id: int = Field(sa_column=sa.Column(sa.Integer(), sa.ForeignKey("room.id"), primary_key=True,
                                             autoincrement=False))
    facility_id: int = Field(sa_column=fk("facility.id"))
    weekdays: list = Field(default_factory=list, sa_column=sa.Column(sa.JSON(), nullable=False))
    day_start: str = Field(sa_column=sa.Column(sa.String(5), nullable=False))
    day_end: str = Field(sa_column=sa.Column(sa.String(5), nullable=False))
    slot_minutes: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))
    buffer_minutes: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))
    updated_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))


class BoothSlot(SQLModel, table=True):
    __tablename__ = "booth_slot"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ck_slot_order"),
        sa.Index("ix_booth_slot_room_start", "room_id", "starts_at", unique=True),
        sa.Index("ix_booth_slot_facility_start", "facility_id", "starts_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(sa_column=fk("facility.id"))
    room_id: int = Field(sa_column=fk("room.id"))
    starts_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    ends_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    state: SlotState = Field(sa_column=enum_column(SlotState, "booth_slot_state"))
    source: SlotSource = Field(sa_column=enum_column(SlotSource, "booth_slot_source"))
    block_reason: str | None = Field(default=None, sa_column=sa.Column(sa.String(100), nullable=True))
    created_at: datetime | None = Field(default=None, sa_column=created_column())


class BoothBooking(SQLModel, table=True):
    __tablename__ = "booth_booking"
    __table_args__ = (
        sa.Index("uq_booth_booking_active", "slot_id", unique=True,
                 sqlite_where=sa.text("status IN ('booked', 'checked_in')"),
                 postgresql_where=sa.text("status IN ('booked', 'checked_in')")),
        sa.Index("ix_booth_booking_youth", "youth_id"),
        # the slot lookups (taken? the week grid): the partial unique index above serves
        # no query whose status is a bound parameter on SQLite
        sa.Index("ix_booth_booking_slot", "slot_id", "status"),
        sa.Index("ix_booth_booking_facility_start", "facility_id", "starts_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slot_id: int = Field(sa_column=fk("booth_slot.id"))
    facility_id: int = Field(sa_column=fk("facility.id"))
    youth_id: int = Field(sa_column=fk("youth.id"))
    # the slot's start, copied so that weekly limits and sanctions need no join
    starts_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    session_type: SessionType = Field(sa_column=enum_column(SessionType, "booth_session_type"))
    status: BookingStatus = Field(sa_column=enum_column(BookingStatus, "booking_status"))
    walk_in: bool = Field(default=False, sa_column=sa.Column(sa.Boolean(), nullable=False))
    override_reason: str | None = Field(default=None, sa_column=sa.Column(sa.Text(), nullable=True))
    override_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
    created_at: datetime | None = Field(default=None, sa_column=created_column())
    created_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
    checked_in_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    checked_in_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
    cancelled_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    cancelled_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
    cancel_code: CancelCode | None = Field(
        default=None, sa_column=enum_column(CancelCode, "booking_cancel_code", nullable=True))
    cancel_reason: str | None = Field(default=None, sa_column=sa.Column(sa.String(200), nullable=True))
    reminded_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    reminded_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
    result_received: bool = Field(default=False, sa_column=sa.Column(sa.Boolean(), nullable=False))
    result_grade: str | None = Field(default=None, sa_column=sa.Column(sa.String(20), nullable=True))
    result_strengths: str | None = Field(default=None, sa_column=sa.Column(sa.String(300), nullable=True))
    result_improve: str | None = Field(default=None, sa_column=sa.Column(sa.String(300), nullable=True))


class ConsultRequest(SQLModel, table=True):
    """An analysis consultation (AI 역량검사 분석 컨설팅) waiting for a counselor."""

    __tablename__ = "consult_request"
    __table_args__ = (sa.Index("ix_consult_facility_status", "facility_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(sa_column=fk("facility.id"))
    youth_id: int = Field(sa_column=fk("youth.id"))
    booth_booking_id: int = Field(sa_column=fk("booth_booking.id"))
    status: ConsultStatus = Field(sa_column=enum_column(ConsultStatus, "consult_status"))
    note: str = Field(default="", sa_column=sa.Column(sa.String(300), nullable=False))
    requested_at: datetime | None = Field(default=None, sa_column=created_column())
    requested_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))


class BoothRules(SQLModel, table=True):
    """Booth settings of a facility that differ from room bookings. Grace period, late
    cancel and the no-show sanction come from ``booking_rules`` (counted per programme)."""

    __tablename__ = "booth_rules"
    __table_args__ = (sa.CheckConstraint("weekly_limit BETWEEN 1 AND 14", name="ck_booth_weekly"),)

    facility_id: int = Field(sa_column=sa.Column(sa.Integer(), sa.ForeignKey("facility.id"),
                                                 primary_key=True, autoincrement=False))
    weekly_limit: int = Field(default=1, sa_column=sa.Column(sa.Integer(), nullable=False))
