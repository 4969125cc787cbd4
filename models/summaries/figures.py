"""Every figure of the monthly summary (월간 운영 실적), each a named query.

A figure is one ``select`` whose rows are the records it counts, one row per record
(or, for a rule that lives in an area's code, such as the attendance arithmetic, a
``computed`` figure that yields the same records from a few reads):
``facility_id``, ``record_id``, ``on`` (the date or instant that places it in the month,
Asia/Seoul), ``category`` and ``amount`` (1, or what the record adds: minutes, attendees).
The figure's value is the sum of ``amount``; by category, the sum of each category's rows.
The same select gives both the numbers (``counts``: a GROUP BY over it) and the evidence
(근거 자료, ``evidence``: its rows), so the evidence of a figure always adds up to it. A
category that is not recorded is ``unknown`` (미분류), never dropped.

What is counted is what happened in the period, never current state: a youth's
registration, a company's 발굴일, a session held, a referral's transition, a booking's start,
a roll's day. Where a record of the period can change state later (a follow-up due in
the month but done after it), it is read as it stood at the period's end. Voided
counseling and group sessions are left out (the summary says so).

Periods are calendar months (or runs of them) in Asia/Seoul: ``[first 00:00, after 00:00)``
in Seoul for instants, ``[first, after)`` for dates. A record at 23:59 on the last day
counts; one at 00:00 on the first of the next month does not.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import func, literal
from sqlmodel import select

from models.booths.enums import SessionType, SlotState
from models.booths.tables import BoothBooking, BoothSlot, ConsultRequest
from models.companies.enums import Channel as MatchChannel
from models.companies.enums import FoundVia, Stage
from models.companies.tables import Company, Referral, ReferralTransition, RetentionCheck
from models.core.time import SEOUL, day_bounds
from models.counseling.enums import FollowupStatus, GroupKind, Mode, SessionKind, Topic
from models.counseling.tables import (
    CounselingSession,
    Followup,
    GroupAttendance,
    GroupSession,
    SessionTopic,
)
from models.courses import attendance
from models.courses.enums import (
    ON_ROLL,
    ApplyChannel,
    Attendance,
    CourseField,
    CourseStatus,
    DropReason,
    EnrollmentStatus,
    OfferStatus,
    Outcome,
    SelectionResult,
)
from models.courses.tables import (
    AttendanceMark,
    Course,
    CourseApplication,
    CourseFollowup,
    CourseOffer,
    CourseRoll,
    Enrollment,
)
from models.desk.enums import BookingStatus, CancelCode
from models.rooms.tables import Booking
from models.youth.enums import Channel as YouthChannel
from models.youth.tables import Youth

UNKNOWN = "unknown"
UNKNOWN_LABEL = "미분류"
VOIDED_NOTE = "무효 처리된 상담·집단 프로그램 기록은 세지 않았습니다."


@dataclass(frozen=True)
class Period:
    """``[first, after)``: whole Seoul days, usually one calendar month."""

    first: date
    after: date

    @property
    def start(self) -> datetime:
        return day_bounds(self.first)[0]

    @property
    def end(self) -> datetime:
        return day_bounds(self.after)[0]

    @property
    def key(self) -> str:
        last = self.after - timedelta(days=1)
        if self.first.day == 1 and last.year == self.first.year and last.month == self.first.month:
            return f"{self.first:%Y-%m}"
        return f"{self.first:%Y-%m}~{last:%Y-%m}"


def month(year: int, mon: int) -> Period:
    return Period(date(year, mon, 1), date(year + (mon == 12), mon % 12 + 1, 1))


def shift(year: int, mon: int, months: int) -> tuple[int, int]:
    y, m = divmod(year * 12 + mon - 1 + months, 12)
    return y, m + 1


def year_to_date(year: int, mon: int) -> Period:
    """January 1 to the end of the month (누계)."""
    return Period(date(year, 1, 1), month(year, mon).after)


def trailing(year: int, mon: int, n: int = 12) -> list[Period]:
    """The ``n`` months ending with ``year``-``mon``, oldest first."""
    return [month(*shift(year, mon, i - n + 1)) for i in range(n)]


Query = Callable[[Period, "Iterable[int] | None"], sa.Select]
Shape = Callable[[sa.Row], "tuple[str, int]"]


@dataclass(frozen=True)
class Record:
    """One record a computed figure counts (the columns of a query figure's row)."""

    facility_id: int
    record_id: int
    on: date
    category: str
    amount: int = 1


Collect = Callable[[object, Period, "Iterable[int] | None"], "Iterable[Record]"]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    entity: str  # what one record is, for the evidence: 청년, 기업, 상담, ...
    query: Query
    categories: tuple[tuple[str, str], ...] = ()  # (key, label) in the order shown
    unit: str = "건"
    shape: Shape | None = None  # (category, amount) from a row's extra columns, in Python
    collect: Collect | None = None  # a computed figure: its records from the session, in Python

    def label_of(self, category: str) -> str:
        return dict(self.categories).get(category, UNKNOWN_LABEL if category == UNKNOWN else category)


FIGURES: dict[str, Figure] = {}


def figure(key: str, label: str, entity: str, categories=(), unit: str = "건", shape: Shape | None = None):
    def register(fn: Query) -> Query:
        FIGURES[key] = Figure(key, label, entity, fn, tuple(categories), unit, shape)
        return fn
    return register


def computed(key: str, label: str, entity: str, categories=(), unit: str = "건"):
    """A figure whose records are worked out in Python from a few reads (``fn(session,
    period, facility_ids)`` yields ``Record``s), where the rule lives in an area's code
    rather than in one select: the same records give its value and its evidence."""
    def register(fn: Collect) -> Collect:
        FIGURES[key] = Figure(key, label, entity, None, tuple(categories), unit, None, fn)
        return fn
    return register


def _cols(facility, record, on, category, amount=None, *extra):
    return [facility.label("facility_id"), record.label("record_id"), on.label("on"),
            (category if category is not None else sa.null()).label("category"),
            (amount if amount is not None else literal(1)).label("amount"), *extra]


def _at(q, column, p: Period):
    return q.where(column >= p.start, column < p.end)


def _on(q, column, p: Period):
    return q.where(column >= p.first, column < p.after)


def _of(q, column, ids):
    return q if ids is None else q.where(column.in_(list(ids)))


def _choices(enum) -> tuple[tuple[str, str], ...]:
    return tuple((m.value, m.label) for m in enum)


# -- the 운영 실적 table -------------------------------------------------------------------
@figure("recruit", "구직청년 모집", "청년", _choices(YouthChannel), "명")
def recruit(p: Period, ids):
    """Youths registered at the facility in the period, by their recruitment channel."""
    q = select(*_cols(Youth.registered_facility_id, Youth.id, Youth.created_at, Youth.channel))
    q = q.where(Youth.registered_facility_id.is_not(None))
    return _of(_at(q, Youth.created_at, p), Youth.registered_facility_id, ids)


@figure("companies", "구인기업 발굴", "기업", _choices(FoundVia), "곳")
def companies(p: Period, ids):
    """Companies whose 발굴일 falls in the period, by how they were found."""
    q = select(*_cols(Company.facility_id, Company.id, Company.found_on, Company.found_via))
    return _of(_on(q, Company.found_on, p), Company.facility_id, ids)


_REMOTE = sa.case((CounselingSession.mode == Mode.IN_PERSON, literal("in_person")), else_=literal("remote"))


def _sessions(category, p: Period, ids, *where):
    q = select(*_cols(CounselingSession.facility_id, CounselingSession.id, CounselingSession.held_at, category))
    q = q.where(CounselingSession.voided_at.is_(None), *where)
    return _of(_at(q, CounselingSession.held_at, p), CounselingSession.facility_id, ids)


@figure("counseling", "구직상담", "상담", (("in_person", "대면"), ("remote", "비대면")))
def counseling(p: Period, ids):
    """Individual counseling sessions held in the period (live only), in person or remote
    (by the mode: 대면, or 전화 / 화상 / 온라인·메신저)."""
    return _sessions(_REMOTE, p, ids)


@figure("group_sessions", "집단 프로그램", "집단 프로그램", _choices(GroupKind), "회")
def group_sessions(p: Period, ids):
    """Group sessions held in the period (live only), by kind: beside counseling, never in it."""
    q = select(*_cols(GroupSession.facility_id, GroupSession.id, GroupSession.held_at, GroupSession.kind))
    q = q.where(GroupSession.voided_at.is_(None))
    return _of(_at(q, GroupSession.held_at, p), GroupSession.facility_id, ids)


@figure("hires", "청년-기업매칭", "추천", _choices(MatchChannel), "명")
def hires(p: Period, ids):
    """Hires: transitions to 입사 dated in the period, by their referral's channel."""
    return _transitions(Stage.HIRED, p, ids)


def _transitions(stage: Stage, p: Period, ids):
    t = ReferralTransition
    q = (select(*_cols(t.facility_id, t.referral_id, t.happened_on, Referral.channel))
         .join(Referral, Referral.id == t.referral_id).where(t.to_stage == stage))
    return _of(_on(q, t.happened_on, p), t.facility_id, ids)


# -- counseling ------------------------------------------------------------------------
@figure("counseling_kind", "상담 유형별", "상담", _choices(SessionKind))
def counseling_kind(p: Period, ids):
    return _sessions(CounselingSession.kind, p, ids)


@figure("counseling_mode", "상담 방식별", "상담", _choices(Mode))
def counseling_mode(p: Period, ids):
    return _sessions(CounselingSession.mode, p, ids)


@figure("counseling_topic", "상담 주제별 (한 상담에 여러 주제)", "상담", _choices(Topic))
def counseling_topic(p: Period, ids):
    """One row per topic of a live session held in the period: a session with two topics
    counts under both, so the topics add up to more than the sessions."""
    s = CounselingSession
    q = (select(*_cols(s.facility_id, s.id, s.held_at, SessionTopic.topic))
         .join(SessionTopic, SessionTopic.session_id == s.id).where(s.voided_at.is_(None)))
    return _of(_at(q, s.held_at, p), s.facility_id, ids)


_ATTENDEES = (select(func.count()).where(GroupAttendance.group_session_id == GroupSession.id)
              .correlate(GroupSession).scalar_subquery())


@figure("group_participants", "집단 프로그램 참여 인원", "집단 프로그램", _choices(GroupKind), "명")
def group_participants(p: Period, ids):
    """Attendees of the period's live group sessions: the youths recorded plus the
    anonymous headcount of large online lectures."""
    g = GroupSession
    q = select(*_cols(g.facility_id, g.id, g.held_at, g.kind, _ATTENDEES + g.headcount))
    q = q.where(g.voided_at.is_(None))
    return _of(_at(q, g.held_at, p), g.facility_id, ids)


FOLLOWUP_CATEGORIES = (("on_time", "기한 내 완료"), ("late", "기한 후 완료"), ("open", "미완료"),
                       ("cancelled", "취소"))


def _followup_shape(row) -> tuple[str, int]:
    if row.status is FollowupStatus.DONE and row.done_at is not None:
        return ("on_time" if row.done_at.astimezone(SEOUL).date() <= row.on else "late"), 1
    cancelled = row.status is FollowupStatus.CANCELLED and not row.cancelled_later
    return ("cancelled" if cancelled else "open"), 1


@figure("followups", "사후 연락(후속 조치)", "후속 조치", FOLLOWUP_CATEGORIES, shape=_followup_shape)
def followups(p: Period, ids):
    """Follow-ups due in the period, by whether the session that did them was logged on or
    before the due day, as they stood at the period's end: one done after it is 미완료
    (printed again later, the month reads the same). So is one cancelled after it; one
    cancelled before 0016 kept no time of it and is 취소 whenever it was cancelled."""
    f = Followup
    done_at = sa.case((f.done_at < p.end, f.done_at), else_=sa.null()).label("done_at")
    later = sa.case((f.cancelled_at >= p.end, literal(1)), else_=literal(0)).label("cancelled_later")
    q = select(*_cols(f.facility_id, f.id, f.due_on, None), f.status.label("status"), done_at, later)
    return _of(_on(q, f.due_on, p), f.facility_id, ids)


# -- matching --------------------------------------------------------------------------
@figure("referrals", "추천", "추천", _choices(MatchChannel))
def referrals(p: Period, ids):
    """Referrals made in the period (their first transition), by channel."""
    return _transitions(Stage.REFERRED, p, ids)


@figure("interviews", "면접", "추천", _choices(MatchChannel))
def interviews(p: Period, ids):
    """Referrals that moved to 면접 in the period, by channel."""
    return _transitions(Stage.INTERVIEW, p, ids)


RETENTION_CATEGORIES = tuple((f"{m}:{o}", f"{m}개월 {label}") for m in (1, 3, 6)
                             for o, label in (("employed", "재직"), ("left", "퇴사")))


def _retention_shape(row) -> tuple[str, int]:
    outcome = getattr(row.outcome, "value", row.outcome)
    return (f"{row.months}:{outcome}" if outcome else UNKNOWN), 1


@figure("retention", "고용유지 확인", "고용유지 확인", RETENTION_CATEGORIES, shape=_retention_shape)
def retention(p: Period, ids):
    """Retention checks (1, 3, 6 months after a hire) recorded in the period, by result."""
    r = RetentionCheck
    q = select(*_cols(r.facility_id, r.id, r.recorded_at, None), r.months.label("months"),
               r.outcome.label("outcome")).where(r.recorded_at.is_not(None))
    return _of(_at(q, r.recorded_at, p), r.facility_id, ids)


# -- rooms -----------------------------------------------------------------------------
ROOM_STATUS = (("checked_in", "이용(입실)"), ("booked", "예약(미처리)"), ("no_show", "노쇼"),
               ("cancelled", "취소"))


def _room_status(row) -> tuple[str, int]:
    return getattr(row.status, "value", row.status), 1


def _booking(p: Period, ids, *extra, where=()):
    b = Booking
    q = select(*_cols(b.facility_id, b.id, b.starts_at, b.room_id), *extra).where(*where)
    return _of(_at(q, b.starts_at, p), b.facility_id, ids)


@figure("room_bookings", "공간 예약", "공간 예약", ROOM_STATUS, shape=_room_status)
def room_bookings(p: Period, ids):
    """Study and meeting room bookings starting in the period, by room (``category``: the
    room id) and, in the section, by status."""
    return _booking(p, ids, Booking.status.label("status"))


def _minutes(row) -> tuple[str, int]:
    return str(row.category), int((row.ends_at - row.starts_at).total_seconds() // 60)


@figure("room_booked_minutes", "예약 시간", "공간 예약", unit="분", shape=_minutes)
def room_booked_minutes(p: Period, ids):
    """Minutes booked by bookings starting in the period that were not cancelled, by room."""
    return _booking(p, ids, Booking.starts_at.label("starts_at"), Booking.ends_at.label("ends_at"),
                    where=(Booking.status != BookingStatus.CANCELLED,))


@figure("room_used_minutes", "이용 시간", "공간 예약", unit="분", shape=_minutes)
def room_used_minutes(p: Period, ids):
    """Minutes booked by bookings starting in the period that were checked in, by room."""
    return _booking(p, ids, Booking.starts_at.label("starts_at"), Booking.ends_at.label("ends_at"),
                    where=(Booking.status == BookingStatus.CHECKED_IN,))


@figure("room_late_cancels", "당일·직전 취소", "공간 예약")
def room_late_cancels(p: Period, ids):
    """Bookings starting in the period cancelled late (the desk's 직전 취소 code), by room."""
    return _booking(p, ids, where=(Booking.status == BookingStatus.CANCELLED,
                                   Booking.cancel_code == CancelCode.LATE))


# -- AI-interview booths -----------------------------------------------------------------
@figure("booth_slots", "부스 회차 제공", "부스 회차", unit="회")
def booth_slots(p: Period, ids):
    """Open (not blocked) booth slots starting in the period, by booth (the room id)."""
    s = BoothSlot
    q = select(*_cols(s.facility_id, s.id, s.starts_at, s.room_id)).where(s.state == SlotState.OPEN)
    return _of(_at(q, s.starts_at, p), s.facility_id, ids)


def _booth(p: Period, ids, *where):
    b = BoothBooking
    q = select(*_cols(b.facility_id, b.id, b.starts_at, b.session_type)).where(*where)
    return _of(_at(q, b.starts_at, p), b.facility_id, ids)


@figure("booth_booked", "부스 예약", "부스 예약", _choices(SessionType))
def booth_booked(p: Period, ids):
    """Booth bookings of slots starting in the period, not cancelled, by session type."""
    return _booth(p, ids, BoothBooking.status != BookingStatus.CANCELLED)


@figure("booth_attended", "부스 이용", "부스 예약", _choices(SessionType))
def booth_attended(p: Period, ids):
    return _booth(p, ids, BoothBooking.status == BookingStatus.CHECKED_IN)


@figure("booth_no_shows", "부스 노쇼", "부스 예약", _choices(SessionType))
def booth_no_shows(p: Period, ids):
    return _booth(p, ids, BoothBooking.status == BookingStatus.NO_SHOW)


@figure("booth_consult_requests", "분석 컨설팅 요청", "컨설팅 요청", (("requested", "요청"),))
def booth_consult_requests(p: Period, ids):
    """Analysis consultations requested in the period."""
    r = ConsultRequest
    q = select(*_cols(r.facility_id, r.id, r.requested_at, literal("requested")))
    return _of(_at(q, r.requested_at, p), r.facility_id, ids)


@figure("booth_consults_held", "분석 컨설팅 실시", "상담", (("held", "실시"),))
def booth_consults_held(p: Period, ids):
    """Live AI 면접 결과 상담 sessions held in the period that answered a request."""
    return _sessions(literal("held"), p, ids, CounselingSession.kind == SessionKind.AI_INTERVIEW_REVIEW,
                     CounselingSession.consult_request_id.is_not(None))


# -- courses ---------------------------------------------------------------------------
@figure("course_running", "운영 과정", "교육과정", _choices(CourseField), "개")
def course_running(p: Period, ids):
    """Courses (not cancelled) whose days overlap the period, by field."""
    c = Course
    q = select(*_cols(c.facility_id, c.id, c.start_on, c.field)).where(
        c.status != CourseStatus.CANCELLED, c.start_on < p.after, c.end_on >= p.first)
    return _of(q, c.facility_id, ids)


@figure("course_places", "운영 과정 정원", "교육과정", _choices(CourseField), "명")
def course_places(p: Period, ids):
    c = Course
    q = select(*_cols(c.facility_id, c.id, c.start_on, c.field, c.places)).where(
        c.status != CourseStatus.CANCELLED, c.start_on < p.after, c.end_on >= p.first)
    return _of(q, c.facility_id, ids)


@figure("course_applicants", "지원", "지원서", _choices(ApplyChannel), "명")
def course_applicants(p: Period, ids):
    """Applications made in the period (their 지원일), by channel; one withdrawn later
    still applied in its month."""
    a = CourseApplication
    q = select(*_cols(a.facility_id, a.id, a.applied_on, a.channel))
    return _of(_on(q, a.applied_on, p), a.facility_id, ids)


@figure("course_selected", "선발", "지원서", (("selection", "선발 발표"), ("reserve", "예비 합격 수락")), "명")
def course_selected(p: Period, ids):
    """Applicants selected by a selection announced in the period, and reserves who
    accepted a freed place in it."""
    a, c, o = CourseApplication, Course, CourseOffer
    q1 = (select(*_cols(a.facility_id, a.id, c.selected_at, literal("selection")))
          .join(c, c.id == a.course_id).where(a.result == SelectionResult.SELECTED))
    q1 = _of(_at(q1, c.selected_at, p), a.facility_id, ids)
    q2 = select(*_cols(o.facility_id, o.application_id, o.answered_at, literal("reserve"))).where(
        o.status == OfferStatus.ACCEPTED)
    q2 = _of(_at(q2, o.answered_at, p), o.facility_id, ids)
    return sa.union_all(q1, q2)


@figure("course_enrolled", "등록", "수강생", (("enrolled", "등록"), ("no_show", "첫날 불참")), "명")
def course_enrolled(p: Period, ids):
    """Trainees whose first day fell in the period; 첫날 불참 apart."""
    e = Enrollment
    cat = sa.case((e.status == EnrollmentStatus.NO_SHOW, literal("no_show")), else_=literal("enrolled"))
    q = select(*_cols(e.facility_id, e.id, e.joined_on, cat))
    return _of(_on(q, e.joined_on, p), e.facility_id, ids)


@figure("course_roll_days", "출석부 저장", "출석부", (("roll", "수업일"),), "일")
def course_roll_days(p: Period, ids):
    """Teaching days of the period whose roll was taken (one per course and day); the
    record id is the course's."""
    r = CourseRoll
    q = select(*_cols(r.facility_id, r.course_id, r.day, literal("roll")))
    return _of(_on(q, r.day, p), r.facility_id, ids)


@figure("course_attendance", "출결 예외", "수강생", tuple((k, v) for k, v in _choices(Attendance) if k != "present"))
def course_attendance(p: Period, ids):
    """Exceptions on the period's rolls (지각, 조퇴, 결석, 공결); the record id is the
    trainee's enrollment, the date the roll's day."""
    m = AttendanceMark
    q = select(*_cols(m.facility_id, m.enrollment_id, m.day, m.kind))
    return _of(_on(q, m.day, p), m.facility_id, ids)


TRAINEE_DAY_CATEGORIES = _choices(Attendance)


def _on_the_rolls(s, p: Period, ids):
    """Each trainee on the period's saved rolls: (course, enrollment, the days of those
    rolls the trainee was on, the trainee's marks of the period), by
    ``models.courses.attendance.on_roll`` (from the day they joined; a drop-out up to the
    day before leaving; 첫날 불참 never)."""
    r = CourseRoll
    days: dict[int, list[date]] = defaultdict(list)
    for cid, day in s.execute(_of(_on(select(r.course_id, r.day), r.day, p), r.facility_id, ids)).all():
        days[cid].append(day)
    if not days:
        return
    courses = {c.id: c for c in s.execute(select(Course).where(Course.id.in_(list(days)))).scalars().all()}
    m = AttendanceMark
    marks: dict[int, dict[date, Attendance]] = defaultdict(dict)
    for eid, day, kind in s.execute(_on(select(m.enrollment_id, m.day, m.kind).where(m.course_id.in_(list(days))),
                                        m.day, p)).all():
        marks[eid][day] = kind
    q = (select(Enrollment).where(Enrollment.course_id.in_(list(days)), Enrollment.status.in_(list(ON_ROLL)),
                                  Enrollment.joined_on < p.after).order_by(Enrollment.id))
    for e in s.execute(q).scalars().all():
        c = courses[e.course_id]
        mine = sorted(d for d in days[c.id] if attendance.on_roll(c, e, d))
        if mine:
            yield c, e, mine, marks.get(e.id, {})


@computed("course_trainee_days", "출석부 인원 (수강생 × 수업일)", "수강생", TRAINEE_DAY_CATEGORIES, "일")
def course_trainee_days(s, p: Period, ids):
    """One record per trainee and saved roll of the period that the trainee was on, by the
    day's mark (출석 where none is stored); the record id is the enrollment, the date the
    roll's day. The total is the rolls' trainee-days: the attendance rate's denominator."""
    for c, e, days, marks in _on_the_rolls(s, p, ids):
        for d in days:
            yield Record(c.facility_id, e.id, d, marks.get(d, Attendance.PRESENT).value)


ABSENCE_CATEGORIES = (("absent", "결석"), ("late_early", "지각·조퇴 환산"))


@computed("course_absence_days", "결석 환산 일수", "수강생", ABSENCE_CATEGORIES, "일")
def course_absence_days(s, p: Period, ids):
    """Each trainee's absence equivalents over the period's rolls, by the 교육과정 page's
    arithmetic (``models.courses.attendance.compute`` over those days): 결석, and
    ⌊(지각 + 조퇴) ÷ the course's lates_per_absence⌋; 공결 counts as attended. One record
    per trainee and part (dated the trainee's last roll of the period)."""
    for c, e, days, marks in _on_the_rolls(s, p, ids):
        f = attendance.compute(c, e, marks, days[-1], days)
        if f.absent:
            yield Record(c.facility_id, e.id, days[-1], "absent", f.absent)
        if f.absence_equivalent - f.absent:
            yield Record(c.facility_id, e.id, days[-1], "late_early", f.absence_equivalent - f.absent)


@figure("course_dropouts", "중도탈락", "수강생", _choices(DropReason), "명")
def course_dropouts(p: Period, ids):
    e = Enrollment
    q = select(*_cols(e.facility_id, e.id, e.ended_on, e.drop_reason)).where(e.status == EnrollmentStatus.DROPPED)
    return _of(_on(q, e.ended_on, p), e.facility_id, ids)


@figure("course_completions", "수료 판정", "수강생", (("completed", "수료"), ("not_completed", "미수료")), "명")
def course_completions(p: Period, ids):
    e = Enrollment
    q = select(*_cols(e.facility_id, e.id, e.ended_on, e.status)).where(
        e.status.in_([EnrollmentStatus.COMPLETED, EnrollmentStatus.NOT_COMPLETED]))
    return _of(_on(q, e.ended_on, p), e.facility_id, ids)


@figure("course_outcomes", "수료생 취업 확인", "취업 확인", _choices(Outcome), "명")
def course_outcomes(p: Period, ids):
    """Completers' employment follow-ups recorded in the period, by outcome."""
    f = CourseFollowup
    q = select(*_cols(f.facility_id, f.id, f.recorded_at, f.outcome)).where(f.outcome.is_not(None))
    return _of(_at(q, f.recorded_at, p), f.facility_id, ids)


HEADLINE = ("recruit", "companies", "counseling", "hires")


# -- running them ------------------------------------------------------------------------
def _key(value) -> str:
    if value is None:
        return UNKNOWN
    return str(getattr(value, "value", value))


@dataclass
class Counts:
    """A figure over one period: facility id -> category -> value."""

    figure: Figure
    period: Period
    by: dict[int, Counter] = field(default_factory=dict)

    def of(self, facility_id: int | None = None) -> Counter:
        if facility_id is not None:
            return self.by.get(facility_id, Counter())
        total = Counter()
        for c in self.by.values():
            total.update(c)
        return total

    def total(self, facility_id: int | None = None) -> int:
        return sum(self.of(facility_id).values())


def counts(s, key: str, period: Period, facility_ids=None) -> Counts:
    """The figure ``key`` over ``period`` (every facility when ``facility_ids`` is None)."""
    fig = FIGURES[key]
    out = Counts(fig, period)
    if fig.collect is not None:
        for r in fig.collect(s, period, facility_ids):
            out.by.setdefault(r.facility_id, Counter())[r.category] += r.amount
        return out
    if fig.shape is not None:  # the category or amount is made in Python: from the rows
        for r in s.execute(fig.query(period, facility_ids)).all():
            cat, amount = fig.shape(r)
            out.by.setdefault(r.facility_id, Counter())[cat] += amount
        return out
    sub = fig.query(period, facility_ids).subquery()
    q = select(sub.c.facility_id, sub.c.category, func.sum(sub.c.amount)).group_by(sub.c.facility_id,
                                                                                  sub.c.category)
    for fid, cat, n in s.execute(q).all():
        out.by.setdefault(fid, Counter())[_key(cat)] += int(n or 0)
    return out


@dataclass(frozen=True)
class EvidenceRow:
    figure: str
    facility_id: int
    record_id: int
    day: date
    at: datetime | None  # the instant in Seoul, for records placed by one
    category: str
    amount: int


def evidence(s, key: str, period: Period, facility_ids=None) -> list[EvidenceRow]:
    """The records the figure ``key`` counted over ``period``, in date order."""
    fig = FIGURES[key]
    rows = []
    if fig.collect is not None:
        rows = [EvidenceRow(key, r.facility_id, r.record_id, r.on, None, r.category, r.amount)
                for r in fig.collect(s, period, facility_ids)]
    for r in s.execute(fig.query(period, facility_ids)).all() if fig.collect is None else ():
        if fig.shape is not None:
            cat, amount = fig.shape(r)
        else:
            cat, amount = _key(r.category), int(r.amount or 0)
        on = r.on
        at = on.astimezone(SEOUL) if isinstance(on, datetime) else None
        rows.append(EvidenceRow(key, r.facility_id, r.record_id, at.date() if at else on, at, cat, amount))
    rows.sort(key=lambda e: (e.day, e.at or datetime.min.replace(tzinfo=SEOUL), e.record_id))
    return rows


def monthly(s, key: str, periods: list[Period], facility_ids=None) -> list[int]:
    """The figure's total in each of ``periods`` (consecutive months), from one read of
    the same query over their whole span: one sum per period, taken in the database."""
    fig = FIGURES[key]
    if fig.collect is not None:  # each period on its own: a computed figure need not add up over months
        return [sum(r.amount for r in fig.collect(s, p, facility_ids)) for p in periods]
    span = Period(periods[0].first, periods[-1].after)
    if fig.shape is not None:
        totals: dict[str, int] = defaultdict(int)
        for r in s.execute(fig.query(span, facility_ids)).all():
            totals[_month_of(r.on)] += fig.shape(r)[1]
        return [totals.get(p.key, 0) for p in periods]
    sub = fig.query(span, facility_ids).subquery()
    by_day = isinstance(sub.c.on.type, sa.Date) and not isinstance(sub.c.on.type, sa.DateTime)

    def within(p: Period):
        a, b = (p.first, p.after) if by_day else (p.start, p.end)
        return sa.and_(sub.c.on >= a, sub.c.on < b)

    q = select(*[func.sum(sa.case((within(p), sub.c.amount), else_=0)) for p in periods])
    row = s.execute(q).one()
    return [int(v or 0) for v in row]


def _month_of(on) -> str:
    if isinstance(on, datetime):
        on = on.astimezone(SEOUL)
    return f"{on:%Y-%m}"
