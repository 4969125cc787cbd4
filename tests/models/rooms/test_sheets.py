"""The room day sheet's service (``RoomSheetService.day_sheet``), on SQLite and PostgreSQL:
rows by room and time with the full name and the phone masked, cancellations left off, one
room or all, the printout recorded as an output only after ``write`` ran, with its purpose."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models.core.errors import NotFound, PermissionDenied, ValidationError
from models.rooms.sheets import ALL_ROOMS, RoomSheet
from tests.factories.room_sheets import busy_day
from tests.factories.rooms import MON, add_room, add_youth, at, book
from tests.models.util import audit_rows


def outputs(services) -> list:
    return audit_rows(services.db, action="output")


@pytest.fixture
def day(services, world, clock):
    """Monday: 스터디룸 B 10:00 (checked in), 스터디룸 A 09:00 and 11:00 (the second a no-show),
    회의실 10:00 (cancelled), a counseling room 13:00; on Tuesday one more. At 11:30."""
    a = add_room(services, world, "스터디룸 A", 4)
    b = add_room(services, world, "스터디룸 B", 6)
    meeting = add_room(services, world, "회의실", 10, kind="meeting_room")
    counsel = add_room(services, world, "상담실 1", 2, kind="counseling_room")
    y = [add_youth(services, world, n) for n in range(6)]
    fd, fa = world.front_desk, world.a
    checked = book(services, fd, fa, b, y[0], start="10:00", end="12:00", headcount=3, purpose="meeting")
    book(services, fd, fa, a, y[1], start="09:00", end="10:00")
    absent = book(services, fd, fa, a, y[2], start="11:00", end="11:30", purpose="interview_practice")
    gone = book(services, fd, fa, meeting, y[3], start="10:00", end="11:00")
    book(services, fd, fa, counsel, y[4], start="13:00", end="14:00", purpose="counseling")
    book(services, fd, fa, a, y[5], day=MON + timedelta(days=1), start="09:00", end="10:00")
    services.rooms.cancel(fd, gone, "youth")
    clock.now = at(MON, "10:05")
    services.rooms.check_in(fd, checked)
    clock.now = at(MON, "11:30")
    services.rooms.mark_no_show(fd, absent)
    return {"a": a, "b": b, "meeting": meeting, "counsel": counsel}


def test_rows_by_room_and_time_names_full_phones_masked(services, world, day):
    sheet = services.room_sheets.day_sheet(world.front_desk, world.a, MON)
    assert isinstance(sheet, RoomSheet) and (sheet.facility, sheet.rooms, sheet.day) == (
        "가 일자리카페", ALL_ROOMS, MON)
    got = [(r.time_text, r.room_name, r.youth_name, r.phone_masked, r.headcount, r.purpose, r.status)
           for r in sheet.rows]
    assert got == [
        ("09:00–10:00", "스터디룸 A", "김민준", "010-****-5001", 1, "스터디", "예약"),
        ("11:00–11:30", "스터디룸 A", "이서연", "010-****-5002", 1, "모의면접 연습", "노쇼"),
        ("10:00–12:00", "스터디룸 B", "홍길동", "010-****-5000", 3, "회의", "입실"),
        ("13:00–14:00", "상담실 1", "최수아", "010-****-5004", 1, "상담", "예약"),
    ]  # the cancelled 회의실 booking and Tuesday's are not on it


def test_one_room(services, world, day):
    sheet = services.room_sheets.day_sheet(world.front_desk, world.a, MON, day["a"])
    assert sheet.rooms == "스터디룸 A"
    assert [r.time_text for r in sheet.rows] == ["09:00–10:00", "11:00–11:30"]
    [row] = outputs(services)
    assert row.detail == "스터디룸·회의실 일일 명단 출력 스터디룸 A 2026-11-30 (2건)"


def test_recorded_once_as_an_output_with_its_purpose(services, world, day):
    services.room_sheets.day_sheet(world.counselor, world.a, MON, purpose="  입실 확인 ")
    [row] = outputs(services)
    assert (row.username, row.entity, row.facility_id) == ("counselor", "booking", world.a)
    assert row.detail == "스터디룸·회의실 일일 명단 출력 전체 공간 2026-11-30 (4건) · 목적: 입실 확인"
    assert "홍길동" not in row.detail and "5000" not in row.detail


def test_an_empty_day_has_no_rows_and_is_still_recorded(services, world, day):
    sheet = services.room_sheets.day_sheet(world.front_desk, world.a, MON + timedelta(days=2))
    assert sheet.rows == ()
    assert outputs(services)[0].detail.endswith("2026-12-02 (0건)")


@pytest.mark.parametrize("purpose", ["가" * 61, "줄\n바꿈"])
def test_a_bad_purpose_records_nothing(services, world, day, purpose):
    with pytest.raises(ValidationError) as info:
        services.room_sheets.day_sheet(world.front_desk, world.a, MON, purpose=purpose)
    assert "purpose" in info.value.errors and outputs(services) == []


def test_rooms_of_other_facilities_booths_and_unknown_ids_are_refused(services, world, day):
    other = add_room(services, world, "B 스터디룸", facility=world.b)
    booth = add_room(services, world, "AI 면접 부스 1", 1, kind="ai_booth")
    for room in (other, booth, 2_000_000_000, 2**31):
        with pytest.raises(NotFound):
            services.room_sheets.day_sheet(world.admin, world.a, MON, room)
    with pytest.raises(PermissionDenied):
        services.room_sheets.day_sheet(world.counselor, world.b, MON)
    assert outputs(services) == []


def test_a_failing_write_records_nothing(services, world, day):
    def write(sheet):
        raise OSError("disk gone")

    with pytest.raises(OSError):
        services.room_sheets.day_sheet(world.front_desk, world.a, MON, write=write)
    assert outputs(services) == []
    seen = []
    services.room_sheets.day_sheet(world.front_desk, world.a, MON, write=seen.append)
    assert [s.rooms for s in seen] == [ALL_ROOMS] and len(outputs(services)) == 1


def test_a_busy_day_keeps_the_order(services, world):
    busy = busy_day(services, world, 40)
    sheet = services.room_sheets.day_sheet(world.front_desk, world.a, busy.day)
    assert len(sheet.rows) == 40
    # study rooms first (A, then B), then the meeting room; by time within each
    assert [r.room_name for r in sheet.rows] == ["스터디룸 A"] * 18 + ["스터디룸 B"] * 4 + [
        "대회의실 (세미나·스터디 겸용)"] * 18
    assert sheet.rows[0].time_text == "09:00–09:30" and sheet.rows[17].time_text == "17:30–18:00"
