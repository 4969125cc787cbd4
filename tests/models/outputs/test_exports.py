"""The month exports of ``models.outputs.exports``, on SQLite and PostgreSQL: the rows come
through the service (its permission check), the file is written, and then exactly one
"출력" audit row is recorded; a file that cannot be written raises ``OutputError`` and
leaves neither a file nor an audit row.

FakeClock: Friday 2026-11-27 10:00 in Seoul; CAFE-A and CAFE-B are open Mon–Fri 09:00–18:00.
"""

from __future__ import annotations

import csv
import errno
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

import models.booths.service as booths_service
import models.rooms.service as rooms_service
import reports.files as files_module
from models.core.errors import NotFound, PermissionDenied, ValidationError
from models.outputs import OutputError, OutputResult
from models.outputs.exports import export_interview_slots, export_room_bookings
from tests.conftest import youth_data
from tests.models.util import audit_rows

MON = date(2026, 11, 30)
TEMPLATE = {"weekdays": [0, 1, 2, 3, 4], "day_start": "10:00", "day_end": "17:00",
            "slot_minutes": 50, "buffer_minutes": 10}
SECRETS = ["홍길동", "김민수", "010-1234-5678", "010-2222-3333", "01012345678"]


def outputs(services) -> list:
    return audit_rows(services.db, action="output")


@pytest.fixture
def month(services, world) -> SimpleNamespace:
    """CAFE-A in November 2026: two room bookings on Monday the 30th, one booth with the
    week of the 30th published (seven slots a day, one of them booked)."""
    add_room = services.facilities.add_room
    room = add_room(world.admin, world.a, {"name": "스터디룸 A", "kind": "study_room", "capacity": 4})
    booth = add_room(world.admin, world.a, {"name": "AI 면접 부스 1", "kind": "ai_booth", "capacity": 1})
    hong = services.youth.create(world.admin, world.a, youth_data())
    kim = services.youth.create(world.admin, world.a, youth_data(
        name="김민수", phone="010-2222-3333", email="kim@example.com", birth_date="1999-01-02"))
    for youth, start, end in ((hong, "10:00", "11:00"), (kim, "14:00", "16:00")):
        services.rooms.book(world.front_desk, world.a, {
            "room_id": room, "youth_id": youth, "day": MON, "start": start, "end": end,
            "identity_confirmed": True})
    services.booth_slots.set_template(world.manager, world.a, booth, TEMPLATE)
    services.booth_slots.generate(world.admin, world.a, MON, MON + timedelta(days=4), [booth])
    [ten] = [x for x in services.booths.day(world.admin, world.a, MON) if x.starts_at.hour == 10]
    services.booths.book(world.front_desk, ten.id, hong, "ai_interview")
    return SimpleNamespace(room=room, booth=booth, hong=hong, kim=kim)


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "exports"  # the SQLite test database sits in tmp_path itself
    path.mkdir()
    return path


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---------------------------------------------------------------------------- success
@pytest.mark.parametrize("ext", [".xlsx", ".csv", ".ics"])
def test_room_bookings_are_written_then_recorded_once(services, world, month, folder, ext):
    path = folder / f"예약{ext}"
    done = export_room_bookings(services, world.front_desk, world.a, 2026, 11, path)
    assert done == OutputResult(path, 2)
    assert names(folder) == [path.name]
    [row] = outputs(services)
    assert (row.username, row.entity, row.facility_id) == ("frontdesk", "booking", world.a)
    assert row.detail == "예약 내보내기 2026-11 (2건)"
    if ext == ".xlsx":
        ws = load_workbook(path).active
        assert ws["A1"].value == "가 일자리카페 예약 2026-11" and ws.max_row == 4
        text = " ".join(str(c.value) for r in ws.iter_rows() for c in r if c.value is not None)
    elif ext == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        assert [r[4] for r in rows[1:]] == ["홍*동", "김*수"]
        text = path.read_text(encoding="utf-8-sig")
    else:
        events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        assert len(events) == 2
        text = path.read_bytes().replace(b"\r\n ", b"").decode()
    assert not [s for s in SECRETS if s in text]


@pytest.mark.parametrize("ext", [".xlsx", ".csv"])
def test_interview_slots_are_written_then_recorded_once(services, world, month, folder, ext):
    path = folder / f"회차{ext}"
    done = export_interview_slots(services, world.counselor, world.a, 2026, 11, path)
    assert done == OutputResult(path, 7)  # Monday 11/30 is the only published day of November
    assert names(folder) == [path.name]
    [row] = outputs(services)
    assert (row.username, row.entity) == ("counselor", "booth_slot")
    assert row.detail == "AI 면접 회차 내보내기 2026-11 (7건)"
    if ext == ".xlsx":
        ws = load_workbook(path).active
        assert ws["A1"].value == "가 일자리카페 AI 면접 회차 2026-11"
        assert ws["G3"].value == "홍*동" and ws.max_row == 2 + 7  # G: the time is two columns (시작, 종료)


def test_an_export_over_an_old_file_replaces_it(services, world, month, folder):
    path = folder / "예약.csv"
    path.write_text("지난달", encoding="utf-8")
    export_room_bookings(services, world.front_desk, world.a, 2026, 11, path)
    assert "홍*동" in path.read_text(encoding="utf-8-sig") and names(folder) == ["예약.csv"]


