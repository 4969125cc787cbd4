"""Recurring bookings: every occurrence is checked, conflicts are listed before saving,
the desk skips them or saves nothing, and a series is changed or cancelled from one
occurrence onward. FakeClock: Friday 2026-11-27 10:00 in Seoul."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models.core.errors import Conflict, PermissionDenied, RuleViolation, ValidationError
from models.desk.enums import BookingStatus, CancelCode
from models.rooms.enums import WaitStatus
from tests.factories.rooms import book, make_desk, req
from tests.models.util import count

TUE = date(2026, 12, 1)
TUESDAYS = [TUE + timedelta(weeks=w) for w in range(8)]  # 12/01 … 01/19
REASON = "스터디 그룹 정기 모임 승인"


@pytest.fixture
def desk(services, world):
    return make_desk(services, world)


def series(desk, youth=None, day=TUE, weeks=8, **over) -> dict:
    return {**req(desk.room, youth or desk.y1, day=day, start="14:00", end="16:00"),
            "weeks": weeks, **over}


def rows(services, world, desk, room=None) -> list:
    out = []
    for d in TUESDAYS:
        out += services.rooms.week_view(world.front_desk, world.a, room or desk.room,
                                           d - timedelta(days=1))
    return out


def snapshot(db):
    return count(db, "booking"), count(db, "booking_series"), count(db, "audit_log")


@pytest.fixture
def blocked(services, world, desk):
    """Tuesday 12/08 is taken 15:00–17:00 by another youth and 12/22 is a closure day."""
    book(services, world.front_desk, world.a, desk.room, desk.y2, day=TUESDAYS[1],
         start="15:00", end="17:00")
    services.booking_rules.add_closure(world.manager, world.a, TUESDAYS[3], "연말 소독")


def test_plan_checks_every_week_and_lists_the_problems(services, world, desk, blocked):
    plan = services.room_series.plan(world.front_desk, world.a, series(desk))
    assert [o.day for o in plan] == TUESDAYS
    assert [o.day for o in plan if not o.ok] == [TUESDAYS[1], TUESDAYS[3]]
    assert "15:00–17:00" in plan[1].problem and "김*준" in plan[1].problem
    assert "휴관일(연말 소독)" in plan[3].problem
    assert all(f"{o.starts_at:%H:%M}" == "14:00" for o in plan)
    # later weeks lie beyond the 14-day horizon: a series registered once is exempt
    assert plan[7].ok and plan[7].day == date(2027, 1, 19)


def test_plan_finds_public_holidays(services, world, desk):
    plan = services.room_series.plan(world.front_desk, world.a, series(desk, day=date(2026, 12, 4)))
    bad = {o.day: o.problem for o in plan if not o.ok}
    assert list(bad) == [date(2026, 12, 25), date(2027, 1, 1)]
    assert "기독탄신일" in bad[date(2026, 12, 25)] and "신정" in bad[date(2027, 1, 1)]


def test_create_skipping_conflicts_books_the_rest(services, world, desk, blocked):
    result = services.room_series.create(world.front_desk, world.a, series(desk), skip_conflicts=True)
    assert [o.day for o in result.skipped] == [TUESDAYS[1], TUESDAYS[3]]
    assert len(result.created) == 6
    mine = [r for r in rows(services, world, desk) if r.youth_id == desk.y1]
    assert [r.starts_at.date() for r in mine] == [d for i, d in enumerate(TUESDAYS) if i not in (1, 3)]
    assert {(r.series_id, r.time_text, r.status) for r in mine} == {
        (result.series_id, "14:00–16:00", BookingStatus.BOOKED)}


def test_create_without_skipping_raises_and_writes_nothing(services, world, desk, blocked):
    before = snapshot(services.db)
    with pytest.raises(Conflict) as info:
        services.room_series.create(world.front_desk, world.a, series(desk), skip_conflicts=False)
    assert "2회차" in info.value.message and "12/08" in info.value.message
    assert "12/22" in info.value.message
    assert snapshot(services.db) == before


def test_series_follows_the_rules_of_each_occurrence(services, world, desk):
    book(services, world.front_desk, world.a, desk.room2, desk.y1, day=TUE, start="09:00", end="11:00")
    plan = services.room_series.plan(world.front_desk, world.a, series(desk))
    assert [o.ok for o in plan] == [False] + [True] * 7
    assert "하루 최대 3시간" in plan[0].problem
    # no proxy bookings: one refusal for the whole series, not one line per week
    with pytest.raises(RuleViolation) as info:
        services.room_series.plan(world.front_desk, world.a, series(desk, identity_confirmed=False))
    assert info.value.rule == "proxy" and "대리 예약" in info.value.message
    before = snapshot(services.db)
    with pytest.raises(RuleViolation):
        services.room_series.create(world.front_desk, world.a, series(desk, identity_confirmed=False),
                               skip_conflicts=True)
    with pytest.raises(PermissionDenied):
        services.room_series.create(world.counselor, world.a, series(desk), skip_conflicts=True)
    with pytest.raises(ValidationError) as info:
        services.room_series.plan(world.front_desk, world.a, series(desk, weeks=1))
    assert "weeks" in info.value.errors
    assert snapshot(services.db) == before


def test_manager_override_books_holidays_but_never_a_taken_room(services, world, desk):
    fridays = series(desk, day=date(2026, 12, 4))
    book(services, world.front_desk, world.a, desk.room, desk.y2, day=date(2026, 12, 11))
    with pytest.raises(PermissionDenied):
        services.room_series.create(world.front_desk, world.a, fridays, skip_conflicts=True,
                               override_reason=REASON)
    result = services.room_series.create(world.manager, world.a, fridays, skip_conflicts=True,
                                    override_reason=REASON)
    assert [o.day for o in result.skipped] == [date(2026, 12, 11)]
    assert len(result.created) == 7
    christmas = services.rooms.day_view(world.front_desk, world.a, date(2026, 12, 25)).bookings
    assert [(b.youth_id, b.override_reason) for b in christmas] == [(desk.y1, REASON)]


def test_cancel_from_an_occurrence_onward(services, world, desk):
    result = services.room_series.create(world.front_desk, world.a, series(desk), skip_conflicts=False)
    with pytest.raises(ValidationError) as info:
        services.room_series.cancel_from(world.front_desk, result.created[1], "  ")
    assert "reason" in info.value.errors
    assert services.room_series.cancel_from(world.front_desk, result.created[1], "그룹 해산") == 7
    mine = rows(services, world, desk)
    assert [r.status for r in mine] == [BookingStatus.BOOKED] + [BookingStatus.CANCELLED] * 7
    assert {(r.cancel_code, r.cancel_reason) for r in mine[1:]} == {(CancelCode.STAFF, "그룹 해산")}
    assert count(services.db, "booking") == 8  # nothing deleted
    # the freed weeks can be booked again
    book(services, world.front_desk, world.a, desk.room, desk.y2, day=TUESDAYS[1])
    single = book(services, world.front_desk, world.a, desk.room2, desk.y3, day=TUE)
    with pytest.raises(ValidationError) as info:
        services.room_series.cancel_from(world.front_desk, single, "반복 아님")
    assert "series" in info.value.errors


def test_cancel_from_offers_the_freed_time_to_the_waitlist(services, world, desk):
    result = services.room_series.create(world.front_desk, world.a, series(desk), skip_conflicts=False)
    entry = services.room_waitlist.add(world.front_desk, world.a, {
        "room_id": desk.room, "youth_id": desk.y2, "day": TUESDAYS[1], "start": "14:00",
        "end": "16:00"})
    services.room_series.cancel_from(world.front_desk, result.created[1], "그룹 해산")
    offers = services.rooms.day_view(world.front_desk, world.a, TUESDAYS[1]).offers
    assert [(w.id, w.status) for w in offers] == [(entry, WaitStatus.OFFERED)]


def test_change_from_moves_this_and_later_occurrences(services, world, desk):
    result = services.room_series.create(world.front_desk, world.a, series(desk), skip_conflicts=False)
    entry = services.room_waitlist.add(world.front_desk, world.a, {
        "room_id": desk.room, "youth_id": desk.y2, "day": TUESDAYS[1], "start": "14:00",
        "end": "16:00"})
    moved = services.room_series.change_from(world.front_desk, result.created[1], {
        **req(desk.room2, desk.y1, day=TUE, start="16:00", end="18:00"), "headcount": 5})
    assert moved == 7
    first = services.rooms.get(world.front_desk, result.created[0])
    assert (first.room_name, first.time_text) == ("스터디룸 A", "14:00–16:00")
    later = [services.rooms.get(world.front_desk, i) for i in result.created[1:]]
    assert {(r.room_name, r.time_text, r.headcount) for r in later} == {("스터디룸 B", "16:00–18:00", 5)}
    assert [r.starts_at.date() for r in later] == TUESDAYS[1:]  # each keeps its own day
    # the old time is free again: the waiting youth is offered it and gets it
    offers = services.rooms.day_view(world.front_desk, world.a, TUESDAYS[1]).offers
    assert [w.id for w in offers] == [entry]
    bid = services.room_waitlist.accept(world.front_desk, entry, identity_confirmed=True)
    assert services.rooms.get(world.front_desk, bid).time_text == "14:00–16:00"


def test_change_from_is_all_or_nothing(services, world, desk):
    result = services.room_series.create(world.front_desk, world.a, series(desk), skip_conflicts=False)
    book(services, world.front_desk, world.a, desk.room, desk.y2, day=TUESDAYS[1],
         start="16:30", end="17:30")
    before = snapshot(services.db)
    with pytest.raises(Conflict) as info:
        services.room_series.change_from(world.front_desk, result.created[0],
                                    req(desk.room, desk.y1, day=TUE, start="16:00", end="18:00"))
    assert "12/08" in info.value.message and "16:30–17:30" in info.value.message
    with pytest.raises(Conflict) as info:
        services.room_series.change_from(world.front_desk, result.created[0],
                                    req(desk.room, desk.y1, day=TUE, headcount=5))
    assert "정원은 4명" in info.value.message
    assert snapshot(services.db) == before
    assert {r.time_text for r in rows(services, world, desk) if r.youth_id == desk.y1} == {"14:00–16:00"}
