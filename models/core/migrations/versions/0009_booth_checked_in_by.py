"""Who checked a youth in at a booth (issue 11, item 2).

Room bookings have recorded ``checked_in_by`` from the start; booth bookings now do too, so
that a check-in can be undone the same day by the desk that made it (or a manager), as a
no-show can by the desk in ``cancelled_by``. Existing check-ins keep NULL: their undo is
left to a manager.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # a plain ADD COLUMN (a batch copy of booth_booking would trip the foreign keys of
        # consult_request that point at it; Alembic will not add a constraint in place)
        op.execute("ALTER TABLE booth_booking ADD COLUMN checked_in_by INTEGER "
                   "REFERENCES user_account (id)")
    else:
        op.add_column("booth_booking", sa.Column("checked_in_by", sa.Integer(), nullable=True))
        op.create_foreign_key("fk_booth_booking_checked_in_by", "booth_booking", "user_account",
                              ["checked_in_by"], ["id"])


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_booth_booking_checked_in_by", "booth_booking", type_="foreignkey")
    op.drop_column("booth_booking", "checked_in_by")
