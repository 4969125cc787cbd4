"""Foundation: facilities, rooms, accounts, role grants, youth registry, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from models.tables.base import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def upgrade() -> None:
    op.create_table(
        "facility",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(20), nullable=False, unique=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("kind", _enum("facility_kind", "campus", "job_cafe", "matching_desk"), nullable=False),
        sa.Column("region", _enum("facility_region", "central", "southeast", "northeast",
                                  "southwest", "northwest"), nullable=False),
        sa.Column("district", sa.String(20), nullable=False),
        sa.Column("operator", _enum("facility_operator", "city", "district", "contractor"), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=True),
        sa.Column("area_m2", sa.Float(), nullable=True),
        sa.Column("seats", sa.Integer(), nullable=True),
        sa.Column("course_count", sa.Integer(), nullable=True),
        sa.Column("status", _enum("facility_status", "planned", "open", "closed"), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("opening_hours", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("area_m2 IS NULL OR area_m2 > 0", name="ck_facility_area"),
        sa.CheckConstraint("seats IS NULL OR seats >= 0", name="ck_facility_seats"),
        sa.CheckConstraint("course_count IS NULL OR course_count >= 0", name="ck_facility_courses"),
    )
    op.create_table(
        "room",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facility.id"), nullable=False),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("kind", _enum("room_kind", "study_room", "meeting_room", "ai_booth",
                                "counseling_room"), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("facility_id", "name", name="uq_room_facility_name"),
        sa.CheckConstraint("capacity >= 1", name="ck_room_capacity"),
    )
    op.create_index("ix_room_facility_id", "room", ["facility_id"])
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(40), nullable=False, unique=True),
        sa.Column("display_name", sa.String(50), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", UTCDateTime(), nullable=True),
        sa.Column("last_login_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "role_grant",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=False),
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facility.id"), nullable=True),
        sa.Column("role", _enum("role", "admin", "manager", "counselor", "front_desk"), nullable=False),
        sa.Column("granted_at", UTCDateTime(), nullable=False),
        sa.Column("granted_by", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_by", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.CheckConstraint(
            "(role = 'admin' AND facility_id IS NULL) OR (role <> 'admin' AND facility_id IS NOT NULL)",
            name="ck_role_grant_scope",
        ),
    )
    op.create_index("ix_role_grant_user_id", "role_grant", ["user_id"])
    op.create_index(
        "uq_role_grant_active", "role_grant", ["user_id", "facility_id", "role"], unique=True,
        sqlite_where=sa.text("revoked_at IS NULL"), postgresql_where=sa.text("revoked_at IS NULL"),
    )
    op.create_table(
        "youth",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("phone", sa.String(11), nullable=False),
        sa.Column("email", sa.String(200), nullable=True),
        sa.Column("district", sa.String(20), nullable=False),
        sa.Column("channel", _enum("youth_channel", "on_site", "online", "city_programme"), nullable=False),
        sa.Column("consent_on", sa.Date(), nullable=False),
        sa.Column("retention_years", sa.Integer(), nullable=False),
        sa.Column("registered_facility_id", sa.Integer(), sa.ForeignKey("facility.id"), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("retention_years BETWEEN 1 AND 10", name="ck_youth_retention"),
    )
    op.create_index("ix_youth_phone", "youth", ["phone"])
    op.create_index("ix_youth_name_birth", "youth", ["name", "birth_date"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("username", sa.String(40), nullable=True),
        sa.Column("action", _enum("audit_action", "insert", "update", "delete", "read", "output",
                                  "login", "login_failed"), nullable=False),
        sa.Column("entity", sa.String(50), nullable=False),
        sa.Column("entity_id", sa.String(50), nullable=True),
        sa.Column("facility_id", sa.Integer(), nullable=True),
        sa.Column("old_values", sa.JSON(), nullable=True),
        sa.Column("new_values", sa.JSON(), nullable=True),
        sa.Column("detail", sa.String(200), nullable=True),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_entity", "audit_log", ["entity", "entity_id"])

    # The audit log is append-only, enforced by the database on both backends.
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    for table in ("audit_log", "youth", "role_grant", "user_account", "room", "facility"):
        op.drop_table(table)
