"""Demo youth with realistic Korean names, districts and recruitment channels (the 2023
figures of the matching desk), spread over the open facilities."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlmodel import select

from models.core.validation import validate
from models.youth.enums import Channel
from models.youth.schemas import YouthInput
from models.youth.tables import Youth

if TYPE_CHECKING:  # the registry imports every area; a demo only needs its type
    from models.registry import Services

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


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def generate_youth(services: Services, admin, rng: random.Random, count: int,
                   facility_ids: list[int]) -> list[int]:
    """``count`` youth registered at random facilities of ``facility_ids``; returns their ids."""
    today = services.accounts.today()
    phones: set[str] = set()
    rows = []
    for _ in range(count):
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
        rows.append((inp, rng.choice(facility_ids)))

    def insert(s):
        now = services.clock()
        for inp, fid in rows:
            s.add(Youth(**inp.model_dump(), registered_facility_id=fid, created_at=now))

    services.db.write(insert, actor=admin)
    return services.db.read(lambda s: list(s.exec(select(Youth.id).order_by(Youth.id)).all()))
