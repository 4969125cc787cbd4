"""A month of one facility to a file: room bookings (.ics/.csv/.xlsx) and AI-interview
booth slots (.csv/.xlsx), by the file's extension. Youth names are masked by the services.

The file is written inside the service's transaction, before the service records the
export in the audit log ("출력"): a file that cannot be written raises ``OutputError`` and
leaves neither the file nor an audit row.
"""

from __future__ import annotations

import os
from pathlib import Path

from models.core.permissions import Actor
from models.outputs.common import OutputResult, WrittenFile, check_month
from reports import booth_exports, room_exports
from reports.files import check_target

ROOM_BOOKING_FORMATS = room_exports.FORMATS
INTERVIEW_SLOT_FORMATS = booth_exports.FORMATS

__all__ = ["INTERVIEW_SLOT_FORMATS", "ROOM_BOOKING_FORMATS", "check_target", "export_interview_slots",
           "export_room_bookings"]


def export_room_bookings(services, actor: Actor, facility_id: int, year: int, month: int,
                         path: str | os.PathLike) -> OutputResult:
    """The facility's room bookings of the month (Asia/Seoul) to ``path``."""
    label = check_month(year, month)
    target = check_target(path, ROOM_BOOKING_FORMATS)
    with WrittenFile(target) as written:
        def write(facility_name: str, rows) -> None:
            room_exports.export_bookings(rows, target, facility_name=facility_name, month_label=label)
            written.done()

        rows = services.rooms.month_rows(actor, facility_id, year, month, write=write)
    return OutputResult(Path(target), len(rows))


def export_interview_slots(services, actor: Actor, facility_id: int, year: int, month: int,
                           path: str | os.PathLike) -> OutputResult:
    """Every AI-interview booth slot of the facility in the month (Asia/Seoul) to ``path``."""
    label = check_month(year, month)
    target = check_target(path, INTERVIEW_SLOT_FORMATS)
    with WrittenFile(target) as written:
        def write(facility_name: str, rows) -> None:
            booth_exports.export_slots(rows, target, title=f"{facility_name} AI 면접 회차 {label}")
            written.done()

        rows = services.booths.month_slots(actor, facility_id, year, month, write=write)
    return OutputResult(Path(target), len(rows))
