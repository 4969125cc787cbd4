"""Employment follow-up after the course: each completer is followed up 1, 3 and 6 months
after the course's last day. Each follow-up is recorded as 취업 (with the start date and
the employer: a company of the registry by id where it exists, else its name as typed),
창업, 진학 or 미취업.

The follow-ups wait in the campus's queue (``employment_queue``); when the course names a
counselor (취업 담당), each also goes into that counselor's follow-up queue of the
counseling area (``CoursesBase.followup_scheduler``, given by models.registry, as the
companies area's retention checks do), and recording it takes it out again
(``followup_closer``).

Whether a completer counts as employed for the course's employment rate is
``models.courses.figures``'s definition.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from models.core.errors import Conflict, ValidationError
from models.core.permissions import Actor, Perm, require
from models.core.validation import validate
from models.courses import access
from models.courses.access import CoursesBase, not_found
from models.courses.dtos import FollowupRow
from models.courses.enums import FOLLOWUP_MONTHS, Outcome
from models.courses.schemas import OutcomeInput
from models.courses.tables import Course, CourseFollowup, Enrollment

RECORDED = "이미 결과를 기록한 취업 확인입니다."
NO_START = "취업일(입사일)을 입력하세요."
START_RANGE = "취업일은 교육 시작일과 오늘 사이여야 합니다."
NO_EMPLOYER = "취업한 회사를 고르거나 회사명을 입력하세요."
NO_COMPANY = "구인기업 목록에 없는 기업입니다. 회사명을 직접 입력하세요."
TOO_EARLY = "취업 확인일({day})이 되어야 결과를 기록할 수 있습니다."


def schedule(svc: CoursesBase, s, c: Course, e: Enrollment, actor: Actor, now) -> None:
    """The completer's follow-ups at 1, 3 and 6 months after the end."""
    for months in FOLLOWUP_MONTHS:
        due = access.add_months(c.end_on, months)
        followup = None
        if svc.followup_scheduler is not None and c.counselor_id is not None:
            followup = svc.followup_scheduler(s, c.facility_id, e.youth_id, c.counselor_id, due, actor.user_id, now)
        s.add(CourseFollowup(enrollment_id=e.id, course_id=c.id, facility_id=c.facility_id, youth_id=e.youth_id,
                             months=months, due_on=due, followup_id=followup))


class OutcomePart(CoursesBase):
    def _followup_rows(self, s, rows, today: date) -> list[FollowupRow]:
        courses = dict(s.exec(select(Course.id, Course.name).where(
            Course.id.in_({f.course_id for f in rows}))).all()) if rows else {}
        youth = access.youth_rows(s, [f.youth_id for f in rows])
        return [FollowupRow(f.id, f.enrollment_id, f.course_id, courses.get(f.course_id, ""), f.facility_id,
                            f.youth_id, youth.get(f.youth_id, ("", ""))[0], f.months, f.due_on,
                            max(0, (today - f.due_on).days) if f.outcome is None else 0, f.outcome, f.started_on,
                            f.company_id, f.employer, f.followup_id) for f in rows]

    def employment_queue(self, actor: Actor, facility_id: int, *, until: date | None = None,
                         course_id: int | None = None) -> list[FollowupRow]:
        """Follow-ups not yet recorded and due on or before ``until`` (default today), of the
        campus (or one course), the most overdue first."""
        require(actor, Perm.COURSE_VIEW, facility_id)
        today = self.today()
        limit = until or today

        def work(s):
            access.require_at(s, actor, Perm.COURSE_VIEW, facility_id)
            q = select(CourseFollowup).where(CourseFollowup.facility_id == facility_id,
                                             CourseFollowup.outcome.is_(None), CourseFollowup.due_on <= limit)
            if course_id is not None:
                q = q.where(CourseFollowup.course_id == course_id)
            return self._followup_rows(s, list(s.exec(q.order_by(CourseFollowup.due_on, CourseFollowup.id)).all()),
                                       today)

        return self.db.read(work)

    def trainee_followups(self, actor: Actor, enrollment_id: int) -> list[FollowupRow]:
        """The completer's follow-ups (1, 3, 6 months), recorded or not."""
        today = self.today()

        def work(s):
            e = s.get(Enrollment, enrollment_id)
            if e is None:
                raise not_found("enrollment_id")
            access.course_for(s, actor, Perm.COURSE_VIEW, e.course_id)
            return self._followup_rows(s, list(s.exec(select(CourseFollowup).where(
                CourseFollowup.enrollment_id == e.id).order_by(CourseFollowup.months)).all()), today)

        return self.db.read(work)

    def record_outcome(self, actor: Actor, course_followup_id: int, data: dict | OutcomeInput) -> None:
        """Record a follow-up's result (from its due day on)."""
        inp = validate(OutcomeInput, data)
        today, now = self.today(), self.clock()
        if inp.outcome is Outcome.EMPLOYED and inp.started_on is None:
            raise ValidationError.single("started_on", NO_START)
        if inp.outcome is Outcome.EMPLOYED and inp.company_id is None and not inp.employer:
            raise ValidationError.single("employer", NO_EMPLOYER)

        def work(s):
            f = s.get(CourseFollowup, course_followup_id)
            if f is None:
                raise not_found("course_followup_id")
            c = access.course_for(s, actor, Perm.COURSE_OUTCOME, f.course_id)
            f = s.get(CourseFollowup, course_followup_id, with_for_update=True, populate_existing=True)
            if f.outcome is not None:
                raise Conflict(RECORDED)
            if today < f.due_on:
                raise ValidationError.single("outcome", TOO_EARLY.format(day=f.due_on.isoformat()))
            employed = inp.outcome is Outcome.EMPLOYED
            started = inp.started_on if employed or inp.outcome is Outcome.STARTUP else None
            if started is not None and not c.start_on <= started <= today:
                raise ValidationError.single("started_on", START_RANGE)
            employer, company = inp.employer if employed else "", inp.company_id if employed else None
            if company is not None:
                known = self.company_names(s, [company]) if self.company_names else {}
                if company not in known:
                    raise ValidationError.single("company_id", NO_COMPANY)
                employer = known[company]
            f.outcome, f.started_on, f.company_id, f.employer, f.note = inp.outcome, started, company, employer, inp.note
            f.recorded_at, f.recorded_by = now, actor.user_id
            s.add(f)
            if f.followup_id is not None and self.followup_closer is not None:
                self.followup_closer(s, f.followup_id)
            s.flush()

        self.db.write(work, actor=actor)
