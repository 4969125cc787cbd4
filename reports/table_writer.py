"""One table to .csv (UTF-8 with BOM, for Korean Excel) or .xlsx (openpyxl): the writer the
month exports of rooms and booths share.

Dates and times are real cells in the .xlsx (a ``date``, ``time`` or naive ``datetime``
value with the number format ``yyyy-mm-dd``, ``hh:mm`` or ``yyyy-mm-dd hh:mm``), so Excel
sorts, filters and sums them; the .csv writes the same values as text (2026-11-27, 14:00).

Staff-typed text stays text in both formats: in CSV a cell that Excel would run as a
formula gets a leading apostrophe, in XLSX a cell starting with "=" is stored as a string.
These functions write to the path they are given; the exports call them through
``reports.files.write_atomically``.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

TABLE_FORMATS = (".csv", ".xlsx")

# Excel runs a cell that starts with one of these as a formula (CSV injection): staff-typed
# text such as a cancel reason "=본인 요청" must stay text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


DATE_FORMAT, TIME_FORMAT, DATETIME_FORMAT = "yyyy-mm-dd", "hh:mm", "yyyy-mm-dd hh:mm"


def csv_safe(value):
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def number_format(value) -> str | None:
    """The Excel number format of a date or time value, or None."""
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    if isinstance(value, time):
        return TIME_FORMAT
    return None


@dataclass(frozen=True)
class SheetLayout:
    """How the .xlsx looks: the sheet's name, the title in A1 (bold), the width of each
    column, and whether the header row (row 2, bold on a pale blue) is centred."""

    name: str
    title: str
    widths: Sequence[int]
    center_headers: bool = False


def write_csv(path: Path, headers: Sequence[str], rows: Sequence[Sequence]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        writer.writerows([csv_safe(v) for v in row] for row in rows)


def write_xlsx(path: Path, headers: Sequence[str], rows: Sequence[Sequence], layout: SheetLayout) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = layout.name
    ws.append([layout.title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(list(headers))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF2F9")
        if layout.center_headers:
            cell.alignment = Alignment(horizontal="center")
    for row in rows:
        ws.append(list(row))
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # openpyxl would store it as a formula
            elif (fmt := number_format(cell.value)) is not None:
                cell.number_format = fmt
    for i, width in enumerate(layout.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A3"
    wb.save(path)


def write_table(path: Path, fmt: str, headers: Sequence[str], rows: Sequence[Sequence],
                layout: SheetLayout) -> None:
    """Write ``rows`` (lists of cell values) under ``headers`` as ``fmt`` (".csv"/".xlsx")."""
    if fmt == ".csv":
        write_csv(path, headers, rows)
    elif fmt == ".xlsx":
        write_xlsx(path, headers, rows, layout)
    else:  # pragma: no cover - callers check the extension first
        raise ValueError(fmt)
