"""Applications (지원): a youth of the registry applies to a course on a day, through a
channel; an application can be withdrawn while the selection runs. One application per
youth per course (the database's unique key too). An application dated outside the
course's window is refused unless the manager writes the reason for the exception (kept on
the application; the audit log records that there was one).

``apply_many`` takes the validated rows of an import (the shared importer's output) in one
transaction: every row is checked, and one bad row writes nothing at all; its errors name
the row (``rows[3].youth_id``).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from models.core.db import violated_constraint
from models.core.errors import Conflict, RuleViolation, ValidationError
from models.core.permissions import Actor, Perm, require
from models.core.text import check_text
from models.core.validation import validate
from models.courses import access
from models.courses.access import CoursesBase, not_found
from models.courses.dtos import ApplicationRow
from models.courses.enums import ApplicationStatus, CourseStatus
from models.courses.schemas import ApplicationInput
from models.courses.tables import REASON_MAX, Course, CourseApplication
from models.lifecycle.requests import check_bookable
from models.youth.tables import Youth


def _unusable(s, youth_id: int) -> str | None:
    """Why a youth may not apply (consent withdrawn, record destroyed), or None."""
    try:
        check_bookable(s, youth_id)
    except ValidationError as exc:
        return exc.errors["youth_id"]
    return None

TWICE = "이미 이 과정에 지원한 청년입니다. 기존 지원 기록을 여세요."
TWICE_KEYS = ("uq_course_application_youth", "unique:course_application.course_id, course_application.youth_id")
NOT_OPEN = "모집중이거나 선발중(선발 확정 전)인 과정에만 지원을 받을 수 있습니다."
OUTSIDE = ("모집 기간({start}~{end}) 밖의 지원입니다. 시설 관리자가 예외 사유를 적으면 받을 수 있습니다.")
NO_YOUTH = "청년 정보를 찾을 수 없습니다."
NOT_WITHDRAWABLE = "선발이 끝난 지원은 취소할 수 없습니다. 합격자는 '포기'로 처리하세요."
BATCH_TWICE = "같은 청년이 가져올 목록에 두 번 있습니다."
MAX_ROWS = 5000


def accepts_applications(c: Course) -> bool:
    return c.status is CourseStatus.RECRUITING or (c.status is CourseStatus.SELECTING and c.selected_at is None)


def _check(s, c: Course, inp: ApplicationInput, today: date) -> tuple[date, str | None]:
    """The application's day and override reason, or ValidationError naming the field."""
    day = inp.applied_on or today
    if day > today:
        raise ValidationError.single("applied_on", access.FUTURE)
    reason = None
    if not c.apply_from <= day <= c.apply_until:
        if not inp.override_reason:
            raise ValidationError.single("applied_on", OUTSIDE.format(start=c.apply_from.isoformat(),
                                                                      end=c.apply_until.isoformat()))
        reason = inp.override_reason
    return day, reason


