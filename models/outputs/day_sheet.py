"""The printable day sheets (PDF), signed with the actor's name and the time in Seoul:

- ``print_day_sheet``: one AI-interview booth — time, name, masked phone, session type
  and status of each slot (``BoothService.day_sheet``);
- ``print_room_day_sheet``: the facility's study and meeting rooms, all or one — time,
  room, name, masked phone, headcount, purpose and status of each booking
  (``RoomSheetService.day_sheet``).

The service reads the rows and records the printout in the audit log ("출력", with the
purpose when one is given) only after the PDF was written; a PDF that cannot be written
raises ``OutputError`` and records nothing.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from models.core.permissions import Actor
from models.core.time import SEOUL
from models.outputs.common import OutputResult, WrittenFile
from reports import day_sheet, room_sheet
from reports.files import check_target

DAY_SHEET_FORMATS = day_sheet.FORMATS
ROOM_SHEET_FORMATS = room_sheet.FORMATS


def print_day_sheet(services, actor: Actor, facility_id: int, room_id: int, day: date,
                    path: str | os.PathLike, purpose: str | None = None) -> OutputResult:
    """The day sheet of booth ``room_id`` of the facility for ``day`` to ``path`` (.pdf)."""
    target = check_target(path, DAY_SHEET_FORMATS)
    with WrittenFile(target) as written:
        def write(facility: str, booth: str, rows) -> None:
            day_sheet.build_day_sheet(target, facility=facility, booth=booth, day=day, rows=rows,
                                      printed_by=actor.display_name,
                                      printed_at=services.clock().astimezone(SEOUL))
            written.done()

        _, _, rows = services.booths.day_sheet(actor, facility_id, room_id, day, write=write,
                                               purpose=purpose)
    return OutputResult(Path(target), len(rows))


def print_room_day_sheet(services, actor: Actor, facility_id: int, day: date, path: str | os.PathLike,
                         room_id: int | None = None, purpose: str | None = None) -> OutputResult:
    """The day sheet of the facility's rooms (or of room ``room_id``) for ``day`` to
    ``path`` (.pdf); ``rows`` of the result is the number of bookings on it."""
    target = check_target(path, ROOM_SHEET_FORMATS)
    with WrittenFile(target) as written:
        def write(sheet) -> None:
            room_sheet.build_room_sheet(target, facility=sheet.facility, rooms=sheet.rooms, day=sheet.day,
                                        rows=sheet.rows, printed_by=actor.display_name,
                                        printed_at=services.clock().astimezone(SEOUL))
            written.done()

        sheet = services.room_sheets.day_sheet(actor, facility_id, day, room_id, write=write, purpose=purpose)
    return OutputResult(Path(target), len(sheet.rows))
