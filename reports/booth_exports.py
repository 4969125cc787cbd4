"""Exports of a month of AI-interview slots: .csv (UTF-8 with BOM) or .xlsx, by extension.
Columns: date, time, booth, status, session type, masked youth.

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
FORMATS = TABLE_FORMATS
WIDTHS = [12, 13, 14, 10, 14, 10, 8, 18]


def _cells(x: SlotRow) -> list:
    return [x.starts_at.strftime("%Y-%m-%d"), x.time_text, x.room_name, DISPLAY_LABELS[x.display],
            x.session_type.label if x.session_type else "", x.youth_masked or "",
            "완료" if x.reminded else "", x.block_reason or ("추가 회차" if x.source.value == "extra" else "")]


def export_slots(rows: Sequence[SlotRow], path: str | Path, *, title: str) -> Path:
    """Write ``rows`` to ``path`` as .csv or .xlsx (by its extension), atomically."""
    path = check_target(path, FORMATS)
    ext = path.suffix.lower()
    return write_atomically(path, lambda temp: write_table(
        temp, ext, HEADERS, [_cells(x) for x in rows], SheetLayout("AI 면접 회차", title, WIDTHS)))
