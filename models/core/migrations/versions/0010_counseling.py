"""Counseling (issue 12): sessions and their topics, addenda, follow-ups, the caseload and
its events, group sessions and attendance, employment activity plans and steps, the
facility's counseling settings; the youth's separate consent to sensitive topics.

The database keeps what must never break: a duration of 1–480 minutes, the facility of
every row, a session voided (who, when, reason) or live, and addenda and case events
append-only: triggers refuse UPDATE and DELETE on both backends (on PostgreSQL through the
function ``counseling_append_only``, as the audit log's). ``youth.sensitive_consent_on`` is a
plain ADD COLUMN on SQLite (a batch copy of ``youth`` would trip the foreign keys pointing
at it, as in 0009).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from models.tables.base import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

DURATION = "duration_minutes BETWEEN 1 AND 480"
VOID = ("(voided_at IS NULL AND voided_by IS NULL AND void_reason IS NULL) OR "
        "(voided_at IS NOT NULL AND voided_by IS NOT NULL AND void_reason IS NOT NULL "
        "AND void_reason <> '')")
LIVE_CONSULT = "consult_request_id IS NOT NULL AND voided_at IS NULL"
APPEND_ONLY = ("counseling_addendum", "counseling_case_event")
MODES = ("in_person", "phone", "video", "online")


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def _col(name, target, nullable=False):
    return sa.Column(name, sa.Integer(), sa.ForeignKey(target), nullable=nullable)


def _void_columns():
    return [sa.Column("voided_at", UTCDateTime(), nullable=True),
            _col("voided_by", "user_account.id", True),
            sa.Column("void_reason", sa.String(200), nullable=True)]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "counseling_settings",
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facility.id"), primary_key=True,
                  autoincrement=False),
        sa.Column("edit_hours", sa.Integer(), nullable=False),
        sa.Column("stale_days", sa.Integer(), nullable=False),
        sa.CheckConstraint("edit_hours BETWEEN 1 AND 720", name="ck_counseling_edit_hours"),
        sa.CheckConstraint("stale_days BETWEEN 1 AND 365", name="ck_counseling_stale_days"),
    )
    op.create_table(
        "counseling_session",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("facility_id", "facility.id"),
        _col("youth_id", "youth.id"),
        _col("counselor_id", "user_account.id"),
        sa.Column("held_at", UTCDateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("mode", _enum("counseling_mode", *MODES), nullable=False),
        sa.Column("kind", _enum("counseling_kind", "initial", "deep", "plan_review", "resume",
                                "interview_prep", "ai_review", "job_info", "aftercare"), nullable=False),
        sa.Column("summary", sa.String(2000), nullable=False),
        sa.Column("note", sa.String(4000), nullable=False),
        sa.Column("next_step", sa.String(500), nullable=False),
        _col("consult_request_id", "consult_request.id", True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _col("created_by", "user_account.id"),
        sa.Column("updated_at", UTCDateTime(), nullable=True),
        _col("updated_by", "user_account.id", True),
        *_void_columns(),
        sa.CheckConstraint(DURATION, name="ck_counseling_duration"),
        sa.CheckConstraint(VOID, name="ck_counseling_void"),
        sa.CheckConstraint("version >= 1", name="ck_counseling_version"),
    )
    op.create_index("ix_counseling_session_facility_held", "counseling_session", ["facility_id", "held_at"])
    op.create_index("ix_counseling_session_youth", "counseling_session", ["facility_id", "youth_id", "held_at"])
    op.create_index("ix_counseling_session_counselor", "counseling_session", ["counselor_id", "held_at"])
    op.create_index("uq_counseling_session_consult", "counseling_session", ["consult_request_id"], unique=True,
                    sqlite_where=sa.text(LIVE_CONSULT), postgresql_where=sa.text(LIVE_CONSULT))
    op.create_table(
        "counseling_session_topic",
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("counseling_session.id"), primary_key=True,
                  autoincrement=False),
        sa.Column("topic", _enum("counseling_topic", "career", "job_skills", "job_search", "startup",
                                 "housing", "living", "finance", "mental_health", "health"),
                  primary_key=True),
        _col("facility_id", "facility.id"),
    )
    op.create_table(
        "counseling_addendum",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("session_id", "counseling_session.id"),
        _col("facility_id", "facility.id"),
        sa.Column("target", _enum("addendum_target", "summary", "note"), nullable=False),
        sa.Column("body", sa.String(2000), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _col("created_by", "user_account.id"),
        sa.CheckConstraint("reason <> ''", name="ck_addendum_reason"),
        sa.CheckConstraint("body <> ''", name="ck_addendum_body"),
    )
    op.create_index("ix_counseling_addendum_session", "counseling_addendum", ["session_id"])
    op.create_table(
        "counseling_followup",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("facility_id", "facility.id"),
        _col("youth_id", "youth.id"),
        _col("counselor_id", "user_account.id"),
        sa.Column("due_on", sa.Date(), nullable=False),
        _col("source_session_id", "counseling_session.id", True),
        sa.Column("status", _enum("followup_status", "open", "done", "cancelled"), nullable=False),
        _col("done_session_id", "counseling_session.id", True),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _col("created_by", "user_account.id"),
        sa.CheckConstraint("(status = 'done' AND done_session_id IS NOT NULL AND done_at IS NOT NULL) "
                           "OR (status <> 'done' AND done_session_id IS NULL)", name="ck_followup_done"),
    )
    op.create_index("ix_counseling_followup_queue", "counseling_followup", ["facility_id", "status", "due_on"])
    op.create_index("ix_counseling_followup_youth", "counseling_followup", ["facility_id", "youth_id", "status"])
    op.create_table(
        "counseling_case",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("facility_id", "facility.id"),
        _col("youth_id", "youth.id"),
        _col("counselor_id", "user_account.id", True),
        sa.Column("stage", _enum("case_stage", "initial", "deep", "matching"), nullable=False),
        sa.Column("status", _enum("case_status", "open", "closed"), nullable=False),
        sa.Column("outcome", _enum("case_outcome", "employed", "startup", "education", "lost_contact",
                                   "withdrew", "other"), nullable=True),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("facility_id", "youth_id", name="uq_case_facility_youth"),
        sa.CheckConstraint("(status = 'open' AND outcome IS NULL AND closed_at IS NULL) OR "
                           "(status = 'closed' AND outcome IS NOT NULL AND closed_at IS NOT NULL)",
                           name="ck_case_closed"),
    )
    op.create_index("ix_counseling_case_counselor", "counseling_case", ["facility_id", "counselor_id", "status"])
    op.create_table(
        "counseling_case_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("case_id", "counseling_case.id"),
        _col("facility_id", "facility.id"),
        sa.Column("kind", _enum("case_event_kind", "open", "assign", "take", "transfer", "stage", "close",
                                "reopen"), nullable=False),
        _col("from_counselor_id", "user_account.id", True),
        _col("to_counselor_id", "user_account.id", True),
        sa.Column("from_value", sa.String(20), nullable=True),
        sa.Column("to_value", sa.String(20), nullable=True),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        _col("by", "user_account.id"),
    )
    op.create_index("ix_counseling_case_event_case", "counseling_case_event", ["case_id", "at"])
    op.create_table(
        "group_session",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("facility_id", "facility.id"),
        sa.Column("kind", _enum("group_kind", "mentoring", "lecture", "group_counseling", "live_lecture"),
                  nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("presenter", sa.String(50), nullable=False),
        sa.Column("held_at", UTCDateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("mode", _enum("counseling_mode", *MODES), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _col("created_by", "user_account.id"),
        *_void_columns(),
        sa.CheckConstraint(DURATION, name="ck_group_duration"),
        sa.CheckConstraint(VOID, name="ck_group_void"),
        sa.CheckConstraint("capacity IS NULL OR capacity BETWEEN 1 AND 100000", name="ck_group_capacity"),
        sa.CheckConstraint("headcount BETWEEN 0 AND 1000000", name="ck_group_headcount"),
    )
    op.create_index("ix_group_session_facility_held", "group_session", ["facility_id", "held_at"])
    op.create_table(
        "group_attendance",
        sa.Column("group_session_id", sa.Integer(), sa.ForeignKey("group_session.id"), primary_key=True,
                  autoincrement=False),
        sa.Column("youth_id", sa.Integer(), sa.ForeignKey("youth.id"), primary_key=True, autoincrement=False),
        _col("facility_id", "facility.id"),
        sa.Column("walk_in", sa.Boolean(), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        _col("added_by", "user_account.id"),
    )
    op.create_index("ix_group_attendance_youth", "group_attendance", ["youth_id"])
    op.create_table(
        "activity_plan",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("facility_id", "facility.id"),
        _col("youth_id", "youth.id"),
        sa.Column("goal", sa.String(200), nullable=False),
        sa.Column("target_on", sa.Date(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _col("created_by", "user_account.id"),
        sa.Column("updated_at", UTCDateTime(), nullable=True),
        sa.UniqueConstraint("facility_id", "youth_id", name="uq_plan_facility_youth"),
    )
    op.create_table(
        "activity_plan_step",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("plan_id", "activity_plan.id"),
        _col("facility_id", "facility.id"),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        _col("done_by", "user_account.id", True),
        _col("done_session_id", "counseling_session.id", True),
        sa.CheckConstraint("(done_at IS NULL AND done_by IS NULL AND done_session_id IS NULL) OR "
                           "(done_at IS NOT NULL AND done_by IS NOT NULL)", name="ck_plan_step_done"),
    )
    op.create_index("ix_activity_plan_step_plan", "activity_plan_step", ["plan_id", "position"])

    if sqlite:
        op.execute("ALTER TABLE youth ADD COLUMN sensitive_consent_on DATE")
        for table in APPEND_ONLY:
            for verb in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
            op.execute(f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                       f"WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) "
                       f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
    else:
        op.add_column("youth", sa.Column("sensitive_consent_on", sa.Date(), nullable=True))
        op.execute("CREATE FUNCTION counseling_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$")
        for table in APPEND_ONLY:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION counseling_append_only()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION counseling_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS counseling_append_only()")
    for table in ("activity_plan_step", "activity_plan", "group_attendance", "group_session",
                  "counseling_case_event", "counseling_case", "counseling_followup",
                  "counseling_addendum", "counseling_session_topic", "counseling_session",
                  "counseling_settings"):
        op.drop_table(table)
    op.drop_column("youth", "sensitive_consent_on")
