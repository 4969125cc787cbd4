"""Demo training courses in the brief's proportions: about 25 places a course and 4.4
applicants a place, three-stage selection (cut-off 60, weights 30/30/40) with a 20 %
reserve list, about one selected in twelve declining (the place offered down the reserve
list), roughly 85 % of trainees completing (the others drop out — for a job, personal
reasons, attendance or other — or miss 80 % attendance), and about 75 % of completers
employed within six months, followed up at 1, 3 and 6 months (the employer a company of
the registry for some of them).

``course_rows`` builds one course's whole life up to today, as rows: the status moves, the
applications and their stage scores (judged and ranked by ``models.courses.selection``'s
own rules), acceptance and the offers filling freed places, the daily rolls with their
exceptions, drop-outs, completion (``models.courses.attendance``'s arithmetic) with the
certificate numbers, and the follow-ups (recorded when due, waiting otherwise). The
default demo (``generate_courses``) gives every open campus a manager and a counselor
(``<code>-manager1``, ``<code>-counselor1``, password ``CAMPUS_PASSWORD``; the counselor
the counseling demo made, where it did) and four courses
around today: two ended (one long enough ago that its follow-ups are done), one in
training, one recruiting. The city builder (``models.courses.city``) uses the same rows
for ten years. Rows are bulk Core inserts (no audit rows in the default demo, as for the
other areas' demos).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING

from sqlalchemy import func, text
from sqlmodel import select

from models.accounts.demo import CAMPUS_PASSWORD
from models.accounts.tables import RoleGrant, UserAccount
from models.core.calendar import holiday_name
from models.core.enums import Role
from models.core.time import SEOUL, local
from models.courses.access import add_months
from models.courses.attendance import compute, meets
from models.courses.dtos import StageRow
from models.courses.enums import (
    STAGES,
    ApplicationStatus,
    ApplyChannel,
    Attendance,
    CourseField,
    CourseStatus,
    DropReason,
    EnrollmentStatus,
    OfferStatus,
    Outcome,
    SelectionResult,
    StageMode,
    VacancyReason,
    VacancyStatus,
)
from models.courses.schemas import DEFAULT_WEIGHTS
from models.courses.selection import judge, reserve_size, sort_key
from models.courses.tables import (
    AttendanceMark,
    Course,
    CourseApplication,
    CourseFollowup,
    CourseOffer,
    CourseRoll,
    CourseScore,
    CourseStage,
    CourseStatusChange,
    CourseVacancy,
    Enrollment,
)
from models.facilities.enums import FacilityKind, FacilityStatus
from models.facilities.tables import Facility

if TYPE_CHECKING:  # the registry imports every area; a demo only needs its type
    from models.registry import Services

TOPICS = {CourseField.SW: ["풀스택 웹개발", "백엔드 개발자(Java·Spring)", "프론트엔드 개발자(React)", "모바일 앱 개발",
                           "클라우드 엔지니어", "게임 클라이언트 개발"],
          CourseField.DT: ["AI 데이터 분석가", "빅데이터 엔지니어", "디지털 마케팅 데이터", "UX/UI 디자인", "스마트팩토리 엔지니어"],
          CourseField.OTHER: ["기술 창업 실무", "디지털 콘텐츠 기획"]}
FIELDS = [(CourseField.SW, 50), (CourseField.DT, 40), (CourseField.OTHER, 10)]
CHANNELS = [(ApplyChannel.ONLINE, 80), (ApplyChannel.ON_SITE, 10), (ApplyChannel.REFERRAL, 10)]
DROPS = [(DropReason.EMPLOYED, 40), (DropReason.PERSONAL, 35), (DropReason.ATTENDANCE, 15), (DropReason.OTHER, 10)]
EMPLOYERS = ["한빛소프트", "새솔데이터", "다온테크", "누리랩스", "미래모빌리티", "바른커머스", "가람에듀", "푸른헬스케어", "이음파트너스"]
STAGE_ROWS = tuple(StageRow(s, StageMode.SCORE, 60, DEFAULT_WEIGHTS[s]) for s in STAGES)
SCORES = {"documents": (72, 13), "skills": (70, 12), "interview": (73, 11)}
DECLINE, RESERVE_TAKES = 0.08, 0.75
DROP_SHARE, NO_SHOW, WEAK = 0.12, 0.01, 0.07  # trainees: drop out, never come, attend poorly
EMPLOYED_SHARE = 0.76  # of completers, within six months
TABLES = (Course, CourseStage, CourseStatusChange, CourseApplication, CourseScore, Enrollment, CourseVacancy,
          CourseOffer, CourseRoll, AttendanceMark, CourseFollowup)


def _pick(rng, weighted):
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _working(day: date) -> date:
    while day.weekday() >= 5 or holiday_name(day):
        day += timedelta(days=1)
    return day


def _days(start: date, end: date) -> list[date]:
    out, d = [], start
    while d <= end:
        if d.weekday() < 5 and not holiday_name(d):
            out.append(d)
        d += timedelta(days=1)
    return out


@dataclass
class Gen:
    """What building courses needs: the random stream, today, ids, youths, staff, the
    employers of the registry, the rows made so far (table -> rows), an audit hook and the
    counseling queue's scheduler (both optional)."""

    rng: random.Random
    today: date
    now: datetime
    new_id: Callable  # (model) -> int
    pick_youths: Callable  # (n, day) -> list of distinct youth ids
    company_ids: list[int] = field(default_factory=list)
    rows: dict = field(default_factory=lambda: {m: [] for m in TABLES})
    audit: Callable | None = None  # (model, row, at, user id) -> None
    scheduler: Callable | None = None  # (facility, youth, counselor, due, by, now) -> follow-up id
    serial: int = 0

    def add(self, model, row: dict, at: datetime | None = None, by: int | None = None) -> dict:
        if "id" in model.__table__.columns and "id" not in row:
            row["id"] = self.new_id(model)
        self.rows[model].append(row)
        if self.audit is not None and at is not None:
            self.audit(model, row, min(at, self.now), by)
        return row


