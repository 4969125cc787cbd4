"""Companies and matching (issue 13): hiring companies and their contact persons, job
openings, referrals of youths to openings and their transitions, retention checks after a
hire, the facility's matching settings; job matching days with their openings, registered
youths and on-site interview slots (neither a company nor a youth twice in one slot:
partial unique indexes on both backends).

The database keeps what must never break: one company per 사업자등록번호 at a facility (ten
digits), one referral of a youth to an opening, a referral's transitions append-only
(triggers refuse UPDATE and DELETE on both backends; on PostgreSQL through the function
``companies_append_only``, as counseling's), a retention check recorded in full or open.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from models.tables.base import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

APPEND_ONLY = ("referral_transition",)
LIVE_SLOT = "cancelled_at IS NULL"
STAGES = ("referred", "screening", "interview", "passed", "hired", "rejected", "withdrew", "company_cancelled")
RETENTION = ("(outcome IS NULL AND recorded_at IS NULL AND recorded_by IS NULL AND left_on IS NULL) OR "
             "(outcome = 'employed' AND recorded_at IS NOT NULL AND recorded_by IS NOT NULL "
             "AND left_on IS NULL) OR "
             "(outcome = 'left' AND recorded_at IS NOT NULL AND recorded_by IS NOT NULL "
             "AND left_on IS NOT NULL)")


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def _col(name, target, nullable=False):
    return sa.Column(name, sa.Integer(), sa.ForeignKey(target), nullable=nullable)


def _text(name, length):
    return sa.Column(name, sa.String(length), nullable=False)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "matching_settings",
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facility.id"), primary_key=True,
                  autoincrement=False),
        sa.Column("stale_days", sa.Integer(), nullable=False),
        sa.CheckConstraint("stale_days BETWEEN 1 AND 365", name="ck_matching_stale_days"),
    )
    op.create_table(
        "company",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("facility_id", "facility.id"),
        _text("name", 100),
        sa.Column("biz_no", sa.String(10), nullable=False),
        _text("representative", 50),
        sa.Column("industry", _enum("ksic_section", *"ABCDEFGHIJKLMNOPQRSTU"), nullable=True),
        sa.Column("size", _enum("company_size", "large", "midsize", "sme", "startup"), nullable=True),
        sa.Column("certified", sa.Boolean(), nullable=False),
        sa.Column("certified_year", sa.Integer(), nullable=True),
        _text("address", 200),
        _text("district", 20),
        _text("website", 200),
        sa.Column("found_via", _enum("company_found_via", "on_site", "online", "city_programme", "referral",
                                     "matching_day"), nullable=True),
        sa.Column("found_on", sa.Date(), nullable=False),
        _col("owner_id", "user_account.id", True),
        _text("notes", 2000),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _col("created_by", "user_account.id", True),
        sa.UniqueConstraint("facility_id", "biz_no", name="uq_company_facility_biz_no"),
        sa.CheckConstraint("length(biz_no) = 10", name="ck_company_biz_no"),
        sa.CheckConstraint("certified_year IS NULL OR certified_year BETWEEN 2000 AND 2100",
                           name="ck_company_certified_year"),
        sa.CheckConstraint("certified_year IS NULL OR certified", name="ck_company_certified"),
    )
    op.create_index("ix_company_facility_name", "company", ["facility_id", "name"])
    op.create_index("ix_company_facility_found", "company", ["facility_id", "found_on"])
    op.create_table(
        "company_contact",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("company_id", "company.id"),
        _col("facility_id", "facility.id"),
        _text("name", 50),
        _text("role", 50),
        _text("phone", 20),
        _text("email", 100),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_company_contact_company", "company_contact", ["company_id"])
    op.create_table(
        "job_opening",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("company_id", "company.id"),
        _col("facility_id", "facility.id"),
        _text("title", 100),
        _text("job_field", 50),
        sa.Column("employment_type", _enum("employment_type", "permanent", "contract", "intern"), nullable=False),
        sa.Column("wage", sa.Integer(), nullable=True),
        _text("place", 200),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("status", _enum("opening_status", "open", "closed", "filled", "cancelled"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _col("created_by", "user_account.id", True),
        sa.CheckConstraint("headcount BETWEEN 1 AND 10000", name="ck_job_opening_headcount"),
        sa.CheckConstraint("wage IS NULL OR wage BETWEEN 0 AND 2000000000", name="ck_job_opening_wage"),
    )
    op.create_index("ix_job_opening_company", "job_opening", ["company_id"])
    op.create_index("ix_job_opening_facility_status", "job_opening", ["facility_id", "status"])
    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("facility_id", "facility.id"),
        _col("opening_id", "job_opening.id"),
        _col("company_id", "company.id"),
        _col("youth_id", "youth.id"),
        _col("counselor_id", "user_account.id"),
        sa.Column("channel", _enum("referral_channel", "on_site", "online", "city_programme", "matching_day"),
                  nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("stage", _enum("referral_stage", *STAGES), nullable=False),
        sa.Column("moved_on", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _col("created_by", "user_account.id"),
        sa.UniqueConstraint("opening_id", "youth_id", name="uq_referral_opening_youth"),
        sa.CheckConstraint("version >= 1", name="ck_referral_version"),
        sa.CheckConstraint("moved_on >= referred_on", name="ck_referral_moved"),
    )
    op.create_index("ix_referral_youth", "referral", ["facility_id", "youth_id"])
    op.create_index("ix_referral_opening", "referral", ["opening_id", "stage"])
    op.create_index("ix_referral_counselor", "referral", ["facility_id", "counselor_id", "stage"])
    op.create_table(
        "referral_transition",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("referral_id", "referral.id"),
        _col("facility_id", "facility.id"),
        sa.Column("from_stage", _enum("transition_from", *STAGES), nullable=True),
        sa.Column("to_stage", _enum("transition_to", *STAGES), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        _text("note", 500),
        sa.Column("override_reason", sa.String(200), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        _col("by", "user_account.id"),
        sa.CheckConstraint("override_reason IS NULL OR override_reason <> ''", name="ck_transition_override"),
    )
    op.create_index("ix_referral_transition_referral", "referral_transition", ["referral_id", "id"])
    op.create_index("ix_referral_transition_month", "referral_transition",
                    ["facility_id", "happened_on", "to_stage"])
    op.create_table(
        "retention_check",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("referral_id", "referral.id"),
        _col("facility_id", "facility.id"),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("followup_id", sa.Integer(), nullable=True),
        sa.Column("outcome", _enum("retention_outcome", "employed", "left"), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("recorded_at", UTCDateTime(), nullable=True),
        _col("recorded_by", "user_account.id", True),
        sa.UniqueConstraint("referral_id", "months", name="uq_retention_referral_months"),
        sa.CheckConstraint("months IN (1, 3, 6)", name="ck_retention_months"),
        sa.CheckConstraint(RETENTION, name="ck_retention_recorded"),
    )
    op.create_index("ix_retention_check_due", "retention_check", ["facility_id", "outcome", "due_on"])
    op.create_table(
        "matching_day",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("facility_id", "facility.id"),
        _text("title", 100),
        sa.Column("held_on", sa.Date(), nullable=False),
        _text("place", 200),
        sa.Column("starts", sa.String(5), nullable=False),
        sa.Column("slots", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _col("created_by", "user_account.id", True),
        sa.CheckConstraint("slots BETWEEN 1 AND 72", name="ck_matching_day_slots"),
    )
    op.create_index("ix_matching_day_facility", "matching_day", ["facility_id", "held_on"])
    op.create_table(
        "matching_day_opening",
        sa.Column("day_id", sa.Integer(), sa.ForeignKey("matching_day.id"), primary_key=True, autoincrement=False),
        sa.Column("opening_id", sa.Integer(), sa.ForeignKey("job_opening.id"), primary_key=True,
                  autoincrement=False),
        _col("company_id", "company.id"),
        _col("facility_id", "facility.id"),
    )
    op.create_table(
        "matching_day_youth",
        sa.Column("day_id", sa.Integer(), sa.ForeignKey("matching_day.id"), primary_key=True, autoincrement=False),
        sa.Column("youth_id", sa.Integer(), sa.ForeignKey("youth.id"), primary_key=True, autoincrement=False),
        _col("facility_id", "facility.id"),
        sa.Column("registered_at", UTCDateTime(), nullable=False),
        _col("registered_by", "user_account.id", True),
    )
    op.create_table(
        "interview_slot",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("day_id", "matching_day.id"),
        _col("facility_id", "facility.id"),
        _col("opening_id", "job_opening.id"),
        _col("company_id", "company.id"),
        _col("youth_id", "youth.id"),
        sa.Column("slot_no", sa.Integer(), nullable=False),
        _col("referral_id", "referral.id", True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _col("created_by", "user_account.id", True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        _col("cancelled_by", "user_account.id", True),
        sa.CheckConstraint("slot_no BETWEEN 0 AND 71", name="ck_interview_slot_no"),
        sa.CheckConstraint("(cancelled_at IS NULL AND cancelled_by IS NULL) OR "
                           "(cancelled_at IS NOT NULL AND cancelled_by IS NOT NULL)", name="ck_interview_cancel"),
    )
    for name, column in (("uq_interview_company_slot", "company_id"), ("uq_interview_youth_slot", "youth_id")):
        op.create_index(name, "interview_slot", ["day_id", column, "slot_no"], unique=True,
                        sqlite_where=sa.text(LIVE_SLOT), postgresql_where=sa.text(LIVE_SLOT))

    if sqlite:
        for table in APPEND_ONLY:
            for verb in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
            op.execute(f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                       f"WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) "
                       f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
    else:
        op.execute("CREATE FUNCTION companies_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$")
        for table in APPEND_ONLY:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION companies_append_only()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION companies_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS companies_append_only()")
    for table in ("interview_slot", "matching_day_youth", "matching_day_opening", "matching_day",
                  "retention_check", "referral_transition", "referral", "job_opening", "company_contact",
                  "company", "matching_settings"):
        op.drop_table(table)
