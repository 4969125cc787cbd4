"""Undoing a booth check-in (입실 취소) or a confirmed no-show (노쇼 취소) the same day
(issue 11, item 2), on SQLite and PostgreSQL.

As for rooms: only on the Seoul day of the action, only by the user who made it
(``checked_in_by``, migration 0009, / ``cancelled_by``) or a manager, and a no-show only
while its slot has not gone to someone else. A refusal writes nothing. FakeClock: Friday
2026-11-27 10:00 in Seoul; the ``desk`` fixture publishes two booths from Monday 11/30.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models.booths.tables import BoothBooking
from models.core.errors import Conflict, PermissionDenied, RuleViolation
from models.desk.enums import BookingStatus
from tests.factories.booths import book, slot
from tests.factories.rooms import MON, SEOUL, at
from tests.factories.undo import audit_count, second_desk
from tests.models.util import audit_rows, load

TUE, WED, THU = (MON + timedelta(days=d) for d in range(1, 4))
MON_MIDNIGHT = datetime(2026, 12, 1, 0, 0, tzinfo=SEOUL)


def stored(db, booking_id: int) -> BoothBooking:
    return load(db, lambda s: s.get(BoothBooking, booking_id))


def checked_in(services, world, desk, clock, actor=None) -> int:
    """y1's Monday 10:00 session in booth 1, checked in at 10:05."""
    bid = book(services, world, desk, desk.y1)
    clock.now = at(MON, "10:05")
    services.booths.check_in(actor or world.front_desk, bid)
    return bid


def no_show(services, world, desk, clock, day=MON, youth=None, actor=None) -> int:
    bid = book(services, world, desk, youth or desk.y1, day)
    clock.now = at(day, "10:16")
    services.booths.mark_no_show(actor or world.front_desk, bid)
    return bid


def test_the_desk_undoes_its_booth_check_in_the_same_day(services, world, desk, clock):
    bid = checked_in(services, world, desk, clock)
    b = stored(services.db, bid)
    assert (b.status, b.checked_in_by) == (BookingStatus.CHECKED_IN, world.front_desk.user_id)
    assert services.booths.get(world.front_desk, bid).undo_until == MON_MIDNIGHT
    clock.now = at(MON, "10:20")
    services.booths.undo_check_in(world.front_desk, bid)
    b = stored(services.db, bid)
    assert (b.status, b.checked_in_at, b.checked_in_by) == (BookingStatus.BOOKED, None, None)
    row = services.booths.get(world.front_desk, bid)
    assert (row.status, row.undo_until) == (BookingStatus.BOOKED, None)
    change, note = audit_rows(services.db, entity="booth_booking", entity_id=str(bid))[-2:]
    assert (change.old_values["status"], change.new_values["status"]) == ("checked_in", "booked")
    assert change.new_values["checked_in_by"] is None
    assert note.detail == "입실 취소 (AI 면접 부스 1 11/30 10:00–10:50)" and note.username == "frontdesk"


def test_a_booth_check_in_with_a_result_or_a_consultation_is_not_undone(services, world, desk, clock):
    bid = checked_in(services, world, desk, clock)
    services.booths.record_result(world.front_desk, bid, {"received": True, "grade": "A"})
    before = audit_count(services.db)
    with pytest.raises(Conflict) as err:
        services.booths.undo_check_in(world.front_desk, bid)
    assert "결과를 기록한 예약" in err.value.message
    assert audit_count(services.db) == before
    services.booths.record_result(world.front_desk, bid, {"received": False})
    services.booths.request_consult(world.front_desk, bid)
    with pytest.raises(Conflict) as err:
        services.booths.undo_check_in(world.manager, bid)
    assert "분석 컨설팅을 요청한 예약" in err.value.message
    assert stored(services.db, bid).status == BookingStatus.CHECKED_IN


def test_another_desk_may_not_undo_a_booth_check_in_a_manager_may_the_next_day_nobody(
        services, world, desk, clock):
    other = second_desk(services, world)
    bid = checked_in(services, world, desk, clock)
    assert services.booths.get(other, bid).undo_until is None
    with pytest.raises(PermissionDenied):
        services.booths.undo_check_in(other, bid)
    assert stored(services.db, bid).status == BookingStatus.CHECKED_IN
    services.booths.undo_check_in(world.manager, bid)
    services.booths.check_in(world.front_desk, bid)
    clock.now = MON_MIDNIGHT.astimezone(UTC)
    before = audit_count(services.db)
    with pytest.raises(RuleViolation) as err:
        services.booths.undo_check_in(world.manager, bid)
    assert err.value.rule == "undo"
    assert audit_count(services.db) == before


