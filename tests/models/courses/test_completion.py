"""Completion, the certificate, the employment follow-ups, the employment rate, the funnel
and the timeline: the 80 % rule at its edge (refused below it with the rate shown), 미수료
for the rest, the certificate's number and its printing as an audited output (none when
the printout fails), follow-ups at 1, 3 and 6 months in the campus's queue and in the
course counselor's counseling queue, the employment-rate definition, the funnel of a
course and of a campus, and the youth's timeline. On both backends."""

from __future__ import annotations

from datetime import date

import pytest

from models.core.errors import Conflict, PermissionDenied, RuleViolation, ValidationError
from models.courses.enums import EnrollmentStatus, Outcome
from tests.factories.companies import company_data
from tests.factories.rooms import at
from tests.models.courses.builders import START, training_course
from tests.models.util import audit_rows, count

END10 = date(2026, 12, 18)  # a ten-teaching-day course: 12-07 … 12-18
DAYS = [date(2026, 12, d) for d in (7, 8, 9, 10, 11, 14, 15, 16, 17, 18)]


def _short(services, env, clock, places=4, n=4, **over):
    return training_course(services, env, clock, places=places, n=n, end_on=END10, total_hours=80,
                           counselor_id=env.counselor.user_id, **over)


def _absent(services, env, clock, course, plan: dict[int, int]):
    """``plan``: enrollment id -> absences, on the course's first days."""
    for i, day in enumerate(DAYS):
        clock.now = at(day, "17:00")
        services.courses.save_roll(env.counselor, course, day, {e: "absent" for e, n in plan.items() if i < n})


def _trainee(services, env, course, eid):
    return {t.enrollment_id: t for t in services.courses.trainees(env.manager, course)}[eid]


def test_completion_at_80_percent_and_refused_below_with_the_rate(services, env, clock):
    sc = _short(services, env, clock)
    a, b, c, d = sc.trainees
    _absent(services, env, clock, sc.course, {a: 2, b: 3, c: 0, d: 1})
    clock.now = at(date(2026, 12, 17), "18:00")
    with pytest.raises(RuleViolation) as exc:  # before the last day
        services.courses.complete(env.manager, a, _trainee(services, env, sc.course, a).version)
    assert "2026-12-18" in exc.value.message
    clock.now = at(END10, "18:00")
    number = services.courses.complete(env.manager, a, _trainee(services, env, sc.course, a).version)  # exactly 80 %
    assert number == f"CAMPUS-A-2026-{sc.course:04d}-001"
    with pytest.raises(ValidationError) as exc:
        services.courses.complete(env.manager, b, _trainee(services, env, sc.course, b).version)
    assert exc.value.errors["attendance"] == "출석률 70.0%로 수료 기준 80%에 못 미쳐 수료 처리할 수 없습니다."
    assert _trainee(services, env, sc.course, b).status is EnrollmentStatus.ENROLLED
    summary = services.courses.complete_all(env.manager, sc.course)
    assert set(summary.completed) == {c, d} and summary.not_completed == ((b, 70.0),)
    rows = {t.enrollment_id: t for t in services.courses.trainees(env.manager, sc.course)}
    assert rows[b].status is EnrollmentStatus.NOT_COMPLETED and rows[b].certificate_no is None
    assert sorted(rows[e].certificate_no[-3:] for e in (a, c, d)) == ["001", "002", "003"]


def test_the_completion_threshold_is_the_courses(services, env, clock):
    sc = _short(services, env, clock, places=1, n=1, completion_pct=90)
    [a] = sc.trainees
    _absent(services, env, clock, sc.course, {a: 2})
    clock.now = at(END10, "18:00")
    with pytest.raises(ValidationError) as exc:
        services.courses.complete(env.manager, a, 1)
    assert "출석률 80.0%로 수료 기준 90%" in exc.value.errors["attendance"]


