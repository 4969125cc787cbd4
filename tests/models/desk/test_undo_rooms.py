"""Undoing a room check-in (입실 취소) or a confirmed no-show (노쇼 취소) the same day
(issue 11, item 2), on SQLite and PostgreSQL.

The service enforces the rules, whatever the GUI shows: only on the Seoul day of the
action, only by the user who made it or a manager (an administrator too), and a no-show
only while its time is still free. A refusal writes nothing. FakeClock: Friday 2026-11-27
10:00 in Seoul; CAFE-A is open Mon–Fri 09:00–18:00.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models.core.errors import Conflict, PermissionDenied, RuleViolation
from models.desk.enums import BookingStatus
from models.rooms.enums import WaitStatus
from models.rooms.tables import Booking, WaitlistEntry
from tests.factories.rooms import MON, SEOUL, TODAY, at, book, make_desk, req
from tests.factories.undo import audit_count, second_desk
from tests.models.util import audit_rows, load

MIDNIGHT = datetime(2026, 11, 28, 0, 0, tzinfo=SEOUL)  # the end of the clock's Seoul day


@pytest.fixture
def desk(services, world):
    return make_desk(services, world)


def stored(db, booking_id: int) -> Booking:
    return load(db, lambda s: s.get(Booking, booking_id))


def today_booking(services, world, desk, start="10:00", end="12:00", youth=None, room=None) -> int:
    return book(services, world.front_desk, world.a, room or desk.room, youth or desk.y1, day=TODAY,
                start=start, end=end)


# ------------------------------------------------------------------------ check-in
def test_the_desk_undoes_its_check_in_the_same_day(services, world, desk, clock):
    bid = today_booking(services, world, desk)
    row = services.rooms.check_in(world.front_desk, bid)
    assert row.status == BookingStatus.CHECKED_IN and row.undo_until == MIDNIGHT
    assert services.rooms.get(world.front_desk, bid).undo_until == MIDNIGHT
    assert services.rooms.day_view(world.front_desk, world.a, TODAY).bookings[0].undo_until == MIDNIGHT

    clock.advance(hours=1)  # 11:00
    back = services.rooms.undo_check_in(world.front_desk, bid)
    assert (back.status, back.undo_until, back.check_in_open) == (BookingStatus.BOOKED, None, True)
    b = stored(services.db, bid)
    assert (b.status, b.checked_in_at, b.checked_in_by) == (BookingStatus.BOOKED, None, None)
    change, note = audit_rows(services.db, entity="booking", entity_id=str(bid))[-2:]
    assert change.action == "update" and change.username == "frontdesk"
    assert change.old_values["status"] == "checked_in" and change.new_values["status"] == "booked"
    assert change.new_values["checked_in_at"] is None and change.new_values["checked_in_by"] is None
    assert (note.action, note.detail) == ("update", "입실 취소 (스터디룸 A 11/27 10:00–12:00)")
    # and it can be checked in again
    assert services.rooms.check_in(world.front_desk, bid).status == BookingStatus.CHECKED_IN


def test_another_desk_may_not_undo_a_check_in_but_a_manager_and_an_admin_may(services, world, desk):
    other = second_desk(services, world)
    first, second = today_booking(services, world, desk), today_booking(services, world, desk,
                                                                        room=desk.room2, youth=desk.y2)
    for bid in (first, second):
        services.rooms.check_in(world.front_desk, bid)
    assert services.rooms.get(other, first).undo_until is None  # the row says so too
    before = audit_count(services.db)
    with pytest.raises(PermissionDenied) as err:
        services.rooms.undo_check_in(other, first)
    assert err.value.message == "입실은(는) 처리한 직원이나 시설 관리자만 되돌릴 수 있습니다."
    assert stored(services.db, first).status == BookingStatus.CHECKED_IN
    assert audit_count(services.db) == before
    with pytest.raises(PermissionDenied):  # a counselor may not touch bookings at all
        services.rooms.undo_check_in(world.counselor, first)

    assert services.rooms.get(world.manager, first).undo_until == MIDNIGHT
    assert services.rooms.undo_check_in(world.manager, first).status == BookingStatus.BOOKED
    assert services.rooms.undo_check_in(world.admin, second).status == BookingStatus.BOOKED


def test_a_check_in_is_not_undone_the_next_day_even_by_a_manager(services, world, desk, clock):
    bid = today_booking(services, world, desk, start="17:00", end="18:00")
    clock.now = at(TODAY, "16:45")
    services.rooms.check_in(world.front_desk, bid)
    clock.now = MIDNIGHT.astimezone(UTC) - timedelta(seconds=1)  # 23:59:59 Friday: still
    assert services.rooms.get(world.front_desk, bid).undo_until == MIDNIGHT
    clock.now = MIDNIGHT.astimezone(UTC)  # Saturday 00:00 Seoul (Friday 15:00 UTC)
    assert services.rooms.get(world.front_desk, bid).undo_until is None
    before = audit_count(services.db)
    for actor in (world.front_desk, world.manager):
        with pytest.raises(RuleViolation) as err:
            services.rooms.undo_check_in(actor, bid)
        assert err.value.rule == "undo" and "처리한 날 안에만" in err.value.message
        assert "11/27" in err.value.message
    assert stored(services.db, bid).status == BookingStatus.CHECKED_IN
    assert audit_count(services.db) == before


def test_only_a_check_in_is_undone_as_a_check_in(services, world, desk, clock):
    bid = today_booking(services, world, desk)
    with pytest.raises(Conflict) as err:
        services.rooms.undo_check_in(world.front_desk, bid)
    assert "입실 상태가 아니어서" in err.value.message
    clock.advance(minutes=16)
    services.rooms.mark_no_show(world.front_desk, bid)
    with pytest.raises(Conflict):
        services.rooms.undo_check_in(world.front_desk, bid)
    with pytest.raises(Conflict):
        services.rooms.undo_no_show(world.front_desk, today_booking(services, world, desk, "14:00", "15:00"))


# ------------------------------------------------------------------------- no-show
def test_the_desk_undoes_its_no_show_the_same_day(services, world, desk, clock):
    bid = today_booking(services, world, desk)
    clock.advance(minutes=16)
    services.rooms.mark_no_show(world.front_desk, bid)
    assert services.rooms.get(world.front_desk, bid).undo_until == MIDNIGHT
    clock.advance(minutes=30)
    row = services.rooms.undo_no_show(world.front_desk, bid)
    assert (row.status, row.cancel_code, row.no_show_candidate, row.undo_until) == (
        BookingStatus.BOOKED, None, True, None)
    b = stored(services.db, bid)
    assert (b.status, b.cancel_code, b.cancelled_at, b.cancelled_by) == (BookingStatus.BOOKED, None, None, None)
    change, note = audit_rows(services.db, entity="booking", entity_id=str(bid))[-2:]
    assert (change.old_values["status"], change.new_values["status"]) == ("no_show", "booked")
    assert note.detail == "노쇼 취소 (스터디룸 A 11/27 10:00–12:00)" and note.username == "frontdesk"
    # the youth turned up after all
    assert services.rooms.check_in(world.front_desk, bid).status == BookingStatus.CHECKED_IN


def test_undoing_one_of_three_no_shows_lifts_the_sanction(services, world, desk, clock):
    days = [TODAY, MON, MON + timedelta(days=1)]
    ids = [book(services, world.front_desk, world.a, desk.room, desk.y1, day=d, start="10:00", end="11:00")
           for d in days]
    for bid, d in zip(ids, days, strict=True):
        clock.now = at(d, "10:20")
        services.rooms.mark_no_show(world.front_desk, bid)
    assert services.rooms.no_show_ledger(world.front_desk, world.a, desk.y1).blocked_until is not None
    with pytest.raises(RuleViolation) as err:
        services.rooms.book(world.front_desk, world.a, req(desk.room, desk.y1, day=MON + timedelta(days=2)))
    assert err.value.rule == "sanction"

    services.rooms.undo_no_show(world.front_desk, ids[-1])  # the last one, the same day
    ledger = services.rooms.no_show_ledger(world.front_desk, world.a, desk.y1)
    assert ledger.blocked_until is None and [r.id for r in ledger.no_shows] == ids[1::-1]
    new = services.rooms.book(world.front_desk, world.a, req(desk.room, desk.y1, day=MON + timedelta(days=2)))
    assert services.rooms.get(world.front_desk, new).status == BookingStatus.BOOKED
    with pytest.raises(RuleViolation):  # the earlier ones belong to other days
        services.rooms.undo_no_show(world.manager, ids[0])


def test_a_no_show_whose_time_went_to_the_waitlist_is_not_undone(services, world, desk, clock):
    bid = today_booking(services, world, desk, "10:00", "12:00")
    entry = services.room_waitlist.add(world.front_desk, world.a, {
        "room_id": desk.room, "youth_id": desk.y2, "day": TODAY, "start": "11:00", "end": "12:00"})
    clock.advance(minutes=16)
    services.rooms.mark_no_show(world.front_desk, bid)
    taken = services.room_waitlist.accept(world.front_desk, entry, identity_confirmed=True)
    before = audit_count(services.db)
    with pytest.raises(Conflict) as err:
        services.rooms.undo_no_show(world.front_desk, bid)
    assert err.value.message == ("그 사이 이 시간에 다른 예약이 들어와 노쇼를 되돌릴 수 없습니다: "
                                 "11:00–12:00 김*준 (1명)")
    assert stored(services.db, bid).status == BookingStatus.NO_SHOW
    assert stored(services.db, taken).status == BookingStatus.BOOKED
    assert audit_count(services.db) == before
    # once the other booking is cancelled, the time is free again
    services.rooms.cancel(world.front_desk, taken, by="youth")
    assert services.rooms.undo_no_show(world.front_desk, bid).status == BookingStatus.BOOKED


def test_a_no_show_whose_time_a_walk_in_filled_is_not_undone(services, world, desk, clock):
    bid = today_booking(services, world, desk, "10:00", "12:00")
    clock.advance(minutes=20)
    services.rooms.mark_no_show(world.manager, bid)
    services.rooms.walk_in(world.front_desk, world.a, desk.room, desk.y2, "11:00")  # 10:00–11:00
    with pytest.raises(Conflict) as err:
        services.rooms.undo_no_show(world.manager, bid)
    assert "10:00–11:00 김*준" in err.value.message
    assert stored(services.db, bid).status == BookingStatus.NO_SHOW


def test_an_open_offer_of_the_freed_time_goes_back_to_waiting(services, world, desk, clock):
    bid = today_booking(services, world, desk, "10:00", "12:00")
    entry = services.room_waitlist.add(world.front_desk, world.a, {
        "room_id": desk.room, "youth_id": desk.y2, "day": TODAY, "start": "11:00", "end": "12:00"})
    clock.advance(minutes=16)
    services.rooms.mark_no_show(world.front_desk, bid)
    assert [w.id for w in services.rooms.day_view(world.front_desk, world.a, TODAY).offers] == [entry]
    services.rooms.undo_no_show(world.front_desk, bid)
    view = services.rooms.day_view(world.front_desk, world.a, TODAY)
    assert view.offers == () and [w.id for w in view.waiting] == [entry]
    w = load(services.db, lambda s: s.get(WaitlistEntry, entry))
    assert (w.status, w.offered_at) == (WaitStatus.WAITING, None)


def test_the_database_refuses_an_undo_that_a_concurrent_booking_beat(services, world, desk, clock, monkeypatch):
    """The check finds nothing (the other desk's booking is not committed yet when it runs):
    the overlap guard of the database refuses the status change, and nothing is written."""
    import models.rooms.service as room_service
    bid = today_booking(services, world, desk, "10:00", "12:00")
    clock.advance(minutes=16)
    services.rooms.mark_no_show(world.front_desk, bid)
    services.rooms.walk_in(world.front_desk, world.a, desk.room, desk.y2, "11:00")
    monkeypatch.setattr(room_service, "room_clash", lambda *a, **k: None)
    before = audit_count(services.db)
    with pytest.raises(Conflict) as err:
        services.rooms.undo_no_show(world.front_desk, bid)
    assert err.value.message == room_service.UNDO_RACE_MESSAGE
    assert stored(services.db, bid).status == BookingStatus.NO_SHOW
    assert audit_count(services.db) == before


def test_another_desk_may_not_undo_a_no_show_nor_anyone_the_next_day(services, world, desk, clock):
    other = second_desk(services, world)
    bid = today_booking(services, world, desk)
    clock.advance(minutes=16)
    services.rooms.mark_no_show(world.front_desk, bid)
    with pytest.raises(PermissionDenied) as err:
        services.rooms.undo_no_show(other, bid)
    assert "노쇼 확정은(는) 처리한 직원이나 시설 관리자만" in err.value.message
    clock.now = MIDNIGHT.astimezone(UTC) + timedelta(hours=9)  # Saturday 09:00
    with pytest.raises(RuleViolation):
        services.rooms.undo_no_show(world.front_desk, bid)
    assert stored(services.db, bid).status == BookingStatus.NO_SHOW
