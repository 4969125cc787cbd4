"""Two OS processes book the same slots at random, 500 attempts each, against one SQLite
file and (when YJD_TEST_DATABASE_URL is set) one PostgreSQL schema.

Both processes draw the same random sequence of room, day and time, so they keep asking
for the same slot at about the same moment; each attempt is made for a youth of its own,
so that the only contention is the room. Every attempt must end as a success or a
Conflict; afterwards no two active bookings of a room overlap and the successes are
exactly the active bookings.
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
from tests.conftest import BACKENDS, PG_URL

ATTEMPTS = 500
DAYS = [date(2026, 11, 30) + timedelta(days=d) for d in (0, 1, 2, 3, 4, 7, 8, 9, 10, 11)]
SLOTS = 18  # 30-minute slots from 09:00 to 18:00
NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # Friday 10:00 in Seoul


def fixed_clock() -> datetime:
    return NOW


def hhmm(slot: int) -> str:
    minutes = 9 * 60 + slot * 30
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def attempts(seed: int) -> list[tuple[int, date, str, str]]:
    """(room index, day, start, end) for every attempt: the same list for both workers."""
    rng = random.Random(seed)
    out = []
    for _ in range(ATTEMPTS):
        start = rng.randrange(SLOTS)
        end = min(SLOTS, start + rng.randint(1, 4))
        out.append((rng.randrange(2), rng.choice(DAYS), hhmm(start), hhmm(end)))
    return out


def worker(url: str, facility_id: int, rooms: list[int], youths: list[int], actor, seed: int,
           barrier, results) -> None:
    """One front-desk PC: book every attempt, count successes and conflicts."""
    from models.core.errors import Conflict
    from models.registry import Services
    from models.rooms.service import RACE_MESSAGE
    from tests.conftest import FAST_HASHER

    db = Database(url)
    services = Services(db, clock=fixed_clock, hasher=FAST_HASHER)
    services.rooms.day_view(actor, facility_id, DAYS[0])  # connect before the start
    counts = {"ok": 0, "conflict": 0, "race": 0, "errors": []}
    barrier.wait(timeout=60)
    for (room, day, start, end), youth in zip(attempts(seed), youths, strict=True):
        try:
            services.rooms.book(actor, facility_id, {
                "room_id": rooms[room], "youth_id": youth, "day": day, "start": start,
                "end": end, "identity_confirmed": True})
            counts["ok"] += 1
        except Conflict as exc:
            counts["conflict"] += 1
            counts["race"] += exc.message == RACE_MESSAGE
        except Exception as exc:  # noqa: BLE001 - every other outcome fails the test
            counts["errors"].append(f"{type(exc).__name__}: {exc}"[:300])
    db.dispose()
    results.put(counts)


@pytest.fixture(params=BACKENDS)
def shared_url(request, tmp_path):
    """A migrated database of this test's own: a SQLite file, or a PostgreSQL schema
    (the truncating ``db`` fixture never touches it)."""
    if request.param == "sqlite":
        url = sqlite_url(tmp_path / "shared.db")
        db = Database(url)
        upgrade(db)
        db.dispose()
        yield url
        return
    request.getfixturevalue("pg_database")  # the test database exists, btree_gist too
    schema = f"yjd_concurrency_{os.getpid()}"
    base = Database(PG_URL)
    with base.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    db = Database(url)
    upgrade(db)
    with db.engine.connect() as conn:  # migrated into the schema, not into public
        assert conn.execute(text(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = :s "
            "AND table_name = 'booking'"), {"s": schema}).scalar() == 1
    db.dispose()
    yield url.render_as_string(hide_password=False)
    with base.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    base.dispose()


def setup_world(url: str):
    """A café with two study rooms, a front-desk account and one youth per attempt."""
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
    rooms = [services.facilities.add_room(admin, fid, {"name": f"스터디룸 {c}", "kind": "study_room",
                                                       "capacity": 6}) for c in "AB"]

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
    return fid, rooms, desk, ids


def test_two_processes_never_double_book(shared_url):
    fid, rooms, desk, youths = setup_world(shared_url)
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    seed = random.randrange(1_000_000)
    procs = [ctx.Process(target=worker, args=(shared_url, fid, rooms, youths[i::2], desk, seed,
                                              barrier, results)) for i in range(2)]
    for p in procs:
        p.start()
    try:
        outcomes = [results.get(timeout=150) for _ in procs]
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
    assert successes > 20 and sum(o["conflict"] for o in outcomes) > ATTEMPTS  # real contention

    db = Database(shared_url)
    try:
        with db.engine.connect() as conn:
            overlaps = conn.execute(text(
                "SELECT count(*) FROM booking a JOIN booking b ON a.room_id = b.room_id "
                "AND a.id < b.id AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at "
                "WHERE a.status IN ('booked', 'checked_in') AND b.status IN ('booked', 'checked_in')"
            )).scalar()
            active = conn.execute(text(
                "SELECT count(*) FROM booking WHERE status IN ('booked', 'checked_in')")).scalar()
            total = conn.execute(text("SELECT count(*) FROM booking")).scalar()
            audited = conn.execute(text(
                "SELECT count(*) FROM audit_log WHERE entity = 'booking' AND action = 'insert'"
            )).scalar()
    finally:
        db.dispose()
    assert overlaps == 0
    assert successes == active == total == audited  # a lost attempt writes nothing
