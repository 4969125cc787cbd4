"""The lifecycle area's tables (issue 16): a youth's privacy state and the 파기 대장.

- ``youth_privacy``: one row per youth whose consent was withdrawn (``withdrawn_on``) or
  whose record was destroyed (``destroyed_at``, the ledger row that did it). Ids and dates
  only. A youth without a row has neither.
- ``destruction_ledger``: one row per destruction: who, when, how many records, which
  categories of data, the reason and the method. It holds no personal data: no name, no
  id of a youth (the ids are in ``youth_privacy`` and in the file beside the database).
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.core.enums import LabeledEnum
from models.core.types import UTCDateTime, enum_column, fk


class DestructionReason(LabeledEnum):
    RETENTION = "retention"
    WITHDRAWN = "withdrawn"
    PURPOSE = "purpose"
    REQUEST = "request"
    REAPPLIED = "reapplied"

    @staticmethod
    def LABELS():
        return {"retention": "보유기간 경과", "withdrawn": "동의 철회", "purpose": "목적 달성",
                "request": "본인 요청(삭제)", "reapplied": "복원 후 재적용"}


class YouthPrivacy(SQLModel, table=True):
    __tablename__ = "youth_privacy"

    youth_id: int = Field(sa_column=sa.Column(sa.Integer(), sa.ForeignKey("youth.id"), primary_key=True,
                                              autoincrement=False))
    withdrawn_on: date | None = Field(default=None, sa_column=sa.Column(sa.Date(), nullable=True))
    withdrawn_by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
    destroyed_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=True))
    ledger_id: int | None = Field(default=None, sa_column=fk("destruction_ledger.id", nullable=True))


class DestructionLedger(SQLModel, table=True):
    __tablename__ = "destruction_ledger"
    __table_args__ = (sa.CheckConstraint("records >= 0", name="ck_destruction_records"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    by: int | None = Field(default=None, sa_column=fk("user_account.id", nullable=True))
    by_name: str = Field(sa_column=sa.Column(sa.String(100), nullable=False))  # the staff member
    facility_id: int | None = Field(default=None, sa_column=fk("facility.id", nullable=True))
    records: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))
    categories: str = Field(sa_column=sa.Column(sa.String(300), nullable=False))
    reason: DestructionReason = Field(sa_column=enum_column(DestructionReason, "destruction_reason"))
    method: str = Field(sa_column=sa.Column(sa.String(300), nullable=False))
    note: str = Field(default="", sa_column=sa.Column(sa.String(200), nullable=False))
