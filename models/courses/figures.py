"""The figures every course view shows, counted live from the rows (never cached):

- **applicants** (지원자): applications not withdrawn;
- **competition ratio** (경쟁률): applicants ÷ places;
- **selected** (선발): applicants the selection admitted within the places, plus reserves
  who accepted a freed place;
- **enrolled** (등록): trainees who took up their place (첫날 불참 excluded; drop-outs
  included);
- **completed** (수료): trainees marked 수료;
- **employed** (취업): completers with a follow-up recorded as 취업 whose start date is no
  later than six months after the course's last day;
- **employment rate** (취업률): employed ÷ completed. Drop-outs (for 취업 or any other
  reason) are not completers and count in neither part; 창업 and 진학 are not 취업. Until
  six months have passed since the end the rate can still rise (``followup_done``).

With ``as_of`` (an instant) the figures are those the records gave at that instant, for
a report of a past month that must read the same when printed again: applications made
before its day and not withdrawn before it, selections announced and reserves' acceptances
answered before it, trainees who joined before its day, completions dated before it, and
only the follow-ups recorded before it. The course views pass none: the figures as of now.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_
from sqlmodel import select

from models.core.time import SEOUL
from models.courses.access import add_months
from models.courses.enums import (
    ApplicationStatus,
    EnrollmentStatus,
    OfferStatus,
    Outcome,
    SelectionResult,
)
from models.courses.tables import Course, CourseApplication, CourseFollowup, CourseOffer, Enrollment

EMPLOYMENT_MONTHS = 6


@dataclass(frozen=True)
class Figures:
    applicants: int = 0
    selected: int = 0
    enrolled: int = 0
    completed: int = 0
    employed: int = 0


def employment_deadline(end_on: date) -> date:
    """The last start date that counts as employed within six months of the end."""
    return add_months(end_on, EMPLOYMENT_MONTHS)


def ratio(n: int, d: int) -> float | None:
    return round(n / d, 2) if d else None


def pct(n: int, d: int) -> float | None:
    return round(100 * n / d, 1) if d else None


def figures(s, *, course_ids=None, facility_id: int | None = None,
            as_of: datetime | None = None) -> dict[int, Figures]:
    """The figures of the courses ``course_ids`` (or every course of ``facility_id``, or
    every course): course id -> Figures (a course with no application has none). With
    ``as_of``: as the records stood at that instant (the module's docstring)."""

    def scope(q, column_course, column_facility):
        if course_ids is not None:
            return q.where(column_course.in_(list(course_ids)))
        if facility_id is not None:
            return q.where(column_facility == facility_id)
        return q

    A, E, OF, F = CourseApplication, Enrollment, CourseOffer, CourseFollowup  # noqa: N806
    day = as_of.astimezone(SEOUL).date() if as_of is not None else None
    live = [A.status != ApplicationStatus.WITHDRAWN]
    chosen, accepted, joined = [A.result == SelectionResult.SELECTED], [OF.status == OfferStatus.ACCEPTED], []
    done, hired_by = [E.status == EnrollmentStatus.COMPLETED], [F.outcome == Outcome.EMPLOYED]
    if as_of is not None:
        live = [A.applied_on < day, or_(A.status != ApplicationStatus.WITHDRAWN, A.withdrawn_on >= day)]
        chosen.append(A.course_id.in_(select(Course.id).where(Course.selected_at < as_of)))
        accepted.append(OF.answered_at < as_of)
        joined = [E.joined_on < day]
        done.append(E.ended_on < day)
        hired_by.append(F.recorded_at < as_of)
    applicants = Counter(dict(s.exec(scope(
        select(A.course_id, func.count()).where(*live), A.course_id, A.facility_id).group_by(A.course_id)).all()))
    selected = Counter(dict(s.exec(scope(
        select(A.course_id, func.count()).where(*chosen), A.course_id, A.facility_id).group_by(A.course_id)).all()))
    selected.update(dict(s.exec(scope(
        select(OF.course_id, func.count()).where(*accepted), OF.course_id, OF.facility_id)
        .group_by(OF.course_id)).all()))
    enrolled, completed = Counter(), Counter()
    for cid, status, n in s.exec(scope(select(E.course_id, E.status, func.count()).where(*joined), E.course_id,
                                       E.facility_id).group_by(E.course_id, E.status)).all():
        if status is not EnrollmentStatus.NO_SHOW:
            enrolled[cid] += n
        if status is EnrollmentStatus.COMPLETED and as_of is None:
            completed[cid] += n
    if as_of is not None:  # completions dated before the cut
        completed.update(dict(s.exec(scope(select(E.course_id, func.count()).where(*done), E.course_id,
                                           E.facility_id).group_by(E.course_id)).all()))
    hired = s.exec(scope(select(F.course_id, F.enrollment_id, F.started_on, Course.end_on)
                         .join(Course, Course.id == F.course_id).join(E, E.id == F.enrollment_id)
                         .where(*hired_by, *done),
                         F.course_id, F.facility_id)).all()
    employed_ids: dict[int, set[int]] = {}
    deadlines: dict[date, date] = {}
    for cid, eid, started, end_on in hired:
        limit = deadlines.get(end_on) or deadlines.setdefault(end_on, employment_deadline(end_on))
        if started is not None and started <= limit:
            employed_ids.setdefault(cid, set()).add(eid)
    ids = set(applicants) | set(enrolled) | set(selected)
    return {cid: Figures(applicants[cid], selected[cid], enrolled[cid], completed[cid],
                         len(employed_ids.get(cid, ()))) for cid in ids}
