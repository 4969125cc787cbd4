"""``reports.table_writer``: dates and times are real cells in the .xlsx (with number
formats) and the same text as ever in the .csv (issue 11 item 6)."""

from __future__ import annotations

import csv
from datetime import date, datetime, time

from openpyxl import load_workbook

from reports.table_writer import SheetLayout, write_table

ROW = [date(2026, 11, 27), time(14, 0), datetime(2026, 11, 27, 9, 5), "=1+1", 3, ""]
HEADERS = ["날짜", "시각", "일시", "메모", "인원", "비고"]


def test_csv_keeps_dates_and_times_as_text(tmp_path):
    path = tmp_path / "t.csv"
    write_table(path, ".csv", HEADERS, [ROW], SheetLayout("t", "제목", [10] * 6))
    with open(path, encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh)) == [HEADERS, ["2026-11-27", "14:00", "2026-11-27 09:05", "'=1+1", "3", ""]]


def test_xlsx_holds_date_and_time_cells(tmp_path):
    path = tmp_path / "t.xlsx"
    write_table(path, ".xlsx", HEADERS, [ROW], SheetLayout("t", "제목", [10] * 6))
    ws = load_workbook(path).active
    day, at, moment, memo, count = (ws.cell(row=3, column=c) for c in range(1, 6))
    assert (day.value, day.number_format, day.is_date) == (datetime(2026, 11, 27), "yyyy-mm-dd", True)
    assert (at.value, at.number_format) == (time(14, 0), "hh:mm")
    assert (moment.value, moment.number_format) == (datetime(2026, 11, 27, 9, 5), "yyyy-mm-dd hh:mm")
    assert (memo.value, memo.data_type) == ("=1+1", "s")
    assert (count.value, count.number_format) == (3, "General")
