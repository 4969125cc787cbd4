"""스터디룸 예약 (the measures of ``bench_bookings.py``, on the runner's databases): a
booking and the day view, with the booking history as the series.

- ``book_insert``: the conflict check plus insert as ``RoomBookingService.book`` runs it
  (``models.rooms.store.insert_if_free``: one ``INSERT … WHERE NOT EXISTS … RETURNING id`` in
  a write transaction of the app's ``Database``), against a raw sqlite3 INSERT into the same
  table with the same trigger, one transaction each; sampled in alternating blocks so each
  runs on a warm connection (a connection's page cache is dropped whenever another writes).
- ``book``: the whole ``RoomBookingService.book`` (every rule, the youth lock, the audit
  row), against the same raw insert.
- ``day_view``: ``rooms.day_view`` of the facility's rooms for a past day, against the same
  day's bookings, rooms and rules read in raw SQL.
Targets: a booking ≈ 2× a raw insert (pass: ≤ 3×); the day view flat."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from models.core.errors import DomainError
from models.core.time import SEOUL, utcnow
from tests.benchmarks.core import Figure, Measure, flat, interleave
from tests.benchmarks.measures.rawsql import Raw
from tests.benchmarks.synth import fmt

COLS = ("facility_id, room_id, youth_id, starts_at, ends_at, headcount, purpose, note, status, "
        "walk_in, created_at")
BLOCK = 20


class Slots:
    """Free two-hour slots (09:00–21:00) of the facility's rooms on weekdays, far ahead
    (beyond any booking)."""

    def __init__(self, env, offset_days: int):
        self.rooms = env.room_ids
        today = datetime.now(SEOUL).date()
        self.day = max(today + timedelta(days=offset_days), _after_the_last_booking(env))
        self.i = 0
        self._weekday()

    def _weekday(self) -> None:
        while self.day.weekday() >= 5:
            self.day += timedelta(days=1)

    def next_day(self) -> None:
        self.day += timedelta(days=1)
        self.i = 0
        self._weekday()

    def next(self) -> tuple[int, date, int]:
        if self.i >= len(self.rooms) * 6:
            self.next_day()
        i, self.i = self.i, self.i + 1
        return self.rooms[(i // 6) % len(self.rooms)], self.day, 9 + 2 * (i % 6)


def _after_the_last_booking(env) -> date:
    """The day after the benchmark facility's last booking: an earlier run ``--in-place``
    left its bookings far ahead, and a second run must not book into them."""
    with env.db.engine.connect() as c:
        last = c.execute(sa.text("SELECT max(starts_at) FROM booking WHERE facility_id = :f"),
                         {"f": env.booking_facility_id}).scalar()
    if last is None:
        return date.min
    day = date.fromisoformat(last[:10]) if isinstance(last, str) else last.date()
    return day + timedelta(days=2)  # a UTC date: the Seoul day may be the next one


def _prepare(env) -> None:
    if not env._history.get("rules_open"):
        # the copy of an existing database: let bookings reach the far days used here
        env.services.booking_rules.update(env.actor, env.booking_facility_id,
                                          {"max_days_ahead": 365, "max_minutes_per_day": 1440})
        env._history["rules_open"] = True


def _raw_insert(driver, fid):
    def base(slot):
        room, day, hour = slot
        st = datetime.combine(day, time(hour), SEOUL)
        driver.execute("BEGIN IMMEDIATE")
        driver.execute(f"INSERT INTO booking ({COLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                       (fid, room, 1, fmt(st), fmt(st + timedelta(hours=2)), 2, "study", "",
                        "booked", 0, fmt(utcnow())))
        driver.execute("COMMIT")
    return base


def run_insert(ctx, env) -> Figure:
    from models.rooms.store import COLUMNS, insert_if_free
    _prepare(env)
    fid = env.booking_facility_id
    slots = Slots(env, 100 + 30 * env._history.setdefault("book_round", 0))
    env._history["book_round"] += 1
    raw = env.db.engine.raw_connection()
    base = _raw_insert(raw.driver_connection, fid)

    def app(_i):
        room, day, hour = slots.next()
        st = datetime.combine(day, time(hour), SEOUL)
        v = dict.fromkeys(COLUMNS)
        v.update(facility_id=fid, room_id=room, youth_id=2, starts_at=st,
                 ends_at=st + timedelta(hours=2), headcount=2, purpose="study", note="",
                 status="booked", walk_in=False, created_at=utcnow())
        with env.db.transaction() as conn:
            if insert_if_free(conn, v) is None:
                raise RuntimeError("unexpected clash")

    try:
        a, b = interleave(app, lambda _i: base(slots.next()), ctx.samples(300, 60), block=BLOCK)
    finally:
        raw.close()
    return Figure("", env.rows["booking"], a, "raw insert", b)


def run_book(ctx, env) -> Figure:
    _prepare(env)
    fid = env.booking_facility_id
    slots = Slots(env, 100 + 30 * env._history.setdefault("book_round", 0))
    env._history["book_round"] += 1
    youths = env.rows["youth"] or 1
    raw = env.db.engine.raw_connection()
    base = _raw_insert(raw.driver_connection, fid)
    refused = []

    def app(i):
        for k in range(20):  # a youth the rules refuse (sanction, limits) is skipped
            room, day, hour = slots.next()
            data = {"room_id": room, "youth_id": 1 + (i * 7919 + k) % youths, "day": day,
                    "start": f"{hour:02d}:00", "end": f"{hour + 2:02d}:00", "headcount": 2,
                    "identity_confirmed": True}
            try:
                return env.services.rooms.book(env.actor, fid, data)
            except DomainError as exc:  # a closed day (a holiday): go on to the next day
                refused.append(f"{type(exc).__name__}: {getattr(exc, 'message', exc)}")
                slots.next_day()
        raise RuntimeError(f"every booking refused: {refused[-3:]}")

    try:
        a, b = interleave(app, lambda _i: base(slots.next()), ctx.samples(150, 30), block=BLOCK)
    finally:
        raw.close()
    return Figure("", env.rows["booking"], a, "raw insert", b,
                  {"refused": len(refused), **({"last_refusal": refused[-1]} if refused else {})})


def _raw_day(raw: Raw, fid: int, day: date) -> None:
    start = datetime.combine(day, time(), SEOUL)
    end = start + timedelta(days=1)
    raw.all("SELECT * FROM facility WHERE id = ?", (fid,))
    raw.all("SELECT * FROM booking_rules WHERE facility_id = ?", (fid,))
    raw.all("SELECT * FROM room WHERE facility_id = ? AND is_active AND kind IN "
            "('study_room', 'meeting_room') ORDER BY kind, name", (fid,))
    raw.all("SELECT b.*, r.name, y.name FROM booking b JOIN room r ON r.id = b.room_id "
            "JOIN youth y ON y.id = b.youth_id WHERE b.facility_id = ? AND b.starts_at >= ? "
            "AND b.starts_at < ? ORDER BY b.starts_at", (fid, fmt(start), fmt(end)))
    raw.end()


def run_day(ctx, env) -> Figure:
    fid = env.booking_facility_id
    today = datetime.now(SEOUL).date()
    raw = Raw(env)

    def day(i):
        return today - timedelta(days=1 + i % 30)

    try:
        a, b = interleave(lambda i: env.services.rooms.day_view(env.actor, fid, day(i)),
                          lambda i: _raw_day(raw, fid, day(i)), ctx.samples(30, 10), block=3)
    finally:
        raw.close()
    return Figure("", env.rows["booking"], a, "raw SQL", b, {"rooms": len(env.room_ids)})


def _about_2x(f, fs):
    return f.ratio is not None and f.ratio <= 3


MEASURES = [
    Measure("book_insert", "≈ 2× raw insert (pass ≤ 3×)", "raw insert", run_insert,
            series="booking", verdict=_about_2x),
    # the "a booking ≈ 2× a raw insert" is the conflict check plus insert
    # (book_insert); the whole call, with every rule, the youth's lock and the audit row, is
    # reported so that it stays flat, against no budget of its own
    Measure("book", "flat 10 k–1 M (the whole call; no budget)", "raw insert", run_book,
            series="booking", verdict=lambda f, fs: flat(fs)),
    Measure("day_view", "flat 10 k–1 M bookings (< 100 ms)", "raw SQL", run_day,
            series="booking", verdict=lambda f, fs: f.app_ms < 100 and flat(fs) is not False),
]
