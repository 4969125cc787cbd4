"""Inputs and DTOs of counseling. Times are entered and shown in Asia/Seoul.

Text about the youth (summary, next step, confidential note, addendum text) is kept out of
the DTOs' ``repr``, so that a DTO written to a log or shown in a traceback carries none of
it. The confidential note is in no list DTO at all: only ``NoteView``, which
``CounselingService.note`` hands out to its readers and records as an audit read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from pydantic import field_validator
from sqlmodel import SQLModel

from models.core.text import Id, optional_text, required_text
from models.core.time import SEOUL
from models.core.timeline import TimelineItem as TimelineItem  # the shape every area gives
from models.counseling.enums import (
    CLOSED_LABEL,
    AddendumTarget,
    CaseEventKind,
    CaseStage,
    CaseStatus,
    FollowupStatus,
    GroupKind,
    Mode,
    Outcome,
    SessionKind,
    Topic,
)
from models.counseling.tables import NEXT_STEP_MAX, NOTE_MAX, SUMMARY_MAX

DURATION_MESSAGE = "상담 시간은 1~480분입니다."
QUICK_DURATIONS = (15, 30, 60)
QUICK_FOLLOWUP_DAYS = (3, 7, 14, 30)


def _aware(v):
    """A naive date-time from a form is Seoul wall-clock time."""
    if isinstance(v, datetime) and v.tzinfo is None:
        return v.replace(tzinfo=SEOUL)
    return v


def _duration(v: int) -> int:
    if not 1 <= v <= 480:
        raise ValueError(DURATION_MESSAGE)
    return v


class SessionEdit(SQLModel):
    """What the author may change while the session is not locked."""

    held_at: datetime | None = None  # None: now (logging) or unchanged (editing)
    duration_minutes: int = 30
    mode: Mode
    kind: SessionKind
    topics: list[Topic] = []
    summary: str = ""
    # None: an edit keeps the stored note as it is (an editor who did not open the note
    # never reads it, and cannot overwrite it); a new session stores "" for None
    note: str | None = None
    next_step: str = ""

    @field_validator("held_at", mode="after")
    @classmethod
    def _held(cls, v):
        return _aware(v)

    @field_validator("duration_minutes")
    @classmethod
    def _minutes(cls, v):
        return _duration(v)

    @field_validator("topics")
    @classmethod
    def _topics(cls, v):
        return list(dict.fromkeys(v))  # once each, in the order chosen

    @field_validator("summary", mode="before")
    @classmethod
    def _summary(cls, v):
        return optional_text(v, SUMMARY_MAX, f"상담 요약은 {SUMMARY_MAX}자 이하로 입력하세요.", multiline=True)

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, v):
        if v is None:
            return None
        return optional_text(v, NOTE_MAX, f"비공개 메모는 {NOTE_MAX}자 이하로 입력하세요.", multiline=True)

    @field_validator("next_step", mode="before")
    @classmethod
    def _next(cls, v):
        return optional_text(v, NEXT_STEP_MAX, f"다음 단계는 {NEXT_STEP_MAX}자 이하로 입력하세요.", multiline=True)


class SessionInput(SessionEdit):
    """A new one-to-one session. ``followup_on`` puts a follow-up in the counselor's queue;
    ``completes_followup_id`` marks the follow-up this session did; ``consult_request_id``
    names the AI-booth analysis consultation it answers (type AI 면접 결과 상담), which it
    closes; ``plan_step_ids`` are the activity-plan steps it ticks off."""

    youth_id: Id
    counselor_id: Id | None = None  # default: the actor
    followup_on: date | None = None
    completes_followup_id: Id | None = None
    consult_request_id: Id | None = None
    plan_step_ids: list[Id] = []


class GroupInput(SQLModel):
    kind: GroupKind
    title: str
    presenter: str = ""
    held_at: datetime | None = None
    duration_minutes: int = 60
    mode: Mode = Mode.IN_PERSON
    capacity: int | None = None
    headcount: int = 0  # participants not registered by name (a large online lecture)
    attendee_ids: list[Id] = []
    walk_in_ids: list[Id] = []  # attendees registered on the spot (a subset of attendee_ids or extra)

    @field_validator("held_at", mode="after")
    @classmethod
    def _held(cls, v):
        return _aware(v)

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, v):
        return required_text(v, "제목을 입력하세요.", 100, "제목은 100자 이하로 입력하세요.")

    @field_validator("presenter", mode="before")
    @classmethod
    def _presenter(cls, v):
        return optional_text(v, 50, "멘토·강사 이름은 50자 이하로 입력하세요.")

    @field_validator("duration_minutes")
    @classmethod
    def _minutes(cls, v):
        return _duration(v)

    @field_validator("capacity")
    @classmethod
    def _capacity(cls, v):
        if v is not None and not 1 <= v <= 100_000:
            raise ValueError("정원은 1~100,000명입니다.")
        return v

    @field_validator("headcount")
    @classmethod
    def _headcount(cls, v):
        if not 0 <= v <= 1_000_000:
            raise ValueError("참여 인원은 0~1,000,000명입니다.")
        return v

    @field_validator("attendee_ids", "walk_in_ids")
    @classmethod
    def _ids(cls, v):
        return list(dict.fromkeys(v))


class PlanInput(SQLModel):
    goal: str
    target_on: date | None = None

    @field_validator("goal", mode="before")
    @classmethod
    def _goal(cls, v):
        return required_text(v, "희망 분야·직종(목표)을 입력하세요.", 200, "목표는 200자 이하로 입력하세요.")


class StepInput(SQLModel):
    title: str
    due_on: date | None = None

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, v):
        return required_text(v, "할 일을 입력하세요.", 200, "할 일은 200자 이하로 입력하세요.")


class SettingsInput(SQLModel):
    edit_hours: int = 48
    stale_days: int = 30

    @field_validator("edit_hours")
    @classmethod
    def _hours(cls, v):
        if not 1 <= v <= 720:
            raise ValueError("수정 가능 시간은 1~720시간입니다.")
        return v

    @field_validator("stale_days")
    @classmethod
    def _days(cls, v):
        if not 1 <= v <= 365:
            raise ValueError("연락 공백 기준은 1~365일입니다.")
        return v


# ------------------------------------------------------------------------- DTOs
@dataclass(frozen=True)
class SettingsRow:
    facility_id: int
    edit_hours: int
    stale_days: int


@dataclass(frozen=True)
class AddendumRow:
    id: int
    session_id: int
    target: AddendumTarget
    body: str = field(repr=False)
    reason: str = field(repr=False)
    created_at: datetime
    created_by: int
    created_by_name: str


@dataclass(frozen=True)
class SessionRow:
    """A session as lists and the detail panel show it; ``locked``, ``editable``,
    ``note_readable`` and ``can_add`` are the service's decisions for this actor."""

    id: int
    facility_id: int
    youth_id: int
    youth_name: str
    counselor_id: int
    counselor_name: str
    held_at: datetime
    duration_minutes: int
    mode: Mode
    kind: SessionKind
    topics: tuple[Topic, ...]
    summary: str = field(repr=False)
    next_step: str = field(repr=False)
    has_note: bool = False
    note_readable: bool = False
    version: int = 1
    created_by: int = 0
    created_at: datetime | None = None
    locks_at: datetime | None = None
    locked: bool = False
    editable: bool = False  # the actor may change it now (its author, before the lock)
    can_add: bool = False  # the actor may add an addendum or void it
    voided: bool = False
    void_reason: str | None = None
    voided_at: datetime | None = None
    consult_request_id: int | None = None
    followup_on: date | None = None  # the follow-up this session put in the queue
    addenda: tuple[AddendumRow, ...] = ()  # to the summary; the note's come with the note

    @property
    def remote(self) -> bool:
        return not self.mode.in_person


