"""Exports of a month of room bookings: .ics (RFC 5545), .csv (UTF-8 with BOM for Korean
Excel) and .xlsx (openpyxl), chosen by the file extension.

Rows come from ``RoomBookingService.month_rows`` (names already masked). Nothing here opens a
database session or imports Qt.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from models.rooms.schemas import BookingRow

HEADERS = ["날짜", "시작", "종료", "공간", "청년", "인원", "목적", "상태", "취소 구분", "취소 사유",
           "현장 배정", "반복 예약", "규칙 예외 사유"]
FORMATS = (".ics", ".csv", ".xlsx")


class ExportError(ValueError):
    """A Korean message about the export target (unknown extension, unwritable file)."""


def _cells(b: BookingRow) -> list:
    return [b.starts_at.strftime("%Y-%m-%d"), b.starts_at.strftime("%H:%M"), b.ends_at.strftime("%H:%M"),
            b.room_name, b.youth_masked, b.headcount, b.purpose.label, b.status.label,
            b.cancel_code.label if b.cancel_code else "", b.cancel_reason or "",
            "예" if b.walk_in else "", "예" if b.series_id else "", b.override_reason or ""]


# Excel runs a cell that starts with one of these as a formula (CSV injection): staff-typed
# text such as a cancel reason "=본인 요청" must stay text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(rows: Sequence[BookingRow], path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        writer.writerows([_csv_safe(v) for v in _cells(b)] for b in rows)


def write_xlsx(rows: Sequence[BookingRow], path: Path, title: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "예약"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(HEADERS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF2F9")
        cell.alignment = Alignment(horizontal="center")
    for b in rows:
        ws.append(_cells(b))
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # openpyxl would store it as a formula
    widths = [12, 7, 7, 14, 10, 6, 14, 8, 14, 24, 9, 9, 24]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=2, column=i).column_letter].width = width
    ws.freeze_panes = "A3"
    wb.save(path)


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
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in FORMATS:
        raise ExportError("파일 확장자는 .ics, .csv, .xlsx 중 하나여야 합니다.")
    if not path.parent.exists():
        raise ExportError(f"저장할 폴더가 없습니다: {path.parent}")
    title = f"{facility_name} 예약 {month_label}"
    try:
        if ext == ".csv":
            write_csv(rows, path)
        elif ext == ".xlsx":
            write_xlsx(rows, path, title)
        else:
            path.write_bytes(build_ics(rows, title, facility_name))
    except OSError as exc:
        raise ExportError(f"파일을 저장하지 못했습니다: {exc.strerror or exc}") from None
    return path
