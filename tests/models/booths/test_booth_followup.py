"""AI-interview booth bookings after the day's desk work: tomorrow's reminders (masked for
every role, the full number one booking at a time for contact roles, each view recorded), the audited reminded tick, results,
consultation requests and their queue, history, the day and month views, and a race lost
at the database; on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from models.booths.enums import ConsultStatus, SessionType
from models.booths.service import RACE_MESSAGE
from models.core.enums import Role
from models.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from models.core.permissions import ROLE_PERMISSIONS, Perm
from models.desk.enums import BookingStatus
from tests.factories.booths import (
    INSERT_BOOKING,
    book,
    other_facility_user,
    raw_booking,
    slot,
    slot_of,
)
from tests.factories.rooms import MON, TODAY, at
from tests.models.util import audit_rows, count

TUE, WED, THU, FRI = (MON + timedelta(days=d) for d in range(1, 5))
NEXT_MON = MON + timedelta(days=7)


# ---------------------------------------------------------------------- reminders
@pytest.fixture
def tomorrow(services, world, desk, clock):
    """Sunday noon: Monday has 10:00 (부스 1) and 11:00 (부스 2) booked, 12:00 cancelled."""
    first = book(services, world, desk, desk.y1, MON, "10:00")
    second = book(services, world, desk, desk.y2, MON, "11:00", desk.b2, session="ai_competency")
    gone = book(services, world, desk, desk.y3, MON, "12:00")
    services.booths.cancel(world.front_desk, gone, "youth")
    clock.now = at(MON - timedelta(days=1), "12:00")
    return first, second


def reads(db) -> list:
    return audit_rows(db, action="read")


def test_reminders_are_masked_for_every_role_and_the_list_records_no_read(services, world, desk, tomorrow):
    rows = services.booths.reminders(world.counselor, world.a)  # default: tomorrow
    assert [(r.booking_id, r.starts_at.strftime("%m/%d %H:%M"), r.room_name, r.youth_name, r.phone,
             r.session_type, r.reminded) for r in rows] == [
        (tomorrow[0], "11/30 10:00", "AI 면접 부스 1", "홍*동", "010-****-5000", SessionType.AI_INTERVIEW, False),
        (tomorrow[1], "11/30 11:00", "AI 면접 부스 2", "김*준", "010-****-5001", SessionType.AI_COMPETENCY, False)]
    assert [r.phone for r in services.booths.reminders(world.admin, world.a)] == ["010-****-5000",
                                                                                 "010-****-5001"]
    assert reads(services.db) == []  # a plain list: nothing handed out, nothing recorded
    assert services.booths.reminders(world.front_desk, world.a, TUE) == []
    with pytest.raises(PermissionDenied):
        services.booths.reminders(other_facility_user(services, world), world.a)


def test_reminder_contact_gives_one_full_number_and_records_each_view(services, world, desk, tomorrow):
    contact = services.booths.reminder_contact(world.front_desk, tomorrow[1])
    assert (contact.booking_id, contact.youth_name, contact.phone) == (tomorrow[1], "김민준", "010-3001-5001")
    [read] = reads(services.db)
    assert (read.username, read.entity, read.entity_id, read.facility_id) == (
        "frontdesk", "youth", str(desk.y2), world.a)
    assert read.detail == "AI 면접 알림 연락처 열람 (AI 면접 부스 2 11/30 11:00–11:50)"
    services.booths.reminder_contact(world.counselor, tomorrow[1])  # every view is its own read
    assert [r.username for r in reads(services.db)] == ["frontdesk", "counselor"]
    with pytest.raises(PermissionDenied):  # another facility's desk
        services.booths.reminder_contact(other_facility_user(services, world), tomorrow[0])
    with pytest.raises(NotFound):
        services.booths.reminder_contact(world.front_desk, 99999)
    assert len(reads(services.db)) == 2


def test_reminder_contact_is_refused_to_a_role_without_contact_permission(services, world, desk, tomorrow,
                                                                          monkeypatch):
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.FRONT_DESK,
                        ROLE_PERMISSIONS[Role.FRONT_DESK] - {Perm.YOUTH_CONTACT})
    rows = services.booths.reminders(world.front_desk, world.a, MON)
    assert [(r.youth_name, r.phone) for r in rows] == [("홍*동", "010-****-5000"), ("김*준", "010-****-5001")]
    with pytest.raises(PermissionDenied):
        services.booths.reminder_contact(world.front_desk, tomorrow[0])
    assert reads(services.db) == []


def test_the_reminded_tick_is_audited(services, world, desk, tomorrow):
    first = tomorrow[0]
    services.booths.set_reminded(world.front_desk, first, True)
    assert services.booths.get(world.front_desk, first).reminded
    assert [r.reminded for r in services.booths.reminders(world.front_desk, world.a)] == [True, False]
    assert slot_of(services, world, MON, "10:00", desk.b1).reminded
    ticked = audit_rows(services.db, entity="booth_booking", action="update")[-1]
    assert ticked.entity_id == str(first) and ticked.username == "frontdesk"
    assert ticked.new_values["reminded_at"].startswith("2026-11-29T03:00")  # Sunday noon in Seoul
    assert ticked.new_values["reminded_by"] == world.front_desk.user_id
    assert ticked.old_values["reminded_at"] is None
    services.booths.set_reminded(world.front_desk, first, False)
    assert not services.booths.get(world.front_desk, first).reminded
    unticked = audit_rows(services.db, entity="booth_booking", action="update")[-1]
    assert unticked.new_values == {"reminded_at": None, "reminded_by": None}
    with pytest.raises(PermissionDenied):
        services.booths.set_reminded(world.counselor, first, True)


# ------------------------------------------------------------- after the session
@pytest.fixture
def attended(services, world, desk, clock) -> int:
    bid = book(services, world, desk, desk.y1, MON, "10:00", session="ai_competency")
    clock.now = at(MON, "09:55")
    services.booths.check_in(world.front_desk, bid)
    clock.now = at(MON, "11:00")
    return bid


def test_results_only_after_check_in(services, world, desk, attended):
    waiting = book(services, world, desk, desk.y2, TUE)
    with pytest.raises(Conflict):
        services.booths.record_result(world.front_desk, waiting, {"grade": "A"})
    with pytest.raises(ValidationError) as err:
        services.booths.record_result(world.front_desk, attended, {"grade": "A" * 21})
    assert "grade" in err.value.errors
    services.booths.record_result(world.front_desk, attended, {
        "received": True, "grade": " B+ ", "strengths": "논리적인 답변 구성", "improve": "시선 처리"})
    row = services.booths.get(world.counselor, attended)
    assert (row.result_received, row.result_grade, row.result_strengths, row.result_improve) == (
        True, "B+", "논리적인 답변 구성", "시선 처리")
    audit = audit_rows(services.db, entity="booth_booking", action="update")[-1]
    assert audit.new_values["result_grade"] == "B+" and audit.new_values["result_received"] is True


def test_consultation_request_once_per_booking_and_the_queue(services, world, desk, attended):
    waiting = book(services, world, desk, desk.y2, TUE)
    with pytest.raises(Conflict):
        services.booths.request_consult(world.front_desk, waiting, "결과 분석")
    with pytest.raises(ValidationError) as err:
        services.booths.request_consult(world.front_desk, attended, "가" * 301)
    assert "note" in err.value.errors
    rid = services.booths.request_consult(world.front_desk, attended, "  역량검사 결과 분석 희망  ")
    with pytest.raises(Conflict):
        services.booths.request_consult(world.manager, attended, "")
    assert count(services.db, "consult_request") == 1
    assert services.booths.get(world.front_desk, attended).consult_requested
    [row] = services.booths.consult_queue(world.counselor, world.a)
    assert (row.id, row.youth_id, row.youth_masked, row.booking_id, row.session_type, row.room_name,
            row.requested_by, row.status, row.note) == (
        rid, desk.y1, "홍*동", attended, SessionType.AI_COMPETENCY, "AI 면접 부스 1", "안내데스크",
        ConsultStatus.OPEN, "역량검사 결과 분석 희망")
    assert row.session_at.strftime("%Y-%m-%d %H:%M") == "2026-11-30 10:00"
    assert row.requested_at.strftime("%Y-%m-%d %H:%M") == "2026-11-30 11:00"
    assert services.booths.consult_queue(world.admin, world.b) == []
    with pytest.raises(PermissionDenied):
        services.booths.consult_queue(other_facility_user(services, world), world.a)
    services.booths.close_consult(world.counselor, rid)
    assert services.booths.consult_queue(world.counselor, world.a) == []
    [done] = services.booths.consult_queue(world.counselor, world.a, status=None)
    assert done.status == ConsultStatus.DONE
    assert [a.action for a in audit_rows(services.db, entity="consult_request")] == ["insert", "update"]
    with pytest.raises(NotFound):
        services.booths.close_consult(world.counselor, 999_999)


def test_history_newest_first(services, world, desk, attended, clock):
    services.booths.record_result(world.front_desk, attended, {"grade": "A"})
    services.booths.request_consult(world.front_desk, attended)
    gone = book(services, world, desk, desk.y1, NEXT_MON)
    services.booths.cancel(world.front_desk, gone, "youth")
    later = book(services, world, desk, desk.y1, NEXT_MON + timedelta(days=1), "11:00", desk.b2)
    book(services, world, desk, desk.y2, NEXT_MON)  # someone else
    rows = services.booths.history(world.counselor, world.a, desk.y1)
    assert [(r.id, r.starts_at.strftime("%m/%d %H:%M"), r.status, r.consult_requested) for r in rows] == [
        (later, "12/08 11:00", BookingStatus.BOOKED, False),
        (gone, "12/07 10:00", BookingStatus.CANCELLED, False),
        (attended, "11/30 10:00", BookingStatus.CHECKED_IN, True)]
    assert rows[2].result_grade == "A" and rows[0].room_name == "AI 면접 부스 2"
    assert services.booths.history(world.admin, world.b, desk.y1) == []
    with pytest.raises(PermissionDenied):
        services.booths.history(other_facility_user(services, world), world.a, desk.y1)


def test_day_lists_the_slots_of_every_booth(services, world, desk):
    bid = book(services, world, desk, desk.y1, MON, "13:00", desk.b2)
    rows = services.booths.day(world.counselor, world.a, MON)
    assert len(rows) == 14
    assert [x.room_name for x in rows[:2]] == ["AI 면접 부스 1", "AI 면접 부스 2"]  # by time, then booth
    [taken] = [x for x in rows if x.booking_id]
    assert (taken.booking_id, taken.time_text, taken.room_id) == (bid, "13:00–13:50", desk.b2)
    assert services.booths.day(world.counselor, world.a, date(2026, 12, 5)) == []  # Saturday


def test_month_slots_are_recorded_as_an_output(services, world, desk):
    rows = services.booths.month_slots(world.front_desk, world.a, 2026, 11)
    assert len(rows) == 14 and {x.starts_at.date() for x in rows} == {MON}  # November ends on Monday
    [out] = audit_rows(services.db, action="output", entity="booth_slot")
    assert out.username == "frontdesk" and "2026-11" in out.detail and "14건" in out.detail


def test_a_race_lost_at_the_database_is_a_conflict(services, world, desk, monkeypatch):
    """Another desk books the slot between this desk's check and its insert: the unique
    index decides, and the loser gets the race message with nothing of its own written."""
    import models.booths.service as booths_module
    sid = slot(services, world, desk)
    real = booths_module.BoothService._check_rules

    def sneak(self, s, slot_, youth_id, now):
        real(self, s, slot_, youth_id, now)
        if services.db.is_postgresql:  # a committed booking from another connection
            raw_booking(services.db, world.a, sid, desk.y2)
        else:  # SQLite has one writer at a time: insert in the same transaction instead
            s.connection().execute(INSERT_BOOKING, {
                "slot": sid, "f": world.a, "y": desk.y2, "s": at(MON, "10:00"), "status": "booked",
                "w": False, "c": at(TODAY, "09:00"), "r": False})

    monkeypatch.setattr(booths_module.BoothService, "_check_rules", sneak)
    with pytest.raises(Conflict) as err:
        book(services, world, desk, desk.y1)
    assert err.value.message == RACE_MESSAGE
    with services.db.engine.connect() as conn:
        youths = conn.execute(text("SELECT youth_id FROM booth_booking")).scalars().all()
    assert youths == ([desk.y2] if services.db.is_postgresql else [])  # SQLite rolled back both
    assert audit_rows(services.db, entity="booth_booking") == []


def test_front_desk_cannot_close_a_consultation_request_but_a_counselor_can(services, world, clock):
    from models.core.errors import PermissionDenied
    booth = services.facilities.add_room(world.admin, world.a, {"name": "AI 면접 부스 9", "kind": "ai_booth",
                                                                "capacity": 1})
    extra = services.booth_slots.add_extra(world.manager, world.a, {
        "room_id": booth, "day": "2026-11-27", "start": "11:00", "end": "11:50"})
    youth = services.youth.create(world.counselor, world.a, {
        "name": "상담대기", "birth_date": "1999-01-01", "phone": "010-5555-0909", "district": "마포구",
        "channel": "online", "consent_on": "2026-11-01"})
    bid = services.booths.book(world.front_desk, extra, youth, "ai_competency")
    clock.advance(hours=1)  # 11:00
    services.booths.check_in(world.front_desk, bid)
    rid = services.booths.request_consult(world.front_desk, bid, "결과 상담")
    with pytest.raises(PermissionDenied):
        services.booths.close_consult(world.front_desk, rid)
    assert [r.id for r in services.booths.consult_queue(world.counselor, world.a)] == [rid]
    services.booths.close_consult(world.counselor, rid)
    assert services.booths.consult_queue(world.counselor, world.a) == []
