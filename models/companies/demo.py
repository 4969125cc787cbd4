"""Demo companies and matching: fifteen months of the matching desk in the brief's
proportions, and a small share of it at every other open job café.

The desk found 224 companies in five months of 2023 and made 385 matches (on-site 51,
online 331, city programme 3): here about 45 companies a month (발굴 경로 mostly online
and on-site visits, a few through city programmes, introductions and matching days, and
one in a hundred without a recorded route: 미분류), one to three openings each, and about
77 hires a month, each the end of a referral that went 추천 → 서류 전형 → 면접 → 합격 →
입사; about two in three referrals end earlier (불합격, 본인 포기, 기업 취소, each with its
reason), and the recent ones are still on the way, some of them stale. Hires have their
retention checks at 1, 3 and 6 months: those due are recorded (about one youth in seven
left), the later ones wait in the counselor's follow-up queue (through the registry's
scheduler, as the service does).

Rows are bulk Core inserts in one transaction (no audit rows, as for the counseling demo).
The entry is ``generate_matching``; ``scale`` shrinks the volumes for small demos.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, text
from sqlmodel import select

from models.companies import access, bizno
from models.companies.enums import (
    Channel,
    CompanySize,
    EmploymentType,
    FoundVia,
    Industry,
    OpeningStatus,
    RetentionOutcome,
    Stage,
)
from models.companies.tables import (
    Company,
    CompanyContact,
    JobOpening,
    Referral,
    ReferralTransition,
    RetentionCheck,
)
from models.core.calendar import holiday_name
from models.core.time import SEOUL, local
from models.facilities.enums import FacilityKind, FacilityStatus
from models.facilities.tables import Facility

if TYPE_CHECKING:  # the registry imports every area; a demo only needs its type
    from models.registry import Services

DESK_CODE = "MATCH-DESK"
DAYS_BACK = 457  # about fifteen months, as the counseling demo: the 전년동월 has figures
CAFE_SHARE = 0.08  # the other cafés' volumes against the desk's: a few companies and hires a month
COMPANIES_A_MONTH, HIRES_A_MONTH = 45, 77  # 224 and 385 in five months
FOUND_VIA = [(FoundVia.ONLINE, 52), (FoundVia.ON_SITE, 30), (FoundVia.CITY_PROGRAMME, 6), (FoundVia.REFERRAL, 8),
             (FoundVia.MATCHING_DAY, 3), (None, 1)]
CHANNELS = [(Channel.ONLINE, 331), (Channel.ON_SITE, 51), (Channel.CITY_PROGRAMME, 3)]
INDUSTRIES = [(Industry.J, 30), (Industry.C, 15), (Industry.M, 15), (Industry.G, 10), (Industry.N, 8),
              (Industry.Q, 6), (Industry.P, 5), (Industry.K, 4), (Industry.R, 3), (Industry.H, 4)]
SIZES = [(CompanySize.STARTUP, 40), (CompanySize.SME, 45), (CompanySize.MIDSIZE, 10), (CompanySize.LARGE, 5)]
PREFIX = ["한빛", "새솔", "다온", "누리", "미래", "온새미로", "바른", "가람", "하늘", "푸른", "도담", "초록", "아라", "별빛",
          "이음", "채움", "나래", "보람", "세움", "해솔"]
SUFFIX = ["소프트", "랩스", "테크", "바이오", "커머스", "디자인", "에듀", "헬스케어", "모빌리티", "파트너스", "데이터",
          "로보틱스", "미디어", "푸드", "에너지"]
JOBS = [("웹 프론트엔드 개발자", "SW개발"), ("백엔드 개발자", "SW개발"), ("데이터 분석가", "데이터"), ("마케팅 매니저", "마케팅"),
        ("콘텐츠 기획자", "기획"), ("UX 디자이너", "디자인"), ("품질관리(QC)", "생산·품질"), ("회계 사무원", "경영지원"),
        ("고객지원 매니저", "영업·CS"), ("영상 편집자", "미디어"), ("연구원 보조", "연구개발"), ("인사 담당자", "경영지원")]
CONTACT_NAMES = ["김채용", "이인사", "박담당", "최매니저", "정팀장", "강대리", "조과장", "윤실장"]
ROLES = ["인사팀장", "채용 담당", "경영지원팀 과장", "대표", "HR 매니저"]
DISTRICTS = ["강남구", "서초구", "마포구", "영등포구", "구로구", "금천구", "성동구", "송파구", "중구", "종로구", "용산구", "강서구"]
ENDINGS = {Stage.REJECTED: ["서류 불합격(직무 경험 부족)", "면접 불합격", "경쟁률로 탈락"],
           Stage.WITHDREW: ["다른 기업 합격", "근무지 거리", "연봉 조건 불일치"],
           Stage.COMPANY_CANCELLED: ["채용 계획 취소", "내부 충원", "공고 조기 마감"]}
# the chance of going on from each stage (else it ends); the product is about 1 in 3
ON = {Stage.REFERRED: 0.85, Stage.SCREENING: 0.7, Stage.INTERVIEW: 0.6, Stage.PASSED: 0.95}
NEXT = {Stage.REFERRED: Stage.SCREENING, Stage.SCREENING: Stage.INTERVIEW, Stage.INTERVIEW: Stage.PASSED,
        Stage.PASSED: Stage.HIRED}
LEFT_SHARE = 0.15
# referrals drawn for each hire wanted: with ON about one in three is hired, but the year's
# referrals gather in its later months (openings pile up), so fewer are drawn than 1/0.34
REFERRALS_A_HIRE = 2.6


def _pick(rng, weighted):
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def _working_day(day: date) -> date:
    while day.weekday() >= 5 or holiday_name(day):
        day += timedelta(days=1)
    return day


def _insert(s, model, rows: list[dict]) -> list[int]:
    """Insert ``rows`` with explicit ids after the table's last; on PostgreSQL the id
    sequence is moved past them (as the counseling demo does)."""
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


def generate_matching(services: Services, admin, youth_ids: list[int], rng: random.Random,
                      days_back: int = DAYS_BACK, scale: float = 1.0, facility_code: str = DESK_CODE,
                      cafe_share: float = CAFE_SHARE) -> int:
    """``days_back`` days (about fifteen months) of companies and matching ending today at
    the facility ``facility_code``, and at ``cafe_share`` of its volumes at every other open
    job café (the cafés match too: ``MATCHING_KINDS``), each by the facility's counselors
    and manager (made by the counseling demo; none there, nothing made). Returns the hires
    made."""
    if not youth_ids:
        return 0
    now = services.clock()
    today = now.astimezone(SEOUL).date()
    first = today - timedelta(days=days_back)
    scheduler = services.companies.followup_scheduler

    def work(s):
        desk = s.exec(select(Facility).where(Facility.code == facility_code)).first()
        plans = [(desk, scale)] if desk is not None else []
        if cafe_share > 0:
            cafes = s.exec(select(Facility).where(
                Facility.kind == FacilityKind.JOB_CAFE, Facility.status == FacilityStatus.OPEN,
                Facility.code != facility_code).order_by(Facility.id)).all()
            plans += [(c, scale * cafe_share) for c in cafes]
        used: set[str] = set()
        return sum(_facility(s, rng, f, share, youth_ids, days_back, first, today, now, scheduler, used)
                   for f, share in plans)

    return services.db.write(work, actor=admin)


def _facility(s, rng, desk, scale: float, youth_ids, days_back: int, first: date, today: date, now,
              scheduler, used: set[str]) -> int:
    """One facility's companies, openings, referrals and retention checks; its hires."""
    staff = sorted(access.matching_staff(s, desk.id))
    if not staff:
        return 0
    months = days_back / 30.4
    # companies and their contacts
    companies, contacts = [], []
    for _ in range(max(1, round(COMPANIES_A_MONTH * months * scale))):
        found = _working_day(first + timedelta(days=rng.randrange(days_back)))
        if found > today:
            found = today
        while True:
            number = bizno.make(f"{rng.randrange(101, 899)}{rng.choice((81, 86, 87, 88))}{rng.randrange(10000):04d}")
            if number not in used:
                used.add(number)
                break
        certified = rng.random() < 0.15
        companies.append({
            "facility_id": desk.id, "name": f"{rng.choice(PREFIX)}{rng.choice(SUFFIX)} {len(companies) + 1}",
            "biz_no": number, "representative": rng.choice(CONTACT_NAMES)[0] + rng.choice("민서지현우준"),
            "industry": _pick(rng, INDUSTRIES), "size": _pick(rng, SIZES), "certified": certified,
            "certified_year": rng.randint(2016, found.year) if certified else None,
            "address": f"서울시 {rng.choice(DISTRICTS)} {rng.randint(1, 300)}", "district": "",
            "website": f"https://www.company{len(companies) + 1}.example.kr", "found_via": _pick(rng, FOUND_VIA),
            "found_on": found, "owner_id": rng.choice(staff), "notes": "", "version": 1,
            "created_at": local(found, "11:00"), "created_by": None})
    for c in companies:
        c["district"] = c["address"].split()[1]
        c["created_by"] = c["owner_id"]
    company_ids = _insert(s, Company, companies)
    for cid in company_ids:
        for _ in range(rng.randint(1, 2)):
            n = len(contacts)
            contacts.append({"company_id": cid, "facility_id": desk.id, "name": rng.choice(CONTACT_NAMES),
                             "role": rng.choice(ROLES), "phone": f"010{rng.randrange(10**8):08d}",
                             "email": f"hr{n}@company{cid}.example.kr", "active": True})
    _insert(s, CompanyContact, contacts)
    # openings: one to three a company, open for 30-60 days from a few days after it was found
    openings = []
    for cid, c in zip(company_ids, companies, strict=True):
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            opened = min(today, c["found_on"] + timedelta(days=rng.randint(0, 20)))
            deadline = opened + timedelta(days=rng.randint(30, 60))
            title, field = rng.choice(JOBS)
            status = OpeningStatus.OPEN if deadline >= today else _pick(
                rng, [(OpeningStatus.CLOSED, 55), (OpeningStatus.FILLED, 40), (OpeningStatus.CANCELLED, 5)])
            openings.append({"company_id": cid, "facility_id": desk.id, "title": title, "job_field": field,
                             "employment_type": _pick(rng, [(EmploymentType.PERMANENT, 60),
                                                            (EmploymentType.CONTRACT, 25),
                                                            (EmploymentType.INTERN, 15)]),
                             "wage": rng.randrange(28, 45) * 1_000_000, "place": c["address"],
                             "headcount": rng.randint(1, 4), "deadline": deadline, "status": status,
                             "version": 1, "created_at": local(opened, "14:00"), "created_by": c["owner_id"],
                             "_opened": opened})
    opening_rows = [{k: v for k, v in o.items() if not k.startswith("_")} for o in openings]
    for o, oid in zip(openings, _insert(s, JobOpening, opening_rows), strict=True):
        o["_id"] = oid
    # referrals and their paths
    referrals, paths, pairs = [], [], set()
    target = round(HIRES_A_MONTH * months * scale * REFERRALS_A_HIRE)
    for _ in range(target * 3):
        if len(referrals) >= target:
            break
        o = rng.choice(openings)
        span = (min(o["deadline"], today) - o["_opened"]).days
        if span < 0:
            continue
        day = o["_opened"] + timedelta(days=rng.randint(0, span))
        youth = rng.choice(youth_ids)
        if (o["_id"], youth) in pairs:
            continue
        pairs.add((o["_id"], youth))
        counselor = rng.choice(staff)
        path = [(None, Stage.REFERRED, day, "")]
        stage = Stage.REFERRED
        while stage in NEXT:
            day = day + timedelta(days=rng.randint(3, 12))
            if day > today:
                break
            if rng.random() < ON[stage]:
                path.append((stage, NEXT[stage], day, ""))
                stage = NEXT[stage]
            else:
                end = _pick(rng, [(Stage.REJECTED, 60), (Stage.WITHDREW, 28), (Stage.COMPANY_CANCELLED, 12)])
                if stage is Stage.PASSED and end is Stage.REJECTED:
                    end = Stage.WITHDREW
                path.append((stage, end, day, rng.choice(ENDINGS[end])))
                stage = end
                break
        referrals.append({"facility_id": desk.id, "opening_id": o["_id"], "company_id": o["company_id"],
                          "youth_id": youth, "counselor_id": counselor, "channel": _pick(rng, CHANNELS),
                          "referred_on": path[0][2], "stage": stage, "moved_on": path[-1][2],
                          "version": len(path), "created_at": local(path[0][2], "15:00"),
                          "created_by": counselor})
        paths.append(path)
    referral_ids = _insert(s, Referral, referrals)
    transitions, checks, hires = [], [], 0
    for rid, r, path in zip(referral_ids, referrals, paths, strict=True):
        for frm, to, day, note in path:
            transitions.append({"referral_id": rid, "facility_id": desk.id, "from_stage": frm, "to_stage": to,
                                "happened_on": day, "note": note, "override_reason": None,
                                "at": local(day, "16:00"), "by": r["counselor_id"]})
        if r["stage"] is not Stage.HIRED:
            continue
        hires += 1
        hired_on, left_on = r["moved_on"], None
        if rng.random() < LEFT_SHARE:
            left_on = hired_on + timedelta(days=rng.randint(10, 170))
        for months_after in (1, 3, 6):
            due = access.add_months(hired_on, months_after)
            row = {"referral_id": rid, "facility_id": desk.id, "months": months_after, "due_on": due,
                   "followup_id": None, "outcome": None, "left_on": None, "recorded_at": None,
                   "recorded_by": None}
            if due <= today:
                gone = left_on is not None and left_on <= due
                row.update(outcome=RetentionOutcome.LEFT if gone else RetentionOutcome.EMPLOYED,
                           left_on=left_on if gone else None, recorded_at=local(due, "10:00"),
                           recorded_by=r["counselor_id"])
            elif scheduler is not None:
                row["followup_id"] = scheduler(s, desk.id, r["youth_id"], r["counselor_id"], due,
                                               r["counselor_id"], now)
            checks.append(row)
    if transitions:
        s.connection().execute(ReferralTransition.__table__.insert(), transitions)
    _insert(s, RetentionCheck, checks)
    return hires
