"""A planned session's time and mode, and when a follow-up was cancelled (issue 12).

- ``counseling_followup.start_time``: the time a planned session (상담 예약, a follow-up
  made without a session) starts on its day, Seoul wall time; NULL is 시간 미정.
- ``counseling_followup.mode``: the mode planned (대면, 전화, 화상, 온라인·메신저: the
  session modes, with their CHECK); NULL where none was planned.
- ``counseling_followup.cancelled_at``: when the follow-up was cancelled, so the monthly
  summary reads one cancelled after the month as still open at the month's end. Rows
  cancelled before this revision keep NULL (an unknown time: counted 취소, as before).

All three are nullable and existing rows keep NULL. On SQLite a plain ADD COLUMN (a batch
copy of the table is not needed, and Alembic would not add the mode's CHECK in place).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from models.tables.base import UTCDateTime

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

TABLE = "counseling_followup"
MODES = ("in_person", "phone", "video", "online")
MODE_CHECK = "mode IN ({})".format(", ".join(f"'{m}'" for m in MODES))
COLUMNS = ("start_time", "mode", "cancelled_at")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {TABLE} ADD COLUMN start_time TIME")
        op.execute(f"ALTER TABLE {TABLE} ADD COLUMN mode VARCHAR(20) CONSTRAINT counseling_mode CHECK ({MODE_CHECK})")
        op.execute(f"ALTER TABLE {TABLE} ADD COLUMN cancelled_at DATETIME")
    else:
        op.add_column(TABLE, sa.Column("start_time", sa.Time(), nullable=True))
        op.add_column(TABLE, sa.Column("mode", sa.String(20), nullable=True))
        op.create_check_constraint("counseling_mode", TABLE, MODE_CHECK)
        op.add_column(TABLE, sa.Column("cancelled_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("counseling_mode", TABLE, type_="check")
    for column in reversed(COLUMNS):
        op.drop_column(TABLE, column)
