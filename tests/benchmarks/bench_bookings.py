"""Benchmark: booking into a facility with 1,000,000 existing bookings (SQLite).

Run: ``python tests/benchmarks/bench_bookings.py [--rows 1000000] [--samples 300]``

It prints, in one process and on one database file:
- the median of a raw sqlite3 INSERT (one BEGIN IMMEDIATE ... COMMIT each, the same
  no-overlap trigger), the baseline;
- the median of the conflict check plus insert as ``RoomBookingService.book`` runs it: one
  ``INSERT ... SELECT ... WHERE NOT EXISTS (overlapping active booking) RETURNING id``
  (``models.rooms.store.insert_if_free``) in a write transaction of the
  application's ``Database``, and its ratio to the baseline (target <= 3x, < 5 ms);
- the same statement inside an ORM session (``Database.write``), as book() wraps it;
- the median of a whole ``RoomBookingService.book`` call with every rule checked and the audit
  row written, and its ratio;
- the median time to load the day view of a facility with 20 rooms (target < 100 ms).
The baseline and the two check-plus-insert figures are sampled in rounds of three blocks
(raw, then Core, then session), so that drift falls on all three alike while each block
runs on a warm connection: a connection's page cache is dropped whenever another
connection writes, so sampling one insert of each in turn would slow every figure down.
Nothing here is asserted: timings depend on the machine; the ratios are the signal.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import text  # noqa: E402

from models.core.db import Database, sqlite_url  # noqa: E402
from models.core.migrate import upgrade  # noqa: E402
from models.core.time import (
    SEOUL,  # noqa: E402
    utcnow,  # noqa: E402
)
from models.registry import Services  # noqa: E402

ROOMS = 20
PER_ROOM_DAY = 6  # 09:00-21:00 in 2-hour blocks
ROUNDS = 3
COLS = ("facility_id, room_id, youth_id, starts_at, ends_at, headcount, purpose, note, status, "
        "walk_in, created_at")


def fmt(dt: datetime) -> str:
    return dt.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def build(path: Path, rows: int, services: Services):
    admin = services.accounts.create_first_admin(
        {"username": "bench", "display_name": "벤치", "password": "bench1234"})
    hours = {str(d): ["09:00", "21:00"] for d in range(7)}
    fid = services.facilities.create(admin, {
        "code": "CAFE-BENCH", "name": "벤치 카페", "kind": "job_cafe", "region": "central",
        "district": "중구", "operator": "city", "opening_hours": hours})
    room_ids = [services.facilities.add_room(admin, fid, {"name": f"스터디룸 {i:02d}",
                                                          "kind": "study_room", "capacity": 8})
                for i in range(ROOMS)]
    services.booking_rules.update(admin, fid, {"max_days_ahead": 365, "max_minutes_per_day": 1440})
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    now = fmt(utcnow())
    con.executemany(
        "INSERT INTO youth (name, birth_date, phone, district, channel, consent_on, retention_years,"
        " created_at) VALUES (?, '1998-01-01', ?, '중구', 'online', '2025-01-01', 3, ?)",
        [(f"청년{i:05d}", f"010{i:08d}", now) for i in range(10_000)])
    # history: ROOMS rooms x PER_ROOM_DAY blocks a day, going back in time from yesterday
    triggers = con.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger' "
                           "AND name LIKE 'booking_no_overlap%'").fetchall()
    for name, _ in triggers:
        con.execute(f"DROP TRIGGER {name}")
    days = rows // (ROOMS * PER_ROOM_DAY) + 1
    start_day = date.today() - timedelta(days=days)
    rng = random.Random(7)

    def gen():
        n = 0
        for d in range(days):
            day = start_day + timedelta(days=d)
            for r in room_ids:
                for b in range(PER_ROOM_DAY):
                    if n >= rows:
                        return
                    st = datetime(day.year, day.month, day.day, 9 + 2 * b, tzinfo=SEOUL)
                    status = rng.choices(["checked_in", "no_show", "cancelled"], [85, 7, 8])[0]
                    yield (fid, r, rng.randrange(1, 10_001), fmt(st), fmt(st + timedelta(hours=2)), 2,
                           "study", "", status, 0, now)
                    n += 1

    con.executemany(f"INSERT INTO booking ({COLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)", gen())
    for _, sql in triggers:
        con.execute(sql)
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return admin, fid, room_ids


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--samples", type=int, default=300)
    args = ap.parse_args()
    path = Path(tempfile.mkdtemp()) / "bench.db"
    db = Database(sqlite_url(path))
    upgrade(db)
    from tests.conftest import FAST_HASHER
    services = Services(db, hasher=FAST_HASHER)
    t0 = time.perf_counter()
    admin, fid, room_ids = build(path, args.rows, services)
    count = db.read(lambda s: s.exec(text("SELECT count(*) FROM booking")).one()[0])
    print(f"built {count:,} bookings in {time.perf_counter() - t0:.1f} s ({path})")

    base_day = datetime.now(SEOUL).date() + timedelta(days=1)
    slots = [(base_day + timedelta(days=i // (ROOMS * 6)), room_ids[(i // 6) % ROOMS], 9 + 2 * (i % 6))
             for i in range(args.samples * 4)]

    # 1-2. in ROUNDS rounds of three blocks, so that drift (the WAL growing, checkpoints)
    #   falls on all three alike, while each block runs on a warm connection:
    #   the baseline, a raw sqlite3 INSERT with the same trigger, one transaction each;
    #   the conflict check plus insert as RoomBookingService.book runs it: the one
    #   INSERT ... WHERE NOT EXISTS statement (booking_store.insert_if_free) in a write
    #   transaction of the application's Database (BEGIN IMMEDIATE ... COMMIT), and the same
    #   statement inside an ORM session (Database.write), which book() wraps around it
    from models.rooms.store import COLUMNS as STORE_COLUMNS
    from models.rooms.store import insert_if_free

    def values(st, room):
        v = dict.fromkeys(STORE_COLUMNS)
        v.update(facility_id=fid, room_id=room, youth_id=2, starts_at=st, ends_at=st + timedelta(hours=2),
                 headcount=2, purpose="study", note="", status="booked", walk_in=False,
                 created_at=utcnow())
        return v

    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA synchronous=NORMAL")
    raw, core, session = [], [], []
    todo = iter(slots[: 3 * args.samples])

    def next_start():
        day, room, hour = next(todo)
        return room, datetime(day.year, day.month, day.day, hour, tzinfo=SEOUL)

    for _round in range(ROUNDS):
        for _ in range(args.samples // ROUNDS):
            room, st = next_start()
            t = time.perf_counter()
            con.execute("BEGIN IMMEDIATE")
            con.execute(f"INSERT INTO booking ({COLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        (fid, room, 1, fmt(st), fmt(st + timedelta(hours=2)), 2, "study", "",
                         "booked", 0, fmt(utcnow())))
            con.execute("COMMIT")
            raw.append(time.perf_counter() - t)
        for _ in range(args.samples // ROUNDS):
            room, st = next_start()
            t = time.perf_counter()
            with db.transaction() as conn:
                new_id = insert_if_free(conn, values(st, room))
            core.append(time.perf_counter() - t)
            if new_id is None:
                raise RuntimeError("unexpected clash")
        for _ in range(args.samples // ROUNDS):
            room, st = next_start()
            t = time.perf_counter()
            new_id = db.write(lambda s, st=st, room=room: insert_if_free(s.connection(), values(st, room)))
            session.append(time.perf_counter() - t)
            if new_id is None:
                raise RuntimeError("unexpected clash")
    con.close()

    # 3. the whole service call: every rule, the audit row
    full = []
    for i, (day, room, hour) in enumerate(slots[3 * args.samples:]):
        data = {"room_id": room, "youth_id": 100 + i, "day": day, "start": f"{hour:02d}:00",
                "end": f"{hour + 2:02d}:00", "headcount": 2, "identity_confirmed": True}
        t = time.perf_counter()
        services.rooms.book(admin, fid, data)
        full.append(time.perf_counter() - t)

    # 4. the day view of a facility with 20 rooms and that history
    views = []
    for i in range(30):
        t = time.perf_counter()
        dv = services.rooms.day_view(admin, fid, base_day - timedelta(days=1 + i))
        views.append(time.perf_counter() - t)
    assert len(dv.rooms) == ROOMS

    r, c, k = median_ms(raw), median_ms(core), median_ms(session)
    f, v = median_ms(full), median_ms(views)
    print(f"raw sqlite3 insert (baseline)       median {r:7.3f} ms")
    print(f"conflict check + insert             median {c:7.3f} ms   ratio {c / r:5.2f}x  "
          f"(target <= 3x and < 5 ms)")
    print(f"  the same inside an ORM session    median {k:7.3f} ms   ratio {k / r:5.2f}x")
    print(f"RoomBookingService.book, all rules  median {f:7.3f} ms   ratio {f / r:5.2f}x")
    print(f"day view, {ROOMS} rooms                  median {v:7.3f} ms   (target < 100 ms)")


if __name__ == "__main__":
    main()
