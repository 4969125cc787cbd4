"""Exports of a month of bookings: .ics parses back with icalendar (RFC 5545 essentials,
no personal data), .csv has a BOM and Korean intact, .xlsx opens with openpyxl."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from models.desk.enums import BookingStatus, CancelCode
from models.rooms.enums import Purpose
from models.rooms.schemas import BookingRow
from reports.errors import OutputError
from reports.room_exports import HEADERS, export_bookings
from tests.factories.rooms import MON, add_room, add_youth, at, book
from tests.models.util import audit_rows

SEOUL = ZoneInfo("Asia/Seoul")
HANGUL = re.compile("[가-힣]")
# what the registry holds for the youths below; none of it may leave in a file
FULL = ["홍길동", "김민준", "이서연", "3000-5000", "30005000", "3001-5001", "30015001",
        "3002-5002", "30025002", "1990-01-10", "1991-02-11", "1992-03-12", "@example.com"]


@pytest.fixture
def month(services, world, clock):
    """Four bookings in November 2026 at CAFE-A (one cancelled, one no-show), one in
    December, and one at CAFE-B. Returns the month's rows as the export gets them."""
    room = add_room(services, world, "스터디룸 A")
    meeting = add_room(services, world, "회의실 1", 8, kind="meeting_room")
    y1, y2, y3 = (add_youth(services, world, n) for n in range(3))
    fri = date(2026, 11, 27)
    book(services, world.front_desk, world.a, room, y1, day=fri, start="10:00", end="11:00")
    book(services, world.front_desk, world.a, meeting, y2, day=fri, start="13:00", end="15:00",
         headcount=6, purpose="meeting")
    cancelled = book(services, world.front_desk, world.a, room, y3, day=fri, start="15:00", end="16:00")
    services.rooms.cancel(world.front_desk, cancelled, "staff", "시설 점검")
    no_show = book(services, world.front_desk, world.a, room, y2, day=MON, start="11:00", end="12:00")
    book(services, world.front_desk, world.a, room, y3, day=date(2026, 12, 1))
    room_b = add_room(services, world, "B 스터디룸", facility=world.b)
    services.rooms.book(world.admin, world.b, {
        "room_id": room_b, "youth_id": y1, "day": fri, "start": "16:00", "end": "17:00",
        "identity_confirmed": True})
    clock.now = at(MON, "11:30")
    services.rooms.mark_no_show(world.front_desk, no_show)
    # November 30 is a Monday: the month ends on the no-show
    return services.rooms.month_rows(world.counselor, world.a, 2026, 11)


def test_month_rows_are_the_facilitys_month_and_recorded_as_output(services, world, month):
    assert [(r.starts_at.date(), r.time_text, r.room_name) for r in month] == [
        (date(2026, 11, 27), "10:00–11:00", "스터디룸 A"),
        (date(2026, 11, 27), "13:00–15:00", "회의실 1"),
        (date(2026, 11, 27), "15:00–16:00", "스터디룸 A"),
        (date(2026, 11, 30), "11:00–12:00", "스터디룸 A")]
    [out] = audit_rows(services.db, action="output", entity="booking")
    assert out.username == "counselor" and "2026-11" in out.detail and "4건" in out.detail


def test_ics_parses_back_with_one_event_per_booking(services, world, month, tmp_path):
    path = export_bookings(month, tmp_path / "예약.ics", facility_name="가 일자리카페",
                           month_label="2026-11")
    raw = path.read_bytes()
    cal = Calendar.from_ical(raw)
    events = cal.walk("VEVENT")
    assert len(events) == len(month) == 4
    assert len({str(e["UID"]) for e in events}) == 4
    for event, row in zip(events, month, strict=True):
        assert event.get("DTSTAMP") is not None and str(event["UID"])
        assert event["DTSTART"].params["TZID"] == "Asia/Seoul"
        assert event["DTEND"].params["TZID"] == "Asia/Seoul"
        assert event.decoded("DTSTART") == row.starts_at
        assert event.decoded("DTSTART").utcoffset().total_seconds() == 9 * 3600
        assert row.room_name in str(event["LOCATION"])
        assert row.youth_masked in str(event["SUMMARY"])
    [tz] = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Asia/Seoul"
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED", "CANCELLED"]
    assert str(events[1]["SUMMARY"]) == "회의실 1 · 김*준 (6명)"
    assert str(cal["VERSION"]) == "2.0" and cal.get("PRODID")
    text = raw.replace(b"\r\n ", b"").decode("utf-8")  # unfold long lines
    for secret in FULL:
        assert secret not in text