def test_a_check_in_without_its_desk_recorded_is_left_to_a_manager(services, world, desk, clock):
    """Check-ins from before migration 0009 have no checked_in_by."""
    bid = checked_in(services, world, desk, clock)
    services.db.write(lambda s: setattr(s.get(BoothBooking, bid), "checked_in_by", None))
    with pytest.raises(PermissionDenied):
        services.booths.undo_check_in(world.front_desk, bid)
    services.booths.undo_check_in(world.manager, bid)
    assert stored(services.db, bid).status == BookingStatus.BOOKED


def test_the_desk_undoes_its_booth_no_show(services, world, desk, clock):
    bid = no_show(services, world, desk, clock)
    assert services.booths.get(world.front_desk, bid).undo_until == MON_MIDNIGHT
    services.booths.undo_no_show(world.front_desk, bid)
    b = stored(services.db, bid)
    assert (b.status, b.cancel_code, b.cancelled_at, b.cancelled_by) == (BookingStatus.BOOKED, None, None, None)
    note = audit_rows(services.db, entity="booth_booking", entity_id=str(bid))[-1]
    assert note.detail == "노쇼 취소 (AI 면접 부스 1 11/30 10:00–10:50)"
    services.booths.check_in(world.front_desk, bid)  # 10:16: the youth came after all


def test_undoing_one_of_three_booth_no_shows_lifts_the_sanction(services, world, desk, clock):
    services.booths.set_weekly_limit(world.manager, world.a, 5)
    ids = [no_show(services, world, desk, clock, day) for day in (MON, TUE, WED)]
    with pytest.raises(RuleViolation) as err:
        book(services, world, desk, desk.y1, THU)
    assert err.value.rule == "sanction"
    services.booths.undo_no_show(world.front_desk, ids[-1])
    bid = book(services, world, desk, desk.y1, THU)
    assert services.booths.get(world.front_desk, bid).status == BookingStatus.BOOKED
    with pytest.raises(RuleViolation):  # Monday's was another day
        services.booths.undo_no_show(world.front_desk, ids[0])


def test_a_booth_no_show_whose_slot_a_walk_in_filled_is_not_undone(services, world, desk, clock):
    bid = no_show(services, world, desk, clock)
    walk_in = services.booths.walk_in(world.front_desk, slot(services, world, desk), desk.y2, "ai_interview")
    before = audit_count(services.db)
    with pytest.raises(Conflict) as err:
        services.booths.undo_no_show(world.front_desk, bid)
    assert err.value.message == "그 사이 이 회차에 김*준 님이 배정되어 노쇼를 되돌릴 수 없습니다."
    assert stored(services.db, bid).status == BookingStatus.NO_SHOW
    assert stored(services.db, walk_in).status == BookingStatus.BOOKED
    assert audit_count(services.db) == before
    services.booths.cancel(world.front_desk, walk_in, "staff", "잘못 배정")
    services.booths.undo_no_show(world.front_desk, bid)
    assert stored(services.db, bid).status == BookingStatus.BOOKED


def test_a_booth_no_show_whose_slot_was_blocked_is_not_undone(services, world, desk, clock):
    bid = no_show(services, world, desk, clock)
    services.booth_slots.block(world.front_desk, slot(services, world, desk), "장비 점검")
    with pytest.raises(Conflict) as err:
        services.booths.undo_no_show(world.front_desk, bid)
    assert "차단되어(장비 점검)" in err.value.message
    assert stored(services.db, bid).status == BookingStatus.NO_SHOW


def test_the_unique_index_refuses_an_undo_that_a_concurrent_walk_in_beat(services, world, desk, clock, db):
    """A walk-in slipped in under the check (here: written straight into the table between the
    check and the flush): the partial unique index refuses the undo, nothing is written."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from tests.factories.booths import raw_booking
    bid = no_show(services, world, desk, clock)
    sid = slot(services, world, desk)
    fired = []

    def before_flush(session, _ctx, _instances):
        if not fired and any(isinstance(o, BoothBooking) and o.id == bid for o in session.dirty):
            fired.append(True)
            raw_booking(db, world.a, sid, desk.y2)  # the other desk commits first

    if db.engine.dialect.name == "sqlite":
        pytest.skip("SQLite writers are serialised: no other desk can commit meanwhile")
    event.listen(Session, "before_flush", before_flush)
    try:
        with pytest.raises(Conflict) as err:
            services.booths.undo_no_show(world.front_desk, bid)
    finally:
        event.remove(Session, "before_flush", before_flush)
    assert fired and "방금 다른 창구에서" in err.value.message
    assert stored(services.db, bid).status == BookingStatus.NO_SHOW


def test_another_desk_may_not_undo_a_booth_no_show(services, world, desk, clock):
    other = second_desk(services, world)
    bid = no_show(services, world, desk, clock)
    with pytest.raises(PermissionDenied):
        services.booths.undo_no_show(other, bid)
    with pytest.raises(PermissionDenied):
        services.booths.undo_no_show(world.counselor, bid)
    services.booths.undo_no_show(world.admin, bid)
    assert stored(services.db, bid).status == BookingStatus.BOOKED
