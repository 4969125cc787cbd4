"""The courses section of the monthly summary on known records: the attendance rate of
the month's saved rolls (a trainee who joined mid-month, one who dropped out mid-month,
the last roll of the month in and the first of the next out), by the 교육과정 page's
arithmetic; the employment rate as it stood at the month's end (a follow-up recorded at
23:59 on the last day counts, one at 00:00 on the first of the next month goes to that
month), while the 교육과정 page's figures keep counting every follow-up; and a
counseling follow-up done after its month read as 미완료 in that month. Both backends."""

from __future__ import annotations

from datetime import date

import pytest

from models.courses.figures import figures as course_figures
from models.summaries import figures as F
from models.summaries.service import for_services
from tests.factories.rooms import at
from tests.models.courses.builders import make_campus, training_course
from tests.models.summaries.builders import seoul

DEC = F.month(2026, 12)


@pytest.fixture
def env_campus(services, world):
    """CAMPUS-A with its staff (tests/models/courses/builders.py)."""
    return make_campus(services, world)


def _rows(summary, title="교육과정"):
    """The section's first table: its label -> value."""
    [section] = [s for s in summary.document.sections if s.title == title]
    return {row[0]: row[1] for row in section.blocks[0].rows}


def _value(rows, prefix):
    [(label, value)] = [(k, v) for k, v in rows.items() if k.startswith(prefix)]
    return label, value


def _roll(services, env, clock, course, day, marks):
    clock.now = at(day, "17:00")
    services.courses.save_roll(env.counselor, course, day, marks)


def _attendance_month(services, env, clock):
    """Course 12-07 … 2027-01-29 with trainees a, b, c; b drops out on 12-09 (in the early
    window), the reserve d takes the place that day. Rolls saved on 12-07, 12-08, 12-09,
    12-31 (the month's last teaching day) and 2027-01-04 (the next month's first)."""
    sc = training_course(services, env, clock, places=3, n=5)
    a, b, c = sc.trainees
    cs = services.courses
    _roll(services, env, clock, sc.course, date(2026, 12, 7), {a: "late", b: "absent"})
    _roll(services, env, clock, sc.course, date(2026, 12, 8), {a: "late", c: ("excused", "예비군 훈련")})
    clock.now = at(date(2026, 12, 9), "09:00")
    cs.drop_out(env.manager, b, {t.enrollment_id: t for t in cs.trainees(env.manager, sc.course)}[b].version,
                on=date(2026, 12, 9), reason="personal")
    [offer] = cs.open_offers(env.manager, sc.course)
    d = cs.accept_offer(env.manager, offer.id)
    _roll(services, env, clock, sc.course, date(2026, 12, 9), {a: "early_leave", d: "absent"})
    _roll(services, env, clock, sc.course, date(2026, 12, 31), {c: "absent"})
    _roll(services, env, clock, sc.course, date(2027, 1, 4), {c: "absent", d: "absent"})
    sc.a, sc.b, sc.c, sc.d = a, b, c, d
    return sc


