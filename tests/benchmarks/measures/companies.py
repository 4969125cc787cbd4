"""기업·매칭: the board of an opening with 200 referrals as the 기업 page loads it
(``companies.board``: the opening with its counts, every referral with its opening,
company, youth and counselor names, the facility's stale setting, in columns by stage), a
company search by a name fragment among 20,000 companies (``companies.companies``: the
first 200 by name with their masked contacts, open openings and owners) and a month's
counts from 1,000,000 transitions (``companies.monthly_counts``, city-wide: companies
found by 발굴 경로, referrals, interviews and hires by channel; every facility by its id,
so that the (facility, day) indexes serve the month), each against the same statements in
raw SQL. Targets (issue 13): under 100, 50 and 200 ms.

On a database that holds a city's matching (``demo --scale city``: 100,000 transitions or
more) the opening with the fewest referrals of 200 or more, the facility with the most
companies and the whole city's history are measured. Otherwise (synthetic, a small demo)
the measured facility gets them first, written with Core ``executemany`` in batches: 20,000
companies with two openings each, referrals whose paths make 1,000,000 transitions over ten
years and one opening with 200 referrals. On the synthetic stages the transitions follow
the largest stage (``--quick``: 100,000; the runner's smoke test's tiny stages: a few
hundred, and fewer companies); with ``--only`` these measures alone, 1,000,000
(``--quick``: 200,000)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from models.companies import bizno
from models.companies.tables import (
    Company,
    CompanyContact,
    JobOpening,
    Referral,
    ReferralTransition,
)
from models.core.time import SEOUL
from tests.benchmarks import synth
from tests.benchmarks.core import Figure, Measure, interleave
from tests.benchmarks.measures.rawsql import Raw

COMPANIES, BOARD = 20_000, 200
TRANSITIONS, QUICK_TRANSITIONS = 1_000_000, 200_000
CITY_TRANSITIONS = 100_000  # a database with this many holds a city's matching: measured as it is
FRAGMENTS = ["소프트", "랩스", "누리", "바이오", "데이터", "미래", "한빛 ", "에듀", "테크", "푸드"]
NAMES_A = ["한빛", "새솔", "다온", "누리", "미래", "바른", "가람", "하늘", "푸른", "도담", "아라", "이음"]
NAMES_B = ["소프트", "랩스", "테크", "바이오", "커머스", "디자인", "에듀", "데이터", "미디어", "푸드"]
PATH = ["referred", "screening", "interview", "passed", "hired"]
ENDS = ["rejected", "withdrew", "company_cancelled"]
_BATCH = 20_000


def _insert(conn, model, rows: list[dict]) -> None:
    for i in range(0, len(rows), _BATCH):
        conn.execute(model.__table__.insert(), rows[i:i + _BATCH])


def _next_id(conn, model) -> int:
    return (conn.execute(sa.select(sa.func.coalesce(sa.func.max(model.__table__.c.id), 0))).scalar() or 0) + 1


def _seed(ctx, env) -> None:
    """The measured facility's 20,000 companies, their openings and referrals (see above)."""
    fid, uid = env.facility_id, env.actor.user_id
    rng = random.Random(13)
    now = datetime.now(UTC)
    today = now.astimezone(SEOUL).date()
    # the synthetic stages' largest size, as the youth series grew (none: --only these measures)
    stage = env.rows.get("youth", 0) if env.synthetic else 0
    transitions = min(TRANSITIONS, stage) if stage else QUICK_TRANSITIONS if ctx.quick else TRANSITIONS
    n_companies = min(COMPANIES, max(BOARD, transitions // 5))
    if env.synthetic and env.rows.get("youth", 0) < BOARD:
        synth.grow(env, "youth", 10_000)
    with env.db.engine.begin() as c:
        youths = [r[0] for r in c.execute(sa.text("SELECT id FROM youth ORDER BY id DESC LIMIT 50000"))]
        if len(youths) < BOARD:
            raise SystemExit("companies: the database holds fewer than 200 youths")
        cid0, oid0, rid0, tid0 = (_next_id(c, m) for m in (Company, JobOpening, Referral, ReferralTransition))
        companies, contacts, openings = [], [], []
        for k in range(n_companies):
            found = today - timedelta(days=rng.randrange(3650))
            companies.append({"id": cid0 + k, "facility_id": fid, "name": f"{rng.choice(NAMES_A)}{rng.choice(NAMES_B)} {k}",
                              "biz_no": bizno.make(f"{900000000 - k:09d}"), "representative": "", "industry": "J",
                              "size": "sme", "certified": False, "certified_year": None, "address": "서울시 중구",
                              "district": "중구", "website": "", "found_via": rng.choice(["online", "on_site"]),
                              "found_on": found, "owner_id": uid, "notes": "", "version": 1, "created_at": now,
                              "created_by": uid})
            contacts.append({"company_id": cid0 + k, "facility_id": fid, "name": "김담당", "role": "인사",
                             "phone": f"010{rng.randrange(10**8):08d}", "email": "", "active": True})
            for j in range(2):
                openings.append({"id": oid0 + 2 * k + j, "company_id": cid0 + k, "facility_id": fid,
                                 "title": "백엔드 개발자", "job_field": "SW개발", "employment_type": "permanent",
                                 "wage": 36_000_000, "place": "서울시 중구", "headcount": 2,
                                 "deadline": today + timedelta(days=30) if j == 0 and k == 0 else found + timedelta(days=45),
                                 "status": "open" if j == 0 and k == 0 else "closed", "version": 1, "created_at": now,
                                 "created_by": uid, "_opened": found})
        _insert(c, Company, companies)
        _insert(c, CompanyContact, contacts)
        _insert(c, JobOpening, [{k: v for k, v in o.items() if k != "_opened"} for o in openings])
        referrals, moves = [], []
        rid, tid = rid0, tid0

        def refer(o: dict, youth: int, day: date) -> None:
            nonlocal rid, tid
            steps = [(None, "referred", day)]
            stage = "referred"
            for nxt in PATH[1:]:
                day = day + timedelta(days=rng.randint(3, 12))
                if day > today:
                    break
                if rng.random() < 0.7:
                    steps.append((stage, nxt, day))
                    stage = nxt
                else:
                    end = rng.choice(ENDS)
                    steps.append((stage, end, day))
                    stage = end
                    break
            referrals.append({"id": rid, "facility_id": fid, "opening_id": o["id"], "company_id": o["company_id"],
                              "youth_id": youth, "counselor_id": uid, "channel": rng.choice(["online", "on_site"]),
                              "referred_on": steps[0][2], "stage": stage, "moved_on": steps[-1][2],
                              "version": len(steps), "created_at": now, "created_by": uid})
            for frm, to, on in steps:
                moves.append({"id": tid, "referral_id": rid, "facility_id": fid, "from_stage": frm, "to_stage": to,
                              "happened_on": on, "note": "", "override_reason": None, "at": now, "by": uid})
                tid += 1
            rid += 1

        board = openings[0]
        for k in range(BOARD):  # the board's opening: open, 200 referrals of the last weeks
            refer(board, youths[k], today - timedelta(days=rng.randrange(28)))
        k = 0
        while tid - tid0 < transitions:
            o = openings[1 + k % (len(openings) - 1)]
            refer(o, youths[(BOARD + k) % len(youths)], min(today, o["_opened"] + timedelta(days=rng.randrange(40))))
            k += 1
            if len(moves) >= 100_000 or tid - tid0 >= transitions:  # parents first, a batch at a time
                _insert(c, Referral, referrals)
                _insert(c, ReferralTransition, moves)
                referrals.clear()
                moves.clear()
        _insert(c, Referral, referrals)
        _insert(c, ReferralTransition, moves)
        if env.db.is_postgresql:
            for t in ("company", "company_contact", "job_opening", "referral", "referral_transition"):
                c.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))"))
    with env.db.engine.begin() as c:
        for t in ("company", "job_opening", "referral", "referral_transition"):
            c.execute(sa.text(f"ANALYZE {t}"))


