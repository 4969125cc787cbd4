"""The audit log becomes a hash chain; REPLACE (SQLite) and TRUNCATE (PostgreSQL) are
refused (issue 9, defects 3 and 4).

``seq`` and ``row_hash`` are added and filled for the rows already there, in id order, with
``models.core.audit_chain`` (its format is part of the stored data: changing it needs a new
migration that rebuilds the chain). The trigger that refuses UPDATE is off while the rows
are filled: dropped and made again on SQLite, disabled and enabled on PostgreSQL (which
needs the table's owner: migrations run as the owner role, the app as a role that may only
insert and read the log, see ``models.core.db_roles``).

SQLite gets ``audit_log_no_replace``, a BEFORE INSERT trigger refusing a row whose id is
taken (``INSERT OR REPLACE`` deletes the row it replaces without firing a DELETE trigger);
PostgreSQL gets ``audit_log_no_truncate``, a statement trigger on TRUNCATE with the function
of 0001. The head file beside an SQLite database is written by ``migrate.upgrade`` once the
upgrade has committed.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from models.core.audit_chain import SQLITE_TRIGGERS, backfill

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    op.add_column("audit_log", sa.Column("seq", sa.Integer(), nullable=True))
    op.add_column("audit_log", sa.Column("row_hash", sa.String(64), nullable=True))
    if conn.dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_log_no_update")
        backfill(conn)
        op.execute(SQLITE_TRIGGERS["audit_log_no_update"])
        op.execute(SQLITE_TRIGGERS["audit_log_no_replace"])
    else:
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
        backfill(conn)
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")
        op.execute("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_replace")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
    op.execute("ALTER TABLE audit_log DROP COLUMN row_hash")
    op.execute("ALTER TABLE audit_log DROP COLUMN seq")
