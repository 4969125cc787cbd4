"""The service layer: every use case the GUI and the CLI offer.

Each service is made, and its module imported, at its first use (``functools
.cached_property``): a command or a window that needs the youth registry does not import
the booth slots. Every service of one ``Services`` shares its database and clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cached_property, partial
from typing import TYPE_CHECKING

import models.core.audit  # noqa: F401  (registers the audit listener)
from models.core.db import Database
from models.core.time import utcnow

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from models.accounts.service import AccountService
    from models.audit_log.service import AuditService
    from models.booths.service import BoothService
    from models.booths.slots import BoothSlotService
    from models.companies.service import CompaniesService
    from models.counseling.service import CounselingService
    from models.courses.service import CoursesService
    from models.desk.arrivals import ArrivalService
    from models.desk.rules import BookingRuleService
    from models.facilities.service import FacilityService
    from models.rooms.series import RoomSeriesService
    from models.rooms.service import RoomBookingService
    from models.rooms.sheets import RoomSheetService
    from models.rooms.waitlist import RoomWaitlistService
    from models.youth.service import YouthService

__all__ = ["Services", "close_booth_consult", "close_retention_followup", "company_names",
           "schedule_retention_followup"]


def close_booth_consult(s, request_id: int, facility_id: int, youth_id: int, reopen: bool = False) -> None:
    """Close the AI-booth analysis consultation (booths' ``consult_request``) that a
    counseling session of type AI 면접 결과 상담 answered, in the session's transaction
    (``reopen``: the session was voided, the request waits again).

    Counseling and booths are sibling areas: neither imports the other's service; the
    registry, above both, hands this to the counseling service (``consult_closer``), as it
    hands the booking kinds' day counters to the desk. (Its natural home is a module of
    ``models.booths``; it lives here until that area's owner moves it.)"""
    from models.booths.enums import ConsultStatus
    from models.booths.tables import ConsultRequest
    from models.core.errors import Conflict, ValidationError
    r = s.get(ConsultRequest, request_id, with_for_update=True)
    if reopen:
        if r is not None and r.status is ConsultStatus.DONE:
            r.status = ConsultStatus.OPEN
            s.add(r)
        return
    if r is None or r.facility_id != facility_id:
        raise ValidationError.single("consult_request_id", "이 시설의 AI 면접 분석 컨설팅 요청을 찾을 수 없습니다.")
    if r.youth_id != youth_id:
        raise ValidationError.single("consult_request_id", "이 청년의 AI 면접 분석 컨설팅 요청이 아닙니다.")
    if r.status is not ConsultStatus.OPEN:
        raise Conflict("이미 완료된 AI 면접 분석 컨설팅 요청입니다.", "consult_request_id")
    r.status = ConsultStatus.DONE
    s.add(r)


def schedule_retention_followup(s, facility_id: int, youth_id: int, counselor_id: int, due_on, by: int,
                                now) -> int:
    """Put a retention follow-up (1, 3 or 6 months after a hire) in the counselor's queue of
    the counseling area, in the hire's transaction; returns its id.

    Companies and counseling are sibling areas: neither imports the other; the registry,
    above both, hands this and ``close_retention_followup`` to the companies service, as it
    hands ``close_booth_consult`` to counseling."""
    from models.counseling.enums import FollowupStatus
    from models.counseling.tables import Followup
    f = Followup(facility_id=facility_id, youth_id=youth_id, counselor_id=counselor_id, due_on=due_on,
                 status=FollowupStatus.OPEN, created_at=now, created_by=by)
    s.add(f)
    s.flush()
    return f.id


def close_retention_followup(s, followup_id: int, *, clock=None) -> None:
    """The retention check's result was recorded (or the hire undone): its follow-up leaves
    the queue. Counseling's 완료 needs the session that did it (``ck_followup_done``); a
    check recorded without one closes the follow-up as 취소 at ``clock()`` (the monthly
    summary reads when), and one a session completed already stays 완료."""
    from models.counseling.enums import FollowupStatus
    from models.counseling.tables import Followup
    f = s.get(Followup, followup_id, with_for_update=True)
    if f is not None and f.status is FollowupStatus.OPEN:
        f.status = FollowupStatus.CANCELLED
        f.cancelled_at = clock() if clock is not None else utcnow()
        s.add(f)


def company_names(s, company_ids) -> dict[int, str]:
    """{id: name} of the companies of the registry (the companies area's ``company``) among
    ``company_ids``: what a course's employment follow-up names as the employer. Courses
    and companies are sibling areas; the registry hands this to the courses service."""
    from sqlmodel import select

    from models.companies.tables import Company
    ids = sorted({i for i in company_ids if isinstance(i, int) and not isinstance(i, bool)})
    if not ids:
        return {}
    return dict(s.exec(select(Company.id, Company.name).where(Company.id.in_(ids))).all())


class Services:
    """One object per database, handed to the GUI and the CLI."""

    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow,
                 hasher: PasswordHasher | None = None):
        self.db = db
        self.clock = clock
        self._hasher = hasher

    @cached_property
    def accounts(self) -> AccountService:
        from models.accounts.service import AccountService
        return AccountService(self.db, self.clock, self._hasher)

    @cached_property
    def facilities(self) -> FacilityService:
        from models.facilities.service import FacilityService
        return FacilityService(self.db, self.clock)

    @cached_property
    def youth(self) -> YouthService:
        from models.youth.service import YouthService
        return YouthService(self.db, self.clock)

    @cached_property
    def audit(self) -> AuditService:
        from models.audit_log.service import AuditService
        return AuditService(self.db, self.clock)

    @cached_property
    def booking_rules(self) -> BookingRuleService:
        from models.booths import slots as booth_slots
        from models.desk.rules import BookingRuleService
        from models.rooms import rules as rooms_rules
        return BookingRuleService(self.db, self.clock,
                                  day_counters=[rooms_rules.active_on, booth_slots.active_on])

    @cached_property
    def rooms(self) -> RoomBookingService:
        from models.rooms.service import RoomBookingService
        return RoomBookingService(self.db, self.clock)

    @cached_property
    def room_series(self) -> RoomSeriesService:
        from models.rooms.series import RoomSeriesService
        return RoomSeriesService(self.db, self.clock, self.rooms)

    @cached_property
    def room_waitlist(self) -> RoomWaitlistService:
        from models.rooms.waitlist import RoomWaitlistService
        return RoomWaitlistService(self.db, self.clock, self.rooms)

    @cached_property
    def booth_slots(self) -> BoothSlotService:
        from models.booths.slots import BoothSlotService
        return BoothSlotService(self.db, self.clock)

    @cached_property
    def booths(self) -> BoothService:
        from models.booths.service import BoothService
        return BoothService(self.db, self.clock)

    @cached_property
    def room_sheets(self) -> RoomSheetService:
        from models.rooms.sheets import RoomSheetService
        return RoomSheetService(self.db, self.clock)

    @cached_property
    def arrivals(self) -> ArrivalService:
        """Today's arrivals of a facility, rooms and booths together (each area gives its
        rows through a source function; ``models.desk`` imports neither area)."""
        from models.booths import arrivals as booth_arrivals
        from models.desk.arrivals import ArrivalService
        from models.rooms import arrivals as room_arrivals
        return ArrivalService(self.db, self.clock, sources=[room_arrivals.arrivals, booth_arrivals.arrivals])

    @cached_property
    def counseling(self) -> CounselingService:
        """Counseling sessions and notes, follow-ups, caseloads, group sessions, activity
        plans and counts; a session answering a booth consultation closes it
        (``close_booth_consult``)."""
        from models.counseling.service import CounselingService
        return CounselingService(self.db, self.clock, consult_closer=close_booth_consult)

    @cached_property
    def companies(self) -> CompaniesService:
        """Hiring companies and their contacts, job openings, the matching pipeline, the
        retention follow-ups (into counseling's queue: ``schedule_retention_followup``) and
        the monthly matching counts."""
        from models.companies.service import CompaniesService
        return CompaniesService(self.db, self.clock, followup_scheduler=schedule_retention_followup,
                                followup_closer=partial(close_retention_followup, clock=self.clock))

    @cached_property
    def courses(self) -> CoursesService:
        """A campus's training courses: applications, the three-stage selection, the
        reserve list, attendance, completion and certificates, employment follow-ups (into
        counseling's queue too, as the companies area's retention checks:
        ``schedule_retention_followup``; the employer from the company registry:
        ``company_names``), the funnel and the timeline."""
        from models.courses.service import CoursesService
        return CoursesService(self.db, self.clock, followup_scheduler=schedule_retention_followup,
                              followup_closer=partial(close_retention_followup, clock=self.clock),
                              company_names=company_names)
