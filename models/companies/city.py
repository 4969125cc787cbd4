"""The city-scale demo's companies and matching (``models.demo.CITY_BUILDERS``): the
matching desk and every open job café find companies, post their openings and refer
youths to them over the city's ten years, about 20,000 companies and 1,000,000
transitions in all.

- **The matching desk** in the brief's proportions (as ``models.companies.demo``): about
  45 companies a month (발굴 경로 mostly online and on-site visits) and about 77 hires a
  month, on-site/online/city programme near 51/331/3, from its opening in March 2023.
- **Each café** finds about 15 companies a month and makes about 210 referrals a month
  from the start of the history.
- A company posts one to three openings (30 to 60 days open) soon after it is found and
  now and then another one later; once a year each facility has a large open recruitment
  (대규모 공채) that takes 200 to 300 referrals, the board the benchmark loads.
- A referral goes 추천 → 서류 전형 → 면접 → 합격 → 입사 a few days a step, or ends
  (불합격, 본인 포기, 기업 취소, with a reason); the recent ones are still on the way.
  The referral row holds its last stage; every move is a transition at its day.
- A hire has its retention checks at 1, 3 and 6 months: recorded once due (about one
  youth in seven left), the later ones (and the last week's) waiting in the counselor's
  follow-up queue of the counseling area, put there through the registry's scheduler as
  the service does (``_Collector``: companies imports no counseling).

Every row has its audit row at its time, as the service's flush listener writes it: the
insert of each company, contact (personal fields redacted), opening, referral (at 추천, as
it was then), transition, retention check and follow-up, an opening's status at its
deadline, a check's result when recorded. One row the listener writes is left out: the
referral's update of its cached stage at each move (about 750,000 rows city-wide that
repeat the move's own transition row: from, to, day and who), to keep the city's build
time (each chained audit row costs about 80 µs). Rows are written with ``ctx.insert``
(Core executemany in batches), ids given by ``ctx.new_ids``; ``scale`` follows the plan's
intensity, as counseling does. Deterministic by seed (``ctx.rng("matching")``).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from models.companies import bizno
from models.companies.access import add_months
from models.companies.demo import (
    CHANNELS,
    CONTACT_NAMES,
    DISTRICTS,
    ENDINGS,
    FOUND_VIA,
    INDUSTRIES,
    JOBS,
    NEXT,
    ON,
    PREFIX,
    ROLES,
    SIZES,
    SUFFIX,
    _pick,
)
from models.companies.enums import EmploymentType, OpeningStatus, RetentionOutcome, Stage
from models.companies.tables import (
    Company,
    CompanyContact,
    JobOpening,
    Referral,
    ReferralTransition,
    RetentionCheck,
)
from models.core.calendar import holiday_name

# a month at the reference city's intensity, by facility kind: companies found, referrals
COMPANIES = {"matching_desk": 45, "job_cafe": 15}
REFERRALS = {"matching_desk": 227, "job_cafe": 208}  # the desk: 77 hires at about 1 in 3
LATER_OPENING = 0.02  # the chance a month that a company already found posts another opening
MASS_REFERRALS = (200, 300)  # the yearly open recruitment's referrals (not scaled)
LEFT_SHARE = 0.15
OPEN_AFTER = 7  # checks due within the last week are still open (in the queue)
EMPLOYMENT = [(EmploymentType.PERMANENT, 60), (EmploymentType.CONTRACT, 25), (EmploymentType.INTERN, 15)]
ENDED_STATUS = [(OpeningStatus.CLOSED, 55), (OpeningStatus.FILLED, 40), (OpeningStatus.CANCELLED, 5)]
ENDING = [(Stage.REJECTED, 60), (Stage.WITHDREW, 28), (Stage.COMPANY_CANCELLED, 12)]


class _Collector:
    """The session the registry's follow-up scheduler writes through: it takes the
    follow-up the scheduler adds, gives it an id of the city's and keeps its row for a bulk
    insert with its audit row (the scheduler's model comes from counseling, which this
    area does not import)."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.rows: dict[type, list[dict]] = {}
        self.last: tuple[type, dict] | None = None  # the follow-up made last, with its row
        self._obj = None

    def add(self, obj) -> None:
        self._obj = obj

    def flush(self) -> None:
        obj, self._obj = self._obj, None
        if obj is None:
            return
        model = type(obj)
        obj.id = self.ctx.new_ids(model, 1)[0]
        row = {}
        for col in model.__table__.columns:
            v = getattr(obj, col.key, None)
            if v is None and col.default is not None and getattr(col.default, "is_scalar", False):
                v = col.default.arg
            row[col.key] = v
        self.rows.setdefault(model, []).append(row)
        self.last = (model, row)

    def drain(self) -> dict[type, list[dict]]:
        rows, self.rows = self.rows, {}
        return rows


