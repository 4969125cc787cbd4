"""Inputs of training courses, validated with a Korean message per field (the DTOs the
services hand out are in ``models.courses.dtos``). Dates are Seoul calendar days."""

from __future__ import annotations

from datetime import date

from pydantic import field_validator
from sqlmodel import Field, SQLModel

from models.core.text import Id, blank_to_none, hhmm_text, optional_text, required_text
from models.courses.enums import (
    STAGES,
    ApplyChannel,
    CourseField,
    Outcome,
    Stage,
    StageMode,
)
from models.courses.tables import NAME_MAX, NOTE_MAX, PERSON_MAX, REASON_MAX

PLACES_MAX, HOURS_MAX = 1000, 5000
DEFAULT_WEIGHTS = {Stage.DOCUMENTS: 30, Stage.SKILLS: 30, Stage.INTERVIEW: 40}
DEFAULT_CUTOFF = 60
WARN_LEVELS = (10, 20)  # % of the trainee's teaching days absent: 주의, 경고
WEEKDAY_MESSAGE = "교육 요일을 하나 이상 고르세요(월~일)."


class StageInput(SQLModel):
    stage: Stage
    mode: StageMode = StageMode.SCORE
    cutoff: int = DEFAULT_CUTOFF
    weight: int = 0

    @field_validator("cutoff")
    @classmethod
    def _cutoff(cls, v):
        if not 0 <= v <= 100:
            raise ValueError("합격 기준 점수는 0~100 사이로 입력하세요.")
        return v

    @field_validator("weight")
    @classmethod
    def _weight(cls, v, info):
        if not 0 <= v <= 100:
            raise ValueError("가중치는 0~100 사이로 입력하세요.")
        if info.data.get("mode") is StageMode.PASS_FAIL and v:
            raise ValueError("합격/불합격으로 판정하는 단계에는 가중치를 줄 수 없습니다.")
        return v


def default_stages() -> list[StageInput]:
    return [StageInput(stage=s, weight=DEFAULT_WEIGHTS[s]) for s in STAGES]


def _pct(v, message: str, low: int = 0, high: int = 100):
    if not low <= v <= high:
        raise ValueError(message)
    return v


