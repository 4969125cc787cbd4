"""A deterministic demo data set: facilities, rooms, one account per role, and youth.

The same seed always gives the same data, so screenshots and bug reports can be
reproduced. Later capabilities extend ``generate``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import select

from models.core.enums import Role
from models.core.validation import validate
from models.facilities.enums import FacilityKind, FacilityStatus, RoomKind
from models.facilities.seed import seed_facilities
from models.registry import Services
from models.youth.enums import Channel
from models.youth.schemas import YouthInput
from models.youth.tables import Youth


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    display_name: str
    role: Role
    facility_code: str | None


DEMO_FACILITY = "CAFE-CENTER"
DEMO_ACCOUNTS = [
    DemoAccount("admin", "admin1234", "김서울", Role.ADMIN, None),
    DemoAccount("manager", "manager1234", "박센터", Role.MANAGER, DEMO_FACILITY),
    DemoAccount("counselor", "counsel1234", "이상담", Role.COUNSELOR, DEMO_FACILITY),
    DemoAccount("frontdesk", "desk12345", "최안내", Role.FRONT_DESK, DEMO_FACILITY),
]

SURNAMES = ["김"] * 21 + ["이"] * 15 + ["박"] * 8 + ["최"] * 5 + ["정"] * 5 + [
    "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안", "송", "전", "홍", "유", "고", "문"]
GIVEN = ["민", "서", "지", "현", "우", "준", "예", "도", "하", "윤", "수", "은", "연", "유", "진", "영",
         "주", "채", "시", "건", "태", "다", "혜", "승", "성", "재", "나", "소", "원", "아", "인", "호"]
DISTRICT_WEIGHTS = {"관악구": 9, "마포구": 7, "동작구": 6, "영등포구": 6, "강서구": 6, "송파구": 6,
                    "노원구": 5, "광진구": 5, "은평구": 5, "성북구": 5, "서대문구": 4, "구로구": 4,
                    "강동구": 4, "강남구": 4, "중구": 2, "종로구": 2, "용산구": 2, "성동구": 3,
                    "동대문구": 3, "중랑구": 3, "강북구": 3, "도봉구": 3, "양천구": 3, "금천구": 3,
                    "서초구": 3, "서울 외": 3}
# Mar–Jul 2023 recruitment mix of the matching desk: 486 on-site, 1,115 online, 160 city programme
CHANNEL_WEIGHTS = {Channel.ON_SITE: 486, Channel.ONLINE: 1115, Channel.CITY_PROGRAMME: 160}

CAFE_ROOMS = [("스터디룸 A", RoomKind.STUDY_ROOM, 4), ("스터디룸 B", RoomKind.STUDY_ROOM, 6),
              ("스터디룸 C", RoomKind.STUDY_ROOM, 6), ("스터디룸 D", RoomKind.STUDY_ROOM, 8),
              ("회의실", RoomKind.MEETING_ROOM, 12), ("AI 면접 부스 1", RoomKind.AI_BOOTH, 1),
              ("AI 면접 부스 2", RoomKind.AI_BOOTH, 1), ("AI 면접 부스 3", RoomKind.AI_BOOTH, 1),
              ("상담실 1", RoomKind.COUNSELING_ROOM, 2), ("상담실 2", RoomKind.COUNSELING_ROOM, 2)]
CAMPUS_ROOMS = [("강의실 1", RoomKind.MEETING_ROOM, 30), ("팀 프로젝트룸", RoomKind.STUDY_ROOM, 8),
                ("상담실", RoomKind.COUNSELING_ROOM, 2)]
DESK_ROOMS = [(f"상담실 {i}", RoomKind.COUNSELING_ROOM, 2) for i in range(1, 5)]


@dataclass(frozen=True)
class DemoSummary:
    facilities: int
    rooms: int
    youth: int
    accounts: list[DemoAccount]
    bookings: int = 0
    booth_bookings: int = 0


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def generate(services: Services, seed: int = 2023, youth_count: int = 1800) -> DemoSummary:
    rng = random.Random(seed)
    today = services.accounts.today()
    if services.accounts.has_users():
        raise ValueError("이미 계정이 있는 데이터베이스에는 데모 데이터를 만들 수 없습니다.")
    seed_facilities(services)
    facilities = {f.code: f for f in services.facilities.list_all()}

    first = DEMO_ACCOUNTS[0]
    admin = services.accounts.create_first_admin(
        {"username": first.username, "password": first.password, "display_name": first.display_name})
    for acc in DEMO_ACCOUNTS[1:]:
        services.accounts.create_user(
            admin, {"username": acc.username, "password": acc.password, "display_name": acc.display_name},
            grants=[(acc.role, facilities[acc.facility_code].id)])

    rooms = 0
    for f in facilities.values():
        if f.status is not FacilityStatus.OPEN:
            continue
        layout = {FacilityKind.JOB_CAFE: CAFE_ROOMS, FacilityKind.CAMPUS: CAMPUS_ROOMS,
                  FacilityKind.MATCHING_DESK: DESK_ROOMS}[f.kind]
        for name, kind, cap in layout:
            services.facilities.add_room(admin, f.id, {"name": name, "kind": kind, "capacity": cap})
            rooms += 1

    open_ids = [f.id for f in facilities.values() if f.status is FacilityStatus.OPEN]
    phones: set[str] = set()
    rows = []
    for _ in range(youth_count):
        phone = f"010{rng.randrange(10**8):08d}"
        while phone in phones:
            phone = f"010{rng.randrange(10**8):08d}"
        phones.add(phone)
        age_days = rng.randrange(19 * 365 + 5, 37 * 365)
        consent = today - timedelta(days=rng.randrange(0, 720))
        inp = validate(YouthInput, {
            "name": _name(rng), "birth_date": today - timedelta(days=age_days), "phone": phone,
            "email": f"user{rng.randrange(10**6):06d}@example.com" if rng.random() < 0.6 else None,
            "district": _pick(rng, DISTRICT_WEIGHTS), "channel": _pick(rng, CHANNEL_WEIGHTS),
            "consent_on": consent, "retention_years": 3,
        })
        rows.append((inp, rng.choice(open_ids), consent))

    def insert(s):
        now = services.clock()
        for inp, fid, _ in rows:
            s.add(Youth(**inp.model_dump(), registered_facility_id=fid, created_at=now))

    services.db.write(insert, actor=admin)
    from models.rooms.demo import generate_bookings
    youth_ids = services.db.read(lambda s: list(s.exec(select(Youth.id).order_by(Youth.id)).all()))
    # a small demo (tests, quick looks) gets a short history: a week per 30 youth, 7 to 60 days
    days_back = min(60, max(7, youth_count // 30))
    bookings = generate_bookings(services, admin, youth_ids, rng, days_back=days_back) if youth_ids else 0
    from models.booths.demo import generate_booths
    booths = generate_booths(services, admin, youth_ids, rng, weeks_back=max(1, days_back // 15)) \
        if youth_ids else 0
    return DemoSummary(len(facilities), rooms, len(rows), DEMO_ACCOUNTS, bookings, booths)


def describe(summary: DemoSummary, db_label: str) -> str:
    lines = [f"데모 데이터베이스: {db_label}",
             f"시설 {summary.facilities}곳 · 공간 {summary.rooms}개 · 청년 {summary.youth}명"
             + (f" · 예약 {summary.bookings}건" if summary.bookings else "")
             + (f" · AI 면접 예약 {summary.booth_bookings}건" if summary.booth_bookings else ""),
             "", "데모 계정 (아이디 / 비밀번호 / 역할 / 시설):"]
    for a in summary.accounts:
        lines.append(f"  {a.username:<10} {a.password:<12} {a.role.label:<12} {a.facility_code or '서울시 전체'}")
    return "\n".join(lines)


DEMO_DATE = date(2026, 11, 29)
