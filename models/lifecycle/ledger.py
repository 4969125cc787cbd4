"""The 파기 대장 (destruction ledger): one row per destruction, no personal data.

Each row names who destroyed (the staff account and its name), when, how many records,
which categories of data, the reason (보유기간 경과 / 동의 철회 / 목적 달성 / 본인 요청(삭제) /
복원 후 재적용) and the method. The youths' ids are not in it (they are in ``youth_privacy``
and in the file beside the database); a printed ledger therefore identifies nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from models.core.permissions import Actor
from models.facilities.tables import Facility
from models.lifecycle.destruction import CATEGORIES, METHOD
from models.lifecycle.tables import DestructionLedger, DestructionReason


@dataclass(frozen=True)
class LedgerRow:
    id: int
    at: datetime
    by_name: str
    facility: str  # the facility's name, or "전체(시 담당자)"
    records: int
    categories: str
    reason: DestructionReason
    method: str
    note: str


def add_row(s, actor: Actor, facility_id: int | None, records: int, reason: DestructionReason, now: datetime,
            note: str = "") -> DestructionLedger:
    name = actor.display_name if actor.display_name == actor.username else f"{actor.display_name}({actor.username})"
    row = DestructionLedger(at=now, by=actor.user_id, by_name=name[:100], facility_id=facility_id,
                            records=records, categories=CATEGORIES, reason=reason, method=METHOD, note=note[:200])
    s.add(row)
    s.flush()
    return row


def rows(s, facility_id: int | None, limit: int = 500) -> list[LedgerRow]:
    """The ledger, newest first: a facility's rows (``facility_id``) or all (None)."""
    names = dict(s.exec(select(Facility.id, Facility.name)).all())
    q = select(DestructionLedger).order_by(DestructionLedger.id.desc()).limit(limit)
    if facility_id is not None:
        q = q.where(DestructionLedger.facility_id == facility_id)
    return [LedgerRow(r.id, r.at, r.by_name, names.get(r.facility_id, "전체(시 담당자)"), r.records, r.categories,
                      r.reason, r.method, r.note) for r in s.exec(q).all()]
