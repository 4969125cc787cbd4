"""The youth registry: one record per young person, shared by every later capability."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.core.types import UTCDateTime, created_column, enum_column
from models.youth.enums import Channel


class Youth(SQLModel, table=True):
    __tablename__ = "youth"
    __table_args__ = (
        sa.Index("ix_youth_name_birth", "name", "birth_date"),
        sa.CheckConstraint("retention_years BETWEEN 1 AND 10", name="ck_youth_retention"),
    )
    # personal data is masked in the audit log's old/new values
    __audit_redact__ = {"name": "name", "phone": "phone", "email": "email", "birth_date": "birth"}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=sa.Column(sa.String(50), nullable=False))
    birth_date: date = Field(sa_column=sa.Column(sa.Date(), nullable=False))
    phone: str = Field(sa_column=sa.Column(sa.String(11), nullable=False, index=True))
    email: str | None = Field(default=None, sa_column=sa.Column(sa.String(200), nullable=True))
    district: str = Field(sa_column=sa.Column(sa.String(20), nullable=False))
    channel: Channel = Field(sa_column=enum_column(Channel, "youth_channel"))
    consent_on: date = Field(sa_column=sa.Column(sa.Date(), nullable=False))
    retention_years: int = Field(default=3, sa_column=sa.Column(sa.Integer(), nullable=False))
    # the youth's separate consent to sensitive counseling topics (민감정보, 개인정보 보호법
    # 제23조: 마음건강, 건강·장애), the day it was given; None: not given or withdrawn
    sensitive_consent_on: date | None = Field(default=None, sa_column=sa.Column(sa.Date(), nullable=True))
    registered_facility_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.Integer(), sa.ForeignKey("facility.id"), nullable=True)
    )
    created_at: datetime | None = Field(default=None, sa_column=created_column())
    updated_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))


class YouthGram(SQLModel, table=True):
    """The youth search index (models/youth/grams.py): one row per distinct piece of a
    youth's name (single characters and pairs) and phone (three and four digits). Derived
    from ``youth`` in the same transaction, never shown, never audited (the youth row's
    audit covers it); ``grams.rebuild`` makes it again from ``youth``."""

    __tablename__ = "youth_gram"
    __audit_skip__ = True
    __table_args__ = ({"sqlite_with_rowid": False},)

    kind: int = Field(sa_column=sa.Column(sa.SmallInteger(), primary_key=True, autoincrement=False))
    gram: str = Field(sa_column=sa.Column(sa.String(4), primary_key=True))
    youth_id: int = Field(sa_column=sa.Column(sa.Integer(), primary_key=True, autoincrement=False))