def test_the_certificate_is_printed_as_an_audited_output(services, env, clock):
    sc = _short(services, env, clock, places=1, n=1)
    [a] = sc.trainees
    clock.now = at(END10, "18:00")
    with pytest.raises(Conflict):
        services.courses.certificate(env.manager, a)
    number = services.courses.complete(env.manager, a, 1)
    outputs = len(audit_rows(services.db, action="output"))

    def broken(_certificate):
        raise OSError("disk full")

    with pytest.raises(OSError):
        services.courses.certificate(env.manager, a, write=broken)
    assert len(audit_rows(services.db, action="output")) == outputs  # no printout, no record
    printed = []
    cert = services.courses.certificate(env.manager, a, write=printed.append, purpose="수료생 본인 요청")
    assert printed == [cert] and cert.certificate_no == number
    assert (cert.course_name, cert.start_on, cert.end_on, cert.total_hours, cert.facility_name) == (
        "풀스택 웹개발 1기", START, END10, 80, "가 청년취업사관학교")
    row = audit_rows(services.db, action="output")[-1]
    assert row.detail == f"수료증 출력 {number} · 목적: 수료생 본인 요청" and row.username == "cmanager"
    assert cert.youth_name not in row.detail
    with pytest.raises(PermissionDenied) as exc:
        services.courses.certificate(env.counselor, a)  # the manager prints
    assert "시설 관리자" in exc.value.message


def test_follow_ups_at_1_3_and_6_months_in_both_queues(services, env, clock, world):
    sc = _short(services, env, clock, places=1, n=1)
    [a] = sc.trainees
    clock.now = at(END10, "18:00")
    services.courses.complete(env.manager, a, 1)
    fus = services.courses.trainee_followups(env.counselor, a)
    assert [(f.months, f.due_on) for f in fus] == [(1, date(2027, 1, 18)), (3, date(2027, 3, 18)),
                                                   (6, date(2027, 6, 18))]
    counseling = services.counseling.followups(env.counselor, env.a, until=date(2027, 12, 31))
    assert [f.due_on for f in counseling] == [f.due_on for f in fus]
    assert services.courses.employment_queue(env.counselor, env.a) == []
    clock.now = at(date(2027, 1, 20), "10:00")
    [due] = services.courses.employment_queue(env.counselor, env.a)
    assert due.months == 1 and due.days_overdue == 2
    with pytest.raises(ValidationError) as exc:  # the 3-month one is not due yet
        services.courses.record_outcome(env.counselor, fus[1].id, {"outcome": "unemployed"})
    assert "2027-03-18" in exc.value.errors["outcome"]
    for data, field in (({"outcome": "employed", "employer": "한빛소프트"}, "started_on"),
                        ({"outcome": "employed", "started_on": date(2027, 1, 10)}, "employer"),
                        ({"outcome": "employed", "started_on": date(2027, 1, 10), "company_id": 9999}, "company_id"),
                        ({"outcome": "employed", "started_on": date(2027, 2, 1), "employer": "x"}, "started_on"),
                        ({"outcome": "hired"}, "outcome")):
        with pytest.raises(ValidationError) as exc:
            services.courses.record_outcome(env.counselor, due.id, data)
        assert field in exc.value.errors, (data, exc.value.errors)
    company = services.companies.create_company(world.counselor, world.a, company_data())
    services.courses.record_outcome(env.counselor, due.id, {"outcome": "employed", "company_id": company,
                                                            "started_on": date(2027, 1, 11), "note": "정규직"})
    fus = services.courses.trainee_followups(env.counselor, a)
    assert (fus[0].outcome, fus[0].employer, fus[0].company_id) == (Outcome.EMPLOYED, "테스트기업 1", company)
    assert services.courses.employment_queue(env.counselor, env.a) == []
    assert [f.due_on for f in services.counseling.followups(env.counselor, env.a, until=date(2027, 12, 31))] == [
        date(2027, 3, 18), date(2027, 6, 18)]  # the recorded one left the counselor's queue
    with pytest.raises(Conflict):
        services.courses.record_outcome(env.counselor, due.id, {"outcome": "unemployed"})
    with pytest.raises(PermissionDenied):
        services.courses.record_outcome(env.front_desk, fus[1].id, {"outcome": "unemployed"})


