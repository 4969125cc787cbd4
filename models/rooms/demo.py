"""Demo room bookings for the job cafés: two months back and two weeks ahead, busy
afternoons, some no-shows and cancellations, and a recurring study group.

Rows are generated so that they obey the facility's rules (opening hours, 30-minute steps,
no overlaps, at most 3 hours per youth per day), and bulk-inserted in one transaction
(Core inserts: thousands of synthetic rows would otherwise take a minute through the ORM
and flood the audit log).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import insert

from models.core.calendar import holiday_name, opening_span
from models.core.time import SEOUL
from models.desk.enums import BookingStatus, CancelCode
from models.facilities.enums import FacilityKind, FacilityStatus, RoomKind
from models.facilities.tables import Facility, Room
from models.rooms.enums import Purpose
from models.rooms.tables import Booking, BookingSeries, WaitlistEntry

if TYPE_CHECKING:  # the registry imports every area; a demo only needs its type
    from models.registry import Services

BOOKABLE = (RoomKind.STUDY_ROOM, RoomKind.MEETING_ROOM)
# relative demand per starting hour: quiet mornings, busy afternoons
HOUR_WEIGHT = {9: 1, 10: 2, 11: 2, 12: 2, 13: 4, 14: 6, 15: 6, 16: 5, 17: 4, 18: 3, 19: 2, 20: 1}


def _at(day: date, minutes: int) -> datetime:
    return datetime.combine(day, time(minutes // 60, minutes % 60), SEOUL)


def generate_bookings(services: Services, admin, youth_ids: list[int], rng: random.Random,
                      days_back: int = 60, days_ahead: int = 14) -> int:
    today = services.accounts.today()
    now = services.clock()

    def work(s):
        from sqlmodel import select
        cafes = s.exec(select(Facility).where(Facility.kind == FacilityKind.JOB_CAFE,
                                              Facility.status == FacilityStatus.OPEN)).all()
        count = 0
        for cafe in cafes:
            rooms = s.exec(select(Room).where(Room.facility_id == cafe.id, Room.kind.in_(BOOKABLE))
                           .order_by(Room.name)).all()
            busy = 1.0 if cafe.code == "CAFE-CENTER" else 0.45
            regulars = rng.sample(youth_ids, min(len(youth_ids), 400))
            rows: list[dict] = []
            for offset in range(-days_back, days_ahead + 1):
                day = today + timedelta(days=offset)
                span = opening_span(cafe, day)
                if span is None or holiday_name(day):
                    continue
                used: dict[int, int] = {}
                for room in rooms:
                    rows += _fill_room(cafe, room, day, span, busy, regulars, used, rng, now, admin)
            if cafe.code == "CAFE-CENTER":
                rows = _study_group(s, cafe, rows, today, admin, now, youth_ids)
            if rows:
                s.execute(insert(Booking), rows)
            count += len(rows)
        _waitlist(s, cafes, today, rng, admin, now, youth_ids)
        return count

    return services.db.write(work, actor=admin)


def _fill_room(cafe, room, day, span, busy, regulars, used, rng, now, admin) -> list[dict]:
    opens = span[0].hour * 60 + span[0].minute
    closes = span[1].hour * 60 + span[1].minute
    t = opens + rng.choice([0, 30, 60, 90])
    made = []
    while t < closes - 60:
        weight = HOUR_WEIGHT.get(t // 60, 1) / 6
        if rng.random() > weight * busy:
            t += 30
            continue
        length = rng.choice([60, 90, 120, 120, 120, 180])
        end = min(t + length, closes)
        youth = rng.choice(regulars)
        if used.get(youth, 0) + (end - t) > 180:
            t += 30
            continue
        used[youth] = used.get(youth, 0) + (end - t)
        starts, ends = _at(day, t), _at(day, end)
        status, code, reason = _outcome(starts, ends, now, rng)
        made.append(dict(
            facility_id=cafe.id, room_id=room.id, youth_id=youth, series_id=None, starts_at=starts,
            ends_at=ends, headcount=rng.randint(1, room.capacity),
            purpose=Purpose.STUDY if room.kind == RoomKind.STUDY_ROOM
            else rng.choice([Purpose.MEETING, Purpose.INTERVIEW_PRACTICE]),
            note="", status=status, walk_in=rng.random() < 0.08, created_at=starts - timedelta(days=2),
            created_by=admin.user_id,
            checked_in_at=starts + timedelta(minutes=rng.randint(0, 10))
            if status == BookingStatus.CHECKED_IN else None,
            cancelled_at=(starts - timedelta(hours=rng.choice([0.5, 5, 30]))) if code else None,
            cancel_code=code, cancel_reason=reason))
        t = end + rng.choice([0, 0, 30, 60])
    return made


def _outcome(starts, ends, now, rng):
    r = rng.random()
    if starts > now:
        if r < 0.08:
            return BookingStatus.CANCELLED, CancelCode.YOUTH, None
        return BookingStatus.BOOKED, None, None
    if ends > now and r < 0.5:
        return BookingStatus.BOOKED, None, None
    if r < 0.07:
        return BookingStatus.NO_SHOW, CancelCode.NO_SHOW, None
    if r < 0.13:
        return BookingStatus.CANCELLED, CancelCode.YOUTH, None
    if r < 0.16:
        return BookingStatus.CANCELLED, CancelCode.LATE, None
    if r < 0.17:
        return BookingStatus.CANCELLED, CancelCode.STAFF, "시설 점검"
    return BookingStatus.CHECKED_IN, None, None


def _study_group(s, cafe, rows: list[dict], today, admin, now, youth_ids) -> list[dict]:
    """A study group every Tuesday 14:00–16:00 for 8 weeks in the centre's largest room;
    generated bookings in its way are left out."""
    from sqlmodel import select
    room = s.exec(select(Room).where(Room.facility_id == cafe.id, Room.name == "스터디룸 D")).first()
    if room is None:
        return rows
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=3) + timedelta(days=1)
    youth = youth_ids[0]
    series = BookingSeries(facility_id=cafe.id, room_id=room.id, youth_id=youth, start_time="14:00",
                           end_time="16:00", first_day=first, weeks=8, headcount=6,
                           purpose=Purpose.STUDY, note="공기업 NCS 스터디", created_at=now,
                           created_by=admin.user_id)
    s.add(series)
    s.flush()
    for week in range(8):
        day = first + timedelta(weeks=week)
        if holiday_name(day):
            continue
        starts, ends = _at(day, 14 * 60), _at(day, 16 * 60)
        rows = [r for r in rows if not (r["room_id"] == room.id and r["starts_at"] < ends
                                        and r["ends_at"] > starts)]
        past = ends <= now
        rows.append(dict(
            facility_id=cafe.id, room_id=room.id, youth_id=youth, series_id=series.id, starts_at=starts,
            ends_at=ends, headcount=6, purpose=Purpose.STUDY, note="공기업 NCS 스터디",
            status=BookingStatus.CHECKED_IN if past else BookingStatus.BOOKED, walk_in=False,
            created_at=now, created_by=admin.user_id, checked_in_at=starts if past else None,
            cancelled_at=None, cancel_code=None, cancel_reason=None))
    return rows


def _waitlist(s, cafes, today, rng, admin, now, youth_ids) -> None:
    from sqlmodel import select
    cafe = next((c for c in cafes if c.code == "CAFE-CENTER"), None)
    if cafe is None:
        return
    rooms = s.exec(select(Room).where(Room.facility_id == cafe.id, Room.kind == RoomKind.STUDY_ROOM)).all()
    day = today + timedelta(days=1)
    for room in rooms[:2]:
        s.add(WaitlistEntry(facility_id=cafe.id, room_id=room.id, youth_id=rng.choice(youth_ids),
                            starts_at=_at(day, 15 * 60), ends_at=_at(day, 17 * 60), headcount=2,
                            purpose=Purpose.STUDY, status="waiting", created_at=now,
                            created_by=admin.user_id))


# -- the city-scale demo (models/demo.py, ``generate_city``) ---------------------------
CITY_CANCEL_RATE = 0.14  # a cancelled booking beside every seventh one (the slot was rebooked)
CITY_BUSY = {"CAFE-CENTER": 1.35}  # a café's demand relative to the others; campuses 0.6
SEASON = {1: 1.15, 2: 1.1, 3: 1.0, 4: 1.05, 5: 1.0, 6: 1.05, 7: 1.15, 8: 1.1, 9: 1.0, 10: 1.05,
          11: 0.95, 12: 0.9}
LENGTHS = (60, 90, 120, 120, 120, 180)


def _city_rooms(ctx) -> list[tuple]:
    """(facility, its bookable rooms, demand) of every open café and campus."""
    out = []
    for f in ctx.facilities:
        if f.status is not FacilityStatus.OPEN or f.kind not in (FacilityKind.JOB_CAFE, FacilityKind.CAMPUS):
            continue
        rooms = [r for r in ctx.rooms.get(f.id, []) if r.kind in BOOKABLE]
        if rooms:
            busy = CITY_BUSY.get(f.code, 1.0) if f.kind is FacilityKind.JOB_CAFE else 0.6
            out.append((f, rooms, busy))
    return out


def _day_weight(ctx, f, busy: float, day: date):
    """The demand of one room of ``f`` on ``day`` (relative), and the opening span in
    minutes; None when closed."""
    if f.opened_on is not None and day < f.opened_on:
        return None
    span = opening_span(f, day)
    if span is None or holiday_name(day):
        return None
    opens, closes = span[0].hour * 60 + span[0].minute, span[1].hour * 60 + span[1].minute
    growth = 0.7 + 0.6 * (day - ctx.start).days / max(1, (ctx.horizon - ctx.start).days)
    return busy * growth * SEASON[day.month] * (closes - opens) / 720, opens, closes


def city_bookings(ctx) -> Iterator[None]:
    """About ``ctx.plan.bookings`` room bookings at the cafés and campuses over the whole
    history and two weeks ahead: laid out per room and day without overlaps, at most three
    hours per youth a day, checked in, no-shows, and cancelled bookings whose time was
    booked again. The demand grows over the years and with the exam seasons. One step per
    month of ``ctx.periods``."""
    rng = ctx.rng("rooms")
    places = _city_rooms(ctx)
    total_w = 0.0
    day = ctx.start
    while day < ctx.horizon:
        for f, rooms, busy in places:
            w = _day_weight(ctx, f, busy, day)
            if w:
                total_w += w[0] * len(rooms)
        day += timedelta(days=1)
    per_w = ctx.plan.bookings / (1 + CITY_CANCEL_RATE) / (total_w or 1.0)
    carry = 0.0
    while True:
        rows: list[dict] = []
        events: list = []  # who made each row
        for day in ctx.days():
            used: dict[int, int] = {}
            for f, rooms, busy in places:
                w = _day_weight(ctx, f, busy, day)
                if not w:
                    continue
                for room in rooms:
                    want = per_w * w[0] * rng.uniform(0.6, 1.4)
                    take = min(carry, 0.5)
                    carry -= take
                    n = int(want + take + rng.random())
                    made = _city_room_day(ctx, rng, f, room, day, w[1], w[2], n, used, rows, events)
                    carry += n - made
        if rows:
            for bid, row in zip(ctx.new_ids(Booking, len(rows)), rows, strict=True):
                row["id"] = bid
            ctx.insert(Booking, rows)
            for row, desk in zip(rows, events, strict=True):
                _city_audit(ctx, row, desk)
        yield


def _city_room_day(ctx, rng, f, room, day, opens, closes, n, used, rows, events) -> int:
    if n <= 0:
        return 0
    lengths = [rng.choice(LENGTHS) for _ in range(n)]
    while lengths and sum(lengths) > closes - opens:
        lengths.pop()
    if not lengths:
        return 0
    free = (closes - opens - sum(lengths)) // 30
    cuts = sorted(rng.randint(0, free) for _ in lengths)
    t, prev, made = opens, 0, 0
    for length, cut in zip(lengths, cuts, strict=True):
        t += (cut - prev) * 30
        prev = cut
        start, end = t, t + length
        t = end
        youth = None
        for _ in range(3):
            y = ctx.pick_youth(rng, day)
            if y is not None and used.get(y, 0) + length <= 180:
                youth = y
                break
        if youth is None:
            continue
        used[youth] = used.get(youth, 0) + length
        starts, ends = ctx.at(day, start), ctx.at(day, end)
        desk = ctx.someone(f.id, "front_desk", rng)
        row = _city_row(ctx, rng, f, room, youth, starts, ends, desk)
        rows.append(row)
        events.append(desk)
        made += 1
        if rng.random() < CITY_CANCEL_RATE:
            other = ctx.pick_youth(rng, day)
            if other is not None and other != youth:
                rows.append(_city_cancelled(ctx, rng, f, room, other, starts, ends, desk))
                events.append(desk)
    return made


def _city_row(ctx, rng, f, room, youth, starts, ends, desk) -> dict:
    now = ctx.now
    walk_in = rng.random() < 0.08
    created = starts - (timedelta(minutes=rng.randint(1, 20)) if walk_in
                        else timedelta(days=rng.choice((0, 1, 1, 2, 3, 5, 7)), hours=rng.randint(1, 10)))
    row = dict(
        id=None, facility_id=f.id, room_id=room.id, youth_id=youth, series_id=None, starts_at=starts,
        ends_at=ends, headcount=rng.randint(1, room.capacity),
        purpose=Purpose.STUDY if room.kind == RoomKind.STUDY_ROOM
        else rng.choice([Purpose.MEETING, Purpose.INTERVIEW_PRACTICE]),
        note="", status=BookingStatus.BOOKED, walk_in=walk_in, override_reason=None, override_by=None,
        created_at=min(created, now - timedelta(minutes=rng.randint(1, 600))), created_by=desk.user_id,
        checked_in_at=None, checked_in_by=None, cancelled_at=None, cancelled_by=None,
        cancel_code=None, cancel_reason=None)
    if starts > now:
        return row
    if ends > now:
        if rng.random() < 0.8:
            row.update(status=BookingStatus.CHECKED_IN, checked_in_at=starts, checked_in_by=desk.user_id)
        return row
    if rng.random() < 0.075:
        row.update(status=BookingStatus.NO_SHOW, cancel_code=CancelCode.NO_SHOW,
                   cancelled_at=starts + timedelta(minutes=rng.randint(20, 120)), cancelled_by=desk.user_id)
    else:
        row.update(status=BookingStatus.CHECKED_IN, checked_in_by=desk.user_id,
                   checked_in_at=starts + timedelta(minutes=rng.randint(-5, 10)))
    return row


def _city_cancelled(ctx, rng, f, room, youth, starts, ends, desk) -> dict:
    row = _city_row(ctx, rng, f, room, youth, starts, ends, desk)
    r = rng.random()
    code = CancelCode.YOUTH if r < 0.65 else CancelCode.LATE if r < 0.9 else CancelCode.STAFF
    before = timedelta(hours=rng.uniform(0.2, 2.5)) if code is CancelCode.LATE \
        else timedelta(hours=rng.uniform(3, 60))
    created = row["created_at"] - timedelta(days=rng.randint(1, 4))
    cancelled = max(created + timedelta(minutes=5), min(starts - before, ctx.now - timedelta(minutes=1)))
    row.update(created_at=created, status=BookingStatus.CANCELLED, checked_in_at=None, checked_in_by=None,
               cancelled_at=cancelled, cancelled_by=desk.user_id, cancel_code=code,
               cancel_reason="시설 점검" if code is CancelCode.STAFF else None)
    return row


def _city_audit(ctx, row: dict, desk) -> None:
    """The rows the services would have logged: the insert, then the check-in, the no-show
    or the cancellation, and now and then a look at the youth's contact."""
    ctx.audit_insert(Booking, {**row, "status": BookingStatus.BOOKED, "checked_in_at": None,
                               "checked_in_by": None, "cancelled_at": None, "cancelled_by": None,
                               "cancel_code": None, "cancel_reason": None}, row["created_at"], desk)
    status, fid, bid = row["status"], row["facility_id"], row["id"]
    if status is BookingStatus.CHECKED_IN:
        ctx.audit_update("booking", bid, fid, {"status": "booked", "checked_in_at": None, "checked_in_by": None},
                         {"status": status, "checked_in_at": row["checked_in_at"],
                          "checked_in_by": row["checked_in_by"]}, row["checked_in_at"], desk)
    elif status in (BookingStatus.NO_SHOW, BookingStatus.CANCELLED):
        old = {"status": "booked", "cancelled_at": None, "cancelled_by": None, "cancel_code": None}
        new = {"status": status, "cancelled_at": row["cancelled_at"], "cancelled_by": row["cancelled_by"],
               "cancel_code": row["cancel_code"]}
        if row["cancel_reason"]:
            old["cancel_reason"], new["cancel_reason"] = None, row["cancel_reason"]
        ctx.audit_update("booking", bid, fid, old, new, row["cancelled_at"], desk)
    if bid % 23 == 0:
        ctx.audit_event("read", "youth", row["youth_id"], fid, "연락처 전체 열람",
                        row["created_at"] + timedelta(minutes=1), desk)
