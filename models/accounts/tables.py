"""User accounts and their per-facility role grants."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.core.enums import Role
from models.core.types import UTCDateTime, created_column, enum_column


class UserAccount(SQLModel, table=True):
    __tablename__ = "user_account"
    __audit_redact__ = {"password_hash": "(비밀번호)"}

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(sa_column=sa.Column(sa.String(40), nullable=False, unique=True))
    display_name: str = Field(sa_column=sa.Column(sa.String(50), nullable=False))
    password_hash: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    is_active: bool = Field(default=True, sa_column=sa.Column(sa.Boolean(), nullable=False))
    failed_attempts: int = Field(default=0, sa_column=sa.Column(sa.Integer(), nullable=False))
    # one more with every grant, revocation, (de)activation and reset by an administrator:
    # an actor built with an older version is stale (models.core.permissions.check_live)
    auth_version: int = Field(default=0, sa_column=sa.Column(
        sa.Integer(), nullable=False, server_default=sa.text("0")))
    locked_until: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    last_login_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    created_at: datetime | None = Field(default=None, sa_column=created_column())


class RoleGrant(SQLModel, table=True):
    """A role held by a user: at one facility, or city-wide for ``admin``.

    Revoking sets ``revoked_at``/``revoked_by``; rows are never deleted, so grants and
    revocations keep who and when.
    """

    __tablename__ = "role_grant"
    __table_args__ = (
        sa.CheckConstraint(
            "(role = 'admin' AND facility_id IS NULL) OR (role <> 'admin' AND facility_id IS NOT NULL)",
            name="ck_role_grant_scope",
        ),
        sa.Index(
            "uq_role_grant_active", "user_id", "facility_id", "role", unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=sa.Column(sa.Integer(), sa.ForeignKey("user_account.id"), nullable=False, index=True)
    )
    facility_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.Integer(), sa.ForeignKey("facility.id"), nullable=True)
    )
    role: Role = Field(sa_column=enum_column(Role, "role"))
    granted_at: datetime | None = Field(default=None, sa_column=created_column())
    granted_by: int | None = Field(
        default=None, sa_column=sa.Column(sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True)
    )
    revoked_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    revoked_by: int | None = Field(
        default=None, sa_column=sa.Column(sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True)
    )
