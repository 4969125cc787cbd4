"""Matching-day slot races from two OS processes, on one SQLite file and (when
YJD_TEST_DATABASE_URL is set) a PostgreSQL database of its own.

Two desks (two counselors, two processes) book at the same moment (a barrier before every
attempt), round after round:
- the same company's 20-minute slot, each for another youth;
- the same youth, each in another company's slot at the same time.
In every round exactly one booking is made and the other desk gets the Korean "already
taken" message (the service's check, or the database's partial unique index when both
checked before either wrote); nothing else ends an attempt. Afterwards the database holds
exactly the winners, each with its one audit insert, and no company or youth twice in one
slot: a lost attempt writes nothing.

The PostgreSQL database is ``<test database>_matchrace`` (or
``YJD_TEST_MATCH_RACE_DATABASE_URL``): the truncating ``db`` fixture never touches it, and
it is rebuilt on each run.
"""

from __future__ import annotations

import multiprocessing
import os
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from models.companies.matchdays import COMPANY_TAKEN, YOUTH_TAKEN
from models.core.db import Database, sqlite_url
from models.core.migrate import upgrade
from tests.conftest import BACKENDS, PG_URL, _ensure_pg_database

ROUNDS = 36  # the slots of a day from 08:00 to 20:00
NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # Friday 10:00 in Seoul


def fixed_clock() -> datetime:
    return NOW


def worker(url: str, actor, attempts: list[tuple[int, int, int, int]], barrier, results) -> None:
    """One desk: each attempt (day, opening, youth, slot) after the barrier; the outcome of
    each: "ok", or the error's type and message."""
    from models.core.errors import DomainError
    from models.registry import Services
    from tests.conftest import FAST_HASHER

    db = Database(url)
    services = Services(db, clock=fixed_clock, hasher=FAST_HASHER)
    services.companies.matching_day(actor, attempts[0][0])  # connect before the start
    out = []
    for day, opening, youth, slot in attempts:
        barrier.wait(timeout=60)
        try:
            services.companies.book_interview(actor, day, opening, youth, slot)
            out.append(("ok", ""))
        except DomainError as exc:
            message = exc.errors.get("slot_no", "") if getattr(exc, "errors", None) else exc.message
            out.append((type(exc).__name__, message))
        except Exception as exc:  # noqa: BLE001 - every other outcome fails the test
            out.append(("error", f"{type(exc).__name__}: {exc}"[:300]))
    db.dispose()
    results.put((actor.username, out))


def race_pg_url() -> str:
    env = os.environ.get("YJD_TEST_MATCH_RACE_DATABASE_URL")
    if env:
        return env
    url = make_url(PG_URL)
    return url.set(database=f"{url.database}_matchrace").render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def shared_url(request, tmp_path):
    """A freshly migrated database of this test's own."""
    if request.param == "sqlite":
        url = sqlite_url(tmp_path / "race.db")
    else:
        url = race_pg_url()
        _ensure_pg_database(url)
        db = Database(url)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        db.dispose()
    db = Database(url)
    upgrade(db)
    db.dispose()
    return url


def setup_days(url: str):
    """CAFE-A with two companies' openings, two matching days of 36 slots, youths
    registered for both: (counselor, counselor2, day A, day B, opening 1, opening 2, youths)."""
    from models.registry import Services
    from tests.conftest import FAST_HASHER
    from tests.factories.companies import company_data, make_matching, opening_data
    from tests.factories.rooms import TODAY, add_youth
    from tests.factories.world import make_world

    db = Database(url)
    services = Services(db, clock=fixed_clock, hasher=FAST_HASHER)
    world = make_world(services)
    mw = make_matching(services, world)
    cs = services.companies
    o2 = cs.open_job(world.counselor, cs.create_company(world.counselor, world.a, company_data(2)), opening_data())
    youths = [mw.y1, mw.y2, mw.y3] + [add_youth(services, world, i) for i in range(3, 2 * ROUNDS)]
    days = []
    for title in ("오전 매칭데이", "오후 매칭데이"):
        did = cs.create_matching_day(world.counselor, world.a, {"title": title, "held_on": TODAY, "place": "시민청",
                                                                "starts": "08:00", "ends": "20:00"})
        assert cs.matching_day(world.counselor, did).slots == ROUNDS
        for o in (mw.opening, o2):
            cs.add_day_opening(world.counselor, did, o)
        for y in youths:
            cs.register_youth(world.counselor, did, y)
        days.append(did)
    db.dispose()
    return world.counselor, mw.counselor2, days, (mw.opening, o2), youths


def _race(url: str, desks, plans) -> dict[str, list]:
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=worker, args=(url, desk, plan, barrier, results))
             for desk, plan in zip(desks, plans, strict=True)]
    for p in procs:
        p.start()
    try:
        outcomes = dict(results.get(timeout=180) for _ in procs)
    finally:
        for p in procs:
            p.join(timeout=30)
            if p.is_alive():
                p.terminate()
    assert [p.exitcode for p in procs] == [0, 0]
    return outcomes


def _one_winner_a_round(outcomes: dict[str, list], message: str) -> None:
    a, b = outcomes.values()
    assert len(a) == len(b) == ROUNDS
    for n, pair in enumerate(zip(a, b, strict=True)):
        kinds = sorted(k for k, _ in pair)
        assert kinds in (["ValidationError", "ok"], ["Conflict", "ok"]), (n, pair)
        lost = next(m for k, m in pair if k != "ok")
        assert lost == message, (n, pair)


def test_two_processes_one_company_slot_and_one_youth_in_two_companies(shared_url):
    counselor, counselor2, (day_a, day_b), (o1, o2), youths = setup_days(shared_url)
    desks = (counselor, counselor2)
    # day A: the same company's slot, each desk for a youth of its own
    company = [[(day_a, o1, youths[2 * r + i], r) for r in range(ROUNDS)] for i in (0, 1)]
    _one_winner_a_round(_race(shared_url, desks, company), COMPANY_TAKEN)
    # day B: the same youth at the same time, each desk with another company
    youth = [[(day_b, (o1, o2)[i], youths[r], r) for r in range(ROUNDS)] for i in (0, 1)]
    _one_winner_a_round(_race(shared_url, desks, youth), YOUTH_TAKEN)

    db = Database(shared_url)
    try:
        with db.engine.connect() as conn:
            live = conn.execute(text("SELECT day_id, count(*) FROM interview_slot WHERE cancelled_at IS NULL "
                                     "GROUP BY day_id ORDER BY day_id")).all()
            total = conn.execute(text("SELECT count(*) FROM interview_slot")).scalar()
            doubles = conn.execute(text(
                "SELECT (SELECT count(*) FROM (SELECT 1 FROM interview_slot GROUP BY day_id, company_id, slot_no "
                "HAVING count(*) > 1) AS c) + (SELECT count(*) FROM (SELECT 1 FROM interview_slot "
                "GROUP BY day_id, youth_id, slot_no HAVING count(*) > 1) AS y)")).scalar()
            audited = conn.execute(text("SELECT count(*) FROM audit_log WHERE entity = 'interview_slot' "
                                        "AND action = 'insert'")).scalar()
            referrals = conn.execute(text("SELECT count(*) FROM referral")).scalar()
    finally:
        db.dispose()
    assert [tuple(r) for r in live] == [(day_a, ROUNDS), (day_b, ROUNDS)]
    assert total == audited == 2 * ROUNDS and doubles == 0
    assert referrals == 0  # a booking is not a referral until its result is recorded
