"""The printable day sheet of the facility's study and meeting rooms (스터디룸·회의실 일일
명단): by room and time, one row per booking, with time, room, name, masked phone,
headcount, purpose, status and a blank 확인 column. Rows come from
``RoomSheetService.day_sheet`` (``models.rooms.sheets``); the use case
``models.outputs.day_sheet.print_room_day_sheet`` joins the two and the audit record. The
PDF is written atomically; a file that cannot be written raises ``OutputError``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.units import mm

from reports import sheet_pdf
from reports.files import check_target, write_atomically
from reports.sheet_pdf import MASKED_PHONES, PERSONAL_DATA, day_label

if TYPE_CHECKING:
    from models.rooms.sheets import RoomSheetRow

FORMATS = (".pdf",)
HEADERS = ("시간", "공간", "이름", "휴대전화", "인원", "목적", "상태", "확인")
WIDTHS = [w * mm for w in (24, 32, 22, 29, 12, 25, 14, 16)]  # 모의면접 연습 and 010-****-1234 fit one line
EMPTY = "이 날은 예약이 없습니다."
LEFT_OFF = "취소된 예약은 싣지 않았습니다."


def title_of(rooms: str, day: date) -> str:
    return f"스터디룸·회의실 일일 명단 — {rooms} · {day_label(day)}"


def build_room_sheet(path: str | Path, *, facility: str, rooms: str, day: date,
                     rows: Sequence[RoomSheetRow], printed_by: str, printed_at: datetime) -> Path:
    """``rooms`` names the room printed, or says all of them (``전체 공간``)."""
    path = check_target(path, FORMATS)
    title = title_of(rooms, day)
    sheet = sheet_pdf.Sheet(
        title=title, meta=sheet_pdf.signed(facility, printed_by, printed_at), headers=HEADERS, widths=WIDTHS,
        rows=[(r.time_text, r.room_name, r.youth_name or "—", r.phone_masked, f"{r.headcount}명", r.purpose,
               r.status) for r in rows],
        empty_text=EMPTY, footer=title, group_column=1, notes=(f"{PERSONAL_DATA} {MASKED_PHONES} {LEFT_OFF}",))
    return write_atomically(path, lambda temp: sheet_pdf.build(temp, sheet))