def test_the_attendance_rate_of_the_months_rolls(services, env_campus, clock):
    env = env_campus
    sc = _attendance_month(services, env, clock)
    ids = [env.a]
    days = services.db.read(lambda s: F.counts(s, "course_trainee_days", DEC, ids)).of(env.a)
    # 12-07 a b c, 12-08 a b c, 12-09 a c d (b left that day, d joined it), 12-31 a c d
    assert {k: v for k, v in days.items() if v} == {"present": 5, "late": 2, "early_leave": 1, "absent": 3,
                                                     "excused": 1}
    rows = services.db.read(lambda s: F.evidence(s, "course_trainee_days", DEC, ids))
    per = {}
    for r in rows:
        per.setdefault(r.record_id, []).append(r.day.day)
    assert per == {sc.a: [7, 8, 9, 31], sc.b: [7, 8], sc.c: [7, 8, 9, 31], sc.d: [9, 31]}
    absence = services.db.read(lambda s: F.evidence(s, "course_absence_days", DEC, ids))
    # a: 2 late + 1 early leave = one absence; b, c, d: one 결석 each; c's 공결 counts as attended
    assert sorted((r.record_id, r.category, r.amount) for r in absence) == sorted(
        [(sc.a, "late_early", 1), (sc.b, "absent", 1), (sc.c, "absent", 1), (sc.d, "absent", 1)])
    assert services.db.read(lambda s: F.counts(s, "course_trainee_days", F.month(2027, 1), ids)).total() == 3
    assert services.db.read(lambda s: F.counts(s, "course_absence_days", F.month(2027, 1), ids)).total() == 2

    summary = for_services(services).facility(env.manager, env.a, 2026, 12)
    table = _rows(summary)
    assert table["출석부 저장 수업일"] == 4
    assert table["출석부 인원 (수강생 × 수업일)"] == 12
    assert table["결석 환산 일수 (결석 + 지각·조퇴 환산)"] == 4
    assert _value(table, "출석률") == ("출석률 ((12 - 4) ÷ 12)", "66.7%")
    assert table["결석"] == 3 and table["공결"] == 1
    [section] = [s for s in summary.document.sections if s.title == "교육과정"]
    assert "공결은 출석으로" in section.blocks[0].note and "중도탈락은 그 전날까지" in section.blocks[0].note
    # the click-through and the workbook list the same records
    refs = [r for row in section.blocks[0].refs for r in row if r is not None and r.figure == "course_trainee_days"]
    assert sum(e.amount for e in for_services(services).evidence(env.manager, refs[0])) == 12


def test_the_month_uses_the_pages_arithmetic(services, env_campus, clock):
    """Three late arrivals in a month make one absence on the summary as on the 교육과정
    page (the course's lates_per_absence), and the floor is taken per trainee."""
    env = env_campus
    sc = training_course(services, env, clock, places=2, n=2)
    a, b = sc.trainees
    for day in (7, 8, 9):
        _roll(services, env, clock, sc.course, date(2026, 12, day), {a: "late", b: "late" if day == 7 else "present"})
    page = {t.enrollment_id: t.attendance for t in services.courses.trainees(env.manager, sc.course)}
    assert (page[a].absence_equivalent, page[b].absence_equivalent) == (1, 0)
    got = services.db.read(lambda s: F.evidence(s, "course_absence_days", DEC, [env.a]))
    assert [(r.record_id, r.category, r.amount) for r in got] == [(a, "late_early", 1)]
    assert _value(_rows(for_services(services).facility(env.manager, env.a, 2026, 12)), "출석률")[1] == "83.3%"


def _completed_short_course(services, env, clock):
    """A ten-day course (12-07 … 12-18) with three completers; their one-month follow-ups
    are due 2027-01-18."""
    sc = training_course(services, env, clock, places=3, n=3, end_on=date(2026, 12, 18), total_hours=80)
    clock.now = at(date(2026, 12, 18), "18:00")
    services.courses.complete_all(env.manager, sc.course)
    return sc


def _record(services, env, clock, enrollment, when, outcome="employed"):
    clock.now = when
    [fu] = [f for f in services.courses.trainee_followups(env.counselor, enrollment) if f.months == 1]
    data = {"outcome": outcome}
    if outcome == "employed":
        data.update(started_on=date(2027, 1, 11), employer="한빛소프트")
    services.courses.record_outcome(env.counselor, fu.id, data)


