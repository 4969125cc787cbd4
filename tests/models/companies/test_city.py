"""The city-scale demo's companies and matching (models/companies/city.py) on a small city:
companies at the desk and the cafés, referrals whose cached stage is their last
transition, the yearly open recruitment's board of 200+ referrals, retention checks
recorded or waiting in the counseling queue, an audit insert for every transition and no
contact detail in the log, the month's counts and the board through the services, and
the database's check; on both backends. Same seed, same rows (SQLite)."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import Counter

import pytest
from sqlalchemy import text

from models.core.db import Database, sqlite_url
from models.core.integrity import check
from models.demo import CityPlan, generate_city
from models.registry import Services
from tests.conftest import BACKENDS, FAST_HASHER, FakeClock, truncate_all

PLAN = CityPlan(youth=1200, bookings=4000, years=0.25, seed=5)  # intensity 0.16, three months
TABLES = ("company", "company_contact", "job_opening", "referral", "referral_transition", "retention_check")


@pytest.fixture(scope="module", params=BACKENDS)
def city(request, tmp_path_factory, sqlite_template):
    """One small city per backend for the tests, which only read it."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("companies-city") / "city.db"
        shutil.copy(sqlite_template, path)
        shutil.copy(f"{sqlite_template}.audit-head", f"{path}.audit-head")
        database = Database(sqlite_url(path))
    else:
        database = request.getfixturevalue("pg_database")
        truncate_all(database)
    services = Services(database, clock=FakeClock(), hasher=FAST_HASHER)
    yield services, generate_city(services, PLAN)
    if request.param == "sqlite":
        database.dispose()


def _q(db, sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def test_a_small_city_has_companies_and_referrals_the_services_read(city):
    services, summary = city
    db = services.db
    report = check(db)
    assert report.ok, report.problems
    c = summary.counts
    assert c["company"] > 50 and c["job_opening"] > c["company"] and c["referral_transition"] > 3 * c["referral"]
    kinds = dict(_q(db, "SELECT f.kind, count(*) FROM company c JOIN facility f ON f.id = c.facility_id "
                        "GROUP BY f.kind"))
    assert kinds.get("matching_desk", 0) > 0 and kinds.get("job_cafe", 0) > kinds["matching_desk"]
    # a referral's cached stage, day and version are its last transition's
    wrong = _q(db, "SELECT r.id FROM referral r JOIN referral_transition t ON t.referral_id = r.id "
                   "GROUP BY r.id, r.stage, r.moved_on, r.version HAVING r.version <> count(*) OR r.moved_on <> "
                   "max(t.happened_on) OR r.stage <> (SELECT t2.to_stage FROM referral_transition t2 "
                   "WHERE t2.referral_id = r.id ORDER BY t2.id DESC LIMIT 1)")
    assert wrong == []
    first = _q(db, "SELECT count(*) FROM referral_transition WHERE from_stage IS NULL AND to_stage = 'referred'")
    assert first[0][0] == c["referral"]
    # every transition has its audit insert; contacts' details never reach the log
    audited = _q(db, "SELECT count(*) FROM audit_log WHERE entity = 'referral_transition' AND action = 'insert'")
    assert audited[0][0] == c["referral_transition"]
    phones = [p for (p,) in _q(db, "SELECT phone FROM company_contact")]
    logged = [v if isinstance(v, dict) else json.loads(v) for (v,) in _q(
        db, "SELECT new_values FROM audit_log WHERE entity = 'company_contact'")]
    assert len(logged) == len(phones) > 0
    assert {(v["name"], v["phone"], v["email"]) for v in logged} == {("(담당자 이름)", "(담당자 전화)", "(담당자 이메일)")}
    # retention: recorded once due, the others waiting in the counselor's queue
    checks = Counter(o for (o,) in _q(db, "SELECT outcome FROM retention_check"))
    assert checks["employed"] > 0 and checks[None] > 0
    dangling = _q(db, "SELECT count(*) FROM retention_check r LEFT JOIN counseling_followup f "
                      "ON f.id = r.followup_id WHERE r.outcome IS NULL AND (f.id IS NULL OR f.status <> 'open' "
                      "OR f.due_on <> r.due_on)")
    assert dangling[0][0] == 0


def test_the_open_recruitment_board_and_the_desks_month(city):
    services, summary = city
    db = services.db
    (opening, n), = _q(db, "SELECT opening_id, count(*) n FROM referral GROUP BY opening_id ORDER BY n DESC LIMIT 1")
    assert 200 <= n <= 300
    fid = _q(db, "SELECT facility_id FROM job_opening WHERE id = :o", o=opening)[0][0]
    manager = _q(db, "SELECT u.username FROM user_account u JOIN role_grant g ON g.user_id = u.id "
                     "WHERE g.facility_id = :f AND g.role = 'manager' ORDER BY u.id LIMIT 1", f=fid)[0][0]
    actor = services.accounts.authenticate(manager, summary.staff_password)
    board = services.companies.board(actor, opening)
    assert sum(len(col.cards) for col in board.columns) == n
    desk = _q(db, "SELECT id FROM facility WHERE code = 'MATCH-DESK'")[0][0]
    counselor = services.accounts.authenticate("match-desk-counselor1", summary.staff_password)
    month = services.companies.monthly_counts(counselor, desk, 2026, 10)
    hires = dict(_q(db, "SELECT r.channel, count(*) FROM referral_transition t JOIN referral r "
                        "ON r.id = t.referral_id WHERE t.facility_id = :f AND t.to_stage = 'hired' AND "
                        "t.happened_on >= '2026-10-01' AND t.happened_on < '2026-11-01' GROUP BY r.channel", f=desk))
    assert month.hires == sum(hires.values()) > 0
    assert month.referrals > month.hires and month.companies_found > 0
    assert hires.get("online", 0) > hires.get("on_site", 0)  # the brief's 331 to 51


def _digest(db) -> str:
    h = hashlib.sha256()
    with db.engine.connect() as conn:
        for table in TABLES:
            for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY id")).mappings():
                h.update(json.dumps(dict(row), sort_keys=True, default=str).encode())
    return h.hexdigest()


def test_same_seed_same_companies(tmp_path, sqlite_template):
    small = CityPlan(youth=300, bookings=1000, years=0.08, seed=9)
    digests = []
    for k in range(2):
        path = tmp_path / f"c{k}.db"
        shutil.copy(sqlite_template, path)
        shutil.copy(f"{sqlite_template}.audit-head", f"{path}.audit-head")
        db = Database(sqlite_url(path))
        generate_city(Services(db, clock=FakeClock(), hasher=FAST_HASHER), small)
        digests.append(_digest(db))
        assert _q(db, "SELECT count(*) FROM referral_transition")[0][0] > 0
        db.dispose()
    assert digests[0] == digests[1]
