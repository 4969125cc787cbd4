"""The DTOs of training courses: detached, frozen rows the services hand out (never live
ORM objects). Dates are Seoul calendar days; instants are shown in Seoul.

Applicants' phones are masked in every list DTO; ``ResultRow.phone`` is the full number
only when the results were asked for with contact details by a role that may see them (an
audit read).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from models.core.timeline import TimelineItem as TimelineItem  # the shape every area gives
from models.courses.enums import (
    ApplicationStatus,
    ApplyChannel,
    Attendance,
    CourseField,
    CourseStatus,
    DropReason,
    EnrollmentStatus,
    OfferStatus,
    Outcome,
    SelectionResult,
    Stage,
    StageMode,
    VacancyReason,
    VacancyStatus,
)


@dataclass(frozen=True)
class StageRow:
    stage: Stage
    mode: StageMode
    cutoff: int
    weight: int


@dataclass(frozen=True)
class CourseRow:
    """A course as the list and its page show it, with the live figures. ``applicants``
    counts applications not withdrawn; ``competition_ratio`` is applicants ÷ places;
    ``employment_rate`` is employed within 6 months ÷ completers (None: no completer yet)."""

    id: int
    facility_id: int
    facility_name: str
    name: str
    field: CourseField
    places: int
    teaching_days: tuple[int, ...]
    day_start: str
    day_end: str
    start_on: date
    end_on: date
    total_hours: int
    instructor: str
    apply_from: date
    apply_until: date
    documents_on: date | None
    skills_on: date | None
    interview_on: date | None
    announce_on: date | None
    counselor_id: int | None
    counselor_name: str
    status: CourseStatus
    next_statuses: tuple[CourseStatus, ...]  # what the actor may move it to now
    reserve_pct: int
    offer_days: int
    early_drop_pct: int
    lates_per_absence: int
    completion_pct: int
    stages: tuple[StageRow, ...]
    selection_decided: bool
    applicants: int
    competition_ratio: float
    selected: int
    enrolled: int
    completed: int
    employed: int
    employment_rate: float | None
    version: int

    def as_input(self) -> dict:
        """The course as a ``CourseInput`` dict (the edit form's starting values)."""
        return {"name": self.name, "field": self.field, "places": self.places,
                "teaching_days": "".join(str(d) for d in self.teaching_days), "day_start": self.day_start,
                "day_end": self.day_end, "start_on": self.start_on, "end_on": self.end_on,
                "total_hours": self.total_hours, "instructor": self.instructor, "apply_from": self.apply_from,
                "apply_until": self.apply_until, "documents_on": self.documents_on, "skills_on": self.skills_on,
                "interview_on": self.interview_on, "announce_on": self.announce_on,
                "counselor_id": self.counselor_id, "reserve_pct": self.reserve_pct, "offer_days": self.offer_days,
                "early_drop_pct": self.early_drop_pct, "lates_per_absence": self.lates_per_absence,
                "completion_pct": self.completion_pct,
                "stages": [{"stage": s.stage, "mode": s.mode, "cutoff": s.cutoff, "weight": s.weight}
                           for s in self.stages]}


@dataclass(frozen=True)
class ApplicationRow:
    id: int
    course_id: int
    youth_id: int
    youth_name: str
    phone_masked: str
    applied_on: date
    channel: ApplyChannel
    status: ApplicationStatus
    result: SelectionResult | None
    rank: int | None
    reserve_rank: int | None
    override_reason: str | None = field(repr=False, default=None)
    version: int = 1


@dataclass(frozen=True)
class StageResult:
    """One stage of an applicant: the score or pass/fail recorded (None: not yet), and
    whether it clears the stage (None: not judged yet)."""

    stage: Stage
    score: int | None
    passed: bool | None
    cleared: bool | None


@dataclass(frozen=True)
class RankRow:
    """An applicant in the selection ranking. ``reached`` is the stage they are at (the
    first not cleared, or None past the last); ``failed_stage`` the stage they fell at;
    ``final_score`` the weighted score of those who cleared every stage; ``rank`` their
    place in the order (ties broken as ``models.courses.selection`` documents);
    ``outcome`` what deciding now would give."""

    application_id: int
    youth_id: int
    youth_name: str
    phone_masked: str
    applied_on: date
    stages: tuple[StageResult, ...]
    reached: Stage | None
    failed_stage: Stage | None
    final_score: float | None
    rank: int | None
    outcome: SelectionResult | None


@dataclass(frozen=True)
class Ranking:
    course_id: int
    places: int
    reserve_size: int  # the reserve list's length when the places are all filled
    stages: tuple[StageRow, ...]
    rows: tuple[RankRow, ...]  # ranked first (by rank), then fallen, then the ones still in selection
    pending: int  # applicants still in selection (a stage not judged yet)
    qualified: int  # applicants who cleared every stage
    decided: bool


@dataclass(frozen=True)
class ResultRow:
    application_id: int
    youth_id: int
    youth_name: str
    phone: str  # masked unless the list was asked for with contact details
    result: SelectionResult | None
    reason: str  # "서류 불합격", "예비합격 2순위", …
    rank: int | None
    reserve_rank: int | None
    final_score: float | None
    status: ApplicationStatus


@dataclass(frozen=True)
class Results:
    course_id: int
    course_name: str
    facility_name: str
    rows: tuple[ResultRow, ...]
    phones_shown: bool


@dataclass(frozen=True)
class OfferRow:
    id: int
    vacancy_id: int
    application_id: int
    youth_id: int
    youth_name: str
    reserve_rank: int | None
    offered_at: datetime  # Seoul
    reply_by: date
    status: OfferStatus
    answered_at: datetime | None
    reason: str = field(repr=False, default="")  # a direct promotion's written reason


@dataclass(frozen=True)
class VacancyRow:
    id: int
    course_id: int
    freed_by: int
    freed_name: str
    reason: VacancyReason
    freed_on: date
    status: VacancyStatus
    filled_by: int | None
    offers: tuple[OfferRow, ...]


@dataclass(frozen=True)
class AttendanceFigures:
    """A trainee's attendance over ``days`` teaching days (see ``models.courses.attendance``)."""

    days: int
    late: int
    early_leave: int
    absent: int
    excused: int
    absence_equivalent: int  # 결석 + (지각 + 조퇴) // lates_per_absence
    rate: float  # %, attended ÷ days
    absence_share: float  # %, absence_equivalent ÷ the trainee's teaching days in the course
    warning: str  # "", "주의" (≥ 10 %) or "경고" (≥ 20 %)


@dataclass(frozen=True)
class TraineeRow:
    enrollment_id: int
    application_id: int
    youth_id: int
    youth_name: str
    phone_masked: str
    joined_on: date
    status: EnrollmentStatus
    ended_on: date | None
    drop_reason: DropReason | None
    attendance: AttendanceFigures
    certificate_no: str | None
    version: int


@dataclass(frozen=True)
class RollRow:
    enrollment_id: int
    youth_id: int
    youth_name: str
    kind: Attendance
    reason: str
    attendance: AttendanceFigures


@dataclass(frozen=True)
class Roll:
    """A day's roll: every trainee on it, 출석 unless marked. ``editable``: the actor may
    save it now; ``needs_reason``: the day is past, so a save is a manager's change with a
    reason."""

    course_id: int
    day: date
    taken: bool
    saved_at: datetime | None
    saved_by_name: str
    editable: bool
    needs_reason: bool
    rows: tuple[RollRow, ...]


@dataclass(frozen=True)
class CompletionSummary:
    completed: tuple[int, ...]  # enrollment ids
    not_completed: tuple[tuple[int, float], ...]  # (enrollment id, rate) below the threshold


@dataclass(frozen=True)
class FollowupRow:
    id: int
    enrollment_id: int
    course_id: int
    course_name: str
    facility_id: int
    youth_id: int
    youth_name: str
    months: int
    due_on: date
    days_overdue: int
    outcome: Outcome | None
    started_on: date | None
    company_id: int | None
    employer: str
    followup_id: int | None


@dataclass(frozen=True)
class FunnelRow:
    """One course (or a campus's total, ``course_id`` None) through the funnel; each rate
    is the step ÷ the one before it, in % (None: nothing to divide by)."""

    course_id: int | None
    name: str
    start_on: date | None
    status: CourseStatus | None
    places: int
    applicants: int
    selected: int
    enrolled: int
    completed: int
    employed: int
    competition_ratio: float | None
    selection_rate: float | None
    enrollment_rate: float | None
    completion_rate: float | None
    employment_rate: float | None
    followup_done: bool  # six months have passed since the end: the employment rate is final


@dataclass(frozen=True)
class Funnel:
    facility_id: int | None
    rows: tuple[FunnelRow, ...]  # per course, the latest first
    total: FunnelRow


@dataclass(frozen=True)
class Certificate:
    """What a completion certificate (수료증) prints."""

    certificate_no: str
    youth_name: str
    birth_date: date
    course_name: str
    field_label: str
    start_on: date
    end_on: date
    total_hours: int
    facility_name: str
    issued_on: date


