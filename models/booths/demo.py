"""Demo AI-interview slots: every open café with booths publishes Mon–Fri 10:00–17:00,
50-minute slots with a 10-minute buffer, for four weeks back and two weeks ahead, booked
realistically with some no-shows, cancellations, reminders, results and consultation
requests. Bulk Core inserts keep the demo quick (see demo_bookings)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import insert
from sqlmodel import select

from models.booths.enums import ConsultStatus, SessionType, SlotSource, SlotState
from models.booths.slots import slot_times
from models.booths.tables import BoothBooking, BoothSlot, BoothTemplate, ConsultRequest
from models.core.calendar import holiday_name
from models.desk.enums import BookingStatus, CancelCode
from models.facilities.calendar import closed_reason
from models.facilities.enums import FacilityKind, FacilityStatus, RoomKind
from models.facilities.tables import Facility, Room

if TYPE_CHECKING:  # the registry imports every area; a demo only needs its type
    from models.registry import Services

TEMPLATE = {"weekdays": [0, 1, 2, 3, 4], "day_start": "10:00", "day_end": "17:00",
            "slot_minutes": 50, "buffer_minutes": 10}
SESSION_WEIGHTS = {SessionType.AI_INTERVIEW: 6, SessionType.AI_COMPETENCY: 3, SessionType.VIDEO_INTERVIEW: 1}
GRADES = ["A", "B+", "B", "C+", "C"]
STRENGTHS = ["논리적인 답변 구성", "밝은 표정과 자신감", "직무 이해도가 높음", "경험을 구체적으로 설명"]
IMPROVE = ["시선 처리", "답변 시간 조절", "두괄식 답변 연습", "지원 동기 구체화"]


def generate_booths(services: Services, admin, youth_ids: list[int], rng: random.Random,
                    weeks_back: int = 4, weeks_ahead: int = 2) -> int:
    today = services.accounts.today()
    now = services.clock()
    pattern = BoothTemplate(**TEMPLATE, room_id=0, facility_id=0)

    def work(s):
        cafes = s.exec(select(Facility).where(Facility.kind == FacilityKind.JOB_CAFE,
                                              Facility.status == FacilityStatus.OPEN)).all()
        made = 0
        for cafe in cafes:
            booths = s.exec(select(Room).where(Room.facility_id == cafe.id, Room.kind == RoomKind.AI_BOOTH)
                            .order_by(Room.name)).all()
            if not booths:
                continue
            for booth in booths:
                s.add(BoothTemplate(room_id=booth.id, facility_id=cafe.id, updated_at=now, **TEMPLATE))
            slots = []
            day = today - timedelta(weeks=weeks_back)
            while day <= today + timedelta(weeks=weeks_ahead):
                if day.weekday() < 5 and not closed_reason(s, cafe, day):
                    for booth in booths:
                        for st, en in slot_times(day, pattern):
                            blocked = rng.random() < 0.02
                            slots.append(dict(
                                facility_id=cafe.id, room_id=booth.id, starts_at=st, ends_at=en,
                                state=SlotState.BLOCKED if blocked else SlotState.OPEN,
                                source=SlotSource.TEMPLATE, block_reason="장비 점검" if blocked else None,
                                created_at=now))
                day += timedelta(days=1)
            ids = s.execute(insert(BoothSlot).returning(BoothSlot.id, sort_by_parameter_order=True),
                            slots).scalars().all()
            demand = 0.75 if cafe.code == "CAFE-CENTER" else 0.4
            bookings, week_of = [], set()
            for slot_id, slot in zip(ids, slots, strict=True):
                if slot["state"] == SlotState.OPEN and rng.random() < demand * (
                        0.5 if slot["starts_at"] > now else 1):
                    row = _booking(cafe, slot_id, slot, youth_ids, rng, now, admin, week_of, today)
                    if row:
                        bookings.append(row)
            if not bookings:
                continue
            booking_ids = s.execute(insert(BoothBooking).returning(BoothBooking.id, sort_by_parameter_order=True),
                                    bookings).scalars().all()
            consults = [dict(facility_id=cafe.id, youth_id=b["youth_id"], booth_booking_id=bid,
                             status=ConsultStatus.OPEN, note="역량검사 결과 분석 상담 희망",
                             requested_at=b["starts_at"] + timedelta(hours=1), requested_by=admin.user_id)
                        for bid, b in zip(booking_ids, bookings, strict=True)
                        if b["status"] == BookingStatus.CHECKED_IN
                        and b["session_type"] == SessionType.AI_COMPETENCY and rng.random() < 0.3]
            if consults:
                s.execute(insert(ConsultRequest), consults)
            made += len(bookings)
        return made

    return services.db.write(work, actor=admin)


def _booking(cafe, slot_id, slot, youth_ids, rng, now, admin, week_of, today) -> dict | None:
    youth = rng.choice(youth_ids)
    week = slot["starts_at"].isocalendar()[:2]
    if (youth, week) in week_of:
        return None
    week_of.add((youth, week))
    st, en = slot["starts_at"], slot["ends_at"]
    row = dict(slot_id=slot_id, facility_id=cafe.id, youth_id=youth, starts_at=st,
               session_type=rng.choices(list(SESSION_WEIGHTS), weights=list(SESSION_WEIGHTS.values()))[0],
               status=BookingStatus.BOOKED, walk_in=False, override_reason=None,
               created_at=st - timedelta(days=rng.randint(1, 6)), created_by=admin.user_id,
               checked_in_at=None, cancelled_at=None, cancel_code=None, reminded_at=None,
               reminded_by=None, result_received=False, result_grade=None, result_strengths=None,
               result_improve=None)
    if st.date() == today + timedelta(days=1) and rng.random() < 0.5:
        row.update(reminded_at=now, reminded_by=admin.user_id)
    if en <= now:
        r = rng.random()
        if r < 0.08:
            row.update(status=BookingStatus.NO_SHOW, cancel_code=CancelCode.NO_SHOW, cancelled_at=en)
        elif r < 0.15:
            row.update(status=BookingStatus.CANCELLED, cancel_code=rng.choice([CancelCode.YOUTH, CancelCode.LATE]),
                       cancelled_at=st - timedelta(hours=rng.choice([0.5, 20])))
        else:
            row.update(status=BookingStatus.CHECKED_IN, checked_in_at=st)
            if rng.random() < 0.7:
                row.update(result_received=True, result_grade=rng.choice(GRADES),
                           result_strengths=rng.choice(STRENGTHS), result_improve=rng.choice(IMPROVE))
    return row


# -- the city-scale demo (models/demo.py, ``generate_city``) ---------------------------
CITY_BOOTH_SHARE = 0.75  # the booths came later: the last three quarters of the history
CITY_DEMAND = {"CAFE-CENTER": 0.72}  # the share of open slots booked; other cafés 0.5


def city_booths(ctx) -> Iterator[None]:
    """Every café's booths from ``CITY_BOOTH_SHARE`` of the history on: the template, the
    slots (published by the manager the week before), their bookings (one a week per
    youth), outcomes, results, reminders and analysis consultations. One step per month."""
    rng = ctx.rng("booths")
    first = ctx.today - timedelta(days=round((ctx.today - ctx.start).days * CITY_BOOTH_SHARE))
    pattern = BoothTemplate(**TEMPLATE, room_id=0, facility_id=0)
    cafes = [(f, [r for r in ctx.rooms.get(f.id, []) if r.kind == RoomKind.AI_BOOTH]) for f in ctx.facilities
             if f.kind is FacilityKind.JOB_CAFE and f.status is FacilityStatus.OPEN]
    cafes = [(f, booths) for f, booths in cafes if booths]
    cafes = cafes[:max(1, round(len(cafes) * min(1.0, ctx.plan.intensity)))]
    started = False
    week_of: set = set()
    week = None
    while True:
        days = [d for d in ctx.days() if d >= first]
        if days and not started:
            started = True
            at = ctx.at(first, 9 * 60) - timedelta(days=7)
            templates = [dict(room_id=b.id, facility_id=f.id, updated_at=at, **TEMPLATE)
                         for f, booths in cafes for b in booths]
            ctx.insert(BoothTemplate, templates)
            for t in templates:
                ctx.audit_insert(BoothTemplate, t, at, ctx.someone(t["facility_id"], "manager", rng))
        slots, bookings, consults = [], [], []
        for day in days:
            if day.isocalendar()[:2] != week:
                week, week_of = day.isocalendar()[:2], set()
            if day.weekday() >= 5 or holiday_name(day):
                continue
            monday = day - timedelta(days=day.weekday())
            for f, booths in cafes:
                manager = ctx.someone(f.id, "manager", rng)
                published = min(ctx.at(monday - timedelta(days=7), 10 * 60), ctx.now)
                demand = CITY_DEMAND.get(f.code, 0.5)
                for booth in booths:
                    for st, en in slot_times(day, pattern):
                        st, en = ctx.at(day, st.hour * 60 + st.minute), ctx.at(day, en.hour * 60 + en.minute)
                        blocked = rng.random() < 0.02
                        slot = dict(id=None, facility_id=f.id, room_id=booth.id, starts_at=st, ends_at=en,
                                    state=SlotState.BLOCKED if blocked else SlotState.OPEN,
                                    source=SlotSource.TEMPLATE, block_reason="장비 점검" if blocked else None,
                                    created_at=published)
                        slots.append((slot, manager))
                        if blocked or rng.random() >= demand * (0.5 if st > ctx.now else 1):
                            continue
                        youth = ctx.pick_youth(rng, day)
                        if youth is None or (youth, week) in week_of:
                            continue
                        week_of.add((youth, week))
                        desk = ctx.someone(f.id, "front_desk", rng)
                        row = _booking(f, None, slot, [youth], rng, ctx.now, desk, set(), ctx.today)
                        row["created_at"] = max(published, min(row["created_at"], ctx.now))
                        bookings.append((row, slot, desk))
        if slots:
            for sid, (slot, _) in zip(ctx.new_ids(BoothSlot, len(slots)), slots, strict=True):
                slot["id"] = sid
            ctx.insert(BoothSlot, [s for s, _ in slots])
            for slot, manager in slots:
                ctx.audit_insert(BoothSlot, slot, slot["created_at"], manager)
        if bookings:
            for bid, (row, slot, _) in zip(ctx.new_ids(BoothBooking, len(bookings)), bookings, strict=True):
                row.update(id=bid, slot_id=slot["id"])
            ctx.insert(BoothBooking, [b for b, _, _ in bookings])
            for row, _, desk in bookings:
                consults += _city_booking_audit(ctx, rng, row, desk)
        if consults:
            for cid, c in zip(ctx.new_ids(ConsultRequest, len(consults)), consults, strict=True):
                c["id"] = cid
            ctx.insert(ConsultRequest, consults)
            for c in consults:
                ctx.audit_insert(ConsultRequest, {**c, "status": ConsultStatus.OPEN}, c["requested_at"],
                                 ctx.someone(c["facility_id"], "front_desk", rng))
                if c["status"] is ConsultStatus.DONE:
                    ctx.audit_update("consult_request", c["id"], c["facility_id"], {"status": "open"},
                                     {"status": "done"}, c["requested_at"] + timedelta(days=rng.randint(1, 10)),
                                     ctx.someone(c["facility_id"], "counselor", rng))
        yield


def _city_booking_audit(ctx, rng, row: dict, desk) -> list[dict]:
    """The booking's audit rows (insert, reminder, outcome, result); returns the analysis
    consultation it asked for, if any."""
    fresh = {**row, "status": BookingStatus.BOOKED, "checked_in_at": None, "cancelled_at": None,
             "cancel_code": None, "reminded_at": None, "reminded_by": None, "result_received": False,
             "result_grade": None, "result_strengths": None, "result_improve": None}
    ctx.audit_insert(BoothBooking, fresh, row["created_at"], desk)
    bid, fid, st = row["id"], row["facility_id"], row["starts_at"]
    if row["reminded_at"] is not None:
        ctx.audit_update("booth_booking", bid, fid, {"reminded_at": None, "reminded_by": None},
                         {"reminded_at": row["reminded_at"], "reminded_by": row["reminded_by"]},
                         row["reminded_at"], desk)
    status = row["status"]
    if status is BookingStatus.CHECKED_IN:
        ctx.audit_update("booth_booking", bid, fid, {"status": "booked", "checked_in_at": None},
                         {"status": status, "checked_in_at": row["checked_in_at"]}, row["checked_in_at"], desk)
        if row["result_received"]:
            ctx.audit_update("booth_booking", bid, fid,
                             {"result_received": False, "result_grade": None, "result_strengths": None,
                              "result_improve": None},
                             {"result_received": True, "result_grade": row["result_grade"],
                              "result_strengths": row["result_strengths"],
                              "result_improve": row["result_improve"]},
                             st + timedelta(hours=rng.randint(2, 48)), desk)
    elif status in (BookingStatus.NO_SHOW, BookingStatus.CANCELLED):
        ctx.audit_update("booth_booking", bid, fid, {"status": "booked", "cancelled_at": None, "cancel_code": None},
                         {"status": status, "cancelled_at": row["cancelled_at"], "cancel_code": row["cancel_code"]},
                         row["cancelled_at"], desk)
    if status is BookingStatus.CHECKED_IN and row["session_type"] == SessionType.AI_COMPETENCY \
            and rng.random() < 0.3:
        asked = st + timedelta(hours=1)
        done = asked + timedelta(days=14) < ctx.now
        return [dict(id=None, facility_id=fid, youth_id=row["youth_id"], booth_booking_id=bid,
                     status=ConsultStatus.DONE if done else ConsultStatus.OPEN,
                     note="역량검사 결과 분석 상담 희망", requested_at=asked, requested_by=desk.user_id)]
    return []