def course_rows(g: Gen, campus, manager: int, counselor: int | None, start_on: date, n: int) -> str:
    """One course of ``campus`` starting on ``start_on`` (a Monday), its ``n``-th there,
    with its whole life up to today; returns its status value."""
    rng, today = g.rng, g.today
    weeks = rng.choice((16, 18, 20, 22, 24))
    end_on = start_on + timedelta(days=weeks * 7 - 3)
    apply_from, apply_until = start_on - timedelta(days=42), start_on - timedelta(days=14)
    documents_on, skills_on, interview_on = (apply_until + timedelta(days=d) for d in (2, 4, 7))
    announce_on = apply_until + timedelta(days=9)
    fld = _pick(rng, FIELDS)
    places = rng.choice((20, 22, 24, 25, 25, 25, 26, 28, 30))
    status = (CourseStatus.PLANNED if today < apply_from else CourseStatus.RECRUITING if today <= apply_until
              else CourseStatus.SELECTING if today < start_on else CourseStatus.TRAINING if today <= end_on
              else CourseStatus.ENDED)
    decided = today >= announce_on
    created = local(apply_from - timedelta(days=21), "10:00")
    c = g.add(Course, dict(
        facility_id=campus.id, name=f"{rng.choice(TOPICS[fld])} {n}기", field=fld, places=places,
        teaching_days="01234", day_start="09:00", day_end="18:00", start_on=start_on, end_on=end_on,
        total_hours=weeks * 5 * 8, instructor=rng.choice("김이박최정강조윤") + rng.choice(["강사", "멘토", "교수"]),
        apply_from=apply_from, apply_until=apply_until, documents_on=documents_on, skills_on=skills_on,
        interview_on=interview_on, announce_on=announce_on, counselor_id=counselor, status=status, reserve_pct=20,
        offer_days=2, early_drop_pct=10, lates_per_absence=3, completion_pct=80,
        selected_at=local(announce_on, "10:00") if decided else None, version=1, created_at=created,
        created_by=manager), created, manager)
    for st in STAGE_ROWS:
        g.add(CourseStage, dict(course_id=c["id"], stage=st.stage, mode=st.mode, cutoff=st.cutoff, weight=st.weight))
    moves = [(None, CourseStatus.PLANNED, created), (CourseStatus.PLANNED, CourseStatus.RECRUITING, apply_from),
             (CourseStatus.RECRUITING, CourseStatus.SELECTING, apply_until + timedelta(days=1)),
             (CourseStatus.SELECTING, CourseStatus.TRAINING, start_on), (CourseStatus.TRAINING, CourseStatus.ENDED,
                                                                         end_on)]
    for frm, to, when in moves:
        at = when if isinstance(when, datetime) else local(when, "09:00")
        if at <= g.now and (frm is None or list(CourseStatus).index(to) <= list(CourseStatus).index(status)):
            g.add(CourseStatusChange, dict(course_id=c["id"], facility_id=campus.id, from_status=frm, to_status=to,
                                           at=at, by=manager), at, manager)
    if status is CourseStatus.PLANNED:
        return status.value
    # applications
    total = round(places * rng.uniform(4.0, 5.0))
    window = (apply_until - apply_from).days
    apps = []
    for y in g.pick_youths(total, apply_from):
        day = apply_from + timedelta(days=min(window, int(rng.triangular(0, window, window * 0.8))))
        if day > today:
            continue
        at = local(day, f"{rng.randint(9, 17):02d}:{rng.randrange(60):02d}")
        apps.append(g.add(CourseApplication, dict(
            course_id=c["id"], facility_id=campus.id, youth_id=y, applied_on=day, channel=_pick(rng, CHANNELS),
            status=ApplicationStatus.APPLIED, result=None, rank=None, reserve_rank=None, final_score=None,
            override_reason=None, withdrawn_on=None, withdraw_reason="", answered_on=None, version=1,
            created_at=at, created_by=manager), at, manager))
    for a in apps:
        if rng.random() < 0.03:
            a.update(status=ApplicationStatus.WITHDRAWN, withdrawn_on=min(today, a["applied_on"] + timedelta(days=3)),
                     withdraw_reason="개인 일정", version=2)
    live = [a for a in apps if a["status"] is ApplicationStatus.APPLIED]
    # the stages, as far as the calendar has gone
    recorded: dict[int, dict] = {a["id"]: {} for a in live}
    for stage, day in zip(STAGES, (documents_on, skills_on, interview_on), strict=True):
        if today < day:
            break
        mean, sd = SCORES[stage.value]
        for a in live:
            mine = recorded[a["id"]]
            results, _, _, _ = judge(STAGE_ROWS[:stage.order], mine)
            if not all(r.cleared for r in results):
                continue
            score = max(0, min(100, round(rng.gauss(mean, sd))))
            mine[stage] = (score, None)
            g.add(CourseScore, dict(application_id=a["id"], stage=stage, course_id=c["id"], facility_id=campus.id,
                                    score=score, passed=None, recorded_at=local(day, "17:00"), recorded_by=manager))
    if not decided:
        return status.value
    qualified = []
    for a in live:
        _, _, failed, final = judge(STAGE_ROWS, recorded[a["id"]])
        if final is not None:
            qualified.append((sort_key(STAGE_ROWS, final, recorded[a["id"]], a["applied_on"], a["id"]), a, final))
        a["_final"] = final
    qualified.sort(key=lambda q: q[0])
    count = min(places, len(qualified))
    reserves = reserve_size(count, 20)
    rank = {q[1]["id"]: (i + 1, q[2]) for i, q in enumerate(qualified)}
    selected, reserve_list = [], []
    for a in live:
        r, final = rank.get(a["id"], (None, None))
        a.update(rank=r, final_score=None if final is None else round(float(final) * 100), version=a["version"] + 1)
        if r is not None and r <= count:
            a.update(result=SelectionResult.SELECTED, status=ApplicationStatus.SELECTED)
            selected.append(a)
        elif r is not None and r <= count + reserves:
            a.update(result=SelectionResult.RESERVE, status=ApplicationStatus.RESERVE, reserve_rank=r - count)
            reserve_list.append(a)
        else:
            a.update(result=SelectionResult.NOT_SELECTED, status=ApplicationStatus.NOT_SELECTED)
    reserve_list.sort(key=lambda a: a["reserve_rank"])
    lifecycle = SimpleNamespace(g=g, c=c, campus=campus, manager=manager, reserves=reserve_list,
                                days=_days(start_on, end_on), enrollments=[])
    lifecycle.window_end = lifecycle.days[max(0, math.ceil(len(lifecycle.days) * 0.1) - 1)]
    answer = announce_on + timedelta(days=2)
    for a in selected:
        if today < answer and rng.random() < 0.4:
            continue  # not answered yet
        day = min(today, answer)
        if rng.random() < DECLINE:
            a.update(status=ApplicationStatus.DECLINED, answered_on=day, version=a["version"] + 1)
            _free(lifecycle, a, VacancyReason.DECLINED, day)
        else:
            a.update(status=ApplicationStatus.CONFIRMED, answered_on=day, version=a["version"] + 1)
            _enrol(lifecycle, a, day)
    if today >= start_on:
        _train(lifecycle)
    return status.value


