"""Drop-out (중도탈락), completion (수료) and the completion certificate (수료증).

- A trainee drops out on a day (from joining up to today and the course's last day) for a
  reason: 취업, 개인사정, 출석 미달 or 기타. Within the early window
  (``models.courses.acceptance``) the place goes to the reserve list.
- From the course's last day on, a trainee completes when their attendance rate over all
  their teaching days is at least the course's ``completion_pct`` (80 % by default);
  below it completion is refused, the rate in the message. ``complete_all`` completes
  every trainee who meets it and marks the others 미수료.
- A completer gets a certificate number, ``<campus code>-<year of the end>-<course id,
  4 digits>-<serial in the course, 3 digits>`` (unique in the database), and their
  follow-ups at 1, 3 and 6 months after the end (``models.courses.outcomes``).
- Printing a certificate is recorded in the audit log as an output, after the writer made
  it (``write``); a printout that fails records nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import func
from sqlmodel import select

from models.core.audit import record
from models.core.enums import AuditAction
from models.core.errors import Conflict, RuleViolation, ValidationError
from models.core.permissions import Actor, Perm
from models.core.text import check_text, output_purpose
from models.courses import access, outcomes
from models.courses.acceptance import early_window_end
from models.courses.access import CoursesBase, not_found
from models.courses.attendance import compute, meets
from models.courses.dtos import Certificate, CompletionSummary
from models.courses.enums import CourseStatus, DropReason, EnrollmentStatus, VacancyReason
from models.courses.tables import NOTE_MAX, Course, Enrollment
from models.facilities.tables import Facility
from models.youth.tables import Youth

NOT_ENROLLED = "수강중인 수강생만 처리할 수 있습니다."
DROP_RANGE = "중도탈락일은 수강 시작일({start})과 오늘·과정 종료일 사이여야 합니다."
BEFORE_END = "과정 종료일({day}) 이후에 수료 처리할 수 있습니다."
BELOW = "출석률 {rate}%로 수료 기준 {pct}%에 못 미쳐 수료 처리할 수 없습니다."
NOT_COMPLETED = "수료한 수강생에게만 수료증을 출력할 수 있습니다."



def _reason(value) -> DropReason:
    try:
        return DropReason(value)
    except ValueError:
        raise ValidationError.single("reason", "중도탈락 사유를 목록에서 고르세요.") from None


class CompletionPart(CoursesBase):
    def _enrollment(self, s, actor: Actor, enrollment_id: int, version: int | None = None):
        e = s.get(Enrollment, enrollment_id)
        if e is None:
            raise not_found("enrollment_id")
        c = access.course_for(s, actor, Perm.COURSE_MANAGE, e.course_id, lock=True)
        e = s.get(Enrollment, enrollment_id, with_for_update=True, populate_existing=True)
        if version is not None:
            access.check_version(e, version)
        return c, e

    def drop_out(self, actor: Actor, enrollment_id: int, version: int, *, on: date, reason: DropReason | str,
                 note: str = "") -> None:
        """The trainee leaves the course on ``on`` for ``reason``."""
        why = _reason(reason)
        note = check_text("note", note, NOTE_MAX, too_long=f"메모는 {NOTE_MAX}자 이하로 입력하세요.", multiline=True)
        today, now = self.today(), self.clock()
        access.check_day("on", on, today)

        def work(s):
            c, e = self._enrollment(s, actor, enrollment_id, version)
            if e.status is not EnrollmentStatus.ENROLLED:
                raise Conflict(NOT_ENROLLED)
            if not e.joined_on <= on <= min(today, c.end_on):
                raise ValidationError.single("on", DROP_RANGE.format(start=e.joined_on.isoformat()))
            e.status, e.ended_on, e.drop_reason, e.drop_note = EnrollmentStatus.DROPPED, on, why, note
            e.version += 1
            s.add(e)
            s.flush()
            if on <= early_window_end(c):
                self._free_place(s, c, e.application_id, VacancyReason.DROPPED, today, now, actor)

        self.db.write(work, actor=actor)

    def _complete(self, s, actor: Actor, c: Course, e: Enrollment, code: str, today: date, now) -> None:
        seq = (s.exec(select(func.max(Enrollment.certificate_seq)).where(Enrollment.course_id == c.id)).one()
               or 0) + 1
        e.status, e.ended_on = EnrollmentStatus.COMPLETED, c.end_on
        e.certificate_seq = seq
        e.certificate_no = f"{code}-{c.end_on.year}-{c.id:04d}-{seq:03d}"
        e.version += 1
        s.add(e)
        s.flush()
        outcomes.schedule(self, s, c, e, actor, now)

    def _check_end(self, c: Course, today: date) -> None:
        if today < c.end_on:
            raise RuleViolation("course_end", BEFORE_END.format(day=c.end_on.isoformat()))
        if c.status not in (CourseStatus.TRAINING, CourseStatus.ENDED):
            raise RuleViolation("course_status", "교육중이거나 종료된 과정의 수강생만 수료 처리할 수 있습니다.")

    def complete(self, actor: Actor, enrollment_id: int, version: int) -> str:
        """The trainee completes (see the module's docstring); returns the certificate
        number."""
        today, now = self.today(), self.clock()

        def work(s):
            c, e = self._enrollment(s, actor, enrollment_id, version)
            self._check_end(c, today)
            if e.status is not EnrollmentStatus.ENROLLED:
                raise Conflict(NOT_ENROLLED)
            figures = compute(c, e, self._marks(s, c.id).get(e.id, {}), today)
            if not meets(c, figures):
                raise ValidationError.single("attendance", BELOW.format(rate=figures.rate, pct=c.completion_pct))
            self._complete(s, actor, c, e, s.get(Facility, c.facility_id).code, today, now)
            return e.certificate_no

        return self.db.write(work, actor=actor)

    def complete_all(self, actor: Actor, course_id: int) -> CompletionSummary:
        """Every trainee still 수강중: 수료 at or above the threshold, 미수료 below it."""
        today, now = self.today(), self.clock()

        def work(s):
            c = access.course_for(s, actor, Perm.COURSE_MANAGE, course_id, lock=True)
            self._check_end(c, today)
            code = s.get(Facility, c.facility_id).code
            marks = self._marks(s, c.id)
            days = access.teaching_days(c)
            done, below = [], []
            for e in s.exec(select(Enrollment).where(Enrollment.course_id == c.id,
                                                     Enrollment.status == EnrollmentStatus.ENROLLED)
                            .order_by(Enrollment.id)).all():
                figures = compute(c, e, marks.get(e.id, {}), today, days)
                if meets(c, figures):
                    self._complete(s, actor, c, e, code, today, now)
                    done.append(e.id)
                else:
                    e.status, e.ended_on, e.version = EnrollmentStatus.NOT_COMPLETED, c.end_on, e.version + 1
                    s.add(e)
                    below.append((e.id, figures.rate))
            s.flush()
            return CompletionSummary(tuple(done), tuple(below))

        return self.db.write(work, actor=actor)

    def certificate(self, actor: Actor, enrollment_id: int, *, write: Callable[[Certificate], object] | None = None,
                    purpose: str | None = None) -> Certificate:
        """The completion certificate's contents. ``write(certificate)``, when given, makes
        the PDF inside the transaction, which then records the output in the audit log
        (with the serial number and ``purpose``); the contents alone are recorded as read."""
        purpose = output_purpose(purpose)
        today = self.today()

        def work(s):
            e = s.get(Enrollment, enrollment_id)
            if e is None:
                raise not_found("enrollment_id")
            c = access.course_for(s, actor, Perm.COURSE_MANAGE, e.course_id)
            if e.status is not EnrollmentStatus.COMPLETED:
                raise Conflict(NOT_COMPLETED)
            y = s.get(Youth, e.youth_id)
            f = s.get(Facility, c.facility_id)
            out = Certificate(e.certificate_no, y.name, y.birth_date, c.name, c.field.label, c.start_on, c.end_on,
                              c.total_hours, f.name, today)
            if write is not None:
                write(out)
            record(s, AuditAction.OUTPUT if write is not None else AuditAction.READ, "course_enrollment", e.id,
                   facility_id=c.facility_id,
                   detail=f"수료증 {'출력' if write is not None else '내용 열람'} {e.certificate_no}"
                          + (f" · 목적: {purpose}" if purpose else ""))
            return out

        return self.db.write(work, actor=actor)
