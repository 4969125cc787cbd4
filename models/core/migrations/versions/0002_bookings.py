"""Room bookings: rules, closures, series, bookings, waitlist; no-overlap enforcement.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from models.tables.base import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ACTIVE = "('booked', 'checked_in')"


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def _purpose():
    return _enum("booking_purpose", "study", "meeting", "interview_practice", "counseling", "other")



def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "booking_rules",
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facility.id"), primary_key=True,
                  autoincrement=False),
        sa.Column("step_minutes", sa.Integer(), nullable=False),
        sa.Column("grace_minutes", sa.Integer(), nullable=False),
        sa.Column("max_minutes_per_day", sa.Integer(), nullable=False),
        sa.Column("max_days_ahead", sa.Integer(), nullable=False),
        sa.Column("no_show_limit", sa.Integer(), nullable=False),
        sa.Column("no_show_window_days", sa.Integer(), nullable=False),
        sa.Column("sanction_days", sa.Integer(), nullable=False),
        sa.Column("late_cancel_minutes", sa.Integer(), nullable=False),
        sa.CheckConstraint("step_minutes IN (10, 15, 20, 30, 60)", name="ck_rules_step"),
        sa.CheckConstraint("grace_minutes BETWEEN 0 AND 120", name="ck_rules_grace"),
        sa.CheckConstraint("max_minutes_per_day BETWEEN 30 AND 1440", name="ck_rules_daily"),
        sa.CheckConstraint("max_days_ahead BETWEEN 0 AND 365", name="ck_rules_ahead"),
        sa.CheckConstraint("no_show_limit BETWEEN 1 AND 20", name="ck_rules_noshow"),
    )
    op.create_table(
        "facility_closure",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facility.id"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(100), nullable=False),
        sa.UniqueConstraint("facility_id", "day", name="uq_closure_day"),
    )
    op.create_table(
        "booking_series",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facility.id"), nullable=False),
        sa.Column("room_id", sa.Integer(), sa.ForeignKey("room.id"), nullable=False),
        sa.Column("youth_id", sa.Integer(), sa.ForeignKey("youth.id"), nullable=False),
        sa.Column("start_time", sa.String(5), nullable=False),
        sa.Column("end_time", sa.String(5), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("purpose", _purpose(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
    )
    duration = ("julianday(ends_at) - julianday(starts_at) <= 1.0" if sqlite
                else "ends_at - starts_at <= interval '1 day'")
    op.create_table(
        "booking",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facility.id"), nullable=False),
        sa.Column("room_id", sa.Integer(), sa.ForeignKey("room.id"), nullable=False),
        sa.Column("youth_id", sa.Integer(), sa.ForeignKey("youth.id"), nullable=False),
        sa.Column("series_id", sa.Integer(), sa.ForeignKey("booking_series.id"), nullable=True),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("purpose", _purpose(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", _enum("booking_status", "booked", "checked_in", "no_show", "cancelled"),
                  nullable=False),
        sa.Column("walk_in", sa.Boolean(), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("override_by", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("checked_in_at", UTCDateTime(), nullable=True),
        sa.Column("checked_in_by", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.Column("cancelled_by", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("cancel_code", _enum("booking_cancel_code", "youth", "late", "staff", "no_show"),
                  nullable=True),
        sa.Column("cancel_reason", sa.String(200), nullable=True),
        sa.CheckConstraint("ends_at > starts_at", name="ck_booking_order"),
        sa.CheckConstraint("headcount >= 1", name="ck_booking_headcount"),
        sa.CheckConstraint(duration, name="ck_booking_duration"),
    )
    op.create_index("ix_booking_room_start", "booking", ["room_id", "starts_at"])
    op.create_index("ix_booking_facility_start", "booking", ["facility_id", "starts_at"])
    op.create_index("ix_booking_youth_start", "booking", ["youth_id", "starts_at"])
    op.create_table(
        "waitlist_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facility.id"), nullable=False),
        sa.Column("room_id", sa.Integer(), sa.ForeignKey("room.id"), nullable=False),
        sa.Column("youth_id", sa.Integer(), sa.ForeignKey("youth.id"), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("purpose", _purpose(), nullable=False),
        sa.Column("status", _enum("waitlist_status", "waiting", "offered", "booked", "withdrawn"),
                  nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("offered_at", UTCDateTime(), nullable=True),
        sa.Column("booking_id", sa.Integer(), sa.ForeignKey("booking.id"), nullable=True),
        sa.CheckConstraint("ends_at > starts_at", name="ck_waitlist_order"),
    )
    op.create_index("ix_waitlist_facility_start", "waitlist_entry", ["facility_id", "starts_at"])

    # No two active bookings of one room overlap: the last line of defence.
    if sqlite:
        clash = (
            "SELECT RAISE(ABORT, 'booking_overlap') FROM booking "
            "WHERE room_id = NEW.room_id AND status IN " + ACTIVE + " "
            "AND starts_at < NEW.ends_at AND ends_at > NEW.starts_at "
            "AND starts_at > datetime(NEW.starts_at, '-1 day') {extra} LIMIT 1;"
        )
        op.execute(
            "CREATE TRIGGER booking_no_overlap_insert BEFORE INSERT ON booking "
            f"WHEN NEW.status IN {ACTIVE} BEGIN " + clash.format(extra="") + " END"
        )
        op.execute(
            "CREATE TRIGGER booking_no_overlap_update BEFORE UPDATE OF room_id, starts_at, ends_at, "
            f"status ON booking WHEN NEW.status IN {ACTIVE} BEGIN "
            + clash.format(extra="AND id <> NEW.id") + " END"
        )
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist "
            "(room_id WITH =, tstzrange(starts_at, ends_at) WITH &&) "
            f"WHERE (status IN {ACTIVE})"
        )


def downgrade() -> None:
    for table in ("waitlist_entry", "booking", "booking_series", "facility_closure", "booking_rules"):
        op.drop_table(table)
