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
