"""Publishing AI-interview booth slots: template validation, generation across month ends,
holidays and closures, regeneration with booked slots, blocked and extra slots, and the
database guard against overlapping slots, on SQLite and PostgreSQL.

The shared helpers (booths, publishing, finding slots) are in tests/factories/booths.py.
FakeClock: Friday 2026-11-27 10:00 in Seoul; CAFE-A is open Mon–Fri 09:00–18:00.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import bindparam, text
from sqlalchemy.exc import IntegrityError

from models.booths.enums import SlotSource, SlotState
from models.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from models.core.types import UTCDateTime
from tests.factories.booths import (
    FRI,
    HANGUL,
    TEMPLATE,
    TIMES,
    add_booth,
    publish,
    raw_slot,
    slot_id,
    slot_of,
)
from tests.factories.rooms import MON, TODAY, add_room, add_youth, at
from tests.models.util import audit_rows, count

SEOUL = ZoneInfo("Asia/Seoul")


# ------------------------------------------------------------------------------ helpers
def stored_slots(db, booth: int) -> list[tuple[datetime, datetime, str, str | None]]:
    """(Seoul start, Seoul end, state, block reason) of every slot of the booth, by start."""
    def work(s):
        from sqlmodel import select

        from models.booths.tables import BoothSlot
        rows = s.exec(select(BoothSlot).where(BoothSlot.room_id == booth)
                      .order_by(BoothSlot.starts_at)).all()
        return [(r.starts_at.astimezone(SEOUL), r.ends_at.astimezone(SEOUL), r.state.value,
                 r.block_reason) for r in rows]
    return db.read(work)


def days_with_slots(db, booth: int) -> list[date]:
    return sorted({st.date() for st, *_ in stored_slots(db, booth)})


def weekdays(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)
            if (first + timedelta(days=i)).weekday() < 5]


@pytest.fixture
def booth(services, world) -> int:
    return add_booth(services, world)


# ----------------------------------------------------------------- template validation
@pytest.mark.parametrize("over,field", [
    ({"day_start": "10:00", "day_end": "10:30", "slot_minutes": 50}, "slot_minutes"),  # longer than the day
    ({"day_start": "17:00", "day_end": "10:00"}, "day_end"),  # end before start
    ({"day_start": "10:00", "day_end": "10:00"}, "day_end"),
    ({"buffer_minutes": -10}, "buffer_minutes"),
    ({"buffer_minutes": 121}, "buffer_minutes"),
    ({"slot_minutes": 5}, "slot_minutes"),
    ({"slot_minutes": "오십"}, "slot_minutes"),
    ({"weekdays": [0, 5]}, "weekdays"),  # CAFE-A is closed on Saturdays
    ({"weekdays": []}, "weekdays"),
    ({"weekdays": [7]}, "weekdays"),
    ({"day_start": "08:00"}, "day_start"),  # opens at 09:00
    ({"day_end": "19:00"}, "day_end"),  # closes at 18:00
    ({"day_start": "25:00"}, "day_start"),
])
def test_bad_template_names_the_field_and_writes_nothing(services, world, booth, over, field):
    audits = count(services.db, "audit_log")
    with pytest.raises(ValidationError) as err:
        services.booth_slots.set_template(world.manager, world.a, booth, {**TEMPLATE, **over})
    assert field in err.value.errors, err.value.errors
    assert HANGUL.search(err.value.errors[field])
    assert services.booth_slots.templates(world.manager, world.a) == []
    assert count(services.db, "booth_template") == 0
    assert count(services.db, "audit_log") == audits


def test_template_only_for_a_booth_of_the_facility(services, world, booth):
    study = add_room(services, world, "스터디룸 A")
    other = add_booth(services, world, "B 부스", facility=world.b)
    for room in (study, other, 9999):
        with pytest.raises(ValidationError) as err:
            services.booth_slots.set_template(world.admin, world.a, room, TEMPLATE)
        assert "room_id" in err.value.errors
    for actor in (world.front_desk, world.counselor):
        with pytest.raises(PermissionDenied):
            services.booth_slots.set_template(actor, world.a, booth, TEMPLATE)
    with pytest.raises(PermissionDenied):  # the manager of CAFE-A has no say at CAFE-B
        services.booth_slots.set_template(world.manager, world.b, other, TEMPLATE)
    assert count(services.db, "booth_template") == 0


def test_set_template_saves_then_replaces_and_is_audited(services, world, booth):
    services.booth_slots.set_template(world.manager, world.a, booth, {**TEMPLATE, "weekdays": [4, 0, 0]})
    [row] = services.booth_slots.templates(world.front_desk, world.a)
    assert (row.room_id, row.room_name, row.weekdays, row.day_start, row.day_end,
            row.slot_minutes, row.buffer_minutes) == (booth, "AI 면접 부스 1", (0, 4), "10:00", "17:00", 50, 10)
    services.booth_slots.set_template(world.manager, world.a, booth,
                                      {**TEMPLATE, "day_start": "09:30", "slot_minutes": 30, "buffer_minutes": 0})
    [row] = services.booth_slots.templates(world.manager, world.a)
    assert (row.weekdays, row.day_start, row.slot_minutes, row.buffer_minutes) == ((0, 1, 2, 3, 4), "09:30", 30, 0)
    assert [a.action for a in audit_rows(services.db, entity="booth_template")] == ["insert", "update"]
    update = audit_rows(services.db, entity="booth_template", action="update")[0]
    assert update.username == "manager"
    assert update.new_values["slot_minutes"] == 30 and update.old_values["slot_minutes"] == 50


def test_booths_lists_the_facilitys_booths_only(services, world, booth):
    add_room(services, world, "스터디룸 A")
    second = add_booth(services, world, "AI 면접 부스 2")
    add_booth(services, world, "B 부스", facility=world.b)
    assert services.booth_slots.booths(world.front_desk, world.a) == [
        (booth, "AI 면접 부스 1"), (second, "AI 면접 부스 2")]


# --------------------------------------------------------------------------- generation
def test_generate_one_week(services, world, booth):
    report = publish(services, world, booth)
    assert (report.added, report.kept, report.removed, report.unchanged, report.skipped_days) == (35, 0, 0, (), ())
    assert report.summary == "추가 35개 · 유지 0개 · 삭제 0개"
    rows = services.booth_slots.week(world.front_desk, world.a, MON)
    assert len(rows) == 35
    assert {x.display for x in rows} == {"free"}
    assert {x.source for x in rows} == {SlotSource.TEMPLATE}
    monday = [x for x in rows if x.starts_at.date() == MON]
    assert [x.time_text for x in monday] == [f"{t}–{t[:2]}:50" for t in TIMES]
    assert all(x.starts_at.tzinfo is not None and x.room_name == "AI 면접 부스 1" for x in rows)
    assert len(audit_rows(services.db, entity="booth_slot", action="insert")) == 35


def test_generation_across_month_and_year_ends_skips_holidays_and_closures(services, world, booth):
    services.booking_rules.add_closure(world.manager, world.a, date(2026, 12, 31), "종무식")
    report = publish(services, world, booth, MON, date(2027, 1, 5))
    closed = {date(2026, 12, 25), date(2026, 12, 31), date(2027, 1, 1)}
    open_days = [d for d in weekdays(MON, date(2027, 1, 5)) if d not in closed]
    assert days_with_slots(services.db, booth) == open_days
    assert {date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 30), date(2027, 1, 4),
            date(2027, 1, 5)} <= set(open_days)
    assert report.added == 7 * len(open_days) == count(services.db, "booth_slot")
    assert (report.kept, report.removed, report.unchanged) == (0, 0, ())
    # in date order, with the year because the range crosses New Year
    assert [d.split(" ")[0] for d in report.skipped_days] == ["2026/12/25", "2026/12/31", "2027/01/01"]
    assert report.skipped_days[0] == "2026/12/25 공휴일(기독탄신일)"
    assert report.skipped_days[1] == "2026/12/31 휴관일(종무식)"
    assert "휴관일 3일 건너뜀" in report.summary
    # the whole of December, Seoul time, from the month's view
    december = services.booths.month_slots(world.front_desk, world.a, 2026, 12)
    assert {x.starts_at.month for x in december} == {12}
    assert len(december) == 7 * len([d for d in open_days if d.month == 12])


def test_generation_for_several_booths_at_once(services, world, booth):
    second = add_booth(services, world, "AI 면접 부스 2")
    services.booth_slots.set_template(world.manager, world.a, booth, TEMPLATE)
    services.booth_slots.set_template(world.manager, world.a, second, {**TEMPLATE, "weekdays": [1, 3]})
    report = services.booth_slots.generate(world.manager, world.a, MON, FRI)
    assert report.added == 35 + 14
    assert days_with_slots(services.db, second) == [date(2026, 12, 1), date(2026, 12, 3)]
    only = services.booth_slots.generate(world.manager, world.a, MON, FRI, room_ids=[second])
    assert (only.added, only.kept) == (0, 14)


def test_past_days_are_not_generated(services, world, booth, clock):
    report = publish(services, world, booth, date(2026, 11, 16), MON)
    assert days_with_slots(services.db, booth) == [TODAY, MON]
    assert report.added == 14
    past = services.booth_slots.generate(world.manager, world.a, date(2026, 11, 2), date(2026, 11, 26))
    assert (past.added, past.kept, past.removed) == (0, 0, 0)
    assert count(services.db, "booth_slot") == 14


def test_slots_that_already_ended_today_are_neither_made_nor_removed(services, world, booth, clock):
    clock.now = at(TODAY, "12:10")
    publish(services, world, booth, TODAY, TODAY)
    # 10:00 and 11:00 are over; 12:00 has started and can still take a walk-in
    assert [st.strftime("%H:%M") for st, *_ in stored_slots(services.db, booth)] == TIMES[2:]
    clock.now = at(TODAY, "15:10")  # a new template later that day leaves the morning alone
    report = publish(services, world, booth, TODAY, TODAY, {**TEMPLATE, "slot_minutes": 30, "buffer_minutes": 0})
    starts = [st.strftime("%H:%M") for st, *_ in stored_slots(services.db, booth)]
    assert starts == ["12:00", "13:00", "14:00", "15:00", "15:30", "16:00", "16:30"]
    assert (report.added, report.removed) == (4, 2)  # 15:00 (still running) and 16:00 replaced


def test_a_booth_out_of_service_gets_no_new_slots(services, world, booth):
    second = add_booth(services, world, "AI 면접 부스 2")
    publish(services, world, booth, MON, MON)
    publish(services, world, second, MON, MON)
    services.facilities.update_room(world.admin, second, {"name": "AI 면접 부스 2", "kind": "ai_booth",
                                                          "capacity": 1, "is_active": False})
    report = services.booth_slots.generate(world.manager, world.a, MON, FRI)
    assert (report.added, report.kept) == (28, 7)
    assert days_with_slots(services.db, second) == [MON]  # what it had stays as it was


def test_generate_input_checks(services, world, booth):
    with pytest.raises(ValidationError) as err:
        services.booth_slots.generate(world.manager, world.a, MON, FRI)
    assert "room_id" in err.value.errors  # no template yet
    services.booth_slots.set_template(world.manager, world.a, booth, TEMPLATE)
    with pytest.raises(ValidationError) as err:
        services.booth_slots.generate(world.manager, world.a, FRI, MON)
    assert "date_to" in err.value.errors
    with pytest.raises(ValidationError) as err:
        services.booth_slots.generate(world.manager, world.a, MON, MON + timedelta(days=93))
    assert "date_to" in err.value.errors
    with pytest.raises(PermissionDenied):
        services.booth_slots.generate(world.front_desk, world.a, MON, FRI)
    assert count(services.db, "booth_slot") == 0


# ------------------------------------------------------------------------- regeneration
def test_regenerating_the_same_template_keeps_everything(services, world, booth):
    publish(services, world, booth)
    youth = add_youth(services, world, 0)
    booked = slot_id(services, world, MON, "11:00")
    services.booths.book(world.front_desk, booked, youth, "ai_interview")
    before = stored_slots(services.db, booth)
    ids = [x.id for x in services.booth_slots.week(world.admin, world.a, MON)]
    report = services.booth_slots.generate(world.manager, world.a, MON, FRI)
    assert (report.added, report.kept, report.removed, report.unchanged) == (0, 35, 0, ())
    assert report.summary == "추가 0개 · 유지 35개 · 삭제 0개"
    assert stored_slots(services.db, booth) == before
    assert [x.id for x in services.booth_slots.week(world.admin, world.a, MON)] == ids
    assert slot_of(services, world, MON, "11:00").display == "booked"


def test_a_changed_template_never_touches_booked_slots(services, world, booth):
    """30-minute slots without a buffer replace the 50+10 pattern. Monday 11:00 is booked
    (kept and reported), Monday 13:00 had a cancelled booking (history: blocked, not
    deleted), every other old slot is deleted and the new ones fill the gaps."""
    publish(services, world, booth)
    y1, y2 = add_youth(services, world, 0), add_youth(services, world, 1)
    held = services.booths.book(world.front_desk, slot_id(services, world, MON, "11:00"), y1, "ai_interview")
    gone = services.booths.book(world.front_desk, slot_id(services, world, MON, "13:00"), y2, "ai_competency")
    services.booths.cancel(world.front_desk, gone, "youth")
    new = {**TEMPLATE, "slot_minutes": 30, "buffer_minutes": 0}
    report = publish(services, world, booth, template=new)
    assert report.removed == 5 + 1 + 4 * 7  # Monday: 5 deleted, 1 retired; 7 on each other day
    assert report.added == (14 - 2 - 2) + 4 * 14
    assert report.kept == 0
    assert report.unchanged == ("AI 면접 부스 1 11/30 11:00", "AI 면접 부스 1 11/30 13:00 (기존 회차와 겹침)",
                                "AI 면접 부스 1 11/30 13:30 (기존 회차와 겹침)")
    assert "예약이 있어 바꾸지 못함 3개" in report.summary
    monday = [(st.strftime("%H:%M"), en.strftime("%H:%M"), state, reason)
              for st, en, state, reason in stored_slots(services.db, booth) if st.date() == MON]
    assert monday == [
        ("10:00", "10:30", "open", None), ("10:30", "11:00", "open", None),
        ("11:00", "11:50", "open", None),  # the booked slot, untouched
        ("12:00", "12:30", "open", None), ("12:30", "13:00", "open", None),
        ("13:00", "13:50", "blocked", "템플릿 변경으로 폐지"),  # its history stays
        ("14:00", "14:30", "open", None), ("14:30", "15:00", "open", None),
        ("15:00", "15:30", "open", None), ("15:30", "16:00", "open", None),
        ("16:00", "16:30", "open", None), ("16:30", "17:00", "open", None)]
    assert services.booths.get(world.front_desk, held).status.value == "booked"
    assert slot_of(services, world, MON, "11:00").display == "booked"
    assert count(services.db, "booth_booking") == 2
    # regenerating the new template again changes nothing and reports the same slots
    again = services.booth_slots.generate(world.manager, world.a, MON, FRI)
    assert (again.added, again.kept, again.removed) == (0, 10 + 4 * 14, 0)
    assert again.unchanged == report.unchanged


def test_reverting_the_template_reopens_retired_slots(services, world, booth):
    publish(services, world, booth, MON, MON)
    youth = add_youth(services, world, 0)
    gone = services.booths.book(world.front_desk, slot_id(services, world, MON, "13:00"), youth, "ai_interview")
    services.booths.cancel(world.front_desk, gone, "staff", "장비 점검")
    publish(services, world, booth, MON, MON, {**TEMPLATE, "day_start": "09:30"})
    assert slot_of(services, world, MON, "13:00").display == "blocked"
    report = publish(services, world, booth, MON, MON)
    assert report.kept == 1 and report.added == 6
    assert [(st.strftime("%H:%M"), state) for st, _, state, _ in stored_slots(services.db, booth)] == [
        (t, "open") for t in TIMES]
    services.booths.book(world.front_desk, slot_id(services, world, MON, "13:00"), youth, "ai_interview")


def test_regeneration_leaves_extra_and_manually_blocked_slots(services, world, booth):
    publish(services, world, booth)
    extra = services.booth_slots.add_extra(world.front_desk, world.a,
                                           {"room_id": booth, "day": MON, "start": "17:00", "end": "17:50"})
    services.booth_slots.block(world.front_desk, slot_id(services, world, MON, "10:00"), "장비 점검")
    report = services.booth_slots.generate(world.manager, world.a, MON, FRI)
    assert (report.added, report.kept, report.removed) == (0, 35, 0)
    rows = {x.starts_at.strftime("%H:%M"): x for x in services.booths.day(world.admin, world.a, MON)}
    assert rows["17:00"].id == extra and rows["17:00"].source == SlotSource.EXTRA
    assert (rows["10:00"].display, rows["10:00"].block_reason) == ("blocked", "장비 점검")


def test_holiday_and_closure_slots_are_removed_on_regeneration(services, world, booth):
    publish(services, world, booth)
    services.booking_rules.add_closure(world.manager, world.a, date(2026, 12, 2), "소방 점검")
    report = services.booth_slots.generate(world.manager, world.a, MON, FRI)
    assert (report.added, report.kept, report.removed) == (0, 28, 7)
    assert report.skipped_days == ("12/02 휴관일(소방 점검)",)
    assert date(2026, 12, 2) not in days_with_slots(services.db, booth)


# -------------------------------------------------------------------- blocks and extras
def test_block_and_unblock(services, world, booth):
    publish(services, world, booth, MON, MON)
    sid = slot_id(services, world, MON, "10:00")
    with pytest.raises(ValidationError) as err:
        services.booth_slots.block(world.front_desk, sid, "  ")
    assert "reason" in err.value.errors
    with pytest.raises(PermissionDenied):
        services.booth_slots.block(world.counselor, sid, "점검")
    services.booth_slots.block(world.front_desk, sid, "장비 점검")
    row = slot_of(services, world, MON, "10:00")
    assert (row.state, row.display, row.block_reason) == (SlotState.BLOCKED, "blocked", "장비 점검")
    [audit] = audit_rows(services.db, entity="booth_slot", action="update")
    assert audit.new_values == {"state": "blocked", "block_reason": "장비 점검"}
    services.booth_slots.unblock(world.front_desk, sid)
    assert slot_of(services, world, MON, "10:00").display == "free"
    youth = add_youth(services, world, 0)
    services.booths.book(world.front_desk, sid, youth, "ai_interview")
    with pytest.raises(Conflict):
        services.booth_slots.block(world.manager, sid, "장비 점검")
    assert slot_of(services, world, MON, "10:00").display == "booked"
    with pytest.raises(NotFound):
        services.booth_slots.block(world.manager, 9999, "점검")


@pytest.mark.parametrize("over,error,field", [
    ({"start": "10:30", "end": "11:20"}, Conflict, None),  # overlaps 10:00–10:50
    ({"start": "17:00", "end": "18:30"}, ValidationError, "end"),  # closes at 18:00
    ({"start": "08:00", "end": "08:50"}, ValidationError, "start"),
    ({"start": "11:00", "end": "10:00"}, ValidationError, "end"),
    ({"day": date(2026, 12, 25)}, ValidationError, "day"),  # Christmas
    ({"day": date(2026, 12, 5)}, ValidationError, "day"),  # Saturday
    ({"day": date(2026, 11, 26)}, ValidationError, "start"),  # yesterday
])
def test_bad_extra_slot(services, world, booth, over, error, field):
    publish(services, world, booth, MON, MON)
    before = count(services.db, "booth_slot")
    data = {"room_id": booth, "day": MON, "start": "17:00", "end": "17:50", **over}
    with pytest.raises(error) as err:
        services.booth_slots.add_extra(world.front_desk, world.a, data)
    if field:
        assert field in err.value.errors
    assert HANGUL.search(err.value.message)
    assert count(services.db, "booth_slot") == before


def test_extra_slots_may_touch_their_neighbours(services, world, booth):
    publish(services, world, booth, MON, MON)
    for start, end in (("10:50", "11:00"), ("09:00", "10:00"), ("16:50", "18:00")):
        services.booth_slots.add_extra(world.front_desk, world.a,
                                       {"room_id": booth, "day": MON, "start": start, "end": end})
    assert count(services.db, "booth_slot") == 10
    with pytest.raises(PermissionDenied):
        services.booth_slots.add_extra(world.counselor, world.a,
                                       {"room_id": booth, "day": FRI, "start": "17:00", "end": "17:50"})


def test_week_shows_every_booth_and_every_state(services, world, booth, clock):
    second = add_booth(services, world, "AI 면접 부스 2")
    publish(services, world, booth)
    publish(services, world, second)
    y1, y2, y3 = (add_youth(services, world, n) for n in range(3))
    attended = services.booths.book(world.front_desk, slot_id(services, world, MON, "10:00", booth), y1, "ai_interview")
    absent = services.booths.book(world.front_desk, slot_id(services, world, MON, "11:00", booth), y2, "ai_competency")
    services.booths.book(world.front_desk, slot_id(services, world, MON, "10:00", second), y3, "video_interview")
    services.booth_slots.block(world.front_desk, slot_id(services, world, MON, "12:00", booth), "점검")
    clock.now = at(MON, "09:45")
    services.booths.check_in(world.front_desk, attended)
    clock.now = at(MON, "11:20")
    services.booths.mark_no_show(world.front_desk, absent)
    rows = services.booth_slots.week(world.counselor, world.a, MON)
    assert len(rows) == 70
    got = {(x.room_name, x.starts_at.date(), x.starts_at.strftime("%H:%M")): x for x in rows}
    assert got[("AI 면접 부스 1", MON, "10:00")].display == "attended"
    assert got[("AI 면접 부스 1", MON, "11:00")].display == "no_show"
    assert got[("AI 면접 부스 1", MON, "12:00")].display == "blocked"
    video = got[("AI 면접 부스 2", MON, "10:00")]
    assert (video.display, video.youth_masked, video.session_type.label) == ("booked", "이*연", "화상면접(기업)")
    assert video.no_show_candidate  # 10:00 + 15 minutes grace is past at 11:20
    assert sum(x.display == "free" for x in rows) == 66
    assert services.booth_slots.week(world.admin, world.a, MON + timedelta(days=7)) == []
    with pytest.raises(PermissionDenied):
        services.booth_slots.week(world.counselor, world.b, MON)


# ------------------------------------------------------------- the database guard
def test_database_refuses_overlapping_slots_of_a_booth(services, world, booth, db):
    """Plain SQL, past the service: the trigger (SQLite) or exclusion constraint (PostgreSQL)."""
    second = add_booth(services, world, "AI 면접 부스 2")
    raw_slot(db, world.a, booth, MON, "10:00", "10:50")
    for start, end in (("10:30", "11:20"), ("09:30", "10:10"), ("10:10", "10:20"), ("09:00", "12:00"),
                       ("10:00", "10:50"), ("10:00", "10:30")):
        with pytest.raises(IntegrityError):
            raw_slot(db, world.a, booth, MON, start, end)
    with pytest.raises(IntegrityError):  # a blocked slot still holds its time
        raw_slot(db, world.a, booth, MON, "10:40", "11:00", state="blocked")
    raw_slot(db, world.a, booth, MON, "10:50", "11:00")  # touching on both sides is fine
    raw_slot(db, world.a, booth, MON, "09:00", "10:00")
    raw_slot(db, world.a, second, MON, "10:00", "10:50")  # another booth
    raw_slot(db, world.a, booth, MON + timedelta(days=1), "10:00", "10:50")  # another day
    assert count(db, "booth_slot") == 5
    with pytest.raises(IntegrityError):  # moving a slot onto another one
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE booth_slot SET ends_at = :e WHERE room_id = :r AND starts_at = :s")
                         .bindparams(bindparam("s", type_=UTCDateTime()), bindparam("e", type_=UTCDateTime())),
                         {"r": booth, "s": at(MON, "09:00"), "e": at(MON, "10:30")})
    with pytest.raises(IntegrityError):  # ends before it starts
        raw_slot(db, world.a, booth, MON, "15:00", "14:00")
    assert count(db, "booth_slot") == 5