def _enrol(lc, a: dict, day: date) -> dict:
    e = lc.g.add(Enrollment, dict(
        course_id=lc.c["id"], facility_id=lc.campus.id, application_id=a["id"], youth_id=a["youth_id"],
        joined_on=max(lc.c["start_on"], day), status=EnrollmentStatus.ENROLLED, ended_on=None, drop_reason=None,
        drop_note="", certificate_no=None, certificate_seq=None, version=1, created_at=local(day, "11:00"),
        created_by=lc.manager), local(day, "11:00"), lc.manager)
    lc.enrollments.append(e)
    return e


def _free(lc, a: dict, reason: VacancyReason, day: date) -> None:
    """A freed place offered down the reserve list (each answers in two days)."""
    g = lc.g
    if day > g.today:
        return
    v = g.add(CourseVacancy, dict(course_id=lc.c["id"], facility_id=lc.campus.id, freed_by=a["id"], reason=reason,
                                  freed_on=day, status=VacancyStatus.OPEN, filled_by=None,
                                  created_at=local(day, "12:00")), local(day, "12:00"), lc.manager)
    while day <= lc.window_end:
        r = next((x for x in lc.reserves if x["status"] is ApplicationStatus.RESERVE), None)
        if r is None:
            break
        reply_by = day + timedelta(days=2)
        o = g.add(CourseOffer, dict(vacancy_id=v["id"], course_id=lc.c["id"], facility_id=lc.campus.id,
                                    application_id=r["id"], offered_at=local(day, "12:00"), reply_by=reply_by,
                                    status=OfferStatus.OPEN, answered_at=None, reason="", by=lc.manager),
                  local(day, "12:00"), lc.manager)
        answered = day + timedelta(days=g.rng.randint(0, 2))
        if answered > g.today:
            return  # waiting for the answer
        took = g.rng.random() < RESERVE_TAKES
        o.update(status=OfferStatus.ACCEPTED if took else OfferStatus.DECLINED, answered_at=local(answered, "15:00"))
        r.update(status=ApplicationStatus.CONFIRMED if took else ApplicationStatus.DECLINED, answered_on=answered,
                 version=r["version"] + 1)
        if took:
            v.update(status=VacancyStatus.FILLED, filled_by=r["id"])
            _enrol(lc, r, answered)
            return
        day = answered
    v["status"] = VacancyStatus.UNFILLED


