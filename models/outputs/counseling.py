"""Counseling's outputs, for the 상담 page and ``main.py export counseling``:

- ``print_counseling_record``: one youth's counseling record (PDF) as the actor may see it,
  with its purpose (``CounselingService.print_record``, ``reports.counseling_record``);
- ``export_counseling_counts``: a month's counts of one facility (.xlsx/.csv) by day,
  counselor, type, mode, topic and group-session kind; no youth, no name of a youth, no
  text (``CounselingService.month_table``, ``reports.table_writer``). The day rows carry a
  real date cell in the .xlsx.

As every output: the file is written inside the service's transaction and recorded in the
audit log ("출력") only once it is there; a file that cannot be written raises
``OutputError`` and leaves neither the file nor an audit row.
"""

from __future__ import annotations

import os
from pathlib import Path

from models.core.permissions import Actor
from models.core.time import SEOUL
from models.outputs.common import OutputResult, WrittenFile, check_month
from reports import counseling_record
from reports.files import check_target, write_atomically
from reports.table_writer import TABLE_FORMATS, SheetLayout, write_table

RECORD_FORMATS = counseling_record.FORMATS
COUNT_FORMATS = TABLE_FORMATS
COUNT_HEADERS = ("구분", "항목", "날짜", "건수", "참여 인원")
COUNT_WIDTHS = (14, 24, 12, 10, 10)


def print_counseling_record(services, actor: Actor, facility_id: int, youth_id: int, path: str | os.PathLike,
                            purpose: str, include_notes: bool = True) -> OutputResult:
    """The youth's counseling record at the facility to ``path`` (.pdf); ``rows`` of the
    result is the number of sessions on it."""
    target = check_target(path, RECORD_FORMATS)
    with WrittenFile(target) as written:
        def write(record) -> None:
            counseling_record.build_counseling_record(target, record, printed_by=actor.display_name,
                                                      printed_at=services.clock().astimezone(SEOUL))
            written.done()

        record = services.counseling.print_record(actor, facility_id, youth_id, purpose, write=write,
                                                  include_notes=include_notes)
    return OutputResult(Path(target), len(record.sessions))


def export_counseling_counts(services, actor: Actor, facility_id: int, year: int, month: int,
                             path: str | os.PathLike) -> OutputResult:
    """The facility's counseling counts of the month (Asia/Seoul) to ``path``; ``rows`` of
    the result is the number of one-to-one sessions counted."""
    label = check_month(year, month)
    target = check_target(path, COUNT_FORMATS)
    fmt = target.suffix.lower()
    with WrittenFile(target) as written:
        def write(table) -> None:
            layout = SheetLayout("상담 통계", f"{table.facility_name} 상담 통계 {label} (건수만, 이름·내용 없음)",
                                 COUNT_WIDTHS)
            write_atomically(target, lambda temp: write_table(temp, fmt, COUNT_HEADERS, table.rows, layout))
            written.done()

        table = services.counseling.month_table(actor, facility_id, year, month, write=write)
    return OutputResult(Path(target), table.counts.sessions)
