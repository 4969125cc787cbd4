"""The city-scale demo (``demo --scale city``, ``models.demo.generate_city``) on a small
scale: a few months and about a thousand youths, on each backend."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from models.core import audit_chain, audit_head
from models.core.db import Database, sqlite_url
from models.core.integrity import check
from models.core.time import SEOUL
from models.demo import CITY_BUILDERS, CityPlan, generate_city
from models.registry import Services
from tests.conftest import BACKENDS, FAST_HASHER, FakeClock, truncate_all
from tests.factories.world import youth_data

PLAN = CityPlan(youth=1000, bookings=3000, years=0.12, seed=11)
HISTORY = ("youth", "youth_gram", "booking", "booth_template", "booth_slot", "booth_booking",
           "consult_request", "role_grant")


def build(services, plan=PLAN, progress=None):
    return generate_city(services, plan, progress=progress)


@pytest.fixture(scope="module", params=BACKENDS)
def city(request, tmp_path_factory, sqlite_template):
    """One small city per backend for the tests that only read it: (services, summary,
    the progress calls)."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("city") / "city.db"
        shutil.copy(sqlite_template, path)
        shutil.copy(f"{sqlite_template}.audit-head", f"{path}.audit-head")
        database = Database(sqlite_url(path))
    else:
        database = request.getfixturevalue("pg_database")
        truncate_all(database)
    services = Services(database, clock=FakeClock(), hasher=FAST_HASHER)
    seen = []
    summary = build(services, progress=lambda done, total, counts: seen.append((done, total)))
    yield SimpleNamespace(services=services, db=database, summary=summary, progress=seen,
                          now=services.clock())
    if request.param == "sqlite":
        database.dispose()


def digest(db: Database, summary) -> str:
    """A hash of the generated rows: the history tables in id order, the staff accounts
    without their (salted) password hash, and the audit rows after the set-up without
    their hash (the set-up's rows carry the wall clock, and the chain hashes them in)."""
    h = hashlib.sha256()
    with db.engine.connect() as conn:
        for table in HISTORY:
            order = "kind, gram, youth_id" if table == "youth_gram" else \
                "room_id" if table == "booth_template" else "id"
            for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY {order}")).mappings():
                h.update(json.dumps(_norm(row), sort_keys=True, default=str).encode())
        for row in conn.execute(text("SELECT id, username, display_name, created_at FROM user_account "
                                     "WHERE id > 4 ORDER BY id")).mappings():
            h.update(json.dumps(_norm(row), sort_keys=True, default=str).encode())
        for row in conn.execute(text("SELECT * FROM audit_log WHERE seq > :s AND seq <= :e ORDER BY id"),
                                {"s": summary.audit_from,
                                 "e": summary.audit_from + summary.counts["audit_log"]}).mappings():
            values = _norm(row)
            values.pop("row_hash")
            h.update(json.dumps(values, sort_keys=True, default=str).encode())
    return h.hexdigest()


