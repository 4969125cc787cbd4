"""AI-interview booths: templates, slots, slot bookings, consultation requests, rules.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from models.tables.base import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ACTIVE = "status IN ('booked', 'checked_in')"


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "booth_rules",
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facility.id"), primary_key=True,
                  autoincrement=False),
        sa.Column("weekly_limit", sa.Integer(), nullable=False),
        sa.CheckConstraint("weekly_limit BETWEEN 1 AND 14", name="ck_booth_weekly"),
    )
    op.create_table(
        "booth_template",
        sa.Column("room_id", sa.Integer(), sa.ForeignKey("room.id"), primary_key=True, autoincrement=False),
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facility.id"), nullable=False),
        sa.Column("weekdays", sa.JSON(), nullable=False),
        sa.Column("day_start", sa.String(5), nullable=False),
        sa.Column("day_end", sa.String(5), nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("buffer_minutes", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("slot_minutes BETWEEN 10 AND 240", name="ck_template_slot"),
        sa.CheckConstraint("buffer_minutes BETWEEN 0 AND 120", name="ck_template_buffer"),
    )
    op.create_table(
        "booth_slot",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facility.id"), nullable=False),
        sa.Column("room_id", sa.Integer(), sa.ForeignKey("room.id"), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("state", _enum("booth_slot_state", "open", "blocked"), nullable=False),
        sa.Column("source", _enum("booth_slot_source", "template", "extra"), nullable=False),
        sa.Column("block_reason", sa.String(100), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name="ck_slot_order"),
        sa.CheckConstraint(
            "julianday(ends_at) - julianday(starts_at) <= 1.0" if sqlite
            else "ends_at - starts_at <= interval '1 day'", name="ck_slot_duration"),
    )
    op.create_index("ix_booth_slot_room_start", "booth_slot", ["room_id", "starts_at"], unique=True)
    op.create_index("ix_booth_slot_facility_start", "booth_slot", ["facility_id", "starts_at"])
    op.create_table(
        "booth_booking",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slot_id", sa.Integer(), sa.ForeignKey("booth_slot.id"), nullable=False),
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facility.id"), nullable=False),
        sa.Column("youth_id", sa.Integer(), sa.ForeignKey("youth.id"), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("session_type", _enum("booth_session_type", "ai_interview", "ai_competency",
                                        "video_interview"), nullable=False),
        sa.Column("status", _enum("booking_status", "booked", "checked_in", "no_show", "cancelled"),
                  nullable=False),
        sa.Column("walk_in", sa.Boolean(), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("override_by", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("checked_in_at", UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.Column("cancelled_by", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("cancel_code", _enum("booking_cancel_code", "youth", "late", "staff", "no_show"),
                  nullable=True),
        sa.Column("cancel_reason", sa.String(200), nullable=True),
        sa.Column("reminded_at", UTCDateTime(), nullable=True),
        sa.Column("reminded_by", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("result_received", sa.Boolean(), nullable=False),
        sa.Column("result_grade", sa.String(20), nullable=True),
        sa.Column("result_strengths", sa.String(300), nullable=True),
        sa.Column("result_improve", sa.String(300), nullable=True),
    )
    op.create_index("uq_booth_booking_active", "booth_booking", ["slot_id"], unique=True,
                    sqlite_where=sa.text(ACTIVE), postgresql_where=sa.text(ACTIVE))
    op.create_index("ix_booth_booking_youth", "booth_booking", ["youth_id"])
    op.create_index("ix_booth_booking_facility_start", "booth_booking", ["facility_id", "starts_at"])
    op.create_table(
        "consult_request",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facility.id"), nullable=False),
        sa.Column("youth_id", sa.Integer(), sa.ForeignKey("youth.id"), nullable=False),
        sa.Column("booth_booking_id", sa.Integer(), sa.ForeignKey("booth_booking.id"), nullable=False),
        sa.Column("status", _enum("consult_status", "open", "done"), nullable=False),
        sa.Column("note", sa.String(300), nullable=False),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
        sa.Column("requested_by", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
    )
    op.create_index("ix_consult_facility_status", "consult_request", ["facility_id", "status"])

    # A booth's slots never overlap (any state): the last line of defence.
    if sqlite:
        clash = ("SELECT RAISE(ABORT, 'booth_slot_overlap') FROM booth_slot "
                 "WHERE room_id = NEW.room_id AND starts_at < NEW.ends_at AND ends_at > NEW.starts_at "
                 "AND starts_at > datetime(NEW.starts_at, '-1 day') {extra} LIMIT 1;")
        op.execute("CREATE TRIGGER booth_slot_no_overlap_insert BEFORE INSERT ON booth_slot BEGIN "
                   + clash.format(extra="") + " END")
        op.execute("CREATE TRIGGER booth_slot_no_overlap_update BEFORE UPDATE OF room_id, starts_at, "
                   "ends_at ON booth_slot BEGIN " + clash.format(extra="AND id <> NEW.id") + " END")
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute("ALTER TABLE booth_slot ADD CONSTRAINT booth_slot_no_overlap EXCLUDE USING gist "
                   "(room_id WITH =, tstzrange(starts_at, ends_at) WITH &&)")


def downgrade() -> None:
    for table in ("consult_request", "booth_booking", "booth_slot", "booth_template", "booth_rules"):
        op.drop_table(table)
