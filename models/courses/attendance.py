"""Attendance (출결): a daily roll per course.

The roll of a teaching day lists every trainee on it (from the day they joined; a
drop-out up to the day before leaving) as 출석 unless marked 지각, 조퇴, 결석 or 공결 (with
its reason). Only the exceptions are stored. Saving the roll of a day replaces that day's
marks. The day's own roll is taken by the campus's counselors and manager; after the day
only the manager changes it, with a reason, and each change is kept in an append-only
history. A roll is refused on a day the course does not teach (outside its dates, not one
of its weekdays, a public holiday) and on a day still to come.

**The arithmetic** of a trainee, over the teaching days counted so far (from joining up to
today, the course's last day or the day before dropping out, whichever is first):

- absence equivalents = 결석 + ⌊(지각 + 조퇴) ÷ lates_per_absence⌋ (3 by default: three
  late arrivals or early leaves make one absence); 공결 counts as attended;
- attendance rate (출석률) = (days counted − absence equivalents) ÷ days counted × 100
  (100 % before the first day);
- absence share = absence equivalents ÷ the trainee's teaching days in the whole course ×
  100; a warning at 10 % (주의) and at 20 % (경고).

At the end the days counted are all of the trainee's teaching days, and completion
(``models.courses.completion``) needs the rate at or above the course's ``completion_pct``.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlmodel import select

from models.core.calendar import holiday_name
from models.core.errors import PermissionDenied, RuleViolation, ValidationError
from models.core.permissions import Actor, Perm
from models.core.text import check_text
from models.core.time import SEOUL
from models.courses import access
from models.courses.access import CoursesBase
from models.courses.dtos import AttendanceFigures, Roll, RollRow, TraineeRow
from models.courses.enums import ON_ROLL, Attendance, CourseStatus, EnrollmentStatus
from models.courses.schemas import WARN_LEVELS
from models.courses.tables import (
    REASON_MAX,
    AttendanceMark,
    Course,
    CourseRoll,
    Enrollment,
    RollChange,
)

FUTURE_DAY = "오늘 이후의 출결은 기록할 수 없습니다."
NOT_TEACHING = "교육일이 아닌 날에는 출결을 기록할 수 없습니다({why})."
PAST_REASON = "지난 날의 출결을 바꾸려면 사유를 입력하세요."
PAST_MANAGER = "지난 날의 출결은 시설 관리자만 사유를 적어 바꿀 수 있습니다."
EXCUSED_REASON = "공결 사유를 입력하세요."
NOT_ON_ROLL = "이 날의 출석부에 없는 수강생입니다."
NOT_TRAINING = "교육중이거나 종료된 과정에만 출결을 기록할 수 있습니다."
KIND = "출석, 지각, 조퇴, 결석, 공결 중에서 고르세요."


def why_not_teaching(c: Course, day: date) -> str | None:
    if not c.start_on <= day <= c.end_on:
        return f"교육 기간 {c.start_on.isoformat()}~{c.end_on.isoformat()} 밖"
    if day.weekday() not in access.weekdays(c):
        return "교육 요일이 아님"
    name = holiday_name(day)
    if name:
        return f"공휴일 {name}"
    return None


def last_counted(c: Course, e: Enrollment, today: date) -> date:
    end = c.end_on
    if e.status is EnrollmentStatus.DROPPED and e.ended_on is not None:
        end = min(end, e.ended_on - timedelta(days=1))
    return min(end, today)


def on_roll(c: Course, e: Enrollment, day: date) -> bool:
    if e.status not in ON_ROLL or day < e.joined_on:
        return False
    return not (e.status is EnrollmentStatus.DROPPED and e.ended_on is not None and day >= e.ended_on)


def compute(c: Course, e: Enrollment, marks: dict[date, Attendance], today: date,
            calendar: list[date] | None = None) -> AttendanceFigures:
    """The trainee's figures (the module's docstring). ``calendar``: the course's teaching
    days, when the caller has them."""
    days = calendar if calendar is not None else access.teaching_days(c)
    last = last_counted(c, e, today)
    whole_end = c.end_on if e.status is not EnrollmentStatus.DROPPED else last_counted(c, e, c.end_on)
    counted = [d for d in days if e.joined_on <= d <= last]
    whole = sum(1 for d in days if e.joined_on <= d <= whole_end)
    n = Counter(marks[d] for d in counted if d in marks)
    equivalent = n[Attendance.ABSENT] + (n[Attendance.LATE] + n[Attendance.EARLY_LEAVE]) // c.lates_per_absence
    rate = 100.0 if not counted else max(0.0, 100 * (len(counted) - equivalent) / len(counted))
    share = 100 * equivalent / whole if whole else 0.0
    warning = "경고" if share >= WARN_LEVELS[1] else "주의" if share >= WARN_LEVELS[0] else ""
    return AttendanceFigures(len(counted), n[Attendance.LATE], n[Attendance.EARLY_LEAVE], n[Attendance.ABSENT],
                             n[Attendance.EXCUSED], equivalent, round(rate, 1), round(share, 1), warning)


def meets(c: Course, figures: AttendanceFigures) -> bool:
    """The completion rule, in whole numbers: attended × 100 ≥ completion_pct × days."""
    return (figures.days - figures.absence_equivalent) * 100 >= c.completion_pct * figures.days


def _kind(value, field: str) -> tuple[Attendance, str]:
    reason = ""
    if isinstance(value, dict):
        value, reason = value.get("kind"), value.get("reason", "")
    elif isinstance(value, tuple | list) and len(value) == 2:
        value, reason = value
    try:
        kind = Attendance(value)
    except ValueError:
        raise ValidationError.single(field, KIND) from None
    reason = check_text(field, reason, REASON_MAX, too_long=f"사유는 {REASON_MAX}자 이하로 입력하세요.")
    if kind is Attendance.EXCUSED and not reason:
        raise ValidationError.single(field, EXCUSED_REASON)
    return kind, reason if kind is Attendance.EXCUSED else reason


class AttendancePart(CoursesBase):
    def _marks(self, s, course_id: int, enrollment_ids=None) -> dict[int, dict[date, Attendance]]:
        q = select(AttendanceMark.enrollment_id, AttendanceMark.day, AttendanceMark.kind).where(
            AttendanceMark.course_id == course_id)
        out: dict[int, dict[date, Attendance]] = {}
        for eid, day, kind in s.exec(q).all():
            out.setdefault(eid, {})[day] = kind
        return out

    def _trainees(self, s, c: Course) -> list[Enrollment]:
        return list(s.exec(select(Enrollment).where(Enrollment.course_id == c.id)
                           .order_by(Enrollment.joined_on, Enrollment.id)).all())

    def trainees(self, actor: Actor, course_id: int) -> list[TraineeRow]:
        """The course's trainees (첫날 불참 included) with their attendance so far."""
        today = self.today()

        def work(s):
            c = access.course_for(s, actor, Perm.COURSE_VIEW, course_id)
            rows = self._trainees(s, c)
            marks = self._marks(s, c.id)
            days = access.teaching_days(c)
            youth = access.youth_rows(s, [e.youth_id for e in rows])
            return [TraineeRow(e.id, e.application_id, e.youth_id, *youth.get(e.youth_id, ("", "")), e.joined_on,
                               e.status, e.ended_on, e.drop_reason, compute(c, e, marks.get(e.id, {}), today, days),
                               e.certificate_no, e.version) for e in rows]

        return self.db.read(work)

    def roll(self, actor: Actor, course_id: int, day: date) -> Roll:
        """The roll of ``day``: each trainee on it with their mark (출석 by default) and
        their attendance so far."""
        today = self.today()
        access.check_day("day", day, today)

        def work(s):
            c = access.course_for(s, actor, Perm.COURSE_VIEW, course_id)
            why = why_not_teaching(c, day)
            if why:
                raise ValidationError.single("day", NOT_TEACHING.format(why=why))
            saved = s.get(CourseRoll, (c.id, day))
            people = [e for e in self._trainees(s, c) if on_roll(c, e, day)]
            marks = self._marks(s, c.id)
            reasons = dict(s.exec(select(AttendanceMark.enrollment_id, AttendanceMark.reason).where(
                AttendanceMark.course_id == c.id, AttendanceMark.day == day)).all())
            days = access.teaching_days(c)
            youth = access.youth_rows(s, [e.youth_id for e in people])
            rows = tuple(RollRow(e.id, e.youth_id, youth.get(e.youth_id, ("", ""))[0],
                                 marks.get(e.id, {}).get(day, Attendance.PRESENT), reasons.get(e.id, ""),
                                 compute(c, e, marks.get(e.id, {}), today, days)) for e in people)
            past = day < today
            editable = c.status in (CourseStatus.TRAINING, CourseStatus.ENDED) and (
                access.is_manager(actor, c.facility_id) if past else actor.can(Perm.COURSE_ATTENDANCE, c.facility_id))
            who = access.names(s, [saved.saved_by]) if saved else {}
            return Roll(c.id, day, saved is not None, saved.saved_at.astimezone(SEOUL) if saved else None,
                        who.get(saved.saved_by, "") if saved else "", editable, past, rows)

        return self.db.read(work)

    def save_roll(self, actor: Actor, course_id: int, day: date, marks: dict, *, reason: str | None = None) -> int:
        """Save the roll of ``day``: ``marks`` maps a trainee's enrollment id to its kind
        (or ``{"kind": …, "reason": …}``; 공결 needs its reason); every trainee not in it is
        출석. A past day needs the manager and ``reason``. Returns how many marks changed."""
        today, now = self.today(), self.clock()
        access.check_day("day", day, today, future=True)
        if day > today:
            raise ValidationError.single("day", FUTURE_DAY)
        if not isinstance(marks, dict):
            raise ValidationError.single("marks", KIND)
        past = day < today
        why = check_text("reason", reason, REASON_MAX, too_long=f"사유는 {REASON_MAX}자 이하로 입력하세요.")
        if past and not why:
            raise ValidationError.single("reason", PAST_REASON)
        wanted, errors = {}, {}
        for eid, value in marks.items():
            field = f"mark[{eid}]"
            try:
                wanted[eid] = _kind(value, field)
            except ValidationError as exc:
                errors.update(exc.errors)
        if errors:
            raise ValidationError(errors)

        def work(s):
            c = access.course_for(s, actor, Perm.COURSE_ATTENDANCE, course_id, lock=True)
            if past and not access.is_manager(actor, c.facility_id):
                raise PermissionDenied(PAST_MANAGER)
            if c.status not in (CourseStatus.TRAINING, CourseStatus.ENDED):
                raise RuleViolation("course_status", NOT_TRAINING)
            not_teaching = why_not_teaching(c, day)
            if not_teaching:
                raise ValidationError.single("day", NOT_TEACHING.format(why=not_teaching))
            people = {e.id: e for e in self._trainees(s, c) if on_roll(c, e, day)}
            bad = {f"mark[{eid}]": NOT_ON_ROLL for eid in wanted if eid not in people}
            if bad:
                raise ValidationError(bad)
            existing = {m.enrollment_id: m for m in s.exec(select(AttendanceMark).where(
                AttendanceMark.course_id == c.id, AttendanceMark.day == day)).all()}
            changed = 0
            for eid in people:
                old = existing.get(eid)
                before = (old.kind, old.reason) if old else (Attendance.PRESENT, "")
                after = wanted.get(eid, (Attendance.PRESENT, ""))
                if before == after:
                    continue
                changed += 1
                if after[0] is Attendance.PRESENT:
                    s.delete(old)
                elif old is None:
                    s.add(AttendanceMark(enrollment_id=eid, day=day, course_id=c.id, facility_id=c.facility_id,
                                         kind=after[0], reason=after[1], recorded_at=now, recorded_by=actor.user_id))
                else:
                    old.kind, old.reason, old.recorded_at, old.recorded_by = after[0], after[1], now, actor.user_id
                    s.add(old)
                if past and before[0] is not after[0]:
                    s.add(RollChange(course_id=c.id, facility_id=c.facility_id, enrollment_id=eid, day=day,
                                     from_kind=before[0], to_kind=after[0], reason=why, at=now, by=actor.user_id))
            saved = s.get(CourseRoll, (c.id, day))
            if saved is None:
                saved = CourseRoll(course_id=c.id, day=day, facility_id=c.facility_id, saved_at=now,
                                   saved_by=actor.user_id)
            else:
                saved.saved_at, saved.saved_by = now, actor.user_id
            s.add(saved)
            s.flush()
            return changed

        return self.db.write(work, actor=actor)

    def roll_changes(self, actor: Actor, course_id: int) -> list[tuple[date, int, Attendance, Attendance, str, str]]:
        """Changes made to past rolls, the oldest first: (day, enrollment id, from, to,
        reason, who)."""

        def work(s):
            c = access.course_for(s, actor, Perm.COURSE_VIEW, course_id)
            rows = s.exec(select(RollChange).where(RollChange.course_id == c.id).order_by(RollChange.id)).all()
            who = access.names(s, [r.by for r in rows])
            return [(r.day, r.enrollment_id, r.from_kind, r.to_kind, r.reason, who.get(r.by, "")) for r in rows]

        return self.db.read(work)