def _norm(row) -> dict:
    """One row as both backends give it back: JSON text parsed, instants as UTC text,
    booleans as 0/1."""
    from datetime import UTC, datetime
    out = {}
    for k, v in dict(row).items():
        if isinstance(v, str) and k in ("old_values", "new_values", "weekdays"):
            v = json.loads(v)
        if isinstance(v, datetime):
            v = (v if v.tzinfo else v.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
        elif isinstance(v, str) and k.endswith(("_at", "at")) and len(v) >= 19 and v[4] == "-":
            v = datetime.fromisoformat(v).replace(tzinfo=UTC).isoformat()  # SQLite's text
        if isinstance(v, bool):
            v = int(v)
        out[k] = v
    return out


@pytest.fixture
def fresh_sqlite(tmp_path, sqlite_template):
    """Another migrated SQLite database (a copy of the template, as ``sqlite_db``)."""
    def make(name: str) -> Database:
        path = tmp_path / f"{name}.db"
        shutil.copy(sqlite_template, path)
        shutil.copy(f"{sqlite_template}.audit-head", f"{path}.audit-head")
        return Database(sqlite_url(path))
    made = []
    yield lambda name: made.append(make(name)) or made[-1]
    for d in made:
        d.dispose()


def test_a_small_city_passes_check_with_the_audit_chain_and_head_file(city):
    db, summary, seen = city.db, city.summary, city.progress
    report = check(db)
    assert report.ok, report.problems
    assert report.counts["youth"] == PLAN.youth
    # about the planned room bookings (cancelled ones included), and the rest in proportion
    assert 0.8 * PLAN.bookings <= report.counts["booking"] <= 1.2 * PLAN.bookings
    assert report.counts["booth_slot"] > 0 and report.counts["booth_booking"] > 0
    assert report.counts["youth_gram"] >= 10 * PLAN.youth  # every youth indexed
    assert report.counts["audit_log"] == summary.audit_from + summary.counts["audit_log"]
    assert report.chain.head.seq == report.counts["audit_log"]
    if db.is_sqlite:
        assert audit_head.read(audit_head.beside(db.sqlite_path)) == report.chain.head
    # one progress call a month, the last one complete
    assert [d for d, _ in seen] == list(range(1, len(seen) + 1)) and seen[-1][0] == seen[-1][1]
    assert len(seen) >= 2


def test_one_insert_row_per_generated_record_and_the_log_in_time_order(city):
    db, summary = city.db, city.summary
    with db.engine.connect() as conn:
        inserts = dict(conn.execute(text(
            "SELECT entity, count(*) FROM audit_log WHERE seq > :s AND action = 'insert' GROUP BY entity"),
            {"s": summary.audit_from}).all())
        ats = [r[0] for r in conn.execute(text(
            "SELECT at FROM audit_log WHERE seq > :s ORDER BY id"), {"s": summary.audit_from})]
        logins = conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'login'")).scalar()
        masked = conn.execute(text(
            "SELECT new_values FROM audit_log WHERE entity = 'youth' AND action = 'insert' "
            "ORDER BY id LIMIT 1")).scalar()
        youth = conn.execute(text("SELECT name, phone FROM youth ORDER BY id LIMIT 1")).one()
    for table in ("youth", "booking", "booth_slot", "booth_booking", "consult_request", "booth_template"):
        assert inserts[table] == summary.counts[table], table
    assert "youth_gram" not in inserts  # the index is not audited
    assert ats == sorted(ats) and _instant(ats[-1]) <= city.now
    assert logins > 0
    values = masked if isinstance(masked, dict) else json.loads(masked)
    assert values["name"] != youth.name and values["phone"] != youth.phone and "*" in values["phone"]


def test_the_bookings_keep_the_desk_rules(city):
    db, now = city.db, city.now
    with db.engine.connect() as conn:
        # no two active bookings of a room overlap (the database refuses them too)
        overlaps = conn.execute(text(
            "SELECT count(*) FROM booking a JOIN booking b ON a.room_id = b.room_id AND a.id < b.id "
            "AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at "
            "WHERE a.status IN ('booked', 'checked_in') AND b.status IN ('booked', 'checked_in')")).scalar()
        rows = conn.execute(text(
            "SELECT b.youth_id, b.starts_at, b.ends_at, b.status, b.created_at, b.cancelled_at, "
            "y.created_at AS registered FROM booking b JOIN youth y ON y.id = b.youth_id")).all()
        booths = conn.execute(text(
            "SELECT youth_id, starts_at, status FROM booth_booking")).all()
        taken = conn.execute(text(
            "SELECT slot_id FROM booth_booking WHERE status IN ('booked', 'checked_in') "
            "GROUP BY slot_id HAVING count(*) > 1")).all()
    assert overlaps == 0 and not taken
    as_utc = _instant
    minutes: dict = {}
    statuses: dict = {}
    for r in rows:
        starts, ends = as_utc(r.starts_at), as_utc(r.ends_at)
        assert as_utc(r.registered) < starts  # booked by a youth registered before
        assert as_utc(r.created_at) <= min(starts, now)
        if r.status == "cancelled":
            assert as_utc(r.cancelled_at) <= now
        else:
            key = (r.youth_id, starts.astimezone(SEOUL).date())
            minutes[key] = minutes.get(key, 0) + (ends - starts) / timedelta(minutes=1)
        if starts > now:
            assert r.status in ("booked", "cancelled")
        elif ends <= now:
            assert r.status != "booked"
            statuses[r.status] = statuses.get(r.status, 0) + 1
    assert max(minutes.values()) <= 180  # at most three hours a youth a day
    past = sum(statuses.values())
    assert 0.65 < statuses["checked_in"] / past < 0.9
    assert 0.03 < statuses["no_show"] / past < 0.12 and 0.06 < statuses["cancelled"] / past < 0.2
    weeks = [(b.youth_id, _instant(b.starts_at).astimezone(SEOUL).isocalendar()[:2]) for b in booths]
    assert len(weeks) == len(set(weeks))  # one AI interview a week per youth


def _instant(value):
    from datetime import UTC, datetime
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def test_youth_search_finds_the_generated_youths(city):
    db, services = city.db, city.services
    admin = services.accounts.authenticate("admin", "admin1234")
    with db.engine.connect() as conn:
        sample = conn.execute(text("SELECT id, name, phone FROM youth WHERE id IN (1, 500, 1000)")).all()
    assert len(sample) == 3
    for yid, name, phone in sample:
        assert yid in [r.id for r in services.youth.search(admin, None, name, limit=1000)]
        assert yid in [r.id for r in services.youth.search(admin, None, phone[-4:], limit=1000)]
        assert yid in [r.id for r in services.youth.search(admin, None, phone[3:7] + phone[7:9], limit=1000)]


def test_same_seed_same_rows_on_every_backend_and_another_seed_others(city, fresh_sqlite):
    db, first = city.db, city.summary
    again = fresh_sqlite("again")
    other = fresh_sqlite("other")
    made = [generate_city(Services(target, clock=FakeClock(), hasher=FAST_HASHER), plan)
            for target, plan in ((again, PLAN), (other, CityPlan(youth=1000, bookings=3000, years=0.12, seed=12)))]
    assert made[0].audit_from == first.audit_from and made[0].counts == first.counts
    assert digest(db, first) == digest(again, made[0])
    assert digest(db, first) != digest(other, made[1])


def test_a_later_area_adds_its_own_history_without_changing_the_others(city, monkeypatch,
                                                                        fresh_sqlite):
    """A builder appended to CITY_BUILDERS steps through the same months and writes its
    rows and audit rows; the areas' own rows stay as they were."""
    months = []

    def counseling(ctx):
        rng = ctx.rng("counseling")
        while True:
            months.append(ctx.period.start)
            day = ctx.period.start
            ctx.audit_event("read", "youth", ctx.pick_youth(rng, day + timedelta(days=1)) or 1, None,
                            "상담 기록 열람", ctx.at(day, 10 * 60), ctx.admin)
            yield

    plain = city.db  # the city without it
    db = fresh_sqlite("counseling")
    monkeypatch.setattr("models.demo.CITY_BUILDERS", [*CITY_BUILDERS, counseling])
    summary = build(Services(db, clock=FakeClock(), hasher=FAST_HASHER))
    with db.engine.connect() as conn:
        added = conn.execute(text("SELECT count(*) FROM audit_log WHERE detail = '상담 기록 열람'")).scalar()
    assert added == len(months) > 1
    with db.engine.connect() as a, plain.engine.connect() as b:
        for table in ("youth", "booking", "booth_booking"):
            q = text(f"SELECT youth_id FROM {table} ORDER BY id") if table != "youth" \
                else text("SELECT name FROM youth ORDER BY id")
            assert a.execute(q).all() == b.execute(q).all(), table
    assert check(db).ok
    assert summary.counts["audit_log"] == city.summary.counts["audit_log"] + added


def test_the_staff_log_in_and_the_services_write_after_a_city_then_a_second_is_refused(services):
    summary = build(services, CityPlan.scaled(50, years=0.05))
    actor = services.accounts.authenticate("cafe-hwallyeok-frontdesk1", summary.staff_password)
    assert actor.username == "cafe-hwallyeok-frontdesk1"
    # the ids given explicitly are behind the sequences (PostgreSQL): new rows get new ids
    admin = services.accounts.authenticate("admin", "admin1234")
    made = services.youth.create(admin, None, youth_data(phone="010-9999-0000"))
    assert made == summary.counts["youth"] + 1
    with pytest.raises(ValueError):
        build(services, CityPlan.scaled(50, years=0.05))


def test_the_chain_of_a_city_breaks_where_a_row_is_changed(sqlite_db):
    services = Services(sqlite_db, clock=FakeClock(), hasher=FAST_HASHER)
    summary = build(services, CityPlan.scaled(300, years=0.05))
    with sqlite_db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        conn.execute(text("UPDATE audit_log SET detail = 'x' WHERE seq = :s"), {"s": summary.audit_from + 5})
    with sqlite_db.engine.connect() as conn:
        report = audit_chain.verify(conn)
    assert report.broken is not None and report.broken.seq == summary.audit_from + 5
