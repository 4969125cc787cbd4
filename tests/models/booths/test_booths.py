"""AI-interview booth bookings at the desk: the one-active-booking guard in the database,
the weekly limit and the manager's override, the no-show sanction counted per programme,
check-in, no-shows, cancel codes, walk-ins, reminders, results, consultation requests and
history, on SQLite and PostgreSQL.

FakeClock: Friday 2026-11-27 10:00 in Seoul. Slots: Mon–Fri 10:00–17:00, 50 + 10 minutes.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from models.booths.enums import SessionType
from models.core.errors import Conflict, NotFound, PermissionDenied, RuleViolation, ValidationError
from models.desk.enums import BookingStatus, CancelCode
from tests.factories.booths import (
    HANGUL,
    add_booth,
    book,
    other_facility_user,
    publish,
    raw_booking,
    raw_slot,
    slot,
    slot_of,
)
from tests.factories.rooms import MON, add_room, at
from tests.factories.rooms import book as book_room
from tests.models.util import audit_rows, count

TUE, WED, THU, FRI = (MON + timedelta(days=d) for d in range(1, 5))
NEXT_MON = MON + timedelta(days=7)


# ------------------------------------------------------------- the database guard
def test_database_allows_one_active_booking_per_slot(services, world, desk, db):
    """Plain SQL, past the service: the partial unique index holds on both backends."""
    sid = slot(services, world, desk)
    first = book(services, world, desk, desk.y1)
    for status in ("booked", "checked_in"):
        with pytest.raises(IntegrityError):
            raw_booking(db, world.a, sid, desk.y2, status)
    raw_booking(db, world.a, sid, desk.y2, "cancelled")  # history beside the active booking
    raw_booking(db, world.a, sid, desk.y3, "no_show")
    services.booths.cancel(world.front_desk, first, "youth")
    raw_booking(db, world.a, sid, desk.y2, "booked")  # a cancelled booking frees the slot
    with pytest.raises(IntegrityError):
        raw_booking(db, world.a, sid, desk.y3, "booked")
    raw_booking(db, world.a, slot(services, world, desk, booth=desk.b2), desk.y3)  # another booth
    assert count(db, "booth_booking") == 5
    with db.engine.connect() as conn:
        assert conn.execute(text(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM booth_booking "
            "WHERE status IN ('booked', 'checked_in') GROUP BY slot_id) AS x")).scalar() == 1


# --------------------------------------------------------------------------- booking
def test_book_shows_on_the_grid_and_is_audited(services, world, desk):
    bid = book(services, world, desk, desk.y1, session="ai_competency")
    row = services.booths.get(world.counselor, bid)
    assert (row.room_name, row.time_text, row.youth_masked, row.session_type, row.status, row.walk_in,
            row.override_reason, row.reminded) == (
        "AI 면접 부스 1", "10:00–10:50", "홍*동", SessionType.AI_COMPETENCY, BookingStatus.BOOKED, False, None, False)
    assert row.starts_at.date() == MON and row.starts_at.utcoffset() == timedelta(hours=9)
    grid = slot_of(services, world, MON, "10:00", desk.b1)
    assert (grid.display, grid.booking_id, grid.youth_masked) == ("booked", bid, "홍*동")
    [audit] = audit_rows(services.db, entity="booth_booking", action="insert")
    assert audit.username == "frontdesk" and audit.entity_id == str(bid) and audit.facility_id == world.a
    assert audit.new_values["status"] == "booked" and audit.new_values["session_type"] == "ai_competency"


def test_a_taken_slot_is_a_conflict_naming_the_masked_youth(services, world, desk):
    book(services, world, desk, desk.y1)
    with pytest.raises(Conflict) as err:
        book(services, world, desk, desk.y2)
    assert "홍*동" in err.value.message and "홍길동" not in err.value.message
    assert count(services.db, "booth_booking") == 1


@pytest.mark.parametrize("case,error,field", [
    ("session", ValidationError, "session_type"),
    ("youth", ValidationError, "youth_id"),
    ("slot", NotFound, None),
    ("counselor", PermissionDenied, None),
    ("other", PermissionDenied, None),
])
def test_bad_booking_requests(services, world, desk, case, error, field):
    sid, youth, session, actor = slot(services, world, desk), desk.y1, "ai_interview", world.front_desk
    if case == "session":
        session = "karaoke"
    elif case == "youth":
        youth = 9999
    elif case == "slot":
        sid = 999_999
    elif case == "counselor":
        actor = world.counselor
    else:
        actor = other_facility_user(services, world)
    with pytest.raises(error) as err:
        services.booths.book(actor, sid, youth, session)
    if field:
        assert field in err.value.errors
    assert HANGUL.search(err.value.message)
    assert count(services.db, "booth_booking") == 0


def test_blocked_slot_is_a_conflict(services, world, desk):
    services.booth_slots.block(world.front_desk, slot(services, world, desk), "장비 점검")
    with pytest.raises(Conflict) as err:
        book(services, world, desk, desk.y1)
    assert "장비 점검" in err.value.message
    with pytest.raises(Conflict):  # not even with a manager's override
        book(services, world, desk, desk.y1, actor=world.manager, override_reason="급한 면접 준비")
    assert count(services.db, "booth_booking") == 0


def test_past_slots_take_walk_ins_only(services, world, desk, clock):
    clock.now = at(MON, "10:20")
    with pytest.raises(RuleViolation) as err:
        book(services, world, desk, desk.y1)
    assert err.value.rule == "past"
    with pytest.raises(RuleViolation):  # a manager's override does not reopen the past
        book(services, world, desk, desk.y1, actor=world.manager, override_reason="늦게 온 청년")
    bid = services.booths.walk_in(world.front_desk, slot(services, world, desk), desk.y1, "ai_interview")
    assert services.booths.get(world.front_desk, bid).walk_in
    clock.now = at(MON, "10:50")  # the slot is over
    with pytest.raises(RuleViolation) as err:
        services.booths.walk_in(world.front_desk, slot(services, world, desk, booth=desk.b2), desk.y2, "ai_interview")
    assert err.value.rule == "past"
    assert count(services.db, "booth_booking") == 1


# ------------------------------------------------------------------ the weekly limit
def test_one_booking_per_week_by_default(services, world, desk):
    assert services.booths.weekly_limit(world.front_desk, world.a) == 1
    book(services, world, desk, desk.y1, MON)
    for day, hhmm, booth in ((MON, "11:00", desk.b1), (FRI, "16:00", desk.b2)):
        with pytest.raises(RuleViolation) as err:
            book(services, world, desk, desk.y1, day, hhmm, booth)
        assert err.value.rule == "weekly" and "1회" in err.value.message
    book(services, world, desk, desk.y1, NEXT_MON)  # the next week
    book(services, world, desk, desk.y2, MON, "11:00")  # another youth
    assert count(services.db, "booth_booking") == 3


def test_the_week_runs_monday_to_sunday_in_seoul(services, world, desk, db):
    """Monday 08:00 in Seoul is still Sunday in UTC; it belongs to the new week."""
    raw_slot(db, world.a, desk.b1, NEXT_MON, "08:00", "08:50")
    raw_slot(db, world.a, desk.b1, NEXT_MON - timedelta(days=1), "20:00", "20:50")  # Sunday
    book(services, world, desk, desk.y1, FRI)
    book(services, world, desk, desk.y1, NEXT_MON, "08:00")
    with pytest.raises(RuleViolation):
        book(services, world, desk, desk.y1, NEXT_MON - timedelta(days=1), "20:00")
    book(services, world, desk, desk.y2, NEXT_MON - timedelta(days=1), "20:00")
    with pytest.raises(RuleViolation):
        book(services, world, desk, desk.y2, MON)


def test_cancelled_bookings_do_not_count(services, world, desk):
    first = book(services, world, desk, desk.y1, MON)
    services.booths.cancel(world.front_desk, first, "youth")
    second = book(services, world, desk, desk.y1, TUE)
    services.booths.cancel(world.front_desk, second, "staff", "부스 고장")
    third = book(services, world, desk, desk.y1, WED)  # the weekly limit is 1: still free
    row = services.booths.get(world.front_desk, third)
    assert (row.status, row.slot_id, row.youth_id, row.youth_masked, row.room_name, row.time_text) == (
        BookingStatus.BOOKED, slot(services, world, desk, WED), desk.y1, "홍*동", "AI 면접 부스 1",
        "10:00–10:50")
    assert row.starts_at.date() == WED and row.override_reason is None
    cancelled = [services.booths.get(world.front_desk, b) for b in (first, second)]
    assert [(r.status, r.cancel_code) for r in cancelled] == [
        (BookingStatus.CANCELLED, CancelCode.YOUTH), (BookingStatus.CANCELLED, CancelCode.STAFF)]
    shown = slot_of(services, world, WED, "10:00", desk.b1)  # the week grid's cell
    assert (shown.display, shown.booking_id, shown.youth_masked) == ("booked", third, "홍*동")


def test_the_limit_is_configurable(services, world, desk):
    services.booths.set_weekly_limit(world.manager, world.a, "2")
    assert services.booths.weekly_limit(world.counselor, world.a) == 2
    book(services, world, desk, desk.y1, MON)
    book(services, world, desk, desk.y1, WED)
    with pytest.raises(RuleViolation) as err:
        book(services, world, desk, desk.y1, FRI)
    assert "2회" in err.value.message
    assert services.booths.weekly_limit(world.admin, world.b) == 1  # per facility
    for bad in (0, 15, "두 번", None):
        with pytest.raises(ValidationError) as err:
            services.booths.set_weekly_limit(world.manager, world.a, bad)
        assert "weekly_limit" in err.value.errors
    with pytest.raises(PermissionDenied):
        services.booths.set_weekly_limit(world.front_desk, world.a, 3)
    assert services.booths.weekly_limit(world.front_desk, world.a) == 2
    [audit] = audit_rows(services.db, entity="booth_rules")
    assert (audit.action, audit.username, audit.new_values["weekly_limit"]) == ("insert", "manager", 2)


def test_a_manager_overrides_the_limit_with_a_reason(services, world, desk):
    book(services, world, desk, desk.y1, MON)
    with pytest.raises(PermissionDenied):
        book(services, world, desk, desk.y1, TUE, actor=world.front_desk, override_reason="기업 화상면접 일정")
    with pytest.raises(ValidationError) as err:
        book(services, world, desk, desk.y1, TUE, actor=world.manager, override_reason=" 급함 ")
    assert "override_reason" in err.value.errors
    assert count(services.db, "booth_booking") == 1
    bid = book(services, world, desk, desk.y1, TUE, session="video_interview", actor=world.manager,
               override_reason="  기업 화상면접 일정  ")
    row = services.booths.get(world.front_desk, bid)
    assert row.override_reason == "기업 화상면접 일정" and row.status == BookingStatus.BOOKED
    audit = audit_rows(services.db, entity="booth_booking", action="insert")[-1]
    assert audit.username == "manager" and audit.entity_id == str(bid)
    assert audit.new_values["override_reason"] == "기업 화상면접 일정"
    assert audit.new_values["override_by"] == world.manager.user_id


# ---------------------------------------------------------------------- sanctions
def no_shows(services, world, desk, clock, youth, days, hhmm="10:00"):
    ids = [book(services, world, desk, youth, day, hhmm) for day in days]
    for bid, day in zip(ids, days, strict=True):
        clock.now = at(day, hhmm) + timedelta(minutes=16)
        services.booths.mark_no_show(world.front_desk, bid)
    return ids


def test_three_booth_no_shows_block_booth_bookings_for_14_days(services, world, desk, clock):
    services.booths.set_weekly_limit(world.manager, world.a, 5)
    publish(services, world, desk.b1, MON, date(2026, 12, 18))
    no_shows(services, world, desk, clock, desk.y1, [MON, TUE])
    clock.now = at(TUE, "10:30")
    two = book(services, world, desk, desk.y1, THU, "11:00")  # two no-shows: still fine
    services.booths.cancel(world.front_desk, two, "youth")
    no_shows(services, world, desk, clock, desk.y1, [WED])
    with pytest.raises(RuleViolation) as err:
        book(services, world, desk, desk.y1, THU)
    assert err.value.rule == "sanction" and "2026-12-16" in err.value.message
    assert "AI 면접 부스" in err.value.message
    # rooms are another programme: the booth no-shows do not count there
    room = add_room(services, world)
    book_room(services, world.front_desk, world.a, room, desk.y1, day=THU)
    # a manager may override, with a reason
    bid = book(services, world, desk, desk.y1, THU, actor=world.manager, override_reason="상담사 요청으로 예외")
    assert services.booths.get(world.manager, bid).override_reason == "상담사 요청으로 예외"
    clock.now = at(date(2026, 12, 16), "09:59")
    with pytest.raises(RuleViolation):
        book(services, world, desk, desk.y1, date(2026, 12, 17))
    clock.now = at(date(2026, 12, 16), "10:01")  # 14 days after the third no-show
    book(services, world, desk, desk.y1, date(2026, 12, 17))


def test_room_no_shows_do_not_block_booths(services, world, desk, clock):
    room = add_room(services, world)
    ids = [book_room(services, world.front_desk, world.a, room, desk.y2, day=day, start="14:00", end="15:00")
           for day in (MON, TUE, WED)]
    for bid, day in zip(ids, (MON, TUE, WED), strict=True):
        clock.now = at(day, "14:20")
        services.rooms.mark_no_show(world.front_desk, bid)
    with pytest.raises(RuleViolation) as err:  # rooms are blocked ...
        book_room(services, world.front_desk, world.a, room, desk.y2, day=THU)
    assert err.value.rule == "sanction"
    bid = book(services, world, desk, desk.y2, THU)  # ... booths are not
    row = services.booths.get(world.front_desk, bid)
    assert (row.status, row.slot_id, row.youth_id, row.override_reason) == (
        BookingStatus.BOOKED, slot(services, world, desk, THU), desk.y2, None)


def test_no_shows_at_another_facility_do_not_count(services, world, desk, clock):
    services.booths.set_weekly_limit(world.manager, world.a, 5)
    no_shows(services, world, desk, clock, desk.y3, [MON, TUE, WED])
    other = add_booth(services, world, "B 부스", facility=world.b)
    publish(services, world, other, THU, FRI, facility=world.b)
    [free] = [x for x in services.booths.day(world.admin, world.b, THU) if x.time_text.startswith("11:00")]
    bid = services.booths.book(world.admin, free.id, desk.y3, "ai_interview")
    row = services.booths.get(world.admin, bid)  # booked at CAFE-B without an override
    assert (row.status, row.facility_id, row.slot_id, row.youth_id, row.youth_masked, row.room_name,
            row.time_text, row.session_type, row.override_reason) == (
        BookingStatus.BOOKED, world.b, free.id, desk.y3, "이*연", "B 부스", "11:00–11:50",
        SessionType.AI_INTERVIEW, None)
    [shown] = [x for x in services.booths.day(world.admin, world.b, THU) if x.id == free.id]
    assert (shown.display, shown.booking_id, shown.youth_id) == ("booked", bid, desk.y3)
    with pytest.raises(RuleViolation) as err:  # while CAFE-A's sanction holds for the same youth
        book(services, world, desk, desk.y3, THU)
    assert err.value.rule == "sanction"


# ---------------------------------------------------------------------- on the day
def test_check_in_window(services, world, desk, clock):
    bid = book(services, world, desk, desk.y1)
    clock.now = at(MON, "09:29")
    with pytest.raises(RuleViolation):
        services.booths.check_in(world.front_desk, bid)
    with pytest.raises(PermissionDenied):
        services.booths.check_in(world.counselor, bid)
    clock.now = at(MON, "09:30")
    services.booths.check_in(world.front_desk, bid)
    assert services.booths.get(world.front_desk, bid).status == BookingStatus.CHECKED_IN
    assert slot_of(services, world, MON, "10:00", desk.b1).display == "attended"
    with pytest.raises(Conflict):
        services.booths.check_in(world.front_desk, bid)
    with pytest.raises(Conflict):
        services.booths.cancel(world.front_desk, bid, "youth")
    late = book(services, world, desk, desk.y2, MON, "10:00", desk.b2)
    clock.now = at(MON, "10:50")  # the slot is over
    with pytest.raises(RuleViolation):
        services.booths.check_in(world.front_desk, late)
    [audit] = audit_rows(services.db, entity="booth_booking", action="update")
    assert audit.new_values["status"] == "checked_in" and audit.username == "frontdesk"


def test_no_show_after_the_grace_period(services, world, desk, clock):
    bid = book(services, world, desk, desk.y1)
    clock.now = at(MON, "10:14")
    assert not slot_of(services, world, MON, "10:00", desk.b1).no_show_candidate
    with pytest.raises(RuleViolation) as err:
        services.booths.mark_no_show(world.front_desk, bid)
    assert err.value.rule == "grace" and "15분" in err.value.message
    clock.now = at(MON, "10:15")
    assert slot_of(services, world, MON, "10:00", desk.b1).no_show_candidate
    assert services.booths.get(world.front_desk, bid).no_show_candidate
    services.booths.mark_no_show(world.front_desk, bid)
    row = services.booths.get(world.front_desk, bid)
    assert (row.status, row.cancel_code, row.no_show_candidate) == (BookingStatus.NO_SHOW, CancelCode.NO_SHOW, False)
    assert slot_of(services, world, MON, "10:00", desk.b1).display == "no_show"
    with pytest.raises(Conflict):
        services.booths.mark_no_show(world.front_desk, bid)
    services.booking_rules.update(world.manager, world.a, {"grace_minutes": 30})
    other = book(services, world, desk, desk.y2, MON, "11:00")
    clock.now = at(MON, "11:20")
    with pytest.raises(RuleViolation):
        services.booths.mark_no_show(world.front_desk, other)


def test_cancel_codes(services, world, desk, clock):
    early = book(services, world, desk, desk.y1, MON, "10:00")
    late = book(services, world, desk, desk.y2, MON, "11:00")
    staff = book(services, world, desk, desk.y3, MON, "12:00")
    assert services.booths.cancel(world.front_desk, early, "youth", "일정 변경") == CancelCode.YOUTH
    clock.now = at(MON, "10:05")  # 55 minutes before 11:00, inside the 60-minute late window
    assert services.booths.cancel(world.front_desk, late, "youth") == CancelCode.LATE
    for by, reason, field in (("staff", "  ", "reason"), ("nobody", "x", "by"), ("staff", "가" * 201, "reason")):
        with pytest.raises(ValidationError) as err:
            services.booths.cancel(world.front_desk, staff, by, reason)
        assert field in err.value.errors
    assert services.booths.cancel(world.manager, staff, "staff", "부스 장비 고장") == CancelCode.STAFF
    rows = {b: services.booths.get(world.front_desk, b) for b in (early, late, staff)}
    assert [(r.status, r.cancel_code) for r in rows.values()] == [
        (BookingStatus.CANCELLED, CancelCode.YOUTH), (BookingStatus.CANCELLED, CancelCode.LATE),
        (BookingStatus.CANCELLED, CancelCode.STAFF)]
    assert {slot_of(services, world, MON, t, desk.b1).display for t in ("10:00", "11:00", "12:00")} == {"free"}
    with pytest.raises(Conflict):
        services.booths.cancel(world.front_desk, early, "youth")
    audit = audit_rows(services.db, entity="booth_booking", action="update")[-1]
    assert audit.new_values["cancel_code"] == "staff" and audit.new_values["cancel_reason"] == "부스 장비 고장"
    with pytest.raises(NotFound):
        services.booths.cancel(world.front_desk, 999_999, "youth")


def test_a_walk_in_fills_a_freed_slot(services, world, desk, clock):
    cancelled = book(services, world, desk, desk.y1, MON, "10:00")
    absent = book(services, world, desk, desk.y2, MON, "11:00")
    clock.now = at(MON, "10:05")
    services.booths.cancel(world.front_desk, cancelled, "youth")
    with pytest.raises(RuleViolation):  # an ordinary booking cannot take a started slot
        book(services, world, desk, desk.y3, MON, "10:00")
    walk = services.booths.walk_in(world.front_desk, slot(services, world, desk), desk.y3, "ai_interview")
    row = services.booths.get(world.front_desk, walk)
    assert (row.walk_in, row.status, row.youth_masked) == (True, BookingStatus.BOOKED, "이*연")
    assert slot_of(services, world, MON, "10:00", desk.b1).booking_id == walk
    with pytest.raises(Conflict):  # the slot is taken again
        services.booths.walk_in(world.front_desk, slot(services, world, desk), desk.y1, "ai_interview")
    clock.now = at(MON, "11:16")
    services.booths.mark_no_show(world.front_desk, absent)
    services.booths.walk_in(world.front_desk, slot(services, world, desk, MON, "11:00"), desk.y1, "ai_competency")
    grid = slot_of(services, world, MON, "11:00", desk.b1)
    assert (grid.display, grid.youth_masked) == ("booked", "홍*동")
