"""Room bookings at the desk: conflicts, the database overlap guard, check-in, no-shows,
cancel codes, walk-ins and the day view, on SQLite and PostgreSQL.

The helpers (rooms, youths, requests) are in tests/factories/rooms.py.
FakeClock: Friday 2026-11-27 10:00 in Seoul; CAFE-A and CAFE-B are open Mon–Fri 09:00–18:00.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

import models.rooms.service as bookings_module
from models.core.errors import Conflict, NotFound, PermissionDenied, RuleViolation, ValidationError
from models.desk.enums import BookingStatus, CancelCode
from models.rooms.tables import Booking
from tests.factories.rooms import (
    INSERT,
    MON,
    SEOUL,
    TODAY,
    add_room,
    at,
    book,
    make_desk,
    raw_insert,
)
from tests.models.util import audit_rows, count


# ------------------------------------------------------------------------------ helpers
def booking_audits(db) -> list:
    return audit_rows(db, entity="booking")


@pytest.fixture
def desk(services, world):
    return make_desk(services, world)


# ---------------------------------------------------------------------------- booking
def test_booking_is_stored_with_seoul_times_and_masked_name(services, world, desk):
    bid = book(services, world.front_desk, world.a, desk.room, desk.y1, headcount=3,
               purpose="meeting", note="면접 스터디")
    row = services.rooms.get(world.front_desk, bid)
    assert (row.starts_at, row.ends_at) == (datetime(2026, 11, 30, 14, 0, tzinfo=SEOUL),
                                            datetime(2026, 11, 30, 16, 0, tzinfo=SEOUL))
    assert row.starts_at.utcoffset() == timedelta(hours=9)
    assert (row.room_name, row.youth_masked, row.headcount, row.purpose.label, row.note) == (
        "스터디룸 A", "홍*동", 3, "회의", "면접 스터디")
    assert row.status == BookingStatus.BOOKED and row.time_text == "14:00–16:00"
    [insert] = [a for a in booking_audits(services.db) if a.action == "insert"]
    assert insert.username == "frontdesk" and insert.new_values["override_reason"] is None


def test_counselor_and_other_facility_staff_cannot_book(services, world, desk):
    with pytest.raises(PermissionDenied):
        book(services, world.counselor, world.a, desk.room, desk.y1)
    room_b = add_room(services, world, "B룸", facility=world.b)
    with pytest.raises(PermissionDenied):
        book(services, world.manager, world.b, room_b, desk.y1)
    with pytest.raises(PermissionDenied):
        services.rooms.day_view(world.front_desk, world.b, MON)
    assert count(services.db, "booking") == 0


def test_room_of_another_facility_and_unknown_youth_are_field_errors(services, world, desk):
    room_b = add_room(services, world, "B룸", facility=world.b)
    with pytest.raises(ValidationError) as info:
        book(services, world.front_desk, world.a, room_b, desk.y1)
    assert "room_id" in info.value.errors
    with pytest.raises(ValidationError) as info:
        book(services, world.front_desk, world.a, desk.room, 99999)
    assert "youth_id" in info.value.errors
    with pytest.raises(ValidationError) as info:
        book(services, world.front_desk, world.a, desk.room, desk.y1, start="16:00", end="14:00")
    assert "늦어야" in info.value.errors["end"]
    assert count(services.db, "booking") == 0


def test_ai_booth_is_not_bookable_here(services, world, desk):
    booth = add_room(services, world, "AI 부스 1", 1, kind="ai_booth")
    with pytest.raises(ValidationError) as info:
        book(services, world.front_desk, world.a, booth, desk.y1)
    assert "AI 면접" in info.value.errors["room_id"]


# --------------------------------------------------------------------------- conflicts
def test_overlap_is_a_conflict_naming_the_other_booking(services, world, desk):
    book(services, world.front_desk, world.a, desk.room, desk.y1, headcount=2)
    before = count(services.db, "audit_log")
    with pytest.raises(Conflict) as info:
        book(services, world.front_desk, world.a, desk.room, desk.y2, start="15:00", end="17:00")
    msg = info.value.message
    assert "14:00–16:00" in msg and "홍*동" in msg and "2명" in msg
    assert "홍길동" not in msg
    assert count(services.db, "booking") == 1
    assert count(services.db, "audit_log") == before


@pytest.mark.parametrize("start,end", [("13:00", "14:30"), ("15:30", "18:00"), ("14:30", "15:00"),
                                       ("13:30", "16:30")])
def test_every_kind_of_overlap_is_refused(services, world, desk, start, end):
    book(services, world.front_desk, world.a, desk.room, desk.y1)
    with pytest.raises(Conflict):
        book(services, world.front_desk, world.a, desk.room, desk.y2, start=start, end=end)


def test_touching_bookings_and_other_rooms_are_fine(services, world, desk):
    book(services, world.front_desk, world.a, desk.room, desk.y1, start="14:00", end="16:00")
    book(services, world.front_desk, world.a, desk.room, desk.y2, start="16:00", end="18:00")
    book(services, world.front_desk, world.a, desk.room, desk.y3, start="12:00", end="14:00")
    book(services, world.front_desk, world.a, desk.room2, desk.y1, start="16:00", end="17:00")
    view = services.rooms.day_view(world.front_desk, world.a, MON)
    assert [(b.room_name, b.time_text) for b in view.bookings] == [
        ("스터디룸 A", "12:00–14:00"), ("스터디룸 A", "14:00–16:00"),
        ("스터디룸 A", "16:00–18:00"), ("스터디룸 B", "16:00–17:00")]


def test_cancelled_booking_frees_the_slot(services, world, desk):
    first = book(services, world.front_desk, world.a, desk.room, desk.y1)
    services.rooms.cancel(world.front_desk, first, "youth")
    second = book(services, world.front_desk, world.a, desk.room, desk.y2)
    statuses = {b.id: b.status for b in services.rooms.day_view(world.front_desk, world.a, MON).bookings}
    assert statuses == {first: BookingStatus.CANCELLED, second: BookingStatus.BOOKED}


def test_no_show_frees_the_rest_of_the_slot(services, world, desk, clock):
    first = book(services, world.front_desk, world.a, desk.room, desk.y1)
    clock.now = at(MON, "14:20")
    services.rooms.mark_no_show(world.front_desk, first)
    second = book(services, world.front_desk, world.a, desk.room, desk.y2, start="14:30", end="16:00")
    assert services.rooms.get(world.front_desk, second).status == BookingStatus.BOOKED


def test_checked_in_booking_still_holds_the_room(services, world, desk, clock):
    first = book(services, world.front_desk, world.a, desk.room, desk.y1)
    clock.now = at(MON, "13:50")
    services.rooms.check_in(world.front_desk, first)
    with pytest.raises(Conflict):
        book(services, world.front_desk, world.a, desk.room, desk.y2, start="15:00", end="16:00")


def test_lost_race_caught_by_the_database_is_a_friendly_conflict(services, world, desk, monkeypatch):
    """Another desk commits between our check and our insert (on PostgreSQL two
    transactions can both find the room free): the database constraint refuses the insert
    and the user sees the race message, not an IntegrityError."""
    book(services, world.front_desk, world.a, desk.room, desk.y1)

    def insert_without_check(conn, values):
        table = Booking.__table__
        return conn.execute(table.insert().returning(table.c.id), values).scalar_one()

    monkeypatch.setattr(bookings_module, "insert_if_free", insert_without_check)
    with pytest.raises(Conflict) as info:
        book(services, world.front_desk, world.a, desk.room, desk.y2, start="15:00", end="16:00")
    assert info.value.message == bookings_module.RACE_MESSAGE
    assert count(services.db, "booking") == 1


# ---------------------------------------------------- the database guard, bypassing services
def test_raw_sql_insert_of_an_overlap_is_refused_by_the_database(services, world, desk):
    book(services, world.front_desk, world.a, desk.room, desk.y1)  # 14:00–16:00
    with pytest.raises(IntegrityError) as info:
        raw_insert(services.db, world, desk.room, desk.y2, "15:00", "17:00")
    assert "overlap" in str(info.value.orig).lower()
    with pytest.raises(IntegrityError):
        raw_insert(services.db, world, desk.room, desk.y2, "14:00", "16:00", status="checked_in")
    # touching, another room, or a cancelled row are all allowed
    raw_insert(services.db, world, desk.room, desk.y2, "16:00", "17:00")
    raw_insert(services.db, world, desk.room2, desk.y2, "15:00", "17:00")
    raw_insert(services.db, world, desk.room, desk.y3, "15:00", "17:00", status="cancelled")
    raw_insert(services.db, world, desk.room, desk.y3, "14:00", "15:00", status="no_show")
    assert count(services.db, "booking") == 5
    with services.db.engine.connect() as conn:
        active = conn.execute(text(
            "SELECT count(*) FROM booking WHERE room_id = :r AND status IN ('booked', 'checked_in')"),
            {"r": desk.room}).scalar()
    assert active == 2


def test_raw_sql_booking_longer_than_a_day_is_refused(services, world, desk):
    """A multi-day row could hide an overlap from index-bounded checks: it never gets in."""
    with pytest.raises(IntegrityError):
        with services.db.engine.begin() as conn:
            conn.execute(INSERT, {"f": world.a, "r": desk.room, "y": desk.y1, "s": at(MON, "09:00"),
                                  "e": at(MON + timedelta(days=2), "09:00"), "status": "booked",
                                  "walk_in": False, "now": datetime.now(UTC)})
    assert count(services.db, "booking") == 0


def test_raw_sql_update_cannot_revive_or_move_into_an_overlap(services, world, desk):
    kept = book(services, world.front_desk, world.a, desk.room, desk.y1)  # 14:00–16:00
    raw_insert(services.db, world, desk.room, desk.y2, "15:00", "17:00", status="cancelled")
    later = book(services, world.front_desk, world.a, desk.room, desk.y3, start="16:00", end="18:00")
    with pytest.raises(IntegrityError):
        with services.db.engine.begin() as conn:
            conn.execute(text("UPDATE booking SET status = 'booked' WHERE status = 'cancelled'"))
    with pytest.raises(IntegrityError):
        with services.db.engine.begin() as conn:
            conn.execute(text("UPDATE booking SET starts_at = (SELECT starts_at FROM booking "
                              "WHERE id = :kept) WHERE id = :later"), {"kept": kept, "later": later})
    with services.db.engine.connect() as conn:
        statuses = sorted(r[0] for r in conn.execute(text("SELECT status FROM booking")))
    assert statuses == ["booked", "booked", "cancelled"]
    assert services.rooms.get(world.front_desk, later).time_text == "16:00–18:00"


# ----------------------------------------------------------------------------- check-in
def test_check_in_window_opens_30_minutes_before_the_start(services, world, desk, clock):
    bid = book(services, world.front_desk, world.a, desk.room, desk.y1)
    clock.now = at(MON, "13:29")
    with pytest.raises(RuleViolation) as info:
        services.rooms.check_in(world.front_desk, bid)
    assert info.value.rule == "check_in" and "30분 전" in info.value.message
    assert services.rooms.get(world.front_desk, bid).status == BookingStatus.BOOKED
    clock.now = at(MON, "13:30")
    services.rooms.check_in(world.front_desk, bid)
    assert services.rooms.get(world.front_desk, bid).status == BookingStatus.CHECKED_IN
    with pytest.raises(Conflict):
        services.rooms.check_in(world.front_desk, bid)
    with pytest.raises(Conflict):
        services.rooms.mark_no_show(world.front_desk, bid)


def test_check_in_after_the_end_is_refused(services, world, desk, clock):
    bid = book(services, world.front_desk, world.a, desk.room, desk.y1)
    clock.now = at(MON, "16:00")
    with pytest.raises(RuleViolation):
        services.rooms.check_in(world.front_desk, bid)
    with pytest.raises(PermissionDenied):
        services.rooms.check_in(world.counselor, bid)
    with pytest.raises(NotFound):
        services.rooms.check_in(world.front_desk, 424242)


# ---------------------------------------------------------------------------- no-shows
def test_no_show_candidate_after_the_default_15_minute_grace(services, world, desk, clock):
    bid = book(services, world.front_desk, world.a, desk.room, desk.y1)
    clock.now = at(MON, "14:14")
    assert services.rooms.day_view(world.front_desk, world.a, MON).no_show_candidates == []
    with pytest.raises(RuleViolation) as info:
        services.rooms.mark_no_show(world.front_desk, bid)
    assert info.value.rule == "grace" and "15분" in info.value.message
    clock.now = at(MON, "14:15")
    assert [b.id for b in services.rooms.day_view(world.front_desk, world.a, MON).no_show_candidates] == [bid]
    services.rooms.mark_no_show(world.front_desk, bid)
    row = services.rooms.get(world.front_desk, bid)
    assert (row.status, row.cancel_code, row.no_show_candidate) == (
        BookingStatus.NO_SHOW, CancelCode.NO_SHOW, False)


def test_grace_period_is_a_facility_setting(services, world, desk, clock):
    services.booking_rules.update(world.manager, world.a, {"grace_minutes": 5})
    bid = book(services, world.front_desk, world.a, desk.room, desk.y1)
    clock.now = at(MON, "14:04")
    assert not services.rooms.get(world.front_desk, bid).no_show_candidate
    clock.now = at(MON, "14:05")
    assert services.rooms.get(world.front_desk, bid).no_show_candidate
    services.rooms.mark_no_show(world.front_desk, bid)
    assert services.rooms.get(world.front_desk, bid).status == BookingStatus.NO_SHOW


def test_checked_in_booking_is_never_a_no_show_candidate(services, world, desk, clock):
    bid = book(services, world.front_desk, world.a, desk.room, desk.y1)
    clock.now = at(MON, "14:00")
    services.rooms.check_in(world.front_desk, bid)
    clock.now = at(MON, "15:00")
    assert services.rooms.day_view(world.front_desk, world.a, MON).no_show_candidates == []


# ------------------------------------------------------------------------------ cancel
def test_youth_cancel_in_good_time_is_a_plain_youth_cancel(services, world, desk, clock):
    bid = book(services, world.front_desk, world.a, desk.room, desk.y1)
    clock.now = at(MON, "12:59")
    assert services.rooms.cancel(world.front_desk, bid, "youth", "일정 변경") == CancelCode.YOUTH
    row = services.rooms.get(world.front_desk, bid)
    assert (row.status, row.cancel_code, row.cancel_reason) == (
        BookingStatus.CANCELLED, CancelCode.YOUTH, "일정 변경")


def test_youth_cancel_under_an_hour_before_is_late(services, world, desk, clock):
    bid = book(services, world.front_desk, world.a, desk.room, desk.y1)
    clock.now = at(MON, "13:01")
    assert services.rooms.cancel(world.front_desk, bid, "youth") == CancelCode.LATE
    row = services.rooms.get(world.front_desk, bid)
    assert (row.cancel_code.label, row.cancel_reason) == ("당일 늦은 취소", None)


def test_staff_cancel_requires_a_reason(services, world, desk):
    bid = book(services, world.front_desk, world.a, desk.room, desk.y1)
    with pytest.raises(ValidationError) as info:
        services.rooms.cancel(world.front_desk, bid, "staff", "   ")
    assert "사유" in info.value.errors["reason"]
    assert services.rooms.get(world.front_desk, bid).status == BookingStatus.BOOKED
    assert services.rooms.cancel(world.front_desk, bid, "staff", "시설 점검") == CancelCode.STAFF
    row = services.rooms.get(world.front_desk, bid)
    assert (row.cancel_code, row.cancel_reason) == (CancelCode.STAFF, "시설 점검")
    with pytest.raises(Conflict):
        services.rooms.cancel(world.front_desk, bid, "staff", "두 번 취소")
    with pytest.raises(ValidationError) as info:
        services.rooms.cancel(world.front_desk, bid, "someone")
    assert "by" in info.value.errors


def test_nothing_is_ever_hard_deleted(services, world, desk, clock):
    cancelled = book(services, world.front_desk, world.a, desk.room, desk.y1, start="10:00", end="11:00")
    no_show = book(services, world.front_desk, world.a, desk.room, desk.y2, start="11:00", end="12:00")
    staff = book(services, world.front_desk, world.a, desk.room2, desk.y3, start="11:00", end="12:00")
    services.rooms.cancel(world.front_desk, cancelled, "youth")
    services.rooms.cancel(world.manager, staff, "staff", "시설 점검")
    clock.now = at(MON, "11:30")
    services.rooms.mark_no_show(world.front_desk, no_show)
    assert count(services.db, "booking") == 3
    assert not [a for a in booking_audits(services.db) if a.action == "delete"]
    view = services.rooms.day_view(world.front_desk, world.a, MON)
    assert {b.id: b.cancel_code for b in view.bookings} == {
        cancelled: CancelCode.YOUTH, no_show: CancelCode.NO_SHOW, staff: CancelCode.STAFF}
    updates = [a for a in booking_audits(services.db) if a.action == "update"]
    assert {a.new_values["status"] for a in updates} == {"cancelled", "no_show"}


# ----------------------------------------------------------------------------- walk-in
def test_walk_in_starts_now_rounded_down_to_the_step(services, world, desk, clock):
    clock.now = at(TODAY, "10:07")
    bid = services.rooms.walk_in(world.front_desk, world.a, desk.room, desk.y1, "11:00",
                                    headcount=2)
    row = services.rooms.get(world.front_desk, bid)
    assert (row.time_text, row.walk_in, row.headcount, row.status) == (
        "10:00–11:00", True, 2, BookingStatus.BOOKED)


def test_walk_in_takes_a_freed_slot_but_not_a_taken_one(services, world, desk, clock):
    bid = book(services, world.front_desk, world.a, desk.room, desk.y1, day=TODAY,
               start="10:30", end="12:00")
    clock.now = at(TODAY, "10:35")
    with pytest.raises(Conflict) as info:
        services.rooms.walk_in(world.front_desk, world.a, desk.room, desk.y2, "11:30")
    assert "10:30–12:00" in info.value.message
    services.rooms.cancel(world.front_desk, bid, "youth")
    walk = services.rooms.walk_in(world.front_desk, world.a, desk.room, desk.y2, "11:30")
    assert services.rooms.get(world.front_desk, walk).time_text == "10:30–11:30"


def test_walk_in_still_follows_the_rules(services, world, desk, clock):
    clock.now = at(TODAY, "17:40")
    with pytest.raises(RuleViolation) as info:
        services.rooms.walk_in(world.front_desk, world.a, desk.room, desk.y1, "18:30")
    assert info.value.rule == "hours"
    assert count(services.db, "booking") == 0


# ------------------------------------------------------------------------------- views
def test_day_view_shows_hours_rooms_and_closed_reason(services, world, desk):
    view = services.rooms.day_view(world.front_desk, world.a, MON)
    assert (f"{view.opens:%H:%M}", f"{view.closes:%H:%M}", view.closed_reason, view.step_minutes) == (
        "09:00", "18:00", None, 30)
    assert [r.name for r in view.rooms] == ["스터디룸 A", "스터디룸 B"]
    saturday = services.rooms.day_view(world.front_desk, world.a, date(2026, 11, 28))
    assert (saturday.opens, saturday.closed_reason) == (None, "정기 휴무일")
    christmas = services.rooms.day_view(world.front_desk, world.a, date(2026, 12, 25))
    assert "기독탄신일" in christmas.closed_reason


def test_week_view_lists_one_room_across_the_week(services, world, desk):
    book(services, world.front_desk, world.a, desk.room, desk.y1, day=MON)
    book(services, world.front_desk, world.a, desk.room, desk.y1, day=MON + timedelta(days=4))
    book(services, world.front_desk, world.a, desk.room2, desk.y2, day=MON + timedelta(days=1))
    book(services, world.front_desk, world.a, desk.room, desk.y1, day=MON + timedelta(days=7))
    week = services.rooms.week_view(world.front_desk, world.a, desk.room, MON)
    assert [b.starts_at.date() for b in week] == [MON, MON + timedelta(days=4)]
