"""Facilities, their rooms and booths, and their closure days."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.core.enums import Region
from models.core.types import UTCDateTime, created_column, enum_column, fk
from models.facilities.enums import FacilityKind, FacilityStatus, Operator, RoomKind


class Facility(SQLModel, table=True):
    __tablename__ = "facility"
    __table_args__ = (
        sa.CheckConstraint("area_m2 IS NULL OR area_m2 > 0", name="ck_facility_area"),
        sa.CheckConstraint("seats IS NULL OR seats >= 0", name="ck_facility_seats"),
        sa.CheckConstraint("course_count IS NULL OR course_count >= 0", name="ck_facility_courses"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=sa.Column(sa.String(20), nullable=False, unique=True))
    name: str = Field(sa_column=sa.Column(sa.String(100), nullable=False))
    kind: FacilityKind = Field(sa_column=enum_column(FacilityKind, "facility_kind"))
    region: Region = Field(sa_column=enum_column(Region, "facility_region"))
    district: str = Field(sa_column=sa.Column(sa.String(20), nullable=False))
    operator: Operator = Field(sa_column=enum_column(Operator, "facility_operator"))
    opened_on: date | None = Field(default=None, sa_column=sa.Column(sa.Date(), nullable=True))
    area_m2: float | None = Field(default=None, sa_column=sa.Column(sa.Float(), nullable=True))
    seats: int | None = Field(default=None, sa_column=sa.Column(sa.Integer(), nullable=True))
    course_count: int | None = Field(default=None, sa_column=sa.Column(sa.Integer(), nullable=True))
    status: FacilityStatus = Field(sa_column=enum_column(FacilityStatus, "facility_status"))
    is_active: bool = Field(default=True, sa_column=sa.Column(sa.Boolean(), nullable=False))
    # {"0": ["09:00", "18:00"], ...}: weekday (Mon=0) -> open, close; missing day = closed
    opening_hours: dict = Field(default_factory=dict, sa_column=sa.Column(sa.JSON(), nullable=False))
    note: str = Field(default="", sa_column=sa.Column(sa.Text(), nullable=False))
    created_at: datetime | None = Field(default=None, sa_column=created_column())
    updated_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))


class Room(SQLModel, table=True):
    __tablename__ = "room"
    __table_args__ = (
        sa.UniqueConstraint("facility_id", "name", name="uq_room_facility_name"),
        sa.CheckConstraint("capacity >= 1", name="ck_room_capacity"),
    )

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(
        sa_column=sa.Column(sa.Integer(), sa.ForeignKey("facility.id"), nullable=False, index=True)
    )
    name: str = Field(sa_column=sa.Column(sa.String(50), nullable=False))
    kind: RoomKind = Field(sa_column=enum_column(RoomKind, "room_kind"))
    capacity: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))
    is_active: bool = Field(default=True, sa_column=sa.Column(sa.Boolean(), nullable=False))


class FacilityClosure(SQLModel, table=True):
    """A day the facility is closed besides Korean public holidays."""

    __tablename__ = "facility_closure"
    __table_args__ = (sa.UniqueConstraint("facility_id", "day", name="uq_closure_day"),)

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(sa_column=fk("facility.id"))
    day: date = Field(sa_column=sa.Column(sa.Date(), nullable=False))
    reason: str = Field(default="", sa_column=sa.Column(sa.String(100), nullable=False))
