"""What every part of the courses service shares: the base class with the hooks the
registry gives, the campus check, the course's teaching days, names, and loading a course
with its stages.

Courses belong to the campuses (청년취업사관학교, ``FacilityKind.CAMPUS``): every call
naming another facility is refused, for the city admin too. The campus's manager runs
its courses (``COURSE_MANAGE``); its counselors read them, take the roll and record
employment (``COURSE_VIEW``, ``COURSE_ATTENDANCE``, ``COURSE_OUTCOME``); the city admin
holds every one of them at every campus; the front desk none.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlmodel import select

from models.accounts.tables import RoleGrant, UserAccount
from models.core.calendar import holiday_name
from models.core.enums import Role
from models.core.errors import (
    VERSION_CONFLICT,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from models.core.errors import (
    check_version as check_version,  # the area's callers use access.check_version
)
from models.core.masking import mask_phone
from models.core.permissions import Actor, Perm, require
from models.core.service import NOT_FOUND, Service
from models.core.time import add_months as add_months  # the area's callers use access.add_months
from models.courses.dtos import StageRow
from models.courses.enums import STAGES
from models.courses.tables import Course, CourseStage
from models.facilities.enums import FacilityKind
from models.facilities.tables import Facility
from models.youth.tables import Youth

NOT_FOUND.update({
    "course_id": "교육과정을 찾을 수 없습니다.", "application_id": "지원 기록을 찾을 수 없습니다.",
    "enrollment_id": "수강생을 찾을 수 없습니다.", "offer_id": "충원 제안을 찾을 수 없습니다.",
    "vacancy_id": "결원 기록을 찾을 수 없습니다.",
    "course_followup_id": "취업 확인 항목을 찾을 수 없습니다.",
})
NOT_CAMPUS = "교육과정은 청년취업사관학교 캠퍼스에서만 운영합니다."
NO_ROLE = "이 캠퍼스에 상담사 역할이 없는 직원입니다."
CONFLICT = VERSION_CONFLICT
FUTURE = "오늘 이후의 날짜로는 기록할 수 없습니다."
DATE_MESSAGE = "날짜 형식이 올바르지 않습니다(예: 2024-03-01)."

# (session, facility_id, youth_id, counselor_id, due_on, by_user_id, now) -> follow-up id:
# put an employment follow-up in the course counselor's queue of the counseling area, in
# the same transaction; (session, followup_id) -> None takes it out once recorded;
# (session, company ids) -> {id: name} of the companies of the registry. All given by
# models.registry (courses imports no other area's service).
FollowupScheduler = Callable[..., int]
FollowupCloser = Callable[..., None]
CompanyNames = Callable[..., dict]


class CoursesBase(Service):
    def __init__(self, db, clock, followup_scheduler: FollowupScheduler | None = None,
                 followup_closer: FollowupCloser | None = None, company_names: CompanyNames | None = None):
        super().__init__(db, clock)
        self.followup_scheduler = followup_scheduler
        self.followup_closer = followup_closer
        self.company_names = company_names

    def _settle_course(self, course_id: int | None = None, facility_id: int | None = None) -> None:
        """Let the offers past their reply deadline pass on (``models.courses.acceptance``
        does it; a read calls this first)."""


def not_found(what: str) -> NotFound:
    return NotFound(NOT_FOUND.get(what, "찾는 항목이 없습니다."))


def campus(s, facility_id: int) -> Facility:
    """The facility, a campus, or NotFound / PermissionDenied."""
    f = s.get(Facility, facility_id)
    if f is None:
        raise not_found("facility_id")
    if f.kind is not FacilityKind.CAMPUS:
        raise PermissionDenied(NOT_CAMPUS)
    return f


def require_at(s, actor: Actor, perm: Perm, facility_id: int) -> Facility:
    """``perm`` at a campus (inside the transaction); returns the campus."""
    require(actor, perm, facility_id)
    return campus(s, facility_id)


def course_for(s, actor: Actor, perm: Perm, course_id: int, *, lock: bool = False) -> Course:
    """The course, with ``perm`` at its campus (``lock``: FOR UPDATE, the one writer of the
    course's places and selection at a time)."""
    c = s.get(Course, course_id, with_for_update=lock)
    if c is None:
        raise not_found("course_id")
    require_at(s, actor, perm, c.facility_id)
    return c


def is_manager(actor: Actor, facility_id: int) -> bool:
    return actor.can(Perm.COURSE_MANAGE, facility_id)



def check_day(field: str, value, today: date, *, future: bool = False) -> date:
    """A date argument: a ``date`` (not in the future unless ``future``)."""
    if not isinstance(value, date):
        raise ValidationError.single(field, DATE_MESSAGE)
    if not future and value > today:
        raise ValidationError.single(field, FUTURE)
    return value


def course_staff(s, facility_id: int) -> set[int]:
    rows = s.exec(select(RoleGrant.user_id).join(UserAccount, UserAccount.id == RoleGrant.user_id).where(
        RoleGrant.facility_id == facility_id, RoleGrant.role.in_((Role.COUNSELOR, Role.MANAGER)),
        RoleGrant.revoked_at.is_(None), UserAccount.is_active)).all()
    return set(rows)


def check_staff(s, facility_id: int, user_id: int, field: str) -> None:
    if user_id not in course_staff(s, facility_id):
        raise ValidationError.single(field, NO_ROLE)


def names(s, user_ids) -> dict[int, str]:
    ids = {u for u in user_ids if u is not None}
    if not ids:
        return {}
    return dict(s.exec(select(UserAccount.id, UserAccount.display_name).where(UserAccount.id.in_(ids))).all())


def youth_rows(s, youth_ids) -> dict[int, tuple[str, str]]:
    """youth id -> (name, masked phone)."""
    ids = sorted(set(youth_ids))
    out: dict[int, tuple[str, str]] = {}
    for i in range(0, len(ids), 900):
        chunk = ids[i:i + 900]
        for yid, name, phone in s.exec(select(Youth.id, Youth.name, Youth.phone).where(Youth.id.in_(chunk))).all():
            out[yid] = (name, mask_phone(phone))
    return out


def stages_of(s, course_id: int) -> tuple[StageRow, ...]:
    rows = {r.stage: r for r in s.exec(select(CourseStage).where(CourseStage.course_id == course_id)).all()}
    return tuple(StageRow(st, rows[st].mode, rows[st].cutoff, rows[st].weight) for st in STAGES if st in rows)


# -- the course's calendar --------------------------------------------------------------
def weekdays(course) -> frozenset[int]:
    return frozenset(int(d) for d in course.teaching_days)


def is_teaching_day(course, day: date) -> bool:
    """A day of the course's training: between its start and end, on one of its weekdays,
    not a public holiday."""
    return (course.start_on <= day <= course.end_on and day.weekday() in weekdays(course)
            and not holiday_name(day))


def teaching_days(course, first: date | None = None, last: date | None = None) -> list[date]:
    """The course's teaching days from ``first`` to ``last`` (inclusive; default its whole
    span)."""
    day = max(first or course.start_on, course.start_on)
    end = min(last or course.end_on, course.end_on)
    days = weekdays(course)
    out = []
    while day <= end:
        if day.weekday() in days and not holiday_name(day):
            out.append(day)
        day += timedelta(days=1)
    return out


