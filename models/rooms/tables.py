"""Room bookings of the front desk: bookings, recurring series, the waitlist, closures and
the booking rules each facility configures.

No two active bookings of one room overlap. The service checks first, for a friendly
message; the database enforces it as the last line of defence (a trigger on SQLite, an
exclusion constraint on PostgreSQL; see migration 0002).
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.core.types import UTCDateTime, created_column, enum_column, fk
from models.desk.enums import BookingStatus, CancelCode
from models.rooms.enums import Purpose, WaitStatus


class BookingSeries(SQLModel, table=True):
    """A recurring booking: the same weekday and time for a number of weeks."""

    __tablename__ = "booking_series"

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(sa_column=fk("facility.id"))
    room_id: int = Field(sa_column=fk("room.id"))
    youth_id: int = Field(sa_column=fk("youth.id"))
    start_time: str = Field(sa_column=sa.Column(sa.String(5), nullable=False))
    end_time: str = Field(sa_column=sa.Column(sa.String(5), nullable=False))
    first_day: date = Field(sa_column=sa.Column(sa.Date(), nullable=False))
    weeks: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))
    headcount: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))
    purpose: Purpose = Field(sa_column=enum_column(Purpose, "booking_purpose"))
    note: str = Field(default="", sa_column=sa.Column(sa.Text(), nullable=False))
    created_at: datetime | None = Field(default=None, sa_column=created_column())
    created_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))


class Booking(SQLModel, table=True):
    __tablename__ = "booking"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ck_booking_order"),
        sa.CheckConstraint("headcount >= 1", name="ck_booking_headcount"),
        sa.Index("ix_booking_room_start", "room_id", "starts_at"),
        sa.Index("ix_booking_facility_start", "facility_id", "starts_at"),
        sa.Index("ix_booking_youth_start", "youth_id", "starts_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(sa_column=fk("facility.id"))
    room_id: int = Field(sa_column=fk("room.id"))
    youth_id: int = Field(sa_column=fk("youth.id"))
    series_id: int | None = Field(default=None, sa_column=fk("booking_series.id", nullable=True))
    starts_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    ends_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    headcount: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))
    purpose: Purpose = Field(sa_column=enum_column(Purpose, "booking_purpose"))
    note: str = Field(default="", sa_column=sa.Column(sa.Text(), nullable=False))
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


class WaitlistEntry(SQLModel, table=True):
    """A youth waiting for a room (or any room of a kind) at a time that is full."""

    __tablename__ = "waitlist_entry"
    __table_args__ = (
        sa.CheckConstraint("headcount >= 1", name="ck_waitlist_headcount"),
        sa.Index("ix_waitlist_facility_start", "facility_id", "starts_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(sa_column=fk("facility.id"))
    room_id: int = Field(sa_column=fk("room.id"))
    youth_id: int = Field(sa_column=fk("youth.id"))
    starts_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    ends_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    headcount: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))
    purpose: Purpose = Field(sa_column=enum_column(Purpose, "booking_purpose"))
    status: WaitStatus = Field(sa_column=enum_column(WaitStatus, "waitlist_status"))
    created_at: datetime | None = Field(default=None, sa_column=created_column())
    created_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
    offered_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    booking_id: int | None = Field(default=None, sa_column=fk("booking.id", nullable=True))
