"""Demo counseling: fifteen months of it (``DAYS_BACK``) at every open facility.

- The matching desk (MATCH-DESK) gets its eight resident counselors and a manager
  (``match-counselor1``…``8``, ``match-manager1``, password ``DESK_PASSWORD``); each holds a
  caseload of about 150 open cases and logs about 1,100 sessions a month between them, 9 %
  in person (the brief's 498 of 5,650).
- The demo café's counselor (``counselor``, CAFE-CENTER) has a caseload of about 150.
- Every other open café and every open campus has a modest history: a caseload of about
  40 a counselor (the facility's counselors; where it has none, one is made:
  ``<code>-counselor1``, e.g. ``cafe-mapo-counselor1`` with ``CAFE_PASSWORD``, and at a
  campus the course demo's ``acad-<campus>-counselor1`` with ``CAMPUS_PASSWORD``).
- The volumes a month stay those of a year's history when ``days_back`` is longer: the
  caseloads grow with the span the youths start in.
- Follow-ups are done by the youth's next session; the last ones are open, some overdue
  today. About one youth in ten consented to sensitive topics, and some of their sessions
  name 마음건강 or 건강·장애. A few sessions are voided, some locked ones have addenda,
  some cases are closed with an outcome, a few were transferred, and the active cases
  have activity plans.
- Every open café holds group sessions: mentoring, lectures, group counseling, and the
  monthly 취업 라이브 특강 on the 2nd Tuesday with a large online headcount.

Rows are bulk Core inserts in one transaction (no audit rows, as for the booth demo), so
the default demo stays quick. ``scale`` shrinks the volumes for small demos.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, text, update
from sqlmodel import select

from models.accounts.demo import CAFE_PASSWORD, CAMPUS_PASSWORD
from models.accounts.tables import RoleGrant, UserAccount
from models.core.calendar import holiday_name
from models.core.enums import Role
from models.core.time import SEOUL, local
from models.counseling.enums import (
    AddendumTarget,
    CaseEventKind,
    CaseStage,
    CaseStatus,
    FollowupStatus,
    GroupKind,
    Mode,
    Outcome,
    SessionKind,
    Topic,
)
from models.counseling.tables import (
    ActivityPlan,
    Addendum,
    Case,
    CaseEvent,
    CounselingSession,
    Followup,
    GroupAttendance,
    GroupSession,
    PlanStep,
    SessionTopic,
)
from models.facilities.enums import FacilityKind, FacilityStatus
from models.facilities.tables import Facility
from models.youth.tables import Youth

if TYPE_CHECKING:  # the registry imports every area; a demo only needs its type
    from models.registry import Services

DESK_CODE, DESK_COUNSELORS, DESK_PASSWORD = "MATCH-DESK", 8, "match12345"
CAFE_CODE = "CAFE-CENTER"
DAYS_BACK = 457  # about fifteen months: the 전년동월 of the demo's month has figures
CASES_PER_COUNSELOR = 150
OTHER_CASES = 40  # a counselor's caseload at the other cafés and the campuses
IN_PERSON_SHARE = 0.09
HEAD_START = 200
REMOTE_MODES = [(Mode.PHONE, 0.55), (Mode.ONLINE, 0.3), (Mode.VIDEO, 0.15)]
KINDS = [(SessionKind.DEEP, 30), (SessionKind.PLAN_REVIEW, 15), (SessionKind.RESUME, 18),
         (SessionKind.INTERVIEW_PREP, 12), (SessionKind.JOB_INFO, 15), (SessionKind.AFTERCARE, 6),
         (SessionKind.AI_INTERVIEW_REVIEW, 4)]
TOPICS = [(Topic.CAREER, 30), (Topic.JOB_SKILLS, 25), (Topic.JOB_SEARCH, 25), (Topic.STARTUP, 3),
          (Topic.HOUSING, 4), (Topic.LIVING, 6), (Topic.FINANCE, 4)]
SUMMARIES = {
    SessionKind.INITIAL: "구직 현황과 희망 직무 확인, 참여 안내",
    SessionKind.DEEP: "희망 직무와 강점 정리, 지원 분야 좁히기",
    SessionKind.PLAN_REVIEW: "취업활동계획 이행 점검, 다음 달 목표 조정",
    SessionKind.RESUME: "이력서 경력 기술 보완, 자기소개서 지원동기 첨삭",
    SessionKind.INTERVIEW_PREP: "예상 질문 답변 연습, 1분 자기소개 다듬기",
    SessionKind.AI_INTERVIEW_REVIEW: "AI 면접 결과 리포트 설명, 시선 처리와 답변 시간 보완",
    SessionKind.JOB_INFO: "구인기업 채용정보 3건 안내, 지원 일정 확인",
    SessionKind.AFTERCARE: "입사 후 적응 상황 확인",
}
NOTES = ["가정 형편으로 단기 아르바이트 병행 중", "최근 불합격 이후 의욕 저하 호소", "주거 이전 예정으로 일정 조율 필요",
         "부모와 진로 의견 차이", "건강 문제로 오전 상담 선호"]
NEXT_STEPS = ["수정한 이력서 메일로 받기", "채용공고 2곳 지원", "모의면접 일정 잡기", "다음 상담 때 포트폴리오 검토"]
GOALS = ["웹 프론트엔드 개발자", "데이터 분석", "마케팅·콘텐츠 기획", "공공기관 사무직", "품질관리(QC)", "영상 편집",
         "회계·재무 사무", "UX 디자이너"]
STEPS = ["희망 기업 목록 작성", "이력서 완성", "포트폴리오 정리", "자격증 취득", "모의면접 2회", "채용공고 5곳 지원"]
OUTCOMES = [(Outcome.EMPLOYED, 50), (Outcome.LOST_CONTACT, 15), (Outcome.WITHDREW, 12), (Outcome.EDUCATION, 8),
            (Outcome.STARTUP, 5), (Outcome.OTHER, 10)]
GROUPS = {  # kind: (title choices, capacity, attendees low-high, minutes, per month)
    GroupKind.MENTORING: (["IT 현직자 멘토링", "마케팅 현직자와의 대화", "공기업 선배 멘토링"], 20, (6, 18), 90, 3),
    GroupKind.LECTURE: (["자기소개서 작성 특강", "면접 이미지 메이킹", "직무 분석 특강"], 40, (12, 35), 120, 3),
    GroupKind.GROUP_COUNSELING: (["구직 스트레스 나누기", "진로 탐색 그룹상담"], 8, (4, 8), 90, 2),
}
PRESENTERS = ["김현직", "이멘토", "박강사", "최선배", "정코치"]


@dataclass
class _Youth:
    id: int
    counselor: int
    start: date
    gap: tuple[int, int]
    sessions: int
    consent: bool


def _insert(s, model, rows: list[dict]) -> list[int]:
    """Insert ``rows`` with explicit ids after the table's last (an executemany, where
    RETURNING would go row by row); on PostgreSQL the id sequence is moved past them."""
    table = model.__table__
    conn = s.connection()
    start = conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar() + 1
    ids = list(range(start, start + len(rows)))
    for i, row in zip(ids, rows, strict=True):
        row["id"] = i
    if rows:
        conn.execute(table.insert(), rows)
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), {ids[-1]})"))
    return ids


def _working_day(day: date) -> date:
    while day.weekday() >= 5 or holiday_name(day):
        day += timedelta(days=1)
    return day


def _pick(rng, weighted):
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def _desk_staff(services: Services, admin, desk_id: int) -> tuple[list[int], int]:
    """The desk's counselors and manager, sharing one password hash (one argon2 hash, not
    nine); added through the unit of work, so the audit log records them."""
    password_hash = services.accounts.hasher.hash(DESK_PASSWORD)
    now = services.clock()
    people = [(f"match-counselor{i}", f"매칭상담{i}", Role.COUNSELOR) for i in range(1, DESK_COUNSELORS + 1)]
    people.append(("match-manager1", "매칭센터장", Role.MANAGER))

    def work(s):
        ids = []
        for username, display, role in people:
            user = UserAccount(username=username, display_name=display, password_hash=password_hash,
                               created_at=now)
            s.add(user)
            s.flush()
            s.add(RoleGrant(user_id=user.id, facility_id=desk_id, role=role, granted_at=now,
                            granted_by=admin.user_id))
            ids.append(user.id)
        return ids

    ids = services.db.write(work, actor=admin)
    return ids[:-1], ids[-1]


def _facility_counselors(services: Services, admin, facilities: list[Facility]) -> dict[int, list[int]]:
    """The active counselors of each of ``facilities`` (by user id); a facility without one
    gets ``<code>-counselor1`` (a campus with ``CAMPUS_PASSWORD``, the course demo's
    account, a café with ``CAFE_PASSWORD``), through the unit of work, so the audit log
    records them. One argon2 hash a password."""
    ids = [f.id for f in facilities]

    def existing(s):
        rows = s.exec(select(RoleGrant.facility_id, RoleGrant.user_id)
                      .join(UserAccount, UserAccount.id == RoleGrant.user_id)
                      .where(RoleGrant.facility_id.in_(ids), RoleGrant.role == Role.COUNSELOR,
                             RoleGrant.revoked_at.is_(None), UserAccount.is_active)
                      .order_by(RoleGrant.user_id)).all()
        out: dict[int, list[int]] = {}
        for fid, uid in rows:
            out.setdefault(fid, []).append(uid)
        return out

    found = services.db.read(existing) if ids else {}
    missing = [f for f in facilities if not found.get(f.id)]
    if not missing:
        return found
    hashes = {kind: services.accounts.hasher.hash(CAMPUS_PASSWORD if kind is FacilityKind.CAMPUS else CAFE_PASSWORD)
              for kind in {f.kind for f in missing}}
    now = services.clock()

    def work(s):
        for f in missing:
            display = f"{f.district[:-1]}취업상담" if f.kind is FacilityKind.CAMPUS else f"{f.district[:-1]}카페상담"
            user = UserAccount(username=f"{f.code.lower()}-counselor1", display_name=display,
                               password_hash=hashes[f.kind], created_at=now)
            s.add(user)
            s.flush()
            s.add(RoleGrant(user_id=user.id, facility_id=f.id, role=Role.COUNSELOR, granted_at=now,
                            granted_by=admin.user_id))
            found[f.id] = [user.id]

    services.db.write(work, actor=admin)
    return found


def generate_counseling(services: Services, admin, youth_ids: list[int], rng: random.Random,
                        days_back: int = DAYS_BACK, scale: float = 1.0) -> int:
    """``days_back`` days (about fifteen months) of counseling ending today; returns the
    sessions made."""
    if not youth_ids:
        return 0
    now = services.clock()
    today = now.astimezone(SEOUL).date()
    first = today - timedelta(days=days_back)

    def facilities(s):
        return {f.code: f for f in s.exec(select(Facility).where(Facility.status == FacilityStatus.OPEN)).all()}

    places = services.db.read(facilities)
    desk, cafe = places.get(DESK_CODE), places.get(CAFE_CODE)
    desk_staff, desk_manager = _desk_staff(services, admin, desk.id) if desk else ([], None)
    cafe_counselor = services.db.read(lambda s: s.exec(select(UserAccount.id).where(
        UserAccount.username == "counselor")).first())
    # a counselor's youths started up to HEAD_START days before the history (so that it
    # begins with full caseloads); about two in three are still open today. A longer span
    # takes more youths, so that the volumes a month stay those of a year
    span = (days_back + HEAD_START) / (365 + HEAD_START)
    per = max(3, round(CASES_PER_COUNSELOR * scale * 1.2 * span))
    per_other = max(2, round(OTHER_CASES * scale * 1.2 * span))
    plans = []  # (facility, counselors, manager, caseload)
    if desk:
        plans.append((desk, desk_staff, desk_manager, per))
    if cafe and cafe_counselor:
        plans.append((cafe, [cafe_counselor], None, per))
    others = sorted((f for f in places.values() if f.code not in (DESK_CODE, CAFE_CODE)
                     and f.kind in (FacilityKind.JOB_CAFE, FacilityKind.CAMPUS)), key=lambda f: f.id)
    staff = _facility_counselors(services, admin, others)
    plans += [(f, staff[f.id], None, per_other) for f in others]

    def work(s):
        made = 0
        consent_ids = set()
        for facility, counselors, manager, caseload in plans:
            pool = list(youth_ids)
            rng.shuffle(pool)
            youths = []
            for i, counselor in enumerate(counselors):
                for yid in pool[i * caseload:(i + 1) * caseload]:
                    start = first + timedelta(days=rng.randrange(-HEAD_START, days_back))
                    youths.append(_Youth(yid, counselor, start, (8, 40), rng.randint(4, 24), rng.random() < 0.1))
            consent_ids |= {y.id for y in youths if y.consent}
            made += _facility(s, rng, facility, youths, manager, now, today, first)
        if consent_ids:
            s.execute(update(Youth).where(Youth.id.in_(sorted(consent_ids)))
                      .values(sensitive_consent_on=first - timedelta(days=1)))
        _groups(s, rng, [f for f in places.values() if f.kind is FacilityKind.JOB_CAFE], youth_ids,
                admin.user_id, first, today, now)
        return made

    return services.db.write(work, actor=admin)


def _facility(s, rng, facility, youths: list[_Youth], manager, now, today, first: date) -> int:
    sessions, meta = [], []  # meta: (youth, index in its sessions, is last)
    for y in youths:
        day = _working_day(y.start)
        for n in range(y.sessions):
            held = local(day, f"{rng.randint(9, 17):02d}:{rng.choice([0, 10, 20, 30, 40, 50]):02d}")
            if held > now:
                break
            if day < first:  # before the demo's history: not kept
                day = _working_day(day + timedelta(days=rng.randint(*y.gap)))
                continue
            kind = SessionKind.INITIAL if n == 0 else _pick(rng, KINDS)
            mode = Mode.IN_PERSON if rng.random() < IN_PERSON_SHARE else _pick(rng, REMOTE_MODES)
            sessions.append(dict(
                facility_id=facility.id, youth_id=y.id, counselor_id=y.counselor, held_at=held,
                duration_minutes=rng.choice([15, 30, 30, 30, 45, 60]) if mode is not Mode.IN_PERSON
                else rng.choice([30, 60, 60, 90]), mode=mode, kind=kind, summary=SUMMARIES[kind],
                note=rng.choice(NOTES) if rng.random() < 0.3 else "", next_step=rng.choice(NEXT_STEPS),
                consult_request_id=None, version=1, created_at=held + timedelta(minutes=rng.randint(5, 90)),
                created_by=y.counselor, updated_at=None, updated_by=None, voided_at=None, voided_by=None,
                void_reason=None))
            meta.append(y)
            day = _working_day(day + timedelta(days=rng.randint(*y.gap)))
    for row in sessions:  # created a little after the session, never after now
        row["created_at"] = min(row["created_at"], now)
    if not sessions:
        return 0
    ids = _insert(s, CounselingSession, sessions)
    topics, followups, addenda, voids = [], [], [], []
    by_youth: dict[int, list[int]] = {}
    for i, (sid, row, y) in enumerate(zip(ids, sessions, meta, strict=True)):
        by_youth.setdefault(y.id, []).append(i)
        chosen = {_pick(rng, TOPICS) for _ in range(rng.choice([1, 1, 2]))}
        if y.consent and rng.random() < 0.3:
            chosen.add(rng.choice([Topic.MENTAL_HEALTH, Topic.HEALTH]))
        topics += [dict(session_id=sid, topic=t, facility_id=facility.id) for t in chosen]
        if rng.random() < 0.003:
            voids.append(sid)
        elif row["created_at"] < now - timedelta(hours=48) and rng.random() < 0.01:
            addenda.append(dict(session_id=sid, facility_id=facility.id, target=AddendumTarget.SUMMARY,
                                body="연락처 변경으로 다음 상담은 화상으로 진행하기로 함", reason="상담 후 추가 연락",
                                created_at=row["created_at"] + timedelta(days=3), created_by=row["counselor_id"]))
    for y_id, idx in by_youth.items():
        for k, i in enumerate(idx):
            row = sessions[i]
            if rng.random() >= 0.45 and k < len(idx) - 1:
                continue
            due = row["held_at"].astimezone(SEOUL).date() + timedelta(days=rng.choice([3, 7, 14, 30]))
            nxt = idx[k + 1] if k + 1 < len(idx) else None
            done = nxt is not None
            # the last one is open (some overdue today) unless it is long past: given up
            status = FollowupStatus.DONE if done else FollowupStatus.OPEN \
                if due >= today - timedelta(days=10) else FollowupStatus.CANCELLED
            followups.append(dict(
                facility_id=facility.id, youth_id=y_id, counselor_id=row["counselor_id"], due_on=due,
                source_session_id=ids[i], status=status,
                done_session_id=ids[nxt] if done else None, done_at=sessions[nxt]["created_at"] if done else None,
                created_at=row["created_at"], created_by=row["counselor_id"]))
    s.connection().execute(SessionTopic.__table__.insert(), topics)
    if followups:
        s.connection().execute(Followup.__table__.insert(), followups)
    if addenda:
        s.connection().execute(Addendum.__table__.insert(), addenda)
    for sid in voids:  # voided the day after (not "yesterday": the same seed, the same rows)
        row = sessions[ids.index(sid)]
        s.execute(update(CounselingSession).where(CounselingSession.id == sid).values(
            voided_at=min(row["created_at"] + timedelta(days=1), now), voided_by=row["counselor_id"],
            void_reason="다른 청년의 기록으로 잘못 입력", version=2))
    _cases(s, rng, facility, youths, by_youth, sessions, ids, manager, now, today)
    return len(sessions)


def _cases(s, rng, facility, youths, by_youth, sessions, ids, manager, now, today) -> None:
    cases, meta = [], []
    for y in youths:
        idx = by_youth.get(y.id)
        if not idx:
            continue
        firsts, lasts = sessions[idx[0]], sessions[idx[-1]]
        n = len(idx)
        stage = CaseStage.INITIAL if n == 1 else CaseStage.DEEP if n < 5 else CaseStage.MATCHING
        finished = n >= y.sessions and lasts["held_at"] < now - timedelta(days=21)
        closed_at = min(lasts["held_at"] + timedelta(days=14), now) if finished else None
        cases.append(dict(facility_id=facility.id, youth_id=y.id, counselor_id=y.counselor, stage=stage,
                          status=CaseStatus.CLOSED if finished else CaseStatus.OPEN,
                          outcome=_pick(rng, OUTCOMES) if finished else None, opened_at=firsts["held_at"],
                          closed_at=closed_at, version=1))
        meta.append((y, firsts, idx))
    case_ids = _insert(s, Case, cases)
    events, plans, plan_meta = [], [], []
    counselors = sorted({y.counselor for y in youths})
    for cid, case, (y, _first, idx) in zip(case_ids, cases, meta, strict=True):
        at = case["opened_at"]
        others = [c for c in counselors if c != y.counselor]
        before = rng.choice(others) if manager and others and rng.random() < 0.03 else None
        events.append(dict(case_id=cid, facility_id=facility.id, kind=CaseEventKind.OPEN, from_counselor_id=None,
                           to_counselor_id=before or y.counselor, from_value=None, to_value="initial",
                           reason="첫 상담 기록", at=at, by=before or y.counselor))
        if before:
            events.append(dict(case_id=cid, facility_id=facility.id, kind=CaseEventKind.TRANSFER,
                               from_counselor_id=before, to_counselor_id=y.counselor, from_value=None,
                               to_value=None, reason="담당 상담사 업무량 조정", at=at + timedelta(hours=2),
                               by=manager))
        if case["status"] is CaseStatus.CLOSED:
            events.append(dict(case_id=cid, facility_id=facility.id, kind=CaseEventKind.CLOSE, from_counselor_id=None,
                               to_counselor_id=None, from_value=case["stage"].value,
                               to_value=case["outcome"].value, reason="", at=case["closed_at"], by=y.counselor))
        elif case["stage"] is not CaseStage.INITIAL and rng.random() < 0.6:
            plans.append(dict(facility_id=facility.id, youth_id=y.id, goal=rng.choice(GOALS),
                              target_on=today + timedelta(days=rng.randint(30, 180)),
                              created_at=sessions[idx[1]]["created_at"], created_by=y.counselor, updated_at=None))
            plan_meta.append((y, idx))
    s.connection().execute(CaseEvent.__table__.insert(), events)
    if not plans:
        return
    plan_ids = _insert(s, ActivityPlan, plans)
    steps = []
    for pid, plan, (y, idx) in zip(plan_ids, plans, plan_meta, strict=True):
        for pos, title in enumerate(rng.sample(STEPS, rng.randint(3, 5)), start=1):
            later = idx[1 + pos] if 1 + pos < len(idx) else None
            done = later is not None and rng.random() < 0.7
            steps.append(dict(plan_id=pid, facility_id=facility.id, title=title,
                              due_on=plan["created_at"].astimezone(SEOUL).date() + timedelta(days=14 * pos),
                              position=pos, done_at=sessions[later]["created_at"] if done else None,
                              done_by=y.counselor if done else None, done_session_id=ids[later] if done else None))
    s.connection().execute(PlanStep.__table__.insert(), steps)


def _second_tuesday(year: int, month: int) -> date:
    day = date(year, month, 1)
    day += timedelta(days=(1 - day.weekday()) % 7)
    return day + timedelta(days=7)


def _groups(s, rng, cafes, youth_ids, by: int, first: date, today: date, now) -> None:
    rows, attendees = [], []
    month = date(first.year, first.month, 1)
    while month <= today:
        nxt = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        for cafe in cafes:
            plan = [(kind, spec) for kind, spec in GROUPS.items() for _ in range(spec[4])]
            for kind, (titles, capacity, (lo, hi), minutes, _) in plan:
                day = _working_day(month + timedelta(days=rng.randrange(27)))
                held = local(day, rng.choice(["10:00", "14:00", "19:00"]))
                if day < first or held > now:
                    continue
                rows.append((dict(facility_id=cafe.id, kind=kind, title=rng.choice(titles),
                                  presenter=rng.choice(PRESENTERS), held_at=held, duration_minutes=minutes,
                                  mode=Mode.IN_PERSON, capacity=capacity, headcount=0, created_at=held,
                                  created_by=by, voided_at=None, voided_by=None, void_reason=None),
                             rng.sample(youth_ids, min(len(youth_ids), rng.randint(lo, hi)))))
        if cafes:
            live = _second_tuesday(month.year, month.month)
            held = local(live, "19:00")
            if first <= live and held <= now:
                rows.append((dict(facility_id=cafes[0].id, kind=GroupKind.LIVE_LECTURE, title="취업 라이브 특강",
                                  presenter=rng.choice(PRESENTERS), held_at=held, duration_minutes=90,
                                  mode=Mode.ONLINE, capacity=None, headcount=rng.randint(900, 1500),
                                  created_at=held, created_by=by, voided_at=None, voided_by=None,
                                  void_reason=None),
                             rng.sample(youth_ids, min(len(youth_ids), rng.randint(5, 20)))))
        month = nxt
    if not rows:
        return
    ids = _insert(s, GroupSession, [r for r, _ in rows])
    for gid, (row, people) in zip(ids, rows, strict=True):
        attendees += [dict(group_session_id=gid, youth_id=y, facility_id=row["facility_id"],
                           walk_in=rng.random() < 0.1, added_at=row["held_at"], added_by=by) for y in people]
    s.connection().execute(GroupAttendance.__table__.insert(), attendees)
