"""Exports of a month of AI-interview slots: .csv (UTF-8 with BOM) or .xlsx, by extension.
Columns: date, time, booth, status, session type, masked youth."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from models.booths.schemas import DISPLAY_LABELS, SlotRow
from reports.room_exports import ExportError, _csv_safe

HEADERS = ["날짜", "시간", "부스", "상태", "체험 종류", "청년", "알림", "비고"]


def _cells(x: SlotRow) -> list:
    return [x.starts_at.strftime("%Y-%m-%d"), x.time_text, x.room_name, DISPLAY_LABELS[x.display],
            x.session_type.label if x.session_type else "", x.youth_masked or "",
            "완료" if x.reminded else "", x.block_reason or ("추가 회차" if x.source.value == "extra" else "")]


def export_slots(rows: Sequence[SlotRow], path: str | Path, *, title: str) -> Path:
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in (".csv", ".xlsx"):
        raise ExportError("파일 확장자는 .csv 또는 .xlsx 여야 합니다.")
    if not path.parent.exists():
        raise ExportError(f"저장할 폴더가 없습니다: {path.parent}")
    try:
        if ext == ".csv":
            with open(path, "w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(HEADERS)
                writer.writerows([_csv_safe(v) for v in _cells(x)] for x in rows)  # no formula injection
        else:
            from openpyxl import Workbook
            from openpyxl.styles import Font, PatternFill
            wb = Workbook()
            ws = wb.active
            ws.title = "AI 면접 회차"
            ws.append([title])
            ws["A1"].font = Font(bold=True, size=13)
            ws.append(HEADERS)
            for c in ws[2]:
                c.font = Font(bold=True)
                c.fill = PatternFill("solid", fgColor="EEF2F9")
            for x in rows:
                ws.append(_cells(x))
                for c in ws[ws.max_row]:
                    if isinstance(c.value, str) and c.value.startswith("="):
                        c.data_type = "s"  # staff-typed text (a block reason) stays text
            for col, width in zip("ABCDEFGH", [12, 13, 14, 10, 14, 10, 8, 18], strict=True):
                ws.column_dimensions[col].width = width
            ws.freeze_panes = "A3"
            wb.save(path)
    except OSError as exc:
        raise ExportError(f"파일을 저장하지 못했습니다: {exc.strerror or exc}") from None
    return path