class _Facility:
    __slots__ = ("f", "kind", "staff", "who", "companies", "openings", "used", "mass_month")

    def __init__(self, f, staff, who, mass_month: int):
        self.f, self.kind, self.staff, self.who = f, f.kind.value, staff, who
        self.companies: list[tuple[int, date, int, str]] = []  # id, found, owner, address
        self.openings: list[dict] = []  # the ones still taking referrals (with _pairs)
        self.used: set[str] = set()  # 사업자등록번호 at the facility
        self.mass_month = mass_month


def _working(day: date) -> bool:
    return day.weekday() < 5 and not holiday_name(day)


def city_matching(ctx) -> Iterator[None]:
    rng: random.Random = ctx.rng("matching")
    scale = min(1.0, ctx.plan.intensity)
    scheduler = ctx.services.companies.followup_scheduler
    collector = _Collector(ctx)
    places = []
    for f in ctx.facilities:
        if f.status.value != "open" or f.kind.value not in COMPANIES:
            continue
        staff = ctx.staff.get((f.id, "counselor"), []) + ctx.staff.get((f.id, "manager"), [])
        if staff:
            places.append(_Facility(f, staff, {s.user_id: s for s in staff}, len(places) % 12))
    carry: dict[tuple[int, str], float] = {}

    def count(key, want: float) -> int:
        """``want`` rounded by carrying the fraction over to the next month."""
        total = want + carry.get(key, 0.0)
        n = int(total)
        carry[key] = total - n
        return n

    month_no = 0
    while True:
        rows: dict[type, list[dict]] = {m: [] for m in (Company, CompanyContact, JobOpening, Referral,
                                                         ReferralTransition, RetentionCheck)}
        p = ctx.period
        days = [d for d in ctx.days() if d <= ctx.today and _working(d)]
        for place in places:
            f = place.f
            mine = [d for d in days if not f.opened_on or d >= f.opened_on]
            if not mine:
                continue
            share = len(mine) / max(1, len([d for d in ctx.days() if _working(d)]))
            for _ in range(count((f.id, "companies"), COMPANIES[place.kind] * scale * share)):
                _company(ctx, rng, place, rng.choice(mine), rows)
            for cid, found, owner, address in place.companies:  # now and then a later opening
                if found < p.start and rng.random() < LATER_OPENING:
                    _opening(ctx, rng, place, cid, owner, address, rng.choice(mine), rows)
            if month_no % 12 == place.mass_month and place.companies:
                cid, _, owner, address = place.companies[rng.randrange(len(place.companies))]
                o = _opening(ctx, rng, place, cid, owner, address, mine[0], rows, mass=True)
                for _ in range(rng.randint(*MASS_REFERRALS)):
                    _refer(ctx, rng, place, o, mine, rows, scheduler, collector)
            place.openings = [o for o in place.openings if o["deadline"] >= p.start]
            live = [o for o in place.openings if not o["_mass"]]
            if live:
                for _ in range(count((f.id, "referrals"), REFERRALS[place.kind] * scale * share)):
                    _refer(ctx, rng, place, rng.choice(live), mine, rows, scheduler, collector)
        for model, extra in collector.drain().items():
            rows[model] = extra
        _write(ctx, rows)
        month_no += 1
        yield


