"""AI 면접 부스: the week grid as ``gui/booths/page.py`` loads it on its first refresh
(``booth_slots.week`` with the desk setup, the booths and the weekly limit), against the
same statements in raw SQL; and publishing 31 days of a facility's booth slots
(``booth_slots.generate``, every slot audited) against a raw executemany of the same slots
in one transaction. Targets: the week grid flat; publishing under 200 ms."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from models.booths.slots import slot_times
from models.booths.tables import BoothTemplate
from models.core.time import SEOUL, utcnow
from tests.benchmarks.core import Figure, Measure, flat, interleave
from tests.benchmarks.measures.rawsql import Raw
from tests.benchmarks.synth import fmt


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_target(env) -> tuple[int, date]:
    """The facility and Monday the grid shows: on a synthetic database last week of the
    first facility with booth history; on an existing one this week of the facility with
    the most booths."""
    today = datetime.now(SEOUL).date()
    if env.synthetic:
        return env._history["booth_rooms"][0][0], monday_of(today - timedelta(days=7))
    return env.booth_facility_id, monday_of(today)


def _raw_week(raw: Raw, fid: int, monday: date) -> None:
    start = datetime.combine(monday, time(), SEOUL)
    end = start + timedelta(days=7)
    slots = raw.all("SELECT s.*, r.name FROM booth_slot s JOIN room r ON r.id = s.room_id "
                    "WHERE s.facility_id = ? AND s.starts_at >= ? AND s.starts_at < ? "
                    "ORDER BY s.starts_at, r.name", (fid, fmt(start), fmt(end)))
    ids = [s[0] for s in slots]
    if ids:
        raw.all(f"SELECT b.*, y.name FROM booth_booking b JOIN youth y ON y.id = b.youth_id "
                f"WHERE b.slot_id IN ({','.join('?' * len(ids))}) AND b.status != 'cancelled' "
                f"ORDER BY b.id", ids)
    raw.all("SELECT * FROM booking_rules WHERE facility_id = ?", (fid,))
    raw.all("SELECT * FROM facility WHERE id = ?", (fid,))
    raw.all("SELECT day, reason FROM facility_closure WHERE facility_id = ? AND day >= ? AND day <= ?",
            (fid, str(monday - timedelta(days=366)), str(monday + timedelta(days=366))))
    raw.all("SELECT id, name FROM room WHERE facility_id = ? AND kind = 'ai_booth' AND is_active "
            "ORDER BY name", (fid,))
    raw.all("SELECT weekly_limit FROM booth_rules WHERE facility_id = ?", (fid,))
    raw.end()


def run_week(ctx, env) -> Figure:
    s, actor = env.services, env.actor
    fid, monday = week_target(env)
    raw = Raw(env)

    def app(_i):
        rows = s.booth_slots.week(actor, fid, monday)
        s.booking_rules.setup(actor, fid)
        s.booth_slots.booths(actor, fid)
        s.booths.weekly_limit(actor, fid)
        return rows

    try:
        slots = len(app(0))
        _raw_week(raw, fid, monday)
        a, b = interleave(app, lambda _i: _raw_week(raw, fid, monday), ctx.samples(40), block=5)
    finally:
        raw.close()
    return Figure("", env.rows["booth"], a, "raw SQL", b, {"week_slots": slots})


def run_publish(ctx, env) -> Figure:
    s, actor, fid = env.services, env.actor, env.booth_facility_id
    templates = env.db.read(lambda ses: [BoothTemplate(**t.model_dump()) for t in ses.exec(
        __import__("sqlmodel").select(BoothTemplate).where(BoothTemplate.facility_id == fid)).all()])
    # beyond any slot of the facility; the slots made are removed at the end, so each
    # stage, and a later run on the same file (--in-place), starts from the same state
    n = ctx.samples(8, 3)
    raw = env.db.engine.raw_connection()
    driver = raw.driver_connection
    last = driver.execute("SELECT max(starts_at) FROM booth_slot WHERE facility_id = ?", (fid,)).fetchone()[0]
    first = datetime.now(SEOUL).date() + timedelta(days=800)
    if last:
        first = max(first, datetime.fromisoformat(str(last)[:10]).date() + timedelta(days=2))
    made = []

    def days(i):
        d0 = first + timedelta(days=31 * i)
        return d0, d0 + timedelta(days=30)

    def app(i):
        d0, d1 = days(i)
        made.append(s.booth_slots.generate(actor, fid, d0, d1).added)

    def base(i):
        d0, d1 = days(i)
        now = fmt(utcnow())
        rows = []
        d = d0
        while d <= d1:
            for t in templates:
                if d.weekday() in t.weekdays:
                    rows += [(fid, t.room_id, fmt(st), fmt(en), "open", "template", now)
                             for st, en in slot_times(d, t)]
            d += timedelta(days=1)
        driver.execute("BEGIN IMMEDIATE")
        driver.executemany("INSERT INTO booth_slot (facility_id, room_id, starts_at, ends_at, state,"
                           " source, created_at) VALUES (?,?,?,?,?,?,?)", rows)
        driver.execute("COMMIT")

    try:
        a, b = interleave(app, base, n, block=1)
        # the slots both sides made are removed again, so a file measured in place keeps
        # its size and its next run starts from the same state
        driver.execute("BEGIN IMMEDIATE")
        driver.execute("DELETE FROM booth_slot WHERE facility_id = ? AND starts_at >= ?",
                       (fid, fmt(datetime.combine(first, datetime.min.time(), SEOUL))))
        driver.execute("COMMIT")
    finally:
        raw.close()
    return Figure("", env.rows.get("booth"), a, "raw executemany", b,
                  {"slots_per_publish": max(made) if made else 0})


MEASURES = [
    Measure("booth_week", "flat 10 k–1 M slots", "raw SQL", run_week, series="booth",
            verdict=lambda f, fs: flat(fs)),
    Measure("booth_publish", "< 200 ms for 31 days", "raw executemany", run_publish,
            series="booth", verdict=lambda f, fs: f.app_ms < 200),
]
