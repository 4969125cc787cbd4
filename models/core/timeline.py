"""One entry of a youth's timeline: the shape every area's ``timeline`` gives, so the youth
record merges them by ``at`` (counseling: "counseling", "group"; companies: "referral";
courses: "course_application", "course_selection", …)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class TimelineItem:
    at: datetime  # in Asia/Seoul
    source: str  # the area's kind of entry
    ref_id: int
    facility_id: int
    title: str
    detail: str = field(repr=False)
    voided: bool = False
