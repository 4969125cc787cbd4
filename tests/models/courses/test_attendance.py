"""Attendance: the roll defaults to 출석; the arithmetic (three late arrivals or early
leaves make one absence, configurable; 공결 counts as attended); the attendance rate and
the warnings at 10 % and 20 % absence; a non-teaching day and a future day refused; after
the day only the manager changes the roll, with a reason, kept in an append-only history.
On both backends."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from models.core.errors import PermissionDenied, ValidationError
from models.courses.enums import Attendance
from tests.factories.rooms import at
from tests.models.courses.builders import START, TEACHING_DAYS, training_course
from tests.models.util import audit_dump, audit_rows, count

DAYS = [date(2026, 12, d) for d in (7, 8, 9, 10, 11, 14, 15, 16, 17, 18, 21, 22)]  # the first 12 teaching days


def _take(services, env, clock, course, day, marks, actor=None):
    clock.now = at(day, "17:00")
    return services.courses.save_roll(actor or env.counselor, course, day, marks)


def _figures(services, env, course):
    return {t.enrollment_id: t.attendance for t in services.courses.trainees(env.counselor, course)}


def test_the_roll_defaults_to_present_and_saves_the_exceptions(services, env, clock):
    sc = training_course(services, env, clock, places=3, n=4)
    a, b, c = sc.trainees
    roll = services.courses.roll(env.counselor, sc.course, START)
    assert not roll.taken and roll.editable and not roll.needs_reason
    assert [(r.enrollment_id, r.kind) for r in roll.rows] == [(a, Attendance.PRESENT), (b, Attendance.PRESENT),
                                                             (c, Attendance.PRESENT)]
    assert services.courses.save_roll(env.counselor, sc.course, START, {a: "late", b: {"kind": "excused",
                                                                                      "reason": "예비군 훈련"}}) == 2
    assert count(services.db, "course_attendance") == 2  # 출석 is not stored
    roll = services.courses.roll(env.manager, sc.course, START)
    assert roll.taken and roll.saved_by_name == "ccounselor 직원"
    assert [(r.kind, r.reason) for r in roll.rows] == [(Attendance.LATE, ""), (Attendance.EXCUSED, "예비군 훈련"),
                                                       (Attendance.PRESENT, "")]
    # saving again replaces the day's marks: b back to 출석
    assert services.courses.save_roll(env.counselor, sc.course, START, {a: "late"}) == 1
    assert count(services.db, "course_attendance") == 1
    assert "예비군" not in audit_dump(services.db)  # a reason can name the youth's circumstances


def test_three_late_arrivals_or_early_leaves_make_one_absence(services, env, clock):
    sc = training_course(services, env, clock, places=2, n=2)
    a, b = sc.trainees
    for day, kind in zip(DAYS[:5], ("late", "late", "early_leave", "late", "excused"), strict=True):
        _take(services, env, clock, sc.course, day, {a: kind if kind != "excused" else ("excused", "병원 진료"),
                                                     b: "absent" if day == DAYS[0] else "present"})
    f = _figures(services, env, sc.course)[a]
    assert (f.days, f.late, f.early_leave, f.excused, f.absent) == (5, 3, 1, 1, 0)
    assert f.absence_equivalent == 1  # (3 + 1) // 3; 공결 is attended
    assert f.rate == 80.0  # (5 - 1) / 5
    g = _figures(services, env, sc.course)[b]
    assert (g.absent, g.absence_equivalent, g.rate) == (1, 1, 80.0)


def test_the_late_count_per_absence_is_the_courses(services, env, clock):
    sc = training_course(services, env, clock, places=1, n=1, lates_per_absence=2)
    [a] = sc.trainees
    for day in DAYS[:4]:
        _take(services, env, clock, sc.course, day, {a: "late"})
    f = _figures(services, env, sc.course)[a]
    assert (f.late, f.absence_equivalent, f.rate) == (4, 2, 50.0)


def test_warnings_at_10_and_20_percent_absence(services, env, clock):
    sc = training_course(services, env, clock, places=2, n=2)
    a, b = sc.trainees
    assert TEACHING_DAYS == 38
    for n, day in enumerate(DAYS[:8]):
        _take(services, env, clock, sc.course, day, {a: "absent", **({b: "absent"} if n < 3 else {})})
        f = _figures(services, env, sc.course)
        # a: n + 1 absences of 38 days: 4 is 10.5 % (주의), 8 is 21.1 % (경고)
        assert f[a].warning == ("" if n + 1 < 4 else "주의" if n + 1 < 8 else "경고"), n
    assert (f[a].absence_share, f[b].absence_share, f[b].warning) == (21.1, 7.9, "")
    assert [r.attendance.warning for r in services.courses.roll(env.counselor, sc.course, DAYS[7]).rows] == [
        "경고", ""]


NOT_TEACHING = [(date(2026, 12, 12), "교육 요일이 아님"),  # a Saturday
                (date(2026, 12, 25), "공휴일"), (date(2026, 12, 4), "교육 기간")]  # before the start


def test_no_roll_on_a_non_teaching_day(services, env, clock):
    sc = training_course(services, env, clock, places=1, n=1)
    clock.now = at(date(2026, 12, 28), "10:00")
    for day, words in NOT_TEACHING:
        with pytest.raises(ValidationError) as exc:
            services.courses.save_roll(env.manager, sc.course, day, {sc.trainees[0]: "absent"}, reason="정정")
        assert words in exc.value.errors["day"], day
        with pytest.raises(ValidationError):
            services.courses.roll(env.counselor, sc.course, day)
    assert count(services.db, "course_attendance") == 0 and count(services.db, "course_roll") == 0


def test_no_roll_for_a_day_to_come(services, env, clock):
    sc = training_course(services, env, clock, places=1, n=1)
    with pytest.raises(ValidationError) as exc:
        services.courses.save_roll(env.counselor, sc.course, DAYS[1], {sc.trainees[0]: "absent"})
    assert "오늘 이후" in exc.value.errors["day"]
    assert count(services.db, "course_attendance") == 0


def test_bad_marks_name_the_trainee(services, env, clock):
    sc = training_course(services, env, clock, places=2, n=2)
    a, b = sc.trainees
    with pytest.raises(ValidationError) as exc:
        services.courses.save_roll(env.counselor, sc.course, START, {a: "sleeping", b: "excused", 999: "late"})
    assert set(exc.value.errors) == {f"mark[{a}]", f"mark[{b}]"}
    assert "공결 사유" in exc.value.errors[f"mark[{b}]"]
    with pytest.raises(ValidationError) as exc:
        services.courses.save_roll(env.counselor, sc.course, START, {999: "late"})
    assert "출석부에 없는" in exc.value.errors["mark[999]"]
    assert count(services.db, "course_attendance") == 0


def test_after_the_day_only_the_manager_changes_the_roll_with_a_reason(services, env, clock):
    sc = training_course(services, env, clock, places=2, n=2)
    a, b = sc.trainees
    _take(services, env, clock, sc.course, START, {a: "absent"})
    clock.now = at(DAYS[1], "09:30")
    roll = services.courses.roll(env.counselor, sc.course, START)
    assert roll.needs_reason and not roll.editable
    assert services.courses.roll(env.manager, sc.course, START).editable
    with pytest.raises(PermissionDenied):
        services.courses.save_roll(env.counselor, sc.course, START, {}, reason="지각으로 정정")
    with pytest.raises(ValidationError) as exc:
        services.courses.save_roll(env.manager, sc.course, START, {a: "late"})
    assert "사유" in exc.value.errors["reason"]
    assert services.courses.save_roll(env.manager, sc.course, START, {a: "late", b: "early_leave"},
                                      reason="출입 기록 확인 후 정정") == 2
    changes = services.courses.roll_changes(env.counselor, sc.course)
    assert [(c[1], c[2], c[3], c[4]) for c in changes] == [
        (a, Attendance.ABSENT, Attendance.LATE, "출입 기록 확인 후 정정"),
        (b, Attendance.PRESENT, Attendance.EARLY_LEAVE, "출입 기록 확인 후 정정")]
    assert all(c[5] == "cmanager 직원" for c in changes)
    assert "출입 기록" not in str([r.new_values for r in audit_rows(services.db, entity="course_roll_change")])
    for sql in ("UPDATE course_roll_change SET reason = 'x'", "DELETE FROM course_roll_change"):
        with pytest.raises(DBAPIError), services.db.engine.begin() as conn:
            conn.execute(text(sql))
    assert len(services.courses.roll_changes(env.manager, sc.course)) == 2


def test_the_front_desk_takes_no_roll(services, env, clock):
    sc = training_course(services, env, clock, places=1, n=1)
    with pytest.raises(PermissionDenied):
        services.courses.save_roll(env.front_desk, sc.course, START, {})
    with pytest.raises(PermissionDenied):
        services.courses.roll(env.front_desk, sc.course, START)