def _train(lc) -> None:
    g, c, rng = lc.g, lc.c, lc.g.rng
    last = min(g.today, c["end_on"])
    taught = [d for d in lc.days if d <= last]
    for d in taught:
        g.add(CourseRoll, dict(course_id=c["id"], day=d, facility_id=c["facility_id"], saved_at=local(d, "18:00"),
                               saved_by=c["counselor_id"] or lc.manager))
    course = SimpleNamespace(**c)
    apps = {a["id"]: a for a in g.rows[CourseApplication] if a["course_id"] == c["id"]}
    i = 0
    while i < len(lc.enrollments):  # a reserve taking a freed place joins the list as it goes
        e = lc.enrollments[i]
        i += 1
        roll = rng.random()
        if roll < NO_SHOW and e["joined_on"] <= last:
            e.update(status=EnrollmentStatus.NO_SHOW, version=2)
            if e["joined_on"] <= lc.window_end:
                _free(lc, apps[e["application_id"]], VacancyReason.NO_SHOW, e["joined_on"])
            continue
        weak = roll < NO_SHOW + WEAK
        drop_day = None
        if rng.random() < DROP_SHARE:
            mine = [d for d in lc.days if d >= e["joined_on"]]
            drop_day = mine[min(len(mine) - 1, int(rng.random() ** 1.6 * len(mine)))]
            if drop_day > last:
                drop_day = None
        p_absent, p_late, p_early, p_excused = (0.13, 0.09, 0.04, 0.01) if weak else (0.015, 0.03, 0.012, 0.01)
        marks = {}
        for d in taught:
            if d < e["joined_on"] or (drop_day is not None and d >= drop_day):
                continue
            x = rng.random()
            kind = (Attendance.ABSENT if x < p_absent else Attendance.LATE if x < p_absent + p_late
                    else Attendance.EARLY_LEAVE if x < p_absent + p_late + p_early
                    else Attendance.EXCUSED if x < p_absent + p_late + p_early + p_excused else None)
            if kind is None:
                continue
            marks[d] = kind
            g.add(AttendanceMark, dict(enrollment_id=e["id"], day=d, course_id=c["id"], facility_id=c["facility_id"],
                                       kind=kind, reason="병원 진료" if kind is Attendance.EXCUSED else "",
                                       recorded_at=local(d, "18:00"), recorded_by=c["counselor_id"] or lc.manager))
        if drop_day is not None:
            e.update(status=EnrollmentStatus.DROPPED, ended_on=drop_day, version=2,
                     drop_reason=DropReason.ATTENDANCE if weak else _pick(rng, DROPS))
            if drop_day <= lc.window_end:
                _free(lc, apps[e["application_id"]], VacancyReason.DROPPED, drop_day)
            continue
        if g.today <= c["end_on"] or c["status"] is not CourseStatus.ENDED:
            continue
        figures = compute(course, SimpleNamespace(**e), marks, g.today, lc.days)
        if not meets(course, figures):
            e.update(status=EnrollmentStatus.NOT_COMPLETED, ended_on=c["end_on"], version=2)
            continue
        seq = sum(1 for x in lc.enrollments if x["certificate_seq"]) + 1
        e.update(status=EnrollmentStatus.COMPLETED, ended_on=c["end_on"], certificate_seq=seq, version=2,
                 certificate_no=f"{lc.campus.code}-{c['end_on'].year}-{c['id']:04d}-{seq:03d}")
        _followups(lc, e)


