"""Courses: create and edit a campus's courses with their three selection stages, move a
course through 계획 → 모집중 → 선발중 → 교육중 → 종료 (or 취소) with its history, and
read them with their live figures (``models.courses.figures``).

A move the table ``COURSE_MOVES`` does not list is refused; besides, 교육중 needs the
selection decided and 종료 the course's last day reached. Only the campus manager (and
the city admin) edits and moves a course.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from models.core.errors import Conflict, RuleViolation, ValidationError
from models.core.permissions import Actor, Perm, require
from models.core.validation import validate
from models.courses import access
from models.courses.access import CoursesBase, not_found
from models.courses.dtos import CourseRow, StageRow
from models.courses.enums import COURSE_MOVES, CourseStatus
from models.courses.figures import Figures, figures, ratio
from models.courses.schemas import CourseInput
from models.courses.tables import Course, CourseScore, CourseStage, CourseStatusChange
from models.facilities.tables import Facility

CLOSED = "종료되었거나 취소된 과정은 고칠 수 없습니다."
FROZEN_STAGES = "선발을 확정한 뒤에는 선발 단계와 기준을 바꿀 수 없습니다."
SCORED_MODE = "이미 결과를 기록한 단계의 평가 방식(점수·합격/불합격)은 바꿀 수 없습니다."
FROZEN_DAYS = "교육이 시작된 뒤에는 시작일과 교육 요일을 바꿀 수 없습니다."
FEWER_PLACES = "정원은 이미 선발·등록한 {n}명보다 적게 줄일 수 없습니다."
NOT_ALLOWED = "'{frm}' 상태에서 '{to}'(으)로 바꿀 수 없습니다."
NOT_DECIDED = "선발을 확정해야 교육중으로 바꿀 수 있습니다."
NOT_ENDED = "과정 종료일({day}) 이후에 종료할 수 있습니다."
SAME = "이미 '{status}' 상태입니다."
COLUMNS = ("name", "field", "places", "teaching_days", "day_start", "day_end", "start_on", "end_on", "total_hours",
           "instructor", "apply_from", "apply_until", "documents_on", "skills_on", "interview_on", "announce_on",
           "counselor_id", "reserve_pct", "offer_days", "early_drop_pct", "lates_per_absence", "completion_pct")


def _status(value) -> CourseStatus:
    try:
        return CourseStatus(value)
    except ValueError:
        raise ValidationError.single("status", "목록에서 선택하세요.") from None


class CatalogPart(CoursesBase):
    def _course_rows(self, s, actor: Actor, courses, **scope) -> list[CourseRow]:
        """``scope``: what ``figures`` counts over (default the courses' ids; a list of a
        campus passes its ``facility_id``, the city-wide one nothing)."""
        if not courses:
            return []
        ids = [c.id for c in courses]
        figs = figures(s, **scope) if scope or len(ids) > 500 else figures(s, course_ids=ids)
        places = dict(s.exec(select(Facility.id, Facility.name).where(
            Facility.id.in_({c.facility_id for c in courses}))).all())
        who = access.names(s, [c.counselor_id for c in courses])
        stages: dict[int, list] = {}
        for i in range(0, len(ids), 900):
            for st in s.exec(select(CourseStage).where(CourseStage.course_id.in_(ids[i:i + 900]))).all():
                stages.setdefault(st.course_id, []).append(st)
        out = []
        for c in courses:
            f = figs.get(c.id, Figures())
            own = sorted(stages.get(c.id, []), key=lambda st: st.stage.order)
            nexts = tuple(sorted(COURSE_MOVES[c.status], key=list(CourseStatus).index)) \
                if access.is_manager(actor, c.facility_id) else ()
            out.append(CourseRow(
                c.id, c.facility_id, places.get(c.facility_id, ""), c.name, c.field, c.places,
                tuple(int(d) for d in c.teaching_days), c.day_start, c.day_end, c.start_on, c.end_on,
                c.total_hours, c.instructor, c.apply_from, c.apply_until, c.documents_on, c.skills_on,
                c.interview_on, c.announce_on, c.counselor_id, who.get(c.counselor_id, ""), c.status, nexts,
                c.reserve_pct, c.offer_days, c.early_drop_pct, c.lates_per_absence, c.completion_pct,
                tuple(StageRow(st.stage, st.mode, st.cutoff, st.weight) for st in own), c.selected_at is not None,
                f.applicants, ratio(f.applicants, c.places) or 0.0, f.selected, f.enrolled, f.completed, f.employed,
                round(100 * f.employed / f.completed, 1) if f.completed else None, c.version))
        return out

    # -- writing ------------------------------------------------------------------------
    def create_course(self, actor: Actor, facility_id: int, data: dict | CourseInput) -> int:
        """A new course of the campus, in 계획; returns its id."""
        require(actor, Perm.COURSE_MANAGE, facility_id)
        inp = validate(CourseInput, data)
        now = self.clock()

        def work(s):
            access.require_at(s, actor, Perm.COURSE_MANAGE, facility_id)
            if inp.counselor_id is not None:
                access.check_staff(s, facility_id, inp.counselor_id, "counselor_id")
            c = Course(facility_id=facility_id, status=CourseStatus.PLANNED, version=1, created_at=now,
                       created_by=actor.user_id, **{k: getattr(inp, k) for k in COLUMNS})
            s.add(c)
            s.flush()
            for st in inp.stages:
                s.add(CourseStage(course_id=c.id, stage=st.stage, mode=st.mode, cutoff=st.cutoff, weight=st.weight))
            s.add(CourseStatusChange(course_id=c.id, facility_id=facility_id, from_status=None,
                                     to_status=CourseStatus.PLANNED, at=now, by=actor.user_id))
            s.flush()
            return c.id

        return self.db.write(work, actor=actor)

    def update_course(self, actor: Actor, course_id: int, data: dict | CourseInput, version: int) -> int:
        """Edit the course; returns its new version. Refused once it ended or was
        cancelled; the stages once the selection is decided; the start and the weekdays once
        training began; fewer places than already taken."""
        inp = validate(CourseInput, data)

        def work(s):
            c = access.course_for(s, actor, Perm.COURSE_MANAGE, course_id, lock=True)
            access.check_version(c, version)
            if c.status in (CourseStatus.ENDED, CourseStatus.CANCELLED):
                raise Conflict(CLOSED)
            if c.status is CourseStatus.TRAINING and (inp.start_on != c.start_on
                                                     or inp.teaching_days != c.teaching_days):
                raise ValidationError.single("start_on" if inp.start_on != c.start_on else "teaching_days",
                                             FROZEN_DAYS)
            if inp.counselor_id is not None and inp.counselor_id != c.counselor_id:
                access.check_staff(s, c.facility_id, inp.counselor_id, "counselor_id")
            taken = figures(s, course_ids=[c.id]).get(c.id, Figures()).selected
            if c.selected_at is not None and inp.places < taken:
                raise ValidationError.single("places", FEWER_PLACES.format(n=taken))
            rows = {r.stage: r for r in s.exec(select(CourseStage).where(CourseStage.course_id == c.id)).all()}
            changed = [st for st in inp.stages if (st.mode, st.cutoff, st.weight) != (
                rows[st.stage].mode, rows[st.stage].cutoff, rows[st.stage].weight)]
            if changed and c.selected_at is not None:
                raise ValidationError.single("stages", FROZEN_STAGES)
            remodes = [st.stage for st in changed if st.mode is not rows[st.stage].mode]
            if remodes and s.exec(select(CourseScore.application_id).where(
                    CourseScore.course_id == c.id, CourseScore.stage.in_(remodes)).limit(1)).first() is not None:
                raise ValidationError.single("stages", SCORED_MODE)
            for st in changed:
                r = rows[st.stage]
                r.mode, r.cutoff, r.weight = st.mode, st.cutoff, st.weight
                s.add(r)
            for k in COLUMNS:
                setattr(c, k, getattr(inp, k))
            c.version += 1
            s.add(c)
            s.flush()
            return c.version

        return self.db.write(work, actor=actor)

    def set_status(self, actor: Actor, course_id: int, to: CourseStatus | str, version: int) -> int:
        """Move the course to ``to``; returns its new version."""
        target = _status(to)
        today, now = self.today(), self.clock()

        def work(s):
            c = access.course_for(s, actor, Perm.COURSE_MANAGE, course_id, lock=True)
            access.check_version(c, version)
            if target is c.status:
                raise ValidationError.single("status", SAME.format(status=target.label))
            if target not in COURSE_MOVES[c.status]:
                raise RuleViolation("course_status", NOT_ALLOWED.format(frm=c.status.label, to=target.label))
            if target is CourseStatus.TRAINING and c.selected_at is None:
                raise RuleViolation("course_status", NOT_DECIDED)
            if target is CourseStatus.ENDED and today < c.end_on:
                raise RuleViolation("course_status", NOT_ENDED.format(day=c.end_on.isoformat()))
            s.add(CourseStatusChange(course_id=c.id, facility_id=c.facility_id, from_status=c.status,
                                     to_status=target, at=now, by=actor.user_id))
            c.status = target
            c.version += 1
            s.add(c)
            s.flush()
            return c.version

        return self.db.write(work, actor=actor)

    # -- reading ------------------------------------------------------------------------
    def get_course(self, actor: Actor, course_id: int) -> CourseRow:
        self._settle_course(course_id)

        def work(s):
            return self._course_rows(s, actor, [access.course_for(s, actor, Perm.COURSE_VIEW, course_id)])[0]

        return self.db.read(work)

    def courses(self, actor: Actor, facility_id: int | None, *, status: CourseStatus | str | None = None,
                since: date | None = None) -> list[CourseRow]:
        """The campus's courses (``None``: every campus, the city admin), the latest start
        first; ``status`` one state only; ``since`` those ending on or after it."""
        require(actor, Perm.COURSE_VIEW, facility_id)
        only = _status(status) if status is not None else None

        def work(s):
            if facility_id is not None:
                access.require_at(s, actor, Perm.COURSE_VIEW, facility_id)
            q = select(Course)
            if facility_id is not None:
                q = q.where(Course.facility_id == facility_id)
            if only is not None:
                q = q.where(Course.status == only)
            if since is not None:
                q = q.where(Course.end_on >= since)
            rows = list(s.exec(q.order_by(Course.start_on.desc(), Course.id.desc())).all())
            return self._course_rows(s, actor, rows, facility_id=facility_id)

        return self.db.read(work)

    def status_history(self, actor: Actor, course_id: int) -> list[tuple[CourseStatus | None, CourseStatus, str]]:
        """The course's moves, the first first: (from, to, who)."""

        def work(s):
            c = access.course_for(s, actor, Perm.COURSE_VIEW, course_id)
            rows = s.exec(select(CourseStatusChange).where(CourseStatusChange.course_id == c.id)
                          .order_by(CourseStatusChange.id)).all()
            who = access.names(s, [r.by for r in rows])
            return [(r.from_status, r.to_status, who.get(r.by, "")) for r in rows]

        return self.db.read(work)


def course_or_404(s, course_id: int) -> Course:
    c = s.get(Course, course_id)
    if c is None:
        raise not_found("course_id")
    return c