def test_an_empty_month_is_a_file_with_the_header_and_an_audit_row(services, world, month, folder):
    done = export_room_bookings(services, world.front_desk, world.a, 2026, 10, folder / "10월.csv")
    assert done.rows == 0 and done.path.exists()
    assert [r.detail for r in outputs(services)] == ["예약 내보내기 2026-10 (0건)"]


# -------------------------------------------------------------------------- failures
EXPORTS = [pytest.param(export_room_bookings, ".csv", id="bookings"),
           pytest.param(export_interview_slots, ".xlsx", id="slots")]


def unwritable(kind: str, folder: Path, ext: str) -> Path:
    if kind == "missing folder":
        return folder / "없는 폴더" / f"출력{ext}"
    if kind == "under a file":
        (folder / "memo.txt").write_text("메모")
        return folder / "memo.txt" / f"출력{ext}"
    (folder / f"폴더{ext}").mkdir()
    return folder / f"폴더{ext}"


@pytest.mark.parametrize("export, ext", EXPORTS)
@pytest.mark.parametrize("kind, error_kind", [
    ("missing folder", OutputError.MISSING_DIR), ("under a file", OutputError.MISSING_DIR),
    ("a directory", OutputError.IS_DIRECTORY),
])
def test_an_unwritable_path_records_no_output_and_leaves_no_file(services, world, month, folder, export, ext,
                                                                kind, error_kind):
    path = unwritable(kind, folder, ext)
    before = names(folder)
    with pytest.raises(OutputError) as info:
        export(services, world.front_desk, world.a, 2026, 11, path)
    assert info.value.kind == error_kind and path.name in info.value.message
    assert str(folder) not in info.value.message
    assert outputs(services) == [] and names(folder) == before


@pytest.mark.parametrize("export, ext", EXPORTS)
@pytest.mark.parametrize("exc, error_kind", [
    (OSError(errno.ENOSPC, "No space left on device"), OutputError.DISK_FULL),
    (PermissionError(errno.EACCES, "Permission denied"), OutputError.DENIED),  # open in Excel (Windows)
])
def test_a_file_that_cannot_be_moved_in_place_records_no_output(services, world, month, folder, monkeypatch,
                                                                 export, ext, exc, error_kind):
    path = folder / f"출력{ext}"
    path.write_bytes(b"last month")

    def refuse(src, dst):
        raise exc

    monkeypatch.setattr(files_module.os, "replace", refuse)
    with pytest.raises(OutputError) as info:
        export(services, world.front_desk, world.a, 2026, 11, path)
    assert info.value.kind == error_kind
    assert outputs(services) == []
    assert names(folder) == [path.name] and path.read_bytes() == b"last month"


@pytest.mark.parametrize("export, ext", EXPORTS)
def test_an_unknown_extension_reads_nothing_and_records_nothing(services, world, month, folder, export, ext):
    with pytest.raises(OutputError) as info:
        export(services, world.front_desk, world.a, 2026, 11, folder / "출력.pdf")
    assert info.value.kind == OutputError.FORMAT and outputs(services) == [] and names(folder) == []


@pytest.mark.parametrize("export, ext, module, entity", [
    pytest.param(export_room_bookings, ".csv", rooms_service, "booking", id="bookings"),
    pytest.param(export_interview_slots, ".xlsx", booths_service, "booth_slot", id="slots"),
])
def test_a_file_whose_output_cannot_be_recorded_is_removed_again(services, world, month, folder, monkeypatch,
                                                                 export, ext, module, entity):
    """The file is there, then the audit row fails: no personal data leaves unrecorded."""
    real_record = module.record

    def record(s, action, ent, *args, **kw):
        if ent == entity:
            raise RuntimeError("the audit log is unavailable")
        return real_record(s, action, ent, *args, **kw)

    monkeypatch.setattr(module, "record", record)
    with pytest.raises(RuntimeError):
        export(services, world.front_desk, world.a, 2026, 11, folder / f"출력{ext}")
    assert names(folder) == [] and outputs(services) == []


@pytest.mark.parametrize("export, ext", EXPORTS)
def test_the_service_checks_the_permission(services, world, month, folder, export, ext):
    with pytest.raises(PermissionDenied):
        export(services, world.front_desk, world.b, 2026, 11, folder / f"출력{ext}")
    assert names(folder) == [] and outputs(services) == []


@pytest.mark.parametrize("export, ext", EXPORTS)
def test_an_unknown_facility_is_not_found(services, world, folder, export, ext):
    with pytest.raises(NotFound):
        export(services, world.admin, 999, 2026, 11, folder / f"출력{ext}")
    assert names(folder) == [] and outputs(services) == []


@pytest.mark.parametrize("export, ext", EXPORTS)
@pytest.mark.parametrize("year, month_", [(2026, 13), (2026, 0), (1999, 12)])
def test_a_month_out_of_range_is_refused(services, world, folder, export, ext, year, month_):
    with pytest.raises(ValidationError):
        export(services, world.admin, world.a, year, month_, folder / f"출력{ext}")
    assert names(folder) == [] and outputs(services) == []


def test_without_a_writer_the_services_still_record_the_read_as_an_output(services, world, month):
    """``month_rows`` and ``month_slots`` keep their old contract for callers that pass no
    ``write`` (tests, future readers): the rows handed out are recorded."""
    assert len(services.rooms.month_rows(world.counselor, world.a, 2026, 11)) == 2
    assert len(services.booths.month_slots(world.counselor, world.a, 2026, 11)) == 7
    assert [r.entity for r in outputs(services)] == ["booking", "booth_slot"]
