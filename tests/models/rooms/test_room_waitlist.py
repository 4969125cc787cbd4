"""The waitlist: a youth waits for a full room and time; a cancellation or a no-show offers
it to the first waiting youth (a notice in the day view); accept books it, decline offers
it to the next. FakeClock: Friday 2026-11-27 10:00 in Seoul."""

from __future__ import annotations

import pytest

from models.core.errors import Conflict, NotFound, PermissionDenied, RuleViolation, ValidationError
from models.desk.enums import BookingStatus
from models.rooms.enums import WaitStatus
from tests.factories.rooms import MON, at, book, make_desk
from tests.models.util import count


@pytest.fixture
def desk(services, world):
    return make_desk(services, world)


def wait(services, world, room, youth, start="14:00", end="16:00", day=MON, actor=None) -> int:
    return services.room_waitlist.add(actor or world.front_desk, world.a, {
        "room_id": room, "youth_id": youth, "day": day, "start": start, "end": end,
        "headcount": 1, "purpose": "study"})


def view(services, world, day=MON):
    return services.rooms.day_view(world.front_desk, world.a, day)


def statuses(services, world, day=MON) -> dict[int, WaitStatus]:
    a, b = at(day, "00:00"), at(day, "23:59")
    return {w.id: w.status for w in services.room_waitlist.entries(
        world.front_desk, world.a, a, b, statuses=tuple(WaitStatus))}


def test_cancellation_offers_the_time_and_accept_books_it(services, world, desk):
    taken = book(services, world.front_desk, world.a, desk.room, desk.y1)
    entry = wait(services, world, desk.room, desk.y2)
    v = view(services, world)
    assert ([w.id for w in v.waiting], v.offers) == ([entry], ())
    assert v.waiting[0].youth_masked == "김*준" and v.waiting[0].room_name == "스터디룸 A"

    services.rooms.cancel(world.front_desk, taken, "youth", "개인 사정")
    v = view(services, world)
    assert ([w.id for w in v.offers], v.waiting) == ([entry], ())
    assert v.offers[0].status == WaitStatus.OFFERED

    bid = services.room_waitlist.accept(world.front_desk, entry, identity_confirmed=True)
    row = services.rooms.get(world.front_desk, bid)
    assert (row.youth_id, row.time_text, row.status, row.note) == (
        desk.y2, "14:00–16:00", BookingStatus.BOOKED, "대기 순번 예약")
    v = view(services, world)
    assert (v.offers, v.waiting) == ((), ())
    assert statuses(services, world) == {entry: WaitStatus.BOOKED}
    with pytest.raises(NotFound):
        services.room_waitlist.accept(world.front_desk, entry, identity_confirmed=True)


def test_first_come_first_offered_and_decline_offers_the_next(services, world, desk):
    taken = book(services, world.front_desk, world.a, desk.room, desk.y1)
    first = wait(services, world, desk.room, desk.y2)
    second = wait(services, world, desk.room, desk.y3)
    services.rooms.cancel(world.front_desk, taken, "staff", "시설 점검")
    assert statuses(services, world) == {first: WaitStatus.OFFERED, second: WaitStatus.WAITING}
    services.room_waitlist.decline(world.front_desk, first)
    assert statuses(services, world) == {first: WaitStatus.WITHDRAWN, second: WaitStatus.OFFERED}
    assert [w.youth_id for w in view(services, world).offers] == [desk.y3]
    bid = services.room_waitlist.accept(world.front_desk, second, identity_confirmed=True)
    assert services.rooms.get(world.front_desk, bid).youth_id == desk.y3


def test_no_show_offers_the_rest_of_the_time(services, world, desk, clock):
    taken = book(services, world.front_desk, world.a, desk.room, desk.y1)
    entry = wait(services, world, desk.room, desk.y2, start="14:30", end="16:00")
    clock.now = at(MON, "14:20")
    services.rooms.mark_no_show(world.front_desk, taken)
    assert [w.id for w in view(services, world).offers] == [entry]
    bid = services.room_waitlist.accept(world.manager, entry, identity_confirmed=True)
    assert services.rooms.get(world.front_desk, bid).time_text == "14:30–16:00"


def test_an_entry_that_still_clashes_keeps_waiting(services, world, desk):
    early = book(services, world.front_desk, world.a, desk.room, desk.y1, start="14:00", end="16:00")
    late = book(services, world.front_desk, world.a, desk.room, desk.y3, start="16:00", end="18:00")
    entry = wait(services, world, desk.room, desk.y2, start="15:00", end="17:00")
    services.rooms.cancel(world.front_desk, early, "youth")
    assert statuses(services, world) == {entry: WaitStatus.WAITING}
    services.rooms.cancel(world.front_desk, late, "youth")
    assert statuses(services, world) == {entry: WaitStatus.OFFERED}


def test_waiting_for_a_free_time_is_offered_at_once(services, world, desk):
    entry = wait(services, world, desk.room, desk.y2)
    assert statuses(services, world) == {entry: WaitStatus.OFFERED}