@dataclass(frozen=True)
class NoteView:
    """The confidential note of a session and its addenda, for a reader of it."""

    session_id: int
    youth_id: int
    text: str = field(repr=False)
    addenda: tuple[AddendumRow, ...] = ()


@dataclass(frozen=True)
class FollowupRow:
    id: int
    facility_id: int
    youth_id: int
    youth_name: str
    counselor_id: int
    counselor_name: str
    due_on: date
    status: FollowupStatus
    days_overdue: int  # 0 when due today or later
    source_session_id: int | None = None
    done_session_id: int | None = None
    start_time: time | None = None  # a planned session's time on its day (None: 시간 미정)
    mode: Mode | None = None  # the mode planned

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True)
class CaseRow:
    id: int
    facility_id: int
    youth_id: int
    youth_name: str
    counselor_id: int | None
    counselor_name: str | None
    stage: CaseStage
    status: CaseStatus
    outcome: Outcome | None
    opened_at: datetime
    closed_at: datetime | None
    last_contact_at: datetime | None
    days_since_contact: int  # since the last contact, or since the case opened
    next_followup_on: date | None
    flagged: bool  # open, and no contact in the facility's stale_days
    version: int

    @property
    def stage_label(self) -> str:
        return CLOSED_LABEL if self.status is CaseStatus.CLOSED else self.stage.label


@dataclass(frozen=True)
class CounselorRow:
    """Someone who may hold cases at a facility: a counselor, or its manager."""

    id: int
    name: str  # the display name
    username: str
    manager: bool = False


@dataclass(frozen=True)
class CaseEventRow:
    id: int
    case_id: int
    kind: CaseEventKind
    from_counselor: str | None
    to_counselor: str | None
    from_value: str | None
    to_value: str | None
    reason: str
    at: datetime
    by_name: str


@dataclass(frozen=True)
class AttendeeRow:
    youth_id: int
    youth_name: str
    walk_in: bool


@dataclass(frozen=True)
class GroupRow:
    id: int
    facility_id: int
    kind: GroupKind
    title: str
    presenter: str
    held_at: datetime
    duration_minutes: int
    mode: Mode
    capacity: int | None
    headcount: int
    attendee_count: int
    voided: bool = False
    void_reason: str | None = None
    attendees: tuple[AttendeeRow, ...] = ()

    @property
    def participants(self) -> int:
        """Named attendees plus the anonymous headcount."""
        return self.attendee_count + self.headcount


@dataclass(frozen=True)
class StepRow:
    id: int
    title: str
    due_on: date | None
    position: int
    done: bool
    done_at: datetime | None
    done_session_id: int | None
    overdue: bool


@dataclass(frozen=True)
class PlanRow:
    id: int
    facility_id: int
    youth_id: int
    goal: str
    target_on: date | None
    steps: tuple[StepRow, ...]
    updated_at: datetime | None = None

    @property
    def progress(self) -> tuple[int, int]:
        return sum(1 for s in self.steps if s.done), len(self.steps)




@dataclass(frozen=True)
class CountRow:
    """One count: ``dimension`` is day, counselor, kind, mode, channel, topic, group_kind
    or facility; ``key`` its value (a date, an id, an enum value), ``label`` for people.
    ``participants`` is filled for group sessions."""

    dimension: str
    key: str
    label: str
    sessions: int
    participants: int = 0


@dataclass(frozen=True)
class MonthlyCounts:
    facility_id: int | None  # None: every facility
    year: int
    month: int
    sessions: int
    in_person: int
    remote: int
    group_sessions: int
    group_participants: int
    rows: tuple[CountRow, ...]

    def of(self, dimension: str) -> list[CountRow]:
        return [r for r in self.rows if r.dimension == dimension]
