"""Seed data: every facility the domain brief names, with the figures it gives.

Source: Seoul Metropolitan Government, status report of July 2023 (see shared/domain).
Campuses planned for 2023 and the two cafés selected for 2024 are seeded as planned.
Seeding is idempotent: a facility whose code exists is left alone.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from models.core.enums import DISTRICT_REGION
from models.facilities.enums import FacilityKind, FacilityStatus, Operator

if TYPE_CHECKING:  # the registry imports every area; a demo only needs its type
    from models.registry import Services

WEEKDAYS = {str(d): ["09:00", "18:00"] for d in range(5)}
CAFE_HOURS = {**{str(d): ["09:00", "21:00"] for d in range(5)}, "5": ["10:00", "17:00"]}


def _campus(code, district, opened, status=FacilityStatus.OPEN, area=None, courses=None, seats=None):
    return {
        "code": f"ACAD-{code}", "name": f"청년취업사관학교 {district[:-1] if district.endswith('구') and len(district) > 2 else district} 캠퍼스",
        "kind": FacilityKind.CAMPUS, "district": district, "operator": Operator.CITY,
        "opened_on": opened, "status": status, "area_m2": area, "course_count": courses,
        "seats": seats, "opening_hours": WEEKDAYS,
    }


def _cafe(code, name, district, operator, status=FacilityStatus.OPEN, opened=None):
    return {
        "code": f"CAFE-{code}", "name": name, "kind": FacilityKind.JOB_CAFE, "district": district,
        "operator": operator, "opened_on": opened, "status": status, "opening_hours": CAFE_HOURS,
    }


PLANNED = FacilityStatus.PLANNED
FACILITIES: list[dict] = [
    _campus("YDP", "영등포구", date(2020, 10, 1)),
    _campus("GEUMCHEON", "금천구", date(2021, 12, 1)),
    _campus("MAPO", "마포구", date(2022, 4, 1)),
    _campus("YONGSAN", "용산구", date(2022, 11, 1)),
    _campus("GANGSEO", "강서구", date(2022, 11, 1)),
    _campus("GANGDONG", "강동구", date(2022, 12, 1)),
    _campus("DONGJAK", "동작구", date(2022, 12, 1)),
    _campus("GWANGJIN", "광진구", date(2023, 5, 30), area=326.13, courses=2, seats=65),
    _campus("SEODAEMUN", "서대문구", date(2023, 6, 29), area=808.21, courses=4, seats=60),
    _campus("JUNG", "중구", date(2023, 7, 31), area=468.57, courses=2, seats=65),
    _campus("JONGNO", "종로구", date(2023, 8, 1), PLANNED),
    _campus("SEONGDONG", "성동구", date(2023, 10, 1), PLANNED),
    _campus("DDM", "동대문구", date(2023, 11, 1), PLANNED),
    _campus("SEONGBUK", "성북구", date(2023, 12, 1), PLANNED),
    _campus("DOBONG", "도봉구", date(2023, 12, 1), PLANNED),
    _cafe("CENTER", "서울시 청년일자리센터", "중구", Operator.CITY),
    _cafe("HWALLYEOK", "청년활력소", "종로구", Operator.CITY),
    _cafe("GANGDONG", "강동 일자리카페", "강동구", Operator.CITY),
    _cafe("GANGNAM", "강남 취·창업허브센터", "강남구", Operator.DISTRICT),
    _cafe("SEONGDONG", "성동 청년일다방", "성동구", Operator.DISTRICT),
    _cafe("NOWON", "노원 청년내일", "노원구", Operator.DISTRICT),
    _cafe("NORYANGJIN", "노량진 청년일자리센터", "동작구", Operator.DISTRICT),
    _cafe("GURO", "구로 청년이룸", "구로구", Operator.DISTRICT),
    _cafe("YANGCHEON", "양천 청년일자리카페", "양천구", Operator.DISTRICT),
    _cafe("MAPO", "마포 청년나루", "마포구", Operator.DISTRICT),
    _cafe("DOBONG", "도봉구민청", "도봉구", Operator.DISTRICT, PLANNED, date(2024, 1, 1)),
    _cafe("YONGSAN", "용산청년지움", "용산구", Operator.DISTRICT, PLANNED, date(2024, 1, 1)),
    {
        "code": "MATCH-DESK", "name": "청년일자리 매칭강화 전담창구", "kind": FacilityKind.MATCHING_DESK,
        "district": "중구", "operator": Operator.CONTRACTOR, "opened_on": date(2023, 3, 1),
        "status": FacilityStatus.OPEN, "opening_hours": WEEKDAYS,
        "note": "민간 취업알선기관 위탁 운영, 상주 상담사 8명. 대상: 서울 거주 만 15~39세 청년.",
    },
]
for f in FACILITIES:
    f["region"] = DISTRICT_REGION[f["district"]]


def seed_facilities(services: Services) -> int:
    """Create the facilities that are missing. Returns how many were created."""
    existing = {f.code for f in services.facilities.list_all()}
    created = 0
    for data in FACILITIES:
        if data["code"] not in existing:
            services.facilities.create(None, data)
            created += 1
    return created
