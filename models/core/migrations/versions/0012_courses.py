"""Training courses (issue 14): courses and their selection stages, the status history,
applications and their stage scores, trainees (enrollments), vacancies and the reserve
offers that fill them, each day's roll, attendance marks and the changes to a past roll,
and the completers' employment follow-ups.

The database keeps what must never break: places above zero, an end on or after the start,
the application window in order, scores of 0–100, one application per youth per course,
one enrollment per application, one attendance mark per trainee per day, one live offer
per vacancy and one open offer per application (partial unique indexes on both backends:
two desks promoting two reserves to one freed place cannot both win), a unique
certificate number; the status history and the roll's change history append-only
(triggers refuse UPDATE and DELETE on both backends; on PostgreSQL through the function
``courses_append_only``, as counseling's and companies').

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from models.tables.base import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

APPEND_ONLY = ("course_status_change", "course_roll_change")
STATUSES = ("planned", "recruiting", "selecting", "training", "ended", "cancelled")
STAGES = ("documents", "skills", "interview")
KINDS = ("present", "late", "early_leave", "absent", "excused")
LIVE_OFFER = "status IN ('open', 'accepted')"
OPEN_OFFER = "status = 'open'"
ENROLLMENT = (
    "(status IN ('enrolled', 'no_show') AND ended_on IS NULL AND drop_reason IS NULL) OR "
    "(status = 'dropped' AND ended_on IS NOT NULL AND drop_reason IS NOT NULL) OR "
    "(status IN ('completed', 'not_completed') AND ended_on IS NOT NULL AND drop_reason IS NULL)")
CERTIFICATE = ("(certificate_no IS NULL AND certificate_seq IS NULL) OR "
               "(status = 'completed' AND certificate_no IS NOT NULL AND certificate_seq IS NOT NULL)")


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def _col(name, target, nullable=False):
    return sa.Column(name, sa.Integer(), sa.ForeignKey(target), nullable=nullable)


def _text(name, length):
    return sa.Column(name, sa.String(length), nullable=False)


def _int(name, nullable=False):
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _day(name, nullable=False):
    return sa.Column(name, sa.Date(), nullable=nullable)


def _at(name, nullable=False):
    return sa.Column(name, UTCDateTime(), nullable=nullable)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "course",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("facility_id", "facility.id"),
        _text("name", 100),
        sa.Column("field", _enum("course_field", "sw", "dt", "other"), nullable=False),
        _int("places"),
        sa.Column("teaching_days", sa.String(7), nullable=False),
        sa.Column("day_start", sa.String(5), nullable=False),
        sa.Column("day_end", sa.String(5), nullable=False),
        _day("start_on"),
        _day("end_on"),
        _int("total_hours"),
        _text("instructor", 50),
        _day("apply_from"),
        _day("apply_until"),
        _day("documents_on", True),
        _day("skills_on", True),
        _day("interview_on", True),
        _day("announce_on", True),
        _col("counselor_id", "user_account.id", True),
        sa.Column("status", _enum("course_status", *STATUSES), nullable=False),
        _int("reserve_pct"),
        _int("offer_days"),
        _int("early_drop_pct"),
        _int("lates_per_absence"),
        _int("completion_pct"),
        _at("selected_at", True),
        _int("version"),
        _at("created_at"),
        _col("created_by", "user_account.id", True),
        sa.CheckConstraint("places > 0", name="ck_course_places"),
        sa.CheckConstraint("end_on >= start_on", name="ck_course_dates"),
        sa.CheckConstraint("apply_until >= apply_from", name="ck_course_window"),
        sa.CheckConstraint("total_hours > 0", name="ck_course_hours"),
        sa.CheckConstraint("length(teaching_days) BETWEEN 1 AND 7", name="ck_course_teaching_days"),
        sa.CheckConstraint("reserve_pct BETWEEN 0 AND 100", name="ck_course_reserve_pct"),
        sa.CheckConstraint("offer_days BETWEEN 1 AND 30", name="ck_course_offer_days"),
        sa.CheckConstraint("early_drop_pct BETWEEN 0 AND 100", name="ck_course_early_drop_pct"),
        sa.CheckConstraint("lates_per_absence BETWEEN 1 AND 10", name="ck_course_lates"),
        sa.CheckConstraint("completion_pct BETWEEN 1 AND 100", name="ck_course_completion_pct"),
        sa.CheckConstraint("version >= 1", name="ck_course_version"),
    )
    op.create_index("ix_course_facility_start", "course", ["facility_id", "start_on"])
    op.create_table(
        "course_stage",
        sa.Column("course_id", sa.Integer(), sa.ForeignKey("course.id"), primary_key=True, autoincrement=False),
        sa.Column("stage", _enum("course_stage_stage", *STAGES), primary_key=True),
        sa.Column("mode", _enum("course_stage_mode", "score", "pass_fail"), nullable=False),
        _int("cutoff"),
        _int("weight"),
        sa.CheckConstraint("cutoff BETWEEN 0 AND 100", name="ck_course_stage_cutoff"),
        sa.CheckConstraint("weight BETWEEN 0 AND 100", name="ck_course_stage_weight"),
        sa.CheckConstraint("mode = 'score' OR weight = 0", name="ck_course_stage_pass_weight"),
    )
    op.create_table(
        "course_status_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("course_id", "course.id"),
        _col("facility_id", "facility.id"),
        sa.Column("from_status", _enum("course_change_from", *STATUSES), nullable=True),
        sa.Column("to_status", _enum("course_change_to", *STATUSES), nullable=False),
        _at("at"),
        _col("by", "user_account.id", True),
    )
    op.create_index("ix_course_status_change_course", "course_status_change", ["course_id", "id"])
    op.create_table(
        "course_application",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("course_id", "course.id"),
        _col("facility_id", "facility.id"),
        _col("youth_id", "youth.id"),
        _day("applied_on"),
        sa.Column("channel", _enum("course_apply_channel", "online", "on_site", "referral", "imported"),
                  nullable=False),
        sa.Column("status", _enum("course_application_status", "applied", "withdrawn", "selected", "reserve",
                                  "not_selected", "confirmed", "declined", "lapsed"), nullable=False),
        sa.Column("result", _enum("course_selection_result", "selected", "reserve", "not_selected"), nullable=True),
        _int("rank", True),
        _int("reserve_rank", True),
        _int("final_score", True),
        sa.Column("override_reason", sa.String(200), nullable=True),
        _day("withdrawn_on", True),
        _text("withdraw_reason", 200),
        _day("answered_on", True),
        _int("version"),
        _at("created_at"),
        _col("created_by", "user_account.id", True),
        sa.UniqueConstraint("course_id", "youth_id", name="uq_course_application_youth"),
        sa.CheckConstraint("override_reason IS NULL OR override_reason <> ''", name="ck_course_application_override"),
        sa.CheckConstraint("reserve_rank IS NULL OR reserve_rank >= 1", name="ck_course_application_reserve"),
        sa.CheckConstraint("final_score IS NULL OR final_score BETWEEN 0 AND 10000", name="ck_course_application_score"),
        sa.CheckConstraint("version >= 1", name="ck_course_application_version"),
    )
    op.create_index("ix_course_application_course", "course_application", ["course_id", "status"])
    op.create_index("ix_course_application_youth", "course_application", ["youth_id"])
    op.create_table(
        "course_score",
        sa.Column("application_id", sa.Integer(), sa.ForeignKey("course_application.id"), primary_key=True,
                  autoincrement=False),
        sa.Column("stage", _enum("course_score_stage", *STAGES), primary_key=True),
        _col("course_id", "course.id"),
        _col("facility_id", "facility.id"),
        _int("score", True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        _at("recorded_at"),
        _col("recorded_by", "user_account.id", True),
        sa.CheckConstraint("score IS NULL OR score BETWEEN 0 AND 100", name="ck_course_score_range"),
        sa.CheckConstraint("(score IS NULL) <> (passed IS NULL)", name="ck_course_score_one"),
    )
    op.create_index("ix_course_score_course", "course_score", ["course_id"])
    op.create_table(
        "course_enrollment",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("course_id", "course.id"),
        _col("facility_id", "facility.id"),
        _col("application_id", "course_application.id"),
        _col("youth_id", "youth.id"),
        _day("joined_on"),
        sa.Column("status", _enum("course_enrollment_status", "enrolled", "no_show", "dropped", "completed",
                                  "not_completed"), nullable=False),
        _day("ended_on", True),
        sa.Column("drop_reason", _enum("course_drop_reason", "employed", "personal", "attendance", "other"),
                  nullable=True),
        _text("drop_note", 500),
        sa.Column("certificate_no", sa.String(40), nullable=True),
        _int("certificate_seq", True),
        _int("version"),
        _at("created_at"),
        _col("created_by", "user_account.id", True),
        sa.UniqueConstraint("application_id", name="uq_course_enrollment_application"),
        sa.UniqueConstraint("certificate_no", name="uq_course_enrollment_certificate"),
        sa.UniqueConstraint("course_id", "certificate_seq", name="uq_course_enrollment_seq"),
        sa.CheckConstraint(ENROLLMENT, name="ck_course_enrollment_state"),
        sa.CheckConstraint(CERTIFICATE, name="ck_course_enrollment_certificate"),
        sa.CheckConstraint("version >= 1", name="ck_course_enrollment_version"),
    )
    op.create_index("ix_course_enrollment_course", "course_enrollment", ["course_id", "status"])
    op.create_index("ix_course_enrollment_youth", "course_enrollment", ["youth_id"])
    op.create_table(
        "course_vacancy",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("course_id", "course.id"),
        _col("facility_id", "facility.id"),
        _col("freed_by", "course_application.id"),
        sa.Column("reason", _enum("course_vacancy_reason", "declined", "no_show", "dropped"), nullable=False),
        _day("freed_on"),
        sa.Column("status", _enum("course_vacancy_status", "open", "filled", "unfilled"), nullable=False),
        _col("filled_by", "course_application.id", True),
        _at("created_at"),
        sa.UniqueConstraint("freed_by", name="uq_course_vacancy_freed_by"),
    )
    op.create_index("ix_course_vacancy_course", "course_vacancy", ["course_id", "status"])
    op.create_table(
        "course_offer",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("vacancy_id", "course_vacancy.id"),
        _col("course_id", "course.id"),
        _col("facility_id", "facility.id"),
        _col("application_id", "course_application.id"),
        _at("offered_at"),
        _day("reply_by"),
        sa.Column("status", _enum("course_offer_status", "open", "accepted", "declined", "expired", "superseded"),
                  nullable=False),
        _at("answered_at", True),
        _text("reason", 200),
        _col("by", "user_account.id", True),
        sa.UniqueConstraint("vacancy_id", "application_id", name="uq_course_offer_vacancy_application"),
    )
    op.create_index("uq_course_offer_live", "course_offer", ["vacancy_id"], unique=True,
                    sqlite_where=sa.text(LIVE_OFFER), postgresql_where=sa.text(LIVE_OFFER))
    op.create_index("uq_course_offer_open_application", "course_offer", ["application_id"], unique=True,
                    sqlite_where=sa.text(OPEN_OFFER), postgresql_where=sa.text(OPEN_OFFER))
    op.create_index("ix_course_offer_course", "course_offer", ["course_id", "status"])
    op.create_table(
        "course_roll",
        sa.Column("course_id", sa.Integer(), sa.ForeignKey("course.id"), primary_key=True, autoincrement=False),
        sa.Column("day", sa.Date(), primary_key=True),
        _col("facility_id", "facility.id"),
        _at("saved_at"),
        _col("saved_by", "user_account.id", True),
    )
    op.create_table(
        "course_attendance",
        sa.Column("enrollment_id", sa.Integer(), sa.ForeignKey("course_enrollment.id"), primary_key=True,
                  autoincrement=False),
        sa.Column("day", sa.Date(), primary_key=True),
        _col("course_id", "course.id"),
        _col("facility_id", "facility.id"),
        sa.Column("kind", _enum("course_attendance_kind", *KINDS), nullable=False),
        _text("reason", 200),
        _at("recorded_at"),
        _col("recorded_by", "user_account.id", True),
        sa.CheckConstraint("kind <> 'present'", name="ck_course_attendance_kind"),
        sa.CheckConstraint("kind <> 'excused' OR reason <> ''", name="ck_course_attendance_excused"),
    )
    op.create_index("ix_course_attendance_course_day", "course_attendance", ["course_id", "day"])
    op.create_table(
        "course_roll_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("course_id", "course.id"),
        _col("facility_id", "facility.id"),
        _col("enrollment_id", "course_enrollment.id"),
        _day("day"),
        sa.Column("from_kind", _enum("course_roll_from", *KINDS), nullable=False),
        sa.Column("to_kind", _enum("course_roll_to", *KINDS), nullable=False),
        _text("reason", 200),
        _at("at"),
        _col("by", "user_account.id", True),
        sa.CheckConstraint("reason <> ''", name="ck_course_roll_change_reason"),
    )
    op.create_index("ix_course_roll_change_course", "course_roll_change", ["course_id", "day"])
    op.create_table(
        "course_followup",
        sa.Column("id", sa.Integer(), primary_key=True),
        _col("enrollment_id", "course_enrollment.id"),
        _col("course_id", "course.id"),
        _col("facility_id", "facility.id"),
        _col("youth_id", "youth.id"),
        _int("months"),
        _day("due_on"),
        _int("followup_id", True),
        sa.Column("outcome", _enum("course_outcome", "employed", "startup", "study", "unemployed"), nullable=True),
        _day("started_on", True),
        _col("company_id", "company.id", True),
        _text("employer", 100),
        _text("note", 500),
        _at("recorded_at", True),
        _col("recorded_by", "user_account.id", True),
        sa.UniqueConstraint("enrollment_id", "months", name="uq_course_followup_months"),
        sa.CheckConstraint("months IN (1, 3, 6)", name="ck_course_followup_months"),
        sa.CheckConstraint("(outcome IS NULL AND recorded_at IS NULL AND started_on IS NULL AND company_id IS NULL) "
                           "OR (outcome IS NOT NULL AND recorded_at IS NOT NULL)", name="ck_course_followup_recorded"),
        sa.CheckConstraint("outcome IS NULL OR outcome <> 'employed' OR started_on IS NOT NULL",
                           name="ck_course_followup_started"),
    )
    op.create_index("ix_course_followup_due", "course_followup", ["facility_id", "outcome", "due_on"])
    op.create_index("ix_course_followup_course", "course_followup", ["course_id"])

    if sqlite:
        for table in APPEND_ONLY:
            for verb in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
            op.execute(f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                       f"WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) "
                       f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
    else:
        op.execute("CREATE FUNCTION courses_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$")
        for table in APPEND_ONLY:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION courses_append_only()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION courses_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS courses_append_only()")
    for table in ("course_followup", "course_roll_change", "course_attendance", "course_roll", "course_offer",
                  "course_vacancy", "course_enrollment", "course_score", "course_application",
                  "course_status_change", "course_stage", "course"):
        op.drop_table(table)
