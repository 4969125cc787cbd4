"""The append-only audit log: changes, reads and outputs of personal data, logins.

The database refuses UPDATE, DELETE and REPLACE on this table (triggers on both backends,
created by the migrations; TRUNCATE too on PostgreSQL). ``seq`` and ``row_hash`` chain each
row to the one before (``models.core.audit_chain``); they are nullable in the schema because
SQLite cannot add a NOT NULL column to a table with rows, and the chain check reports a row
without them as broken.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.core.enums import AuditAction
from models.core.types import UTCDateTime, enum_column


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_entity", "entity", "entity_id"),
        # the audit page's filters, each with id: a page is one backward index range
        sa.Index("ix_audit_username_id", "username", "id"),
        sa.Index("ix_audit_action_id", "action", "id"),
        sa.Index("ix_audit_entity_id", "entity", "id"),
        sa.Index("ix_audit_facility_id", "facility_id", "id"),
    )
    __audit_skip__ = True

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False, index=True))
    user_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True)
    )
    username: str | None = Field(default=None, sa_column=sa.Column(sa.String(40), nullable=True))
    action: AuditAction = Field(sa_column=enum_column(AuditAction, "audit_action"))
    entity: str = Field(sa_column=sa.Column(sa.String(50), nullable=False))
    entity_id: str | None = Field(default=None, sa_column=sa.Column(sa.String(50), nullable=True))
    facility_id: int | None = Field(default=None, sa_column=sa.Column(sa.Integer(), nullable=True))
    old_values: dict | None = Field(default=None, sa_column=sa.Column(sa.JSON(), nullable=True))
    new_values: dict | None = Field(default=None, sa_column=sa.Column(sa.JSON(), nullable=True))
    detail: str | None = Field(default=None, sa_column=sa.Column(sa.String(200), nullable=True))
    seq: int | None = Field(default=None, sa_column=sa.Column(sa.Integer(), nullable=True))
    row_hash: str | None = Field(default=None, sa_column=sa.Column(sa.String(64), nullable=True))
