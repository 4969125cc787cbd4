"""Edits of a session: the author edits for 48 hours (a facility setting), then it is
locked and changes are addenda (text, reason, who, when) under the original, append-only
at the database too; nothing is deleted, a mistaken entry is voided with a reason and
stays visible; two savers of the same version: the second gets a Korean conflict and the
first save stands. On SQLite and PostgreSQL, under a fake clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import DBAPIError

from models.core.errors import Conflict, PermissionDenied, ValidationError
from models.counseling.access import CONFLICT
from models.counseling.enums import AddendumTarget, FollowupStatus
from tests.factories.counseling import (
    DELETE_ADDENDUM,
    NOTE,
    SUMMARY,
    UPDATE_ADDENDUM,
    log,
    raw_session,
    session_data,
)
from tests.factories.rooms import TODAY
from tests.models.util import count


def test_the_author_edits_until_the_lock_then_only_addenda(services, world, cw, clock):
    sid = log(services, world.counselor, world, cw.y1)
    clock.advance(hours=47, minutes=59)
    v2 = services.counseling.update_session(world.counselor, sid, session_data(cw.y1, summary="고친 요약"), 1)
    assert v2 == 2 and services.counseling.get_session(world.counselor, sid).summary == "고친 요약"
    clock.advance(minutes=1)  # 48 hours after it was written
    row = services.counseling.get_session(world.counselor, sid)
    assert row.locked and not row.editable and row.can_add
    with pytest.raises(Conflict) as locked:
        services.counseling.update_session(world.counselor, sid, session_data(cw.y1, summary="또 고침"), 2)
    assert "48시간" in locked.value.message and "추가 기록" in locked.value.message
    services.counseling.add_addendum(world.counselor, sid, "면접 일정이 12/3로 바뀜", "일정 변경", "summary")
    clock.advance(hours=1)
    services.counseling.add_addendum(world.manager, sid, "가족 상황 추가 확인", "관리자 확인", "note")
    row = services.counseling.get_session(world.counselor, sid)
    assert row.summary == "고친 요약" and row.version == 2  # the original is not overwritten
    assert [(a.body, a.reason, a.created_by_name) for a in row.addenda] == [
        ("면접 일정이 12/3로 바뀜", "일정 변경", "상담사")]
    note = services.counseling.note(world.counselor, sid)
    assert note.text == NOTE and [(a.target, a.body, a.created_by) for a in note.addenda] == [
        (AddendumTarget.NOTE, "가족 상황 추가 확인", world.manager.user_id)]


def test_the_lock_follows_the_facility_setting(services, world, cw, clock):
    services.counseling.set_settings(world.manager, world.a, {"edit_hours": 2, "stale_days": 30})
    sid = log(services, world.counselor, world, cw.y1)
    clock.advance(hours=2)
    with pytest.raises(Conflict) as locked:
        services.counseling.update_session(world.counselor, sid, session_data(cw.y1), 1)
    assert "2시간" in locked.value.message
    with pytest.raises(PermissionDenied):
        services.counseling.set_settings(world.counselor, world.a, {"edit_hours": 100})
    with pytest.raises(ValidationError) as bad:
        services.counseling.set_settings(world.manager, world.a, {"edit_hours": 0})
    assert list(bad.value.errors) == ["edit_hours"]


def test_only_the_author_edits(services, world, cw):
    sid = log(services, world.counselor, world, cw.y1)
    for actor in (world.manager, cw.counselor2):
        with pytest.raises(PermissionDenied):
            services.counseling.update_session(actor, sid, session_data(cw.y1, summary="남이 고침"), 1)
    assert services.counseling.get_session(world.manager, sid).summary == SUMMARY
    assert not services.counseling.get_session(world.manager, sid).editable


def test_a_second_saver_of_the_same_version_gets_a_conflict_and_nothing_is_lost(services, world, cw):
    sid = log(services, world.counselor, world, cw.y1)
    seen = services.counseling.get_session(world.counselor, sid).version  # both windows hold version 1
    services.counseling.update_session(world.counselor, sid, session_data(cw.y1, summary="첫 저장"), seen)
    with pytest.raises(Conflict) as second:
        services.counseling.update_session(world.counselor, sid, session_data(cw.y1, summary="둘째 저장"), seen)
    assert second.value.message == CONFLICT and "다시 저장" in CONFLICT
    row = services.counseling.get_session(world.counselor, sid)
    assert (row.summary, row.version) == ("첫 저장", 2)
    with pytest.raises(Conflict):  # voiding checks the version too
        services.counseling.void_session(world.counselor, sid, "잘못 입력", seen)


def test_a_voided_session_stays_visible_counts_nowhere_and_refuses_changes(services, world, cw, clock):
    first = log(services, world.counselor, world, cw.y1, followup_on=TODAY + timedelta(days=7))
    with pytest.raises(ValidationError) as no_reason:
        services.counseling.void_session(world.counselor, first, "", 1)
    assert list(no_reason.value.errors) == ["reason"]
    with pytest.raises(PermissionDenied):  # neither its author nor the manager
        services.counseling.void_session(cw.counselor2, first, "다른 사람 기록", 1)
    services.counseling.void_session(world.counselor, first, "다른 청년의 기록으로 잘못 입력", 1)
    row = services.counseling.get_session(world.manager, first)
    assert row.voided and row.void_reason == "다른 청년의 기록으로 잘못 입력" and not row.can_add
    assert [r.id for r in services.counseling.youth_sessions(world.counselor, world.a, cw.y1)] == [first]
    [f] = services.counseling.youth_followups(world.counselor, world.a, cw.y1)
    assert f.status is FollowupStatus.CANCELLED
    assert services.counseling.monthly_counts(world.manager, world.a, 2026, 11).sessions == 0
    case = services.counseling.case_of(world.counselor, world.a, cw.y1)
    assert case.last_contact_at is None
    for change in (lambda: services.counseling.update_session(world.counselor, first, session_data(cw.y1), 2),
                   lambda: services.counseling.add_addendum(world.counselor, first, "추가", "사유"),
                   lambda: services.counseling.void_session(world.counselor, first, "다시", 2)):
        with pytest.raises(Conflict):
            change()
    assert count(services.db, "counseling_session") == 1  # nothing is deleted


def test_voiding_the_session_that_did_a_followup_opens_it_again(services, world, cw, clock):
    log(services, world.counselor, world, cw.y1, followup_on=TODAY)
    [f] = services.counseling.followups(world.counselor, world.a)
    did = log(services, world.counselor, world, cw.y1, completes_followup_id=f.id)
    assert services.counseling.followups(world.counselor, world.a) == []
    services.counseling.void_session(world.manager, did, "중복 입력", 1)
    assert [x.id for x in services.counseling.followups(world.counselor, world.a)] == [f.id]


def test_addenda_are_append_only_in_the_database(services, world, cw):
    sid = log(services, world.counselor, world, cw.y1)
    services.counseling.add_addendum(world.counselor, sid, "추가 내용", "빠뜨림")
    for statement in (UPDATE_ADDENDUM, DELETE_ADDENDUM):
        with pytest.raises(DBAPIError), services.db.engine.begin() as conn:
            conn.execute(statement)
    assert count(services.db, "counseling_addendum") == 1


def test_case_events_are_append_only_in_the_database(services, world, cw):
    from sqlalchemy import text
    log(services, world.counselor, world, cw.y1)
    for statement in ("UPDATE counseling_case_event SET reason = 'x'", "DELETE FROM counseling_case_event"):
        with pytest.raises(DBAPIError), services.db.engine.begin() as conn:
            conn.execute(text(statement))


@pytest.mark.parametrize("minutes", [0, 481])
def test_the_database_refuses_a_duration_outside_1_to_480(services, world, cw, minutes):
    with pytest.raises(DBAPIError):
        raw_session(services.db, world.a, cw.y1, world.counselor.user_id, minutes)
    raw_session(services.db, world.a, cw.y1, world.counselor.user_id, 480)


def test_the_database_refuses_a_half_voided_session(services, world, cw):
    from sqlalchemy import text
    sid = log(services, world.counselor, world, cw.y1)
    with pytest.raises(DBAPIError), services.db.engine.begin() as conn:
        conn.execute(text("UPDATE counseling_session SET void_reason = '사유' WHERE id = :i"), {"i": sid})
    with pytest.raises(DBAPIError), services.db.engine.begin() as conn:
        conn.execute(text("UPDATE counseling_session SET facility_id = 999999 WHERE id = :i"), {"i": sid})


def test_the_check_names_a_missing_or_disabled_guard_of_the_addenda(db):
    from sqlalchemy import text

    from models.core.integrity import check
    assert not [p for p in check(db).problems if "append-only" in p]
    if db.is_sqlite:
        with db.engine.begin() as conn:
            conn.execute(text("DROP TRIGGER counseling_addendum_no_delete"))
        assert any("counseling_addendum_no_delete" in p for p in check(db).problems)
        return
    with db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE counseling_case_event DISABLE TRIGGER counseling_case_event_append_only"))
    try:
        assert any("꺼져" in p and "counseling_case_event_append_only" in p for p in check(db).problems)
    finally:
        with db.engine.begin() as conn:
            conn.execute(text("ALTER TABLE counseling_case_event ENABLE TRIGGER counseling_case_event_append_only"))
