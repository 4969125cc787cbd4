"""동의 철회 cancels what is still to come (issue 16): in the withdrawal's transaction the
youth's future room bookings (at every facility), booth bookings, waitlist entries and
course applications in selection are cancelled, reason 동의 철회, as the desk's own
cancellation records them; past and checked-in rows and other youths' rows stay, and the
freed room time is offered to the next youth waiting."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from models.core.errors import ValidationError
from models.lifecycle.privacy import PrivacyService
from models.lifecycle.requests import WITHDRAWN
from models.lifecycle.withdrawal import REASON, Upcoming
from tests.factories import booths as booth_f
from tests.factories import rooms as room_f
from tests.factories.rooms import MON, TODAY
from tests.models.courses.builders import make_campus, open_course
from tests.models.util import audit_rows


def raw(db, sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def booking(db, bid):
    return raw(db, "SELECT status, cancel_code, cancel_reason, cancelled_by FROM booking WHERE id = :i", i=bid)[0]


def test_a_withdrawal_cancels_the_youths_future_bookings_waits_and_applications(services, world):
    privacy = PrivacyService.of(services)
    desk = room_f.make_desk(services, world)
    booth = booth_f.add_booth(services, world)
    booth_f.publish(services, world, booth)
    booths = SimpleNamespace(b1=booth)
    y, other, third = desk.y1, desk.y2, desk.y3
    # room bookings: two to come at CAFE-A, one at CAFE-B (the youth is city-wide), one
    # past (still 예약, left to the desk's no-show), and another youth's
    mine = room_f.book(services, world.front_desk, world.a, desk.room, y)
    later = room_f.book(services, world.front_desk, world.a, desk.room2, y, day=date(2026, 12, 2))
    b_room = room_f.add_room(services, world, "나 스터디룸", facility=world.b)
    at_b = room_f.book(services, world.admin, world.b, b_room, y, day=date(2026, 12, 1))
    room_f.raw_insert(services.db, world, desk.room, y, "06:00", "07:00", day=TODAY)
    past = raw(services.db, "SELECT id FROM booking WHERE youth_id = :y ORDER BY starts_at LIMIT 1", y=y)[0][0]
    theirs = room_f.book(services, world.front_desk, world.a, desk.room, third, start="16:00", end="17:00")
    # the waitlist: another youth waits for the youth's room time, the youth waits for a third's
    their_wait = services.room_waitlist.add(world.front_desk, world.a, {
        "room_id": desk.room, "youth_id": other, "day": MON, "start": "14:00", "end": "16:00"})
    my_wait = services.room_waitlist.add(world.front_desk, world.a, {
        "room_id": desk.room, "youth_id": y, "day": MON, "start": "16:00", "end": "17:00"})
    # a booth booking to come and another youth's
    my_booth = booth_f.book(services, world, booths, y)
    their_booth = booth_f.book(services, world, booths, other, hhmm="11:00")
    # a course application in selection
    env = make_campus(services, world)
    course = open_course(services, env)
    app = services.courses.apply(env.manager, course, {"youth_id": y, "applied_on": date(2026, 11, 20),
                                                       "channel": "online"})

    assert privacy.withdrawal_preview(world.front_desk, world.a, y) == Upcoming(3, 1, 1, 1)
    result = privacy.withdraw(world.front_desk, world.a, y)

    assert result.day == TODAY and result.cancelled == Upcoming(3, 1, 1, 1)
    assert result.cancelled.describe() == "룸 예약 3건, 부스 예약 1건, 대기 1건, 교육과정 지원 1건"
    desk_user = world.front_desk.user_id
    for bid in (mine, later, at_b):
        assert booking(services.db, bid) == ("cancelled", "staff", REASON, desk_user)
    assert booking(services.db, past)[0] == "booked" and booking(services.db, theirs)[0] == "booked"
    waits = dict(raw(services.db, "SELECT id, status FROM waitlist_entry"))
    assert waits == {my_wait: "withdrawn", their_wait: "offered"}  # the freed time goes to the next
    booth_rows = dict(raw(services.db, "SELECT id, status FROM booth_booking"))
    assert booth_rows == {my_booth: "cancelled", their_booth: "booked"}
    assert raw(services.db, "SELECT cancel_code, cancel_reason, cancelled_by FROM booth_booking WHERE id = :i",
               i=my_booth) == [("staff", REASON, desk_user)]
    assert raw(services.db, "SELECT status, withdrawn_on, withdraw_reason, version FROM course_application "
               "WHERE id = :i", i=app)[0][0] == "withdrawn"
    application = services.courses.get_application(env.manager, app)
    assert application.status.value == "withdrawn" and application.version == 2
    # audited as the desk's own cancellation (a row per booking), and the withdrawal names the counts
    updated = {(r.entity, r.entity_id) for r in audit_rows(services.db, action="update")}
    assert {("booking", str(mine)), ("booking", str(at_b)), ("booth_booking", str(my_booth)),
            ("waitlist_entry", str(my_wait)), ("course_application", str(app))} <= updated
    line = [r.detail for r in audit_rows(services.db, entity="youth", action="update") if r.detail][-1]
    assert "동의 철회" in line and "룸 예약 3건" in line
    # nothing left to cancel; and still nothing can be booked
    assert privacy.withdrawal_preview(world.front_desk, world.a, y) == Upcoming()
    with pytest.raises(ValidationError) as err:
        room_f.book(services, world.front_desk, world.a, desk.room2, y, day=date(2026, 12, 3))
    assert err.value.errors["youth_id"] == WITHDRAWN


def test_a_withdrawal_with_nothing_to_come_cancels_nothing(services, world):
    privacy = PrivacyService.of(services)
    desk = room_f.make_desk(services, world)
    theirs = room_f.book(services, world.front_desk, world.a, desk.room, desk.y2)
    assert privacy.withdrawal_preview(world.front_desk, world.a, desk.y1).describe() == "없음"
    result = privacy.withdraw(world.front_desk, world.a, desk.y1)
    assert result.cancelled.total == 0
    assert booking(services.db, theirs)[0] == "booked"
