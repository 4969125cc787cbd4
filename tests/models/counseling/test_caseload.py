"""The caseload: assigning, taking and transferring (the history keeps each with its
reason), stages, closing with an outcome and reopening, the last contact and the days
since it, flags past the facility's stale_days, and today's follow-ups with the days
overdue; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models.core.errors import Conflict, PermissionDenied, ValidationError
from models.counseling.enums import CLOSED_LABEL, CaseEventKind, CaseStage, CaseStatus, Outcome
from tests.factories.counseling import log
from tests.factories.rooms import TODAY, at


def test_a_counselor_takes_an_unassigned_youth_and_a_manager_transfers_with_a_reason(services, world, cw, clock):
    case = services.counseling.take(world.counselor, world.a, cw.y1)
    assert [c.youth_id for c in services.counseling.caseload(world.counselor, world.a)] == [cw.y1]
    with pytest.raises(Conflict):  # another counselor cannot take it away
        services.counseling.take(cw.counselor2, world.a, cw.y1)
    with pytest.raises(PermissionDenied):  # nor give it to someone
        services.counseling.assign(world.counselor, world.a, cw.y2, cw.counselor2.user_id)
    with pytest.raises(ValidationError) as reason:
        services.counseling.transfer(world.manager, case, cw.counselor2.user_id, " ")
    assert list(reason.value.errors) == ["reason"]
    with pytest.raises(ValidationError) as no_role:
        services.counseling.transfer(world.manager, case, world.front_desk.user_id, "이관")
    assert list(no_role.value.errors) == ["counselor_id"]
    clock.advance(hours=1)
    services.counseling.transfer(world.manager, case, cw.counselor2.user_id, "상담사 휴직")
    assert services.counseling.caseload(world.counselor, world.a) == []
    assert [c.id for c in services.counseling.caseload(cw.counselor2, world.a)] == [case]
    history = services.counseling.case_history(world.manager, case)
    assert [(e.kind, e.from_counselor, e.to_counselor, e.reason, e.by_name) for e in history] == [
        (CaseEventKind.OPEN, None, None, "", "상담사"),
        (CaseEventKind.TAKE, None, "상담사", "", "상담사"),
        (CaseEventKind.TRANSFER, "상담사", "counselor2 직원", "상담사 휴직", "시설 관리자")]
    # a manager assigns a new youth to anyone; an unassigned list shows what nobody holds
    services.counseling.assign(world.manager, world.a, cw.y2, world.counselor.user_id)
    assert services.counseling.caseload(world.manager, world.a, unassigned=True) == []
    assert len(services.counseling.caseload(world.manager, world.a, everyone=True)) == 2


def test_stage_close_and_reopen(services, world, cw):
    case = services.counseling.take(world.counselor, world.a, cw.y1)
    services.counseling.set_stage(world.counselor, case, "deep")
    services.counseling.set_stage(world.counselor, case, CaseStage.MATCHING)
    with pytest.raises(Conflict):  # not this counselor's case
        services.counseling.set_stage(cw.counselor2, case, "initial")
    with pytest.raises(ValidationError) as outcome:
        services.counseling.close_case(world.counselor, case, "won_the_lottery")
    assert list(outcome.value.errors) == ["outcome"]
    services.counseling.close_case(world.counselor, case, Outcome.EMPLOYED, "정규직 취업")
    assert services.counseling.caseload(world.counselor, world.a) == []
    [closed] = services.counseling.caseload(world.counselor, world.a, include_closed=True)
    assert (closed.status, closed.outcome, closed.stage_label, closed.flagged) == (
        CaseStatus.CLOSED, Outcome.EMPLOYED, CLOSED_LABEL, False)
    with pytest.raises(Conflict):
        services.counseling.set_stage(world.counselor, case, "deep")
    services.counseling.reopen_case(world.manager, case, "3개월 만에 퇴사")
    [row] = services.counseling.caseload(world.counselor, world.a)
    assert (row.status, row.stage, row.outcome, row.stage_label) == (CaseStatus.OPEN, CaseStage.MATCHING, None, "집중매칭")
    kinds = [e.kind for e in services.counseling.case_history(world.counselor, case)]
    assert kinds[-4:] == [CaseEventKind.STAGE, CaseEventKind.STAGE, CaseEventKind.CLOSE, CaseEventKind.REOPEN]


def test_days_since_contact_flags_and_the_next_followup(services, world, cw, clock):
    log(services, world.counselor, world, cw.y1, held_at=at(TODAY - timedelta(days=40), "10:00"),
        followup_on=None)
    clock.now = at(TODAY - timedelta(days=40), "11:00")
    services.counseling.take(world.counselor, world.a, cw.y2)  # opened 40 days ago, never seen
    clock.now = at(TODAY - timedelta(days=10), "11:00")
    log(services, world.counselor, world, cw.y3, followup_on=TODAY + timedelta(days=2))
    clock.now = at(TODAY, "10:00")
    rows = {r.youth_id: r for r in services.counseling.caseload(world.counselor, world.a)}
    assert {y: (r.days_since_contact, r.flagged) for y, r in rows.items()} == {
        cw.y1: (40, True), cw.y2: (40, True), cw.y3: (10, False)}
    assert rows[cw.y3].next_followup_on == TODAY + timedelta(days=2) and rows[cw.y1].next_followup_on is None
    assert rows[cw.y2].last_contact_at is None
    assert {r.youth_id for r in services.counseling.caseload(world.counselor, world.a, flagged_only=True)} == {
        cw.y1, cw.y2}
    assert [r.youth_id for r in services.counseling.caseload(world.counselor, world.a, sort="days")][-1] == cw.y3
    services.counseling.set_settings(world.manager, world.a, {"edit_hours": 48, "stale_days": 45})
    assert not any(r.flagged for r in services.counseling.caseload(world.counselor, world.a))
    with pytest.raises(ValidationError):
        services.counseling.caseload(world.counselor, world.a, sort="shoe_size")


def test_todays_followups_due_and_overdue_with_their_days(services, world, cw, clock):
    for youth, days in ((cw.y1, 0), (cw.y2, 3), (cw.y3, 10)):
        clock.now = at(TODAY - timedelta(days=days + 1), "10:00")
        log(services, world.counselor, world, youth, followup_on=TODAY - timedelta(days=days))
    clock.now = at(TODAY - timedelta(days=1), "10:00")
    log(services, cw.counselor2, world, cw.y1, followup_on=TODAY)  # someone else's queue
    services.counseling.schedule_followup(world.counselor, world.a, cw.y2, TODAY + timedelta(days=1))
    clock.now = at(TODAY, "10:00")
    mine = services.counseling.followups(world.counselor, world.a)
    assert [(f.youth_id, f.days_overdue, f.overdue) for f in mine] == [
        (cw.y3, 10, True), (cw.y2, 3, True), (cw.y1, 0, False)]
    assert len(services.counseling.followups(world.manager, world.a, everyone=True)) == 4
    assert len(services.counseling.followups(world.counselor, world.a, until=TODAY + timedelta(days=1))) == 4
    services.counseling.cancel_followup(world.counselor, mine[0].id)
    assert len(services.counseling.followups(world.counselor, world.a)) == 2
    with pytest.raises(ValidationError) as past:
        services.counseling.schedule_followup(world.counselor, world.a, cw.y2, TODAY - timedelta(days=1))
    assert list(past.value.errors) == ["followup_on"]


def test_counselors_lists_who_may_hold_cases_at_the_facility(services, world, cw):
    from tests.factories.counseling import staff
    gone = staff(services, world, "gone")
    services.accounts.set_active(world.admin, gone.user_id, False)
    rows = services.counseling.counselors(world.manager, world.a)
    # counselors by display name, then the manager; no front desk, nobody deactivated or elsewhere
    assert [(r.name, r.username, r.manager) for r in rows] == [
        ("counselor2 직원", "counselor2", False), ("상담사", "counselor", False), ("시설 관리자", "manager", True)]
    assert [r.username for r in services.counseling.counselors(cw.b_counselor, world.b)] == ["bcounselor"]
    with pytest.raises(PermissionDenied):
        services.counseling.counselors(world.front_desk, world.a)
    with pytest.raises(PermissionDenied):
        services.counseling.counselors(world.admin, world.a)  # the city admin sees counts only
