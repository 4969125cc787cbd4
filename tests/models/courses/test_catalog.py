"""Courses: create, read back, edit, the status moves and their history (append-only in
the database), campuses only, and every bad course input refused with its field named, in
Korean, and nothing written. On both backends."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from models.core.errors import Conflict, PermissionDenied, RuleViolation, ValidationError
from models.courses.enums import CourseStatus
from tests.factories.rooms import at
from tests.models.courses.builders import (
    END,
    START,
    course_data,
    open_course,
    selected_course,
    version,
)
from tests.models.util import count


def test_create_and_read_back(services, env):
    cid = services.courses.create_course(env.manager, env.a, course_data(
        counselor_id=env.counselor.user_id, teaching_days=[0, 2, 4]))
    c = services.courses.get_course(env.counselor, cid)
    assert (c.name, c.field.label, c.places, c.start_on, c.end_on, c.total_hours, c.instructor) == (
        "풀스택 웹개발 1기", "SW", 5, START, END, 304, "김강사")
    assert c.teaching_days == (0, 2, 4) and (c.day_start, c.day_end) == ("09:00", "18:00")
    assert c.status is CourseStatus.PLANNED and c.counselor_name == "ccounselor 직원"
    assert [(s.stage.label, s.mode.value, s.cutoff, s.weight) for s in c.stages] == [
        ("서류", "score", 60, 30), ("실무역량평가", "score", 60, 30), ("최종면접", "score", 60, 40)]
    assert (c.reserve_pct, c.offer_days, c.early_drop_pct, c.lates_per_absence, c.completion_pct) == (20, 2, 10, 3, 80)
    assert c.applicants == 0 and c.competition_ratio == 0.0 and c.employment_rate is None
    assert c.next_statuses == ()  # the counselor reads only
    assert services.courses.get_course(env.manager, cid).next_statuses == (CourseStatus.RECRUITING,
                                                                          CourseStatus.CANCELLED)


BAD = [
    ({"places": 0}, "places", "정원은 1명 이상"),
    ({"places": -3}, "places", "정원은 1명 이상"),
    ({"end_on": START - timedelta(days=1)}, "end_on", "종료일은 시작일"),
    ({"apply_until": date(2026, 11, 1)}, "apply_until", "모집 마감일은 모집 시작일"),
    ({"apply_until": START}, "apply_until", "교육 시작일보다 앞서야"),
    ({"name": "  "}, "name", "과정명을 입력"),
    ({"name": "가" * 101}, "name", "100자 이하"),
    ({"total_hours": 0}, "total_hours", "총 훈련시간"),
    ({"teaching_days": ""}, "teaching_days", "교육 요일"),
    ({"teaching_days": "0179"}, "teaching_days", "교육 요일"),
    ({"day_end": "08:00"}, "day_end", "종료 시각은 시작 시각보다"),
    ({"field": "ai"}, "field", "목록에서 선택"),
    ({"reserve_pct": 101}, "reserve_pct", "예비합격 비율"),
    ({"offer_days": 0}, "offer_days", "회신 기한"),
    ({"lates_per_absence": 0}, "lates_per_absence", "지각·조퇴 횟수"),
    ({"completion_pct": 0}, "completion_pct", "수료 기준 출석률"),
    ({"documents_on": date(2026, 11, 20)}, "documents_on", "모집 마감일 이후"),
    ({"stages": [{"stage": "documents", "cutoff": 101}, {"stage": "skills"}, {"stage": "interview"}]},
     "stages", "합격 기준 점수는 0~100"),
    ({"stages": [{"stage": "documents", "weight": 50}, {"stage": "skills", "weight": 30},
                 {"stage": "interview", "weight": 30}]}, "stages", "가중치 합은 100"),
    ({"stages": [{"stage": "documents", "mode": "pass_fail", "weight": 10}, {"stage": "skills", "weight": 50},
                 {"stage": "interview", "weight": 50}]}, "stages", "가중치를 줄 수 없습니다"),
    ({"stages": [{"stage": "skills"}, {"stage": "documents"}, {"stage": "interview"}]}, "stages", "차례로"),
    ({"counselor_id": 0}, "counselor_id", "목록에서 선택"),
]


def test_bad_course_input_names_its_field_and_writes_nothing(services, env):
    """Every case of ``BAD`` in one database (each is refused before anything is written)."""
    wrong = []
    for over, field, words in BAD:
        try:
            services.courses.create_course(env.manager, env.a, course_data(**over))
            wrong.append(f"{field}: accepted")
        except ValidationError as exc:
            if words not in exc.errors.get(field, ""):
                wrong.append(f"{field}: {exc.errors}")
    assert wrong == []
    assert (count(services.db, "course"), count(services.db, "course_stage")) == (0, 0)


def test_a_counselor_of_another_facility_is_refused(services, env):
    with pytest.raises(ValidationError) as exc:
        services.courses.create_course(env.manager, env.a, course_data(counselor_id=env.b_manager.user_id))
    assert "counselor_id" in exc.value.errors
    assert count(services.db, "course") == 0


def test_the_database_refuses_zero_places_and_an_end_before_the_start(services, env):
    cid = services.courses.create_course(env.manager, env.a, course_data())
    for sql in ("UPDATE course SET places = 0", "UPDATE course SET end_on = start_on - 1"
                if not services.db.is_sqlite else "UPDATE course SET end_on = '2026-01-01'"):
        with pytest.raises(IntegrityError), services.db.engine.begin() as conn:
            conn.execute(text(sql))
    assert services.courses.get_course(env.manager, cid).places == 5


def test_a_job_cafe_has_no_courses_even_for_the_admin(services, env):
    with pytest.raises(PermissionDenied) as exc:
        services.courses.create_course(env.admin, env.cafe, course_data())
    assert "캠퍼스" in exc.value.message
    with pytest.raises(PermissionDenied):
        services.courses.courses(env.admin, env.cafe)
    assert count(services.db, "course") == 0


def test_status_moves_follow_the_table_and_are_kept(services, env, clock):
    cid = services.courses.create_course(env.manager, env.a, course_data())
    with pytest.raises(RuleViolation) as exc:
        services.courses.set_status(env.manager, cid, "training", 1)
    assert "'계획' 상태에서 '교육중'" in exc.value.message
    v = services.courses.set_status(env.manager, cid, "recruiting", 1)
    v = services.courses.set_status(env.manager, cid, "selecting", v)
    with pytest.raises(RuleViolation) as exc:  # no selection decided yet
        services.courses.set_status(env.manager, cid, "training", v)
    assert "선발을 확정" in exc.value.message
    with pytest.raises(Conflict):  # a stale version
        services.courses.set_status(env.manager, cid, "cancelled", v - 1)
    services.courses.set_status(env.manager, cid, "cancelled", v)
    assert services.courses.status_history(env.manager, cid) == [
        (None, CourseStatus.PLANNED, "cmanager 직원"), (CourseStatus.PLANNED, CourseStatus.RECRUITING, "cmanager 직원"),
        (CourseStatus.RECRUITING, CourseStatus.SELECTING, "cmanager 직원"),
        (CourseStatus.SELECTING, CourseStatus.CANCELLED, "cmanager 직원")]
    with pytest.raises(Conflict):
        services.courses.update_course(env.manager, cid, course_data(), v + 1)
    for sql in ("UPDATE course_status_change SET to_status = 'ended'", "DELETE FROM course_status_change"):
        with pytest.raises(DBAPIError), services.db.engine.begin() as conn:
            conn.execute(text(sql))


def test_a_course_ends_from_its_last_day(services, env, clock):
    sc = selected_course(services, env, clock, places=2, n=3)
    services.courses.set_status(env.manager, sc.course, "training", version(services, env, sc.course))
    clock.now = at(END - timedelta(days=1), "18:00")
    with pytest.raises(RuleViolation) as exc:
        services.courses.set_status(env.manager, sc.course, "ended", version(services, env, sc.course))
    assert END.isoformat() in exc.value.message
    clock.now = at(END, "18:00")
    services.courses.set_status(env.manager, sc.course, "ended", version(services, env, sc.course))
    assert services.courses.get_course(env.counselor, sc.course).status is CourseStatus.ENDED


def test_edit_and_what_freezes_after_the_selection(services, env, clock):
    cid = open_course(services, env)
    v = services.courses.update_course(env.manager, cid, course_data(name="풀스택 웹개발 1기(야간)", places=6),
                                       version(services, env, cid))
    assert services.courses.get_course(env.manager, cid).name == "풀스택 웹개발 1기(야간)"
    sc = selected_course(services, env, clock, places=3, n=4, name="데이터 분석 2기")
    data = services.courses.get_course(env.manager, sc.course).as_input()
    data["stages"][0]["cutoff"] = 70
    with pytest.raises(ValidationError) as exc:
        services.courses.update_course(env.manager, sc.course, data, version(services, env, sc.course))
    assert "stages" in exc.value.errors
    data = services.courses.get_course(env.manager, sc.course).as_input() | {"places": 2}
    with pytest.raises(ValidationError) as exc:
        services.courses.update_course(env.manager, sc.course, data, version(services, env, sc.course))
    assert "3명보다 적게" in exc.value.errors["places"]
    assert v == 3


def test_the_list_shows_the_competition_ratio(services, env, clock):
    sc = selected_course(services, env, clock, places=4, n=10)
    other = open_course(services, env, name="클라우드 엔지니어 1기", places=10)
    rows = {r.id: r for r in services.courses.courses(env.counselor, env.a)}
    assert (rows[sc.course].applicants, rows[sc.course].competition_ratio) == (10, 2.5)
    assert (rows[other].applicants, rows[other].competition_ratio) == (0, 0.0)
    assert [r.id for r in services.courses.courses(env.admin, None)] == [other, sc.course]  # same start: newer first
    assert services.courses.courses(env.b_manager, env.b) == []
