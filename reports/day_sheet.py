"""The printable day sheet of one AI-interview booth: time, name, masked phone, session
type and status, one row per slot. Rows come from ``BoothService.day_sheet``; the use case
``models.outputs.day_sheet.print_day_sheet`` joins the two and the audit record. The PDF is
written atomically; a file that cannot be written raises ``reports.errors.OutputError``.
The layout (title with the day, signature, repeated header, footer) is ``reports.sheet_pdf``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from reportlab.lib.units import mm

from models.booths.schemas import SheetRow
from reports import sheet_pdf
from reports.files import check_target, write_atomically
from reports.sheet_pdf import MASKED_PHONES, PERSONAL_DATA, WEEKDAYS, day_label  # noqa: F401 (re-exported)

FORMATS = (".pdf",)
HEADERS = ("시간", "이름", "휴대전화", "체험 종류", "상태", "확인")
WIDTHS = [w * mm for w in (28, 30, 32, 32, 32, 20)]
EMPTY = "이 날은 공개된 회차가 없습니다."


def title_of(booth: str, day: date) -> str:
    return f"AI 면접 일일 명단 — {booth} · {day_label(day)}"


def build_day_sheet(path: str | Path, *, facility: str, booth: str, day: date,
                    rows: Sequence[SheetRow], printed_by: str, printed_at: datetime) -> Path:
    path = check_target(path, FORMATS)
    title = title_of(booth, day)
    sheet = sheet_pdf.Sheet(
        title=title, meta=sheet_pdf.signed(facility, printed_by, printed_at), headers=HEADERS, widths=WIDTHS,
        rows=[(r.time_text, r.youth_name or "—", r.phone_masked or "", r.session_type or "", r.status)
              for r in rows],
        empty_text=EMPTY, footer=title, notes=(f"{PERSONAL_DATA} {MASKED_PHONES}",))
    return write_atomically(path, lambda temp: sheet_pdf.build(temp, sheet))