def test_csv_has_a_bom_and_reads_back_in_korean(month, tmp_path):
    path = export_bookings(month, tmp_path / "예약.csv", facility_name="가 일자리카페",
                           month_label="2026-11")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == HEADERS and rows[0][:4] == ["날짜", "시작", "종료", "공간"]
    assert len(rows) == 5
    assert rows[2][:8] == ["2026-11-27", "13:00", "15:00", "회의실 1", "김*준", "6", "회의", "예약"]
    assert rows[3][7:10] == ["취소", "직원 취소", "시설 점검"]
    assert rows[4][7:9] == ["노쇼", "노쇼"]
    text = path.read_text(encoding="utf-8-sig")
    assert not any(secret in text for secret in FULL)


def test_xlsx_opens_with_korean_headers_and_values(month, tmp_path):
    path = export_bookings(month, tmp_path / "예약.xlsx", facility_name="가 일자리카페",
                           month_label="2026-11")
    ws = load_workbook(path).active
    assert ws.title == "예약"
    assert ws["A1"].value == "가 일자리카페 예약 2026-11"
    values = [list(row) for row in ws.iter_rows(min_row=2, values_only=True)]
    assert values[0] == HEADERS
    assert len(values) == 5
    # real date and time cells (issue 11 item 6), formatted as the .csv writes them
    assert values[1][:8] == [datetime(2026, 11, 27), time(10, 0), time(11, 0), "스터디룸 A", "홍*동", 1, "스터디",
                             "예약"]
    for row in ws.iter_rows(min_row=3):
        assert row[0].is_date and row[0].number_format == "yyyy-mm-dd"
        assert isinstance(row[1].value, time) and row[1].number_format == "hh:mm"
        assert isinstance(row[2].value, time) and row[2].number_format == "hh:mm"
    assert values[3][8:10] == ["직원 취소", "시설 점검"]
    flat = " ".join(str(v) for row in values for v in row if v is not None)
    assert not any(secret in flat for secret in FULL)


def test_empty_month_still_writes_valid_files(tmp_path):
    cal = Calendar.from_ical(export_bookings([], tmp_path / "e.ics", facility_name="가",
                                             month_label="2026-10").read_bytes())
    assert cal.walk("VEVENT") == []
    with open(export_bookings([], tmp_path / "e.csv", facility_name="가", month_label="x"),
              encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh)) == [HEADERS]


@pytest.mark.parametrize("name", ["예약.pdf", "예약.txt", "예약"])
def test_unknown_extension_is_a_korean_export_error(tmp_path, name):
    with pytest.raises(OutputError) as info:
        export_bookings([], tmp_path / name, facility_name="가", month_label="2026-11")
    assert ".ics" in str(info.value) and HANGUL.search(str(info.value))
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_a_korean_export_error(tmp_path):
    with pytest.raises(OutputError) as info:
        export_bookings([], tmp_path / "없는 폴더" / "x.csv", facility_name="가", month_label="m")
    assert "저장할 폴더가 없습니다" in str(info.value)


def test_dtstamp_is_utc(month, tmp_path):
    cal = Calendar.from_ical(export_bookings(month, tmp_path / "a.ics", facility_name="가",
                                             month_label="m").read_bytes())
    stamp = cal.walk("VEVENT")[0].decoded("DTSTAMP")
    assert isinstance(stamp, datetime) and stamp.utcoffset().total_seconds() == 0


def typed_row(reason: str) -> BookingRow:
    """A cancelled booking whose staff-typed reason looks like a spreadsheet formula."""
    start = datetime(2026, 11, 27, 14, 0, tzinfo=SEOUL)
    return BookingRow(7, 1, 1, "스터디룸 A", 1, "홍*동", start, start.replace(hour=15), 1,
                      Purpose.STUDY, "", BookingStatus.CANCELLED, False, None, CancelCode.STAFF,
                      reason, None)


def test_formula_like_text_stays_text_in_xlsx(tmp_path):
    path = export_bookings([typed_row("=본인 요청")], tmp_path / "f.xlsx", facility_name="가",
                           month_label="m")
    cell = load_workbook(path).active.cell(row=3, column=HEADERS.index("취소 사유") + 1)
    assert (cell.value, cell.data_type) == ("=본인 요청", "s")


@pytest.mark.parametrize("reason", ["=HYPERLINK(\"http://x\")", "+1 요청", "-취소", "@사유"])
def test_formula_like_text_is_neutralised_in_csv(tmp_path, reason):
    path = export_bookings([typed_row(reason)], tmp_path / "f.csv", facility_name="가",
                           month_label="m")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[1][HEADERS.index("취소 사유")] == "'" + reason
