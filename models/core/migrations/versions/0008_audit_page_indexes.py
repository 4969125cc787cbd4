"""City scale: indexes for the audit page's filters (issue 10, item 3).

The page reads entries newest first, a page at a time below the last id shown, with any of
these filters; each index holds the filter column and ``id``, so a page is one index range
read backwards whatever the log's size. (The time filter uses ``ix_audit_log_at``; the
entity filter gets its own with ``id``, next to ``ix_audit_entity`` for one entity's
history.)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_audit_username_id": ["username", "id"],
    "ix_audit_action_id": ["action", "id"],
    "ix_audit_entity_id": ["entity", "id"],
    "ix_audit_facility_id": ["facility_id", "id"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "audit_log", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="audit_log")
