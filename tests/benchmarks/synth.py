"""The databases the benchmarks run on: an existing one (``--db``, ``--database-url``), or a
synthetic one grown in stages (10 k → 100 k → 1 M rows of each series).

One synthetic database holds every series, each in its own tables, so a stage grows all of
them to the stage's size and the measures of every series then run on it:

- ``youth``: youths (the registry is city-wide), with their search index rows
  (``youth_gram``, made by ``grams.rows_for`` exactly as the app's listener makes them);
- ``audit``: audit log rows, chained (seq and row_hash by ``audit_chain.row_hash`` after
  the log's head) and the head file advanced, so the app's own writes chain onto them;
- ``booth``: booth slots of 20 other facilities going back in time, 60 % of them booked;
  the benchmark facility has 4 booths with a weekly template;
- ``booking``: room bookings of the benchmark facility's 20 rooms going back in time
  (``bench_bookings.py``'s history: 6 two-hour blocks a room a day).

Plain SQL is used for the bulk rows (the app's services would take hours at 1 M rows);
the app's services make everything else (accounts, facilities, rooms, templates, rules).
Youths and audit rows work on both backends; booths and bookings on SQLite only.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from models.core import audit_chain, audit_head
from models.core.audit_table import AuditLog
from models.core.db import Database
from models.core.migrate import upgrade
from models.core.permissions import Actor
from models.core.time import SEOUL, utcnow
from models.registry import Services
from models.youth import grams
from models.youth.tables import Youth

BENCH_USER, BENCH_PASSWORD = "bench", "bench1234"
FACILITY_CODE = "CAFE-BENCH"
ROOMS, PER_ROOM_DAY = 20, 6
BOOTHS = 4
OTHER_FACILITIES, OTHER_BOOTHS, SLOTS_PER_DAY = 20, 5, 8

SURNAMES = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나"
GIVEN = ["민준", "서연", "도윤", "서윤", "시우", "지우", "하준", "하윤", "예준", "지호", "지유",
         "주원", "수아", "준우", "지민", "현우", "채원", "건우", "윤서", "우진", "다은", "선우",
         "은서", "민재", "예은", "현준", "수빈", "연우", "소율", "유준", "지윤", "정우", "예린",
         "승우", "하은", "지훈", "민서", "승현", "유나", "준서", "서아", "지환", "예서", "도현"]
DISTRICTS = ["중구", "종로구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구", "강북구",
             "도봉구", "노원구", "은평구", "서대문구", "마포구", "양천구", "강서구", "구로구",
             "금천구", "영등포구", "동작구", "관악구", "서초구", "강남구", "송파구", "강동구"]
ENTITIES = ["youth", "booking", "booth_booking", "booth_slot", "room", "user_account", "facility"]


def fmt(dt: datetime) -> str:
    """An instant as the app stores it in SQLite (UTC, naive)."""
    return dt.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


@dataclass
class Env:
    """One database under test, its services and what the measures need from it."""

    db: Database
    services: Services
    actor: Actor
    url: str
    facility_id: int  # the facility the measures use (rooms, booths)
    facility_code: str
    booking_facility_id: int
    booth_facility_id: int
    username: str
    password: str
    synthetic: bool
    rows: dict[str, int] = field(default_factory=dict)  # series -> rows now
    room_ids: list[int] = field(default_factory=list)
    booth_ids: list[int] = field(default_factory=list)
    _history: dict = field(default_factory=dict)  # the builders' state

    @property
    def path(self) -> Path | None:
        return self.db.sqlite_path

    @property
    def backend(self) -> str:
        return "sqlite" if self.db.is_sqlite else "postgresql"

    def scalar(self, sql: str, **params):
        with self.db.engine.connect() as c:
            return c.execute(sa.text(sql), params).scalar()

    def count(self, table: str) -> int:
        return int(self.scalar(f"SELECT count(*) FROM {table}") or 0)


# -- an existing database ------------------------------------------------------------
def existing(url: str, username: str, password: str) -> Env:
    """The app's database at ``url`` (migrated to head, as the app would), logged in as
    ``username``; the facilities with the most rooms and the most booths are the ones used."""
    db = Database(url)
    upgrade(db)
    services = Services(db)
    actor = services.accounts.authenticate(username, password)
    env = Env(db, services, actor, url, 0, "", 0, 0, username, password, synthetic=False)
    with db.engine.connect() as c:
        rooms = c.execute(sa.text(
            "SELECT f.id, f.code, count(*) n FROM room r JOIN facility f ON f.id = r.facility_id "
            "WHERE r.kind IN ('study_room', 'meeting_room') AND r.is_active AND f.is_active "
            "GROUP BY f.id, f.code ORDER BY n DESC, f.id LIMIT 1")).first()
        booths = c.execute(sa.text(
            "SELECT b.facility_id, count(*) n FROM booth_template b JOIN room r ON r.id = b.room_id "
            "WHERE r.is_active GROUP BY b.facility_id ORDER BY n DESC, b.facility_id LIMIT 1")).first()
        if rooms is not None:
            env.booking_facility_id, env.facility_code = rooms[0], rooms[1]
            env.room_ids = [r[0] for r in c.execute(sa.text(
                "SELECT id FROM room WHERE facility_id = :f AND kind IN ('study_room', 'meeting_room') "
                "AND is_active ORDER BY id"), {"f": rooms[0]})]
        if booths is not None:
            env.booth_facility_id = booths[0]
            env.booth_ids = [r[0] for r in c.execute(sa.text(
                "SELECT room_id FROM booth_template WHERE facility_id = :f ORDER BY room_id"),
                {"f": booths[0]})]
    env.facility_id = env.booking_facility_id or env.booth_facility_id
    recount(env)
    return env


def recount(env: Env) -> None:
    env.rows = {"youth": env.count("youth"), "audit": env.count("audit_log")}
    if env.db.is_sqlite:
        env.rows["booth"] = env.count("booth_slot")
        env.rows["booking"] = env.count("booking")


# -- a synthetic database -------------------------------------------------------------
def synthetic(url: str) -> Env:
    """An empty database at ``url`` made the app's (migrations), with the benchmark's
    administrator (a real argon2 hash: the start-up probe logs in with it), facility, 20
    rooms and 4 booths with a Mon–Fri template."""
    db = Database(url)
    upgrade(db)
    services = Services(db)
    admin = services.accounts.create_first_admin(
        {"username": BENCH_USER, "display_name": "벤치", "password": BENCH_PASSWORD})
    hours = {str(d): ["09:00", "21:00"] for d in range(7)}
    fid = services.facilities.create(admin, {
        "code": FACILITY_CODE, "name": "벤치 카페", "kind": "job_cafe", "region": "central",
        "district": "중구", "operator": "city", "opening_hours": hours})
    rooms = [services.facilities.add_room(admin, fid, {"name": f"스터디룸 {i:02d}",
                                                       "kind": "study_room", "capacity": 8})
             for i in range(ROOMS)]
    booths = [services.facilities.add_room(admin, fid, {"name": f"AI 부스 {i + 1}",
                                                        "kind": "ai_booth", "capacity": 1})
              for i in range(BOOTHS)]
    services.booking_rules.update(admin, fid, {"max_days_ahead": 365, "max_minutes_per_day": 1440})
    for b in booths:
        services.booth_slots.set_template(admin, fid, b, {
            "weekdays": [0, 1, 2, 3, 4], "day_start": "10:00", "day_end": "17:00",
            "slot_minutes": 50, "buffer_minutes": 10})
    env = Env(db, services, admin, url, fid, FACILITY_CODE, fid, fid, BENCH_USER, BENCH_PASSWORD,
              synthetic=True, room_ids=rooms, booth_ids=booths)
    if db.is_sqlite:
        others = []
        for k in range(OTHER_FACILITIES):
            of = services.facilities.create(admin, {
                "code": f"CAFE-B{k:02d}", "name": f"벤치 카페 {k:02d}", "kind": "job_cafe",
                "region": "central", "district": DISTRICTS[k % len(DISTRICTS)], "operator": "city",
                "opening_hours": hours})
            others.append((of, [services.facilities.add_room(admin, of, {
                "name": f"부스 {i + 1}", "kind": "ai_booth", "capacity": 1})
                for i in range(OTHER_BOOTHS)]))
        env._history["booth_rooms"] = others
    recount(env)
    return env


def grow(env: Env, series: str, size: int) -> None:
    """Grow ``series`` to ``size`` rows (nothing when it already holds that many)."""
    if series in ("booth", "booking") and env.rows.get("youth", 0) == 0:
        grow(env, "youth", 1000)  # the bookings name youths
    have = env.rows.get(series, 0)
    if have < size:
        {"youth": _grow_youth, "audit": _grow_audit, "booth": _grow_booths,
         "booking": _grow_bookings}[series](env, have, size - have)
    recount(env)


def _raw(env: Env):
    """A driver connection on its own (sqlite3 or psycopg) with a transaction begun (the
    app's engine leaves sqlite3 in autocommit and emits BEGIN itself)."""
    raw = env.db.engine.raw_connection()
    if env.db.is_sqlite:
        raw.driver_connection.execute("BEGIN IMMEDIATE")
    return raw


def _grow_youth(env: Env, have: int, n: int) -> None:
    rng = random.Random(1000 + have)
    now = utcnow()
    table = Youth.__table__
    with env.db.engine.connect() as c:
        start = (c.execute(sa.text("SELECT max(id) FROM youth")).scalar() or 0) + 1
    batch = 20_000
    for lo in range(0, n, batch):
        rows = []
        for i in range(start + lo, start + min(n, lo + batch)):
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            rows.append({"id": i, "name": name, "phone": f"010{rng.randrange(10**8):08d}",
                         "birth_date": date(1987 + rng.randrange(20), 1 + rng.randrange(12),
                                            1 + rng.randrange(28)),
                         "email": None, "district": rng.choice(DISTRICTS), "channel": "on_site",
                         "consent_on": date(2024, 1, 1), "retention_years": 3,
                         "registered_facility_id": env.facility_id, "created_at": now})
        with env.db.engine.begin() as c:
            c.execute(table.insert(), rows)
        _add_grams(env, [(r["id"], r["name"], r["phone"]) for r in rows])
    if env.db.is_postgresql:
        with env.db.engine.begin() as c:
            c.execute(sa.text("SELECT setval(pg_get_serial_sequence('youth', 'id'), "
                              "(SELECT max(id) FROM youth))"))
        _vacuum(env, "youth", "youth_gram")
    else:
        with env.db.engine.begin() as c:
            c.execute(sa.text("ANALYZE"))


def _add_grams(env: Env, youths: list[tuple[int, str, str]]) -> None:
    """The index rows exactly as ``grams.add_rows`` makes them (``grams.rows_for``), written
    by the driver (executemany on SQLite, COPY on PostgreSQL) for speed."""
    tuples = [(r["kind"], r["gram"], r["youth_id"]) for y in youths for r in grams.rows_for(*y)]
    raw = _raw(env)
    try:
        cur = raw.cursor()
        if env.db.is_sqlite:
            cur.executemany("INSERT INTO youth_gram (kind, gram, youth_id) VALUES (?, ?, ?)", tuples)
        else:
            with cur.copy("COPY youth_gram (kind, gram, youth_id) FROM STDIN") as cp:
                for t in tuples:
                    cp.write_row(t)
        raw.commit()
    finally:
        raw.close()


def _grow_audit(env: Env, have: int, n: int) -> None:
    """Append ``n`` chained rows after the log's head (as ``models.core.audit._append``
    does: ``audit_chain.link``), in batches, then advance the head file."""
    rng = random.Random(2000 + have)
    table = AuditLog.__table__
    t0 = utcnow() - timedelta(days=365)
    batch = 20_000
    head = None
    for lo in range(0, n, batch):
        rows = []
        for i in range(lo, min(n, lo + batch)):
            entity = rng.choice(ENTITIES)
            eid = rng.randrange(1, 100_000)
            rows.append({
                "at": t0 + timedelta(seconds=(have + i) * 5), "user_id": env.actor.user_id,
                "username": rng.choice([env.username, "frontdesk", "counselor", "manager"]),
                "action": rng.choice(["insert", "update", "update", "read", "output"]),
                "entity": entity, "entity_id": str(eid),
                "facility_id": env.facility_id if rng.random() < 0.5 else None,
                "old_values": {"status": "booked"} if rng.random() < 0.5 else None,
                "new_values": {"status": "checked_in", "room_id": env.room_ids[0] if env.room_ids else 1},
                "detail": None})
        with env.db.engine.begin() as c:
            head = audit_chain.link(c, rows)
            c.execute(table.insert(), rows)
    path = audit_head.path_for(env.db.engine.url)
    if path is not None and head is not None:
        audit_head.advance(path, head)
    if env.db.is_postgresql:
        _vacuum(env, "audit_log")
    else:
        with env.db.engine.begin() as c:
            c.execute(sa.text("ANALYZE"))


def _vacuum(env: Env, *tables: str) -> None:
    """PostgreSQL: VACUUM ANALYZE the tables just filled, as autovacuum does on a live server
    soon after a bulk load. Without it the visibility map is empty, so the planner cannot
    use an index-only scan of ``youth_gram`` and takes a parallel bitmap scan with a sort
    (a worker start of about 10 ms a search) that no server in use would run."""
    with env.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        for table in tables:
            c.execute(sa.text(f"VACUUM ANALYZE {table}"))


def _grow_booths(env: Env, have: int, n: int) -> None:
    """Slots of the other facilities' booths going back from yesterday, 8 a day each,
    60 % booked (most checked in); appended further back at each stage."""
    rng = random.Random(3000 + have)
    others = env._history["booth_rooms"]
    lanes = [(f, r) for f, rooms in others for r in rooms]
    back = env._history.get("booth_back", 0)  # days already filled, counting back
    youth_max = max(env.rows.get("youth", 0), 1)
    now = fmt(utcnow())
    raw = _raw(env)
    try:
        cur = raw.cursor()
        slot_id = (cur.execute("SELECT max(id) FROM booth_slot").fetchone()[0] or 0)
        made = 0
        slots, bookings = [], []
        while made < n:
            back += 1
            day = date.today() - timedelta(days=back)
            for f, r in lanes:
                for k in range(SLOTS_PER_DAY):
                    if made >= n:
                        break
                    st = datetime(day.year, day.month, day.day, 9 + k, tzinfo=SEOUL)
                    slot_id += 1
                    made += 1
                    slots.append((slot_id, f, r, fmt(st), fmt(st + timedelta(minutes=50)), "open",
                                  "template", now))
                    if rng.random() < 0.6:
                        status = rng.choices(["checked_in", "no_show", "cancelled"], [85, 7, 8])[0]
                        bookings.append((slot_id, f, rng.randrange(1, youth_max + 1), fmt(st),
                                         "ai_interview", status, 0, 0, now))
        cur.executemany("INSERT INTO booth_slot (id, facility_id, room_id, starts_at, ends_at, state,"
                        " source, created_at) VALUES (?,?,?,?,?,?,?,?)", slots)
        cur.executemany("INSERT INTO booth_booking (slot_id, facility_id, youth_id, starts_at,"
                        " session_type, status, walk_in, result_received, created_at)"
                        " VALUES (?,?,?,?,?,?,?,?,?)", bookings)
        raw.commit()
        cur.execute("ANALYZE")
    finally:
        raw.close()
    env._history["booth_back"] = back


def _grow_bookings(env: Env, have: int, n: int) -> None:
    """The benchmark facility's 20 rooms, 6 two-hour blocks a day, going back from
    yesterday (the no-overlap triggers are off while the history goes in, as in
    bench_bookings.py)."""
    rng = random.Random(4000 + have)
    back = env._history.get("booking_back", 0)
    youth_max = max(env.rows.get("youth", 0), 1)
    now = fmt(utcnow())
    raw = _raw(env)
    try:
        cur = raw.cursor()
        triggers = cur.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger' "
                               "AND name LIKE 'booking_no_overlap%'").fetchall()
        for name, _ in triggers:
            cur.execute(f"DROP TRIGGER {name}")
        rows, made = [], 0
        while made < n:
            back += 1
            day = date.today() - timedelta(days=back)
            for r in env.room_ids:
                for b in range(PER_ROOM_DAY):
                    if made >= n:
                        break
                    st = datetime(day.year, day.month, day.day, 9 + 2 * b, tzinfo=SEOUL)
                    status = rng.choices(["checked_in", "no_show", "cancelled"], [85, 7, 8])[0]
                    rows.append((env.booking_facility_id, r, rng.randrange(1, youth_max + 1), fmt(st),
                                 fmt(st + timedelta(hours=2)), 2, "study", "", status, 0, now))
                    made += 1
        cur.executemany("INSERT INTO booking (facility_id, room_id, youth_id, starts_at, ends_at,"
                        " headcount, purpose, note, status, walk_in, created_at)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
        for _, sql in triggers:
            cur.execute(sql)
        raw.commit()
        cur.execute("ANALYZE")
    finally:
        raw.close()
    env._history["booking_back"] = back
