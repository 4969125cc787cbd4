"""An authorisation version on each account (issue 9, defect 1).

Every grant, revocation, deactivation, reactivation and password reset by an
administrator adds one to ``user_account.auth_version``. An actor carries the version it
was built with, and every service call compares it with the account's row in its own
transaction (one primary-key read), so a change made from another desk takes effect at the
next action instead of at the next login.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("user_account", sa.Column(
        "auth_version", sa.Integer(), nullable=False, server_default=sa.text("0")))


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("auth_version")
