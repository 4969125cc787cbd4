"""Group sessions (attendees, walk-ins, headcounts, capacity), activity plans, the youth's
timeline, and the monthly counts (Asia/Seoul days; totals are the sums of their parts;
group sessions separately as sessions and participants; no names and no text); on SQLite
and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models.core.errors import Conflict, ValidationError
from models.counseling.enums import GroupKind
from tests.factories.counseling import NOTE, SUMMARY, consent, log
from tests.factories.rooms import TODAY, add_youth, at


def _group(services, world, cw, **over):
    data = {"kind": "mentoring", "title": "IT 현직자 멘토링", "presenter": "김멘토", "held_at": at(TODAY, "09:00"),
            "duration_minutes": 90, "mode": "in_person", "capacity": 5,
            "attendee_ids": [cw.y1, cw.y2, cw.y3]}
    data.update(over)
    return services.counseling.log_group(world.counselor, world.a, data)


def test_a_group_session_with_three_attendees_and_a_walk_in(services, world, cw):
    gid = _group(services, world, cw)
    walk = add_youth(services, world, 5)
    services.counseling.add_attendee(world.counselor, gid, walk, walk_in=True)
    g = services.counseling.group(world.counselor, gid)
    assert (g.attendee_count, g.participants, g.kind) == (4, 4, GroupKind.MENTORING)
    assert [(a.youth_id, a.walk_in) for a in g.attendees if a.walk_in] == [(walk, True)]
    with pytest.raises(Conflict):
        services.counseling.add_attendee(world.counselor, gid, walk)
    services.counseling.add_attendee(world.counselor, gid, add_youth(services, world, 6))
    with pytest.raises(Conflict) as full:
        services.counseling.add_attendee(world.counselor, gid, add_youth(services, world, 7))
    assert "정원" in full.value.message
    # once in each attendee's timeline, with the one-to-one sessions
    sid = log(services, world.counselor, world, cw.y1, held_at=at(TODAY, "09:30"))
    items = services.counseling.timeline(world.counselor, world.a, cw.y1)
    assert [(i.source, i.ref_id) for i in items] == [("counseling", sid), ("group", gid)]
    assert all(NOTE not in i.detail for i in items) and items[0].detail == SUMMARY
    assert SUMMARY not in repr(items[0])


def test_bad_group_input(services, world, cw):
    for over, field in (({"title": ""}, "title"), ({"duration_minutes": 500}, "duration_minutes"),
                        ({"capacity": 2}, "attendee_ids"), ({"attendee_ids": [999_999]}, "attendee_ids"),
                        ({"held_at": at(TODAY, "12:00")}, "held_at"), ({"headcount": -1}, "headcount")):
        with pytest.raises(ValidationError) as caught:
            _group(services, world, cw, **over)
        assert list(caught.value.errors) == [field], over


def test_monthly_counts_by_day_counselor_type_mode_and_topic(services, world, cw, clock):
    consent(services, world, cw.y2, TODAY - timedelta(days=30))
    nov = [  # (Seoul day and time, actor, youth, mode, kind, topics)
        (at(TODAY.replace(day=1), "00:30"), world.counselor, cw.y1, "in_person", "initial", ["career"]),
        (at(TODAY.replace(day=2), "23:50"), world.counselor, cw.y1, "phone", "deep", ["career", "job_skills"]),
        (at(TODAY.replace(day=2), "10:00"), cw.counselor2, cw.y2, "video", "resume", ["mental_health"]),
        (at(TODAY, "09:00"), cw.counselor2, cw.y3, "online", "job_info", []),
    ]
    for held, actor, youth, mode, kind, topics in nov:
        log(services, actor, world, youth, held_at=held, mode=mode, kind=kind, topics=topics)
    # 10/31 23:59 in Seoul is October; a voided one and another facility's do not count
    log(services, world.counselor, world, cw.y1, held_at=at(TODAY.replace(month=10, day=31), "23:59"))
    gone = log(services, world.counselor, world, cw.y3)
    services.counseling.void_session(world.counselor, gone, "중복", 1)
    services.counseling.log_session(cw.b_counselor, world.b, {"youth_id": cw.y1, "mode": "phone", "kind": "deep"})
    _group(services, world, cw)  # 3 attendees
    _group(services, world, cw, kind="live_lecture", title="취업 라이브 특강", mode="online", capacity=None,
           attendee_ids=[cw.y1], headcount=250)

    c = services.counseling.monthly_counts(world.manager, world.a, 2026, 11)
    assert (c.sessions, c.in_person, c.remote) == (4, 1, 3)
    for dimension in ("day", "counselor", "kind", "mode", "channel"):
        assert sum(r.sessions for r in c.of(dimension)) == c.sessions, dimension
    assert [(r.key, r.sessions) for r in c.of("day")] == [("2026-11-01", 1), ("2026-11-02", 2), ("2026-11-27", 1)]
    assert {r.label: r.sessions for r in c.of("counselor")} == {"상담사": 2, "counselor2 직원": 2}
    assert {r.key: r.sessions for r in c.of("topic")} == {"career": 2, "job_skills": 1, "mental_health": 1}
    assert {r.key: (r.sessions, r.participants) for r in c.of("group_kind")} == {
        "mentoring": (1, 3), "live_lecture": (1, 251)}
    assert (c.group_sessions, c.group_participants) == (2, 254)
    text = repr(c)
    assert "홍길동" not in text and NOTE not in text and SUMMARY not in text
    october = services.counseling.monthly_counts(world.counselor, world.a, 2026, 10)
    assert october.sessions == 1 and october.of("day")[0].key == "2026-10-31"
    city = services.counseling.monthly_counts(world.admin, None, 2026, 11)
    assert city.sessions == 5 and {r.key: r.sessions for r in city.of("facility")} == {
        str(world.a): 4, str(world.b): 1}
    with pytest.raises(ValidationError):
        services.counseling.monthly_counts(world.manager, world.a, 2026, 13)


def test_an_activity_plan_with_steps(services, world, cw, clock):
    pid = services.counseling.save_plan(world.counselor, world.a, cw.y1, {"goal": "데이터 분석가"})
    assert services.counseling.save_plan(world.counselor, world.a, cw.y1,
                                         {"goal": "데이터 분석가(금융)", "target_on": "2027-06-30"}) == pid
    s1 = services.counseling.add_step(world.counselor, pid, {"title": "SQL 자격증", "due_on": "2026-11-20"})
    s2 = services.counseling.add_step(world.counselor, pid, {"title": "포트폴리오"})
    plan = services.counseling.plan(world.counselor, world.a, cw.y1)
    assert plan.goal == "데이터 분석가(금융)" and [(s.id, s.overdue) for s in plan.steps] == [(s1, True), (s2, False)]
    services.counseling.set_step_done(world.counselor, s1)
    assert services.counseling.plan(world.counselor, world.a, cw.y1).progress == (1, 2)
    services.counseling.set_step_done(world.counselor, s1, done=False)
    assert services.counseling.plan(world.counselor, world.a, cw.y1).progress == (0, 2)
    with pytest.raises(ValidationError):
        services.counseling.save_plan(world.counselor, world.a, cw.y1, {"goal": " "})
    assert services.counseling.plan(world.counselor, world.a, cw.y2) is None
