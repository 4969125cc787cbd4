"""Alembic environment. Migrations run at start-up through ``models.core.migrate``.

The caller passes an open connection in ``config.attributes["connection"]``.
``render_as_batch`` lets later migrations alter SQLite tables. The revisions spell out
their operations, so nothing here needs the table models; ``SQLModel.metadata`` holds them
when the caller has imported ``models.tables`` (the migration test compares the two).
"""

from alembic import context
from sqlmodel import SQLModel

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the programmatic path is supported
    raise RuntimeError("run migrations through models.core.migrate.upgrade()")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
