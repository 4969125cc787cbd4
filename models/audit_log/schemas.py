"""DTOs of the audit-log browser."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    username: str | None
    action: str
    entity: str
    entity_id: str | None
    facility_id: int | None
    old_values: dict | None
    new_values: dict | None
    detail: str | None
    # names for the ids in the values that are not personal data: {"room_id": {88: "스터디룸 A"}}
    refs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ChainCheck:
    """The audit log verified (``AuditService.verify``): its guards, its hash chain from the
    first row to the last, the head file beside an SQLite database."""

    ok: bool
    rows: int  # rows that followed the chain (all of them when ok)
    last_seq: int
    broken_id: int | None  # the first row that does not follow, if any
    broken_seq: int | None
    broken_reason: str | None
    problems: tuple[str, ...]  # the other problems: guards, the head file
    notes: tuple[str, ...]
