"""The funnel and the youth's timeline.

The funnel of a course and of a campus (or every campus, the city admin): applicants →
selected → enrolled → completed → employed, as ``models.courses.figures`` counts them,
with each step's rate against the one before (선발률, 등록률, 수료율, 취업률) and the
competition ratio; a campus's total sums its courses (cancelled ones left out).

``timeline`` gives the courses part of the youth record's timeline, in the shape
counseling and companies give theirs: the applications, the selection results, the
attendance rate (at the last counted day), the completion or drop-out and the employment
follow-ups recorded.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlmodel import select

from models.core.permissions import Actor, Perm, require
from models.core.time import SEOUL
from models.courses import access
from models.courses.access import CoursesBase
from models.courses.attendance import compute, last_counted
from models.courses.dtos import Funnel, FunnelRow, TimelineItem
from models.courses.enums import CourseStatus, EnrollmentStatus, Outcome
from models.courses.figures import EMPLOYMENT_MONTHS, Figures, figures, pct, ratio
from models.courses.tables import Course, CourseApplication, CourseFollowup, Enrollment


def _row(course_id, name, start_on, status, places, f: Figures, done: bool) -> FunnelRow:
    return FunnelRow(course_id, name, start_on, status, places, f.applicants, f.selected, f.enrolled, f.completed,
                     f.employed, ratio(f.applicants, places), pct(f.selected, f.applicants),
                     pct(f.enrolled, f.selected), pct(f.completed, f.enrolled), pct(f.employed, f.completed), done)


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), SEOUL)


class ReportPart(CoursesBase):
    def funnel(self, actor: Actor, facility_id: int | None, *, since: date | None = None) -> Funnel:
        """The funnel of every course of the campus (``None``: every campus) starting on or
        after ``since``, the latest first, and their total."""
        require(actor, Perm.COURSE_VIEW, facility_id)
        today = self.today()

        def work(s):
            if facility_id is not None:
                access.require_at(s, actor, Perm.COURSE_VIEW, facility_id)
            q = select(Course.id, Course.name, Course.start_on, Course.end_on, Course.status, Course.places)
            if facility_id is not None:
                q = q.where(Course.facility_id == facility_id)
            if since is not None:
                q = q.where(Course.start_on >= since)
            courses = s.exec(q.order_by(Course.start_on.desc(), Course.id.desc())).all()
            figs = figures(s, facility_id=facility_id)
            rows, total, places, done_all = [], [0] * 5, 0, True
            for cid, name, start_on, end_on, status, n in courses:
                f = figs.get(cid, Figures())
                done = today > access.add_months(end_on, EMPLOYMENT_MONTHS)
                rows.append(_row(cid, name, start_on, status, n, f, done))
                if status is CourseStatus.CANCELLED:
                    continue
                places += n
                done_all = done_all and done
                for i, v in enumerate((f.applicants, f.selected, f.enrolled, f.completed, f.employed)):
                    total[i] += v
            return Funnel(facility_id, tuple(rows), _row(None, "합계", None, None, places, Figures(*total),
                                                         done_all and bool(rows)))

        return self.db.read(work)

    def course_funnel(self, actor: Actor, course_id: int) -> FunnelRow:
        today = self.today()

        def work(s):
            c = access.course_for(s, actor, Perm.COURSE_VIEW, course_id)
            f = figures(s, course_ids=[c.id]).get(c.id, Figures())
            return _row(c.id, c.name, c.start_on, c.status, c.places, f,
                        today > access.add_months(c.end_on, EMPLOYMENT_MONTHS))

        return self.db.read(work)

    def timeline(self, actor: Actor, facility_id: int, youth_id: int) -> list[TimelineItem]:
        """The youth's courses at the campus on their timeline, newest first."""
        require(actor, Perm.COURSE_VIEW, facility_id)
        today = self.today()

        def work(s):
            access.require_at(s, actor, Perm.COURSE_VIEW, facility_id)
            apps = s.exec(select(CourseApplication, Course).join(Course, Course.id == CourseApplication.course_id)
                          .where(CourseApplication.facility_id == facility_id,
                                 CourseApplication.youth_id == youth_id)).all()
            items = []
            for a, c in apps:
                items.append(TimelineItem(a.created_at.astimezone(SEOUL), "course_application", a.id, c.facility_id,
                                          f"교육과정 지원 · {c.name} · {a.channel.label}",
                                          f"지원일 {a.applied_on.isoformat()}" + (" · 지원 취소" if a.withdrawn_on else ""),
                                          a.withdrawn_on is not None))
                if a.result is not None and c.selected_at is not None:
                    label = a.result.label + (f" {a.reserve_rank}순위" if a.reserve_rank else "")
                    items.append(TimelineItem(c.selected_at.astimezone(SEOUL), "course_selection", a.id,
                                              c.facility_id, f"선발 결과 · {c.name} · {label}",
                                              f"현재 {a.status.label}"))
            courses = {c.id: c for _, c in apps}
            enrollments = s.exec(select(Enrollment).where(Enrollment.facility_id == facility_id,
                                                          Enrollment.youth_id == youth_id)).all()
            for e in enrollments:
                c = courses.get(e.course_id) or s.get(Course, e.course_id)
                if e.status is EnrollmentStatus.NO_SHOW:
                    items.append(TimelineItem(_noon(e.joined_on), "course_dropout", e.id, c.facility_id,
                                              f"첫날 불참 · {c.name}", ""))
                    continue
                marks = self._marks(s, c.id).get(e.id, {})
                fig = compute(c, e, marks, today)
                last = last_counted(c, e, today)
                if last >= e.joined_on:
                    items.append(TimelineItem(_noon(last), "course_attendance", e.id, c.facility_id,
                                              f"출석률 {fig.rate}% · {c.name}",
                                              f"{fig.days}일 중 결석 환산 {fig.absence_equivalent}일"
                                              + (f" · {fig.warning}" if fig.warning else "")))
                if e.status is EnrollmentStatus.DROPPED:
                    items.append(TimelineItem(_noon(e.ended_on), "course_dropout", e.id, c.facility_id,
                                              f"중도탈락 · {c.name} · {e.drop_reason.label}", ""))
                elif e.status in (EnrollmentStatus.COMPLETED, EnrollmentStatus.NOT_COMPLETED):
                    items.append(TimelineItem(_noon(e.ended_on), "course_completion", e.id, c.facility_id,
                                              f"{e.status.label} · {c.name}",
                                              f"수료증 {e.certificate_no}" if e.certificate_no else ""))
            for f, c in s.exec(select(CourseFollowup, Course).join(Course, Course.id == CourseFollowup.course_id)
                               .where(CourseFollowup.facility_id == facility_id, CourseFollowup.youth_id == youth_id,
                                      CourseFollowup.outcome.is_not(None))).all():
                detail = ""
                if f.outcome is Outcome.EMPLOYED:
                    detail = f"{f.employer} · 입사 {f.started_on.isoformat()}"
                items.append(TimelineItem(f.recorded_at.astimezone(SEOUL), "course_employment", f.id, c.facility_id,
                                          f"수료 {f.months}개월 확인 · {c.name} · {f.outcome.label}", detail))
            return sorted(items, key=lambda i: (i.at, i.source, i.ref_id), reverse=True)

        return self.db.read(work)
