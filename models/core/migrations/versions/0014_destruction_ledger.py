"""Retention and destruction (issue 16): the 파기 대장 and each youth's privacy state.

- ``destruction_ledger``: one row per destruction (who, when, how many records, which
  categories, the reason, the method); no personal data.
- ``youth_privacy``: per youth, the day the consent was withdrawn and when the record was
  destroyed (and by which ledger row). Ids and dates only.
- The append-only counseling tables (0010) accept one update more: the destruction's
  overwrite of an addendum's ``body`` and ``reason`` (or a case event's ``reason``) with
  the marker ``(파기됨)``, every other column unchanged. Any other update or delete is still
  refused.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from models.tables.base import UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

ERASED = "(파기됨)"
REASONS = ("retention", "withdrawn", "purpose", "request", "reapplied")
KEPT = {
    "counseling_addendum": ("id", "session_id", "facility_id", "target", "created_at", "created_by"),
    "counseling_case_event": ("id", "case_id", "facility_id", "kind", "from_counselor_id", "to_counselor_id",
                              "from_value", "to_value", "at", "by"),
}
ERASED_COLUMNS = {"counseling_addendum": ("body", "reason"), "counseling_case_event": ("reason",)}


def _sqlite_update_trigger(table: str, allow_erasure: bool) -> str:
    when = ""
    if allow_erasure:
        same = " AND ".join(f'NEW."{c}" IS OLD."{c}"' for c in KEPT[table])
        erased = " AND ".join(f"NEW.{c} IS '{ERASED}'" for c in ERASED_COLUMNS[table])
        when = f"WHEN NOT ({erased} AND {same}) "
    return (f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} {when}"
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")


def _pg_function(allow_erasure: bool) -> str:
    body = ""
    if allow_erasure:
        for table, columns in ERASED_COLUMNS.items():
            # through jsonb: PL/pgSQL would look up NEW.body on the other table's rows too
            erased = " AND ".join(f"(to_jsonb(NEW) ->> '{c}') = '{ERASED}'" for c in columns)
            minus = " ".join(f"- '{c}'" for c in columns)
            body += (f"IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = '{table}' AND {erased} "
                     f"AND (to_jsonb(NEW) {minus}) = (to_jsonb(OLD) {minus}) THEN RETURN NEW; END IF; ")
    return ("CREATE OR REPLACE FUNCTION counseling_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body}RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$")


def _triggers(allow_erasure: bool) -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in KEPT:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(_sqlite_update_trigger(table, allow_erasure))
    else:
        op.execute(_pg_function(allow_erasure))


def upgrade() -> None:
    op.create_table(
        "destruction_ledger",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("by", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("by_name", sa.String(100), nullable=False),
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facility.id"), nullable=True),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("categories", sa.String(300), nullable=False),
        sa.Column("reason", sa.Enum(*REASONS, name="destruction_reason", native_enum=False,
                                    create_constraint=True, length=20), nullable=False),
        sa.Column("method", sa.String(300), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.CheckConstraint("records >= 0", name="ck_destruction_records"),
    )
    op.create_table(
        "youth_privacy",
        sa.Column("youth_id", sa.Integer(), sa.ForeignKey("youth.id"), primary_key=True, autoincrement=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_by", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("destroyed_at", UTCDateTime(), nullable=True),
        sa.Column("ledger_id", sa.Integer(), sa.ForeignKey("destruction_ledger.id"), nullable=True),
    )
    _triggers(allow_erasure=True)


def downgrade() -> None:
    _triggers(allow_erasure=False)
    op.drop_table("youth_privacy")
    op.drop_table("destruction_ledger")
