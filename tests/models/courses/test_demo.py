"""Demo courses: the brief's proportions over thirty generated courses (about 25 places,
4.4 applicants a place, ~85 % of trainees completing, ~75 % of completers employed within
six months), rows that keep the service's own rules (the decided ranks, the 20 % reserve
list, completers at 80 % attendance or more), and the default demo's courses read back
through the services by the campus staff it made, on both backends."""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest

from models.accounts.demo import create_accounts
from models.courses.attendance import compute
from models.courses.demo import CAMPUS_PASSWORD, Gen, _monday, course_rows, generate_courses
from models.courses.enums import ApplicationStatus, CourseStatus, EnrollmentStatus, SelectionResult
from models.courses.figures import employment_deadline
from models.courses.tables import (
    AttendanceMark,
    Course,
    CourseApplication,
    CourseFollowup,
    Enrollment,
)
from models.facilities.seed import seed_facilities
from models.youth.demo import generate_youth

TODAY = date(2026, 11, 27)


def _generated(n: int = 30) -> Gen:
    ids: dict = {}

    def new_id(model):
        ids[model] = ids.get(model, 0) + 1
        return ids[model]

    rng = random.Random(5)
    pool = list(range(1, 4000))
    g = Gen(rng, TODAY, datetime(2026, 11, 27, 1, tzinfo=UTC), new_id, lambda k, _d: rng.sample(pool, k))
    campus = SimpleNamespace(id=1, code="ACAD-TEST")
    start = _monday(TODAY - timedelta(days=1000))
    for i in range(n):  # all started 13 to 33 months ago: their follow-ups are done
        course_rows(g, campus, 1, 2, start + timedelta(days=21 * i), i + 1)
    return g


def test_thirty_courses_keep_the_briefs_proportions():
    g = _generated()
    courses = g.rows[Course]
    assert all(c["status"] is CourseStatus.ENDED for c in courses)
    places = sum(c["places"] for c in courses)
    apps = [a for a in g.rows[CourseApplication] if a["status"] is not ApplicationStatus.WITHDRAWN]
    assert 20 <= places / len(courses) <= 30
    assert 4.0 <= len(apps) / places <= 4.8
    enrolled = [e for e in g.rows[Enrollment] if e["status"] is not EnrollmentStatus.NO_SHOW]
    done = [e for e in enrolled if e["status"] is EnrollmentStatus.COMPLETED]
    assert 0.80 <= len(done) / len(enrolled) <= 0.90
    ends = {c["id"]: c["end_on"] for c in courses}
    employed = {f["enrollment_id"] for f in g.rows[CourseFollowup] if f["outcome"] is not None
                and f["outcome"].value == "employed" and f["started_on"] <= employment_deadline(ends[f["course_id"]])}
    assert 0.68 <= len(employed) / len(done) <= 0.84
    assert all(f["outcome"] is not None for f in g.rows[CourseFollowup])  # all due, all recorded


def test_the_generated_rows_keep_the_services_rules():
    g = _generated(8)
    by_course: dict[int, list] = {}
    for a in g.rows[CourseApplication]:
        by_course.setdefault(a["course_id"], []).append(a)
    marks: dict[int, dict] = {}
    for m in g.rows[AttendanceMark]:
        marks.setdefault(m["enrollment_id"], {})[m["day"]] = m["kind"]
    for c in g.rows[Course]:
        apps = by_course[c["id"]]
        selected = [a for a in apps if a["result"] is SelectionResult.SELECTED]
        reserve = sorted((a for a in apps if a["result"] is SelectionResult.RESERVE), key=lambda a: a["reserve_rank"])
        assert len(selected) == c["places"]
        assert len(reserve) == math.ceil(c["places"] * 0.2) and [a["reserve_rank"] for a in reserve] == list(
            range(1, len(reserve) + 1))
        assert max(a["rank"] for a in selected) < min(a["rank"] for a in reserve)
        assert all(a["final_score"] >= b["final_score"] for a in selected for b in reserve)
    course = {c["id"]: SimpleNamespace(**c) for c in g.rows[Course]}
    apps = {a["id"]: a for a in g.rows[CourseApplication]}
    for e in g.rows[Enrollment]:
        assert apps[e["application_id"]]["status"] is ApplicationStatus.CONFIRMED
        if e["status"] is EnrollmentStatus.COMPLETED:
            fig = compute(course[e["course_id"]], SimpleNamespace(**e), marks.get(e["id"], {}), TODAY)
            assert fig.rate >= 80 and e["certificate_no"].startswith("ACAD-TEST-")


@pytest.fixture
def small_demo(services, clock):
    seed_facilities(services)
    facilities = services.facilities.list_all()
    admin = create_accounts(services, {f.code: f.id for f in facilities})
    youths = generate_youth(services, admin, random.Random(3), 400, [f.id for f in facilities])
    made = generate_courses(services, admin, youths, random.Random(4), scale=0.1)
    return SimpleNamespace(admin=admin, made=made)


def test_the_default_demo_courses_read_back_through_the_services(services, small_demo):
    assert small_demo.made == 4  # one campus at a tenth of the demo's size, four courses
    manager = services.accounts.authenticate("acad-ydp-manager1", CAMPUS_PASSWORD)
    counselor = services.accounts.authenticate("acad-ydp-counselor1", CAMPUS_PASSWORD)
    campus = next(iter(manager.facility_ids))
    rows = services.courses.courses(counselor, campus)
    assert sorted(r.status.value for r in rows) == ["ended", "ended", "recruiting", "training"]
    ended = [r for r in rows if r.status is CourseStatus.ENDED]
    assert all(3.5 <= r.competition_ratio <= 5.5 for r in ended)
    funnel = services.courses.funnel(counselor, campus)
    assert funnel.total.completed == sum(r.completed for r in rows) > 0
    training = next(r for r in rows if r.status is CourseStatus.TRAINING)
    roll = services.courses.roll(counselor, training.id, max(
        d for d in (TODAY - timedelta(days=i) for i in range(7)) if d.weekday() < 5 and d >= training.start_on))
    assert roll.taken and len(roll.rows) >= training.places - 3
    ranking = services.courses.ranking(manager, ended[0].id)
    assert ranking.decided and [r.rank for r in ranking.rows if r.rank][:3] == [1, 2, 3]
    waiting = services.courses.employment_queue(counselor, campus, until=date(2027, 12, 31))
    assert waiting and {f.followup_id is not None for f in waiting} == {True}
    assert len(services.counseling.followups(counselor, campus, until=date(2027, 12, 31))) == len(waiting)
