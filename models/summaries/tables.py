"""The yearly targets of a facility (연간 목표), which the monthly summary compares with:
youths recruited (구직청년 모집), companies found (구인기업 발굴), individual counseling
sessions (구직상담) and youths employed through matching (청년-기업매칭). A target not set
is NULL and its row of the summary shows "—". One row per facility and year."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

import models.accounts.tables  # noqa: F401  (the foreign keys' tables)
import models.facilities.tables  # noqa: F401
from models.core.types import UTCDateTime, fk

TARGET_MAX = 10_000_000
TARGET_KEYS = ("recruit", "companies", "counseling", "hires")
TARGET_CHECK = " AND ".join(f"({k} IS NULL OR {k} BETWEEN 0 AND {TARGET_MAX})" for k in TARGET_KEYS)


class YearlyTarget(SQLModel, table=True):
    __tablename__ = "summary_target"
    __table_args__ = (
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="ck_summary_target_year"),
        sa.CheckConstraint(TARGET_CHECK, name="ck_summary_target_values"),
    )

    facility_id: int = Field(sa_column=sa.Column(sa.Integer(), sa.ForeignKey("facility.id"), primary_key=True,
                                                 autoincrement=False))
    year: int = Field(sa_column=sa.Column(sa.Integer(), primary_key=True, autoincrement=False))
    recruit: int | None = Field(default=None, sa_column=sa.Column(sa.Integer(), nullable=True))
    companies: int | None = Field(default=None, sa_column=sa.Column(sa.Integer(), nullable=True))
    counseling: int | None = Field(default=None, sa_column=sa.Column(sa.Integer(), nullable=True))
    hires: int | None = Field(default=None, sa_column=sa.Column(sa.Integer(), nullable=True))
    updated_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    updated_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
