"""City scale: the youth search index and an index for booth slot lookups (issue 10).

- ``youth_gram`` (kind, gram, youth_id), built here from every youth already registered
  (models/youth/grams.py says what it holds and how a search uses it);
- ``ix_booth_booking_slot`` (slot_id, status): SQLite cannot use the partial unique index
  on ``slot_id`` for a query whose status is a bound parameter, so each slot lookup scanned
  ``booth_booking``.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from models.youth.grams import rebuild

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "youth_gram",
        sa.Column("kind", sa.SmallInteger(), nullable=False, autoincrement=False),
        sa.Column("gram", sa.String(4), nullable=False),
        sa.Column("youth_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.PrimaryKeyConstraint("kind", "gram", "youth_id"),
        sqlite_with_rowid=False,
    )
    rebuild(op.get_bind())
    op.create_index("ix_booth_booking_slot", "booth_booking", ["slot_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_booth_booking_slot", table_name="booth_booking")
    op.drop_table("youth_gram")
