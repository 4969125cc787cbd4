"""Two OS processes book the same booth slots at random, 300 attempts each, against one
SQLite file and (when YJD_TEST_DATABASE_URL is set) a PostgreSQL database of its own.

Both processes draw the same random sequence of slots, so they keep asking for the same
slot at about the same moment. Each attempt is made for a youth of its own, so the weekly
limit never interferes and the only contention is the slot. Every attempt must end as a
success or a Conflict; afterwards no slot has two active bookings and the successes are
exactly the active bookings.

The PostgreSQL database is ``<test database>_boothrace`` (or ``YJD_TEST_RACE_DATABASE_URL``):
the truncating ``db`` fixture never touches it, and it is rebuilt on each run.
"""

from __future__ import annotations

import multiprocessing
import os
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from models.core.db import Database, sqlite_url
from models.core.migrate import upgrade
from tests.conftest import BACKENDS, PG_URL, _ensure_pg_database

ATTEMPTS = 300
FIRST, LAST = date(2026, 11, 30), date(2026, 12, 4)  # one week: 2 booths x 5 days x 7 slots
NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # Friday 10:00 in Seoul


def fixed_clock() -> datetime:
    return NOW


def worker(url: str, slots: list[int], youths: list[int], actor, seed: int, barrier, results) -> None:
    """One front-desk PC: book every attempt, count successes and conflicts."""
    from models.booths.service import RACE_MESSAGE
    from models.core.errors import Conflict
    from models.registry import Services
    from tests.conftest import FAST_HASHER

    db = Database(url)
    services = Services(db, clock=fixed_clock, hasher=FAST_HASHER)
    services.booths.weekly_limit(actor, 1)  # connect before the start
    rng = random.Random(seed)
    counts = {"ok": 0, "conflict": 0, "race": 0, "errors": []}
    barrier.wait(timeout=60)
    for youth in youths:
        try:
            services.booths.book(actor, rng.choice(slots), youth, "ai_interview")
            counts["ok"] += 1
        except Conflict as exc:
            counts["conflict"] += 1
            counts["race"] += exc.message == RACE_MESSAGE
        except Exception as exc:  # noqa: BLE001 - every other outcome fails the test
            counts["errors"].append(f"{type(exc).__name__}: {exc}"[:300])
    db.dispose()
    results.put(counts)


def race_pg_url() -> str:
    env = os.environ.get("YJD_TEST_RACE_DATABASE_URL")
    if env:
        return env
    url = make_url(PG_URL)
    return url.set(database=f"{url.database}_boothrace").render_as_string(hide_password=False)


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


def setup_world(url: str):
    """A café with two booths publishing one week, a front-desk account, one youth per attempt."""
    from models.core.enums import Role
    from models.registry import Services
    from models.youth.tables import Youth
    from tests.conftest import FAST_HASHER

    db = Database(url)
    services = Services(db, clock=fixed_clock, hasher=FAST_HASHER)
    fid = services.facilities.create(None, {
        "code": "CAFE-RACE", "name": "경쟁 일자리카페", "kind": "job_cafe", "region": "central",
        "district": "중구", "operator": "city",
        "opening_hours": {str(d): ["09:00", "18:00"] for d in range(5)}})
    admin = services.accounts.create_first_admin(
        {"username": "admin", "display_name": "관리자", "password": "admin1234"})
    uid = services.accounts.create_user(
        admin, {"username": "desk", "display_name": "안내", "password": "pass1234"},
        grants=[(Role.FRONT_DESK, fid)])
    desk = services.accounts.refresh_actor(uid)
    for n in (1, 2):
        booth = services.facilities.add_room(admin, fid, {"name": f"AI 면접 부스 {n}", "kind": "ai_booth",
                                                          "capacity": 1})
        services.booth_slots.set_template(admin, fid, booth, {
            "weekdays": [0, 1, 2, 3, 4], "day_start": "10:00", "day_end": "17:00",
            "slot_minutes": 50, "buffer_minutes": 10})
    assert services.booth_slots.generate(admin, fid, FIRST, LAST).added == 70
    slots = [x.id for x in services.booth_slots.week(admin, fid, FIRST)]

    def youths(s):
        people = [Youth(name=f"청년{i:04d}", birth_date=date(1995, 1, 1) + timedelta(days=i),
                        phone=f"0105555{i:04d}", district="중구", channel="on_site",
                        consent_on=date(2026, 11, 1), registered_facility_id=fid, created_at=NOW)
                  for i in range(2 * ATTEMPTS)]
        s.add_all(people)
        s.flush()
        return [p.id for p in people]

    ids = db.write(youths, actor=admin)
    db.dispose()
    return slots, desk, ids


def test_two_processes_never_double_book_a_slot(shared_url):
    slots, desk, youths = setup_world(shared_url)
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    seed = random.randrange(1_000_000)
    procs = [ctx.Process(target=worker, args=(shared_url, slots, youths[i::2], desk, seed, barrier, results))
             for i in range(2)]
    for p in procs:
        p.start()
    try:
        outcomes = [results.get(timeout=120) for _ in procs]
    finally:
        for p in procs:
            p.join(timeout=30)
            if p.is_alive():
                p.terminate()
    assert [p.exitcode for p in procs] == [0, 0]
    assert [o["errors"] for o in outcomes] == [[], []], f"seed {seed}"
    assert all(o["ok"] + o["conflict"] == ATTEMPTS for o in outcomes)
    successes = sum(o["ok"] for o in outcomes)
    print(f"seed {seed}: {[{k: v for k, v in o.items() if k != 'errors'} for o in outcomes]}")
    assert successes > 50 and sum(o["conflict"] for o in outcomes) > ATTEMPTS  # real contention

    db = Database(shared_url)
    try:
        with db.engine.connect() as conn:
            doubles = conn.execute(text(
                "SELECT count(*) FROM (SELECT slot_id FROM booth_booking "
                "WHERE status IN ('booked', 'checked_in') GROUP BY slot_id HAVING count(*) > 1) AS d")).scalar()
            active = conn.execute(text(
                "SELECT count(*) FROM booth_booking WHERE status IN ('booked', 'checked_in')")).scalar()
            total = conn.execute(text("SELECT count(*) FROM booth_booking")).scalar()
            booked_slots = conn.execute(text("SELECT count(DISTINCT slot_id) FROM booth_booking")).scalar()
            audited = conn.execute(text(
                "SELECT count(*) FROM audit_log WHERE entity = 'booth_booking' AND action = 'insert'")).scalar()
    finally:
        db.dispose()
    assert doubles == 0
    assert successes == active == total == booked_slots == audited  # a lost attempt writes nothing
    assert booked_slots <= len(slots)
