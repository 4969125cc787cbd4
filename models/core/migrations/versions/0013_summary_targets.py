"""Yearly targets of a facility for the monthly summary (issue 15): one row per facility
and year, each target NULL (not set) or 0–10,000,000.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from models.tables.base import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

KEYS = ("recruit", "companies", "counseling", "hires")
CHECK = " AND ".join(f"({k} IS NULL OR {k} BETWEEN 0 AND 10000000)" for k in KEYS)


def upgrade() -> None:
    op.create_table(
        "summary_target",
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facility.id"), primary_key=True,
                  autoincrement=False),
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        *[sa.Column(k, sa.Integer(), nullable=True) for k in KEYS],
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="ck_summary_target_year"),
        sa.CheckConstraint(CHECK, name="ck_summary_target_values"),
    )


def downgrade() -> None:
    op.drop_table("summary_target")