def test_the_employment_rate_is_employed_within_six_months_over_completers(services, env, clock):
    """Five trainees: one drops out for a job in the course; four complete. Employed within
    six months: the one who started on the last day of the six months. Not: one who started
    a day later, one who founded a start-up, one still looking. 1 ÷ 4 = 25 %."""
    sc = _short(services, env, clock, places=5, n=5)
    a, b, c, d, e = sc.trainees
    clock.now = at(date(2026, 12, 16), "10:00")
    services.courses.drop_out(env.manager, e, 1, on=date(2026, 12, 16), reason="employed")
    clock.now = at(END10, "18:00")
    assert set(services.courses.complete_all(env.manager, sc.course).completed) == {a, b, c, d}
    clock.now = at(date(2027, 7, 1), "10:00")
    results = {a: {"outcome": "employed", "started_on": date(2027, 6, 18), "employer": "바른데이터"},
               b: {"outcome": "employed", "started_on": date(2027, 6, 19), "employer": "푸른랩스"},
               c: {"outcome": "startup", "started_on": date(2027, 2, 1)},
               d: {"outcome": "unemployed"}}
    for eid, data in results.items():
        six = services.courses.trainee_followups(env.counselor, eid)[-1]
        services.courses.record_outcome(env.counselor, six.id, data)
    funnel = services.courses.course_funnel(env.counselor, sc.course)
    assert (funnel.applicants, funnel.selected, funnel.enrolled, funnel.completed, funnel.employed) == (5, 5, 5, 4, 1)
    assert funnel.employment_rate == 25.0 and funnel.completion_rate == 80.0 and funnel.followup_done
    row = services.courses.get_course(env.counselor, sc.course)
    assert (row.employed, row.completed, row.employment_rate) == (1, 4, 25.0)


def test_the_campus_funnel_sums_its_courses(services, env, clock):
    one = _short(services, env, clock, places=2, n=4)
    clock.now = at(END10, "18:00")
    services.courses.complete_all(env.manager, one.course)
    two = training_course(services, env, clock, places=3, n=3, first=100, name="데이터 분석 2기")
    funnel = services.courses.funnel(env.counselor, env.a)
    assert [r.course_id for r in funnel.rows] == [two.course, one.course]
    t = funnel.total
    assert (t.places, t.applicants, t.selected, t.enrolled, t.completed, t.employed) == (5, 7, 5, 5, 2, 0)
    assert (t.competition_ratio, t.selection_rate, t.enrollment_rate, t.completion_rate) == (1.4, 71.4, 100.0, 40.0)
    assert t.employment_rate == 0.0 and not t.followup_done
    city = services.courses.funnel(env.admin, None)
    assert city.total.applicants == 7
    assert services.courses.funnel(env.b_manager, env.b).total.applicants == 0


def test_the_timeline_of_a_trainee(services, env, clock):
    sc = _short(services, env, clock, places=1, n=2)
    [a] = sc.trainees
    youth_id = _trainee(services, env, sc.course, a).youth_id
    _absent(services, env, clock, sc.course, {a: 1})
    clock.now = at(END10, "18:00")
    services.courses.complete(env.manager, a, _trainee(services, env, sc.course, a).version)
    items = services.courses.timeline(env.counselor, env.a, youth_id)
    assert [i.source for i in items] == ["course_completion", "course_attendance", "course_selection",
                                         "course_application"]
    assert items[1].title == "출석률 90.0% · 풀스택 웹개발 1기"
    assert items[2].title == "선발 결과 · 풀스택 웹개발 1기 · 합격"
    assert items[0].detail.startswith("수료증 CAMPUS-A-")
    assert all(i.at.tzinfo is not None for i in items)
    assert count(services.db, "course_followup") == 3