class CourseInput(SQLModel):
    """A course as the manager enters it. ``teaching_days``: weekdays, Monday 0 … Sunday 6
    (a list, or a text such as "01234"). ``stages``: the three stages in order."""

    name: str
    field: CourseField = CourseField.SW
    places: int
    teaching_days: str = "01234"
    day_start: str = "09:00"
    day_end: str = "18:00"
    start_on: date
    end_on: date
    total_hours: int
    instructor: str = ""
    apply_from: date
    apply_until: date
    documents_on: date | None = None
    skills_on: date | None = None
    interview_on: date | None = None
    announce_on: date | None = None
    counselor_id: Id | None = None  # 취업 담당 상담사: the follow-ups go to their queue
    reserve_pct: int = 20
    offer_days: int = 2
    early_drop_pct: int = 10
    lates_per_absence: int = 3
    completion_pct: int = 80
    stages: list[StageInput] = Field(default_factory=default_stages)

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, v):
        return required_text(v, "과정명을 입력하세요.", NAME_MAX, f"과정명은 {NAME_MAX}자 이하로 입력하세요.")

    @field_validator("places")
    @classmethod
    def _places(cls, v):
        if v < 1:
            raise ValueError("정원은 1명 이상이어야 합니다.")
        if v > PLACES_MAX:
            raise ValueError(f"정원은 {PLACES_MAX:,}명 이하로 입력하세요.")
        return v

    @field_validator("teaching_days", mode="before")
    @classmethod
    def _days(cls, v):
        if isinstance(v, list | tuple | set | frozenset):
            if not all(isinstance(d, int) and not isinstance(d, bool) for d in v):
                raise ValueError(WEEKDAY_MESSAGE)
            v = "".join(str(d) for d in v)
        if not isinstance(v, str):
            raise ValueError(WEEKDAY_MESSAGE)
        days = sorted(set(v.strip()))
        if not days or any(d not in "0123456" for d in days):
            raise ValueError(WEEKDAY_MESSAGE)
        return "".join(days)

    @field_validator("day_start", "day_end", mode="before")
    @classmethod
    def _time(cls, v):
        return hhmm_text(v)

    @field_validator("day_end")
    @classmethod
    def _hours_order(cls, v, info):
        start = info.data.get("day_start")
        if start and v <= start:
            raise ValueError("수업 종료 시각은 시작 시각보다 늦어야 합니다.")
        return v

    @field_validator("end_on")
    @classmethod
    def _end(cls, v, info):
        start = info.data.get("start_on")
        if start and v < start:
            raise ValueError("종료일은 시작일과 같거나 그 뒤여야 합니다.")
        return v

    @field_validator("total_hours")
    @classmethod
    def _total(cls, v):
        return _pct(v, f"총 훈련시간은 1~{HOURS_MAX:,}시간 사이로 입력하세요.", 1, HOURS_MAX)

    @field_validator("instructor", mode="before")
    @classmethod
    def _instructor(cls, v):
        return optional_text(v, PERSON_MAX, f"강사 이름은 {PERSON_MAX}자 이하로 입력하세요.")

    @field_validator("apply_until")
    @classmethod
    def _window(cls, v, info):
        start = info.data.get("apply_from")
        if start and v < start:
            raise ValueError("모집 마감일은 모집 시작일과 같거나 그 뒤여야 합니다.")
        course_start = info.data.get("start_on")
        if course_start and v >= course_start:
            raise ValueError("모집 마감일은 교육 시작일보다 앞서야 합니다.")
        return v

    @field_validator("documents_on", "skills_on", "interview_on", "announce_on", "counselor_id", mode="before")
    @classmethod
    def _blank(cls, v):
        return blank_to_none(v)

    @field_validator("documents_on", "skills_on", "interview_on", "announce_on")
    @classmethod
    def _selection_day(cls, v, info):
        if v is None:
            return v
        until, start = info.data.get("apply_until"), info.data.get("start_on")
        if until and v < until:
            raise ValueError("선발 일정은 모집 마감일 이후여야 합니다.")
        if start and v > start:
            raise ValueError("선발 일정은 교육 시작일 이전이어야 합니다.")
        return v

    @field_validator("reserve_pct")
    @classmethod
    def _reserve(cls, v):
        return _pct(v, "예비합격 비율은 0~100% 사이로 입력하세요.")

    @field_validator("offer_days")
    @classmethod
    def _offer(cls, v):
        return _pct(v, "충원 제안 회신 기한은 1~30일 사이로 입력하세요.", 1, 30)

    @field_validator("early_drop_pct")
    @classmethod
    def _early(cls, v):
        return _pct(v, "충원 가능 기간은 훈련일수의 0~100% 사이로 입력하세요.")

    @field_validator("lates_per_absence")
    @classmethod
    def _lates(cls, v):
        return _pct(v, "결석 1회로 치는 지각·조퇴 횟수는 1~10회 사이로 입력하세요.", 1, 10)

    @field_validator("completion_pct")
    @classmethod
    def _completion(cls, v):
        return _pct(v, "수료 기준 출석률은 1~100% 사이로 입력하세요.", 1, 100)

    @field_validator("stages")
    @classmethod
    def _stages(cls, v):
        if [s.stage for s in v] != list(STAGES):
            raise ValueError("선발 단계는 서류 → 실무역량평가 → 최종면접 세 단계를 차례로 입력하세요.")
        scored = [s for s in v if s.mode is StageMode.SCORE]
        if scored and sum(s.weight for s in scored) != 100:
            raise ValueError("점수로 평가하는 단계의 가중치 합은 100이어야 합니다.")
        return v


class ApplicationInput(SQLModel):
    """An application: the youth (from the registry), the day it came in (default today)
    and its channel; ``override_reason`` is the manager's written reason when the day is
    outside the application window."""

    youth_id: Id
    applied_on: date | None = None
    channel: ApplyChannel = ApplyChannel.ONLINE
    override_reason: str | None = None

    @field_validator("applied_on", "override_reason", mode="before")
    @classmethod
    def _blank(cls, v):
        return blank_to_none(v)

    @field_validator("override_reason")
    @classmethod
    def _reason(cls, v):
        if v is None:
            return None
        return optional_text(v, REASON_MAX, f"사유는 {REASON_MAX}자 이하로 입력하세요.") or None


class OutcomeInput(SQLModel):
    """A follow-up's result: 취업 needs its start date, and names the employer (a company
    of the registry by id, or its name as typed)."""

    outcome: Outcome
    started_on: date | None = None
    company_id: Id | None = None
    employer: str = ""
    note: str = ""

    @field_validator("started_on", "company_id", mode="before")
    @classmethod
    def _blank(cls, v):
        return blank_to_none(v)

    @field_validator("employer", mode="before")
    @classmethod
    def _employer(cls, v):
        return optional_text(v, NAME_MAX, f"회사명은 {NAME_MAX}자 이하로 입력하세요.")

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, v):
        return optional_text(v, NOTE_MAX, f"메모는 {NOTE_MAX}자 이하로 입력하세요.", multiline=True)