class ApplicationPart(CoursesBase):
    def _new(self, c: Course, inp: ApplicationInput, day: date, reason, actor: Actor, now) -> CourseApplication:
        return CourseApplication(course_id=c.id, facility_id=c.facility_id, youth_id=inp.youth_id, applied_on=day,
                                 channel=inp.channel, status=ApplicationStatus.APPLIED, override_reason=reason,
                                 version=1, created_at=now, created_by=actor.user_id)

    def apply(self, actor: Actor, course_id: int, data: dict | ApplicationInput) -> int:
        """The youth applies to the course; returns the application's id."""
        inp = validate(ApplicationInput, data)
        today, now = self.today(), self.clock()

        def work(s):
            c = access.course_for(s, actor, Perm.COURSE_MANAGE, course_id, lock=True)
            if not accepts_applications(c):
                raise RuleViolation("course_status", NOT_OPEN)
            day, reason = _check(s, c, inp, today)
            if s.get(Youth, inp.youth_id) is None:
                raise ValidationError.single("youth_id", NO_YOUTH)
            check_bookable(s, inp.youth_id)  # consent withdrawn, record destroyed: no application
            if s.exec(select(CourseApplication.id).where(CourseApplication.course_id == c.id,
                                                         CourseApplication.youth_id == inp.youth_id)).first():
                raise ValidationError.single("youth_id", TWICE)
            a = self._new(c, inp, day, reason, actor, now)
            s.add(a)
            try:
                s.flush()
            except IntegrityError as exc:
                if violated_constraint(exc) in TWICE_KEYS:
                    raise Conflict(TWICE, "youth_id") from None
                raise
            return a.id

        return self.db.write(work, actor=actor)

    def apply_many(self, actor: Actor, course_id: int, rows: list) -> list[int]:
        """Applications from validated import rows (each an ``ApplicationInput`` or its
        dict), all in one transaction; returns their ids in the rows' order. Any bad row
        raises one ValidationError naming every bad row's field (``rows[i].field``) and
        nothing is written."""
        if not isinstance(rows, list | tuple) or not rows:
            raise ValidationError.single("rows", "가져올 지원자가 없습니다.")
        if len(rows) > MAX_ROWS:
            raise ValidationError.single("rows", f"한 번에 {MAX_ROWS:,}명까지 가져올 수 있습니다.")
        inputs, errors = [], {}
        for i, row in enumerate(rows):
            try:
                inputs.append(validate(ApplicationInput, row))
            except ValidationError as exc:
                inputs.append(None)
                errors.update({f"rows[{i}].{k}": v for k, v in exc.errors.items()})
        today, now = self.today(), self.clock()

        def work(s):
            c = access.course_for(s, actor, Perm.COURSE_MANAGE, course_id, lock=True)
            if not accepts_applications(c):
                raise RuleViolation("course_status", NOT_OPEN)
            bad = dict(errors)
            youths = [inp.youth_id for inp in inputs if inp is not None]
            known, taken = set(), set()
            for i in range(0, len(youths), 900):
                chunk = youths[i:i + 900]
                known |= set(s.exec(select(Youth.id).where(Youth.id.in_(chunk))).all())
                taken |= set(s.exec(select(CourseApplication.youth_id).where(
                    CourseApplication.course_id == c.id, CourseApplication.youth_id.in_(chunk))).all())
            seen, made = set(), []
            for i, inp in enumerate(inputs):
                if inp is None:
                    continue
                try:
                    day, reason = _check(s, c, inp, today)
                except ValidationError as exc:
                    bad.update({f"rows[{i}].{k}": v for k, v in exc.errors.items()})
                    continue
                if inp.youth_id not in known:
                    bad[f"rows[{i}].youth_id"] = NO_YOUTH
                elif inp.youth_id in taken:
                    bad[f"rows[{i}].youth_id"] = TWICE
                elif inp.youth_id in seen:
                    bad[f"rows[{i}].youth_id"] = BATCH_TWICE
                elif (refused := _unusable(s, inp.youth_id)) is not None:
                    bad[f"rows[{i}].youth_id"] = refused
                else:
                    seen.add(inp.youth_id)
                    made.append(self._new(c, inp, day, reason, actor, now))
            if bad:
                raise ValidationError(bad, f"가져올 지원자 {len(rows)}명 중 {len({k.split('.')[0] for k in bad})}명의 "
                                           "입력을 확인하세요. 아무것도 저장하지 않았습니다.")
            s.add_all(made)
            try:
                s.flush()
            except IntegrityError as exc:
                if violated_constraint(exc) in TWICE_KEYS:
                    raise Conflict(TWICE, "rows") from None
                raise
            return [a.id for a in made]

        return self.db.write(work, actor=actor)

    def withdraw(self, actor: Actor, application_id: int, version: int, *, on: date | None = None,
                 reason: str = "") -> int:
        """The applicant withdraws (지원 취소) before the selection is decided; returns the
        new version."""
        reason = check_text("reason", reason, REASON_MAX, too_long=f"사유는 {REASON_MAX}자 이하로 입력하세요.")
        today = self.today()
        day = access.check_day("on", on, today) if on is not None else today

        def work(s):
            a = s.get(CourseApplication, application_id, with_for_update=True)
            if a is None:
                raise not_found("application_id")
            access.course_for(s, actor, Perm.COURSE_MANAGE, a.course_id)
            access.check_version(a, version)
            if a.status is not ApplicationStatus.APPLIED:
                raise Conflict(NOT_WITHDRAWABLE)
            if day < a.applied_on:
                raise ValidationError.single("on", "지원 취소일은 지원일보다 빠를 수 없습니다.")
            a.status, a.withdrawn_on, a.withdraw_reason = ApplicationStatus.WITHDRAWN, day, reason
            a.version += 1
            s.add(a)
            s.flush()
            return a.version

        return self.db.write(work, actor=actor)

    def applications(self, actor: Actor, course_id: int, *, include_withdrawn: bool = True) -> list[ApplicationRow]:
        """The course's applications, in the order they came in; phones masked."""
        self._settle_course(course_id)

        def work(s):
            c = access.course_for(s, actor, Perm.COURSE_VIEW, course_id)
            q = select(CourseApplication).where(CourseApplication.course_id == c.id)
            if not include_withdrawn:
                q = q.where(CourseApplication.status != ApplicationStatus.WITHDRAWN)
            rows = list(s.exec(q.order_by(CourseApplication.applied_on, CourseApplication.id)).all())
            return self._application_rows(s, rows)

        return self.db.read(work)

    def get_application(self, actor: Actor, application_id: int) -> ApplicationRow:
        def work(s):
            a = s.get(CourseApplication, application_id)
            if a is None:
                raise not_found("application_id")
            access.course_for(s, actor, Perm.COURSE_VIEW, a.course_id)
            return self._application_rows(s, [a])[0]

        return self.db.read(work)

    def youth_applications(self, actor: Actor, facility_id: int, youth_id: int) -> list[ApplicationRow]:
        """The youth's applications to the campus's courses, the newest first."""
        require(actor, Perm.COURSE_VIEW, facility_id)

        def work(s):
            access.require_at(s, actor, Perm.COURSE_VIEW, facility_id)
            rows = s.exec(select(CourseApplication).where(CourseApplication.facility_id == facility_id,
                                                          CourseApplication.youth_id == youth_id)
                          .order_by(CourseApplication.applied_on.desc(), CourseApplication.id.desc())).all()
            return self._application_rows(s, list(rows))

        return self.db.read(work)

    def _application_rows(self, s, rows) -> list[ApplicationRow]:
        youth = access.youth_rows(s, [a.youth_id for a in rows])
        return [ApplicationRow(a.id, a.course_id, a.youth_id, *youth.get(a.youth_id, ("", "")), a.applied_on,
                               a.channel, a.status, a.result, a.rank, a.reserve_rank, a.override_reason, a.version)
                for a in rows]
