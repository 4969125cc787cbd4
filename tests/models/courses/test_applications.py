"""Applications: the live applicant count, the same youth twice refused (and by the
database's unique key), a day outside the window refused unless the manager writes a
reason (kept, and audited without its text), withdrawal, and ``apply_many``: one bad row
writes nothing and names the row. On both backends."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from models.core.errors import Conflict, RuleViolation, ValidationError
from models.courses.enums import ApplicationStatus, ApplyChannel
from tests.models.courses.builders import course_data, open_course, selected_course, youth
from tests.models.util import audit_rows, count


def test_apply_and_count_live_applicants(services, env):
    cid = open_course(services, env, places=2)
    ys = [youth(services, env, i) for i in range(5)]
    ids = [services.courses.apply(env.manager, cid, {"youth_id": y, "applied_on": date(2026, 11, 10),
                                                     "channel": "on_site"}) for y in ys]
    c = services.courses.get_course(env.counselor, cid)
    assert (c.applicants, c.competition_ratio) == (5, 2.5)
    row = services.courses.get_application(env.counselor, ids[0])
    assert row.youth_id == ys[0] and row.channel is ApplyChannel.ON_SITE and row.status is ApplicationStatus.APPLIED
    assert row.phone_masked.startswith("010-****-")
    services.courses.withdraw(env.manager, ids[0], row.version, reason="개인 일정")
    c = services.courses.get_course(env.counselor, cid)
    assert (c.applicants, c.competition_ratio) == (4, 2.0)
    assert services.courses.get_application(env.manager, ids[0]).status is ApplicationStatus.WITHDRAWN
    assert len(services.courses.applications(env.manager, cid, include_withdrawn=False)) == 4


def test_the_same_youth_twice_is_refused(services, env):
    cid = open_course(services, env)
    y = youth(services, env, 1)
    services.courses.apply(env.manager, cid, {"youth_id": y, "applied_on": date(2026, 11, 10)})
    before = count(services.db, "course_application")
    with pytest.raises(ValidationError) as exc:
        services.courses.apply(env.manager, cid, {"youth_id": y, "applied_on": date(2026, 11, 11)})
    assert "이미 이 과정에 지원한" in exc.value.errors["youth_id"]
    assert count(services.db, "course_application") == before
    with pytest.raises(IntegrityError), services.db.engine.begin() as conn:
        conn.execute(text("INSERT INTO course_application (course_id, facility_id, youth_id, applied_on, channel, "
                          "status, withdraw_reason, version, created_at) SELECT course_id, facility_id, youth_id, "
                          "applied_on, channel, status, '', 1, created_at FROM course_application"))


def test_outside_the_window_needs_the_managers_reason(services, env):
    cid = open_course(services, env)
    y = youth(services, env, 2)
    with pytest.raises(ValidationError) as exc:
        services.courses.apply(env.manager, cid, {"youth_id": y, "applied_on": date(2026, 10, 30)})
    assert "모집 기간(2026-11-02~2026-11-30) 밖" in exc.value.errors["applied_on"]
    assert count(services.db, "course_application") == 0
    aid = services.courses.apply(env.manager, cid, {"youth_id": y, "applied_on": date(2026, 10, 30),
                                                    "override_reason": "온라인 접수 오류로 누락, 센터장 승인"})
    assert services.courses.get_application(env.manager, aid).override_reason == "온라인 접수 오류로 누락, 센터장 승인"
    row = [r for r in audit_rows(services.db, entity="course_application") if r.action == "insert"][-1]
    assert row.username == "cmanager" and row.new_values["override_reason"] == "(사유)"
    assert "센터장 승인" not in str(row.new_values)
    # inside the window a reason is not kept
    inside = services.courses.apply(env.manager, cid, {"youth_id": youth(services, env, 3), "override_reason": "x"})
    assert services.courses.get_application(env.manager, inside).override_reason is None


def test_other_bad_application_input(services, env, clock):
    cid = open_course(services, env)
    cases = [({"youth_id": 0}, "youth_id"), ({"youth_id": 99999}, "youth_id"),
             ({"youth_id": youth(services, env, 4), "applied_on": date(2026, 11, 28)}, "applied_on"),  # tomorrow
             ({"youth_id": youth(services, env, 5), "channel": "fax"}, "channel"),
             ({"youth_id": youth(services, env, 6), "applied_on": "2026-13-40"}, "applied_on")]
    for data, field in cases:
        with pytest.raises(ValidationError) as exc:
            services.courses.apply(env.manager, cid, data)
        assert field in exc.value.errors, (data, exc.value.errors)
    assert count(services.db, "course_application") == 0


def test_a_course_not_recruiting_takes_no_application(services, env, clock):
    cid = services.courses.create_course(env.manager, env.a, course_data())
    with pytest.raises(RuleViolation):
        services.courses.apply(env.manager, cid, {"youth_id": youth(services, env, 7), "applied_on": date(2026, 11, 9)})
    sc = selected_course(services, env, clock, places=2, n=3)
    with pytest.raises(RuleViolation):  # the selection is decided
        services.courses.apply(env.manager, sc.course, {"youth_id": youth(services, env, 8),
                                                        "applied_on": date(2026, 11, 9)})
    with pytest.raises(Conflict):  # selected applicants decline, they do not withdraw
        services.courses.withdraw(env.manager, sc.apps[0], services.courses.get_application(env.manager,
                                                                                            sc.apps[0]).version)


def test_apply_many_writes_all_or_nothing(services, env):
    cid = open_course(services, env)
    ys = [youth(services, env, 10 + i) for i in range(6)]
    services.courses.apply(env.manager, cid, {"youth_id": ys[0], "applied_on": date(2026, 11, 3)})
    rows = [{"youth_id": y, "applied_on": date(2026, 11, 12), "channel": "imported"} for y in ys[1:]]
    bad = rows + [{"youth_id": ys[0], "applied_on": date(2026, 11, 12)},  # applied already
                  {"youth_id": ys[1]},  # twice in the file
                  {"youth_id": ys[2] + 1000},  # no such youth
                  {"youth_id": ys[3], "applied_on": date(2026, 12, 25)},  # future
                  {"youth_id": "abc"}]
    before = count(services.db, "course_application")
    with pytest.raises(ValidationError) as exc:
        services.courses.apply_many(env.manager, cid, bad)
    errors = exc.value.errors
    assert set(errors) == {"rows[5].youth_id", "rows[6].youth_id", "rows[7].youth_id", "rows[8].applied_on",
                           "rows[9].youth_id"}, errors
    assert "이미 이 과정에 지원한" in errors["rows[5].youth_id"] and "두 번" in errors["rows[6].youth_id"]
    assert "아무것도 저장하지 않았습니다" in exc.value.message
    assert count(services.db, "course_application") == before
    ids = services.courses.apply_many(env.manager, cid, rows)
    assert len(ids) == 5 and services.courses.get_course(env.manager, cid).applicants == 6
    assert {a.channel for a in services.courses.applications(env.manager, cid)} == {ApplyChannel.ONLINE,
                                                                                   ApplyChannel.IMPORTED}
    with pytest.raises(ValidationError):
        services.courses.apply_many(env.manager, cid, [])