def _target(ctx, env) -> dict:
    """What the three measures read: the board's opening, the search's facility, and the
    numbers of rows (cached for the run)."""
    found = env._history.get("companies")
    if found is not None:
        return found
    if env.count("referral_transition") < CITY_TRANSITIONS:
        _seed(ctx, env)
    with env.db.engine.connect() as c:
        row = c.execute(sa.text("SELECT opening_id, count(*) n FROM referral GROUP BY opening_id "
                                "HAVING count(*) >= :b ORDER BY n, opening_id LIMIT 1"), {"b": BOARD}).first() \
            or c.execute(sa.text("SELECT opening_id, count(*) n FROM referral GROUP BY opening_id "
                                 "ORDER BY n DESC LIMIT 1")).first()
        fid, companies = c.execute(sa.text("SELECT facility_id, count(*) n FROM company GROUP BY facility_id "
                                           "ORDER BY n DESC, facility_id LIMIT 1")).first()
        month = c.execute(sa.text("SELECT max(happened_on) FROM referral_transition")).scalar()
    last = month if isinstance(month, date) else date.fromisoformat(str(month)[:10])
    months = []
    y, m = last.year, last.month
    for _ in range(12):  # the last twelve months, newest first
        months.append((y, m))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    found = env._history["companies"] = {
        "opening": row[0], "referrals": row[1], "facility": fid, "companies": companies, "months": months,
        "transitions": env.count("referral_transition"), "total_companies": env.count("company")}
    return found


