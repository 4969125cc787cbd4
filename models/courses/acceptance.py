"""Acceptance and the reserve list (예비합격).

A selected applicant confirms (등록 확정: a trainee from the course's start) or declines
(포기). A place is freed — a *vacancy* — when a selected applicant declines, when a
trainee does not show up on the first day (``mark_no_show``), or when a trainee drops out
within the course's early window (the first ⌈teaching days × 10 % ÷ 100⌉ teaching days,
configurable as ``early_drop_pct``; ``models.courses.completion``).

A vacancy is offered to the first reserve in rank order who has no open offer, to answer
by the reply deadline (today + ``offer_days``, 2 by default, a Seoul day, inclusive). The
reserve accepts (the place is theirs: 등록 확정) or declines (포기), and the offer passes
to the next reserve; so it does when the deadline passes unanswered (the reserve's
application becomes 응답 기한 경과). Deadlines are looked at lazily, by the service's clock,
whenever a course's views are read or written: no timer runs. Once the early window has
closed, or when no reserve is left, the vacancy stays unfilled. A manager can also give an
open vacancy to a named reserve directly, with a written reason (``promote``); an open
offer of it to another reserve then ends.

Every offer, acceptance and promotion is an audited insert or update (the audit listener);
an offer passed on by the clock names the actor whose call found it expired. Two desks
promoting two reserves to one freed place at once: the vacancy row is locked (FOR UPDATE;
SQLite's write lock) and checked again, so exactly one wins and the other gets
``Conflict``; the partial unique index "one live offer per vacancy" is the last line.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from models.core.audit import record
from models.core.db import violated_constraint
from models.core.enums import AuditAction
from models.core.errors import Conflict, ValidationError
from models.core.permissions import Actor, Perm, acting
from models.core.text import check_text
from models.core.time import SEOUL
from models.courses import access
from models.courses.access import CoursesBase, not_found
from models.courses.dtos import OfferRow, VacancyRow
from models.courses.enums import (
    ApplicationStatus,
    EnrollmentStatus,
    OfferStatus,
    VacancyReason,
    VacancyStatus,
)
from models.courses.tables import (
    REASON_MAX,
    Course,
    CourseApplication,
    CourseOffer,
    CourseVacancy,
    Enrollment,
)

FILLED = "이미 충원된 자리입니다. 새로 고쳐 확인하세요."
NOT_SELECTED = "합격 상태인 지원자만 등록 확정하거나 포기할 수 있습니다."
NOT_RESERVE = "예비합격 상태인 지원자만 충원할 수 있습니다."
OFFER_CLOSED = "회신을 기다리는 제안이 아닙니다."
NOT_ENROLLED = "수강중인 수강생만 첫날 불참으로 처리할 수 있습니다."
TOO_EARLY = "교육 첫날({day})부터 첫날 불참으로 처리할 수 있습니다."
TOO_LATE = "충원 가능 기간(교육 {day}까지)이 지나 첫날 불참으로 처리할 수 없습니다. 중도탈락으로 처리하세요."
LIVE_KEYS = ("uq_course_offer_live", "uq_course_offer_open_application",
             "unique:course_offer.vacancy_id", "unique:course_offer.application_id")


def early_window_end(c: Course) -> date:
    """The last day a freed place is offered to the reserve list: the last of the first
    ⌈teaching days × early_drop_pct ÷ 100⌉ teaching days (the day before the start when
    that is none)."""
    days = access.teaching_days(c)
    k = math.ceil(len(days) * c.early_drop_pct / 100)
    return days[k - 1] if k and days else c.start_on - timedelta(days=1)


def _new_enrollment(c: Course, a: CourseApplication, day: date, actor, now) -> Enrollment:
    return Enrollment(course_id=c.id, facility_id=c.facility_id, application_id=a.id, youth_id=a.youth_id,
                      joined_on=max(c.start_on, day), status=EnrollmentStatus.ENROLLED, version=1, created_at=now,
                      created_by=actor.user_id if actor else None)


class AcceptancePart(CoursesBase):
    # -- the clock ------------------------------------------------------------------------
    def _settle_course(self, course_id: int | None = None, facility_id: int | None = None) -> None:
        today = self.today()

        def due(s):
            q = select(CourseOffer.course_id).where(CourseOffer.status == OfferStatus.OPEN,
                                                    CourseOffer.reply_by < today)
            if course_id is not None:
                q = q.where(CourseOffer.course_id == course_id)
            elif facility_id is not None:
                q = q.where(CourseOffer.facility_id == facility_id)
            return sorted(set(s.exec(q).all()))

        courses = self.db.read(due)
        if not courses:
            return
        actor, now = acting(), self.clock()

        def work(s):
            for cid in courses:
                c = s.get(Course, cid, with_for_update=True)
                self._expire(s, c, today, now, actor)

        self.db.write(work, actor=actor)

    def _expire(self, s, c: Course, today: date, now, actor) -> None:
        for o in s.exec(select(CourseOffer).where(CourseOffer.course_id == c.id, CourseOffer.status == OfferStatus.OPEN,
                                                  CourseOffer.reply_by < today).order_by(CourseOffer.id)).all():
            o.status, o.answered_at = OfferStatus.EXPIRED, now
            s.add(o)
            a = s.get(CourseApplication, o.application_id)
            a.status, a.version = ApplicationStatus.LAPSED, a.version + 1
            s.add(a)
            s.flush()
            v = s.get(CourseVacancy, o.vacancy_id)
            self._offer_next(s, c, v, today, now, actor)

    # -- vacancies and offers ---------------------------------------------------------------
    def _free_place(self, s, c: Course, application_id: int, reason: VacancyReason, day: date, now, actor) -> None:
        v = CourseVacancy(course_id=c.id, facility_id=c.facility_id, freed_by=application_id, reason=reason,
                          freed_on=day, status=VacancyStatus.OPEN, created_at=now)
        s.add(v)
        s.flush()
        self._offer_next(s, c, v, self.today(), now, actor)

    def _offer_next(self, s, c: Course, v: CourseVacancy, today: date, now, actor) -> CourseOffer | None:
        """Offer ``v`` to the first reserve without an open offer and not offered it yet, or
        leave it unfilled (none left, or the early window closed)."""
        if v.status is not VacancyStatus.OPEN:
            return None
        offered = set(s.exec(select(CourseOffer.application_id).where(CourseOffer.vacancy_id == v.id)).all())
        busy = set(s.exec(select(CourseOffer.application_id).where(CourseOffer.course_id == c.id,
                                                                   CourseOffer.status == OfferStatus.OPEN)).all())
        nxt = None
        if today <= early_window_end(c):
            for a in s.exec(select(CourseApplication).where(
                    CourseApplication.course_id == c.id, CourseApplication.status == ApplicationStatus.RESERVE)
                    .order_by(CourseApplication.reserve_rank, CourseApplication.id)).all():
                if a.id not in offered and a.id not in busy:
                    nxt = a
                    break
        if nxt is None:
            v.status = VacancyStatus.UNFILLED
            s.add(v)
            s.flush()
            return None
        o = CourseOffer(vacancy_id=v.id, course_id=c.id, facility_id=c.facility_id, application_id=nxt.id,
                        offered_at=now, reply_by=today + timedelta(days=c.offer_days), status=OfferStatus.OPEN,
                        by=actor.user_id if actor else None)
        s.add(o)
        s.flush()
        return o

    def _fill(self, s, c: Course, v: CourseVacancy, a: CourseApplication, day: date, now, actor) -> int:
        v.status, v.filled_by = VacancyStatus.FILLED, a.id
        s.add(v)
        a.status, a.answered_on, a.version = ApplicationStatus.CONFIRMED, day, a.version + 1
        s.add(a)
        e = _new_enrollment(c, a, day, actor, now)
        s.add(e)
        s.flush()
        return e.id

    # -- the selected applicants --------------------------------------------------------------
    def _selected(self, s, actor: Actor, application_id: int, version: int):
        a = s.get(CourseApplication, application_id)
        if a is None:
            raise not_found("application_id")
        c = access.course_for(s, actor, Perm.COURSE_MANAGE, a.course_id, lock=True)  # the course first, always
        a = s.get(CourseApplication, application_id, with_for_update=True, populate_existing=True)
        access.check_version(a, version)
        return c, a

    def confirm(self, actor: Actor, application_id: int, version: int) -> int:
        """A selected applicant takes their place (등록 확정); returns the trainee's
        enrollment id."""
        today, now = self.today(), self.clock()

        def work(s):
            c, a = self._selected(s, actor, application_id, version)
            if a.status is not ApplicationStatus.SELECTED:
                raise Conflict(NOT_SELECTED)
            a.status, a.answered_on, a.version = ApplicationStatus.CONFIRMED, today, a.version + 1
            s.add(a)
            e = _new_enrollment(c, a, today, actor, now)
            s.add(e)
            s.flush()
            return e.id

        return self.db.write(work, actor=actor)

    def decline(self, actor: Actor, application_id: int, version: int) -> None:
        """A selected applicant gives up the place (포기): the place goes to the reserve
        list. A reserve who gives up leaves the list (an open offer of theirs passes on)."""
        today, now = self.today(), self.clock()

        def work(s):
            c, a = self._selected(s, actor, application_id, version)
            self._expire(s, c, today, now, actor)
            if a.status is ApplicationStatus.SELECTED:
                a.status, a.answered_on, a.version = ApplicationStatus.DECLINED, today, a.version + 1
                s.add(a)
                s.flush()
                self._free_place(s, c, a.id, VacancyReason.DECLINED, today, now, actor)
            elif a.status is ApplicationStatus.RESERVE:
                o = s.exec(select(CourseOffer).where(CourseOffer.application_id == a.id,
                                                     CourseOffer.status == OfferStatus.OPEN)).first()
                a.status, a.answered_on, a.version = ApplicationStatus.DECLINED, today, a.version + 1
                s.add(a)
                if o is not None:
                    o.status, o.answered_at = OfferStatus.DECLINED, now
                    s.add(o)
                    s.flush()
                    self._offer_next(s, c, s.get(CourseVacancy, o.vacancy_id), today, now, actor)
                s.flush()
            else:
                raise Conflict(NOT_SELECTED)

        self.db.write(work, actor=actor)

    def mark_no_show(self, actor: Actor, enrollment_id: int, version: int) -> None:
        """The trainee did not come on the first day (첫날 불참): the place goes to the
        reserve list, within the early window."""
        today, now = self.today(), self.clock()

        def work(s):
            e = s.get(Enrollment, enrollment_id)
            if e is None:
                raise not_found("enrollment_id")
            c = access.course_for(s, actor, Perm.COURSE_MANAGE, e.course_id, lock=True)
            e = s.get(Enrollment, enrollment_id, with_for_update=True, populate_existing=True)
            access.check_version(e, version)
            if e.status is not EnrollmentStatus.ENROLLED:
                raise Conflict(NOT_ENROLLED)
            if today < e.joined_on:
                raise ValidationError.single("enrollment_id", TOO_EARLY.format(day=e.joined_on.isoformat()))
            end = early_window_end(c)
            if today > end:
                raise ValidationError.single("enrollment_id", TOO_LATE.format(day=end.isoformat()))
            self._expire(s, c, today, now, actor)
            e.status, e.version = EnrollmentStatus.NO_SHOW, e.version + 1
            s.add(e)
            s.flush()
            self._free_place(s, c, e.application_id, VacancyReason.NO_SHOW, today, now, actor)

        self.db.write(work, actor=actor)

    # -- the reserves' answers ------------------------------------------------------------------
    def _offer(self, s, actor: Actor, offer_id: int):
        o = s.get(CourseOffer, offer_id)
        if o is None:
            raise not_found("offer_id")
        c = access.course_for(s, actor, Perm.COURSE_MANAGE, o.course_id, lock=True)
        self._expire(s, c, self.today(), self.clock(), actor)
        v = s.get(CourseVacancy, o.vacancy_id, with_for_update=True, populate_existing=True)
        o = s.get(CourseOffer, offer_id, populate_existing=True)
        if o.status is not OfferStatus.OPEN:
            raise Conflict(OFFER_CLOSED if o.status is not OfferStatus.EXPIRED else
                           "회신 기한이 지나 다음 예비합격자에게 넘어간 제안입니다.")
        return c, v, o

    def accept_offer(self, actor: Actor, offer_id: int) -> int:
        """The reserve takes the freed place; returns the new trainee's enrollment id."""
        today, now = self.today(), self.clock()

        def work(s):
            c, v, o = self._offer(s, actor, offer_id)
            if v.status is not VacancyStatus.OPEN:
                raise Conflict(FILLED)
            o.status, o.answered_at = OfferStatus.ACCEPTED, now
            s.add(o)
            return self._fill(s, c, v, s.get(CourseApplication, o.application_id), today, now, actor)

        return self.db.write(work, actor=actor)

    def decline_offer(self, actor: Actor, offer_id: int) -> None:
        """The reserve turns the place down (포기): the offer passes to the next reserve."""
        today, now = self.today(), self.clock()

        def work(s):
            c, v, o = self._offer(s, actor, offer_id)
            o.status, o.answered_at = OfferStatus.DECLINED, now
            s.add(o)
            a = s.get(CourseApplication, o.application_id)
            a.status, a.answered_on, a.version = ApplicationStatus.DECLINED, today, a.version + 1
            s.add(a)
            s.flush()
            self._offer_next(s, c, v, today, now, actor)

        self.db.write(work, actor=actor)

    def promote(self, actor: Actor, vacancy_id: int, application_id: int, reason: str) -> int:
        """Give an open vacancy to the reserve ``application_id`` directly (they accepted in
        person, or the one offered cannot be reached), with the manager's written reason;
        returns the enrollment id. An open offer of it to another reserve ends."""
        reason = check_text("reason", reason, REASON_MAX, required="충원 사유를 입력하세요.",
                            too_long=f"사유는 {REASON_MAX}자 이하로 입력하세요.")
        today, now = self.today(), self.clock()

        def work(s):
            v = s.get(CourseVacancy, vacancy_id)
            if v is None:
                raise not_found("vacancy_id")
            c = access.course_for(s, actor, Perm.COURSE_MANAGE, v.course_id, lock=True)
            v = s.get(CourseVacancy, vacancy_id, with_for_update=True, populate_existing=True)
            if v.status is not VacancyStatus.OPEN:
                raise Conflict(FILLED)
            a = s.get(CourseApplication, application_id, with_for_update=True)
            if a is None or a.course_id != c.id or a.status is not ApplicationStatus.RESERVE:
                raise ValidationError.single("application_id", NOT_RESERVE)
            own = None
            for o in s.exec(select(CourseOffer).where(CourseOffer.vacancy_id == v.id,
                                                      CourseOffer.status == OfferStatus.OPEN)).all():
                if o.application_id == a.id:
                    own = o  # the reserve offered this place: their offer is accepted
                    continue
                o.status, o.answered_at = OfferStatus.SUPERSEDED, now
                s.add(o)
            for o in s.exec(select(CourseOffer).where(CourseOffer.application_id == a.id,
                                                      CourseOffer.status == OfferStatus.OPEN)).all():
                if o is not own:
                    o.status, o.answered_at = OfferStatus.SUPERSEDED, now  # their offer of another place
                    s.add(o)
            s.flush()
            if own is not None:
                own.status, own.answered_at, own.reason = OfferStatus.ACCEPTED, now, reason
                s.add(own)
            else:
                s.add(CourseOffer(vacancy_id=v.id, course_id=c.id, facility_id=c.facility_id, application_id=a.id,
                                  offered_at=now, reply_by=today, status=OfferStatus.ACCEPTED, answered_at=now,
                                  reason=reason, by=actor.user_id))
            try:
                s.flush()
            except IntegrityError as exc:
                if violated_constraint(exc) in LIVE_KEYS:
                    raise Conflict(FILLED) from None
                raise
            record(s, AuditAction.UPDATE, "course_vacancy", v.id, facility_id=c.facility_id,
                   detail=f"예비합격 {a.reserve_rank}순위 직접 충원 (사유 기록됨)")
            return self._fill(s, c, v, a, today, now, actor)

        return self.db.write(work, actor=actor)

    # -- reading ----------------------------------------------------------------------------
    def vacancies(self, actor: Actor, course_id: int) -> list[VacancyRow]:
        """The course's freed places with their offers, the oldest first."""
        self._settle_course(course_id)

        def work(s):
            c = access.course_for(s, actor, Perm.COURSE_VIEW, course_id)
            vs = list(s.exec(select(CourseVacancy).where(CourseVacancy.course_id == c.id)
                             .order_by(CourseVacancy.id)).all())
            offers = list(s.exec(select(CourseOffer).where(CourseOffer.course_id == c.id)
                                 .order_by(CourseOffer.id)).all())
            apps = {a.id: a for a in s.exec(select(CourseApplication).where(
                CourseApplication.course_id == c.id, CourseApplication.result.is_not(None))).all()}
            youth = access.youth_rows(s, [a.youth_id for a in apps.values()])
            out = []
            for v in vs:
                mine = tuple(OfferRow(o.id, o.vacancy_id, o.application_id, apps[o.application_id].youth_id,
                                      youth.get(apps[o.application_id].youth_id, ("", ""))[0],
                                      apps[o.application_id].reserve_rank, o.offered_at.astimezone(SEOUL), o.reply_by,
                                      o.status, o.answered_at.astimezone(SEOUL) if o.answered_at else None,
                                      o.reason)
                             for o in offers if o.vacancy_id == v.id)
                freed = apps.get(v.freed_by)
                out.append(VacancyRow(v.id, v.course_id, v.freed_by,
                                      youth.get(freed.youth_id, ("", ""))[0] if freed else "", v.reason, v.freed_on,
                                      v.status, v.filled_by, mine))
            return out

        return self.db.read(work)

    def open_offers(self, actor: Actor, course_id: int) -> list[OfferRow]:
        """The offers waiting for an answer, by deadline."""
        rows = [o for v in self.vacancies(actor, course_id) for o in v.offers if o.status is OfferStatus.OPEN]
        return sorted(rows, key=lambda o: (o.reply_by, o.id))
