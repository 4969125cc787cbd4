"""A deterministic demo data set: facilities, rooms, one account per role, youth, and the
room and booth bookings around today. Each area builds its own part (``models/<area>/demo.py``);
this module puts them together in a fixed order, so the same seed always gives the same data
and screenshots and bug reports can be reproduced.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from models.accounts.demo import DEMO_ACCOUNTS, DEMO_FACILITY, DemoAccount, create_accounts
from models.booths.demo import generate_booths
from models.facilities.demo import add_rooms
from models.facilities.enums import FacilityStatus
from models.facilities.seed import seed_facilities
from models.registry import Services
from models.rooms.demo import generate_bookings
from models.youth.demo import generate_youth

__all__ = ["DEMO_ACCOUNTS", "DEMO_DATE", "DEMO_FACILITY", "DemoAccount", "DemoSummary",
           "describe", "generate"]


@dataclass(frozen=True)
class DemoSummary:
    facilities: int
    rooms: int
    youth: int
    accounts: list[DemoAccount]
    bookings: int = 0
    booth_bookings: int = 0


def generate(services: Services, seed: int = 2023, youth_count: int = 1800) -> DemoSummary:
    rng = random.Random(seed)
    if services.accounts.has_users():
        raise ValueError("이미 계정이 있는 데이터베이스에는 데모 데이터를 만들 수 없습니다.")
    seed_facilities(services)
    facilities = services.facilities.list_all()
    admin = create_accounts(services, {f.code: f.id for f in facilities})
    rooms = add_rooms(services, admin, facilities)
    open_ids = [f.id for f in facilities if f.status is FacilityStatus.OPEN]
    youth_ids = generate_youth(services, admin, rng, youth_count, open_ids)
    # a small demo (tests, quick looks) gets a short history: a week per 30 youth, 7 to 60 days
    days_back = min(60, max(7, youth_count // 30))
    bookings = generate_bookings(services, admin, youth_ids, rng, days_back=days_back) if youth_ids else 0
    booths = generate_booths(services, admin, youth_ids, rng, weeks_back=max(1, days_back // 15)) \
        if youth_ids else 0
    return DemoSummary(len(facilities), rooms, youth_count, DEMO_ACCOUNTS, bookings, booths)


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
