"""The city-scale demo's counseling (models/counseling/city.py) on a small city: sessions
with an audit insert each, follow-ups done by the next session or waiting, cases closed
with an outcome, the caseload and today's follow-ups through the services, and the
database's check; on both backends."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from models.core.integrity import check
from models.demo import CityPlan, generate_city
from models.registry import Services
from tests.conftest import FAST_HASHER, FakeClock

PLAN = CityPlan(youth=1500, bookings=4000, years=0.3, seed=5)


@pytest.fixture
def city(db):
    services = Services(db, clock=FakeClock(), hasher=FAST_HASHER)
    summary = generate_city(services, PLAN)
    return services, summary


def test_a_small_city_has_counseling_that_the_services_read(city):
    services, summary = city
    db = services.db
    assert check(db).ok
    c = summary.counts
    assert c["counseling_session"] > 100 and c["counseling_case"] > 10 and c["counseling_followup"] > 10
    with db.engine.connect() as conn:
        inserts = conn.execute(text("SELECT count(*) FROM audit_log WHERE entity = 'counseling_session' "
                                    "AND action = 'insert'")).scalar()
        values = [v if isinstance(v, dict) else json.loads(v) for v in conn.execute(text(
            "SELECT new_values FROM audit_log WHERE entity = 'counseling_session'")).scalars()]
        states = dict(conn.execute(text("SELECT status, count(*) FROM counseling_followup GROUP BY status")).all())
        closed = conn.execute(text("SELECT count(*) FROM counseling_case WHERE status = 'closed' "
                                   "AND outcome IS NOT NULL")).scalar()
        in_person = conn.execute(text("SELECT avg(CASE WHEN mode = 'in_person' THEN 1.0 ELSE 0 END) "
                                      "FROM counseling_session")).scalar()
        busiest = conn.execute(text(
            "SELECT c.facility_id, u.username FROM counseling_case c JOIN user_account u ON u.id = c.counselor_id "
            "WHERE c.status = 'open' GROUP BY c.facility_id, u.username ORDER BY count(*) DESC, u.username "
            "LIMIT 1")).one()
    assert inserts == c["counseling_session"] == len(values)
    assert {(v["summary"], v["note"], v["next_step"]) for v in values} == {("(상담 요약)", "(비공개 메모)", "(다음 단계)")}
    assert states.get("done", 0) > 0 and states.get("open", 0) > 0 and closed > 0
    assert 0.03 < float(in_person) < 0.2
    counselor = services.accounts.authenticate(busiest.username, summary.staff_password)
    cases = services.counseling.caseload(counselor, busiest.facility_id)
    assert cases and all(r.counselor_id == counselor.user_id for r in cases)
    services.counseling.followups(counselor, busiest.facility_id)
    month = services.counseling.monthly_counts(counselor, busiest.facility_id, 2026, 10)
    assert month.sessions == sum(r.sessions for r in month.of("kind"))
    with db.engine.connect() as conn:
        stages = dict(conn.execute(text("SELECT stage, count(*) FROM counseling_case GROUP BY stage")).all())
        moves = conn.execute(text("SELECT count(*) FROM counseling_case_event WHERE kind = 'stage'")).scalar()
        stage_audit = conn.execute(text("SELECT count(*) FROM audit_log WHERE entity = 'counseling_case' "
                                        "AND action = 'update' AND CAST(new_values AS TEXT) LIKE '%stage%'")).scalar()
        plan = conn.execute(text(
            "SELECT p.facility_id, p.youth_id, u.username FROM activity_plan p JOIN counseling_case c ON "
            "c.facility_id = p.facility_id AND c.youth_id = p.youth_id JOIN user_account u ON u.id = c.counselor_id "
            "ORDER BY p.id LIMIT 1")).one()
        steps = conn.execute(text("SELECT count(*), count(done_at) FROM activity_plan_step")).one()
        groups = conn.execute(text("SELECT count(*), sum(headcount) FROM group_session")).one()
        attended = conn.execute(text("SELECT count(*) FROM group_attendance")).scalar()
        goals = [v if isinstance(v, dict) else json.loads(v) for v in conn.execute(text(
            "SELECT new_values FROM audit_log WHERE entity = 'activity_plan'")).scalars()]
    assert stages.get("deep", 0) > 0 and stages.get("matching", 0) > 0 and moves == stage_audit > 0
    assert c["activity_plan"] > 0 and 0 < steps[1] < steps[0]  # some steps done, some open
    assert {g["goal"] for g in goals} == {"(취업 목표)"}
    assert groups[0] == c["group_session"] > 0 and attended == c["group_attendance"] > 0 and groups[1] > 0
    holder = services.accounts.authenticate(plan.username, summary.staff_password)
    assert len(services.counseling.plan(holder, plan.facility_id, plan.youth_id).steps) in (3, 4)
