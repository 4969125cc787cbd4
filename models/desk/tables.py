"""The booking rules of a facility (the desk settings rooms and booths share: steps, grace,
per-day limit, the no-show sanction, late cancels) and its closure days."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class BookingRules(SQLModel, table=True):
    """One row per facility that changed the defaults (the café defaults of Seoul's youth
    job centre). A facility without a row uses the defaults."""

    __tablename__ = "booking_rules"
    __table_args__ = (
        sa.CheckConstraint("step_minutes IN (10, 15, 20, 30, 60)", name="ck_rules_step"),
        sa.CheckConstraint("grace_minutes BETWEEN 0 AND 120", name="ck_rules_grace"),
        sa.CheckConstraint("max_minutes_per_day BETWEEN 30 AND 1440", name="ck_rules_daily"),
        sa.CheckConstraint("max_days_ahead BETWEEN 0 AND 365", name="ck_rules_ahead"),
        sa.CheckConstraint("no_show_limit BETWEEN 1 AND 20", name="ck_rules_noshow"),
    )

    facility_id: int = Field(sa_column=sa.Column(sa.Integer(), sa.ForeignKey("facility.id"),
                                                 primary_key=True, autoincrement=False))
    step_minutes: int = Field(default=30, sa_column=sa.Column(sa.Integer(), nullable=False))
    grace_minutes: int = Field(default=15, sa_column=sa.Column(sa.Integer(), nullable=False))
    max_minutes_per_day: int = Field(default=180, sa_column=sa.Column(sa.Integer(), nullable=False))
    max_days_ahead: int = Field(default=14, sa_column=sa.Column(sa.Integer(), nullable=False))
    no_show_limit: int = Field(default=3, sa_column=sa.Column(sa.Integer(), nullable=False))
    no_show_window_days: int = Field(default=30, sa_column=sa.Column(sa.Integer(), nullable=False))
    sanction_days: int = Field(default=14, sa_column=sa.Column(sa.Integer(), nullable=False))
    late_cancel_minutes: int = Field(default=60, sa_column=sa.Column(sa.Integer(), nullable=False))