def test_accept_still_needs_the_youth_in_person(services, world, desk):
    taken = book(services, world.front_desk, world.a, desk.room, desk.y1)
    entry = wait(services, world, desk.room, desk.y2)
    services.rooms.cancel(world.front_desk, taken, "youth")
    with pytest.raises(RuleViolation) as info:
        services.room_waitlist.accept(world.front_desk, entry, identity_confirmed=False)
    assert info.value.rule == "proxy"
    assert statuses(services, world) == {entry: WaitStatus.OFFERED}
    assert count(services.db, "booking") == 1


def test_an_offer_lost_to_a_walk_in_is_a_conflict(services, world, desk):
    taken = book(services, world.front_desk, world.a, desk.room, desk.y1)
    entry = wait(services, world, desk.room, desk.y2)
    services.rooms.cancel(world.front_desk, taken, "youth")
    book(services, world.front_desk, world.a, desk.room, desk.y3, start="15:00", end="16:00")
    with pytest.raises(Conflict) as info:
        services.room_waitlist.accept(world.front_desk, entry, identity_confirmed=True)
    assert "15:00–16:00" in info.value.message


def test_waitlist_input_checks(services, world, desk, clock):
    book(services, world.front_desk, world.a, desk.room, desk.y1)
    wait(services, world, desk.room, desk.y2)
    with pytest.raises(ValidationError) as info:
        wait(services, world, desk.room, desk.y2)
    assert "이미 같은 시간에 대기" in info.value.errors["youth_id"]
    with pytest.raises(PermissionDenied):
        wait(services, world, desk.room, desk.y3, actor=world.counselor)
    clock.now = at(MON, "16:00")
    with pytest.raises(ValidationError) as info:
        wait(services, world, desk.room, desk.y3)
    assert "start" in info.value.errors
    assert count(services.db, "waitlist_entry") == 1


def test_decline_of_a_waiting_entry_withdraws_it_without_offering(services, world, desk):
    book(services, world.front_desk, world.a, desk.room, desk.y1)
    first = wait(services, world, desk.room, desk.y2)
    second = wait(services, world, desk.room, desk.y3)
    services.room_waitlist.decline(world.front_desk, first)
    assert statuses(services, world) == {first: WaitStatus.WITHDRAWN, second: WaitStatus.WAITING}
    with pytest.raises(NotFound):
        services.room_waitlist.decline(world.front_desk, first)


# -- issue 9: the waitlist entry a booking fills, and the headcount ------------------------
def _offered(services, world, desk):
    taken = book(services, world.front_desk, world.a, desk.room, desk.y1)
    entry = wait(services, world, desk.room, desk.y2)
    services.rooms.cancel(world.front_desk, taken, "youth", "개인 사정")
    assert statuses(services, world)[entry] == WaitStatus.OFFERED
    return entry


def _req(desk, youth=None, start="14:00", end="16:00"):
    return {"room_id": desk.room, "youth_id": youth or desk.y2, "day": MON, "start": start,
            "end": end, "headcount": 1, "purpose": "study", "identity_confirmed": True}


def test_a_booking_fills_only_an_offered_entry_of_its_facility_room_youth_and_time(services, world, desk):
    entry = _offered(services, world, desk)
    other_room = services.facilities.add_room(world.admin, world.b, {
        "name": "나 스터디룸", "kind": "study_room", "capacity": 4})
    before = count(services.db, "booking")
    bad = [(world.a, _req(desk), 999_999), (world.a, _req(desk), 2**40),  # unknown ids
           (world.a, _req(desk, youth=desk.y3), entry),  # another youth
           (world.a, _req(desk, start="15:00", end="16:00"), entry),  # another time
           (world.b, {**_req(desk), "room_id": other_room}, entry)]  # another facility's desk
    for fid, data, entry_id in bad:
        with pytest.raises(NotFound) as info:
            services.rooms.book(world.admin, fid, data, waitlist_entry_id=entry_id)
        assert "대기 항목" in info.value.message
    assert count(services.db, "booking") == before
    assert statuses(services, world)[entry] == WaitStatus.OFFERED
    # the right one still books it
    services.rooms.book(world.front_desk, world.a, _req(desk), waitlist_entry_id=entry)
    assert statuses(services, world)[entry] == WaitStatus.BOOKED


@pytest.mark.parametrize("headcount", [0, -3])
def test_the_waitlist_refuses_a_headcount_below_one(services, world, desk, headcount):
    with pytest.raises(ValidationError) as info:
        services.room_waitlist.add(world.front_desk, world.a, {
            "room_id": desk.room, "youth_id": desk.y2, "day": MON, "start": "14:00",
            "end": "16:00", "headcount": headcount, "purpose": "study"})
    assert set(info.value.errors) == {"headcount"}
    assert count(services.db, "waitlist_entry") == 0


def test_the_database_refuses_a_waitlist_headcount_below_one(services, world, desk):
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from models.core.db import violated_constraint
    entry = wait(services, world, desk.room, desk.y2)
    with pytest.raises(IntegrityError) as info, services.db.engine.begin() as conn:
        conn.execute(text("UPDATE waitlist_entry SET headcount = 0 WHERE id = :i"), {"i": entry})
    assert violated_constraint(info.value) in ("ck_waitlist_headcount", None)  # SQLite names none
