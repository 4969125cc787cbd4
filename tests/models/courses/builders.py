"""Builders of the courses service tests: two campuses with their staff, a course in the
issue's shape, applicants, and walking a course through its selection into training.

The timeline (FakeClock starts Friday 2026-11-27 10:00 in Seoul): applications 11-02 to
11-30, selection in December's first week, training Monday 2026-12-07 to Friday 2027-01-29
(Mon–Fri; 12-25 and 01-01 are public holidays: 38 teaching days), so the course's early
window (10 %) is its first four teaching days, 12-07 to 12-10.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from models.core.enums import Role
from tests.factories.counseling import staff
from tests.factories.rooms import at
from tests.factories.world import youth_data

APPLY_FROM, APPLY_UNTIL = date(2026, 11, 2), date(2026, 11, 30)
START, END = date(2026, 12, 7), date(2027, 1, 29)
SELECTING = date(2026, 12, 1)
TEACHING_DAYS = 38
CAMPUS = {"kind": "campus", "region": "southwest", "district": "영등포구", "operator": "city",
          "opening_hours": {str(d): ["09:00", "22:00"] for d in range(6)}}


def make_campus(services, world) -> SimpleNamespace:
    """CAMPUS-A (a manager, a counselor, a front desk) and CAMPUS-B (a manager), beside the
    world's CAFE-A and CAFE-B."""
    fac = services.facilities
    a = fac.create(None, {**CAMPUS, "code": "CAMPUS-A", "name": "가 청년취업사관학교"})
    b = fac.create(None, {**CAMPUS, "code": "CAMPUS-B", "name": "나 청년취업사관학교", "district": "금천구"})
    return SimpleNamespace(
        a=a, b=b, admin=world.admin, cafe=world.a,
        manager=staff(services, world, "cmanager", Role.MANAGER, a),
        counselor=staff(services, world, "ccounselor", Role.COUNSELOR, a),
        front_desk=staff(services, world, "cfrontdesk", Role.FRONT_DESK, a),
        b_manager=staff(services, world, "bmanager", Role.MANAGER, b),
        cafe_manager=world.manager)


def course_data(**over) -> dict:
    data = {"name": "풀스택 웹개발 1기", "field": "sw", "places": 5, "teaching_days": "01234",
            "day_start": "09:00", "day_end": "18:00", "start_on": START, "end_on": END, "total_hours": 304,
            "instructor": "김강사", "apply_from": APPLY_FROM, "apply_until": APPLY_UNTIL,
            "documents_on": date(2026, 12, 1), "skills_on": date(2026, 12, 2), "interview_on": date(2026, 12, 3),
            "announce_on": date(2026, 12, 4)}
    data.update(over)
    return data


def youth(services, env, n: int, name: str | None = None) -> int:
    """The n-th applicant youth: a distinct name, birth date and phone each."""
    given = "민서준하윤지도예시은우연수"
    return services.youth.create(env.admin, env.a, youth_data(
        name=name or f"{'김이박최정강조윤장임'[n % 10]}{given[n % 13]}{given[(n // 13) % 13]}",
        birth_date=date(1990 + n % 10, 1 + n % 12, 1 + n % 28), phone=f"010{5000 + n:04d}{1000 + n:04d}",
        email=None))


def open_course(services, env, **over) -> int:
    """A course of CAMPUS-A, 모집중."""
    cid = services.courses.create_course(env.manager, env.a, course_data(**over))
    services.courses.set_status(env.manager, cid, "recruiting", 1)
    return cid


def version(services, env, course_id: int) -> int:
    return services.courses.get_course(env.manager, course_id).version


def applicants(services, env, course_id: int, n: int, first: int = 0, day: date = date(2026, 11, 20)) -> list[int]:
    """``n`` new youths applying to the course; their application ids."""
    return [services.courses.apply(env.manager, course_id, {"youth_id": youth(services, env, first + i),
                                                            "applied_on": day, "channel": "online"})
            for i in range(n)]


def to_selecting(services, env, clock, course_id: int) -> None:
    clock.now = at(SELECTING, "10:00")
    services.courses.set_status(env.manager, course_id, "selecting", version(services, env, course_id))


def score(services, env, course_id: int, rows: dict[int, tuple]) -> None:
    """``rows``: application id -> (documents, skills, interview), None where the stage
    stays without a result (the applicant fell earlier)."""
    for i, stage in enumerate(("documents", "skills", "interview")):
        values = {aid: r[i] for aid, r in rows.items() if r[i] is not None}
        if values:
            services.courses.record_scores(env.manager, course_id, stage, values)


def selected_course(services, env, clock, *, places: int = 5, n: int = 10, first: int = 0,
                    **over) -> SimpleNamespace:
    """A course with ``places`` places and ``n`` applicants scored 90, 89, … (all clear
    every stage; the ranking is their order), the selection decided: the first ``places``
    selected, the next ⌈places × 20 %⌉ on the reserve list. The youths are numbered from
    ``first`` (a second course in one test takes others)."""
    cid = open_course(services, env, places=places, **over)
    apps = applicants(services, env, cid, n, first)
    to_selecting(services, env, clock, cid)
    score(services, env, cid, {aid: (90 - i, 90 - i, 90 - i) for i, aid in enumerate(apps)})
    services.courses.decide_selection(env.manager, cid, version(services, env, cid))
    return SimpleNamespace(course=cid, apps=apps)


def training_course(services, env, clock, *, places: int = 5, n: int = 7, **over) -> SimpleNamespace:
    """``selected_course`` with every selected applicant confirmed and the course 교육중 on
    its first day (the clock at 12-07 10:00); ``trainees`` their enrollment ids."""
    sc = selected_course(services, env, clock, places=places, n=n, **over)
    trainees = [services.courses.confirm(env.manager, aid, services.courses.get_application(env.manager, aid).version)
                for aid in sc.apps[:places]]
    clock.now = at(START, "10:00")
    services.courses.set_status(env.manager, sc.course, "training", version(services, env, sc.course))
    sc.trainees = trainees
    return sc