def _followups(lc, e: dict) -> None:
    g, c, rng = lc.g, lc.c, lc.g.rng
    end = c["end_on"]
    started, outcome = None, Outcome.UNEMPLOYED
    x = rng.random()
    if x < EMPLOYED_SHARE:
        outcome = Outcome.EMPLOYED
        started = end + timedelta(days=int(rng.triangular(-10, 183, 40)))
        started = min(started, add_months(end, 6))
    elif x < EMPLOYED_SHARE + 0.04:
        outcome, started = Outcome.STARTUP, end + timedelta(days=rng.randint(20, 150))
    elif x < EMPLOYED_SHARE + 0.09:
        outcome = Outcome.STUDY
    company = rng.choice(g.company_ids) if g.company_ids and rng.random() < 0.4 else None
    employer = rng.choice(EMPLOYERS) if company is None else None
    for months in (1, 3, 6):
        due = add_months(end, months)
        row = dict(enrollment_id=e["id"], course_id=c["id"], facility_id=c["facility_id"], youth_id=e["youth_id"],
                   months=months, due_on=due, followup_id=None, outcome=None, started_on=None, company_id=None,
                   employer="", note="", recorded_at=None, recorded_by=None)
        recorded = _working(due + timedelta(days=rng.randint(0, 6)))
        if recorded <= g.today:
            now = outcome if started is None or started <= due else Outcome.UNEMPLOYED
            if outcome is Outcome.STUDY and months == 1:
                now = Outcome.UNEMPLOYED
            row.update(outcome=now, recorded_at=local(recorded, "14:00"), recorded_by=c["counselor_id"] or lc.manager)
            if now in (Outcome.EMPLOYED, Outcome.STARTUP):
                row["started_on"] = started
            if now is Outcome.EMPLOYED:
                row.update(company_id=company, employer=employer or "")
        elif g.scheduler is not None and c["counselor_id"] is not None:
            row["followup_id"] = g.scheduler(c["facility_id"], e["youth_id"], c["counselor_id"], due,
                                             c["counselor_id"], g.now)
        g.add(CourseFollowup, row, row["recorded_at"] or local(end, "18:00"), c["counselor_id"] or lc.manager)


