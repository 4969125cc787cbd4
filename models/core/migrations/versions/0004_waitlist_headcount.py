"""The waitlist's headcount is at least one (the booking's rule).

Rows an older release stored with a headcount below one are set to one first, so the
constraint never stops the upgrade of an old file.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.text("UPDATE waitlist_entry SET headcount = 1 WHERE headcount < 1"))
    # SQLite cannot add a constraint to a table: batch mode copies the table
    with op.batch_alter_table("waitlist_entry") as batch:
        batch.create_check_constraint("ck_waitlist_headcount", "headcount >= 1")


def downgrade() -> None:
    with op.batch_alter_table("waitlist_entry") as batch:
        batch.drop_constraint("ck_waitlist_headcount", type_="check")
