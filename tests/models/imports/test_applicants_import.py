"""Importing a course's applicants (issue 14), on both backends: 50 applicants from a CP949
file registered and applied in one transaction, a youth already in the registry matched
(not registered twice), a bad row or a window error writes nothing.

FakeClock: 2026-11-27 10:00 in Seoul; the course takes applications 11-02 to 11-30."""

from __future__ import annotations

from datetime import date

import pytest

from models.core.errors import PermissionDenied, RuleViolation
from models.courses.enums import ApplyChannel
from models.imports import engine, mapping, reading
from models.imports.errors import RowsRejected
from models.imports.targets import target
from tests.factories.world import youth_data
from tests.models.courses.builders import make_campus, open_course
from tests.models.imports.files import HEADERS, csv_bytes, youths
from tests.models.util import audit_rows, count

APPLY_HEADERS = [*HEADERS, "지원일"]


def rows(n: int, start: int = 0, day: str = "2026.11.20") -> list[list[str]]:
    return [[*r, day] for r in youths(n, start)]


def _preview(services, actor, course_id, data: bytes, name="applicants.csv"):
    t = target(f"applicants:{course_id}")
    table = reading.read_bytes(data, name)
    return engine.preview(services, actor, None, t, table, mapping.auto_map(table.headers, t.fields))


@pytest.fixture
def env(services, world):
    return make_campus(services, world)


def test_fifty_applicants_from_a_cp949_file_are_registered_and_applied(services, env):
    cid = open_course(services, env, places=25)
    pv = _preview(services, env.manager, cid, csv_bytes(rows(50), "cp949", APPLY_HEADERS))
    assert pv.table.encoding == "CP949 (EUC-KR)"
    assert pv.mapping["applied_on"] == len(HEADERS)  # 지원일 found by its name
    assert pv.mapping["consent_on"] == HEADERS.index("개인정보 동의일")
    assert not pv.errors and not pv.duplicates
    report = engine.commit(services, env.manager, pv)
    assert (report.new, report.merged, report.written) == (50, 0, True)
    apps = services.courses.applications(env.manager, cid)
    assert len(apps) == 50
    assert {a.applied_on for a in apps} == {date(2026, 11, 20)}
    assert {a.channel for a in apps} == {ApplyChannel.IMPORTED}
    course = services.courses.get_course(env.manager, cid)
    assert course.applicants == 50 and course.competition_ratio == 2.0
    assert count(services.db, "youth") == 50
    assert len(audit_rows(services.db, entity="import:applicants")) == 1


def test_a_registered_youth_is_matched_and_applied_not_registered_again(services, env):
    cid = open_course(services, env)
    first = youths(1)[0]
    known = services.youth.create(env.admin, env.a, youth_data(
        name=first[0], birth_date=date.fromisoformat(first[1]), phone=first[2].replace("-", ""), email=None))
    pv = _preview(services, env.manager, cid, csv_bytes(rows(3), "utf-8", APPLY_HEADERS))
    assert [r.line for r in pv.duplicates] == [2]
    assert pv.duplicates[0].matches[0].id == known
    assert pv.target.merge_by_default
    actions = {**pv.default_actions(), 0: engine.Action.MERGE}
    report = engine.commit(services, env.manager, pv, actions)
    assert (report.new, report.merged) == (2, 1)
    assert count(services.db, "youth") == 3
    assert known in {a.youth_id for a in services.courses.applications(env.manager, cid)}
    # the same file again: the matched youths already applied and cannot be merged again
    again = _preview(services, env.manager, cid, csv_bytes(rows(3), "utf-8", APPLY_HEADERS))
    assert len(again.duplicates) == 3
    assert all(r.merge_refusal == "이미 이 과정에 지원한 청년입니다. 기존 지원 기록을 여세요." for r in again.duplicates)


def test_a_bad_row_or_a_day_outside_the_window_writes_nothing(services, env):
    cid = open_course(services, env)
    data = rows(4)
    data[1][1] = "1998-13-40"  # birth date
    data[2][-1] = "2026-10-01"  # before the window, no reason
    pv = _preview(services, env.manager, cid, csv_bytes(data, "cp949", APPLY_HEADERS))
    errors = {(line, label): msg for line, label, msg in pv.error_lines()}
    assert set(errors) == {(3, "생년월일"), (4, "지원일")}
    assert errors[(4, "지원일")].startswith("모집 기간(2026-11-02~2026-11-30) 밖의 지원입니다.")
    with pytest.raises(RowsRejected):
        engine.commit(services, env.manager, pv)
    assert count(services.db, "youth") == 0 and count(services.db, "course_application") == 0
    # a manager's written reason lets the late day in
    data = rows(2)
    data[1][-1] = "2026-10-01"
    pv = _preview(services, env.manager, cid, csv_bytes([r + ["현장 접수 누락분"] for r in data], "utf-8",
                                                        [*APPLY_HEADERS, "예외 사유"]))
    assert not pv.errors
    engine.commit(services, env.manager, pv)
    late = [a for a in services.courses.applications(env.manager, cid) if a.applied_on == date(2026, 10, 1)]
    assert len(late) == 1


def test_only_the_campus_manager_imports_into_an_open_course(services, env):
    cid = open_course(services, env)
    data = csv_bytes(rows(2), "utf-8", APPLY_HEADERS)
    with pytest.raises(PermissionDenied):
        _preview(services, env.counselor, cid, data)
    with pytest.raises(PermissionDenied):
        _preview(services, env.b_manager, cid, data)
    planned = services.courses.create_course(env.manager, env.a, {
        **services.courses.get_course(env.manager, cid).as_input(), "name": "계획 과정"})
    with pytest.raises(RuleViolation):
        _preview(services, env.manager, planned, data)
    assert count(services.db, "course_application") == 0
