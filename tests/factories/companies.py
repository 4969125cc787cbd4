"""Companies and matching for the service tests: a company with a contact and an open
opening at CAFE-A, youths, a second counselor.

FakeClock: Friday 2026-11-27 10:00 in Seoul.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from models.companies import bizno
from tests.factories.counseling import staff
from tests.factories.rooms import TODAY, add_youth

# looked for in the audit log, exceptions and counts: they must never appear there
CONTACT_NAME, CONTACT_PHONE, CONTACT_EMAIL = "한담당", "01077778888", "recruit.han@acme-hr.co.kr"
VALID = ["124-81-00998", "220-81-62517", "1208147521", "104-81-53114", bizno.make("123456789"),
         bizno.make("000000001")]
INVALID = ["124-81-00997", "220-81-62518", "123-45-67890", "12345678", "12345678901", "abc-de-fghij",
           "0000000000", "", "124 81 00998x", None, 1248100998]


def company_data(n: int = 1, **over) -> dict:
    data = {"name": f"테스트기업 {n}", "biz_no": bizno.make(f"{100000000 + n:09d}"), "representative": "김대표",
            "industry": "J", "size": "startup", "certified": True, "certified_year": 2024,
            "address": "서울시 중구 세종대로 110", "district": "중구", "website": "https://acme.example.com",
            "found_via": "on_site", "found_on": TODAY, "notes": "채용 담당과 첫 통화"}
    data.update(over)
    return data


def contact_data(**over) -> dict:
    data = {"name": CONTACT_NAME, "role": "인사팀장", "phone": "010-7777-8888", "email": CONTACT_EMAIL}
    data.update(over)
    return data


def opening_data(**over) -> dict:
    data = {"title": "백엔드 개발자", "job_field": "SW개발", "employment_type": "permanent", "wage": 36_000_000,
            "place": "서울시 중구", "headcount": 2, "deadline": TODAY + timedelta(days=30)}
    data.update(over)
    return data


def make_matching(services, world) -> SimpleNamespace:
    """At CAFE-A: a company (owner: the counselor) with a contact and an open opening, three
    youths, a second counselor; at CAFE-B a counselor."""
    cs = services.companies
    company = cs.create_company(world.counselor, world.a, company_data())
    contact = cs.add_contact(world.counselor, company, contact_data())
    opening = cs.open_job(world.counselor, company, opening_data())
    return SimpleNamespace(
        company=company, contact=contact, opening=opening,
        y1=add_youth(services, world, 0), y2=add_youth(services, world, 1), y3=add_youth(services, world, 2),
        counselor2=staff(services, world, "counselor2"),
        b_counselor=staff(services, world, "bcounselor", facility=world.b))


def refer(services, actor, world, opening, youth, channel="online", day: date | None = None) -> int:
    return services.companies.refer(actor, world.a, {"opening_id": opening, "youth_id": youth,
                                                     "channel": channel, "referred_on": day})


def walk(services, actor, referral: int, stages, day: date | None = None) -> int:
    """Move a referral through ``stages`` in order; returns its last version."""
    version = services.companies.get_referral(actor, referral).version
    for stage in stages:
        version = services.companies.move(actor, referral, stage, version, on=day,
                                          note="사유: 테스트" if stage in ("rejected", "withdrew",
                                                                        "company_cancelled") else "")
    return version


TO_HIRED = ["screening", "interview", "passed", "hired"]