# -- the board ---------------------------------------------------------------------------
def _raw_board(raw: Raw, opening: int) -> int:
    o = raw.all("SELECT company_id, facility_id, job_opening.* FROM job_opening WHERE id = ?", (opening,))[0]
    raw.all("SELECT id, name FROM company WHERE id = ?", (o[0],))
    raw.all("SELECT opening_id, stage, count(*) FROM referral WHERE opening_id = ? GROUP BY opening_id, stage",
            (opening,))
    refs = raw.all("SELECT youth_id, counselor_id, referral.* FROM referral WHERE opening_id = ? "
                   "ORDER BY moved_on, id", (opening,))
    youths = sorted({r[0] for r in refs})
    users = sorted({r[1] for r in refs})
    if youths:
        raw.all(f"SELECT id, name FROM youth WHERE id IN ({','.join('?' * len(youths))})", youths)
        raw.all(f"SELECT id, display_name FROM user_account WHERE id IN ({','.join('?' * len(users))})", users)
    raw.all("SELECT id, title FROM job_opening WHERE id = ?", (opening,))
    raw.all("SELECT id, name FROM company WHERE id = ?", (o[0],))
    raw.all("SELECT * FROM matching_settings WHERE facility_id = ?", (o[1],))
    raw.end()
    return len(refs)


def run_board(ctx, env) -> Figure:
    t = _target(ctx, env)
    svc, actor, opening = env.services.companies, env.actor, t["opening"]
    raw = Raw(env)
    try:
        n = sum(len(col.cards) for col in svc.board(actor, opening).columns)
        _raw_board(raw, opening)
        a, b = interleave(lambda _i: svc.board(actor, opening), lambda _i: _raw_board(raw, opening),
                          ctx.samples(40), block=5)
    finally:
        raw.close()
    return Figure("", t["transitions"], a, "raw SQL", b, {"referrals": n})


