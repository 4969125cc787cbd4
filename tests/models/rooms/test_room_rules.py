"""Booking rules and their manager overrides, on SQLite and PostgreSQL.

Every rule: the front desk gets a Korean RuleViolation naming it and nothing is written; a
manager may book anyway with a written reason (stored on the booking and in the audit log);
the front desk may not override; a reason under 5 characters is a field error.
FakeClock: Friday 2026-11-27 10:00 in Seoul; CAFE-A is open Mon–Fri 09:00–18:00.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from models.core.errors import Conflict, PermissionDenied, RuleViolation, ValidationError
from models.desk.enums import BookingStatus
from tests.factories.rooms import (
    MON,
    SEOUL,
    TODAY,
    add_room,
    at,
    book,
    make_desk,
    req,
)
from tests.models.util import audit_rows, count

HANGUL = re.compile("[가-힣]")
TUE, WED, THU = MON + timedelta(days=1), MON + timedelta(days=2), MON + timedelta(days=3)
REASON = "면접 스터디 발표 준비로 관리자 승인"


@pytest.fixture
def desk(services, world):
    return make_desk(services, world)


def snapshot(db) -> tuple[int, int, int]:
    return count(db, "booking"), count(db, "audit_log"), count(db, "booking_series")


def no_shows(services, world, room, youth, clock, days, start="10:00", end="11:00") -> list[int]:
    """Book ``days`` (10:00–11:00 each, booked now) and mark each a no-show in turn."""
    ids = [book(services, world.front_desk, world.a, room, youth, day=d, start=start, end=end)
           for d in days]
    for bid, d in zip(ids, days, strict=True):
        clock.now = at(d, "10:20")
        services.rooms.mark_no_show(world.front_desk, bid)
    return ids


# Each case prepares the world and returns the request that breaks one rule.
def _hours_early(services, world, desk, clock):
    return req(desk.room, desk.y1, start="08:30", end="10:00")


def _hours_late(services, world, desk, clock):
    return req(desk.room, desk.y1, start="17:00", end="18:30")


def _holiday(services, world, desk, clock):
    return req(desk.room, desk.y1, day=date(2026, 12, 25))


def _closure(services, world, desk, clock):
    services.booking_rules.add_closure(world.manager, world.a, TUE, "시설 점검")
    return req(desk.room, desk.y1, day=TUE)


def _saturday(services, world, desk, clock):
    return req(desk.room, desk.y1, day=date(2026, 11, 28))


def _step(services, world, desk, clock):
    return req(desk.room, desk.y1, start="14:15", end="15:15")


def _capacity(services, world, desk, clock):
    return req(desk.room, desk.y1, headcount=5)


def _daily(services, world, desk, clock):
    book(services, world.front_desk, world.a, desk.room2, desk.y1, start="10:00", end="12:00")
    return req(desk.room, desk.y1, start="14:00", end="15:30")


def _ahead(services, world, desk, clock):
    return req(desk.room, desk.y1, day=TODAY + timedelta(days=17))  # Monday 2026-12-14


def _past(services, world, desk, clock):
    return req(desk.room, desk.y1, day=TODAY, start="09:00", end="10:00")


def _proxy(services, world, desk, clock):
    return req(desk.room, desk.y1, identity_confirmed=False)


def _double(services, world, desk, clock):
    book(services, world.front_desk, world.a, desk.room2, desk.y1, start="15:00", end="16:00")
    return req(desk.room, desk.y1, start="14:00", end="15:30")


def _sanction(services, world, desk, clock):
    no_shows(services, world, desk.room2, desk.y1, clock, [TODAY, MON, TUE])
    return req(desk.room, desk.y1, day=THU)


CASES = {
    "hours-early": (_hours_early, "hours", "운영시간(09:00–18:00)"),
    "hours-late": (_hours_late, "hours", "운영시간(09:00–18:00)"),
    "holiday": (_holiday, "closed", "공휴일(기독탄신일)"),
    "closure": (_closure, "closed", "12월 1일은 휴관일(시설 점검)"),  # TUE, no leading zero
    "not-open-saturday": (_saturday, "closed", "정기 휴무일"),
    "step": (_step, "step", "30분 단위"),
    "capacity": (_capacity, "capacity", "스터디룸 A의 정원은 4명"),
    "daily": (_daily, "daily", "하루 최대 3시간"),
    "ahead": (_ahead, "ahead", "14일 후까지만"),
    "past": (_past, "past", "이미 지난 시간"),
    "proxy": (_proxy, "proxy", "대리 예약"),
    "double": (_double, "double", "같은 시간에 이미 다른 예약"),
    "sanction": (_sanction, "sanction", "노쇼 3회"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_rule_refuses_and_a_manager_may_override(services, world, desk, clock, case):
    setup, rule, fragment = CASES[case]
    data = setup(services, world, desk, clock)
    before = snapshot(services.db)

    for actor in (world.front_desk, world.manager):
        with pytest.raises(RuleViolation) as info:
            services.rooms.book(actor, world.a, data)
        assert info.value.rule == rule
        assert fragment in info.value.message and HANGUL.search(info.value.message)
    with pytest.raises(PermissionDenied):
        services.rooms.book(world.front_desk, world.a, data, override_reason=REASON)
    with pytest.raises(ValidationError) as info:
        services.rooms.book(world.manager, world.a, data, override_reason=" 급함 ")
    assert "5자" in info.value.errors["override_reason"]
    assert snapshot(services.db) == before  # a refused booking writes nothing, not even audit

    bid = services.rooms.book(world.manager, world.a, data, override_reason=f"  {REASON} ")
    row = services.rooms.get(world.front_desk, bid)
    assert (row.status, row.override_reason) == (BookingStatus.BOOKED, REASON)
    [audit] = [a for a in audit_rows(services.db, entity="booking", action="insert")
               if a.entity_id == str(bid)]
    assert audit.username == "manager"
    assert audit.new_values["override_reason"] == REASON
    assert audit.new_values["override_by"] == world.manager.user_id


def test_override_never_allows_a_double_booked_room(services, world, desk):
    book(services, world.front_desk, world.a, desk.room, desk.y2)
    with pytest.raises(Conflict):
        services.rooms.book(world.manager, world.a, req(desk.room, desk.y1, start="08:00"),
                               override_reason=REASON)


def test_admin_may_override_and_counselor_may_not_book_at_all(services, world, desk):
    data = req(desk.room, desk.y1, headcount=9)
    with pytest.raises(PermissionDenied):
        services.rooms.book(world.counselor, world.a, data, override_reason=REASON)
    bid = services.rooms.book(world.admin, world.a, data, override_reason=REASON)
    assert services.rooms.get(world.admin, bid).headcount == 9


# ------------------------------------------------------------------ hours, days, steps
def test_booking_exactly_at_opening_and_closing_is_fine(services, world, desk):
    book(services, world.front_desk, world.a, desk.room, desk.y1, start="09:00", end="10:00")
    book(services, world.front_desk, world.a, desk.room, desk.y2, start="16:00", end="18:00")
    assert count(services.db, "booking") == 2


def test_closure_days_are_managed_by_the_manager(services, world, desk):
    with pytest.raises(PermissionDenied):
        services.booking_rules.add_closure(world.front_desk, world.a, TUE, "시설 점검")
    book(services, world.front_desk, world.a, desk.room, desk.y1, day=WED)
    with pytest.raises(ValidationError) as info:
        services.booking_rules.add_closure(world.manager, world.a, WED, "소독")
    assert "예약이 1건" in info.value.errors["day"]
    cid = services.booking_rules.add_closure(world.manager, world.a, TUE, "시설 점검")
    with pytest.raises(ValidationError):
        services.booking_rules.add_closure(world.manager, world.a, TUE, "중복")
    assert services.booking_rules.closures(world.front_desk, world.a, 2026) == [(cid, TUE, "시설 점검")]
    view = services.rooms.day_view(world.front_desk, world.a, TUE)
    assert view.closed_reason == "휴관일(시설 점검)"
    # the closure is CAFE-A's own: CAFE-B stays open that day
    room_b = add_room(services, world, "B 스터디룸", facility=world.b)
    services.rooms.book(world.admin, world.b, req(room_b, desk.y2, day=TUE))
    services.booking_rules.remove_closure(world.manager, cid)
    book(services, world.front_desk, world.a, desk.room, desk.y1, day=TUE)
    assert services.rooms.day_view(world.front_desk, world.a, TUE).closed_reason is None


def test_facility_can_change_the_step_to_60_minutes(services, world, desk):
    with pytest.raises(PermissionDenied):
        services.booking_rules.update(world.front_desk, world.a, {"step_minutes": 60})
    services.booking_rules.update(world.manager, world.a, {"step_minutes": 60})
    assert services.booking_rules.get(world.front_desk, world.a).step_minutes == 60
    assert services.rooms.day_view(world.front_desk, world.a, MON).step_minutes == 60
    with pytest.raises(RuleViolation) as info:
        book(services, world.front_desk, world.a, desk.room, desk.y1, start="14:30", end="15:30")
    assert info.value.rule == "step" and "60분 단위" in info.value.message
    book(services, world.front_desk, world.a, desk.room, desk.y1, start="14:00", end="15:00")
    # CAFE-B keeps the default 30-minute step
    room_b = add_room(services, world, "B 스터디룸", facility=world.b)
    services.rooms.book(world.admin, world.b, req(room_b, desk.y2, start="14:30", end="15:30"))
    with pytest.raises(ValidationError) as info:
        services.booking_rules.update(world.manager, world.a, {"step_minutes": 45})
    assert "step_minutes" in info.value.errors
    # changing one setting later keeps the others
    services.booking_rules.update(world.manager, world.a, {"grace_minutes": 10})
    rules = services.booking_rules.get(world.manager, world.a)
    assert (rules.step_minutes, rules.grace_minutes, rules.max_minutes_per_day) == (60, 10, 180)


# ----------------------------------------------------------------- daily limit, horizon
def test_three_hours_a_day_across_all_rooms_of_the_facility(services, world, desk):
    book(services, world.front_desk, world.a, desk.room, desk.y1, start="09:00", end="10:00")
    book(services, world.front_desk, world.a, desk.room2, desk.y1, start="13:00", end="15:00")
    assert count(services.db, "booking") == 2  # exactly 3 hours is allowed
    with pytest.raises(RuleViolation) as info:
        book(services, world.front_desk, world.a, desk.room, desk.y1, start="16:00", end="16:30")
    assert "이미 3시간 0분" in info.value.message
    # another day, and another youth, are unaffected
    book(services, world.front_desk, world.a, desk.room, desk.y1, day=TUE, start="16:00", end="17:00")
    book(services, world.front_desk, world.a, desk.room, desk.y2, start="16:00", end="18:00")


def test_daily_limit_is_per_facility_and_ignores_cancelled_bookings(services, world, desk):
    room_b = add_room(services, world, "B 스터디룸", facility=world.b)
    services.rooms.book(world.admin, world.b, req(room_b, desk.y1, start="09:00", end="12:00"))
    first = book(services, world.front_desk, world.a, desk.room, desk.y1, start="13:00", end="15:00")
    services.rooms.cancel(world.front_desk, first, "youth")
    book(services, world.front_desk, world.a, desk.room, desk.y1, start="14:00", end="17:00")
    assert count(services.db, "booking") == 3


def test_daily_limit_follows_the_facility_setting(services, world, desk):
    services.booking_rules.update(world.manager, world.a, {"max_minutes_per_day": 60})
    with pytest.raises(RuleViolation) as info:
        book(services, world.front_desk, world.a, desk.room, desk.y1, start="14:00", end="15:30")
    assert "하루 최대 1시간" in info.value.message


def test_fourteen_days_ahead_is_the_last_bookable_day(services, world, desk):
    last = TODAY + timedelta(days=14)  # Friday 2026-12-11
    book(services, world.front_desk, world.a, desk.room, desk.y1, day=last)
    services.booking_rules.update(world.manager, world.a, {"max_days_ahead": 30})
    book(services, world.front_desk, world.a, desk.room, desk.y1, day=TODAY + timedelta(days=17))
    assert count(services.db, "booking") == 2


def test_yesterday_is_in_the_past(services, world, desk):
    with pytest.raises(RuleViolation) as info:
        book(services, world.front_desk, world.a, desk.room, desk.y1, day=TODAY - timedelta(days=1))
    assert info.value.rule == "past"
    book(services, world.front_desk, world.a, desk.room, desk.y1, day=TODAY, start="10:30", end="12:00")


def test_same_youth_cannot_be_in_two_rooms_at_once_but_back_to_back_is_fine(services, world, desk):
    book(services, world.front_desk, world.a, desk.room, desk.y1, start="14:00", end="15:00")
    with pytest.raises(RuleViolation):
        book(services, world.front_desk, world.a, desk.room2, desk.y1, start="14:30", end="15:30")
    book(services, world.front_desk, world.a, desk.room2, desk.y1, start="15:00", end="16:00")


# --------------------------------------------------------------------- no-show sanction
def test_three_no_shows_block_for_14_days_the_fourth_extends(services, world, desk, clock):
    ids = no_shows(services, world, desk.room, desk.y1, clock, [TODAY, MON, TUE])
    with pytest.raises(RuleViolation) as info:
        book(services, world.front_desk, world.a, desk.room, desk.y1, day=THU)
    assert info.value.rule == "sanction" and "2026-12-15까지" in info.value.message
    ledger = services.rooms.no_show_ledger(world.front_desk, world.a, desk.y1)
    assert [r.id for r in ledger.no_shows] == ids[::-1]
    assert ledger.blocked_until == datetime(2026, 12, 15, 10, 0, tzinfo=SEOUL)
    assert {r.youth_masked for r in ledger.no_shows} == {"홍*동"}
    # other youths are not affected
    book(services, world.front_desk, world.a, desk.room, desk.y2, day=THU)


def test_fourth_no_show_extends_the_block_then_it_lifts(services, world, desk, clock):
    # four bookings made in advance, then four no-shows in a row
    ids = no_shows(services, world, desk.room, desk.y1, clock, [TODAY, MON, TUE, WED])
    ledger = services.rooms.no_show_ledger(world.manager, world.a, desk.y1)
    assert len(ledger.no_shows) == 4
    assert ledger.blocked_until == datetime(2026, 12, 16, 10, 0, tzinfo=SEOUL)
    clock.now = at(date(2026, 12, 15), "10:30")  # the 3rd no-show's block alone would be over
    with pytest.raises(RuleViolation) as info:
        book(services, world.front_desk, world.a, desk.room, desk.y1, day=date(2026, 12, 15))
    assert "2026-12-16까지" in info.value.message
    clock.now = at(date(2026, 12, 16), "10:00")
    bid = book(services, world.front_desk, world.a, desk.room, desk.y1, day=date(2026, 12, 16))
    assert services.rooms.get(world.front_desk, bid).status == BookingStatus.BOOKED
    ledger = services.rooms.no_show_ledger(world.front_desk, world.a, desk.y1)
    assert ledger.blocked_until is None
    assert [r.id for r in ledger.no_shows] == ids[::-1]  # the record stays


def test_no_shows_more_than_30_days_apart_do_not_block(services, world, desk, clock):
    no_shows(services, world, desk.room, desk.y1, clock, [TODAY])
    clock.now = at(date(2026, 12, 10), "09:00")
    no_shows(services, world, desk.room, desk.y1, clock, [date(2026, 12, 10)])
    clock.now = at(date(2026, 12, 28), "09:00")  # 31 days after the first no-show
    no_shows(services, world, desk.room, desk.y1, clock, [date(2026, 12, 28)])
    ledger = services.rooms.no_show_ledger(world.front_desk, world.a, desk.y1)
    assert (len(ledger.no_shows), ledger.blocked_until) == (3, None)
    book(services, world.front_desk, world.a, desk.room, desk.y1, day=date(2026, 12, 29))


def test_sanction_limits_follow_the_facility_setting(services, world, desk, clock):
    services.booking_rules.update(world.manager, world.a, {"no_show_limit": 1, "sanction_days": 3})
    no_shows(services, world, desk.room, desk.y1, clock, [TODAY])
    with pytest.raises(RuleViolation) as info:
        book(services, world.front_desk, world.a, desk.room, desk.y1, day=MON)
    assert "노쇼 1회" in info.value.message and "2026-11-30까지" in info.value.message
    clock.now = at(MON, "10:00")
    book(services, world.front_desk, world.a, desk.room, desk.y1, day=MON)
