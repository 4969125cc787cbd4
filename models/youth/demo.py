"""Demo youth with realistic Korean names, districts and recruitment channels (the 2023
figures of the matching desk), spread over the open facilities and registered over the
last fifteen months (``registration_time``), so that every month has its registrations."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlmodel import select

from models.core.calendar import holiday_name
from models.core.time import SEOUL, local
from models.core.validation import validate
from models.facilities.tables import Facility
from models.youth import grams
from models.youth.enums import Channel
from models.youth.schemas import YouthInput
from models.youth.tables import Youth, YouthGram

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


# a small demo's registrations go back this far (the monthly summary's 전년동월 and 누계
# need more than a year of them)
HISTORY_DAYS = 456


def registration_time(phone: str, today: date, now: datetime) -> datetime:
    """When the demo youth with ``phone`` registered: a working day (Monday to Saturday,
    no holiday) within ``HISTORY_DAYS`` of today, more recent ones more likely (the
    programme grew), between 09:00 and 18:00 in Seoul and never after ``now``.

    Drawn from the phone (itself drawn from the seed), not from the demo's shared random
    stream: same seed, same dates, and the data generated after the youths is unchanged."""
    rng = random.Random(f"registered:{phone}")
    while True:
        back = int(HISTORY_DAYS * (1 - rng.random() ** 0.8))
        day = today - timedelta(days=back)
        if day.weekday() < 6 and not holiday_name(day):
            break
    at = local(day, time(9)) + timedelta(minutes=rng.randrange(9 * 60))
    return min(at, now)


def generate_youth(services: Services, admin, rng: random.Random, count: int,
                   facility_ids: list[int]) -> list[int]:
    """``count`` youth registered at random facilities of ``facility_ids`` over the last
    ``HISTORY_DAYS`` days (not before the facility opened; ids in registration order);
    returns their ids. Each consented on the day they registered."""
    today = services.accounts.today()
    now = services.clock()
    phones: set[str] = set()
    rows = []
    for _ in range(count):
        phone = f"010{rng.randrange(10**8):08d}"
        while phone in phones:
            phone = f"010{rng.randrange(10**8):08d}"
        phones.add(phone)
        age_days = rng.randrange(19 * 365 + 5, 37 * 365)
        rng.randrange(0, 720)  # the consent day of earlier releases: kept, so later draws stay the same
        inp = {
            "name": _name(rng), "birth_date": today - timedelta(days=age_days), "phone": phone,
            "email": f"user{rng.randrange(10**6):06d}@example.com" if rng.random() < 0.6 else None,
            "district": _pick(rng, DISTRICT_WEIGHTS), "channel": _pick(rng, CHANNEL_WEIGHTS),
            "retention_years": 3,
        }
        rows.append((inp, rng.choice(facility_ids), registration_time(phone, today, now)))

    def insert(s):
        opened = dict(s.exec(select(Facility.id, Facility.opened_on).where(Facility.id.in_(facility_ids))).all())
        made = []
        for inp, fid, at in rows:
            first = opened.get(fid)
            if first is not None and at.astimezone(SEOUL).date() < first:
                at = min(local(first, time(10)), now)
            made.append((at, inp, fid))
        made.sort(key=lambda r: r[0])  # ids in registration order
        for at, inp, fid in made:
            data = validate(YouthInput, {**inp, "consent_on": at.astimezone(SEOUL).date()})
            s.add(Youth(**data.model_dump(), registered_facility_id=fid, created_at=at))

    services.db.write(insert, actor=admin)
    return services.db.read(lambda s: list(s.exec(select(Youth.id).order_by(Youth.id)).all()))


# -- the city-scale demo (models/demo.py, ``generate_city``) ---------------------------
# Phones: a bijection of 0..10^8-1 (an odd multiplier prime to 5), so 500,000 youths get
# distinct, random-looking numbers without a set of them in memory.
_PHONE_MUL, _PHONE_ADD = 48_271_197, 9_113_457


def _registrations(ctx) -> list[int]:
    """Youths registered up to the end of each day from ``ctx.start`` to ``ctx.horizon``:
    Monday to Saturday, not on holidays, more every year (the programme grew), exactly
    ``ctx.plan.youth`` by today."""
    days = (ctx.horizon - ctx.start).days
    last = (ctx.today - ctx.start).days
    weights = []
    for i in range(days):
        day = ctx.start + timedelta(days=i)
        w = 0.0
        if i <= last and day.weekday() < 6 and not holiday_name(day):
            w = (0.55 + 0.9 * i / max(1, last)) * (0.5 if day.weekday() == 5 else 1.0)
        weights.append(w)
    total = sum(weights) or 1.0
    out, acc = [], 0.0
    for w in weights:
        acc += w
        out.append(round(ctx.plan.youth * acc / total))
    return out


def city_youth(ctx) -> Iterator[None]:
    """``ctx.plan.youth`` youths over the history, registered by the front desk of a
    facility open that day; ids in registration order (``ctx.youth_by_day``, which the
    booking builders draw from). One step per month of ``ctx.periods``."""
    rng = ctx.rng("youth")
    ctx.youth_by_day = _registrations(ctx)
    ctx.youth_base = ctx.new_ids(Youth, 0).start - 1
    open_facilities = [f for f in ctx.facilities if f.status.value == "open"]
    district_names, district_w = list(DISTRICT_WEIGHTS), list(DISTRICT_WEIGHTS.values())
    channels, channel_w = list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values())
    while True:
        rows = []
        for day in ctx.days(until=ctx.today + timedelta(days=1)):
            i = (day - ctx.start).days
            n = ctx.youth_by_day[i] - (ctx.youth_by_day[i - 1] if i else 0)
            if n <= 0:
                continue
            here = [f for f in open_facilities if f.opened_on is None or f.opened_on <= day]
            here_w = [3.0 if f.kind.value == "job_cafe" else 1.5 if f.kind.value == "matching_desk"
                      else 1.0 for f in here]
            minutes = sorted(rng.randrange(9 * 60, 18 * 60) for _ in range(n))
            for m in minutes:
                ident = len(rows)  # numbered below
                f = rng.choices(here, here_w)[0]
                birth = day - timedelta(days=rng.randrange(19 * 365 + 5, 37 * 365))
                rows.append({
                    "id": ident, "name": _name(rng), "birth_date": birth, "phone": "",
                    "email": None, "district": rng.choices(district_names, district_w)[0],
                    "channel": rng.choices(channels, channel_w)[0], "consent_on": day,
                    "retention_years": rng.choice((3, 3, 3, 5, 10)), "registered_facility_id": f.id,
                    "created_at": ctx.at(day, m), "updated_at": None})
        if rows:
            ids = ctx.new_ids(Youth, len(rows))
            for yid, row in zip(ids, rows, strict=True):
                row["id"] = yid
                row["phone"] = f"010{(yid * _PHONE_MUL + _PHONE_ADD) % 10**8:08d}"
                if rng.random() < 0.6:
                    row["email"] = f"user{yid:06d}@example.com"
            ctx.insert(Youth, rows)
            # the search index rows ``grams.add_rows`` would write: as plain tuples on SQLite
            # (``ctx.insert``), one unnest INSERT a batch on PostgreSQL (``grams.insert_rows``)
            gram_rows = [g for r in rows for g in grams.rows_for(r["id"], r["name"], r["phone"])]
            if ctx.conn.dialect.name == "sqlite":
                ctx.insert(YouthGram, gram_rows)
            else:
                grams.insert_rows(ctx.conn, gram_rows)
                ctx.counts["youth_gram"] = ctx.counts.get("youth_gram", 0) + len(gram_rows)
            for row in rows:
                who = ctx.someone(row["registered_facility_id"], "front_desk", rng)
                ctx.audit_insert(Youth, row, row["created_at"], who)
        yield
