"""Exports of a month of AI-interview slots: .csv (UTF-8 with BOM) or .xlsx, by extension.
Columns: date, time, booth, status, session type, masked youth, reminded, note.

In the .csv the time is one text column (11:00–11:50); the .xlsx has the date as a date cell
and the start and the end as two time cells (시작, 종료), so Excel can sort and filter them.

Rows come from ``BoothService.month_slots``; the use case
``models.outputs.exports.export_interview_slots`` joins the two and the audit record. A file
that cannot be written raises ``reports.errors.OutputError``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from models.booths.schemas import DISPLAY_LABELS, SlotRow
from reports.files import check_target, write_atomically
from reports.table_writer import TABLE_FORMATS, SheetLayout, write_table

HEADERS = ["날짜", "시간", "부스", "상태", "체험 종류", "청년", "알림", "비고"]
XLSX_HEADERS = ["날짜", "시작", "종료", "부스", "상태", "체험 종류", "청년", "알림", "비고"]
FORMATS = TABLE_FORMATS
WIDTHS = [12, 8, 8, 14, 10, 14, 10, 8, 18]


def _rest(x: SlotRow) -> list:
    return [x.room_name, DISPLAY_LABELS[x.display], x.session_type.label if x.session_type else "",
            x.youth_masked or "", "완료" if x.reminded else "",
            x.block_reason or ("추가 회차" if x.source.value == "extra" else "")]


def _csv_cells(x: SlotRow) -> list:
    return [x.starts_at.strftime("%Y-%m-%d"), x.time_text, *_rest(x)]


def _xlsx_cells(x: SlotRow) -> list:
    return [x.starts_at.date(), x.starts_at.time(), x.ends_at.time(), *_rest(x)]


def export_slots(rows: Sequence[SlotRow], path: str | Path, *, title: str) -> Path:
    """Write ``rows`` to ``path`` as .csv or .xlsx (by its extension), atomically."""
    path = check_target(path, FORMATS)
    ext = path.suffix.lower()
    if ext == ".csv":
        headers, cells = HEADERS, [_csv_cells(x) for x in rows]
    else:
        headers, cells = XLSX_HEADERS, [_xlsx_cells(x) for x in rows]
    return write_atomically(path, lambda temp: write_table(
        temp, ext, headers, cells, SheetLayout("AI 면접 회차", title, WIDTHS)))