def test_the_employment_rate_as_of_the_months_end(services, env_campus, clock):
    env = env_campus
    sc = _completed_short_course(services, env, clock)
    a, b, c = sc.trainees
    svc = for_services(services)
    _record(services, env, clock, a, seoul(2027, 1, 20))
    _record(services, env, clock, b, seoul(2027, 1, 31, 23, 59))  # the month's last minute: in January
    clock.now = seoul(2027, 2, 1, 0, 0)
    january = svc.facility(env.manager, env.a, 2027, 1)
    assert _value(_rows(january), "취업률") == ("취업률 (최근 12개월 종료 과정 1개: 취업 2 ÷ 수료 3)", "66.7%")
    _record(services, env, clock, c, seoul(2027, 2, 1, 0, 0))  # the next month's first minute
    clock.now = seoul(2027, 4, 2, 10)
    again = svc.facility(env.manager, env.a, 2027, 1)
    assert [b.rows for b in again.tables()] == [b.rows for b in january.tables()]
    assert _value(_rows(svc.facility(env.manager, env.a, 2027, 2)), "취업률")[1] == "100.0%"
    assert _value(_rows(svc.facility(env.manager, env.a, 2026, 12)), "취업률")[1] == "0.0%"
    # the 교육과정 page's figures are as of now: every follow-up recorded
    now = services.db.read(lambda s: course_figures(s, course_ids=[sc.course]))[sc.course]
    assert (now.completed, now.employed) == (3, 3)
    then = services.db.read(lambda s: course_figures(s, course_ids=[sc.course], as_of=F.month(2027, 1).end))
    assert (then[sc.course].completed, then[sc.course].employed) == (3, 2)
    assert "24:00까지 기록된 취업 확인만" in [s for s in january.document.sections
                                            if s.title == "교육과정"][0].blocks[0].note


def test_the_competition_ratio_counts_applications_as_they_stood(services, env_campus, clock):
    """A recruitment closing in November: an application withdrawn in December still
    counts in November's ratio."""
    from tests.models.courses.builders import applicants, open_course
    env = env_campus
    cid = open_course(services, env, places=2)
    apps = applicants(services, env, cid, 4)
    before = services.db.read(lambda s: course_figures(s, course_ids=[cid], as_of=F.month(2026, 11).end))
    clock.now = at(date(2026, 12, 1), "09:00")
    cs = services.courses
    cs.withdraw(env.manager, apps[0], cs.get_application(env.manager, apps[0]).version, reason="개인 사정")
    assert services.db.read(lambda s: course_figures(s, course_ids=[cid]))[cid].applicants == 3
    after = services.db.read(lambda s: course_figures(s, course_ids=[cid], as_of=F.month(2026, 11).end))
    assert before[cid].applicants == after[cid].applicants == 4
    table = _rows(for_services(services).facility(env.manager, env.a, 2026, 11))
    assert _value(table, "경쟁률") == ("경쟁률 (그 달 모집 마감 과정 1개: 지원 4 ÷ 정원 2)", "2.00 : 1")


def test_a_followup_done_after_its_month_stays_open_in_that_month(services, clock, world):
    co = services.counseling
    clock.now = seoul(2026, 11, 20)
    youth = services.youth.create(world.admin, world.a, _youth_data())
    fu = co.schedule_followup(world.counselor, world.a, youth, date(2026, 11, 28))
    nov = F.month(2026, 11)
    assert services.db.read(lambda s: F.counts(s, "followups", nov, [world.a])).of(world.a) == {"open": 1}
    clock.now = seoul(2026, 12, 2)
    co.log_session(world.counselor, world.a, {"youth_id": youth, "held_at": seoul(2026, 12, 2), "duration_minutes": 30,
                                              "mode": "phone", "kind": "deep", "topics": ["career"], "summary": "요약",
                                              "note": "", "next_step": "", "completes_followup_id": fu})
    assert services.db.read(lambda s: F.counts(s, "followups", nov, [world.a])).of(world.a) == {"open": 1}
    assert services.db.read(lambda s: F.counts(s, "followups", F.Period(date(2026, 11, 1), date(2026, 12, 3)),
                                               [world.a])).of(world.a) == {"late": 1}


def _youth_data():
    from tests.factories.world import youth_data
    return youth_data(name="후속조", birth_date="1995-05-05", phone="010-4555-7555", email=None)


def test_a_section_with_nothing_in_the_month_says_so(services, env_campus, clock):
    env = env_campus
    _attendance_month(services, env, clock)
    svc = for_services(services)
    december = {s.title: s.note for s in svc.facility(env.manager, env.a, 2026, 12).document.sections}
    october = {s.title: s.note for s in svc.facility(env.manager, env.a, 2026, 10).document.sections}
    assert december["교육과정"] == ""
    assert october["교육과정"].startswith("이 달에 수업이 있던 과정도")