def _company(ctx, rng, place: _Facility, found: date, rows) -> None:
    f = place.f
    while True:
        number = bizno.make(f"{rng.randrange(101, 899)}{rng.choice((81, 86, 87, 88))}{rng.randrange(10000):04d}")
        if number not in place.used:
            place.used.add(number)
            break
    owner = rng.choice(place.staff)
    cid = ctx.new_ids(Company, 1)[0]
    certified = rng.random() < 0.15
    district = rng.choice(DISTRICTS)
    address = f"서울시 {district} {rng.randint(1, 300)}"
    at = min(ctx.at(found, 10 * 60 + rng.randrange(6 * 60)), ctx.now)
    row = {"id": cid, "facility_id": f.id, "name": f"{rng.choice(PREFIX)}{rng.choice(SUFFIX)} {cid}",
           "biz_no": number, "representative": rng.choice(CONTACT_NAMES)[0] + rng.choice("민서지현우준"),
           "industry": _pick(rng, INDUSTRIES), "size": _pick(rng, SIZES), "certified": certified,
           "certified_year": rng.randint(2010, found.year) if certified else None, "address": address,
           "district": district, "website": f"https://www.company{cid}.example.kr",
           "found_via": _pick(rng, FOUND_VIA), "found_on": found, "owner_id": owner.user_id, "notes": "",
           "version": 1, "created_at": at, "created_by": owner.user_id}
    rows[Company].append(row)
    ctx.audit_insert(Company, row, at, owner)
    for k in range(rng.randint(1, 2)):
        c = {"id": ctx.new_ids(CompanyContact, 1)[0], "company_id": cid, "facility_id": f.id,
             "name": rng.choice(CONTACT_NAMES), "role": rng.choice(ROLES), "phone": f"010{rng.randrange(10**8):08d}",
             "email": f"hr{k}@company{cid}.example.kr", "active": True}
        rows[CompanyContact].append(c)
        ctx.audit_insert(CompanyContact, c, at, owner)
    place.companies.append((cid, found, owner.user_id, address))
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        opened = found + timedelta(days=rng.randint(0, 20))
        if opened <= ctx.today:
            _opening(ctx, rng, place, cid, owner.user_id, address, opened, rows)


def _opening(ctx, rng, place: _Facility, cid: int, owner: int, address: str, opened: date, rows,
             mass: bool = False) -> dict:
    deadline = opened + timedelta(days=rng.randint(45, 60) if mass else rng.randint(30, 60))
    status = OpeningStatus.OPEN if deadline >= ctx.today else _pick(rng, ENDED_STATUS)
    title, field = rng.choice(JOBS)
    who = place.who[owner]
    at = min(ctx.at(opened, 13 * 60 + rng.randrange(4 * 60)), ctx.now)
    row = {"id": ctx.new_ids(JobOpening, 1)[0], "company_id": cid, "facility_id": place.f.id,
           "title": f"{title} 대규모 공채" if mass else title, "job_field": field,
           "employment_type": _pick(rng, EMPLOYMENT), "wage": rng.randrange(28, 45) * 1_000_000, "place": address,
           "headcount": rng.randint(20, 40) if mass else rng.randint(1, 4), "deadline": deadline,
           "status": OpeningStatus.OPEN, "version": 1, "created_at": at, "created_by": owner}
    ctx.audit_insert(JobOpening, row, at, who)
    if status is not OpeningStatus.OPEN:  # closed after its deadline
        row["status"], row["version"] = status, 2
        ctx.audit_update("job_opening", row["id"], place.f.id, {"status": "open", "version": 1},
                         {"status": status.value, "version": 2},
                         ctx.at(deadline + timedelta(days=1), 9 * 60 + rng.randrange(60)), who)
    rows[JobOpening].append(row)
    o = {"id": row["id"], "company_id": cid, "opened": opened, "deadline": deadline, "_mass": mass,
         "_pairs": set()}
    place.openings.append(o)
    return o