# -- the company search ------------------------------------------------------------------
def _raw_search(raw: Raw, fid: int, fragment: str) -> int:
    rows = raw.all("SELECT id, owner_id, company.* FROM company WHERE facility_id = ? AND lower(name) LIKE lower(?) ESCAPE '\\' "
                   "ORDER BY name, id LIMIT 200 OFFSET 0", (fid, f"%{fragment}%"))
    ids = [r[0] for r in rows]
    if ids:
        marks = ",".join("?" * len(ids))
        raw.all(f"SELECT * FROM company_contact WHERE company_id IN ({marks}) AND active ORDER BY id", ids)
        raw.all(f"SELECT company_id, count(*) FROM job_opening WHERE company_id IN ({marks}) AND status = 'open' "
                "GROUP BY company_id", ids)
        owners = sorted({r[1] for r in rows if r[1] is not None})
        if owners:
            raw.all(f"SELECT id, display_name FROM user_account WHERE id IN ({','.join('?' * len(owners))})", owners)
    raw.end()
    return len(rows)


def run_search(ctx, env) -> Figure:
    t = _target(ctx, env)
    svc, actor, fid = env.services.companies, env.actor, t["facility"]
    raw = Raw(env)

    def frag(i: int) -> str:
        return FRAGMENTS[i % len(FRAGMENTS)]

    try:
        found = [len(svc.companies(actor, fid, f)) for f in FRAGMENTS]
        _raw_search(raw, fid, FRAGMENTS[0])
        a, b = interleave(lambda i: svc.companies(actor, fid, frag(i)), lambda i: _raw_search(raw, fid, frag(i)),
                          ctx.samples(60), block=5)
    finally:
        raw.close()
    return Figure("", t["companies"], a, "raw SQL", b,
                  {"found_per_fragment": round(sum(found) / len(found)), "companies_in_db": t["total_companies"]})


# -- the month's counts ------------------------------------------------------------------
def _raw_counts(raw: Raw, y: int, m: int) -> None:
    first = date(y, m, 1).isoformat()
    after = date(y + (m == 12), m % 12 + 1, 1).isoformat()
    ids = [r[0] for r in raw.all("SELECT id FROM facility")]
    marks = ",".join("?" * len(ids))
    raw.all(f"SELECT found_via, count(*) FROM company WHERE facility_id IN ({marks}) AND found_on >= ? "
            "AND found_on < ? GROUP BY found_via", (*ids, first, after))
    raw.all(f"SELECT t.to_stage, r.channel, count(*) FROM referral_transition t JOIN referral r "
            f"ON r.id = t.referral_id WHERE t.facility_id IN ({marks}) AND t.happened_on >= ? AND t.happened_on < ? "
            "AND t.to_stage IN ('referred', 'interview', 'hired') GROUP BY t.to_stage, r.channel", (*ids, first, after))
    raw.end()


def run_counts(ctx, env) -> Figure:
    t = _target(ctx, env)
    svc, actor, months = env.services.companies, env.actor, t["months"]
    raw = Raw(env)
    try:
        hires = svc.monthly_counts(actor, None, *months[1]).hires
        _raw_counts(raw, *months[1])
        a, b = interleave(lambda i: svc.monthly_counts(actor, None, *months[i % len(months)]),
                          lambda i: _raw_counts(raw, *months[i % len(months)]), ctx.samples(30, 8), block=3)
    finally:
        raw.close()
    return Figure("", t["transitions"], a, "raw SQL", b, {"scope": "city-wide", "hires_in_a_month": hires})


BACKENDS = ("sqlite", "postgresql")
MEASURES = [
    Measure("match_board", "< 100 ms, an opening with 200 referrals", "raw SQL", run_board,
            verdict=lambda f, fs: f.app_ms < 100, backends=BACKENDS),
    Measure("company_search", "< 50 ms among 20,000 companies", "raw SQL", run_search,
            verdict=lambda f, fs: f.app_ms < 50, backends=BACKENDS),
    Measure("match_counts", "< 200 ms from 1,000,000 transitions", "raw SQL", run_counts,
            verdict=lambda f, fs: f.app_ms < 200, backends=BACKENDS),
]