def finish_names(g: Gen, companies: dict[int, str]) -> None:
    """The employer's name of the follow-ups naming a company of the registry."""
    for row in g.rows[CourseFollowup]:
        if row["company_id"] is not None:
            row["employer"] = companies.get(row["company_id"], "")


# -- the default demo -------------------------------------------------------------------
def _campus_staff(services: Services, admin, campuses) -> dict[int, tuple[int, int]]:
    password_hash = services.accounts.hasher.hash(CAMPUS_PASSWORD)
    now = services.clock()

    def work(s):
        out = {}
        for f in campuses:
            ids = []
            for role, display in ((Role.MANAGER, f"{f.district[:-1]}캠퍼스장"), (Role.COUNSELOR, f"{f.district[:-1]}취업상담")):
                username = f"{f.code.lower()}-{role.value}1"
                known = s.exec(select(UserAccount.id).where(UserAccount.username == username)).first()
                if known is not None:  # the counseling demo made the campus's counselor
                    ids.append(known)
                    continue
                user = UserAccount(username=username, display_name=display,
                                   password_hash=password_hash, created_at=now)
                s.add(user)
                s.flush()
                s.add(RoleGrant(user_id=user.id, facility_id=f.id, role=role, granted_at=now,
                                granted_by=admin.user_id))
                ids.append(user.id)
            out[f.id] = (ids[0], ids[1])
        return out

    return services.db.write(work, actor=admin)


def _insert_all(s, g: Gen) -> None:
    conn = s.connection()
    for model in TABLES:
        rows = [{k: v for k, v in r.items() if not k.startswith("_")} for r in g.rows[model]]
        if rows:
            conn.execute(model.__table__.insert(), rows)
            if conn.dialect.name == "postgresql" and "id" in model.__table__.columns:
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{model.__tablename__}', 'id'), "
                                  f"{max(r['id'] for r in rows)})"))


def generate_courses(services: Services, admin, youth_ids: list[int], rng: random.Random,
                     scale: float = 1.0) -> int:
    """Four courses at every open campus (fewer campuses for a small demo), around today;
    returns the courses made."""
    if not youth_ids:
        return 0
    now = services.clock()
    today = now.astimezone(SEOUL).date()
    campuses = services.db.read(lambda s: list(s.exec(select(Facility).where(
        Facility.kind == FacilityKind.CAMPUS, Facility.status == FacilityStatus.OPEN).order_by(Facility.id)).all()))
    campuses = campuses[:max(1, round(len(campuses) * min(1.0, scale)))]
    if not campuses:
        return 0
    staff = _campus_staff(services, admin, campuses)
    scheduler = services.courses.followup_scheduler

    def work(s):
        from models.companies.tables import Company
        companies = dict(s.exec(select(Company.id, Company.name)).all())
        last = {m: s.exec(select(func.coalesce(func.max(m.__table__.c.id), 0))).one()
                for m in TABLES if "id" in m.__table__.columns}

        def new_id(model):
            last[model] += 1
            return last[model]

        pool = list(youth_ids)

        def pick(n, _day):
            return rng.sample(pool, min(n, len(pool)))

        g = Gen(rng, today, now, new_id, pick, sorted(companies),
                scheduler=(lambda *a: scheduler(s, *a)) if scheduler else None)
        made = 0
        for f in campuses:
            manager, counselor = staff[f.id]
            # starts: ~11 months ago (follow-ups done), ~6 months ago (ending), ~2 months ago (training), in 5 weeks
            for n, back in enumerate((400, 190, 60, -36), start=1):
                start = _monday(today - timedelta(days=back + rng.randint(0, 14)))
                course_rows(g, f, manager, counselor, start, n)
                made += 1
        finish_names(g, companies)
        # the scheduler's follow-ups must exist before the rows naming them: they do (flushed by it)
        _insert_all(s, g)
        return made

    return services.db.write(work, actor=admin)
