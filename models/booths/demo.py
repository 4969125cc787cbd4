"""Demo AI-interview slots: every open café with booths publishes Mon–Fri 10:00–17:00,
50-minute slots with a 10-minute buffer, for four weeks back and two weeks ahead, booked
realistically with some no-shows, cancellations, reminders, results and consultation
requests. Bulk Core inserts keep the demo quick (see demo_bookings)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import insert
from sqlmodel import select

from models.booths.enums import ConsultStatus, SessionType, SlotSource, SlotState
from models.booths.slots import slot_times
from models.booths.tables import BoothBooking, BoothSlot, BoothTemplate, ConsultRequest
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
