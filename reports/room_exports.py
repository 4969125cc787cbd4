"""Exports of a month of room bookings: .ics (RFC 5545), .csv (UTF-8 with BOM for Korean
Excel) and .xlsx (openpyxl), chosen by the file extension.

Rows come from ``RoomBookingService.month_rows`` (names already masked); the use case
``models.outputs.exports.export_room_bookings`` joins the two and the audit record. Nothing
here opens a database session or imports Qt. A file that cannot be written raises
``reports.errors.OutputError``; the .csv and .xlsx come from ``reports.table_writer``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from models.rooms.schemas import BookingRow
from reports.files import check_target, write_atomically
from reports.table_writer import SheetLayout, write_table

HEADERS = ["날짜", "시작", "종료", "공간", "청년", "인원", "목적", "상태", "취소 구분", "취소 사유",
           "현장 배정", "반복 예약", "규칙 예외 사유"]
FORMATS = (".ics", ".csv", ".xlsx")


def _cells(b: BookingRow) -> list:
    """Date and times as values (real cells in the .xlsx, the same text as before in the
    .csv; ``time()`` drops the Seoul offset, which Excel cells cannot hold)."""
    return [b.starts_at.date(), b.starts_at.time(), b.ends_at.time(),
            b.room_name, b.youth_masked, b.headcount, b.purpose.label, b.status.label,
            b.cancel_code.label if b.cancel_code else "", b.cancel_reason or "",
            "예" if b.walk_in else "", "예" if b.series_id else "", b.override_reason or ""]


WIDTHS = [12, 7, 7, 14, 10, 6, 14, 8, 14, 24, 9, 9, 24]


def build_ics(rows: Sequence[BookingRow], calendar_name: str, facility_name: str,
              stamp: datetime | None = None) -> bytes:
    from icalendar import Calendar, Event

    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", "-//Seoul Youth Jobs Desk//youth-jobs-desk//KO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", calendar_name)
    cal.add("x-wr-timezone", "Asia/Seoul")
    for b in rows:
        ev = Event()
        ev.add("uid", f"booking-{b.id}@youth-jobs-desk")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", b.starts_at)
        ev.add("dtend", b.ends_at)
        ev.add("summary", f"{b.room_name} · {b.youth_masked} ({b.headcount}명)")
        ev.add("location", f"{facility_name} {b.room_name}")
        ev.add("description", f"{b.purpose.label} · {b.status.label}")
        ev.add("status", "CANCELLED" if b.status.value in ("cancelled", "no_show") else "CONFIRMED")
        cal.add_component(ev)
    cal.add_missing_timezones()
    return cal.to_ical()


def export_bookings(rows: Sequence[BookingRow], path: str | Path, *, facility_name: str,
                    month_label: str) -> Path:
    """Write ``rows`` to ``path`` as .ics, .csv or .xlsx (by its extension), atomically.
    Raises ``OutputError`` when the file cannot be written."""
    path = check_target(path, FORMATS)
    ext = path.suffix.lower()
    title = f"{facility_name} 예약 {month_label}"

    def write(temp: Path) -> None:
        if ext == ".ics":
            temp.write_bytes(build_ics(rows, title, facility_name))
        else:
            write_table(temp, ext, HEADERS, [_cells(b) for b in rows],
                        SheetLayout("예약", title, WIDTHS, center_headers=True))

    return write_atomically(path, write)
