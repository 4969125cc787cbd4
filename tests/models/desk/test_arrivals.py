"""Today's arrivals (``services.arrivals.today``): the room and booth bookings of the
facility's day in one list, in time order, with masked phones and the check-in decided.
The day is built by tests/factories/arrivals.py (Friday 2026-11-27, clock at 10:00)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import event

from models.core.enums import Role
from models.core.errors import NotFound, PermissionDenied
from models.desk.arrivals import ArrivalRow, Arrivals
from models.desk.enums import BookingStatus
from tests.factories.arrivals import TODAY, YOUTHS, make_arrivals
from tests.factories.rooms import at

YOUTHS_BY_NAME = {name: (name, phone, birth) for name, phone, birth in YOUTHS.values()}


@pytest.fixture
def day(services, world):
    return make_arrivals(services, world)


def test_rooms_and_booths_together_in_time_order(services, world, day):
    arrivals = services.arrivals.today(world.front_desk, world.a)
    assert isinstance(arrivals, Arrivals) and arrivals.day == TODAY and arrivals.facility_id == world.a
    b = day.booking
    assert [(r.kind, r.booking_id) for r in arrivals.rows] == [
        ("room", b.hong), ("room", b.park), ("booth", b.kim), ("booth", b.lee), ("room", b.hong2)]
    assert [r.time_text for r in arrivals.rows] == [
        "09:30–11:00", "09:30–10:30", "10:00–10:50", "11:00–11:50", "13:00–14:00"]
    assert [r.place_name for r in arrivals.rows] == [
        "스터디룸 A", "회의실 1", "AI 면접 부스 1", "AI 면접 부스 1", "회의실 1"]
    assert [r.kind_label for r in arrivals.rows] == ["스터디룸", "회의실", "AI 면접", "AI 면접", "회의실"]
    assert [r.detail for r in arrivals.rows] == ["스터디", "회의", "AI 면접체험", "AI 역량검사", "회의"]
    assert [r.youth_name for r in arrivals.rows] == ["홍길동", "박서준", "김민수", "이영희", "홍지수"]
    assert [r.youth_id for r in arrivals.rows] == [
        day.youth.hong, day.youth.park, day.youth.kim, day.youth.lee, day.youth.hong2]
    assert all(r.starts_at.utcoffset().total_seconds() == 9 * 3600 for r in arrivals.rows)  # Seoul
    assert (arrivals.total, arrivals.checked_in, arrivals.waiting) == (5, 1, 4)


def test_status_and_check_in_are_decided_by_the_service(services, world, day):
    rows = {r.youth_name: r for r in services.arrivals.today(world.front_desk, world.a).rows}
    assert {n: (r.status, r.check_in_open) for n, r in rows.items()} == {
        "홍길동": (BookingStatus.BOOKED, True), "박서준": (BookingStatus.CHECKED_IN, False),
        "김민수": (BookingStatus.BOOKED, True), "이영희": (BookingStatus.BOOKED, False),
        "홍지수": (BookingStatus.BOOKED, False)}
    assert rows["홍길동"].check_in_note == ""
    assert rows["박서준"].check_in_note == "이미 입실 처리된 예약입니다."
    assert "10:30부터" in rows["이영희"].check_in_note
    services.clock.now = at(TODAY, "10:30")  # 11:00 opens 30 minutes before
    rows = {r.youth_name: r for r in services.arrivals.today(world.front_desk, world.a).rows}
    assert rows["이영희"].check_in_open and rows["이영희"].check_in_note == ""
    services.clock.now = at(TODAY, "11:00")  # 09:30–11:00 has ended: booked, not open
    rows = {r.youth_name: r for r in services.arrivals.today(world.front_desk, world.a).rows}
    assert rows["홍길동"].status == BookingStatus.BOOKED and not rows["홍길동"].check_in_open
    assert "지나" in rows["홍길동"].check_in_note


def test_other_facilities_other_days_and_cancelled_bookings_are_left_out(services, world, day):
    ids = {r.booking_id for r in services.arrivals.today(world.admin, world.a).rows}
    assert day.booking.choi not in ids  # cancelled
    booths = {r.booking_id for r in services.arrivals.today(world.admin, world.a).rows if r.kind == "booth"}
    assert day.booking.monday not in booths  # Monday
    other = services.arrivals.today(world.admin, world.b)
    assert [(r.kind, r.booking_id, r.place_name) for r in other.rows] == [
        ("room", day.booking.other, "스터디룸 B")]
    services.clock.now = at(TODAY, "23:59")
    assert len(services.arrivals.today(world.admin, world.a).rows) == 5  # still today
    services.clock.now = at(TODAY + timedelta(days=1), "00:00")
    assert services.arrivals.today(world.admin, world.a).rows == ()  # Saturday: nothing


def test_phones_are_masked_only(services, world, day):
    arrivals = services.arrivals.today(world.front_desk, world.a)
    phones = {r.youth_name: (r.phone_masked, r.phone_last4) for r in arrivals.rows}
    assert phones["홍길동"] == ("010-****-5678", "5678")
    assert phones["홍지수"] == ("010-****-1235", "1235")
    full = {p.replace("-", "") for _n, p, _b in YOUTHS.values()} | {p for _n, p, _b in YOUTHS.values()}
    for row in arrivals.rows:
        text = repr(row)
        assert not any(number in text for number in full), text
        middle = YOUTHS_BY_NAME[row.youth_name][1].split("-")[1]
        assert middle not in row.phone_masked
        assert {f.name for f in dataclasses.fields(ArrivalRow)}.isdisjoint({"phone", "phone_full"})


def test_a_user_without_booking_view_at_the_facility_is_refused(services, world, day):
    with pytest.raises(PermissionDenied):
        services.arrivals.today(world.front_desk, world.b)  # works at CAFE-A only
    with pytest.raises(PermissionDenied):
        services.arrivals.today(None, world.a)
    nobody = services.accounts.create_user(
        world.admin, {"username": "bdesk", "display_name": "나 안내", "password": "pass1234"},
        grants=[(Role.FRONT_DESK, world.b)])
    with pytest.raises(PermissionDenied):
        services.arrivals.today(services.accounts.refresh_actor(nobody), world.a)
    # the counselor and the manager see it
    assert len(services.arrivals.today(world.counselor, world.a).rows) == 5
    assert len(services.arrivals.today(world.manager, world.a).rows) == 5
    with pytest.raises(NotFound):
        services.arrivals.today(world.admin, 999_999)


def test_one_read_transaction_one_query_per_area(services, world, day, db):
    statements = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        services.arrivals.today(world.front_desk, world.a)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    # the account's live check, the facility, the room bookings, the booth bookings
    assert len(selects) == 4, selects
    assert sum("FROM booking " in s or "FROM booking\n" in s for s in selects) == 1
    assert sum("FROM booth_booking" in s for s in selects) == 1
    assert not any(s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for s in statements)


def test_a_check_in_shows_in_the_next_list(services, world, day):
    services.rooms.check_in(world.front_desk, day.booking.hong)
    services.booths.check_in(world.front_desk, day.booking.kim)
    arrivals = services.arrivals.today(world.front_desk, world.a)
    assert (arrivals.total, arrivals.checked_in, arrivals.waiting) == (5, 3, 2)
    rows = {r.booking_id: r for r in arrivals.rows}
    assert rows[day.booking.hong].status == BookingStatus.CHECKED_IN
    assert rows[day.booking.kim].status == BookingStatus.CHECKED_IN and not rows[day.booking.kim].check_in_open


def row(**over) -> ArrivalRow:
    base = dict(kind="room", booking_id=1, starts_at=at(TODAY, "10:00"), ends_at=at(TODAY, "11:00"),
                place_name="스터디룸 A", youth_id=1, youth_name="홍길동", phone_masked="010-****-5678",
                phone_last4="5678", status=BookingStatus.BOOKED, check_in_open=True, detail="스터디")
    base.update(over)
    return ArrivalRow(**base)


@pytest.mark.parametrize(("query", "hit"), [
    ("", True), ("  ", True), ("홍", True), ("길동", True), ("홍길동", True), ("김", False),
    ("5678", True), ("56", True), ("5", True), ("678", False), ("1234", False), ("56789", False),
    ("01012345678", True), ("010-9999-5678", True), ("011-1234-5678", False), ("홍 5678", True),
    ("홍 1234", False), ("ALEX", False), ("-", False),
])
def test_the_search_text_matches_name_or_the_last_four_digits(query, hit):
    assert row().matches(query) is hit


def test_latin_names_match_without_case():
    assert row(youth_name="Alex Kim").matches("alex")
    assert not row(phone_last4="", phone_masked="***").matches("5678")