def _refer(ctx, rng, place: _Facility, o: dict, mine: list[date], rows, scheduler, collector) -> None:
    lo, hi = max(o["opened"], mine[0]), min(o["deadline"], mine[-1])
    if lo > hi:
        return
    day = lo + timedelta(days=rng.randint(0, (hi - lo).days))
    youth = None
    for _ in range(4):
        y = ctx.pick_youth(rng, day)
        if y is not None and y not in o["_pairs"]:
            youth = y
            break
    if youth is None:
        return
    o["_pairs"].add(youth)
    f = place.f
    counselor = rng.choice(place.staff)
    path = [(None, Stage.REFERRED, day, "")]
    stage = Stage.REFERRED
    while stage in NEXT:
        day = day + timedelta(days=rng.randint(3, 12))
        if day > ctx.today:
            break
        if rng.random() < ON[stage]:
            path.append((stage, NEXT[stage], day, ""))
            stage = NEXT[stage]
        else:
            end = _pick(rng, ENDING)
            if stage is Stage.PASSED and end is Stage.REJECTED:
                end = Stage.WITHDREW
            path.append((stage, end, day, rng.choice(ENDINGS[end])))
            stage = end
            break
    rid = ctx.new_ids(Referral, 1)[0]
    first = path[0][2]
    created = min(ctx.at(first, 14 * 60 + rng.randrange(3 * 60)), ctx.now)
    channel = _pick(rng, CHANNELS)
    row = {"id": rid, "facility_id": f.id, "opening_id": o["id"], "company_id": o["company_id"], "youth_id": youth,
           "counselor_id": counselor.user_id, "channel": channel, "referred_on": first, "stage": Stage.REFERRED,
           "moved_on": first, "version": 1, "created_at": created, "created_by": counselor.user_id}
    ctx.audit_insert(Referral, row, created, counselor)
    for i, (frm, to, on, note) in enumerate(path):
        at = created if i == 0 else min(ctx.at(on, 10 * 60 + rng.randrange(7 * 60)), ctx.now)
        t = {"id": ctx.new_ids(ReferralTransition, 1)[0], "referral_id": rid, "facility_id": f.id,
             "from_stage": frm, "to_stage": to, "happened_on": on, "note": note, "override_reason": None,
             "at": at, "by": counselor.user_id}
        rows[ReferralTransition].append(t)
        ctx.audit_insert(ReferralTransition, t, at, counselor)
        if i:  # the referral's cached stage follows (its audit update is left out: see above)
            row["stage"], row["moved_on"], row["version"] = to, on, i + 1
        if to is Stage.HIRED:
            _retention(ctx, rng, f.id, rid, youth, counselor, on, at, rows, scheduler, collector)
    rows[Referral].append(row)


def _retention(ctx, rng, fid: int, rid: int, youth: int, counselor, hired: date, at, rows, scheduler,
               collector) -> None:
    left = hired + timedelta(days=rng.randint(10, 170)) if rng.random() < LEFT_SHARE else None
    for months in (1, 3, 6):
        due = add_months(hired, months)
        row = {"id": ctx.new_ids(RetentionCheck, 1)[0], "referral_id": rid, "facility_id": fid, "months": months,
               "due_on": due, "followup_id": None, "outcome": None, "left_on": None, "recorded_at": None,
               "recorded_by": None}
        if due > ctx.today - timedelta(days=OPEN_AFTER):
            if scheduler is not None:
                row["followup_id"] = scheduler(collector, fid, youth, counselor.user_id, due, counselor.user_id, at)
        ctx.audit_insert(RetentionCheck, row, at, counselor)
        if row["followup_id"] is not None and collector.last is not None:
            ctx.audit_insert(*collector.last, at, counselor)
        if due <= ctx.today - timedelta(days=OPEN_AFTER):
            gone = left is not None and left <= due
            recorded = ctx.at(due, 10 * 60 + rng.randrange(6 * 60))
            row.update(outcome=RetentionOutcome.LEFT if gone else RetentionOutcome.EMPLOYED,
                       left_on=left if gone else None, recorded_at=recorded, recorded_by=counselor.user_id)
            ctx.audit_update("retention_check", row["id"], fid, {"outcome": None},
                             {"outcome": row["outcome"].value, "left_on": row["left_on"], "recorded_at": recorded,
                              "recorded_by": counselor.user_id}, recorded, counselor)
        rows[RetentionCheck].append(row)


def _write(ctx, rows: dict[type, list[dict]]) -> None:
    """Parents first; each table's rows in id order (the follow-ups the scheduler made go
    in before the checks that name them)."""
    order = [Company, CompanyContact, JobOpening, Referral, ReferralTransition]
    others = [m for m in rows if m not in order and m is not RetentionCheck]
    for model in order + others + [RetentionCheck]:
        batch = rows.get(model)
        if batch:
            batch.sort(key=lambda r: r["id"])
            ctx.insert(model, batch)
